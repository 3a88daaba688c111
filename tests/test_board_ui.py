"""The real main window (offscreen): drag and drop, keyboard parity, undo, search, plain text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import shown_tooltip
from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QHelpEvent,
    QImage,
    QPaintEvent,
    QPalette,
    QRegion,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QStyleOptionViewItem,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.clock import ManualClock
from followup_desktop.core.types import FollowUpKind
from followup_desktop.services import applications, board, interviews, queries, stages
from followup_desktop.store.columns import as_utc
from followup_desktop.store.database import Database, open_database
from followup_desktop.store.models import FollowUp
from followup_desktop.ui import forms
from followup_desktop.ui.board_widget import column_object_name
from followup_desktop.ui.column_view import ColumnView
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.roles import ApplicationIdRole, FollowUpIdRole


def stage_id(win: MainWindow, name: str) -> int:
    return next(s.id for s in win.board.stages if s.name == name)


def view(win: MainWindow, name: str) -> ColumnView:
    v = win.findChild(ColumnView, column_object_name(stage_id(win, name)))
    assert v is not None
    return v


def shown(v: ColumnView) -> list[str]:
    m = v.model()
    return [m.index(r, 0).data() for r in range(m.rowCount())]


def add(win: MainWindow, company: str, stage: str = "Applied", role: str = "Engineer") -> int:
    app_id = win.add_card({"company": company, "role": role, "stage_id": stage_id(win, stage)})
    assert app_id is not None
    return app_id


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The companies of the cards the delegate draws from now on (cache hits blit and are
    not listed)."""
    from followup_desktop.ui import card_delegate

    names: list[str] = []
    real = card_delegate.CardDelegate._draw

    def counting(self, painter, option, cell, rec, *rest):  # type: ignore[no-untyped-def]
        names.append(rec.company)
        return real(self, painter, option, cell, rec, *rest)

    monkeypatch.setattr(card_delegate.CardDelegate, "_draw", counting)
    return names


def test_empty_state_then_board(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.empty
    add(window, "Acme")
    assert window.stack.currentWidget() is window.board
    assert shown(view(window, "Applied")) == ["Acme"]
    window._update_status()
    assert window.status.text().startswith("1 application · ")
    add(window, "Globex")
    window._update_status()
    assert window.status.text().startswith("2 applications · ")


def test_a_card_added_during_a_search_is_shown(window: MainWindow) -> None:
    add(window, "Globex")
    window.search.setText("globex")
    add(window, "Acme")  # would be hidden by the search
    assert window.search.text() == ""
    assert view(window, "Applied").currentIndex().data() == "Acme"
    window.search.setText("acme")
    add(window, "Acme Two")  # matches: the search stays
    assert window.search.text() == "acme"
    assert view(window, "Applied").currentIndex().data() == "Acme Two"


def test_model_level_drop_moves_persists_and_survives_restart(
    window: MainWindow, db_path: Path, clock: ManualClock
) -> None:
    a, b = add(window, "Acme"), add(window, "Globex")
    src, dst = view(window, "Applied"), view(window, "Interviewing")
    payload = src.model().mimeData([src.model().index(0, 0)])
    assert dst.model().dropMimeData(payload, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert shown(src) == ["Globex"]
    assert shown(dst) == ["Acme"]
    assert board.card_ids(window.bridge.db, stage_id(window, "Interviewing")) == [a]
    again = open_database(db_path, clock)  # a second connection sees the committed move
    assert board.card_ids(again, stage_id(window, "Applied")) == [b]
    again.close()


def _drag_event(cls, pos: QPointF, payload: QMimeData):  # type: ignore[no-untyped-def]
    """PySide6 6.12 wants QPointF here (QPoint is deprecated); 6.11 only takes QPoint."""
    args = (
        Qt.DropAction.MoveAction,
        payload,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:
        return cls(pos, *args)
    except TypeError:
        return cls(pos.toPoint(), *args)


def _drag_events(target: ColumnView, payload: QMimeData, pos: QPointF) -> list[bool]:
    """Drag-enter, drag-move and drop delivered to the viewport, as a drag would."""
    vp = target.viewport()
    accepted = []
    enter = _drag_event(QDragEnterEvent, pos, payload)
    QApplication.sendEvent(vp, enter)
    accepted.append(enter.isAccepted())
    move = _drag_event(QDragMoveEvent, pos, payload)
    QApplication.sendEvent(vp, move)
    accepted.append(move.isAccepted())
    drop = QDropEvent(
        pos,
        Qt.DropAction.MoveAction,
        payload,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(vp, drop)
    accepted.append(drop.isAccepted())
    return accepted


def test_drop_events_on_the_viewport_place_the_card_where_it_is_dropped(window: MainWindow) -> None:
    add(window, "Acme")
    for name in ("Hooli", "Initech", "Umbrella"):
        add(window, name, "Interviewing")
    src, dst = view(window, "Applied"), view(window, "Interviewing")
    payload = src.model().mimeData([src.model().index(0, 0)])
    second = dst.visualRect(dst.model().index(1, 0))
    pos = QPointF(second.center().x(), second.top() + 3)  # upper edge of the 2nd card
    assert _drag_events(dst, payload, pos) == [True, True, True]
    assert shown(dst) == ["Hooli", "Acme", "Initech", "Umbrella"]
    assert shown(src) == []


def test_reorder_within_a_column_by_drop(window: MainWindow) -> None:
    for name in ("A", "B", "C"):
        add(window, name)
    v = view(window, "Applied")
    payload = v.model().mimeData([v.model().index(0, 0)])
    last = v.visualRect(v.model().index(2, 0))
    assert _drag_events(v, payload, QPointF(last.center().x(), last.bottom() - 2))[-1]
    assert shown(v) == ["B", "C", "A"]


def test_a_double_click_opens_the_card_and_nothing_edits_in_place(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """A double click (or Enter) opens the card in its editor; no key or click turns a
    card into an in-place text field."""
    from PySide6.QtWidgets import QLineEdit

    card = add(window, "Acme")
    applied = view(window, "Applied")
    centre = applied.visualRect(applied.model().index(0, 0)).center()
    opened: list[int] = []
    applied.openRequested.connect(opened.append)
    qtbot.mouseClick(applied.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(applied.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == [card]
    qtbot.keyClick(applied, Qt.Key.Key_F2)
    QApplication.processEvents()
    assert applied.viewport().findChildren(QLineEdit) == []
    assert applied.state() != applied.State.EditingState


def test_foreign_drops_are_refused(window: MainWindow) -> None:
    add(window, "A")
    v = view(window, "Interviewing")
    foreign = QMimeData()
    foreign.setText("DROP TABLE")
    assert _drag_events(v, foreign, QPointF(20, 20))[0] is False
    assert shown(v) == []


def test_drop_into_rejected_asks_then_requests_feedback(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    a = add(window, "Acme")
    asked: list[str] = []
    window.confirm = lambda q, d: asked.append(q) is not None and False  # say no
    src, dst = view(window, "Applied"), view(window, "Rejected")
    dst.model().dropMimeData(
        src.model().mimeData([src.model().index(0, 0)]),
        Qt.DropAction.MoveAction,
        -1,
        -1,
        QModelIndex(),
    )
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == ["Move Acme to Rejected?"]
    assert shown(src) == ["Acme"]  # declined: nothing moved
    window.confirm = lambda q, d: True
    dst.model().dropMimeData(
        src.model().mimeData([src.model().index(0, 0)]),
        Qt.DropAction.MoveAction,
        -1,
        -1,
        QModelIndex(),
    )
    qtbot.waitUntil(lambda: shown(dst) == ["Acme"])
    kinds = {f.kind for f in queries.pending_follow_ups(window.bridge.db, a)}
    assert kinds == {FollowUpKind.FEEDBACK_REQUEST}


def _key(
    qtbot,
    v: ColumnView,
    key: Qt.Key,
    mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,  # type: ignore[no-untyped-def]
    text: str = "",
) -> None:
    from PySide6.QtGui import QKeyEvent

    press = QKeyEvent(QKeyEvent.Type.KeyPress, key, mods, text)
    QApplication.sendEvent(v, press)


def test_keyboard_only_move_reorder_navigate_open(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = add(window, "Acme"), add(window, "Globex")
    applied, interviewing = view(window, "Applied"), view(window, "Interviewing")
    assert window.board.select_card(a)
    _key(qtbot, applied, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert shown(interviewing) == ["Acme"]
    assert interviewing.hasFocus() or interviewing.current_id() == a  # selection follows the card
    assert window.board.select_card(a)
    _key(qtbot, interviewing, Qt.Key.Key_Less, text="<")
    assert shown(applied) == ["Acme", "Globex"]
    window.board.select_card(a)
    _key(qtbot, applied, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert shown(applied) == ["Globex", "Acme"]
    _key(qtbot, applied, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert shown(applied) == ["Acme", "Globex"]
    # Plain Right moves the focus to the next column; Left comes back.
    window.board.select_card(b)
    _key(qtbot, applied, Qt.Key.Key_Left)
    assert view(window, "Wishlist").hasFocus()
    # Enter opens the card editor.
    window.board.select_card(a)
    with qtbot.waitSignal(window.board.openRequested) as opened:
        _key(qtbot, applied, Qt.Key.Key_Return)
    assert opened.args == [a]
    editor = window._editors[a]
    assert editor.windowTitle() == "Acme — Engineer"
    editor.close()


def tooltip(window: MainWindow, action: QAction) -> str:
    """The tooltip a person hovering the action's toolbar button would see."""
    button = window.findChild(QToolBar, "toolbar").widgetForAction(action)
    pos = QPoint(5, 5)
    QApplication.sendEvent(button, QHelpEvent(QEvent.Type.ToolTip, pos, button.mapToGlobal(pos)))
    text = QToolTip.text()
    QToolTip.hideText()
    return shown_tooltip(text)


def test_the_notice_lives_in_the_status_bar(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The notice never covers cards, never changes the window's layout, and a long
    message is cut with "…" instead of widening the window."""
    a = add(window, "Acme")
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.height() > 0)
    height, width = bar.height(), window.width()
    board_rect = QRect(window.board.mapTo(window, QPoint(0, 0)), window.board.size())
    assert window.move_cards([a], stage_id(window, "Offer"), -1)
    QApplication.processEvents()
    toast = window.toast
    assert toast.isVisible()
    assert bar.isAncestorOf(toast)
    assert not QRect(toast.mapTo(window, QPoint(0, 0)), toast.size()).intersects(board_rect)
    assert bar.height() == height
    assert toast.undo.isVisible()
    assert toast.label.shown_text() == "Moved Acme to Offer"  # room for it: shown whole
    for message in ("Moved Wayne Enterprises Studios 5 to Interviewing", "Mmmmmmmmmmmm WWWWW"):
        toast.show_message(message, undoable=True)
        QApplication.processEvents()
        assert toast.label.shown_text() == message
    long = "Could not export: " + "/very/long/folder" * 40 + "/applications.csv"
    toast.show_message(long, error=True)
    QApplication.processEvents()
    assert window.width() == width
    assert bar.height() == height
    assert toast.label.text() == long  # tests, the tooltip and screen readers get it all
    assert shown_tooltip(toast.label.toolTip()) == long
    shown_text = toast.label.shown_text()
    assert shown_text.endswith("…")
    assert len(shown_text) < len(long)
    assert not toast.undo.isVisible()
    # Cut exactly where eliding cuts, at any width: whole only when it fits.
    label = toast.label
    for message in ("Moved Acme to Offer", "Moved Zürich Versicherungen AG to Applied"):
        label.setText(message)
        for room in range(0, label.fontMetrics().horizontalAdvance(message) + 8, 3):
            label.resize(
                room + label.contentsMargins().left() + label.contentsMargins().right(), 20
            )
            expected = label.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, room)
            assert label.shown_text() == expected, (message, room)
    toast.hide()
    QApplication.processEvents()
    assert bar.height() == height


def test_the_count_pill_changes_text_without_laying_out_the_header(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A count of the same shape keeps the pill's size (no header layout, no jiggle); a
    longer number widens it; the number always fits."""
    from followup_desktop.ui.board_widget import CountLabel

    host = QWidget()
    qtbot.addWidget(host)
    lay = QVBoxLayout(host)
    pill = CountLabel()
    pill.setStyleSheet("padding: 0 6px; border-radius: 8px; background: palette(midlight);")
    lay.addWidget(pill)
    host.show()
    qtbot.waitExposed(host)
    requests: list[int] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.LayoutRequest:
                requests.append(1)
            return False

    watch = Watch()
    host.installEventFilter(watch)
    for text in ("1523", "1524", "1111", "988", "1000", "12/1000"):
        requests.clear()
        before = pill.size()
        pill.set_count(text)
        QApplication.processEvents()
        assert pill.text() == text
        natural = QLabel(text)
        natural.setStyleSheet(pill.styleSheet())
        assert pill.width() >= natural.sizeHint().width()  # never cut
        if text in ("1524", "1111"):  # the shape of 1523: same size, no layout
            assert (pill.size(), requests) == (before, [])
        if text in ("988", "1000", "12/1000"):
            assert pill.width() != before.width()
    host.removeEventFilter(watch)
    # A bigger font (the theme, a style sheet) measures again: still the count, not cut.
    font = pill.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    pill.setFont(font)
    pill.set_row_height(pill.row_height)
    pill.set_count("12/1001")
    assert pill.text() == "12/1001"
    assert pill.width() >= pill.fontMetrics().horizontalAdvance("12/1001")


def test_the_count_pill_is_as_tall_as_its_header_row(window: MainWindow) -> None:
    """A fixed-size pill keeps the height the header row gave the label, filled to its
    top (shorter than twice its corner radius it was drawn as a small rectangle)."""
    from PySide6.QtGui import QColor

    add(window, "Acme")
    frame = window.board.frames[stage_id(window, "Applied")]
    QApplication.processEvents()
    pill = frame.count
    assert pill.height() == frame.collapse.height()
    assert pill.text() == "1"
    image = pill.grab().toImage()
    inside = QColor(image.pixel(pill.width() // 2, 2))
    assert inside.rgb() == pill.palette().color(QPalette.ColorRole.Midlight).rgb()


def window_shown(window: QWidget) -> QImage:
    """The window as its backing store holds it (what the screen shows)."""
    shot = QGuiApplication.primaryScreen().grabWindow(window.winId())
    return shot.toImage().convertToFormat(QImage.Format.Format_RGB32)


def window_fresh(window: QWidget) -> QImage:
    return window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_a_move_is_painted_in_one_pass(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """After a move the window is laid out already (new counts, the notice's new text):
    what is left for the event loop is one repaint, not a repaint, then layouts, then a
    second repaint of the status bar. (The notice's first appearance is left out: showing
    a widget posts its own events.)"""
    from PySide6.QtCore import QObject

    a = add(window, "Acme")
    b = add(window, "Globex")
    assert window.move_cards([b], stage_id(window, "Interviewing"), 0)
    for _ in range(3):
        QApplication.processEvents()
    seen: list[str] = []
    painted: list[tuple[QObject, QRegion]] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() in (QEvent.Type.UpdateRequest, QEvent.Type.LayoutRequest):
                seen.append(f"{event.type().name} {type(watched).__name__} {watched.objectName()}")
            if isinstance(event, QPaintEvent):
                painted.append((watched, event.region()))
            return False

    watch = Watch()
    for widget in [window, *window.findChildren(QWidget)]:
        widget.installEventFilter(watch)
    assert window.move_cards([a], stage_id(window, "Offer"), 0)
    seen.clear()  # what the move itself laid out; the rest is the event loop's
    painted.clear()
    for _ in range(3):
        QApplication.processEvents()
    assert [s for s in seen if s.startswith("LayoutRequest")] == []
    assert seen == ["UpdateRequest MainWindow main-window"]
    # A new message repaints the notice's label, not the status bar around it.
    bar = window.statusBar()
    notice = QRect(window.toast.mapTo(bar, QPoint(0, 0)), window.toast.size())
    painted_widgets = [w for w, _ in painted]
    assert window.toast.label in painted_widgets
    assert window.findChild(QLabel, "status-counts") not in painted_widgets
    assert all(notice.contains(r.boundingRect()) for w, r in painted if w is bar)
    # The label paints its own background: nothing beneath it is painted for a message.
    for beneath in (bar, window.toast, window.toast.parentWidget()):
        assert beneath not in painted_widgets
    # The two columns' new counts repaint their pills, not the headers beneath them.
    pills = [view(window, name).parentWidget().count for name in ("Applied", "Offer")]
    assert all(pill in painted_widgets for pill in pills)
    for w, r in painted:
        for pill in pills:
            if w is pill.parentWidget():
                assert not r.intersects(QRegion(pill.geometry()))
    # What was repainted (and what was not) adds up to what a full repaint shows.
    assert window_shown(window) == window_fresh(window)
    # Any gesture that ends with a notice: archiving too.
    window.archive_cards([a])
    seen.clear()
    for _ in range(3):
        QApplication.processEvents()
    assert [s for s in seen if s.startswith("LayoutRequest")] == []
    assert seen == ["UpdateRequest MainWindow main-window"]


def test_undo_redo_and_the_undo_notice(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    a = add(window, "Acme")
    add(window, "Globex")
    assert window.move_cards([a], stage_id(window, "Offer"), -1)
    assert window.toast.isVisible()
    assert window.toast.label.text() == "Moved Acme to Offer"
    # The toolbar buttons keep their labels (no toolbar re-layout per drop); the tooltip
    # says what they would do.
    assert window.act_undo.text() == "&Undo"
    assert window.act_undo.isEnabled()
    assert tooltip(window, window.act_undo) == "Undo Moved Acme to Offer"
    assert not window.act_redo.isEnabled()
    window.toast.undo.click()
    assert shown(view(window, "Applied")) == ["Acme", "Globex"]  # back at its old place
    assert window.act_redo.isEnabled()
    assert tooltip(window, window.act_redo) == "Redo Moved Acme to Offer"
    assert tooltip(window, window.act_undo) == "Undo Added Globex"
    window.act_redo.trigger()
    assert shown(view(window, "Offer")) == ["Acme"]
    window.act_undo.trigger()
    window.undo_stack.redo()
    assert shown(view(window, "Offer")) == ["Acme"]
    # Archive and delete are undoable too.
    window.archive_cards([a])
    assert shown(view(window, "Offer")) == []
    window.undo_stack.undo()
    assert shown(view(window, "Offer")) == ["Acme"]
    window.delete_cards([a])
    assert shown(view(window, "Offer")) == []
    window.undo_stack.undo()
    assert shown(view(window, "Offer")) == ["Acme"]


def test_a_refused_archive_or_delete_offers_no_undo(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error stays up alone: the Undo notice used to come straight over it, and its
    Undo undid the step before (here, the move)."""
    from followup_desktop.core.types import DomainError

    a = add(window, "Acme")
    b = add(window, "Globex")
    assert window.move_cards([a], stage_id(window, "Offer"), 0)
    steps = window.undo_stack.count()

    def refuse(*_args: object) -> None:
        raise DomainError("The database is read-only right now.")

    for name, act in (
        ("archive_applications", window.archive_cards),
        ("delete_applications", window.delete_cards),
    ):
        monkeypatch.setattr(applications, name, refuse)
        act([b])
        assert window.toast.label.text() == "The database is read-only right now."
        assert not window.toast.undo.isVisible()
        assert window.undo_stack.count() == steps
        assert shown(view(window, "Applied")) == ["Globex"]
    assert window.board.store[a].stage_id == stage_id(window, "Offer")


def test_undo_and_redo_select_the_cards_they_bring_back(window: MainWindow) -> None:
    """After Ctrl+Z the card moved back (or back on the board) is the selected one, so
    the person sees where it went; a refused undo leaves the selection alone."""
    a = add(window, "Acme")
    b = add(window, "Globex")
    offer = stage_id(window, "Offer")
    assert window.move_cards([a], offer, 0)
    window.board.select_card(b)
    window.act_undo.trigger()
    assert window.board.current_card_id() == a
    assert window.board.store[a].stage_id == stage_id(window, "Applied")
    window.board.select_card(b)
    window.act_redo.trigger()
    assert window.board.current_card_id() == a
    assert window.board.store[a].stage_id == offer
    window.archive_cards([a])
    window.board.select_card(b)
    window.toast.undo.click()
    assert window.board.current_card_id() == a
    window.delete_cards([b])
    window.act_undo.trigger()
    assert window.board.current_card_id() == b
    # The card moved is deleted elsewhere (here: by a service call behind the stack's
    # back): undoing the move is refused, and nothing is selected for it.
    assert window.move_cards([b], offer, 0)
    window.board.select_card(a)
    window.bridge.call(applications.delete_application, b)
    window.act_undo.trigger()
    assert window.toast.label.text() == f"That application no longer exists (id {b})."
    assert window.board.current_card_id() == a


def test_count_pills_look_as_their_style_sheet_draws_them(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A pill paints its corners and its rounded background itself (opaque): the same
    pixels as a QLabel with its style sheet, over the same background."""
    from followup_desktop.ui.board_widget import CountLabel

    style = view(window, "Applied").parentWidget().count.styleSheet()  # type: ignore[attr-defined]
    hosts: list[QWidget] = []  # (alive to the end: their labels are measured after)

    def drawn(label: QLabel, count: str, size: QSize | None = None) -> QImage:
        host = QWidget()
        qtbot.addWidget(host)
        hosts.append(host)
        host.resize(120, 40)
        label.setParent(host)
        label.setStyleSheet(style)
        if isinstance(label, CountLabel):
            label.set_row_height(21)
            label.set_count(count)
        else:
            label.setText(count)
            assert size is not None
            label.setFixedSize(size)
        label.move(5, 4)
        host.show()
        QApplication.processEvents()
        return host.grab().toImage()

    for count in ("7", "12", "1,234", "53/1,426"):
        pill = CountLabel()
        ours = drawn(pill, count)
        assert ours == drawn(QLabel(), count, pill.size()), count
    # A pill whose number gets longer is drawn at its new size.
    grown = CountLabel()
    drawn(grown, "7")
    grown.set_count("1,234")
    QApplication.processEvents()
    host = grown.parentWidget()
    assert host is not None
    assert host.grab().toImage() == drawn(QLabel(), "1,234", grown.size())
    # The pill's background is drawn once and kept: in other colours it is drawn again.
    from followup_desktop.ui import theme as theming

    before = QApplication.palette()
    try:
        theming.apply(QApplication.instance(), "dark")
        for count in ("7", "12"):
            pill = CountLabel()
            ours = drawn(pill, count)
            assert ours == drawn(QLabel(), count, pill.size()), count
    finally:
        QApplication.setPalette(before)


def test_an_empty_column_says_what_to_do_or_that_nothing_matches(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty column is not a blank box: it says how to fill it, or, under a search or
    filter, that nothing in it matches (its count reads "0/12" then)."""
    add(window, "Acme")
    offer, applied = view(window, "Offer"), view(window, "Applied")
    QApplication.processEvents()
    assert offer.empty_hint() == (
        "No cards yet. Drag one here, or double-click or press N to add one."
    )
    assert applied.empty_hint() == ""

    def pixels() -> QImage:
        image = QImage(offer.viewport().size(), QImage.Format.Format_ARGB32)
        offer.viewport().render(image)
        return image

    with_hint = pixels()
    with monkeypatch.context() as patch:
        patch.setattr(ColumnView, "empty_hint", lambda self: "")
        assert pixels() != with_hint  # the hint is painted
    window.search.setText("zzz")
    QApplication.processEvents()
    assert applied.empty_hint() == "No matching cards here."
    assert offer.empty_hint() == "No matching cards here."
    window.search.clear()
    QApplication.processEvents()
    assert applied.empty_hint() == ""


def test_an_undone_move_brings_the_card_back_as_it_was(
    window: MainWindow, clock: ManualClock
) -> None:
    """Undo puts back the days the card had spent in its stage and the follow-ups timed
    from them: a move re-times the stage's check-in, and the undone move left the card at
    "0d" with its check-in days later than before. Redo is a move made now."""
    a = add(window, "Acme")
    clock.advance(dt.timedelta(days=4))
    window.board.reload()  # the card's day count at the new time

    def card() -> tuple[dt.datetime, list[tuple[str, dt.datetime]]]:
        pending = queries.pending_follow_ups(window.bridge.db, a)
        return window.board.store[a].stage_entered_at, [(f.kind, f.due_at) for f in pending]

    before = card()
    assert before[1], "the playbook plans a check-in for an applied card"
    assert window.move_cards([a], stage_id(window, "Interviewing"), 0)
    moved = card()
    assert moved[0] == clock.now()
    assert moved != before
    window.undo_stack.undo()
    assert window.board.store[a].stage_id == stage_id(window, "Applied")
    assert card() == before
    detail = queries.application_detail(window.bridge.db, a)
    assert detail is not None
    assert detail.activity[0].summary == "Moved back from Interviewing to Applied (undo)"
    window.undo_stack.redo()
    assert card()[0] == clock.now()


def test_the_undo_notice_goes_once_its_move_is_undone_or_buried(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The notice's Undo undoes the top of the undo stack: after Ctrl+Z it offered to undo
    the move just undone (and clicking it undid the step before), and an edit or a
    reorder on top made it undo that instead. A run of moves keeps it up, naming the
    last one."""
    a = add(window, "Acme")
    b = add(window, "Globex")
    offer, interviewing = stage_id(window, "Offer"), stage_id(window, "Interviewing")
    assert window.move_cards([a], offer, 0)
    assert window.move_cards([b], interviewing, 0)
    assert window.toast.isVisible()
    assert window.toast.label.text() == "Moved Globex to Interviewing"
    window.act_undo.trigger()  # Ctrl+Z
    assert not window.toast.isVisible()
    assert window.board.store[a].stage_id == offer  # the move before stays
    window.act_redo.trigger()
    assert not window.toast.isVisible()  # nothing new to offer
    assert window.move_cards([b], offer, 1)
    assert window.toast.isVisible()
    assert window.move_cards([b], offer, 0)  # a reorder: no notice of its own
    assert not window.toast.isVisible()
    window.toast.show_message("Could not export: disk full", error=True)
    window.undo_stack.undo()
    assert window.toast.isVisible()  # an error is not the Undo notice


def test_the_board_shows_what_the_database_holds_through_moves_and_undo(
    window: MainWindow,
) -> None:
    """Single-card moves update the columns by row (``BoardWidget._move_directly``),
    multi-card moves and moves under a search replay whole orders: after every step of a
    random sequence, with undo and redo, each column shows exactly the stored order."""
    import random

    names = ("Applied", "Interviewing", "Offer")
    for i in range(24):
        add(window, f"Card {i:02}", names[i % 3], role="needle" if i % 4 == 0 else "Engineer")
    rng = random.Random(5)
    db = window.bridge.db

    def check(step: str) -> None:
        for name in names:
            sid = stage_id(window, name)
            stored = board.card_ids(db, sid)
            model = view(window, name).column_model()
            assert model.order() == stored, step
            if not window.board.filtering():
                assert view(window, name).column_model().ids() == stored, step

    for step in range(60):
        if step == 30:
            window.search.setText("needle")  # moves under a filter take the other path
        if step == 45:
            window.search.setText("")
        roll = rng.random()
        if roll < 0.15 and window.undo_stack.canUndo():
            window.undo_stack.undo()
        elif roll < 0.25 and window.undo_stack.canRedo():
            window.undo_stack.redo()
        else:
            src = stage_id(window, rng.choice(names))
            cards = board.card_ids(db, src)
            if not cards:
                continue
            moving = rng.sample(cards, 1 if rng.random() < 0.8 else min(2, len(cards)))
            target = stage_id(window, rng.choice(names))
            index = rng.choice([-1, 0, rng.randint(0, len(board.card_ids(db, target)))])
            assert window.move_cards(moving, target, index)
        check(f"step {step}")


def test_ctrl_z_in_a_text_field_is_not_board_undo(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    a = add(window, "Acme")
    window.move_cards([a], stage_id(window, "Offer"), -1)
    window.focus_search()
    qtbot.keyClicks(window.search, "xyz")
    qtbot.keyClick(window.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.search.text() == ""  # the field undid its own typing
    assert shown(view(window, "Offer")) == ["Acme"]  # the board move stands
    window.board.select_card(a)
    qtbot.keyClick(view(window, "Offer"), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown(view(window, "Applied")) == ["Acme"]


def test_search_filters_every_column(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    add(window, "Acme", "Applied", role="Data Engineer")
    add(window, "Globex", "Offer", role="SRE")
    add(window, "Hooli", "Offer", role="Data Scientist")
    qtbot.keyClick(window, Qt.Key.Key_Slash)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "data")
    assert shown(view(window, "Applied")) == ["Acme"]
    assert shown(view(window, "Offer")) == ["Hooli"]
    assert window.board.frames[stage_id(window, "Offer")].count.text() == "1/2"
    window.search.clear()
    assert shown(view(window, "Offer")) == ["Globex", "Hooli"]


def test_a_search_shows_the_top_of_the_results_or_the_selected_card(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """A column scrolled down before typing shows its first matches, not the end of
    them; a selected card that still matches stays in view."""
    for i in range(30):
        add(window, f"Match {i:02d}" if i % 2 else f"Other {i:02d}", "Applied")
    for i in range(30):
        add(window, f"Match {i:02d} offer" if i % 3 else f"Other {i:02d}", "Offer")
    applied, offer = view(window, "Applied"), view(window, "Offer")
    offer.selectionModel().clearSelection()
    offer.verticalScrollBar().setValue(offer.verticalScrollBar().maximum())
    selected = next(i for i, name in enumerate(shown(applied)) if name == "Match 23")
    applied.setCurrentIndex(applied.model().index(selected, 0))
    applied.selectionModel().select(
        applied.currentIndex(), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    window.search.setText("match")
    qtbot.wait(10)
    assert offer.verticalScrollBar().value() == 0
    assert shown(offer)[0] == "Match 01 offer"
    assert applied.currentIndex().data() == "Match 23"
    assert applied.viewport().rect().intersects(applied.visualRect(applied.currentIndex()))


def test_a_search_keystroke_is_painted_in_one_pass(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Filtering lays the columns and their headers out before the repaint: one paint of
    the window per keystroke (a column that re-lays out on a timer was painted twice)."""
    for i in range(60):
        add(window, f"Match {i:02d}" if i % 3 else f"Other {i:02d}", "Applied")
    window.search.setText("m")
    qtbot.wait(400)  # the search box's clear button fades in
    seen: list[str] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() in (QEvent.Type.UpdateRequest, QEvent.Type.LayoutRequest):
                seen.append(f"{event.type().name} {watched.objectName()}")
            return False

    watch = Watch()
    for widget in [window, *window.findChildren(QWidget)]:
        widget.installEventFilter(watch)
    for text in ("match", "match 1", "ma"):
        window.search.setText(text)
        seen.clear()
        for _ in range(3):
            QApplication.processEvents()
        assert seen == ["UpdateRequest main-window"], text
        assert window_shown(window) == window_fresh(window), text
    for widget in [window, *window.findChildren(QWidget)]:
        widget.removeEventFilter(watch)


def test_escape_clears_the_search_only_from_the_search_box(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Escape in the search box clears it and goes back to the board; on the board it
    is no business of the search's. (The shortcut was window-wide: PySide6 dropped its
    context, and Escape on a card cleared the search and jumped to the first card.)"""
    add(window, "Acme")
    b = add(window, "Globex")
    window.search.setText("o")
    window.board.select_card(b)
    applied = view(window, "Applied")
    qtbot.keyClick(applied, Qt.Key.Key_Escape)
    assert window.search.text() == "o"
    assert applied.current_id() == b
    window.focus_search()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.board.current_view() is applied


def test_overdue_filter(window: MainWindow, clock: ManualClock) -> None:
    a = add(window, "Acme")
    add(window, "Globex")
    from followup_desktop.services import followups

    window.bridge.call(followups.add_follow_up, a, "Ping", clock.now() - dt.timedelta(hours=1))
    window.act_overdue.setChecked(True)
    assert shown(view(window, "Applied")) == ["Acme"]
    window.act_overdue.setChecked(False)
    assert shown(view(window, "Applied")) == ["Acme", "Globex"]
    # Archived, its follow-ups are silenced: shown with the archive, it is not overdue.
    window.bridge.call(applications.set_archived, a, True)
    window.act_archived.setChecked(True)
    window.act_overdue.setChecked(True)
    assert shown(view(window, "Applied")) == []


def test_a_card_shows_its_words_in_full_under_the_pointer(window: MainWindow, clock) -> None:  # type: ignore[no-untyped-def]
    """A narrow column cuts long texts short; resting the pointer on a card shows them all,
    as typed (a company that looks like markup included)."""
    from followup_desktop.services import followups

    company = "<b>Very</b> Long Company Name Holdings International GmbH & Co. KG"
    a = add(window, company, role="Principal Staff Engineer, Developer Platform")
    title = "Send the take-home solution with the benchmark write-up to the hiring manager"
    window.bridge.call(followups.add_follow_up, a, title, clock.now() + dt.timedelta(days=2))
    v = view(window, "Applied")
    rect = v.visualRect(v.model().index(0, 0))
    pos = rect.center()
    QApplication.sendEvent(
        v.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos, v.viewport().mapToGlobal(pos))
    )
    text = shown_tooltip(QToolTip.text())
    QToolTip.hideText()
    assert text.splitlines()[:2] == [company, "Principal Staff Engineer, Developer Platform"]
    assert f"Next: {title} (" in text


HOSTILE = "<img src=x onerror=alert(1)><b>Bold</b>"


def test_hostile_text_stays_plain(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    a = add(window, HOSTILE, role="<i>role</i>")
    window.bridge.call(stages.edit_stage, stage_id(window, "Applied"), name="<b>Applied</b>")
    v = view(window, "<b>Applied</b>")
    assert shown(v) == [HOSTILE]
    frame = window.board.frames[stage_id(window, "<b>Applied</b>")]
    assert frame.name.text() == "<b>Applied</b>"
    for label in window.findChildren(QLabel):
        if "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    window.open_card(a)
    editor = window._editors[a]
    assert editor.windowTitle() == f"{HOSTILE} — <i>role</i>"
    assert editor.fields["company"].text() == HOSTILE  # type: ignore[union-attr]
    for label in editor.findChildren(QLabel):
        if "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText
    editor.close()
    # The painted card: render it and check it is not empty (drawText never parses markup).
    pix = v.grab()
    assert not pix.isNull()


@pytest.mark.parametrize(
    "text",
    [HOSTILE, "<!DOCTYPE html><p>x", "a  b\n\n  c", "&amp; &lt;b&gt;", "plain", "<", "x > y"],
)
def test_a_plain_tip_reads_as_the_characters(qapp, text: str) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.forms import plain_tip

    assert shown_tooltip(plain_tip(text)) == text
    assert plain_tip("") == ""  # no tooltip at all, not an empty paragraph


def test_tooltips_show_user_text_as_typed(
    window: MainWindow,
    clock: ManualClock,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """Tooltips have no text format: Qt renders one that looks like markup as rich text,
    so the notice's "Moved <img…> to Offer" showed an image and lost the name."""
    from followup_desktop.services import followups

    a = add(window, HOSTILE, role="<i>role</i>")
    assert window.move_cards([a], stage_id(window, "Offer"), -1)
    message = f"Moved {HOSTILE} to Offer"
    assert window.toast.label.text() == message
    assert shown_tooltip(window.toast.label.toolTip()) == message
    assert tooltip(window, window.act_undo) == f"Undo {message}"
    window.bridge.call(followups.add_follow_up, a, "Ping <b>them</b>", clock.now())
    window.due.flush()
    model = window.due.model
    tips = [model.index(r).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())]
    shown_tips = [shown_tooltip(t) for t in tips if t]
    assert len(shown_tips) == 1
    assert shown_tips[0].splitlines()[:2] == ["Ping <b>them</b>", f"{HOSTILE} — <i>role</i>"]


def test_a_card_draws_markup_as_the_characters_typed(window: MainWindow) -> None:
    """Card texts are laid out once and cached (QStaticText), which renders markup unless
    told not to: "<b>W</b>" must take the width of those eight characters, not of a W."""
    from PySide6.QtGui import QColor, QFontMetrics, QImage

    from followup_desktop.ui import card_delegate

    add(window, "<b>W</b>", role="<i>r</i>")
    v = view(window, "Applied")
    image = QImage(v.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    v.viewport().render(image)
    bold = v.font()
    bold.setBold(True)
    literal = QFontMetrics(bold).horizontalAdvance("<b>W</b>")
    assert literal > 3 * QFontMetrics(bold).horizontalAdvance("W")
    left = card_delegate.MARGIN_X + card_delegate.PAD
    top = card_delegate.MARGIN_Y + card_delegate.PAD - 2
    line = range(top, top + QFontMetrics(bold).height())
    inked = [
        x
        for x in range(left, image.width() // 2 + 60)
        if any(QColor(image.pixel(x, y)).lightness() < 128 for y in line)
    ]
    assert inked
    assert max(inked) - min(inked) >= literal - 4


def test_editor_round_trip_and_undo(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    a = add(window, "Acme")
    window.open_card(a)
    editor = window._editors[a]
    role = editor.fields["role"]
    assert isinstance(role, QLineEdit)
    role.setText("Staff Engineer")
    editor.fields["notes"].setPlainText("Met at PyCon 🐍")  # type: ignore[union-attr]
    assert editor.save()
    detail = queries.application_detail(window.bridge.db, a)
    assert detail is not None
    assert (detail.app.role, detail.app.notes) == ("Staff Engineer", "Met at PyCon 🐍")
    window.undo_stack.undo()
    detail = queries.application_detail(window.bridge.db, a)
    assert detail is not None
    assert detail.app.role == "Engineer"
    assert role.text() == "Engineer"  # the open editor follows
    # Bad input: an empty company is refused with a message, nothing changes.
    company = editor.fields["company"]
    assert isinstance(company, QLineEdit)
    company.setText("   ")
    assert not editor.save()
    assert window.toast.isVisible()
    assert "Company cannot be empty" in window.toast.label.text()
    company.setText("Acme")
    editor.close()


def test_logging_an_interview_shows_thank_you_badges(
    window: MainWindow, clock: ManualClock
) -> None:
    a = add(window, "Acme", "Interviewing")
    window.bridge.call(interviews.log_interview, a, clock.now() - dt.timedelta(hours=2))
    window.due.flush()
    rec = window.board.store[a]
    assert rec.thank_you_pending
    assert rec.next_title == "Send a thank-you email to your interviewers"
    titles = [window.due.model.index(r).data() for r in range(window.due.model.rowCount())]
    assert any("thank-you" in (t or "") for t in titles)


def test_due_panel_repaints_only_rows_that_changed(window: MainWindow, clock: ManualClock) -> None:
    """A reload that finds the same follow-ups changes nothing on screen (it used to reset
    the list: a full re-layout and repaint 120 ms after every drop); a row whose text
    changed is the only one updated."""
    from followup_desktop.services import followups

    a = add(window, "Acme")
    b = add(window, "Globex")
    window.bridge.call(followups.add_follow_up, a, "Ping", clock.now() + dt.timedelta(days=3))
    window.bridge.call(followups.add_follow_up, b, "Call", clock.now() + dt.timedelta(days=5))
    due = window.due
    due.flush()
    model = due.model
    resets: list[int] = []
    changed: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(
        lambda top, bottom, *_: changed.extend(range(top.row(), bottom.row() + 1))
    )
    due.reload()
    assert (resets, changed) == ([], [])
    before = [model.index(r).data() for r in range(model.rowCount())]
    clock.advance(dt.timedelta(days=2))  # Ping is due "Tomorrow" now; Call still a weekday
    due.reload()
    after = [model.index(r).data() for r in range(model.rowCount())]
    assert resets == []
    assert changed == [i for i, (x, y) in enumerate(zip(before, after, strict=True)) if x != y]
    assert len(changed) == 1
    assert "Tomorrow" in after[changed[0]]


def test_due_panel_done_and_snooze(
    window: MainWindow, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = add(window, "Acme")
    from followup_desktop.services import followups

    created = window.bridge.call(
        followups.add_follow_up, a, "Send portfolio", clock.now() - dt.timedelta(hours=1)
    )
    assert created is not None
    window.due.flush()
    assert window.due.select_follow_up(created.id)
    menu = window.due.snooze.menu()
    assert [a.text() for a in menu.actions()] == [
        "In 1 hour", "Tomorrow 9:00", "Next Monday 9:00", "Until…",
    ]  # fmt: skip
    menu.actions()[0].trigger()
    window.due.flush()
    assert window.due.select_follow_up(created.id)  # still listed (coming up), now later
    # Until…: a day and time of one's own, as in the card editor.
    chosen = (clock.now() + dt.timedelta(days=3, hours=2)).replace(second=0, microsecond=0)

    def pick(dialog: forms.WhenDialog) -> int:
        dialog.when.setDateTime(forms.datetime_edit(chosen, dialog.tz).dateTime())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(forms.WhenDialog, "exec", pick)
    menu.actions()[3].trigger()
    window.due.flush()
    with window.bridge.db.read() as s:
        fu = s.get(FollowUp, created.id)
        assert fu is not None
        assert as_utc(fu.snoozed_until) == chosen
    assert window.due.select_follow_up(created.id)
    window.due._complete(None)
    window.due.flush()
    assert not window.due.select_follow_up(created.id)


def test_due_panel_acts_on_several_follow_ups(
    window: MainWindow, clock: ManualClock, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Back from a week away: Ctrl+click (or Ctrl+A) several, one Snooze or Done for all."""
    from followup_desktop.services import followups

    made = []
    for name in ("Acme", "Globex", "Initech"):
        app = add(window, name)
        fu = window.bridge.call(
            followups.add_follow_up, app, f"Ping {name}", clock.now() - dt.timedelta(hours=2)
        )
        made.append(fu.id)
    panel = window.due
    panel.flush()
    assert panel.select_follow_up(made[0])
    assert panel.done.toolTip() == "Mark the selected follow-up done"
    assert panel.draft.isEnabled()
    rows = {panel.model.index(r).data(FollowUpIdRole): r for r in range(panel.model.rowCount())}
    second = panel.model.index(rows[made[1]])
    qtbot.mouseClick(
        panel.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        panel.view.visualRect(second).center(),
    )
    assert sorted(r.id for r in panel.chosen_rows()) == sorted(made[:2])
    assert panel.done.toolTip() == "Mark the 2 selected follow-ups done"
    assert panel.snooze.toolTip() == "Snooze the 2 selected follow-ups"
    assert not panel.draft.isEnabled()  # a message goes to one person
    panel.snooze.menu().actions()[1].trigger()  # tomorrow 9:00
    for fu_id in made[:2]:
        with window.bridge.db.read() as s:
            fu = s.get(FollowUp, fu_id)
            assert fu is not None
            assert fu.snoozed_until is not None
    panel.flush()
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(panel.chosen_rows()) == 3
    panel._complete(None)
    panel.flush()
    for fu_id in made:
        assert not panel.select_follow_up(fu_id)
    # A way back from a Done clicked by mistake: the notice's Reopen.
    assert window.toast.label.text() == "Done: 3 follow-ups"
    assert window.toast.action.text() == "Reopen"
    window.toast.action.click()
    panel.flush()
    for fu_id in made:
        assert panel.select_follow_up(fu_id)
    panel.view.clearSelection()
    assert panel.select_follow_up(made[0])
    panel._complete(None)
    assert window.toast.label.text() == "Done: Ping Acme"  # one row: named


def test_due_panel_rows_have_a_menu(
    window: MainWindow, clock: ManualClock, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Right-click (or the Menu key on) a row: what the buttons do, on that row."""
    from PySide6.QtWidgets import QMenu

    from followup_desktop.services import followups

    a = add(window, "Acme")
    fu = window.bridge.call(followups.add_follow_up, a, "Ping", clock.now() - dt.timedelta(hours=1))
    panel = window.due
    panel.flush()
    assert panel.select_follow_up(fu.id)
    menu = panel.row_menu()
    texts = [act.text() for act in menu.actions() if not act.isSeparator()]
    assert texts == [
        "Done — they &replied",
        "Done — &no reply yet",
        "&Done",
        "&Snooze",
        "Dr&aft…",
        "&Open card",
    ]
    shown: list[QMenu] = []

    class Shown:  # the menu, not run (a real exec() waits for a click)
        def exec(self, pos: QPoint) -> None:
            shown.append(menu)

    monkeypatch.setattr(panel, "row_menu", Shown)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Menu)
    assert len(shown) == 1
    header = panel.model.index(0)  # "Overdue (1)": no menu for a heading
    panel.view.customContextMenuRequested.emit(panel.view.visualRect(header).center())
    assert len(shown) == 1
    opened: list[int] = []
    window.due.openRequested.disconnect()
    window.due.openRequested.connect(lambda app_id, fu_id: opened.append(app_id))
    next(act for act in menu.actions() if act.text() == "&Open card").trigger()
    assert opened == [a]
    next(act for act in menu.actions() if act.text() == "&Done").trigger()
    panel.flush()
    assert not panel.select_follow_up(fu.id)


def test_due_panel_lists_the_week_s_interviews_first(
    window: MainWindow, clock: ManualClock
) -> None:
    """The interviews ahead (and one under way) head the panel: what to prepare for. They
    open their card; Done and Snooze are for follow-ups and leave them alone."""
    a = add(window, "Acme", "Interviewing")
    b = add(window, "Globex", "Interviewing")
    hour = dt.timedelta(hours=1)
    window.bridge.call(interviews.log_interview, a, clock.now() - hour / 2, duration_minutes=60)
    window.bridge.call(interviews.log_interview, b, clock.now() + 26 * hour)
    panel = window.due
    panel.flush()
    texts = [panel.model.index(r).data() for r in range(panel.model.rowCount())]
    assert texts[:3] == [
        "Interviews (2)",
        "Acme — round 1, video\nNow, until 11:30",
        "Globex — round 1, video\nTomorrow 13:00",
    ]
    assert panel.model.due_now == 0  # not follow-ups: nothing "due now" for the tray
    panel.view.setCurrentIndex(panel.model.index(2))
    assert panel.open_button.isEnabled()
    assert not panel.done.isEnabled()
    assert not panel.snooze.isEnabled()
    panel.open_button.click()  # the card, at that interview
    editor = window._editors[b]
    assert editor.tabs.currentIndex() == 2
    assert editor.interviews.currentRow() == 0
    editor.close()
    # Over: gone at the next reload (one is due when the first interview ends).
    assert panel._interview_over.isActive()
    clock.advance(hour)
    panel.reload()
    texts = [panel.model.index(r).data() for r in range(panel.model.rowCount())]
    assert texts[0] == "Interviews (1)"
    assert "Acme — round 1, video\nNow, until 11:30" not in texts


def test_stage_changes_rebuild_columns(window: MainWindow) -> None:
    add(window, "Acme", "Offer")
    sid = stage_id(window, "Offer")
    window.bridge.call(stages.edit_stage, sid, hidden=True)
    assert window.findChild(ColumnView, column_object_name(sid)) is None
    window.bridge.call(stages.edit_stage, sid, hidden=False, wip_limit=1)
    add(window, "Globex", "Offer")
    assert window.board.frames[sid].wip.text() == "over limit (1)"


def test_geometry_is_restored(qtbot, db: Database, clock: ManualClock, ui_settings) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.bridge import DataBridge

    bridge = DataBridge(db)
    first = MainWindow(bridge, clock, ui_settings)
    qtbot.addWidget(first)
    first.resize(700, 555)
    first.show()
    saved = first.size()  # at least the window's minimum width
    assert saved.height() == 555
    first.close()
    second = MainWindow(bridge, clock, ui_settings)
    qtbot.addWidget(second)
    assert second.height() == saved.height()  # width: the 800-px offscreen screen clamps it
    bridge.detach()


def test_a_size_from_a_bigger_screen_falls_back_to_one_that_fits(
    qtbot, db: Database, clock: ManualClock, ui_settings
) -> None:  # type: ignore[no-untyped-def]
    """A window size kept from a screen this one cannot hold (a monitor, then the laptop
    alone; another scale) is refused by Qt: the window then opens at nine tenths of this
    screen, not at its smallest. The first run too, on a screen smaller than 1280 × 800
    (offscreen's is 800 × 800)."""
    from PySide6.QtWidgets import QMainWindow

    from followup_desktop.ui.bridge import DataBridge

    big = QMainWindow()
    big.setGeometry(1, 25, 1900, 1150)
    # Saved on a screen 2,560 px wide: Qt's format keeps that width after the magic,
    # version, frame and normal rectangles, screen number and two flags (offset 46).
    saved = bytearray(big.saveGeometry().data())
    saved[46:50] = (2560).to_bytes(4, "big")
    kept = QByteArray(bytes(saved))
    assert not QMainWindow().restoreGeometry(kept)  # Qt refuses it on this screen
    ui_settings.setValue("window/geometry", kept)
    bridge = DataBridge(db)
    window = MainWindow(bridge, clock, ui_settings)
    qtbot.addWidget(window)
    room = window.screen().availableGeometry().size()
    assert (window.width(), window.height()) == (room.width() * 9 // 10, room.height() * 9 // 10)
    ui_settings.remove("window/geometry")
    first = MainWindow(bridge, clock, ui_settings)
    qtbot.addWidget(first)
    assert first.size() == window.size()
    bridge.detach()


def test_context_menu_moves(window: MainWindow) -> None:
    a = add(window, "Acme")
    menu = window.card_menu(a)
    move_to = next(act.menu() for act in menu.actions() if act.text() == "&Move to")
    offer = next(act for act in move_to.actions() if act.text() == "Offer")
    offer.trigger()
    assert shown(view(window, "Offer")) == ["Acme"]
    assert view(window, "Offer").model().index(0, 0).data(ApplicationIdRole) == a


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_themes_apply(qapp, theme: str) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.ui import theme as theming

    theming.apply(qapp, theme)
    pal = qapp.palette()
    dark = pal.window().color().lightness() < 128
    assert dark is (theme == "dark")
    # Text stays readable on every background the window paints it on (the column count
    # sits on midlight, which the dark theme once left a light grey).
    role = QPalette.ColorRole
    for back, fore in (
        (role.Window, role.WindowText),
        (role.Base, role.Text),
        (role.Button, role.ButtonText),
        (role.Midlight, role.WindowText),
        (role.AlternateBase, role.Text),
    ):
        contrast = abs(pal.color(back).lightness() - pal.color(fore).lightness())
        assert contrast > 120, (back, fore)
    # A disabled button or action looks disabled: its text is muted (it was the enabled
    # colour, so a greyed-out Undo looked clickable), yet still readable.
    group = QPalette.ColorGroup
    for back, fore in ((role.Button, role.ButtonText), (role.Window, role.WindowText)):
        enabled = pal.color(group.Active, fore).lightness()
        disabled = pal.color(group.Disabled, fore).lightness()
        background = pal.color(group.Disabled, back).lightness()
        assert abs(enabled - disabled) > 40, fore
        assert abs(disabled - background) > 40, fore


def test_keyboard_opens_the_card_menu(window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a = add(window, "Acme")
    add(window, "Globex")
    asked: list[int] = []
    monkeypatch.setattr(window, "_card_menu", lambda app_id, pos: asked.append(app_id))
    window.board.contextMenuRequested.disconnect()
    window.board.contextMenuRequested.connect(window._card_menu)
    window.board.select_card(a)
    _key(qtbot, view(window, "Applied"), Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    _key(qtbot, view(window, "Applied"), Qt.Key.Key_Menu)
    assert asked == [a, a]


def test_the_ghosted_suggestion_is_one_click_in_the_card_menu(window: MainWindow, clock) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.core.types import Outcome
    from followup_desktop.services import followups

    a = add(window, "Acme")
    for _ in range(2):
        (check,) = queries.pending_follow_ups(window.bridge.db, a)
        clock.set(check.due_at)
        window.bridge.call(followups.complete_follow_up, check.id, outcome=Outcome.NO_REPLY)
    assert window.board.store[a].ghost_suggested
    assert shown(view(window, "Applied")) == ["Acme"]  # suggested, not moved
    menu = window.card_menu(a)
    (ghost,) = [act for act in menu.actions() if act.objectName() == "card-menu-ghosted"]
    assert ghost.text() == "Move to Ghosted (2 follow-ups unanswered)"
    ghost.trigger()
    assert shown(view(window, "Ghosted")) == ["Acme"]
    assert not window.board.store[a].ghost_suggested


def test_the_status_bar_counts_show_their_cards(window: MainWindow, clock) -> None:  # type: ignore[no-untyped-def]
    """ "1 with an overdue follow-up" and "1 may have gone quiet" are buttons: each turns on
    the filter showing just those cards (pressed while on); the filter's key does the same."""
    from followup_desktop.core.types import Outcome
    from followup_desktop.services import followups

    quiet = add(window, "Quiet Co")
    for _ in range(2):
        (check,) = queries.pending_follow_ups(window.bridge.db, quiet)
        clock.set(check.due_at)
        window.bridge.call(followups.complete_follow_up, check.id, outcome=Outcome.NO_REPLY)
    late = add(window, "Late Inc")
    window.bridge.call(followups.add_follow_up, late, "Ping", clock.now() - dt.timedelta(hours=1))
    add(window, "Fine Ltd")
    window._update_status()
    counts = window.counts
    assert counts.plain() == (
        "3 applications · 3 in progress · 1 with an overdue follow-up · 1 may have gone quiet"
    )
    assert counts.quiet.isVisibleTo(window)
    assert counts.overdue.isVisibleTo(window)
    everyone = ["Fine Ltd", "Late Inc", "Quiet Co"]
    assert sorted(shown(view(window, "Applied"))) == everyone

    counts.quiet.click()
    assert window.act_quiet.isChecked()
    assert counts.quiet.isChecked()
    assert shown(view(window, "Applied")) == ["Quiet Co"]
    counts.quiet.click()
    assert not window.act_quiet.isChecked()
    counts.overdue.click()
    assert window.act_overdue.isChecked()
    assert counts.overdue.isChecked()
    assert shown(view(window, "Applied")) == ["Late Inc"]
    window.act_overdue.setChecked(False)  # the menu or Ctrl+Shift+O: the button follows
    assert not counts.overdue.isChecked()
    assert window.act_quiet.shortcut().toString() == "Ctrl+Shift+G"
    assert "Ctrl+Shift+G" in counts.quiet.toolTip()

    # Nothing left to count: the button goes, unless its filter is on (the way back).
    window.act_quiet.setChecked(True)
    assert window.move_cards([quiet], stage_id(window, "Ghosted"), 0)
    window._update_status()
    assert counts.quiet.isVisibleTo(window)
    assert counts.quiet.text() == "0 may have gone quiet"
    assert sorted(shown(view(window, "Applied"))) == []
    counts.quiet.click()
    assert not counts.quiet.isVisibleTo(window)
    assert sorted(shown(view(window, "Applied"))) == ["Fine Ltd", "Late Inc"]
    window.bridge.call(
        followups.complete_follow_up, queries.pending_follow_ups(window.bridge.db, late)[0].id
    )
    window._update_status()
    assert counts.plain() == "3 applications · 2 in progress · nothing overdue"
    assert not counts.overdue.isVisibleTo(window)


def _sub(menu, name: str):  # type: ignore[no-untyped-def]
    """The submenu or action of ``menu`` named ``name`` (one level down included)."""
    for act in menu.actions():
        if act.objectName() == name:
            return act
        sub = act.menu()
        if sub is not None and sub.objectName() == name:
            return sub
    raise AssertionError(f"no {name} in {[a.text() for a in menu.actions()]}")


def test_sorting_a_column_from_the_card_menu_undoes_and_redoes(window: MainWindow) -> None:
    first, _, _ = (add(window, company) for company in ("Globex", "acme", "Initech"))
    applied = view(window, "Applied")
    assert shown(applied) == ["Globex", "acme", "Initech"]
    sort = _sub(window.card_menu(first), "sort-menu")
    assert sort.title() == "&Sort this column"
    assert [a.text() for a in sort.actions()] == [
        "&Next follow-up, soonest first",
        "&Company, A to Z",
        "&Longest in this stage first",
        "Ne&west first",
    ]
    _sub(sort, "sort-company").trigger()
    assert shown(applied) == ["acme", "Globex", "Initech"]
    assert window.toast.label.text() == "Sorted Applied: company, A to Z"
    assert window.toast.undo.isVisibleTo(window.toast)
    window.undo_stack.undo()
    assert shown(applied) == ["Globex", "acme", "Initech"]
    window.undo_stack.redo()
    assert shown(applied) == ["acme", "Globex", "Initech"]
    # The same order again: nothing to undo, and it says so.
    steps = window.undo_stack.count()
    window.sort_column(stage_id(window, "Applied"), "company")
    assert window.undo_stack.count() == steps
    assert window.toast.label.text() == "Applied was in that order already."
    # The cards survive a re-read of the board in their sorted order.
    window.board.reload()
    assert shown(applied) == ["acme", "Globex", "Initech"]


def test_sorting_during_a_search_shows_the_whole_column(window: MainWindow) -> None:
    for company in ("Globex", "Acme", "Initech"):
        add(window, company)
    window.search.setText("init")
    assert shown(view(window, "Applied")) == ["Initech"]
    window.sort_column(stage_id(window, "Applied"), "company")
    assert window.search.text() == ""
    assert shown(view(window, "Applied")) == ["Acme", "Globex", "Initech"]


def test_the_column_menu_from_the_header_and_from_empty_space(
    window: MainWindow, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QContextMenuEvent

    add(window, "Acme")
    asked: list[int] = []
    monkeypatch.setattr(window, "_column_menu", lambda sid, pos: asked.append(sid))
    window.board.columnMenuRequested.disconnect()
    window.board.columnMenuRequested.connect(window._column_menu)
    cards: list[int] = []
    window.board.contextMenuRequested.disconnect()
    window.board.contextMenuRequested.connect(lambda app_id, pos: cards.append(app_id))
    applied, offer = stage_id(window, "Applied"), stage_id(window, "Offer")
    name = window.board.frames[applied].name  # a label: the event goes on to the header
    QApplication.sendEvent(
        name, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(2, 2), QPoint(2, 2))
    )
    empty = view(window, "Offer")
    empty.customContextMenuRequested.emit(QPoint(20, 20))
    assert asked == [applied, offer]
    # A card's right-click is still the card's menu, not the column's.
    v = view(window, "Applied")
    v.customContextMenuRequested.emit(v.visualRect(v.model().index(0, 0)).center())
    assert asked == [applied, offer]
    assert len(cards) == 1
    # By keyboard: the Menu key in an empty column opens the column's menu.
    empty.setFocus()
    _key(qtbot, empty, Qt.Key.Key_Menu)
    assert asked == [applied, offer, offer]

    menu = window.column_menu(offer)
    assert [a.text() for a in menu.actions()] == [
        "&Add application here…",
        "&Sort by",
        "&Collapse column",
    ]
    assert not _sub(menu, "sort-menu").isEnabled()  # nothing to sort in an empty column
    assert _sub(window.column_menu(applied), "sort-menu").isEnabled() is False  # one card
    added: list[int | None] = []
    monkeypatch.setattr(window, "quick_add", added.append)
    _sub(menu, "column-menu-add").trigger()
    assert added == [offer]
    _sub(menu, "column-menu-fold").trigger()
    assert window.board.is_collapsed(offer)
    assert _sub(window.column_menu(offer), "column-menu-fold").text() == "&Expand column"


def test_card_pictures_are_reused_until_what_they_show_changes(
    window: MainWindow, clock: ManualClock, drawn: list[str]
) -> None:
    """A repaint blits the cached picture; the clock moving on redraws a card only when its
    badge or day count changes (not once a minute)."""
    from followup_desktop.services import followups

    applied = view(window, "Applied")
    applied.itemDelegate().pictures.clear()  # type: ignore[attr-defined]
    a = add(window, "Acme")
    window.bridge.call(followups.add_follow_up, a, "Ping", clock.now() + dt.timedelta(hours=2))
    applied.viewport().repaint()
    assert drawn.count("Acme") >= 1
    drawn.clear()
    clock.advance(dt.timedelta(minutes=30))  # still "Today HH:MM": the same picture
    applied.viewport().repaint()
    assert drawn == []
    clock.advance(dt.timedelta(hours=2))  # now overdue: a new badge, a new picture
    applied.viewport().repaint()
    assert drawn == ["Acme"]


def test_card_frames_and_badges_follow_the_palette_and_stay_few(
    window: MainWindow, clock: ManualClock
) -> None:
    """A card's frame, badge and selection ring are drawn once and reused by every card:
    they are drawn again in a new palette's colours (the ring also when only the highlight
    changes), and resizing the window through many column widths keeps only a few."""
    from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter
    from PySide6.QtWidgets import QStyle

    from followup_desktop.services import followups
    from followup_desktop.ui import card_delegate
    from followup_desktop.ui.card_delegate import BADGE_COLOURS, MARGIN_X, MARGIN_Y, PAD
    from followup_desktop.ui.timefmt import Badge

    a = add(window, "Acme")
    window.bridge.call(followups.add_follow_up, a, "Ping", clock.now() - dt.timedelta(days=2))
    applied = view(window, "Applied")

    def pixels() -> tuple[QColor, QColor]:
        """(inside the card's frame, inside its badge)."""
        QApplication.processEvents()
        image = QImage(applied.viewport().size(), QImage.Format.Format_ARGB32)
        applied.viewport().render(image)
        card = applied.visualRect(applied.model().index(0, 0))
        line_h = QFontMetrics(applied.font()).height()
        badge_y = card.top() + MARGIN_Y + PAD - 2 + 2 * line_h + 6
        return (
            QColor(image.pixel(card.right() - MARGIN_X - 3, card.center().y())),
            QColor(image.pixel(card.left() + MARGIN_X + PAD + 2, badge_y + line_h // 2)),
        )

    inside, badge = pixels()
    assert inside.rgb() == applied.palette().color(QPalette.ColorRole.Base).rgb()
    assert badge.rgb() == BADGE_COLOURS[Badge.OVERDUE][0].rgb()
    dark = QPalette(applied.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    applied.setPalette(dark)
    inside, badge = pixels()
    assert inside.rgb() == QColor("#202124").rgb()
    assert badge.rgb() == BADGE_COLOURS[Badge.OVERDUE][0].rgb()
    delegate = applied.itemDelegate()
    assert isinstance(delegate, card_delegate.CardDelegate)
    option = QStyleOptionViewItem()
    applied.initViewItemOption(option)
    # Only the highlight changes (a new accent colour): the selection ring follows it.
    selected = QStyleOptionViewItem(option)
    selected.rect = QRect(0, 0, applied.viewport().width(), card_delegate.CARD_HEIGHT)
    selected.state |= QStyle.StateFlag.State_Selected
    accents = ("#1a73e8", "#d81b60")

    def distance(a: QColor, b: QColor) -> int:
        return sum(abs(x - y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))

    for accent, other in (accents, accents[::-1]):
        selected.palette.setColor(QPalette.ColorRole.Highlight, QColor(accent))
        image = QImage(selected.rect.size(), QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        delegate.paint(painter, selected, applied.model().index(0, 0))
        painter.end()
        edge = QColor(image.pixel(selected.rect.center().x(), MARGIN_Y + 1))
        assert distance(edge, QColor(accent)) < distance(edge, QColor(other)), accent
    image = QImage(260, card_delegate.CARD_HEIGHT, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    for width in range(200, 260):  # a column resized through many widths
        option.rect = QRect(0, 0, width, card_delegate.CARD_HEIGHT)
        delegate.paint(painter, option, applied.model().index(0, 0))
    painter.end()
    assert 0 < len(delegate._blanks) <= card_delegate._SHAPES_KEPT


def test_selecting_and_moving_cards_blits_their_pictures(
    window: MainWindow, qtbot, drawn: list[str]
) -> None:  # type: ignore[no-untyped-def]
    """Selection and focus are drawn over the cached picture: walking through a column
    with the arrow keys, or dropping a card elsewhere, draws no card again; and the
    selected card does look selected (a highlight frame over its border)."""
    from PySide6.QtGui import QColor, QImage

    for name in ("Acme", "Globex", "Initech"):
        add(window, name)
    applied = view(window, "Applied")
    applied.setFocus()
    applied.setCurrentIndex(applied.model().index(0, 0))
    QApplication.processEvents()
    drawn.clear()
    for _ in range(2):
        qtbot.keyClick(applied, Qt.Key.Key_Down)
        QApplication.processEvents()
    assert applied.currentIndex().row() == 2
    assert drawn == []
    moved = applied.current_id()
    assert moved is not None
    assert window.move_cards([moved], stage_id(window, "Offer"), 0)
    QApplication.processEvents()
    assert drawn == []
    from followup_desktop.ui.card_delegate import MARGIN_Y

    def top_edge(v: ColumnView, row: int) -> QColor:
        image = QImage(v.viewport().size(), QImage.Format.Format_ARGB32)
        v.viewport().render(image)
        rect = v.visualRect(v.model().index(row, 0))
        return QColor(image.pixel(rect.center().x(), rect.top() + MARGIN_Y + 1))

    def distance(a: QColor, b: QColor) -> int:
        return sum(abs(x - y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))

    offer = view(window, "Offer")
    highlight = offer.palette().color(QPalette.ColorRole.Highlight)
    selected, plain = top_edge(offer, 0), top_edge(applied, 0)
    assert distance(selected, highlight) < distance(plain, highlight) - 100


def test_columns_paint_their_cards_as_the_delegate_paints_each_index(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A column hands its records straight to the card delegate (no model index or item
    state per card): the pixels must be those of Qt's way, the delegate's ``paint`` for
    each index with QListView's states — here with a focused card, a selection of two
    ranges, an archived card and a card at a half-hidden edge."""
    from PySide6.QtGui import QImage

    from followup_desktop.ui.fixed_row_view import FixedRowListView

    ids = [add(window, f"Company {i}") for i in range(14)]
    window.bridge.call(applications.set_archived, ids[3], True)
    window.act_archived.setChecked(True)  # archived cards are drawn differently
    applied = view(window, "Applied")
    applied.setFocus()
    model = applied.model()
    applied.setCurrentIndex(model.index(1, 0))
    sel = applied.selectionModel()
    sel.select(model.index(4, 0), QItemSelectionModel.SelectionFlag.Select)
    sel.select(model.index(5, 0), QItemSelectionModel.SelectionFlag.Select)
    sel.select(model.index(1, 0), QItemSelectionModel.SelectionFlag.Deselect)  # focus alone
    assert applied.hasFocus()
    applied.verticalScrollBar().setValue(applied.row_height() // 3)
    QApplication.processEvents()

    def pixels() -> QImage:
        image = QImage(applied.viewport().size(), QImage.Format.Format_ARGB32)
        applied.viewport().render(image)
        return image

    direct = pixels()
    monkeypatch.setattr(ColumnView, "paint_rows", FixedRowListView.paint_rows)
    assert pixels() == direct


def test_the_next_screenful_is_drawn_ahead_while_the_board_is_still(
    window: MainWindow, qtbot, drawn: list[str]
) -> None:  # type: ignore[no-untyped-def]
    """Once the board is still, each column's next screenful is drawn in small slices, so
    scrolling down one screen blits pictures instead of drawing a dozen cards at once."""
    from followup_desktop.ui import board_widget, card_delegate

    window.resize(1200, 700)
    for i in range(40):
        add(window, f"Company {i:02d}")
    applied = view(window, "Applied")
    applied.verticalScrollBar().setValue(0)  # adding scrolled to the newest card
    QApplication.processEvents()  # the scroll bar shows: cards are that much narrower
    applied.itemDelegate().pictures.clear()  # type: ignore[attr-defined]
    drawn.clear()
    applied.viewport().repaint()
    on_screen = set(drawn)
    assert 3 <= len(on_screen) < 20
    drawn.clear()
    board = window.board
    turns: list[int] = []
    board._prefetch_step.timeout.connect(lambda: turns.append(len(drawn)))
    qtbot.waitUntil(
        lambda: not board._prefetch_timer.isActive() and not board._prefetch_queue, timeout=3000
    )
    ahead = set(drawn)
    assert ahead
    assert ahead.isdisjoint(on_screen)  # only cards not shown yet
    assert len(ahead) <= applied.viewport().height() // card_delegate.CARD_HEIGHT + 1
    # A few cards per event-loop turn, never the whole screenful at once.
    assert len(turns) >= len(drawn) / board_widget.PREFETCH_SLICE
    assert len(turns) > 1
    drawn.clear()
    bar = applied.verticalScrollBar()
    bar.setValue(bar.value() + applied.viewport().height() - card_delegate.CARD_HEIGHT)
    applied.viewport().repaint()
    assert set(drawn) <= {f"Company {i:02d}" for i in range(40)}
    assert not set(drawn) & ahead  # what was drawn ahead was blitted, not drawn again


def test_the_board_can_be_settled_at_once_for_measurements(
    window: MainWindow, drawn: list[str], qtbot
) -> None:  # type: ignore[no-untyped-def]
    """``finish_idle_work`` does what the idle timers would (bench.instructions starts
    from a settled board without waiting on them): the next screenful drawn, each
    column's search index built, blank pictures made, no timer left to do it again."""
    from followup_desktop.ui import card_delegate

    window.resize(1200, 700)
    for i in range(40):
        add(window, f"Company {i:02d}")
    applied = view(window, "Applied")
    applied.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    applied.viewport().repaint()
    drawn.clear()
    board = window.board
    board.finish_idle_work()
    assert drawn  # the next screenful
    assert not board._prefetch_queue
    assert not board._prefetch_timer.isActive()
    assert not board._prefetch_step.isActive()
    assert all(v.column_model()._indexed is not None for v in board.column_views())
    # Blank pictures ready for a screenful of new cards: a search bringing up cards never
    # drawn draws them on those, not on new memory.
    pictures = applied.itemDelegate().pictures  # type: ignore[attr-defined]
    card = applied.visualRect(applied.model().index(0, 0))
    shape = (card.width(), card.height(), 1.0)
    ready = pictures.spares(shape)
    assert ready >= applied.viewport().height() // card_delegate.CARD_HEIGHT
    drawn.clear()
    window.search.setText("Company 3")
    QApplication.processEvents()
    assert drawn  # Company 30–39, not shown before
    assert pictures.spares(shape) == ready - len(drawn)
    # Made again within a pause between two keystrokes, before the rest of the idle work.
    qtbot.waitUntil(lambda: pictures.spares(shape) == ready, timeout=250)
    assert window.board._prefetch_timer.isActive()


def test_columns_scrolled_out_of_view_are_not_drawn_ahead(
    window: MainWindow, drawn: list[str]
) -> None:
    """Drawing ahead (the next screenful, blank pictures) is for the columns on screen:
    one scrolled out of the board's view has not even drawn its first screenful."""
    window.resize(700, 700)
    for i in range(20):
        add(window, f"Far {i:02d}", stage="Offer")
    far = view(window, "Offer")
    window.board.horizontalScrollBar().setValue(0)  # adding showed the new card: back left
    far.verticalScrollBar().setValue(0)  # (and scrolled its column to it)
    QApplication.processEvents()
    assert far.isVisible()
    assert far.visibleRegion().isEmpty()  # off to the right
    drawn.clear()
    window.board.finish_idle_work()
    assert not [name for name in drawn if name.startswith("Far")]
    # Scrolled into view, it is drawn ahead once the board is still again.
    board = window.board
    board._prefetch_timer.stop()
    board.ensureWidgetVisible(far)
    assert board._prefetch_timer.isActive()
    QApplication.processEvents()
    assert not far.visibleRegion().isEmpty()
    board.finish_idle_work()
    assert [name for name in drawn if name.startswith("Far")]


def test_the_board_scrolls_sideways_on_a_slim_bar(window: MainWindow) -> None:
    """Fusion's horizontal bar took over a millisecond to repaint (every frame of a
    sideways scroll, and inside any gesture that brings another column into view)."""
    from followup_desktop.ui.scrollbar_style import EXTENT, SlimScrollBar

    add(window, "Acme")  # (the board shows once there is a card)
    window.resize(700, 700)
    QApplication.processEvents()
    bar = window.board.horizontalScrollBar()
    assert isinstance(bar, SlimScrollBar)
    assert bar.orientation() == Qt.Orientation.Horizontal
    assert bar.maximum() > 0  # the columns are wider than the window
    assert bar.sizeHint().height() == EXTENT
    bar.setValue(bar.maximum())
    assert window.board.widget().x() == -bar.maximum()


def test_a_move_queues_no_relayout_of_the_columns(window: MainWindow) -> None:
    """A drop changes both columns' scroll ranges by one card. With fixed scroll bar
    policies that shows or hides nothing, yet Qt queued a re-layout of each column's
    scroll bars and viewport for every range change: nothing may be queued for them."""
    from PySide6.QtCore import QObject

    from followup_desktop.ui.card_delegate import CARD_HEIGHT

    window.resize(1200, 700)
    ids = [add(window, f"Company {i}") for i in range(30)]
    for i in range(30):
        add(window, f"Later {i}", stage="Offer")
    applied, offer = view(window, "Applied"), view(window, "Offer")
    QApplication.processEvents()
    ranges = [v.verticalScrollBar().maximum() for v in (applied, offer)]
    ports = [v.viewport().geometry() for v in (applied, offer)]
    assert min(ranges) > 0
    queued: list[str] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.MetaCall:
                queued.append(watched.objectName())
            return False

    watch = Watch()
    for v in (applied, offer):
        v.installEventFilter(watch)
    assert window.move_cards([ids[3]], stage_id(window, "Offer"), 0)
    for _ in range(3):
        QApplication.processEvents()
    assert [v.verticalScrollBar().maximum() for v in (applied, offer)] == [
        ranges[0] - CARD_HEIGHT,
        ranges[1] + CARD_HEIGHT,
    ]
    assert queued == []
    assert [v.viewport().geometry() for v in (applied, offer)] == ports
    assert all(v.verticalScrollBar().isVisible() for v in (applied, offer))


def test_cards_keep_one_width_whatever_their_column_holds(window: MainWindow) -> None:
    """A short column's cards are as wide as a long one's, and a search that leaves a
    column a card or two does not widen them (each would be drawn again at that width)."""
    window.resize(1200, 700)
    for i in range(30):
        add(window, f"Company {i}")
    add(window, "Solo", stage="Offer")
    applied, offer = view(window, "Applied"), view(window, "Offer")
    QApplication.processEvents()

    def card_width(v: ColumnView) -> int:
        return v.visualRect(v.model().index(0, 0)).width()

    assert applied.verticalScrollBar().maximum() > 0  # Applied scrolls, Offer does not
    assert offer.verticalScrollBar().maximum() == 0
    assert card_width(applied) == card_width(offer)
    before = card_width(applied)
    window.search.setText("Company 7")  # 7, 17, 27: nothing to scroll any more
    QApplication.processEvents()
    assert applied.verticalScrollBar().maximum() == 0
    assert card_width(applied) == before


def test_texts_and_badges_many_cards_share_are_drawn_ahead_once_a_day(
    window: MainWindow, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the board is still, roles, places and tags, day counts and the commonest
    badges are laid out and drawn ahead: a search that brings up cards never drawn lays
    out none of them. It is done once a day, not after every drop."""
    from followup_desktop.ui import card_delegate

    window.resize(1200, 700)
    for i in range(30):
        a = window.add_card(
            {
                "company": f"Company {i:02d}",
                "role": f"Role {i % 3}",
                "location": "Berlin",
                "tags": "python",
                "stage_id": stage_id(window, "Applied"),
            }
        )
        assert a is not None
    applied = view(window, "Applied")
    applied.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    laid_out: list[str] = []
    badges: list[str] = []
    real_lay_out = card_delegate._Fonts._lay_out
    real_kept = card_delegate._kept

    def lay_out(fonts, face, text, width):  # type: ignore[no-untyped-def]
        laid_out.append(text)
        return real_lay_out(fonts, face, text, width)

    def kept(cache, key, limit, draw, *args):  # type: ignore[no-untyped-def]
        if key not in cache and isinstance(key[0], card_delegate.Badge):
            badges.append(key[1])
        return real_kept(cache, key, limit, draw, *args)

    monkeypatch.setattr(card_delegate._Fonts, "_lay_out", lay_out)
    monkeypatch.setattr(card_delegate, "_kept", kept)
    delegate = applied.itemDelegate()
    delegate._fonts.clear()  # type: ignore[attr-defined]  # (a fresh text cache)
    delegate._badges.clear()  # type: ignore[attr-defined]
    delegate.pictures.clear()  # type: ignore[attr-defined]
    window.board.finish_idle_work()
    assert {"Role 0", "Role 1", "Role 2", "Berlin · python", "0d", "42d"} <= set(laid_out)
    assert badges  # the check-ins' labels
    laid_out.clear()
    badges.clear()
    window.search.setText("Company 2")  # cards 20-29: never drawn
    QApplication.processEvents()
    applied.viewport().repaint()
    assert laid_out == []
    assert badges == []
    labelled: list[dt.datetime] = []
    real_badge_for = card_delegate.badge_for
    monkeypatch.setattr(
        card_delegate,
        "badge_for",
        lambda due, now, tz: labelled.append(due) or real_badge_for(due, now, tz),
    )
    window.search.clear()
    window.board.finish_idle_work()  # still the same day: nothing again
    assert laid_out == []
    assert labelled == []
    clock.advance(dt.timedelta(days=1))
    window.board.finish_idle_work()  # a new day: labels say other things
    assert labelled
    assert "Role 0" not in laid_out  # kept from yesterday (same width)


def test_a_cut_follow_ups_list_still_counts_every_group(
    window: MainWindow, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the panel lists only the soonest follow-ups, each header says how many the
    group holds in all (not how many are shown), and the last line how many are left."""
    from followup_desktop.services import followups
    from followup_desktop.ui import due_panel

    monkeypatch.setattr(due_panel, "MAX_ROWS", 4)
    apps = [add(window, f"C{i}") for i in range(9)]
    offsets = [-5, -4, -3, -2, -1, 2, 3, 50, 60]  # hours: 5 overdue, 2 today, 2 later
    for app, hours in zip(apps, offsets, strict=True):
        window.bridge.call(
            followups.add_follow_up, app, f"Ping {hours}", clock.now() + dt.timedelta(hours=hours)
        )
    window.due.flush()
    model = window.due.model
    texts = [model.index(r).data() for r in range(model.rowCount())]
    headers = [t for t in texts if t and not t.startswith("C")]
    total = len([r for r in model.rows if not isinstance(r, due_panel._Header)])
    assert total == 4
    assert headers[0].startswith("Overdue (")
    from followup_desktop.services import queries

    db, now = window.bridge.db, clock.now()
    owed_now = queries.upcoming_follow_ups(db, now + dt.timedelta(microseconds=1))
    everything = queries.upcoming_follow_ups(db, now + due_panel.HORIZON)
    assert len(owed_now) >= 5
    # 4 rows shown, all overdue; the header counts every overdue one.
    assert headers[0] == f"Overdue ({len(owed_now)})"
    assert headers[-1].startswith(f"… and {len(everything) - 4} more")


def test_card_texts_are_cut_exactly_as_eliding_would_cut_them(qapp) -> None:  # type: ignore[no-untyped-def]
    """ASCII texts whose characters' advances add up to less than the width skip the
    eliding pass; whatever the text and width, the text drawn is what elidedText makes —
    kerned pairs ("AV", "To") and widths a pixel either side of the text's own included."""
    import random

    from PySide6.QtGui import QFont

    from followup_desktop.ui.card_delegate import _Fonts

    fonts = _Fonts(QFont())
    rng = random.Random(3)
    alphabet = "WMmwil .,'-ABCxyz0123456789" + "é·–\t"
    pairs = ["AV", "To", "Ya", "LT", "r.", "ff", "fi", "WA", "y,", "P."]
    for n in range(1500):
        if n % 2:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        else:
            text = "".join(rng.choice(pairs) for _ in range(rng.randint(1, 20)))
        for face, (_font, fm) in fonts._faces.items():
            own = fm.horizontalAdvance(text)
            for width in (rng.randint(0, 400), own - 1, own, own + 1, own + 2):
                expected = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
                assert fonts.fitted(face, text, width) == expected, (face, text, width)
                assert fonts.text(face, text, width).text() == expected, (face, text, width)


def test_a_text_too_long_for_a_card_is_cut_once_per_width(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A card drawn again (a move changes its day count) cuts the same company and
    follow-up title again: eliding shapes the text, as costly as drawing it."""
    from PySide6.QtGui import QFont, QFontMetrics

    from followup_desktop.ui.card_delegate import _Fonts

    cut: list[str] = []
    real = QFontMetrics.elidedText

    def counted(self, text, *args):  # type: ignore[no-untyped-def]
        cut.append(text)
        return real(self, text, *args)

    monkeypatch.setattr(QFontMetrics, "elidedText", counted)
    fonts = _Fonts(QFont())
    title = "Thank-you email to Lukas Schmidt about the second interview round"
    first = fonts.fitted("font", title, 120)
    assert first.endswith("…")
    assert len(first) < len(title)
    assert fonts.fitted("font", title, 120) == first
    assert cut == [title]
    assert fonts.fitted("font", title, 150) != first  # another width: cut again
    assert cut == [title, title]


@pytest.mark.parametrize(
    "text", [HOSTILE, "Acme GmbH", "Zürich Versicherungen AG — ein sehr langer Name"]
)
def test_a_text_drawn_once_looks_exactly_like_a_laid_out_one(qapp, text: str) -> None:  # type: ignore[no-untyped-def]
    """Companies and follow-up titles are drawn with drawText (not laid out and kept):
    the same pixels as the plain-text QStaticText path, cut at the same place."""
    from PySide6.QtGui import QColor, QFont, QPainter

    from followup_desktop.ui.card_delegate import _Fonts

    fonts = _Fonts(QFont())
    images = []
    for once in (True, False):
        image = QImage(260, 30, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setFont(fonts.bold)
        painter.setPen(QColor("black"))
        if once:
            fonts.draw_once(painter, "bold", 4, 5, text, 180)
        else:
            painter.drawStaticText(QPointF(4, 5), fonts.text("bold", text, 180))
        painter.end()
        images.append(image)
    blank = QImage(images[0].size(), images[0].format())
    blank.fill(QColor("white"))
    assert images[0] != blank  # something was drawn
    assert images[0] == images[1]


def test_the_shortcuts_sheet_shows_every_row_at_once(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The "?" key opens the sheet; it used to open too short, its last rows (the "?" row among
    them) behind a scroll bar."""
    from PySide6.QtCore import QTimer

    from followup_desktop.ui.shortcuts import SHORTCUTS, ShortcutsDialog

    seen: list[ShortcutsDialog] = []

    def look() -> None:
        dialog = window.findChild(ShortcutsDialog)
        assert dialog is not None
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, look)
    qtbot.keyClick(view(window, "Applied"), Qt.Key.Key_Question)
    (dialog,) = seen
    table = dialog.table
    assert table.rowCount() == len(SHORTCUTS)
    last = table.visualRect(table.model().index(len(SHORTCUTS) - 1, 1))
    assert last.bottom() < table.viewport().height()
    assert table.item(len(SHORTCUTS) - 1, 0).text() == "? or F1"


def test_the_follow_ups_panel_when_nothing_is_due_and_what_is_due_now(
    window: MainWindow,
    clock: ManualClock,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """An empty panel says so (a blank white list looked broken on the first run); the
    tray's "Due now" counts what is overdue or due today, not the group headings."""
    from followup_desktop.services import followups
    from followup_desktop.ui.due_panel import NOTHING_DUE

    due = window.due
    due.flush()
    model = due.model
    assert [model.index(r).data() for r in range(model.rowCount())] == [NOTHING_DUE]
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsSelectable
    # On two lines, as tall as a follow-up's row (one line was cut to "you are u…").
    assert "\n" in NOTHING_DUE
    from PySide6.QtGui import QFontMetrics

    height = model.index(0).data(Qt.ItemDataRole.SizeHintRole).height()
    line = QFontMetrics(QApplication.font()).height()
    assert height >= 2 * line
    assert model.due_now == 0
    a = add(window, "Acme")
    counts: list[int] = []
    due.dueNowChanged.connect(counts.append)
    window.bridge.call(followups.add_follow_up, a, "Ping", clock.now() - dt.timedelta(hours=1))
    window.bridge.call(followups.add_follow_up, a, "Later", clock.now() + dt.timedelta(days=3))
    due.flush()
    texts = [model.index(r).data() for r in range(model.rowCount())]
    assert NOTHING_DUE not in texts
    assert model.due_now == 1  # the overdue one; "Later" is coming up
    assert counts == [1]
    # The Overdue heading wears the red of the cards' badge; Coming up a grey ring.
    from followup_desktop.ui.card_delegate import BADGE_COLOURS
    from followup_desktop.ui.timefmt import Badge

    dots = {
        model.index(r).data(): model.index(r).data(Qt.ItemDataRole.DecorationRole)
        for r in range(model.rowCount())
        if not model.flags(model.index(r)) & Qt.ItemFlag.ItemIsSelectable
    }
    ring = dots["Coming up (1)"].toImage()
    assert ring.pixelColor(ring.width() // 2, ring.height() // 2).alpha() == 0
    dot = dots["Overdue (1)"].toImage()
    assert dot.pixelColor(dot.width() // 2, dot.height() // 2) == BADGE_COLOURS[Badge.OVERDUE][0]


def test_a_screen_reader_hears_what_the_card_shows(window: MainWindow, clock: ManualClock) -> None:
    """The painted card's badge and day count were not in its accessible description."""
    from followup_desktop.services import followups

    a = add(window, "Acme")
    window.bridge.call(followups.add_follow_up, a, "Ping", clock.now() - dt.timedelta(hours=1))
    clock.advance(dt.timedelta(days=2))
    index = view(window, "Applied").model().index(0, 0)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "Acme, Engineer"
    assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == (
        "in Applied for 2 days; next: Ping, Overdue 2d"
    )


def test_the_menu_bar_reaches_every_toolbar_action_by_keyboard(
    window: MainWindow,
    qtbot,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """Toolbar buttons take no focus: import, export, settings and the view toggles had
    no key at all. The menu bar holds every toolbar action (Alt+letter) with its key."""
    from PySide6.QtWidgets import QFileDialog, QMenu

    from followup_desktop.ui.settings_dialog import SettingsDialog

    in_menus = {
        a.objectName()
        for menu in window.menuBar().findChildren(QMenu)
        for a in menu.actions()
        if a.objectName()
    }
    toolbar = window.findChild(QToolBar, "toolbar")
    on_toolbar = {a.objectName() for a in toolbar.actions() if a.objectName()}
    assert on_toolbar <= in_menus, on_toolbar - in_menus
    assert {"action-quit", "action-about", "action-find", "action-shortcuts"} <= in_menus
    for action in (window.act_import, window.act_export, window.act_settings, window.act_due):
        assert not action.shortcut().isEmpty(), action.objectName()
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: asked.append("import") or ("", "")
    )
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["import"]
    shown = window.due.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert window.due.isVisible() is not shown
    qtbot.keyClick(window, Qt.Key.Key_F9)
    opened: list[bool] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append(True) or 0)
    window.act_settings.trigger()
    assert opened == [True]
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    window.act_quit.trigger()
    assert quits == [True]
    assert not window.isVisible()


def test_one_selection_on_the_whole_board(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Clicking a card in another column leaves only that card selected: each column is
    its own view with its own selection, so the card clicked before still looked selected
    while Delete, Archive and a drag would act on the new one alone."""
    add(window, "Acme")
    add(window, "Initech")
    add(window, "Globex", stage="Interviewing")
    applied, interviewing = view(window, "Applied"), view(window, "Interviewing")
    for v in (applied, interviewing):
        qtbot.mouseClick(
            v.viewport(),
            Qt.MouseButton.LeftButton,
            pos=v.visualRect(v.model().index(0, 0)).center(),
        )
        assert v.hasFocus()
        assert v.selected_ids()
    assert applied.selected_ids() == []
    assert interviewing.selected_ids() == [window.board.current_card_id()]
    # Focus leaving the board (the search box) keeps the selection where it is.
    window.search.setFocus()
    assert interviewing.selected_ids()
    # Back by keyboard into the first column: its card is selected, the other is not.
    applied.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(applied, Qt.Key.Key_Down)
    qtbot.keyClick(applied, Qt.Key.Key_Up)
    assert applied.selected_ids()
    assert interviewing.selected_ids() == []


def test_a_card_selected_while_the_window_is_inactive_is_the_only_one(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """A card added from a dialog is selected just after the dialog closed, before the
    window is active again (under some window managers, or none): the column it left
    kept its own selection too, two cards looked selected."""
    a = add(window, "Acme")
    b = add(window, "Globex", stage="Wishlist")
    window.board.select_card(a)
    other = QWidget()
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    window.board.select_card(b)
    assert view(window, "Wishlist").selected_ids() == [b]
    assert view(window, "Applied").selected_ids() == []
    other.close()


_SELECT = QItemSelectionModel.SelectionFlag.Select


def test_the_column_a_card_leaves_is_left_as_it_was(window: MainWindow) -> None:
    """A dragged card leaves its column with nothing selected or current there, and the
    column does not scroll: Qt would make the card beside it current and scroll to it,
    in a column the person has just left. A card moved while another is current there
    leaves that one current."""
    ids = [add(window, f"Company {i:02}") for i in range(30)]
    applied = view(window, "Applied")
    offer = stage_id(window, "Offer")
    applied.setFocus()
    bar = applied.verticalScrollBar()
    top = 10 * applied.row_height() + 30  # card 10 half hidden at the top
    applied.setCurrentIndex(applied.model().index(10, 0))
    bar.setValue(top)
    leaving = applied.current_id()
    QApplication.processEvents()
    assert bar.value() == top
    told: list[str] = []  # the card's row goes: repainting and announcing it is waste
    applied.selectionModel().selectionChanged.connect(lambda *_: told.append("selection"))
    applied.selectionModel().currentChanged.connect(lambda *_: told.append("current"))
    assert window.move_cards([leaving], offer, 0)
    QApplication.processEvents()
    assert told == []
    assert not applied.currentIndex().isValid()
    assert applied.selected_ids() == []
    assert view(window, "Offer").selected_ids() == [leaving]
    assert bar.value() == top  # not scrolled up to the card above it
    assert window_shown(window) == window_fresh(window)
    # Moved from among several selected cards: those left behind are seen deselected.
    applied.setFocus()
    bar.setValue(0)
    model = applied.model()
    applied.selectionModel().select(model.index(3, 0), _SELECT)
    applied.selectionModel().setCurrentIndex(model.index(5, 0), _SELECT)
    QApplication.processEvents()
    assert len(applied.selected_ids()) == 2
    assert window.move_cards([applied.current_id()], offer, 0)
    QApplication.processEvents()
    assert applied.selected_ids() == []
    assert window_shown(window) == window_fresh(window)
    # Another card moving out (the context menu, say) leaves the current card alone.
    applied.setCurrentIndex(applied.model().index(2, 0))
    current = applied.current_id()
    other = next(i for i in ids if i not in (current, leaving))
    assert window.move_cards([other], offer, 0)
    QApplication.processEvents()
    assert applied.current_id() == current


def test_the_undo_button_stays_put_during_a_run_of_moves(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """While the notice stays up, a shorter message keeps the room a longer one had, so
    Undo does not jump back and forth under the pointer in a run of drops; a longer one
    still makes room. Once the notice has gone, the next message starts afresh, and an
    error (no Undo) never holds a move's room, nor a move an error's."""
    toast = window.toast
    long_move = "Moved Wayne Enterprises Studios 5 to Interviewing"
    toast.show_message(long_move, undoable=True)
    QApplication.processEvents()
    x = toast.undo.x()
    for message in ("Moved Acme to Offer", "Moved Initech to Applied", long_move):
        toast.show_message(message, undoable=True)
        QApplication.processEvents()
        assert toast.undo.x() == x, message
        assert toast.label.shown_text() == message
    toast.show_message(long_move + " and back again to Offer", undoable=True)
    QApplication.processEvents()
    assert toast.undo.x() > x  # more room when it is needed
    toast.hide()
    toast.show_message("Moved Acme to Offer", undoable=True)
    QApplication.processEvents()
    assert toast.undo.x() < x  # afresh
    toast.show_message("Could not export: " + "/very/long/folder" * 10, error=True)
    QApplication.processEvents()
    toast.show_message("Moved Acme to Offer", undoable=True)
    QApplication.processEvents()
    assert toast.undo.x() < x


def test_a_card_moved_with_ctrl_held_is_the_one_selected_card(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """After Ctrl+Right the moved card is selected alone in its new column, even where
    other cards were selected. (select_id asks for ClearAndSelect itself, because Qt's
    setCurrentIndex reads a Ctrl the user still holds as "toggle" — which a test's key
    event cannot hold, so that part is by construction.)"""
    a = add(window, "Acme")
    add(window, "Initech", stage="Interviewing")
    applied, interviewing = view(window, "Applied"), view(window, "Interviewing")
    interviewing.selectAll()
    assert window.board.select_card(a)
    qtbot.keyClick(applied, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert shown(interviewing) in (["Acme", "Initech"], ["Initech", "Acme"])
    assert interviewing.hasFocus()
    assert interviewing.selected_ids() == [a]
    assert applied.selected_ids() == []


def test_delete_and_archive_go_on_down_the_column(window: MainWindow) -> None:
    """After a card goes (Delete or Archive from the board), the card that took its place
    is selected, with the focus: a second Delete acts on it. At the end of the column
    the last card is; an emptied column selects nothing; Undo selects the card back."""
    a, b, c, d = (add(window, name) for name in ("Acme", "Globex", "Initech", "Hooli"))
    applied = view(window, "Applied")
    assert window.board.select_card(b)
    window.delete_cards([b])
    assert window.board.current_card_id() == c
    assert applied.selected_ids() == [c]
    window.archive_cards(applied.selected_ids())
    assert window.board.current_card_id() == d
    window.delete_cards([d])  # the last one: the one before it now
    assert window.board.current_card_id() == a
    assert applied.selected_ids() == [a]
    window.delete_cards([a])
    assert shown(applied) == []
    assert applied.selected_ids() == []
    window.act_undo.trigger()
    assert window.board.current_card_id() == a


def test_a_card_menu_takes_the_focus_to_its_column(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Right-clicking a card in another column than the focused one: that column takes
    the focus, so the card selected elsewhere is deselected (one selection on the board)
    and what the menu or Delete does acts on the card that was right-clicked, not on the
    other column's card behind the menu."""
    a = add(window, "Acme", "Wishlist")
    b = add(window, "Globex")
    assert window.board.select_card(a)
    menus: list[int] = []

    class Menu:  # what the window shows, not run (a real one would wait for a choice)
        def __init__(self, app_id: int) -> None:
            menus.append(app_id)

        def exec(self, *_args: object) -> None:
            return None

    monkeypatch.setattr(window, "card_menu", Menu)
    applied = view(window, "Applied")
    centre = applied.visualRect(applied.model().index(0, 0)).center()
    qtbot.mouseClick(applied.viewport(), Qt.MouseButton.RightButton, pos=centre)
    applied.customContextMenuRequested.emit(centre)  # (as the right click asks for it)
    assert menus[-1] == b
    assert applied.hasFocus()
    assert view(window, "Wishlist").selected_ids() == []
    assert window.board.current_card_id() == b
    window.delete_cards(applied.selected_ids())
    assert shown(applied) == []
    assert shown(view(window, "Wishlist")) == ["Acme"]


def test_tab_goes_from_the_toolbar_straight_into_the_columns(window: MainWindow) -> None:
    """Tab from the search box reaches the columns without a stop on the board's scroll
    area, which shows no focus (one Tab seemed to lose it)."""
    from PySide6.QtTest import QTest

    add(window, "Acme")  # (an empty board shows the first-run page instead)
    window.activateWindow()
    window.search.setFocus()
    seen = []
    for _ in range(6):
        focused = QApplication.focusWidget()
        assert focused is not None
        seen.append(focused.objectName())
        QTest.keyClick(focused, Qt.Key.Key_Tab)
    first = window.board.stages[0].id
    assert seen[:4] == ["search", "stage-filter", f"collapse-{first}", column_object_name(first)]


def test_cards_moved_together_stay_selected_together(window: MainWindow) -> None:
    """Three cards selected and moved with Ctrl+Right land selected in the next column
    (the first of them current), so a second Ctrl+Right moves all three again; Ctrl+Z
    brings them back selected together. One card selected: as before."""
    from PySide6.QtTest import QTest

    a, b, c, d = (add(window, name) for name in ("Acme", "Globex", "Initech", "Hooli"))
    applied = view(window, "Applied")
    assert window.board.select_card(a)
    QTest.keyClick(applied, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(applied, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert applied.selected_ids() == [a, b, c]
    QTest.keyClick(applied, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    interviewing = view(window, "Interviewing")
    assert shown(interviewing) == ["Acme", "Globex", "Initech"]
    assert interviewing.selected_ids() == [a, b, c]
    assert interviewing.hasFocus()
    assert window.board.current_card_id() == a
    QTest.keyClick(interviewing, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert shown(view(window, "Offer")) == ["Acme", "Globex", "Initech"]
    assert view(window, "Offer").selected_ids() == [a, b, c]
    window.act_undo.trigger()
    assert interviewing.selected_ids() == [a, b, c]
    assert window.board.current_card_id() == a
    assert shown(applied) == ["Hooli"]
    assert window.board.select_card(d)
    QTest.keyClick(applied, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert interviewing.selected_ids() == [d]


def test_menus_show_an_ampersand_in_a_stage_name(window: MainWindow) -> None:
    """A stage called "R&D" reads "R&D" in the card menu's Move to and the Stages menu
    (a bare "&" in a menu marks a shortcut letter: it showed "RD", the D underlined)."""
    a = add(window, "Acme")
    window.bridge.call(stages.edit_stage, stage_id(window, "Offer"), name="R&D")
    move_to = next(act.menu() for act in window.card_menu(a).actions() if act.text() == "&Move to")
    assert "R&&D" in [act.text() for act in move_to.actions()]
    window._fill_stage_menu()
    assert "R&&D" in [act.text() for act in window.stage_menu.actions()]
    rd = next(act for act in move_to.actions() if act.text() == "R&&D")
    rd.trigger()
    assert shown(view(window, "R&D")) == ["Acme"]


def _drop_on(widget: QWidget, payload: QMimeData, pos: QPoint) -> bool:
    """Drag-enter, drag-move and drop ``payload`` at ``pos`` of ``widget`` as Qt's drag
    loop sends them (which offscreen cannot run); whether the drop was taken."""
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    args = (Qt.DropAction.MoveAction, payload, Qt.MouseButton.LeftButton)
    mods = Qt.KeyboardModifier.NoModifier
    for kind in (QDragEnterEvent, QDragMoveEvent):
        QApplication.sendEvent(widget, kind(pos, *args, mods))
    drop = QDropEvent(QPointF(pos), *args, mods)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def test_cards_dropped_on_a_collapsed_column_or_a_header_go_to_its_top(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """A collapsed column takes cards dropped anywhere on its strip (closing stages are
    the ones people collapse, and drag cards into), a column's header too: the card
    goes to the top. A closing stage still asks first. Over the cards, the column's
    list view alone decides (a card dropped onto itself stays put)."""
    from followup_desktop.ui.column_model import encode_ids

    a = add(window, "Acme")
    b = add(window, "Globex")
    existing = add(window, "Initech", "Offer")
    offer = window.board.frames[stage_id(window, "Offer")]
    offer.set_collapsed(True)
    strip = QPoint(offer.width() // 2, offer.height() // 2)
    assert window.board.select_card(a)  # (pressed: where a drag starts)
    assert _drop_on(offer, encode_ids([a], stage_id(window, "Applied")), strip)
    assert board.card_ids(window.bridge.db, stage_id(window, "Offer")) == [a, existing]
    assert not offer._drop_here  # the highlight went with the drop
    # The folded column stays folded; the card that took the moved one's place is next.
    assert offer.collapsed
    assert window.board.current_card_id() == b
    assert view(window, "Applied").selected_ids() == [b]
    rejected = window.board.frames[stage_id(window, "Rejected")]
    rejected.set_collapsed(True)
    asked: list[str] = []
    window.confirm = lambda q, d: asked.append(q) or True
    assert _drop_on(rejected, encode_ids([b], stage_id(window, "Applied")), strip)
    qtbot.waitUntil(lambda: window.board.store[b].stage_id == stage_id(window, "Rejected"))
    assert asked == ["Move Globex to Rejected?"]
    offer.set_collapsed(False)
    header = QPoint(offer.width() // 2, offer.view.geometry().top() // 2)
    assert _drop_on(offer, encode_ids([existing], stage_id(window, "Offer")), header)
    assert board.card_ids(window.bridge.db, stage_id(window, "Offer")) == [existing, a]
    over_cards = QPoint(offer.width() // 2, offer.view.geometry().top() + 10)
    assert not _drop_on(offer, encode_ids([a], stage_id(window, "Offer")), over_cards)
    assert board.card_ids(window.bridge.db, stage_id(window, "Offer")) == [existing, a]


def test_cards_let_go_between_columns_or_beside_the_last_go_to_the_nearest(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Between two columns, in the board's margin or beside the last column (where a card
    held at the board's edge ends up, the board scrolled to its end) a card went nowhere;
    now it goes to the top of the nearest column, which lights up while it is over there.
    Over a column's cards the column's view alone decides."""
    from followup_desktop.ui.column_model import encode_ids

    a = add(window, "Acme")
    b = add(window, "Globex")
    existing = add(window, "Initech", "Interviewing")
    board_ = window.board
    canvas = board_.widget()
    applied = board_.frames[stage_id(window, "Applied")]
    interviewing = board_.frames[stage_id(window, "Interviewing")]
    # The gap between Applied and Interviewing, nearer Interviewing.
    gap_x = (applied.geometry().right() + interviewing.geometry().left()) // 2 + 2
    assert applied.geometry().right() < gap_x < interviewing.geometry().left()
    middle = QPoint(gap_x, interviewing.geometry().center().y())
    payload = encode_ids([a], stage_id(window, "Applied"))
    from PySide6.QtGui import QDragEnterEvent

    move = QDragEnterEvent(
        middle,
        Qt.DropAction.MoveAction,
        payload,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, move)
    assert move.isAccepted()
    assert interviewing._drop_here
    assert not applied._drop_here
    assert _drop_on(canvas, payload, middle)
    assert not interviewing._drop_here  # the light went with the drop
    assert board.card_ids(window.bridge.db, stage_id(window, "Interviewing")) == [a, existing]
    # Beside the last column (the stretch after it, and the margin).
    last = list(board_.frames.values())[-1]
    beyond = QPoint(last.geometry().right() + 4, last.geometry().center().y())
    asked: list[str] = []
    window.confirm = lambda q, d: asked.append(q) or True
    assert _drop_on(canvas, encode_ids([b], stage_id(window, "Applied")), beyond)
    qtbot.waitUntil(lambda: window.board.store[b].stage_id == last.stage.id)
    assert asked  # (a closing stage: it asked first)
    # Over a column's cards (a card let go onto itself, turned down by the view, comes
    # up to the canvas): still turned down.
    cards = interviewing.view
    over = QPoint(cards.mapTo(canvas, QPoint(10, 10)))
    assert not _drop_on(canvas, encode_ids([a], stage_id(window, "Interviewing")), over)
    assert board.card_ids(window.bridge.db, stage_id(window, "Interviewing")) == [a, existing]
    # Not cards (a spreadsheet dragged in) go on to the window.
    files = QMimeData()
    files.setText("hello")
    assert not _drop_on(canvas, files, middle)


def test_a_count_counts_the_archived_cards_it_shows(window: MainWindow) -> None:
    """With Show archived on, a column's count is what it shows (it read "3/2": two live
    cards and one archived); a search then reads "shown/all" out of those."""
    a = add(window, "Acme")
    add(window, "Globex")
    add(window, "Initech")
    window.bridge.call(applications.set_archived, a, True)
    count = window.board.frames[stage_id(window, "Applied")].count
    assert count.text() == "2"
    window.act_archived.setChecked(True)
    assert count.text() == "3"
    window.search.setText("acme")
    assert count.text() == "1/3"
    window.search.setText("")
    window.act_archived.setChecked(False)
    assert count.text() == "2"


def test_an_archived_card_shows_no_follow_up_badge(window: MainWindow) -> None:
    """Archiving silences a card's follow-ups (they wait for a restore), so the card
    reads "Archived" where its next follow-up's badge was, as if it had none planned."""
    from PySide6.QtGui import QImage, QPainter

    a = add(window, "Acme")
    window.bridge.call(applications.set_archived, a, True)
    window.act_archived.setChecked(True)
    applied = view(window, "Applied")
    rec = window.board.store[a]
    assert rec.archived
    assert rec.next_due is not None  # still planned, only silenced
    delegate = window.board._delegate
    option = QStyleOptionViewItem()
    applied.initViewItemOption(option)
    rect = applied.visualRect(applied.model().index(0, 0))

    def picture(record) -> QImage:  # type: ignore[no-untyped-def]
        image = QImage(rect.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        delegate.paint_cards(
            painter, option, [(rect.translated(-rect.topLeft()), record, False, False)]
        )
        painter.end()
        return image

    unplanned = rec._replace(next_due=None, next_title="", thank_you_pending=False)
    assert picture(rec) == picture(unplanned)
    assert picture(rec._replace(thank_you_pending=True)) == picture(unplanned)


def test_a_narrow_window_keeps_the_search_box_usable(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """In the narrowest window the tool bar squeezed the search box to a few letters; the
    buttons after it go to the bar's overflow menu instead."""
    narrowest = window.minimumSizeHint().width()
    window.resize(narrowest, 560)
    qtbot.waitUntil(lambda: window.width() == narrowest)
    window.findChild(QToolBar, "toolbar").layout().activate()
    assert window.search.width() >= window.search.fontMetrics().horizontalAdvance("x") * 30


def test_n_or_a_double_click_below_the_cards_adds_one_in_that_column(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """N in a column, or a double-click on its empty space, opens Add application with
    that column's stage chosen; a double-click on a card opens the card instead."""
    from followup_desktop.ui.quick_add import QuickAddDialog

    a = add(window, "Acme")
    chosen: list[str] = []

    def exec_(self) -> int:  # type: ignore[no-untyped-def]
        chosen.append(self.stage.currentText())
        return QuickAddDialog.DialogCode.Rejected

    monkeypatch.setattr(QuickAddDialog, "exec", exec_)
    offer, applied = view(window, "Offer"), view(window, "Applied")
    qtbot.keyClick(offer, Qt.Key.Key_N)
    assert chosen == ["Offer"]
    below = QPoint(applied.viewport().width() // 2, applied.viewport().height() - 5)
    assert not applied.indexAt(below).isValid()
    qtbot.mouseClick(applied.viewport(), Qt.MouseButton.LeftButton, pos=below)
    qtbot.mouseDClick(applied.viewport(), Qt.MouseButton.LeftButton, pos=below)
    assert chosen == ["Offer", "Applied"]
    opened: list[int] = []
    applied.openRequested.connect(opened.append)
    on_card = applied.visualRect(applied.model().index(0, 0)).center()
    qtbot.mouseClick(applied.viewport(), Qt.MouseButton.LeftButton, pos=on_card)
    qtbot.mouseDClick(applied.viewport(), Qt.MouseButton.LeftButton, pos=on_card)
    assert chosen == ["Offer", "Applied"]
    assert opened == [a]
