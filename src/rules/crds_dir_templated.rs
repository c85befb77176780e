//! `crds-dir-templated`: a file under `crds/` contains template actions. Helm never
//! renders `crds/`: the braces reach the API server verbatim and the install fails
//! (or the CRD is installed with literal `{{ ... }}` in it).

use super::{Context, Finding, Rule, Severity};
use crate::manifest::{Provenance, TemplatePos};
use crate::render::manifests::crd_files;

/// The rule.
pub struct CrdsDirTemplated;

impl Rule for CrdsDirTemplated {
    fn id(&self) -> &'static str {
        "crds-dir-templated"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (path, text) in crd_files(&cx.rendered.chart) {
            let Some(at) = text.find("{{") else {
                continue;
            };
            let before = &text[..at];
            let line = 1 + before.matches('\n').count() as u32;
            let column = 1 + before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count() as u32;
            out.push(Finding {
                rule: self.id(),
                severity: self.severity(),
                message:
                    "this file under crds/ contains template actions, but Helm installs crds/ \
                          files verbatim and never renders them: move templated CRDs to templates/ \
                          or remove the actions"
                        .to_string(),
                template: path.clone(),
                location: Some(Provenance {
                    at: TemplatePos {
                        file: path,
                        line,
                        column,
                    },
                    computed: false,
                    via: Vec::new(),
                }),
                object: None,
            });
        }
    }
}
