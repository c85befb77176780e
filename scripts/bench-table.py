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
        m = re.match(r"^(render/\S+|engine/.*?)(\s+time:.*)?$", line.strip())
        if m and not line.startswith("Benchmarking"):
            name = m.group(1)
        t = re.search(r"time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", line)
        if t and name:
            out[name.split("/", 1)[1]] = float(t.group(1)) * UNITS[t.group(2)]
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
    print("| chart | helm-preflight (ms) | Helm (ms) | speed-up |")
    print("|---|---:|---:|---:|")
    ratios = []
    for name in sorted(mine):
        if name not in helm:
            continue
        r = helm[name] / mine[name]
        ratios.append(r)
        print(f"| {name} | {mine[name]:.2f} | {helm[name]:.2f} | {r:.1f}x |")
    if ratios:
        print(f"\nmedian speed-up: {statistics.median(ratios):.1f}x over {len(ratios)} charts")


if __name__ == "__main__":
    main()
