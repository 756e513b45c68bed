#!/usr/bin/env bash
# The concurrency case: N simultaneous slow SSE streams through AnyRouter (default 5,000, each a
# chunk every 100 ms for 30 s), the gateway on a 512 MB heap. Reports the gateway's heap (used,
# and live after a forced GC with every stream open), RSS and threads at the peak, and fails
# unless every stream completed (HTTP 200, all events, [DONE]).
#
#   ./bench/streams.sh
#   STREAMS=2000 STREAM_SECONDS=20 ./bench/streams.sh
#
# Settings (environment): STREAMS (5000), CHUNK_MS (100), STREAM_SECONDS (30), RAMP_SECONDS
# (10: streams are opened evenly over this time), ANYROUTER_JAVA_OPTS ("-Xmx512m -XX:+UseZGC"),
# STREAMS_TARGET=direct to drive the mock upstream itself (the baseline: what the machine, the
# client and the mock manage without the gateway), STREAMS_HISTOGRAM=1 to print the live heap
# by class at the peak.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

STREAMS=${STREAMS:-5000}
CHUNK_MS=${CHUNK_MS:-100}
STREAM_SECONDS=${STREAM_SECONDS:-30}
RAMP_SECONDS=${RAMP_SECONDS:-10}
CHUNKS=$(( STREAM_SECONDS * 1000 / CHUNK_MS ))
export ANYROUTER_JAVA_OPTS=${ANYROUTER_JAVA_OPTS:-"-Xmx512m -XX:+UseZGC"}

need_tools curl python3
build_once
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge $(( STREAMS * 2 + 1000 )) ] || die "ulimit -n is $(ulimit -n): too low for $STREAMS streams"

MOCK_PORT=$(free_port); GW_PORT=$(free_port)
start_mock "$MOCK_PORT"
start_gateway "$GW_PORT"
signup_and_add_key
printf '{"model":"gpt-4.1-mini","stream":true,"messages":[{"role":"user","content":"Tell me a long story."}]}' >"$WORK/body"
JAVA="$JAVA_HOME/bin/java"
say "bench: compiling the client"
"$JAVA" -Xshare:auto -XX:TieredStopAtLevel=1 "$BENCH_DIR/StreamClient.java" "$GW_PORT" /api/v1/chat/completions "$API_KEY" "$WORK/body" 1 0 1 >/dev/null \
  || die "the stream client failed on a single stream"
curl -fsS -o /dev/null -X POST "$MOCK/_mock/script" -H 'content-type: application/json' \
  -d "{\"key\":\"*\",\"chunk_interval_ms\":$CHUNK_MS,\"chunks\":$CHUNKS}"
usage_count() { sleep 1.5; python3 -c 'import sqlite3,sys;print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro",uri=True).execute("select count(*) from usage_records where stream=1 and status=200").fetchone()[0])' "$GW_DB"; }
usage_before=$(usage_count)
mock_reset

heap_used_mib() { "$JAVA_HOME/bin/jcmd" "$GW_PID" GC.heap_info 2>/dev/null | sed -n 's/.* used \([0-9]*\)\([KMG]\).*/\1 \2/p' | head -1 \
  | awk '{v=$1; if ($2=="K") v=v/1024; if ($2=="G") v=v*1024; printf "%d", v}'; }
threads() { awk '/^Threads:/{print $2}' "/proc/$GW_PID/status"; }

say "bench: $STREAMS streams, a chunk every $CHUNK_MS ms for ${STREAM_SECONDS} s, opened over ${RAMP_SECONDS} s; gateway JVM: $ANYROUTER_JAVA_OPTS"
before_ticks=$(cpu_ticks "$GW_PID")
if [ "${STREAMS_TARGET:-anyrouter}" = direct ]; then
  say "bench: baseline: the client drives the mock directly"
  "$JAVA" -XX:+UseSerialGC -Xmx1g "$BENCH_DIR/StreamClient.java" "$MOCK_PORT" /v1/chat/completions "$PROVIDER_KEY" "$WORK/body" \
    "$STREAMS" "$RAMP_SECONDS" "$CHUNKS" >"$WORK/client.out" 2>&1 || true
  grep -E '^(PROBLEM|RESULT)' "$WORK/client.out"
  exit 0
fi
"$JAVA" -XX:+UseSerialGC -Xmx1g "$BENCH_DIR/StreamClient.java" "$GW_PORT" /api/v1/chat/completions "$API_KEY" "$WORK/body" \
  "$STREAMS" "$RAMP_SECONDS" "$CHUNKS" >"$WORK/client.out" 2>&1 &
CLIENT=$!; STARTED+=($CLIENT)
peak_heap=0; peak_rss=0; peak_threads=0; live_heap=""; live_at=""
gc_at=$(( RAMP_SECONDS + (STREAM_SECONDS - RAMP_SECONDS > 4 ? (STREAM_SECONDS - RAMP_SECONDS) / 2 : 1) ))
t0=$(date +%s)
while kill -0 "$CLIENT" 2>/dev/null; do
  sleep 2
  now=$(( $(date +%s) - t0 ))
  h=$(heap_used_mib); r=$(( $(rss_kib "$GW_PID") / 1024 )); th=$(threads)
  [ -n "$h" ] && [ "$h" -gt "$peak_heap" ] && peak_heap=$h
  [ "$r" -gt "$peak_rss" ] && peak_rss=$r
  [ "$th" -gt "$peak_threads" ] && peak_threads=$th
  progress=$(grep PROGRESS "$WORK/client.out" | tail -1 || true)
  say "bench: t=${now}s heap used ${h:-?} MiB, RSS $r MiB, $th threads; ${progress#PROGRESS }"
  if [ -z "$live_heap" ] && [ "$now" -ge "$gc_at" ]; then
    "$JAVA_HOME/bin/jcmd" "$GW_PID" GC.run >/dev/null 2>&1 || true
    live_heap=$(heap_used_mib); live_at=$(grep PROGRESS "$WORK/client.out" | tail -1 | sed -n 's/.*open=\([0-9]*\).*/\1/p')
    "$JAVA_HOME/bin/jcmd" "$GW_PID" GC.class_histogram 2>/dev/null | sed -n '1,18p' >"$WORK/histogram.txt" || true
  fi
done
wait "$CLIENT" || true
after_ticks=$(cpu_ticks "$GW_PID")
result=$(grep '^RESULT' "$WORK/client.out" || { cat "$WORK/client.out" >&2; die "the client printed no result"; })
grep '^PROBLEM' "$WORK/client.out" >&2 || true
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" $2"; }
upstream=$(mock_count)
usage=$(( $(usage_count) - usage_before ))

echo "AnyRouter concurrency benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
machine_line
echo "command: STREAMS=$STREAMS CHUNK_MS=$CHUNK_MS STREAM_SECONDS=$STREAM_SECONDS RAMP_SECONDS=$RAMP_SECONDS ./bench/streams.sh"
echo "gateway JVM options: $ANYROUTER_JAVA_OPTS"
echo "streams: $(field streams "$result") opened, $(field complete "$result") complete, $(field failed "$result") failed;" \
  "peak open at the client $(field peak_open "$result"); events per stream $(field events_min "$result")..$(field events_max "$result")"
echo "stream duration p50 $(field stream_ms_p50 "$result") ms, max $(field stream_ms_max "$result") ms (nominal $(( STREAM_SECONDS * 1000 )) ms);" \
  "first byte p50 $(field first_byte_p50_us "$result") µs, p99 $(field first_byte_p99_us "$result") µs"
echo "gateway at the peak: heap used ${peak_heap} MiB (sampled every 2 s), live heap after a forced GC with ${live_at:-?} streams open: ${live_heap:-?} MiB;" \
  "RSS ${peak_rss} MiB (VmHWM $(( $(peak_rss_kib "$GW_PID") / 1024 )) MiB); ${peak_threads} threads"
echo "gateway CPU over the run: $(( (after_ticks - before_ticks) * 1000 / CLK_TCK )) ms"
echo "upstream saw $upstream streams; usage records of completed streams: $usage"
if [ "${STREAMS_HISTOGRAM:-0}" = 1 ] && [ -s "$WORK/histogram.txt" ]; then
  echo "live heap by class with ${live_at:-?} streams open (top 15):"; sed 's/^/  /' "$WORK/histogram.txt"
fi
if [ "$(field failed "$result")" != 0 ] || [ "$(field complete "$result")" != "$STREAMS" ] || [ "$upstream" != "$STREAMS" ]; then
  echo "FAIL: not every stream completed exactly once"; exit 1
fi
[ "$usage" = "$STREAMS" ] || { echo "FAIL: $usage usage records for $STREAMS streams"; exit 1; }
echo "every stream complete, each seen once upstream and logged once"
