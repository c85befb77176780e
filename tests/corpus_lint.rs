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
