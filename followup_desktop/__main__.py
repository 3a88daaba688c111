"""Command line: ``followup-desktop [--data-dir DIR] [--version]``.

Kept free of Qt and SQLAlchemy imports at module level so ``--version`` is instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import APP_NAME, __version__


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="followup-desktop",
        description=f"{APP_NAME}: follow up on every job application. "
        "Also: `followup-desktop demo --count N` makes a sample data folder.",
    )
    p.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the database (and logs) in DIR instead of the user data folder "
        "(also: $FOLLOWUP_DESKTOP_DATA_DIR)",
    )
    p.add_argument("--debug", action="store_true", help="also log to stderr, at debug level")
    p.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        default="system",
        help="colour scheme (default: follow the system)",
    )
    p.add_argument("--quit-after-paint", action="store_true", help=argparse.SUPPRESS)  # benchmarks
    # benchmarks: run as usual (notifier, panel, drawing ahead), quit after this many ms
    p.add_argument("--quit-after-ms", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument(
        "--self-test",
        action="store_true",
        help="open the window offscreen, create and move a card, show an alert, then exit "
        "(0 = this installation works); uses a temporary data folder unless --data-dir",
    )
    p.add_argument(
        "--where",
        action="store_true",
        help="print where the database, its daily copies and the log file are, then exit",
    )
    p.add_argument(
        "--restore",
        metavar="FILE",
        help="put a copy of the database back (one of the daily copies in the backups "
        "folder, say); the current one is kept beside it. Quit the app first.",
    )
    p.add_argument(
        "--then-start",
        action="store_true",
        help="with --restore: wait (up to a minute) for the app to quit, restore, then start "
        "it on the restored data (what Settings › Data › Restore a copy… runs)",
    )
    # The app started by --then-start says how the restore went (a notice, or a message
    # box for a failure): the person clicked a button, not a command line.
    p.add_argument("--notice", help=argparse.SUPPRESS)
    p.add_argument("--notice-error", action="store_true", help=argparse.SUPPRESS)
    return p


#: How long --then-start waits for the app to let go of the folder.
THEN_START_WAIT_S = 60.0


def restore_main(data: os.PathLike[str] | str, source: str, *, then_start: bool = False) -> int:
    """``--restore FILE``: refuse while the app runs on this folder, else put FILE back.
    ``then_start``: first wait for the app to quit, and afterwards start it, telling it
    how the restore went."""
    import time
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication

    from . import paths
    from .core.clock import SystemClock
    from .store.errors import DatabaseOpenError
    from .store.folder_lock import FolderLock
    from .store.snapshots import restore
    from .ui.single_instance import hand_over

    _app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    # The socket answers from this login session; the folder's lock from any (and holding
    # it keeps the app from starting while the file is put back).
    folder_lock = FolderLock(Path(data))

    def free() -> bool:
        return not hand_over(Path(data), b"ping") and folder_lock.acquire()

    # Polled, not timed (only the clock object reads the time): at most the wait's worth
    # of 0.1 s naps.
    naps = round(THEN_START_WAIT_S / 0.1) if then_start else 0
    while not free():
        if naps <= 0:
            message = (
                f"{APP_NAME} is running on {data}: quit it first (tray menu › Quit), then restore."
            )
            print(message, file=sys.stderr)
            return _start_after_restore(data, message, error=True) if then_start else 2
        naps -= 1
        time.sleep(0.1)
    target = paths.database_path(Path(data))
    try:
        saved = restore(target, Path(source), SystemClock().now())
    except (DatabaseOpenError, OSError) as exc:
        print(f"followup-desktop --restore: {exc}", file=sys.stderr)
        if then_start:
            return _start_after_restore(data, f"Nothing was restored: {exc}", error=True)
        return 2
    finally:
        folder_lock.release()
    print(f"restored {source} as {target}")
    kept = "" if saved is None else f" Your data as it was is kept in {saved}."
    if saved is not None:
        print(f"the database as it was is kept in {saved}")
    if then_start:
        return _start_after_restore(data, f"Restored {Path(source).name}.{kept}", error=False)
    return 0


def _start_after_restore(data: os.PathLike[str] | str, message: str, *, error: bool) -> int:
    """Start the app on ``data`` (as a process of its own, so this one can end), telling it
    ``message``; the restore's exit code (0 unless ``error``)."""
    from .autostart import start_detached

    try:
        start_detached(data, "--notice", message, *(["--notice-error"] if error else []))
    except OSError as exc:
        print(f"followup-desktop: could not start the app again: {exc}", file=sys.stderr)
        return 2
    return 2 if error else 0


def demo_main(argv: Sequence[str]) -> int:
    """`followup-desktop demo --count N [--seed S] [--data-dir DIR]`: a realistic sample
    search in a separate data folder (never mixed into real data)."""
    p = argparse.ArgumentParser(prog="followup-desktop demo", description=demo_main.__doc__)
    p.add_argument("--count", type=int, default=40, help="applications to create (default 40)")
    p.add_argument("--seed", type=int, default=7, help="same seed, same data (default 7)")
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where (default: a 'followup-desktop-demo' folder beside the normal data folder)",
    )
    args = p.parse_args(argv)
    if not 1 <= args.count <= 200_000:
        p.error("--count must be between 1 and 200000")
    from . import paths
    from .demo import create_demo

    target = paths.data_dir(args.data_dir) if args.data_dir else paths.demo_dir()
    try:
        create_demo(target, args.count, args.seed)
    except RuntimeError as exc:
        print(f"followup-desktop demo: {exc}", file=sys.stderr)
        return 2
    print(f"sample data: {args.count} applications in {target}")
    print(f"open it with: followup-desktop --data-dir {target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["demo"]:
        return demo_main(argv[1:])
    args = build_parser().parse_args(argv)
    from . import paths

    if args.self_test:
        from .selftest import run as self_test

        return self_test(paths.data_dir(args.data_dir) if args.data_dir else None)
    data = paths.data_dir(args.data_dir)
    overridden = bool(args.data_dir) or bool(os.environ.get(paths.ENV_DATA_DIR))
    if args.where:
        from .store.snapshots import snapshots_dir

        print(f"database: {paths.database_path(data)}")
        print(f"backups:  {snapshots_dir(paths.database_path(data))}")
        print(f"logs:     {paths.log_dir(data, overridden=overridden)}")
        return 0
    if args.restore:
        return restore_main(data, args.restore, then_start=args.then_start)
    if args.then_start:
        build_parser().error("--then-start goes with --restore")
    from .app import run

    return run(
        data,
        log_dir=paths.log_dir(data, overridden=overridden),
        debug=args.debug,
        theme=args.theme,
        quit_after_paint=args.quit_after_paint,
        quit_after_ms=args.quit_after_ms,
        notice=args.notice,
        notice_error=args.notice_error,
    )


if __name__ == "__main__":
    sys.exit(main())
