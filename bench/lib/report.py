"""Turns bench/run.sh's raw results into the printed tables: the median over rounds of each
case, latency added over direct, CPU per request, AnyRouter's ratios to nginx (and a candidate
build's ratios to AnyRouter), the issue's targets, and the count checks (a line starting with
FAIL makes run.sh exit non-zero).

usage: report.py CASES_TSV TTFT_TSV CLK_TCK USAGE_RECORDS GATEWAY_UPSTREAM [CAND_USAGE CAND_UPSTREAM]
"""
import csv
import statistics
import sys

ORDER = ["direct", "nginx", "floor", "anyrouter", "candidate"]
GATEWAYS = ["anyrouter", "candidate"]


def read(path):
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def main():
    cases, ttft = read(sys.argv[1]), read(sys.argv[2])
    clk_tck = int(sys.argv[3])
    books = {"anyrouter": (int(sys.argv[4]), int(sys.argv[5]))}
    if len(sys.argv) > 7:
        books["candidate"] = (int(sys.argv[6]), int(sys.argv[7]))
    failures = []

    per_round = {}
    for row in cases:
        req = int(row["requests"])
        secs = int(row["duration_us"]) / 1e6
        conns = int(row["conns"])
        upstream = int(row["upstream"])
        key = (row["mode"], conns, row["target"])
        label = f"round {row['round']} {row['mode']} c={conns} {row['target']}"
        if int(row["non2xx"]) != 0 or int(row["socket_errors"]) != 0:
            failures.append(f"{label}: {row['non2xx']} non-2xx answers, {row['socket_errors']} socket errors")
        # wrk counts completed responses; requests still in flight when it stops reached the
        # upstream but are not counted, so the upstream may see up to one more per connection.
        if not 0 <= upstream - req <= conns:
            failures.append(f"{label}: client completed {req}, upstream saw {upstream}")
        per_round.setdefault(key, []).append({
            "rps": req / secs,
            "p50": int(row["p50"]), "p90": int(row["p90"]), "p99": int(row["p99"]),
            "cpu": int(row["proxy_cpu_ticks"]) / clk_tck * 1e6 / req if req else 0.0,
            "mock_cpu": int(row["mock_cpu_ticks"]) / clk_tck * 1e6 / req if req else 0.0,
            "rss": int(row["proxy_hwm_kib"]) / 1024,
            "req": req, "upstream": upstream,
        })
    med = {k: {m: statistics.median(r[m] for r in rs) for m in rs[0]} for k, rs in per_round.items()}
    rounds = max(len(rs) for rs in per_round.values())
    groups = sorted({(k[0], k[1]) for k in med}, key=lambda g: (g[0] != "json", g[1]))
    present = [t for t in ORDER if any(k[2] == t for k in med)]

    print(f"\nper case: median of {rounds} round(s); latency in µs; +p50/+p99 = added over direct;"
          " CPU = proxy process user+system time per request; RSS = proxy peak resident set"
          " (VmHWM; nginx: master + workers); upstream = client completed + in flight at wrk's stop")
    print(f"{'case':<26}{'req/s':>9}{'p50':>7}{'p90':>7}{'p99':>8}{'+p50':>7}{'+p99':>8}{'CPU µs/req':>12}"
          f"{'mock µs/req':>12}{'RSS MiB':>9}  upstream = client")
    for mode, conns in groups:
        d = med.get((mode, conns, "direct"))
        for target in present:
            m = med.get((mode, conns, target))
            if m is None:
                continue
            proxy = target != "direct"
            added50 = f"{m['p50'] - d['p50']:+.0f}" if proxy and d else ""
            added99 = f"{m['p99'] - d['p99']:+.0f}" if proxy and d else ""
            seen = " / ".join(f"{r['upstream']}={r['req']}+{r['upstream'] - r['req']}" for r in per_round[(mode, conns, target)])
            cpu = f"{m['cpu']:.1f}" if proxy else ""
            rss = f"{m['rss']:.0f}" if proxy else ""
            print(f"{mode + ' c=' + str(conns) + ' ' + target:<26}{m['rps']:>9.0f}{m['p50']:>7.0f}{m['p90']:>7.0f}"
                  f"{m['p99']:>8.0f}{added50:>7}{added99:>8}{cpu:>12}{m['mock_cpu']:>12.1f}{rss:>9}  {seen}")

    def compare(title, num, den, show_added):
        rows = [(g, med.get((*g, num)), med.get((*g, den)), med.get((*g, "direct"))) for g in groups]
        rows = [r for r in rows if r[1] and r[2]]
        if not rows:
            return
        print(f"\n{title}")
        head = f"{'case':<16}{'CPU/req':>9}{'req/s':>8}"
        if show_added:
            head += f"{'added p50 ' + num[:4] + '|' + den[:5]:>22}{'added p99 ' + num[:4] + '|' + den[:5]:>22}"
        print(head)
        for (mode, conns), a, n, d in rows:
            line = f"{mode + ' c=' + str(conns):<16}{a['cpu'] / n['cpu']:>8.2f}x{a['rps'] / n['rps']:>7.2f}x"
            if show_added and d:
                line += f"{a['p50'] - d['p50']:>13.0f} |{n['p50'] - d['p50']:>7.0f}{a['p99'] - d['p99']:>14.0f} |{n['p99'] - d['p99']:>7.0f}"
            print(line)

    for g in GATEWAYS:
        compare(f"{g} vs nginx, same run (ratios {g} / nginx; added latency = over direct, µs)", g, "nginx", True)
    compare("candidate vs anyrouter, same run (ratios candidate / anyrouter)", "candidate", "anyrouter", True)
    compare("floor (bare Vert.x proxy, bench/FloorProxy.java) vs nginx, same run", "floor", "nginx", True)
    for g in GATEWAYS:
        compare(f"{g} vs floor, same run (ratios {g} / floor: the cost of AnyRouter's own code)", g, "floor", False)

    if ttft:
        rows = {}
        for row in ttft:
            if row["round"] != "0":
                rows.setdefault(row["target"], []).append(row)
        if rows:
            print(f"\nstreaming: time to first chunk, one connection, {ttft[-1]['runs']} sequential streams per round"
                  " (µs, median of rounds)")
            direct50 = statistics.median(float(r["ttfc_p50"]) for r in rows["direct"]) if "direct" in rows else None
            for target in [t for t in ORDER if t in rows]:
                p = {m: statistics.median(float(r[m]) for r in rows[target])
                     for m in ["ttfc_p50", "ttfc_p90", "ttfc_p99", "total_p50"]}
                extra = "" if target == "direct" or direct50 is None else f"   +{p['ttfc_p50'] - direct50:.0f} over direct at p50"
                print(f"  {target:<10} p50 {p['ttfc_p50']:>6.0f}  p90 {p['ttfc_p90']:>6.0f}  p99 {p['ttfc_p99']:>6.0f}"
                      f"   whole stream p50 {p['total_p50']:>6.0f}   ({rows[target][0]['events']} events){extra}")

    print("\nissue targets (informational; benchmarks do not gate):")
    for g in GATEWAYS:
        for mode, conns in groups:
            a, n, d = (med.get((mode, conns, t)) for t in (g, "nginx", "direct"))
            if not (a and n):
                continue
            line = f"  {g} {mode} c={conns}: CPU/req {a['cpu'] / n['cpu']:.2f}x nginx (<= 2x: {'met' if a['cpu'] <= 2 * n['cpu'] else 'missed'})"
            if conns >= 50:
                line += f"; throughput {a['rps'] / n['rps']:.0%} of nginx (>= 50%: {'met' if a['rps'] >= 0.5 * n['rps'] else 'missed'})"
            if conns == 1 and mode == "json" and d:
                line += (f"; added p50 {a['p50'] - d['p50']:.0f} µs (<= 150: {'met' if a['p50'] - d['p50'] <= 150 else 'missed'})"
                         f", added p99 {a['p99'] - d['p99']:.0f} µs (<= 1000: {'met' if a['p99'] - d['p99'] <= 1000 else 'missed'})")
            print(line)

    for g, (records, upstream) in books.items():
        if not any(k[2] == g for k in med):
            continue
        print(f"\n{g}: usage records written {records}; upstream requests it made {upstream}")
        if records != upstream:
            failures.append(f"{g} logged {records} usage records for {upstream} upstream requests")
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("every case: no non-2xx, no socket errors, upstream count = client count (+ requests in flight at wrk's stop)")


if __name__ == "__main__":
    main()
