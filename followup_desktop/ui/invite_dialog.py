"""What an interview invitation (.ics) says, before it is logged: when, how long, where,
and who was on it — the person ticks who interviewed them (each gets a thank-you)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.dates import hhmm, short_date
from ..core.types import InterviewKind
from ..services.invites import Invite, Invitee
from .forms import KIND_LABELS, plain_label


class InviteDialog(QDialog):
    def __init__(
        self,
        invite: Invite,
        tz: dt.tzinfo,
        my_name: str = "",
        my_email: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("invite-dialog")
        self.setWindowTitle("Log the interview from its invitation")
        self.invite = invite
        start = invite.starts_at.astimezone(tz)
        end = start + dt.timedelta(minutes=invite.minutes)
        when = (
            f"{short_date(start)}, {hhmm(start)}\u2013{hhmm(end)} ({invite.minutes} min, your time)"
        )
        form = QFormLayout()
        form.addRow("Meeting", plain_label(invite.title or "(no title)"))
        form.addRow("When", plain_label(when))
        if invite.location:
            form.addRow("Where", plain_label(invite.location))
        self.kind = QComboBox()
        self.kind.setObjectName("invite-kind")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.kind.setCurrentIndex(self.kind.findData(invite.kind))
        form.addRow("&Kind", self.kind)
        self.people = QListWidget()
        self.people.setObjectName("invite-people")
        self.people.setAccessibleName("People on the invitation")
        me = " ".join(my_name.split()).casefold()
        mine = my_email.strip().casefold()
        for person in invite.people:
            item = QListWidgetItem(person.label)  # list items are plain text
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            yours = (bool(me) and person.name.casefold() == me) or (
                bool(mine) and person.email.casefold() == mine
            )
            item.setCheckState(Qt.CheckState.Unchecked if yours else Qt.CheckState.Checked)
            self.people.addItem(item)
        hint = plain_label(
            "Tick who interviewed you (untick yourself; with your email in Settings \u203a"
            " Drafts, you are unticked already): each is added to the card and gets a"
            " thank-you. Someone you already know by that email is linked, not copied."
            if invite.people
            else "The invitation names nobody; add interviewers later from the People tab."
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.log_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.log_button.setText("Log interview")
        self.log_button.setObjectName("invite-log")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(plain_label("People on the invitation"))
        lay.addWidget(self.people, 1)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        self.people.setVisible(bool(invite.people))
        self.resize(560, 420)

    def chosen(self) -> list[Invitee]:
        return [
            person
            for i, person in enumerate(self.invite.people)
            if self.people.item(i).checkState() == Qt.CheckState.Checked
        ]

    def chosen_kind(self) -> InterviewKind:
        return InterviewKind(self.kind.currentData())
