#!/usr/bin/env bash
# A/B of two ways of starting the platform at a fixed ~1,000 req/s, both running at once so this machine's drifting
# speed is shared: two standalone platforms (A and B: their own data dirs, ports and Node.js instance of
# bench/functions/node-hello serving up to 100 requests at once), each warmed up, then ROUNDS interleaved rounds of
# hey (8 workers x 125 req/s, SECS each) on A's instance directly, through A's gateway, on B's instance directly and
# through B's gateway. Each line: "<label> round=<n> rps=.. p50=.. p95=.. p99=.."; the added p95 of a round is the
# gateway's p95 less its own instance's direct p95 in that round. Optionally 16 / 64 connection wrk runs on both.
# Usage: A_ARGS="..." B_ARGS="..." bench/ab-rate.sh [rounds] [secs]   (JVM arguments for each, e.g.
#        -Dfaas.gateway.warm-path=false; JAR_A / JAR_B to compare two builds, default the standalone jar of this
#        checkout; HEY_ARGS for the requests, WRK=1 for the 16 / 64 connection runs, WRK_SCRIPT for their requests
#        (bench/post-percentiles.lua: a 1 KB JSON POST); raw lines in bench/results/ab-rate.txt, or RESULTS=<file>)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
rounds="${1:-4}"; secs="${2:-10}"
jar="$root/standalone/target/faas-standalone-exec.jar"
out="$root/bench/results"; mkdir -p "$out"
results="${RESULTS:-$out/ab-rate.txt}"; : >"$results"
pids=(); dirs=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for d in "${dirs[@]}"; do rm -rf "$d"; done
}
trap cleanup EXIT
declare -A gw direct keys ports
start() { # label port jar args
  local data key zipf url_id iport
  data="$(mktemp -d /tmp/faas-abr.XXXXXX)"; dirs+=("$data")
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" -XX:+UseParallelGC $4 -jar "$3" --data-dir "$data" --port "$2" >"$data/platform.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 180); do grep -q "platform is up" "$data/platform.log" && break; sleep 1; done
  grep -q "platform is up" "$data/platform.log" || { tail -40 "$data/platform.log"; exit 1; }
  key="$(sed -n 's/^faas:   SecretId  //p' "$data/platform.log"):$(sed -n 's/^faas:   SecretKey //p' "$data/platform.log")"
  zipf="$data/h.zip"; (cd "$root/bench/functions/node-hello" && zip -q -X -r "$zipf" .)
  printf '{"FunctionName":"hello","Type":"HTTP","InstanceConcurrencyConfig":{"MaxConcurrency":100},"Code":{"ZipFile":"%s"}}' \
    "$(base64 -w0 "$zipf")" >"$data/h.json"
  url_id="$(curl -sf -u "$key" -X POST -H 'Content-Type: application/json' --data @"$data/h.json" "http://127.0.0.1:$2/api/v1/namespaces/default/functions" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Response"]["FunctionUrl"]["UrlId"])')"
  curl -sf "http://127.0.0.1:$2/fn/$url_id/" >/dev/null
  iport="$(curl -sf "http://127.0.0.1:$(($2 + 2))/internal/v1/instances" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["endpoint"]["port"])')"
  gw[$1]="http://127.0.0.1:$2/fn/$url_id/"; direct[$1]="http://127.0.0.1:$iport/"; keys[$1]="$key"; ports[$1]="$2"
}
start A 18480 "${JAR_A:-$jar}" "${A_ARGS:-}"
start B 18580 "${JAR_B:-$jar}" "${B_ARGS:-}"
for l in A B; do wrk -t2 -c64 -d40s "${gw[$l]}" >/dev/null; done
# shellcheck disable=SC2086
for l in A B; do hey -z "${secs}s" -c 8 -q 125 ${HEY_ARGS:-} "${gw[$l]}" >/dev/null; hey -z 5s -c 8 -q 125 ${HEY_ARGS:-} "${direct[$l]}" >/dev/null; done
# HEY_ARGS: what every fixed-rate request is, e.g. HEY_ARGS="-m POST -D body.json" for a POST with a body
rate() { # shellcheck disable=SC2086
  echo "$1 round=$2 $(hey -z "${secs}s" -c 8 -q 125 ${HEY_ARGS:-} "$3" | python3 "$root/bench/hey_result.py")" | tee -a "$results"; }
for r in $(seq 1 "$rounds"); do
  for l in A B; do rate "$l-direct" "$r" "${direct[$l]}"; rate "$l-gateway" "$r" "${gw[$l]}"; done
done
if [ -n "${WRK:-}" ]; then
  for c in 16 64; do for l in A B; do
    echo "$l-gateway c=$c $(wrk -t2 -c"$c" -d"${secs}s" -s "${WRK_SCRIPT:-$root/bench/percentiles.lua}" "${gw[$l]}" | grep '^RESULT')" | tee -a "$results"
  done; done
fi
for l in A B; do # what the warm path served (0 when it is off)
  echo "$l warm-path requests $(curl -sf -u "${keys[$l]}" "http://127.0.0.1:${ports[$l]}/actuator/prometheus" \
    | sed -n 's/^faas_gateway_warm_requests_total[^ ]* //p')" | tee -a "$results"
done
python3 - "$results" <<'PY'
import re, sys, statistics
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r'(\w)-(direct|gateway) round=(\d+) .*p95=([\d.]+)', line)
    if m: rows[(m[1], m[2], int(m[3]))] = float(m[4])
for l in 'AB':
    added = [round(rows[(l, 'gateway', r)] - rows[(l, 'direct', r)], 2) for (x, k, r) in sorted(rows) if x == l and k == 'gateway']
    if added: print(f"{l}: added p95 per round {added}, median {statistics.median(added):+.2f} ms")
PY
