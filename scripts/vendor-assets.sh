#!/usr/bin/env bash
# Re-fetches the vendored browser assets in Sources/CityGridServer/Resources/Public/vendor from the packages they were taken from (PyPI
# wheels and Debian's libjs-* packages, at the exact versions below), copies them into Sources/CityGridServer/Resources/Public/vendor, and
# then checks every file's SHA-256 against Sources/CityGridServer/Resources/Public/vendor/VERSIONS.md.
# Usage: scripts/vendor-assets.sh [--check]
#   --check  fetch into a temporary folder and compare, leaving Sources/CityGridServer/Resources/Public/vendor untouched
# Exits non-zero when a download fails, a file is missing or empty, a hash differs from VERSIONS.md, or
# Sources/CityGridServer/Resources/Public/vendor holds a file that VERSIONS.md does not list.
# Needs: pip, unzip, apt-get (Debian; `apt-get update` is run once if the package is not in the lists),
# dpkg-deb, sha256sum.
set -euo pipefail
cd "$(dirname "$0")/.."

# The packages, pinned: a new version must be a deliberate change here and in VERSIONS.md.
LEAFLET_WHEEL=django-js-lib-leaflet==1.9.4.1
HTMX_WHEEL=django-js-lib-htmx==2.0.3.1
ALPINE_WHEEL=django-js-lib-alpinejs==3.14.7.1
CHART_DEB=libjs-chart.js=3.9.1+~0.2.1-2

MODE=write
case "${1:-}" in
  "") ;;
  --check) MODE=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 64 ;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vendor-assets.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/wheels" "$WORK/debs" "$WORK/x"
chmod 755 "$WORK" "$WORK/debs"   # so that apt's _apt user may write the .deb there (no warning)

for w in "$LEAFLET_WHEEL" "$HTMX_WHEEL" "$ALPINE_WHEEL"; do
  pip download -q --no-deps --only-binary=:all: "$w" -d "$WORK/wheels"
done
for w in "$WORK"/wheels/*.whl; do unzip -q -o "$w" -d "$WORK/x"; done

( cd "$WORK/debs" && { apt-get download -q "$CHART_DEB" 2> /dev/null || { apt-get update -q > /dev/null && apt-get download -q "$CHART_DEB"; }; } )
for d in "$WORK"/debs/*.deb; do dpkg-deb -x "$d" "$WORK/x"; done

# The wheels' own RECORD files list a SHA-256 for each file: check what unzip gave us against them.
python3 - "$WORK/x" << 'PY'
import base64, csv, glob, hashlib, os, sys
root, n = sys.argv[1], 0
for record in glob.glob(os.path.join(root, "*.dist-info", "RECORD")):
    for path, digest, _size in csv.reader(open(record)):
        if not digest:
            continue
        algo, want = digest.split("=", 1)
        got = base64.urlsafe_b64encode(hashlib.new(algo, open(os.path.join(root, path), "rb").read()).digest()).rstrip(b"=").decode()
        assert got == want, f"{path}: {algo} {got} is not the wheel RECORD's {want}"
        n += 1
assert n > 0, "no wheel RECORD entry checked"
print(f"vendor-assets: {n} files match their wheels' RECORD hashes")
PY

X=$WORK/x
if [ "$MODE" = write ]; then OUT=Sources/CityGridServer/Resources/Public/vendor; else OUT=$WORK/out; fi
# DESTINATION <- SOURCE (inside the extracted packages)
copy() { mkdir -p "$(dirname "$OUT/$1")"; cp "$X/$2" "$OUT/$1"; chmod 644 "$OUT/$1"; }
L=js_lib_leaflet/static/js_lib_leaflet
copy leaflet/leaflet.js                "$L/leaflet.js"
copy leaflet/leaflet.css               "$L/leaflet.css"
for img in layers-2x.png layers.png marker-icon-2x.png marker-icon.png marker-shadow.png; do
  copy "leaflet/images/$img"           "$L/images/$img"
done
copy leaflet/LICENSE                   django_js_lib_leaflet-1.9.4.1.dist-info/LICENSE
copy htmx/htmx.min.js                  js_lib_htmx/static/htmx/htmx.min.js
copy htmx/LICENSE                      django_js_lib_htmx-2.0.3.1.dist-info/LICENSE
copy alpine/alpine.min.js              js_lib_alpinejs/static/js_lib_alpinejs/alpine.min.js
copy alpine/LICENSE                    django_js_lib_alpinejs-3.14.7.1.dist-info/LICENSE
copy chartjs/chart.umd.min.js          usr/share/javascript/chart.js/chart.min.js
copy chartjs/LICENSE                   usr/share/doc/libjs-chart.js/copyright

# Every row of VERSIONS.md's table whose third cell is a `path` names a file and its SHA-256 (fifth cell).
python3 - Sources/CityGridServer/Resources/Public/vendor/VERSIONS.md "$OUT" "$MODE" << 'PY'
import hashlib, os, sys
versions, out, mode = sys.argv[1:]
want = {}
for line in open(versions, encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if line.startswith("|") and len(cells) >= 6 and cells[2].startswith("`") and len(cells[4].strip("`")) == 64:
        path = cells[2].strip("`")
        assert path not in want, f"VERSIONS.md lists {path} twice"
        want[path] = cells[4].strip("`")
assert want, "VERSIONS.md lists no file"
bad = ok = 0
for path, sha in sorted(want.items()):
    full = os.path.join(out, path)
    if not os.path.isfile(full):
        print(f"  MISSING  {path}"); bad += 1; continue
    data = open(full, "rb").read()
    got = hashlib.sha256(data).hexdigest()
    if not data:
        print(f"  EMPTY    {path}"); bad += 1
    elif got != sha:
        print(f"  DIFFERS  {path}: {got}, VERSIONS.md says {sha}"); bad += 1
    else:
        print(f"  ok       {path}  {len(data):>7} bytes  {got}"); ok += 1
listed = set(want) | {"VERSIONS.md"}
for dirpath, _dirs, files in os.walk(out):
    for f in files:
        rel = os.path.relpath(os.path.join(dirpath, f), out)
        if rel not in listed:
            print(f"  UNLISTED {rel}"); bad += 1
where = "Sources/CityGridServer/Resources/Public/vendor" if mode == "write" else "the fresh download"
print(f"vendor-assets: {ok} of {len(want)} files in {where} match VERSIONS.md" + (f"; {bad} problem" + "s" * (bad > 1) if bad else ""))
sys.exit(1 if bad else 0)
PY
if [ "$MODE" = check ]; then
  # The fresh download matches VERSIONS.md; so must the committed copies.
  diff -rq "$OUT" Sources/CityGridServer/Resources/Public/vendor --exclude=VERSIONS.md
  echo "vendor-assets: Sources/CityGridServer/Resources/Public/vendor is byte for byte the packages' files"
fi
