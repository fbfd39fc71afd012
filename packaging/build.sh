#!/usr/bin/env bash
# Builds the one-folder desktop app from this checkout, then smoke-tests it without a display.
#
#   packaging/build.sh                 # -> dist/baclotaper/ (about 3 minutes on 2 cores)
#   packaging/build.sh --no-smoke      # build only
#
# The app is installed (not editable) into its own virtual environment, build/bundle/venv, with
# PyInstaller from PyPI and nothing of the test tools, so the bundle holds what the app runs with.
# dist/baclotaper/ then carries the desktop entry, AppStream metainfo and icon under share/, and
# install.sh to put it all in place (see packaging/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ID=org.baclotaper.BacloTaper
BUILD=build/bundle
DIST=dist
APP=$DIST/baclotaper
PYTHON="${PYTHON:-python3}"
SMOKE=1
for arg in "$@"; do
  case "$arg" in
    --no-smoke) SMOKE=0 ;;
    *) echo "packaging/build.sh: error: unknown option $arg (use --no-smoke)" >&2; exit 2 ;;
  esac
done

start=$(date +%s)
if [ ! -x "$BUILD/venv/bin/python" ]; then
  "$PYTHON" -m venv "$BUILD/venv"
fi
PIP=("$BUILD/venv/bin/python" -m pip -q --disable-pip-version-check)
"${PIP[@]}" install ".[bundle]"
# Always this checkout's code, even when the version number did not change.
"${PIP[@]}" install --no-deps --force-reinstall .

# From the build folder, so the checkout's baclotaper/ cannot shadow the installed app.
ROOT=$PWD
(cd "$BUILD" && venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/$DIST" --workpath "$ROOT/$BUILD/work" "$ROOT/packaging/baclotaper.spec")

# Links PyInstaller made to the libraries the spec left out point nowhere: remove them.
find "$APP/_internal" -xtype l -delete
install -Dm644 "packaging/$APP_ID.desktop" "$APP/share/applications/$APP_ID.desktop"
install -Dm644 "packaging/$APP_ID.metainfo.xml" "$APP/share/metainfo/$APP_ID.metainfo.xml"
install -Dm644 "resources/icons/$APP_ID.svg" "$APP/share/icons/hicolor/scalable/apps/$APP_ID.svg"
install -Dm644 "packaging/$APP_ID.mime.xml" "$APP/share/mime/packages/$APP_ID.xml"
install -Dm755 packaging/install.sh "$APP/install.sh"

echo "Built $APP: $(du -sm "$APP" | cut -f1) MiB in $(( $(date +%s) - start )) s"
if [ "$SMOKE" -eq 1 ]; then
  packaging/smoke_test.sh "$APP" "$ROOT/$BUILD/venv/bin/python"
fi
