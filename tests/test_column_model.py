"""The column model on its own: Qt's model tester, minimal-diff updates, drop mapping, MIME."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from followup_desktop.services.board_view import CardRecord, StageRecord
from followup_desktop.ui.column_model import CardFilter, ColumnModel, decode_ids, encode_ids
from followup_desktop.ui.roles import CARD_MIME, ApplicationIdRole, CardRole

T0 = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
STAGE = StageRecord(1, "Applied", 1, "open", None, False)


def rec(i: int, company: str = "", archived: bool = False) -> CardRecord:
    return CardRecord(
        id=i,
        stage_id=1,
        position=None if archived else i,
        company=company or f"C{i}",
        role="r",
        location="",
        tags="",
        archived=archived,
        stage_entered_at=T0,
        unanswered_nudges=0,
        ghost_suggested=False,
        next_due=None,
        next_title="",
        thank_you_pending=False,
        haystack=(company or f"c{i}").casefold(),
    )


@pytest.fixture
def store() -> dict[int, CardRecord]:
    return {i: rec(i) for i in range(1, 11)}


@pytest.fixture
def model(qtbot, store: dict[int, CardRecord]) -> ColumnModel:  # type: ignore[no-untyped-def]
    m = ColumnModel(STAGE, store)
    QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
    return m


def ids(m: ColumnModel) -> list[int]:
    return [m.index(r).data(ApplicationIdRole) for r in range(m.rowCount())]


def test_updates_are_minimal_row_operations(model: ColumnModel, qtbot) -> None:  # type: ignore[no-untyped-def]
    model.set_order([1, 2, 3, 4, 5])
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    removed: list[tuple[int, int]] = []
    inserted: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _p, a, b: removed.append((a, b)))
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    model.set_order([1, 4, 5])  # two cards left
    assert ids(model) == [1, 4, 5]
    assert (removed, inserted, resets) == ([(1, 2)], [], [])
    model.set_order([1, 4, 2, 3, 5, 6, 7])  # back, plus two new at the end
    assert inserted == [(2, 3), (5, 6)]
    model.set_order([7, 6, 5, 3, 2, 4, 1])
    assert ids(model) == [7, 6, 5, 3, 2, 4, 1]
    assert resets == []


def test_a_reorder_is_one_row_move_that_keeps_the_selection(model: ColumnModel) -> None:
    model.set_order(list(range(1, 11)))
    moved: list[tuple[int, int, int]] = []
    model.rowsMoved.connect(lambda _p, a, b, _d, row: moved.append((a, b, row)))
    model.set_order([1, 2, 9, 3, 4, 5, 6, 7, 8, 10])  # 9 up to row 2
    assert moved == [(8, 8, 2)]
    model.set_order([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])  # and back down
    assert moved[-1] == (2, 2, 9)
    assert ids(model) == list(range(1, 11))


def test_one_card_moves_by_row_and_keeps_its_selection(model: ColumnModel, qtbot) -> None:  # type: ignore[no-untyped-def]
    """``move_card``: the board's path for a drop — a card leaves, arrives or moves within
    the column as one row operation; anything that is not one row operation is refused
    and changes nothing."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QListView

    model.set_order([1, 2, 3, 4, 5], [9])  # 9: an archived card shown after the live ones
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setCurrentIndex(model.index(3))  # card 4
    view.selectionModel().select(model.index(3), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    ops: list[tuple[str, int, int]] = []
    model.rowsRemoved.connect(lambda _p, a, _b: ops.append(("removed", a, model.rowCount())))
    model.rowsInserted.connect(lambda _p, a, _b: ops.append(("inserted", a, model.rowCount())))
    model.rowsMoved.connect(lambda _p, a, _b, _d, row: ops.append(("moved", a, row)))
    assert model.move_card(2, None)  # left for another column
    assert model.move_card(7, 0)  # arrived from another column
    assert model.move_card(4, 0)  # the selected card, up to the top
    assert model.move_card(4, 4)  # and down to the last live place
    assert ops == [("removed", 1, 5), ("inserted", 0, 6), ("moved", 3, 0), ("moved", 0, 5)]
    assert ids(model) == [7, 1, 3, 5, 4, 9]
    assert model.order() == [7, 1, 3, 5, 4]
    assert model.count() == 5
    assert view.currentIndex().data(ApplicationIdRole) == 4
    assert [i.data(ApplicationIdRole) for i in view.selectionModel().selectedIndexes()] == [4]
    # Refused, nothing changes: not held, out of range, among the archived, or filtered.
    for card, index in ((8, None), (8, 6), (4, 5), (4, -1), (9, None)):
        assert not model.move_card(card, index)
    model.set_filter(CardFilter(tokens=("c",)))
    assert not model.move_card(4, 0)
    model.set_filter(CardFilter())
    assert ids(model) == [7, 1, 3, 5, 4, 9]
    assert len(ops) == 4
    # The row of the card just placed is remembered; a stale memory is never believed.
    assert model.row_of(4) == 4
    model.set_order([4, 7, 1, 3, 5], [9])
    assert model.row_of(4) == 0
    assert model.row_of(2) == -1
    assert model.move_card(2, 1, arriving=True)  # the caller took it out of another column
    assert ids(model) == [4, 2, 7, 1, 3, 5, 9]
    assert model.row_of(2) == 1


def test_large_changes_are_one_layout_change_that_keeps_the_selection(
    model: ColumnModel, store: dict[int, CardRecord], qtbot
) -> None:  # type: ignore[no-untyped-def]
    """A search hiding scattered cards is one layout change (not hundreds of row removals),
    and the selected card stays selected and current at its new row."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QListView

    for i in range(11, 300):
        store[i] = rec(i, "keep" if i % 3 == 0 else f"other {i}")
    model.set_order(list(range(1, 300)))  # filling an empty column: one insertion
    assert model.rowCount() == 299
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setCurrentIndex(model.index(149))  # card 150
    view.selectionModel().select(model.index(149), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    events: list[str] = []
    model.layoutChanged.connect(lambda *_: events.append("layout"))
    model.rowsRemoved.connect(lambda *_: events.append("removed"))
    model.modelReset.connect(lambda: events.append("reset"))
    model.set_filter(CardFilter(tokens=("keep",)))
    assert events == ["layout"]
    assert ids(model) == [i for i in range(12, 300) if i % 3 == 0]
    assert view.currentIndex().data(ApplicationIdRole) == 150
    assert [i.data(ApplicationIdRole) for i in view.selectionModel().selectedIndexes()] == [150]
    model.set_filter(CardFilter(tokens=("other",)))  # card 150 is hidden now
    assert not view.currentIndex().isValid()
    model.set_filter(CardFilter())
    assert model.rowCount() == 299


def test_filter_and_refresh(model: ColumnModel, store: dict[int, CardRecord]) -> None:
    model.set_order([1, 2, 3])
    store[2] = rec(2, "Hooli")
    model.set_filter(CardFilter(tokens=("hooli",)))
    assert ids(model) == [2]
    store[3] = rec(3, "Hooli XYZ")
    model.refresh({3})
    assert ids(model) == [2, 3]
    model.set_filter(CardFilter())
    assert ids(model) == [1, 2, 3]


def test_search_texts_holding_the_index_separator_still_match_their_own_cards(
    model: ColumnModel, store: dict[int, CardRecord]
) -> None:
    """The search index copies the cards' texts by splitting one joined string; a text
    holding the join's separator (a NUL pasted into the notes) must not shift every
    later card's text onto its neighbour."""
    for i, text in ((1, "acme"), (2, "globex\x00initech"), (3, "hooli")):
        store[i] = rec(i, text)._replace(haystack=text)
    model.set_order([1, 2, 3])
    for query, expected in (("hooli", [3]), ("initech", [2]), ("acme", [1]), ("\x00", [2])):
        model.set_filter(CardFilter(tokens=(query,)))
        assert ids(model) == expected, query


def test_filtering_matches_a_plain_reference_through_edits_and_moves(
    model: ColumnModel, store: dict[int, CardRecord]
) -> None:
    """The cached search index never goes stale: 400 seeded random steps (typing and
    deleting letters, several words, the overdue filter, records edited, cards arriving,
    leaving and archived cards shown) always show what a plain scan of the store shows."""
    import random

    rng = random.Random(20261129)
    words = ["ab", "ba", "abc", "cab", "bca", "a b", "xyz"]
    due = [None, T0 - dt.timedelta(days=1), T0 + dt.timedelta(days=1)]

    def card(i: int) -> CardRecord:
        text = rng.choice(words) + " " + rng.choice(words)
        base = rec(i, text, archived=rng.random() < 0.1)
        return base._replace(next_due=rng.choice(due), haystack=text.casefold())

    for i in list(store):
        store[i] = card(i)
    order = list(store)
    model.set_order(order)
    query, overdue = "", False
    for _ in range(400):
        step = rng.randrange(5)
        if step == 0:  # type or delete a letter, sometimes a space
            query = query[:-1] if query and rng.random() < 0.4 else query + rng.choice("abc ")
        elif step == 1:
            overdue = not overdue
        elif step == 2:  # a record changes (an edit, a logged follow-up)
            changed = rng.choice(order)
            store[changed] = card(changed)
            model.refresh({changed})
        else:  # the column is re-arranged: a card arrives or leaves, archived ones shown
            new_id = max(store) + 1
            store[new_id] = card(new_id)
            order = [c for c in order if rng.random() > 0.1] + [new_id]
            rng.shuffle(order)
            live = [c for c in order if not store[c].archived]
            extra = [c for c in order if store[c].archived]
            model.set_order(live, extra)
            order = live + extra
        f = CardFilter(tuple(query.split()), T0 if overdue else None)
        model.set_filter(f)
        expected = [
            c
            for c in order
            if all(t in store[c].haystack for t in f.tokens)
            and (not overdue or (store[c].next_due is not None and store[c].next_due <= T0))
        ]
        assert ids(model) == expected, (query, overdue)


def test_final_index_maps_visible_rows_to_board_positions(
    model: ColumnModel, store: dict[int, CardRecord]
) -> None:
    model.set_order([1, 2, 3, 4, 5])
    store[2] = rec(2, "match")
    store[4] = rec(4, "match too")
    model.set_filter(CardFilter(tokens=("match",)))  # visible: 2, 4
    assert ids(model) == [2, 4]
    assert model.final_index(0, [9]) == 1  # before card 2 → after card 1
    assert model.final_index(1, [9]) == 3  # before card 4
    assert model.final_index(-1, [9]) is None  # end
    model.set_filter(CardFilter())
    assert model.final_index(2, [1]) == 1  # dragging card 1 down to before card 3
    assert model.final_index(1, [2]) == 1  # card 2 dropped on itself: before card 3, index 1
    assert model.final_index(4, [5]) is None


def test_mime_round_trip_and_garbage(model: ColumnModel) -> None:
    model.set_order([1, 2, 3])
    data = model.mimeData([model.index(0), model.index(2)])
    assert data.hasFormat(CARD_MIME)
    assert decode_ids(data) == [1, 3]
    assert model.mimeTypes() == [CARD_MIME]
    for bad in (b"", b"not json", b'{"ids": "x"}', b'{"ids": [true]}', b'{"nope": 1}'):
        m = QMimeData()
        m.setData(CARD_MIME, bad)
        assert decode_ids(m) == []
        assert not model.canDropMimeData(m, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    plain = QMimeData()
    plain.setText("1,2,3")
    assert not model.dropMimeData(plain, Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_drop_emits_one_request(model: ColumnModel, qtbot) -> None:  # type: ignore[no-untyped-def]
    model.set_order([1, 2, 3])
    with qtbot.waitSignal(model.dropRequested) as blocker:
        assert model.dropMimeData(encode_ids([7], 2), Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert blocker.args == [[7], 1, 1]
    with qtbot.waitSignal(model.dropRequested) as blocker:
        model.dropMimeData(encode_ids([7], 2), Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert blocker.args == [[7], 1, -1]


def test_archived_cards_are_shown_but_not_draggable(
    model: ColumnModel, store: dict[int, CardRecord]
) -> None:
    store[20] = rec(20, archived=True)
    model.set_order([1], extra=[20])
    assert ids(model) == [1, 20]
    assert model.flags(model.index(1)) & Qt.ItemFlag.ItemIsDragEnabled == Qt.ItemFlag.NoItemFlags
    assert decode_ids(model.mimeData([model.index(1)])) == []
    assert model.index(1).data(CardRole).archived


def test_repaint_names_the_changed_rows(model: ColumnModel) -> None:
    model.set_order(list(range(1, 11)))
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))
    model.repaint({4, 99})  # one card (and one not in the column)
    assert changed == [(3, 3)]
    changed.clear()
    model.repaint({2, 3, 4, 5, 6, 7, 8, 9, 99})  # a bulk change: one signal over the span
    assert changed == [(1, 8)]
