"""Bare process start: spawn a web function's bootstrap outside the platform, time until its port accepts."""
import os
import socket
import subprocess
import sys
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def once(directory):
    port = free_port()
    env = dict(os.environ, PORT=str(port))
    start = time.perf_counter()
    p = subprocess.Popen(["./scf_bootstrap"], cwd=directory, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                    return (time.perf_counter() - start) * 1000
            except OSError:
                if p.poll() is not None:
                    raise SystemExit("bootstrap exited")
                time.sleep(0.001)
    finally:
        p.kill()
        p.wait()


runs = [once(sys.argv[1]) for _ in range(int(sys.argv[2]))]
runs.sort()
print("RESULT median=%.1f min=%.1f max=%.1f" % (runs[len(runs) // 2], runs[0], runs[-1]))
