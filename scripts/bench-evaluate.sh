#!/usr/bin/env bash
# Evaluation and hot spots: CityGrid against the anchors (shared/anchors: DuckDB, polars, esda,
# scipy), on the same export, back to back in one run, with the rows compared.
#   scripts/bench-evaluate.sh [OUT_DIR]
# Environment: CASES (10000000), HOT_GRIDS (50176), HOT_CASES (1000000), PYTHON (the anchors' venv:
# see shared/anchors/README.md), ANCHORS (../shared/anchors), CITYGRID (.build-release/release/citygrid).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/citygrid-bench-evaluate}
PY=${PYTHON:-python3}
ANCHORS=${ANCHORS:-../shared/anchors}
CG=${CITYGRID:-.build-release/release/citygrid}
[ -x "$CG" ] || swift build -c release --product citygrid --scratch-path .build-release
mkdir -p "$OUT/kpi" "$OUT/hot"
echo "[$(date +%T)] calibration"; "$PY" "$ANCHORS/_common.py" | tail -n 3
echo "[$(date +%T)] CityGrid bench evaluate (${CASES:-10000000} cases, with the export)"
"$CG" bench evaluate --cases "${CASES:-10000000}" --export "$OUT/kpi" 2> /dev/null | tee "$OUT/citygrid-evaluate.log"
echo "[$(date +%T)] kpi.py (DuckDB and polars) on the same export"
"$PY" "$ANCHORS/kpi.py" "$OUT/kpi/cases.csv" --engine all --utc-offset 8 --out "$OUT/kpi/kpi_anchor.csv" > "$OUT/kpi.log" 2>&1 || { tail -20 "$OUT/kpi.log"; exit 1; }
grep -E "median|load|agree|threads|equals" "$OUT/kpi.log" | sed 's/^/  /'
"$PY" scripts/compare-anchor.py kpi "$OUT/kpi/citygrid_month_department.csv" "$OUT/kpi/kpi_anchor.csv"
echo "[$(date +%T)] CityGrid bench hotspots (${HOT_GRIDS:-50176} grids)"
"$CG" bench hotspots --grids "${HOT_GRIDS:-50176}" --cases "${HOT_CASES:-1000000}" --export "$OUT/hot" 2> /dev/null | tee "$OUT/citygrid-hotspots.log"
echo "[$(date +%T)] hotspot.py (libpysal, esda, scipy) on the same export"
"$PY" "$ANCHORS/hotspot.py" "$OUT/hot/grids.geojson" "$OUT/hot/cases.csv" --out "$OUT/hot/hotspot_z.csv" > "$OUT/hotspot.log" 2>&1 || { tail -20 "$OUT/hotspot.log"; exit 1; }
grep -E "weights|Gi\*|neighbours|max" "$OUT/hotspot.log" | sed 's/^/  /'
"$PY" scripts/compare-anchor.py gi "$OUT/hot/citygrid_hotspot_z.csv" "$OUT/hot/hotspot_z.csv"
echo "[$(date +%T)] CityGrid again, after the anchors"
"$CG" bench evaluate --cases "${CASES:-10000000}" 2> /dev/null | grep -E "×|bytes" | sed 's/^/  /'
echo "outputs in $OUT"
