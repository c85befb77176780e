//! The rule engine: rules look at rendered, located documents and report findings
//! that point at the template line that produced the problem.

pub mod crds;
pub mod crds_dir_templated;
pub mod manifest_duplicate_key;
pub mod manifest_invalid_yaml;
pub mod probe_port_undeclared;
pub mod pvc_without_keep_policy;
pub mod readiness_probe_missing;
pub mod readiness_probe_same_as_liveness;
pub mod registry;

use crate::manifest::values_origin::{values_origin, ValuesSources};
use crate::manifest::{locate_span, DocCache, Provenance, RenderedDoc};
use crate::render::chart::Rendered;
use crate::render::manifests::crd_files;
use crate::yaml::Node;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Note,
    /// Likely to hurt a deploy.
    Warning,
    /// Will break a deploy.
    Error,
}

impl Severity {
    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The Kubernetes object a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ObjectRef {
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`, when the manifest sets it.
    pub namespace: Option<String>,
}

impl ObjectRef {
    /// The object a rendered document defines (`None` without a `kind`).
    pub fn of(doc: &RenderedDoc) -> Option<ObjectRef> {
        Some(ObjectRef {
            kind: doc.field(&["kind"])?.to_string(),
            name: doc
                .field(&["metadata", "name"])
                .unwrap_or_default()
                .to_string(),
            namespace: doc.field(&["metadata", "namespace"]).map(str::to_string),
        })
    }
}

/// Another place a finding is about (the CRD of a custom resource, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// What is there.
    pub message: String,
    /// Where it was written.
    pub location: Provenance,
}

/// One problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Rule id.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong and what it means for the deploy.
    pub message: String,
    /// The rendered template the object came from.
    pub template: String,
    /// Where in the templates the problem was written.
    pub location: Option<Provenance>,
    /// The object.
    pub object: Option<ObjectRef>,
    /// Other places the finding is about.
    pub related: Vec<Related>,
}

/// What a rule sees: the rendered chart and its parsed documents.
pub struct Context<'a> {
    /// The render (outputs, traces, source files).
    pub rendered: &'a Rendered,
    /// Every rendered document, parsed.
    pub docs: &'a [RenderedDoc],
    /// The (group, kind) of every CRD in the `crds/` files of the chart and its
    /// subcharts.
    pub crd_dir_targets: Vec<(String, String)>,
    /// The `-f` files of the render, for locating values.
    pub values: &'a ValuesSources,
}

impl Context<'_> {
    /// The template provenance of a node of `doc` (its whole span), with the values
    /// entry that supplied it when an action printed it from values.
    pub fn locate(&self, doc: &RenderedDoc, node: &Node) -> Option<Provenance> {
        let mut p = locate_span(
            self.rendered,
            &doc.template,
            doc.offset + node.span.start,
            doc.offset + node.span.end,
        )?;
        if p.computed {
            p.values = values_origin(self.rendered, doc, node, self.values);
        }
        Some(p)
    }
}

/// A lint rule.
pub trait Rule {
    /// The rule id (part of the interface: configs and suppressions name it).
    fn id(&self) -> &'static str;
    /// The default severity.
    fn severity(&self) -> Severity;
    /// Appends findings for the rendered chart.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// Every rule, in id order.
pub fn all_rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(crds::CrdInTemplates),
        Box::new(crds::CrdWithCustomResource),
        Box::new(crds::CustomResourceCrdUnknown),
        Box::new(crds_dir_templated::CrdsDirTemplated),
        Box::new(manifest_duplicate_key::ManifestDuplicateKey),
        Box::new(manifest_invalid_yaml::ManifestInvalidYaml),
        Box::new(probe_port_undeclared::ProbePortUndeclared),
        Box::new(pvc_without_keep_policy::PvcWithoutKeepPolicy),
        Box::new(readiness_probe_missing::ReadinessProbeMissing),
        Box::new(readiness_probe_same_as_liveness::ReadinessProbeSameAsLiveness),
    ]
}

/// Runs every rule over a rendered chart; findings sorted by location.
pub fn run(rendered: &Rendered, docs: &[RenderedDoc]) -> Vec<Finding> {
    run_cached(
        rendered,
        docs,
        &mut DocCache::default(),
        &ValuesSources::default(),
    )
}

/// [`run`], with the `crds/` files parsed through `cache` (shared between renders) and
/// values located in the chart's `values.yaml` files and the `-f` files of `values`.
pub fn run_cached(
    rendered: &Rendered,
    docs: &[RenderedDoc],
    cache: &mut DocCache,
    values: &ValuesSources,
) -> Vec<Finding> {
    let crd_dir_targets = crd_files(&rendered.chart)
        .iter()
        .flat_map(|(_, text)| cache.crd_targets(text))
        .collect();
    let cx = Context {
        rendered,
        docs,
        crd_dir_targets,
        values,
    };
    let mut out = Vec::new();
    for r in all_rules() {
        r.check(&cx, &mut out);
    }
    out.sort_by(|a, b| {
        let key = |f: &Finding| {
            f.location
                .as_ref()
                .map(|l| (l.at.file.clone(), l.at.line, l.at.column))
                .unwrap_or_else(|| (f.template.clone(), 0, 0))
        };
        key(a).cmp(&key(b)).then(a.rule.cmp(b.rule))
    });
    out
}
