#!/usr/bin/env bash
# Where AnyRouter's request path spends its CPU: starts the mock and the gateway with a JFR
# recording (settings=profile), drives one case with wrk for a while, then prints the top
# frames of the event loops' execution samples (self time and the hottest AnyRouter/library
# frames on the stack, with bench/JfrTop.java), GC pauses and allocation by class.
#
#   ./bench/profile.sh                  # JSON at 50 connections, 20 s
#   ./bench/profile.sh stream 1 30      # mode (json|stream), connections, seconds
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
MODE=${1:-json}; CONNS=${2:-50}; SECONDS_=${3:-20}

need_tools wrk curl python3
build_once
ulimit -n 65536 2>/dev/null || true
JFR_FILE="$WORK/gateway.jfr"
export ANYROUTER_JAVA_OPTS="${ANYROUTER_JAVA_OPTS:--XX:+UseZGC -Xms64m} -XX:StartFlightRecording=name=bench,settings=profile,filename=$JFR_FILE"
MOCK_PORT=$(free_port); GW_PORT=$(free_port)
start_mock "$MOCK_PORT"
start_gateway "$GW_PORT"
signup_and_add_key
printf '{"model":"gpt-4.1-mini","stream":%s,"messages":[{"role":"user","content":"Explain in two sentences why a gateway should add little latency."}]}' \
  "$([ "$MODE" = stream ] && echo true || echo false)" >"$WORK/body"

say "bench: warming up 30 s, then profiling $MODE at $CONNS connections for $SECONDS_ s"
BENCH_BODY="$WORK/body" BENCH_AUTH="$API_KEY" wrk -t1 -c"$CONNS" -d30s -s "$BENCH_DIR/lib/post.lua" "$GW/api/v1/chat/completions" >/dev/null
"$JAVA_HOME/bin/jcmd" "$GW_PID" JFR.stop name=bench >/dev/null
"$JAVA_HOME/bin/jcmd" "$GW_PID" JFR.start name=bench settings=profile >/dev/null
thread_ticks() { # "name user system" per thread of the gateway, numbers collapsed out of names
  for t in /proc/"$GW_PID"/task/*; do
    # Fields counted after the ")" closing the thread's name, which may hold spaces ("C2 CompilerThread0").
    sed 's/^.*) //' "$t/stat" 2>/dev/null | awk -v name="$(tr -d '\n' <"$t/comm" | sed 's/[0-9]\+/N/g; s/ /_/g')" '{print name, $12, $13}'
  done | awk '{u[$1]+=$2; s[$1]+=$3} END {for (n in u) print n, u[n], s[n]}'
}
thread_ticks >"$WORK/threads.before"
before=$(cpu_ticks "$GW_PID")
BENCH_BODY="$WORK/body" BENCH_AUTH="$API_KEY" wrk -t1 -c"$CONNS" -d"${SECONDS_}"s -s "$BENCH_DIR/lib/post.lua" "$GW/api/v1/chat/completions" | grep RESULT
after=$(cpu_ticks "$GW_PID")
"$JAVA_HOME/bin/jcmd" "$GW_PID" JFR.dump name=bench filename="$JFR_FILE" >/dev/null
thread_ticks >"$WORK/threads.after"
echo "gateway CPU: $(( (after - before) * 1000 / CLK_TCK )) ms over ${SECONDS_} s; by thread (live threads; user+system ms):"
awk -v hz="$CLK_TCK" 'NR==FNR {u[$1]=$2; s[$1]=$3; next} {du=$2-u[$1]; ds=$3-s[$1]; if (du+ds>0) printf "  %-28s %7d ms user %7d ms system\n", $1, du*1000/hz, ds*1000/hz}' \
  "$WORK/threads.before" "$WORK/threads.after" | sort -k2 -nr
"$JAVA_HOME/bin/java" "$BENCH_DIR/JfrTop.java" "$JFR_FILE" 25 vert.x-eventloop
echo; "$JAVA_HOME/bin/jfr" view gc-pauses "$JFR_FILE" 2>/dev/null | head -20 || true
echo; "$JAVA_HOME/bin/jfr" view allocation-by-class "$JFR_FILE" 2>/dev/null | head -25 || true
if [ -n "${BENCH_JFR_OUT:-}" ]; then cp "$JFR_FILE" "$BENCH_JFR_OUT"; say "bench: recording copied to $BENCH_JFR_OUT"; fi
