#!/usr/bin/env bash
# Where a case read's time goes: one server on a simulated demo city (20,000 cases), wrk reading one
# case with a bearer token (2 threads, 64 connections), and `perf record -F 999 -g -p PID` on the
# server while it runs; prints the inclusive (`--children`) and self shares of the top symbols.
# Usage: scripts/profile-http.sh [CITYGRID] [SECONDS] [PATH]   (PATH: default the case; e.g. /healthz)
set -euo pipefail
CG=${1:-.build-release/release/citygrid}
SECONDS_EACH=${2:-12}
WHAT=${3:-case}
command -v perf > /dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/citygrid-profile.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2> /dev/null; wait 2> /dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
DB=$WORK/city.sqlite
"$CG" init --db "$DB" --demo > /dev/null 2>&1
"$CG" simulate --db "$DB" --cases 20000 --seed 3 --months 3 > /dev/null 2>&1
PORT=${CG_PORT:-18182}
URL="http://127.0.0.1:$PORT"
"$CG" serve --db "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 150); do curl -sf "$URL/healthz" > /dev/null && break; sleep 0.2; done
ADMIN=$("$CG" user token --db "$DB" admin 2> /dev/null | tail -n 1)
ID=$(curl -sf -H "Authorization: Bearer $ADMIN" "$URL/api/v1/cases?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cases"][0]["id"])')
[ "$WHAT" = case ] && WHAT="/api/v1/cases/$ID"
wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency -H "Authorization: Bearer $ADMIN" "$URL$WHAT" > "$WORK/wrk.txt" &
WRK=$!
sleep 2
perf record -F 999 -g -p "$PID" -o "$WORK/perf.data" -- sleep $((SECONDS_EACH - 4)) > /dev/null 2>&1
wait "$WRK"
grep -E 'Requests/sec|^ +(50|99)%' "$WORK/wrk.txt"
# Swift's mangled names made readable when the toolchain's demangler is at hand.
demangle() { if command -v swift > /dev/null; then swift demangle --simplified --compact; else cat; fi; }
report() { perf report -i "$WORK/perf.data" "$@" --sort symbol --stdio 2> /dev/null | grep -E '^ +[0-9]' | demangle | cut -c1-220 || true; }
echo "-- inclusive (children), top 60"
report --children > "$WORK/children.txt"; head -n 60 "$WORK/children.txt" || true
echo "-- inclusive, CityGrid and Foundation frames"
grep -E "CityGrid|CityApplication|CaseDTO|JSON|Workflow|Access|Case|GRDB|Foundation|Hasher|Dictionary|String" "$WORK/children.txt" | head -n 60 || true
echo "-- self, top 40"
report --no-children > "$WORK/self.txt"; head -n 40 "$WORK/self.txt" || true
if [ -n "${KEEP:-}" ]; then cp "$WORK/perf.data" "$KEEP"; fi
