//! `manifest-duplicate-key`: a mapping of a rendered manifest has the same key twice.
//! Helm's YAML decoder silently keeps the last one, but the API server's strict field
//! validation (server-side apply, `kubectl --validate=strict`) rejects the object, and
//! whichever value "wins" is rarely the one intended.

use super::{Context, Finding, ObjectRef, Rule, Severity};
use crate::yaml::{Node, NodeKind};

/// The rule.
pub struct ManifestDuplicateKey;

impl Rule for ManifestDuplicateKey {
    fn id(&self) -> &'static str {
        "manifest-duplicate-key"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for doc in cx.docs {
            let Some(root) = doc.root.as_ref() else {
                continue;
            };
            let mut dups = Vec::new();
            collect(root, &mut dups);
            let object = ObjectRef::of(doc);
            // One template often renders several objects: say which one.
            let of = object
                .as_ref()
                .map(|o| format!(" of {} {:?}", o.kind, o.name))
                .unwrap_or_default();
            for (key, second) in dups {
                out.push(Finding {
                    rule: self.id(),
                    severity: self.severity(),
                    message: format!(
                        "key {key:?} appears twice in the same mapping{of}: Helm keeps the last \
                         value silently, the API server's strict validation rejects the object"
                    ),
                    template: doc.template.clone(),
                    location: cx.locate(doc, second),
                    object: object.clone(),
                    related: Vec::new(),
                });
            }
        }
    }
}

/// Mappings up to this many entries are searched for repeats pairwise; larger ones
/// (CRD schemas list hundreds of properties) through a set.
const PAIRWISE_MAX: usize = 16;

/// Every repeated key (the later occurrence), depth first.
fn collect<'a>(n: &'a Node, out: &mut Vec<(&'a str, &'a Node)>) {
    match &n.kind {
        NodeKind::Mapping(entries) => {
            let mut seen = (entries.len() > PAIRWISE_MAX).then(|| {
                rustc_hash::FxHashSet::with_capacity_and_hasher(entries.len(), Default::default())
            });
            for (i, (k, v)) in entries.iter().enumerate() {
                if let Some(key) = k.as_scalar().filter(|k| *k != "<<") {
                    let repeated = match seen.as_mut() {
                        Some(seen) => !seen.insert(key),
                        None => entries[..i].iter().any(|(p, _)| p.as_scalar() == Some(key)),
                    };
                    if repeated {
                        out.push((key, k));
                    }
                }
                collect(v, out);
            }
        }
        NodeKind::Sequence(items) => items.iter().for_each(|i| collect(i, out)),
        _ => {}
    }
}
