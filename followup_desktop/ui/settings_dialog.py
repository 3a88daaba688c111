"""Settings: the follow-up method's numbers, quiet hours, how alerts are shown, start at
login, the drafts' templates. Saving goes through the services (validated; a refusal
changes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from .. import autostart
from ..core.settings import ADAPTER_CHOICES
from ..services.drafts import draft_settings, update_draft_settings
from ..services.settings import (
    notify_settings,
    playbook_settings,
    update_notify_settings,
    update_playbook_settings,
)
from .bridge import DataBridge
from .data_tab import DataTab
from .drafts_settings import DraftTemplatesTab

ADAPTER_LABELS = {
    "auto": "Automatic (desktop notifications, falling back as needed)",
    "freedesktop": "Desktop notifications (with buttons)",
    "tray": "Tray balloon",
    "plyer": "Basic system notification",
    "in-app": "Only inside the window",
}


def _spin(low: int, high: int, value: int, suffix: str, one: str | None = None) -> QSpinBox:
    """A number with its unit; ``one`` is the unit after a 1 ("1 day", not "1 day(s)")."""
    box = QSpinBox()
    box.setRange(low, high)
    if one is not None:
        box.valueChanged.connect(lambda n: box.setSuffix(one if n == 1 else suffix))
    box.setValue(value)
    box.setSuffix(one if one is not None and value == 1 else suffix)
    return box


class SettingsDialog(QDialog):
    def __init__(
        self,
        bridge: DataBridge,
        parent: QWidget | None = None,
        *,
        restore: Callable[[Path], None] | None = None,
    ) -> None:
        """``restore(copy)``: restart the app on a daily copy (Data › Restore a copy…);
        the dialog closes first, its unsaved changes dropped as Cancel drops them."""
        super().__init__(parent)
        self.setObjectName("settings-dialog")
        self.setWindowTitle("Settings")
        self.bridge = bridge
        p = playbook_settings(bridge.db)
        n = notify_settings(bridge.db)
        method = QWidget()
        form = QFormLayout(method)
        self.thank_due = _spin(1, 24 * 14, p.thank_you_due_hours, " h after the interview")
        self.thank_escalate = _spin(
            1, 24 * 30, p.thank_you_escalate_hours, " h after the interview"
        )
        self.call_after = _spin(
            1, 60, p.call_after_days, " days after the interview", " day after the interview"
        )
        self.check_in = _spin(3, 90, p.check_in_every_days, " days")
        self.max_unanswered = _spin(
            1, 10, p.max_unanswered_nudges, " unanswered follow-ups", " unanswered follow-up"
        )
        self.feedback_after = _spin(
            0, 30, p.feedback_after_days, " days after a rejection", " day after a rejection"
        )
        self.nudge_hour = _spin(0, 23, p.nudge_hour, ":00")
        self.business_days = QCheckBox("Only on working days (Monday–Friday)")
        self.business_days.setChecked(p.business_days_only)
        form.addRow("Thank-you email due", self.thank_due)
        form.addRow("…remind again at", self.thank_escalate)
        form.addRow("Follow-up call", self.call_after)
        form.addRow("Check in every", self.check_in)
        form.addRow("Suggest Ghosted after", self.max_unanswered)
        form.addRow("Ask for feedback", self.feedback_after)
        form.addRow("Day-based reminders at", self.nudge_hour)
        form.addRow("", self.business_days)
        alerts = QWidget()
        aform = QFormLayout(alerts)
        self.quiet = QCheckBox("Hold alerts during quiet hours")
        self.quiet.setObjectName("settings-quiet")
        self.quiet.setChecked(n.quiet_enabled)
        self.quiet_start = QTimeEdit(QTime.fromString(n.quiet_start, "HH:mm"))
        self.quiet_end = QTimeEdit(QTime.fromString(n.quiet_end, "HH:mm"))
        for edit in (self.quiet_start, self.quiet_end):
            edit.setDisplayFormat("HH:mm")
        self.adapter = QComboBox()
        self.adapter.setObjectName("settings-adapter")
        for key in ADAPTER_CHOICES:
            self.adapter.addItem(ADAPTER_LABELS[key], key)
        self.adapter.setCurrentIndex(self.adapter.findData(n.adapter))
        self.login = QCheckBox("Start Followup Desktop when I log in")
        self.login.setObjectName("settings-autostart")
        self.login.setChecked(autostart.is_enabled())
        aform.addRow("", self.quiet)
        aform.addRow("Quiet from", self.quiet_start)
        aform.addRow("until", self.quiet_end)
        aform.addRow("Show alerts as", self.adapter)
        aform.addRow("", self.login)
        hint = QLabel(
            "Whatever happens to a desktop notification, due follow-ups stay listed "
            "in the Follow-ups panel until you deal with them."
        )
        hint.setWordWrap(True)
        aform.addRow("", hint)
        tabs = QTabWidget()
        tabs.addTab(method, "Follow-up method")
        tabs.addTab(alerts, "Alerts")
        self.drafts = DraftTemplatesTab(draft_settings(bridge.db))
        tabs.addTab(self.drafts, "Drafts")
        self.data = DataTab(
            bridge.db.path,
            bridge.db.clock,
            restore=None if restore is None else lambda copy: self._restore(restore, copy),
        )
        tabs.addTab(self.data, "Data")
        self.tabs = tabs
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        lay.addWidget(buttons)
        self.resize(640, 560)  # room for a template

    def _restore(self, restore: Callable[[Path], None], copy: Path) -> None:
        self.reject()
        QTimer.singleShot(0, lambda: restore(copy))  # once this dialog's loop has ended

    def save(self) -> None:
        # Templates first: they are the likeliest to be refused (a mistyped $name), and a
        # refusal should leave every setting as it was.
        if self.drafts.changed_templates() or self.drafts.name_changed():
            ok = self.bridge.call(
                update_draft_settings,
                my_name=self.drafts.my_name.text(),
                my_email=self.drafts.my_email.text(),
                templates=self.drafts.changed_templates(),
            )
            if ok is None:
                self.tabs.setCurrentWidget(self.drafts)
                return
        ok = self.bridge.call(
            update_playbook_settings,
            thank_you_due_hours=self.thank_due.value(),
            thank_you_escalate_hours=self.thank_escalate.value(),
            call_after_days=self.call_after.value(),
            check_in_every_days=self.check_in.value(),
            max_unanswered_nudges=self.max_unanswered.value(),
            feedback_after_days=self.feedback_after.value(),
            nudge_hour=self.nudge_hour.value(),
            business_days_only=self.business_days.isChecked(),
        )
        if ok is None:
            return
        ok = self.bridge.call(
            update_notify_settings,
            quiet_enabled=self.quiet.isChecked(),
            quiet_start=self.quiet_start.time().toString("HH:mm"),
            quiet_end=self.quiet_end.time().toString("HH:mm"),
            adapter=self.adapter.currentData(),
        )
        if ok is None:
            return
        if self.login.isChecked() != autostart.is_enabled():
            autostart.set_enabled(self.login.isChecked())
        self.accept()
