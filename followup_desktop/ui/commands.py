"""Undoable board operations (QUndoStack). Each redo/undo is one service call; a refused
call (DomainError) marks the command obsolete so the stack never holds a lie."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from ..services import applications, board, csv_import
from ..services.csv_read import Row
from .bridge import DataBridge

Placement = tuple[int, int, int]  # application id, stage id, index


class _ServiceCommand(QUndoCommand):
    def __init__(self, bridge: DataBridge, text: str) -> None:
        super().__init__(text)
        self.bridge = bridge
        self.ok = True

    def shown_cards(self, *, undone: bool) -> list[int]:
        """The cards to select once this step is undone (or redone): where the person
        looks to see what Ctrl+Z did. No cards for a step that takes cards away (or an
        add the person undid)."""
        return []

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        result = self.bridge.call(fn, *args, **kwargs)
        if result is None:
            self.ok = False
            self.setObsolete(True)
        return result


class MoveCards(_ServiceCommand):
    def __init__(
        self,
        bridge: DataBridge,
        ids: Sequence[int],
        stage_id: int,
        index: int | None,
        origin: Sequence[Placement],
        text: str,
        entered: Mapping[int, dt.datetime] | None = None,
    ) -> None:
        super().__init__(bridge, text)
        self.ids = list(ids)
        self.stage_id = stage_id
        self.index = index
        self.origin = list(origin)
        #: When each card had entered the stage it is moved out of: undo restores it.
        self.entered = dict(entered or {})

    def shown_cards(self, *, undone: bool) -> list[int]:
        return self.ids

    def redo(self) -> None:
        self._call(board.move_applications, self.ids, self.stage_id, self.index)

    def undo(self) -> None:
        self._call(board.place_applications, self.origin, self.entered)


class SortColumn(_ServiceCommand):
    """Sort a column once (first redo); undo puts back the order it had, redo the sorted
    one — each exactly, so a redo after other edits cannot sort cards it never saw."""

    def __init__(self, bridge: DataBridge, stage_id: int, by: str, text: str) -> None:
        super().__init__(bridge, text)
        self.stage_id = stage_id
        self.by = by
        self.before: list[int] | None = None
        self.after: list[int] = []
        #: The column was in that order already (the stack then drops the step at once).
        self.unchanged = False

    def redo(self) -> None:
        if self.before is None:
            before = self._call(board.sort_stage, self.stage_id, self.by)
            if before is not None:
                self.before = before
                self.after = board.card_ids(self.bridge.db, self.stage_id)
                if self.after == before:  # no step to undo
                    self.unchanged = True
                    self.setObsolete(True)
        else:
            self._call(board.set_stage_order, self.stage_id, self.after)

    def undo(self) -> None:
        if self.before is not None:
            self._call(board.set_stage_order, self.stage_id, self.before)


class EditCard(_ServiceCommand):
    def __init__(
        self,
        bridge: DataBridge,
        app_id: int,
        before: dict[str, Any],
        after: dict[str, Any],
        text: str,
    ) -> None:
        super().__init__(bridge, text)
        self.app_id = app_id
        self.before = before
        self.after = after

    def shown_cards(self, *, undone: bool) -> list[int]:
        return [self.app_id]

    def redo(self) -> None:
        self._call(applications.edit_application, self.app_id, **self.after)

    def undo(self) -> None:
        self._call(applications.edit_application, self.app_id, **self.before)


class _OffBoard(_ServiceCommand):
    """Take cards off the board (redo) and put each back at its old place (undo), each
    in one service call: one transaction for all the cards, so a refused step (a card
    deleted meanwhile in another window) changes none of them and leaves no half-done
    step on the stack."""

    def __init__(self, bridge: DataBridge, origin: Sequence[Placement], text: str) -> None:
        super().__init__(bridge, text)
        self.origin = sorted(origin, key=lambda p: (p[1], p[2]))  # restored in board order

    def shown_cards(self, *, undone: bool) -> list[int]:
        return self._ids() if undone else []

    def _ids(self) -> list[int]:
        return [app_id for app_id, _, _ in self.origin]

    def _put_backs(self) -> list[tuple[int, int | None]]:
        return [(app_id, index) for app_id, _, index in self.origin]


class ArchiveCards(_OffBoard):
    def redo(self) -> None:
        self._call(applications.archive_applications, self._ids())

    def undo(self) -> None:
        self._call(applications.unarchive_applications, self._put_backs())


class DeleteCards(_OffBoard):
    def redo(self) -> None:
        self._call(applications.delete_applications, self._ids())

    def undo(self) -> None:
        self._call(applications.restore_applications, self._put_backs())


class AddCard(_ServiceCommand):
    """Create on first redo; undo deletes (softly), redo again restores the same card."""

    def __init__(self, bridge: DataBridge, fields: dict[str, Any], text: str) -> None:
        super().__init__(bridge, text)
        self.fields = fields
        self.app_id: int | None = None

    def shown_cards(self, *, undone: bool) -> list[int]:
        return [] if undone or self.app_id is None else [self.app_id]

    def redo(self) -> None:
        if self.app_id is None:
            created = self._call(applications.create_application, **self.fields)
            if created is not None:
                self.app_id = created.id
        else:
            self._call(applications.restore_application, self.app_id)

    def undo(self) -> None:
        if self.app_id is not None:
            self._call(applications.delete_application, self.app_id)


class ImportCards(_ServiceCommand):
    """Import on first redo (one transaction); undo takes every imported card (and the
    people the import made) away again, redo brings the same cards back."""

    def __init__(
        self,
        bridge: DataBridge,
        rows: Sequence[Row],
        stage_id: int,
        source: str,
        text: str,
        *,
        catch_up_from_today: bool,
        stage_for: dict[str, int] | None = None,
    ) -> None:
        super().__init__(bridge, text)
        self.rows = list(rows)
        self.stage_id = stage_id
        self.stage_for = dict(stage_for or {})
        self.source = source
        self.catch_up = catch_up_from_today
        self.ids: tuple[int, ...] = ()
        self.people: tuple[int, ...] = ()
        self.links: tuple[tuple[int, int], ...] = ()

    def redo(self) -> None:
        if not self.ids:
            done = self._call(
                csv_import.import_rows,
                self.rows,
                self.stage_id,
                self.source,
                catch_up_from_today=self.catch_up,
                stage_for=self.stage_for,
            )
        else:
            done = self._call(csv_import.restore_imported, self.ids, self.rows)
        if done is not None:
            self.ids, self.people, self.links = done.ids, done.people, done.links

    def undo(self) -> None:
        self._call(csv_import.discard_imported, self.ids, self.people, self.links)
