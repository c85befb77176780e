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
            // `allow_failure: {exit_codes: 1}` lets a failed helm (exit 1) pass; `[137]`
            // does not.
            format!("{g}:33:5: error[helm-exit-code-ignored]"),
            // `helm uninstall ... || true`: every failure hidden, not only "not found".
            format!("{g}:39:29: error[helm-exit-code-ignored]"),
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
            // `catchError` without a milder `buildResult` fails the build (FAILURE), and
            // a `returnStatus` that the script tests is handled: nothing at 15 to 19.
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

#[test]
fn azure_pipelines_scripts_continue_on_error_and_helm_deploy_inputs() {
    let a = "azure-pipelines.yml";
    assert_eq!(
        heads("azure"),
        [
            // Job `timeoutInMinutes: 8` under `--atomic --timeout 5m` and under `--wait --timeout 10m`.
            format!("{a}:8:27: warning[ci-timeout-shorter-than-helm]"),
            format!("{a}:8:27: warning[ci-timeout-shorter-than-helm]"),
            // `bash:` has no `set -e`: the `echo` after the helm line hides its failure.
            format!("{a}:11:15: error[helm-exit-code-ignored]"),
            format!("{a}:12:17: note[helm-atomic-without-cleanup-on-fail]"),
            format!("{a}:15:70: error[helm-timeout-invalid]"),
            format!("{a}:16:30: error[helm-exit-code-ignored]"),
            // HelmDeploy@0 `force: true`, and `--timeout 5min` inside its `arguments`.
            format!("{a}:30:22: warning[helm-force]"),
            format!("{a}:31:63: error[helm-timeout-invalid]"),
            // HelmDeploy@1 `waitForExecution: false` in a deployment job's strategy.
            format!("{a}:43:39: warning[helm-no-wait]"),
        ]
    );
}

#[test]
fn circleci_run_steps_commands_no_output_timeout_and_helm_orb() {
    let c = ".circleci/config.yml";
    assert_eq!(
        heads("circleci"),
        [
            // `--timeout << parameters.timeout >>` (default 20m) under the 10m `no_output_timeout`.
            format!("{c}:17:20: warning[ci-timeout-shorter-than-helm]"),
            // `--debug` keeps Helm talking, so the 10m `no_output_timeout` does not fire.
            format!("{c}:28:36: note[helm-atomic-without-cleanup-on-fail]"),
            // Orb `upgrade_helm_chart` with `atomic`, `force`, `timeout: "600"`, `helm_version: v4.1.0`.
            format!("{c}:35:19: note[helm-atomic-without-cleanup-on-fail]"),
            format!("{c}:36:18: warning[helm-force]"),
            format!("{c}:36:18: error[helm-force-with-atomic]"),
            format!("{c}:36:18: error[helm-force-with-server-side]"),
            format!("{c}:37:20: error[helm-timeout-invalid]"),
        ]
    );
}

#[test]
fn bitbucket_steps_anchors_after_script_and_max_time() {
    let b = "bitbucket-pipelines.yml";
    assert_eq!(
        heads("bitbucket"),
        [
            format!("{b}:6:19: warning[ci-timeout-shorter-than-helm]"),
            // `| tee` under Bitbucket's `set -e` without `pipefail`.
            format!("{b}:8:59: error[helm-exit-code-ignored]"),
            format!("{b}:11:11: error[helm-exit-code-ignored]"),
            // A folded `>-` item inside `parallel`.
            format!("{b}:21:19: warning[helm-no-wait]"),
            format!("{b}:22:19: warning[helm-force]"),
        ]
    );
}

#[test]
fn tekton_scripts_exec_form_on_error_and_timeouts() {
    assert_eq!(
        heads("tekton"),
        [
            "task.yaml:14:16: error[helm-exit-code-ignored]",
            "task.yaml:15:16: warning[ci-timeout-shorter-than-helm]",
            "task.yaml:21:37: note[helm-atomic-without-cleanup-on-fail]",
            "task.yaml:21:58: error[helm-timeout-invalid]",
            // A Pipeline task's `timeout: 2m`, and a `#!/bin/bash` script without `-e`.
            "task.yaml:30:16: warning[ci-timeout-shorter-than-helm]",
            "task.yaml:37:15: error[helm-exit-code-ignored]",
        ]
    );
}

#[test]
fn taskfile_justfile_and_dockerfile() {
    assert_eq!(
        heads("taskfile"),
        [
            // `{{.RELEASE}}` masked and known; `ignore_error` on a command and on a task.
            "Taskfile.yml:7:60: error[helm-timeout-invalid]",
            "Taskfile.yml:8:39: note[helm-atomic-without-cleanup-on-fail]",
            "Taskfile.yml:9:23: error[helm-exit-code-ignored]",
            "Taskfile.yml:12:19: error[helm-exit-code-ignored]",
        ]
    );
    assert_eq!(
        heads("just"),
        [
            "justfile:5:5: error[helm-exit-code-ignored]",
            "justfile:5:31: warning[helm-force]",
            "justfile:9:5: error[helm-exit-code-ignored]",
            "justfile:9:30: note[helm-atomic-without-cleanup-on-fail]",
        ]
    );
    assert_eq!(
        heads("docker"),
        [
            // `--recreate-pods` is fine on the stage's `alpine/helm:${HELM_TAG}` (3.14.2).
            "Dockerfile:4:5: error[helm-exit-code-ignored]",
            "Dockerfile:7:6: warning[helm-no-wait]",
            "Dockerfile:7:56: error[helm-timeout-invalid]",
            // `FROM alpine/helm:4.1.0`: `install --atomic` is unknown on 4.0-4.1.1.
            "Dockerfile:10:30: error[helm-removed-flag]",
        ]
    );
}

#[test]
fn helmfile_defaults_releases_and_templates() {
    assert_eq!(
        heads("helmfile"),
        [
            "helmfile.yaml:12:12: warning[helm-force]",
            "helmfile.yaml:12:12: error[helm-force-with-atomic]",
            "helmfile.yaml:15:14: error[helm-timeout-invalid]",
            "helmfile.yaml:16:19: error[helm-removed-flag]",
            "helmfile.yaml:20:11: warning[helm-no-wait]",
            "helmfile.yaml:21:18: warning[helm-wait-for-jobs-without-wait]",
        ]
    );
}

#[test]
fn flux_argo_cd_and_terraform_releases() {
    assert_eq!(
        heads("flux"),
        [
            "release.yaml:12:12: error[helm-timeout-invalid]",
            "release.yaml:19:18: warning[helm-no-wait]",
            "release.yaml:21:12: warning[helm-force]",
            "release.yaml:22:21: note[helm-reuse-values]",
            "release.yaml:23:14: error[helm-timeout-invalid]",
            "release.yaml:28:9: warning[helm-timeout-missing]",
            "release.yaml:34:12: warning[helm-force]",
        ]
    );
    assert_eq!(
        heads("argocd"),
        [
            "app.yaml:18:9: warning[helm-force]",
            "app.yaml:34:37: warning[helm-force]"
        ]
    );
    assert_eq!(
        heads("terraform"),
        [
            "main.tf:8:19: note[helm-atomic-without-cleanup-on-fail]",
            "main.tf:9:19: warning[helm-force]",
            "main.tf:9:19: error[helm-force-with-atomic]",
            "main.tf:10:19: error[helm-timeout-invalid]",
            "main.tf:18:19: warning[helm-no-wait]",
            "main.tf:19:19: warning[helm-wait-for-jobs-without-wait]",
            // `local-exec`: `on_failure = continue`, and a heredoc without `set -e`.
            "main.tf:25:18: error[helm-exit-code-ignored]",
            "main.tf:29:7: error[helm-exit-code-ignored]",
            "main.tf:29:32: note[helm-atomic-without-cleanup-on-fail]",
            "main.tf:29:51: error[helm-timeout-invalid]",
            // `wait` defaults to true in the provider; no `timeout`.
            "main.tf:35:25: warning[helm-timeout-missing]",
        ]
    );
}

#[test]
fn release_messages_are_worded_for_their_system() {
    let lint =
        |dir: &str| common::run_bin(&["lint", &format!("{F}/{dir}"), "--fail-on", "never"]).1;
    let out = lint("helmfile");
    assert!(out.contains("helmfile.yaml:12:12: warning[helm-force]: helmfile `force: true` of release `web` passes `--force` on every sync"), "{out}");
    assert!(
        out.contains(
            "helmfile `force: true` with helmfile `helmDefaults.atomic: true` of release `web`"
        ),
        "{out}"
    );
    assert!(out.contains("helmfile's `timeout` is an integer number of seconds (it passes `--timeout <N>s`); `10m` fails to load the helmfile. Write the number of seconds (`600`)."), "{out}");
    let out = lint("flux");
    assert!(
        out.contains(
            "Flux `spec.upgrade.force: true` of release `web` makes upgrades replace objects"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "ignored while the upgrade applies server-side (`spec.upgrade.serverSideApply: auto`)"
        ),
        "{out}"
    );
    assert_eq!(
        out.matches("ignored while the upgrade applies server-side")
            .count(),
        1,
        "api has `serverSideApply: disabled`: {out}"
    );
    assert!(
        out.contains(
            "Flux `spec.timeout: 300` of release `web`: the API server rejects the HelmRelease"
        ),
        "{out}"
    );
    let out = lint("terraform");
    assert!(out.contains("Terraform `force_update = true` of release `web` makes every apply replace objects instead of patching them (the provider's Helm 3 SDK"), "{out}");
    assert!(out.contains("Terraform `timeout = \"10m\"` of release `web`: the provider's `timeout` is a number of seconds"), "{out}");
    assert!(out.contains("Terraform waits by default, and release `api` has no timeout: the provider's default of 300 seconds"), "{out}");
    assert!(
        out.contains("Terraform `force_update = true` with Terraform `atomic = var.atomic` (`true` by default) of release `web`"),
        "{out}"
    );
    let out = lint("argocd");
    assert!(out.contains("Argo CD `syncOptions: Replace=true` of release `web-prod` makes every sync use `kubectl replace`/`create`"), "{out}");
    assert!(
        out.contains(
            "Argo CD `syncOptions: Force=true` of release `{{cluster}}-api` deletes and recreates"
        ),
        "{out}"
    );
    let out = lint("circleci");
    assert!(
        out.contains("`no_output_timeout: 10m (the default)` kills `helm upgrade web ./chart`"),
        "{out}"
    );
    assert!(
        out.contains("(job deploy, step 6, orb command k8s/upgrade_helm_chart)"),
        "{out}"
    );
}

/// Every corpus pipeline file is read by the extractor of its system, and the
/// files of the CI/GitOps/IaC systems beyond GitHub/GitLab/shell/make/Jenkins give
/// exactly these findings (compared with `SOURCES.tsv`'s `risk` column in the
/// `gitops` branch report).
#[test]
fn corpus_files_are_detected_by_their_extractor() {
    use helm_preflight::pipeline::extract::{detect, FileKind};
    use helm_preflight::pipeline::SourceFile;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pipelines");
    if !root.join("SOURCES.tsv").is_file() {
        eprintln!("skipping: ../shared/corpus is absent (the corpus lives beside the checkout)");
        return;
    }
    let expected = |dir: &str| match dir {
        "argocd" | "flux" | "tekton" => FileKind::Kubernetes,
        "azure-pipelines" => FileKind::AzurePipelines,
        "circleci" => FileKind::CircleCi,
        "github-actions" => FileKind::GitHubActions,
        "gitlab-ci" => FileKind::GitLabCi,
        "helmfile" => FileKind::Helmfile,
        "jenkins" => FileKind::Jenkins,
        "makefile" => FileKind::Makefile,
        "shell" => FileKind::Shell,
        "terraform" => FileKind::Terraform,
        other => panic!("corpus directory {other} has no expected kind"),
    };
    let mut seen = 0;
    for dir in std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
    {
        let name = dir.file_name().to_string_lossy().to_string();
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let file = SourceFile::read(&f.path()).unwrap();
            assert_eq!(
                detect(&file),
                Some(expected(&name)),
                "{}",
                f.path().display()
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 30);
    let heads_of = |dir: &str| -> Vec<String> {
        let (_, out, _) = common::run_bin(&[
            "lint",
            root.join(dir).to_str().unwrap(),
            "--fail-on",
            "never",
        ]);
        out.lines()
            .map(|l| l.split(": ").take(2).collect::<Vec<_>>().join(": "))
            .map(|h| h.rsplit("__").next().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        heads_of("argocd"),
        ["docs_operator-manual_application.yaml:242:7: warning[helm-force]"]
    );
    assert_eq!(
        heads_of("azure-pipelines"),
        [".az-pipelines_continuous-deployment.yml:54:11: warning[helm-timeout-missing]"]
    );
    assert!(
        heads_of("circleci").is_empty(),
        "the orb command runs an included script"
    );
    assert_eq!(
        heads_of("flux"),
        ["infrastructure_controllers_cert-manager.yaml:26:9: warning[helm-timeout-missing]"]
    );
    assert_eq!(
        heads_of("helmfile"),
        [
            "examples_charts_argocd-helmfile-deployment_helmfile.yaml:39:19: error[helm-removed-flag]",
            "examples_charts_argocd-helmfile-deployment_helmfile.yaml:42:13: note[helm-atomic-without-cleanup-on-fail]",
        ]
    );
    assert_eq!(heads_of("tekton"), ["task_helm-upgrade-from-repo_0.1_helm-upgrade-from-repo.yaml:51:22: warning[helm-timeout-missing]"]);
    assert_eq!(
        heads_of("terraform"),
        [
            "terraform_modules_helm_main.tf:8:22: warning[helm-timeout-missing]",
            "terraform_modules_helm_main.tf:9:22: warning[helm-force]",
            "terraform_modules_helm_main.tf:9:22: error[helm-force-with-atomic]",
            "terraform_modules_helm_main.tf:12:22: note[helm-reuse-values]",
        ]
    );
}

/// Every extractor survives every pipeline file of the fixtures and the corpus,
/// whatever its real kind (bad input never panics).
#[test]
fn every_extractor_reads_every_file_without_panicking() {
    use helm_preflight::pipeline::extract::{extract, FileKind};
    use helm_preflight::pipeline::SourceFile;
    const KINDS: [FileKind; 14] = [
        FileKind::GitHubActions,
        FileKind::GitLabCi,
        FileKind::Shell,
        FileKind::Makefile,
        FileKind::Jenkins,
        FileKind::AzurePipelines,
        FileKind::CircleCi,
        FileKind::Bitbucket,
        FileKind::Taskfile,
        FileKind::Justfile,
        FileKind::Dockerfile,
        FileKind::Helmfile,
        FileKind::Kubernetes,
        FileKind::Terraform,
    ];
    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut all = Vec::new();
    files(Path::new(F), &mut all);
    assert!(all.len() >= 17, "our fixtures: {all:?}");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pipelines");
    if corpus.is_dir() {
        files(&corpus, &mut all);
    } else {
        eprintln!("../shared/corpus is absent: only our fixtures are read");
    }
    for p in &all {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        // Also every prefix cut mid-line, as an editor would send it.
        for cut in [text.len(), text.len() / 2, text.len() / 3] {
            let cut = (0..=cut)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            let file = SourceFile::new(p, &text[..cut]);
            for kind in KINDS {
                let _ = extract(&file, kind);
            }
        }
    }
}

#[test]
fn a_script_that_is_not_utf8_is_linted_and_says_where_it_stops_being_utf8() {
    let dir = std::env::temp_dir().join(format!("hp-latin1-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("deploy.sh");
    let text: &[u8] = b"#!/bin/sh\nset -e\nhelm upgrade a ./c --wait --timeout 5m --force\n\
        # d\xe9ploiement (Latin-1)\nhelm upgrade b ./c --wait --timeout 5m --force\n";
    std::fs::write(&script, text).expect("write script");
    let path = script.to_string_lossy().into_owned();
    let (code, out, err) = common::run_bin(&["lint", &path, "--fail-on", "never"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{err}");
    let heads: Vec<String> = out
        .lines()
        .map(|l| l.split(": ").take(2).collect::<Vec<_>>().join(": "))
        .collect();
    assert_eq!(
        heads,
        [
            format!("{path}:3:40: warning[helm-force]"),
            format!("{path}:4:4: note[pipeline-unreadable]"),
            format!("{path}:5:40: warning[helm-force]"),
        ]
    );
    assert!(out.contains("not valid UTF-8 from here on"), "{out}");
}

#[test]
fn an_orb_script_runs_under_circleci_bash_eo_pipefail() {
    let root = std::env::temp_dir().join(format!("hp-orb-{}", std::process::id()));
    let scripts = root.join("src/scripts");
    std::fs::create_dir_all(&scripts).expect("dirs");
    std::fs::create_dir_all(root.join("src/commands")).expect("dirs");
    let script = scripts.join("deploy.sh");
    std::fs::write(
        &script,
        "helm upgrade --install a repo/c --wait --timeout 5m | tee log\nset +x\n",
    )
    .expect("write");
    let path = script.to_string_lossy().into_owned();
    let heads = || {
        let (code, out, err) = common::run_bin(&["lint", &path, "--fail-on", "never"]);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .map(|l| l.split(": ").take(2).collect::<Vec<_>>().join(": "))
            .collect::<Vec<_>>()
    };
    // On its own, a script without `set -e` goes on after a failed helm.
    let alone = heads();
    std::fs::write(
        root.join("src/commands/deploy.yml"),
        "steps:\n  - run:\n      command: <<include(scripts/deploy.sh)>>\n",
    )
    .expect("write");
    let included = heads();
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        alone,
        [format!("{path}:1:53: error[helm-exit-code-ignored]")]
    );
    assert!(included.is_empty(), "{included:?}");
}
