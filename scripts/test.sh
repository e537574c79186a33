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

echo "[test] swift build (debug)"
swift build --build-tests 2>&1 | grep -Ev "^warning: 'swift-distributed-tracing'|CMakeLists.txt$" || true
echo "[test] swift test"
swift test --skip-build 2>&1 | tee /tmp/citygrid-swift-test.log | grep -Ev "^✔|^◇|^􀟈|^Test Suite|^Test Case" || true
grep -q "Test run with .* passed" /tmp/citygrid-swift-test.log || { echo "[test] swift test failed"; exit 1; }
grep -Eq "^Test run with 0 tests" /tmp/citygrid-swift-test.log && { echo "[test] no Swift tests ran"; exit 1; }

echo "[test] end-to-end"
bash scripts/e2e.sh "$(swift build --show-bin-path)/citygrid"
