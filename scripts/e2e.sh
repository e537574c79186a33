#!/usr/bin/env bash
# End-to-end checks of the `citygrid` command line. Usage: scripts/e2e.sh PATH/TO/citygrid
# Prints "N passed, M failed" and exits non-zero when anything failed.
# Every check matches exact output: exit statuses, whole lines (grep -Fx or a whole-line pattern),
# JSON and CSV values compared in python, exact counts. Inline shell checks run under
# `bash -euo pipefail -c` ($SH), like this script.
set -euo pipefail
trap 'echo "e2e: stopped at line $LINENO: $BASH_COMMAND" >&2' ERR
CG=${1:?usage: e2e.sh PATH/TO/citygrid}
SH=(bash -euo pipefail -c)
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
refuses() {  # refuses NAME STATUS TEXT COMMAND...: passes when the command exits with exactly STATUS and
  # its output (stdout and stderr) begins with exactly the line(s) of TEXT
  local name=$1 want=$2 text=$3 status=0; shift 3
  "$@" > "$WORK/last.log" 2>&1 || status=$?
  if [ "$status" -ne "$want" ]; then failed=$((failed + 1)); echo "  FAIL $name (exit status $status, not $want)"; sed 's/^/       /' "$WORK/last.log" | tail -n 15
  elif [ "$(head -n "$(printf '%s\n' "$text" | wc -l)" "$WORK/last.log")" = "$text" ]; then passed=$((passed + 1)); echo "  ok   $name"
  else failed=$((failed + 1)); echo "  FAIL $name (output does not begin with:)"; printf '%s\n' "$text" | sed 's/^/     > /'; sed 's/^/       /' "$WORK/last.log" | head -n 15; fi
}
refuses_like() {  # refuses_like NAME STATUS ERE COMMAND...: as refuses, the first line matching the whole ERE
  # (only where the line holds the operating system's own wording)
  local name=$1 want=$2 pattern=$3 status=0; shift 3
  "$@" > "$WORK/last.log" 2>&1 || status=$?
  if [ "$status" -ne "$want" ]; then failed=$((failed + 1)); echo "  FAIL $name (exit status $status, not $want)"; sed 's/^/       /' "$WORK/last.log" | tail -n 15
  elif head -n 1 "$WORK/last.log" | grep -Exq -- "$pattern"; then passed=$((passed + 1)); echo "  ok   $name"
  else failed=$((failed + 1)); echo "  FAIL $name (first line is not /$pattern/)"; sed 's/^/       /' "$WORK/last.log" | head -n 15; fi
}
# What ArgumentParser prints after a validation error (exit status 64), below the error line.
ROOT_USAGE=$'Usage: citygrid <subcommand>\n  See \'citygrid --help\' for more information.'
DB=$WORK/city.sqlite

check "every command has --help" "${SH[@]}" "for c in init serve import export simulate evaluate hotspots analyze user bench 'import grids' 'export cases' 'bench geocode' 'bench evaluate'; do
    out=\$('$CG' \$c --help)
    case \"\$out\" in 'OVERVIEW: '*) ;; *) echo \"\$c: no OVERVIEW line first\"; exit 1 ;; esac
    [ \"\$(printf '%s\n' \"\$out\" | grep -cEx \"USAGE: citygrid \$c( .*)?\")\" -eq 1 ] || { echo \"\$c: not one USAGE line\"; exit 1; }
  done"
check "init --demo builds the demo city" "${SH[@]}" "'$CG' init --db '$DB' --demo --seed 7 2>&1 | tail -n 1 | grep -Ex 'Demo city \(seed 7\) written to $DB in [0-9.]+ s: 386 regions, 20480 grids, 87 organisations, 489 users, 50000 components\.'"
refuses "init refuses to overwrite a city" 64 "Error: $DB already holds a city; add --force to replace it (and delete its cases).
$ROOT_USAGE" "$CG" init --db "$DB" --demo
missing_db() {  # every command on a missing database: exit status 1, exactly the one message line, no file
  local c out status
  for c in 'export cases' 'evaluate --month 2026-10' 'case show 1' 'user token admin' 'user list' 'simulate --cases 5' 'clock' 'serve --port 1' 'hotspots --month 2026-10'; do
    status=0; out=$("$CG" $c --db "$WORK/missing.sqlite" 2>&1) || status=$?
    [ "$status" -eq 1 ] || { echo "$c: exit status $status, not 1"; return 1; }
    [ "$out" = "Error: no_database (db): No database $WORK/missing.sqlite: create it first with \`citygrid init --db $WORK/missing.sqlite\` (add --demo for the demo city)" ] || { echo "$c: $out"; return 1; }
    [ ! -e "$WORK/missing.sqlite" ] || { echo "$c created the file"; return 1; }
  done
}
check "a command on a missing database refuses it and leaves no file behind" missing_db
refuses "case act reads --hours -1 as a value and refuses it with a message" 64 "Error: --hours must be working hours above 0 and at most 2,000
Usage: citygrid case act [<options>] --as <as> <id> <action>
  See 'citygrid case act --help' for more information." "$CG" case act --db "$DB" --as dispatcher1 1 request_extension --hours -1
refuses "user token reads --days -5 as a value and refuses it" 64 "Error: --days must be 1 to 3,650
Usage: citygrid user token [--db <db>] <username> [--days <days>]
  See 'citygrid user token --help' for more information." "$CG" user token --db "$DB" --days -5 admin
check "user password sets a sign-in password read from standard input" "${SH[@]}" "printf 'a long secret\\n' | '$CG' user password --db '$DB' admin 2>&1 | grep -Fx 'Password of admin set.'"
refuses "user password refuses a short password" 1 "Error: invalid_field (password): A password is 8 to 72 bytes long" "${SH[@]}" "printf 'short\\n' | '$CG' user password --db '$DB' admin"
refuses "user password refuses an empty standard input" 1 "Error: missing_password (password): No password on standard input: pipe one line holding it" "${SH[@]}" "'$CG' user password --db '$DB' admin < /dev/null"
refuses "simulate reads --cases -5 as a value and refuses it" 64 "Error: --cases must be positive
Usage: citygrid simulate [--db <db>] [--cases <cases>] [--seed <seed>] [--months <months>] [--end <end>]
  See 'citygrid simulate --help' for more information." "$CG" simulate --db "$DB" --cases -5
NOW_REFUSED="Error: --now must be an ISO 8601 date-time with an offset, such as 2026-11-01T08:00:00Z or 2026-11-01T16:00:00.5+08:00
$ROOT_USAGE"
refuses "a time without an offset is refused" 64 "$NOW_REFUSED" "$CG" clock --db "$DB" --now 2026-11-01T00:00:00
refuses "a time out of range is refused" 64 "$NOW_REFUSED" "$CG" clock --db "$DB" --now 2026-02-30T00:00:00Z
check "simulate 3000 cases" "${SH[@]}" "'$CG' simulate --db '$DB' --cases 3000 --seed 2 --months 3 --end 2026-11-01T00:00:00Z 2>&1 | tail -n 1 | grep -Ex 'Simulated 3000 cases in [0-9.]+ s \([0-9]+ cases/s\)\.'"
check "export grids as GeoJSON" "${SH[@]}" "'$CG' export grids --db '$DB' --out '$WORK/grids.geojson' && python3 -c \"import json; f=json.load(open('$WORK/grids.geojson'))['features']; codes={x['properties']['code'] for x in f}; assert (len(f), len(codes))==(20480, 20480), (len(f), len(codes))\""
FULL_HEADER=case_id,case_number,kind,category_code,source,district_code,subdistrict_code,community_code,grid_code,department_code,lon,lat,status,reported_at,filed_at,dispatched_at,disposed_at,closed_at,deadline_at,rework_count,extension_count,return_count,suspended_seconds,satisfaction,reporter_id,accepted_at,checked_at,case_deadline_at,supervision_count,dispatch_count,solved,verified,self_handled,parent_case_id,reopened_from_id,intake_by,intake_at,intake_due_at,intake_first_by,intake_first_at,intake_first_due_at,verification_by,verification_at,verification_due_at,verification_first_by,verification_first_at,verification_first_due_at,filing_by,filing_at,filing_due_at,filing_first_by,filing_first_at,filing_first_due_at,dispatch_by,dispatch_at,dispatch_due_at,dispatch_first_by,dispatch_first_at,dispatch_first_due_at,disposal_by,disposal_at,disposal_due_at,disposal_first_by,disposal_first_at,disposal_first_due_at,check_by,check_at,check_due_at,check_first_by,check_first_at,check_first_due_at,closing_by,closing_at,closing_due_at,closing_first_by,closing_first_at,closing_first_due_at,approval_by,approval_at,approval_due_at,approval_first_by,approval_first_at,approval_first_due_at,review_by,review_at,review_due_at,review_first_by,review_first_at,review_first_due_at,claim_by,claim_at,claim_due_at,claim_first_by,claim_first_at,claim_first_due_at
CONTRACT_HEADER=case_id,case_number,kind,category_code,source,district_code,subdistrict_code,community_code,grid_code,department_code,lon,lat,status,reported_at,filed_at,dispatched_at,disposed_at,closed_at,deadline_at,rework_count,extension_count,return_count,suspended_seconds,satisfaction
check "export cases as CSV with the contract's columns" "${SH[@]}" "'$CG' export cases --db '$DB' > '$WORK/cases.csv'
  [ \"\$(head -n 1 '$WORK/cases.csv')\" = '$FULL_HEADER' ]
  [ \$(wc -l < '$WORK/cases.csv') -eq 3001 ]
  python3 -c \"import csv; r=list(csv.reader(open('$WORK/cases.csv', encoding='utf-8'))); assert len(r)==3001 and {len(x) for x in r}=={95}, (len(r), {len(x) for x in r})\""
check "export cases --columns contract keeps the anchors' 24 columns, equal to the full export's first 24" "${SH[@]}" "'$CG' export cases --db '$DB' --columns contract > '$WORK/contract.csv'
  [ \"\$(head -n 1 '$WORK/contract.csv')\" = '$CONTRACT_HEADER' ]
  python3 -c \"import csv; c=list(csv.reader(open('$WORK/contract.csv', encoding='utf-8'))); f=list(csv.reader(open('$WORK/cases.csv', encoding='utf-8'))); assert len(c)==3001 and {len(x) for x in c}=={24}, (len(c), {len(x) for x in c}); assert c==[x[:24] for x in f]\""
check "the same seed gives the same city, byte for byte" "${SH[@]}" "'$CG' init --db '$WORK/again.sqlite' --demo --seed 7 > /dev/null 2>&1 && '$CG' export grids --db '$WORK/again.sqlite' > '$WORK/again.geojson' && [ -s '$WORK/again.geojson' ] && [ -s '$WORK/grids.geojson' ] && cmp '$WORK/again.geojson' '$WORK/grids.geojson'"
"$CG" evaluate --db "$DB" --month 2026-10 --format csv > "$WORK/month.csv" 2> /dev/null
check "evaluate a month: every body, its volume equal to the export's cases of the month (UTC+8), ranked" python3 - "$WORK/cases.csv" "$WORK/month.csv" << 'PY'
import collections, csv, datetime, sys
def local_month(t):
    return (datetime.datetime.fromisoformat(t.replace("Z", "+00:00")) + datetime.timedelta(hours=8)).strftime("%Y-%m")
truth = collections.Counter(r["department_code"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
                            if r["department_code"] and local_month(r["reported_at"]) == "2026-10")
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
assert lines[0] == "period,subject_code,volume,closure,on_time,rework,composite,grade,rank,previous_composite,change", lines[0]
rows = list(csv.DictReader(lines))
assert truth and rows, (len(truth), len(rows))
assert {r["period"] for r in rows} == {"2026-10"}
codes = [r["subject_code"] for r in rows]
assert len(codes) == len(set(codes)) and set(truth) <= set(codes), sorted(set(truth) - set(codes))
for r in rows:
    assert int(r["volume"]) == truth.get(r["subject_code"], 0), (r["subject_code"], r["volume"], truth.get(r["subject_code"], 0))
# Ranked bodies first, in rank order from 1; then those without a rank (no figure to rank them by).
ranked = [int(r["rank"]) for r in rows if r["rank"]]
assert ranked and ranked[0] == 1 and ranked == sorted(ranked), ranked
assert all(r["rank"] for r in rows[:len(ranked)]), "a body without a rank among the ranked"
print(len(rows), "bodies,", len(ranked), "ranked,", sum(truth.values()), "cases")
PY
refuses "evaluate refuses a bad month" 64 "Error: --month must be YYYY-MM, e.g. 2026-10
$ROOT_USAGE" "$CG" evaluate --db "$DB" --month 2026-13
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
assert len(truth) > 0, "no body has cases in 2026-10: nothing compared"
assert set(ours) == set(truth), (sorted(set(ours) ^ set(truth)))
cols = ["cases", "closure_rate", "ontime_disposal_rate", "rework_rate", "mean_disposal_hours", "mean_satisfaction"]
for code, t in truth.items():
    for col, v in zip(cols, t):
        o = ours[code][col]
        assert (v is None and o == "") or (v is not None and o != "" and math.isclose(float(o), v, rel_tol=1e-12)), (code, col, o, v)
print(len(truth), "bodies agree")
PY
printf 'ruleset mine\nsubject district\nindicator a = rate closed / all ; weight 1\nindicator b = rate closd / all\n' > "$WORK/bad.rules"
refuses_like "evaluate refuses a bad rule file, naming its line" 1 "Error: invalid_rules \(rules\): Rule file $WORK/bad\.rules, line 4: unknown fact “closd”; known: ([a-z0-9_]+, )+[a-z0-9_]+" "$CG" evaluate --db "$DB" --month 2026-10 --rules "$WORK/bad.rules"
"$CG" export rules three-rates --out "$WORK/3.rules"
check "an exported preset is a rule file evaluate reads: every district, ranked, graded" "${SH[@]}" "'$CG' evaluate --db '$DB' --month 2026-10 --rules '$WORK/3.rules' --subject district --format json | python3 -c '
import csv, json, sys
d = json.load(sys.stdin)
districts = {r[\"district_code\"] for r in csv.DictReader(open(\"$WORK/cases.csv\", encoding=\"utf-8\"))}
assert (d[\"period\"], d[\"previous_period\"]) == (\"2026-10\", \"2026-09\"), (d[\"period\"], d[\"previous_period\"])
assert [(i[\"id\"], i[\"weight\"]) for i in d[\"indicators\"]] == [(\"response\", 10), (\"resolution\", 50), (\"satisfaction\", 40)], d[\"indicators\"]
rows = d[\"rows\"]
assert len(districts) > 0 and sorted(r[\"code\"] for r in rows) == sorted(districts), ([r[\"code\"] for r in rows], sorted(districts))
ranks = [r[\"rank\"] for r in rows]
assert ranks[0] == 1 and ranks == sorted(ranks), ranks
assert all(r[\"grade\"] in (\"A\", \"B\", \"C\", \"D\", \"E\") for r in rows), [r[\"grade\"] for r in rows]
assert all(set(r[\"figures\"]) == {\"response\", \"resolution\", \"satisfaction\"} for r in rows)
'"
"$CG" evaluate --db "$DB" --month 2026-10 --subject district --format csv > "$WORK/districts.csv" 2> /dev/null
check "explain lists the cases behind a figure: exactly the figure's denominator and numerator" "${SH[@]}" "'$CG' evaluate --db '$DB' --month 2026-10 --subject district --explain closure --code 910101 > '$WORK/explain.csv'
  python3 - '$WORK/explain.csv' '$WORK/districts.csv' '$WORK/cases.csv' << 'PY'
import csv, math, sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
assert lines[0] == 'case_id,in_numerator,in_denominator', lines[0]
rows = [l.split(',') for l in lines[1:]]
assert rows and all(len(r) == 3 and r[2] == '1' and r[1] in ('0', '1') for r in rows), rows[:3]
ids = [r[0] for r in rows]
assert len(set(ids)) == len(ids)
district = {r['case_id']: r['district_code'] for r in csv.DictReader(open(sys.argv[3], encoding='utf-8'))}
assert all(district[i] == '910101' for i in ids)
closure = float(next(r for r in csv.DictReader(open(sys.argv[2], encoding='utf-8')) if r['subject_code'] == '910101')['closure'])
numerator = sum(r[1] == '1' for r in rows)
assert math.isclose(numerator / len(rows), closure, rel_tol=1e-12), (numerator, len(rows), closure)
print(numerator, 'of', len(rows))
PY"
check "hot spots as GeoJSON for a map: every grid, its count equal to the export's cases of the month" "${SH[@]}" "'$CG' hotspots --db '$DB' --month 2026-10 --format geojson --out '$WORK/hot.geojson'
  python3 -c \"
import collections, csv, datetime, json
f = json.load(open('$WORK/hot.geojson'))['features']
month = lambda t: (datetime.datetime.fromisoformat(t.replace('Z', '+00:00')) + datetime.timedelta(hours=8)).strftime('%Y-%m')
truth = collections.Counter(r['grid_code'] for r in csv.DictReader(open('$WORK/cases.csv', encoding='utf-8')) if month(r['reported_at']) == '2026-10')
assert len(f) == 20480, len(f)
assert sum(truth.values()) > 0 and all(x['properties']['cases'] == truth.get(x['properties']['code'], 0) for x in f)
assert sum(x['properties']['cases'] for x in f) == sum(truth.values())
assert any(x['properties']['z'] > 1.96 for x in f)
\""
refuses "hotspots refuses a bad category" 64 "Error: --category is a code prefix such as E01, C0102 or 01
Usage: citygrid hotspots [--db <db>] [--month <month>] [--period <period>] [--category <category>] [--format <format>] [--top <top>] [--lang <lang>] [--out <out>]
  See 'citygrid hotspots --help' for more information." "$CG" hotspots --db "$DB" --month 2026-10 --category Z99
check "trends: the quarter's total equals the export's and every breakdown sums to it" "${SH[@]}" "'$CG' analyze trends --db '$DB' --period 2026-Q3 --format json | python3 -c '
import csv, datetime, json, sys
d = json.load(sys.stdin)
month = lambda t: (datetime.datetime.fromisoformat(t.replace(\"Z\", \"+00:00\")) + datetime.timedelta(hours=8)).strftime(\"%Y-%m\")
truth = sum(month(r[\"reported_at\"]) in (\"2026-07\", \"2026-08\", \"2026-09\") for r in csv.DictReader(open(\"$WORK/cases.csv\", encoding=\"utf-8\")))
assert len(d[\"by_hour\"]) == 24 and len(d[\"by_weekday\"]) == 7 and len(d[\"daily\"][\"counts\"]) == 92, (len(d[\"by_hour\"]), len(d[\"by_weekday\"]), len(d[\"daily\"][\"counts\"]))
assert d[\"monthly\"][\"labels\"] == [\"2026-07\", \"2026-08\", \"2026-09\"], d[\"monthly\"][\"labels\"]
sums = [d[\"total\"], sum(d[\"by_hour\"]), sum(d[\"by_weekday\"]), sum(d[\"daily\"][\"counts\"]), sum(d[\"monthly\"][\"counts\"])]
assert truth > 0 and sums == [truth] * 5, (truth, sums)
'"
check "recurring problems: the header and ten ranked themes" "${SH[@]}" "'$CG' analyze recurring --db '$DB' --month 2026-10 --months 3 --lang en > '$WORK/recurring.txt'
  python3 - '$WORK/recurring.txt' << 'PY'
import re, sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
assert re.fullmatch(r'2026-07 to 2026-10, [1-9][0-9]* cases; proposed themes:', lines[0]), lines[0]
assert lines[1] == 'Rank\tTheme\tCases\tGrowth\tMonths recurring\tNext month', lines[1]
rows = [l.split('\t') for l in lines[2:]]
assert len(rows) == 10 and [r[0] for r in rows] == [str(i) for i in range(1, 11)], lines
assert all(len(r) == 6 and int(r[2]) > 0 and re.fullmatch(r'[0-3]/3', r[4]) for r in rows), rows
PY"
check "time-to-close: the header, and the month's closed cases counted and averaged as in the export" "${SH[@]}" "'$CG' analyze time-to-close --db '$DB' --period 2026-10 > '$WORK/ttc.txt'
  python3 - '$WORK/ttc.txt' '$WORK/cases.csv' << 'PY'
import csv, datetime, sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
assert lines[0] == '分组\t结案数\t均值(h)\t中位(h)\tP90(h)\tP95(h)', lines[0]
parse = lambda t: datetime.datetime.fromisoformat(t.replace('Z', '+00:00'))
hours = [(parse(r['closed_at']) - parse(r['reported_at'])).total_seconds() / 3600 for r in csv.DictReader(open(sys.argv[2], encoding='utf-8'))
         if r['closed_at'] and (parse(r['reported_at']) + datetime.timedelta(hours=8)).strftime('%Y-%m') == '2026-10']
assert hours, 'no closed case in 2026-10'
row = lines[1].split('\t')
assert row[:3] == ['全部', str(len(hours)), '%.1f' % (sum(hours) / len(hours))], (row, len(hours), sum(hours) / len(hours))
for l in lines[1:]:
    f = l.split('\t')
    assert len(f) == 6 and float(f[3]) <= float(f[4]) <= float(f[5]), l
PY"
check "exported grids import back" "${SH[@]}" "'$CG' init --db '$WORK/real.sqlite' > /dev/null
  [ \"\$('$CG' import grids --db '$WORK/real.sqlite' '$WORK/grids.geojson' 2>&1)\" = 'Imported 20480 grids in 386 regions from $WORK/grids.geojson.' ]
  '$CG' export grids --db '$WORK/real.sqlite' > '$WORK/real.geojson'
  [ -s '$WORK/real.geojson' ] && cmp '$WORK/real.geojson' '$WORK/grids.geojson'"
python3 - "$WORK/grids.geojson" "$WORK/bad.geojson" << 'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["features"][:50]
f[3]["properties"]["code"] = f[2]["properties"]["code"]          # duplicate
f[5]["properties"]["code"] = "12345"                             # malformed
f[7]["geometry"]["coordinates"][0] = f[7]["geometry"]["coordinates"][0][:2]  # too short
json.dump({"type": "FeatureCollection", "features": f}, open(sys.argv[2], "w"))
PY
refuses "a bad grid file is refused, feature by feature" 65 "The grid file was refused (3 problems; nothing was imported):
  - feature 3 (910101001001003): duplicate code, first used by feature 2
  - feature 5 (12345): code \"12345\" is not a 15-digit grid code (6-digit admin code, then 3-digit subdistrict, community and serial, none all zeros)
  - feature 7 (910101001001008): ring 0 is not closed (GeoJSON rings repeat their first position at the end, 4 positions at least)" "$CG" import grids --db "$WORK/real.sqlite" "$WORK/bad.geojson"
check "a refused import leaves the grids as they were" "${SH[@]}" "'$CG' export grids --db '$WORK/real.sqlite' > '$WORK/real2.geojson' && [ -s '$WORK/real2.geojson' ] && cmp '$WORK/real2.geojson' '$WORK/grids.geojson'"
refuses "a missing file is a clear error" 64 "Error: Cannot read $WORK/nope.geojson
$ROOT_USAGE" "$CG" import grids --db "$WORK/real.sqlite" "$WORK/nope.geojson"
check "catalogue exports and re-imports, unchanged" "${SH[@]}" "'$CG' export catalogue --db '$DB' > '$WORK/cat.json'
  [ -s '$WORK/cat.json' ]
  [ \"\$('$CG' import catalogue --db '$DB' '$WORK/cat.json' 2>&1)\" = 'Imported 137 catalogue classes.' ]
  '$CG' export catalogue --db '$DB' > '$WORK/cat2.json' && cmp '$WORK/cat2.json' '$WORK/cat.json'"
echo '{"utc_offset_seconds": 28800, "work_periods": ["12:00-09:00"]}' > "$WORK/badcal.json"
refuses "a bad calendar is refused" 1 "Error: invalid_calendar (work_periods[0]): Invalid calendar file: Not an HH:mm-HH:mm period: 12:00-09:00" "$CG" import calendar --db "$DB" "$WORK/badcal.json"
check "user add, then a token for the new user" "${SH[@]}" "[ \"\$('$CG' user add --db '$DB' --role inspector --jurisdiction 910101 --name 'E2E 巡查员' e2e-inspector 2>&1)\" = 'Added e2e-inspector (inspector), id 490.' ]
  out=\$('$CG' user token --db '$DB' e2e-inspector 2> /dev/null)
  [ \"\$(printf '%s\n' \"\$out\" | wc -l)\" -eq 1 ] && printf '%s\n' \"\$out\" | grep -Exq 'cg_[0-9a-f]{64}'"
refuses "user add refuses an unknown jurisdiction" 64 "Error: --jurisdiction: 999999 is not a region of the city
$ROOT_USAGE" "$CG" user add --db "$DB" --role inspector --jurisdiction 999999 nobody
# A new grid version that keeps every grid in use replaces the grids with the cases in place; one that
# drops a grid which cases or components name is refused (and changes nothing) without --force.
python3 - "$WORK/grids.geojson" "$WORK/fewer.geojson" "$DB" "$WORK/fewer.expected" <<'PY'
import json, sqlite3, sys
grids = json.load(open(sys.argv[1]))
dropped = grids["features"][0]["properties"]["code"]
grids["features"] = grids["features"][1:]
json.dump(grids, open(sys.argv[2], "w"), ensure_ascii=False)
db = sqlite3.connect(sys.argv[3])
cases = db.execute("SELECT COUNT(*) FROM cases WHERE grid_code = ?", (dropped,)).fetchone()[0]
components = db.execute("SELECT COUNT(*) FROM components WHERE grid_code = ?", (dropped,)).fetchone()[0]
assert cases + components > 0, f"no case or component names {dropped}: the check would prove nothing"
open(sys.argv[4], "w").write(f"Error: grids_in_use (force): {cases} cases and {components} components refer to grids the new version drops (1, such as {dropped}); --force deletes every case and component")
PY
refuses "import grids refuses to drop grids in use" 1 "$(cat "$WORK/fewer.expected")" "$CG" import grids --db "$DB" "$WORK/fewer.geojson"
check "a new grid version keeps the cases in place" "${SH[@]}" "[ \"\$('$CG' import grids --db '$DB' '$WORK/grids.geojson' 2>&1)\" = 'Imported 20480 grids in 386 regions from $WORK/grids.geojson.' ]
  python3 -c \"import sqlite3; db = sqlite3.connect('$DB'); n = db.execute('SELECT COUNT(*) FROM cases').fetchone()[0]; assert n == 3000, n\""
echo '[{"code":"D-NEW","name_zh":"新部门","name_en":"New Department","kind":"department","responsibilities":["water"]}]' > "$WORK/orgs.json"
check "import organisations" "${SH[@]}" "[ \"\$('$CG' import organisations --db '$DB' '$WORK/orgs.json' 2>&1)\" = 'Imported 1 organisations.' ]"
echo '[{"category_prefix":"C01","region_prefix":"","department_code":"NOPE"}]' > "$WORK/rules.json"
refuses "import routing names the unknown body" 1 "Error: invalid_field ([0].department_code): Rule 0: no organisation NOPE" "$CG" import routing --db "$DB" "$WORK/rules.json"
refuses_like "an export that cannot be written fails cleanly" 1 "Error: cannot_write \(out\): Writing the export failed: .*No space left on device.*" "${SH[@]}" "'$CG' export catalogue --db '$DB' > /dev/full"
refuses "an export into a missing folder fails cleanly" 1 "Error: cannot_write (out): Cannot write $WORK/no/such/dir/grids.geojson" "$CG" export grids --db "$DB" --out "$WORK/no/such/dir/grids.geojson"
# The closed loop from the command line: any action as a user, refusals with their reason, the clock.
CASE_ID=$(awk -F, '$13 == "dispatched" { print $1; exit }' "$WORK/cases.csv")
CASE_NO=$(awk -F, -v id="$CASE_ID" '$1 == id { print $2; exit }' "$WORK/cases.csv")
DEPT=$(awk -F, -v id="$CASE_ID" '$1 == id { print tolower($10); exit }' "$WORK/cases.csv")
"$CG" case show --db "$DB" --lang en "$CASE_ID" > "$WORK/show.txt"
check "case show prints the case and its log, as in the export" python3 - "$WORK/show.txt" "$WORK/cases.csv" "$CASE_ID" << 'PY'
import csv, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
case = next(r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")) if r["case_id"] == sys.argv[3])
log = [l for l in lines if re.match(r"  [0-9]+\. ", l)]
assert lines[0] == f"{case['case_number']}  Dispatched (dispatched)  v{len(log)}", (lines[0], len(log))
assert [int(l.split(".")[0]) for l in log] == list(range(1, len(log) + 1)), log
assert re.fullmatch(re.escape(f"  1. {case['reported_at']} Report [") + r"[a-z_]+ #[0-9]+\] - → reported · [a-z_]+", log[0]), log[0]
assert re.fullmatch(re.escape(f"  {len(log)}. {case['dispatched_at']} Dispatch [dispatcher #") + r"[0-9]+\] filed → dispatched( · .*)?", log[-1]), log[-1]
print(lines[0])
PY
V=$(head -n 1 "$WORK/show.txt" | awk '{ print substr($NF, 2) }')
refuses "a citizen may not dispose" 1 "Error: role_not_allowed (action): The role citizen may not take dispose" "$CG" case act --db "$DB" --as citizen1 "$CASE_ID" dispose --note done
refuses "an extension needs hours" 1 "Error: invalid_field (hours): hours must be a number of working hours above 0 and at most 2,000" "$CG" case act --db "$DB" --as "handler-$DEPT" "$CASE_ID" request_extension --note parts
check "request and approve an extension" "${SH[@]}" "[ \"\$('$CG' case act --db '$DB' --as 'handler-$DEPT' $CASE_ID request_extension --note parts --hours 6 2>&1)\" = '$CASE_NO: extension_requested v$((V + 1))' ]
  [ \"\$('$CG' case act --db '$DB' --as dispatcher1 $CASE_ID approve_extension 2>&1)\" = '$CASE_NO: dispatched v$((V + 2))' ]"
check "supervise and reply" "${SH[@]}" "[ \"\$('$CG' case act --db '$DB' --as leader $CASE_ID supervise --note '请尽快处置' 2>&1)\" = '$CASE_NO: dispatched v$((V + 3))' ]
  [ \"\$('$CG' case act --db '$DB' --as 'handler-$DEPT' $CASE_ID reply --note '已安排' 2>&1)\" = '$CASE_NO: dispatched v$((V + 4))' ]"
alerts() { python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT COUNT(*) FROM change_log WHERE kind = 'case_alerted'\").fetchone()[0])" "$DB"; }
clock_scans() {  # the first scan raises alerts, each logged once; a second scan at the same moment raises none
  local before first second n
  before=$(alerts) || return 1
  first=$("$CG" clock --db "$DB" --now 2027-06-01T00:00:00Z 2>&1) || return 1
  printf '%s\n' "$first" | grep -Exq 'clock: [0-9]+ warned, [0-9]+ escalated in [0-9.]+ s' || { echo "first scan: $first"; return 1; }
  n=$(printf '%s\n' "$first" | awk '{ print $2 + $4 }')
  [ "$(printf '%s\n' "$first" | awk '{ print $4 }')" -gt 0 ] || { echo "first scan escalated nothing: $first"; return 1; }
  [ "$(alerts)" -eq $((before + n)) ] || { echo "$n alerts raised, $(alerts) - $before in the change log"; return 1; }
  second=$("$CG" clock --db "$DB" --now 2027-06-01T00:00:00Z 2>&1) || return 1
  printf '%s\n' "$second" | grep -Exq 'clock: 0 warned, 0 escalated in [0-9.]+ s' || { echo "second scan: $second"; return 1; }
  [ "$(alerts)" -eq $((before + n)) ] || { echo "the second scan logged alerts"; return 1; }
}
check "the clock scans (and a second scan raises nothing new)" clock_scans
check "export and re-import the workflow, unchanged" "${SH[@]}" "'$CG' export workflow --db '$DB' > '$WORK/workflow.json'
  [ -s '$WORK/workflow.json' ]
  [ \"\$('$CG' import workflow --db '$DB' '$WORK/workflow.json' 2>&1)\" = 'Imported the workflow: 18 states, 47 actions.' ]
  '$CG' export workflow --db '$DB' > '$WORK/workflow2.json' && cmp '$WORK/workflow2.json' '$WORK/workflow.json'"
python3 - "$WORK/workflow.json" "$WORK/badworkflow.json" << 'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for a in d["actions"]:
    if a["name"] == "resume":
        a["from"] = ["dispatched"]   # nothing leaves "suspended" any more
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
refuses "a workflow with a dead end is refused" 1 "Error: invalid_workflow (states[9]): Invalid workflow definition: state suspended is a dead end: no path leads from it to a terminal state" "$CG" import workflow --db "$DB" "$WORK/badworkflow.json"
echo '{"version":1,"majors":[],"minors":[{"kind":"event"}]}' > "$WORK/badcat.json"
refuses "a bad catalogue names the field" 1 "Error: invalid_catalogue (minors[0].major): The catalogue file cannot be read: missing field major" "$CG" import catalogue --db "$DB" "$WORK/badcat.json"

# Durability: every case the server acknowledged is there after the server is killed (-9).
BEFORE_MAX=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT MAX(id) FROM cases').fetchone()[0])" "$DB")
PORT=$((20000 + RANDOM % 20000))
"$CG" serve --db "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break; sleep 0.2; done
check "the server answers /healthz with exactly 200 and {\"status\":\"ok\"}" "${SH[@]}" "[ \"\$(curl -s -w ' %{http_code}' 'http://127.0.0.1:$PORT/healthz')\" = '{\"status\":\"ok\"} 200' ]"
# The mechanism, on the debug build the tests use (5 s); the 1-second figure is the release build's
# (BENCHMARKS.md) and LiveConfigurationTests' on the small city.
check "an import beside the running server is taken up without a restart" python3 - "$CG" "$DB" "$WORK/grids.geojson" "$PORT" <<'PY'
import json, subprocess, sys, time, urllib.request
cg, db, grids, port = sys.argv[1:]
def version():
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/city") as r:
        return json.load(r)["configuration_version"]
before = version()
subprocess.run([cg, "import", "grids", "--db", db, grids], check=True, capture_output=True)
imported = time.monotonic()
while (now := version()) == before:
    assert time.monotonic() - imported < 5.0, "the new version was not taken up within 5 s"
    time.sleep(0.02)
assert now == before + 1, (before, now)
PY
TOKEN=$("$CG" user token --db "$DB" intake1 2> /dev/null)
printf '%s\n' "$TOKEN" | grep -Exq 'cg_[0-9a-f]{64}'
LONLAT=$(python3 -c "import json; f=json.load(open('$WORK/grids.geojson'))['features'][100]['geometry']['coordinates'][0]; print(sum(p[0] for p in f[:-1])/(len(f)-1), sum(p[1] for p in f[:-1])/(len(f)-1))")
set -- $LONLAT
# More requests than the server can answer in 1.5 s, so that the kill lands while some are in flight;
# each line of codes.txt is "REQUEST STATUS", each answer body in resp/REQUEST.json.
POSTS=6000
mkdir "$WORK/resp"
seq 1 "$POSTS" | xargs -P 16 -I{} curl -s -o "$WORK/resp/{}.json" -w "{} %{http_code}\n" -X POST "http://127.0.0.1:$PORT/api/v1/cases" \
  -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
  -d "{\"category\":\"E0102\",\"description\":\"e2e {}\",\"location\":{\"lon\":$1,\"lat\":$2}}" > "$WORK/codes.txt" &
POSTER=$!
sleep 1.5
{ kill -9 "$SERVER_PID"; wait "$SERVER_PID"; } 2> /dev/null || true; SERVER_PID=   # wait: reap it quietly (status 137)
# xargs exits 123 when some curl failed (the requests after the kill), 0 when none did.
POSTER_STATUS=0; wait "$POSTER" || POSTER_STATUS=$?
check "acknowledged cases survive kill -9: every 201's case is stored as posted" python3 - "$DB" "$WORK/codes.txt" "$WORK/resp" "$POSTS" "$BEFORE_MAX" "$POSTER_STATUS" << 'PY'
import json, os, sqlite3, sys
db, codes_path, resp, posts, before_max, poster_status = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
codes = {}
for line in open(codes_path).read().splitlines():
    n, code = line.split(" ")
    assert n not in codes, f"request {n} answered twice"
    codes[n] = code
assert sorted(codes, key=int) == [str(i) for i in range(1, posts + 1)], f"{len(codes)} status lines for {posts} requests"
assert set(codes.values()) <= {"201", "000"}, sorted(set(codes.values()))
acked = [n for n, c in codes.items() if c == "201"]
refused = len(codes) - len(acked)
assert acked, "nothing was acknowledged before the kill"
assert refused > 0, "every request was answered before the kill: it tested nothing in flight"
assert poster_status == 123, f"xargs exited {poster_status}, not 123 (some curl failed)"
c = sqlite3.connect(db)
new = dict(c.execute("SELECT id, description FROM cases WHERE id > ?", (before_max,)).fetchall())
stored_posts = set(new.values())
for n in acked:
    assert f"e2e {n}" in stored_posts, f"request {n} was acknowledged but is not stored"
    try:
        body = json.load(open(os.path.join(resp, n + ".json")))
    except ValueError:
        continue  # an answer cut by the kill after its status line: its case is checked above
    assert new.get(body["id"]) == f"e2e {n}", (n, body["id"], new.get(body["id"]))
posted = sorted(int(d.split(" ")[1]) for d in new.values())
assert len(posted) == len(set(posted)) and all(1 <= p <= posts for p in posted), "a case stored twice or never posted"
assert len(acked) <= len(new) <= posts, (len(acked), len(new))
print(f"{len(acked)} acknowledged, {len(new)} stored, {refused} not answered")
open(os.path.join(os.path.dirname(codes_path), "durability.txt"), "w").write(f"{len(new)} {len(acked)}\n")
PY
sed 's/^/       /' "$WORK/last.log"
read -r STORED ACKED < "$WORK/durability.txt" || { STORED=-1; ACKED=0; }
check "the database is consistent after kill -9" "${SH[@]}" "'$CG' evaluate --db '$DB' --month 2026-10 > /dev/null"
# SQLite's own integrity check must say exactly "ok"; nothing half-written: every case has its first
# event and its change-log entry, and no more cases than requests were stored.
check "integrity check, events and change log agree after kill -9" python3 - "$DB" "$STORED" "$ACKED" "$POSTS" <<'PY'
import sqlite3, sys
db, stored, acked, posts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
c = sqlite3.connect(db)
rows = c.execute("PRAGMA integrity_check").fetchall()
assert rows == [("ok",)], rows
orphans = c.execute("SELECT COUNT(*) FROM cases WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id)").fetchone()[0]
assert orphans == 0, f"{orphans} cases without an event"
cases = c.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
logged = c.execute("SELECT COUNT(DISTINCT case_id) FROM change_log WHERE kind = 'case_reported'").fetchone()[0]
assert logged == cases, f"{cases} cases, {logged} reported in the change log"
assert cases == 3000 + stored, (cases, stored)
assert 0 < acked <= stored <= posts, (acked, stored)
print(f"ok: {cases} cases, {acked} acknowledged, {stored} new")
PY

printf 'grid_code,cases,z\n' > "$WORK/header-only.csv"; : > "$WORK/empty.csv"; printf 'grid_code,cases,z\n910101001001001,1,0.5\n' > "$WORK/one.csv"
refuses "compare-anchor refuses a file without data rows" 2 "compare-anchor: $WORK/header-only.csv holds no data row: nothing to compare" python3 "$(dirname "$0")/compare-anchor.py" gi "$WORK/header-only.csv" "$WORK/one.csv"
refuses "compare-anchor refuses an empty anchor file" 2 "compare-anchor: $WORK/empty.csv holds no data row: nothing to compare" python3 "$(dirname "$0")/compare-anchor.py" gi "$WORK/one.csv" "$WORK/empty.csv"
check "compare-anchor passes equal files and fails a differing one" "${SH[@]}" "python3 '$(dirname "$0")/compare-anchor.py' gi '$WORK/one.csv' '$WORK/one.csv' > /dev/null
  printf 'grid_code,cases,z\n910101001001001,1,0.6\n' > '$WORK/other.csv'
  status=0; python3 '$(dirname "$0")/compare-anchor.py' gi '$WORK/one.csv' '$WORK/other.csv' > /dev/null || status=\$?
  [ \"\$status\" -eq 1 ]"

check "export open-data writes one public row per case under its exact header, with no reporter column" python3 - "$CG" "$DB" <<'PY'
import csv, io, sqlite3, subprocess, sys
cg, db = sys.argv[1], sys.argv[2]
out = subprocess.run([cg, "export", "open-data", "--db", db], check=True, capture_output=True, text=True).stdout
assert out, "empty export"
rows = list(csv.reader(io.StringIO(out)))
assert rows[0] == ["id", "number", "category", "category_name_zh", "category_name_en", "group", "channel", "status", "open", "requested_at",
                   "updated_at", "expected_at", "closed_at", "agency", "agency_name_zh", "grid", "community", "subdistrict", "district", "lon", "lat",
                   "description", "reply", "photos"], rows[0]
n = sqlite3.connect(db).execute("SELECT COUNT(*) FROM cases").fetchone()[0]
assert len(rows) - 1 == n and n > 0, (len(rows) - 1, n)
assert all(r[7] in {"received", "accepted", "in_progress", "fixed", "closed", "not_accepted", "merged"} for r in rows[1:])
assert all(r[21] == "" for r in rows[1:]), "a description nobody published"
PY
# Outside clients' keys: the key on the last line, a name taken once, a revoked key listed as such.
check "apikey create prints a key on its last line and lists the client as live" python3 - "$CG" "$DB" <<'PY'
import re, subprocess, sys
cg, db = sys.argv[1], sys.argv[2]
out = subprocess.run([cg, "apikey", "create", "--db", db, "e2e-client", "--channel", "hotline"], check=True, capture_output=True, text=True).stdout
assert re.fullmatch(r"ok_[0-9a-f]{64}", out.splitlines()[-1]), out
rows = [l.split("\t") for l in subprocess.run([cg, "apikey", "list", "--db", db], check=True, capture_output=True, text=True).stdout.splitlines()]
mine = [r for r in rows if r[1] == "e2e-client"]
assert len(mine) == 1 and mine[0][2] == "hotline" and mine[0][4] == "live" and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mine[0][3]), rows
PY
refuses "apikey create refuses a name already taken" 1 "Error: duplicate_name (name): A client named e2e-client exists already" "$CG" apikey create --db "$DB" e2e-client
refuses "apikey create refuses an unknown channel" 64 "Error: --channel must be open311, hotline, citizen_app or sensor" "$CG" apikey create --db "$DB" e2e-other --channel fax
check "apikey revoke revokes once, and the list says so" python3 - "$CG" "$DB" <<'PY'
import re, subprocess, sys
cg, db = sys.argv[1], sys.argv[2]
out = subprocess.run([cg, "apikey", "revoke", "--db", db, "e2e-client"], check=True, capture_output=True, text=True).stdout
assert out == "revoked the key of e2e-client\n", out
rows = [l.split("\t") for l in subprocess.run([cg, "apikey", "list", "--db", db], check=True, capture_output=True, text=True).stdout.splitlines()]
mine = [r for r in rows if r[1] == "e2e-client"]
assert len(mine) == 1 and re.fullmatch(r"revoked \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mine[0][4]), rows
PY
refuses "apikey revoke of a revoked key is not found" 1 "Error: not_found (name): No api_key e2e-client" "$CG" apikey revoke --db "$DB" e2e-client
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
