#!/usr/bin/env bash
# Every HTTP figure of issue 8 part 13, over loopback with wrk (2 threads, 64 connections, a bearer
# token, --latency), on a release build, each beside its reference measured in the same run:
#   1. GET /api/v1/cases/{id} (and /me) against /healthz (a plain route without a database), measured
#      before and after the case read; the ratio is against their mean;
#   2. POST /api/v1/cases (points spread over ~2 km) against the store's own durable intake at 64
#      reporters (`citygrid bench intake`), run right after the server stops;
#   3. /healthz's latency while two clients post a 256 KB, 200-indicator rule file to
#      /api/v1/evaluation in a loop (scripts/heavy-rules.py), beside /healthz alone;
#   4. POST /api/v1/cases with every report at one point (a storm) against the spread-out POSTs.
# Also prints the machine's calibration line (shared/anchors/_common.py) and its load.
# Usage: scripts/bench-http.sh [CITYGRID] [SECONDS]   (default .build-release/release/citygrid, 10 s a run)
# CG_SKIP_INTAKE=1 leaves out part 2's store benchmark (its SQLite anchor alone can take minutes on a slow disk).
set -euo pipefail
CG=${1:-.build-release/release/citygrid}
SECONDS_EACH=${2:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v wrk > /dev/null || { apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk > /dev/null; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/citygrid-http.XXXXXX")
PID=
LOOPS=()
cleanup() {
  for loop in "${LOOPS[@]}"; do kill "$loop" $(ps -o pid= --ppid "$loop") 2> /dev/null || true; done
  [ -n "$PID" ] && kill "$PID" 2> /dev/null
  wait 2> /dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

for calib in "$HERE/../../shared/anchors/_common.py" /work/shared/anchors/_common.py; do
  if [ -f "$calib" ]; then python3 "$calib" 2>&1 | sed 's/^/calibration: /'; break; fi
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

DB=$WORK/city.sqlite
"$CG" init --db "$DB" --demo > /dev/null 2>&1
"$CG" simulate --db "$DB" --cases 20000 --seed 3 --months 3 > /dev/null 2>&1
PORT=${CG_PORT:-18181}
URL="http://127.0.0.1:$PORT"
"$CG" serve --db "$DB" --port "$PORT" --rate-api-key 0 --rate-citizen 0 --rate-address 0 > "$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 150); do curl -sf "$URL/healthz" > /dev/null && break; sleep 0.2; done
ADMIN=$("$CG" user token --db "$DB" admin 2> /dev/null | tail -n 1)
INTAKE=$("$CG" user token --db "$DB" intake1 2> /dev/null | tail -n 1)
# Checks before timing: the server answers exactly, the tokens have their exact form, the case exists.
[ "$(curl -s -w ' %{http_code}' "$URL/healthz")" = '{"status":"ok"} 200' ] || { echo "bench-http: /healthz does not answer {\"status\":\"ok\"} 200"; exit 1; }
for t in "$ADMIN" "$INTAKE"; do printf '%s\n' "$t" | grep -Exq 'cg_[0-9a-f]{64}' || { echo "bench-http: not a token: $t"; exit 1; }; done
ID=$(curl -sf -H "Authorization: Bearer $ADMIN" "$URL/api/v1/cases?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cases"][0]["id"])')
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN" "$URL/api/v1/cases/$ID")" = 200 ] || { echo "bench-http: case $ID is not readable"; exit 1; }
# The demo city's centre: the storm's underpass, and the corner of the spread-out reports' 2 km square.
export CG_LON=116.40 CG_LAT=39.90
LON=$CG_LON LAT=$CG_LAT

declare -A RPS
run() {  # run NAME WRK-ARGS...: one wrk run; prints throughput, latency percentiles and failures
  local name=$1 out; shift
  out="$WORK/wrk-$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '_').txt"
  wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "$@" > "$out"
  local rps p50 p90 p99 errors socket
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1=="50%" {print $2}' "$out")
  p90=$(awk '$1=="90%" {print $2}' "$out")
  p99=$(awk '$1=="99%" {print $2}' "$out")
  errors=$(awk '/Non-2xx/ {print $5}' "$out")
  socket=$(awk '/Socket errors/ {print $0}' "$out")
  RPS[$name]=$rps
  printf '%-34s %10s req/s   p50 %8s   p90 %8s   p99 %8s   non-2xx %s %s\n' "$name" "$rps" "$p50" "$p90" "$p99" "${errors:-0}" "$socket"
  # A figure with failed requests is not a figure: the script fails at its end (after every line).
  if [ -n "$errors" ] || [ -n "$socket" ]; then BAD=$((BAD + 1)); fi
}
BAD=0
trap '[ "$BAD" -eq 0 ] || { echo "bench-http: $BAD runs had non-2xx answers or socket errors"; exit 1; }' EXIT
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }
mean() { python3 -c "import sys; print(f'{(float(sys.argv[1]) + float(sys.argv[2])) / 2:.0f}')" "$1" "$2"; }

echo "wrk -t2 -c64 -d${SECONDS_EACH}s --latency; server: $CG serve (demo city, 20,000 simulated cases), case $ID"
echo "== 1. reads against /healthz"
run "GET /healthz" "$URL/healthz"
run "GET /api/v1/me" -H "Authorization: Bearer $ADMIN" "$URL/api/v1/me"
run "GET /api/v1/cases/{id}" -H "Authorization: Bearer $ADMIN" "$URL/api/v1/cases/$ID"
run "GET /healthz (again)" "$URL/healthz"
HEALTH=$(mean "${RPS["GET /healthz"]}" "${RPS["GET /healthz (again)"]}")
echo "ratio GET /cases/{id} / mean /healthz ($HEALTH) = $(ratio "${RPS["GET /api/v1/cases/{id}"]}" "$HEALTH")   (asked: >= 0.5)"
echo "ratio GET /me / mean /healthz = $(ratio "${RPS["GET /api/v1/me"]}" "$HEALTH")"

echo "== 4. intake over HTTP: spread out, then a storm at one point ($LON, $LAT)"
CG_SPOT=spread run "POST /api/v1/cases (spread)" -H "Authorization: Bearer $INTAKE" -s "$HERE/wrk/post-cases.lua" "$URL/api/v1/cases"
CG_SPOT=one run "POST /api/v1/cases (one point)" -H "Authorization: Bearer $INTAKE" -s "$HERE/wrk/post-cases.lua" "$URL/api/v1/cases"
echo "ratio one point / spread = $(ratio "${RPS["POST /api/v1/cases (one point)"]}" "${RPS["POST /api/v1/cases (spread)"]}")"

echo "== 3. /healthz while two clients post a heavy evaluation in a loop"
PERIOD=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)
heavy() {  # heavy SUBJECT: two clients post the 200-indicator rule file for SUBJECT in a loop while wrk runs
  local subject=$1
  python3 "$HERE/heavy-rules.py" "$PERIOD" "$subject" > "$WORK/heavy-$subject.json" 2> "$WORK/heavy.log"
  cat "$WORK/heavy.log"
  rm -f "$WORK"/evals-*.txt
  for client in 1 2; do
    ( while :; do
        curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' -X POST -H "Authorization: Bearer $ADMIN" \
          -H 'Content-Type: application/json' --data-binary @"$WORK/heavy-$subject.json" "$URL/api/v1/evaluation" >> "$WORK/evals-$client.txt" || true
      done ) &
    LOOPS+=($!)
  done
  sleep 3
  run "GET /healthz (2 heavy, $subject)" "$URL/healthz"
  run "GET /api/v1/cases/{id} (2 heavy, $subject)" -H "Authorization: Bearer $ADMIN" "$URL/api/v1/cases/$ID"
  for loop in "${LOOPS[@]}"; do kill "$loop" $(ps -o pid= --ppid "$loop") 2> /dev/null || true; done
  LOOPS=()
  cat "$WORK"/evals-*.txt 2> /dev/null | awk '{n[$1]++; if ($1 == 200) {t += $2; k++; b = $3}} END {for (s in n) printf "evaluations answered %s: %d\n", s, n[s]; if (k) printf "mean seconds of an answered evaluation: %.2f (answer %d bytes)\n", t / k, b}'
  sleep 2
}
heavy department
heavy grid
echo "ratio p99 of /healthz under heavy work: see the two lines above against GET /healthz (p99) in part 1"

kill "$PID" 2> /dev/null; wait "$PID" 2> /dev/null || true; PID=
echo "== 2. the store's own durable intake at 64 reporters, same session"
if [ -n "${CG_SKIP_INTAKE:-}" ]; then echo "skipped (CG_SKIP_INTAKE)"; exit 0; fi
"$CG" bench intake --cases "${CG_INTAKE_CASES:-100000}" --concurrency 64 2>&1 | tee "$WORK/intake.txt" | grep -E '^(intake|anchor):'
STORE=$(awk '/^intake:/ {for (i = 1; i <= NF; i++) if ($i == "cases/s") print $(i-1)}' "$WORK/intake.txt" | head -n 1)
echo "ratio POST /cases (spread) / store intake ($STORE) = $(ratio "${RPS["POST /api/v1/cases (spread)"]}" "$STORE")   (asked: >= 0.4)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
