#!/usr/bin/env bash
# The web pages' server time (issue 9: every page in at most 50 ms at p95 with the demo city and 1 M
# cases), over loopback with wrk and the session cookie of a signed-in user, each page beside /healthz
# (no database, no template) in the same run, on a release build: one connection (a page's own
# server time, nothing queued before it) and then CG_CONNECTIONS connections (default 4: pages
# queueing for the processors and for the heavy-work threads).
# Usage: scripts/bench-pages.sh [CITYGRID] [CASES] [SECONDS]   (defaults: .build-release/release/citygrid, 1000000, 10)
set -euo pipefail
CG=${1:-.build-release/release/citygrid}
CASES=${2:-1000000}
SECONDS_EACH=${3:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v wrk > /dev/null || { apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk > /dev/null; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/citygrid-pages.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2> /dev/null; wait 2> /dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

for calib in "$HERE/../../shared/anchors/_common.py" /work/shared/anchors/_common.py; do
  if [ -f "$calib" ]; then python3 "$calib" 2>&1 | sed 's/^/calibration: /'; break; fi
done
DB=$WORK/city.sqlite
echo "setup: init --demo and simulate $CASES cases"
"$CG" init --db "$DB" --demo > /dev/null 2>&1
"$CG" simulate --db "$DB" --cases "$CASES" --seed 3 --months 3 > /dev/null 2>&1
PORT=${CG_PORT:-18182}
URL="http://127.0.0.1:$PORT"
"$CG" serve --db "$DB" --port "$PORT" --rate-api-key 0 --rate-citizen 0 --rate-address 0 > "$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do curl -sf "$URL/healthz" > /dev/null && break; sleep 0.2; done

# A browser's sign-in: the form's pre-session value, then the session cookie.
session() {  # session USERNAME: prints cg_session=…
  local jar=$WORK/jar-$1 pre
  pre=$(curl -s -c "$jar" "$URL/signin" | grep -o 'name="_csrf" value="[0-9a-f]*"' | grep -o '[0-9a-f]\{32\}')
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "_csrf=$pre" --data-urlencode "username=$1" \
       --data-urlencode "password=citygrid-demo" "$URL/signin"
  awk '$6 == "cg_session" {print "cg_session=" $7}' "$jar"
}
INTAKE=$(session intake1)
LEADER=$(session leader)
DISPATCHER=$(session dispatcher1)
for c in "$INTAKE" "$LEADER" "$DISPATCHER"; do printf '%s\n' "$c" | grep -Exq 'cg_session=cg_[0-9a-f]{64}' || { echo "bench-pages: no session: $c"; exit 1; }; done
ID=$(curl -sf -H "Cookie: $INTAKE" "$URL/app/cases" | grep -o 'href="/app/cases/[0-9]*"' | head -n 1 | grep -o '[0-9]\+')
[ -n "$ID" ] || { echo "bench-pages: the case list lists no case"; exit 1; }
MONTH=$(date -u -d "$(date -u +%Y-%m-15) -1 month" +%Y-%m)
# One grid (that of the workbench's first case) for the lists of one grid's cases.
GRID=$(curl -sf -H "Cookie: $INTAKE" "$URL/api/v1/cases/$ID" | python3 -c 'import json, sys; print(json.load(sys.stdin)["grid_code"])')
printf '%s\n' "$GRID" | grep -Exq '[0-9]{15}' || { echo "bench-pages: no grid code: $GRID"; exit 1; }

CONNECTIONS=1
run() {  # run NAME COOKIE PATH: exactly 200 first, then wrk; prints req/s and percentiles
  local name=$1 cookie=$2 path=$3 status out
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$URL$path")
  [ "$status" = 200 ] || { echo "bench-pages: $path answered $status"; exit 1; }
  out=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" -H "Cookie: $cookie" -s "$HERE/wrk/percentiles.lua" "$URL$path")
  printf '%-40s %9.1f req/s   %s\n' "$name" "$(awk '/Requests\/sec/ {print $2}' <<< "$out")" "$(grep '^PCT' <<< "$out" | cut -c5-)"
}
pages() {
  echo "wrk -t1 -c$CONNECTIONS -d${SECONDS_EACH}s, $CASES cases, latencies in ms"
  run "GET /healthz" "" /healthz
  run "GET /signin (template, no database)" "" /signin
  run "GET /app (intake1: 3 queues, duplicates)" "$INTAKE" /app
  run "GET /app (dispatcher1: 5 queues, overdue)" "$DISPATCHER" /app
  run "GET /app/cases (intake1: the 50 newest)" "$INTAKE" /app/cases
  run "GET /app/cases/$ID (intake1)" "$INTAKE" "/app/cases/$ID"
  run "GET /api/v1/cases?region=GRID (leader)" "$LEADER" "/api/v1/cases?region=$GRID"
  run "GET /api/v1/cases?state=return_requested" "$LEADER" "/api/v1/cases?state=return_requested"
  run "GET /app/centre (leader)" "$LEADER" /app/centre
  run "GET /app/centre/status.json (leader)" "$LEADER" /app/centre/status.json
  run "GET /app/centre/cases?region=GRID (leader)" "$LEADER" "/app/centre/cases?region=$GRID"
  run "GET /app/dashboard districts $MONTH (leader)" "$LEADER" "/app/dashboard?subject=district&period=$MONTH"
  run "GET /app/dashboard bodies $MONTH (leader)" "$LEADER" "/app/dashboard?subject=department&period=$MONTH"
  run "GET /app/dashboard bodies E01 three-rates" "$LEADER" "/app/dashboard?subject=department&period=$MONTH&rules=three-rates&category=E01"
  run "GET /app/dashboard/hotspots.json $MONTH" "$LEADER" "/app/dashboard/hotspots.json?period=$MONTH"
  run "GET /app/dashboard/wall (leader)" "$LEADER" "/app/dashboard/wall?period=$MONTH"
  run "GET /healthz (again)" "" /healthz
}
pages
CONNECTIONS=${CG_CONNECTIONS:-4}
pages

# The grid outlines for maps: their size, and the whole map in a browser when the browser tests'
# Chromium and venv are installed (scripts/browser-tests.sh installs them).
curl -sf -o /dev/null -H "Cookie: $LEADER" -w 'grids.geojson: %{size_download} bytes plain, ' "$URL/app/map/grids.geojson"
curl -sf -o /dev/null -H "Cookie: $LEADER" -H 'Accept-Encoding: gzip' -w '%{size_download} bytes gzip\n' "$URL/app/map/grids.geojson"
if [ -x "$HERE/../.venv-browser/bin/python" ] && [ -x /usr/bin/chromium ]; then
  "$HERE/../.venv-browser/bin/python" "$HERE/bench-map.py" "$URL" leader citygrid-demo 6 ${CG_MAP_SCREENSHOT:-}
else
  echo "map: not measured in a browser (run scripts/browser-tests.sh once to install Chromium and the venv)"
fi
