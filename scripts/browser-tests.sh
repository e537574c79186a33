#!/usr/bin/env bash
# Browser tests: a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium) against
# a `citygrid serve` of the demo city. Usage: scripts/browser-tests.sh [PATH/TO/citygrid] [PYTEST ARGS...]
# The binary defaults to .build/debug/citygrid and is not built here. PYTEST ARGS follow Tests/Browser
# (e.g. -k landing, -x, --durations=0). Installs what is missing, once:
# chromium, chromium-driver and a CJK font with apt-get (as root), and the venv .venv-browser with the
# pinned packages of Tests/Browser/requirements.txt from PyPI. Screenshots go to .build/browser-artefacts/.
# Exits with pytest's status.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-.build/debug/citygrid}
if [ $# -gt 0 ]; then shift; fi
[ -f "$BIN" ] && [ -x "$BIN" ] || { echo "browser-tests: no executable citygrid at $BIN: build it first, or pass its path" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

apt_install() {
  [ "$(id -u)" -eq 0 ] || { echo "browser-tests: missing $*; install as root: apt-get install -y --no-install-recommends $*" >&2; exit 2; }
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -q; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# Chinese text renders as boxes without a CJK font, so the font counts as missing too.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  apt_install chromium chromium-driver fonts-wqy-microhei
fi

VENV=.venv-browser
REQ=Tests/Browser/requirements.txt
if ! { [ -x "$VENV/bin/python" ] && cmp -s "$REQ" "$VENV/requirements.installed" && "$VENV/bin/python" -c 'import pytest, selenium' 2> /dev/null; }; then
  # Debian's python3 makes venvs only with python3-venv (ensurepip) installed.
  python3 -c 'import ensurepip' 2> /dev/null || apt_install python3-venv
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ"
  cp "$REQ" "$VENV/requirements.installed"
fi

ARTEFACTS=$PWD/.build/browser-artefacts
mkdir -p "$ARTEFACTS"
rm -f "$ARTEFACTS"/*.png   # no screenshot of an earlier run (such as a failed-*.png) is left to mislead
# SE_OFFLINE / SE_AVOID_STATS: selenium-manager never goes to the network (the driver and the browser
# are given by path anyway). No .pytest_cache or __pycache__ is written into the source tree.
CITYGRID_BIN=$BIN CITYGRID_ARTEFACTS=$ARTEFACTS SE_OFFLINE=true SE_AVOID_STATS=true PYTHONDONTWRITEBYTECODE=1 \
  exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Browser "$@"
