//! Suppressions: findings that the chart or the configuration accepts. A suppressed
//! finding is kept (with its reason and the place that suppressed it) and counted in
//! the report, never silently lost.
//!
//! Three sources, tried in this order:
//! * the annotation `helm-preflight.io/ignore: rule-a,rule-b` (optionally `: reason`)
//!   in the object's `metadata.annotations` or its pod template's;
//! * a template comment `{{/* helm-preflight:ignore rule-a,rule-b: reason */}}` on the
//!   line above the template line the finding points at, or above one of the
//!   `include`/`template` call sites that led there (so a finding written by a shared
//!   helper can be accepted at one call site without accepting it everywhere);
//! * an `exemptions:` entry of the configuration.

mod comments;
mod directive;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::lint::finding_file;
use crate::manifest::workload::pod_template;
use crate::manifest::{locate, RenderedDoc, TemplatePos};
use crate::render::chart::Rendered;
use crate::rules::Finding;
use crate::yaml::Node;

pub use comments::{ignore_comments, IgnoreComment};
pub use directive::Directive;

/// The annotation that suppresses findings on an object.
pub const ANNOTATION: &str = "helm-preflight.io/ignore";

/// What suppressed a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SuppressionSource {
    /// The `helm-preflight.io/ignore` annotation, at the template position that wrote
    /// its value (when known).
    Annotation {
        /// Where the annotation's value was written.
        at: Option<TemplatePos>,
    },
    /// A `helm-preflight:ignore` template comment.
    Comment {
        /// Where the comment starts.
        at: TemplatePos,
    },
    /// An `exemptions:` entry of the configuration.
    Exemption {
        /// The configuration file, as shown.
        file: PathBuf,
        /// Line of the entry.
        line: u32,
        /// Column of the entry.
        column: u32,
    },
}

impl SuppressionSource {
    /// `annotation`, `comment` or `exemption`.
    pub fn kind(&self) -> &'static str {
        match self {
            SuppressionSource::Annotation { .. } => "annotation",
            SuppressionSource::Comment { .. } => "comment",
            SuppressionSource::Exemption { .. } => "exemption",
        }
    }
}

/// A finding that was suppressed, why, and by what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed {
    /// The finding, as it would have been reported.
    pub finding: Finding,
    /// The reason given (empty when the annotation or comment gives none).
    pub reason: String,
    /// What suppressed it.
    pub source: SuppressionSource,
}

/// What suppressions are checked against for one lint run of a chart.
pub struct Scope<'a> {
    /// The configuration (exemptions).
    pub config: &'a Config,
    /// The chart directory or archive, as given to `lint`.
    pub chart_path: &'a Path,
    /// The render, when the chart rendered (annotations and template comments).
    pub rendered: Option<&'a Rendered>,
    /// The rendered documents.
    pub docs: &'a [RenderedDoc],
}

/// Splits `findings` into those still reported and those suppressed.
pub fn apply(findings: Vec<Finding>, scope: &Scope<'_>) -> (Vec<Finding>, Vec<Suppressed>) {
    let mut comments = CommentIndex::default();
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for finding in findings {
        let why = by_annotation(&finding, scope)
            .or_else(|| by_comment(&finding, scope, &mut comments))
            .or_else(|| by_exemption(&finding, scope));
        match why {
            Some((reason, source)) => suppressed.push(Suppressed {
                finding,
                reason,
                source,
            }),
            None => kept.push(finding),
        }
    }
    (kept, suppressed)
}

/// The annotation of the finding's object (or its pod template) that names its rule.
fn by_annotation(f: &Finding, scope: &Scope<'_>) -> Option<(String, SuppressionSource)> {
    let object = f.object.as_ref()?;
    let doc = scope.docs.iter().find(|d| {
        d.template == f.template
            && d.field(&["kind"]) == Some(object.kind.as_str())
            && d.field(&["metadata", "name"]) == Some(object.name.as_str())
    })?;
    let root = doc.root.as_deref()?;
    let holders = [Some(root), pod_template(root, &object.kind)];
    holders.into_iter().flatten().find_map(|holder| {
        let value = annotation(holder)?;
        let directive = Directive::parse(value.as_scalar()?);
        if !directive.names(f.rule) {
            return None;
        }
        let at = scope
            .rendered
            .and_then(|r| locate(r, &doc.template, doc.offset + value.span.start))
            .map(|p| p.at);
        Some((directive.reason, SuppressionSource::Annotation { at }))
    })
}

/// The `helm-preflight.io/ignore` annotation value of an object or pod template.
fn annotation(holder: &Node) -> Option<&Node> {
    holder.get("metadata")?.get("annotations")?.get(ANNOTATION)
}

/// Ignore comments by template file, parsed when first needed.
#[derive(Default)]
struct CommentIndex {
    by_file: HashMap<String, Vec<IgnoreComment>>,
}

impl CommentIndex {
    fn of(&mut self, rendered: &Rendered, file: &str) -> &[IgnoreComment] {
        self.by_file.entry(file.to_string()).or_insert_with(|| {
            rendered
                .files
                .iter()
                .find(|f| &*f.name == file)
                .map(|f| ignore_comments(&f.text))
                .unwrap_or_default()
        })
    }
}

/// An ignore comment above the finding's template line or above one of its call sites.
fn by_comment(
    f: &Finding,
    scope: &Scope<'_>,
    index: &mut CommentIndex,
) -> Option<(String, SuppressionSource)> {
    let rendered = scope.rendered?;
    let location = f.location.as_ref()?;
    std::iter::once(&location.at)
        .chain(location.via.iter().map(|call| &call.at))
        .find_map(|pos| {
            let c = comments::ignoring(index.of(rendered, &pos.file), f.rule, pos.line)?;
            let at = TemplatePos {
                file: pos.file.clone(),
                line: c.line,
                column: c.column,
            };
            Some((
                c.directive.reason.clone(),
                SuppressionSource::Comment { at },
            ))
        })
}

/// The first exemption of the configuration that matches the finding.
fn by_exemption(f: &Finding, scope: &Scope<'_>) -> Option<(String, SuppressionSource)> {
    if scope.config.exemptions().is_empty() {
        return None;
    }
    let file = finding_file(scope.chart_path, f);
    let e = scope
        .config
        .exemption_for(f.rule, &file, f.object.as_ref())?;
    Some((
        e.reason.clone(),
        SuppressionSource::Exemption {
            file: scope.config.file.clone().unwrap_or_default(),
            line: e.line,
            column: e.column,
        },
    ))
}
