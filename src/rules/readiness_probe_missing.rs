//! `readiness-probe-missing`: a container of a long-running workload has no
//! readinessProbe, so Kubernetes reports it ready as soon as it starts and
//! `helm --wait`/`--atomic` proves nothing about it.

use super::{Context, Finding, ObjectRef, Rule, Severity};
use crate::manifest::workload::{key_of, long_running_containers};
use crate::yaml::Node;

/// The rule.
pub struct ReadinessProbeMissing;

impl Rule for ReadinessProbeMissing {
    fn id(&self) -> &'static str {
        "readiness-probe-missing"
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
            let object = doc.field(&["metadata", "name"]).unwrap_or_default();
            for c in containers {
                if c.get("readinessProbe").is_some() {
                    continue;
                }
                let name = c.get("name").and_then(Node::as_scalar).unwrap_or("?");
                let at = key_of(c, "name").unwrap_or(c);
                out.push(Finding {
                    rule: self.id(),
                    severity: self.severity(),
                    message: format!(
                        "container {name:?} of {kind} {object:?} has no readinessProbe: it counts as \
                         ready as soon as it starts, so `helm --wait`/`--atomic` will not wait for it \
                         to serve and proves nothing"
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
