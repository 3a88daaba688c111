"""Build the Linux bundle, prove it works, and package it.

    .venv/bin/python packaging/build.py [--onefile] [--skip-tarball]

1. PyInstaller with packaging/followup-desktop.spec (one folder by default);
2. runs the frozen `followup-desktop --self-test` with a temporary data folder and fails on
   a non-zero exit or on any stderr line not in ALLOWED_STDERR;
3. writes dist/followup-desktop-<version>-linux-<arch>.tar.gz holding the folder,
   install.sh/uninstall.sh, the .desktop entry, AppStream metadata and icons.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
#: stderr lines a healthy frozen run may print (everything else fails the build).
ALLOWED_STDERR = [
    re.compile(r"This plugin does not support propagateSizeHints\(\)"),
    re.compile(r"QStandardPaths: XDG_RUNTIME_DIR not set"),
    re.compile(r"dbus-daemon.*Failed to set fd limit"),
]


def meta() -> tuple[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["name"], project["version"]


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(onefile: bool) -> Path:
    env = dict(os.environ, FOLLOWUP_ONEFILE="1" if onefile else "0")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(ROOT / "build"),
            str(ROOT / "packaging" / "followup-desktop.spec"),
        ],
        check=True,
        env=env,
        cwd=ROOT,
    )
    name, _ = meta()
    return DIST / name / name if not onefile else DIST / name


def self_test(binary: Path) -> float:
    """Run the frozen self-test; returns its wall time in seconds."""
    with tempfile.TemporaryDirectory(prefix="followup-frozen-") as tmp:
        runtime = Path(tmp) / "runtime"
        runtime.mkdir(mode=0o700)
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env.update(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime), HOME=tmp)
        start = time.perf_counter()
        out = subprocess.run(
            [str(binary), "--self-test", "--data-dir", str(Path(tmp) / "data")],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        elapsed = time.perf_counter() - start
    print(out.stdout)
    unexpected = [
        line
        for line in out.stderr.splitlines()
        if line.strip() and not any(p.search(line) for p in ALLOWED_STDERR)
    ]
    if out.returncode != 0 or unexpected:
        print(out.stderr, file=sys.stderr)
        raise SystemExit(
            f"frozen self-test failed (rc={out.returncode}, unexpected stderr: {unexpected})"
        )
    return elapsed


def tarball(app_dir: Path) -> Path:
    name, version = meta()
    arch = platform.machine().lower()
    stem = f"{name}-{version}-linux-{arch}"
    staging = DIST / stem
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copytree(app_dir, staging / name, symlinks=True)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(ROOT / "packaging" / script, staging / script)
    share = staging / "share"
    share.mkdir()
    shutil.copy2(ROOT / "resources" / "linux" / "followup-desktop.desktop", share)
    shutil.copy2(
        ROOT / "resources" / "linux" / "org.followup_desktop.FollowupDesktop.metainfo.xml", share
    )
    shutil.copytree(ROOT / "resources" / "icons" / "hicolor", share / "icons" / "hicolor")
    shutil.copy2(ROOT / "resources" / "icons" / "followup-desktop.svg", share / "icons")
    out = DIST / f"{stem}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(staging, arcname=stem)
    shutil.rmtree(staging)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--onefile", action="store_true")
    ap.add_argument("--skip-tarball", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    binary = build(args.onefile)
    built = time.perf_counter() - t0
    seconds = self_test(binary)
    size = binary.stat().st_size if args.onefile else folder_size(binary.parent)
    print(
        f"built in {built:.0f} s; bundle {size / 2**20:.0f} MiB; frozen self-test {seconds:.2f} s"
    )
    if not args.onefile and not args.skip_tarball:
        print(f"wrote {tarball(binary.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
