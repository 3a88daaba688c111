"""Ways to show an alert, tried in order until one works (qutebrowser's design):
freedesktop D-Bus (with actions) → system tray → plyer → in-app banner (always works).

An adapter raises :class:`Unavailable` from ``__init__`` when it cannot work here; the
presenter then tries the next, and re-tries dropped ones later. Every adapter reports
clicks and actions as ``activated(alert_key, action)`` and ignores ids it did not create.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from .alerts import ACTIONS, Alert

log = logging.getLogger("followup.notify")

APP_NAME = "Followup Desktop"


class Unavailable(Exception):
    """This adapter cannot work on this system right now."""


class Adapter(QObject):
    NAME = "abstract"
    activated = Signal(str, str)  # alert key, action ("default", "open", "done", …)
    failed = Signal(str)  # a delivery path broke after set-up (e.g. the server died)

    def present(self, alert: Alert) -> None:
        raise NotImplementedError

    def close_all(self) -> None:
        """Withdraw what this adapter still shows (on quit)."""

    def shutdown(self) -> None:
        """Release connections (on quit, or when dropped)."""


class FreedesktopAdapter(Adapter):
    """org.freedesktop.Notifications over the session bus, via jeepney.

    jeepney, not QtDBus: PySide6's QtDBus marshals Notify as (sisssava{sv}i) and servers
    reject it (they expect (susssasa{sv}i)); jeepney takes the signature explicitly.
    Replies and signals are read from the bus socket through a QSocketNotifier, so nothing
    blocks the event loop except the short Notify round trip (2 s timeout).
    """

    NAME = "freedesktop"
    TIMEOUT_S = 2.0

    def __init__(self, icon: str = "followup-desktop") -> None:
        super().__init__()
        try:
            from jeepney import DBusAddress, MatchRule, new_method_call
            from jeepney.bus_messages import message_bus
            from jeepney.io.blocking import Proxy, open_dbus_connection
        except ImportError as exc:
            raise Unavailable(f"jeepney is not installed ({exc})") from exc
        self._new_method_call = new_method_call
        self._icon = icon
        self._address = DBusAddress(
            "/org/freedesktop/Notifications",
            bus_name="org.freedesktop.Notifications",
            interface="org.freedesktop.Notifications",
        )
        try:
            self._conn = open_dbus_connection(bus="SESSION")
        except Exception as exc:  # no bus address, socket refused, auth failure …
            raise Unavailable(f"no D-Bus session bus ({exc})") from exc
        try:
            caps = self._call("GetCapabilities", "", ())
            self._capabilities = set(caps[0]) if caps else set()
            rule = MatchRule(type="signal", interface="org.freedesktop.Notifications")
            Proxy(message_bus, self._conn).AddMatch(rule)
        except Exception as exc:
            self._conn.close()
            raise Unavailable(f"no notification server ({exc})") from exc
        from collections import deque

        self._queue: deque[Any] = deque()
        self._filter = self._conn.filter(rule, queue=self._queue, bufsize=1000)
        self._ids: dict[int, str] = {}  # server id -> alert key
        self._notifier = QSocketNotifier(self._conn.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)
        self.markup = "body-markup" in self._capabilities
        self.actions = "actions" in self._capabilities

    def _call(self, method: str, signature: str, args: tuple[Any, ...]) -> Any:
        from jeepney.wrappers import unwrap_msg

        msg = self._new_method_call(self._address, method, signature, args)
        reply = self._conn.send_and_get_reply(msg, timeout=self.TIMEOUT_S)
        return unwrap_msg(reply)

    def present(self, alert: Alert) -> None:
        body = html.escape(alert.body, quote=False) if self.markup else alert.body
        actions: list[str] = []
        if self.actions:
            for key, label in ACTIONS:
                if key in ("draft", "done", "snooze", "tomorrow") and alert.summary:
                    continue  # one button cannot mean "done" for several follow-ups
                actions += [key, label]
        hints = {"category": ("s", "reminder"), "desktop-entry": ("s", "followup-desktop")}
        try:
            (server_id,) = self._call(
                "Notify",
                "susssasa{sv}i",
                (APP_NAME, 0, self._icon, alert.title, body, actions, hints, -1),
            )
        except Exception as exc:
            raise Unavailable(f"Notify failed ({exc})") from exc
        self._ids[int(server_id)] = alert.key
        self._drain()

    def _readable(self) -> None:
        try:
            while True:
                self._conn.recv_messages(timeout=0)
        except TimeoutError:
            pass
        except Exception as exc:  # the bus went away
            self._notifier.setEnabled(False)
            self.failed.emit(f"D-Bus connection lost ({exc})")
            return
        self._drain()

    def _drain(self) -> None:
        while self._queue:
            msg = self._queue.popleft()
            member = msg.header.fields.get(3)  # HeaderFields.member
            if member == "ActionInvoked":
                server_id, action = msg.body
                key = self._ids.get(int(server_id))
                if key is not None:  # ignore other programs' notifications
                    self.activated.emit(key, str(action))
            elif member == "NotificationClosed":
                self._ids.pop(int(msg.body[0]), None)

    def shutdown(self) -> None:
        self._notifier.setEnabled(False)
        self._conn.close()

    def close_all(self) -> None:
        for server_id in list(self._ids):
            try:
                self._call("CloseNotification", "u", (server_id,))
            except Exception:  # best effort on the way out
                break
        self._ids.clear()


class TrayAdapter(Adapter):
    """QSystemTrayIcon balloons. ``messageClicked`` carries no id: it means the last one."""

    NAME = "tray"

    def __init__(self, tray: QSystemTrayIcon | None) -> None:
        super().__init__()
        if (
            tray is None
            or not QSystemTrayIcon.isSystemTrayAvailable()
            or not tray.supportsMessages()
        ):
            raise Unavailable("no system tray")
        self._tray = tray
        self._last: str | None = None
        tray.messageClicked.connect(self._clicked)

    def present(self, alert: Alert) -> None:
        self._last = alert.key
        self._tray.showMessage(alert.title, alert.body, QIcon(), 15_000)

    def _clicked(self) -> None:
        if self._last is not None:
            self.activated.emit(self._last, "default")


class PlyerAdapter(Adapter):
    """plyer's portable notify(): no actions, no click. Measured failure modes: raises
    NotImplementedError without a backend; its notify-send path fails silently."""

    NAME = "plyer"

    def __init__(self) -> None:
        super().__init__()
        try:
            from plyer import notification
            from plyer.utils import platform

            self._notification = notification
            if platform == "linux":
                import importlib

                importlib.import_module("plyer.platforms.linux.notification")
        except Exception as exc:
            raise Unavailable(f"plyer has no backend ({exc})") from exc

    def present(self, alert: Alert) -> None:
        import warnings

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._notification.notify(
                    title=alert.title, message=alert.body, app_name=APP_NAME, timeout=15
                )
        except Exception as exc:
            raise Unavailable(f"plyer failed ({exc})") from exc


class InAppAdapter(Adapter):
    """The banner in the main window; never unavailable. The Follow-ups panel also keeps
    every due follow-up listed, whatever happened to the desktop notification."""

    NAME = "in-app"

    def __init__(self, show: Any) -> None:
        super().__init__()
        self._show = show  # callable(alert, on_open)

    def present(self, alert: Alert) -> None:
        self._show(alert, lambda: self.activated.emit(alert.key, "default"))
