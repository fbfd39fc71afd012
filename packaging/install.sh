#!/usr/bin/env bash
# Installs this BacloTaper folder under a prefix (default ~/.local; /usr/local or /opt for everyone):
#   ./install.sh [PREFIX]
# The app goes to PREFIX/lib/baclotaper, the command to PREFIX/bin/baclotaper, and the desktop
# entry, AppStream metainfo, icon, the plan's file type and the licence to PREFIX/share, so the app shows in
# the desktop's menus.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=$(mkdir -p "${1:-$HOME/.local}" && cd "${1:-$HOME/.local}" && pwd)
APP_ID=org.baclotaper.BacloTaper

mkdir -p "$PREFIX/lib" "$PREFIX/bin"
rm -rf "$PREFIX/lib/baclotaper"
cp -a "$HERE" "$PREFIX/lib/baclotaper"
rm -rf "$PREFIX/lib/baclotaper/share"
ln -sfn "$PREFIX/lib/baclotaper/baclotaper" "$PREFIX/bin/baclotaper"
install -Dm644 "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$PREFIX/share/metainfo/$APP_ID.metainfo.xml"
install -Dm644 "$HERE/share/icons/hicolor/scalable/apps/$APP_ID.svg" \
  "$PREFIX/share/icons/hicolor/scalable/apps/$APP_ID.svg"
# The plan file's type, so the file manager opens *.baclotaper with the app.
install -Dm644 "$HERE/share/mime/packages/$APP_ID.xml" "$PREFIX/share/mime/packages/$APP_ID.xml"
install -Dm644 "$HERE/share/doc/baclotaper/LICENSE" "$PREFIX/share/doc/baclotaper/LICENSE"
command -v update-mime-database > /dev/null && update-mime-database "$PREFIX/share/mime" || true
# The menu entry runs the installed command by its full path: PREFIX/bin may not be on PATH.
mkdir -p "$PREFIX/share/applications"
sed "s|^Exec=baclotaper |Exec=$PREFIX/bin/baclotaper |" "$HERE/share/applications/$APP_ID.desktop" \
  > "$PREFIX/share/applications/$APP_ID.desktop"
command -v update-desktop-database > /dev/null && update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache > /dev/null && gtk-update-icon-cache -q "$PREFIX/share/icons/hicolor" 2> /dev/null || true
echo "Installed BacloTaper in $PREFIX (command: $PREFIX/bin/baclotaper)"
