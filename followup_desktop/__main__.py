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
        prog="followup-desktop", description=f"{APP_NAME}: follow up on every job application."
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
    p.add_argument(
        "--self-test",
        action="store_true",
        help="open the window offscreen, create and move a card, show an alert, then exit "
        "(0 = this installation works); uses a temporary data folder unless --data-dir",
    )
    p.add_argument(
        "--where",
        action="store_true",
        help="print where the database and log file are, then exit",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from . import paths

    if args.self_test:
        from .selftest import run as self_test

        return self_test(paths.data_dir(args.data_dir) if args.data_dir else None)
    data = paths.data_dir(args.data_dir)
    overridden = bool(args.data_dir) or bool(os.environ.get(paths.ENV_DATA_DIR))
    if args.where:
        print(f"database: {paths.database_path(data)}")
        print(f"logs:     {paths.log_dir(data, overridden=overridden)}")
        return 0
    from .app import run

    return run(
        data,
        log_dir=paths.log_dir(data, overridden=overridden),
        debug=args.debug,
        theme=args.theme,
        quit_after_paint=args.quit_after_paint,
    )


if __name__ == "__main__":
    sys.exit(main())
