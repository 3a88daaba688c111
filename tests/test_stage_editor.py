"""The stage editor, driven as a person would: edits apply as they are made (none is lost
by picking another stage or closing), refusals say why, deleting says where cards go."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from test_board_ui import add, shown, stage_id, view

from followup_desktop.core.types import StageKind
from followup_desktop.services import board_view
from followup_desktop.ui.board_widget import column_object_name
from followup_desktop.ui.column_view import ColumnView
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.stage_editor import StageEditor


@pytest.fixture
def editor(window: MainWindow, qtbot: QtBot) -> StageEditor:
    dialog = StageEditor(window.bridge, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _select(editor: StageEditor, name: str) -> None:
    row = next(i for i, s in enumerate(editor.stages) if s.name == name)
    editor.list.setCurrentRow(row)


def _stage(window: MainWindow, name: str) -> board_view.StageRecord:
    return next(s for s in board_view.load_stages(window.bridge.db) if s.name == name)


def test_edits_apply_as_made_and_none_is_lost(editor: StageEditor, window: MainWindow) -> None:
    _select(editor, "Offer")
    editor.name.setText("Offer <b>made</b>")
    editor.wip.setValue(3)
    _select(editor, "Applied")  # picking another stage keeps what was typed
    offer = _stage(window, "Offer <b>made</b>")
    assert offer.wip_limit == 3
    assert window.board.frames[offer.id].name.text() == "Offer <b>made</b>"
    assert editor.name.text() == "Applied"
    editor.kind.setCurrentIndex(editor.kind.findData(StageKind.PLANNED))
    editor.kind.activated.emit(editor.kind.currentIndex())  # chosen from the list
    assert _stage(window, "Applied").kind == StageKind.PLANNED
    applied = stage_id(window, "Applied")
    editor.hidden.setChecked(True)  # applies at once: the column goes
    assert window.findChild(ColumnView, column_object_name(applied)) is None
    assert _stage(window, "Applied").hidden
    editor.hidden.setChecked(False)
    editor.name.setText("Sent")
    editor.close()  # closing keeps it too
    assert _stage(window, "Sent").id == stage_id(window, "Sent")


def test_a_refused_edit_says_why_and_shows_the_stage_as_it_is(
    editor: StageEditor, window: MainWindow
) -> None:
    _select(editor, "Offer")
    editor.name.setText("Applied")  # taken
    editor.name.editingFinished.emit()
    assert window.toast.isVisible()
    assert "Applied" in window.toast.label.text()
    assert editor.name.text() == "Offer"
    assert [s.name for s in board_view.load_stages(window.bridge.db)].count("Applied") == 1


def test_deleting_a_stage_says_where_its_cards_go(
    editor: StageEditor, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(window, "Acme", "Offer")
    add(window, "Globex", "Offer")
    asked: list[str] = []
    confirmed: list[str] = []

    def get_item(parent, title, label, items, current, editable):  # type: ignore[no-untyped-def]
        asked.append(label)
        assert items[current] == "Accepted"  # the next stage is offered first
        return "Interviewing", True

    def exec_(box: QMessageBox) -> int:
        confirmed.append(box.text())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    _select(editor, "Offer")
    editor.delete()
    assert asked == ["Move its 2 applications to:"]
    assert confirmed == ["Delete the stage “Offer”? Its 2 applications move to “Interviewing”."]
    assert "Offer" not in [s.name for s in board_view.load_stages(window.bridge.db)]
    assert shown(view(window, "Interviewing")) == ["Acme", "Globex"]
    # An empty stage is only confirmed: nowhere to send cards to ask about.
    asked.clear()
    _select(editor, "Withdrawn")
    editor.delete()
    assert asked == []
    assert confirmed[-1] == "Delete the stage “Withdrawn”?"


def test_move_up_and_down_stop_at_the_ends(editor: StageEditor, window: MainWindow) -> None:
    """The first stage cannot be moved up nor the last down: those buttons are off there
    (and come back on as the stage moves away from the end)."""
    names = [s.name for s in editor.stages]
    _select(editor, names[0])
    assert (editor.up.isEnabled(), editor.down.isEnabled()) == (False, True)
    _select(editor, names[-1])
    assert (editor.up.isEnabled(), editor.down.isEnabled()) == (True, False)
    _select(editor, names[1])
    assert (editor.up.isEnabled(), editor.down.isEnabled()) == (True, True)
    editor.up.click()  # now the first stage: it stays selected, and up goes off
    assert editor.stages[0].name == names[1]
    assert editor.current_id() == _stage(window, names[1]).id
    assert (editor.up.isEnabled(), editor.down.isEnabled()) == (False, True)
