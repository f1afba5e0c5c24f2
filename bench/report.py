"""Writes bench/run.sh's results into docs/performance.md between the bench markers."""
import datetime
import platform
import re
import statistics
import subprocess
import sys

warm_file, cold_file, doc, secs = sys.argv[1:5]
rows = []
for line in open(warm_file):
    m = re.match(r"(\w+) c=(\d+) RESULT rps=(\d+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) requests=(\d+) errors=(\d+) non2xx=(\d+)", line)
    if m:
        rows.append(m.groups())
cold = []
bare = None
for line in open(cold_file):
    m = re.search(r"first_byte_s=([\d.]+).*Coldstart: (\d+)ms \(PullCode: (\d+)ms InitRuntime: (\d+)ms InitFunction: (\d+)ms\)", line)
    if m:
        cold.append([float(m.group(1)) * 1000] + [int(g) for g in m.groups()[1:]])
    m = re.search(r"bare node start RESULT median=([\d.]+) min=([\d.]+) max=([\d.]+)", line)
    if m:
        bare = m.groups()

cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
out = [f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {cpu} cores ({platform.machine()}), "
       f"`bench/run.sh {secs}`: wrk, 2 threads, {secs} s per row, 13-byte Node.js web function.", "",
       "| path | connections | req/s | p50 ms | p95 ms | p99 ms | requests | socket errors | non-2xx |",
       "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
for label, c, rps, p50, p95, p99, n, err, non2xx in rows:
    out.append(f"| {label} | {c} | {rps} | {p50} | {p95} | {p99} | {n} | {err} | {non2xx} |")
out += ["", "Cold start (a new package each time, first request through the gateway):", "",
        "| run | time to first byte ms | Coldstart ms | PullCode ms | InitRuntime ms | InitFunction ms |",
        "|---|---:|---:|---:|---:|---:|"]
for i, c in enumerate(cold, 1):
    out.append(f"| {i} | {c[0]:.0f} | {c[1]} | {c[2]} | {c[3]} | {c[4]} |")
if cold:
    out.append(f"| median | {statistics.median(c[0] for c in cold):.0f} | {statistics.median(c[1] for c in cold):.0f} | "
               f"{statistics.median(c[2] for c in cold):.0f} | {statistics.median(c[3] for c in cold):.0f} | "
               f"{statistics.median(c[4] for c in cold):.0f} |")
if bare:
    out += ["", f"Bare process start of the same bootstrap outside the platform (spawn to port accepting, 5 runs): "
                f"median {bare[0]} ms (min {bare[1]}, max {bare[2]})."]
text = open(doc).read()
start, end = "<!-- bench:run.sh:start -->", "<!-- bench:run.sh:end -->"
before, rest = text.split(start, 1)
_, after = rest.split(end, 1)
open(doc, "w").write(before + start + "\n" + "\n".join(out) + "\n" + end + after)
print("\n".join(out))
