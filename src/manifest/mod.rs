//! Rendered manifests as YAML documents with spans, and the way back from any byte
//! of a manifest to the template text (or action) that produced it.
//!
//! A rendered template is split into documents as Helm splits them; every document
//! is parsed with located nodes; [`locate`] maps an offset in a template's rendered
//! output through the render trace to a template file, line and column, plus the
//! chain of `include`/`template` calls that led there.

pub mod values_origin;
pub mod workload;

use crate::render::chart::Rendered;
use crate::render::manifests::split_manifests;
use crate::template::trace::Origin;
use std::collections::HashMap;
use std::rc::Rc;

use crate::yaml::{parse_manifest, Node, YamlError};

/// One document of a rendered template.
#[derive(Debug)]
pub struct RenderedDoc {
    /// Template path (`chart/templates/x.yaml`).
    pub template: String,
    /// Index of the document within the template's output.
    pub index: usize,
    /// Byte offset of the document in the template's rendered output.
    pub offset: usize,
    /// The document text.
    pub text: String,
    /// The parsed root (`None` for an empty or broken document); shared with other
    /// renders of identical text through a [`DocCache`].
    pub root: Option<Rc<Node>>,
    /// The YAML error, when the document does not parse.
    pub error: Option<YamlError>,
}

impl RenderedDoc {
    /// A top-level scalar field (`kind`, `apiVersion`, ...).
    pub fn field(&self, path: &[&str]) -> Option<&str> {
        let mut cur = self.root.as_deref()?;
        for p in path {
            cur = cur.get(p)?;
        }
        cur.as_scalar()
    }
}

/// Splits and parses every rendered template (partials and NOTES.txt excluded).
pub fn documents(rendered: &Rendered) -> Vec<RenderedDoc> {
    documents_cached(rendered, &mut DocCache::default())
}

/// Parsed documents by their text, shared between renders of one chart: linting a
/// chart once per values file renders most documents (CRDs above all) identically,
/// and parsing is the larger part of linting them.
#[derive(Default)]
pub struct DocCache {
    parsed: HashMap<Box<str>, ParsedDoc>,
    streams: HashMap<Box<str>, Vec<Rc<Node>>>,
}

/// The parse of one document's text.
type ParsedDoc = (Option<Rc<Node>>, Option<YamlError>);

impl DocCache {
    /// The parse of `text`, from the cache or parsed now.
    fn parse(&mut self, text: &str) -> ParsedDoc {
        if let Some(p) = self.parsed.get(text) {
            return p.clone();
        }
        let (docs, errors) = parse_manifest(text);
        let parsed = (
            docs.into_iter().find_map(|d| d.root).map(Rc::new),
            errors.into_iter().next(),
        );
        self.parsed.insert(text.into(), parsed.clone());
        parsed
    }
}

impl DocCache {
    /// The roots of every document of a multi-document stream (a `crds/` file), from
    /// the cache or parsed now; broken documents are left out.
    pub fn parse_all(&mut self, text: &str) -> Vec<Rc<Node>> {
        if let Some(roots) = self.streams.get(text) {
            return roots.clone();
        }
        let roots: Vec<Rc<Node>> = parse_manifest(text)
            .0
            .into_iter()
            .filter_map(|d| d.root.map(Rc::new))
            .collect();
        self.streams.insert(text.into(), roots.clone());
        roots
    }
}

/// [`documents`] with parses shared through `cache`.
pub fn documents_cached(rendered: &Rendered, cache: &mut DocCache) -> Vec<RenderedDoc> {
    let mut out = Vec::new();
    for (path, buf) in &rendered.templates {
        if path.ends_with("NOTES.txt") {
            continue;
        }
        for (index, (offset, text)) in split_manifests(&buf.text).into_iter().enumerate() {
            let (root, error) = cache.parse(text);
            out.push(RenderedDoc {
                template: path.clone(),
                index,
                offset,
                text: text.to_string(),
                root,
                error,
            });
        }
    }
    out
}

/// A position in a template source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplatePos {
    /// The template's chart path (`chart/templates/x.yaml`), or `gotpl` for `tpl` text.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// Where a byte of rendered output came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// The template text that was copied, or the action that computed the bytes.
    pub at: TemplatePos,
    /// Whether the bytes were computed by an action (`{{ ... }}`) rather than copied
    /// from template text.
    pub computed: bool,
    /// The `include`/`template` call sites that led there, innermost first.
    pub via: Vec<TemplatePos>,
}

/// Maps byte `offset` of template `template`'s rendered output to its source.
pub fn locate(rendered: &Rendered, template: &str, offset: usize) -> Option<Provenance> {
    let buf = rendered.templates.get(template)?;
    let origin = buf.trace.origin_at(offset as u32)?;
    let at = position(rendered, origin)?;
    let via = rendered
        .frames
        .chain(origin)
        .into_iter()
        .filter_map(|o| position(rendered, o))
        .collect();
    Some(Provenance {
        at,
        computed: !origin.literal,
        via,
    })
}

fn position(rendered: &Rendered, o: Origin) -> Option<TemplatePos> {
    let file = rendered.files.get(o.file as usize)?;
    let text = &*file.text;
    let start = (o.start as usize).min(text.len());
    let before = text.get(..start)?;
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = 1 + before[line_start..].chars().count() as u32;
    Some(TemplatePos {
        file: file.name.to_string(),
        line,
        column,
    })
}

#[cfg(test)]
mod tests;
