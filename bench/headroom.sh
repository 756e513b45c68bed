#!/usr/bin/env bash
# Headroom routing (issue 22), in real time on real processes: the mock holds each of three keys to
# 60 requests and 40,000 tokens a minute (POST /_mock/limits) and says so in OpenAI's x-ratelimit-*
# headers; 150 requests a minute of an agent's mixed sizes (one large turn, two small: ~110,000 tokens
# a minute of the keys' 120,000) are offered for BENCH_MINUTES to one pool per strategy, the same
# requests each time: round robin and fallback through a provider whose headers the gateway does not
# read (openai-compatible: the behaviour before headroom routing), then fallback, round_robin and
# headroom on OpenAI's row, which reads them. Prints per run: upstream 429s (calls the mock refused),
# requests that reached the client as errors, latency (p50/p99/mean; retries show as added latency)
# and tokens served. The shorter, injected-clock version runs in ./mvnw verify (HeadroomScenarioTest).
#
#   ./bench/headroom.sh                 # 3 minutes per strategy, 5 strategies: about 16 minutes
#   BENCH_MINUTES=1 ./bench/headroom.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

MINUTES=${BENCH_MINUTES:-3}
PER_MINUTE=${BENCH_PER_MINUTE:-150}

need_tools curl python3
build_once
MOCK_PORT=$(free_port); GW_PORT=$(free_port)
start_mock "$MOCK_PORT"
start_gateway "$GW_PORT"
machine_line

run() { # provider strategy label
  local provider=$1 strategy=$2 label=$3 key i before after result
  key=$(curl -fsS -X POST "$GW/api/v1/auth/signup" -H 'content-type: application/json' \
    -d "{\"email\":\"$label@example.com\",\"password\":\"$BENCH_PASSWORD\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["api_key"])')
  for i in 0 1 2; do
    curl -fsS -o /dev/null -X POST "$MOCK/_mock/limits" -d "{\"key\":\"sk-mock-$label-$i\",\"requests_per_minute\":60,\"tokens_per_minute\":40000}"
    curl -fsS -o /dev/null -X POST "$GW/api/v1/byok" -H "authorization: Bearer $key" -H 'content-type: application/json' \
      -d "{\"provider\":\"$provider\",\"key\":\"sk-mock-$label-$i\",\"alias\":\"k$i\",\"base_url\":\"$MOCK/v1\"}" || die "saving a key failed"
  done
  curl -fsS -o /dev/null -X PUT "$GW/api/v1/byok/pools/$provider" -H "authorization: Bearer $key" -H 'content-type: application/json' \
    -d "{\"strategy\":\"$strategy\",\"fallback_to_credits\":false}" || die "setting the strategy failed"
  before=$(mock_count)
  result=$(python3 "$BENCH_DIR/lib/headroom_load.py" "$GW" "$key" "$provider/gpt-4.1-mini" "$PER_MINUTE" "$((MINUTES * 60))")
  sleep 2
  after=$(mock_count)
  local n errors; n=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result"); errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$result")
  # Every call the mock saw beyond the requests served was one it refused for the key's limits.
  printf '%-26s upstream_429s=%d %s\n' "$label" "$(( after - before - (n - errors) ))" "${result#RESULT }"
}

say "bench: $PER_MINUTE requests/min for $MINUTES min per strategy (other builds may be running on this machine)"
run openai-compatible round_robin blind-round-robin
run openai-compatible fallback blind-fallback
run openai fallback fallback
run openai round_robin round-robin
run openai headroom headroom
