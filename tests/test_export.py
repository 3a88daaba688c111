"""CSV export: everything out, readable, and no spreadsheet formula runs."""

from __future__ import annotations

import csv
from pathlib import Path

from followup_desktop.services import applications, board
from followup_desktop.services.export import COLUMNS, neutralise
from followup_desktop.store.database import Database


def test_formulas_are_neutralised() -> None:
    for bad in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(bad) == "'" + bad
    for fine in ("Acme", "", "a=b", "C++ developer", "3-5 years"):
        assert neutralise(fine) == fine


def test_export_round_trip(db: Database, tmp_path: Path, window) -> None:  # type: ignore[no-untyped-def]
    evil = '=HYPERLINK("http://evil.example","click")'
    a = applications.create_application(db, evil, "Engineer", notes="line 1\nline 2 😀").id
    b = applications.create_application(db, "Globex", "SRE").id
    applications.set_archived(db, b, True)
    stages = {s.name: s.id for s in window.board.stages}
    board.move_application(db, a, stages["Applied"])
    out = tmp_path / "apps.csv"
    window.export_csv(str(out))
    assert window.toast.label.text() == f"Exported 2 applications to {out}"
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(COLUMNS)
    first = next(r for r in rows if r["role"] == "Engineer")
    assert first["company"] == "'" + evil
    assert first["notes"] == "line 1\nline 2 😀"
    assert first["stage"] == "Applied"
    assert first["position"] == "1"
    assert first["next_follow_up"].startswith("Check in with")
    second = next(r for r in rows if r["role"] == "SRE")
    assert (second["archived"], second["position"]) == ("yes", "")
    assert not (tmp_path / "apps.csv.part").exists()


def test_export_to_an_unwritable_place_says_so(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.export_csv(str(tmp_path / "missing-dir" / "x.csv"))
    assert window.toast.isVisible()
    assert window.toast.label.text().startswith("Could not export")
