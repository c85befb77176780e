#!/usr/bin/env python3
"""Turns `cargo bench --bench render` output plus `scripts/oracle-timing.py` TSV into a
Markdown table: chart, helm-preflight median, Helm median, speed-up.

usage: cargo bench --bench render -- render/ 2>&1 | python3 scripts/bench-table.py ORACLE.tsv
"""
import re, statistics, sys

UNITS = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}


def ours(text):
    out, name = {}, None
    for line in text.splitlines():
        m = re.match(r"^(render(?:-cold)?/\S+|engine/.*?)(\s+time:.*)?$", line.strip())
        if m and not line.startswith("Benchmarking"):
            name = m.group(1)
        t = re.search(r"time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", line)
        if t and name:
            out[name] = float(t.group(1)) * UNITS[t.group(2)]
            name = None
    return out


def main():
    mine = ours(sys.stdin.read())
    helm = {}
    with open(sys.argv[1], encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0] != "chart":
                try:
                    helm[parts[0]] = float(parts[1])
                except ValueError:
                    pass
    print("| chart | Helm `Chart.render` (ms) | helm-preflight cold (ms) | speed-up | helm-preflight parsed once (ms) | speed-up |")
    print("|---|---:|---:|---:|---:|---:|")
    cold_r, warm_r = [], []
    for name in sorted(helm):
        warm, cold = mine.get(f"render/{name}"), mine.get(f"render-cold/{name}")
        if warm is None or cold is None:
            continue
        cold_r.append(helm[name] / cold)
        warm_r.append(helm[name] / warm)
        print(f"| {name} | {helm[name]:.2f} | {cold:.2f} | {helm[name] / cold:.1f}x | {warm:.2f} | {helm[name] / warm:.1f}x |")
    if cold_r:
        print(f"\nmedian speed-up over {len(cold_r)} charts: {statistics.median(cold_r):.1f}x cold, "
              f"{statistics.median(warm_r):.1f}x with templates parsed once")
    for k, v in sorted(mine.items()):
        if k.startswith("engine/"):
            print(f"{k}: {v:.3f} ms")


if __name__ == "__main__":
    main()
