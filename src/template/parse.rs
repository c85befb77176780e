//! Parser for Go templates (`text/template/parse/parse.go` semantics): the same
//! grammar, parse-time checks and error texts, with spans on every node. It pulls
//! items from the lexer on demand and builds the flat [`Tree`] of the file in one pass.

use std::rc::Rc;

use super::ast::*;
use super::golit::unquote;
use super::lex::{go_quote, lex, line_at, Item, ItemType};

mod build;
mod fast;
mod number;
#[cfg(test)]
mod tests;

use build::Builder;
use number::new_number;

/// A parse error: Go's message (`template: NAME:LINE: msg`) plus its position.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    /// The full Go error text.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// Byte offset of the offending token.
    pub offset: u32,
}

/// One named template produced by parsing a file (the file itself, or a `define`/`block`).
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedTree {
    /// The template name.
    pub name: Rc<str>,
    /// Its body (node ids in the file's [`Tree`]).
    pub root: Range,
    /// Span of the definition in the file.
    pub span: Span,
}

/// A parsed file: its syntax tree and the templates it defines.
#[derive(Debug, PartialEq)]
pub struct ParsedFile {
    /// Every node of the file.
    pub tree: Rc<Tree>,
    /// Defined templates first (in definition order), the file's own template last.
    pub templates: Vec<ParsedTree>,
    /// The `define`d templates alone, before the file's own template joined them.
    pub defines: Vec<ParsedTree>,
    /// The file's own template.
    pub own: ParsedTree,
}

impl ParsedFile {
    /// The same text parsed under another file name (the tree does not depend on
    /// the name; the file's own template joins the definitions under it). `None`
    /// when that name collides with a non-empty definition, which a parse reports.
    pub fn renamed(&self, name: &str) -> Option<ParsedFile> {
        let own = ParsedTree {
            name: Rc::from(name),
            ..self.own.clone()
        };
        let mut templates = self.defines.clone();
        if !build::add_template(&self.tree, &mut templates, own.clone()) {
            return None;
        }
        Some(ParsedFile {
            tree: self.tree.clone(),
            templates,
            defines: self.defines.clone(),
            own,
        })
    }
}

/// Maximum nesting of parenthesised pipelines (Go's `maxStackDepth`).
const MAX_STACK_DEPTH: u32 = 10000;

struct Parser<'a> {
    name: &'a str,
    text: &'a str,
    /// Every item of the file, ending with `Eof`.
    items: Vec<Item>,
    /// The lexer's error message, if lexing stopped at an error.
    lex_error: Option<String>,
    /// Index of the next item to read (Go's token buffer is a step back in `items`).
    cur: usize,
    /// How many items the parser has seen (Go's `token[0]` is the last of them).
    seen: usize,
    vars: Vec<&'a str>,
    b: Builder,
    /// Position of the `{{` of the action being parsed (Go's `actionLine`, as a position).
    action_start: Option<u32>,
    range_depth: u32,
    stack_depth: u32,
    func_id: &'a dyn Fn(&str) -> Option<u32>,
    last_end: u32,
}

type PResult<T> = Result<T, ParseError>;

/// Parses `source` (a template file named `name`) into its trees: defined templates
/// first (in definition order), the file's own tree last, with Go's rules for
/// duplicates within one parse (a non-empty redefinition is an error, an empty one
/// is dropped). `func_id` gives the id of a function name ([`FuncMap::id`](super::func::FuncMap::id)), `None` for names that are not functions.
///
/// Well-formed templates take a single-pass parser over the bytes; anything it does
/// not handle, and every error, goes through [`parse_reference`].
pub fn parse(
    name: &str,
    source: &Rc<str>,
    func_id: &dyn Fn(&str) -> Option<u32>,
) -> Result<ParsedFile, ParseError> {
    match fast::parse_fast(name, source, func_id) {
        Ok(parsed) => Ok(parsed),
        Err(fast::Bail) => parse_reference(name, source, func_id),
    }
}

/// The reference parser: Go's lexer item stream and parser, with Go's error texts.
pub fn parse_reference<'a>(
    name: &'a str,
    source: &'a Rc<str>,
    func_id: &'a dyn Fn(&str) -> Option<u32>,
) -> Result<ParsedFile, ParseError> {
    let text: &'a str = source;
    let (items, lex_error) = lex(
        text,
        func_id("break").is_none(),
        func_id("continue").is_none(),
    );
    let mut p = Parser {
        name,
        text,
        items,
        lex_error,
        cur: 0,
        seen: 0,
        vars: vec!["$"],
        b: Builder::new(source),
        action_start: None,
        range_depth: 0,
        stack_depth: 0,
        func_id,
        last_end: 0,
    };
    let root = p.parse_top()?;
    let own = ParsedTree {
        name: Rc::from(name),
        root,
        span: Span::new(0, text.len() as u32),
    };
    let defines = p.b.templates.clone();
    p.add(own.name.clone(), own.root, own.span)?;
    Ok(p.b.finish(defines, own))
}

impl<'a> Parser<'a> {
    /// The source text of a (non-error) item, borrowed for the whole parse.
    fn src(&self, it: &Item) -> &'a str {
        it.text(self.text)
    }

    /// The item at index `i` (past the end, the final `Eof` again, as Go's lexer).
    #[inline]
    fn item(&self, i: usize) -> Item {
        match self.items.get(i) {
            Some(it) => *it,
            None => self.items[self.items.len() - 1],
        }
    }

    #[inline]
    fn next(&mut self) -> Item {
        let it = self.item(self.cur);
        self.cur += 1;
        self.seen = self.seen.max(self.cur);
        self.last_end = it.end;
        it
    }

    /// Go's `backup`: the last item read is read again.
    #[inline]
    fn backup(&mut self) {
        self.cur -= 1;
    }

    /// Go's `backup2`/`backup3`: the items read since `from` (inclusive) are read
    /// again (Go pushes back the same items; at most one space separates them).
    fn backup_to(&mut self, from: usize) {
        self.cur = from;
    }

    #[inline]
    fn peek(&mut self) -> Item {
        let it = self.item(self.cur);
        self.seen = self.seen.max(self.cur + 1);
        it
    }

    /// An item's line (the lexer records it only for errors and EOF).
    fn line_of(&self, it: &Item) -> u32 {
        if it.line != 0 {
            it.line
        } else {
            line_at(self.text, it.pos)
        }
    }

    /// Go's `token[0]`: the last item taken from the lexer.
    fn token0(&self) -> Item {
        self.item(self.seen.saturating_sub(1))
    }

    #[inline]
    fn next_non_space(&mut self) -> Item {
        loop {
            let t = self.next();
            if t.typ != ItemType::Space {
                return t;
            }
        }
    }

    #[inline]
    fn peek_non_space(&mut self) -> Item {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn errorf(&self, msg: impl AsRef<str>) -> ParseError {
        let t = self.token0();
        let line = self.line_of(&t);
        ParseError {
            message: format!("template: {}:{}: {}", self.name, line, msg.as_ref()),
            line,
            offset: t.pos,
        }
    }

    fn unexpected(&self, token: &Item, context: &str) -> ParseError {
        let described = token.describe(self.src(token), self.lex_error.as_deref());
        if token.typ == ItemType::Error {
            let mut extra = String::new();
            let action_line = self.action_start.map(|p| line_at(self.text, p));
            if let Some(action_line) = action_line.filter(|&l| l != self.line_of(token)) {
                extra = format!(" in action started at {}:{}", self.name, action_line);
                if self
                    .lex_error
                    .as_deref()
                    .unwrap_or_default()
                    .ends_with(" action")
                {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format!("{described}{extra}"));
        }
        self.errorf(format!("unexpected {described} in {context}"))
    }

    fn expect(&mut self, expected: ItemType, context: &str) -> PResult<Item> {
        let t = self.next_non_space();
        if t.typ != expected {
            return Err(self.unexpected(&t, context));
        }
        Ok(t)
    }

    /// `Builder::add` with Go's error for a second non-empty definition.
    fn add(&mut self, name: Rc<str>, root: Range, span: Span) -> PResult<()> {
        if self.b.add(name.clone(), root, span) {
            return Ok(());
        }
        Err(self.errorf(format!(
            "template: multiple definition of template {}",
            go_quote(&name)
        )))
    }

    fn parse_top(&mut self) -> PResult<Range> {
        let mark = self.b.scratch.len();
        while self.peek().typ != ItemType::Eof {
            if self.peek().typ == ItemType::LeftDelim {
                let delim_at = self.cur;
                let delim = self.next();
                if self.next_non_space().typ == ItemType::Define {
                    let saved = std::mem::replace(&mut self.vars, vec!["$"]);
                    let saved_action = self.action_start.take();
                    self.parse_definition(delim.pos)?;
                    self.vars = saved;
                    self.action_start = saved_action;
                    continue;
                }
                self.backup_to(delim_at);
            }
            match self.text_or_action()? {
                Parsed::End => return Err(self.errorf("unexpected {{end}}")),
                Parsed::Else(_) => return Err(self.errorf("unexpected {{else}}")),
                Parsed::Node(n) => self.b.scratch.push(n),
            }
        }
        Ok(self.b.finish_list(mark))
    }

    fn parse_definition(&mut self, start: u32) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let name_tok = self.next_non_space();
        if name_tok.typ != ItemType::String && name_tok.typ != ItemType::RawString {
            return Err(self.unexpected(&name_tok, CONTEXT));
        }
        let Some(name) = unquote_literal(self.src(&name_tok)) else {
            return Err(self.errorf("invalid syntax"));
        };
        self.expect(ItemType::RightDelim, CONTEXT)?;
        let (list, end) = self.item_list()?;
        if let Parsed::Else(_) = end {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {CONTEXT}")));
        }
        let span = Span::new(start, self.last_end);
        self.add(name, list, span)
    }

    fn item_list(&mut self) -> PResult<(Range, Parsed)> {
        let mark = self.b.scratch.len();
        while self.peek_non_space().typ != ItemType::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => self.b.scratch.push(n),
                other => return Ok((self.b.finish_list(mark), other)),
            }
        }
        Err(self.errorf("unexpected EOF"))
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.typ {
            ItemType::Text => Ok(Parsed::Node(
                self.b
                    .push_node(Node::Text(Span::new(token.pos, token.end))),
            )),
            ItemType::LeftDelim => {
                self.action_start = Some(token.pos);
                let r = self.action(token.pos);
                self.action_start = None;
                r
            }
            ItemType::Comment => Ok(Parsed::Node(
                self.b
                    .push_node(Node::Comment(Span::new(token.pos, token.end))),
            )),
            _ => Err(self.unexpected(&token, "input")),
        }
    }

    fn action(&mut self, start: u32) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.typ {
            ItemType::Block => return self.block_control(start),
            ItemType::Break | ItemType::Continue => {
                let word = if token.typ == ItemType::Break {
                    "break"
                } else {
                    "continue"
                };
                let t = self.next_non_space();
                if t.typ != ItemType::RightDelim {
                    return Err(self.unexpected(&t, &format!("{{{{{word}}}}}")));
                }
                if self.range_depth == 0 {
                    return Err(self.errorf(format!("{{{{{word}}}}} outside {{{{range}}}}")));
                }
                let span = Span::new(start, self.last_end);
                return Ok(Parsed::Node(self.b.push_node(
                    if token.typ == ItemType::Break {
                        Node::Break(span)
                    } else {
                        Node::Continue(span)
                    },
                )));
            }
            ItemType::Else => return self.else_control(start),
            ItemType::End => {
                self.expect(ItemType::RightDelim, "end")?;
                return Ok(Parsed::End);
            }
            ItemType::If => return self.branch(start, BranchKind::If),
            ItemType::Range => return self.branch(start, BranchKind::Range),
            ItemType::With => return self.branch(start, BranchKind::With),
            ItemType::Template => return self.template_control(start),
            _ => {}
        }
        self.backup();
        let token = self.peek();
        let pipe = self.pipeline("command", ItemType::RightDelim)?;
        Ok(Parsed::Node(self.b.push_node(Node::Action(ActionNode {
            pos: token.pos,
            span: Span::new(start, self.last_end),
            pipe,
        }))))
    }

    fn else_control(&mut self, start: u32) -> PResult<Parsed> {
        let peek = self.peek_non_space();
        if peek.typ == ItemType::If || peek.typ == ItemType::With {
            return Ok(Parsed::Else(start));
        }
        self.expect(ItemType::RightDelim, "else")?;
        Ok(Parsed::Else(start))
    }

    fn branch(&mut self, start: u32, kind: BranchKind) -> PResult<Parsed> {
        let context = kind.context();
        let mark = self.vars.len();
        let r = self.parse_control(start, kind, context);
        self.vars.truncate(mark);
        let b = r?;
        self.b.tree.branches.push(b);
        let id = self.b.tree.branches.len() as u32 - 1;
        Ok(Parsed::Node(self.b.push_node(match kind {
            BranchKind::If => Node::If(id),
            BranchKind::Range => Node::Range(id),
            BranchKind::With => Node::With(id),
        })))
    }

    fn parse_control(
        &mut self,
        start: u32,
        kind: BranchKind,
        context: &str,
    ) -> PResult<BranchNode> {
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        if kind == BranchKind::Range {
            self.range_depth += 1;
        }
        let r = self.item_list();
        if kind == BranchKind::Range {
            self.range_depth -= 1;
        }
        let (list, next) = r?;
        let mut else_list = None;
        match next {
            Parsed::End => {}
            Parsed::Else(else_start) => {
                let chained = match kind {
                    BranchKind::If => self.peek().typ == ItemType::If,
                    BranchKind::With => self.peek().typ == ItemType::With,
                    BranchKind::Range => false,
                };
                if chained {
                    self.next();
                    if let Parsed::Node(n) = self.branch(else_start, kind)? {
                        let mark = self.b.scratch.len();
                        self.b.scratch.push(n);
                        else_list = Some(self.b.finish_list(mark));
                    }
                } else {
                    let (l, n) = self.item_list()?;
                    if !matches!(n, Parsed::End) {
                        return Err(self.errorf("expected end; found {{else}}"));
                    }
                    else_list = Some(l);
                }
            }
            Parsed::Node(_) => {}
        }
        Ok(BranchNode {
            pos: self.b.tree.pipe(pipe).pos,
            span: Span::new(start, self.last_end),
            pipe,
            list,
            else_list,
        })
    }

    fn block_control(&mut self, start: u32) -> PResult<Parsed> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, ItemType::RightDelim)?;
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$"]);
        let saved_depth = std::mem::replace(&mut self.range_depth, 0);
        let saved_action = self.action_start.take();
        let r = self.item_list();
        self.vars = saved_vars;
        self.range_depth = saved_depth;
        self.action_start = saved_action;
        let (list, end) = r?;
        if let Parsed::Else(_) = end {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {CONTEXT}")));
        }
        let span = Span::new(start, self.last_end);
        self.add(name.clone(), list, span)?;
        Ok(self.template_node(TemplateNode {
            pos: token.pos,
            span,
            name,
            pipe: Some(pipe),
        }))
    }

    fn template_node(&mut self, t: TemplateNode) -> Parsed {
        self.b.tree.templates.push(t);
        let id = self.b.tree.templates.len() as u32 - 1;
        Parsed::Node(self.b.push_node(Node::Template(id)))
    }

    fn template_control(&mut self, start: u32) -> PResult<Parsed> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().typ != ItemType::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, ItemType::RightDelim)?);
        }
        Ok(self.template_node(TemplateNode {
            pos: token.pos,
            span: Span::new(start, self.last_end),
            name,
            pipe,
        }))
    }

    fn template_name(&self, token: &Item, context: &str) -> PResult<Rc<str>> {
        match token.typ {
            ItemType::String | ItemType::RawString => {
                unquote_literal(self.src(token)).ok_or_else(|| self.errorf("invalid syntax"))
            }
            _ => Err(self.unexpected(token, context)),
        }
    }

    fn pipeline(&mut self, context: &str, end: ItemType) -> PResult<PipeId> {
        let token = self.peek_non_space();
        let mut pipe = PipeNode {
            pos: token.pos,
            span: Span::new(token.pos, token.pos),
            is_assign: false,
            decl: Range {
                start: self.b.tree.vars.len() as u32,
                len: 0,
            },
            cmds: Range::default(),
        };
        'decls: loop {
            let v = self.peek_non_space();
            if v.typ != ItemType::Variable {
                break;
            }
            let v_at = self.cur;
            self.next();
            let next = self.peek_non_space();
            let declared = match next.typ {
                ItemType::Assign | ItemType::Declare => {
                    pipe.is_assign = next.typ == ItemType::Assign;
                    self.next_non_space();
                    true
                }
                ItemType::Char if self.src(&next) == "," => {
                    self.next_non_space();
                    true
                }
                _ => false,
            };
            if !declared {
                self.backup_to(v_at);
                break;
            }
            let span = Span::new(v.pos, v.end);
            let ident = self.b.push_name(span);
            self.b.tree.vars.push(VariableNode {
                pos: v.pos,
                span,
                ident,
            });
            pipe.decl.len += 1;
            self.vars.push(self.src(&v));
            if next.typ == ItemType::Char {
                if context == "range" && pipe.decl.len < 2 {
                    match self.peek_non_space().typ {
                        ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => {
                            continue 'decls;
                        }
                        _ => return Err(self.errorf("range can only initialize variables")),
                    }
                }
                return Err(self.errorf(format!("too many declarations in {context}")));
            }
            break;
        }
        let mark = self.b.scratch.len();
        loop {
            let token = self.next_non_space();
            match token.typ {
                t if t == end => {
                    pipe.cmds = self.b.finish_list(mark);
                    self.check_pipeline(&pipe, context)?;
                    pipe.span.end = token.pos;
                    self.b.tree.pipes.push(pipe);
                    return Ok(self.b.tree.pipes.len() as u32 - 1);
                }
                ItemType::Bool
                | ItemType::CharConstant
                | ItemType::Complex
                | ItemType::Dot
                | ItemType::Field
                | ItemType::Identifier
                | ItemType::Number
                | ItemType::Nil
                | ItemType::RawString
                | ItemType::String
                | ItemType::Variable
                | ItemType::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    self.b.scratch.push(cmd);
                }
                _ => return Err(self.unexpected(&token, context)),
            }
        }
    }

    fn check_pipeline(&self, pipe: &PipeNode, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return Err(self.errorf(format!("missing value for {context}")));
        }
        for (i, &c) in self.b.tree.list(pipe.cmds).iter().enumerate().skip(1) {
            let args = self.b.tree.list(self.b.tree.cmd(c).args);
            if args
                .first()
                .is_some_and(|&a| self.b.tree.arg(a).is_literal())
            {
                return Err(self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<CmdId> {
        let start = self.peek_non_space().pos;
        let mut cmd = Command {
            pos: start,
            span: Span::new(start, start),
            args: Range::default(),
        };
        let mark = self.b.scratch.len();
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.span.end = self.last_end;
                self.b.scratch.push(op);
            }
            let token = self.next();
            match token.typ {
                ItemType::Space => continue,
                ItemType::RightDelim | ItemType::RightParen => self.backup(),
                ItemType::Pipe => {}
                _ => return Err(self.unexpected(&token, "operand")),
            }
            break;
        }
        cmd.args = self.b.finish_list(mark);
        if cmd.args.is_empty() {
            return Err(self.errorf("empty command"));
        }
        self.b.tree.cmds.push(cmd);
        Ok(self.b.tree.cmds.len() as u32 - 1)
    }

    fn operand(&mut self) -> PResult<Option<ArgId>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().typ != ItemType::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let names_start = self.b.tree.names.len() as u32;
        while self.peek().typ == ItemType::Field {
            let f = self.next();
            self.b.tree.names.push(Span::new(f.pos + 1, f.end));
        }
        match self.b.chain(node, names_start, chain_pos, self.last_end) {
            Some(arg) => Ok(Some(arg)),
            None => Err(self.errorf(format!(
                "unexpected . after term {}",
                go_quote(&self.b.tree.arg_string(node))
            ))),
        }
    }

    fn term(&mut self) -> PResult<Option<ArgId>> {
        let token = self.next_non_space();
        let span = Span::new(token.pos, token.end);
        let pos = token.pos;
        let arg = match token.typ {
            ItemType::Identifier => {
                let name = self.src(&token);
                let Some(func) = (self.func_id)(name) else {
                    return Err(self.errorf(format!("function {} not defined", go_quote(name))));
                };
                Arg::Identifier { pos, span, func }
            }
            ItemType::Dot => Arg::Dot { pos },
            ItemType::Nil => Arg::Nil { pos },
            ItemType::Variable => {
                let text = self.src(&token);
                let name = text.split('.').next().unwrap_or("");
                if !self.vars.contains(&name) {
                    return Err(self.errorf(format!("undefined variable {}", go_quote(name))));
                }
                let start = self.b.tree.names.len() as u32;
                let mut at = token.pos;
                for part in text.split('.') {
                    let end = at + part.len() as u32;
                    self.b.tree.names.push(Span::new(at, end));
                    at = end + 1;
                }
                Arg::Variable(VariableNode {
                    pos,
                    span,
                    ident: Range {
                        start,
                        len: self.b.tree.names.len() as u32 - start,
                    },
                })
            }
            ItemType::Field => Arg::Field {
                pos,
                span,
                ident: self.b.push_name(Span::new(token.pos + 1, token.end)),
            },
            ItemType::Bool => Arg::Bool {
                pos,
                val: self.src(&token) == "true",
            },
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                let n = new_number(pos, span, self.src(&token), token.typ)
                    .map_err(|e| self.errorf(e))?;
                self.b.tree.numbers.push(n);
                Arg::Number(self.b.tree.numbers.len() as u32 - 1)
            }
            ItemType::LeftParen => {
                if self.stack_depth >= MAX_STACK_DEPTH {
                    return Err(self.errorf("max expression depth exceeded"));
                }
                self.stack_depth += 1;
                let r = self.pipeline("parenthesized pipeline", ItemType::RightParen);
                self.stack_depth -= 1;
                let p = r?;
                self.b.tree.pipes[p as usize].span = Span::new(pos, self.last_end);
                Arg::Pipe(p)
            }
            ItemType::String | ItemType::RawString => {
                let Some(text) = unquote_literal(self.src(&token)) else {
                    return Err(self.errorf("invalid syntax"));
                };
                self.b.tree.strings.push(text);
                Arg::String {
                    pos,
                    span,
                    text: self.b.tree.strings.len() as u32 - 1,
                }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        };
        Ok(Some(self.b.push_arg(arg)))
    }
}

/// The value of a string literal as lexed (Go's `strconv.Unquote`), copied once.
fn unquote_literal(quoted: &str) -> Option<Rc<str>> {
    let inner = quoted.get(1..quoted.len().saturating_sub(1))?;
    let plain = match quoted.as_bytes()[0] {
        b'"' => !inner.contains(['\\', '"', '\n']),
        b'`' => !inner.contains(['\r', '`']),
        _ => false,
    };
    if plain && quoted.len() >= 2 && quoted.ends_with(&quoted[..1]) {
        return Some(Rc::from(inner));
    }
    unquote(quoted).map(|s| Rc::from(s.as_str()))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BranchKind {
    If,
    Range,
    With,
}

impl BranchKind {
    fn context(self) -> &'static str {
        match self {
            BranchKind::If => "if",
            BranchKind::Range => "range",
            BranchKind::With => "with",
        }
    }
}

/// What `text_or_action` produced: a node, or an `{{end}}` / `{{else}}` marker.
enum Parsed {
    Node(NodeId),
    /// `{{end}}`.
    End,
    /// `{{else}}`, with the start of its action.
    Else(u32),
}
