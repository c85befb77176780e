//! `probe-port-undeclared`: a probe names a port (`port: http`) that the container does
//! not declare in `ports[].name`. The kubelet cannot resolve it, the probe fails on every
//! attempt, and the pod never becomes ready (or is restarted forever).

use super::{Context, Finding, ObjectRef, Rule, Severity};
use crate::manifest::workload::{all_containers, pod_spec};
use crate::yaml::{Node, NodeKind};

/// The rule.
pub struct ProbePortUndeclared;

const PROBES: &[&str] = &["readinessProbe", "livenessProbe", "startupProbe"];
const HANDLERS: &[&str] = &["httpGet", "tcpSocket", "grpc"];

impl Rule for ProbePortUndeclared {
    fn id(&self) -> &'static str {
        "probe-port-undeclared"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for doc in cx.docs {
            let Some(root) = doc.root.as_ref() else {
                continue;
            };
            let kind = doc.field(&["kind"]).unwrap_or_default();
            let Some(spec) = pod_spec(root, kind) else {
                continue;
            };
            for c in all_containers(spec) {
                let declared: Vec<&str> = match c.get("ports").map(|p| &p.kind) {
                    Some(NodeKind::Sequence(ports)) => ports
                        .iter()
                        .filter_map(|p| p.get("name").and_then(Node::as_scalar))
                        .collect(),
                    _ => Vec::new(),
                };
                for probe in PROBES {
                    for handler in HANDLERS {
                        let Some(port) = c
                            .get(probe)
                            .and_then(|p| p.get(handler))
                            .and_then(|h| h.get("port"))
                        else {
                            continue;
                        };
                        let Some(name) = port.as_scalar() else {
                            continue;
                        };
                        if name.parse::<u32>().is_ok() || declared.contains(&name) {
                            continue;
                        }
                        let cname = c.get("name").and_then(Node::as_scalar).unwrap_or("?");
                        out.push(Finding {
                            rule: self.id(),
                            severity: self.severity(),
                            message: format!(
                                "the {probe} of container {cname:?} uses port {name:?}, which the \
                                 container does not declare in ports[].name: the probe can never \
                                 succeed"
                            ),
                            template: doc.template.clone(),
                            location: cx.locate(doc, port),
                            object: ObjectRef::of(doc),
                            related: Vec::new(),
                        });
                    }
                }
            }
        }
    }
}
