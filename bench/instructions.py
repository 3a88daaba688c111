"""`python -m bench.instructions`: instructions per drop (``--search``: per search
keystroke), counted by valgrind's callgrind.

Wall time on a shared machine drifts by up to 2× between minutes, too much to tell two
versions of the drop path apart by a few percent. Instruction counts do not drift: this
runs the board twice under callgrind, once pressing N cards and dropping each elsewhere
and once only pressing them, and prints the difference per drop. Under valgrind a drop
takes ~50× longer, so the debounced timers (Follow-ups panel, status counts, drawing
ahead) would fire inside every drop; they are held back, as they are between
back-to-back drops in ``bench.interactive``.

``--search`` types ``bench.interactive``'s words the same way, after the board has done
what it does when still (drawing the next screenful ahead, indexing the search), and
compares with a run that does everything but type. The first pass of a word is what
costs: each card it brings up is drawn for the first time.

Needs valgrind (``apt install valgrind``); not part of ``make bench`` or CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
WARM_UP = 5
#: The instant the measured board lives at (see child).
FROZEN_AT = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def child(data: Path, drops: int, mode: str) -> None:
    """The measured process: open the board, warm up, then ``drops`` gestures: each
    presses a card and (for "drop") drops it elsewhere; or (modes "search" and
    "search-dry") let the board settle and (for "search") type the search words."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from followup_desktop.app import warm_up
    from followup_desktop.core.clock import ManualClock
    from followup_desktop.store.database import open_database
    from followup_desktop.ui.bridge import DataBridge
    from followup_desktop.ui.column_model import encode_ids
    from followup_desktop.ui.main_window import MainWindow

    from .interactive import WINDOW, press, shown_rows, time_typing, until_painted

    app = QApplication(sys.argv[:1])
    # A clock that stands still: on the real one a minute rolling over mid-run redrew the
    # cards' badges, and repeated runs of the same code spread by ±0.1 M per drop.
    clock = ManualClock(FROZEN_AT, ZoneInfo("Europe/Berlin"))
    db = open_database(data / "followup.sqlite3", clock)
    warm_up(db)
    win = MainWindow(
        DataBridge(db),
        clock,
        QSettings(str(data / "bench-ui.ini"), QSettings.Format.IniFormat),
    )
    win.confirm = lambda q, d: True
    win.resize(*WINDOW)
    win.show()
    for _ in range(5):
        until_painted(app)
    for timer in win.findChildren(QTimer):
        timer.setInterval(3_600_000)
    if mode.startswith("search"):
        win.board.finish_idle_work()
        if mode == "search":
            time_typing(app, win.search.setText)
        win.close()
        db.close()
        return
    rng = random.Random(1)
    views = [v for v in win.board.column_views() if v.model().rowCount()]
    targets = [
        v for v in win.board.column_views() if v.column_model().stage.kind in ("open", "planned")
    ]
    # The same gestures in both runs (drawn before anything is measured).
    plan = [
        (rng.choice(views), rng.choice(targets), rng.random(), rng.random())
        for _ in range(WARM_UP + 200)
    ]
    for i, (src, dst, a, b) in enumerate(plan[: WARM_UP + drops]):
        shown = shown_rows(src)
        src_row = shown.start + int(a * len(shown))
        card = src.column_model().ids()[src_row]
        shown = shown_rows(dst)
        row = shown.start + int(b * (len(shown) + 1))
        press(app, src, src_row)
        payload = encode_ids([card], 0)  # in both runs: a drag makes it, not the drop
        if i < WARM_UP or mode == "drop":
            dst.model().dropMimeData(payload, Qt.DropAction.MoveAction, row, 0, QModelIndex())
        until_painted(app)
    win.close()
    db.close()


def count(data: Path, drops: int, mode: str) -> int:
    """Instructions of one child run under callgrind (see ``child`` for ``mode``)."""
    work = Path(tempfile.mkdtemp(prefix="bench-ir-"))
    shutil.copy(data / "followup.sqlite3", work / "followup.sqlite3")
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={work / 'callgrind.out'}",
            sys.executable,
            "-m",
            "bench.instructions",
            "--child",
            str(work),
            str(drops),
            mode,
        ],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    shutil.rmtree(work, ignore_errors=True)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from valgrind:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.instructions")
    ap.add_argument("--drops", type=int, default=50)
    ap.add_argument("--cards", type=int, default=10_000)
    ap.add_argument("--search", action="store_true", help="per search keystroke instead")
    ap.add_argument("--child", nargs=3, metavar=("DATA", "DROPS", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), args.child[2])
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt install valgrind)")
    from .__main__ import prepared
    from .interactive import SEARCH_WORDS
    from .scratch import scratch

    # Same hashes in every run, Python's and Qt's (QHash seeds itself at random).
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("QT_HASH_SEED", "0")
    with scratch(os.environ):  # the valgrind children inherit it
        data = prepared(args.cards)
        if args.search:
            base, measured = count(data, 0, "search-dry"), count(data, 0, "search")
        else:
            base, measured = count(data, args.drops, "dry"), count(data, args.drops, "drop")
    if args.search:
        keys = sum(len(word) for word in SEARCH_WORDS)
        print(
            f"{(measured - base) / keys / 1e6:.3f} M instructions per search keystroke "
            f"({keys} keystrokes and {len(SEARCH_WORDS)} clears, {args.cards:,} cards)"
        )
        return 0
    per_drop = (measured - base) / args.drops
    print(
        f"{per_drop / 1e6:.3f} M instructions per drop ({args.drops} drops, {args.cards:,} cards)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
