//! Template syntax tree. Every node keeps Go's position (`pos`, used in Go's error
//! texts) and its byte span in the source file (`start..end`, used for diagnostics
//! and the source map).

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

/// A list of nodes (shared: cloning a node never copies a subtree).
pub type List = Rc<[Node]>;

/// A shared pipeline.
pub type Pipe = Rc<PipeNode>;

/// A statement-level node.
#[derive(Clone, Debug)]
pub enum Node {
    /// Literal text.
    Text(TextNode),
    /// `{{ pipeline }}`.
    Action(Rc<ActionNode>),
    /// `{{/* comment */}}` (kept only for suppression comments and spans).
    Comment(Span),
    /// `{{if}}`.
    If(Rc<BranchNode>),
    /// `{{range}}`.
    Range(Rc<BranchNode>),
    /// `{{with}}`.
    With(Rc<BranchNode>),
    /// `{{template "name" pipeline}}` (also the call part of `{{block}}`).
    Template(Rc<TemplateNode>),
    /// `{{break}}`.
    Break(Span),
    /// `{{continue}}`.
    Continue(Span),
}

/// Literal text.
#[derive(Clone, Debug)]
pub struct TextNode {
    /// Byte span of the text (after trimming) in the source.
    pub span: Span,
    /// The whole source file; the text is `src[span]` (shared, never copied).
    pub src: Rc<str>,
}

impl TextNode {
    /// The text.
    pub fn text(&self) -> &str {
        self.src
            .get(self.span.start as usize..self.span.end as usize)
            .unwrap_or("")
    }
}

/// `{{ pipeline }}`.
#[derive(Clone, Debug)]
pub struct ActionNode {
    /// Go position: the first token of the pipeline.
    pub pos: u32,
    /// The whole action including delimiters.
    pub span: Span,
    /// The pipeline.
    pub pipe: Pipe,
}

/// `if`, `range` and `with`.
#[derive(Clone, Debug)]
pub struct BranchNode {
    /// Go position: that of the pipeline.
    pub pos: u32,
    /// From the opening `{{` to the end of `{{end}}`.
    pub span: Span,
    /// The condition or ranged value.
    pub pipe: Pipe,
    /// Body.
    pub list: List,
    /// `else` body.
    pub else_list: Option<List>,
}

/// `{{template "name" pipeline}}`.
#[derive(Clone, Debug)]
pub struct TemplateNode {
    /// Go position: the name token.
    pub pos: u32,
    /// The whole action.
    pub span: Span,
    /// Name of the template to run.
    pub name: Rc<str>,
    /// The data pipeline.
    pub pipe: Option<Pipe>,
}

/// A pipeline with optional variable declarations.
#[derive(Clone, Debug)]
pub struct PipeNode {
    /// Go position.
    pub pos: u32,
    /// Byte span.
    pub span: Span,
    /// `=` rather than `:=`.
    pub is_assign: bool,
    /// Declared or assigned variables.
    pub decl: Vec<VariableNode>,
    /// The commands, separated by `|`.
    pub cmds: Vec<Rc<Command>>,
}

/// One command of a pipeline.
#[derive(Clone, Debug)]
pub struct Command {
    /// Go position.
    pub pos: u32,
    /// Byte span.
    pub span: Span,
    /// The operands, first one decides what the command is.
    pub args: Vec<Arg>,
}

/// A variable reference, possibly with field chain: `$x.a.b`.
#[derive(Clone, Debug)]
pub struct VariableNode {
    /// Go position.
    pub pos: u32,
    /// Byte span.
    pub span: Span,
    /// `$x`, then fields.
    pub ident: Vec<Rc<str>>,
}

/// A parsed number literal with every interpretation Go computes.
#[derive(Clone, Debug, Default)]
pub struct NumberNode {
    /// Go position.
    pub pos: u32,
    /// Byte span.
    pub span: Span,
    /// The source text.
    pub text: Rc<str>,
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
#[derive(Clone, Debug)]
pub enum Arg {
    /// `.a.b`.
    Field {
        /// Go position.
        pos: u32,
        /// Byte span.
        span: Span,
        /// Field names without dots.
        ident: Rc<[Rc<str>]>,
    },
    /// `$x.a`.
    Variable(Rc<VariableNode>),
    /// `(pipe).a.b` or `fn.a`.
    Chain {
        /// Go position.
        pos: u32,
        /// Byte span.
        span: Span,
        /// The base operand.
        node: Rc<Arg>,
        /// Field names.
        fields: Rc<[Rc<str>]>,
    },
    /// Function name.
    Identifier {
        /// Go position.
        pos: u32,
        /// Byte span.
        span: Span,
        /// The name.
        name: Rc<str>,
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
    /// A number.
    Number(Rc<NumberNode>),
    /// A string literal.
    String {
        /// Go position.
        pos: u32,
        /// Byte span.
        span: Span,
        /// The source text with quotes.
        quoted: Rc<str>,
        /// The unquoted text.
        text: Rc<str>,
    },
    /// `( pipeline )`.
    Pipe(Pipe),
}

impl Arg {
    /// Go position of the operand.
    pub fn pos(&self) -> u32 {
        match self {
            Arg::Field { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Variable(v) => v.pos,
            Arg::Number(n) => n.pos,
            Arg::Pipe(p) => p.pos,
        }
    }

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

/// Renders nodes the way Go's `String()` methods do (used in error contexts).
pub trait GoString {
    /// Appends the Go rendering to `out`.
    fn write_go(&self, out: &mut String);

    /// The Go rendering.
    fn go_string(&self) -> String {
        let mut s = String::new();
        self.write_go(&mut s);
        s
    }
}

impl GoString for Arg {
    fn write_go(&self, out: &mut String) {
        match self {
            Arg::Field { ident, .. } => {
                for id in ident.iter() {
                    out.push('.');
                    out.push_str(id);
                }
            }
            Arg::Variable(v) => v.write_go(out),
            Arg::Chain { node, fields, .. } => {
                if let Arg::Pipe(p) = &**node {
                    out.push('(');
                    p.write_go(out);
                    out.push(')');
                } else {
                    node.write_go(out);
                }
                for f in fields.iter() {
                    out.push('.');
                    out.push_str(f);
                }
            }
            Arg::Identifier { name, .. } => out.push_str(name),
            Arg::Dot { .. } => out.push('.'),
            Arg::Nil { .. } => out.push_str("nil"),
            Arg::Bool { val, .. } => out.push_str(if *val { "true" } else { "false" }),
            Arg::Number(n) => out.push_str(&n.text),
            Arg::String { quoted, .. } => out.push_str(quoted),
            Arg::Pipe(p) => p.write_go(out),
        }
    }
}

impl GoString for VariableNode {
    fn write_go(&self, out: &mut String) {
        for (i, id) in self.ident.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str(id);
        }
    }
}

impl GoString for Command {
    fn write_go(&self, out: &mut String) {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if let Arg::Pipe(p) = a {
                out.push('(');
                p.write_go(out);
                out.push(')');
            } else {
                a.write_go(out);
            }
        }
    }
}

impl GoString for PipeNode {
    fn write_go(&self, out: &mut String) {
        if !self.decl.is_empty() {
            for (i, v) in self.decl.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                v.write_go(out);
            }
            out.push_str(if self.is_assign { " = " } else { " := " });
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                out.push_str(" | ");
            }
            c.write_go(out);
        }
    }
}

impl GoString for Node {
    fn write_go(&self, out: &mut String) {
        match self {
            Node::Text(t) => out.push_str(t.text()),
            Node::Action(a) => {
                out.push_str("{{");
                a.pipe.write_go(out);
                out.push_str("}}");
            }
            Node::Comment(_) => out.push_str("{{/* */}}"),
            Node::If(b) => write_branch(out, "if", b),
            Node::Range(b) => write_branch(out, "range", b),
            Node::With(b) => write_branch(out, "with", b),
            Node::Template(t) => {
                let _ = write!(out, "{{{{template {}", go_quote(&t.name));
                if let Some(p) = &t.pipe {
                    out.push(' ');
                    p.write_go(out);
                }
                out.push_str("}}");
            }
            Node::Break(_) => out.push_str("{{break}}"),
            Node::Continue(_) => out.push_str("{{continue}}"),
        }
    }
}

fn write_branch(out: &mut String, name: &str, b: &BranchNode) {
    out.push_str("{{");
    out.push_str(name);
    out.push(' ');
    b.pipe.write_go(out);
    out.push_str("}}");
    for n in b.list.iter() {
        n.write_go(out);
    }
    if let Some(e) = b.else_list.as_deref() {
        out.push_str("{{else}}");
        for n in e.iter() {
            n.write_go(out);
        }
    }
    out.push_str("{{end}}");
}

/// Whether a tree is "empty" in Go's sense (only whitespace text and comments);
/// an empty definition never replaces an existing one.
pub fn is_empty_tree(list: &[Node]) -> bool {
    list.iter().all(|n| match n {
        Node::Text(t) => t.text().trim().is_empty(),
        Node::Comment(_) => true,
        _ => false,
    })
}
