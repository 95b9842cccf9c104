#!/usr/bin/env bash
# Set up a virtual environment with the test extras and the browser the browser tests
# need, then run the whole test suite. Safe to run again: each step is skipped
# when already done. Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# The venv's own pip, not upgraded: an upgraded pip once hid a dependency that the pip a
# newcomer has could not resolve (lxml's html-clean extra).
.venv/bin/python -m pip install -q -e ".[dev]"
# Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test.sh: chromium is missing; run: sudo apt-get install -y chromium" >&2
  fi
fi
# Leaflet and its plugins ship in the package (geo/_map/vendor): nothing to fetch.
exec .venv/bin/python -m pytest "$@"
