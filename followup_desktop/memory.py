"""Settling the process once its long-lived state is built (Qt-free).

Two costs that grow with what the app has loaded, both measured at 10,000 cards:

- Python's cyclic garbage collector walks every tracked object in a full collection: the
  card records, SQLAlchemy's mappers and every module. Those full passes paused a drop or
  a keystroke by 27-55 ms every few seconds. ``gc.freeze()`` moves what is alive into a
  generation the collector never walks; objects are still freed by reference counting.
- PySide6 reads the whole source of every module imported after it (PYSIDE-2029: it
  looks for the word "PySide6" to decide a feature default) through ``inspect``, and
  ``linecache`` keeps those files: 19 MiB for SQLAlchemy and the app. ``quiet_pyside``
  makes the same check without keeping the text; ``settle`` empties the cache anyway
  (a traceback reads the lines it shows again).
"""

from __future__ import annotations

import gc
import linecache
import sys
from types import ModuleType


def settle() -> None:
    """Call when a batch of long-lived state has just been built (imports, the board,
    the main window): cheap (no collection runs), safe to repeat."""
    linecache.clearcache()
    gc.freeze()


def _uses_pyside(module: ModuleType) -> bool:
    """PySide's own test ("PySide6" in the module's source), without caching the source."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built-in, extension or frozen: PySide's inspect-based test says no
    try:
        with open(path, "rb") as fh:
            return b"PySide6" in fh.read()
    except OSError:
        return False


def quiet_pyside() -> bool:
    """Swap PySide's source test for one that keeps nothing (call after importing
    PySide6). Returns False, changing nothing, if this PySide has no such hook."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", _uses_pyside)  # noqa: B010 - a private hook
    return True
