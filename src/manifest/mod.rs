//! Rendered manifests as YAML documents with spans, and the way back from any byte
//! of a manifest to the template text (or action) that produced it.
//!
//! A rendered template is split into documents as Helm splits them; every document
//! is parsed with located nodes; [`locate`] maps an offset in a template's rendered
//! output through the render trace to a template file, line and column, plus the
//! chain of `include`/`template` calls that led there.

pub mod crd_scan;
pub mod schema_origin;
pub mod set_keys;
pub mod values_origin;
pub mod workload;

use crate::render::chart::{Rendered, SET_NAME};
use crate::render::manifests::split_manifests;
// FxHash: the keys are whole documents, hashed once per run of a chart.
use rustc_hash::FxHashMap as HashMap;
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
    crds: HashMap<Box<str>, Vec<(String, String)>>,
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
    /// The (group, kind) of every CRD of a `crds/` file, from the cache or scanned now
    /// (see [`crd_scan`]).
    pub fn crd_targets(&mut self, text: &str) -> Vec<(String, String)> {
        if let Some(t) = self.crds.get(text) {
            return t.clone();
        }
        let targets = crd_scan::crd_targets(text);
        self.crds.insert(text.into(), targets.clone());
        targets
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

/// A `template`/`include` call on the way to a location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallSite {
    /// Where the call is written (the start of its action).
    pub at: TemplatePos,
    /// Just past the end of the call's action.
    pub end: TemplatePos,
    /// The name of the template called there (the `define` it runs).
    pub callee: String,
}

/// A range of one template's rendered output (the text `helm template` prints under
/// `# Source: <template>`): 1-based lines, columns in characters, end exclusive.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RenderedRange {
    /// The template whose output it is (`chart/templates/x.yaml`).
    pub template: String,
    /// Start line.
    pub line: u32,
    /// Start column.
    pub column: u32,
    /// End line.
    pub end_line: u32,
    /// Column just past the last character.
    pub end_column: u32,
}

/// Where rendered output (one byte, or the text of a YAML node) came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// The template text that was copied, or the action that computed the bytes.
    pub at: TemplatePos,
    /// Just past the end of the located text, in the same file (for computed output,
    /// the end of the action). Equal to `at` when only a start is known.
    pub end: TemplatePos,
    /// Whether the bytes were computed by an action (`{{ ... }}`) rather than copied
    /// from template text.
    pub computed: bool,
    /// The `include`/`template` call sites that led there, innermost first.
    pub via: Vec<CallSite>,
    /// The same text in the rendered output, when it came from a render.
    pub rendered: Option<RenderedRange>,
    /// The values entry that supplied the text, when an action printed it from values
    /// (see [`values_origin`]).
    pub values: Option<values_origin::ValuesPos>,
}

impl Provenance {
    /// A point in a file that was not rendered (a `crds/` file, a pipeline file, a
    /// template named by a render error): no include chain, no rendered output.
    pub fn point(file: impl Into<String>, line: u32, column: u32) -> Provenance {
        let at = TemplatePos {
            file: file.into(),
            line,
            column,
        };
        Provenance {
            end: at.clone(),
            at,
            computed: false,
            via: Vec::new(),
            rendered: None,
            values: None,
        }
    }
}

/// Maps byte `offset` of template `template`'s rendered output to its source.
pub fn locate(rendered: &Rendered, template: &str, offset: usize) -> Option<Provenance> {
    locate_span(rendered, template, offset, offset)
}

/// Maps bytes `start..end` of template `template`'s rendered output (a YAML node's
/// span) to their source: the start through the source map, the end too when the
/// last character came from the same file and call (otherwise the end of the action
/// that wrote the start, or the start itself), and the range in the rendered output.
pub fn locate_span(
    rendered: &Rendered,
    template: &str,
    start: usize,
    end: usize,
) -> Option<Provenance> {
    let buf = rendered.templates.get(template)?;
    let origin = buf.trace.origin_at(start as u32)?;
    let at = position(rendered, origin.file, origin.start)?;
    let start_file = at.file.clone();
    let text = &buf.text;
    let last = text
        .get(start..end.min(text.len()))
        .and_then(|s| s.trim_end().char_indices().last())
        .map(|(i, c)| start + i + c.len_utf8() - 1);
    let end_pos = last
        .and_then(|b| buf.trace.origin_at(b as u32))
        .filter(|o| (o.file, o.frame) == (origin.file, origin.frame))
        .map(|o| o.end)
        .or_else(|| (!origin.literal).then_some(origin.end))
        .and_then(|off| position(rendered, origin.file, off))
        .filter(|p| (p.line, p.column) >= (at.line, at.column))
        .unwrap_or_else(|| at.clone());
    let rendered_end = last.map_or(start, |b| b + 1);
    let range = line_col(text, start).zip(line_col(text, rendered_end)).map(
        |((line, column), (end_line, end_column))| RenderedRange {
            template: template.to_string(),
            line,
            column,
            end_line,
            end_column,
        },
    );
    let (at, end, via) = through_tpl(at, end_pos, call_chain(rendered, origin.frame));
    Some(Provenance {
        computed: !origin.literal || at.file != start_file,
        at,
        end,
        via,
        rendered: range,
        values: None,
    })
}

/// Text written by `tpl` comes from a string (usually a value), not a chart file: such a
/// location moves to the `tpl` action that ran it, and `include` calls made inside `tpl`
/// text are shown at that action too (keeping the name of the template they called).
/// The `tpl` calls themselves leave the chain.
fn through_tpl(
    mut at: TemplatePos,
    mut end: TemplatePos,
    chain: Vec<CallSite>,
) -> (TemplatePos, TemplatePos, Vec<CallSite>) {
    let in_tpl = |p: &TemplatePos| p.file == SET_NAME;
    let mut out: Vec<CallSite> = Vec::with_capacity(chain.len());
    // Entries of `out` whose call site is still in `tpl` text.
    let mut pending: Vec<usize> = Vec::new();
    for site in chain {
        if site.callee != SET_NAME {
            if in_tpl(&site.at) {
                pending.push(out.len());
            }
            out.push(site);
            continue;
        }
        if in_tpl(&at) {
            at = site.at.clone();
            end = site.end.clone();
        }
        for &i in &pending {
            out[i].at = site.at.clone();
            out[i].end = site.end.clone();
        }
        if !in_tpl(&site.at) {
            pending.clear();
        }
    }
    (at, end, out)
}

/// The call sites that lead to frame `frame`, innermost first, with the template each
/// one called.
fn call_chain(rendered: &Rendered, mut frame: u32) -> Vec<CallSite> {
    let frames = &rendered.frames.frames;
    let mut out = Vec::new();
    // Frames only refer to earlier frames; the bound guards against a broken table.
    for _ in 0..frames.len() {
        let Some(f) = frames.get(frame as usize).filter(|_| frame != 0) else {
            break;
        };
        let site = f.call_site;
        if let Some(at) = position(rendered, site.file, site.start) {
            out.push(CallSite {
                end: position(rendered, site.file, site.end).unwrap_or_else(|| at.clone()),
                at,
                callee: rendered
                    .callees
                    .get(frame as usize)
                    .cloned()
                    .unwrap_or_default(),
            });
        }
        frame = site.frame;
    }
    out
}

/// The 1-based line and column (in characters) of byte `offset` of `text`; `None`
/// when `offset` is past the end or inside a character.
pub fn line_col(text: &str, offset: usize) -> Option<(u32, u32)> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some((
        1 + memchr::memchr_iter(b'\n', before.as_bytes()).count() as u32,
        1 + before[line_start..].chars().count() as u32,
    ))
}

fn position(rendered: &Rendered, file: u32, offset: u32) -> Option<TemplatePos> {
    let file = rendered.files.get(file as usize)?;
    let text = &*file.text;
    let (line, column) = line_col(text, (offset as usize).min(text.len()))?;
    Some(TemplatePos {
        file: file.name.to_string(),
        line,
        column,
    })
}

#[cfg(test)]
mod tests;
