//! `budget` over every chart of ../shared/corpus/charts (with its ci-values.yaml when
//! present): no crash, a figure or a clear error for each. Skips without the corpus.

use std::path::Path;

use helm_preflight::budget::{budget_chart, BudgetSettings};
use helm_preflight::render::values::merge_maps;
use helm_preflight::template::value::{Entries, Value};
use helm_preflight::yaml::to_value::load_values_v4;

#[test]
fn every_corpus_chart_gets_a_budget() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/charts");
    let Ok(entries) = std::fs::read_dir(&root) else {
        eprintln!("skipping: ../shared/corpus is absent (the corpus lives beside the checkout)");
        return;
    };
    let mut dirs: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("Chart.yaml").is_file())
        .collect();
    dirs.sort();
    let mut problems = Vec::new();
    let mut budgets = 0;
    for dir in &dirs {
        let mut user = Entries::new();
        if let Ok(t) = std::fs::read_to_string(dir.join("ci-values.yaml")) {
            if let Ok(Value::Map(m)) = load_values_v4(&t) {
                merge_maps(&mut user, m.entries.borrow().clone());
            }
        }
        match budget_chart(dir, &user, &BudgetSettings::default()) {
            Ok(b) => {
                budgets += 1;
                // The minimum is the slowest item plus the buffer, and never below it.
                let slowest = b.slowest().map_or(0, |w| w.seconds);
                if b.minimum_seconds != slowest + 60 {
                    problems.push(format!("{}: minimum {}", dir.display(), b.minimum_seconds));
                }
                if b.workloads.iter().any(|w| w.location.is_none()) {
                    problems.push(format!("{}: a workload without location", dir.display()));
                }
            }
            Err(e) if e == "library charts are not installable" => {}
            Err(e) => problems.push(format!("{}: {e}", dir.display())),
        }
    }
    assert_eq!(dirs.len(), 38, "corpus chart count");
    assert_eq!(budgets, 37, "every application chart gets a budget");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
