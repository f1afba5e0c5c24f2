#!/usr/bin/env bash
# Warm invocations (directly against an instance's port, and through the gateway; 16 and 64 connections, 10 s each)
# and cold starts, against the standalone platform started fresh by this script. Writes the results into
# docs/performance.md between the bench markers and the raw output into bench/results/.
# Usage: bench/run.sh [seconds-per-run]   (bounded: every load run lasts exactly that long, default 10)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-10}"
for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  if [ -n "$jdk" ] && "$jdk/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then export JAVA_HOME="$jdk"; break; fi
done
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
jar="$root/standalone/target/faas-standalone-exec.jar"
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -ntp install -DskipTests)

data="$(mktemp -d /tmp/faas-bench.XXXXXX)"
out="$root/bench/results"; mkdir -p "$out"
port=18480
"$JAVA_HOME/bin/java" -XX:+UseParallelGC -jar "$jar" --data-dir "$data" --port "$port" >"$data/platform.log" 2>&1 &
pid=$!
cleanup() { kill -INT "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 1 180); do grep -q "platform is up" "$data/platform.log" && break; kill -0 "$pid" || { cat "$data/platform.log"; exit 1; }; sleep 1; done
gw="http://127.0.0.1:$port"
# the REST API takes the admin key the first start printed (HTTP Basic SecretId:SecretKey)
key="$(sed -n 's/^faas:   SecretId  //p' "$data/platform.log"):$(sed -n 's/^faas:   SecretKey //p' "$data/platform.log")"

deploy() { # name dir -> url id
  local zipf="$data/$1.zip"
  (cd "$2" && zip -q -X -r "$zipf" .)
  printf '{"FunctionName":"%s","Type":"HTTP","Code":{"ZipFile":"%s"}}' "$1" "$(base64 -w0 "$zipf")" >"$data/$1.json"
  curl -sf -u "$key" -X POST -H 'Content-Type: application/json' --data @"$data/$1.json" "$gw/api/v1/namespaces/default/functions" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Response"]["FunctionUrl"]["UrlId"])'
}

url_id="$(deploy hello "$root/bench/functions/node-hello")"
curl -sf "$gw/fn/$url_id/" >/dev/null
instance_port() {
  curl -sf "http://127.0.0.1:$((port + 2))/internal/v1/instances" \
    | python3 -c 'import json,sys; print([i for i in json.load(sys.stdin) if i["pool"]["function"]=="hello"][0]["endpoint"]["port"])'
}

results="$out/warm.txt"; : >"$results"
load() { # label url connections
  local line
  line="$(wrk -t2 -c"$3" -d"${secs}s" -s "$root/bench/percentiles.lua" "$2" | grep '^RESULT')"
  echo "$1 c=$3 $line" | tee -a "$results"
}
warmup=60   # the first minute of a fresh JVM runs the path ~3x slower while C2 compiles it (measured, docs/performance.md)
for c in 16 64; do
  # warm-up: starts the instances this concurrency needs and lets the JIT compile the path
  wrk -t2 -c"$c" -d"${warmup}s" "$gw/fn/$url_id/" >/dev/null
  warmup=20
  load direct "http://127.0.0.1:$(instance_port)/" "$c"
  load gateway "$gw/fn/$url_id/" "$c"
done

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
