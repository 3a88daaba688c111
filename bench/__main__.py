"""`python -m bench`: Followup Desktop against the bare-Qt floor, measured in the same run.

Prints one table (ratio and ✓/✗ per target) and writes it as JSON under bench/results/.
`--quick` runs tiny sizes (the smoke test uses it so the benchmark never rots).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import floors
from .scratch import scratch

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
ENV = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("BENCH_QPA", "offscreen"))
# Installed apps run from bytecode (pip and PyInstaller compile it); a developer shell with
# PYTHONDONTWRITEBYTECODE would make every run recompile our modules from source.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall time (ms) and max RSS (MiB) of one run of ``cmd``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - t0) * 1000
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_maxrss / 1024


def timed(cmds: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall time (ms) and the largest max RSS (MiB) of each command over ``runs``
    rounds after one warm-up round. A round runs every command once, so the floors and
    the app meet the same machine: on a shared machine the load drifts between minutes,
    and timing the floor first and the app later moved the ratio by up to 0.5."""
    walls: dict[str, list[float]] = {name: [] for name in cmds}
    rss: dict[str, float] = dict.fromkeys(cmds, 0.0)
    for i in range(runs + 1):
        for name, cmd in cmds.items():
            wall, peak = run_once(cmd)
            if i:  # the first round warms the page cache
                walls[name].append(wall)
                rss[name] = max(rss[name], peak)
    return {name: (statistics.median(walls[name]), rss[name]) for name in cmds}


def child_json(module: str, *args: str) -> dict[str, Any]:
    """Run a measuring child process (its own QApplication, offscreen) and read the JSON
    line it prints last."""
    out = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE.parent,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def prepared(count: int, seed: int = 7) -> Path:
    """A data dir with ``count`` sample applications (cached between runs)."""
    from followup_desktop.store.migrations import SCHEMA_VERSION

    target = CACHE / f"s{SCHEMA_VERSION}-n{count}-seed{seed}"
    if not (target / "followup.sqlite3").exists():
        from followup_desktop.core.clock import SystemClock
        from followup_desktop.services.sample_data import generate_bulk
        from followup_desktop.store.database import open_database

        tmp = Path(tempfile.mkdtemp(prefix="bench-gen-"))
        db = open_database(tmp / "followup.sqlite3", SystemClock())
        generate_bulk(db, count, seed=seed)
        db.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(tmp, target)
    work = Path(tempfile.mkdtemp(prefix=f"bench-{count}-"))
    shutil.copy(target / "followup.sqlite3", work / "followup.sqlite3")
    return work


def column_lengths(data: Path) -> list[int]:
    """How many cards each visible column of a prepared board holds (for the Qt floor)."""
    import sqlite3

    con = sqlite3.connect(data / "followup.sqlite3")
    try:
        return [
            n
            for (n,) in con.execute(
                "SELECT count(o.application_id) FROM stage s"
                " LEFT JOIN card_order o ON o.stage_id = s.id"
                " WHERE NOT s.hidden GROUP BY s.id ORDER BY s.position"
            )
        ]
    finally:
        con.close()


def next_due_ms(n_follow_ups: int) -> float:
    """Median time of the notifier's ``next_due`` query with ``n_follow_ups`` rows."""
    from sqlalchemy import insert

    from followup_desktop.core.clock import SystemClock
    from followup_desktop.core.types import CreatedBy, FollowUpKind, FollowUpStatus
    from followup_desktop.services import applications, queries
    from followup_desktop.store.database import open_database
    from followup_desktop.store.models import FollowUp, table_of

    tmp = Path(tempfile.mkdtemp(prefix="bench-nd-"))
    clock = SystemClock()
    db = open_database(tmp / "followup.sqlite3", clock)
    app = applications.create_application(db, "Acme", "Engineer").id
    now = clock.now()
    rows = []
    for i in range(n_follow_ups):
        due = now + dt.timedelta(minutes=(i * 7919) % (60 * 24 * 365))
        done = i % 3 == 0
        rows.append(
            {
                "application_id": app,
                "kind": FollowUpKind.CUSTOM,
                "title": f"f{i}",
                "status": FollowUpStatus.DONE if done else FollowUpStatus.PENDING,
                "due_at": due,
                "next_alert_at": None if done else due,
                "created_by": CreatedBy.USER,
                "created_at": now,
                "updated_at": now,
            }
        )
    with db.write() as tx:
        tx.session.connection().execute(insert(table_of(FollowUp)), rows)
    times = []
    for _ in range(300):
        t0 = time.perf_counter()
        queries.next_due(db)
        times.append((time.perf_counter() - t0) * 1000)
    db.close()
    return statistics.median(times)


def main() -> int:
    with scratch(ENV):
        return run()


def run() -> int:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--quick", action="store_true", help="tiny sizes, 1 run: a smoke test")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    small, large, runs, moves, nd = (
        (50, 200, 1, 20, 2_000) if args.quick else (1_000, 10_000, args.runs, 200, 100_000)
    )
    py = sys.executable
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
    }
    sizes = ((small, 1.15), (large, 1.5))
    starts = timed(
        {
            "floor": [py, "-c", floors.BARE_QT],
            "floor_sa": [py, "-c", floors.QT_SQLALCHEMY],
            **{
                f"app_{size}": [
                    py,
                    "-m",
                    "followup_desktop",
                    "--data-dir",
                    str(prepared(size)),
                    "--quit-after-paint",
                ]
                for size, _ in sizes
            },
        },
        runs,
    )
    floor, floor_rss = starts["floor"]
    floor_sa, floor_sa_rss = starts["floor_sa"]
    results.update(
        floor_ms=floor, floor_rss=floor_rss, floor_sa_ms=floor_sa, floor_sa_rss=floor_sa_rss
    )
    rows: list[tuple[str, str, str, str]] = [
        ("floor: bare Qt window", f"{floor:.0f} ms", f"{floor_rss:.0f} MiB", ""),
        ("floor: + SQLAlchemy + SQLite", f"{floor_sa:.0f} ms", f"{floor_sa_rss:.0f} MiB", ""),
    ]
    for size, limit in sizes:
        ms, rss = starts[f"app_{size}"]
        ratio = ms / floor_sa
        results[f"start_{size}_ms"] = ms
        results[f"start_{size}_ratio"] = ratio
        results[f"start_{size}_rss"] = rss
        ok = ratio <= limit and rss <= floor_sa_rss + 60
        rows.append(
            (
                f"start to painted board, {size:,} cards",
                f"{ms:.0f} ms = {ratio:.2f}× floor (≤ {limit}×)",
                f"{rss:.0f} MiB ({rss - floor_sa_rss:+.0f}, ≤ +60)",
                "✓" if ok else "✗",
            )
        )
    # Memory once everything has started (notifier, Follow-ups panel, drawing ahead): the
    # largest resident size over a few seconds of running at rest. One run: the start-up
    # rounds above have warmed the page cache, and memory does not drift like time.
    at_rest_ms = 1500 if args.quick else 6000
    _, steady = run_once(
        [
            py,
            "-m",
            "followup_desktop",
            "--data-dir",
            str(prepared(large)),
            "--quit-after-ms",
            str(at_rest_ms),
        ]
    )
    results["steady_rss"] = steady
    rows.append(
        (
            f"memory running at rest, {large:,} cards",
            f"{at_rest_ms / 1000:g} s after start",
            f"{steady:.0f} MiB ({steady - floor_sa_rss:+.0f}, ≤ +60)",
            "✓" if steady <= floor_sa_rss + 60 else "✗",
        )
    )
    board = prepared(large)
    floor_ui = child_json("bench.qt_floor", str(moves), *map(str, column_lengths(board)))
    inter = child_json("bench.interactive", str(board), str(moves))
    results.update(inter)
    results.update(floor_ui)
    for what, label, limit in (
        ("drop", "drop → committed → repainted", 4),
        ("search", "search keystroke → filtered", 16),
    ):
        rows.append(
            (
                f"floor: bare-Qt {what}, same columns",
                f"p50 {floor_ui[f'floor_{what}_p50']:.1f} ms,"
                f" p95 {floor_ui[f'floor_{what}_p95']:.1f} ms",
                "",
                "",
            )
        )
        p95 = inter[f"{what}_p95"]
        ratio = p95 / floor_ui[f"floor_{what}_p95"]
        results[f"{what}_p95_ratio"] = ratio
        rows.append(
            (
                f"{label}, {large:,} cards",
                f"p50 {inter[f'{what}_p50']:.1f}, p95 {p95:.1f} ms = {ratio:.2f}× (≤ {limit} ms)",
                "",
                "✓" if p95 <= limit else "✗",
            )
        )
        if what == "drop":  # the pointer released over the column (no target of its own)
            rows.append(
                (
                    "  the same, through Qt's drop event",
                    f"p50 {inter['drop_event_p50']:.1f}, p95 {inter['drop_event_p95']:.1f} ms",
                    "",
                    "",
                )
            )
    note = child_json("bench.notifier")
    results.update(note)
    rows.append(
        (
            "notifier: idle wake-ups per hour",
            f"{note['idle_wakeups_per_hour']:.1f} (≤ 6)",
            "",
            "✓" if note["idle_wakeups_per_hour"] <= 6 else "✗",
        )
    )
    rows.append(
        (
            "notifier: alert lateness (real timer)",
            f"p50 {note['late_p50']:.0f} ms, max {note['late_max']:.0f} ms (≤ 1000)",
            "",
            "✓" if note["late_max"] <= 1000 else "✗",
        )
    )
    nd_ms = next_due_ms(nd)
    results["next_due_ms"] = nd_ms
    rows.append(
        (
            f"next_due with {nd:,} follow-ups",
            f"{nd_ms:.3f} ms (≤ 1)",
            "",
            "✓" if nd_ms <= 1 else "✗",
        )
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'time':<44} {'memory':<22} ok")
    for name, t, m, ok in rows:
        print(f"{name:<{width}}  {t:<44} {m:<22} {ok}")
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    (out_dir / f"bench-{stamp}{'-quick' if args.quick else ''}.json").write_text(
        json.dumps(results, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
