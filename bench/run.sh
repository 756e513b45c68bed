#!/usr/bin/env bash
# One-command load benchmark: the mock upstream direct, nginx as a plain proxy_pass to it, and
# AnyRouter (SQLite, one account, one BYOK key on the mock; auth, routing, usage logging all on),
# each driven by wrk for JSON and SSE chat completions at 1 and 50 connections, interleaved,
# all on 127.0.0.1. Prints per case requests/s, latency percentiles, latency added over direct,
# the proxy's CPU time per request and peak RSS, AnyRouter's ratios to nginx, and checks that the
# upstream saw exactly the requests the client made.
#
#   ./bench/run.sh                       # about 10 minutes on 2 cores
#   BENCH_DURATION=20 BENCH_ROUNDS=3 ./bench/run.sh
#
# Settings (environment): BENCH_DURATION seconds per measured case (6), BENCH_ROUNDS rounds of
# every case, the table shows the median (2), BENCH_WARMUP seconds of warm-up per target and
# mode at start (5; BENCH_GATEWAY_WARMUP for AnyRouter and the floor, 40: the JIT keeps improving
# a gateway for about a minute, which would be charged to the first cases), BENCH_CONNECTIONS ("1 50"), BENCH_TTFT_RUNS streams per time-to-first-chunk
# sample (300), NGINX_WORKERS (auto), ANYROUTER_JAVA_OPTS (the launcher's default),
# BENCH_KEEP=1 keeps the temp directory (logs, raw results), BENCH_MODES ("json stream"),
# BENCH_TARGETS (which of direct, nginx, anyrouter, candidate to drive; default all there are).
#
# To measure a change, point BENCH_CANDIDATE at another checkout (e.g. a git worktree with the
# change): it is built and started as a second gateway, "candidate", driven in the same run,
# interleaved with the others, and compared with "anyrouter" (this checkout):
#   BENCH_CANDIDATE=../wt-idea BENCH_TARGETS="nginx anyrouter candidate" ./bench/run.sh
# BENCH_CANDIDATE_JAVA_OPTS gives the candidate JVM options of its own; with BENCH_CANDIDATE=.
# that compares JVM settings on the same code:
#   BENCH_CANDIDATE=. BENCH_CANDIDATE_JAVA_OPTS="-XX:+UseParallelGC -Xmx512m" ./bench/run.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DURATION=${BENCH_DURATION:-6}
ROUNDS=${BENCH_ROUNDS:-2}
WARMUP=${BENCH_WARMUP:-5}
GATEWAY_WARMUP=${BENCH_GATEWAY_WARMUP:-40}
CONNECTIONS=${BENCH_CONNECTIONS:-"1 50"}
TTFT_RUNS=${BENCH_TTFT_RUNS:-300}
RESULTS_DIR="$BENCH_DIR/results"
STAMP=$(date -u +%Y-%m-%dT%H-%M-%SZ)

CANDIDATE=${BENCH_CANDIDATE:-}
MODES=${BENCH_MODES:-"json stream"}
TARGETS=${BENCH_TARGETS:-"direct nginx floor anyrouter${CANDIDATE:+ candidate}"}
case " $TARGETS " in *" candidate "*) [ -n "$CANDIDATE" ] || die "BENCH_TARGETS names candidate but BENCH_CANDIDATE is not set" ;; esac
[ -z "$CANDIDATE" ] || CANDIDATE=$(cd "$CANDIDATE" && pwd)

need_tools wrk nginx curl python3
build_once
[ -z "$CANDIDATE" ] || build_once "$CANDIDATE"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

MOCK_PORT=$(free_port); GW_PORT=$(free_port); NGINX_PORT=$(free_port)
start_mock "$MOCK_PORT"
if [ -n "$CANDIDATE" ]; then  # started first, so "anyrouter" ends with GW, GW_PID, API_KEY of its own
  CAND_PORT=$(free_port)
  ANYROUTER_JAVA_OPTS="${BENCH_CANDIDATE_JAVA_OPTS:-${ANYROUTER_JAVA_OPTS:-}}" start_gateway "$CAND_PORT" "$CANDIDATE" candidate
  signup_and_add_key
  CAND_PID=$GW_PID; CAND_KEY=$API_KEY; CAND_DB=$GW_DB; CAND=$GW
  say "bench: candidate $CANDIDATE :$CAND_PORT (java pid $CAND_PID)"
fi
start_gateway "$GW_PORT"
start_nginx "$NGINX_PORT" "$MOCK_PORT"
case " $TARGETS " in *" floor "*) FLOOR_PORT=$(free_port); start_floor "$FLOOR_PORT" "$MOCK_PORT" ;; esac
signup_and_add_key
say "bench: mock :$MOCK_PORT (pid $MOCK_PID), AnyRouter :$GW_PORT (java pid $GW_PID), nginx :$NGINX_PORT (master $NGINX_PID)"

# The same bodies for every target: a bare model id, which AnyRouter places on openai.
MESSAGES='[{"role":"system","content":"You are a concise assistant. Answer in one short paragraph."},{"role":"user","content":"Explain in two sentences why a gateway in front of LLM providers should add as little latency as possible."}]'
printf '{"model":"gpt-4.1-mini","messages":%s,"temperature":0.2,"max_tokens":200}' "$MESSAGES" >"$WORK/json.body"
printf '{"model":"gpt-4.1-mini","stream":true,"messages":%s,"temperature":0.2,"max_tokens":200}' "$MESSAGES" >"$WORK/stream.body"

target_port() { case $1 in direct) echo "$MOCK_PORT" ;; nginx) echo "$NGINX_PORT" ;; floor) echo "$FLOOR_PORT" ;; anyrouter) echo "$GW_PORT" ;; candidate) echo "$CAND_PORT" ;; esac; }
target_path() { case $1 in anyrouter|candidate) echo /api/v1/chat/completions ;; *) echo /v1/chat/completions ;; esac; }
target_url() { echo "http://127.0.0.1:$(target_port "$1")$(target_path "$1")"; }
target_auth() { case $1 in anyrouter) echo "$API_KEY" ;; candidate) echo "$CAND_KEY" ;; *) echo "$PROVIDER_KEY" ;; esac; }
proxy_pids() { case $1 in direct) echo "" ;; nginx) nginx_pids ;; floor) echo "$FLOOR_PID" ;; anyrouter) echo "$GW_PID" ;; candidate) echo "$CAND_PID" ;; esac; }

GATEWAY_UPSTREAM_TOTAL=0  # every upstream request made through AnyRouter: must equal its usage records
CANDIDATE_UPSTREAM_TOTAL=0
settle_and_count() { # target: waits for in-flight requests, sets UPSTREAM_SEEN to the mock's count
  sleep 0.4
  UPSTREAM_SEEN=$(mock_count)
  if [ "$1" = anyrouter ]; then GATEWAY_UPSTREAM_TOTAL=$((GATEWAY_UPSTREAM_TOTAL + UPSTREAM_SEEN)); fi
  if [ "$1" = candidate ]; then CANDIDATE_UPSTREAM_TOTAL=$((CANDIDATE_UPSTREAM_TOTAL + UPSTREAM_SEEN)); fi
}

wrk_run() { # target mode connections seconds -> RESULT line
  BENCH_BODY="$WORK/$2.body" BENCH_AUTH=$(target_auth "$1") \
    wrk -t1 -c"$3" -d"$4"s --timeout 10s -s "$BENCH_DIR/lib/post.lua" "$(target_url "$1")" >"$WORK/wrk.out" 2>&1 \
    || { cat "$WORK/wrk.out" >&2; die "wrk failed"; }
  grep '^RESULT' "$WORK/wrk.out" || { cat "$WORK/wrk.out" >&2; die "wrk printed no result"; }
}

RAW="$WORK/cases.tsv"
printf 'round\tmode\tconns\ttarget\trequests\tduration_us\tnon2xx\tsocket_errors\tp50\tp90\tp99\tproxy_cpu_ticks\tmock_cpu_ticks\tproxy_hwm_kib\tupstream\n' >"$RAW"
TTFT="$WORK/ttft.tsv"
printf 'round\ttarget\truns\tevents\tttfc_p50\tttfc_p90\tttfc_p99\ttotal_p50\n' >"$TTFT"
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" $2"; }

measure() { # round mode conns target
  local round=$1 mode=$2 conns=$3 target=$4 pids line before after mbefore mafter upstream
  pids=$(proxy_pids "$target")
  mock_reset; wrk_run "$target" "$mode" "$conns" 1 >/dev/null; settle_and_count "$target"  # open connections, settle
  mock_reset
  before=$(cpu_ticks $pids); mbefore=$(cpu_ticks "$MOCK_PID")
  line=$(wrk_run "$target" "$mode" "$conns" "$DURATION")
  after=$(cpu_ticks $pids); mafter=$(cpu_ticks "$MOCK_PID")
  settle_and_count "$target"; upstream=$UPSTREAM_SEEN
  local errs=$(( $(field connect "$line") + $(field read "$line") + $(field write "$line") + $(field timeout "$line") ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$conns" "$target" \
    "$(field requests "$line")" "$(field duration_us "$line")" "$(field non2xx "$line")" "$errs" \
    "$(field p50 "$line")" "$(field p90 "$line")" "$(field p99 "$line")" \
    "$((after - before))" "$((mafter - mbefore))" "$( [ -n "$pids" ] && peak_rss_kib $pids || echo 0)" "$upstream" >>"$RAW"
  say "bench: round $round $mode c=$conns $target: $(field requests "$line") requests, p50 $(field p50 "$line") µs, upstream saw $upstream"
}

ttft_run() { # round target
  local line
  mock_reset
  line=$(python3 "$BENCH_DIR/lib/ttft.py" "$(target_port "$2")" "$(target_path "$2")" "$WORK/stream.body" "$(target_auth "$2")" "$TTFT_RUNS")
  settle_and_count "$2"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$(field runs "$line")" "$(field events "$line")" \
    "$(field ttfc_p50 "$line")" "$(field ttfc_p90 "$line")" "$(field ttfc_p99 "$line")" "$(field total_p50 "$line")" >>"$TTFT"
}

say "bench: warming up (${WARMUP}s per target and mode, ${GATEWAY_WARMUP}s for gateways)"
for mode in $MODES; do
  for target in $TARGETS; do
    seconds=$WARMUP; case $target in anyrouter|candidate|floor) seconds=$GATEWAY_WARMUP ;; esac
    mock_reset; wrk_run "$target" "$mode" 50 "$seconds" >/dev/null; settle_and_count "$target"
  done
done
TTFT_ON=0; [[ " $MODES " == *" stream "* ]] && [ "$TTFT_RUNS" -gt 0 ] && TTFT_ON=1  # BENCH_TTFT_RUNS=0 skips the first-chunk samples
if [ "$TTFT_ON" = 1 ]; then for target in $TARGETS; do ttft_run 0 "$target"; done; fi  # warm-up, not reported

for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    for conns in $CONNECTIONS; do
      for target in $TARGETS; do measure "$round" "$mode" "$conns" "$target"; done
    done
  done
  if [ "$TTFT_ON" = 1 ]; then for target in $TARGETS; do ttft_run "$round" "$target"; done; fi
done

sleep 1.5  # the usage writer batches every 200 ms
usage_records() { python3 -c 'import sqlite3,sys;print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro",uri=True).execute("select count(*) from usage_records").fetchone()[0])' "$1"; }
USAGE_RECORDS=$(usage_records "$GW_DB")
CANDIDATE_USAGE_RECORDS=$([ -n "$CANDIDATE" ] && usage_records "$CAND_DB" || echo 0)

mkdir -p "$RESULTS_DIR"
REPORT="$RESULTS_DIR/run-$STAMP.txt"
{
  echo "AnyRouter load benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  machine_line
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: BENCH_DURATION=$DURATION BENCH_ROUNDS=$ROUNDS BENCH_WARMUP=$WARMUP BENCH_GATEWAY_WARMUP=$GATEWAY_WARMUP BENCH_CONNECTIONS=\"$CONNECTIONS\"${CANDIDATE:+ BENCH_CANDIDATE=$CANDIDATE} BENCH_TARGETS=\"$TARGETS\" BENCH_MODES=\"$MODES\" ./bench/run.sh"
  echo "anyrouter: $ROOT at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$([ -n "$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null)" ] && echo ' (with uncommitted changes)')"
  [ -z "$CANDIDATE" ] || echo "candidate JVM options: ${BENCH_CANDIDATE_JAVA_OPTS:-${ANYROUTER_JAVA_OPTS:--XX:+UseZGC -Xms64m (launcher default)}}"
  [ -z "$CANDIDATE" ] || echo "candidate: $CANDIDATE at $(git -C "$CANDIDATE" rev-parse --short HEAD 2>/dev/null || echo '?')$([ -n "$(git -C "$CANDIDATE" status --porcelain -- src pom.xml 2>/dev/null)" ] && echo ' (with uncommitted changes)')"
  echo "gateway JVM options: ${ANYROUTER_JAVA_OPTS:--XX:+UseZGC -Xms64m (launcher default)}"
  python3 "$BENCH_DIR/lib/report.py" "$RAW" "$TTFT" "$CLK_TCK" "$USAGE_RECORDS" "$GATEWAY_UPSTREAM_TOTAL" "$CANDIDATE_USAGE_RECORDS" "$CANDIDATE_UPSTREAM_TOTAL"
} >"$REPORT" 2>&1
status=0; grep -q '^FAIL' "$REPORT" && status=1
cp "$RAW" "$RESULTS_DIR/run-$STAMP.cases.tsv"; cp "$TTFT" "$RESULTS_DIR/run-$STAMP.ttft.tsv"
cat "$REPORT"
say "bench: report saved to ${REPORT#$ROOT/}"
exit $status
