"""The Qt side of the notifier: one single-shot timer, re-armed from the database.

It wakes at the next due/escalation time (or when quiet hours/a pause end, or after the
safety interval), asks the database what is owed *now*, shows it (coalesced), and records
``notified_at`` so a restart neither loses nor repeats an alert. A catch-up runs at start.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from ..core import snooze
from ..core.changes import Changes
from ..core.clock import Clock
from ..core.settings import NotifySettings
from ..services import followups, queries
from ..services.settings import notify_settings
from .adapters import Adapter, Unavailable
from .alerts import Alert, build
from .schedule import SAFETY_INTERVAL, QuietHours, delay_ms, hold_until, next_wake

log = logging.getLogger("followup.notify")

#: A dropped adapter is tried again after this long (a server may come back).
RETRY_AFTER = dt.timedelta(minutes=10)


class TimerLike(Protocol):
    timeout: Any

    def start(self, msec: int) -> None: ...
    def stop(self) -> None: ...
    def isActive(self) -> bool: ...


class Presenter(QObject):
    """Shows an alert with the first adapter that works; remembers which ones failed."""

    activated = Signal(str, str)  # alert key, action

    def __init__(
        self,
        factories: Sequence[tuple[str, Callable[[], Adapter]]],
        clock: Clock,
        preferred: str = "auto",
    ) -> None:
        super().__init__()
        self._factories = list(factories)
        self._clock = clock
        self._adapters: dict[str, Adapter] = {}
        self._down_until: dict[str, dt.datetime] = {}
        self.preferred = preferred

    def _order(self) -> list[tuple[str, Callable[[], Adapter]]]:
        if self.preferred == "auto":
            return self._factories
        chosen = [f for f in self._factories if f[0] == self.preferred]
        last = [f for f in self._factories if f[0] == "in-app" and f[0] != self.preferred]
        return chosen + last

    def _adapter(self, name: str, factory: Callable[[], Adapter]) -> Adapter | None:
        adapter = self._adapters.get(name)
        if adapter is not None:
            return adapter
        if self._down_until.get(name, self._clock.now()) > self._clock.now():
            return None
        try:
            adapter = factory()
        except Unavailable as exc:
            log.info("notification adapter %s unavailable: %s", name, exc)
            self._down_until[name] = self._clock.now() + RETRY_AFTER
            return None
        adapter.activated.connect(self.activated)
        adapter.failed.connect(lambda why, n=name: self._drop(n, why))
        self._adapters[name] = adapter
        return adapter

    def _drop(self, name: str, why: str) -> None:
        log.warning("dropping notification adapter %s: %s", name, why)
        adapter = self._adapters.pop(name, None)
        if adapter is not None:
            adapter.shutdown()
            adapter.deleteLater()
        self._down_until[name] = self._clock.now() + RETRY_AFTER

    def present(self, alert: Alert) -> str | None:
        for name, factory in self._order():
            adapter = self._adapter(name, factory)
            if adapter is None:
                continue
            try:
                adapter.present(alert)
            except Exception as exc:  # any failure: fall back, never lose the alert
                self._drop(name, str(exc))
                continue
            log.info("alert %s delivered by %s", alert.key, name)
            return name
        log.error("no adapter could show alert %s", alert.key)
        return None

    def close_all(self) -> None:
        for adapter in self._adapters.values():
            adapter.close_all()

    def shutdown(self) -> None:
        for adapter in self._adapters.values():
            adapter.shutdown()
        self._adapters.clear()


class Notifier(QObject):
    openRequested = Signal(int, object)  # application id, follow-up id (or None)
    draftRequested = Signal(int, int)  # application id, follow-up id: "Draft…" was pressed
    showDueRequested = Signal()  # a summary was clicked: show the Follow-ups panel
    delivered = Signal(object, str)  # Alert, adapter name

    def __init__(
        self,
        bridge: Any,
        clock: Clock,
        presenter: Presenter,
        *,
        timer: TimerLike | None = None,
        safety: dt.timedelta = SAFETY_INTERVAL,
    ) -> None:
        super().__init__()
        self.bridge = bridge
        self.clock = clock
        self.presenter = presenter
        self.safety = safety
        if timer is None:
            qtimer = QTimer(self)
            qtimer.setSingleShot(True)
            timer = qtimer
        self.timer = timer
        self.timer.timeout.connect(self.fire)
        self.paused_until: dt.datetime | None = None
        self.wake_at: dt.datetime | None = None
        self.wakeups = 0
        self._shown: dict[str, Alert] = {}
        self._settings = notify_settings(bridge.db)
        presenter.preferred = self._settings.adapter
        presenter.activated.connect(self.on_action)
        bridge.changed.connect(self._on_changed)

    # --- planning --------------------------------------------------------------------------
    @property
    def quiet(self) -> QuietHours | None:
        s = self._settings
        return QuietHours.parse(s.quiet_start, s.quiet_end) if s.quiet_enabled else None

    def start(self) -> None:
        """Catch up on what came due while the app was closed, then arm the timer."""
        self.fire()

    def stop(self) -> None:
        self.timer.stop()

    def shutdown(self) -> None:
        """Stop waking up and let go of the notification servers (on quit)."""
        self.timer.stop()
        self.bridge.changed.disconnect(self._on_changed)
        self.presenter.shutdown()

    def replan(self) -> None:
        now = self.clock.now()
        due = queries.next_due(self.bridge.db)
        self.wake_at = next_wake(
            due,
            now,
            self.clock.tz,
            quiet=self.quiet,
            paused_until=self.paused_until,
            safety=self.safety,
        )
        self.timer.start(delay_ms(self.wake_at, now))

    def _on_changed(self, changes: Changes) -> None:
        if changes.settings:
            self._settings = notify_settings(self.bridge.db)
            self.presenter.preferred = self._settings.adapter
        if changes.follow_ups or changes.settings or changes.applications:
            self.replan()

    def pause(self, duration: dt.timedelta = dt.timedelta(hours=1)) -> None:
        self.paused_until = self.clock.now() + duration
        self.replan()

    def resume(self) -> None:
        self.paused_until = None
        self.fire()

    def on_resumed_from_sleep(self) -> None:
        """Called after sleep/resume or a clock jump: what is owed now, at once."""
        self.fire()

    # --- delivering ------------------------------------------------------------------------
    def fire(self) -> None:
        self.wakeups += 1
        now = self.clock.now()
        if self.paused_until is not None and now >= self.paused_until:
            self.paused_until = None
        if hold_until(now, self.clock.tz, self.quiet, self.paused_until) is None:
            due = queries.due_alerts(self.bridge.db, now)
            if due:
                self._deliver(build(due, now))
        self.replan()

    def _deliver(self, alerts: list[Alert]) -> None:
        announced: list[tuple[int, bool]] = []
        for alert in alerts:
            name = self.presenter.present(alert)
            if name is None:
                continue  # not recorded as announced: it is retried at the next wake
            self._shown[alert.key] = alert
            announced += [(i, i in alert.escalation_ids) for i in alert.follow_up_ids]
            self.delivered.emit(alert, name)
        if announced:
            self.bridge.call(followups.mark_notified_many, announced)

    # --- acting on clicks and buttons ---------------------------------------------------
    def on_action(self, key: str, action: str) -> None:
        alert = self._shown.get(key)
        if alert is None:
            log.info("ignoring action %r for unknown alert %r", action, key)
            return
        if action in ("default", "open"):
            if alert.application_id is None:
                self.showDueRequested.emit()
            else:
                self.openRequested.emit(alert.application_id, alert.follow_up_ids[0])
        elif action == "draft" and alert.application_id is not None and not alert.summary:
            self.draftRequested.emit(alert.application_id, alert.follow_up_ids[0])
        elif action == "done":
            for fu in alert.follow_up_ids:
                self.bridge.call(followups.complete_follow_up, fu)
        elif action in ("snooze", "tomorrow"):
            now = self.clock.now()
            until = (
                snooze.in_one_hour(now)
                if action == "snooze"
                else snooze.tomorrow_at(now, self.clock.tz)
            )
            for fu in alert.follow_up_ids:
                self.bridge.call(followups.snooze_follow_up, fu, until)
        else:
            log.info("ignoring unknown action %r", action)


__all__ = ["Notifier", "NotifySettings", "Presenter"]
