//! Template syntax tree, stored flat: one [`Tree`] per parsed source file holds every
//! node of the file in a few tables, and nodes refer to each other by index. Parsing
//! allocates a handful of growing vectors instead of one box per node, and dropping a
//! tree frees them at once.
//!
//! Every node keeps Go's position (`pos`, used in Go's error texts) and its byte span
//! in the source file (`start..end`, used for diagnostics and the source map).

use std::fmt::Write;
use std::rc::Rc;

use super::lex::go_quote;

/// A byte span in a template source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Start byte offset.
    pub start: u32,
    /// End byte offset (exclusive).
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }
}

/// A run of entries of one of the tree's tables: child lists in [`Tree::ids`], name
/// spans in [`Tree::names`], declarations in [`Tree::vars`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Range {
    /// First entry.
    pub start: u32,
    /// Number of entries.
    pub len: u32,
}

impl Range {
    /// The entries as an index range.
    pub fn indices(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }

    /// Whether the run is empty.
    pub fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// Index of a statement node in [`Tree::nodes`].
pub type NodeId = u32;
/// Index of a pipeline in [`Tree::pipes`].
pub type PipeId = u32;
/// Index of a command in [`Tree::cmds`].
pub type CmdId = u32;
/// Index of an operand in [`Tree::args`].
pub type ArgId = u32;

/// A statement-level node.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Node {
    /// Literal text: its span in the source (after trimming).
    Text(Span),
    /// `{{ pipeline }}`.
    Action(ActionNode),
    /// `{{/* comment */}}` (kept only for suppression comments and spans).
    Comment(Span),
    /// `{{if}}`: index in [`Tree::branches`].
    If(u32),
    /// `{{range}}`: index in [`Tree::branches`].
    Range(u32),
    /// `{{with}}`: index in [`Tree::branches`].
    With(u32),
    /// `{{template "name" pipeline}}` (also the call part of `{{block}}`): index in
    /// [`Tree::templates`].
    Template(u32),
    /// `{{break}}`.
    Break(Span),
    /// `{{continue}}`.
    Continue(Span),
}

/// `{{ pipeline }}`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ActionNode {
    /// Go position: the first token of the pipeline.
    pub pos: u32,
    /// The whole action including delimiters.
    pub span: Span,
    /// The pipeline.
    pub pipe: PipeId,
}

/// `if`, `range` and `with`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BranchNode {
    /// Go position: that of the pipeline.
    pub pos: u32,
    /// From the opening `{{` to the end of `{{end}}`.
    pub span: Span,
    /// The condition or ranged value.
    pub pipe: PipeId,
    /// Body (node ids in [`Tree::ids`]).
    pub list: Range,
    /// `else` body.
    pub else_list: Option<Range>,
}

/// `{{template "name" pipeline}}`.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateNode {
    /// Go position: the name token.
    pub pos: u32,
    /// The whole action.
    pub span: Span,
    /// Name of the template to run.
    pub name: Rc<str>,
    /// The data pipeline.
    pub pipe: Option<PipeId>,
}

/// A pipeline with optional variable declarations.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PipeNode {
    /// Go position.
    pub pos: u32,
    /// Byte span.
    pub span: Span,
    /// `=` rather than `:=`.
    pub is_assign: bool,
    /// Declared or assigned variables (in [`Tree::vars`]).
    pub decl: Range,
    /// The commands, separated by `|` (command ids in [`Tree::ids`]).
    pub cmds: Range,
}

/// One command of a pipeline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Command {
    /// Go position.
    pub pos: u32,
    /// Byte span.
    pub span: Span,
    /// The operands (arg ids in [`Tree::ids`]); the first one decides what the
    /// command is.
    pub args: Range,
}

/// A variable reference, possibly with field chain: `$x.a.b`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VariableNode {
    /// Go position.
    pub pos: u32,
    /// Byte span.
    pub span: Span,
    /// `$x`, then fields (in [`Tree::names`]).
    pub ident: Range,
}

/// A parsed number literal with every interpretation Go computes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NumberNode {
    /// Go position.
    pub pos: u32,
    /// Byte span (the source text).
    pub span: Span,
    /// Valid as a signed integer.
    pub is_int: bool,
    /// Valid as an unsigned integer.
    pub is_uint: bool,
    /// Valid as a float.
    pub is_float: bool,
    /// A complex constant.
    pub is_complex: bool,
    /// Signed value.
    pub int64: i64,
    /// Unsigned value.
    pub uint64: u64,
    /// Float value.
    pub float64: f64,
    /// Complex value (real, imaginary).
    pub complex: (f64, f64),
}

/// An operand.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Arg {
    /// `.a.b`.
    Field {
        /// Go position.
        pos: u32,
        /// Byte span.
        span: Span,
        /// Field names without dots (in [`Tree::names`]).
        ident: Range,
    },
    /// `$x.a`.
    Variable(VariableNode),
    /// `(pipe).a.b` or `fn.a`.
    Chain {
        /// Go position.
        pos: u32,
        /// Byte span.
        span: Span,
        /// The base operand.
        node: ArgId,
        /// Field names (in [`Tree::names`]).
        fields: Range,
    },
    /// Function name (the text of its span).
    Identifier {
        /// Go position.
        pos: u32,
        /// Byte span.
        span: Span,
        /// The function's id in the function map the tree was parsed with
        /// ([`Tree::funcs`]).
        func: u32,
    },
    /// `.`.
    Dot {
        /// Go position.
        pos: u32,
    },
    /// `nil`.
    Nil {
        /// Go position.
        pos: u32,
    },
    /// `true` / `false`.
    Bool {
        /// Go position.
        pos: u32,
        /// The value.
        val: bool,
    },
    /// A number (index in [`Tree::numbers`]).
    Number(u32),
    /// A string literal; its quoted source is the span.
    String {
        /// Go position.
        pos: u32,
        /// Byte span.
        span: Span,
        /// The unquoted text (index in [`Tree::strings`]).
        text: u32,
    },
    /// `( pipeline )`.
    Pipe(PipeId),
}

impl Arg {
    /// Whether the operand is a constant that cannot start a pipeline stage.
    pub fn is_literal(&self) -> bool {
        matches!(
            self,
            Arg::Bool { .. }
                | Arg::Dot { .. }
                | Arg::Nil { .. }
                | Arg::Number(_)
                | Arg::String { .. }
        )
    }
}

/// The syntax of one source file: every node of every template the file defines.
#[derive(Debug, Default, PartialEq)]
pub struct Tree {
    /// The source text.
    pub src: Rc<str>,
    /// The serial number of the function map whose ids identifier nodes hold
    /// ([`FuncMap::serial`](super::func::FuncMap::serial)); 0 when unknown.
    pub funcs: u64,
    /// Statement nodes.
    pub nodes: Vec<Node>,
    /// `if`/`range`/`with` nodes.
    pub branches: Vec<BranchNode>,
    /// `template`/`block` calls.
    pub templates: Vec<TemplateNode>,
    /// Pipelines.
    pub pipes: Vec<PipeNode>,
    /// Commands.
    pub cmds: Vec<Command>,
    /// Operands.
    pub args: Vec<Arg>,
    /// Declared variables of pipelines.
    pub vars: Vec<VariableNode>,
    /// Number literals.
    pub numbers: Vec<NumberNode>,
    /// Field and variable names: their spans in the source (without the dot).
    pub names: Vec<Span>,
    /// Unquoted string literals.
    pub strings: Vec<Rc<str>>,
    /// Child lists: node ids of bodies, command ids of pipelines, arg ids of commands.
    pub ids: Vec<u32>,
}

/// The tables of a [`Tree`] without its source: what a parse allocates. Trees
/// hand their emptied tables to a per-thread pool when dropped, and parses take
/// them from there, so that a process rendering charts again and again (every
/// render parses every file again) keeps its tables instead of allocating them.
#[derive(Default)]
pub(crate) struct Tables {
    nodes: Vec<Node>,
    branches: Vec<BranchNode>,
    templates: Vec<TemplateNode>,
    pipes: Vec<PipeNode>,
    cmds: Vec<Command>,
    args: Vec<Arg>,
    vars: Vec<VariableNode>,
    numbers: Vec<NumberNode>,
    names: Vec<Span>,
    strings: Vec<Rc<str>>,
    ids: Vec<u32>,
}

/// Spare tables kept at most per size class.
const SPARE_TABLES: usize = 64;

/// Size classes of spare tables: sources of about the same length (a power of two
/// of the expected number of actions) need about the same room.
const SPARE_CLASSES: usize = 24;

/// Larger tables (in entries) are freed rather than kept.
const SPARE_TABLE_LEN: usize = 1 << 16;

thread_local! {
    static SPARE: std::cell::RefCell<[Vec<Tables>; SPARE_CLASSES]> =
        std::cell::RefCell::new(Default::default());
}

impl Tables {
    /// Tables for a source with about `actions` actions (`{{` delimiters): spare ones
    /// when there are, with room for that many actions, so that they rarely grow.
    pub(crate) fn for_actions(actions: usize) -> Tables {
        let mut t = SPARE
            .try_with(|s| {
                s.try_borrow_mut()
                    .ok()
                    .and_then(|mut s| s[size_class(actions)].pop())
            })
            .ok()
            .flatten()
            .unwrap_or_default();
        let actions = actions + 4;
        room(&mut t.nodes, actions * 2);
        room(&mut t.branches, actions / 4);
        room(&mut t.templates, actions / 8);
        room(&mut t.pipes, actions);
        room(&mut t.cmds, actions * 3 / 2);
        room(&mut t.args, actions * 2);
        room(&mut t.vars, actions / 16);
        room(&mut t.numbers, actions / 16);
        room(&mut t.names, actions * 2);
        room(&mut t.strings, actions / 4);
        room(&mut t.ids, actions * 6);
        t
    }

    /// A tree of these tables over `src`.
    pub(crate) fn into_tree(self, src: Rc<str>) -> Tree {
        Tree {
            src,
            funcs: 0,
            nodes: self.nodes,
            branches: self.branches,
            templates: self.templates,
            pipes: self.pipes,
            cmds: self.cmds,
            args: self.args,
            vars: self.vars,
            numbers: self.numbers,
            names: self.names,
            strings: self.strings,
            ids: self.ids,
        }
    }
}

/// The size class of tables for a source of `len` bytes.
fn size_class(actions: usize) -> usize {
    ((actions + 4).ilog2() as usize).min(SPARE_CLASSES - 1)
}

/// Makes room for `n` entries in the empty `v` (a new table rather than a grown
/// one: growing copies the old allocation).
fn room<T>(v: &mut Vec<T>, n: usize) {
    if v.capacity() < n {
        *v = Vec::with_capacity(n);
    }
}

/// Empties `v` for reuse; a very large table is freed instead.
fn spare<T>(v: &mut Vec<T>) -> Vec<T> {
    let mut v = std::mem::take(v);
    if v.capacity() > SPARE_TABLE_LEN {
        return Vec::new();
    }
    v.clear();
    v
}

impl Drop for Tree {
    fn drop(&mut self) {
        let t = Tables {
            nodes: spare(&mut self.nodes),
            branches: spare(&mut self.branches),
            templates: spare(&mut self.templates),
            pipes: spare(&mut self.pipes),
            cmds: spare(&mut self.cmds),
            args: spare(&mut self.args),
            vars: spare(&mut self.vars),
            numbers: spare(&mut self.numbers),
            names: spare(&mut self.names),
            strings: spare(&mut self.strings),
            ids: spare(&mut self.ids),
        };
        // Nothing is kept while the thread shuts down or the pool is in use.
        let _ = SPARE.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                let class = &mut s[size_class(t.nodes.capacity() / 2)];
                if class.len() < SPARE_TABLES {
                    class.push(t);
                }
            }
        });
    }
}

impl Tree {
    /// The ids of a child list.
    pub fn list(&self, r: Range) -> &[u32] {
        &self.ids[r.indices()]
    }

    /// The name spans of a run.
    pub fn names(&self, r: Range) -> &[Span] {
        &self.names[r.indices()]
    }

    /// The text of the `i`-th name of a run.
    pub fn name(&self, r: Range, i: usize) -> &str {
        self.text(self.names[r.start as usize + i])
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &str {
        self.src
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// A pipeline.
    pub fn pipe(&self, id: PipeId) -> &PipeNode {
        &self.pipes[id as usize]
    }

    /// A command.
    pub fn cmd(&self, id: CmdId) -> &Command {
        &self.cmds[id as usize]
    }

    /// An operand.
    pub fn arg(&self, id: ArgId) -> &Arg {
        &self.args[id as usize]
    }

    /// A branch node.
    pub fn branch(&self, id: u32) -> &BranchNode {
        &self.branches[id as usize]
    }

    /// Go position of an operand.
    pub fn arg_pos(&self, id: ArgId) -> u32 {
        match self.arg(id) {
            Arg::Field { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Variable(v) => v.pos,
            Arg::Number(n) => self.numbers[*n as usize].pos,
            Arg::Pipe(p) => self.pipe(*p).pos,
        }
    }

    /// Start of an operand's span.
    pub fn arg_start(&self, id: ArgId) -> u32 {
        match self.arg(id) {
            Arg::Field { span, .. }
            | Arg::Chain { span, .. }
            | Arg::Identifier { span, .. }
            | Arg::String { span, .. } => span.start,
            Arg::Variable(v) => v.span.start,
            Arg::Number(n) => self.numbers[*n as usize].span.start,
            Arg::Pipe(p) => self.pipe(*p).span.start,
            Arg::Dot { pos } | Arg::Nil { pos } | Arg::Bool { pos, .. } => *pos,
        }
    }

    /// Go position of a statement node.
    pub fn node_pos(&self, id: NodeId) -> u32 {
        match &self.nodes[id as usize] {
            Node::Text(s) | Node::Comment(s) | Node::Break(s) | Node::Continue(s) => s.start,
            Node::Action(a) => a.pos,
            Node::If(b) | Node::Range(b) | Node::With(b) => self.branch(*b).pos,
            Node::Template(t) => self.templates[*t as usize].pos,
        }
    }

    /// Whether a list is "empty" in Go's sense (only whitespace text and comments);
    /// an empty definition never replaces an existing one.
    pub fn is_empty_list(&self, list: Range) -> bool {
        self.list(list)
            .iter()
            .all(|&id| match &self.nodes[id as usize] {
                Node::Text(s) => self.text(*s).trim().is_empty(),
                Node::Comment(_) => true,
                _ => false,
            })
    }

    /// Go's `String()` of an operand.
    pub fn arg_string(&self, id: ArgId) -> String {
        let mut s = String::new();
        self.write_arg(id, &mut s);
        s
    }

    /// Go's `String()` of a command.
    pub fn cmd_string(&self, id: CmdId) -> String {
        let mut s = String::new();
        self.write_cmd(id, &mut s);
        s
    }

    /// Go's `String()` of a pipeline.
    pub fn pipe_string(&self, id: PipeId) -> String {
        let mut s = String::new();
        self.write_pipe(id, &mut s);
        s
    }

    /// Go's `String()` of a statement node.
    pub fn node_string(&self, id: NodeId) -> String {
        let mut s = String::new();
        self.write_node(id, &mut s);
        s
    }

    fn write_names(&self, names: Range, out: &mut String) {
        for &n in self.names(names) {
            out.push('.');
            out.push_str(self.text(n));
        }
    }

    fn write_variable(&self, v: &VariableNode, out: &mut String) {
        for (i, &id) in self.names(v.ident).iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str(self.text(id));
        }
    }

    fn write_arg(&self, id: ArgId, out: &mut String) {
        match self.arg(id) {
            Arg::Field { ident, .. } => self.write_names(*ident, out),
            Arg::Variable(v) => self.write_variable(v, out),
            Arg::Chain { node, fields, .. } => {
                if let Arg::Pipe(p) = self.arg(*node) {
                    out.push('(');
                    self.write_pipe(*p, out);
                    out.push(')');
                } else {
                    self.write_arg(*node, out);
                }
                self.write_names(*fields, out);
            }
            Arg::Identifier { span, .. } => out.push_str(self.text(*span)),
            Arg::Dot { .. } => out.push('.'),
            Arg::Nil { .. } => out.push_str("nil"),
            Arg::Bool { val, .. } => out.push_str(if *val { "true" } else { "false" }),
            Arg::Number(n) => out.push_str(self.text(self.numbers[*n as usize].span)),
            Arg::String { span, .. } => out.push_str(self.text(*span)),
            Arg::Pipe(p) => self.write_pipe(*p, out),
        }
    }

    fn write_cmd(&self, id: CmdId, out: &mut String) {
        for (i, &a) in self.list(self.cmd(id).args).iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if let Arg::Pipe(p) = self.arg(a) {
                out.push('(');
                self.write_pipe(*p, out);
                out.push(')');
            } else {
                self.write_arg(a, out);
            }
        }
    }

    fn write_pipe(&self, id: PipeId, out: &mut String) {
        let p = self.pipe(id);
        if !p.decl.is_empty() {
            for (i, v) in self.vars[p.decl.indices()].iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                self.write_variable(v, out);
            }
            out.push_str(if p.is_assign { " = " } else { " := " });
        }
        for (i, &c) in self.list(p.cmds).iter().enumerate() {
            if i > 0 {
                out.push_str(" | ");
            }
            self.write_cmd(c, out);
        }
    }

    fn write_list(&self, list: Range, out: &mut String) {
        for &n in self.list(list) {
            self.write_node(n, out);
        }
    }

    fn write_node(&self, id: NodeId, out: &mut String) {
        match &self.nodes[id as usize] {
            Node::Text(s) => out.push_str(self.text(*s)),
            Node::Action(a) => {
                out.push_str("{{");
                self.write_pipe(a.pipe, out);
                out.push_str("}}");
            }
            Node::Comment(_) => out.push_str("{{/* */}}"),
            Node::If(b) => self.write_branch(out, "if", *b),
            Node::Range(b) => self.write_branch(out, "range", *b),
            Node::With(b) => self.write_branch(out, "with", *b),
            Node::Template(t) => {
                let t = &self.templates[*t as usize];
                let _ = write!(out, "{{{{template {}", go_quote(&t.name));
                if let Some(p) = t.pipe {
                    out.push(' ');
                    self.write_pipe(p, out);
                }
                out.push_str("}}");
            }
            Node::Break(_) => out.push_str("{{break}}"),
            Node::Continue(_) => out.push_str("{{continue}}"),
        }
    }

    fn write_branch(&self, out: &mut String, name: &str, b: u32) {
        let b = self.branch(b);
        out.push_str("{{");
        out.push_str(name);
        out.push(' ');
        self.write_pipe(b.pipe, out);
        out.push_str("}}");
        self.write_list(b.list, out);
        if let Some(e) = b.else_list {
            out.push_str("{{else}}");
            self.write_list(e, out);
        }
        out.push_str("{{end}}");
    }
}
