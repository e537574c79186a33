#!/usr/bin/env bash
# End-to-end checks of the `citygrid` command line. Usage: scripts/e2e.sh PATH/TO/citygrid
# Prints "N passed, M failed" and exits non-zero when anything failed.
set -uo pipefail
CG=${1:?usage: e2e.sh PATH/TO/citygrid}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/citygrid-e2e.XXXXXX")
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2> /dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
passed=0; failed=0
check() {  # check NAME COMMAND...: passes when the command exits 0
  local name=$1; shift
  if "$@" > "$WORK/last.log" 2>&1; then passed=$((passed + 1)); echo "  ok   $name"
  else failed=$((failed + 1)); echo "  FAIL $name"; sed 's/^/       /' "$WORK/last.log" | tail -n 15; fi
}
refuses() {  # refuses NAME PATTERN COMMAND...: passes when the command exits non-zero and prints PATTERN
  local name=$1 pattern=$2; shift 2
  if "$@" > "$WORK/last.log" 2>&1; then failed=$((failed + 1)); echo "  FAIL $name (it succeeded)"
  elif grep -q -- "$pattern" "$WORK/last.log"; then passed=$((passed + 1)); echo "  ok   $name"
  else failed=$((failed + 1)); echo "  FAIL $name (no \"$pattern\")"; sed 's/^/       /' "$WORK/last.log" | tail -n 15; fi
}
DB=$WORK/city.sqlite

check "every command has --help" bash -c "for c in init serve import export simulate evaluate hotspots analyze user bench 'import grids' 'export cases' 'bench geocode' 'bench evaluate'; do $CG \$c --help > /dev/null || exit 1; done"
check "init --demo builds the demo city" "$CG" init --db "$DB" --demo --seed 7
refuses "init refuses to overwrite a city" "already holds a city" "$CG" init --db "$DB" --demo
check "a command on a missing database refuses it and leaves no file behind" bash -c "
  for c in 'export cases' 'evaluate --month 2026-10' 'case show 1' 'user token admin' 'user list' 'simulate --cases 5' 'clock' 'serve --port 1' 'hotspots --month 2026-10'; do
    if $CG \$c --db '$WORK/missing.sqlite' > '$WORK/missing.log' 2>&1; then echo \"\$c succeeded\"; exit 1; fi
    grep -q 'No database' '$WORK/missing.log' || { echo \"\$c: no message\"; cat '$WORK/missing.log'; exit 1; }
    [ ! -e '$WORK/missing.sqlite' ] || { echo \"\$c created the file\"; exit 1; }
  done"
refuses "case act reads --hours -1 as a value and refuses it with a message" "hours must be" "$CG" case act --db "$DB" --as dispatcher1 1 request_extension --hours -1
refuses "user token reads --days -5 as a value and refuses it" "days must be" "$CG" user token --db "$DB" --days -5 admin
refuses "simulate reads --cases -5 as a value and refuses it" "cases must be positive" "$CG" simulate --db "$DB" --cases -5
refuses "a time without an offset or out of range is refused" "ISO 8601 date-time with an offset" bash -c "'$CG' clock --db '$DB' --now 2026-11-01T00:00:00 || '$CG' clock --db '$DB' --now 2026-02-30T00:00:00Z"
check "simulate 3000 cases" "$CG" simulate --db "$DB" --cases 3000 --seed 2 --months 3 --end 2026-11-01T00:00:00Z
check "export grids as GeoJSON" bash -c "'$CG' export grids --db '$DB' --out '$WORK/grids.geojson' && python3 -c \"import json,sys; d=json.load(open('$WORK/grids.geojson')); assert len(d['features'])==20480, len(d['features'])\""
check "export cases as CSV with the contract's columns" bash -c "'$CG' export cases --db '$DB' > '$WORK/cases.csv' && head -1 '$WORK/cases.csv' | grep -q '^case_id,case_number,kind,category_code,source,district_code,subdistrict_code,community_code,grid_code,department_code,lon,lat,status,reported_at,filed_at,dispatched_at,disposed_at,closed_at,deadline_at,rework_count,extension_count,return_count,suspended_seconds,satisfaction,reporter_id,' && [ \$(wc -l < '$WORK/cases.csv') -eq 3001 ]"
check "export cases --columns contract keeps the anchors' 24 columns" bash -c "'$CG' export cases --db '$DB' --columns contract | head -1 | grep -q '^case_id,.*,satisfaction$' && [ \$('$CG' export cases --db '$DB' --columns contract | head -2 | tail -1 | tr ',' '\n' | wc -l) -eq 24 ]"
check "the same seed gives the same city, byte for byte" bash -c "'$CG' init --db '$WORK/again.sqlite' --demo --seed 7 && '$CG' export grids --db '$WORK/again.sqlite' | cmp - '$WORK/grids.geojson'"
check "evaluate a month" bash -c "'$CG' evaluate --db '$DB' --month 2026-10 --format csv | grep -q '^2026-10,'"
refuses "evaluate refuses a bad month" "YYYY-MM" "$CG" evaluate --db "$DB" --month 2026-13
"$CG" evaluate --db "$DB" --month 2026-10 --rules basic --subject department --format csv > "$WORK/basic.csv" 2> /dev/null
check "evaluate --rules basic equals SQL over the case export" python3 - "$WORK/cases.csv" "$WORK/basic.csv" << 'PY'
# The basic figures of every body for 2026-10 (local time, UTC+8), recomputed from the export in SQLite.
import csv, math, sqlite3, sys
db = sqlite3.connect(":memory:")
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
db.execute("CREATE TABLE c (%s)" % ",".join(h + " TEXT" for h in rows[0]))
db.executemany("INSERT INTO c VALUES (%s)" % ",".join("?" * len(rows[0])), rows[1:])
truth = {r[0]: r[1:] for r in db.execute("""
  SELECT department_code, COUNT(*), AVG(closed_at <> ''),
    CAST(SUM(disposed_at <> '' AND deadline_at <> '' AND disposed_at <= deadline_at) AS REAL) / NULLIF(SUM(disposed_at <> ''), 0),
    AVG(CAST(rework_count AS INTEGER) > 0),
    AVG(CASE WHEN disposed_at <> '' THEN (strftime('%s', disposed_at) - strftime('%s', reported_at)) / 3600.0 END),
    AVG(CASE satisfaction WHEN 'satisfied' THEN 1.0 WHEN 'basically_satisfied' THEN 0.9 WHEN 'dissatisfied' THEN 0.0 END)
  FROM c WHERE strftime('%Y-%m', reported_at, '+8 hours') = '2026-10' AND department_code <> '' GROUP BY department_code""")}
ours = {r["subject_code"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")) if r["cases"] != "0"}
assert set(ours) == set(truth), (sorted(set(ours) ^ set(truth)))
cols = ["cases", "closure_rate", "ontime_disposal_rate", "rework_rate", "mean_disposal_hours", "mean_satisfaction"]
for code, t in truth.items():
    for col, v in zip(cols, t):
        o = ours[code][col]
        assert (v is None and o == "") or (v is not None and o != "" and math.isclose(float(o), v, rel_tol=1e-12)), (code, col, o, v)
print(len(truth), "bodies agree")
PY
printf 'ruleset mine\nsubject district\nindicator a = rate closed / all ; weight 1\nindicator b = rate closd / all\n' > "$WORK/bad.rules"
refuses "evaluate refuses a bad rule file, naming its line" "line 4: unknown fact" "$CG" evaluate --db "$DB" --month 2026-10 --rules "$WORK/bad.rules"
check "an exported preset is a rule file evaluate reads" bash -c "'$CG' export rules three-rates --out '$WORK/3.rules' && '$CG' evaluate --db '$DB' --month 2026-10 --rules '$WORK/3.rules' --subject district --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"rows\"][0][\"rank\"] == 1 and d[\"rows\"][0][\"grade\"]'"
check "explain lists the cases behind a figure" bash -c "'$CG' evaluate --db '$DB' --month 2026-10 --subject district --explain closure --code 910101 | grep -q '^[0-9]*,1,1$'"
check "hot spots as GeoJSON for a map" bash -c "'$CG' hotspots --db '$DB' --month 2026-10 --format geojson --out '$WORK/hot.geojson' && python3 -c \"import json; f=json.load(open('$WORK/hot.geojson'))['features']; assert len(f)==20480 and any(x['properties']['z'] > 1.96 for x in f)\""
refuses "hotspots refuses a bad category" "category" "$CG" hotspots --db "$DB" --month 2026-10 --category Z99
check "trends, recurring problems and time-to-close" bash -c "'$CG' analyze trends --db '$DB' --period 2026-Q3 --format json | python3 -c 'import json,sys; assert len(json.load(sys.stdin)[\"by_hour\"]) == 24' && '$CG' analyze recurring --db '$DB' --month 2026-10 --months 3 --lang en | grep -q Rank && '$CG' analyze time-to-close --db '$DB' --period 2026-10 | grep -q P90"
check "exported grids import back" bash -c "'$CG' init --db '$WORK/real.sqlite' && '$CG' import grids --db '$WORK/real.sqlite' '$WORK/grids.geojson' && '$CG' export grids --db '$WORK/real.sqlite' | cmp - '$WORK/grids.geojson'"
python3 - "$WORK/grids.geojson" "$WORK/bad.geojson" << 'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["features"][:50]
f[3]["properties"]["code"] = f[2]["properties"]["code"]          # duplicate
f[5]["properties"]["code"] = "12345"                             # malformed
f[7]["geometry"]["coordinates"][0] = f[7]["geometry"]["coordinates"][0][:2]  # too short
json.dump({"type": "FeatureCollection", "features": f}, open(sys.argv[2], "w"))
PY
refuses "a bad grid file is refused, feature by feature" "feature 3" "$CG" import grids --db "$WORK/real.sqlite" "$WORK/bad.geojson"
check "a refused import leaves the grids as they were" bash -c "'$CG' export grids --db '$WORK/real.sqlite' | cmp - '$WORK/grids.geojson'"
refuses "a missing file is a clear error" "Cannot read" "$CG" import grids --db "$WORK/real.sqlite" "$WORK/nope.geojson"
check "catalogue exports and re-imports" bash -c "'$CG' export catalogue --db '$DB' > '$WORK/cat.json' && '$CG' import catalogue --db '$DB' '$WORK/cat.json'"
echo '{"utc_offset_seconds": 28800, "work_periods": ["12:00-09:00"]}' > "$WORK/badcal.json"
refuses "a bad calendar is refused" "work_periods" "$CG" import calendar --db "$DB" "$WORK/badcal.json"
check "user add, then a token for the new user" bash -c "'$CG' user add --db '$DB' --role inspector --jurisdiction 910101 --name 'E2E 巡查员' e2e-inspector && '$CG' user token --db '$DB' e2e-inspector | grep -q '^cg_'"
refuses "user add refuses an unknown jurisdiction" "jurisdiction" "$CG" user add --db "$DB" --role inspector --jurisdiction 999999 nobody
refuses "import grids refuses to orphan cases" "cases" "$CG" import grids --db "$DB" "$WORK/grids.geojson"
echo '[{"code":"D-NEW","name_zh":"新部门","name_en":"New Department","kind":"department","responsibilities":["water"]}]' > "$WORK/orgs.json"
check "import organisations" "$CG" import organisations --db "$DB" "$WORK/orgs.json"
echo '[{"category_prefix":"C01","region_prefix":"","department_code":"NOPE"}]' > "$WORK/rules.json"
refuses "import routing names the unknown body" "NOPE" "$CG" import routing --db "$DB" "$WORK/rules.json"
refuses "an export that cannot be written fails cleanly" "Writing the export failed" bash -c "'$CG' export catalogue --db '$DB' > /dev/full"
refuses "an export into a missing folder fails cleanly" "Cannot write" "$CG" export grids --db "$DB" --out "$WORK/no/such/dir/grids.geojson"
# The closed loop from the command line: any action as a user, refusals with their reason, the clock.
CASE_ID=$("$CG" export cases --db "$DB" | awk -F, '$13 == "dispatched" { print $1; exit }')
DEPT=$("$CG" export cases --db "$DB" | awk -F, -v id="$CASE_ID" '$1 == id { print tolower($10); exit }')
check "case show prints the log" bash -c "'$CG' case show --db '$DB' --lang en $CASE_ID | grep -q 'Dispatch'"
refuses "a citizen may not dispose" "role" "$CG" case act --db "$DB" --as citizen1 "$CASE_ID" dispose --note done
refuses "an extension needs hours" "hours" "$CG" case act --db "$DB" --as "handler-$DEPT" "$CASE_ID" request_extension --note parts
check "request and approve an extension" bash -c "'$CG' case act --db '$DB' --as 'handler-$DEPT' $CASE_ID request_extension --note parts --hours 6 && '$CG' case act --db '$DB' --as dispatcher1 $CASE_ID approve_extension | grep -q dispatched"
check "supervise and reply" bash -c "'$CG' case act --db '$DB' --as leader $CASE_ID supervise --note '请尽快处置' && '$CG' case act --db '$DB' --as 'handler-$DEPT' $CASE_ID reply --note '已安排'"
check "the clock scans (and a second scan raises nothing new)" bash -c "'$CG' clock --db '$DB' --now 2027-06-01T00:00:00Z 2>&1 | grep -q escalated && '$CG' clock --db '$DB' --now 2027-06-01T00:00:00Z 2>&1 | grep -q '0 warned, 0 escalated'"
check "export and re-import the workflow" bash -c "'$CG' export workflow --db '$DB' > '$WORK/workflow.json' && '$CG' import workflow --db '$DB' '$WORK/workflow.json'"
python3 - "$WORK/workflow.json" "$WORK/badworkflow.json" << 'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for a in d["actions"]:
    if a["name"] == "resume":
        a["from"] = ["dispatched"]   # nothing leaves "suspended" any more
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
refuses "a workflow with a dead end is refused" "dead end" "$CG" import workflow --db "$DB" "$WORK/badworkflow.json"
echo '{"version":1,"majors":[],"minors":[{"kind":"event"}]}' > "$WORK/badcat.json"
refuses "a bad catalogue names the field" "minors" "$CG" import catalogue --db "$DB" "$WORK/badcat.json"

# Durability: every case the server acknowledged is there after the server is killed (-9).
PORT=$((20000 + RANDOM % 20000))
"$CG" serve --db "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break; sleep 0.2; done
check "the server answers /healthz" curl -sf "http://127.0.0.1:$PORT/healthz"
TOKEN=$("$CG" user token --db "$DB" intake1)
LONLAT=$(python3 -c "import json; f=json.load(open('$WORK/grids.geojson'))['features'][100]['geometry']['coordinates'][0]; print(sum(p[0] for p in f[:-1])/(len(f)-1), sum(p[1] for p in f[:-1])/(len(f)-1))")
set -- $LONLAT
seq 1 3000 | xargs -P 16 -I{} curl -s -o /dev/null -w "%{http_code}\n" -X POST "http://127.0.0.1:$PORT/api/v1/cases" \
  -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d "{\"category\":\"E0102\",\"description\":\"e2e {}\",\"location\":{\"lon\":$1,\"lat\":$2}}" > "$WORK/codes.txt" &
POSTER=$!
sleep 1.5
kill -9 "$SERVER_PID"; SERVER_PID=
wait "$POSTER" 2> /dev/null
ACKED=$(grep -c '^201$' "$WORK/codes.txt" || true)
STORED=$("$CG" export cases --db "$DB" | grep -c ',event,0102,' || true)
BEFORE=$(grep -c ',event,0102,' "$WORK/cases.csv" || true)
check "acknowledged cases survive kill -9 ($ACKED acknowledged, $((STORED - BEFORE)) stored)" test "$ACKED" -gt 0 -a $((STORED - BEFORE)) -ge "$ACKED"
check "the database is consistent after kill -9" bash -c "'$CG' evaluate --db '$DB' --month 2026-10 > /dev/null"
# SQLite's own integrity check must say exactly "ok"; nothing half-written: every case has its first
# event and its change-log entry, and no more cases than requests were stored.
check "integrity check, events and change log agree after kill -9" python3 - "$DB" "$((STORED - BEFORE))" "$ACKED" <<'PY'
import sqlite3, sys
db, stored, acked = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = sqlite3.connect(db)
rows = c.execute("PRAGMA integrity_check").fetchall()
assert rows == [("ok",)], rows
orphans = c.execute("SELECT COUNT(*) FROM cases WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id)").fetchone()[0]
assert orphans == 0, f"{orphans} cases without an event"
cases = c.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
logged = c.execute("SELECT COUNT(DISTINCT case_id) FROM change_log WHERE kind = 'case_reported'").fetchone()[0]
assert logged == cases, f"{cases} cases, {logged} reported in the change log"
assert acked <= stored <= 3000, (acked, stored)
print(f"ok: {cases} cases, {acked} acknowledged, {stored} new")
PY

printf 'grid_code,cases,z\n' > "$WORK/header-only.csv"; : > "$WORK/empty.csv"
refuses "compare-anchor refuses a file without data rows" "holds no data row" python3 "$(dirname "$0")/compare-anchor.py" gi "$WORK/header-only.csv" "$WORK/empty.csv"

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
