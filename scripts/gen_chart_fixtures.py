#!/usr/bin/env python3
"""Regenerates tests/fixtures/charts-expected/*.json from Helm itself (the oracle).

For every case of tests/fixtures/chart-cases.yaml ({name, chart, values?}) this renders
tests/fixtures/charts/<chart> with ../shared/oracle/render.py (release `rel`, namespace
`ns`, the values files of tests/fixtures/charts-values passed as -f in order) and writes
tests/fixtures/charts-expected/<name>.json: {"chart", "values", "templates": {path: text}}
or, when Helm refuses the chart, {"chart", "values", "error": message} (Helm's text,
without the CLI's "Error: " prefix).

Before that it (re)creates the one binary fixture, the packaged subchart
tests/fixtures/charts/load/charts/packed-0.1.0.tgz, from the PACKED table below, with
fixed timestamps so that regenerating it is reproducible.

usage: ~/.cache/helm-oracle/bin/python scripts/gen_chart_fixtures.py [CASE_NAME...]
"""
import gzip, io, json, os, subprocess, sys, tarfile

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
FIX = os.path.join(ROOT, "tests", "fixtures")
ORACLE = os.environ.get("HELM_ORACLE_RENDER", "/work/shared/oracle/render.py")

# The packaged subchart of the `load` fixture: a .tgz in charts/ is loaded as an archive,
# so the parent's .helmignore, Helm's default `templates/.?*` rule and the archive's own
# .helmignore do not apply to it.
PACKED = {
    "packed/Chart.yaml": "apiVersion: v2\nname: packed\nversion: 0.1.0\n",
    "packed/values.yaml": "\ufeffp: packed\nlist: [1, 2]\n",
    "packed/.helmignore": "data.txt\n",
    "packed/data.txt": "packed data\n",
    "packed/templates/p.yaml": (
        "values={{ printf \"%v\" .Values }}\n"
        "chart={{ .Chart.Name }} template={{ .Template.Name }} base={{ .Template.BasePath }}\n"
        "data={{ .Files.Get \"data.txt\" }}"
        "files={{ range $p, $_ := .Files.Glob \"**\" }}{{ $p }} {{ end }}\n"
    ),
    "packed/templates/.hidden.yaml": "hidden template of {{ .Chart.Name }}\n",
}


def write_packed():
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.USTAR_FORMAT) as tar:
            for name in sorted(PACKED):
                data = PACKED[name].encode("utf-8")
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = 0
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(data))
    path = os.path.join(FIX, "charts", "load", "charts", "packed-0.1.0.tgz")
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def run_case(case):
    chart = os.path.join(FIX, "charts", case["chart"])
    values = case.get("values", [])
    cmd = [sys.executable, ORACLE, chart, "--name", "rel", "--namespace", "ns", "--json"]
    for v in values:
        cmd += ["-f", os.path.join(FIX, "charts-values", v)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    out = {"chart": case["chart"], "values": values}
    if p.returncode == 0:
        out["templates"] = json.loads(p.stdout)["templates"]
    else:
        # Helm may log warnings first; its message is what follows "Error: ".
        err = "\n" + p.stderr.rstrip("\n")
        at = err.find("\nError: ")
        if at < 0:
            sys.exit(f"{case['name']}: oracle failed: {p.stderr}")
        out["error"] = err[at + len("\nError: "):]
    return out


def main():
    with open(os.path.join(FIX, "chart-cases.yaml"), encoding="utf-8") as f:
        cases = yaml.safe_load(f)
    only = set(sys.argv[1:])
    write_packed()
    outdir = os.path.join(FIX, "charts-expected")
    os.makedirs(outdir, exist_ok=True)
    for case in cases:
        if only and case["name"] not in only:
            continue
        res = run_case(case)
        with open(os.path.join(outdir, case["name"] + ".json"), "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        print(case["name"], "error" if "error" in res else len(res["templates"]))


if __name__ == "__main__":
    main()
