//! `helm-preflight lint`: findings at the template line that produced them, formats
//! and exit codes.

mod common;

fn lint(args: &[&str]) -> (i32, String) {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    let (code, out, _) = common::run_bin(&all);
    (code, out)
}

/// `path:line:col: severity[rule]` of every compact output line.
fn heads(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| l.split(": ").take(2).collect::<Vec<_>>().join(": "))
        .collect()
}

#[test]
fn example_chart_reports_the_missing_readiness_probe_at_the_template_line() {
    let (code, out) = lint(&["examples/chart"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "examples/chart/templates/deployment.yaml:19:11: warning[readiness-probe-missing]: \
         container \"shop\" of Deployment \"rel-shop\" has no readinessProbe: it counts as ready as \
         soon as it starts, so `helm --wait`/`--atomic` will not wait for it to serve and proves \
         nothing\n"
    );
    let (code, _) = lint(&["examples/chart", "--fail-on", "error"]);
    assert_eq!(code, 0);
}

#[test]
fn readiness_probe_missing_positive_and_negative_cases() {
    let (code, out) = lint(&["tests/fixtures/lint/probes", "--fail-on", "never"]);
    assert_eq!(code, 0);
    let locations: Vec<&str> = out
        .lines()
        .map(|l| l.split(": ").next().unwrap_or(""))
        .collect();
    // The worker container comes from the helper (through include | nindent); the native
    // sidecar `proxy` counts; `ready` has a probe; the init container, the Job and the
    // test-hook Pod are not checked.
    assert_eq!(
        locations,
        vec![
            "tests/fixtures/lint/probes/templates/_containers.tpl:2:3",
            "tests/fixtures/lint/probes/templates/workloads.yaml:24:11",
        ]
    );
    assert!(out.contains("container \"worker\" of DaemonSet \"agent\""));
    assert!(out.contains("container \"proxy\" of DaemonSet \"agent\""));
}

#[test]
fn json_output_is_versioned_and_names_the_include_chain() {
    let (_, out) = lint(&["tests/fixtures/lint/probes", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["warnings"], 2);
    let worker = &v["findings"][0];
    assert_eq!(worker["rule"], "readiness-probe-missing");
    assert_eq!(worker["location"]["line"], 2);
    assert_eq!(
        worker["via"][0]["path"],
        "tests/fixtures/lint/probes/templates/workloads.yaml"
    );
    assert_eq!(worker["via"][0]["line"], 28);
    assert_eq!(worker["via"][0]["column"], 9);
}

#[test]
fn pvc_and_crds_dir_rules() {
    let (code, out) = lint(&["tests/fixtures/lint/storage"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with(
        "tests/fixtures/lint/storage/crds/widgets.yaml:6:14: error[crds-dir-templated]: "
    ));
    assert!(lines[1].starts_with(
        "tests/fixtures/lint/storage/templates/pvc.yaml:4:3: note[pvc-without-keep-policy]: \
         PersistentVolumeClaim \"data\""
    ));
    let (code, _) = lint(&["tests/fixtures/lint/storage", "--fail-on", "never"]);
    assert_eq!(code, 0);
}

#[test]
fn a_chart_that_does_not_render_is_a_render_failed_error_at_the_template_line() {
    let (code, out) = lint(&["tests/fixtures/lint/broken"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "tests/fixtures/lint/broken/templates/deployment.yaml:4:12: error[render-failed]: \
         execution error at (broken/templates/deployment.yaml:4:11): set .Values.name\n"
    );
    let (code, out) = lint(&[
        "tests/fixtures/lint/broken",
        "--set",
        "name=web",
        "--fail-on",
        "note",
    ]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn duplicate_keys_and_invalid_yaml_in_rendered_manifests() {
    let (code, out) = lint(&["tests/fixtures/lint/yaml"]);
    assert_eq!(code, 1);
    let heads = heads(&out);
    assert_eq!(
        heads,
        vec![
            "tests/fixtures/lint/yaml/templates/configmap.yaml:6:8: error[manifest-invalid-yaml]",
            "tests/fixtures/lint/yaml/templates/service.yaml:7:5: warning[manifest-duplicate-key]",
            // A mapping of 21 entries (searched through a set, not pairwise).
            "tests/fixtures/lint/yaml/templates/settings.yaml:23:3: warning[manifest-duplicate-key]",
        ],
        "{out}"
    );
}

#[test]
fn identical_probes_and_undeclared_probe_ports() {
    let (code, out) = lint(&["tests/fixtures/lint/probes2"]);
    assert_eq!(code, 1);
    let heads = heads(&out);
    // `same`: identical probes (both from one values block); `different`: the liveness
    // probe names the undeclared port `metrics` (the numeric 8080 is fine).
    assert_eq!(
        heads,
        vec![
            "tests/fixtures/lint/probes2/templates/deploy.yaml:13:11: warning[readiness-probe-same-as-liveness]",
            "tests/fixtures/lint/probes2/templates/deploy.yaml:33:45: error[probe-port-undeclared]",
        ],
        "{out}"
    );
}

#[test]
fn crd_rules() {
    let (code, out) = lint(&["tests/fixtures/lint/crds"]);
    assert_eq!(code, 1);
    let heads = heads(&out);
    assert_eq!(
        heads,
        vec![
            "tests/fixtures/lint/crds/templates/crd.yaml:2:1: note[crd-in-templates]",
            "tests/fixtures/lint/crds/templates/resources.yaml:2:1: error[crd-with-custom-resource]",
            "tests/fixtures/lint/crds/templates/resources.yaml:12:1: note[custom-resource-crd-unknown]",
        ],
        "{out}"
    );
    assert!(
        out.contains("(CRD at crdchart/templates/crd.yaml:2:1)"),
        "{out}"
    );
}

#[test]
fn chart_testing_values_files_are_linted_too_and_labelled() {
    let (code, out) = lint(&["tests/fixtures/lint/civalues"]);
    assert_eq!(code, 1);
    // Defaults and ci/default-values.yaml have the probe; ci/no-probe-values.yaml drops it,
    // and so does ci/zz-no-probe-again-values.yaml: the same finding is reported once, by
    // the first run that finds it.
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].starts_with(
        "tests/fixtures/lint/civalues/templates/deploy.yaml:9:11: warning[readiness-probe-missing]"
    ));
    assert!(lines[0].ends_with("[values: tests/fixtures/lint/civalues/ci/no-probe-values.yaml]"));
    let (_, json) = lint(&["tests/fixtures/lint/civalues", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        v["findings"][0]["values_file"],
        "tests/fixtures/lint/civalues/ci/no-probe-values.yaml"
    );
}

#[test]
fn chart_testing_values_files_apply_over_the_chart_defaults_alone() {
    // The user's values make the default run; a ci/ scenario is rendered as `ct install`
    // renders it, over the chart's defaults. Layered over `mode=prod`, ci/debug-values.yaml
    // would fail the chart's own guard.
    let chart = "tests/fixtures/lint/ciscenario";
    let (code, out) = lint(&[chart, "--set", "mode=prod"]);
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, out) = lint(&[chart, "--set", "mode=prod", "--set", "debug=true"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "tests/fixtures/lint/ciscenario/templates/configmap.yaml:2:5: error[render-failed]: \
         execution error at (ciscenario/templates/configmap.yaml:2:4): debug must be off in prod\n"
    );
}

#[test]
fn text_written_by_tpl_points_at_the_tpl_action() {
    let (code, out) = lint(&["tests/fixtures/lint/tpl", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let pos = |l: &serde_json::Value| {
        let path = l["path"].as_str().unwrap_or("");
        let file = path.rsplit('/').next().unwrap_or("");
        format!("{file}:{}:{}", l["line"], l["column"])
    };
    let found: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let l = &f["location"];
            let container = f["message"].as_str().unwrap_or("").split('"').nth(1);
            let mut s = format!(
                "{} at {}-{}:{}",
                container.unwrap_or(""),
                pos(l),
                l["end_line"],
                l["end_column"]
            );
            for c in f["via"].as_array().expect("via") {
                s.push_str(&format!(" <- {} {}", pos(c), c["callee"]));
            }
            s
        })
        .collect();
    assert_eq!(
        found,
        [
            // tpl inside a helper: the helper's `tpl` action, reached through the include.
            "rel-helped at _helpers.tpl:2:1-2:27 <- deploy.yaml:10:9 \"tplchart.render\"",
            // A helper included from tpl text: the helper's line, called at the tpl action.
            "from-helper at _helpers.tpl:5:3-5:7 <- deploy.yaml:11:9 \"tplchart.container\"",
            // tpl in the template: the whole `{{- tpl ... }}` action.
            "rel-direct at deploy.yaml:9:9-9:48",
        ]
    );
}

#[test]
fn a_render_failure_with_a_multi_document_values_file_says_how_helm_4_reads_it() {
    let (code, out) = lint(&["tests/fixtures/lint/multidoc"]);
    assert_eq!(code, 1);
    // Helm 4 merges both documents: enabled false, crds true (from the first). Helm names
    // the action with a 0-based column (2:4); ours are 1-based (2:5, the `fail`).
    assert_eq!(
        out,
        "tests/fixtures/lint/multidoc/templates/check.yaml:2:5: error[render-failed]: execution \
         error at (multidoc/templates/check.yaml:2:4): feature.crds needs feature.enabled \
         (tests/fixtures/lint/multidoc/ci/cases-values.yaml holds 2 YAML documents: Helm 4 \
         merges them all, in order; Helm 3 reads only the first) [values: \
         tests/fixtures/lint/multidoc/ci/cases-values.yaml]\n"
    );
}

#[test]
fn a_chart_that_does_not_load_points_at_the_file_and_line_helm_names() {
    let root = std::env::temp_dir().join(format!("hp-load-error-{}", std::process::id()));
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("dirs");
        std::fs::write(p, text).expect("write");
    };
    write("noname/Chart.yaml", "apiVersion: v2\nversion: 1.0.0\n");
    write(
        "badvalues/Chart.yaml",
        "apiVersion: v2\nname: badvalues\nversion: 1.0.0\n",
    );
    write("badvalues/values.yaml", "a: 1\nb: [\n");
    write(
        "parent/Chart.yaml",
        "apiVersion: v2\nname: parent\nversion: 1.0.0\n",
    );
    write(
        "parent/charts/db/Chart.yaml",
        "apiVersion: v2\nname: postgres\nversion: 1.0.0\n",
    );
    write("parent/charts/db/values.yaml", "a: 1\n\nb: {\n");
    let r = root.to_string_lossy().into_owned();
    let (code, out) = lint(&[
        &format!("{r}/noname"),
        &format!("{r}/badvalues"),
        &format!("{r}/parent"),
    ]);
    let (render_code, _, render_err) = common::run_bin(&["render", &format!("{r}/badvalues")]);
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(render_code, 2);
    assert_eq!(
        render_err,
        format!(
            "Error: cannot load values.yaml: cannot unmarshal yaml document: error converting \
             YAML to JSON: yaml: line 2: did not find expected node content (at \
             {r}/badvalues/values.yaml:2:1)\n"
        )
    );
    assert_eq!(code, 1);
    let yaml = "did not find expected node content";
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!(
                "{r}/noname/Chart.yaml:1:1: error[render-failed]: validation: \
                 chart.metadata.name is required"
            ),
            format!(
                "{r}/badvalues/values.yaml:2:1: error[render-failed]: cannot load values.yaml: \
                 cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: \
                 {yaml}"
            ),
            format!(
                "{r}/parent/charts/db/values.yaml:3:1: error[render-failed]: error unpacking \
                 subchart db in parent: cannot load values.yaml: cannot unmarshal yaml \
                 document: error converting YAML to JSON: yaml: line 3: did not find expected \
                 node content"
            ),
        ]
    );
}

#[test]
fn a_remote_schema_ref_is_a_note_and_the_rest_of_the_schema_still_validates() {
    let chart = "tests/fixtures/lint/remoteschema";
    let (code, out) = lint(&[chart]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "tests/fixtures/lint/remoteschema/values.schema.json:6:16: \
         note[values-schema-unchecked]: the values.schema.json of \"remoteschema\" refers to \
         https://example.com/schemas/probe.json: Helm downloads it and validates the values \
         against it at every install (and fails without network access); helm-preflight never \
         downloads, so the values under it were not checked\n"
    );
    // `render` renders and says the same on standard error.
    let (code, _, err) = common::run_bin(&["render", chart]);
    assert_eq!(
        (code, err.as_str()),
        (
            0,
            "warning: the values.schema.json of \"remoteschema\" refers to \
             https://example.com/schemas/probe.json: Helm downloads it and validates the values \
             against it at every install (and fails without network access); helm-preflight \
             never downloads, so the values under it were not checked\n"
        )
    );
    let (code, out) = lint(&[chart, "--set", "port=x"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[render-failed]: values don't meet the specifications of the schema(s) in the following chart(s): remoteschema: - at '/port': got string, want integer"),
        "{out}"
    );
}

#[test]
fn values_the_schema_rejects_are_located_in_the_values_file_that_sets_them() {
    let (code, out) = lint(&[
        "tests/fixtures/lint/remoteschema",
        "-f",
        "tests/fixtures/lint/remoteschema/values.yaml",
        "-f",
        "tests/fixtures/lint/remoteschema-values/port.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "tests/fixtures/lint/remoteschema-values/port.yaml:2:1: error[render-failed]: values \
             don't meet the specifications of the schema(s) in the following chart(s): \
             remoteschema: - at '/port': got string, want integer"
        ),
        "{out}"
    );
}

#[test]
fn a_render_that_fails_for_a_dependency_missing_from_charts_names_it() {
    let root = std::env::temp_dir().join(format!("hp-missing-dep-{}", std::process::id()));
    let chart = root.join("app");
    std::fs::create_dir_all(chart.join("templates")).expect("dirs");
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: common\n    version: 2.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n",
    )
    .expect("write");
    std::fs::write(
        chart.join("templates/svc.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include \"common.names.fullname\" . }}\n",
    )
    .expect("write");
    let c = chart.to_string_lossy().into_owned();
    let (code, out) = lint(&[&c]);
    let (render_code, _, render_err) = common::run_bin(&["render", &c]);
    // A failure of the chart's own is not blamed on the missing dependency.
    std::fs::write(chart.join("templates/svc.yaml"), "{{ fail \"boom\" }}\n").expect("write");
    let (_, own) = lint(&[&c]);
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        own,
        format!(
            "{c}/templates/svc.yaml:1:4: error[render-failed]: execution error at \
             (app/templates/svc.yaml:1:3): boom\n"
        )
    );
    let why = "an error occurred while checking for chart dependencies. You may need to run \
               'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but \
               missing in charts/ directory: common";
    assert_eq!(
        (code, out),
        (
            1,
            format!("{c}/Chart.yaml:5:11: error[render-failed]: {why}\n")
        )
    );
    assert_eq!(
        (render_code, render_err),
        (2, format!("Error: {why} (at {c}/Chart.yaml:5:11)\n"))
    );
}
