"""memory.settle: what it frees and freezes (see followup_desktop/memory.py for why)."""

from __future__ import annotations

import gc
import linecache

from followup_desktop import memory


def test_settle_drops_cached_sources_and_freezes_what_is_alive() -> None:
    linecache.getlines(__file__)
    assert __file__ in linecache.cache
    kept = [object() for _ in range(10)]  # alive now: moved out of the collector's sight
    frozen_before = gc.get_freeze_count()
    memory.settle()
    assert __file__ not in linecache.cache
    assert gc.get_freeze_count() >= frozen_before + len(kept)
    assert linecache.getlines(__file__)  # a traceback can still read its lines


def test_pyside_source_check_keeps_no_source(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """PySide asks whether each newly imported module mentions PySide6; the replacement
    answers the same without filling linecache."""
    import importlib.util
    import sys

    import PySide6.QtCore  # noqa: F401 - installs PySide's import hook

    assert memory.quiet_pyside()
    feature = sys.modules["shibokensupport.feature"]
    for name, text, expected in (
        ("uses_qt_probe", "import PySide6.QtCore\n", True),
        ("plain_probe", "X = 1\n", False),
    ):
        path = tmp_path / f"{name}.py"
        path.write_text(text)
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        linecache.clearcache()
        assert feature._mod_uses_pyside(module) is expected
        assert str(path) not in linecache.cache
    assert feature._mod_uses_pyside(sys) is False  # built-in
