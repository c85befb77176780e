#!/usr/bin/env python3
"""Times Helm's own renderer (Helm SDK via ../shared/oracle) in-process, per corpus chart.

usage: "$(../shared/oracle/setup.sh)/bin/python" scripts/oracle-timing.py [CORPUS_DIR] [--repeat N]
       ... scripts/oracle-timing.py --engine-template   (the engine benchmark's template, see benches/render.rs)

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
    ap.add_argument("--engine-template", action="store_true")
    a = ap.parse_args()
    if a.engine_template:
        return engine_template(a.corpus, a.repeat)
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


def engine_template(corpus, repeat):
    """Times the template of the engine benchmark: kube-prometheus-stack's node-exporter rules
    rendered as templates/case.yaml of a chart `t` with that chart's helpers and values."""
    import shutil, tempfile
    src = os.path.join(corpus, "charts", "kube-prometheus-stack")
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "templates"))
        with open(os.path.join(tmp, "Chart.yaml"), "w") as fh:
            fh.write("apiVersion: v2\nname: t\nversion: 0.1.0\n")
        shutil.copy(os.path.join(src, "values.yaml"), os.path.join(tmp, "values.yaml"))
        shutil.copy(os.path.join(src, "templates", "_helpers.tpl"), os.path.join(tmp, "templates", "_helpers.tpl"))
        shutil.copy(os.path.join(src, "templates", "prometheus", "rules-1.14", "node-exporter.yaml"),
                    os.path.join(tmp, "templates", "case.yaml"))
        times = []
        with helm.Chart.load(tmp) as chart:
            for _ in range(repeat):
                t0 = time.perf_counter()
                chart.render({}, name="rel", namespace="ns")
                times.append((time.perf_counter() - t0) * 1000)
        print(f"engine-template\t{statistics.median(times):.2f}\t{min(times):.2f}")


if __name__ == "__main__":
    sys.exit(main())
