#!/usr/bin/env bash
# Runs every test of CityGrid on a fresh machine: the Swift Testing suites (unit, storage, HTTP), the
# end-to-end checks of the command line (demo city, simulation, exports, import round trip, and
# durability of acknowledged writes across a killed server), and the browser tests of the web pages
# (headless Chromium driven by Selenium, scripts/browser-tests.sh).
# Needs the Swift toolchain; installs curl, zlib1g-dev, chromium, chromium-driver and a CJK font with apt-get, and
# Selenium and pytest from PyPI into .venv-browser, when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v curl > /dev/null || missing+=(curl)
# zlib's headers, for the gzip the server keeps large answers in (compress-nio).
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[test] installing ${missing[*]}"
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}") > /dev/null
fi

LOG=$(mktemp -d "${TMPDIR:-/tmp}/citygrid-test.XXXXXX")
echo "[test] swift build --build-tests (debug; the first build takes a few minutes)"
if ! swift build --build-tests > "$LOG/build.log" 2>&1; then
  grep -E "error:" "$LOG/build.log" | head -40; tail -n 20 "$LOG/build.log"; echo "[test] build failed"; exit 1
fi
# Suites that assert latency bounds (a change seen within a second, heavy work leaving the request
# threads free, the clock's rounds) run on their own, one test at a time, after the rest: in the
# parallel run they would share two cores with a hundred other tests.
TIMED="LiveConfigurationTests|ChangeFollowerTests|HeavyWorkTests|ClockServiceTests"

# Passed means: exit status 0, exactly one Swift Testing summary line saying that a non-zero number of
# tests passed, no failed test (✘), and every XCTest summary with 0 failures.
run_tests() { # NAME, then swift test's arguments
  local name=$1; shift
  echo "[test] swift test ($name)"
  swift test --skip-build "$@" > "$LOG/$name.log" 2>&1 && status=0 || status=$?
  grep -E "✘|error:|Test run with|Executed [0-9]+ tests" "$LOG/$name.log" || true
  local summaries failures
  summaries=$(grep -cEx '✔ Test run with [1-9][0-9]* tests? in [1-9][0-9]* suites? passed after [0-9.]+ seconds\.' "$LOG/$name.log" || true)
  failures=$(grep -cE '✘|Executed [0-9]+ tests?, with [1-9][0-9]* failures?' "$LOG/$name.log" || true)
  if [ "$status" -ne 0 ] || [ "$summaries" -ne 1 ] || [ "$failures" -ne 0 ]; then
    tail -n 40 "$LOG/$name.log"; echo "[test] swift test ($name) failed"; exit 1
  fi
}
run_tests parallel --skip "$TIMED"
run_tests timed --filter "$TIMED" --no-parallel

echo "[test] end-to-end"
bash scripts/e2e.sh "$(swift build --show-bin-path)/citygrid"

# The API against its OpenAPI document: schemathesis (in .venv-fuzz) as an administrator and a citizen.
echo "[test] API fuzzing (schemathesis)"
bash scripts/fuzz-api.sh "$(swift build --show-bin-path)/citygrid"

echo "[test] browser (Chromium; screenshots in .build/browser-artefacts)"
bash scripts/browser-tests.sh "$(swift build --show-bin-path)/citygrid"
