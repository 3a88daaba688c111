"""One folder for everything a benchmark run writes outside bench/: the copied databases,
the children's runtime and temporary files. Removed when the run ends, so running the
benchmarks again and again does not fill /tmp with 7 MB databases."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch(env: MutableMapping[str, str]) -> Iterator[Path]:
    """Point this process's ``tempfile`` and the children's environment ``env`` (TMPDIR,
    and XDG_RUNTIME_DIR unless already set) into a new folder; undo both afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    saved_tempdir, saved_env = tempfile.tempdir, dict(env)
    tempfile.tempdir = str(folder)
    env["TMPDIR"] = str(folder)
    env.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="runtime-"))  # mode 0700
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_tempdir
        for key in ("TMPDIR", "XDG_RUNTIME_DIR"):
            if key in saved_env:
                env[key] = saved_env[key]
            else:
                env.pop(key, None)
        shutil.rmtree(folder, ignore_errors=True)
