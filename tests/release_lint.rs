//! Lint what you deploy for GitOps/IaC releases: the charts that helmfile, Flux,
//! Argo CD and Terraform releases deploy, linted with each release's values, and
//! their timeouts checked against the chart's budget (tests/fixtures/releases/).
//!
//! Every fixture deploys a copy of one chart: a Deployment of `replicas` pods whose
//! readinessProbe (port `readiness.port`, default `http`) is written only when
//! `readiness` is set. With its defaults it has no finding, so every chart finding
//! below comes from a release's values. Budgets (default settings: 30 s image pull,
//! 60 s buffer; `maxSurge` 25%): a pod without a probe is ready after its pull, 30 s;
//! with the default probe after 30 + 5 + 10 × 3 = 65 s.

mod common;

const F: &str = "tests/fixtures/releases";

fn lint(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    common::run_bin(&all)
}

/// The compact output lines of `lint tests/fixtures/releases/<system>`.
fn lines(system: &str) -> Vec<String> {
    let (code, out, err) = lint(&[&format!("{F}/{system}")]);
    assert_eq!((code, err.as_str()), (1, ""), "{out}");
    out.lines().map(str::to_string).collect()
}

const NO_PROBE: &str = "has no readinessProbe: it counts as ready as soon as it starts, so \
    `helm --wait`/`--atomic` will not wait for it to serve and proves nothing";

const BAD_PORT: &str = "error[probe-port-undeclared]: the readinessProbe of container \"web\" \
    uses port \"metrics\", which the container does not declare in ports[].name: the probe can \
    never succeed";

const TAIL: &str = "run `helm-preflight budget --explain` for the arithmetic";

#[test]
fn helmfile_releases_are_linted_with_their_values_and_default_timeout() {
    let d = format!("{F}/helmfile");
    let chart = format!("{d}/charts/web/templates/deployment.yaml");
    let hf = format!("{d}/helmfile.yaml");
    assert_eq!(
        lines("helmfile"),
        [
            // values/prod.yaml sets `readiness: null`; the set value is a template
            // (`{{ requiredEnv "TAG" }}`), rendered as a placeholder. `shop-eu` deploys
            // the same values: its finding (Deployment "shop-eu-web") is this one once
            // its release name is read as `shop`, and is not repeated.
            format!(
                "{chart}:16:11: warning[readiness-probe-missing]: container \"web\" of \
                 Deployment \"shop-web\" {NO_PROBE} [deployed by {hf}:6:11 with \
                 values/prod.yaml, values (inline), set image.tag={{{{ requiredEnv \"TAG\" \
                 }}}}]"
            ),
            // The inline `readiness.port: metrics` of release `canary`, located in the
            // helmfile; its missing values file is left out.
            format!(
                "{chart}:25:21: {BAD_PORT} [value readiness.port, set at {hf}:25:11] [deployed \
                 by {hf}:19:11 with values/missing.yaml (does not exist: left out), values \
                 (inline)]"
            ),
            // `shop` inherits `helmDefaults.timeout: 120` and `wait: true`: 4 replicas
            // (inline values) → 1 new pod per wave, 4 waves × 30 s = 120 s + 60 s.
            // `shop-eu` (2 replicas: 60 s + 60 s) fits in 120 s; `canary` has its own
            // `timeout: 600`, above its 190 s.
            format!(
                "{hf}:3:12: error[helm-timeout-too-short]: helmfile `helmDefaults.timeout: 120` \
                 of release `shop` (120 s) is below the 3m0s (180 s) this chart needs: the \
                 slowest, Deployment \"shop-web\" (web/templates/deployment.yaml:2:1), needs \
                 120 s (4 pods, 4 waves × 30 s), plus 60 s buffer; {TAIL}"
            ),
            format!(
                "{hf}:23:9: warning[helm-file-not-found]: `values/missing.yaml` does not exist \
                 (looked for {d}/values/missing.yaml); helmfile fails on it \
                 (`missingFileHandler: Error` is the default)"
            ),
        ]
    );
}

#[test]
fn a_release_alone_reports_what_an_earlier_release_reported_for_it() {
    // `shop-eu` of the fixture on its own (absolute paths): the finding the fixture
    // reports once, for `shop`, is its own here.
    let dir = std::env::temp_dir().join(format!("hp-release-alone-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(F)
        .join("helmfile");
    let helmfile = dir.join("helmfile.yaml");
    std::fs::write(
        &helmfile,
        format!(
            "releases:\n  - name: shop-eu\n    wait: true\n    timeout: 600\n    chart: {}\n    \
             values: [{}]\n",
            fixture.join("charts/web").display(),
            fixture.join("values/prod.yaml").display()
        ),
    )
    .expect("write helmfile");
    let (code, out, _) = lint(&[helmfile.to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    let heads: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split(" has no").next())
        .collect();
    assert_eq!(
        heads,
        [format!(
            "{F}/helmfile/charts/web/templates/deployment.yaml:16:11: \
             warning[readiness-probe-missing]: container \"web\" of Deployment \"shop-eu-web\""
        )]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn flux_values_files_replace_the_charts_values_and_each_action_has_its_timeout() {
    let d = format!("{F}/flux");
    let chart = format!("{d}/charts/web/templates/deployment.yaml");
    let hr = format!("{d}/clusters/prod/web.yaml");
    assert_eq!(
        lines("flux"),
        [
            // `valuesFiles` replace the chart's values.yaml, and clusters/prod/values.yaml
            // has no `readiness`: the probe is gone. Release `prod-web`
            // (`targetNamespace-name`).
            format!(
                "{chart}:16:11: warning[readiness-probe-missing]: container \"web\" of \
                 Deployment \"prod-web-web\" {NO_PROBE} [deployed by {hr}:4:9 with valuesFiles \
                 ./clusters/prod/values.yaml, ./clusters/prod/missing.yaml (does not exist: \
                 left out) instead of the chart's values.yaml, valuesFrom Secret web-secrets: \
                 left out, spec.values]"
            ),
            format!(
                "{chart}:25:21: {BAD_PORT} [value readiness.port, set at {hr}:41:7] [deployed \
                 by {hr}:28:9 with spec.values]"
            ),
            // `spec.values` `replicas: 6` → 2 new pods per wave, 3 waves × 30 s = 90 s.
            format!(
                "{hr}:9:12: error[helm-timeout-too-short]: Flux `spec.timeout: 1m` of release \
                 `prod-web` (60 s) is below the 2m30s (150 s) this chart needs: the slowest, \
                 Deployment \"prod-web-web\" (web/templates/deployment.yaml:2:1), needs 90 s (6 \
                 pods, 3 waves × 30 s), plus 60 s buffer; {TAIL}"
            ),
            format!(
                "{hr}:18:11: warning[helm-file-not-found]: `./clusters/prod/missing.yaml` does \
                 not exist (looked for {d}/clusters/prod/missing.yaml); the chart fails to build \
                 and the release is not reconciled (unless `ignoreMissingValuesFiles: true`)"
            ),
            // `api` installs within Flux's default 5m but upgrades within 2m: 2 replicas
            // with the chart's probe, 2 waves × 65 s = 130 s + 60 s. The `HelmRepository`
            // chart `podinfo` is not on this disk.
            format!(
                "{hr}:38:14: error[helm-timeout-too-short]: Flux `spec.upgrade.timeout: 2m` of \
                 release `api` (for upgrades) (120 s) is below the 3m10s (190 s) this chart \
                 needs: the slowest, Deployment \"api-web\" (web/templates/deployment.yaml:2:1), \
                 needs 130 s (2 pods, 2 waves × 65 s), plus 60 s buffer; {TAIL}"
            ),
        ]
    );
}

#[test]
fn argo_cd_applications_render_their_path_with_value_files_relative_to_it() {
    let d = format!("{F}/argocd");
    let chart = format!("{d}/charts/web/templates/deployment.yaml");
    let app = format!("{d}/apps/web.yaml");
    assert_eq!(
        lines("argocd"),
        [
            // charts/web/values-prod.yaml (relative to the source path) sets the port;
            // `$ARGOCD_APP_REVISION` becomes a placeholder.
            format!(
                "{chart}:25:21: {BAD_PORT} [value readiness.port, set at \
                 {d}/charts/web/values-prod.yaml:2:3] [deployed by {app}:4:9 with \
                 values-prod.yaml, values-missing.yaml (does not exist: left out), \
                 helm.valuesObject, parameter image.tag=$ARGOCD_APP_REVISION]"
            ),
            // A literal `helm.values: |` block; `ignoreMissingValueFiles: true` makes
            // the missing file no finding. Argo CD has no Helm timeout to check, a
            // `chart:` of a Helm repository is not here, and a templated path is not
            // known.
            format!(
                "{chart}:16:11: warning[readiness-probe-missing]: container \"web\" of \
                 Deployment \"lite-web\" {NO_PROBE} [deployed by {app}:29:9 with \
                 values-staging.yaml (does not exist: left out), helm.values]"
            ),
            format!(
                "{app}:16:11: warning[helm-file-not-found]: `values-missing.yaml` does not exist \
                 (looked for {d}/charts/web/values-missing.yaml); Argo CD fails to generate the \
                 manifests (unless `ignoreMissingValueFiles: true`)"
            ),
        ]
    );
}

#[test]
fn terraform_releases_read_files_yamlencode_heredocs_and_set_blocks() {
    let d = format!("{F}/terraform");
    let chart = format!("{d}/charts/web/templates/deployment.yaml");
    let tf = format!("{d}/main.tf");
    assert_eq!(
        lines("terraform"),
        [
            format!(
                "{chart}:16:11: warning[readiness-probe-missing]: container \"web\" of \
                 Deployment \"web-web\" {NO_PROBE} [deployed by {tf}:5:25 with values/prod.yaml, \
                 yamlencode({{…}}), set image.tag=var.image_tag]"
            ),
            // The heredoc's `port: metrics`, located in main.tf.
            format!(
                "{chart}:25:21: {BAD_PORT} [value readiness.port, set at {tf}:29:7] [deployed \
                 by {tf}:22:25 with heredoc values]"
            ),
            // `yamlencode({ replicas = 4 })`: 4 waves × 30 s; the post-install hook Job
            // (activeDeadlineSeconds 100) is shorter.
            format!(
                "{tf}:9:15: error[helm-timeout-too-short]: Terraform `timeout = 120` of release \
                 `web` (120 s) is below the 3m0s (180 s) this chart needs: the slowest, \
                 Deployment \"web-web\" (web/templates/deployment.yaml:2:1), needs 120 s (4 pods, \
                 4 waves × 30 s), plus 60 s buffer; {TAIL}"
            ),
            format!(
                "{tf}:25:13: warning[helm-no-wait]: Terraform `wait = false` of release `api`: \
                 Helm returns as soon as the objects are sent, so a deploy whose Pods never \
                 become ready still succeeds. Let it wait (with a timeout)."
            ),
            // Without a wait only the hook counts: 100 s + 60 s.
            format!(
                "{tf}:26:13: error[helm-timeout-too-short]: without a wait for resources, Helm \
                 waits only for hooks, and Terraform `timeout = 60` of release `api` (60 s) is \
                 below the 2m40s (160 s) this chart needs: the slowest, Job \"api-seed\" \
                 (web/templates/seed.yaml:2:1), needs 100 s (activeDeadlineSeconds 100), plus 60 \
                 s buffer; {TAIL}"
            ),
        ]
    );
}

#[test]
fn a_releases_values_and_location_are_in_the_json_report() {
    let (_, json, _) = lint(&[&format!("{F}/terraform"), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let tf = format!("{F}/terraform/main.tf");
    let f = &v["findings"][1];
    assert_eq!(f["rule"], "probe-port-undeclared");
    assert_eq!(
        f["deployed_by"],
        serde_json::json!({"path": tf, "line": 22, "column": 25, "label": "heredoc values"})
    );
    assert_eq!(
        f["values_location"],
        serde_json::json!({"path": tf, "line": 29, "column": 7, "key": "readiness.port"})
    );
    // The release timeout finding points at the slowest workload's template.
    let timeout = &v["findings"][2];
    assert_eq!(timeout["rule"], "helm-timeout-too-short");
    assert_eq!(
        timeout["related"][0]["location"]["path"],
        format!("{F}/terraform/charts/web/templates/deployment.yaml")
    );
}
