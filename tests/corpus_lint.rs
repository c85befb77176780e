//! `readiness-probe-missing` over every corpus chart agrees with the
//! `containers_without_readinessProbe` column of ../shared/corpus/charts/STATUS.tsv.
//! Skips with a message when the corpus is absent.

use std::path::Path;

use helm_preflight::lint::lint_chart;
use helm_preflight::render::chart::RenderOptions;
use helm_preflight::render::values::merge_maps;
use helm_preflight::template::value::{Entries, Value};
use helm_preflight::yaml::to_value::load_values_v4;

#[test]
fn readiness_probe_counts_match_the_corpus_status() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/charts");
    let Ok(status) = std::fs::read_to_string(root.join("STATUS.tsv")) else {
        eprintln!("skipping: ../shared/corpus is absent (the corpus lives beside the checkout)");
        return;
    };
    let mut lines = status.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .expect("STATUS.tsv column")
    };
    let (name_col, count_col) = (col("name"), col("containers_without_readinessProbe"));
    let mut differences = Vec::new();
    let mut charts = 0;
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let (Some(name), Some(expected)) = (cells.get(name_col), cells.get(count_col)) else {
            continue;
        };
        charts += 1;
        let dir = root.join(name);
        let mut user = Entries::new();
        if let Ok(t) = std::fs::read_to_string(dir.join("ci-values.yaml")) {
            if let Ok(Value::Map(m)) = load_values_v4(&t) {
                merge_maps(&mut user, m.entries.borrow().clone());
            }
        }
        let report = lint_chart(&dir, &user, &RenderOptions::default());
        let ours = report
            .findings
            .iter()
            .filter(|f| f.rule == "readiness-probe-missing")
            .count();
        if ours.to_string() != *expected {
            differences.push(format!("{name}: ours {ours}, STATUS.tsv {expected}"));
        }
    }
    assert_eq!(charts, 38, "corpus chart count");
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// Every corpus chart lints without a crash: no `render-failed` with the chart's own
/// `ci-values.yaml` (the values it needs to render at all), nor in its chart-testing
/// `ci/*-values.yaml` runs (each over the chart's defaults, as `ct install` runs it) but
/// one, where Helm 4 fails the same way: kyverno's `ci/openreports-values.yaml` holds four
/// YAML documents, which Helm 4 merges (`loader.LoadValues`), so its last case
/// (`enabled: false`, `installCrds: true`) reaches the chart's own `fail` (Helm 3 reads
/// the first document only).
///
/// Prints the findings per rule and chart (`cargo test --test corpus_lint -- --nocapture`).
#[test]
fn every_corpus_chart_lints_and_only_true_render_failures_are_reported() {
    use helm_preflight::config::Config;
    use helm_preflight::lint::{lint_chart_runs, UserValues};
    use std::collections::BTreeMap;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/charts");
    let Ok(entries) = std::fs::read_dir(&root) else {
        eprintln!("skipping: ../shared/corpus is absent (the corpus lives beside the checkout)");
        return;
    };
    let mut charts: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("Chart.yaml").is_file())
        .collect();
    charts.sort();
    assert_eq!(charts.len(), 38, "corpus chart count");
    let mut table: BTreeMap<String, BTreeMap<String, (usize, usize)>> = BTreeMap::new();
    let mut failures = Vec::new();
    for dir in &charts {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut user = UserValues::default();
        if let Ok(text) = std::fs::read_to_string(dir.join("ci-values.yaml")) {
            if let Ok(Value::Map(m)) = load_values_v4(&text) {
                merge_maps(&mut user.entries, m.entries.borrow().clone());
            }
            user.files.push((dir.join("ci-values.yaml"), text));
        }
        let runs = lint_chart_runs(dir, &user, &RenderOptions::default(), &Config::default());
        for run in &runs {
            for f in &run.findings {
                let cell = table
                    .entry(f.rule.to_string())
                    .or_default()
                    .entry(name.clone())
                    .or_default();
                if run.values_file.is_none() {
                    cell.0 += 1;
                } else {
                    cell.1 += 1;
                }
                if f.rule == "render-failed" {
                    let file = run
                        .values_file
                        .as_ref()
                        .map(|v| v.strip_prefix(&root).unwrap_or(v).display().to_string());
                    failures.push(format!("{} {:?}", name, file));
                }
            }
        }
    }
    for (rule, per_chart) in &table {
        let cells: Vec<String> = per_chart
            .iter()
            .map(|(chart, (d, ci))| format!("{chart} {d}+{ci}"))
            .collect();
        eprintln!("{rule}: {}", cells.join(", "));
    }
    assert_eq!(
        failures,
        vec!["kyverno Some(\"kyverno/ci/openreports-values.yaml\")".to_string()]
    );
}

/// The `crds/` scanner gives the YAML parser's answer on every CRD file of the corpus.
#[test]
fn crd_scanner_agrees_with_the_parser_on_every_corpus_crd_file() {
    use helm_preflight::manifest::crd_scan::{crd_target, crd_targets};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/charts");
    if !root.is_dir() {
        eprintln!("skipping: ../shared/corpus is absent (the corpus lives beside the checkout)");
        return;
    }
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .parent()
                .is_some_and(|d| d.ends_with("crds") && d.join("../Chart.yaml").is_file())
                && p.extension().is_some_and(|x| x == "yaml" || x == "yml")
            {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 40, "corpus crds/ files: {}", files.len());
    let mut crds = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("crd file");
        let parsed: Vec<(String, String)> = helm_preflight::yaml::parse_documents(&text)
            .expect("corpus CRDs parse")
            .iter()
            .filter_map(|d| crd_target(d.root.as_ref()?))
            .collect();
        crds += parsed.len();
        assert_eq!(crd_targets(&text), parsed, "{}", f.display());
    }
    assert!(crds >= 40, "CRDs found: {crds}");
}
