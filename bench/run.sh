#!/usr/bin/env bash
# Issue #4's load comparison, side by side in one run against the standalone platform started fresh by this script:
# the same warm instance (a 13-byte Node.js web function serving up to 100 requests at once) called directly, through
# nginx (proxy_pass with keep-alive), through a plain Spring Cloud Gateway route with no platform code
# (bench/plain-gateway; its /bare/ path is a bare Reactor Netty proxy ahead of Spring WebFlux, the floor of the
# runtime), and through the platform's gateway (function URL, accounting, held slots, logs); 16 and 64
# connections; then a fixed ~1,000 req/s run on each path, three interleaved rounds; the SCF default (one request an instance) through the
# gateway; and cold starts. Writes the results into docs/performance.md between the bench markers and the raw
# output into bench/results/.
# Usage: bench/run.sh [seconds-per-run]   (bounded: every load run lasts exactly that long, default 10)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-10}"
for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  if [ -n "$jdk" ] && "$jdk/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then export JAVA_HOME="$jdk"; break; fi
done
for tool in wrk hey nginx; do
  command -v "$tool" >/dev/null || { echo "$tool is needed: apt-get install wrk hey nginx"; exit 1; }
done
jar="$root/standalone/target/faas-standalone-exec.jar"
plain_jar="$(ls "$root"/bench/plain-gateway/target/bench-plain-gateway-*-exec.jar 2>/dev/null | head -1 || true)"
if [ ! -f "$jar" ] || [ -z "$plain_jar" ]; then
  (cd "$root" && ./mvnw -B -q -ntp install -DskipTests)
  plain_jar="$(ls "$root"/bench/plain-gateway/target/bench-plain-gateway-*-exec.jar | head -1)"
fi

data="$(mktemp -d /tmp/faas-bench.XXXXXX)"
out="$root/bench/results"; mkdir -p "$out"
port=18480
plain_port=18490
nginx_port=18495
pids=()
"$JAVA_HOME/bin/java" -XX:+UseParallelGC -jar "$jar" --data-dir "$data" --port "$port" >"$data/platform.log" 2>&1 &
pid=$!
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  kill "$(cat "$data/nginx/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  kill -INT "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 180); do grep -q "platform is up" "$data/platform.log" && break; kill -0 "$pid" || { cat "$data/platform.log"; exit 1; }; sleep 1; done
gw="http://127.0.0.1:$port"
# the REST API takes the admin key the first start printed (HTTP Basic SecretId:SecretKey)
key="$(sed -n 's/^faas:   SecretId  //p' "$data/platform.log"):$(sed -n 's/^faas:   SecretKey //p' "$data/platform.log")"

deploy() { # name dir [extra JSON fields] -> url id
  local zipf="$data/$1.zip"
  (cd "$2" && zip -q -X -r "$zipf" .)
  printf '{"FunctionName":"%s","Type":"HTTP"%s,"Code":{"ZipFile":"%s"}}' "$1" "${3:-}" "$(base64 -w0 "$zipf")" >"$data/$1.json"
  curl -sf -u "$key" -X POST -H 'Content-Type: application/json' --data @"$data/$1.json" "$gw/api/v1/namespaces/default/functions" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Response"]["FunctionUrl"]["UrlId"])'
}
instance_port() { # function -> the port of its (first) instance
  curl -sf "http://127.0.0.1:$((port + 2))/internal/v1/instances" \
    | python3 -c 'import json,sys; print([i for i in json.load(sys.stdin) if i["pool"]["function"]==sys.argv[1]][0]["endpoint"]["port"])' "$1"
}

# one instance serves every path: up to 100 requests at once (InstanceConcurrencyConfig), so the gateway rows use
# the same Node.js process as the others
url_id="$(deploy hello "$root/bench/functions/node-hello" ',"InstanceConcurrencyConfig":{"MaxConcurrency":100}')"
curl -sf "$gw/fn/$url_id/" >/dev/null
iport="$(instance_port hello)"

mkdir -p "$data/nginx"
cat >"$data/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $data/nginx/nginx.pid;
error_log $data/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream instance { server 127.0.0.1:$iport; keepalive 128; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://instance; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
nginx -p "$data/nginx" -c "$data/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
"$JAVA_HOME/bin/java" -XX:+UseParallelGC -jar "$plain_jar" --bench.target="http://127.0.0.1:$iport" --bench.port="$plain_port" \
  >"$data/plain.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$plain_port/" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$nginx_port/" >/dev/null 2>&1 && break; sleep 1; done

declare -A target=(
  [direct]="http://127.0.0.1:$iport/"
  [nginx]="http://127.0.0.1:$nginx_port/"
  [bare-netty]="http://127.0.0.1:$plain_port/bare/"
  [plain-scg]="http://127.0.0.1:$plain_port/"
  [gateway]="$gw/fn/$url_id/"
)
paths=(direct nginx bare-netty plain-scg gateway)

results="$out/warm.txt"; : >"$results"
load() { # label url connections
  local line
  line="$(wrk -t2 -c"$3" -d"${secs}s" -s "$root/bench/percentiles.lua" "$2" | grep '^RESULT')"
  echo "$1 c=$3 $line" | tee -a "$results"
}
rate() { # label url round: ~1,000 req/s from 8 workers of 125 req/s each, for the run's length
  local r
  r="$(hey -z "${secs}s" -c 8 -q 125 "$2" | python3 "$root/bench/hey_result.py")"
  echo "$1 rate=1000 round=$3 $r" | tee -a "$results"
}
# warm-up: the first minute of a fresh JVM runs the path ~3x slower while C2 compiles it (docs/performance.md)
wrk -t2 -c64 -d60s "${target[gateway]}" >/dev/null
wrk -t2 -c64 -d30s "${target[plain-scg]}" >/dev/null
wrk -t2 -c64 -d15s "${target[bare-netty]}" >/dev/null
wrk -t2 -c64 -d5s "${target[nginx]}" >/dev/null
for c in 16 64; do
  for p in "${paths[@]}"; do load "$p" "${target[$p]}" "$c"; done
done
# the fixed rate exercises code the saturating runs barely did (idle loops waking, slots lingering and coming back):
# one unmeasured run at that rate on each path first, so the JIT's compiling is not part of the measured rows
# (without it the gateway's JVM compiled ~390 methods, 1.3 s of compiler time, during the first 10 s at this rate)
for p in "${paths[@]}"; do hey -z "${secs}s" -c 8 -q 125 "${target[$p]}" >/dev/null; done
# three rounds, each path once a round: this machine's speed drifts within minutes (docs/performance.md), so the
# added p95 is read per round (each path against direct in the same round) and reported as the median of the rounds
for round in 1 2 3; do
  for p in "${paths[@]}"; do rate "$p" "${target[$p]}" "$round"; done
done

# SCF's default, one request an instance: 16 connections keep 16 instances busy
single_id="$(deploy single "$root/bench/functions/node-hello")"
wrk -t2 -c16 -d20s "$gw/fn/$single_id/" >/dev/null
load gateway-1-per-instance "$gw/fn/$single_id/" 16

# Cold starts: a new package each time, so unpacking is part of it
cold="$out/cold.txt"; : >"$cold"
for i in 1 2 3 4 5; do
  dir="$data/cold-$i"; cp -r "$root/bench/functions/node-hello" "$dir"; echo "$i" >"$dir/marker.txt"
  id="$(deploy "cold-$i" "$dir")"
  t="$(curl -sf -o /dev/null -w '%{time_total}' "$gw/fn/$id/")"
  report=""
  for _ in $(seq 1 100); do   # the log shipper delivers within a few hundred ms; give it up to 10 s
    report="$(curl -sf -u "$key" "$gw/api/v1/logs?functionName=cold-$i" | python3 -c 'import json,sys; print(next((l["SCF_Message"] for l in json.load(sys.stdin)["Response"]["Logs"] if l["SCF_Message"].startswith("Init Report")), ""))')"
    [ -n "$report" ] && break
    sleep 0.1
  done
  echo "cold-$i first_byte_s=$t $report" | tee -a "$cold"
done
bare="$(python3 "$root/bench/bare_start.py" "$root/bench/functions/node-hello" 5)"
echo "bare node start $bare" | tee -a "$cold"

python3 "$root/bench/report.py" "$results" "$cold" "$root/docs/performance.md" "$secs"
