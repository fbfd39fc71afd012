#!/usr/bin/env bash
# Smoke test of a built bundle, without a display:
#   packaging/smoke_test.sh dist/baclotaper [PYTHON]
# --version; a plan to JSON, and its PDF, calendar and FHIR files byte for byte the same as PYTHON
# (the environment the bundle was built from) makes them; the window started offscreen to its first
# paint and closed; every library in the bundle finds the libraries it needs; installing it into a
# prefix gives a valid desktop entry that starts the app.
set -euo pipefail
APP=$(cd "$1" && pwd)
PYTHON="${2:-python3}"
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "smoke test: FAILED: $*" >&2; exit 1; }
step() { echo "smoke test: $*"; }

BIN="$APP/baclotaper"
BUILD_ENV=$(cd "$WORK" && "$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
export BACLOTAPER_DATA_DIR="$WORK/data"
version=$(cd "$WORK" && "$PYTHON" -c 'import baclotaper; print(baclotaper.__version__)')

step "--version"
[ "$("$BIN" --version)" = "BacloTaper $version" ] || fail "--version says '$("$BIN" --version)', not BacloTaper $version"

step "a plan to JSON, with its PDF, calendar and FHIR files"
PLAN=(plan --route oral --dose 60 --product tablets:5,10,15,20 --on-therapy 2y --start 2026-12-01
      --format json --generated 2026-11-21)
for who in bundle python; do
  mkdir -p "$WORK/$who"
  outputs=(-o "$WORK/$who/plan.json" --save "$WORK/$who/plan.baclotaper" --pdf "$WORK/$who/plan.pdf"
           --ics "$WORK/$who/plan.ics" --fhir "$WORK/$who/plan.fhir.json")
  if [ "$who" = bundle ]; then
    "$BIN" "${PLAN[@]}" "${outputs[@]}" 2> "$WORK/$who/said.txt" || fail "the bundle's plan command: $(cat "$WORK/$who/said.txt")"
  else
    # From the work folder: a checkout in the current folder would shadow the installed app.
    (cd "$WORK" && "$PYTHON" -m baclotaper "${PLAN[@]}" "${outputs[@]}" 2> "$WORK/$who/said.txt") \
      || fail "$PYTHON's plan command: $(cat "$WORK/$who/said.txt")"
  fi
done
for file in plan.json plan.baclotaper plan.pdf plan.ics plan.fhir.json; do
  cmp -s "$WORK/bundle/$file" "$WORK/python/$file" || fail "$file from the bundle differs from the one $PYTHON makes"
done
grep -q "pages)" "$WORK/bundle/said.txt" || fail "no PDF pages reported: $(cat "$WORK/bundle/said.txt")"

step "bad input: one line, exit 2"
set +e
"$BIN" plan --route oral --dose -5 --on-therapy 2y > "$WORK/out.txt" 2> "$WORK/err.txt"
code=$?
set -e
[ "$code" -eq 2 ] && [ "$(wc -l < "$WORK/err.txt")" -eq 1 ] || fail "bad --dose gave exit $code: $(cat "$WORK/err.txt")"

step "the window, offscreen, to its first paint"
QT_QPA_PLATFORM=offscreen BACLOTAPER_EXIT_AFTER_FIRST_PAINT=1 timeout 60 "$BIN" > "$WORK/window.txt" 2> "$WORK/window-err.txt" \
  || fail "the window did not start: $(cat "$WORK/window-err.txt")"
grep -q "^first-paint " "$WORK/window.txt" || fail "the window never painted: $(cat "$WORK/window-err.txt")"

step "every library finds what it needs"
# A Qt library or one the bundle ships that cannot be found means the spec left out too much; the
# desktop's own libraries (X11, fontconfig, Wayland...) come from the system and may be missing here.
find "$APP/_internal" -name '*.so*' -type f -print0 \
  | LD_LIBRARY_PATH="$APP/_internal" xargs -0 -n 50 ldd 2>/dev/null | sed -n 's/^\s*\(\S*\) => not found$/\1/p' \
  | sort -u > "$WORK/missing.txt"
while read -r lib; do
  case "$lib" in
    libQt6*|libpyside6*|libshiboken6*|libpython*) fail "$lib is needed but not in the bundle" ;;
  esac
  if find "$BUILD_ENV" -name "$lib" -print -quit 2>/dev/null | grep -q .; then
    fail "$lib came with the Python packages but is not in the bundle"
  fi
  echo "smoke test:   (this machine has no $lib: it comes with the desktop)"
done < "$WORK/missing.txt"
for needed in PySide6/QtPdf.abi3.so PySide6/QtPrintSupport.abi3.so PySide6/Qt/plugins/platforms/libqxcb.so \
              PySide6/Qt/plugins/platforms/libqwayland.so PySide6/Qt/plugins/iconengines/libqsvgicon.so \
              PySide6/Qt/plugins/printsupport/libcupsprintersupport.so; do
  [ -e "$APP/_internal/$needed" ] || fail "$needed is missing from the bundle"
done

step "install into a prefix"
"$APP/install.sh" "$WORK/prefix" > /dev/null
desktop="$WORK/prefix/share/applications/org.baclotaper.BacloTaper.desktop"
if command -v desktop-file-validate > /dev/null; then
  desktop-file-validate "$desktop" || fail "installed desktop entry is not valid"
fi
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
[ "$("${exec_line%% *}" --version)" = "BacloTaper $version" ] || fail "the installed Exec= ($exec_line) does not run the app"
[ -f "$WORK/prefix/share/metainfo/org.baclotaper.BacloTaper.metainfo.xml" ] || fail "metainfo not installed"
[ -f "$WORK/prefix/share/icons/hicolor/scalable/apps/org.baclotaper.BacloTaper.svg" ] || fail "icon not installed"
[ -f "$WORK/prefix/share/mime/packages/org.baclotaper.BacloTaper.xml" ] || fail "plan file type not installed"
grep -q "GNU GENERAL PUBLIC LICENSE" "$WORK/prefix/share/doc/baclotaper/LICENSE" || fail "the licence is not installed"

echo "smoke test: passed; $APP is $(du -sm "$APP" | cut -f1) MiB"
