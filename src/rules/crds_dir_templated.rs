//! `crds-dir-templated`: a file under `crds/` contains template actions. Helm never
//! renders `crds/`: the braces reach the API server verbatim and the install fails
//! (or the CRD is installed with literal `{{ ... }}` in it).

use super::{Context, Finding, Rule, Severity};
use crate::manifest::{line_col, Provenance};
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
            // memchr's SIMD search: crds/ files run to megabytes (kube-prometheus-stack).
            let Some(at) = memchr::memmem::find(text.as_bytes(), b"{{") else {
                continue;
            };
            // The finding spans the first action, `{{` to `}}`.
            let end = text[at..].find("}}").map_or(at, |n| at + n + 2);
            let (Some((line, column)), Some((end_line, end_column))) =
                (line_col(&text, at), line_col(&text, end))
            else {
                continue;
            };
            let mut location = Provenance::point(path.clone(), line, column);
            location.end.line = end_line;
            location.end.column = end_column;
            out.push(Finding {
                rule: self.id(),
                severity: self.severity(),
                message:
                    "this file under crds/ contains template actions, but Helm installs crds/ \
                          files verbatim and never renders them: move templated CRDs to templates/ \
                          or remove the actions"
                        .to_string(),
                template: path,
                location: Some(location),
                object: None,
                related: Vec::new(),
            });
        }
    }
}
