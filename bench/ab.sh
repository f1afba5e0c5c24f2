#!/usr/bin/env bash
# A/B of two builds of the platform on this machine: for each jar in turn (A, B, A, B), start a fresh standalone
# platform and a plain Spring Cloud Gateway route (bench/plain-gateway) to the same warm instance, warm both up, then
# alternate 10 s wrk runs (64 connections) through the gateway and the plain route, ROUNDS times. Each line reads
# "<label> gw <req/s> plain <req/s> ratio <gw/plain>"; the ratio is what to compare, as this machine's speed drifts
# from one minute to the next. Per-process CPU of each run goes to bench/results/ab-pidstat-*.txt when pidstat is
# installed (Debian: sysstat).
# Usage: bench/ab.sh <jar-A> <jar-B> [rounds]    e.g. a jar built from an earlier commit in a git worktree
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
rounds="${3:-2}"
plain_jar="$(ls "$root"/bench/plain-gateway/target/bench-plain-gateway-*-exec.jar | head -1)"
out="$root/bench/results"; mkdir -p "$out"
pid=""; ppid=""; data=""
cleanup() {
  [ -n "$ppid" ] && kill "$ppid" 2>/dev/null || true
  [ -n "$pid" ] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  [ -n "$data" ] && rm -rf "$data"
  pid=""; ppid=""; data=""
}
trap cleanup EXIT
measure() { # pidstat-file url -> req/s of 10 s at 64 connections, with the CPU of every thread in the middle 6 s
  local stat=""
  if command -v pidstat >/dev/null; then (sleep 2; pidstat -u -t -p ALL 6 1 >"$1") & stat=$!; fi
  wrk -t2 -c64 -d10s "$2" | sed -n 's/^Requests\/sec: *//p'
  if [ -n "$stat" ]; then wait "$stat"; fi
}
one() { # label jar
  local port=18480 plain_port=18490 gw key zipf url_id iport
  data="$(mktemp -d /tmp/faas-ab.XXXXXX)"
  "$JAVA_HOME/bin/java" -XX:+UseParallelGC -jar "$2" --data-dir "$data" --port "$port" >"$data/platform.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 180); do grep -q "platform is up" "$data/platform.log" && break; sleep 1; done
  gw="http://127.0.0.1:$port"
  key="$(sed -n 's/^faas:   SecretId  //p' "$data/platform.log"):$(sed -n 's/^faas:   SecretKey //p' "$data/platform.log")"
  zipf="$data/h.zip"; (cd "$root/bench/functions/node-hello" && zip -q -X -r "$zipf" .)
  printf '{"FunctionName":"hello","Type":"HTTP","InstanceConcurrencyConfig":{"MaxConcurrency":100},"Code":{"ZipFile":"%s"}}' \
    "$(base64 -w0 "$zipf")" >"$data/h.json"
  url_id="$(curl -sf -u "$key" -X POST -H 'Content-Type: application/json' --data @"$data/h.json" "$gw/api/v1/namespaces/default/functions" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Response"]["FunctionUrl"]["UrlId"])')"
  curl -sf "$gw/fn/$url_id/" >/dev/null
  iport="$(curl -sf "http://127.0.0.1:$((port + 2))/internal/v1/instances" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["endpoint"]["port"])')"
  "$JAVA_HOME/bin/java" -XX:+UseParallelGC -jar "$plain_jar" --bench.target="http://127.0.0.1:$iport" --bench.port="$plain_port" >"$data/plain.log" 2>&1 &
  ppid=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$plain_port/" >/dev/null 2>&1 && break; sleep 1; done
  wrk -t2 -c64 -d60s "$gw/fn/$url_id/" >/dev/null
  wrk -t2 -c64 -d30s "http://127.0.0.1:$plain_port/" >/dev/null
  for r in $(seq 1 "$rounds"); do
    local g p
    g="$(measure "$out/ab-pidstat-$1-$r-gw.txt" "$gw/fn/$url_id/")"
    p="$(measure "$out/ab-pidstat-$1-$r-plain.txt" "http://127.0.0.1:$plain_port/")"
    echo "$1 gw $g plain $p ratio $(python3 -c "print(round($g/$p, 2))")" | tee -a "$out/ab.txt"
  done
  cleanup
}
: >"$out/ab.txt"
for label in A B A B; do
  jar="$1"; [ "$label" = B ] && jar="$2"
  one "$label" "$jar"
done
