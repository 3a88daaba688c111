"""Schema versions and the steps between them.

The version lives in SQLite's ``PRAGMA user_version`` as ``major << 16 | minor``
(qutebrowser's scheme): a *minor* bump only adds things an older app can ignore, so an
older app still opens the file; a *major* bump is refused by older apps with a clear message.
Each step runs in its own transaction (SQLite DDL is transactional) after a backup copy.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable


@dataclasses.dataclass(frozen=True, order=True, slots=True)
class SchemaVersion:
    major: int
    minor: int

    def packed(self) -> int:
        return (self.major << 16) | self.minor

    @classmethod
    def unpack(cls, value: int) -> SchemaVersion:
        return cls(value >> 16, value & 0xFFFF)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


#: What this build writes. Bump together with a new entry in STEPS.
SCHEMA_VERSION = SchemaVersion(1, 1)

#: "FUPD": marks the file as ours, so we never adopt another program's SQLite database.
APPLICATION_ID = 0x46555044

Step = Callable[[sqlite3.Connection], None]


def _v1_0_to_v1_1(con: sqlite3.Connection) -> None:
    """Indexes for "already applied?" (case-insensitive company+role) and for the board's
    next-follow-up-per-card query. Additive, so a minor bump: 1.0 apps still open the file."""
    con.execute(
        "CREATE INDEX ix_application_company_role ON application (lower(company), lower(role))"
    )
    con.execute(
        "CREATE INDEX ix_follow_up_application_status ON follow_up (application_id, status)"
    )


#: from-version -> (to-version, step). Applied in order until SCHEMA_VERSION is reached.
STEPS: dict[SchemaVersion, tuple[SchemaVersion, Step]] = {
    SchemaVersion(1, 0): (SchemaVersion(1, 1), _v1_0_to_v1_1),
}


def path_from(start: SchemaVersion) -> list[tuple[SchemaVersion, SchemaVersion, Step]]:
    """The ordered steps that take ``start`` to ``SCHEMA_VERSION``; raises KeyError if none."""
    out: list[tuple[SchemaVersion, SchemaVersion, Step]] = []
    current = start
    while current < SCHEMA_VERSION:
        target, step = STEPS[current]
        out.append((current, target, step))
        current = target
    return out
