"""One board column as a QAbstractListModel over card ids.

The model holds ids in board order and reads records from a store shared by all columns.
Updates are applied as minimal row removals/insertions (so selection and scroll survive a
drop), falling back to a reset for large changes such as a new search.
Dropping calls no service itself: it emits ``dropRequested(ids, stage_id, index)`` where
``index`` is the final position among the stage's cards, whatever filter is showing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
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
from .roles import CARD_MIME, ApplicationIdRole, CardRole, StageIdRole

Index = QModelIndex | QPersistentModelIndex
CardFilter = Callable[[CardRecord], bool]
_RESET_ABOVE = 64  # more row operations than this: a reset is cheaper and just as correct


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
        self, stage: StageRecord, store: Mapping[int, CardRecord], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.stage = stage
        self._store = store
        self._order: list[int] = []  # live cards, board order
        self._extra: list[int] = []  # archived cards when shown (after the live ones)
        self._visible: list[int] = []
        self._filter: CardFilter | None = None

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
            parts = [f"in {self.stage.name}"]
            if rec.next_title:
                parts.append(f"next: {rec.next_title}")
            if rec.thank_you_pending:
                parts.append("thank-you email not sent yet")
            if rec.archived:
                parts.append("archived")
            return "; ".join(parts)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        rec = (
            self._store.get(self._visible[index.row()])
            if index.row() < len(self._visible)
            else None
        )
        if rec is not None and not rec.archived:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

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

    # --- mapping between view rows and board positions -----------------------------------
    def final_index(self, row: int, moving: Sequence[int]) -> int | None:
        """Where cards dropped before visible ``row`` (-1/too large = after the last) end up
        among the stage's other cards; None means the end."""
        moving_set = set(moving)
        live = set(self._order)
        anchor = None
        if 0 <= row < len(self._visible):
            for cid in self._visible[row:]:
                if cid not in moving_set and cid in live:
                    anchor = cid
                    break
        if anchor is None:
            return None
        remaining = [c for c in self._order if c not in moving_set]
        return remaining.index(anchor)

    # --- updates -------------------------------------------------------------------------
    def ids(self) -> list[int]:
        return list(self._visible)

    def order(self) -> list[int]:
        return list(self._order)

    def row_of(self, card_id: int) -> int:
        try:
            return self._visible.index(card_id)
        except ValueError:
            return -1

    def set_stage(self, stage: StageRecord) -> None:
        self.stage = stage

    def set_order(self, order: Sequence[int], extra: Sequence[int] = ()) -> None:
        self._order = list(order)
        self._extra = list(extra)
        self._apply(self._compute_visible())

    def set_filter(self, card_filter: CardFilter | None) -> None:
        self._filter = card_filter
        self._apply(self._compute_visible())

    def refresh(self, ids: set[int]) -> None:
        """Records changed for ``ids``: repaint their rows, and re-filter (a changed card may
        now match the search, or not)."""
        new_visible = self._compute_visible()
        if new_visible != self._visible:
            self._apply(new_visible)
        for row, cid in enumerate(self._visible):
            if cid in ids:
                idx = self.index(row)
                self.dataChanged.emit(idx, idx)

    def _compute_visible(self) -> list[int]:
        ids = self._order + self._extra
        f = self._filter
        if f is None:
            return [i for i in ids if i in self._store]
        store = self._store
        return [i for i in ids if i in store and f(store[i])]

    def _apply(self, new: list[int]) -> None:
        old = self._visible
        if old == new:
            return
        new_pos = {cid: i for i, cid in enumerate(new)}
        kept = [cid for cid in old if cid in new_pos]
        keep = set(_longest_increasing([new_pos[c] for c in kept]))
        keep_ids = {new[p] for p in keep}
        removals = [i for i, cid in enumerate(old) if cid not in keep_ids]
        insertions = len(new) - len(keep_ids)
        if len(removals) + insertions > _RESET_ABOVE:
            self.beginResetModel()
            self._visible = list(new)
            self.endResetModel()
            return
        current = list(old)
        for first, last in reversed(_runs(removals)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del current[first : last + 1]
            self.endRemoveRows()
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
