#!/bin/sh
# Install Followup Desktop for the current user (no root): ~/.local/{lib,bin,share}.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
LIB="$PREFIX/lib/followup-desktop"
BIN="$PREFIX/bin"
SHARE="$PREFIX/share"

mkdir -p "$LIB" "$BIN" "$SHARE/applications" "$SHARE/metainfo"
rm -rf "$LIB"
cp -a "$HERE/followup-desktop" "$LIB"
ln -sf "$LIB/followup-desktop" "$BIN/followup-desktop"
sed "s|^Exec=followup-desktop|Exec=$LIB/followup-desktop|" \
    "$HERE/share/followup-desktop.desktop" > "$SHARE/applications/followup-desktop.desktop"
cp "$HERE/share/org.followup_desktop.FollowupDesktop.metainfo.xml" "$SHARE/metainfo/"
for dir in "$HERE"/share/icons/hicolor/*/apps; do
    size=$(basename "$(dirname "$dir")")
    mkdir -p "$SHARE/icons/hicolor/$size/apps"
    cp "$dir/followup-desktop.png" "$SHARE/icons/hicolor/$size/apps/"
done
mkdir -p "$SHARE/icons/hicolor/scalable/apps"
cp "$HERE/share/icons/followup-desktop.svg" "$SHARE/icons/hicolor/scalable/apps/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
echo "Installed Followup Desktop into $PREFIX (launcher: $BIN/followup-desktop)."
case ":$PATH:" in *":$BIN:"*) ;; *) echo "Note: $BIN is not on your PATH.";; esac
