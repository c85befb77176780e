//! How many pod waits happen one after another while a workload rolls out.
//!
//! The budget covers the slower of a first install and an upgrade that replaces every
//! pod. Each function states the controller rule it follows.

use super::fields::{count, waves_of, Fields, IntOrPercent};
use crate::yaml::Node;

/// Pods a workload runs and the waits for them that happen one after another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollout {
    /// Pods rolled out.
    pub pods: u64,
    /// Sequential waves of pod waits.
    pub waves: u64,
    /// The reasoning, one step per line.
    pub explain: Vec<String>,
    /// Deployments: the new pods Helm 3's `--wait` (Helm 4 `--wait=legacy`) waits for,
    /// `replicas - maxUnavailable`, when that is fewer than `replicas`.
    pub legacy_wait_pods: Option<u64>,
}

impl Rollout {
    fn new(pods: u64, waves: u64, explain: Vec<String>) -> Rollout {
        Rollout {
            pods,
            waves,
            explain,
            legacy_wait_pods: None,
        }
    }
}

/// An autoscaler that targets a workload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Autoscaler {
    /// `metadata.name` of the HorizontalPodAutoscaler.
    pub name: String,
    /// `spec.maxReplicas`.
    pub max_replicas: u64,
}

/// The replicas to budget for: `spec.replicas` (default 1). When an autoscaler of the
/// chart targets the workload, an upgrade keeps the live count, which can be as high as
/// its `maxReplicas` (Helm leaves an omitted `replicas` alone; a set one is only
/// patched when the chart changes it), so the larger of the two counts.
pub fn replicas(
    spec: Option<&Node>,
    hpa: Option<&Autoscaler>,
    fields: &mut Fields,
    explain: &mut Vec<String>,
) -> u64 {
    let set = fields.int(spec, "replicas");
    let base = set.unwrap_or(1);
    match (set, hpa) {
        (_, Some(h)) if h.max_replicas > base => {
            explain.push(format!(
                "HorizontalPodAutoscaler {:?} can scale it to maxReplicas {}; an upgrade rolls \
                 that many pods",
                h.name, h.max_replicas
            ));
            h.max_replicas
        }
        (None, _) => {
            explain.push("replicas not set: 1 (the Kubernetes default)".to_string());
            1
        }
        (Some(n), _) => n,
    }
}

/// A Deployment. Install creates every pod at once; a rolling update replaces them in
/// waves. `strategy.type` defaults to RollingUpdate with `maxSurge` and `maxUnavailable`
/// of 25%. Kubernetes' `ResolveFenceposts` rounds a `maxSurge` percentage up and a
/// `maxUnavailable` percentage down, and turns 0/0 into maxUnavailable 1. The budget
/// counts waves of `maxSurge` new pods (of `maxUnavailable` when `maxSurge` is 0): the
/// controller may also replace up to `maxUnavailable` old pods at once, which can make
/// a rollout faster, never slower, so the figure is a safe upper bound.
/// `Recreate` stops every old pod, then starts every new pod: one wave.
pub fn deployment(spec: Option<&Node>, replicas: u64, fields: &mut Fields) -> Rollout {
    let rolling = update_strategy(spec, "strategy", "Recreate", fields);
    if replicas == 0 {
        return Rollout::new(0, 0, vec!["0 replicas: nothing to wait for".into()]);
    }
    let Some(ru) = rolling else {
        return Rollout::new(
            replicas,
            1,
            vec![format!(
                "strategy Recreate: the old pods stop, then the new pods ({replicas}) start \
                 together: 1 wave"
            )],
        );
    };
    let surge = fields
        .int_or_percent(ru, "maxSurge")
        .unwrap_or(IntOrPercent::Percent(25));
    let unavailable = fields
        .int_or_percent(ru, "maxUnavailable")
        .unwrap_or(IntOrPercent::Percent(25));
    let s = surge.scaled(replicas, true);
    let mut u = unavailable.scaled(replicas, false);
    let mut explain = vec![format!(
        "rolling update: maxSurge {}, maxUnavailable {}",
        surge.describe(replicas, true),
        unavailable.describe(replicas, false)
    )];
    if s == 0 && u == 0 {
        u = 1;
        explain.push("both 0: Kubernetes uses maxUnavailable 1".into());
    }
    let (per_wave, by) = if s > 0 {
        (s, "maxSurge")
    } else {
        (u, "maxUnavailable")
    };
    let waves = waves_of(replicas, per_wave);
    explain.push(format!(
        "waves of {by}, {} each: ⌈{replicas} / {per_wave}⌉ = {} (maxUnavailable can only \
         make it faster)",
        count(per_wave, "new pod"),
        count(waves, "wave")
    ));
    let legacy = replicas - u.min(replicas);
    Rollout {
        legacy_wait_pods: (legacy < replicas).then_some(legacy),
        ..Rollout::new(replicas, waves, explain)
    }
}

/// A StatefulSet. Creating pods follows `podManagementPolicy` (default OrderedReady:
/// each pod waits for the previous one to be ready; Parallel: all at once). A rolling
/// update (the default `updateStrategy`) replaces pods from the highest ordinal down to
/// `partition` (default 0) one at a time whatever the policy; only Parallel honours
/// `rollingUpdate.maxUnavailable` (default 1, a percentage of replicas rounded up),
/// replacing that many at once. `OnDelete` replaces nothing on upgrade. The larger of
/// the two counts.
pub fn stateful_set(spec: Option<&Node>, replicas: u64, fields: &mut Fields) -> Rollout {
    let policy = fields.choice(
        spec,
        "podManagementPolicy",
        &["OrderedReady", "Parallel"],
        "OrderedReady",
    );
    let rolling = update_strategy(spec, "updateStrategy", "OnDelete", fields);
    let parallel = policy == "Parallel";
    let create = if parallel { replicas.min(1) } else { replicas };
    let mut explain = vec![format!(
        "podManagementPolicy {policy}: on install the pods ({replicas}) start {}: {}",
        if parallel {
            "together"
        } else {
            "one after another"
        },
        count(create, "wave")
    )];
    let replace = if let Some(ru) = rolling {
        let partition = fields.int(ru, "partition").unwrap_or(0);
        let updated = replicas.saturating_sub(partition);
        let max_unavailable = fields
            .int_or_percent(ru, "maxUnavailable")
            .unwrap_or(IntOrPercent::Int(1));
        let batch = if parallel {
            max_unavailable.scaled(replicas, true).max(1)
        } else {
            1
        };
        let waves = waves_of(updated, batch);
        explain.push(format!(
            "rolling update from the highest ordinal down to partition {partition}: {}, \
             {batch} at a time ({}): {}",
            count(updated, "pod"),
            if parallel {
                format!(
                    "maxUnavailable {}",
                    max_unavailable.describe(replicas, true)
                )
            } else {
                "OrderedReady replaces one pod at a time".to_string()
            },
            count(waves, "wave")
        ));
        waves
    } else {
        explain.push("updateStrategy OnDelete: an upgrade replaces no pods".into());
        0
    };
    let waves = create.max(replace);
    explain.push(format!(
        "the slower of install and upgrade: {}",
        count(waves, "wave")
    ));
    Rollout::new(replicas, waves, explain)
}

/// A DaemonSet over `nodes` nodes. Install starts a pod on every node at once. A rolling
/// update (the default) replaces `maxUnavailable` pods at a time (default 1), or surges
/// `maxSurge` new pods at a time (default 0); both percentages are of the nodes and
/// round up. `OnDelete` replaces nothing on upgrade.
pub fn daemon_set(spec: Option<&Node>, nodes: u64, fields: &mut Fields) -> Rollout {
    let rolling = update_strategy(spec, "updateStrategy", "OnDelete", fields);
    let create = nodes.min(1);
    let mut explain = vec![format!(
        "{}: install starts a pod on each at once: {}",
        count(nodes, "node"),
        count(create, "wave")
    )];
    let replace = if let Some(ru) = rolling {
        let unavailable = fields
            .int_or_percent(ru, "maxUnavailable")
            .unwrap_or(IntOrPercent::Int(1));
        let surge = fields
            .int_or_percent(ru, "maxSurge")
            .unwrap_or(IntOrPercent::Int(0));
        let batch = unavailable
            .scaled(nodes, true)
            .max(surge.scaled(nodes, true))
            .max(1);
        let waves = waves_of(nodes, batch);
        explain.push(format!(
            "rolling update: maxUnavailable {}, maxSurge {}: {} at a time: \
             ⌈{nodes} / {batch}⌉ = {}",
            unavailable.describe(nodes, true),
            surge.describe(nodes, true),
            count(batch, "node"),
            count(waves, "wave")
        ));
        waves
    } else {
        explain.push("updateStrategy OnDelete: an upgrade replaces no pods".into());
        0
    };
    Rollout::new(nodes, create.max(replace), explain)
}

/// The `rollingUpdate` parameters of a workload's `key` strategy (`strategy` or
/// `updateStrategy`): `Some` (possibly holding `None` when they are omitted) for the
/// default `RollingUpdate` type, `None` for `other` (`Recreate` or `OnDelete`).
fn update_strategy<'n>(
    spec: Option<&'n Node>,
    key: &str,
    other: &'static str,
    fields: &mut Fields,
) -> Option<Option<&'n Node>> {
    let strategy = spec.and_then(|s| s.get(key));
    let kind = fields.choice(strategy, "type", &["RollingUpdate", other], "RollingUpdate");
    (kind == "RollingUpdate").then(|| strategy.and_then(|s| s.get("rollingUpdate")))
}

/// A ReplicaSet or ReplicationController: it does not roll; all its pods start together.
pub fn replica_set(replicas: u64) -> Rollout {
    let waves = replicas.min(1);
    Rollout::new(
        replicas,
        waves,
        vec![format!(
            "the pods ({replicas}) start together (no rolling update): {}",
            count(waves, "wave")
        )],
    )
}

/// A bare Pod: one pod, one wait.
pub fn pod() -> Rollout {
    Rollout::new(1, 1, vec!["one pod: 1 wave".into()])
}
