#!/usr/bin/env bash
# `anyrouter vault rotate` under load: AnyRouter (SQLite) serves chat completions for ACCOUNTS
# accounts with KEYS provider keys each, while a client (bench/RotateLoad.java) sends requests on
# CONNECTIONS connections and renames a stored key every EDIT_MS (so the gateway opens rows the
# rotation is re-wrapping); ROTATE_AFTER seconds in, the rotation runs as a separate process,
# exactly as an operator would run it. Reports how many requests failed (any non-200) and how long
# the rotation took; fails unless none failed and the key file ends with one version.
#
#   ./bench/rotate.sh
#   ACCOUNTS=50 KEYS=4 SECONDS_TOTAL=30 CONNECTIONS=32 ./bench/rotate.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ACCOUNTS=${ACCOUNTS:-20}
KEYS=${KEYS:-2}
SECONDS_TOTAL=${SECONDS_TOTAL:-20}
ROTATE_AFTER=${ROTATE_AFTER:-4}
CONNECTIONS=${CONNECTIONS:-16}
EDIT_MS=${EDIT_MS:-20}

need_tools curl python3 jq
build_once
MOCK_PORT=$(free_port); GW_PORT=$(free_port)
start_mock "$MOCK_PORT"
start_gateway "$GW_PORT"
DATA="$WORK/data-gw"

say "bench: $ACCOUNTS accounts with $KEYS provider keys each"
: >"$WORK/keys"
for a in $(seq 1 "$ACCOUNTS"); do
  api=$(curl -fsS "$GW/api/v1/auth/signup" -H 'content-type: application/json' \
    -d "{\"email\":\"rotate$a@example.com\",\"password\":\"$BENCH_PASSWORD\"}" | jq -r .api_key)
  for k in $(seq 1 "$KEYS"); do
    id=$(curl -fsS "$GW/api/v1/byok" -H "authorization: Bearer $api" -H 'content-type: application/json' \
      -d "{\"provider\":\"openai\",\"key\":\"sk-rotate-$a-$k-0000000000000000\",\"alias\":\"k$k\",\"base_url\":\"$MOCK/v1\"}" | jq -r .id)
    echo "$api $id" >>"$WORK/keys"
  done
done
JAVA="$JAVA_HOME/bin/java"
say "bench: load for ${SECONDS_TOTAL} s on $CONNECTIONS connections, a key renamed every $EDIT_MS ms; the rotation starts at ${ROTATE_AFTER} s"
"$JAVA" -XX:+UseSerialGC "$BENCH_DIR/RotateLoad.java" "$GW_PORT" "$WORK/keys" "$SECONDS_TOTAL" "$CONNECTIONS" "$EDIT_MS" \
  >"$WORK/load.out" 2>&1 &
LOAD=$!; STARTED+=($LOAD)
sleep "$ROTATE_AFTER"
(cd "$ROOT" && ./anyrouter vault status --data "$DATA") >"$WORK/status-before.out" 2>&1 || true
rotate_start=$(date +%s.%N)
rotate_rc=0
(cd "$ROOT" && ./anyrouter vault rotate --data "$DATA") >"$WORK/rotate.out" 2>&1 || rotate_rc=$?
rotate_end=$(date +%s.%N)
wait "$LOAD" || true
(cd "$ROOT" && ./anyrouter vault status --data "$DATA") >"$WORK/status-after.out" 2>&1 || true

say "--- before the rotation"; cat "$WORK/status-before.out" >&2
say "--- the rotation (exit $rotate_rc, $(python3 -c "print(f'{$rotate_end-$rotate_start:.1f}')") s, JVM start included)"; cat "$WORK/rotate.out" >&2
say "--- after"; cat "$WORK/status-after.out" >&2
say "--- the load"; grep -E '^(FAILED|RESULT)' "$WORK/load.out" >&2 || cat "$WORK/load.out" >&2
say "bench: the gateway reloaded the key file $(grep -c 'master key reloaded' "$WORK/gw.log" || true) times"
result=$(grep '^RESULT' "$WORK/load.out")
failed=$(sed -n 's/.* failed=\([0-9]*\) .*/\1/p' <<<"$result")
failed_edits=$(sed -n 's/.* failed_edits=\([0-9]*\) .*/\1/p' <<<"$result")
versions=$(grep -c '^version' "$WORK/status-after.out" || true)
[ "$rotate_rc" = 0 ] || die "the rotation failed (exit $rotate_rc)"
[ "$failed" = 0 ] && [ "$failed_edits" = 0 ] || die "$failed requests and $failed_edits edits failed during the rotation"
[ "$versions" = 1 ] || die "the key file ends with $versions versions, not 1"
say "bench: rotation under load: 0 failed requests, 0 failed edits; one master key version left"
