//! Building a file's [`Tree`]: the tables, the lists under construction, and the
//! templates the file defines (shared by the parsers).

use std::rc::Rc;

use super::{ParsedFile, ParsedTree};
use crate::template::ast::{Arg, ArgId, Node, NodeId, Range, Span, Tables, Tree, VariableNode};

/// A tree under construction.
pub(super) struct Builder {
    /// The tables.
    pub tree: Tree,
    /// Child ids of the lists being built (each list is copied to `tree.ids` when done).
    pub scratch: Vec<u32>,
    /// Templates defined so far.
    pub templates: Vec<ParsedTree>,
}

impl Builder {
    /// An empty tree over `source`.
    pub fn new(source: &Rc<str>) -> Builder {
        let actions = memchr::memmem::find_iter(source.as_bytes(), "{{").count();
        Builder {
            tree: Tables::for_actions(actions).into_tree(source.clone()),
            scratch: Vec::with_capacity(64),
            templates: Vec::with_capacity(actions / 32 + 1),
        }
    }

    /// Copies the child ids pushed on the scratch stack since `mark` into the tree.
    pub fn finish_list(&mut self, mark: usize) -> Range {
        let start = self.tree.ids.len() as u32;
        self.tree.ids.extend_from_slice(&self.scratch[mark..]);
        self.scratch.truncate(mark);
        Range {
            start,
            len: self.tree.ids.len() as u32 - start,
        }
    }

    /// Adds a statement node.
    pub fn push_node(&mut self, n: Node) -> NodeId {
        self.tree.nodes.push(n);
        self.tree.nodes.len() as u32 - 1
    }

    /// Adds an operand.
    pub fn push_arg(&mut self, a: Arg) -> ArgId {
        self.tree.args.push(a);
        self.tree.args.len() as u32 - 1
    }

    /// Adds one name.
    pub fn push_name(&mut self, span: Span) -> Range {
        self.tree.names.push(span);
        Range {
            start: self.tree.names.len() as u32 - 1,
            len: 1,
        }
    }

    /// Joins the field names pushed since `names_start` to the operand `node`
    /// (`.a` + `.b.c`, `$x` + `.b`, or a chain on any other operand), which ends at
    /// `end`; the chain's Go position is `pos` (its first field). `None` when `node`
    /// is a literal, which takes no fields (Go's "unexpected . after term").
    pub fn chain(&mut self, node: ArgId, names_start: u32, pos: u32, end: u32) -> Option<ArgId> {
        let tree = &mut self.tree;
        let fields = Range {
            start: names_start,
            len: tree.names.len() as u32 - names_start,
        };
        let span = Span::new(tree.arg_start(node), end);
        // A field or variable operand pushed its names last, so its run continues
        // into the chained fields.
        let joined = |ident: Range| Range {
            start: ident.start,
            len: ident.len + fields.len,
        };
        match tree.args[node as usize] {
            Arg::Field { ident, .. } => {
                tree.args[node as usize] = Arg::Field {
                    pos,
                    span,
                    ident: joined(ident),
                };
                Some(node)
            }
            Arg::Variable(v) => {
                tree.args[node as usize] = Arg::Variable(VariableNode {
                    pos,
                    span,
                    ident: joined(v.ident),
                });
                Some(node)
            }
            n if n.is_literal() => None,
            _ => Some(self.push_arg(Arg::Chain {
                pos,
                span,
                node,
                fields,
            })),
        }
    }

    /// Adds a template with Go's rules for names defined twice in one parse: an
    /// empty definition never replaces one, a definition replaces an empty one.
    /// False when both are non-empty (Go's "multiple definition" error).
    pub fn add(&mut self, name: Rc<str>, root: Range, span: Span) -> bool {
        add_template(
            &self.tree,
            &mut self.templates,
            ParsedTree { name, root, span },
        )
    }

    /// The parsed file: `defines` are the templates before the file's own, `own`.
    pub fn finish(self, defines: Vec<ParsedTree>, own: ParsedTree) -> ParsedFile {
        ParsedFile {
            tree: Rc::new(self.tree),
            templates: self.templates,
            defines,
            own,
        }
    }
}

/// Adds `t` to `templates` with Go's rules for names defined twice in one parse
/// (see [`Builder::add`]).
pub(super) fn add_template(tree: &Tree, templates: &mut Vec<ParsedTree>, t: ParsedTree) -> bool {
    if let Some(i) = templates.iter().position(|x| x.name == t.name) {
        if tree.is_empty_list(templates[i].root) {
            templates[i] = t;
            return true;
        }
        return tree.is_empty_list(t.root);
    }
    templates.push(t);
    true
}
