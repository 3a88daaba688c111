"""Every released schema (a fixture database made by that release) upgrades to the current
one, with a backup left beside it, and ends up identical in shape to a fresh database."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from followup_desktop.core.clock import ManualClock
from followup_desktop.store.database import open_database
from followup_desktop.store.migrations import SCHEMA_VERSION, STEPS, SchemaVersion

FIXTURES = sorted(Path(__file__).with_name("fixtures").glob("schema_v*.sqlite3"))


def _shape(path: Path) -> dict[str, object]:
    """Tables, columns (name, type, notnull, pk) and indexes: what must match after upgrade."""
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master "
                "WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        shape: dict[str, object] = {}
        for t in tables:
            cols = sorted(
                (r[1], r[2].upper(), r[3], r[5]) for r in con.execute(f"PRAGMA table_info({t})")
            )
            idx = sorted(
                (r[1], r[2], tuple(c[2] for c in con.execute(f"PRAGMA index_info('{r[1]}')")))
                for r in con.execute(f"PRAGMA index_list({t})")
            )
            fks = sorted(tuple(r[2:6]) for r in con.execute(f"PRAGMA foreign_key_list({t})"))
            shape[t] = (cols, idx, fks)
        return shape
    finally:
        con.close()


def test_there_is_a_fixture_for_the_current_schema() -> None:
    """Guards the release process: bumping SCHEMA_VERSION means committing its fixture."""
    assert any(f.name == f"schema_v{SCHEMA_VERSION}.sqlite3" for f in FIXTURES)


def test_every_older_schema_has_a_path_to_the_current_one() -> None:
    for f in FIXTURES:
        major, minor = f.stem.removeprefix("schema_v").split(".")
        v = SchemaVersion(int(major), int(minor))
        while v < SCHEMA_VERSION:
            v = STEPS[v][0]
        assert v == SCHEMA_VERSION


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture_upgrades_with_backup_and_matches_a_fresh_database(
    fixture: Path, tmp_path: Path, clock: ManualClock
) -> None:
    work = tmp_path / "followup.sqlite3"
    shutil.copy(fixture, work)
    old_version = SchemaVersion.unpack(
        sqlite3.connect(fixture).execute("PRAGMA user_version").fetchone()[0]
    )
    db = open_database(work, clock)
    try:
        with db.engine.connect() as conn:
            companies = sorted(
                r[0] for r in conn.exec_driver_sql("SELECT company FROM application")
            )
            assert "Acme <b>Corp</b>" in companies
            assert conn.exec_driver_sql("SELECT count(*) FROM follow_up").scalar()
    finally:
        db.close()
    backups = list(tmp_path.glob("followup.sqlite3.backup-*"))
    if old_version < SCHEMA_VERSION:
        (backup,) = backups
        assert backup.name.startswith(f"followup.sqlite3.backup-v{old_version}-")
        assert backup.read_bytes() == fixture.read_bytes() or _shape(backup) == _shape(fixture)
    else:
        assert backups == []
    fresh = tmp_path / "fresh" / "followup.sqlite3"
    open_database(fresh, clock).close()
    assert _shape(work) == _shape(fresh)


def test_a_failing_step_leaves_the_file_as_it_was(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_desktop.store import migrations
    from followup_desktop.store.errors import MigrationError

    old = FIXTURES[0]
    work = tmp_path / "followup.sqlite3"
    shutil.copy(old, work)
    before = _shape(work)
    start = SchemaVersion.unpack(sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0])

    def broken(con: sqlite3.Connection) -> None:
        con.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(migrations.STEPS, start, (migrations.STEPS[start][0], broken))
    with pytest.raises(MigrationError, match="disk on fire") as info:
        open_database(work, clock)
    assert "a backup is at" in str(info.value)
    assert _shape(work) == before  # the step's half-work was rolled back
    assert sqlite3.connect(work).execute("PRAGMA user_version").fetchone()[0] == start.packed()
    assert len(list(tmp_path.glob("followup.sqlite3.backup-*"))) == 1


def _board_order(path: Path) -> list[tuple[int, int]]:
    """(stage, card) in board order, read the way the schema in ``path`` keeps it."""
    con = sqlite3.connect(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        sql = (
            "SELECT stage_id, application_id FROM card_order ORDER BY stage_id, position"
            if "card_order" in tables
            else "SELECT stage_id, id FROM application WHERE position IS NOT NULL "
            "ORDER BY stage_id, position"
        )
        return [tuple(r) for r in con.execute(sql)]
    finally:
        con.close()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_upgrade_keeps_the_board_order(
    fixture: Path, tmp_path: Path, clock: ManualClock
) -> None:
    work = tmp_path / "followup.sqlite3"
    shutil.copy(fixture, work)
    before = _board_order(work)
    assert len(before) >= 2
    open_database(work, clock).close()
    assert _board_order(work) == before
    keys = [r[0] for r in sqlite3.connect(work).execute("SELECT position FROM card_order")]
    assert all(k % (1 << 32) == 0 for k in keys)  # spread out: room to drop between cards


def test_a_full_v2_column_keeps_its_order_when_keys_spread_out(
    tmp_path: Path, clock: ManualClock
) -> None:
    """The 2.0 → 3.0 step on a column of many cards whose dense positions were written out
    of id order."""
    work = tmp_path / "followup.sqlite3"
    shutil.copy(Path(__file__).with_name("fixtures") / "schema_v2.0.sqlite3", work)
    con = sqlite3.connect(work)
    cols = [r[1] for r in con.execute("PRAGMA table_info(application)") if r[1] != "id"]
    stage = con.execute("SELECT stage_id FROM card_order LIMIT 1").fetchone()[0]
    con.execute("DELETE FROM card_order WHERE stage_id = ?", (stage,))
    ids = []
    for _ in range(12):
        cur = con.execute(
            f"INSERT INTO application ({', '.join(cols)}) SELECT {', '.join(cols)} "
            "FROM application LIMIT 1"
        )
        ids.append(cur.lastrowid)
    shuffled = ids[5:] + ids[:5]
    con.executemany(
        "INSERT INTO card_order (application_id, stage_id, position) VALUES (?, ?, ?)",
        [(app_id, stage, pos) for pos, app_id in enumerate(shuffled)],
    )
    con.execute(
        f"UPDATE application SET stage_id = {stage} WHERE id IN ({','.join(map(str, ids))})"
    )
    con.commit()
    con.close()
    before = _board_order(work)
    open_database(work, clock).close()
    assert _board_order(work) == before
    assert [app for sid, app in before if sid == stage] == shuffled
