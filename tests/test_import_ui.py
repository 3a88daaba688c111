"""CSV import in the real window (offscreen): from the empty state, the preview a person
reviews, one undoable step, and nothing changed by a file that cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import shown_tooltip
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_board_ui import add, shown, stage_id, view

from followup_desktop.services import board
from followup_desktop.store.models import Contact
from followup_desktop.ui.import_dialog import ImportDialog
from followup_desktop.ui.main_window import MainWindow

SHEET = (
    "Employer;Job title;Status;Date applied;Recruiter\r\n"
    "Acme;Engineer;Interviewing;2026-10-01;Jo\r\n"
    "<img src=x>;<b>Lead</b>;Thinking;;\r\n"
    ";No company;;;\r\n"
    "Initech;Analyst;;2026-09-15;\r\n"
)


def _sheet(tmp_path: Path, text: str = SHEET, name: str = "my jobs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class Reviewer:
    """Stands in for the person at the preview: looks, optionally changes, then decides."""

    def __init__(
        self,
        answer: bool = True,
        stage: str | None = None,
        take_dups: bool = False,
        statuses: dict[str, str] | None = None,
    ):
        self.answer, self.stage, self.take_dups = answer, stage, take_dups
        self.statuses = statuses or {}
        self.seen: ImportDialog | None = None

    def __call__(self, dialog: object) -> bool:
        assert isinstance(dialog, ImportDialog)
        self.seen = dialog
        if self.stage is not None:
            dialog.stage.setCurrentText(self.stage)
        for status, stage in self.statuses.items():
            dialog.status_stage[status].setCurrentText(stage)
        dialog.take_duplicates.setChecked(self.take_dups)
        return self.answer


def _contact_names(window: MainWindow) -> list[str]:
    with window.bridge.db.read() as s:
        return list(s.scalars(select(Contact.name).order_by(Contact.id)))


def _cells(dialog: ImportDialog) -> list[list[str]]:
    m = dialog.model
    return [
        [m.index(r, c).data() or "" for c in range(m.columnCount())] for r in range(m.rowCount())
    ]


def test_import_from_the_empty_state_then_undo_and_redo(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _sheet(tmp_path)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    review = window.review_import = Reviewer()
    assert window.stack.currentWidget() is window.empty
    button = window.empty.findChild(QPushButton, "empty-import")
    assert button is not None
    button.click()

    dialog = review.seen
    assert dialog is not None
    assert dialog.summary.text() == (
        "3 applications found in my jobs.csv (read as UTF-8, semicolon-separated)."
        " 1 row cannot be imported (see below)."
    )
    assert dialog.columns.text() == (
        "Columns read: Company ← Employer, Role ← Job title, Stage ← Status,"
        " Applied on ← Date applied, Person ← Recruiter."
    )
    assert _cells(dialog) == [
        ["2", "Acme", "Engineer", "Interviewing", "2026-10-01", "Jo (Recruiter)", ""],
        ["3", "<img src=x>", "<b>Lead</b>", "Applied (for “Thinking”)", "", "", ""],
        ["4", "Skipped: Company cannot be empty.", "", "", "", "", ""],
        ["5", "Initech", "Analyst", "Applied", "2026-09-15", "", ""],
    ]
    assert dialog.import_button.text() == "Import 3 applications"
    assert not dialog.take_duplicates.isVisibleTo(dialog)
    assert dialog.catch_up.isVisibleTo(dialog)
    assert dialog.catch_up.isChecked()

    assert window.stack.currentWidget() is window.board
    assert shown(view(window, "Interviewing")) == ["Acme"]
    assert shown(view(window, "Applied")) == ["<img src=x>", "Initech"]
    assert window.toast.label.text() == "Imported 3 applications from my jobs.csv"
    assert _contact_names(window) == ["Jo"]
    window.undo_stack.undo()
    assert _contact_names(window) == []
    assert shown(view(window, "Applied")) == []
    assert shown(view(window, "Interviewing")) == []
    window.undo_stack.redo()
    assert shown(view(window, "Applied")) == ["<img src=x>", "Initech"]
    assert _contact_names(window) == ["Jo"]
    assert board.card_ids(window.bridge.db, stage_id(window, "Interviewing")) != []
    # The file's dates made Acme's check-in overdue; it was planned from today instead.
    (acme,) = (r for r in window.board.store.values() if r.company == "Acme")
    assert acme.next_due is not None
    assert acme.next_due > window.clock.now()


def test_user_text_in_the_preview_stays_plain(window: MainWindow, tmp_path: Path) -> None:
    path = _sheet(tmp_path, name="<b>bold<i>.csv")
    review = window.review_import = Reviewer(answer=False)
    assert window.import_csv(str(path)) == 0  # cancelled: nothing imported
    dialog = review.seen
    assert dialog is not None
    for label in dialog.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert "<b>bold<i>.csv" in dialog.summary.text()
    assert dialog.windowTitle() == "Import applications from <b>bold<i>.csv"
    # A cell's tooltip (its whole text, when the column is too narrow) reads as written.
    model = dialog.model
    tips = [
        shown_tooltip(model.index(row, col).data(Qt.ItemDataRole.ToolTipRole))
        for row in range(model.rowCount())
        for col in (1, 2)
    ]
    assert "<img src=x>" in tips
    assert "<b>Lead</b>" in tips
    assert window.stack.currentWidget() is window.empty


def test_look_alikes_stay_out_unless_asked_and_the_stage_can_be_chosen(
    window: MainWindow, tmp_path: Path
) -> None:
    add(window, "ACME", role="engineer")
    path = _sheet(tmp_path)
    # A status the board has no stage for gets a choice of its own; rows without a status
    # take the general one.
    review = window.review_import = Reviewer(stage="Offer", statuses={"Thinking": "Wishlist"})
    assert window.import_csv(str(path)) == 2
    dialog = review.seen
    assert dialog is not None
    assert "1 looks like an application you already have." in dialog.summary.text()
    assert dialog.take_duplicates.isVisibleTo(dialog)
    assert list(dialog.status_stage) == ["Thinking"]
    assert dialog.status_stage["Thinking"].accessibleName() == "Stage for “Thinking”"
    cells = _cells(dialog)
    assert cells[0][6] == "Already on the board"
    assert cells[1][3] == "Wishlist (for “Thinking”)"
    assert cells[3][3] == "Offer"
    assert shown(view(window, "Wishlist")) == ["<img src=x>"]
    assert shown(view(window, "Offer")) == ["Initech"]
    assert shown(view(window, "Interviewing")) == []

    again = window.review_import = Reviewer(take_dups=True)
    assert window.import_csv(str(path)) == 3
    assert again.seen is not None
    assert again.seen.import_button.text() == "Import 3 applications"


def test_a_file_that_cannot_be_used_says_why_and_changes_nothing(
    window: MainWindow, tmp_path: Path
) -> None:
    path = _sheet(tmp_path, "Name,Where\nA,B\n", name="contacts.csv")
    review = window.review_import = Reviewer()
    assert window.import_csv(str(path)) == 0
    assert review.seen is None  # no preview for a file that cannot be imported
    assert window.toast.label.text().startswith(
        "contacts.csv needs a Company and a Role column in its first row"
    )
    assert window.undo_stack.count() == 0
    assert window.stack.currentWidget() is window.empty


def test_the_toolbar_action_is_there_for_automation(window: MainWindow) -> None:
    action = window.findChild(type(window.act_import), "action-import")
    assert action is window.act_import
    assert action.text() == "Import CSV…"


def test_a_search_that_would_hide_new_cards_is_cleared(window: MainWindow, tmp_path: Path) -> None:
    add(window, "Globex")
    window.search.setText("globex")
    window.act_overdue.setChecked(True)
    window.review_import = Reviewer()
    assert window.import_csv(str(_sheet(tmp_path))) == 3
    assert window.search.text() == ""
    assert not window.act_overdue.isChecked()
    current = view(window, "Interviewing").currentIndex()
    assert current.data() == "Acme"  # the first imported card, selected and in view


def test_the_preview_says_which_status_meant_which_stage(
    window: MainWindow, tmp_path: Path
) -> None:
    path = _sheet(tmp_path, "Company,Role,Status\nA,B,Phone screen\nC,D,applied\n")
    review = window.review_import = Reviewer(answer=False)
    window.import_csv(str(path))
    assert review.seen is not None
    assert [row[3] for row in _cells(review.seen)] == [
        "Interviewing (from “Phone screen”)",
        "Applied",
    ]
    assert not review.seen.stage.isVisibleTo(review.seen)  # every row found its stage


def test_a_spreadsheet_dropped_on_a_column_goes_to_the_preview(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    add(window, "Globex")
    review = window.review_import = Reviewer(answer=False)

    def drop(path: Path) -> bool:
        payload = QMimeData()
        payload.setUrls([QUrl.fromLocalFile(str(path))])
        target = view(window, "Applied").viewport()  # not ours: passed up to the window
        args = (
            Qt.DropAction.CopyAction,
            payload,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        enter = QDragEnterEvent(QPointF(20, 20).toPoint(), *args)
        QApplication.sendEvent(target, enter)
        if not enter.isAccepted():
            return False
        QApplication.sendEvent(target, QDropEvent(QPointF(20, 20), *args))
        return True

    assert not drop(tmp_path / "photo.png")  # only spreadsheets
    assert drop(_sheet(tmp_path))
    qtbot.waitUntil(lambda: review.seen is not None)
    assert review.seen is not None
    assert review.seen.found.name == "my jobs.csv"


def test_many_unknown_statuses_share_the_general_choice(window: MainWindow, tmp_path: Path) -> None:
    """Six statuses the board has no stage for get a choice each (most rows first); the
    rest go where rows without a status go, and the preview says so."""
    statuses = [f"Status {i}" for i in range(8)]
    lines = [f"Co {i},R,{s}" for i, s in enumerate(statuses)] + ["Co X,R,Status 7"]
    path = _sheet(tmp_path, "Company,Role,Status\n" + "\n".join(lines) + "\n")
    review = window.review_import = Reviewer(answer=False)
    window.import_csv(str(path))
    dialog = review.seen
    assert dialog is not None
    assert list(dialog.status_stage) == ["Status 7", *statuses[:5]]
    dialog.stage.setCurrentText("Offer")
    assert _cells(dialog)[5][3] == "Offer (“Status 5”: no such stage)"
    general = [
        label.text() for label in dialog.findChildren(QLabel) if label.buddy() is dialog.stage
    ]
    assert general == ["2 with no stage, or another status the board does not have, go to:"]
