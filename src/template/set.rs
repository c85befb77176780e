//! A set of associated templates sharing one namespace (Go's `*template.Template`
//! family): every parsed file and every `define` joins it.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::rc::Rc;

use super::ast::{Range, Span, Tree};
use super::error::{ErrorSpan, GoError};
use super::func::FuncMap;
use super::parse::{parse, ParseError, ParsedFile};

/// A template source file.
#[derive(Debug)]
pub struct SourceFile {
    /// The name Go reports in errors (the file path, or `gotpl` for `tpl` text).
    pub name: Rc<str>,
    /// The source text.
    pub text: Rc<str>,
}

impl SourceFile {
    /// 1-based line and 0-based byte column of `pos`, as Go's `ErrorContext` computes them.
    pub fn line_col(&self, pos: u32) -> (u32, u32) {
        let pos = (pos as usize).min(self.text.len());
        let before = &self.text.as_bytes()[..pos];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u32;
        let col = match before.iter().rposition(|&b| b == b'\n') {
            Some(nl) => pos - nl - 1,
            None => pos,
        };
        (line, col as u32)
    }
}

/// A named template: its body and where it was defined.
#[derive(Debug)]
pub struct Tmpl {
    /// The template name.
    pub name: Rc<str>,
    /// Index of its source file.
    pub file: u32,
    /// The syntax of its source file.
    pub tree: Rc<Tree>,
    /// The body (node ids in `tree`).
    pub root: Range,
    /// The definition's span in the file.
    pub span: Span,
}

/// Behaviour for missing map keys (Go's `missingkey` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingKey {
    /// `missingkey=default`/`invalid`: an invalid value.
    Invalid,
    /// `missingkey=zero` (Helm's default): the zero value of the element type.
    Zero,
    /// `missingkey=error` (Helm's `--strict` lint).
    Error,
}

/// A template namespace plus the functions its templates may call.
#[derive(Debug)]
pub struct TemplateSet {
    /// Name of the root template (Helm: `gotpl`), used in some error texts.
    pub root_name: Rc<str>,
    /// Source files, indexed by [`Tmpl::file`].
    pub files: Vec<Rc<SourceFile>>,
    templates: HashMap<Rc<str>, Rc<Tmpl>>,
    /// The functions.
    pub funcs: Rc<FuncMap>,
    /// Missing key behaviour.
    pub missing_key: MissingKey,
}

impl TemplateSet {
    /// An empty set named `root_name`.
    pub fn new(root_name: &str, funcs: Rc<FuncMap>) -> TemplateSet {
        TemplateSet {
            root_name: Rc::from(root_name),
            files: Vec::with_capacity(64),
            templates: HashMap::with_capacity_and_hasher(256, Default::default()),
            funcs,
            missing_key: MissingKey::Zero,
        }
    }

    /// Parses a file and adds its templates with Go's association rules: a later
    /// definition replaces an earlier one, unless the later one is empty.
    pub fn add_file(&mut self, name: &str, text: impl Into<Rc<str>>) -> Result<(), GoError> {
        let file = self.files.len() as u32;
        let text: Rc<str> = text.into();
        self.files.push(Rc::new(SourceFile {
            name: Rc::from(name),
            text: text.clone(),
        }));
        let trees = parse_file(name, &text, file, &self.funcs)?;
        for t in trees {
            associate(&mut self.templates, t);
        }
        Ok(())
    }

    /// Looks a template up by name.
    pub fn lookup(&self, name: &str) -> Option<&Rc<Tmpl>> {
        self.templates.get(name)
    }

    /// Names of all templates, sorted.
    pub fn names(&self) -> Vec<Rc<str>> {
        let mut v: Vec<_> = self.templates.keys().cloned().collect();
        v.sort();
        v
    }
}

/// Adds a template to a namespace unless it is empty and would hide a definition.
pub fn associate(map: &mut HashMap<Rc<str>, Rc<Tmpl>>, t: Rc<Tmpl>) {
    if map.contains_key(&t.name) && t.tree.is_empty_list(t.root) {
        return;
    }
    map.insert(t.name.clone(), t);
}

/// Parsed trees (or the parse error) of one source text, shared between renders.
type Parsed = Result<ParsedFile, ParseError>;

/// Cache entries: (template name, function map serial) → (source text, result).
type ParseCache = HashMap<(Rc<str>, usize), (Rc<str>, Rc<Parsed>)>;

/// Successful parses by (hash of the source text, function map serial) → (text,
/// result): a text that another file has (subcharts often bundle the same library
/// chart) is parsed once.
type TextCache = HashMap<(u64, u64), (Rc<str>, Rc<Parsed>)>;

/// Entries kept before the cache starts over (a guard for very long-lived processes).
const PARSE_CACHE_LIMIT: usize = 20_000;

thread_local! {
    /// Parse results by (template name, function map), with the text they came from.
    /// A template's syntax tree depends only on its name, text and the functions that
    /// exist, so every render of the same chart (other values files, editor
    /// keystrokes in other files) reuses it.
    static PARSE_CACHE: RefCell<ParseCache> = RefCell::new(HashMap::default());
    /// Parse results by text, for files with the same text under other names.
    static TEXT_CACHE: RefCell<TextCache> = RefCell::new(HashMap::default());
}

/// Forgets every cached parse (benchmarks use it to measure parsing).
pub fn clear_parse_cache() {
    PARSE_CACHE.with(|c| c.borrow_mut().clear());
    TEXT_CACHE.with(|c| c.borrow_mut().clear());
}

/// A fingerprint of a text: its length and its first and last bytes (a match is
/// confirmed by comparing the texts).
fn text_hash(text: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    let b = text.as_bytes();
    let ends = (
        &b[..b.len().min(128)],
        &b[b.len().saturating_sub(128)..],
        b.len(),
    );
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(ends)
}

fn parse_cached(name: &str, text: &Rc<str>, funcs: &FuncMap) -> Rc<Parsed> {
    let key = (Rc::from(name), funcs.serial() as usize);
    if let Some(hit) = PARSE_CACHE.with(|c| {
        c.borrow()
            .get(&key)
            .filter(|(t, _)| Rc::ptr_eq(t, text) || **t == **text)
            .map(|(_, p)| p.clone())
    }) {
        return hit;
    }
    let text_key = (text_hash(text), funcs.serial());
    let same_text = TEXT_CACHE.with(|c| {
        c.borrow()
            .get(&text_key)
            .filter(|(t, _)| Rc::ptr_eq(t, text) || **t == **text)
            .and_then(|(_, p)| p.as_ref().as_ref().ok()?.renamed(name))
    });
    let parsed = match same_text {
        Some(file) => Rc::new(Ok(file)),
        None => {
            let id = |n: &str| funcs.id(n);
            let mut parsed = parse(name, text, &id);
            if let Ok(file) = &mut parsed {
                if let Some(tree) = Rc::get_mut(&mut file.tree) {
                    tree.funcs = funcs.serial();
                }
            }
            let parsed = Rc::new(parsed);
            if parsed.is_ok() {
                TEXT_CACHE.with(|c| remember(c, text_key, (text.clone(), parsed.clone())));
            }
            parsed
        }
    };
    PARSE_CACHE.with(|c| remember(c, key, (text.clone(), parsed.clone())));
    parsed
}

/// Inserts into a cache, which starts over once it holds [`PARSE_CACHE_LIMIT`] entries.
fn remember<K: std::hash::Hash + Eq, V>(cache: &RefCell<HashMap<K, V>>, key: K, value: V) {
    let mut c = cache.borrow_mut();
    if c.len() >= PARSE_CACHE_LIMIT {
        c.clear();
    }
    c.insert(key, value);
}

/// Parses one source file into templates; the error carries Go's text and location.
pub fn parse_file(
    name: &str,
    text: &Rc<str>,
    file: u32,
    funcs: &FuncMap,
) -> Result<Vec<Rc<Tmpl>>, GoError> {
    match &*parse_cached(name, text, funcs) {
        Ok(parsed) => Ok(parsed
            .templates
            .iter()
            .map(|t| {
                Rc::new(Tmpl {
                    name: t.name.clone(),
                    file,
                    tree: parsed.tree.clone(),
                    root: t.root,
                    span: t.span,
                })
            })
            .collect()),
        Err(e) => {
            let mut err = GoError::new(e.message.clone());
            err.span = Some(ErrorSpan {
                file,
                start: e.offset,
                end: e.offset,
            });
            Err(err)
        }
    }
}
