"""Reads hey's report on stdin and prints one RESULT line like bench/percentiles.lua's (latencies in ms)."""
import re
import sys

text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
pct = {int(m.group(1)): float(m.group(2)) * 1000 for m in re.finditer(r"(\d+)%+ in ([\d.]+) secs", text)}
ok = sum(int(n) for n in re.findall(r"\[2\d\d\]\s+(\d+) responses", text))
total = sum(int(n) for n in re.findall(r"\[\d+\]\s+(\d+) responses", text))
errors = sum(int(n) for n in re.findall(r"^\s+\[(\d+)\]\s+Get", text, re.M))
print(f"RESULT rps={rps:.0f} p50={pct.get(50, 0):.2f} p95={pct.get(95, 0):.2f} p99={pct.get(99, 0):.2f} "
      f"requests={total} errors={errors} non2xx={total - ok}")
