"""Turns the database's post-commit callbacks into one Qt signal every view listens to."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from ..core.changes import Changes
from ..core.types import DomainError
from ..store.database import Database

log = logging.getLogger("followup.ui")
T = TypeVar("T")


class DataBridge(QObject):
    """``changed(Changes)`` after every committed write; ``failed(str)`` when a service
    refused a request (the message is for the user)."""

    changed = Signal(object)
    failed = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        db.subscribe(self._on_commit)

    def _on_commit(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a service; a DomainError becomes ``failed`` and None (nothing was written)."""
        try:
            return fn(self.db, *args, **kwargs)
        except DomainError as exc:
            log.info("refused %s: %s", getattr(fn, "__name__", fn), exc)
            self.failed.emit(str(exc))
            return None

    def detach(self) -> None:
        self.db.unsubscribe(self._on_commit)
