//! `manifest-invalid-yaml`: a rendered document is not valid YAML. Helm refuses the
//! whole release ("YAML parse error on ..."); the finding points at the template
//! line that wrote the broken text.

use super::{Context, Finding, Rule, Severity};

/// The rule.
pub struct ManifestInvalidYaml;

impl Rule for ManifestInvalidYaml {
    fn id(&self) -> &'static str {
        "manifest-invalid-yaml"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for doc in cx.docs {
            let Some(err) = &doc.error else {
                continue;
            };
            out.push(Finding {
                rule: self.id(),
                severity: self.severity(),
                message: format!(
                    "rendered document {} of {} is not valid YAML ({}): Helm rejects the whole \
                     release",
                    doc.index, doc.template, err.message
                ),
                template: doc.template.clone(),
                location: crate::manifest::locate(
                    cx.rendered,
                    &doc.template,
                    doc.offset + err.offset,
                ),
                object: None,
                related: Vec::new(),
            });
        }
    }
}
