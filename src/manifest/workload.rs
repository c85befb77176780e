//! Kubernetes workload accessors on located YAML nodes: which objects run pods, their
//! pod spec, containers, and Helm hook annotations.

use crate::yaml::{Node, NodeKind};

/// Kinds whose pods run until stopped (readiness matters for `helm --wait`).
pub const LONG_RUNNING: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Rollout",
    "Pod",
];

/// The pod spec of a workload object, by kind.
pub fn pod_spec<'a>(root: &'a Node, kind: &str) -> Option<&'a Node> {
    match kind {
        "Pod" => root.get("spec"),
        _ => pod_template(root, kind)?.get("spec"),
    }
}

/// The pod template (`spec.template`, a CronJob's `spec.jobTemplate.spec.template`) of
/// a workload object, by kind.
pub fn pod_template<'a>(root: &'a Node, kind: &str) -> Option<&'a Node> {
    match kind {
        "CronJob" => root
            .get("spec")?
            .get("jobTemplate")?
            .get("spec")?
            .get("template"),
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job"
        | "Rollout" => root.get("spec")?.get("template"),
        _ => None,
    }
}

/// The containers that must become ready: `containers`, plus native sidecars
/// (`initContainers` with `restartPolicy: Always`).
pub fn serving_containers(spec: &Node) -> Vec<&Node> {
    let mut out: Vec<&Node> = seq(spec.get("containers")).collect();
    out.extend(
        seq(spec.get("initContainers"))
            .filter(|c| c.get("restartPolicy").and_then(Node::as_scalar) == Some("Always")),
    );
    out
}

/// The serving containers of a long-running workload (not Jobs, not hook Pods): what
/// `helm --wait` waits for. `None` for any other object.
pub fn long_running_containers<'a>(root: &'a Node, kind: &str) -> Option<Vec<&'a Node>> {
    if !LONG_RUNNING.contains(&kind) || (kind == "Pod" && hook(root).is_some()) {
        return None;
    }
    Some(serving_containers(pod_spec(root, kind)?))
}

/// Every container and init container of a pod spec.
pub fn all_containers(spec: &Node) -> Vec<&Node> {
    seq(spec.get("containers"))
        .chain(seq(spec.get("initContainers")))
        .collect()
}

fn seq(n: Option<&Node>) -> impl Iterator<Item = &Node> {
    n.and_then(|n| match &n.kind {
        NodeKind::Sequence(items) => Some(items.iter()),
        _ => None,
    })
    .into_iter()
    .flatten()
}

/// The `helm.sh/hook` annotation of an object, when it is a hook.
pub fn hook(root: &Node) -> Option<&str> {
    root.get("metadata")?
        .get("annotations")?
        .get("helm.sh/hook")?
        .as_scalar()
}

/// The key node of `key` in a mapping (where a finding about that field points).
pub fn key_of<'a>(map: &'a Node, key: &str) -> Option<&'a Node> {
    map.as_mapping()?
        .iter()
        .rev()
        .find(|(k, _)| k.as_scalar() == Some(key))
        .map(|(k, _)| k)
}
