"""Writes bench/run.sh's results into docs/performance.md between the bench markers."""
import datetime
import platform
import re
import statistics
import subprocess
import sys

warm_file, cold_file, doc, secs = sys.argv[1:5]
rows = []
rates = []
for line in open(warm_file):
    m = re.match(r"([\w-]+) c=(\d+) RESULT rps=(\d+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) requests=(\d+) errors=(\d+) non2xx=(\d+)", line)
    if m:
        rows.append(m.groups())
    m = re.match(r"([\w-]+) rate=(\d+) (?:round=(\d+) )?RESULT rps=(\d+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) requests=(\d+) errors=(\d+) non2xx=(\d+)", line)
    if m:
        rates.append(m.groups())
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
       f"`bench/run.sh {secs}`: wrk, 2 threads, {secs} s per row, 13-byte Node.js web function; one warm instance "
       "behind every path.", "",
       "| path | connections | req/s | p50 ms | p95 ms | p99 ms | requests | socket errors | non-2xx |",
       "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
by = {}
for label, c, rps, p50, p95, p99, n, err, non2xx in rows:
    by[(label, c)] = int(rps)
    out.append(f"| {label} | {c} | {rps} | {p50} | {p95} | {p99} | {n} | {err} | {non2xx} |")
ratios = []
for c in ("16", "64"):
    g, p, n = by.get(("gateway", c)), by.get(("plain-scg", c)), by.get(("nginx", c))
    b = by.get(("bare-netty", c))
    if g and p and n:
        ratios.append(f"{c} connections: gateway = {g / p:.2f} x the plain route, {g / n:.2f} x nginx"
                      + (f", {g / b:.2f} x the bare Reactor Netty proxy" if b else ""))
if ratios:
    out += ["", "Ratios (goal: at least 0.9 x the plain route; stretch 0.5 x nginx): " + "; ".join(ratios) + "."]
if rates:
    # each row: label, target, round, rps, p50, p95, p99, requests, errors, non2xx
    rounds = sorted({r[2] or "1" for r in rates})
    labels = list(dict.fromkeys(r[0] for r in rates))
    direct = {r[2] or "1": float(r[5]) for r in rates if r[0] == "direct"}
    out += ["", f"Fixed rate (hey, 8 workers x 125 req/s, {secs} s a run; {len(rounds)} rounds, each path once a round; "
                "the medians of the rounds, and each round's p95 over direct in that round):", "",
            "| path | target req/s | req/s | p50 ms | p95 ms | p99 ms | p95 over direct ms (median) | per round | requests | errors | non-2xx |",
            "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
    for label in labels:
        mine = [r for r in rates if r[0] == label]
        added = [float(r[5]) - direct[r[2] or "1"] for r in mine if (r[2] or "1") in direct]
        med = lambda i: statistics.median(float(r[i]) for r in mine)
        out.append(f"| {label} | {mine[0][1]} | {med(3):.0f} | {med(4):.2f} | {med(5):.2f} | {med(6):.2f} | "
                   f"{statistics.median(added):+.2f} | {' / '.join(f'{a:+.1f}' for a in added)} | "
                   f"{sum(int(r[7]) for r in mine)} | {sum(int(r[8]) for r in mine)} | {sum(int(r[9]) for r in mine)} |")
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
    if cold:
        overhead = statistics.median(c[0] for c in cold) - float(bare[0])
        out.append(f"Platform overhead (median time to first byte less the median bare start; goal at most 50 ms): {overhead:.0f} ms.")
text = open(doc).read()
start, end = "<!-- bench:run.sh:start -->", "<!-- bench:run.sh:end -->"
before, rest = text.split(start, 1)
_, after = rest.split(end, 1)
open(doc, "w").write(before + start + "\n" + "\n".join(out) + "\n" + end + after)
print("\n".join(out))
