#!/usr/bin/env bash
# Runs the test suite at other dates and hours with faketime (Debian's faketime package, installed by
# scripts/setup.sh): no test may depend on today's date or the hour. Extra arguments go to pytest.
#   scripts/check_clock.sh                 # the three dates below, whole suite
#   scripts/check_clock.sh tests/cli -x    # a part of it
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for when in "2031-07-14 03:10" "2025-03-02 23:50" "2053-01-01 00:05"; do
  echo "== faketime '$when'"
  faketime "$when" .venv/bin/python -m pytest -q -p no:cacheprovider "$@" || status=1
done
exit $status
