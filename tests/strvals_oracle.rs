//! Helm's `--set` family parsers against Helm's own answers
//! (tests/data/strvals_cases.json, built by scripts/strvals-cases.py).

use std::collections::BTreeMap;

use helm_preflight::chart::strvals::{
    parse_set, parse_set_file, parse_set_json, parse_set_literal, parse_set_string, StrvalsError,
};
use helm_preflight::template::value::{Entries, FloatKind, IntKind, ListType, MapType, Value};
use serde_json::Value as Json;

const CASES: &str = include_str!("data/strvals_cases.json");

/// Compares `got` with a type-tagged expectation; returns the first difference.
fn diff(path: &str, want: &Json, got: &Value) -> Option<String> {
    let Some((tag, body)) = want.as_object().and_then(|o| o.iter().next()) else {
        return Some(format!("{path}: malformed expectation {want}"));
    };
    let mismatch = || Some(format!("{path}: want {tag} {body}, got {got:?}"));
    match (tag.as_str(), got) {
        ("null", Value::Nil) => None,
        ("bool", Value::Bool(b)) if body.as_bool() == Some(*b) => None,
        ("str", Value::String(s)) if body.as_str() == Some(s.as_str()) => None,
        ("int64", Value::Int(i, IntKind::I64)) => {
            let want: Option<i64> = body.as_str().and_then(|t| t.parse().ok());
            if want == Some(*i) {
                None
            } else {
                mismatch()
            }
        }
        ("float64", Value::Float(f, FloatKind::F64)) => {
            let want: Option<f64> = body.as_str().and_then(|t| t.parse().ok());
            if want.map(f64::to_bits) == Some(f.to_bits()) {
                None
            } else {
                mismatch()
            }
        }
        ("list", Value::List(l)) if l.ty == ListType::Any => {
            let Some(items) = body.as_array() else {
                return Some(format!("{path}: malformed list expectation"));
            };
            if items.len() != l.items.len() {
                return mismatch();
            }
            items
                .iter()
                .zip(l.items.iter())
                .enumerate()
                .find_map(|(i, (w, g))| diff(&format!("{path}[{i}]"), w, g))
        }
        ("map", Value::Map(m)) if m.ty == MapType::Any => {
            diff_entries(path, body, &m.entries.borrow())
        }
        _ => mismatch(),
    }
}

fn diff_entries(path: &str, want: &Json, got: &Entries) -> Option<String> {
    let Some(want) = want.as_object() else {
        return Some(format!("{path}: malformed map expectation"));
    };
    let want_keys: Vec<&String> = want.keys().collect();
    let got_keys: Vec<&String> = got.keys().collect();
    if want_keys != got_keys {
        return Some(format!("{path}: keys want {want_keys:?}, got {got_keys:?}"));
    }
    want.iter()
        .zip(got.values())
        .find_map(|((k, w), g)| diff(&format!("{path}.{k}"), w, g))
}

fn run(func: &str, input: &str, files: &BTreeMap<String, String>) -> Result<Entries, StrvalsError> {
    let mut dest = Entries::new();
    let read = |path: &str| {
        files
            .get(path)
            .cloned()
            .ok_or_else(|| format!("open {path}: no such file or directory"))
    };
    match func {
        "set" => parse_set(input, &mut dest),
        "set_string" => parse_set_string(input, &mut dest),
        "set_json" => parse_set_json(input, &mut dest),
        "set_literal" => parse_set_literal(input, &mut dest),
        "set_file" => parse_set_file(input, &mut dest, &read),
        other => panic!("unknown func {other}"),
    }
    .map(|()| dest)
}

#[test]
fn strvals_cases_match_helm() {
    let doc: Json = serde_json::from_str(CASES).expect("strvals_cases.json is JSON");
    let files: BTreeMap<String, String> =
        serde_json::from_value(doc["files"].clone()).expect("files map");
    let cases = doc["cases"].as_array().expect("cases list");
    assert!(cases.len() >= 90, "only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut funcs = BTreeMap::<String, usize>::new();
    for case in cases {
        let func = case["func"].as_str().expect("func");
        let input = case["input"].as_str().expect("input");
        *funcs.entry(func.to_string()).or_default() += 1;
        let got = run(func, input, &files);
        let problem = match (case.get("expect"), case.get("error"), &got) {
            (Some(want), _, Ok(dest)) => {
                let body = &want["map"];
                diff_entries("$", body, dest)
            }
            (_, Some(want), Err(e)) => (want.as_str() != Some(e.message.as_str()))
                .then(|| format!("error want {want}, got {:?}", e.message)),
            (Some(_), _, Err(e)) => Some(format!("unexpected error {:?}", e.message)),
            (_, Some(want), Ok(dest)) => Some(format!("want error {want}, got {dest:?}")),
            _ => Some("malformed case".to_string()),
        };
        if let Some(p) = problem {
            failures.push(format!("{func} {input:?}: {p}"));
        }
    }
    for f in ["set", "set_string", "set_json", "set_literal", "set_file"] {
        assert!(funcs.get(f).copied().unwrap_or(0) >= 5, "too few {f} cases");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Helm:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
