#!/usr/bin/env bash
# The Open311 figures of issue 10, over loopback with wrk on a release build, each beside its
# reference in the same run:
#   1. GET /open311/v2/requests.json (a page of 50) with filters over CASES cases (default 1 M): its
#      latency percentiles at one connection (a request's own server time) and at 4, beside /healthz;
#   2. POST /open311/v2/requests.json (form-encoded, an API key) against POST /api/v1/cases (JSON, a
#      bearer token), both at 64 connections, alternated twice; each durable once answered: the cases
#      the store holds afterwards are counted against the answers.
# Usage: scripts/bench-open311.sh [CITYGRID] [CASES] [SECONDS]   (defaults: .build-release/release/citygrid, 1000000, 10)
set -euo pipefail
CG=${1:-.build-release/release/citygrid}
CASES=${2:-1000000}
SECONDS_EACH=${3:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v wrk > /dev/null || { apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk > /dev/null; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/citygrid-open311.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2> /dev/null; wait 2> /dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

for calib in "$HERE/../../shared/anchors/_common.py" /work/shared/anchors/_common.py; do
  if [ -f "$calib" ]; then python3 "$calib" 2>&1 | sed 's/^/calibration: /'; break; fi
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
DB=$WORK/city.sqlite
echo "setup: init --demo and simulate $CASES cases"
"$CG" init --db "$DB" --demo > /dev/null 2>&1
"$CG" simulate --db "$DB" --cases "$CASES" --seed 3 --months 3 > /dev/null 2>&1
KEY=$("$CG" apikey create --db "$DB" bench-client 2> /dev/null | tail -n 1)
printf '%s\n' "$KEY" | grep -Exq 'ok_[0-9a-f]{64}' || { echo "bench-open311: not an API key: $KEY"; exit 1; }
INTAKE=$("$CG" user token --db "$DB" intake1 2> /dev/null | tail -n 1)
PORT=${CG_PORT:-18183}
URL="http://127.0.0.1:$PORT"
"$CG" serve --db "$DB" --port "$PORT" --rate-api-key 0 --rate-citizen 0 --rate-address 0 > "$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 900); do curl -sf "$URL/healthz" > /dev/null && break; sleep 0.2; done
count() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM cases").fetchone()[0])' "$DB"; }
[ "$(count)" -ge "$CASES" ] || { echo "bench-open311: the store holds $(count) cases, not $CASES"; exit 1; }
echo "store: $(count) cases (the simulation adds reopened cases beyond $CASES)"

NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
DAY_AGO=$(date -u -d '1 day ago' +%Y-%m-%dT%H:%M:%SZ)
MONTH_AGO=$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:%SZ)
QUERIES=(
  "/open311/v2/requests.json?page_size=50"
  "/open311/v2/requests.json?service_code=E0102,C0101,E0401&status=open&page_size=50"
  "/open311/v2/requests.json?start_date=$MONTH_AGO&end_date=$NOW&status=closed&page_size=50&extensions=true"
  "/open311/v2/requests.json?updated_after=$DAY_AGO&page_size=50&page=2"
  "/open311/v2/requests.xml?service_code=E0102&page_size=50"
)
get() {  # get NAME PATH CONNECTIONS: exactly 200 with a page first, then wrk
  local name=$1 path=$2 connections=$3 status out
  status=$(curl -s -o "$WORK/page" -w '%{http_code}' "$URL$path")
  [ "$status" = 200 ] || { echo "bench-open311: $path answered $status"; exit 1; }
  out=$(wrk -t1 -c"$connections" -d"${SECONDS_EACH}s" -s "$HERE/wrk/percentiles.lua" "$URL$path")
  printf '%-12s c=%d %9.1f req/s   %s\n' "$name" "$connections" "$(awk '/Requests\/sec/ {print $2}' <<< "$out")" "$(grep '^PCT' <<< "$out" | cut -c5-)"
  grep -q 'non2xx 0$' <<< "$out" || { echo "bench-open311: $path had non-2xx answers"; exit 1; }
}
echo "== 1. GET requests over $CASES cases (latencies in ms)"
for c in $([ -n "${CG_SKIP_GET:-}" ] && echo "" || echo 1 4); do
  get "/healthz" "/healthz" "$c"
  i=0
  for q in "${QUERIES[@]}"; do
    i=$((i + 1))
    get "query $i" "$q" "$c"
  done
done
for i in "${!QUERIES[@]}"; do echo "query $((i + 1)): ${QUERIES[$i]}"; done
echo "rows on the first page of each query:"
for q in "${QUERIES[@]}"; do
  curl -s "$URL$q" | python3 -c 'import sys, json
t = sys.stdin.read()
print(" ", (len(json.loads(t)) if t.startswith("[") else t.count("<request>")), "requests")'
done

if [ -n "${CG_SKIP_POST:-}" ]; then echo "part 2 skipped (CG_SKIP_POST)"; exit 0; fi
echo "== 2. POST /open311/v2/requests.json (form, API key) against POST /api/v1/cases (JSON, token), wrk -t2 -c64 -d${SECONDS_EACH}s"
export CG_API_KEY=$KEY CG_LON=116.40 CG_LAT=39.90
declare -a RATIOS=()
post() {  # post NAME ARGS...: prints req/s; checks every answered request is a stored case
  local name=$1 before after answered out; shift
  before=$(count)
  out=$(wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "$@")
  after=$(count)
  answered=$(awk '/requests in/ {print $1}' <<< "$out")
  grep -q 'Non-2xx' <<< "$out" && { echo "bench-open311: $name had non-2xx answers"; echo "$out"; exit 1; }
  # Every answered request is durable: at least as many new cases as answers (requests cut off at
  # the end of the run may have been committed without their answer being read: at most 64).
  [ $((after - before)) -ge "$answered" ] && [ $((after - before - answered)) -le 64 ] || { echo "bench-open311: $name: $answered answered, $((after - before)) stored"; exit 1; }
  LAST=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  printf '%-36s %9s req/s   p50 %8s   p99 %8s   %d answered, %d stored\n' "$name" "$LAST" "$(awk '$1=="50%" {print $2}' <<< "$out")" "$(awk '$1=="99%" {print $2}' <<< "$out")" "$answered" $((after - before))
}
for round in 1 2; do
  post "POST /api/v1/cases (round $round)" -H "Authorization: Bearer $INTAKE" -s "$HERE/wrk/post-cases.lua" "$URL/api/v1/cases"; API=$LAST
  post "POST /open311/v2/requests (round $round)" -s "$HERE/wrk/post-open311.lua" "$URL/open311/v2/requests.json"; O311=$LAST
  RATIOS+=("$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$O311" "$API")")
done
echo "ratio Open311 POST / API POST per round: ${RATIOS[*]}   (asked: >= 0.60)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
