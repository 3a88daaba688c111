"""The tray icon: keeps the notifier running with the window closed (when a tray exists)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from .. import APP_NAME


class Tray(QObject):
    openRequested = Signal()
    dueRequested = Signal()
    pauseToggled = Signal(bool)
    quitRequested = Signal()

    def __init__(self, icon: QIcon) -> None:
        super().__init__()
        self.icon = QSystemTrayIcon(icon)
        self.icon.setToolTip(APP_NAME)
        menu = QMenu()
        menu.addAction("Open", self.openRequested.emit)
        self.due_action = menu.addAction("Due now", self.dueRequested.emit)
        self.pause_action = menu.addAction("Pause alerts for 1 hour")
        self.pause_action.setCheckable(True)
        self.pause_action.toggled.connect(self.pauseToggled)
        menu.addSeparator()
        menu.addAction("Quit", self.quitRequested.emit)
        self._menu = menu
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        self.icon.show()

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def set_due_count(self, n: int) -> None:
        self.due_action.setText(f"Due now ({n})")
        self.icon.setToolTip(
            f"{APP_NAME} — {n} follow-up{'' if n == 1 else 's'} due" if n else APP_NAME
        )

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.openRequested.emit()
