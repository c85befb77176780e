#!/usr/bin/env python3
"""Times Helm's own renderer (Helm SDK via ../shared/oracle) in-process, per corpus chart.

usage: "$(../shared/oracle/setup.sh)/bin/python" scripts/oracle-timing.py [CORPUS_DIR] [--repeat N]

For each chart: loads it once, then times N calls of `Chart.render` (the engine render, what
helm-preflight's `render_chart` does) and prints the median in milliseconds as TSV:
chart<TAB>median_ms<TAB>min_ms. Values: the chart's ci-values.yaml when present.
"""
import argparse, os, statistics, sys, time

import helm_python as helm


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus"))
    ap.add_argument("--repeat", type=int, default=9)
    a = ap.parse_args()
    charts = os.path.join(a.corpus, "charts")
    print("chart\tmedian_ms\tmin_ms")
    for name in sorted(os.listdir(charts)):
        d = os.path.join(charts, name)
        if not os.path.isdir(d):
            continue
        values = {}
        ci = os.path.join(d, "ci-values.yaml")
        if os.path.exists(ci):
            with open(ci, encoding="utf-8") as fh:
                values = helm.values_from_yaml(fh.read()) or {}
        times = []
        try:
            with helm.Chart.load(d) as chart:
                for _ in range(a.repeat):
                    t0 = time.perf_counter()
                    chart.render(values, name="rel", namespace="ns")
                    times.append((time.perf_counter() - t0) * 1000)
        except helm.HelmError as e:
            print(f"{name}\terror\t{str(e).splitlines()[0]}", file=sys.stderr)
            continue
        print(f"{name}\t{statistics.median(times):.2f}\t{min(times):.2f}")


if __name__ == "__main__":
    sys.exit(main())
