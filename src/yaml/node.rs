//! The YAML node tree: every node keeps its source location, style, tag and anchor.
//!
//! Mappings keep their entries in source order and keep duplicate keys (Helm's
//! decoder lets the last one win, but a linter wants to see both). Aliases are kept
//! as aliases, with the id of the anchor they refer to, so a location always points
//! at the text that is really there. Merge keys (`<<`) are ordinary entries here;
//! [`crate::yaml::to_value`] applies them.

/// A byte range in the source text (`start..end`, end exclusive).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

impl Span {
    /// The source text the span covers, if it lies inside `src` on char boundaries.
    pub fn slice<'s>(&self, src: &'s str) -> Option<&'s str> {
        src.get(self.start..self.end)
    }
}

/// How a node was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// A plain (unquoted) scalar; also used for aliases.
    Plain,
    /// A `'single quoted'` scalar.
    SingleQuoted,
    /// A `"double quoted"` scalar.
    DoubleQuoted,
    /// A `|` literal block scalar.
    Literal,
    /// A `>` folded block scalar.
    Folded,
    /// A block (indentation based) mapping or sequence.
    Block,
    /// A flow (`{}` or `[]`) mapping or sequence.
    Flow,
}

/// An anchor (`&name`) defined on a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// The anchor name, without `&`.
    pub name: String,
    /// The parser's id for this definition (unique in the stream; aliases refer to it).
    pub id: usize,
}

/// An alias (`*name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AliasRef {
    /// The anchor name, without `*`.
    pub name: String,
    /// The id of the anchor definition it refers to (the most recent one of that name
    /// before it in the same document); `None` when there is none.
    pub target: Option<usize>,
}

/// The content of a node.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A scalar with its text after quoting, escapes, folding and chomping. An empty
    /// plain scalar (`key:` with no value) has the empty text.
    Scalar(String),
    /// A mapping: entries in source order, duplicates kept.
    Mapping(Vec<(Node, Node)>),
    /// A sequence.
    Sequence(Vec<Node>),
    /// An alias to an anchored node.
    Alias(AliasRef),
}

/// A YAML node with its location.
///
/// `line` and `col` are 1-based; `col` counts Unicode characters (not bytes) from the
/// start of the line. They give the start of the node's text: the first key of a
/// block mapping, the `-` of a block sequence, the bracket of a flow collection, the
/// opening quote of a quoted scalar, the `|`/`>` indicator of a block scalar. Anchors
/// and tags written before a node are not part of its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The content.
    pub kind: NodeKind,
    /// Byte range in the source. Block collections end at the end of their last
    /// entry; block scalars end at the end of their last non-blank content.
    pub span: Span,
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column (in characters) of the start.
    pub col: u32,
    /// The explicit tag, resolved to its full form (`!!str` is
    /// `tag:yaml.org,2002:str`, a local `!foo` stays `!foo`, a lone `!` is `!`).
    pub tag: Option<String>,
    /// How the node was written.
    pub style: Style,
    /// The anchor defined on this node.
    pub anchor: Option<Anchor>,
}

impl Node {
    /// The scalar text, if this is a scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, if this is a mapping.
    pub fn as_mapping(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }

    /// The value of the last entry whose key is the plain or quoted scalar `key`
    /// (the entry Helm's decoder keeps when a key is repeated).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?
            .iter()
            .rev()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map(|(_, v)| v)
    }
}

/// A comment (`# text`) with its location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The text after `#`, up to the end of the line.
    pub text: String,
    /// Byte range of the comment, `#` included.
    pub span: Span,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters) of the `#`.
    pub col: u32,
}

/// One document of a YAML stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The root node; `None` for an empty document (nothing but comments, or a bare `---`).
    pub root: Option<Node>,
    /// Byte range from the document start (`---` when explicit) to its end.
    pub span: Span,
    /// 1-based line where the document starts.
    pub line: u32,
    /// Whether the document opened with `---`.
    pub explicit_start: bool,
    /// Comments that belong to this document (comments before the first document go
    /// to the first one, comments after the last one to the last one).
    pub comments: Vec<Comment>,
    /// Whether the document had a syntax error (only in
    /// [`crate::yaml::parse_documents_lossy`]); its `root` is then `None`.
    pub broken: bool,
}
