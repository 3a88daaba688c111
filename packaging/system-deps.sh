#!/bin/sh
# Debian/Ubuntu packages Followup Desktop needs beyond Python's own wheels (run as root).
#   packaging/system-deps.sh          to run the app on a desktop (X11/Wayland)
#   packaging/system-deps.sh --test   also what the test suite needs (Xvfb for the real-window
#                                     drag test, a D-Bus session for notification tests)
# Measured on Debian 12 (shared/FACTS.md): each of these libraries, when missing, makes
# `import PySide6.QtGui` fail or aborts the xcb platform plugin with a misleading message.
set -eu
export DEBIAN_FRONTEND=noninteractive

BASE="python3 python3-venv make
      libglib2.0-0 libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
      fonts-dejavu-core"
XCB="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
     libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-render0 libxcb-xkb1 libxcb-util1
     libx11-xcb1 libxkbcommon-x11-0"
TEST="xvfb xauth dbus dbus-x11 xdotool desktop-file-utils binutils trayer"

PKGS="$BASE $XCB"
if [ "${1:-}" = "--test" ]; then
    PKGS="$PKGS $TEST"
fi

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "system packages: all present"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
