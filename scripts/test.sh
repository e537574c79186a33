#!/usr/bin/env bash
# Runs every test of CityGrid on a fresh machine: the Swift Testing suites (unit, storage, HTTP) and
# the end-to-end checks of the command line (demo city, simulation, exports, import round trip, and
# durability of acknowledged writes across a killed server).
# Needs only the Swift toolchain and curl; installs curl with apt-get when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v curl > /dev/null; then
  echo "[test] installing curl"
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q curl) > /dev/null
fi

LOG=$(mktemp -d "${TMPDIR:-/tmp}/citygrid-test.XXXXXX")
echo "[test] swift build --build-tests (debug; the first build takes a few minutes)"
if ! swift build --build-tests > "$LOG/build.log" 2>&1; then
  grep -E "error:" "$LOG/build.log" | head -40; tail -n 20 "$LOG/build.log"; echo "[test] build failed"; exit 1
fi
echo "[test] swift test"
swift test --skip-build > "$LOG/swift-test.log" 2>&1 && status=0 || status=$?
grep -E "✘|error:|Test run with|Executed [0-9]+ tests" "$LOG/swift-test.log" || true
# Passed means: exit status 0, exactly one Swift Testing summary line saying that a non-zero number of
# tests passed, no failed test (✘), and every XCTest summary with 0 failures.
summaries=$(grep -cEx '✔ Test run with [1-9][0-9]* tests? in [1-9][0-9]* suites? passed after [0-9.]+ seconds\.' "$LOG/swift-test.log" || true)
failures=$(grep -cE '✘|Executed [0-9]+ tests?, with [1-9][0-9]* failures?' "$LOG/swift-test.log" || true)
if [ "$status" -ne 0 ] || [ "$summaries" -ne 1 ] || [ "$failures" -ne 0 ]; then
  tail -n 40 "$LOG/swift-test.log"; echo "[test] swift test failed"; exit 1
fi

echo "[test] end-to-end"
bash scripts/e2e.sh "$(swift build --show-bin-path)/citygrid"
