//! `readiness-probe-same-as-liveness`: readiness and liveness probes of a container are
//! identical, thresholds included. A dependency outage then fails both: the pod is taken
//! out of the Service *and* restarted, turning a blip into a restart storm; and the
//! liveness probe cannot tolerate the slow start the readiness probe is meant to cover.

use super::{Context, Finding, ObjectRef, Rule, Severity};
use crate::funcs::sprig::reflect::deep_equal;
use crate::manifest::workload::{key_of, long_running_containers};
use crate::yaml::to_value::to_values;
use crate::yaml::Node;

/// The rule.
pub struct ReadinessProbeSameAsLiveness;

impl Rule for ReadinessProbeSameAsLiveness {
    fn id(&self) -> &'static str {
        "readiness-probe-same-as-liveness"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for doc in cx.docs {
            let Some(root) = doc.root.as_ref() else {
                continue;
            };
            let kind = doc.field(&["kind"]).unwrap_or_default();
            let Some(containers) = long_running_containers(root, kind) else {
                continue;
            };
            for c in containers {
                let (Some(ready), Some(live)) = (c.get("readinessProbe"), c.get("livenessProbe"))
                else {
                    continue;
                };
                let (Ok(r), Ok(l)) = (to_values(ready), to_values(live)) else {
                    continue;
                };
                if !deep_equal(&r, &l) {
                    continue;
                }
                let name = c.get("name").and_then(Node::as_scalar).unwrap_or("?");
                let at = key_of(c, "readinessProbe").unwrap_or(c);
                out.push(Finding {
                    rule: self.id(),
                    severity: self.severity(),
                    message: format!(
                        "container {name:?} has identical readiness and liveness probes: when the \
                         check fails the pod is both removed from its Service and restarted; give \
                         liveness a longer failureThreshold or a cheaper endpoint"
                    ),
                    template: doc.template.clone(),
                    location: cx.locate(doc, at),
                    object: ObjectRef::of(doc),
                    related: Vec::new(),
                });
            }
        }
    }
}
