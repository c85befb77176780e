//! `helm-preflight budget`: minimum timeouts of the fixture charts in
//! tests/fixtures/budget/, with the arithmetic worked out by hand in each test.

mod common;

use serde_json::{json, Value};

const FIX: &str = "tests/fixtures/budget";

/// Runs `budget --format json` on fixture `chart` with extra `args`.
fn budget(chart: &str, args: &[&str]) -> Value {
    let path = format!("{FIX}/{chart}");
    let mut all = vec!["budget", path.as_str(), "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = common::run_bin(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("json")
}

/// The breakdown row of a workload or hook, without its free-text summary.
fn row(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.remove("summary");
    }
    v
}

/// The expected row of `kind` `name`, whose `kind:` is at column 1 of `line` of
/// `templates/file` of fixture `chart`: `[pods, waves, per_pod_seconds, seconds]`.
fn want(chart: &str, file: &str, line: u32, kind: &str, name: &str, n: [u64; 4]) -> Value {
    json!({
        "kind": kind, "name": name,
        "location": {"path": format!("{FIX}/{chart}/templates/{file}"), "line": line, "column": 1},
        "pods": n[0], "waves": n[1], "per_pod_seconds": n[2], "seconds": n[3],
    })
}

fn messages(v: &Value) -> Vec<String> {
    v["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| n["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn deployment_with_max_surge_25_percent_and_10_replicas() {
    let v = budget("rolling", &[]);
    // maxSurge 25% of 10 = 2.5, rounded up: 3 new pods per wave: ⌈10 / 3⌉ = 4 waves
    // (maxUnavailable, default 25% of 10 rounded down = 2, can only make it faster).
    // Per pod: image pull 30 + readiness 10 + 5 × 3 = 25, so 55 s. 4 × 55 = 220 s.
    // Minimum: 220 + 60 buffer = 280 s. Rule of thumb: 10 × 25 + 60 = 310 s.
    assert_eq!(
        row(&v["workloads"][0]),
        want(
            "rolling",
            "deployment.yaml",
            2,
            "Deployment",
            "rel-web",
            [10, 4, 55, 220]
        )
    );
    assert_eq!(v["minimum_seconds"], 280);
    assert_eq!(v["minimum"], "4m40s");
    assert_eq!(v["rule_of_thumb_seconds"], 310);
    // Helm 3 waits for 10 - 2 = 8 new pods only.
    assert_eq!(
        messages(&v),
        vec![
            "Helm 3 --wait (Helm 4 --wait=legacy) counts it ready once 8 of 10 new pods are \
             ready (replicas - maxUnavailable); Helm 4's default watcher waits for all of them"
        ]
    );
}

#[test]
fn values_file_changes_the_replicas() {
    let v = budget(
        "rolling",
        &["-f", "tests/fixtures/budget/rolling/values-small.yaml"],
    );
    // 3 replicas: maxSurge ⌈0.75⌉ = 1, maxUnavailable ⌊0.75⌋ = 0: 1 new pod per wave,
    // 3 waves × 55 s = 165 s; + 60 = 225 s. Rule of thumb 3 × 25 + 60 = 135 s.
    assert_eq!(v["workloads"][0]["pods"], 3);
    assert_eq!(v["workloads"][0]["waves"], 3);
    assert_eq!(v["workloads"][0]["seconds"], 165);
    assert_eq!(v["minimum_seconds"], 225);
    assert_eq!(v["rule_of_thumb_seconds"], 135);
    // maxUnavailable 0: Helm 3 waits for every pod, so no note.
    assert!(messages(&v).is_empty());
}

#[test]
fn ordered_ready_stateful_set_with_a_startup_probe() {
    let v = budget("ordered", &[]);
    // Per pod: 30 pull + startup 0 + 10 × 30 = 300 + readiness (defaults) 0 + 10 × 3 = 30:
    // 360 s. OrderedReady: 3 pods one after another: 3 × 360 = 1080 s; + 60 = 1140 s.
    assert_eq!(
        row(&v["workloads"][0]),
        want(
            "ordered",
            "statefulset.yaml",
            2,
            "StatefulSet",
            "db",
            [3, 3, 360, 1080]
        )
    );
    assert_eq!(v["minimum_seconds"], 1140);
    assert_eq!(v["minimum"], "19m0s");
    // Rule of thumb: 3 × 30 + 60 = 150 s: it misses the startup probe entirely.
    assert_eq!(v["rule_of_thumb_seconds"], 150);
}

#[test]
fn parallel_stateful_sets_honour_partition_and_on_delete() {
    let v = budget("parallel", &[]);
    // cache: per pod 30 + readiness 5 + 10 × 2 = 25 + minReadySeconds 10 = 65 s. Install:
    // Parallel, 1 wave. Upgrade: ordinals 3..1 (4 - partition 1 = 3 pods), maxUnavailable
    // 50% of 4 = 2 at a time: ⌈3 / 2⌉ = 2 waves. 2 × 65 = 130 s.
    assert_eq!(
        row(&v["workloads"][0]),
        want(
            "parallel",
            "statefulsets.yaml",
            2,
            "StatefulSet",
            "cache",
            [4, 2, 65, 130]
        )
    );
    // queue: OnDelete, so only the install counts: 5 pods together, 1 wave of
    // 30 + 0 + 20 × 3 = 90 s.
    assert_eq!(
        row(&v["workloads"][1]),
        want(
            "parallel",
            "statefulsets.yaml",
            34,
            "StatefulSet",
            "queue",
            [5, 1, 90, 90]
        )
    );
    // Slowest 130 + 60 = 190 s. Rule of thumb: 4 × 25 + 5 × 60 + 60 = 460 s.
    assert_eq!(v["minimum_seconds"], 190);
    assert_eq!(
        v["slowest"],
        json!({"kind": "StatefulSet", "name": "cache"})
    );
    assert_eq!(v["rule_of_thumb_seconds"], 460);
}

#[test]
fn daemon_set_over_the_configured_nodes() {
    // maxUnavailable 34% of 3 nodes = 1.02, rounded up: 2 at a time: ⌈3 / 2⌉ = 2 waves.
    // Per pod 30 + 0 + 10 × 3 = 60 s: 120 s; + 60 = 180 s.
    let v = budget("daemonset", &[]);
    assert_eq!(
        row(&v["workloads"][0]),
        want(
            "daemonset",
            "daemonset.yaml",
            2,
            "DaemonSet",
            "agent",
            [3, 2, 60, 120]
        )
    );
    assert_eq!(v["minimum_seconds"], 180);
    // 10 nodes: 34% of 10 = 3.4, rounded up: 4 at a time: ⌈10 / 4⌉ = 3 waves × 60 = 180 s;
    // + 60 = 240 s. A 30 s buffer and a 10 s pull: per pod 40, 3 × 40 + 30 = 150 s.
    let v = budget("daemonset", &["--nodes", "10"]);
    assert_eq!(v["workloads"][0]["waves"], 3);
    assert_eq!(v["minimum_seconds"], 240);
    let v = budget(
        "daemonset",
        &[
            "--nodes",
            "10",
            "--buffer-seconds",
            "30",
            "--image-pull-seconds",
            "10",
        ],
    );
    assert_eq!(v["workloads"][0]["per_pod_seconds"], 40);
    assert_eq!(v["minimum_seconds"], 150);
    assert_eq!(
        v["settings"],
        json!({"image_pull_seconds": 10, "nodes": 10, "buffer_seconds": 30, "wait_for_jobs": false})
    );
}

#[test]
fn hooks_each_get_their_own_timeout() {
    let v = budget("hooks", &[]);
    // The Deployment: 1 replica (default), maxSurge ⌈0.25⌉ = 1, maxUnavailable ⌊0.25⌋ = 0:
    // 1 wave of 30 + 0 + 10 × 3 = 60 s.
    assert_eq!(v["workloads"][0]["seconds"], 60);
    // migrate (pre-install,pre-upgrade): activeDeadlineSeconds 600. notify (post-install):
    // 1 pod of 30 s when it succeeds (with its backoffLimit 2 retries: + 2 × 30 s +
    // back-off 10 + 20 s = 120 s, in a note). The test Pod runs under `helm test` and is
    // not counted.
    let hooks = v["hooks"].as_array().expect("hooks");
    let summary: Vec<Value> = hooks
        .iter()
        .map(|h| {
            json!([
                h["name"],
                h["events"],
                h["counted"],
                h["seconds"],
                h["location"]["line"]
            ])
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            json!(["migrate", ["pre-install", "pre-upgrade"], true, 600, 2]),
            json!(["notify", ["post-install"], true, 30, 2]),
            json!(["smoke", ["test"], false, 30, 2]),
        ]
    );
    // The slowest is the 600 s hook: 600 + 60 = 660 s. Install runs pre, wait, post:
    // 3 phases.
    assert_eq!(v["minimum_seconds"], 660);
    assert_eq!(v["slowest"], json!({"kind": "Job", "name": "migrate"}));
    assert_eq!(v["phases"], 3);
    // With that timeout, install can take 3 × 660 s = 33 minutes in all.
    let (_, human, _) = common::run_bin(&["budget", "tests/fixtures/budget/hooks"]);
    assert!(human.contains(
        "\nphases: up to 3 (pre hooks, the wait, post hooks), each with its own full --timeout: \
         at 11m0s, up to 33m0s in all\n"
    ));
    assert_eq!(
        messages(&v),
        vec![
            "no activeDeadlineSeconds: the Job's own run time is unknown, so 30 s counts only \
             its pod starts; if its pods fail, backoffLimit retries and back-off make it up to \
             120 s; set activeDeadlineSeconds to bound it"
        ]
    );
}

#[test]
fn jobs_count_only_with_wait_for_jobs() {
    let v = budget("jobs", &[]);
    assert_eq!(v["workloads"], json!([]));
    assert_eq!(v["minimum_seconds"], 60);
    assert_eq!(
        messages(&v),
        vec![
            "not counted: Helm waits for Jobs only with --wait-for-jobs (pass it to budget to \
             count this Job)",
            "not counted: Helm waits for Jobs only with --wait-for-jobs (pass it to budget to \
             count this Job)",
            "nothing for Helm to wait for: no workloads or hooks",
        ]
    );
    let v = budget("jobs", &["--wait-for-jobs"]);
    // seed: activeDeadlineSeconds 900 bounds it (completions 4, parallelism 2: 2 waves).
    // warm: a work queue (parallelism 3, no completions): 1 wave of 30 s (its backoffLimit
    // 1 retry would add 30 s + 10 s back-off: 70 s). Minimum 900 + 60 = 960 s.
    assert_eq!(
        row(&v["workloads"][0]),
        want("jobs", "jobs.yaml", 2, "Job", "seed", [4, 2, 30, 900])
    );
    assert_eq!(
        row(&v["workloads"][1]),
        want("jobs", "jobs.yaml", 17, "Job", "warm", [3, 1, 30, 30])
    );
    assert_eq!(v["minimum_seconds"], 960);
    assert_eq!(v["minimum"], "16m0s");
}

#[test]
fn six_pod_example_prints_both_figures() {
    let (code, out, _) = common::run_bin(&["budget", "tests/fixtures/budget/six"]);
    assert_eq!(code, 0);
    // Model: maxSurge 25% of 6 = 1.5, rounded up: 2 per wave: ⌈6 / 2⌉ = 3 waves × (30 + 25)
    // = 165 s, + 60 = 225 s. Rule of thumb: 6 × (10 + 5 × 3) + 60 = 210 s.
    assert_eq!(
        out,
        "minimum --timeout: 3m45s (225 s)\n  \
         = slowest Deployment \"api\" 165 s + 60 s buffer\n\
         rule of thumb: 3m30s (210 s) = 6 × 25 s + 60 s buffer\n\
         \n\
         workloads (they roll out in parallel; the slowest sets the budget):\n  \
         tests/fixtures/budget/six/templates/deployment.yaml:2:1  Deployment \"api\": 6 pods, 3 waves × 55 s = 165 s\n\
         \n\
         notes:\n  \
         tests/fixtures/budget/six/templates/deployment.yaml:2:1: Deployment \"api\": Helm 3 --wait (Helm 4 \
         --wait=legacy) counts it ready once 5 of 6 new pods are ready (replicas - maxUnavailable); \
         Helm 4's default watcher waits for all of them\n"
    );
}

#[test]
fn explain_shows_the_model_and_the_arithmetic() {
    let (code, out, _) = common::run_bin(&["budget", "tests/fixtures/budget/ordered", "--explain"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("How the minimum --timeout is computed\n"));
    let tail = &out[out.find("minimum --timeout:").expect("summary")..];
    assert_eq!(
        tail,
        "minimum --timeout: 19m0s (1140 s)\n  \
         = slowest StatefulSet \"db\" 1080 s + 60 s buffer\n\
         rule of thumb: 2m30s (150 s) = 3 × 30 s + 60 s buffer\n\
         \n\
         workloads (they roll out in parallel; the slowest sets the budget):\n  \
         tests/fixtures/budget/ordered/templates/statefulset.yaml:2:1  StatefulSet \"db\": 3 pods, 3 waves × 360 s = 1080 s\n      \
         per pod: image pull 30 s + startupProbe of \"db\" (0 + 10 × 30 = 300 s) + readinessProbe of \"db\" (0 + 10 × 3 = 30 s) = 360 s\n      \
         podManagementPolicy OrderedReady: on install the pods (3) start one after another: 3 waves\n      \
         rolling update from the highest ordinal down to partition 0: 3 pods, 1 at a time (OrderedReady replaces one pod at a time): 3 waves\n      \
         the slower of install and upgrade: 3 waves\n      \
         3 waves × 360 s = 1080 s\n"
    );
}

#[test]
fn timeout_flag_checks_the_budget() {
    let run =
        |t: &str| common::run_bin(&["budget", "tests/fixtures/budget/rolling", "--timeout", t]);
    let (code, out, _) = run("2m");
    assert_eq!(code, 1);
    assert!(
        out.ends_with(
            "error[helm-timeout-too-short]: --timeout 2m0s (120 s) is below the 4m40s (280 s) \
             this chart needs: the slowest, Deployment \"rel-web\" \
             (rolling/templates/deployment.yaml:2:1), needs 220 s (10 pods, 4 waves × 55 s), \
             plus 60 s buffer; run `helm-preflight budget --explain` for the arithmetic\n"
        ),
        "{out}"
    );
    let (code, out, _) = run("280s");
    assert_eq!(code, 0);
    assert!(out.ends_with("--timeout 4m40s (280 s) covers the 4m40s (280 s) this chart needs\n"));
    let (code, _, err) = run("300");
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "Error: --timeout \"300\": time: missing unit in duration \"300\"\n"
    );
}

#[test]
fn a_chart_that_does_not_load_is_an_input_error() {
    let (code, out, err) = common::run_bin(&["budget", "tests/fixtures/budget/absent"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("Error: tests/fixtures/budget/absent: "),
        "{err}"
    );
}
