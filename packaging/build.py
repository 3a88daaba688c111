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


HELLO = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def median_start(cmd: list[str], runs: int = 5) -> float:
    """Median wall time (s) of a frozen program run offscreen, after one warm-up."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    times = []
    with tempfile.TemporaryDirectory(prefix="followup-start-") as tmp:
        runtime = Path(tmp) / "runtime"
        runtime.mkdir(mode=0o700)
        env.update(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime))
        for i in range(runs + 1):
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True, timeout=60, check=True)
            if i:
                times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def hello_floor() -> tuple[int, float]:
    """Size and start time of a hello-world PySide6 window bundled the same way."""
    work = Path(tempfile.mkdtemp(prefix="followup-hello-"))
    script = work / "hello.py"
    script.write_text(HELLO)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--onedir",
            "--name",
            "hello",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            "--specpath",
            str(work),
            str(script),
        ],
        check=True,
        cwd=work,
    )
    binary = work / "dist" / "hello" / "hello"
    return folder_size(binary.parent), median_start([str(binary)])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--onefile", action="store_true")
    ap.add_argument("--skip-tarball", action="store_true")
    ap.add_argument(
        "--compare-hello",
        action="store_true",
        help="also bundle a hello-world PySide6 window and compare size and start time",
    )
    args = ap.parse_args()
    t0 = time.perf_counter()
    binary = build(args.onefile)
    built = time.perf_counter() - t0
    seconds = self_test(binary)
    size = binary.stat().st_size if args.onefile else folder_size(binary.parent)
    print(
        f"built in {built:.0f} s; bundle {size / 2**20:.0f} MiB; frozen self-test {seconds:.2f} s"
    )
    if args.compare_hello:
        with tempfile.TemporaryDirectory(prefix="followup-startdata-") as data:
            ours = median_start([str(binary), "--data-dir", data, "--quit-after-paint"])
        hello_size, hello_start = hello_floor()
        print(
            f"bundle {size / 2**20:.0f} MiB vs hello-world {hello_size / 2**20:.0f} MiB "
            f"({size / hello_size:.2f}x); start to painted board {ours * 1000:.0f} ms vs "
            f"hello-world window {hello_start * 1000:.0f} ms ({ours / hello_start:.2f}x)"
        )
    if not args.onefile and not args.skip_tarball:
        print(f"wrote {tarball(binary.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
