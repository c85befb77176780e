//! `values.schema.json` validation checked against Helm's own verdicts.
//!
//! Every directory under `tests/fixtures/schema/` is a small chart (optionally with
//! subcharts). `expected.txt` holds Helm's error text for it, recorded by
//! `scripts/schema_oracle.py` with the Helm v4 oracle; empty means Helm accepts the
//! values. Helm prints sibling errors in Go's random map order, so the script keeps
//! every order it saw (variants separated by `=====` lines): our text must equal one
//! variant, or hold exactly the same error blocks as the first one (our order is the
//! key order, which a finite number of oracle runs may not have printed).

use std::path::{Path, PathBuf};

use helm_preflight::chart::coalesce::coalesce_values;
use helm_preflight::chart::load::load;
use helm_preflight::chart::schema::{validate_values, SchemaError, Unchecked};
use helm_preflight::template::value::Entries;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema")
}

fn run(dir: &Path) -> Result<Vec<Unchecked>, SchemaError> {
    let chart = load(dir).unwrap_or_else(|e| panic!("{}: load: {e:?}", dir.display()));
    let values = coalesce_values(&chart, &Entries::new())
        .unwrap_or_else(|e| panic!("{}: coalesce: {e}", dir.display()));
    validate_values(&chart, &values)
}

/// Top-level error blocks: a chart header or `- at` line with its nested lines.
fn blocks(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        match out.last_mut() {
            Some(last) if line.starts_with("  ") => {
                last.push('\n');
                last.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
    }
    out.sort();
    out
}

#[test]
fn schema_cases_match_helm() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 40, "only {} cases", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let expected = std::fs::read_to_string(dir.join("expected.txt")).expect("expected.txt");
        let variants: Vec<&str> = expected.split("\n=====\n").collect();
        let got = match run(dir) {
            Ok(_) => String::new(),
            Err(e) => e.message,
        };
        let ok = variants.contains(&got.as_str()) || blocks(&got) == blocks(variants[0]);
        if !ok {
            failures.push(format!(
                "## {}\n--- helm\n{}\n--- ours\n{}",
                dir.display(),
                variants[0],
                got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn problems_are_structured() {
    let err = run(&fixtures().join("subchart_errors")).expect_err("invalid values");
    let rows: Vec<(String, String, String, usize)> = err
        .problems
        .iter()
        .map(|p| {
            (
                p.chart.clone(),
                p.instance_path.clone(),
                p.message.clone(),
                p.depth,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "c".into(),
                "/top".into(),
                "got number, want string".into(),
                0
            ),
            ("sub".into(), "".into(), "missing property 'name'".into(), 0),
            (
                "sub".into(),
                "/port".into(),
                "got string, want integer".into(),
                0
            ),
        ]
    );
    let err = run(&fixtures().join("ref_defs_many_causes")).expect_err("invalid values");
    let depths: Vec<usize> = err.problems.iter().map(|p| p.depth).collect();
    assert_eq!(depths, vec![0, 1, 1]);
}

#[test]
fn remote_refs_are_not_fetched_and_accept_anything_while_the_rest_validates() {
    let dir = std::env::temp_dir().join(format!("hp-schema-remote-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: r\nversion: 0.1.0\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("values.schema.json"),
        r#"{"properties":{"a":{"$ref":"https://example.com/s.json#/x"},"b":{"type":"integer"}}}"#,
    )
    .expect("write");
    std::fs::write(dir.join("values.yaml"), "a: 1\nb: 2\n").expect("write");
    let ok = run(&dir);
    std::fs::write(dir.join("values.yaml"), "a: 1\nb: two\n").expect("write");
    let bad = run(&dir);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        ok,
        Ok(vec![Unchecked {
            chart: "r".into(),
            url: "https://example.com/s.json".into()
        }])
    );
    assert_eq!(
        bad.expect_err("b is a string").message,
        "values don't meet the specifications of the schema(s) in the following chart(s):\nr:\n\
         - at '/b': got string, want integer\n"
    );
}
