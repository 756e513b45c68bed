#!/usr/bin/env bash
# Builds and runs the JMH benchmarks of the hot pieces (bench/jmh): request decode/encode, stream
# relay with usage capture, the routing decision, vault open against its cache. Short default
# iterations; any arguments go to JMH itself, e.g.
#
#   ./bench/jmh.sh                         # every benchmark, ~3 minutes
#   ./bench/jmh.sh StreamRelay             # one class, short defaults
#   ./bench/jmh.sh StreamRelay -f 2 -wi 5 -w 2s -i 10 -r 2s
#   ./bench/jmh.sh -l                      # list them
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  if [ -n "$d" ] && [ -x "$d/bin/javac" ]; then export JAVA_HOME="$d"; break; fi
done
(cd "$ROOT" && ./anyrouter --help >/dev/null) || { echo "bench: building anyrouter failed" >&2; exit 1; }
"$ROOT/mvnw" -q -B -f "$BENCH_DIR/jmh/pom.xml" package -DskipTests >&2
CP="$BENCH_DIR/jmh/target/classes:$(cat "$BENCH_DIR/jmh/target/classpath.txt")"
options=0; for a in "$@"; do case $a in -*) options=1 ;; esac; done
# Short defaults unless the caller gives JMH options of their own (JMH's are 5 forks x 10 x 10 s).
[ $options = 1 ] || set -- "$@" -f 1 -wi 3 -w 1s -i 5 -r 1s
exec "$JAVA_HOME/bin/java" -cp "$CP" org.openjdk.jmh.Main "$@"
