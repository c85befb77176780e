//! The CRD rules: `crd-with-custom-resource`, `crd-in-templates` and
//! `custom-resource-crd-unknown`. They share one view of the release: which CRDs it
//! renders from `templates/`, which it ships in `crds/`, and which custom resources use them.

use super::{Context, Finding, ObjectRef, Related, Rule, Severity};
use crate::manifest::crd_scan::crd_target;
use crate::manifest::workload::{hook, key_of};
use crate::manifest::RenderedDoc;
use crate::render::context::DEFAULT_API_VERSIONS;
use crate::yaml::Node;

/// API groups served by Kubernetes itself (custom resources are everything else).
fn is_builtin_group(group: &str) -> bool {
    group.is_empty()
        || matches!(group, "apiregistration.k8s.io" | "metrics.k8s.io")
        || DEFAULT_API_VERSIONS
            .iter()
            .any(|gv| gv.split_once('/').is_some_and(|(g, _)| g == group))
}

fn group_of(api_version: &str) -> &str {
    api_version.split_once('/').map_or("", |(g, _)| g)
}

fn is_crd(doc: &RenderedDoc) -> bool {
    doc.field(&["kind"]) == Some("CustomResourceDefinition")
}

/// CRDs rendered from templates/ (not hooks): (group, kind, doc).
fn template_crds<'a>(cx: &'a Context<'_>) -> Vec<(String, String, &'a RenderedDoc)> {
    cx.docs
        .iter()
        .filter(|d| is_crd(d) && d.root.as_ref().is_some_and(|r| hook(r).is_none()))
        .filter_map(|d| crd_target(d.root.as_ref()?).map(|(g, k)| (g, k, d)))
        .collect()
}

/// CRDs shipped in crds/ of the chart and its subcharts.
fn dir_crds(cx: &Context<'_>) -> Vec<(String, String)> {
    cx.crd_dir_targets.clone()
}

/// Custom resources of the release: (group, kind, doc).
fn custom_resources<'a>(cx: &'a Context<'_>) -> Vec<(String, String, &'a RenderedDoc)> {
    cx.docs
        .iter()
        .filter_map(|d| {
            let group = group_of(d.field(&["apiVersion"])?).to_string();
            let kind = d.field(&["kind"])?.to_string();
            (!is_builtin_group(&group)).then_some((group, kind, d))
        })
        .collect()
}

fn kind_line(d: &RenderedDoc) -> Option<&Node> {
    d.root.as_ref().and_then(|r| key_of(r, "kind"))
}

/// `crd-with-custom-resource`.
pub struct CrdWithCustomResource;

impl Rule for CrdWithCustomResource {
    fn id(&self) -> &'static str {
        "crd-with-custom-resource"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let crds = template_crds(cx);
        for (group, kind, cr) in custom_resources(cx) {
            let Some((_, _, crd)) = crds.iter().find(|(g, k, _)| *g == group && *k == kind) else {
                continue;
            };
            let crd_at = kind_line(crd).and_then(|n| cx.locate(crd, n));
            out.push(Finding {
                rule: self.id(),
                severity: self.severity(),
                message: format!(
                    "{kind} ({group}) is defined by a CRD rendered from {} and used in the same \
                     release: on the first install Kubernetes does not know the kind yet and Helm \
                     fails (\"ensure CRDs are installed first\"); ship the CRD in crds/ or install it \
                     separately{}",
                    crd.template,
                    crd_at
                        .as_ref()
                        .map(|p| format!(" (CRD at {}:{}:{})", p.at.file, p.at.line, p.at.column))
                        .unwrap_or_default()
                ),
                template: cr.template.clone(),
                location: kind_line(cr).and_then(|n| cx.locate(cr, n)),
                object: ObjectRef::of(cr),
                related: crd_at
                    .map(|location| Related {
                        message: format!("the CRD that defines {kind} is rendered here"),
                        location,
                    })
                    .into_iter()
                    .collect(),
            });
        }
    }
}

/// `crd-in-templates`.
pub struct CrdInTemplates;

impl Rule for CrdInTemplates {
    fn id(&self) -> &'static str {
        "crd-in-templates"
    }
    fn severity(&self) -> Severity {
        Severity::Note
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (_, kind, d) in template_crds(cx) {
            if d.field(&["metadata", "annotations", "helm.sh/resource-policy"]) == Some("keep") {
                continue;
            }
            out.push(Finding {
                rule: self.id(),
                severity: self.severity(),
                message: format!(
                    "the CRD for {kind} is rendered from templates/ without \
                     `helm.sh/resource-policy: keep`: it is upgraded with the release and deleted \
                     on uninstall, together with every {kind} in the cluster"
                ),
                template: d.template.clone(),
                location: kind_line(d).and_then(|n| cx.locate(d, n)),
                object: ObjectRef::of(d),
                related: Vec::new(),
            });
        }
    }
}

/// `custom-resource-crd-unknown`.
pub struct CustomResourceCrdUnknown;

impl Rule for CustomResourceCrdUnknown {
    fn id(&self) -> &'static str {
        "custom-resource-crd-unknown"
    }
    fn severity(&self) -> Severity {
        Severity::Note
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let known: Vec<(String, String)> = template_crds(cx)
            .into_iter()
            .map(|(g, k, _)| (g, k))
            .chain(dir_crds(cx))
            .collect();
        for (group, kind, cr) in custom_resources(cx) {
            if known.iter().any(|(g, k)| *g == group && *k == kind) {
                continue;
            }
            out.push(Finding {
                rule: self.id(),
                severity: self.severity(),
                message: format!(
                    "{kind} ({group}) is a custom resource whose CRD this chart does not ship: it \
                     must already be installed in the cluster, or the install fails"
                ),
                template: cr.template.clone(),
                location: kind_line(cr).and_then(|n| cx.locate(cr, n)),
                object: ObjectRef::of(cr),
                related: Vec::new(),
            });
        }
    }
}
