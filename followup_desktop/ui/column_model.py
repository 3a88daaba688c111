"""One board column as a QAbstractListModel over card ids.

The model holds ids in board order and reads records from a store shared by all columns.
Updates are applied as minimal row removals/insertions (so selection and scroll survive a
drop), falling back to a reset for large changes such as a new search.
Dropping calls no service itself: it emits ``dropRequested(ids, stage_id, index)`` where
``index`` is the final position among the stage's cards, whatever filter is showing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from itertools import compress
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ..services.board_view import CardRecord, StageRecord
from .forms import plain_tip
from .roles import CARD_MIME, ApplicationIdRole, CardRole, StageIdRole
from .timefmt import badge_for, days_in_stage

Index = QModelIndex | QPersistentModelIndex


@dataclasses.dataclass(frozen=True, slots=True)
class CardFilter:
    """What the board shows: cards whose text holds every token, optionally only those with
    a follow-up due before ``due_before`` (the overdue filter) and only those the playbook
    thinks may have gone quiet (``quiet_only``: nudged without answer up to the cap)."""

    tokens: tuple[str, ...] = ()
    due_before: dt.datetime | None = None
    quiet_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.tokens) or self.due_before is not None or self.quiet_only


_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DRAGGABLE = _SELECTABLE | Qt.ItemFlag.ItemIsDragEnabled
_DROP_TARGET = Qt.ItemFlag.ItemIsDropEnabled
#: More row operations than this (a search hiding scattered cards, a re-read column): one
#: layout change instead. Each removal or insertion costs Qt ~30 µs of bookkeeping, so a
#: first letter hiding 140 scattered cards spent 4 ms there; a layout change keeps the
#: selection and the current card through persistent indexes, which a reset would lose.
_RELAYOUT_ABOVE = 8


def encode_ids(ids: Sequence[int], stage_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(CARD_MIME, json.dumps({"ids": list(ids), "stage": stage_id}).encode())
    return data


def decode_ids(data: QMimeData) -> list[int]:
    """The card ids in a drag payload; [] for anything malformed or foreign."""
    if not data.hasFormat(CARD_MIME):
        return []
    try:
        payload = json.loads(bytes(data.data(CARD_MIME).data()).decode())
        ids = payload["ids"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return []
    if not isinstance(ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in ids
    ):
        return []
    return ids


class ColumnModel(QAbstractListModel):
    dropRequested = Signal(list, int, int)  # ids, stage id, final index (-1 = end)

    def __init__(
        self,
        stage: StageRecord,
        store: Mapping[int, CardRecord],
        parent: Any = None,
        *,
        clock: tuple[Callable[[], dt.datetime], dt.tzinfo] | None = None,
    ) -> None:
        super().__init__(parent)
        self.stage = stage
        self._store = store
        #: (now, the user's zone): what a screen reader hears of the badge and the days in
        #: stage says what the card shows (none without it: tests of the model alone).
        self._clock = clock
        self._order: list[int] = []  # live cards, board order
        self._extra: list[int] = []  # archived cards when shown (after the live ones)
        self._visible: list[int] = []
        self._filter = CardFilter()
        # Search index: the column's cards and their haystacks side by side, rebuilt lazily
        # after the cards or their records change, so a new query is one pass over plain
        # strings instead of a dictionary lookup per card.
        self._indexed: list[int] | None = None
        self._haystacks: list[str] = []
        # The last query's matches over that index: the next keystroke usually narrows
        # it ("ac" -> "acm"), and then only these need testing.
        self._narrowed: tuple[list[int], tuple[str, ...], list[int], list[str]] | None = None
        #: (card, row) of the card the last one-card move put here: a hint, checked on use.
        self._placed: tuple[int, int] | None = None

    # --- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        card_id = self._visible[index.row()]
        rec = self._store.get(card_id)
        if rec is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return rec.company
        if role == ApplicationIdRole:
            return rec.id
        if role == CardRole:
            return rec
        if role == StageIdRole:
            return self.stage.id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{rec.company}, {rec.role}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self._description(rec)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._tip(rec))
        return None

    def _tip(self, rec: CardRecord) -> str:
        """The card's words in full, for the pointer resting on it: a narrow column cuts
        long companies, roles and follow-up titles short ("Check in with Bluth Co…")."""
        lines = [rec.company, rec.role]
        if rec.next_title:
            when = ""
            if self._clock is not None and rec.next_due is not None:
                when = f" ({badge_for(rec.next_due, self._clock[0](), self._clock[1])[1]})"
            lines.append(f"Next: {rec.next_title}{when}")
        if rec.thank_you_pending:
            lines.append("A thank-you email is still to send.")
        where = " · ".join(part for part in (rec.location, rec.tags) if part)
        if where:
            lines.append(where)
        return "\n".join(lines)

    def _description(self, rec: CardRecord) -> str:
        """What the painted card says, in words: the stage and how long, the next
        follow-up and when (its badge), the unsent thank-you, the playbook's suggestion."""
        parts = [f"in {self.stage.name}"]
        if self._clock is not None:
            now, tz = self._clock[0](), self._clock[1]
            days = days_in_stage(rec.stage_entered_at, now, tz)
            parts[0] += f" for {days} day{'' if days == 1 else 's'}"
            if rec.next_due is not None and rec.next_title:
                parts.append(f"next: {rec.next_title}, {badge_for(rec.next_due, now, tz)[1]}")
        if rec.next_title and (self._clock is None or rec.next_due is None):
            parts.append(f"next: {rec.next_title}")
        if rec.thank_you_pending:
            parts.append("thank-you email not sent yet")
        if rec.ghost_suggested:
            parts.append(f"{rec.unanswered_nudges} follow-ups unanswered: move to Ghosted?")
        if rec.archived:
            parts.append("archived")
        return "; ".join(parts)

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked for every painted card: flags combined once (an enum "|" costs ~1.5 µs).
        if not index.isValid():
            return _DROP_TARGET
        row = index.row()
        rec = self._store.get(self._visible[row]) if row < len(self._visible) else None
        return _DRAGGABLE if rec is not None and not rec.archived else _SELECTABLE

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self._visible[r] for r in rows if not self._store[self._visible[r]].archived]
        return encode_ids(ids, self.stage.id)

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return bool(decode_ids(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        ids = decode_ids(data)
        if not ids or action not in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction):
            return False
        if parent.isValid():  # dropped onto a card: land before it
            row = parent.row()
        index = self.final_index(row, ids)
        self.dropRequested.emit(ids, self.stage.id, -1 if index is None else index)
        return True

    def _relayout(self, new: list[int]) -> None:
        """Replace the rows in one layout change, moving persistent indexes (the views'
        selection and current card) to their card's new row, or dropping them."""
        self.layoutAboutToBeChanged.emit()
        old = self._visible
        persistent = self.persistentIndexList()
        if persistent:
            moved = []
            for idx in persistent:
                row = idx.row()
                cid = old[row] if 0 <= row < len(old) else None
                try:
                    moved.append(self.index(new.index(cid)) if cid is not None else QModelIndex())
                except ValueError:  # hidden now
                    moved.append(QModelIndex())
            self._visible = list(new)
            self.changePersistentIndexList(persistent, moved)
        else:
            self._visible = list(new)
        self.layoutChanged.emit()

    def _apply_single_move(self, old: list[int], new: list[int]) -> bool:
        """A reorder within the column: one beginMoveRows keeps the moved row's selection."""
        move = _single_move(old, new)
        if move is None:
            return False
        src, dst = move
        # Qt's destination is the row *before which* it goes, in pre-move numbering.
        dest_row = dst + 1 if dst > src else dst
        if not self.beginMoveRows(QModelIndex(), src, src, QModelIndex(), dest_row):
            return False
        self._visible = list(new)
        self.endMoveRows()
        return True

    def _apply_single_edit(self, old: list[int], new: list[int]) -> bool:
        """One card left or arrived (the two halves of a cross-column drop): checked with
        C-speed list comparisons instead of the general diff."""
        if len(new) == len(old) + 1:
            i = _first_difference(old, new)
            if old[i:] == new[i + 1 :]:
                self.beginInsertRows(QModelIndex(), i, i)
                self._visible = list(new)
                self.endInsertRows()
                return True
        elif len(new) == len(old) - 1:
            i = _first_difference(old, new)
            if old[i + 1 :] == new[i:]:
                self.beginRemoveRows(QModelIndex(), i, i)
                self._visible = list(new)
                self.endRemoveRows()
                return True
        return False

    # --- mapping between view rows and board positions -----------------------------------
    def final_index(self, row: int, moving: Sequence[int]) -> int | None:
        """Where cards dropped before visible ``row`` (-1/too large = after the last) end up
        among the stage's other cards; None means the end."""
        moving_set = set(moving)
        archived = set(self._extra)  # shown after the live cards, never an anchor
        anchor = None
        if 0 <= row < len(self._visible):
            for cid in self._visible[row:]:
                if cid not in moving_set and cid not in archived:
                    anchor = cid
                    break
        if anchor is None:
            return None
        # Its index once the moving cards are out: list.index runs in C (this is on every
        # drop; a set of the whole column cost more than the rest of the mapping).
        at = self._order.index(anchor)
        return at - sum(1 for c in moving_set if c in self._order[:at])

    # --- updates -------------------------------------------------------------------------
    def ids(self) -> list[int]:
        return list(self._visible)

    def order(self) -> list[int]:
        return list(self._order)

    def place_of(self, card_id: int) -> int:
        """The card's index in the column's order (search or not), or -1: one walk to the
        card, no copy of the column."""
        try:
            return self._order.index(card_id)
        except ValueError:
            return -1

    def record(self, row: int) -> CardRecord | None:
        """The card shown at ``row`` (None out of range): what ``data(CardRole)`` gives,
        for the view's own painting, without a model index and a call through Qt."""
        if 0 <= row < len(self._visible):
            return self._store.get(self._visible[row])
        return None

    def row_of(self, card_id: int) -> int:
        """The card's row, or -1. The card a move just placed is found without walking the
        column (the board selects it and repaints it right after every drop)."""
        placed = self._placed
        if placed is not None and placed[0] == card_id:
            row = placed[1]
            if row < len(self._visible) and self._visible[row] == card_id:
                return row
        try:
            return self._visible.index(card_id)
        except ValueError:
            return -1

    def set_stage(self, stage: StageRecord) -> None:
        self.stage = stage

    def count(self) -> int:
        """How many live cards the column holds, shown or not."""
        return len(self._order)

    def archived_count(self) -> int:
        """How many archived cards it shows after the live ones (Show archived)."""
        return len(self._extra)

    def move_card(self, card_id: int, index: int | None, *, arriving: bool = False) -> bool:
        """Put one card at final position ``index`` of this column (None: take it out),
        by row — the two halves of a drop, or a reorder within the column — instead of a
        new order to diff. False, changing nothing, when that is not one row operation
        (a filter is on, the card is not where it should be, ``index`` is out of range)."""
        if self._filter.active:
            return False
        order = self._order
        try:
            # ``arriving``: the caller took the card out of another column, so it is not
            # here (a miss walked the whole column).
            row = -1 if arriving else order.index(card_id)
        except ValueError:
            row = -1
        if index is None:
            if row < 0:
                return False
            self.beginRemoveRows(QModelIndex(), row, row)
            del order[row]
            del self._visible[row]
            self._indexed = None
            self.endRemoveRows()
            return True
        if row < 0:
            if not 0 <= index <= len(order):
                return False
            self.beginInsertRows(QModelIndex(), index, index)
            order.insert(index, card_id)
            self._visible.insert(index, card_id)
            self._indexed = None
            self._placed = (card_id, index)
            self.endInsertRows()
            return True
        if not 0 <= index < len(order):
            return False
        if index != row:
            # Qt's destination is the row *before which* it goes, in pre-move numbering;
            # one move keeps the card's selection, as a drag within a column expects.
            dest = index + 1 if index > row else index
            if not self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest):
                return False
            for ids in (order, self._visible):
                del ids[row]
                ids.insert(index, card_id)
            self._indexed = None
            self._placed = (card_id, index)
            self.endMoveRows()
        return True

    def set_order(self, order: Sequence[int], extra: Sequence[int] = ()) -> None:
        self._order = list(order)
        self._extra = list(extra)
        self._indexed = None
        self._apply(self._compute_visible())

    def filtering(self) -> bool:
        """Whether a search or filter hides some of the column's cards (or could)."""
        return self._filter.active

    def set_filter(self, card_filter: CardFilter) -> None:
        self._filter = card_filter
        self._apply(self._compute_visible())

    def holds_any(self, ids: set[int]) -> bool:
        return any(cid in self._order or cid in self._extra for cid in ids)

    def refresh(self, ids: set[int]) -> None:
        """Records changed for ``ids``: re-filter when a filter is on (a changed card may now
        match the search, or not), then repaint their rows."""
        if self.holds_any(ids):
            self._indexed = None
        if self._filter.active and self._indexed is None:
            new_visible = self._compute_visible()
            if new_visible != self._visible:
                self._apply(new_visible)
        self.repaint(ids)

    def repaint(self, ids: set[int]) -> None:
        visible = self._visible
        if len(ids) <= 8:  # a drop or an edit: look each up
            for cid in ids:
                row = self.row_of(cid)
                if row >= 0:
                    idx = self.index(row)
                    self.dataChanged.emit(idx, idx)
            return
        # An import or a bulk change: one pass and one signal (a lookup per id walked the
        # column 10,000 times).
        rows = [row for row, cid in enumerate(visible) if cid in ids]
        if rows:
            self.dataChanged.emit(self.index(rows[0]), self.index(rows[-1]))

    def prepare_search(self) -> None:
        """Build the search index now (the board calls this when idle), so the first
        letter of a query does not pay for it."""
        if self._indexed is None:
            store = self._store
            self._indexed = [i for i in self._order + self._extra if i in store]
            self._haystacks = _side_by_side([store[i].haystack for i in self._indexed])

    def _compute_visible(self) -> list[int]:
        """The cards the filter shows, in board order: one ``in`` test per card and token
        over the cached haystacks (~0.3 ms per 1,000 cards here)."""
        store = self._store
        f = self._filter
        if not f.active:  # every card of the column (the board loads records first)
            return self._order + self._extra
        self.prepare_search()
        assert self._indexed is not None
        ids, hays = self._indexed, self._haystacks
        tokens = f.tokens
        last = self._narrowed
        if last is not None and last[0] is self._indexed and _narrows(last[1], tokens):
            # Every card the new query can match matched the last one: test only those,
            # for the tokens the last query did not have.
            ids, hays = last[2], last[3]
            tokens = tuple(t for t in tokens if t not in last[1])
        for token in tokens:
            keep = [token in h for h in hays]
            ids, hays = list(compress(ids, keep)), list(compress(hays, keep))
        self._narrowed = (self._indexed, f.tokens, ids, hays)
        if f.due_before is not None:  # (an archived card's follow-ups are silenced)
            limit = f.due_before
            ids = [
                i
                for i in ids
                if (r := store[i]).next_due is not None and r.next_due <= limit and not r.archived
            ]
        if f.quiet_only:
            ids = [i for i in ids if (r := store[i]).ghost_suggested and not r.archived]
        return ids

    def _apply(self, new: list[int]) -> None:
        old = self._visible
        if old == new:
            return
        if self._apply_single_move(old, new) or self._apply_single_edit(old, new):
            return
        if not old or not new:  # a column filling up or emptying: one row operation
            if new:
                self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
                self._visible = list(new)
                self.endInsertRows()
            else:
                self.beginRemoveRows(QModelIndex(), 0, len(old) - 1)
                self._visible = []
                self.endRemoveRows()
            return
        if abs(len(old) - len(new)) > _RELAYOUT_ABOVE:
            self._relayout(new)  # at least that many rows come or go: skip the diff
            return
        new_pos = {cid: i for i, cid in enumerate(new)}
        kept = [cid for cid in old if cid in new_pos]
        if len(old) - len(kept) + len(new) - len(kept) > _RELAYOUT_ABOVE:
            self._relayout(new)  # already too many operations, whatever is kept
            return
        positions = [new_pos[c] for c in kept]
        if positions == sorted(positions):  # a filter change: the kept cards keep their order
            keep_ids = set(kept)
        else:
            keep_ids = {new[p] for p in _longest_increasing(positions)}
        removals = [i for i, cid in enumerate(old) if cid not in keep_ids]
        insertions = len(new) - len(keep_ids)
        if len(removals) + insertions > _RELAYOUT_ABOVE:
            self._relayout(new)
            return
        current = self._visible = list(old)  # rowCount follows each removal and insertion
        for first, last in reversed(_runs(removals)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del current[first : last + 1]
            self.endRemoveRows()
        if current == new:  # a narrowing search: nothing to insert (no per-row loop)
            return
        # ``current`` is now the kept cards, a subsequence of ``new``: insert the rest.
        k = 0
        while k < len(new):
            if k < len(current) and current[k] == new[k]:
                k += 1
                continue
            end = k
            while end < len(new) and new[end] not in keep_ids:
                end += 1
            self.beginInsertRows(QModelIndex(), k, end - 1)
            current[k:k] = new[k:end]
            self._visible = current
            self.endInsertRows()
            k = end
        self._visible = current
        assert self._visible == new


def _side_by_side(texts: list[str]) -> list[str]:
    """Copies of ``texts`` made one after the other, so they lie side by side in memory.
    The records' own strings were allocated among everything else a record holds: a
    keystroke's pass over 10,000 of them fetched each from a different place, and cost
    ~40% more than over these copies (measured in the window, 2.3 → 1.4 ms for a first
    letter). Split from one joined string, so the copies are made in one run."""
    copies = _SEPARATOR.join(texts).split(_SEPARATOR)
    return copies if len(copies) == len(texts) else list(texts)  # a text held the separator


_SEPARATOR = "\x00"


def _narrows(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """Whether every text holding all of ``new`` holds all of ``old``: each old token is
    part of some new one (a letter typed, a word added)."""
    return all(any(o in n for n in new) for o in old)


def _first_difference(a: list[int], b: list[int]) -> int:
    """The first index where ``a`` and ``b`` differ (bisection on slice equality: C speed)."""
    lo, hi = 0, min(len(a), len(b))
    if a[:hi] == b[:hi]:
        return hi
    while lo < hi:  # invariant: a[:lo] == b[:lo], a[:hi] != b[:hi]
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _single_move(old: list[int], new: list[int]) -> tuple[int, int] | None:
    """(from, to) if ``new`` is ``old`` with exactly one card moved, else None. List slicing
    and comparison run in C, so this is cheap even for thousands of rows."""
    if len(old) != len(new) or len(old) < 2:
        return None
    i = _first_difference(old, new)
    if i == len(old):
        return None
    # Card new[i] came up from further down …
    j = old.index(new[i]) if new[i] in old else -1
    if j > i and old[:j] + old[j + 1 :] == new[:i] + new[i + 1 :]:
        return j, i
    # … or card old[i] went down.
    k = new.index(old[i]) if old[i] in new else -1
    if k > i and old[:i] + old[i + 1 :] == new[:k] + new[k + 1 :]:
        return i, k
    return None


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _longest_increasing(seq: list[int]) -> list[int]:
    """The values of a longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, v in enumerate(seq):
        j = bisect.bisect_left(tails, v)
        if j == len(tails):
            tails.append(v)
            tails_idx.append(i)
        else:
            tails[j] = v
            tails_idx[j] = i
        prev[i] = tails_idx[j - 1] if j else -1
    out = []
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.append(seq[i])
        i = prev[i]
    return out[::-1]
