#!/bin/sh
# Remove what install.sh put in ~/.local. Your data (the database) is kept.
set -eu
PREFIX=${PREFIX:-$HOME/.local}
SHARE="$PREFIX/share"
rm -rf "$PREFIX/lib/followup-desktop"
rm -f "$PREFIX/bin/followup-desktop" "$SHARE/applications/followup-desktop.desktop" \
      "$SHARE/metainfo/org.followup_desktop.FollowupDesktop.metainfo.xml" \
      "$SHARE/icons/hicolor/scalable/apps/followup-desktop.svg"
rm -f "$SHARE"/icons/hicolor/*/apps/followup-desktop.png
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
echo "Followup Desktop removed. Your data is still in ~/.local/share/followup-desktop."
