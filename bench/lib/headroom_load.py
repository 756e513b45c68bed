#!/usr/bin/env python3
"""Offered load for bench/headroom.sh: an open loop of chat requests at a fixed rate (an agent's loop:
one large turn, two small ones), each on its own thread so a slow answer never delays the schedule.
Prints one RESULT line: requests, client errors, tokens served, latency p50/p99/mean in ms."""
import json, random, sys, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

gw, api_key, model, per_minute, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
sizes = random.Random(22)  # the same requests for every strategy
lock = threading.Lock()
latencies, errors, tokens = [], [0], [0]

def one(i, max_tokens):
    body = json.dumps({"model": model, "max_tokens": max_tokens,
                       "messages": [{"role": "user", "content": "request %d" % i}]}).encode()
    req = urllib.request.Request(gw + "/api/v1/chat/completions", data=body, method="POST",
                                 headers={"authorization": "Bearer " + api_key, "content-type": "application/json"})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            used = json.load(r).get("usage", {}).get("total_tokens", 0)
            with lock:
                latencies.append((time.monotonic() - start) * 1000); tokens[0] += used
    except Exception:
        with lock:
            errors[0] += 1

gap = 60.0 / per_minute
n = int(seconds / gap)
t0 = time.monotonic()
with ThreadPoolExecutor(max_workers=64) as pool:
    for i in range(n):
        delay = t0 + i * gap - time.monotonic()
        if delay > 0: time.sleep(delay)
        pool.submit(one, i, 1200 + sizes.randrange(600) if i % 3 == 0 else 300 + sizes.randrange(100))
lat = sorted(latencies) or [0]
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print("RESULT requests=%d errors=%d tokens=%d p50_ms=%.1f p99_ms=%.1f mean_ms=%.1f"
      % (n, errors[0], tokens[0], pct(0.50), pct(0.99), sum(lat) / len(lat)))
