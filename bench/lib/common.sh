# Shared by bench/run.sh and bench/streams.sh (sourced, never run): tools, free ports, the
# stack (mock upstream, AnyRouter, nginx) on loopback with a throwaway directory, and the
# /proc readings the benchmarks report. Everything started here is stopped on exit.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/anyrouter-bench.XXXXXX")
STARTED=()
CLK_TCK=$(getconf CLK_TCK)
BENCH_PASSWORD="bench passphrase, long enough 42"
PROVIDER_KEY="sk-bench-$(date +%s)0000000000"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

# The process and its children, deepest first (the launcher may run java as a child).
pid_tree() { local c; for c in $(pgrep -P "$1" 2>/dev/null); do pid_tree "$c"; done; echo "$1"; }
stop_all() {
  local all=() p
  for p in "${STARTED[@]:-}"; do [ -n "$p" ] && all+=($(pid_tree "$p")); done
  for p in "${all[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local alive=0; for p in "${all[@]:-}"; do [ -n "$p" ] && kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.3
  done
  for p in "${all[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
}
cleanup() { stop_all; if [ "${BENCH_KEEP:-0}" = 1 ]; then say "bench: kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

wait_http() { # url pid: gives up when the process has died
  for _ in $(seq 1 600); do
    curl -fsS --max-time 2 -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

apt_updated=0
apt_install() { # package...: Debian packages, `apt-get update` once first
  command -v apt-get >/dev/null || die "cannot install $*: no apt-get; install them by hand"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ $apt_updated = 0 ]; then $sudo apt-get update -qq >&2; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

need_tools() { # command... : installs the Debian package of each missing one
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 && continue
    case "$c" in
      nginx) [ -x /usr/sbin/nginx ] && continue; apt_install nginx-light || apt_install nginx ;;
      *) apt_install "$c" ;;
    esac
  done
}
nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

use_jdk() {
  local d
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
    if [ -n "$d" ] && [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; return; fi
  done
}

build_once() { # [checkout]: the launcher builds the jar when it is missing or older than the sources
  use_jdk
  (cd "${1:-$ROOT}" && ./anyrouter --help >"$WORK/build.log" 2>&1) || { tail -20 "$WORK/build.log" >&2; die "build of ${1:-$ROOT} failed"; }
}

# The java process behind a launcher pid: the launcher execs java, but look for a child too.
java_pid() {
  local p=$1 c
  for _ in $(seq 1 100); do
    if [[ "$(readlink "/proc/$p/exe" 2>/dev/null)" == */java ]]; then echo "$p"; return 0; fi
    for c in $(pid_tree "$p"); do
      if [[ "$(readlink "/proc/$c/exe" 2>/dev/null)" == */java ]]; then echo "$c"; return 0; fi
    done
    sleep 0.1
  done
  die "no java process under pid $p"
}

start_mock() { # port: the gateway's ANYROUTER_JAVA_OPTS (heap limits, JFR) are not the mock's
  (cd "$ROOT" && ANYROUTER_JAVA_OPTS="${BENCH_MOCK_JAVA_OPTS:-}" exec ./anyrouter mock-upstream --port "$1") >"$WORK/mock.log" 2>&1 &
  STARTED+=($!)
  MOCK_LAUNCHER=$!
  MOCK="http://127.0.0.1:$1"
  for _ in $(seq 1 300); do curl -fs -o /dev/null "$MOCK/_mock/requests/count" 2>/dev/null && break; sleep 0.2; done
  curl -fs -o /dev/null "$MOCK/_mock/requests/count" || { tail -5 "$WORK/mock.log" >&2; die "the mock upstream never answered"; }
  MOCK_PID=$(java_pid "$MOCK_LAUNCHER")
}

start_gateway() { # port [checkout] [name]: sets GW and GW_PID (ANYROUTER_JAVA_OPTS passes through to the launcher)
  local checkout=${2:-$ROOT} name=${3:-gw}
  (cd "$checkout" && exec ./anyrouter serve --port "$1" --data "$WORK/data-$name" --allow-private-upstreams) >"$WORK/$name.log" 2>&1 &
  STARTED+=($!)
  local launcher=$!
  GW="http://127.0.0.1:$1"
  wait_http "$GW/health" "$launcher" || { tail -20 "$WORK/$name.log" >&2; die "the gateway ($name) never became healthy"; }
  GW_PID=$(java_pid "$launcher")
  GW_DB="$WORK/data-$name/anyrouter.db"
}

start_floor() { # port upstream-port: bench/FloorProxy.java on this checkout's jar, the gateway's JVM options
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" ${ANYROUTER_JAVA_OPTS:--XX:+UseZGC -Xms64m -Xmx1g} -cp "$ROOT/target/anyrouter.jar" \
      "$BENCH_DIR/FloorProxy.java" "$1" "$2" >"$WORK/floor.log" 2>&1 &
  STARTED+=($!)
  FLOOR_PID=$!
  for _ in $(seq 1 300); do grep -q "floor proxy on" "$WORK/floor.log" 2>/dev/null && break; sleep 0.1; done
  grep -q "floor proxy on" "$WORK/floor.log" || { cat "$WORK/floor.log" >&2; die "the floor proxy never started"; }
}

start_nginx() { # port upstream-port
  local dir="$WORK/nginx" user_line=""
  mkdir -p "$dir/logs" "$dir/tmp"
  [ "$(id -u)" = 0 ] && user_line="user root root;"   # workers stay the current user, as non-root does anyway
  sed -e "s|@PREFIX@|$dir|g" -e "s|@PORT@|$1|g" -e "s|@UPSTREAM_PORT@|$2|g" -e "s|@USER_LINE@|$user_line|g" \
      -e "s|@WORKERS@|${NGINX_WORKERS:-auto}|g" "$BENCH_DIR/nginx.conf.template" >"$dir/nginx.conf"
  "$(nginx_bin)" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/logs/stdout.log" 2>&1 &
  STARTED+=($!)
  NGINX_PID=$!
  NGINX="http://127.0.0.1:$1"
  for _ in $(seq 1 100); do curl -s -o /dev/null "$NGINX/_mock/requests/count" 2>/dev/null && break; sleep 0.1; done
  curl -fs -o /dev/null "$NGINX/_mock/requests/count" || { cat "$dir/logs/"*.log >&2; die "nginx never answered"; }
}

signup_and_add_key() { # sets API_KEY: one account, one BYOK key on the mock, on the gateway at $GW
  API_KEY=$(curl -fsS -X POST "$GW/api/v1/auth/signup" -H 'content-type: application/json' \
    -d "{\"email\":\"bench@example.com\",\"password\":\"$BENCH_PASSWORD\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["api_key"])')
  curl -fsS -o "$WORK/byok.json" -X POST "$GW/api/v1/byok" -H "authorization: Bearer $API_KEY" -H 'content-type: application/json' \
    -d "{\"provider\":\"openai\",\"key\":\"$PROVIDER_KEY\",\"alias\":\"bench\",\"base_url\":\"$MOCK/v1\"}" \
    || die "saving the BYOK key failed"
}

# CPU ticks (user+system) of the given pids, all threads, dead ones included.
cpu_ticks() { local p s=0 t; for p in "$@"; do t=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0); s=$((s+t)); done; echo $s; }
# Peak resident set (VmHWM), summed over the pids, in KiB.
peak_rss_kib() { local p s=0 t; for p in "$@"; do t=$(awk '/^VmHWM:/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0); s=$((s+t)); done; echo $s; }
rss_kib() { local p s=0 t; for p in "$@"; do t=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0); s=$((s+t)); done; echo $s; }
nginx_pids() { echo "$NGINX_PID" $(pgrep -P "$NGINX_PID"); }

mock_count() { curl -fsS "$MOCK/_mock/requests/count" | python3 -c 'import json,sys;print(json.load(sys.stdin)["count"])'; }
mock_reset() { curl -fsS -o /dev/null -X DELETE "$MOCK/_mock/requests"; }

machine_line() {
  printf 'machine: %s cores (nproc), %s, %s MiB memory; %s; %s; wrk %s; nginx %s\n' \
    "$(nproc)" "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)" \
    "$(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo)" "$(uname -sr)" \
    "$("${JAVA_HOME:-/usr}/bin/java" -version 2>&1 | head -1)" \
    "$(wrk -v 2>&1 | head -1 | awk '{print $2}')" "$("$(nginx_bin)" -v 2>&1 | sed 's|.*/||')"
}
