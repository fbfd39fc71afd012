#!/usr/bin/env bash
# Sets up BacloTaper on a fresh Debian machine with Python 3.11: the system libraries Qt and the
# PDF checks need, a virtual environment in .venv, and the app with its test tools.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's window system plugin (xcb) aborts without these; qpdf checks PDFs in the tests;
# poppler-utils renders PDF pages to PNG; DejaVu gives Qt readable text offscreen;
# desktop-file-utils, appstream and shared-mime-info validate the packaging files in the tests; the
# store's tests start a real PostgreSQL server of their own (postgresql; ward mode) and make a folder
# read-only as root with chattr (e2fsprogs); faketime runs the suite at other dates
# (scripts/check_clock.sh); PyInstaller needs objdump and strip (binutils) for the bundle the suite
# builds (packaging/build.sh, in its own environment from python3 -m venv).
SYSTEM_PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1
                 libdbus-1-3 qpdf poppler-utils fonts-dejavu-core desktop-file-utils appstream shared-mime-info
                 postgresql e2fsprogs faketime binutils python3-venv)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
