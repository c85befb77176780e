//! Shared helpers for the oracle-checked conformance tables.

#![allow(dead_code)]

use std::path::Path;

use helm_preflight::render::context::ReleaseInfo;
use helm_preflight::render::eval::eval_template;
use helm_preflight::render::values::load_chart_values;
use helm_preflight::template::value::{Entries, Value};

/// One case of a conformance table (`tests/conformance/*.yaml`).
#[derive(Debug, serde::Deserialize)]
pub struct Case {
    /// Unique id.
    pub name: String,
    /// The template text (rendered as `t/templates/case.yaml`).
    pub template: String,
    /// The chart's values: a mapping, or the text of a values.yaml.
    #[serde(default)]
    pub values: Option<yaml_serde::Value>,
    /// Extra chart files.
    #[serde(default)]
    pub files: Option<std::collections::BTreeMap<String, String>>,
    /// Release name and namespace.
    #[serde(default)]
    pub release: Option<std::collections::BTreeMap<String, String>>,
    /// Helm's output.
    #[serde(default)]
    pub output: Option<String>,
    /// Helm's error.
    #[serde(default)]
    pub error: Option<String>,
}

/// Loads a table of cases.
pub fn load_cases(path: &str) -> Vec<Case> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The values.yaml text of a case, as the oracle wrote it.
pub fn values_text(case: &Case) -> String {
    match &case.values {
        None | Some(yaml_serde::Value::Null) => String::new(),
        Some(yaml_serde::Value::String(s)) => s.clone(),
        Some(other) => yaml_serde::to_string(other).expect("values serialize"),
    }
}

/// The extra chart files of a case.
pub fn case_files(case: &Case) -> Vec<(String, String)> {
    case.files
        .as_ref()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// Converts a mapping given directly in the case file the way the oracle passes it
/// to Helm (a YAML file whose numbers all become float64).
pub fn value_from_serde(v: &yaml_serde::Value) -> Value {
    use yaml_serde::Value as Y;
    match v {
        Y::Null => Value::Nil,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => Value::float(n.as_f64().unwrap_or(0.0)),
        Y::String(s) => Value::from(s.as_str()),
        Y::Sequence(items) => Value::list(items.iter().map(value_from_serde).collect()),
        Y::Mapping(m) => {
            let mut e = Entries::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s.clone(),
                    Y::Bool(b) => b.to_string(),
                    Y::Number(n) => n.to_string(),
                    other => format!("{other:?}"),
                };
                e.insert(key, value_from_serde(v));
            }
            Value::map(e)
        }
        Y::Tagged(t) => value_from_serde(&t.value),
    }
}

fn strip_nils(e: &mut Entries) {
    e.retain(|_, v| !matches!(v, Value::Nil));
    for v in e.values_mut() {
        if let Value::Map(m) = v {
            strip_nils(&mut m.entries.borrow_mut());
        }
    }
}

/// Runs a case through the engine: Ok(output) or Err(error text).
pub fn run_case(case: &Case) -> Result<String, String> {
    let values = match &case.values {
        Some(yaml_serde::Value::Mapping(_)) => {
            let Value::Map(m) = value_from_serde(case.values.as_ref().expect("mapping")) else {
                unreachable!("a mapping converts to a map")
            };
            let mut e = m.entries.borrow().clone();
            strip_nils(&mut e);
            e
        }
        _ => load_chart_values(&[values_text(case)])?,
    };
    let mut release = ReleaseInfo::default();
    if let Some(r) = &case.release {
        if let Some(n) = r.get("name") {
            release.name = n.clone();
        }
        if let Some(n) = r.get("namespace") {
            release.namespace = n.clone();
        }
    }
    eval_template(
        &case.template,
        Value::map(values),
        &case_files(case),
        &release,
    )
}

/// Runs every case of a table and panics with a report of all mismatches.
pub fn check_table(path: &str, min_cases: usize) {
    let cases = load_cases(path);
    assert!(
        cases.len() >= min_cases,
        "{path}: only {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for c in &cases {
        let got = run_case(c);
        let ok = match (&c.output, &c.error, &got) {
            (Some(want), _, Ok(out)) => want == out,
            (_, Some(want), Err(err)) => want == err,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "--- {}\ntemplate: {:?}\nwant: {:?}\ngot:  {:?}",
                c.name,
                c.template,
                c.output
                    .as_ref()
                    .map(|o| format!("output {o:?}"))
                    .or(c.error.as_ref().map(|e| format!("error {e:?}"))),
                got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Helm:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Runs the `helm-preflight` binary in the crate root: (exit code, stdout, stderr).
pub fn run_bin(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_helm-preflight"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run helm-preflight");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
