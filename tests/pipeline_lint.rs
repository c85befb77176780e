//! Pipeline linting through `helm-preflight lint`: every extractor and rule on our
//! fixtures (positive and negative, exact `line:col`, also inside `run: |` blocks
//! and folded scalars), and the real pipelines of the corpus.

mod common;

use std::path::Path;

const F: &str = "tests/fixtures/pipeline";

/// `path:line:col: severity[rule]` of every compact output line.
fn heads(dir: &str) -> Vec<String> {
    let (code, out, err) = common::run_bin(&["lint", &format!("{F}/{dir}"), "--fail-on", "never"]);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|l| l.split(": ").take(2).collect::<Vec<_>>().join(": "))
        .map(|h| h.trim_start_matches(&format!("{F}/{dir}/")).to_string())
        .collect()
}

#[test]
fn github_actions_run_blocks_folded_scalars_inputs_and_deploy_actions() {
    let w = ".github/workflows/deploy.yml";
    assert_eq!(
        heads("github"),
        [
            // Job `timeout-minutes: 8` under `--atomic --timeout 5m` (10m with the rollback).
            format!("{w}:11:22: warning[ci-timeout-shorter-than-helm]"),
            // ... and under `${{ inputs.args }}`, whose default is `--wait --atomic`.
            format!("{w}:11:22: warning[ci-timeout-shorter-than-helm]"),
            // `--force` on the continuation line of a `run: |` block.
            format!("{w}:20:13: warning[helm-force]"),
            format!("{w}:20:13: error[helm-force-with-atomic]"),
            format!("{w}:20:21: note[helm-atomic-without-cleanup-on-fail]"),
            format!("{w}:22:28: error[helm-exit-code-ignored]"),
            // `--timeout 300` on the third line of a folded `>` scalar.
            format!("{w}:26:21: error[helm-timeout-invalid]"),
            format!("{w}:28:38: note[helm-atomic-without-cleanup-on-fail]"),
            format!("{w}:28:38: warning[helm-timeout-missing]"),
            // `| tee` under GitHub's default `bash -e` (no pipefail); `shell: bash` is fine.
            format!("{w}:28:57: error[helm-exit-code-ignored]"),
            // deliverybot/helm adds `--atomic` by default and passes `timeout` raw.
            format!("{w}:33:15: note[helm-atomic-without-cleanup-on-fail]"),
            format!("{w}:37:20: error[helm-timeout-invalid]"),
        ]
    );
}

#[test]
fn gitlab_ci_anchors_extends_manual_jobs_and_after_script() {
    let g = ".gitlab-ci.yml";
    assert_eq!(
        heads("gitlab"),
        [
            format!("{g}:8:12: warning[ci-timeout-shorter-than-helm]"),
            format!("{g}:13:16: note[helm-dry-run-client]"),
            format!("{g}:13:16: error[helm-flag-value-ignored]"),
            format!("{g}:17:9: error[helm-exit-code-ignored]"),
            format!("{g}:21:25: error[helm-exit-code-ignored]"),
        ]
    );
}

#[test]
fn shell_scripts_follow_variables_and_errexit() {
    assert_eq!(
        heads("shell"),
        [
            "deploy.sh:4:54: error[helm-timeout-invalid]",
            "deploy.sh:5:1: warning[helm-no-wait]",
            "deploy.sh:5:26: warning[helm-wait-for-jobs-without-wait]",
            "deploy.sh:5:42: note[helm-reuse-values]",
            "deploy.sh:7:1: error[helm-exit-code-ignored]",
            "deploy.sh:7:26: note[helm-atomic-without-cleanup-on-fail]",
            "deploy.sh:7:26: error[helm-flag-value-ignored]",
            "deploy.sh:8:1: error[helm-exit-code-ignored]",
            "deploy.sh:8:19: error[helm-removed-flag]",
        ]
    );
}

#[test]
fn makefile_dash_prefix_variables_and_line_shells() {
    assert_eq!(
        heads("make"),
        [
            "Makefile:5:2: error[helm-exit-code-ignored]",
            "Makefile:11:2: error[helm-exit-code-ignored]",
            "Makefile:11:2: warning[helm-no-wait]",
        ]
    );
}

#[test]
fn jenkins_sh_steps_catch_error_return_status_and_timeouts() {
    assert_eq!(
        heads("jenkins"),
        [
            "Jenkinsfile:3:13: warning[ci-timeout-shorter-than-helm]",
            "Jenkinsfile:8:9: error[helm-exit-code-ignored]",
            "Jenkinsfile:13:68: error[helm-exit-code-ignored]",
        ]
    );
}

#[test]
fn messages_name_the_invocation_and_the_version() {
    let (_, out, _) = common::run_bin(&[
        "lint",
        &format!("{F}/shell/deploy.sh"),
        "--fail-on",
        "never",
    ]);
    assert!(out.contains(
        "deploy.sh:4:54: error[helm-timeout-invalid]: `--timeout 5min`: Helm fails with `Error: invalid argument \"5min\" for \"--timeout\" flag: time: unknown unit \"min\" in duration \"5min\"`."
    ), "{out}");
    assert!(out.contains("`--atomic false` on `helm upgrade web ./chart`: `--atomic` takes a value only as `--atomic=false`, so it is set to true and `false` becomes an extra positional argument."), "{out}");
    let (_, out, _) = common::run_bin(&["lint", &format!("{F}/github"), "--fail-on", "never"]);
    assert!(
        out.contains("(job deploy, step \"Upgrade\") replaces objects instead of patching them"),
        "{out}"
    );
    assert!(
        out.contains("On Helm 3 this is a PUT of the whole object."),
        "version from setup-helm: {out}"
    );
}

#[test]
fn json_has_end_positions_and_related_locations() {
    let (code, out, _) = common::run_bin(&["lint", &format!("{F}/github"), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "helm-force-with-atomic")
        .expect("finding");
    assert_eq!(f["location"]["line"], 20);
    assert_eq!(f["location"]["column"], 13);
    assert_eq!(f["location"]["end_line"], 20);
    assert_eq!(f["location"]["end_column"], 20);
    assert_eq!(f["related"][0]["location"]["column"], 21);
    assert_eq!(f["related"][0]["message"], "`--atomic` is here");
    assert_eq!(v["summary"]["errors"], 5);
}

#[test]
fn suppressions_and_clean_files_give_nothing() {
    let (code, out, _) = common::run_bin(&["lint", &format!("{F}/shell/clean.sh")]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn exit_code_follows_fail_on() {
    let (code, _, _) = common::run_bin(&["lint", &format!("{F}/make"), "--fail-on", "error"]);
    assert_eq!(code, 1);
    let (code, _, _) = common::run_bin(&[
        "lint",
        &format!("{F}/jenkins/Jenkinsfile"),
        "--fail-on",
        "never",
    ]);
    assert_eq!(code, 0);
}

/// Every corpus pipeline file lints without a crash; files whose kind the linter
/// reads produce a report.
#[test]
fn corpus_pipelines_lint_without_crashing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pipelines");
    if !root.join("SOURCES.tsv").is_file() {
        eprintln!("skipping: ../shared/corpus is absent (the corpus lives beside the checkout)");
        return;
    }
    let (code, out, err) = common::run_bin(&[
        "lint",
        root.to_str().unwrap(),
        "--fail-on",
        "never",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let findings = v["findings"].as_array().expect("findings");
    let files: std::collections::BTreeSet<&str> = findings
        .iter()
        .filter_map(|f| f["location"]["path"].as_str())
        .collect();
    // Shell, GitHub Actions, GitLab CI, Makefile and Jenkins files with Helm commands.
    assert!(files.len() >= 20, "{files:?}");
    assert!(
        findings.iter().all(|f| f["rule"] != "pipeline-unreadable"),
        "{out}"
    );
}
