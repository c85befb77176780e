//! Lint what you deploy: the charts that pipeline commands deploy, linted with the
//! commands' values and checked against their `--timeout` (tests/fixtures/e2e/).

mod common;

use std::path::Path;

const REPO: &str = "tests/fixtures/e2e/repo";
const WORKFLOW: &str = "tests/fixtures/e2e/repo/.github/workflows/deploy.yml";

fn lint(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    common::run_bin(&all)
}

/// The chart finding every run of the e2e chart has (release `rel` in the default run).
fn pvc_note(release: &str) -> String {
    format!(
        "{REPO}/chart/templates/pvc.yaml:4:3: note[pvc-without-keep-policy]: \
         PersistentVolumeClaim \"{release}-data\" has no `helm.sh/resource-policy: keep`: `helm \
         uninstall`, or the rollback of a failed `--atomic` install, deletes it and its data"
    )
}

/// The chart finding that only the production values cause (`readiness.port: metrics`).
const PROBE_PORT: &str = "tests/fixtures/e2e/repo/chart/templates/deployment.yaml:25:21: \
    error[probe-port-undeclared]: the readinessProbe of container \"web\" uses port \
    \"metrics\", which the container does not declare in ports[].name: the probe can never \
    succeed";

/// The values entry behind the probe's port.
const VALUE_AT: &str =
    " [value readiness.port, set at tests/fixtures/e2e/repo/values-prod.yaml:3:3]";

/// How the workflow's command labels the findings of its run.
const DEPLOYED_BY: &str =
    " [deployed by tests/fixtures/e2e/repo/.github/workflows/deploy.yml:13:11 \
    with -f values-prod.yaml --set image.tag=${{ github.sha }}]";

/// The pipeline findings of the workflow.
fn workflow_findings() -> Vec<String> {
    let w = WORKFLOW;
    let cmd = "`helm upgrade web ./chart` (job deploy, step \"Deploy\")";
    vec![
        // The chart has a pre-install/pre-upgrade hook: 2 phases (hook, wait) of 2m,
        // doubled by --atomic's rollback = 8m, beyond the job's 6 minutes. Without the
        // chart's phases it would be 2m × 2 = 4m, within them.
        format!(
            "{w}:8:22: warning[ci-timeout-shorter-than-helm]: `timeout-minutes: 6` kills {cmd} \
             after 6m0s but Helm may legitimately run for 8m0s (`--timeout` 2m0s × 2 phases \
             (wait and hooks), doubled for the automatic rollback): a killed Helm leaves the \
             release `pending-upgrade`, and the next deploy fails with `another operation \
             (install/upgrade/rollback) is in progress`. Raise the CI limit or lower `--timeout`."
        ),
        // The budget with values-prod.yaml (default settings: 30 s image pull, 60 s buffer):
        //   Deployment web-web: 8 replicas, maxSurge 25% → ⌈2⌉ = 2 new pods per wave,
        //   ⌈8 / 2⌉ = 4 waves; a pod: 30 s pull + readiness 30 s delay + 10 s × 6 = 120 s;
        //   4 × 120 = 480 s.
        //   Hook Job web-migrate: activeDeadlineSeconds 200 → 200 s.
        //   minimum = max(480, 200) + 60 = 540 s = 9m0s.
        // With the chart's defaults it would be 2 replicas → 2 waves × (30 + 5 + 30) =
        // 130 s, so the hook's 200 + 60 = 260 s (4m20s).
        format!(
            "{w}:17:23: error[helm-timeout-too-short]: `--timeout 2m` (120 s) is below the 9m0s \
             (540 s) this chart needs: the slowest, Deployment \"web-web\" \
             (web/templates/deployment.yaml:2:1), needs 480 s (8 pods, 4 waves × 120 s), plus \
             60 s buffer; run `helm-preflight budget --explain` for the arithmetic"
        ),
        format!(
            "{w}:17:26: warning[helm-force]: `--force` on {cmd} replaces objects instead of \
             patching them: it fails on immutable fields (a Service's clusterIP, a PVC's spec) \
             and resets fields the chart leaves out (an HPA-managed replica count drops to 1). \
             On Helm 3 this is a PUT of the whole object; on Helm 4 `--force` is the deprecated \
             alias of `--force-replace`, which fails on releases installed with server-side \
             apply. Drop it, or fix the object that needed it."
        ),
        format!(
            "{w}:17:26: error[helm-force-with-atomic]: `--force` with `--atomic` on {cmd}: the \
             automatic rollback repeats the forced replace (Helm 3 `rollin.Force`, Helm 4 \
             `ForceReplace`), so a replace that failed on the way up (an immutable field) \
             usually fails on the way back too and leaves the release `failed` or \
             `pending-rollback`. Drop `--force`."
        ),
        format!(
            "{w}:17:34: note[helm-atomic-without-cleanup-on-fail]: `--atomic` without \
             `--cleanup-on-fail` on {cmd}: the rollback of a failed upgrade keeps the objects \
             that upgrade created (new Services, Jobs, PVCs), and the next attempt can fail on \
             them. Add `--cleanup-on-fail`."
        ),
    ]
}

#[test]
fn the_e2e_repository_gives_exactly_the_expected_findings() {
    let (code, out, err) = lint(&[REPO]);
    assert_eq!((code, err.as_str()), (1, ""));
    // The chart is linted with its defaults (the PVC note, release `rel`) and with the
    // workflow's production values: the same note (release `web`) is not repeated, the
    // undeclared probe port only those values cause is labelled with the command.
    let mut want = vec![
        pvc_note("rel"),
        format!("{PROBE_PORT}{VALUE_AT}{DEPLOYED_BY}"),
    ];
    want.extend(workflow_findings());
    assert_eq!(out.lines().collect::<Vec<_>>(), want);
}

#[test]
fn the_command_that_deployed_a_finding_is_in_every_format() {
    let (_, json, _) = lint(&[REPO, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        v["findings"][1]["deployed_by"],
        serde_json::json!({
            "path": WORKFLOW, "line": 13, "column": 11,
            "label": "-f values-prod.yaml --set image.tag=${{ github.sha }}",
        })
    );
    assert_eq!(v["findings"][0]["deployed_by"], serde_json::Value::Null);
    // The pipeline finding points at the slowest workload's template.
    assert_eq!(
        v["findings"][3]["related"][0],
        serde_json::json!({
            "message": "the slowest, Deployment \"web-web\"",
            "location": {"path": format!("{REPO}/chart/templates/deployment.yaml"),
                         "line": 2, "column": 1, "end_line": 2, "end_column": 1},
            "rendered_location": null,
        })
    );
    let label = "deployed by tests/fixtures/e2e/repo/.github/workflows/deploy.yml:13:11 with -f \
                 values-prod.yaml --set image.tag=${{ github.sha }}";
    let (_, github, _) = lint(&[REPO, "--format", "github"]);
    assert!(github.contains(&format!("%0A{label}")), "{github}");
    let (_, sarif, _) = lint(&[REPO, "--format", "sarif"]);
    let s: serde_json::Value = serde_json::from_str(&sarif).expect("sarif");
    let result = &s["runs"][0]["results"][1];
    assert_eq!(result["properties"]["deployedBy"]["line"], 13);
    assert!(result["message"]["text"]
        .as_str()
        .is_some_and(|t| t.ends_with(&format!("[{label}]"))));
    // Human output wraps the help; its words are all there.
    let (_, human, _) = lint(&[REPO, "--format", "human"]);
    let words: Vec<&str> = human.split_whitespace().collect();
    let help = "found with the values deployed by \
                tests/fixtures/e2e/repo/.github/workflows/ deploy.yml:13:11 with -f \
                values-prod.yaml --set image.tag=${{ github.sha }}";
    let want: Vec<&str> = help.split_whitespace().collect();
    assert!(words.windows(want.len()).any(|w| w == want), "{human}");
}

#[test]
fn a_chart_configured_with_the_deployed_values_reports_each_finding_once() {
    // same-values.yaml gives the chart values-prod.yaml: its default run finds what the
    // workflow's run finds, so nothing is labelled with the command; its `timeout: 8m`
    // (480 s) is below the same 540 s.
    let (code, out, _) = lint(&[REPO, "--config", "tests/fixtures/e2e/same-values.yaml"]);
    assert_eq!(code, 1);
    let mut want = vec![
        format!("{PROBE_PORT}{VALUE_AT}"),
        pvc_note("rel"),
        "tests/fixtures/e2e/same-values.yaml:5:14: error[helm-timeout-too-short]: --timeout \
         8m0s (480 s) is below the 9m0s (540 s) this chart needs: the slowest, Deployment \
         \"rel-web\" (web/templates/deployment.yaml:2:1), needs 480 s (8 pods, 4 waves × 120 \
         s), plus 60 s buffer; run `helm-preflight budget --explain` for the arithmetic"
            .to_string(),
    ];
    want.extend(workflow_findings());
    assert_eq!(out.lines().collect::<Vec<_>>(), want);
}

#[test]
fn a_workflow_alone_lints_the_chart_it_deploys_with_its_values_only() {
    let (code, out, _) = lint(&[WORKFLOW]);
    assert_eq!(code, 1);
    let mut want = vec![
        format!("{PROBE_PORT}{VALUE_AT}{DEPLOYED_BY}"),
        format!("{}{DEPLOYED_BY}", pvc_note("web")),
    ];
    want.extend(workflow_findings());
    assert_eq!(out.lines().collect::<Vec<_>>(), want);
}

const PATHS: &str = "tests/fixtures/e2e/paths/.github/workflows/paths.yml";

#[test]
fn paths_resolve_from_the_working_directory_and_missing_values_files_are_findings() {
    let (code, out, err) = lint(&["tests/fixtures/e2e/paths"]);
    assert_eq!((code, err.as_str()), (1, ""));
    let p = PATHS;
    let no_wait = |cmd: &str, step: &str, line: u32, col: u32| {
        format!(
            "{p}:{line}:{col}: warning[helm-no-wait]: `{cmd}` (job deploy, step \"{step}\"): \
             without `--wait`, Helm 3 returns as soon as the objects are sent and Helm 4 waits \
             only for hooks (`hookOnly`), so the step succeeds even if no Pod ever becomes \
             ready. Add `--wait` (or `--atomic`/`--rollback-on-failure`) with a `--timeout`."
        )
    };
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            // `defaults.run.working-directory: deploy`: ./chart is deploy/chart. Its
            // budget: one pod, 30 s pull + startup 10 s × 30 + readiness 10 s × 3 = 360 s,
            // + 60 s buffer = 420 s; `--wait` without `--timeout` gets Helm's 5m.
            format!(
                "{p}:12:11: error[helm-timeout-too-short]: with `--wait` and no `--timeout`, \
                 Helm's default 5m0s (300 s) is below the 7m0s (420 s) this chart needs: the \
                 slowest, Deployment \"a-slow\" (slow/templates/deployment.yaml:2:1), needs 360 \
                 s (1 pod, 1 wave × 360 s), plus 60 s buffer; run `helm-preflight budget \
                 --explain` for the arithmetic"
            ),
            format!(
                "{p}:12:47: warning[helm-file-not-found]: `missing.yaml` does not exist \
                 (looked for tests/fixtures/e2e/paths/deploy/missing.yaml); the deploy fails \
                 unless an earlier step creates it"
            ),
            format!(
                "{p}:12:80: warning[helm-timeout-missing]: `--wait` on `helm upgrade a \
                 ./chart` (job deploy, step \"Missing files\") has no `--timeout`: Helm's \
                 default of 5m0s then bounds the wait and each hook, whatever the chart needs. \
                 Set `--timeout` to what this chart needs (a Go duration such as `10m`)."
            ),
            // A chart that is not there is not linted (an earlier step may fetch it), and
            // `repo/chart` is a repository's chart: no findings about either.
            no_wait("helm upgrade b ./no-such-chart", "Missing files", 13, 11),
            no_wait("helm upgrade d .", "Hooks only", 17, 14),
            // The step's own `working-directory: deploy/chart`; without `--wait` only the
            // post-install hook (activeDeadlineSeconds 100) + 60 s counts.
            format!(
                "{p}:17:51: error[helm-timeout-too-short]: without `--wait`, Helm waits only for \
                 hooks, and `--timeout 1m` (60 s) is below the 2m40s (160 s) this chart needs: \
                 the slowest, Job \"d-seed\" (slow/templates/hook.yaml:2:1), needs 100 s \
                 (activeDeadlineSeconds 100), plus 60 s buffer; run `helm-preflight budget \
                 --explain` for the arithmetic"
            ),
            // Step "Generated values" writes generated.yaml (`envsubst ... > generated.yaml`)
            // before `-f generated.yaml` reads it: not a missing file.
        ]
    );
}

#[test]
fn a_shell_script_runs_from_the_top_of_its_repository() {
    let root = std::env::temp_dir().join(format!("hp-deploy-repo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/e2e/paths/deploy/chart");
    for rel in [
        "Chart.yaml",
        "templates/deployment.yaml",
        "templates/hook.yaml",
    ] {
        let to = root.join("chart").join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(src.join(rel), &to).expect("copy");
    }
    std::fs::create_dir_all(root.join(".git")).expect("mkdir .git");
    std::fs::create_dir_all(root.join("scripts")).expect("mkdir");
    std::fs::write(
        root.join("scripts/deploy.sh"),
        "#!/bin/sh\nset -e\nhelm upgrade --install web ./chart --atomic --timeout 7m\n\
         helm upgrade --install web ./chart --atomic --timeout 6m\n",
    )
    .expect("write script");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_helm-preflight"))
        .args(["lint", "scripts/deploy.sh", "--fail-on", "never"])
        .current_dir(&root)
        .output()
        .expect("run");
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    // ./chart is the chart at the top of the repository (the directory with .git; there
    // is no scripts/chart): its 7m0s budget (see the test above) is covered by 7m, not
    // by 6m.
    let heads: Vec<String> = out
        .lines()
        .filter(|l| l.contains("helm-timeout-too-short"))
        .map(|l| {
            l.split(" this chart")
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        heads,
        [
            "scripts/deploy.sh:4:55: error[helm-timeout-too-short]: `--timeout 6m` (360 s) is \
          below the 7m0s (420 s)"
        ]
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn rule_settings_of_the_configuration_apply_to_pipeline_findings() {
    let dir = std::env::temp_dir().join(format!("hp-deploy-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let config = dir.join(".helm-preflight.yaml");
    std::fs::write(
        &config,
        "rules:\n  helm-file-not-found: error\n  helm-timeout-too-short: off\n  \
         helm-no-wait: off\n  helm-timeout-missing: off\n",
    )
    .expect("write config");
    let config = config.display().to_string();
    let (code, out, _) = lint(&["tests/fixtures/e2e/paths", "--config", &config]);
    assert_eq!(code, 1);
    let heads: Vec<&str> = out.lines().filter_map(|l| l.split("]: ").next()).collect();
    assert_eq!(heads, [format!("{PATHS}:12:47: error[helm-file-not-found")]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_example_repository_shows_the_timeout_of_its_workflow() {
    let (code, out, _) = lint(&["examples"]);
    assert_eq!(code, 1);
    let w = "examples/.github/workflows/deploy.yaml";
    let heads: Vec<&str> = out.lines().filter_map(|l| l.split("]: ").next()).collect();
    assert_eq!(
        heads,
        [
            // Found by the default run; the workflow deploys the same values (release
            // `shop`), so it is not repeated.
            "examples/chart/templates/deployment.yaml:19:11: warning[readiness-probe-missing",
            &format!("{w}:22:13: note[helm-atomic-without-cleanup-on-fail"),
            &format!("{w}:22:22: warning[helm-force"),
            &format!("{w}:22:22: error[helm-force-with-atomic"),
            &format!("{w}:23:23: error[helm-timeout-too-short"),
            &format!("{w}:23:26: error[helm-exit-code-ignored"),
        ]
    );
    // 3 replicas, maxSurge 25% → one new pod per wave, 3 waves; a pod without a
    // readinessProbe is ready after its 30 s image pull: 90 s + 60 s buffer = 150 s.
    assert!(out.contains(&format!(
        "{w}:23:23: error[helm-timeout-too-short]: `--timeout 1m` (60 s) is below the 2m30s (150 \
         s) this chart needs: the slowest, Deployment \"shop-shop\" \
         (shop/templates/deployment.yaml:2:1), needs 90 s (3 pods, 3 waves × 30 s), plus 60 s \
         buffer; run `helm-preflight budget --explain` for the arithmetic\n"
    )));
}

#[test]
fn a_release_named_like_its_chart_does_not_repeat_the_default_runs_findings() {
    // The chart's fullname helper gives `rel-web` in the default run and plain `web`
    // under `helm upgrade web`; `--set queues={mail,jobs,bulk}` adds one worker, the only
    // finding the command's values cause.
    let (code, out, _) = lint(&["tests/fixtures/e2e/samename"]);
    assert_eq!(code, 1);
    let t = "tests/fixtures/e2e/samename/chart/templates";
    let missing = |at: &str, container: &str, object: &str| {
        format!(
            "{t}/{at}: warning[readiness-probe-missing]: container \"{container}\" of \
             Deployment \"{object}\" has no readinessProbe: it counts as ready as soon as it \
             starts, so `helm --wait`/`--atomic` will not wait for it to serve and proves \
             nothing"
        )
    };
    let want = vec![
        missing("deployment.yaml:10:11", "web", "rel-web"),
        missing("workers.yaml:11:11", "worker", "rel-web-mail"),
        missing("workers.yaml:11:11", "worker", "rel-web-jobs"),
        missing("workers.yaml:11:11", "worker", "web-bulk")
            + " [deployed by tests/fixtures/e2e/samename/.github/workflows/deploy.yml:6:14 \
               with --set queues={mail,jobs,bulk}]",
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), want);
}
