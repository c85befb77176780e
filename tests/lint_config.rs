//! `helm-preflight lint` with a configuration file, suppressions, chart discovery, and
//! `helm-preflight rules`.

mod common;

use std::path::Path;

/// Runs the binary in `dir` (relative to the crate root): exit code, stdout, stderr.
fn run_in(dir: &str, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_helm-preflight"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .output()
        .expect("run helm-preflight");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn lint(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    common::run_bin(&all)
}

/// `path:line:col: severity[rule]` of every finding line, and any other line whole.
fn heads(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| match l.split_once("]: ") {
            Some((head, _)) => format!("{head}]"),
            None => l.to_string(),
        })
        .collect()
}

const SUPPRESS: &str = "tests/fixtures/lint/suppress";
const SUPPRESS_CONFIG: &str = "tests/fixtures/lint/suppress/.helm-preflight.yaml";

#[test]
fn annotations_and_template_comments_suppress_findings_and_are_counted() {
    let (code, out, err) = lint(&[SUPPRESS]);
    assert_eq!((code, err.as_str()), (1, ""));
    // Suppressed: `annotated` (object annotation), `pod-annotated` (pod template
    // annotation), `commented` (comment above the container), `helper-accepted` (comment
    // above the include call site). `other-rule`'s annotation names another rule, and
    // `helper-reported` uses the same helper without a comment.
    assert_eq!(
        heads(&out),
        vec![
            "tests/fixtures/lint/suppress/templates/_helpers.tpl:2:3: warning[readiness-probe-missing]",
            "tests/fixtures/lint/suppress/templates/legacy.yaml:9:11: warning[readiness-probe-missing]",
            "tests/fixtures/lint/suppress/templates/legacy.yaml:20:11: warning[readiness-probe-missing]",
            "tests/fixtures/lint/suppress/templates/workloads.yaml:50:11: warning[readiness-probe-missing]",
            "4 findings suppressed (2 by annotation, 2 by comment)",
        ],
        "{out}"
    );
    assert!(out.contains("container \"plain\" of Deployment \"helper-reported\""));
}

#[test]
fn exemptions_of_the_configuration_suppress_findings_and_are_counted() {
    let (code, out, _) = lint(&[SUPPRESS, "--config", SUPPRESS_CONFIG]);
    assert_eq!(code, 1);
    assert_eq!(
        heads(&out),
        vec![
            "tests/fixtures/lint/suppress/templates/_helpers.tpl:2:3: warning[readiness-probe-missing]",
            "tests/fixtures/lint/suppress/templates/workloads.yaml:50:11: warning[readiness-probe-missing]",
            "6 findings suppressed (2 by annotation, 2 by comment, 2 by exemption)",
        ],
        "{out}"
    );
}

#[test]
fn the_configuration_is_found_upward_and_json_lists_each_suppression_with_its_reason() {
    // Run in the chart's templates/: `.helm-preflight.yaml` is found one level up, and
    // paths are shown relative to the working directory.
    let (code, out, _) = run_in(
        "tests/fixtures/lint/suppress/templates",
        &["lint", "..", "--format", "json"],
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["summary"]["warnings"], 2);
    assert_eq!(v["summary"]["suppressed"], 6);
    assert_eq!(
        v["findings"][0]["location"]["path"],
        "../templates/_helpers.tpl"
    );
    let by_object = |name: &str| {
        v["suppressed"]
            .as_array()
            .expect("suppressed")
            .iter()
            .find(|s| s["object"]["name"] == name)
            .unwrap_or_else(|| panic!("{name} suppressed"))
            .clone()
    };
    assert_eq!(by_object("annotated")["location"]["line"], 11);
    assert_eq!(
        by_object("helper-accepted")["location"]["path"],
        "../templates/_helpers.tpl"
    );
    let expected = [
        (
            "annotated",
            "annotation",
            "",
            "../templates/workloads.yaml",
            6,
            31,
        ),
        (
            "pod-annotated",
            "annotation",
            "warmed up by its sidecar",
            "../templates/workloads.yaml",
            22,
            35,
        ),
        (
            "commented",
            "comment",
            "a batch worker, nothing to probe",
            "../templates/workloads.yaml",
            36,
            9,
        ),
        // The comment above the include call site.
        (
            "helper-accepted",
            "comment",
            "probed by the mesh here",
            "../templates/helpers.yaml",
            9,
            9,
        ),
        (
            "legacy-api",
            "exemption",
            "replaced by the new api in Q3",
            "../.helm-preflight.yaml",
            3,
            5,
        ),
        (
            "legacy-db",
            "exemption",
            "the database is probed by its operator",
            "../.helm-preflight.yaml",
            6,
            5,
        ),
    ];
    for (name, by, reason, path, line, column) in expected {
        let s = by_object(name);
        assert_eq!(s["rule"], "readiness-probe-missing", "{name}");
        assert_eq!(
            s["suppressed"],
            serde_json::json!({"by": by, "reason": reason,
                "at": {"path": path, "line": line, "column": column}}),
            "{name}"
        );
    }
}

#[test]
fn suppressed_findings_do_not_fail_the_run() {
    // Exemption globs see paths relative to the configuration's directory, whatever
    // form the chart paths were given in.
    let (code, out, _) = lint(&[
        "tests/fixtures/lint/discover/apps/../",
        "--config",
        "tests/fixtures/lint/discover/exempt.yaml",
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "3 findings suppressed (3 by exemption)\n");
}

#[test]
fn rule_settings_turn_rules_off_and_change_severities() {
    let (code, out, _) = lint(&[
        "tests/fixtures/lint/crds",
        "tests/fixtures/lint/probes",
        "--config",
        "tests/fixtures/lint/configs/rules.yaml",
        "--fail-on",
        "error",
    ]);
    // crd-in-templates is off; custom-resource-crd-unknown is raised to a warning and
    // readiness-probe-missing to an error (so `--fail-on error` fails).
    assert_eq!(code, 1);
    assert_eq!(
        heads(&out),
        vec![
            "tests/fixtures/lint/crds/templates/resources.yaml:2:1: error[crd-with-custom-resource]",
            "tests/fixtures/lint/crds/templates/resources.yaml:12:1: warning[custom-resource-crd-unknown]",
            "tests/fixtures/lint/probes/templates/_containers.tpl:2:3: error[readiness-probe-missing]",
            "tests/fixtures/lint/probes/templates/workloads.yaml:24:11: error[readiness-probe-missing]",
        ],
        "{out}"
    );
}

const CONFIGURED: &str = "tests/fixtures/lint/configured";

#[test]
fn charts_are_linted_with_the_values_of_the_configuration() {
    // The chart has its probe by default; the configuration deploys it with
    // probe-off.yaml (a path relative to the configuration's directory).
    let (code, out, _) = lint(&[CONFIGURED]);
    assert_eq!((code, out.as_str()), (0, ""));
    let config = "tests/fixtures/lint/configs/values.yaml";
    let (code, out, _) = lint(&[CONFIGURED, "--config", config]);
    assert_eq!(code, 1);
    assert_eq!(
        heads(&out),
        vec!["tests/fixtures/lint/configured/templates/deploy.yaml:9:11: warning[readiness-probe-missing]"]
    );
    // The command line comes after the configuration.
    let (code, out, _) = lint(&[CONFIGURED, "--config", config, "--set", "probe=true"]);
    assert_eq!((code, out.as_str()), (0, ""));
    // As in Helm, --set entries (the configuration's included) win over -f files.
    let (code, out, _) = lint(&[
        CONFIGURED,
        "--config",
        "tests/fixtures/lint/configs/set.yaml",
        "-f",
        "tests/fixtures/lint/configs/probe-on.yaml",
    ]);
    assert_eq!(code, 1, "{out}");
}

#[test]
fn configuration_errors_are_reported_at_file_line_col_with_exit_2() {
    let (code, out, err) = lint(&[
        CONFIGURED,
        "--config",
        "tests/fixtures/lint/configs/errors.yaml",
    ]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "Error: tests/fixtures/lint/configs/errors.yaml:2:28: rules.readiness-probe-missing: \
         expected one of off, on, error, warning, note, found \"eror\"; did you mean \"error\"?\n\
         Error: tests/fixtures/lint/configs/errors.yaml:4:11: unknown rule \
         \"readiness-probe-mising\"; did you mean \"readiness-probe-missing\"? (`helm-preflight \
         rules` lists every rule)\n\
         Error: tests/fixtures/lint/configs/errors.yaml:8:14: charts[0].timeout: time: unknown \
         unit \" min\" in duration \"5 min\" (use e.g. 5m, 90s, 1h30m)\n\
         Error: tests/fixtures/lint/configs/errors.yaml:9:5: unknown key \"valuez\" in charts[0] \
         (expected one of: path, values, set, timeout); did you mean \"values\"?\n"
    );
    let (code, _, err) = lint(&[
        CONFIGURED,
        "--config",
        "tests/fixtures/lint/configs/bad-values.yaml",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "Error: tests/fixtures/lint/configs/not-yaml.yaml: cannot unmarshal yaml document: error \
         converting YAML to JSON: yaml: line 1: did not find expected node content (values of the \
         chart configured at tests/fixtures/lint/configs/bad-values.yaml:2:11)\n"
    );
    let (code, _, err) = lint(&[
        CONFIGURED,
        "--config",
        "tests/fixtures/lint/configs/none.yaml",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "Error: tests/fixtures/lint/configs/none.yaml:1:1: cannot read the configuration: No such \
         file or directory (os error 2)\n"
    );
}

#[test]
fn directories_are_searched_for_charts_but_not_inside_charts() {
    // apps/api's subchart is linted as part of apps/api (once); examples inside a chart,
    // hidden directories and git-ignored vendor/ are not searched.
    let (code, out, _) = lint(&["tests/fixtures/lint/discover"]);
    assert_eq!(code, 1);
    assert_eq!(
        heads(&out),
        vec![
            "tests/fixtures/lint/discover/apps/api/charts/sub/templates/deploy.yaml:9:11: warning[readiness-probe-missing]",
            "tests/fixtures/lint/discover/apps/api/templates/deploy.yaml:9:11: warning[readiness-probe-missing]",
            "tests/fixtures/lint/discover/apps/web/templates/deploy.yaml:9:11: warning[readiness-probe-missing]",
        ],
        "{out}"
    );
    // The default PATH is the working directory; a chart given twice (or as its
    // Chart.yaml) is linted once.
    let (code, out, _) = run_in(
        "tests/fixtures/lint/discover/apps",
        &["lint", ".", "web/Chart.yaml", "web"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        heads(&out),
        vec![
            "api/charts/sub/templates/deploy.yaml:9:11: warning[readiness-probe-missing]",
            "api/templates/deploy.yaml:9:11: warning[readiness-probe-missing]",
            "web/templates/deploy.yaml:9:11: warning[readiness-probe-missing]",
        ],
        "{out}"
    );
    let (_, default_out, _) = run_in("tests/fixtures/lint/discover/apps", &["lint"]);
    assert_eq!(default_out, out);
}

#[test]
fn paths_without_charts_are_errors() {
    let (code, _, err) = lint(&["tests/fixtures/lint/discover/docs"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "Error: tests/fixtures/lint/discover/docs: no chart or pipeline file found (no Chart.yaml, \
         workflow, CI file or helm script in it or below; hidden and git-ignored directories are \
         not searched)\n"
    );
    let (code, _, err) = lint(&["tests/fixtures/lint/discover/docs/README.md"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "Error: tests/fixtures/lint/discover/docs/README.md: not a chart or a pipeline file (give a \
         chart directory, a .tgz archive, a CI/CD file that runs helm, or a directory that \
         contains them)\n"
    );
    let (code, _, err) = lint(&["tests/fixtures/lint/nope"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "Error: tests/fixtures/lint/nope: No such file or directory (os error 2)\n"
    );
    // An archive given explicitly is a chart.
    let (code, _, err) = lint(&["tests/fixtures/charts/load/charts/packed-0.1.0.tgz"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn rules_lists_every_rule_and_prints_one_rules_doc() {
    let (code, out, _) = common::run_bin(&["rules"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    let docs: Vec<&str> = helm_preflight::rules::registry::rule_docs()
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, docs);
    assert!(out.contains(
        "\nreadiness-probe-missing              warning   A container of a long-running workload has \
         no readinessProbe.\n"
    ));
    let (code, out, _) = common::run_bin(&["rules", "render-failed"]);
    assert_eq!(code, 0);
    assert!(out.starts_with(
        "# render-failed\n\nDefault severity: error. The chart does not load or render with the \
         given values.\n\n## Why it matters\n"
    ));
    let (code, out, err) = common::run_bin(&["rules", "readiness-probe-mising"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "Error: unknown rule \"readiness-probe-mising\"; did you mean \"readiness-probe-missing\"? \
         (`helm-preflight rules` lists every rule)\n"
    );
}

const TIMEOUT_CONFIG: &str = "tests/fixtures/lint/configs/timeout.yaml";

#[test]
fn a_configured_timeout_below_the_budget_is_reported_at_the_config_line() {
    // The rolling chart with the configuration's `maxSurge=1`: 10 pods, one new pod per
    // wave, so 10 waves × (30 s image pull + 10 + 5 × 3 readiness + 0) = 550 s, plus
    // the configuration's 30 s buffer = 580 s (9m40s); the configured 2m is short.
    let (code, out, err) = lint(&["tests/fixtures/budget/rolling", "--config", TIMEOUT_CONFIG]);
    assert_eq!((code, err.as_str()), (1, ""));
    assert_eq!(
        out,
        "tests/fixtures/lint/configs/timeout.yaml:5:14: error[helm-timeout-too-short]: --timeout \
         2m0s (120 s) is below the 9m40s (580 s) this chart needs: the slowest, Deployment \
         \"rel-web\" (rolling/templates/deployment.yaml:2:1), needs 550 s (10 pods, 10 waves × \
         55 s), plus 30 s buffer; run `helm-preflight budget --explain` for the arithmetic\n"
    );
    // JSON: the object and a related location at the slowest workload's template.
    let (_, json, _) = lint(&[
        "tests/fixtures/budget/rolling",
        "--config",
        TIMEOUT_CONFIG,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let f = &v["findings"][0];
    assert_eq!(f["object"]["name"], "rel-web");
    assert_eq!(
        f["related"][0]["message"],
        "the slowest, Deployment \"rel-web\""
    );
    assert_eq!(
        f["related"][0]["location"]["path"],
        "tests/fixtures/budget/rolling/templates/deployment.yaml"
    );
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(1));
    // `budget` reads the same configuration: its values and `budget:` settings, the
    // flags over them.
    let (code, out, _) = common::run_bin(&[
        "budget",
        "tests/fixtures/budget/rolling",
        "--config",
        TIMEOUT_CONFIG,
    ]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "minimum --timeout: 9m40s (580 s)\n  = slowest Deployment \"rel-web\" 550 s + 30 s \
             buffer\n"
        ),
        "{out}"
    );
    let (_, out, _) = common::run_bin(&[
        "budget",
        "tests/fixtures/budget/rolling",
        "--config",
        TIMEOUT_CONFIG,
        "--buffer-seconds",
        "0",
    ]);
    assert!(
        out.starts_with("minimum --timeout: 9m10s (550 s)\n"),
        "{out}"
    );
}

#[test]
fn a_configured_timeout_that_covers_the_budget_or_a_rule_turned_off_is_clean() {
    let dir = std::env::temp_dir().join(format!("hp-timeout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let chart = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/budget/rolling");
    let config = |extra: &str, timeout: &str| {
        let file = dir.join(".helm-preflight.yaml");
        std::fs::write(
            &file,
            format!(
                "{extra}charts:\n  - path: {}\n    set: [\"maxSurge=1\"]\n    timeout: {timeout}\n\
                 budget:\n  buffer_seconds: 30\n",
                chart.display()
            ),
        )
        .expect("write config");
        file.display().to_string()
    };
    let chart_arg = chart.display().to_string();
    let file = config("", "9m40s");
    assert_eq!(lint(&[&chart_arg, "--config", &file]).0, 0);
    let file = config("", "9m39s");
    assert_eq!(lint(&[&chart_arg, "--config", &file]).0, 1);
    let file = config("rules:\n  helm-timeout-too-short: off\n", "1m");
    assert_eq!(
        lint(&[&chart_arg, "--config", &file]),
        (0, String::new(), String::new())
    );
    let _ = std::fs::remove_dir_all(&dir);
}
