//! A small shell word evaluator: quote removal, concatenation, variables known in
//! the script, field splitting of unquoted expansions, and unknown parts kept as
//! their source text.

use std::collections::HashMap;

use tree_sitter::Node;

use super::mask::Mask;

/// A variable's value as far as the script tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VarValue {
    /// Known text.
    Known(String),
    /// Assigned something not known statically.
    Unknown,
}

/// Variables known at a point of the script.
pub type Env = HashMap<String, VarValue>;

/// One field (argument) after evaluation, in script offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The text; unknown parts appear as their source text.
    pub text: String,
    /// Whether every part is known.
    pub known: bool,
    /// Whether the field is a lone unknown expansion that may stand for any number
    /// of arguments.
    pub opaque: bool,
    /// Script byte range of the field.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
}

/// What an evaluation needs besides the node.
pub struct WordCx<'a> {
    /// The (masked) script text.
    pub src: &'a str,
    /// The masks over it.
    pub masks: &'a [Mask],
    /// Variables.
    pub env: &'a Env,
}

#[derive(Default)]
struct Builder {
    fields: Vec<Field>,
    cur: Option<Field>,
    /// Number of parts in the current field, and whether the only one was an
    /// unquoted unknown expansion.
    parts: usize,
    lone_unknown: bool,
}

impl Builder {
    fn cur(&mut self, start: usize) -> &mut Field {
        self.cur.get_or_insert_with(|| Field {
            text: String::new(),
            known: true,
            opaque: false,
            start,
            end: start,
        })
    }

    fn push(&mut self, text: &str, known: bool, start: usize, end: usize, unquoted_var: bool) {
        let f = self.cur(start);
        f.text.push_str(text);
        f.known &= known;
        f.end = f.end.max(end);
        self.parts += 1;
        self.lone_unknown = self.parts == 1 && !known && unquoted_var;
    }

    /// A known expansion's value; unquoted values split on blanks.
    fn push_value(&mut self, value: &str, quoted: bool, start: usize, end: usize) {
        if quoted {
            self.push(value, true, start, end, false);
            return;
        }
        let mut pieces = value.split([' ', '\t', '\n']).peekable();
        let leading_break = value.starts_with([' ', '\t', '\n']);
        if leading_break {
            self.close();
        }
        while let Some(p) = pieces.next() {
            if !p.is_empty() {
                self.push(p, true, start, end, false);
            }
            if pieces.peek().is_some() {
                self.close();
            }
        }
    }

    fn close(&mut self) {
        if let Some(mut f) = self.cur.take() {
            f.opaque = self.lone_unknown;
            self.fields.push(f);
        }
        self.parts = 0;
        self.lone_unknown = false;
    }
}

/// Evaluates an argument node into fields.
pub fn eval(cx: &WordCx<'_>, node: Node<'_>) -> Vec<Field> {
    let mut b = Builder::default();
    part(cx, node, false, &mut b);
    b.close();
    b.fields
}

/// Evaluates an argument node into one field (no splitting; for assignments).
pub fn eval_joined(cx: &WordCx<'_>, node: Node<'_>) -> Field {
    let mut b = Builder::default();
    part(cx, node, true, &mut b);
    b.close();
    let mut fields = b.fields.into_iter();
    let mut f = fields.next().unwrap_or(Field {
        text: String::new(),
        known: true,
        opaque: false,
        start: node.start_byte(),
        end: node.start_byte(),
    });
    f.opaque = false;
    f
}

fn text<'s>(cx: &WordCx<'s>, node: Node<'_>) -> &'s str {
    cx.src.get(node.start_byte()..node.end_byte()).unwrap_or("")
}

fn part(cx: &WordCx<'_>, node: Node<'_>, quoted: bool, b: &mut Builder) {
    let (start, end) = (node.start_byte(), node.end_byte());
    match node.kind() {
        "word" | "number" | "string_content" | "extglob_pattern" => {
            literal(
                cx,
                start,
                end,
                quoted,
                !quoted || node.kind() == "string_content",
                b,
            );
        }
        "raw_string" => {
            let inner = (start + 1).min(end)..end.saturating_sub(1).max(start + 1);
            b.push(cx.src.get(inner).unwrap_or(""), true, start, end, false);
        }
        "ansi_c_string" => {
            let raw = text(cx, node);
            let inner = raw
                .strip_prefix("$'")
                .and_then(|s| s.strip_suffix('\''))
                .unwrap_or(raw);
            b.push(inner, true, start, end, false);
        }
        "string" => {
            let mut pos = start + 1;
            let close = end.saturating_sub(1).max(pos);
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            for child in children {
                if child.start_byte() > pos {
                    literal(cx, pos, child.start_byte(), true, true, b);
                }
                part(cx, child, true, b);
                pos = child.end_byte();
            }
            if close > pos {
                literal(cx, pos, close, true, true, b);
            }
            // An empty string is still an argument.
            b.cur(start).end = end;
        }
        "concatenation" => {
            let mut pos = start;
            let mut cursor = node.walk();
            let children: Vec<Node> = node.children(&mut cursor).collect();
            for child in children {
                if child.start_byte() > pos {
                    literal(cx, pos, child.start_byte(), quoted, false, b);
                }
                part(cx, child, quoted, b);
                pos = child.end_byte();
            }
            if end > pos {
                literal(cx, pos, end, quoted, false, b);
            }
        }
        "simple_expansion" | "expansion" => expansion(cx, node, quoted, b),
        "command_name" => {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            for child in children {
                part(cx, child, quoted, b);
            }
        }
        _ => {
            // `$(…)`, `$((…))`, `<(…)`, brace expressions: not known statically.
            b.push(text(cx, node), false, start, end, !quoted);
        }
    }
}

/// Literal text from `start..end`: backslash escapes removed (`in_dq`: only the
/// ones double quotes remove), masked CI expressions turned into unknown parts.
fn literal(cx: &WordCx<'_>, start: usize, end: usize, quoted: bool, in_dq: bool, b: &mut Builder) {
    let mut pos = start;
    for m in cx.masks.iter().filter(|m| m.start < end && m.end > start) {
        if m.start > pos {
            unescape_into(cx, pos, m.start, quoted && in_dq, b);
        }
        match &m.value {
            Some(v) => b.push_value(v, quoted, m.start, m.end),
            None => b.push(&m.source, false, m.start, m.end, !quoted),
        }
        pos = m.end.min(end);
    }
    if end > pos {
        unescape_into(cx, pos, end, quoted && in_dq, b);
    }
}

fn unescape_into(cx: &WordCx<'_>, start: usize, end: usize, dq: bool, b: &mut Builder) {
    let raw = cx.src.get(start..end).unwrap_or("");
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('\n') => {
                chars.next();
            }
            Some(n) if !dq || matches!(n, '"' | '\\' | '$' | '`') => {
                out.push(n);
                chars.next();
            }
            _ => out.push('\\'),
        }
    }
    b.push(&out, true, start, end, false);
}

/// `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$@`, `$1`.
fn expansion(cx: &WordCx<'_>, node: Node<'_>, quoted: bool, b: &mut Builder) {
    let raw = text(cx, node);
    let (start, end) = (node.start_byte(), node.end_byte());
    let body = raw
        .strip_prefix("${")
        .and_then(|s| s.strip_suffix('}'))
        .or_else(|| raw.strip_prefix('$'))
        .unwrap_or(raw);
    let name_len = body
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
        .count();
    let (name, rest) = body.split_at(name_len);
    let value = match (cx.env.get(name), rest) {
        (Some(VarValue::Known(v)), "" | ":-" | "-" | ":=" | "=") => Some(v.clone()),
        (Some(VarValue::Known(v)), r) if r.starts_with(":-") || r.starts_with('-') => {
            Some(v.clone())
        }
        (None, r) if r.starts_with(":-") || r.starts_with(":=") => Some(unquote_default(&r[2..])),
        (None, r) if r.starts_with('-') || r.starts_with('=') => Some(unquote_default(&r[1..])),
        _ => None,
    };
    match value {
        Some(v) if !v.contains('$') && !v.contains('`') => b.push_value(&v, quoted, start, end),
        _ => b.push(raw, false, start, end, !quoted || matches!(body, "@" | "*")),
    }
}

/// The default of `${X:-default}` with simple quotes removed.
fn unquote_default(s: &str) -> String {
    let t = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    t.to_string()
}
