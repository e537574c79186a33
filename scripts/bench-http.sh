#!/usr/bin/env bash
# HTTP figures over loopback with wrk (2 threads, 64 connections, a bearer token), on a release build:
# /healthz (no database), GET /api/v1/me, GET /api/v1/cases/{id} and POST /api/v1/cases, one after
# the other against one server on a simulated demo city. Usage: scripts/bench-http.sh [CITYGRID] [SECONDS]
set -euo pipefail
CG=${1:-.build-release/release/citygrid}
SECONDS_EACH=${2:-10}
command -v wrk > /dev/null || { apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk > /dev/null; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/citygrid-http.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2> /dev/null; wait 2> /dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
DB=$WORK/city.sqlite
"$CG" init --db "$DB" --demo > /dev/null 2>&1
"$CG" simulate --db "$DB" --cases 20000 --seed 3 --months 3 > /dev/null 2>&1
PORT=18181
"$CG" serve --db "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.2; done
# Checks before timing: the server answers exactly, the tokens have their exact form, the case exists.
[ "$(curl -s -w ' %{http_code}' "http://127.0.0.1:$PORT/healthz")" = '{"status":"ok"} 200' ] || { echo "bench-http: /healthz does not answer {\"status\":\"ok\"} 200"; exit 1; }
ADMIN=$("$CG" user token --db "$DB" admin 2> /dev/null)
INTAKE=$("$CG" user token --db "$DB" intake1 2> /dev/null)
for t in "$ADMIN" "$INTAKE"; do printf '%s\n' "$t" | grep -Exq 'cg_[0-9a-f]{64}' || { echo "bench-http: not a token: $t"; exit 1; }; done
ID=$(curl -sf -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/v1/cases?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cases"][0]["id"])')
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/v1/cases/$ID")" = 200 ] || { echo "bench-http: case $ID is not readable"; exit 1; }
cat > "$WORK/post.lua" << 'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local lon = 116.40 + (n % 997) * 0.00002
  local lat = 39.90 + (n % 991) * 0.00002
  return wrk.format(nil, nil, nil, string.format('{"category":"E0102","description":"bench %d","location":{"lon":%.5f,"lat":%.5f}}', n, lon, lat))
end
LUA
run() {  # run NAME WRK-ARGS...
  local name=$1 out; shift
  out="$WORK/wrk-$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '_').txt"
  wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "$@" > "$out"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1=="50%" {print $2}' "$out")
  p99=$(awk '$1=="99%" {print $2}' "$out")
  errors=$(awk '/Non-2xx/ {print $5}' "$out")
  socket=$(awk '/Socket errors/ {print $4, $6, $8, $10}' "$out")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s   socket errors %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}" "${socket:-none}"
  # A figure with failed requests is not a figure: the run fails (after printing every line).
  if [ -n "$errors" ] || [ -n "$socket" ]; then bad=$((bad + 1)); fi
}
bad=0
echo "wrk -t2 -c64 -d${SECONDS_EACH}s, server: $CG serve (demo city, 20,000 simulated cases)"
run "GET /healthz" "http://127.0.0.1:$PORT/healthz"
run "GET /api/v1/me" -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/v1/me"
run "GET /api/v1/cases/{id}" -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/v1/cases/$ID"
run "POST /api/v1/cases" -H "Authorization: Bearer $INTAKE" -s "$WORK/post.lua" "http://127.0.0.1:$PORT/api/v1/cases"
[ "$bad" -eq 0 ] || { echo "bench-http: $bad of the 4 runs had non-2xx answers or socket errors"; exit 1; }
