#!/usr/bin/env bash
# Builds the one-folder desktop app from this checkout, then smoke-tests it without a display.
#
#   packaging/build.sh                 # -> dist/baclotaper/ (2 cores: about 2 minutes, 30 s once set up)
#   packaging/build.sh --no-smoke      # build only
#   packaging/build.sh --dist DIR      # -> DIR/baclotaper/ (the test suite builds into a temporary folder)
#   packaging/build.sh --work DIR      # PyInstaller's work folder (default build/bundle/work)
#
# The app is installed (not editable) into its own virtual environment, build/bundle/venv, with
# PyInstaller from PyPI and nothing of the test tools, so the bundle holds what the app runs with.
# That environment is kept between builds (only the app is reinstalled), and one build at a time uses
# it. dist/baclotaper/ then carries the desktop entry, AppStream metainfo and icon under share/, and
# install.sh to put it all in place (see packaging/README.md).
set -euo pipefail
DIST=dist
WORK=
SMOKE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-smoke) SMOKE=0 ;;
    --dist|--work)
      [ $# -ge 2 ] && [ -n "$2" ] || { echo "packaging/build.sh: error: $1 needs a folder" >&2; exit 2; }
      # Relative to where the script was started, before it moves to the checkout.
      if [ "$1" = --dist ]; then DIST=$(realpath -m "$2"); else WORK=$(realpath -m "$2"); fi
      shift ;;
    *) echo "packaging/build.sh: error: unknown option $1 (use --no-smoke, --dist DIR, --work DIR)" >&2; exit 2 ;;
  esac
  shift
done
cd "$(dirname "$0")/.."

APP_ID=org.baclotaper.BacloTaper
BUILD=build/bundle
WORK=${WORK:-$PWD/$BUILD/work}
DIST=$(realpath -m "$DIST")
APP=$DIST/baclotaper
PYTHON="${PYTHON:-python3}"

mkdir -p "$BUILD"
exec 9> "$BUILD/lock"
if ! flock -n 9; then
  echo "packaging/build.sh: waiting for the other build that uses $BUILD/venv"
  flock 9
fi

start=$(date +%s)
# PyInstaller's cache of stripped libraries, kept with the environment under the same lock: the
# shared one in ~/.cache was corrupted by two checkouts building at once.
export PYINSTALLER_CONFIG_DIR="$PWD/$BUILD/pyinstaller"
PIP=("$BUILD/venv/bin/python" -m pip -q --disable-pip-version-check)
if [ ! -x "$BUILD/venv/bin/python" ]; then
  "$PYTHON" -m venv "$BUILD/venv"
fi
# pyproject.toml's [build-system] requires, once (and again when they change): the app is then built
# from the checkout without going to PyPI, so a later build needs no network (nor the right date for
# its certificates).
read -ra REQUIRES <<< "$("$BUILD/venv/bin/python" -c \
  'import tomllib; print(" ".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))')"
if [ "$(cat "$BUILD/venv/ready" 2> /dev/null)" != "${REQUIRES[*]}" ]; then
  "${PIP[@]}" install --upgrade pip "${REQUIRES[@]}"
  echo "${REQUIRES[*]}" > "$BUILD/venv/ready"
fi
"${PIP[@]}" install --no-build-isolation ".[bundle]"
# Always this checkout's code, even when the version number did not change.
"${PIP[@]}" install --no-build-isolation --no-deps --force-reinstall .

# From the build folder, so the checkout's baclotaper/ cannot shadow the installed app.
ROOT=$PWD
(cd "$BUILD" && venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" "$ROOT/packaging/baclotaper.spec")

# Links PyInstaller made to the libraries the spec left out point nowhere: remove them.
find "$APP/_internal" -xtype l -delete
install -Dm644 "packaging/$APP_ID.desktop" "$APP/share/applications/$APP_ID.desktop"
install -Dm644 "packaging/$APP_ID.metainfo.xml" "$APP/share/metainfo/$APP_ID.metainfo.xml"
install -Dm644 "resources/icons/$APP_ID.svg" "$APP/share/icons/hicolor/scalable/apps/$APP_ID.svg"
install -Dm644 "packaging/$APP_ID.mime.xml" "$APP/share/mime/packages/$APP_ID.xml"
install -Dm644 LICENSE "$APP/share/doc/baclotaper/LICENSE"
install -Dm755 packaging/install.sh "$APP/install.sh"

echo "Built $APP: $(du -sm "$APP" | cut -f1) MiB in $(( $(date +%s) - start )) s"
if [ "$SMOKE" -eq 1 ]; then
  packaging/smoke_test.sh "$APP" "$ROOT/$BUILD/venv/bin/python"
fi
