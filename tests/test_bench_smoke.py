"""The benchmark must keep running (tiny sizes, one run): it is how speed claims are made."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_quick_runs_and_reports_every_row(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    for row in (
        "floor: bare Qt window",
        "start to painted board, 50 cards",
        "memory running at rest, 200 cards",
        "drop → committed",
        "the same, through Qt's drop event",
        "search keystroke",
        "notifier: idle wake-ups",
        "next_due with 2,000",
    ):
        assert row in out.stdout, row
    newest = max((ROOT / "bench" / "results").glob("bench-*-quick.json"))
    data = json.loads(newest.read_text())
    assert data["quick"] is True
    assert data["next_due_ms"] > 0
    # Databases, runtime dirs and the children's temporary files are all cleaned up.
    assert list(tmp_path.iterdir()) == []
