"""Small dialogs the card editor opens: a person, an interview, a follow-up, a log entry,
a date/time. Each returns plain values; the caller makes the service call."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core import snooze
from ..core.types import ContactRole, InterviewKind
from .timefmt import from_local_naive, to_local_naive

ROLE_LABELS = {
    ContactRole.RECRUITER: "Recruiter",
    ContactRole.HIRING_MANAGER: "Hiring manager",
    ContactRole.INTERVIEWER: "Interviewer",
    ContactRole.REFERRAL: "Referral",
    ContactRole.OTHER: "Other",
}
KIND_LABELS = {
    InterviewKind.PHONE: "Phone",
    InterviewKind.VIDEO: "Video",
    InterviewKind.ONSITE: "On-site",
}


def datetime_edit(value: dt.datetime, tz: dt.tzinfo) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
    wall = to_local_naive(value, tz)
    edit.setDateTime(
        QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute))
    )
    return edit


def day_edit(name: str) -> QDateEdit:
    """A calendar day in the user's zone (no time: "applied on", "in this stage since")."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    edit.setMinimumDate(QDate(1970, 1, 1))
    return edit


def set_day(edit: QDateEdit, day: dt.date, today: dt.date) -> None:
    """Show ``day``; days after ``today`` cannot be picked (the service refuses them too)."""
    edit.setMaximumDate(QDate(today.year, today.month, today.day))
    edit.setDate(QDate(day.year, day.month, day.day))


def read_day(edit: QDateEdit) -> dt.date:
    day = edit.date().toPython()
    assert isinstance(day, dt.date)
    return day


def read_datetime(edit: QDateTimeEdit, tz: dt.tzinfo) -> dt.datetime:
    py = edit.dateTime().toPython()
    assert isinstance(py, dt.datetime)
    return from_local_naive(py.replace(second=0, microsecond=0), tz)


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.buttons)


def plain_label(text: str) -> QLabel:
    """A wrapping label that shows ``text`` as the characters it holds: file names,
    headers and invitations are someone else's text, and a QLabel would render markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def ask_yes(
    parent: QWidget,
    title: str,
    question: str,
    detail: str = "",
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    cancel_by_default: bool = False,
) -> bool:
    """Yes or Cancel, asked in plain text (the question names someone's card, stage or
    interview); ``cancel_by_default`` for a step there is no undo for."""
    box = QMessageBox(icon, title, question, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if detail:
        box.setInformativeText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    if cancel_by_default:
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


def widget_shortcut(keys: str, widget: QWidget, slot: Callable[[], object]) -> QShortcut:
    """A key that acts only while ``widget`` has the focus. PySide6 drops the context
    given to QShortcut's constructor with a callable (6.11: the shortcut came out
    window-wide, and Escape anywhere on the board cleared the search), so it is set after."""
    shortcut = QShortcut(QKeySequence(keys), widget, slot)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    return shortcut


def menu_text(text: str) -> str:
    """``text`` for a menu item or a button, shown as written: there Qt reads "&" as the
    mark of a shortcut letter (a stage called "R&D" showed "RD", the D underlined)."""
    return text.replace("&", "&&")


def plain_tip(text: str) -> str:
    """``text`` as a tooltip that shows the characters it holds. A tooltip has no text
    format of its own: Qt renders it as rich text when it looks like markup, so a company
    named ``<img src=x>`` in "Moved <img src=x> to Offer" became an image. Written out as
    escaped rich text, it always reads as typed (spaces and line breaks kept, long lines
    still wrap)."""
    if not text:
        return ""
    return '<p style="white-space:pre-wrap">' + html.escape(text, quote=False) + "</p>"


def _plain(text: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlainText(text)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(70)
    return edit


class ContactDialog(_Form):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        values: dict[str, Any] | None = None,
        role: ContactRole = ContactRole.RECRUITER,
        with_role: bool = True,
    ) -> None:
        super().__init__("Person", parent)
        self.setObjectName("contact-dialog")
        v = values or {}
        self.name = QLineEdit(v.get("name", ""))
        self.title = QLineEdit(v.get("title", ""))
        self.email = QLineEdit(v.get("email", ""))
        self.phone = QLineEdit(v.get("phone", ""))
        self.linkedin = QLineEdit(v.get("linkedin_url", ""))
        self.notes = _plain(v.get("notes", ""))
        self.keep = QSpinBox()
        self.keep.setRange(0, 365)
        self.keep.setSpecialValueText("Off")
        self.keep.setSuffix(" days")
        self.keep.setValue(v.get("keep_in_touch_days") or 0)
        self.role = QComboBox()
        for r, label in ROLE_LABELS.items():
            self.role.addItem(label, r)
        self.role.setCurrentIndex(self.role.findData(role))
        self.form.addRow("&Name", self.name)
        if with_role:
            self.form.addRow("&Role", self.role)
        self.form.addRow("&Title", self.title)
        self.form.addRow("&Email", self.email)
        self.form.addRow("&Phone", self.phone)
        self.form.addRow("&LinkedIn", self.linkedin)
        self.form.addRow("&Keep in touch every", self.keep)
        self.form.addRow("N&otes", self.notes)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "title": self.title.text(),
            "email": self.email.text(),
            "phone": self.phone.text(),
            "linkedin_url": self.linkedin.text(),
            "notes": self.notes.toPlainText(),
            "keep_in_touch_days": self.keep.value() or None,
        }

    def chosen_role(self) -> ContactRole:
        return ContactRole(self.role.currentData())


class InterviewDialog(_Form):
    def __init__(
        self,
        tz: dt.tzinfo,
        when: dt.datetime,
        people: list[tuple[int, str]],
        parent: QWidget | None = None,
        *,
        values: dict[str, Any] | None = None,
    ) -> None:
        super().__init__("Interview", parent)
        self.setObjectName("interview-dialog")
        self.tz = tz
        v = values or {}
        self.when = datetime_edit(v.get("starts_at", when), tz)
        self.duration = QSpinBox()
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" min")
        self.duration.setValue(v.get("duration_minutes", 60))
        self.kind = QComboBox()
        for k, label in KIND_LABELS.items():
            self.kind.addItem(label, k)
        self.kind.setCurrentIndex(self.kind.findData(v.get("kind", InterviewKind.VIDEO)))
        self.round = QSpinBox()
        self.round.setRange(0, 100)
        self.round.setSpecialValueText("Next")
        self.round.setValue(v.get("round", 0))
        self.people = QListWidget()
        self.people.setObjectName("interviewers")
        self.people.setMaximumHeight(110)
        chosen = set(v.get("interviewer_ids", ()))
        for pid, name in people:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if pid in chosen else Qt.CheckState.Unchecked)
            self.people.addItem(item)
        hint = QLabel("Add people on the People tab to pick interviewers; each gets a thank-you.")
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        self.points = _plain(v.get("points_discussed", ""))
        self.points.setPlaceholderText(
            "One per line, e.g. their move to Kafka. The thank-you drafts mention them."
        )
        self.questions = _plain(v.get("questions_asked", ""))
        self.notes = _plain(v.get("notes", ""))
        self.form.addRow("&When", self.when)
        self.form.addRow("&Duration", self.duration)
        self.form.addRow("&Kind", self.kind)
        self.form.addRow("&Round", self.round)
        self.form.addRow("&Interviewers", self.people)
        self.form.addRow("", hint)
        self.form.addRow("&Points discussed", self.points)
        self.form.addRow("&Questions I asked", self.questions)
        self.form.addRow("N&otes", self.notes)

    def values(self) -> dict[str, Any]:
        ids = [
            int(self.people.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.people.count())
            if self.people.item(i).checkState() == Qt.CheckState.Checked
        ]
        return {
            "starts_at": read_datetime(self.when, self.tz),
            "duration_minutes": self.duration.value(),
            "kind": InterviewKind(self.kind.currentData()),
            "round": self.round.value() or None,
            "interviewer_ids": ids,
            "points_discussed": self.points.toPlainText(),
            "questions_asked": self.questions.toPlainText(),
            "notes": self.notes.toPlainText(),
        }


class FollowUpDialog(_Form):
    def __init__(self, tz: dt.tzinfo, when: dt.datetime, parent: QWidget | None = None) -> None:
        super().__init__("Add follow-up", parent)
        self.setObjectName("follow-up-dialog")
        self.tz = tz
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Send my portfolio to Jane")
        self.when = datetime_edit(when, tz)
        self.details = _plain()
        self.form.addRow("&What", self.title)
        self.form.addRow("&When", self.when)
        self.form.addRow("&Details", self.details)

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "due_at": read_datetime(self.when, self.tz),
            "details": self.details.toPlainText(),
        }


class WhenDialog(_Form):
    """Pick a date and time (custom snooze, reschedule)."""

    def __init__(
        self, title: str, tz: dt.tzinfo, when: dt.datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.tz = tz
        self.when = datetime_edit(when, tz)
        self.form.addRow("&When", self.when)

    def value(self) -> dt.datetime:
        return read_datetime(self.when, self.tz)


def snooze_menu(
    parent: QWidget,
    tz: dt.tzinfo,
    now: Callable[[], dt.datetime],
    snooze_until: Callable[[dt.datetime], object],
) -> QMenu:
    """The Snooze choices, the same wherever a follow-up can be snoozed: the presets,
    then "Until…" for a day and time of one's own (asked from tomorrow 9:00).
    ``snooze_until`` gets the chosen instant."""
    menu = QMenu(parent)
    for label, key in snooze.PRESETS:
        menu.addAction(label, lambda k=key: snooze_until(snooze.preset(k, now(), tz)))  # type: ignore[misc]

    def custom() -> None:
        dialog = WhenDialog("Snooze until", tz, snooze.tomorrow_at(now(), tz), parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            snooze_until(dialog.value())

    menu.addAction("Until…", custom)
    return menu


class LogDialog(_Form):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.text = _plain()
        self.form.addRow("&Summary", self.text)

    def value(self) -> str:
        return self.text.toPlainText()
