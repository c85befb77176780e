//! `pvc-without-keep-policy`: a PersistentVolumeClaim rendered from `templates/` has no
//! `helm.sh/resource-policy: keep`, so an uninstall, or the rollback of a failed
//! `--atomic` first install, deletes it together with its data.

use super::{Context, Finding, ObjectRef, Rule, Severity};
use crate::manifest::workload::key_of;

/// The rule.
pub struct PvcWithoutKeepPolicy;

impl Rule for PvcWithoutKeepPolicy {
    fn id(&self) -> &'static str {
        "pvc-without-keep-policy"
    }

    fn severity(&self) -> Severity {
        Severity::Note
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for doc in cx.docs {
            let Some(root) = doc.root.as_ref() else {
                continue;
            };
            if doc.field(&["kind"]) != Some("PersistentVolumeClaim") {
                continue;
            }
            let policy = doc.field(&["metadata", "annotations", "helm.sh/resource-policy"]);
            if policy == Some("keep") {
                continue;
            }
            let name = doc.field(&["metadata", "name"]).unwrap_or_default();
            let at = root
                .get("metadata")
                .and_then(|m| key_of(m, "name"))
                .or_else(|| key_of(root, "kind"))
                .unwrap_or(root);
            out.push(Finding {
                rule: self.id(),
                severity: self.severity(),
                message: format!(
                    "PersistentVolumeClaim {name:?} has no `helm.sh/resource-policy: keep`: \
                     `helm uninstall`, or the rollback of a failed `--atomic` install, deletes it \
                     and its data"
                ),
                template: doc.template.clone(),
                location: cx.locate(doc, at),
                object: ObjectRef::of(doc),
                related: Vec::new(),
            });
        }
    }
}
