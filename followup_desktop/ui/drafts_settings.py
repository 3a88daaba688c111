"""Settings › Drafts: the name drafts are signed with, and the template of each kind of
follow-up, edited in place (switching kinds keeps what was typed until Save)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.drafts import PLACEHOLDERS, TEMPLATE_KINDS
from ..core.types import FollowUpKind
from ..services.drafts import DraftSettings, default_template


class DraftTemplatesTab(QWidget):
    def __init__(self, settings: DraftSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts = {kind: settings.template(kind) for kind in TEMPLATE_KINDS}
        self._saved = dict(self._texts)
        self._saved_name = settings.my_name
        self.my_name = QLineEdit(settings.my_name)
        self.my_name.setObjectName("settings-my-name")
        self.my_name.setPlaceholderText("The name at the end of your messages")
        self._saved_email = settings.my_email
        self.my_email = QLineEdit(settings.my_email)
        self.my_email.setObjectName("settings-my-email")
        self.my_email.setPlaceholderText("So an interview invitation knows which attendee is you")
        self.kind = QComboBox()
        self.kind.setObjectName("settings-template-kind")
        for kind in TEMPLATE_KINDS:
            self.kind.addItem(kind.label, kind.value)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("settings-template")
        self.editor.setAccessibleName("Template")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.reset = QPushButton("Restore the original")
        self.reset.setObjectName("settings-template-reset")
        self.reset.clicked.connect(self._restore)
        self.insert = QToolButton()
        self.insert.setObjectName("settings-template-insert")
        self.insert.setText("Insert")
        self.insert.setToolTip("Insert a name the draft fills in, at the cursor")
        self.insert.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.insert)
        for name, meaning in PLACEHOLDERS.items():
            action = menu.addAction(f"${name} \u2014 {meaning}")
            action.triggered.connect(lambda _=False, n=name: self.insert_placeholder(n))
        self.insert.setMenu(menu)
        names = QLabel(
            "The first line may be \u201cSubject: \u2026\u201d. Names such as $company and "
            "$first_name are filled in (Insert lists them); write $$ for a dollar sign; "
            "[bracketed] text is left for you to replace in each draft."
        )
        names.setTextFormat(Qt.TextFormat.PlainText)
        names.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Sign drafts as", self.my_name)
        form.addRow("Your email", self.my_email)
        row = QHBoxLayout()
        row.addWidget(self.kind, 1)
        row.addWidget(self.insert)
        row.addWidget(self.reset)
        form.addRow("Template for", row)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.editor, 1)
        lay.addWidget(names)
        self._shown = self._current_kind()
        self.editor.setPlainText(self._texts[self._shown])
        self.kind.currentIndexChanged.connect(self._switch)
        self.editor.textChanged.connect(self._edited)
        self._edited()

    def _current_kind(self) -> FollowUpKind:
        return FollowUpKind(self.kind.currentData())

    def _switch(self) -> None:
        self._shown = self._current_kind()
        self.editor.setPlainText(self._texts[self._shown])

    def _edited(self) -> None:
        self._texts[self._shown] = self.editor.toPlainText()
        self.reset.setEnabled(self._texts[self._shown] != default_template(self._shown))

    def insert_placeholder(self, name: str) -> None:
        self.editor.insertPlainText(f"${name}")
        self.editor.setFocus()

    def _restore(self) -> None:
        self.editor.setPlainText(default_template(self._shown))

    def changed_templates(self) -> dict[str, str]:
        """The templates edited since the dialog opened, by kind value."""
        return {k.value: t for k, t in self._texts.items() if t != self._saved[k]}

    def name_changed(self) -> bool:
        return (self.my_name.text(), self.my_email.text()) != (
            self._saved_name,
            self._saved_email,
        )
