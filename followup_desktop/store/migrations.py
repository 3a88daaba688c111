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
SCHEMA_VERSION = SchemaVersion(3, 0)

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


_APPLICATION_V2 = """
CREATE TABLE application (
    id INTEGER NOT NULL,
    company VARCHAR(500) NOT NULL,
    role VARCHAR(500) NOT NULL,
    url VARCHAR(500) NOT NULL,
    location VARCHAR(500) NOT NULL,
    salary VARCHAR(500) NOT NULL,
    source VARCHAR(500) NOT NULL,
    description TEXT NOT NULL,
    tags VARCHAR(2000) NOT NULL,
    notes TEXT NOT NULL,
    document_path VARCHAR(4096) NOT NULL,
    feedback TEXT NOT NULL,
    lessons TEXT NOT NULL,
    stage_id INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    stage_entered_at DATETIME NOT NULL,
    archived BOOLEAN NOT NULL,
    deleted_at DATETIME,
    unanswered_nudges INTEGER NOT NULL,
    ghost_suggested BOOLEAN NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(stage_id) REFERENCES stage (id) ON DELETE RESTRICT
)"""
_APP_COLUMNS = (
    "id, company, role, url, location, salary, source, description, tags, notes, "
    "document_path, feedback, lessons, stage_id, created_at, updated_at, stage_entered_at, "
    "archived, deleted_at, unanswered_nudges, ghost_suggested"
)


def _v1_1_to_v2_0(con: sqlite3.Connection) -> None:
    """Card positions move to their own narrow table (see store.models.CardOrder for the
    measurements), and application loses its position column and (stage, position) index.
    A major bump: a 1.x app would look for the old column. The application table is
    rebuilt the way SQLite documents (create new, copy, drop, rename) because a CHECK
    constraint names the column, so ALTER TABLE DROP COLUMN refuses."""
    con.execute(
        "CREATE TABLE card_order ("
        " application_id INTEGER NOT NULL, stage_id INTEGER NOT NULL, position INTEGER NOT NULL,"
        " PRIMARY KEY (application_id),"
        " CONSTRAINT ck_card_order_position CHECK (position >= 0),"
        " FOREIGN KEY(application_id) REFERENCES application (id) ON DELETE CASCADE,"
        " FOREIGN KEY(stage_id) REFERENCES stage (id) ON DELETE RESTRICT"
        ") WITHOUT ROWID"
    )
    con.execute(
        "INSERT INTO card_order (application_id, stage_id, position) "
        "SELECT id, stage_id, position FROM application WHERE position IS NOT NULL"
    )
    con.execute(_APPLICATION_V2.replace("CREATE TABLE application", "CREATE TABLE application_v2"))
    con.execute(
        f"INSERT INTO application_v2 ({_APP_COLUMNS}) SELECT {_APP_COLUMNS} FROM application"
    )
    con.execute("DROP TABLE application")  # drops its indexes too
    con.execute("ALTER TABLE application_v2 RENAME TO application")
    con.execute(
        "CREATE INDEX ix_application_company_role ON application (lower(company), lower(role))"
    )


#: The distance between neighbouring cards' sort keys when a column is (re)numbered.
ORDER_GAP = 1 << 32


def _v2_0_to_v3_0(con: sqlite3.Connection) -> None:
    """Sparse card positions (see store.models.CardOrder): each card keeps its rank, now
    ``(rank + 1) * ORDER_GAP``, with a unique (stage, position) index to find neighbours
    and ranks. A major bump: a 2.x app would shift these keys as if they were dense ranks.
    The table is rebuilt because its CHECK (position >= 0) must go (a card dropped above
    the first one takes a key below it)."""
    con.execute(
        "CREATE TABLE card_order_v3 ("
        " application_id INTEGER NOT NULL, stage_id INTEGER NOT NULL, position INTEGER NOT NULL,"
        " PRIMARY KEY (application_id),"
        " FOREIGN KEY(application_id) REFERENCES application (id) ON DELETE CASCADE,"
        " FOREIGN KEY(stage_id) REFERENCES stage (id) ON DELETE RESTRICT"
        ") WITHOUT ROWID"
    )
    con.execute(
        "INSERT INTO card_order_v3 (application_id, stage_id, position) "
        "SELECT application_id, stage_id,"
        f" {ORDER_GAP} * row_number()"
        " OVER (PARTITION BY stage_id ORDER BY position, application_id)"
        " FROM card_order"
    )
    con.execute("DROP TABLE card_order")
    con.execute("ALTER TABLE card_order_v3 RENAME TO card_order")
    con.execute(
        "CREATE UNIQUE INDEX ux_card_order_stage_position ON card_order (stage_id, position)"
    )
    # The Follow-ups panel's ordering by effective due time (see store.models.FollowUp).
    con.execute(
        "CREATE INDEX ix_follow_up_owed ON follow_up (status,"
        " (CASE WHEN snoozed_until > due_at THEN snoozed_until ELSE due_at END),"
        " application_id)"
    )


#: from-version -> (to-version, step). Applied in order until SCHEMA_VERSION is reached.
STEPS: dict[SchemaVersion, tuple[SchemaVersion, Step]] = {
    SchemaVersion(1, 0): (SchemaVersion(1, 1), _v1_0_to_v1_1),
    SchemaVersion(1, 1): (SchemaVersion(2, 0), _v1_1_to_v2_0),
    SchemaVersion(2, 0): (SchemaVersion(3, 0), _v2_0_to_v3_0),
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
