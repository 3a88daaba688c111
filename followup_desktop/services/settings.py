"""Changing the playbook's settings (re-plans every live application)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from ..core.changes import Changes
from ..core.settings import NotifySettings, PlaybookSettings
from ..core.types import DomainError
from ..store.database import Database, Transaction
from ..store.models import Application, Setting
from .playbook_runner import PLAYBOOK_SETTINGS_KEY, load_settings, replan


def playbook_settings(db: Database) -> PlaybookSettings:
    with db.read() as s:
        return load_settings(s)


def update_playbook_settings(db: Database, **changes: Any) -> Changes:
    """Validate and store new values; pending playbook follow-ups are re-timed to match."""
    with db.write() as tx:
        new = load_settings(tx.session).replace(**changes)
        store_setting(tx, PLAYBOOK_SETTINGS_KEY, new.to_dict())
        tx.session.flush()
        apps = tx.session.scalars(
            select(Application).where(
                Application.deleted_at.is_(None), Application.archived.is_(False)
            )
        ).all()
        for app in apps:
            replan(tx, app, new)
    return tx.result


NOTIFY_SETTINGS_KEY = "notify"


def notify_settings(db: Database) -> NotifySettings:
    with db.read() as s:
        row = s.get(Setting, NOTIFY_SETTINGS_KEY)
        if row is None:
            return NotifySettings()
        try:
            return NotifySettings.from_dict(json.loads(row.value))
        except (ValueError, TypeError, DomainError):
            return NotifySettings()


def update_notify_settings(db: Database, **changes: Any) -> Changes:
    new = notify_settings(db).replace(**changes)
    with db.write() as tx:
        store_setting(tx, NOTIFY_SETTINGS_KEY, new.to_dict())
    return tx.result


def store_setting(tx: Transaction, key: str, values: dict[str, Any]) -> None:
    """Write one settings row as JSON (never a pickle) and say settings changed."""
    row = tx.session.get(Setting, key)
    value = json.dumps(values, sort_keys=True)
    if row is None:
        tx.session.add(Setting(key=key, value=value))
    else:
        row.value = value
    tx.changed.settings = True
