//! The model on small one-template charts: Kubernetes defaults and rounding, notes at
//! the field that causes them, and the timeout check.

use super::fields::{Fields, IntOrPercent};
use super::job::backoff_delays;
use super::*;
use crate::chart::load::{load_files, ChartFile};
use crate::manifest::{documents, TemplatePos};
use crate::render::chart::{render_chart, RenderOptions};
use crate::render::command::version_in_range;

/// The budget of a chart `t` whose only template is `templates/x.yaml` = `manifest`.
fn budget_with(manifest: &str, settings: &BudgetSettings) -> Budget {
    let chart = load_files(vec![
        ChartFile::new(
            "Chart.yaml".into(),
            b"apiVersion: v2\nname: t\nversion: 1.0.0\n".to_vec(),
        ),
        ChartFile::new("templates/x.yaml".into(), manifest.as_bytes().to_vec()),
    ])
    .expect("chart");
    let rendered = render_chart(
        &chart,
        &Entries::new(),
        &RenderOptions::default(),
        version_in_range,
    )
    .expect("render");
    compute(&rendered, &documents(&rendered), settings)
}

fn budget_of(manifest: &str) -> Budget {
    budget_with(manifest, &BudgetSettings::default())
}

/// A Deployment with `spec` lines (indented by two) and a container without probes.
fn deployment(spec: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n{spec}  template:\n    \
         spec:\n      containers:\n        - name: c\n          image: i\n"
    )
}

fn notes(b: &Budget) -> Vec<&str> {
    b.notes.iter().map(|n| n.message.as_str()).collect()
}

fn at(line: u32, column: u32) -> Option<TemplatePos> {
    Some(TemplatePos {
        file: "t/templates/x.yaml".into(),
        line,
        column,
    })
}

#[test]
fn percentages_round_as_each_controller_asks() {
    let p = IntOrPercent::Percent(25);
    assert_eq!((p.scaled(10, true), p.scaled(10, false)), (3, 2));
    assert_eq!((p.scaled(1, true), p.scaled(1, false)), (1, 0));
    assert_eq!(IntOrPercent::Percent(0).scaled(10, true), 0);
    assert_eq!(IntOrPercent::Int(7).scaled(10, false), 7);
    assert_eq!(p.describe(10, true), "25% of 10 = 3 (rounded up)");
}

#[test]
fn recreate_is_one_wave() {
    let b = budget_of(&deployment(
        "  replicas: 4\n  strategy:\n    type: Recreate\n",
    ));
    let w = &b.workloads[0];
    // 4 pods, 1 wave of 30 s (pull only: no probes).
    assert_eq!(
        (w.pods, w.waves, w.per_pod_seconds, w.seconds),
        (4, 1, 30, 30)
    );
    assert_eq!(b.minimum_seconds, 90);
    assert_eq!(
        notes(&b),
        vec![
            "no readinessProbe on container \"c\": it counts as ready as soon as it starts, so \
             30 s is a lower bound of when it serves"
        ]
    );
}

#[test]
fn zero_surge_and_zero_unavailable_mean_one_unavailable() {
    let b = budget_of(&deployment(
        "  replicas: 2\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n",
    ));
    // ResolveFenceposts: 0 + 0 becomes maxUnavailable 1: 1 pod per wave, 2 waves.
    assert_eq!(b.workloads[0].waves, 2);
    assert!(b.workloads[0]
        .explain
        .contains(&"both 0: Kubernetes uses maxUnavailable 1".to_string()));
}

#[test]
fn a_quoted_count_is_rejected_at_its_field_and_the_default_used() {
    let b = budget_of(&deployment(
        "  replicas: 4\n  strategy:\n    rollingUpdate:\n      maxSurge: \"1\"\n",
    ));
    // Default maxSurge 25% of 4 = 1: waves of 1 new pod, ⌈4 / 1⌉ = 4 waves.
    assert_eq!(b.workloads[0].waves, 4);
    let n = b
        .notes
        .iter()
        .find(|n| n.message.starts_with("maxSurge"))
        .expect("note");
    assert_eq!(
        n.message,
        "maxSurge: \"1\" is not a non-negative integer or a percentage such as \"25%\": the API \
         server rejects the object; the Kubernetes default was assumed"
    );
    assert_eq!(n.location.as_ref().map(|l| l.at.clone()), at(9, 17));
    assert_eq!(n.object.as_deref(), Some("Deployment \"d\""));
}

#[test]
fn numeric_fields_are_read_as_the_api_server_reads_them() {
    let doc = "a: 3\nb: \"3\"\nc: -1\nd: 3.0\ne: 2147483648\nf: abc\ng: null\nh: 50%\n";
    let (docs, _) = crate::yaml::parse_manifest(doc);
    let root = docs[0].root.as_ref().expect("root");
    let mut f = Fields::default();
    let ints: Vec<Option<u64>> = ["a", "b", "c", "d", "e", "f", "g", "absent"]
        .iter()
        .map(|k| f.int(Some(root), k))
        .collect();
    assert_eq!(
        ints,
        vec![Some(3), None, None, Some(3), None, None, None, None]
    );
    // b, c, e and f are rejected; null and absent fields take the default silently.
    assert_eq!(f.problems.len(), 4);
    assert_eq!(
        f.int_or_percent(Some(root), "h"),
        Some(IntOrPercent::Percent(50))
    );
    assert_eq!(
        f.int_or_percent(Some(root), "a"),
        Some(IntOrPercent::Int(3))
    );
    assert_eq!(f.int_or_percent(Some(root), "f"), None);
}

#[test]
fn an_autoscaler_raises_the_pods_to_its_max_replicas() {
    let manifest = deployment("")
        + "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\n\
           spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: d\n  \
           maxReplicas: 8\n";
    let b = budget_of(&manifest);
    let w = &b.workloads[0];
    // 8 pods: maxSurge 25% of 8 = 2 per wave: ⌈8 / 2⌉ = 4 waves.
    assert_eq!((w.pods, w.waves), (8, 4));
    assert_eq!(
        w.explain[0],
        "HorizontalPodAutoscaler \"h\" can scale it to maxReplicas 8; an upgrade rolls that many pods"
    );
}

#[test]
fn a_progress_deadline_shorter_than_a_wave_is_noted_at_the_field() {
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  \
                    progressDeadlineSeconds: 120\n  template:\n    spec:\n      containers:\n        \
                    - name: c\n          image: i\n          startupProbe:\n            \
                    failureThreshold: 30\n          readinessProbe:\n            periodSeconds: 5\n";
    let b = budget_of(manifest);
    // Per pod: 30 + 0 + 10 × 30 + 0 + 5 × 3 = 345 s, more than the 120 s deadline.
    assert_eq!(b.workloads[0].per_pod_seconds, 345);
    let n = b.notes.last().expect("note");
    assert_eq!(
        n.message,
        "progressDeadlineSeconds 120 is shorter than one wave (345 s): Kubernetes marks the \
         rollout failed (ProgressDeadlineExceeded) before a slow wave is ready, and Helm 4's \
         watcher stops there; raising --timeout does not help, raise progressDeadlineSeconds"
    );
    assert_eq!(n.location.as_ref().map(|l| l.at.clone()), at(6, 28));
}

#[test]
fn the_slowest_container_counts_and_native_sidecars_are_containers() {
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    \
                    - name: side\n      image: s\n      restartPolicy: Always\n      startupProbe:\n        \
                    periodSeconds: 5\n        failureThreshold: 20\n    - name: init\n      image: i\n  \
                    containers:\n    - name: app\n      image: a\n      readinessProbe:\n        \
                    initialDelaySeconds: 5\n";
    let b = budget_of(manifest);
    let w = &b.workloads[0];
    // side: startup 0 + 5 × 20 = 100 s; app: readiness 5 + 10 × 3 = 35 s. The plain init
    // container does not count. 30 + 100 = 130 s.
    assert_eq!((w.pods, w.waves, w.per_pod_seconds), (1, 1, 130));
    assert_eq!(
        w.explain[0],
        "per pod: image pull 30 s + startupProbe of \"side\" (0 + 5 × 20 = 100 s) = 130 s"
    );
    // Rule of thumb: 1 × 35 + 60.
    assert_eq!(b.rule_of_thumb_seconds, 95);
}

#[test]
fn documents_that_do_not_parse_are_noted() {
    let b = budget_of("kind: [unclosed\n");
    assert_eq!(
        notes(&b),
        vec![
            "document 1 of t/templates/x.yaml is not valid YAML and is not counted",
            "nothing for Helm to wait for: no workloads or hooks",
        ]
    );
}

#[test]
fn hooks_of_other_kinds_are_not_waited_for() {
    let b = budget_of(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    \
         helm.sh/hook: pre-install\n",
    );
    assert!(b.hooks.is_empty());
    assert_eq!(b.phases, 1);
    assert_eq!(b.worst_case_seconds(300), 300);
}

#[test]
fn back_off_delays_double_up_to_six_minutes() {
    assert_eq!(backoff_delays(0), 0);
    assert_eq!(backoff_delays(1), 10);
    // 10 + 20 + 40 + 80 + 160 + 320.
    assert_eq!(backoff_delays(6), 630);
    assert_eq!(backoff_delays(8), 630 + 2 * 360);
}

#[test]
fn timeout_check_names_the_slowest_workload() {
    let b = budget_of(&deployment(
        "  replicas: 4\n  strategy:\n    type: Recreate\n",
    ));
    assert_eq!(timeout_too_short(&b, 90), None);
    let short = timeout_too_short(&b, 89).expect("short");
    assert_eq!(
        short.message,
        "--timeout 1m29s (89 s) is below the 1m30s (90 s) this chart needs: the slowest, \
         Deployment \"d\" (t/templates/x.yaml:2:1), needs 30 s (4 pods, 1 wave × 30 s), plus 60 s \
         buffer; run `helm-preflight budget --explain` for the arithmetic"
    );
    let zero = timeout_too_short(&b, 0).expect("short");
    assert!(zero
        .message
        .contains("; a timeout of 0 fails Helm 3's wait at once (Helm 4 uses 30s)"));
    let f = short.finding(".helm-preflight.yaml".into(), None);
    assert_eq!(
        (f.rule, f.severity, f.object.map(|o| o.name)),
        (
            check::RULE_ID,
            crate::rules::Severity::Error,
            Some("d".into())
        )
    );
}

#[test]
fn a_chart_with_nothing_to_wait_for_is_never_short_and_hooks_only_drops_workloads() {
    let empty = budget_of("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    assert_eq!(empty.minimum_seconds, 60);
    assert_eq!(timeout_too_short(&empty, 1), None);
    let b = budget_of(&deployment(
        "  replicas: 4\n  strategy:\n    type: Recreate\n",
    ));
    let hooks = b.hooks_only();
    assert!(hooks.workloads.is_empty());
    assert_eq!((hooks.minimum_seconds, hooks.slowest()), (60, None));
    assert_eq!(timeout_too_short(&hooks, 1), None);
}

#[test]
fn settings_deserialize_from_the_config_with_defaults() {
    let s: BudgetSettings = serde_json::from_str(r#"{"nodes": 5}"#).expect("settings");
    assert_eq!(
        s,
        BudgetSettings {
            nodes: 5,
            ..BudgetSettings::default()
        }
    );
    assert!(serde_json::from_str::<BudgetSettings>(r#"{"node": 5}"#).is_err());
}
