"""Column types that carry domain rules into the database."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import DateTime, Dialect, Enum, TypeDecorator


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC text.

    SQLite's DATETIME text always includes microseconds here, so the stored strings sort
    in time order and indexed range queries (``due_at <= now``) are correct.
    Refuses naive datetimes: a time without a zone is a bug, not data.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored; attach a time zone")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


def db_text(value: dt.datetime) -> str:
    """An aware instant as UTCDateTime stores it (naive UTC text with microseconds), for
    plain-SQL writes on the hot path; tests check it matches what SQLAlchemy writes."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r} cannot be stored; attach a time zone")
    # isoformat, not strftime: strftime imports the time module on every call, and
    # every import statement passes PySide's import hook (a drop writes ~7 instants).
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def str_enum(cls: type[enum.StrEnum]) -> Enum:
    """Store a StrEnum by value as plain VARCHAR (no CHECK: new members need no migration)."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def as_utc(value: object) -> dt.datetime | None:
    """A stored instant read outside the column type (aggregates, driver SQL): text or a
    naive datetime, both UTC by construction."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
