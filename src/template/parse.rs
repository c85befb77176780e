//! Parser for Go templates (`text/template/parse/parse.go` semantics): the same
//! grammar, parse-time checks and error texts, with spans on every node.

use std::rc::Rc;

use super::ast::*;
use super::golit::{parse_float, parse_int, parse_uint, unquote, unquote_char};
use super::lex::{go_quote, Item, ItemType, Lexer};

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
#[derive(Clone, Debug)]
pub struct ParsedTree {
    /// The template name.
    pub name: Rc<str>,
    /// Its body.
    pub root: List,
    /// Span of the definition in the file.
    pub span: Span,
}

/// Maximum nesting of parenthesised pipelines (Go's `maxStackDepth`).
const MAX_STACK_DEPTH: u32 = 10000;

struct Parser<'a> {
    name: &'a str,
    text: &'a str,
    lex: Lexer<'a>,
    token: [Item; 3],
    peek_count: usize,
    vars: Vec<&'a str>,
    interned: rustc_hash::FxHashMap<&'a str, Rc<str>>,
    source: Rc<str>,
    action_line: u32,
    range_depth: u32,
    stack_depth: u32,
    has_func: &'a dyn Fn(&str) -> bool,
    trees: Vec<ParsedTree>,
    last_end: u32,
}

type PResult<T> = Result<T, ParseError>;

/// Parses `text` (a template file named `name`) into its trees: defined templates
/// first (in definition order), the file's own tree last, with Go's rules for
/// duplicates within one parse (a non-empty redefinition is an error, an empty one
/// is dropped). `has_func` tells whether a function name exists.
pub fn parse<'a>(
    name: &'a str,
    source: &'a Rc<str>,
    has_func: &'a dyn Fn(&str) -> bool,
) -> Result<Vec<ParsedTree>, ParseError> {
    let text: &'a str = source;
    let lex = Lexer::new(text, !has_func("break"), !has_func("continue"));
    let eof = Item {
        typ: ItemType::Eof,
        pos: 0,
        end: 0,
        line: 0,
    };
    let mut p = Parser {
        name,
        text,
        lex,
        token: [eof; 3],
        peek_count: 0,
        vars: vec!["$"],
        interned: rustc_hash::FxHashMap::default(),
        source: source.clone(),
        action_line: 0,
        range_depth: 0,
        stack_depth: 0,
        has_func,
        trees: Vec::new(),
        last_end: 0,
    };
    let root = p.parse_top()?;
    p.add(Rc::from(name), root, Span::new(0, text.len() as u32))?;
    Ok(p.trees)
}

impl<'a> Parser<'a> {
    /// The source text of a (non-error) item, borrowed for the whole parse.
    fn src(&self, it: &Item) -> &'a str {
        it.text(self.text)
    }

    /// A shared copy of an identifier (names repeat a lot in templates).
    fn intern(&mut self, s: &'a str) -> Rc<str> {
        self.interned
            .entry(s)
            .or_insert_with(|| Rc::from(s))
            .clone()
    }

    fn lex_next(&mut self) -> Item {
        self.lex.next_item()
    }

    fn next(&mut self) -> Item {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex_next();
        }
        let it = self.token[self.peek_count];
        self.last_end = it.end;
        it
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item, t1: Item) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    fn peek(&mut self) -> Item {
        if self.peek_count > 0 {
            return self.token[self.peek_count - 1];
        }
        self.peek_count = 1;
        self.token[0] = self.lex_next();
        self.token[0]
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let t = self.next();
            if t.typ != ItemType::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn errorf(&self, msg: impl AsRef<str>) -> ParseError {
        let line = self.token[0].line;
        ParseError {
            message: format!("template: {}:{}: {}", self.name, line, msg.as_ref()),
            line,
            offset: self.token[0].pos,
        }
    }

    fn unexpected(&self, token: &Item, context: &str) -> ParseError {
        if token.typ == ItemType::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(" in action started at {}:{}", self.name, self.action_line);
                if self.lex.error().unwrap_or_default().ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format!(
                "{}{}",
                token.describe(self.src(token), self.lex.error()),
                extra
            ));
        }
        self.errorf(format!(
            "unexpected {} in {}",
            token.describe(self.src(token), self.lex.error()),
            context
        ))
    }

    fn expect(&mut self, expected: ItemType, context: &str) -> PResult<Item> {
        let t = self.next_non_space();
        if t.typ != expected {
            return Err(self.unexpected(&t, context));
        }
        Ok(t)
    }

    fn add(&mut self, name: Rc<str>, root: List, span: Span) -> PResult<()> {
        if let Some(i) = self.trees.iter().position(|t| t.name == name) {
            if is_empty_tree(&self.trees[i].root) {
                self.trees[i] = ParsedTree { name, root, span };
                return Ok(());
            }
            if !is_empty_tree(&root) {
                return Err(self.errorf(format!(
                    "template: multiple definition of template {}",
                    go_quote(&name)
                )));
            }
            return Ok(());
        }
        self.trees.push(ParsedTree { name, root, span });
        Ok(())
    }

    fn parse_top(&mut self) -> PResult<List> {
        let mut root = Vec::new();
        while self.peek().typ != ItemType::Eof {
            if self.peek().typ == ItemType::LeftDelim {
                let delim = self.next();
                if self.next_non_space().typ == ItemType::Define {
                    let saved = std::mem::replace(&mut self.vars, vec!["$"]);
                    let saved_action = std::mem::replace(&mut self.action_line, 0);
                    self.parse_definition(delim.pos)?;
                    self.vars = saved;
                    self.action_line = saved_action;
                    continue;
                }
                self.backup2(delim);
            }
            let n = self.text_or_action()?;
            match n {
                Parsed::End => return Err(self.errorf("unexpected {{end}}")),
                Parsed::Else(_) => return Err(self.errorf("unexpected {{else}}")),
                Parsed::Node(n) => root.push(n),
            }
        }
        Ok(root.into())
    }

    fn parse_definition(&mut self, start: u32) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let name_tok = self.next_non_space();
        if name_tok.typ != ItemType::String && name_tok.typ != ItemType::RawString {
            return Err(self.unexpected(&name_tok, CONTEXT));
        }
        let Some(name) = unquote(self.src(&name_tok)) else {
            return Err(self.errorf("invalid syntax"));
        };
        self.expect(ItemType::RightDelim, CONTEXT)?;
        let (list, end) = self.item_list()?;
        if let Parsed::Else(_) = end {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {CONTEXT}")));
        }
        let span = Span::new(start, self.last_end);
        self.add(Rc::from(name.as_str()), list, span)
    }

    fn item_list(&mut self) -> PResult<(List, Parsed)> {
        let mut list = Vec::new();
        while self.peek_non_space().typ != ItemType::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.push(n),
                other => return Ok((list.into(), other)),
            }
        }
        Err(self.errorf("unexpected EOF"))
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.typ {
            ItemType::Text => Ok(Parsed::Node(Node::Text(TextNode {
                span: Span::new(token.pos, token.end),
                src: self.source.clone(),
            }))),
            ItemType::LeftDelim => {
                self.action_line = token.line;
                let r = self.action(token.pos);
                self.action_line = 0;
                r
            }
            ItemType::Comment => Ok(Parsed::Node(Node::Comment(Span::new(token.pos, token.end)))),
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
                return Ok(Parsed::Node(if token.typ == ItemType::Break {
                    Node::Break(span)
                } else {
                    Node::Continue(span)
                }));
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
        Ok(Parsed::Node(Node::Action(Rc::new(ActionNode {
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
        Ok(Parsed::Node(match kind {
            BranchKind::If => Node::If(Rc::new(b)),
            BranchKind::Range => Node::Range(Rc::new(b)),
            BranchKind::With => Node::With(Rc::new(b)),
        }))
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
                    let inner = self.branch(else_start, kind)?;
                    if let Parsed::Node(n) = inner {
                        else_list = Some(Rc::from(vec![n]));
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
            pos: pipe.pos,
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
        let saved_action = std::mem::replace(&mut self.action_line, 0);
        let r = self.item_list();
        self.vars = saved_vars;
        self.range_depth = saved_depth;
        self.action_line = saved_action;
        let (list, end) = r?;
        if let Parsed::Else(_) = end {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {CONTEXT}")));
        }
        let span = Span::new(start, self.last_end);
        let name: Rc<str> = Rc::from(name.as_str());
        self.add(name.clone(), list, span)?;
        Ok(Parsed::Node(Node::Template(Rc::new(TemplateNode {
            pos: token.pos,
            span,
            name,
            pipe: Some(pipe),
        }))))
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
        Ok(Parsed::Node(Node::Template(Rc::new(TemplateNode {
            pos: token.pos,
            span: Span::new(start, self.last_end),
            name: Rc::from(name.as_str()),
            pipe,
        }))))
    }

    fn template_name(&self, token: &Item, context: &str) -> PResult<String> {
        match token.typ {
            ItemType::String | ItemType::RawString => {
                unquote(self.src(token)).ok_or_else(|| self.errorf("invalid syntax"))
            }
            _ => Err(self.unexpected(token, context)),
        }
    }

    fn pipeline(&mut self, context: &str, end: ItemType) -> PResult<Pipe> {
        let token = self.peek_non_space();
        let mut pipe = PipeNode {
            pos: token.pos,
            span: Span::new(token.pos, token.pos),
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        'decls: loop {
            let v = self.peek_non_space();
            if v.typ != ItemType::Variable {
                break;
            }
            self.next();
            let after = self.peek();
            let next = self.peek_non_space();
            let var = VariableNode {
                pos: v.pos,
                span: Span::new(v.pos, v.end),
                ident: vec![self.intern(self.src(&v))],
            };
            match next.typ {
                ItemType::Assign | ItemType::Declare => {
                    pipe.is_assign = next.typ == ItemType::Assign;
                    self.next_non_space();
                    pipe.decl.push(var);
                    self.vars.push(self.src(&v));
                }
                ItemType::Char if self.src(&next) == "," => {
                    self.next_non_space();
                    pipe.decl.push(var);
                    self.vars.push(self.src(&v));
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().typ {
                            ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => {
                                continue 'decls;
                            }
                            _ => return Err(self.errorf("range can only initialize variables")),
                        }
                    }
                    return Err(self.errorf(format!("too many declarations in {context}")));
                }
                _ if after.typ == ItemType::Space => self.backup3(v, after),
                _ => self.backup2(v),
            }
            break;
        }
        loop {
            let token = self.next_non_space();
            match token.typ {
                t if t == end => {
                    self.check_pipeline(&pipe, context)?;
                    pipe.span.end = token.pos;
                    return Ok(Rc::new(pipe));
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
                    pipe.cmds.push(Rc::new(cmd));
                }
                _ => return Err(self.unexpected(&token, context)),
            }
        }
    }

    fn check_pipeline(&self, pipe: &PipeNode, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return Err(self.errorf(format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if c.args.first().is_some_and(Arg::is_literal) {
                return Err(self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<Command> {
        let start = self.peek_non_space().pos;
        let mut cmd = Command {
            pos: start,
            span: Span::new(start, start),
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.span.end = self.last_end;
                cmd.args.push(op);
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
        if cmd.args.is_empty() {
            return Err(self.errorf("empty command"));
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().typ != ItemType::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields: Vec<Rc<str>> = Vec::new();
        while self.peek().typ == ItemType::Field {
            let f = self.next();
            let name = &self.src(&f)[1..];
            fields.push(self.intern(name));
        }
        let span = Span::new(arg_start(&node), self.last_end);
        Ok(Some(match node {
            Arg::Field { ident, .. } => {
                let mut all = ident.to_vec();
                all.extend(fields);
                Arg::Field {
                    pos: chain_pos,
                    span,
                    ident: all.into(),
                }
            }
            Arg::Variable(v) => {
                let mut all = v.ident.clone();
                all.extend(fields);
                Arg::Variable(Rc::new(VariableNode {
                    pos: chain_pos,
                    span,
                    ident: all,
                }))
            }
            n if n.is_literal() => {
                return Err(self.errorf(format!(
                    "unexpected . after term {}",
                    go_quote(&n.go_string())
                )))
            }
            n => Arg::Chain {
                pos: chain_pos,
                span,
                node: Rc::new(n),
                fields: fields.into(),
            },
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        let span = Span::new(token.pos, token.end);
        let pos = token.pos;
        Ok(Some(match token.typ {
            ItemType::Identifier => {
                if !(self.has_func)(self.src(&token)) {
                    return Err(self.errorf(format!(
                        "function {} not defined",
                        go_quote(self.src(&token))
                    )));
                }
                Arg::Identifier {
                    pos,
                    span,
                    name: self.intern(self.src(&token)),
                }
            }
            ItemType::Dot => Arg::Dot { pos },
            ItemType::Nil => Arg::Nil { pos },
            ItemType::Variable => {
                let name = self.src(&token).split('.').next().unwrap_or("");
                if !self.vars.contains(&name) {
                    return Err(self.errorf(format!("undefined variable {}", go_quote(name))));
                }
                Arg::Variable(Rc::new(VariableNode {
                    pos,
                    span,
                    ident: self
                        .src(&token)
                        .split('.')
                        .map(|p| self.intern(p))
                        .collect(),
                }))
            }
            ItemType::Field => Arg::Field {
                pos,
                span,
                ident: Rc::from(vec![self.intern(&self.src(&token)[1..])]),
            },
            ItemType::Bool => Arg::Bool {
                pos,
                val: self.src(&token) == "true",
            },
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                let n = new_number(pos, span, self.src(&token), token.typ)
                    .map_err(|e| self.errorf(e))?;
                Arg::Number(Rc::new(n))
            }
            ItemType::LeftParen => {
                if self.stack_depth >= MAX_STACK_DEPTH {
                    return Err(self.errorf("max expression depth exceeded"));
                }
                self.stack_depth += 1;
                let r = self.pipeline("parenthesized pipeline", ItemType::RightParen);
                self.stack_depth -= 1;
                let mut p = r?;
                Rc::make_mut(&mut p).span = Span::new(pos, self.last_end);
                Arg::Pipe(p)
            }
            ItemType::String | ItemType::RawString => {
                let Some(text) = unquote(self.src(&token)) else {
                    return Err(self.errorf("invalid syntax"));
                };
                Arg::String {
                    pos,
                    span,
                    quoted: Rc::from(self.src(&token)),
                    text: Rc::from(text.as_str()),
                }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

fn arg_start(a: &Arg) -> u32 {
    match a {
        Arg::Field { span, .. }
        | Arg::Chain { span, .. }
        | Arg::Identifier { span, .. }
        | Arg::String { span, .. } => span.start,
        Arg::Variable(v) => v.span.start,
        Arg::Number(n) => n.span.start,
        Arg::Pipe(p) => p.span.start,
        Arg::Dot { pos } | Arg::Nil { pos } | Arg::Bool { pos, .. } => *pos,
    }
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
    Node(Node),
    /// `{{end}}`.
    End,
    /// `{{else}}`, with the start of its action.
    Else(u32),
}

/// Go's `newNumber`: computes every interpretation of a number literal.
fn new_number(pos: u32, span: Span, text: &str, typ: ItemType) -> Result<NumberNode, String> {
    let mut n = NumberNode {
        pos,
        span,
        text: Rc::from(text),
        ..Default::default()
    };
    match typ {
        ItemType::CharConstant => {
            let body = &text[1..];
            let (r, _, tail) =
                unquote_char(body, '\'').ok_or_else(|| "invalid syntax".to_string())?;
            if tail != "'" {
                return Err(format!("malformed character constant: {text}"));
            }
            n.int64 = r as i64;
            n.is_int = true;
            n.uint64 = r as u64;
            n.is_uint = true;
            n.float64 = r as f64;
            n.is_float = true;
            return Ok(n);
        }
        ItemType::Complex => {
            let c = parse_complex(text).ok_or_else(|| "expected integer".to_string())?;
            n.is_complex = true;
            n.complex = c;
            simplify_complex(&mut n);
            return Ok(n);
        }
        _ => {}
    }
    if let Some(stripped) = text.strip_suffix('i') {
        if let Ok(f) = parse_float(stripped) {
            n.is_complex = true;
            n.complex = (0.0, f);
            simplify_complex(&mut n);
            return Ok(n);
        }
    }
    let u = parse_uint(text);
    if let Ok(u) = u {
        n.is_uint = true;
        n.uint64 = u;
    }
    if let Ok(i) = parse_int(text) {
        n.is_int = true;
        n.int64 = i;
        if i == 0 {
            n.is_uint = true;
            n.uint64 = u.unwrap_or(0);
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float64 = n.int64 as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float64 = n.uint64 as f64;
    } else if let Ok(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", go_quote(text)));
        }
        n.is_float = true;
        n.float64 = f;
        if f.fract() == 0.0 && (-9.223372036854776e18..9.223372036854776e18).contains(&f) {
            n.is_int = true;
            n.int64 = f as i64;
        }
        if f.fract() == 0.0 && (0.0..1.8446744073709552e19).contains(&f) {
            n.is_uint = true;
            n.uint64 = f as u64;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!("illegal number syntax: {}", go_quote(text)));
    }
    Ok(n)
}

/// Parses `a+bi` / `a-bi` as `fmt.Sscan` does for complex numbers.
fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let body = text.strip_suffix('i')?;
    let b = body.as_bytes();
    let mut split = None;
    for i in (1..b.len()).rev() {
        if (b[i] == b'+' || b[i] == b'-') && !matches!(b[i - 1], b'e' | b'E' | b'p' | b'P') {
            split = Some(i);
            break;
        }
    }
    let i = split?;
    let re = parse_float(&body[..i]).ok()?;
    let im = parse_float(&body[i..]).ok()?;
    Some((re, im))
}

fn simplify_complex(n: &mut NumberNode) {
    let (re, im) = n.complex;
    if im == 0.0 {
        n.is_float = true;
        n.float64 = re;
        if re.fract() == 0.0 && re.abs() < 9.2e18 {
            n.is_int = true;
            n.int64 = re as i64;
        }
        if re.fract() == 0.0 && (0.0..1.8e19).contains(&re) {
            n.is_uint = true;
            n.uint64 = re as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(n: &str) -> bool {
        matches!(n, "printf" | "len" | "and" | "index")
    }

    fn err(src: &str) -> String {
        parse("t", &Rc::from(src), &has).unwrap_err().message
    }

    #[test]
    fn parse_errors_match_go() {
        assert_eq!(
            err("{{ foo }}"),
            "template: t:1: function \"foo\" not defined"
        );
        assert_eq!(err("{{ $x }}"), "template: t:1: undefined variable \"$x\"");
        assert_eq!(err("{{ if }}"), "template: t:1: missing value for if");
        assert_eq!(err("{{ if 1 }}"), "template: t:1: unexpected EOF");
        assert_eq!(
            err("{{ break }}"),
            "template: t:1: {{break}} outside {{range}}"
        );
        assert_eq!(err("{{ end }}"), "template: t:1: unexpected {{end}}");
        assert_eq!(
            err("a\n{{ 1 | 2 }}"),
            "template: t:2: non executable command in pipeline stage 2"
        );
        assert_eq!(
            err("{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}"),
            "template: t:1: template: multiple definition of template \"a\""
        );
    }

    #[test]
    fn trees_and_positions() {
        let trees = parse("t", &Rc::from("{{define \"a\"}}x{{end}}{{ .A.B }}"), &has).unwrap();
        assert_eq!(trees.len(), 2);
        assert_eq!(&*trees[0].name, "a");
        let Node::Action(a) = &trees[1].root[0] else {
            panic!("expected action")
        };
        assert_eq!(a.pipe.go_string(), ".A.B");
        assert_eq!(a.span, Span::new(22, 32));
        let Arg::Field { pos, .. } = &a.pipe.cmds[0].args[0] else {
            panic!("expected field")
        };
        assert_eq!(*pos, 27);
    }
}
