#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis (pinned, from PyPI, in
# .venv-fuzz). Usage: scripts/fuzz-api.sh PATH/TO/citygrid
# Builds a small demo city with a few hundred simulated cases in a temporary folder, issues bearer
# tokens, starts `citygrid serve` on a free loopback port and runs schemathesis with every check
# against http://127.0.0.1:PORT/api/v1/openapi.json once per role (an administrator and a citizen: the
# widest and the narrowest reach), a bounded number of examples per operation so that the whole
# script stays within a few minutes on two cores. Prints one summary line per role and
# "N passed, M failed"; exits non-zero on any finding (a 5xx, an answer the document does not
# describe, bad input accepted, good input refused) or when the server died or logged an internal error.
set -euo pipefail
trap 'echo "fuzz-api: stopped at line $LINENO: $BASH_COMMAND" >&2' ERR
CG=${1:?usage: fuzz-api.sh PATH/TO/citygrid}
cd "$(dirname "$0")/.."
SCHEMATHESIS_VERSION=4.32.5
# Examples per operation and phase; FUZZ_EXAMPLES=200 for a longer hunt by hand.
EXAMPLES=${FUZZ_EXAMPLES:-75}
ROLES=(admin citizen1)
started=$(date +%s)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/citygrid-fuzz.XXXXXX")
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2> /dev/null; wait 2> /dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# The venv is kept between runs: installing schemathesis takes longer than a fuzz run.
if [ "$(.venv-fuzz/bin/schemathesis --version 2> /dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  echo "[fuzz] installing schemathesis $SCHEMATHESIS_VERSION into .venv-fuzz"
  python3 -m venv .venv-fuzz
  .venv-fuzz/bin/pip install -q "schemathesis==$SCHEMATHESIS_VERSION" > "$WORK/pip.log" 2>&1 || { tail -n 20 "$WORK/pip.log"; exit 1; }
fi

DB=$WORK/city.sqlite
# schemathesis' logs are kept after the run, beside the browser tests' artefacts.
ARTEFACTS=.build/fuzz-artefacts
mkdir -p "$ARTEFACTS"
echo "[fuzz] small demo city and 300 simulated cases in $WORK"
"$CG" init --db "$DB" --demo --small > "$WORK/init.log" 2>&1 || { tail -n 20 "$WORK/init.log"; exit 1; }
# Cases over the two months before a fixed date, so that periods such as 2026-10 have figures.
"$CG" simulate --db "$DB" --cases 300 --seed 4 --months 2 --end 2026-11-01T00:00:00Z > "$WORK/simulate.log" 2>&1 || { tail -n 20 "$WORK/simulate.log"; exit 1; }
declare -A TOKEN
for user in "${ROLES[@]}"; do
  TOKEN[$user]=$("$CG" user token --db "$DB" "$user")
  [[ ${TOKEN[$user]} =~ ^cg_[A-Za-z0-9_-]+$ ]] || { echo "[fuzz] no token for $user: ${TOKEN[$user]}"; exit 1; }
done

# A free loopback port: bound by the system, released, then taken by the server.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Without rate limits: the fuzzer checks answers, not how many a minute one caller may ask.
"$CG" serve --db "$DB" --port "$PORT" --media-dir "$WORK/media" --rate-citizen 0 --rate-address 0 > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  [ "$(curl -s "http://127.0.0.1:$PORT/healthz" || true)" = '{"status":"ok"}' ] && break
  kill -0 "$SERVER_PID" 2> /dev/null || { tail -n 20 "$WORK/server.log"; echo "[fuzz] the server did not start"; exit 1; }
  sleep 0.2
done
[ "$(curl -s "http://127.0.0.1:$PORT/healthz")" = '{"status":"ok"}' ] || { echo "[fuzz] the server did not answer /healthz"; exit 1; }

passed=0; failed=0
for user in "${ROLES[@]}"; do
  log=$ARTEFACTS/schemathesis-$user.log
  status=0
  # Every check (scripts/fuzz-api.toml, which says where and why positive_data_acceptance is off). One worker:
  # the server shares two cores with this script, and answers must not time out.
  .venv-fuzz/bin/schemathesis --config-file scripts/fuzz-api.toml run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
      --max-examples "$EXAMPLES" --seed 20261201 --workers 1 \
      --phases examples,coverage,fuzzing --request-timeout 30 --no-color \
      --header "Authorization: Bearer ${TOKEN[$user]}" > "$log" 2>&1 || status=$?
  # The closing line schemathesis prints, e.g. "===== 31 operations, 2 failures in 40.2s ====="
  summary=$(grep -E '^=+ .* in [0-9.]+s =+$' "$log" | tail -n 1 || true)
  if [ "$status" -eq 0 ] && [ -n "$summary" ]; then
    passed=$((passed + 1)); echo "  ok   $user: $summary"
  else
    failed=$((failed + 1)); echo "  FAIL $user (exit status $status): ${summary:-no summary} (the whole log: $ARTEFACTS/schemathesis-$user.log)"
    # Each failing operation, what failed and the request that shows it.
    grep -E '^_+ [A-Z]+ .* _+$|^ *- (ST[0-9]+ )?[A-Z][a-z].*|^ *curl |^ *Invalid component' "$log" | head -n 150 | cut -c1-240 | sed 's/^/       /'
  fi
done

# The server must have lived through it and logged no internal error.
if kill -0 "$SERVER_PID" 2> /dev/null && ! grep -q 'internal error' "$WORK/server.log"; then
  passed=$((passed + 1)); echo "  ok   the server is up and logged no internal error"
else
  failed=$((failed + 1)); echo "  FAIL the server died or logged an internal error"; grep -m 20 'internal error' "$WORK/server.log" | sed 's/^/       /' || true
fi
echo "[fuzz] $(( $(date +%s) - started )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
