//! A single-pass parser for well-formed templates. It reads the source bytes
//! directly (no item stream, no token buffer) and builds exactly the tree the
//! reference parser ([`super::parse_reference`]) builds, table entry for table entry.
//! Anything unusual and every error make it give up ([`Bail`]): the caller then runs
//! the reference parser, which knows Go's error texts and the rare constructs
//! (signed, float and complex numbers, character constants, `block`, non-ASCII
//! names, ...). `parse::tests` checks that both parsers agree on every corpus template.

use std::rc::Rc;

use super::build::Builder;
use super::number::new_number;
use super::{unquote_literal, ParsedFile, ParsedTree};
use crate::template::ast::*;
use crate::template::lex::{find_left_delim, ItemType};

mod scan;
use scan::{find_comment_end, is_space};

/// The fast parser gave up; the reference parser decides.
pub(super) struct Bail;

type R<T> = Result<T, Bail>;

/// Nesting (branches and parentheses) beyond which the reference parser takes over.
const MAX_DEPTH: u32 = 200;

/// Token kinds inside an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum K {
    Field,
    Variable,
    Dot,
    Ident,
    True,
    False,
    Nil,
    Number,
    /// A string literal whose value is the text between its quotes.
    Str,
    /// A string literal with escapes (or, raw, with carriage returns).
    StrEsc,
    LParen,
    RParen,
    Pipe,
    Comma,
    Declare,
    Assign,
    RDelim,
    If,
    Else,
    End,
    Range,
    With,
    Define,
    Template,
    Block,
    Break,
    Continue,
}

/// A token: kind, byte span, and whether spaces preceded it.
#[derive(Clone, Copy, Debug)]
struct Tok {
    k: K,
    start: u32,
    end: u32,
    space: bool,
}

impl Tok {
    fn new(k: K, start: usize, end: usize, space: bool) -> R<Tok> {
        Ok(Tok {
            k,
            start: start as u32,
            end: end as u32,
            space,
        })
    }

    fn end(&self) -> u32 {
        self.end
    }
}

/// What an action turned out to be.
enum Parsed {
    Node(NodeId),
    End,
    /// `{{else}}` with the start of its action, and the `if`/`with` keyword that
    /// follows it (not consumed) when it is an `else if`/`else with`.
    Else(u32, Option<K>),
}

struct Fast<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    peeked: Option<Tok>,
    last_end: u32,
    paren_depth: i32,
    vars: Vec<&'a str>,
    /// The variables of the file's top level while a definition is parsed.
    outer_vars: Vec<&'a str>,
    out: Builder,
    range_depth: u32,
    depth: u32,
    func_id: &'a dyn Fn(&str) -> Option<u32>,
    /// Ids of short function names seen in this file: (name packed in an integer,
    /// id), by a hash of the packed name.
    funcs_seen: [(u64, u32); 32],
}

/// Parses `source` as the reference parser would, or gives up.
pub(super) fn parse_fast(
    name: &str,
    source: &Rc<str>,
    func_id: &dyn Fn(&str) -> Option<u32>,
) -> R<ParsedFile> {
    if func_id("break").is_some() || func_id("continue").is_some() {
        return Err(Bail);
    }
    let mut p = Fast {
        src: source,
        b: source.as_bytes(),
        pos: 0,
        peeked: None,
        last_end: 0,
        paren_depth: 0,
        vars: Vec::with_capacity(16),
        outer_vars: Vec::with_capacity(16),
        out: Builder::new(source),
        range_depth: 0,
        depth: 0,
        func_id,
        funcs_seen: [(0, 0); 32],
    };
    p.vars.push("$");
    let root = p.parse_top()?;
    let own = ParsedTree {
        name: Rc::from(name),
        root,
        span: Span::new(0, source.len() as u32),
    };
    let defines = p.out.templates.clone();
    if !p.out.add(own.name.clone(), own.root, own.span) {
        return Err(Bail);
    }
    Ok(p.out.finish(defines, own))
}

impl<'a> Fast<'a> {
    fn text_of(&self, t: &Tok) -> &'a str {
        &self.src[t.start as usize..t.end() as usize]
    }

    fn next(&mut self) -> R<Tok> {
        let t = match self.peeked.take() {
            Some(t) => t,
            None => self.scan()?,
        };
        self.last_end = t.end();
        Ok(t)
    }

    fn peek(&mut self) -> R<Tok> {
        if let Some(t) = self.peeked {
            return Ok(t);
        }
        let t = self.scan()?;
        self.peeked = Some(t);
        Ok(t)
    }

    /// The token after the peeked one, leaving both unread.
    fn peek2(&mut self) -> R<Tok> {
        self.peek()?;
        let saved = (self.pos, self.paren_depth);
        let t = self.scan();
        (self.pos, self.paren_depth) = saved;
        t
    }

    fn expect(&mut self, k: K) -> R<Tok> {
        let t = self.next()?;
        if t.k != k {
            return Err(Bail);
        }
        Ok(t)
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Bail);
        }
        Ok(())
    }

    /// Reads text up to the next action, adding a text node to the list being built;
    /// skips comments. Returns the position of the action's `{{`, or `None` at the end.
    fn text(&mut self) -> R<Option<u32>> {
        if self.peeked.is_some() {
            return Err(Bail);
        }
        let b = self.b;
        loop {
            let from = self.pos;
            let Some(x) = find_left_delim(&b[from..]) else {
                if from < b.len() {
                    self.text_node(from, b.len());
                }
                self.pos = b.len();
                return Ok(None);
            };
            let delim = from + x;
            let trim = b.len() > delim + 3 && b[delim + 2] == b'-' && is_space(b[delim + 3]);
            let mut end = delim;
            if trim {
                while end > from && is_space(b[end - 1]) {
                    end -= 1;
                }
            }
            if end > from {
                self.text_node(from, end);
            }
            let p = delim + 2 + if trim { 2 } else { 0 };
            if !b[p..].starts_with(b"/*") {
                self.pos = p;
                self.paren_depth = 0;
                return Ok(Some(delim as u32));
            }
            let Some(i) = find_comment_end(&b[p + 2..]) else {
                return Err(Bail);
            };
            let q = p + 2 + i + 2;
            if b[q..].starts_with(b"}}") {
                self.pos = q + 2;
            } else if b.len() > q + 3
                && is_space(b[q])
                && b[q + 1] == b'-'
                && b[q + 2..].starts_with(b"}}")
            {
                let mut r = q + 4;
                while r < b.len() && is_space(b[r]) {
                    r += 1;
                }
                self.pos = r;
            } else {
                return Err(Bail);
            }
        }
    }

    fn text_node(&mut self, start: usize, end: usize) {
        let id = self
            .out
            .push_node(Node::Text(Span::new(start as u32, end as u32)));
        self.out.scratch.push(id);
    }

    fn parse_top(&mut self) -> R<Range> {
        let mark = self.out.scratch.len();
        while let Some(start) = self.text()? {
            let t = self.next()?;
            if t.k == K::Define {
                std::mem::swap(&mut self.vars, &mut self.outer_vars);
                self.vars.clear();
                self.vars.push("$");
                self.definition(start)?;
                std::mem::swap(&mut self.vars, &mut self.outer_vars);
                continue;
            }
            match self.action(start, t)? {
                Parsed::Node(n) => self.out.scratch.push(n),
                _ => return Err(Bail),
            }
        }
        Ok(self.out.finish_list(mark))
    }

    fn definition(&mut self, start: u32) -> R<()> {
        let name = self.name()?;
        self.expect(K::RDelim)?;
        let (list, end) = self.item_list()?;
        if !matches!(end, Parsed::End) {
            return Err(Bail);
        }
        let span = Span::new(start, self.last_end);
        if !self.out.add(name, list, span) {
            return Err(Bail);
        }
        Ok(())
    }

    /// A template name: a string literal.
    fn name(&mut self) -> R<Rc<str>> {
        let t = self.next()?;
        self.string_value(&t)
    }

    /// The value of a string literal token.
    fn string_value(&self, t: &Tok) -> R<Rc<str>> {
        match t.k {
            K::Str => Ok(Rc::from(
                &self.src[t.start as usize + 1..t.end() as usize - 1],
            )),
            K::StrEsc => unquote_literal(self.text_of(t)).ok_or(Bail),
            _ => Err(Bail),
        }
    }

    fn item_list(&mut self) -> R<(Range, Parsed)> {
        let mark = self.out.scratch.len();
        loop {
            let Some(start) = self.text()? else {
                return Err(Bail);
            };
            let t = self.next()?;
            match self.action(start, t)? {
                Parsed::Node(n) => self.out.scratch.push(n),
                other => return Ok((self.out.finish_list(mark), other)),
            }
        }
    }

    fn action(&mut self, start: u32, first: Tok) -> R<Parsed> {
        match first.k {
            K::Break | K::Continue => {
                self.expect(K::RDelim)?;
                if self.range_depth == 0 {
                    return Err(Bail);
                }
                let span = Span::new(start, self.last_end);
                let n = if first.k == K::Break {
                    Node::Break(span)
                } else {
                    Node::Continue(span)
                };
                return Ok(Parsed::Node(self.out.push_node(n)));
            }
            K::Else => {
                let t = self.peek()?;
                if matches!(t.k, K::If | K::With) {
                    return Ok(Parsed::Else(start, Some(t.k)));
                }
                self.expect(K::RDelim)?;
                return Ok(Parsed::Else(start, None));
            }
            K::End => {
                self.expect(K::RDelim)?;
                return Ok(Parsed::End);
            }
            K::If | K::Range | K::With => return self.branch(start, first.k),
            K::Template => return self.template(start),
            K::Define | K::Block => return Err(Bail),
            _ => {}
        }
        self.peeked = Some(first);
        let pipe = self.pipeline(false, K::RDelim)?;
        Ok(Parsed::Node(self.out.push_node(Node::Action(ActionNode {
            pos: first.start,
            span: Span::new(start, self.last_end),
            pipe,
        }))))
    }

    fn branch(&mut self, start: u32, kind: K) -> R<Parsed> {
        self.enter()?;
        let mark = self.vars.len();
        let b = self.control(start, kind)?;
        self.vars.truncate(mark);
        self.depth -= 1;
        self.out.tree.branches.push(b);
        let id = self.out.tree.branches.len() as u32 - 1;
        Ok(Parsed::Node(self.out.push_node(match kind {
            K::If => Node::If(id),
            K::Range => Node::Range(id),
            _ => Node::With(id),
        })))
    }

    fn control(&mut self, start: u32, kind: K) -> R<BranchNode> {
        let is_range = kind == K::Range;
        let pipe = self.pipeline(is_range, K::RDelim)?;
        if is_range {
            self.range_depth += 1;
        }
        let (list, next) = self.item_list()?;
        if is_range {
            self.range_depth -= 1;
        }
        let else_list = match next {
            Parsed::Else(else_start, Some(k)) if k == kind => {
                self.next()?;
                let Parsed::Node(n) = self.branch(else_start, kind)? else {
                    return Err(Bail);
                };
                let mark = self.out.scratch.len();
                self.out.scratch.push(n);
                Some(self.out.finish_list(mark))
            }
            Parsed::Else(_, None) => match self.item_list()? {
                (l, Parsed::End) => Some(l),
                _ => return Err(Bail),
            },
            Parsed::End => None,
            _ => return Err(Bail),
        };
        Ok(BranchNode {
            pos: self.out.tree.pipe(pipe).pos,
            span: Span::new(start, self.last_end),
            pipe,
            list,
            else_list,
        })
    }

    fn template(&mut self, start: u32) -> R<Parsed> {
        let name_pos = self.peek()?.start;
        let name = self.name()?;
        let pipe = if self.peek()?.k == K::RDelim {
            self.next()?;
            None
        } else {
            Some(self.pipeline(false, K::RDelim)?)
        };
        self.out.tree.templates.push(TemplateNode {
            pos: name_pos,
            span: Span::new(start, self.last_end),
            name,
            pipe,
        });
        let id = self.out.tree.templates.len() as u32 - 1;
        Ok(Parsed::Node(self.out.push_node(Node::Template(id))))
    }

    fn pipeline(&mut self, is_range: bool, end: K) -> R<PipeId> {
        let pos = self.peek()?.start;
        let mut decl = Range {
            start: self.out.tree.vars.len() as u32,
            len: 0,
        };
        let mut is_assign = false;
        loop {
            let v = self.peek()?;
            if v.k != K::Variable {
                break;
            }
            let sep = self.peek2()?;
            if !matches!(sep.k, K::Assign | K::Declare | K::Comma) {
                break;
            }
            self.next()?;
            self.next()?;
            is_assign |= sep.k == K::Assign;
            let span = Span::new(v.start, v.end());
            let ident = self.out.push_name(span);
            self.out.tree.vars.push(VariableNode {
                pos: v.start,
                span,
                ident,
            });
            decl.len += 1;
            self.vars.push(self.text_of(&v));
            if sep.k != K::Comma {
                break;
            }
            if !(is_range && decl.len < 2 && self.peek()?.k == K::Variable) {
                return Err(Bail);
            }
        }
        let mark = self.out.scratch.len();
        loop {
            let t = self.peek()?;
            if t.k == end {
                self.next()?;
                let cmds = self.out.finish_list(mark);
                self.check_pipeline(cmds)?;
                self.out.tree.pipes.push(PipeNode {
                    pos,
                    span: Span::new(pos, t.start),
                    is_assign,
                    decl,
                    cmds,
                });
                return Ok(self.out.tree.pipes.len() as u32 - 1);
            }
            let cmd = self.command()?;
            self.out.scratch.push(cmd);
        }
    }

    fn check_pipeline(&self, cmds: Range) -> R<()> {
        let t = &self.out.tree;
        if cmds.is_empty() {
            return Err(Bail);
        }
        for &c in &t.list(cmds)[1..] {
            if t.list(t.cmd(c).args)
                .first()
                .is_some_and(|&a| t.arg(a).is_literal())
            {
                return Err(Bail);
            }
        }
        Ok(())
    }

    fn command(&mut self) -> R<CmdId> {
        let start = self.peek()?.start;
        let mut cmd = Command {
            pos: start,
            span: Span::new(start, start),
            args: Range::default(),
        };
        let mark = self.out.scratch.len();
        loop {
            let op = self.operand()?;
            if let Some(op) = op {
                cmd.span.end = self.last_end;
                self.out.scratch.push(op);
            }
            let t = self.peek()?;
            match t.k {
                K::RDelim | K::RParen => break,
                K::Pipe => {
                    self.next()?;
                    break;
                }
                _ if t.space && op.is_some() => continue,
                _ => return Err(Bail),
            }
        }
        cmd.args = self.out.finish_list(mark);
        if cmd.args.is_empty() {
            return Err(Bail);
        }
        self.out.tree.cmds.push(cmd);
        Ok(self.out.tree.cmds.len() as u32 - 1)
    }

    /// The end of a field name that follows at once (`.name` with no space, no
    /// token peeked): the common case of a field chain, read without a token.
    fn field_right_here(&self) -> R<Option<usize>> {
        let b = self.b;
        let p = self.pos;
        if self.peeked.is_some()
            || b.get(p) != Some(&b'.')
            || !b
                .get(p + 1)
                .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
        {
            return Ok(None);
        }
        let end = self.word_end(p + 1)?;
        if !self.at_terminator(end) {
            return Err(Bail);
        }
        Ok(Some(end))
    }

    /// The id of a function name; the templates of a file call few functions, so
    /// short names are remembered.
    fn function(&mut self, name: &str) -> R<u32> {
        let b = name.as_bytes();
        if b.len() > 8 {
            return (self.func_id)(name).ok_or(Bail);
        }
        let mut packed = 0u64;
        for &c in b {
            packed = (packed << 8) | u64::from(c);
        }
        let slot = (packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 59) as usize;
        let (key, id) = self.funcs_seen[slot];
        if key == packed {
            return Ok(id);
        }
        let id = (self.func_id)(name).ok_or(Bail)?;
        self.funcs_seen[slot] = (packed, id);
        Ok(id)
    }

    fn chained_field(&mut self) -> R<Option<Tok>> {
        let t = self.peek()?;
        Ok((t.k == K::Field && !t.space).then_some(t))
    }

    fn operand(&mut self) -> R<Option<ArgId>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        let names_start = self.out.tree.names.len() as u32;
        let mut chain_pos = None;
        loop {
            if let Some(end) = self.field_right_here()? {
                chain_pos.get_or_insert(self.pos as u32);
                self.out
                    .tree
                    .names
                    .push(Span::new(self.pos as u32 + 1, end as u32));
                self.pos = end;
                self.last_end = end as u32;
                continue;
            }
            let Some(f) = self.chained_field()? else {
                break;
            };
            self.next()?;
            chain_pos.get_or_insert(f.start);
            self.out.tree.names.push(Span::new(f.start + 1, f.end()));
        }
        let Some(chain_pos) = chain_pos else {
            return Ok(Some(node));
        };
        self.out
            .chain(node, names_start, chain_pos, self.last_end)
            .map(Some)
            .ok_or(Bail)
    }

    fn term(&mut self) -> R<Option<ArgId>> {
        let t = self.peek()?;
        let span = Span::new(t.start, t.end());
        let pos = t.start;
        let text = self.text_of(&t);
        let arg = match t.k {
            K::Ident => {
                let func = self.function(text)?;
                Arg::Identifier { pos, span, func }
            }
            K::Dot => Arg::Dot { pos },
            K::Nil => Arg::Nil { pos },
            K::True | K::False => Arg::Bool {
                pos,
                val: t.k == K::True,
            },
            K::Variable => {
                if !self.vars.contains(&text) {
                    return Err(Bail);
                }
                Arg::Variable(VariableNode {
                    pos,
                    span,
                    ident: self.out.push_name(span),
                })
            }
            K::Field => Arg::Field {
                pos,
                span,
                ident: self.out.push_name(Span::new(t.start + 1, t.end())),
            },
            K::Number => {
                let n = new_number(pos, span, text, ItemType::Number).map_err(|_| Bail)?;
                self.out.tree.numbers.push(n);
                Arg::Number(self.out.tree.numbers.len() as u32 - 1)
            }
            K::Str | K::StrEsc => {
                let s = self.string_value(&t)?;
                self.out.tree.strings.push(s);
                Arg::String {
                    pos,
                    span,
                    text: self.out.tree.strings.len() as u32 - 1,
                }
            }
            K::LParen => {
                self.next()?;
                self.enter()?;
                let p = self.pipeline(false, K::RParen)?;
                self.depth -= 1;
                self.out.tree.pipes[p as usize].span = Span::new(pos, self.last_end);
                return Ok(Some(self.out.push_arg(Arg::Pipe(p))));
            }
            _ => return Ok(None),
        };
        self.next()?;
        Ok(Some(self.out.push_arg(arg)))
    }
}
