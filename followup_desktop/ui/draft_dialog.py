"""The draft of a follow-up's message: read it, change it, copy it or open it in the
email app. Nothing is sent from here; the person marks the follow-up done when it is."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.clock import Clock
from ..core.drafts import Draft, mailto
from ..core.types import Outcome
from .bridge import DataBridge


class DraftDialog(QDialog):
    """Every field is editable (a draft is a start, not a form letter); Copy and Open take
    what is in the fields now. User text goes into line edits and a plain-text editor,
    which never read markup."""

    def __init__(
        self,
        draft: Draft,
        heading: str,
        parent: QWidget | None = None,
        *,
        mark_done: Callable[[Outcome | None], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._mark_done = mark_done
        self.setObjectName("draft-dialog")
        self.draft = draft
        self.setWindowTitle("Draft email" if draft.is_email else "Call script")
        self.resize(640, 520)
        title = QLabel()
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setText(heading)
        title.setWordWrap(True)
        self.to = QLineEdit(draft.to)
        self.to.setObjectName("draft-to")
        self.to.setPlaceholderText("No email address on file: type one, or leave it for later")
        self.subject = QLineEdit(draft.subject)
        self.subject.setObjectName("draft-subject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("draft-body")
        self.body.setPlainText(draft.body)
        self.body.setAccessibleName("Message")
        form = QFormLayout()
        if draft.is_email:
            form.addRow("&To:", self.to)
            form.addRow("&Subject:", self.subject)
        self.hint = QLabel("Replace the [bracketed] parts with your own words before sending.")
        self.hint.setObjectName("draft-hint")
        self.hint.setWordWrap(True)
        self.body.textChanged.connect(self._update_hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton("&Copy message")
        self.copy_button.setObjectName("draft-copy")
        self.copy_button.setToolTip(
            "Copy the message to paste into your email (the subject is in its own field)"
        )
        self.copy_button.clicked.connect(self.copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.mail_button = QPushButton("&Open in email app")
        self.mail_button.setObjectName("draft-mail")
        self.mail_button.clicked.connect(self.open_in_mail)
        buttons.addButton(self.mail_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.mail_button.setVisible(draft.is_email)  # after addButton, which shows it
        self.done_button = QPushButton(
            "Sent \u2014 mark &done" if draft.is_email else "Called \u2014 mark &done"
        )
        self.done_button.setObjectName("draft-done")
        if draft.is_email:
            # A sent check-in is waiting for its answer: "no reply yet" is what counts it
            # towards suggesting Ghosted, until a reply is logged.
            outcome = Outcome.NO_REPLY if draft.kind.is_nudge else None
            self.done_button.setToolTip("Mark this follow-up done and close the draft")
            self.done_button.clicked.connect(lambda: self.done_and_close(outcome))
        else:
            menu = QMenu(self.done_button)
            menu.addAction("We spoke", lambda: self.done_and_close(Outcome.REPLIED))
            menu.addAction("No answer", lambda: self.done_and_close(Outcome.NO_REPLY))
            self.done_button.setMenu(menu)
        buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.done_button.setVisible(mark_done is not None)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addLayout(form)
        lay.addWidget(self.body, 1)
        lay.addWidget(self.hint)
        lay.addWidget(buttons)
        self._update_hint()
        self.body.setFocus()

    def text(self) -> str:
        """The message as it stands: what Copy puts on the clipboard, to paste into an
        email's body (a "Subject:" line there would have to be cut out again)."""
        return self.body.toPlainText()

    def mailto_url(self) -> QUrl:
        url = mailto(self.to.text(), self.subject.text(), self.body.toPlainText())
        return QUrl(url, QUrl.ParsingMode.StrictMode)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.copy_button.setText("Copied")

    def open_in_mail(self) -> None:
        if not QDesktopServices.openUrl(self.mailto_url()):
            self.hint.setText(
                "No email app answered. Copy the message and paste it into your email instead."
            )
            self.hint.setVisible(True)

    def done_and_close(self, outcome: Outcome | None = None) -> None:
        """The message went out: the follow-up is done (a refusal, say it was already
        done elsewhere, keeps the draft open with the reason in the window's notice)."""
        if self._mark_done is not None and self._mark_done(outcome):
            self.accept()

    def _update_hint(self) -> None:
        self.hint.setVisible("[" in self.body.toPlainText())


def open_draft(
    parent: QWidget, bridge: DataBridge, clock: Clock, fu_id: int, company: str, title: str
) -> DraftDialog | None:
    """Draft follow-up ``fu_id`` (headed "company — title", from wherever it is opened)
    and show it (not modal: the person may look at the card while writing); None when it
    cannot be drafted (the reason goes to ``bridge.failed``)."""
    from ..services.drafts import draft_for
    from ..services.followups import complete_follow_up

    draft = bridge.call(draft_for, fu_id, clock)
    if draft is None:
        return None

    def mark_done(outcome: Outcome | None) -> bool:
        return bridge.call(complete_follow_up, fu_id, outcome=outcome) is not None

    heading = " — ".join(part for part in (company, title) if part)
    dialog = DraftDialog(draft, heading, parent, mark_done=mark_done)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
