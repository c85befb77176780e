//! Every `lint --format` on one fixture chart (`tests/fixtures/lint/report`): a finding
//! written by a helper reached through `include`, a duplicate key full of characters
//! that need escaping, a CRD note and a custom resource whose CRD is a related
//! location. Snapshots in `tests/snapshots/`; SARIF is read back with `serde-sarif`.

mod common;

const CHART: &str = "tests/fixtures/lint/report";

fn lint(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    common::run_bin(&all)
}

/// The output of `--format FORMAT` on the fixture chart (which has findings: exit 1).
fn formatted(format: &str) -> String {
    let (code, out, err) = lint(&[CHART, "--format", format]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(err, "");
    out
}

#[test]
fn every_format_matches_its_snapshot() {
    for format in [
        "human",
        "compact",
        "json",
        "sarif",
        "github",
        "junit",
        "checkstyle",
    ] {
        insta::assert_snapshot!(format, formatted(format));
    }
}

#[test]
fn template_snapshot() {
    let (code, out, err) = lint(&[
        CHART,
        "--format",
        "template",
        "--template",
        "examples/report-templates/markdown.hbs",
    ]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("template", out);
}

/// Reads SARIF with the `serde-sarif` types and writes it back: every field we wrote
/// must survive (the types drop what the schema does not know).
fn sarif_round_trip(text: &str) -> serde_sarif::sarif::Sarif {
    let ours: serde_json::Value = serde_json::from_str(text).expect("json");
    let sarif: serde_sarif::sarif::Sarif = serde_json::from_str(text).expect("SARIF 2.1.0");
    let back = serde_json::to_value(&sarif).expect("serialize");
    assert_eq!(back, ours, "fields unknown to SARIF 2.1.0");
    sarif
}

#[test]
fn sarif_is_valid_with_rules_results_and_regions() {
    let sarif = sarif_round_trip(&formatted("sarif"));
    let run = &sarif.runs[0];
    let results = run.results.as_ref().expect("results");
    let rule_ids: Vec<&str> = results
        .iter()
        .map(|r| r.rule_id.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        rule_ids,
        [
            "readiness-probe-missing",
            "manifest-duplicate-key",
            "crd-in-templates",
            "readiness-probe-missing",
            "crd-with-custom-resource"
        ]
    );
    // The sidecar printed by `toYaml .Values.sidecars` relates to its values entry.
    let sidecar = &results[3];
    let related = sidecar.related_locations.as_ref().expect("related");
    let last = related.last().expect("values entry");
    assert_eq!(
        last.message.as_ref().and_then(|m| m.text.as_deref()),
        Some("the value sidecars[0].name is set here")
    );
    let region = last
        .physical_location
        .as_ref()
        .and_then(|p| p.region.as_ref())
        .expect("region");
    assert_eq!((region.start_line, region.start_column), (Some(3), Some(5)));
    assert_eq!((region.end_line, region.end_column), (Some(3), Some(9)));
    let rules = run.tool.driver.rules.as_ref().expect("rules");
    assert_eq!(rules.len(), 4);
    // The helper's `name` key: 2:3 to 2:7 in _helpers.tpl.
    let location = &results[0].locations.as_ref().expect("locations")[0];
    let physical = location.physical_location.as_ref().expect("physical");
    assert_eq!(
        physical
            .artifact_location
            .as_ref()
            .and_then(|a| a.uri.as_deref()),
        Some("tests/fixtures/lint/report/templates/_helpers.tpl")
    );
    let region = physical.region.as_ref().expect("region");
    assert_eq!(
        (
            region.start_line,
            region.start_column,
            region.end_line,
            region.end_column
        ),
        (Some(2), Some(3), Some(2), Some(7))
    );
    // The CRD is a related location of the custom resource.
    let related = results[4].related_locations.as_ref().expect("related");
    assert_eq!(
        related[0]
            .physical_location
            .as_ref()
            .and_then(|p| p.artifact_location.as_ref())
            .and_then(|a| a.uri.as_deref()),
        Some("tests/fixtures/lint/report/templates/crd.yaml")
    );
}

#[test]
fn sarif_of_a_clean_run_still_has_a_results_array() {
    let (code, out, err) = lint(&[
        "tests/fixtures/lint/broken",
        "--set",
        "name=web",
        "--format",
        "sarif",
    ]);
    assert_eq!(code, 0, "{err}");
    let sarif = sarif_round_trip(&out);
    assert_eq!(sarif.runs[0].results.as_ref().map(Vec::len), Some(0));
    assert!(out.contains("\"results\": []"), "{out}");
}

#[test]
fn json_names_the_helper_the_rendered_location_and_the_related_crd() {
    let v: serde_json::Value = serde_json::from_str(&formatted("json")).expect("json");
    let worker = &v["findings"][0];
    assert_eq!(worker["via"][0]["callee"], "reportchart.containers");
    assert_eq!(
        worker["via"][0]["path"],
        "tests/fixtures/lint/report/templates/deployment.yaml"
    );
    assert_eq!(
        worker["rendered_location"]["template"],
        "reportchart/templates/deployment.yaml"
    );
    assert_eq!(worker["rendered_location"]["line"], 10);
    assert_eq!(worker["object"]["namespace"], "shop");
    let sidecar = &v["findings"][3];
    assert_eq!(
        sidecar["values_location"],
        serde_json::json!({
            "path": "tests/fixtures/lint/report/values.yaml",
            "line": 3,
            "column": 5,
            "key": "sidecars[0].name"
        })
    );
    assert_eq!(worker["values_location"], serde_json::Value::Null);
    let cr = &v["findings"][4];
    assert_eq!(cr["rule"], "crd-with-custom-resource");
    assert_eq!(
        cr["related"][0]["location"]["path"],
        "tests/fixtures/lint/report/templates/crd.yaml"
    );
    assert_eq!(cr["related"][0]["location"]["line"], 2);
    assert_eq!(v["summary"]["suppressed"], 0);
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn output_file_gets_the_report_and_stdout_stays_empty() {
    let dir = std::env::temp_dir().join(format!("hp-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("out.sarif");
    let path = file.to_string_lossy().into_owned();
    let (code, out, err) = lint(&[CHART, "--format", "sarif", "--output", &path]);
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", ""));
    let written = std::fs::read_to_string(&file).expect("report written");
    assert_eq!(written, formatted("sarif"));
    let _ = std::fs::remove_dir_all(&dir);
    let (code, _, err) = lint(&[CHART, "--output", "/nonexistent-dir/out.txt"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("Error: cannot write /nonexistent-dir/out.txt: "),
        "{err}"
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    // The chart has an error, warnings and a note.
    for (fail_on, expected) in [("error", 1), ("warning", 1), ("note", 1), ("never", 0)] {
        let (code, _, _) = lint(&[CHART, "--fail-on", fail_on]);
        assert_eq!(code, expected, "--fail-on {fail_on}");
    }
    // The example chart has a warning only.
    for (fail_on, expected) in [("error", 0), ("warning", 1)] {
        let (code, _, _) = lint(&["examples/chart", "--fail-on", fail_on]);
        assert_eq!(code, expected, "--fail-on {fail_on}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let cases: [&[&str]; 4] = [
        &[CHART, "--format", "template"],
        &[
            CHART,
            "--template",
            "examples/report-templates/markdown.hbs",
        ],
        &[CHART, "--format", "template", "--template", "no/such.hbs"],
        &[CHART, "--format", "yaml"],
    ];
    for args in cases {
        let (code, out, err) = lint(args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
    }
    let (_, _, err) = lint(&[
        CHART,
        "--template",
        "examples/report-templates/markdown.hbs",
    ]);
    assert_eq!(err, "Error: --template needs --format template\n");
}

#[test]
fn a_broken_template_is_reported_before_linting() {
    let dir = std::env::temp_dir().join(format!("hp-template-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let syntax = dir.join("syntax.hbs");
    std::fs::write(&syntax, "{{#each findings}").expect("write");
    let missing = dir.join("missing.hbs");
    std::fs::write(&missing, "{{#each findings}}{{no_such_field}}{{/each}}").expect("write");
    let run = |file: &std::path::Path| {
        let path = file.to_string_lossy().into_owned();
        lint(&[CHART, "--format", "template", "--template", &path])
    };
    let (code, out, err) = run(&syntax);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("syntax.hbs"), "{err}");
    assert!(err.contains(":1:17"), "{err}");
    // Strict mode: a misspelt field is an error, not an empty string.
    let (code, out, err) = run(&missing);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("no_such_field"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn suppressed_findings_are_sarif_results_with_suppressions() {
    let (code, out, err) = lint(&[
        "tests/fixtures/lint/suppress",
        "--config",
        "tests/fixtures/lint/suppress/.helm-preflight.yaml",
        "--format",
        "sarif",
    ]);
    assert_eq!(code, 1, "{err}");
    sarif_round_trip(&out);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let results = v["runs"][0]["results"].as_array().expect("results");
    let mut kinds: Vec<&str> = results
        .iter()
        .map(|r| r["suppressions"][0]["kind"].as_str().unwrap_or("-"))
        .collect();
    // The two reported findings come first.
    assert_eq!(kinds[..2], ["-", "-"]);
    kinds.sort_unstable();
    // Four suppressed in the chart (annotations and comments), two by the
    // configuration's exemptions.
    assert_eq!(
        kinds,
        ["-", "-", "external", "external", "inSource", "inSource", "inSource", "inSource"]
    );
    let exempted = results
        .iter()
        .find(|r| r["suppressions"][0]["justification"] == "replaced by the new api in Q3")
        .map(|r| &r["suppressions"][0])
        .expect("the legacy-api exemption");
    assert_eq!(exempted["kind"], "external");
    assert_eq!(
        exempted["location"]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/lint/suppress/.helm-preflight.yaml"
    );
}

/// Without `--format`, a terminal gets human diagnostics and a pipe compact lines. The
/// terminal is a pseudo-terminal made by util-linux `script` (skipped without it).
#[test]
fn the_default_format_follows_the_output() {
    let (_, piped, _) = common::run_bin(&["lint", "examples/chart"]);
    assert!(piped.starts_with("examples/chart/templates/deployment.yaml:19:11: warning["));
    let bin = env!("CARGO_BIN_EXE_helm-preflight");
    let Ok(out) = std::process::Command::new("script")
        .args(["-qec", &format!("{bin} lint examples/chart"), "/dev/null"])
        .env("NO_COLOR", "1")
        .output()
    else {
        eprintln!("skipping the terminal case: util-linux `script` is not installed");
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    if !shown.contains("readiness-probe-missing") {
        eprintln!("skipping the terminal case: `script` could not run the command in a terminal");
        return;
    }
    assert!(
        shown.contains("╭─[examples/chart/templates/deployment.yaml:19:11]"),
        "{shown}"
    );
}
