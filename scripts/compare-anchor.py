#!/usr/bin/env python3
"""Compares CityGrid's figures with an anchor's, row by row (standard library only).

  compare-anchor.py kpi  CITYGRID_month_department.csv kpi_anchor.csv
  compare-anchor.py gi   citygrid_hotspot_z.csv        hotspot_z.csv

kpi: the anchor's month_department rows with a department (not-dispatched cases have none in
CityGrid's evaluation) against ours: cases exactly; closure, on-time, rework, mean disposal hours and
satisfaction (CityGrid's mean_satisfaction = the anchor's satisfaction_rate) to 1e-9 relative.
gi: z per grid to 1e-9 absolute, counts exactly. Exit 1 on any difference, and exit 2 when a file is
missing, empty or has no data row (an empty comparison proves nothing)."""
import csv
import math
import sys


def close(a, b, rel=1e-9, abs_=1e-12):
    if a == "" or b == "":
        return a == b
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_)


def kpi(ours_path, anchor_path):
    with open(ours_path, newline="", encoding="utf-8") as f:
        ours = {(r["month"], r["key"]): r for r in csv.DictReader(f)}
    with open(anchor_path, newline="", encoding="utf-8") as f:
        theirs = {(r["month"], r["key"]): r for r in csv.DictReader(f) if r["grouping"] == "month_department" and r["key"]}
    bad = 0
    for k in sorted(set(ours) | set(theirs)):
        a, b = ours.get(k), theirs.get(k)
        if a is None or b is None:
            bad += 1
            print(f"only in {'anchor' if a is None else 'CityGrid'}: {k}")
            continue
        pairs = [("cases", "cases"), ("closure_rate", "closure_rate"), ("on_time_rate", "on_time_rate"), ("rework_rate", "rework_rate"),
                 ("mean_disposal_hours", "mean_disposal_hours"), ("satisfaction_rate", "satisfaction_rate")]
        for x, y in pairs:
            same = a[x] == b[y] if x == "cases" else close(a[x], b[y])
            if not same:
                bad += 1
                if bad <= 20:
                    print(f"{k} {x}: CityGrid {a[x]} anchor {b[y]}")
    print(f"kpi: {len(theirs)} anchor rows, {len(ours)} CityGrid rows, {bad} differences")
    return bad


def gi(ours_path, anchor_path):
    with open(ours_path, newline="", encoding="utf-8") as f:
        ours = {r["grid_code"]: r for r in csv.DictReader(f)}
    with open(anchor_path, newline="", encoding="utf-8") as f:
        theirs = {r["grid_code"]: r for r in csv.DictReader(f)}
    bad, worst = 0, 0.0
    for code, b in theirs.items():
        a = ours.get(code)
        if a is None or int(float(a["cases"])) != int(float(b["cases"])):
            bad += 1
            continue
        worst = max(worst, abs(float(a["z"]) - float(b["z"])))
    bad += len(set(ours) - set(theirs))
    print(f"gi: {len(theirs)} grids, max |z CityGrid - z esda| = {worst:.2e}, {bad} grids differing in presence or count")
    return bad + (worst > 1e-9)


def refuse_empty(path):
    """Exits 2 unless `path` holds a header and at least one data row."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = sum(1 for _ in csv.DictReader(f))
    except OSError as e:
        print(f"compare-anchor: cannot read {path}: {e}", file=sys.stderr)
        sys.exit(2)
    if rows == 0:
        print(f"compare-anchor: {path} holds no data row: nothing to compare", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("kpi", "gi"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    mode, ours, anchor = sys.argv[1:4]
    refuse_empty(ours)
    refuse_empty(anchor)
    sys.exit(1 if (kpi if mode == "kpi" else gi)(ours, anchor) else 0)
