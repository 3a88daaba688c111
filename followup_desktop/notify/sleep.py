"""Noticing a resume from sleep: logind's PrepareForSleep(false) on the system bus (as Vorta
does). Where there is no logind, the notifier's safety interval catches up instead."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("followup.notify")


class SleepWatcher(QObject):
    resumed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.active = False
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection

            bus = QDBusConnection.systemBus()
            if bus.isConnected():
                self.active = bus.connect(  # type: ignore[call-overload]
                    "org.freedesktop.login1",
                    "/org/freedesktop/login1",
                    "org.freedesktop.login1.Manager",
                    "PrepareForSleep",
                    self,
                    SLOT("_prepare_for_sleep(bool)"),
                )
        except Exception as exc:  # no QtDBus, no system bus: fall back silently
            log.info("no logind sleep signal (%s)", exc)
        log.info("resume-from-sleep signal: %s", "logind" if self.active else "not available")

    @Slot(bool)
    def _prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if not going_to_sleep:
            log.info("resumed from sleep")
            self.resumed.emit()
