#!/usr/bin/env bash
# JMH benchmarks of the hot paths (bench/jmh). Usage: bench/jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3]
# Writes the raw output to bench/results/jmh.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  if [ -n "$jdk" ] && "$jdk/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then export JAVA_HOME="$jdk"; break; fi
done
cd "$root"
./mvnw -B -q -ntp install -DskipTests -pl bench/jmh -am
cp="$(./mvnw -B -q -ntp dependency:build-classpath -pl bench/jmh -Dmdep.outputFile=/dev/stdout):$root/bench/jmh/target/classes"
mkdir -p bench/results
"$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main "$@" | tee bench/results/jmh.txt
