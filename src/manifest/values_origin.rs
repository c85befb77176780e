//! Which values file line supplied a rendered node.
//!
//! A finding on a node that an action like `{{ toYaml .Values.sidecars | nindent 8 }}`
//! printed points at that action; this module also finds the values entry behind it
//! (`values-prod.yaml:12:5`, key path `sidecars[0].name`), so the user sees which
//! setting to change. It works from what the render recorded, without re-executing:
//!
//! 1. the bytes around the node that the same action printed form the *fragment*;
//! 2. the action must print one `.Values` chain through functions that keep its
//!    structure (`toYaml`, `nindent`, `default`, `quote`, ...), which gives the values
//!    path of the fragment;
//! 3. the node's path below the fragment's root is appended;
//! 4. the values files are searched for that path, highest precedence first: the `-f`
//!    files from last to first, then the chart's `values.yaml` (for a subchart: the
//!    parent's files under the subchart's key, then the subchart's own `values.yaml`).
//!
//! Actions that print something derived (`printf`, `include`, `range` over values with
//! `toYaml .`) have no values origin: then nothing is claimed.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;

pub use super::set_keys::set_flag_keys;
use super::RenderedDoc;
use crate::render::chart::Rendered;
use crate::template::trace::Origin;
use crate::yaml::{parse_documents, Node, NodeKind};

/// One step of a values path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSeg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// Where a values entry is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValuesPos {
    /// The values file: a user file as given on the command line, or a chart's
    /// `values.yaml` as a chart path (`chart/values.yaml`, `chart/charts/sub/values.yaml`).
    pub file: ValuesFile,
    /// 1-based line of the entry (its key, or the item of a sequence).
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// The values path, as `a.b[0].c`.
    pub path: String,
}

/// A values file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValuesFile {
    /// A `-f` file.
    User(PathBuf),
    /// A chart's `values.yaml`, by chart path.
    Chart(String),
}

/// The user values files of a lint run, in merge order, with lazily parsed trees, and
/// the keys that `--set` flags override (no file line supplies those).
#[derive(Default)]
pub struct ValuesSources {
    user: Vec<(PathBuf, String)>,
    overridden: Vec<Vec<String>>,
    parsed: RefCell<HashMap<String, Vec<Node>>>,
}

impl ValuesSources {
    /// Sources with the `-f` files `user` (path and text), in the order they were merged.
    pub fn new(user: Vec<(PathBuf, String)>) -> ValuesSources {
        ValuesSources {
            user,
            overridden: Vec::new(),
            parsed: RefCell::default(),
        }
    }

    /// The same sources, with the keys that `--set`-style flags set: a values path at,
    /// above or below one of them has no values-file origin.
    pub fn with_overrides(mut self, keys: Vec<Vec<String>>) -> ValuesSources {
        self.overridden = keys;
        self
    }

    /// Whether a `--set` flag sets `path`, a value above it or one inside it.
    fn overrides(&self, path: &[PathSeg]) -> bool {
        self.overridden.iter().any(|keys| {
            keys.iter()
                .zip(path)
                .all(|(k, seg)| matches!(seg, PathSeg::Key(s) if s == k))
        })
    }

    /// The entry at `path` in `text` (all documents, the last one that has it wins,
    /// as Helm 4 merges the documents of a values file).
    fn find(&self, key: &str, text: &str, path: &[PathSeg]) -> Option<(u32, u32)> {
        let mut parsed = self.parsed.borrow_mut();
        let roots = parsed.entry(key.to_string()).or_insert_with(|| {
            parse_documents(text)
                .map(|docs| docs.into_iter().filter_map(|d| d.root).collect())
                .unwrap_or_default()
        });
        roots.iter().rev().find_map(|root| lookup(root, path))
    }
}

/// The values entry that supplied `node` of `doc`, when an action printed it from one
/// `.Values` chain.
pub fn values_origin(
    rendered: &Rendered,
    doc: &RenderedDoc,
    node: &Node,
    sources: &ValuesSources,
) -> Option<ValuesPos> {
    let root = doc.root.as_deref()?;
    let buf = rendered.templates.get(&doc.template)?;
    let at = (doc.offset + node.span.start) as u32;
    let seg = buf.trace.seg_at(at)?;
    if seg.origin.literal {
        return None;
    }
    let origin = seg.origin;
    let (start, end) = fragment(&buf.trace.segs, origin, at)?;
    let file = rendered.files.get(origin.file as usize)?;
    let chain = values_path(&file.text, (origin.start as usize, origin.end as usize))?;
    // The fragment in document coordinates; its first printed character.
    let text_start = (start as usize).checked_sub(doc.offset)?;
    let text_end = (end as usize).saturating_sub(doc.offset);
    let first = text_start
        + doc
            .text
            .get(text_start..text_end.min(doc.text.len()))?
            .find(|c: char| !c.is_whitespace())?;
    let steps = path_to(&doc.text, root, node)?;
    let in_fragment = |pos: usize| pos >= first && pos < text_end;
    let segs = |from: usize| steps[from..].iter().map(|s| s.seg.clone());
    let rel: Vec<PathSeg> = if in_fragment(root.span.start) {
        segs(0).collect()
    } else {
        // The first node on the way down that the action printed.
        let top = steps.iter().position(|s| in_fragment(s.node.span.start))?;
        let step = &steps[top];
        match &step.seg {
            // Its key or `-` was printed too: the entry comes from the values.
            PathSeg::Key(_) if step.marker.is_some_and(in_fragment) => segs(top).collect(),
            // Items printed after items the template wrote: renumber them.
            PathSeg::Index(j) if step.marker.is_some_and(in_fragment) => {
                let parent = top.checked_sub(1).map_or(root, |i| steps[i].node);
                let first_printed = parent
                    .as_sequence()?
                    .iter()
                    .position(|it| dash_before(&doc.text, it).is_some_and(in_fragment))?;
                std::iter::once(PathSeg::Index(j.checked_sub(first_printed)?))
                    .chain(segs(top + 1))
                    .collect()
            }
            // A value printed under a key or `-` the template wrote.
            _ => segs(top + 1).collect(),
        }
    };
    let mut path = chain;
    path.extend(rel);
    lookup_sources(&rendered.chart, &doc.template, &path, sources)
}

/// The byte range of the output that `origin` printed around `at`.
fn fragment(segs: &[crate::template::trace::Seg], origin: Origin, at: u32) -> Option<(u32, u32)> {
    let i = segs.iter().position(|s| s.start <= at && at < s.end)?;
    let mut lo = i;
    while lo > 0 && segs[lo - 1].origin == origin && segs[lo - 1].end == segs[lo].start {
        lo -= 1;
    }
    let mut hi = i;
    while hi + 1 < segs.len() && segs[hi + 1].origin == origin && segs[hi + 1].start == segs[hi].end
    {
        hi += 1;
    }
    Some((segs[lo].start, segs[hi].end))
}

/// Functions that print their `.Values` argument with its structure intact.
const KEEPS_STRUCTURE: &[&str] = &[
    "toYaml",
    "toYamlPretty",
    "mustToYaml",
    "toJson",
    "mustToJson",
    "toPrettyJson",
    "mustToPrettyJson",
    "nindent",
    "indent",
    "trim",
    "quote",
    "squote",
    "default",
    "toString",
    "int",
    "int64",
    "float64",
    "tpl",
];

/// What an action prints, as far as values go.
#[derive(Debug, PartialEq, Eq)]
enum Printed {
    /// The values at this path (`.Values.a.b`, `$.Values.a.b`).
    Values(Vec<PathSeg>),
    /// Dot, or a field of dot (`.`, `.repository`).
    Dot(Vec<PathSeg>),
}

/// What an action prints: its one `.Values` chain or field of dot, when every function
/// it calls keeps the value's structure. `$` and a `.` next to a `.Values` chain are
/// context arguments (`tpl (toYaml .Values.x) .`), not what is printed.
fn printed(action: &str) -> Option<Printed> {
    let body = action
        .trim_start_matches("{{")
        .trim_start_matches('-')
        .trim_end_matches("}}")
        .trim_end_matches('-');
    let mut found: Option<Printed> = None;
    let mut bare_dot = false;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' | '`' | '\'' => skip_quoted(&mut chars, c),
            '.' | '$' => {
                let word = word_at(body, i);
                for _ in 1..word.len() {
                    chars.next();
                }
                let keys = |rest: &str| {
                    rest.split('.')
                        .map(|k| PathSeg::Key(k.to_string()))
                        .collect()
                };
                let this = match word {
                    "$" => continue,
                    "." => {
                        bare_dot = true;
                        continue;
                    }
                    _ => match word.trim_start_matches('$').strip_prefix(".Values.") {
                        Some(rest) => Printed::Values(keys(rest)),
                        None if word.starts_with('.') => Printed::Dot(keys(&word[1..])),
                        None => return None,
                    },
                };
                if found.replace(this).is_some() {
                    return None;
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let word = word_at(body, i);
                for _ in 1..word.chars().count() {
                    chars.next();
                }
                if !KEEPS_STRUCTURE.contains(&word) {
                    return None;
                }
            }
            _ => {}
        }
    }
    found.or(bare_dot.then_some(Printed::Dot(Vec::new())))
}

/// The values path that an action at byte `pos` of `src` prints, resolving dot through
/// the `with` blocks around it.
fn values_path(src: &str, action: (usize, usize)) -> Option<Vec<PathSeg>> {
    match printed(src.get(action.0..action.1)?)? {
        Printed::Values(p) => Some(p),
        Printed::Dot(rel) => {
            let mut p = dot_at(src, action.0)?;
            p.extend(rel);
            Some(p)
        }
    }
}

/// The values path dot holds at byte `pos` of `src`: set by the innermost enclosing
/// `with` (not in its `else` branch); unknown inside `range`, `define` and `block`.
fn dot_at(src: &str, pos: usize) -> Option<Vec<PathSeg>> {
    // Open blocks before `pos`: (keyword, action span, in the else branch).
    let mut open: Vec<(&str, (usize, usize), bool)> = Vec::new();
    let mut at = 0;
    while let Some(rel) = src.get(at..pos)?.find("{{") {
        let start = at + rel;
        let end = start + src.get(start..)?.find("}}")? + 2;
        if end > pos {
            break;
        }
        at = end;
        let body = src[start + 2..end - 2].trim_start_matches('-').trim_start();
        let keyword = body
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        match keyword {
            "if" | "with" | "range" | "define" | "block" => {
                open.push((keyword, (start, end), false))
            }
            "end" => {
                open.pop();
            }
            "else" => {
                if let Some(top) = open.last_mut() {
                    let rest = body["else".len()..].trim_start();
                    if rest.starts_with("with") {
                        // `else with X`: a new dot for this branch.
                        *top = ("with", (start, end), false);
                    } else {
                        top.2 = true;
                    }
                }
            }
            _ => {}
        }
    }
    for (keyword, span, in_else) in open.iter().rev() {
        match (*keyword, in_else) {
            ("if", _) | ("with", true) => continue,
            ("with", false) => {
                let text = &src[span.0..span.1];
                let pipe_at = text.find("with")? + "with".len();
                // The `with` pipeline, as an action of its own.
                let inner = format!("{{{{{}}}}}", &text[pipe_at..text.len() - 2]);
                return match printed(&inner)? {
                    Printed::Values(p) => Some(p),
                    Printed::Dot(rel) => {
                        let mut p = dot_at(src, span.0)?;
                        p.extend(rel);
                        Some(p)
                    }
                };
            }
            _ => return None,
        }
    }
    None
}

/// The identifier or field chain starting at byte `i`.
fn word_at(s: &str, i: usize) -> &str {
    let rest = &s[i..];
    let len = rest
        .char_indices()
        .find(|&(j, c)| j > 0 && !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(rest.len(), |(j, _)| j);
    &rest[..len]
}

fn skip_quoted(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, quote: char) {
    while let Some((_, c)) = chars.next() {
        if c == '\\' && quote != '`' {
            chars.next();
        } else if c == quote {
            return;
        }
    }
}

/// One step down a document: the key or index taken, the node reached (a key node
/// when the step ends at the target key itself), and where the step's marker is
/// written: the key node's start, or the item's `-`.
struct Step<'n> {
    seg: PathSeg,
    node: &'n Node,
    marker: Option<usize>,
}

/// The steps from `root` down to `target` (compared by identity).
fn path_to<'n>(text: &str, root: &'n Node, target: &Node) -> Option<Vec<Step<'n>>> {
    let mut steps = Vec::new();
    let mut node = root;
    while !std::ptr::eq(node, target) {
        let pos = target.span.start;
        let inside = |n: &Node| n.span.start <= pos && pos < n.span.end.max(n.span.start + 1);
        let step = match &node.kind {
            NodeKind::Mapping(entries) => entries.iter().find_map(|(k, v)| {
                let seg = PathSeg::Key(k.as_scalar()?.to_string());
                let marker = Some(k.span.start);
                if std::ptr::eq(k, target) {
                    Some(Step {
                        seg,
                        node: k,
                        marker,
                    })
                } else {
                    inside(v).then_some(Step {
                        seg,
                        node: v,
                        marker,
                    })
                }
            }),
            NodeKind::Sequence(items) => {
                items
                    .iter()
                    .enumerate()
                    .find(|(_, n)| inside(n))
                    .map(|(i, n)| Step {
                        seg: PathSeg::Index(i),
                        node: n,
                        marker: dash_before(text, n),
                    })
            }
            _ => None,
        }?;
        node = step.node;
        steps.push(step);
    }
    Some(steps)
}

/// The offset of the `-` indicator of a block sequence item, when it has one.
fn dash_before(text: &str, item: &Node) -> Option<usize> {
    let before = text.get(..item.span.start)?;
    let dash = before.trim_end_matches([' ', '\t', '\n', '\r']);
    dash.ends_with('-').then(|| dash.len() - 1)
}

/// The entry at `path` below `root`: its key node's (or item's) position.
fn lookup(root: &Node, path: &[PathSeg]) -> Option<(u32, u32)> {
    let mut node = root;
    let mut at = (root.line, root.col);
    for seg in path {
        match (seg, &node.kind) {
            (PathSeg::Index(i), NodeKind::Sequence(items)) => {
                node = items.get(*i)?;
                at = (node.line, node.col);
            }
            (seg, NodeKind::Mapping(entries)) => {
                // A JSON pointer's number names a key of a mapping as well.
                let k = match seg {
                    PathSeg::Key(k) => std::borrow::Cow::Borrowed(k.as_str()),
                    PathSeg::Index(i) => std::borrow::Cow::Owned(i.to_string()),
                };
                let (key, value) = entries
                    .iter()
                    .rev()
                    .find(|(kn, _)| kn.as_scalar() == Some(&*k))?;
                at = (key.line, key.col);
                node = value;
            }
            _ => return None,
        }
    }
    Some(at)
}

/// Searches the values files that feed the template at `template` (a chart path:
/// `parent/charts/sub/templates/x.yaml`) of `chart` for `path`.
pub(crate) fn lookup_sources(
    chart: &crate::chart::load::Chart,
    template: &str,
    path: &[PathSeg],
    sources: &ValuesSources,
) -> Option<ValuesPos> {
    // `parent/charts/a/charts/b/templates/x.yaml`: the subchart keys are [a, b].
    let parts: Vec<&str> = template.split('/').collect();
    let mut keys: Vec<&str> = Vec::new();
    let mut i = 1;
    while i + 1 < parts.len() && parts[i] == "charts" {
        keys.push(parts[i + 1]);
        i += 2;
    }
    let found = |file: ValuesFile, (line, column): (u32, u32), path: &[PathSeg]| ValuesPos {
        file,
        line,
        column,
        path: render_path(path),
    };
    let scoped = |depth: usize| -> Vec<PathSeg> {
        let mut p: Vec<PathSeg> = keys[depth..]
            .iter()
            .map(|k| PathSeg::Key(k.to_string()))
            .collect();
        p.extend_from_slice(path);
        p
    };
    let top = scoped(0);
    if sources.overrides(&top) {
        return None;
    }
    for (file, text) in sources.user.iter().rev() {
        if let Some(at) = sources.find(&file.to_string_lossy(), text, &top) {
            return Some(found(ValuesFile::User(file.clone()), at, &top));
        }
    }
    // The chart's values.yaml, then each subchart's along the way, outermost first.
    let mut chart = chart;
    let mut chart_path = parts.first()?.to_string();
    for depth in 0..=keys.len() {
        if let Some(text) = &chart.values_text {
            let key = format!("{chart_path}/values.yaml");
            let here = scoped(depth);
            if let Some(at) = sources.find(&key, text, &here) {
                return Some(found(ValuesFile::Chart(key), at, &here));
            }
        }
        let Some(next) = keys.get(depth) else { break };
        chart = chart.dependencies.iter().find(|c| c.name() == *next)?;
        chart_path = format!("{chart_path}/charts/{next}");
    }
    None
}

/// `a.b[0].c`.
fn render_path(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathSeg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::load::load;
    use crate::manifest::documents;
    use crate::render::chart::{render_chart, RenderOptions};
    use crate::render::command::version_in_range;
    use crate::template::value::{Entries, Value};

    const FIXTURE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/lint/valuesorigin"
    );

    /// Renders the fixture with the given `-f` files (paths relative to the fixture).
    fn render(files: &[&str]) -> (Rendered, ValuesSources) {
        let chart = load(std::path::Path::new(FIXTURE)).expect("fixture loads");
        let mut user = Entries::new();
        let mut texts = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(format!("{FIXTURE}/{f}")).expect("values file");
            if let Ok(Value::Map(m)) = crate::yaml::to_value::load_values_v4(&text) {
                crate::render::values::merge_maps(&mut user, m.entries.borrow().clone());
            }
            texts.push((PathBuf::from(f), text));
        }
        let r = render_chart(&chart, &user, &RenderOptions::default(), version_in_range)
            .expect("fixture renders");
        (r, ValuesSources::new(texts))
    }

    /// The values origin of the key `key` in the mapping at `path` of `template`'s
    /// document, as `file:line:col path`.
    fn origin_of(files: &[&str], template: &str, path: &[&str], key: &str, value: bool) -> String {
        origin_with_sets(files, &[], template, path, key, value)
    }

    /// [`origin_of`] with `--set` flags overriding keys (not applied to the render: only
    /// the origin search is asked).
    fn origin_with_sets(
        files: &[&str],
        sets: &[&str],
        template: &str,
        path: &[&str],
        key: &str,
        value: bool,
    ) -> String {
        let (r, sources) = render(files);
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let sources = sources.with_overrides(set_flag_keys(&sets, &[], &[]));
        let docs = documents(&r);
        let doc = docs
            .iter()
            .find(|d| d.template == template)
            .expect("template");
        let mut node = doc.root.as_deref().expect("root");
        for p in path {
            node = match (&node.kind, p.parse::<usize>()) {
                (NodeKind::Sequence(items), Ok(i)) => &items[i],
                _ => node.get(p).expect("path"),
            };
        }
        let (k, v) = node
            .as_mapping()
            .and_then(|m| m.iter().find(|(k, _)| k.as_scalar() == Some(key)))
            .expect("key");
        match values_origin(&r, doc, if value { v } else { k }, &sources) {
            None => "none".into(),
            Some(p) => {
                let file = match p.file {
                    ValuesFile::User(f) => f.display().to_string(),
                    ValuesFile::Chart(c) => c,
                };
                format!("{file}:{}:{} {}", p.line, p.column, p.path)
            }
        }
    }

    const DEPLOY: &str = "vo/templates/deploy.yaml";
    const POD: [&str; 4] = ["spec", "template", "spec", "containers"];

    #[test]
    fn a_container_printed_by_to_yaml_comes_from_its_list_item() {
        let sidecar: Vec<&str> = POD.iter().copied().chain(["1"]).collect();
        assert_eq!(
            origin_of(&[], DEPLOY, &sidecar, "name", false),
            "vo/values.yaml:3:5 sidecars[0].name"
        );
        // The `-f` file that overrides the list supplies it.
        assert_eq!(
            origin_of(&["values-prod.yaml"], DEPLOY, &sidecar, "name", false),
            "values-prod.yaml:3:5 sidecars[0].name"
        );
        assert_eq!(
            origin_of(&["values-prod.yaml"], DEPLOY, &sidecar, "image", true),
            "values-prod.yaml:4:5 sidecars[0].image"
        );
    }

    #[test]
    fn keys_set_by_set_flags_have_no_values_file_origin() {
        let sidecar: Vec<&str> = POD.iter().copied().chain(["1"]).collect();
        for sets in [
            &["sidecars[0].name=x"][..],
            &["sidecars=null"],
            &["image=a,sidecars[0].image=b"],
        ] {
            assert_eq!(
                origin_with_sets(&[], sets, DEPLOY, &sidecar, "name", false),
                "none",
                "{sets:?}"
            );
        }
        // A sibling key set elsewhere does not hide this one.
        assert_eq!(
            origin_with_sets(
                &[],
                &["image=x", "sidecarz=1"],
                DEPLOY,
                &sidecar,
                "name",
                false
            ),
            "vo/values.yaml:3:5 sidecars[0].name"
        );
    }

    #[test]
    fn keys_merged_into_a_template_mapping_and_nested_blocks() {
        assert_eq!(
            origin_of(
                &[],
                DEPLOY,
                &["spec", "template", "spec"],
                "hostNetwork",
                false
            ),
            "vo/values.yaml:6:3 podExtras.hostNetwork"
        );
        let limits: Vec<&str> = POD
            .iter()
            .copied()
            .chain(["0", "resources", "limits"])
            .collect();
        assert_eq!(
            origin_of(&[], DEPLOY, &limits, "cpu", false),
            "vo/values.yaml:9:5 resources.limits.cpu"
        );
        let web: Vec<&str> = POD.iter().copied().chain(["0"]).collect();
        assert_eq!(
            origin_of(&[], DEPLOY, &web, "image", true),
            "vo/values.yaml:1:1 image"
        );
    }

    #[test]
    fn template_text_and_range_items_have_no_values_origin() {
        let web: Vec<&str> = POD.iter().copied().chain(["0"]).collect();
        assert_eq!(origin_of(&[], DEPLOY, &web, "name", false), "none");
        let init = ["spec", "template", "spec", "initContainers", "0"];
        assert_eq!(origin_of(&[], DEPLOY, &init, "name", false), "none");
    }

    #[test]
    fn subchart_values_come_from_the_parent_then_the_subchart() {
        let c = ["spec", "template", "spec", "containers", "0"];
        let ds = "vo/charts/sub/templates/ds.yaml";
        assert_eq!(
            origin_of(&[], ds, &c, "name", false),
            "vo/values.yaml:12:5 sub.agent.name"
        );
        assert_eq!(
            origin_of(&[], ds, &c, "image", false),
            "vo/charts/sub/values.yaml:3:3 agent.image"
        );
    }

    fn keys(v: &[&str]) -> Vec<PathSeg> {
        v.iter().map(|k| PathSeg::Key(k.to_string())).collect()
    }

    /// The values path of the action at the end of `src`.
    fn last_action(src: &str) -> Option<Vec<PathSeg>> {
        let start = src.rfind("{{").expect("an action");
        values_path(src, (start, src.len()))
    }

    #[test]
    fn paths_of_structure_keeping_actions() {
        assert_eq!(
            last_action("{{- toYaml .Values.sidecars | nindent 8 }}"),
            Some(keys(&["sidecars"]))
        );
        assert_eq!(
            last_action("{{ $.Values.image.tag | default \"latest\" | quote }}"),
            Some(keys(&["image", "tag"]))
        );
        assert_eq!(
            last_action("{{ tpl (toYaml .Values.extra) . | nindent 4 }}"),
            Some(keys(&["extra"]))
        );
        // Derived output, two chains, other roots: no claim.
        assert_eq!(last_action("{{ printf \"%s\" .Values.a }}"), None);
        assert_eq!(last_action("{{ include \"x\" .Values.a }}"), None);
        assert_eq!(last_action("{{ default .Values.a .Values.b }}"), None);
        assert_eq!(last_action("{{ toYaml .Release.Name }}"), None);
        // Strings are skipped, whatever they hold.
        assert_eq!(
            last_action("{{ .Values.x | default \".Values.y printf\" }}"),
            Some(keys(&["x"]))
        );
    }

    #[test]
    fn dot_is_resolved_through_enclosing_with_blocks() {
        assert_eq!(
            last_action("{{- with .Values.pod.annotations }}\n  {{- toYaml . | nindent 4 }}"),
            Some(keys(&["pod", "annotations"]))
        );
        assert_eq!(
            last_action("{{ with .Values.image }}{{ if .pull }}x{{ end }}{{ .repository }}"),
            Some(keys(&["image", "repository"]))
        );
        assert_eq!(
            last_action("{{ with .Values.a }}{{ with .b }}{{ toYaml .c }}"),
            Some(keys(&["a", "b", "c"]))
        );
        assert_eq!(
            last_action("{{ with .Values.a }}{{ else with .Values.b }}{{ toYaml . }}"),
            Some(keys(&["b"]))
        );
        // The else branch of `with`, `range` and `define` leave dot unknown here.
        assert_eq!(
            last_action("{{ with .Values.a }}x{{ else }}{{ toYaml . }}"),
            None
        );
        assert_eq!(last_action("{{ range .Values.items }}{{ toYaml . }}"), None);
        assert_eq!(last_action("{{ define \"x\" }}{{ toYaml . }}"), None);
        assert_eq!(
            last_action("{{ with .Values.a }}{{ end }}{{ toYaml . }}"),
            None
        );
    }

    #[test]
    fn paths_render_like_helm_value_paths() {
        assert_eq!(
            render_path(&[
                PathSeg::Key("a".into()),
                PathSeg::Index(0),
                PathSeg::Key("b".into())
            ]),
            "a[0].b"
        );
    }
}
