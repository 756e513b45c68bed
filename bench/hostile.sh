#!/usr/bin/env bash
# The hostile case (issue 15): normal traffic, JSON chat completions from wrk at 50 connections,
# measured quiet and then while one client sends the worst inputs it can (bench/lib/hostile.py:
# a 300,000-id model list, a 2 MB model id and preset name, a 1 MB management body, a 5 MB body
# without credentials, back to back, while holding 500 silent and 20 trickling connections),
# interleaved over rounds. Prints each run's requests/s and latency percentiles, what the hostile
# client's requests were answered, and the normal traffic's p99 under attack as a ratio of the
# quiet one (the issue's bar: within 2x).
#
#   ./bench/hostile.sh
#   BENCH_DURATION=20 BENCH_ROUNDS=3 ./bench/hostile.sh
#
# Settings (environment): BENCH_DURATION seconds per run (10), BENCH_ROUNDS (3), BENCH_GATEWAY_WARMUP
# seconds (30), BENCH_CONNECTIONS (50), HOSTILE_SILENT (500), HOSTILE_TRICKLE (20).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-3}
GATEWAY_WARMUP=${BENCH_GATEWAY_WARMUP:-30}
CONNS=${BENCH_CONNECTIONS:-50}

need_tools wrk curl python3
build_once
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

MOCK_PORT=$(free_port); GW_PORT=$(free_port)
start_mock "$MOCK_PORT"
start_gateway "$GW_PORT"
signup_and_add_key
URL="$GW/api/v1/chat/completions"
printf '{"model":"gpt-4.1-mini","messages":[{"role":"user","content":"Explain in two sentences why a gateway should add little latency."}],"max_tokens":200}' >"$WORK/json.body"

wrk_run() { # seconds -> RESULT line
  BENCH_BODY="$WORK/json.body" BENCH_AUTH="$API_KEY" \
    wrk -t1 -c"$CONNS" -d"$1"s --timeout 10s -s "$BENCH_DIR/lib/post.lua" "$URL" >"$WORK/wrk.out" 2>&1 \
    || { cat "$WORK/wrk.out" >&2; die "wrk failed"; }
  grep '^RESULT' "$WORK/wrk.out" || { cat "$WORK/wrk.out" >&2; die "wrk printed no result"; }
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

say "bench: warming the gateway ${GATEWAY_WARMUP}s"
wrk_run "$GATEWAY_WARMUP" >/dev/null

printf 'round\tcase\treq/s\tp50 us\tp90 us\tp99 us\tnon2xx\n' >"$WORK/cases.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for case in quiet hostile; do
    if [ "$case" = hostile ]; then
      python3 "$BENCH_DIR/lib/hostile.py" 127.0.0.1 "$GW_PORT" "$API_KEY" >"$WORK/hostile.out" 2>"$WORK/hostile.err" &
      HOSTILE=$!
      # Until its bodies are built and its silent and trickling connections open (seconds on a loaded machine).
      for _ in $(seq 1 600); do grep -q '^ready' "$WORK/hostile.err" 2>/dev/null && break; sleep 0.1; done
      grep -q '^ready' "$WORK/hostile.err" || die "the hostile client did not get ready: $(tail -3 "$WORK/hostile.err")"
      sleep 1 # the first hostile bodies on their way
    fi
    line=$(wrk_run "$DURATION")
    if [ "$case" = hostile ]; then
      kill -TERM "$HOSTILE"; wait "$HOSTILE" || true
      grep -q '^HOSTILE' "$WORK/hostile.out" || die "the hostile client stopped early: $(tail -3 "$WORK/hostile.err")"
      say "bench: round $round $(cat "$WORK/hostile.out")"
    fi
    req=$(field requests "$line"); dur=$(field duration_us "$line")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$case" "$(( req * 1000000 / dur ))" "$(field p50 "$line")" \
      "$(field p90 "$line")" "$(field p99 "$line")" "$(field non2xx "$line")" >>"$WORK/cases.tsv"
  done
done

machine_line
column -t -s $'\t' "$WORK/cases.tsv"
python3 - "$WORK/cases.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
med = lambda case, col: statistics.median(float(r[col]) for r in rows if r["case"] == case)
q, h = med("quiet", "p99 us"), med("hostile", "p99 us")
print(f"median of rounds: quiet p99 {q:.0f} us, hostile p99 {h:.0f} us, ratio {h / q:.2f}x (bar: 2x); "
      f"req/s quiet {med('quiet', 'req/s'):.0f}, hostile {med('hostile', 'req/s'):.0f}")
PY
