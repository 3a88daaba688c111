"""Input checks shared by every service: each failure is a DomainError with a user-facing message.

Text is stored verbatim (emoji, RTL, HTML-looking strings, quotes): we only trim the
surrounding whitespace of one-line fields and refuse what cannot be meant.
"""

from __future__ import annotations

import datetime as dt

from .dates import short_date
from .types import DomainError

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5_000_000  # a pasted job description or notes; 1 MB must fit comfortably
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def one_line(label: str, value: object, *, required: bool = False) -> str:
    """A trimmed single-line field such as company or role."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DomainError(f"{label} must be text.")
    text = value.strip()
    if required and not text:
        raise DomainError(f"{label} cannot be empty.")
    if "\n" in text or "\r" in text:
        raise DomainError(f"{label} must fit on one line.")
    if "\x00" in text:
        raise DomainError(f"{label} contains a NUL character.")
    if len(text) > SHORT_TEXT_MAX:
        raise DomainError(
            f"{label} is too long ({len(text)} characters; at most {SHORT_TEXT_MAX})."
        )
    return text


def long_text(label: str, value: object) -> str:
    """Free text (notes, job description): kept exactly as typed."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DomainError(f"{label} must be text.")
    if "\x00" in value:
        raise DomainError(f"{label} contains a NUL character.")
    if len(value) > LONG_TEXT_MAX:
        raise DomainError(
            f"{label} is too long ({len(value):,} characters; at most {LONG_TEXT_MAX:,})."
        )
    return value


def instant(label: str, value: object) -> dt.datetime:
    """An aware datetime within a sane range, returned in UTC."""
    if not isinstance(value, dt.datetime):
        raise DomainError(f"{label} must be a date and time.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise DomainError(f"{label} has no time zone; cannot tell when that is.")
    try:
        utc = value.astimezone(dt.UTC)
    except OverflowError as exc:
        raise DomainError(f"{label} is out of range.") from exc
    if not EARLIEST <= utc < LATEST:
        raise DomainError(
            f"{label} ({value:%Y-%m-%d}) is out of range; use a date between 1970 and 2199."
        )
    return utc


def past_day(label: str, value: object, today: dt.date) -> dt.date:
    """A calendar day that has begun: from 1970 up to ``today`` (the user's date)."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise DomainError(f"{label} must be a date.")
    if value > today:
        raise DomainError(f"{label} cannot be in the future ({short_date(value)}).")
    if value < EARLIEST.date():
        raise DomainError(f"{label} ({value.isoformat()}) is out of range; use 1970 or later.")
    return value


def optional_instant(label: str, value: object) -> dt.datetime | None:
    return None if value is None else instant(label, value)


def whole_number(label: str, value: object, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(f"{label} must be a whole number.")
    if not low <= value <= high:
        raise DomainError(f"{label} must be between {low} and {high}.")
    return value


def tags(value: object) -> str:
    """Tags as one comma-separated string, de-duplicated (case-insensitively), order kept."""
    if value is None:
        return ""
    items: list[str]
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        raise DomainError("Tags must be text or a list of text.")
    seen: set[str] = set()
    out: list[str] = []
    for raw in items:
        tag = one_line("A tag", raw)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return ", ".join(out)
