//! Helm's chart semantics on our own fixture charts: every case of
//! tests/fixtures/chart-cases.yaml (a chart of tests/fixtures/charts and `-f` values
//! files) is loaded and rendered with release `rel` in namespace `ns`, and each
//! template's output (or the error message) is compared byte for byte with Helm's,
//! recorded in tests/fixtures/charts-expected by scripts/gen_chart_fixtures.py.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use helm_preflight::chart::load::load;
use helm_preflight::render::chart::{render_chart, RenderOptions};
use helm_preflight::render::command::version_in_range;
use helm_preflight::render::context::ReleaseInfo;
use helm_preflight::render::values::merge_maps;
use helm_preflight::template::value::{Entries, Value};
use helm_preflight::yaml::to_value::load_values_v4;

/// Cases the table must hold at least.
const MIN_CASES: usize = 60;

/// One case of tests/fixtures/chart-cases.yaml.
#[derive(Debug, serde::Deserialize)]
struct Case {
    name: String,
    chart: String,
    #[serde(default)]
    values: Vec<String>,
}

/// Helm's answer for a case.
#[derive(Debug, serde::Deserialize)]
struct Expected {
    #[serde(default)]
    templates: Option<BTreeMap<String, String>>,
    #[serde(default)]
    error: Option<String>,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The `-f` files merged in order, as `helm template -f a -f b` does.
fn user_values(files: &[String]) -> Result<Entries, String> {
    let mut out = Entries::new();
    for f in files {
        let path = fixtures().join("charts-values").join(f);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{f}: {e}"))?;
        let v = load_values_v4(&text).map_err(|e| format!("{f}: {e}"))?;
        if let Value::Map(m) = v {
            merge_maps(&mut out, m.entries.borrow().clone());
        }
    }
    Ok(out)
}

/// Our templates, or our error message.
fn render(case: &Case) -> Result<BTreeMap<String, String>, String> {
    let chart = load(&fixtures().join("charts").join(&case.chart)).map_err(|e| e.message)?;
    let user = user_values(&case.values)?;
    let opts = RenderOptions {
        release: ReleaseInfo {
            name: "rel".into(),
            namespace: "ns".into(),
            ..ReleaseInfo::default()
        },
        ..RenderOptions::default()
    };
    let rendered = render_chart(&chart, &user, &opts, version_in_range).map_err(|e| e.message)?;
    Ok(rendered
        .templates
        .into_iter()
        .map(|(k, v)| (k, v.text))
        .collect())
}

/// A readable account of how two template maps differ.
fn diff(want: &BTreeMap<String, String>, got: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for (k, w) in want {
        match got.get(k) {
            None => out.push_str(&format!("  missing {k}\n")),
            Some(g) if g != w => out.push_str(&format!("  {k}:\n    want {w:?}\n    got  {g:?}\n")),
            Some(_) => {}
        }
    }
    for k in got.keys().filter(|k| !want.contains_key(*k)) {
        out.push_str(&format!("  unexpected {k}\n"));
    }
    out
}

#[test]
fn chart_semantics_match_helm() {
    let text = std::fs::read_to_string(fixtures().join("chart-cases.yaml"))
        .unwrap_or_else(|e| panic!("chart-cases.yaml: {e}"));
    let cases: Vec<Case> =
        yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("chart-cases.yaml: {e}"));
    assert!(cases.len() >= MIN_CASES, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let path = fixtures()
            .join("charts-expected")
            .join(format!("{}.json", case.name));
        let want: Expected = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let got = render(case);
        let report = match (&want.templates, &want.error, &got) {
            (Some(w), None, Ok(g)) if w == g => continue,
            (Some(w), None, Ok(g)) => diff(w, g),
            (None, Some(w), Err(g)) if w == g => continue,
            (None, Some(w), Err(g)) => format!("  error:\n    want {w:?}\n    got  {g:?}\n"),
            (Some(_), None, Err(g)) => format!("  unexpected error {g:?}\n"),
            (None, Some(w), Ok(_)) => format!("  rendered, Helm fails with {w:?}\n"),
            _ => format!("  malformed expectation {}\n", path.display()),
        };
        failures.push(format!("{} ({}):\n{report}", case.name, case.chart));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Helm:\n{}",
        failures.len(),
        cases.len(),
        failures.join("")
    );
}
