"""Editing the board's columns: add, rename, reorder, hide, change kind and WIP limit, delete."""

from __future__ import annotations

from sqlalchemy import func, select

from ..core import validation as v
from ..core.changes import Changes, Created
from ..core.types import DomainError, StageKind
from ..store.database import Database, Transaction
from ..store.models import Application, CardOrder, Stage
from .board import put_in, take_out
from .common import get
from .playbook_runner import replan

_UNSET = object()


def _check_name(tx: Transaction, name: str, exclude: int | None = None) -> str:
    name = v.one_line("Stage name", name, required=True)
    for other in tx.session.scalars(select(Stage)):
        if other.id != exclude and other.name.casefold() == name.casefold():
            raise DomainError(f"There is already a stage called “{other.name}”.")
    return name


def _wip(value: object) -> int | None:
    return None if value is None else v.whole_number("WIP limit", value, low=1, high=100_000)


def _stages(tx: Transaction) -> list[Stage]:
    return list(tx.session.scalars(select(Stage).order_by(Stage.position)))


def _renumber(stages: list[Stage]) -> None:
    for i, s in enumerate(stages):
        if s.position != i:
            s.position = i


def add_stage(
    db: Database,
    name: str,
    *,
    kind: StageKind = StageKind.OPEN,
    index: int | None = None,
    wip_limit: int | None = None,
) -> Created:
    if not isinstance(kind, StageKind):
        raise DomainError("Unknown stage kind.")
    limit = _wip(wip_limit)
    with db.write() as tx:
        clean = _check_name(tx, name)
        stages = _stages(tx)
        at = len(stages) if index is None else max(0, min(index, len(stages)))
        stage = Stage(name=clean, kind=kind, wip_limit=limit, hidden=False, position=len(stages))
        tx.session.add(stage)
        stages.insert(at, stage)
        # Two passes: positions are not unique-constrained, but keep the flush order simple.
        _renumber(stages)
        tx.session.flush()
        tx.changed.stages = True
    return Created(stage.id, tx.result)


def edit_stage(
    db: Database,
    stage_id: int,
    *,
    name: str | None = None,
    kind: StageKind | None = None,
    wip_limit: object = _UNSET,
    hidden: bool | None = None,
) -> Changes:
    """Rename, re-kind, set/clear the WIP limit, hide/show. A new kind re-runs the playbook
    for the stage's cards (e.g. marking a stage Rejected asks for feedback)."""
    with db.write() as tx:
        stage = get(tx, Stage, stage_id)
        if name is not None:
            stage.name = _check_name(tx, name, exclude=stage.id)
        if wip_limit is not _UNSET:
            stage.wip_limit = _wip(wip_limit)
        if hidden is not None:
            if not isinstance(hidden, bool):
                raise DomainError("Hidden must be on or off.")
            stage.hidden = hidden
        rekind = kind is not None and kind != stage.kind
        if kind is not None:
            if not isinstance(kind, StageKind):
                raise DomainError("Unknown stage kind.")
            stage.kind = kind
        tx.changed.stages = True
        if rekind:
            tx.session.flush()
            apps = tx.session.scalars(
                select(Application).where(
                    Application.stage_id == stage.id, Application.deleted_at.is_(None)
                )
            ).all()
            for app in apps:
                replan(tx, app)
    return tx.result


def move_stage(db: Database, stage_id: int, index: int) -> Changes:
    """Reorder columns: ``stage_id`` ends up at ``index``."""
    with db.write() as tx:
        stage = get(tx, Stage, stage_id)
        stages = [s for s in _stages(tx) if s.id != stage.id]
        stages.insert(max(0, min(index, len(stages))), stage)
        _renumber(stages)
        tx.changed.stages = True
    return tx.result


def delete_stage(db: Database, stage_id: int, *, move_cards_to: int | None = None) -> Changes:
    """Delete a column. Its cards (archived ones too) must go somewhere: refuse unless
    ``move_cards_to`` names another stage."""
    with db.write() as tx:
        stage = get(tx, Stage, stage_id)
        stages = _stages(tx)
        if len(stages) == 1:
            raise DomainError("The board needs at least one stage.")
        count = int(
            tx.session.scalar(
                select(func.count())
                .select_from(Application)
                .where(Application.stage_id == stage.id)
            )
            or 0
        )
        if count:
            if move_cards_to is None:
                raise DomainError(
                    f"“{stage.name}” still holds {count} application(s); choose where they go."
                )
            if move_cards_to == stage.id:
                raise DomainError("Choose a different stage for its applications.")
            target = get(tx, Stage, move_cards_to)
            apps = tx.session.scalars(
                select(Application)
                .outerjoin(CardOrder, CardOrder.application_id == Application.id)
                .where(Application.stage_id == stage.id)
                .order_by(CardOrder.position.is_(None), CardOrder.position)
            ).all()
            for app in apps:
                live = not app.archived and app.deleted_at is None
                take_out(tx, app.id)
                if live:
                    put_in(tx, app.id, target.id, None)
                else:
                    app.stage_id = target.id
                app.stage = target
                tx.changed.applications.add(app.id)
            tx.session.flush()
            for app in apps:
                if app.deleted_at is None:
                    replan(tx, app)
        tx.session.delete(stage)
        _renumber([s for s in stages if s.id != stage.id])
        tx.changed.stages = True
    return tx.result
