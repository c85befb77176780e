//! Lexer for Go templates (`text/template/parse/lex.go` semantics).
//!
//! Produces the same item stream as Go, including trim markers, comments, and the
//! exact error texts, with byte positions and line numbers.

/// The kind of a lexed item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemType {
    /// A lexing error; the value is the message.
    Error,
    /// `true` / `false`.
    Bool,
    /// Printable ASCII character (comma and friends).
    Char,
    /// Character constant `'a'`.
    CharConstant,
    /// Comment text.
    Comment,
    /// Complex constant `1+2i`.
    Complex,
    /// `=`.
    Assign,
    /// `:=`.
    Declare,
    /// End of input.
    Eof,
    /// `.Field`.
    Field,
    /// Identifier (function name).
    Identifier,
    /// `{{`.
    LeftDelim,
    /// `(`.
    LeftParen,
    /// Number.
    Number,
    /// `|`.
    Pipe,
    /// Raw string with backquotes.
    RawString,
    /// `}}`.
    RightDelim,
    /// `)`.
    RightParen,
    /// Run of spaces.
    Space,
    /// Quoted string.
    String,
    /// Plain text.
    Text,
    /// `$x`.
    Variable,
    /// `block` keyword.
    Block,
    /// `break` keyword.
    Break,
    /// `continue` keyword.
    Continue,
    /// `.`.
    Dot,
    /// `define` keyword.
    Define,
    /// `else` keyword.
    Else,
    /// `end` keyword.
    End,
    /// `if` keyword.
    If,
    /// `nil` keyword.
    Nil,
    /// `range` keyword.
    Range,
    /// `template` keyword.
    Template,
    /// `with` keyword.
    With,
}

impl ItemType {
    /// Whether this is a keyword item (Go prints those as `<word>`).
    pub fn is_keyword(self) -> bool {
        matches!(
            self,
            ItemType::Block
                | ItemType::Break
                | ItemType::Continue
                | ItemType::Dot
                | ItemType::Define
                | ItemType::Else
                | ItemType::End
                | ItemType::If
                | ItemType::Nil
                | ItemType::Range
                | ItemType::Template
                | ItemType::With
        )
    }
}

/// A lexed item; its text borrows the source. An `Error` item's text is empty: the
/// message is returned beside the items (see [`lex`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Item<'a> {
    /// Kind.
    pub typ: ItemType,
    /// Start byte offset.
    pub pos: u32,
    /// End byte offset (exclusive).
    pub end: u32,
    /// The text.
    pub val: &'a str,
    /// 1-based line at the start of the item.
    pub line: u32,
}

impl Item<'_> {
    /// Go's `item.String()`, used in "unexpected ..." parse errors (an error item is
    /// described by the lexer's message).
    pub fn describe(&self, lex_error: Option<&str>) -> String {
        match self.typ {
            ItemType::Eof => "EOF".to_string(),
            ItemType::Error => lex_error.unwrap_or_default().to_string(),
            t if t.is_keyword() => format!("<{}>", self.val),
            _ => {
                if self.val.chars().count() > 10 {
                    let short: String = self.val.chars().take(10).collect();
                    format!("{}...", go_quote(&short))
                } else {
                    go_quote(self.val)
                }
            }
        }
    }
}

/// Go's `strconv.Quote` (ASCII-printable escapes, `\u`/`\U` for non-printables).
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Approximation of Go's `strconv.IsPrint`: letters, marks, numbers, punctuation,
/// symbols and the ASCII space.
pub fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() {
        return false;
    }
    let u = c as u32;
    // Separators other than ASCII space, format characters, private use and
    // unassigned planes are not printable in Go.
    if c.is_whitespace() {
        return false;
    }
    !matches!(u, 0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF | 0xD800..=0xDFFF
        | 0xFFFE | 0xFFFF | 0xF0000..=0x10FFFF)
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphabetic() || c.is_numeric() && is_go_digit(c)
}

fn is_go_digit(c: char) -> bool {
    // unicode.IsDigit: Nd category. `char::is_numeric` also covers Nl/No; restrict to
    // the decimal digits that Rust can classify via to_digit for ASCII, and accept
    // other numeric characters only when they are decimal digits of some script.
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric() && is_decimal_digit(c))
}

fn is_decimal_digit(c: char) -> bool {
    // Unicode Nd blocks are runs of ten; a decimal digit's "zero" is a code point whose
    // value mod 16 is 0 or 6 in nearly all scripts. We accept characters that Rust
    // considers numeric and that are not in the common No/Nl ranges.
    let u = c as u32;
    !matches!(u, 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE | 0x2070..=0x218F | 0x2460..=0x24FF
        | 0x2776..=0x2793 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303A | 0x3192..=0x3195
        | 0x3220..=0x3229 | 0x3248..=0x324F | 0x3251..=0x325F | 0x3280..=0x3289
        | 0x32B1..=0x32BF | 0x16EE..=0x16F0 | 0x10107..=0x10133 | 0x10140..=0x10178)
}

fn has_left_trim(s: &[u8]) -> bool {
    s.len() >= 2 && s[0] == b'-' && is_space(s[1])
}

fn has_right_trim(s: &[u8]) -> bool {
    s.len() >= 2 && is_space(s[0]) && s[1] == b'-'
}

/// Lexer state.
struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    line: u32,
    start_line: u32,
    paren_depth: i32,
    inside_action: bool,
    break_ok: bool,
    continue_ok: bool,
    items: Vec<Item<'a>>,
    error: Option<String>,
    done: bool,
}

/// Lexes a whole template source. The stream ends with an `Eof` item, or with an
/// `Error` item followed by `Eof` (after an error Go's lexer returns only EOF); the
/// error's message is returned beside the items.
/// `break_ok`/`continue_ok` are false when functions of those names exist.
pub fn lex(input: &str, break_ok: bool, continue_ok: bool) -> (Vec<Item<'_>>, Option<String>) {
    let mut l = Lexer {
        input,
        pos: 0,
        start: 0,
        line: 1,
        start_line: 1,
        paren_depth: 0,
        inside_action: false,
        break_ok,
        continue_ok,
        items: Vec::with_capacity(input.len() / 8),
        error: None,
        done: false,
    };
    while !l.done {
        if l.inside_action {
            l.lex_inside_action();
        } else {
            l.lex_text();
        }
    }
    (l.items, l.error)
}

impl<'a> Lexer<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.input.as_bytes()
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn peek(&self) -> Option<char> {
        match self.input.as_bytes().get(self.pos) {
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => self.rest().chars().next(),
            None => None,
        }
    }

    fn backup(&mut self, c: Option<char>) {
        if let Some(c) = c {
            self.pos -= c.len_utf8();
            if c == '\n' {
                self.line -= 1;
            }
        }
    }

    fn emit(&mut self, typ: ItemType) {
        let val = &self.input[self.start..self.pos];
        self.items.push(Item {
            typ,
            pos: self.start as u32,
            end: self.pos as u32,
            val,
            line: self.start_line,
        });
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn ignore(&mut self) {
        self.line += count_newlines(&self.input[self.start..self.pos]);
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn error(&mut self, msg: String) {
        self.items.push(Item {
            typ: ItemType::Error,
            pos: self.start as u32,
            end: self.pos as u32,
            val: "",
            line: self.start_line,
        });
        self.error = Some(msg);
        self.items.push(Item {
            typ: ItemType::Eof,
            pos: self.input.len() as u32,
            end: self.input.len() as u32,
            val: "EOF",
            line: self.line,
        });
        self.done = true;
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.next();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn lex_text(&mut self) {
        if let Some(x) = find_left_delim(self.rest().as_bytes()) {
            if x > 0 {
                self.pos += x;
                let delim_end = self.pos + LEFT.len();
                let mut trim = 0;
                if has_left_trim(&self.bytes()[delim_end..]) {
                    let text = &self.input[self.start..self.pos];
                    trim = text.len() - text.trim_end_matches([' ', '\t', '\r', '\n']).len();
                }
                self.pos -= trim;
                self.line += count_newlines(&self.input[self.start..self.pos]);
                let had_text = self.pos > self.start;
                if had_text {
                    self.emit(ItemType::Text);
                } else {
                    self.start = self.pos;
                    self.start_line = self.line;
                }
                self.pos += trim;
                self.ignore();
            }
            self.lex_left_delim();
            return;
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.line += count_newlines(&self.input[self.start..self.pos]);
            self.emit(ItemType::Text);
        }
        self.emit(ItemType::Eof);
        self.done = true;
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = &self.bytes()[self.pos..];
        if has_right_trim(rest) && rest[2..].starts_with(RIGHT.as_bytes()) {
            return (true, true);
        }
        (rest.starts_with(RIGHT.as_bytes()), false)
    }

    fn lex_left_delim(&mut self) {
        self.pos += LEFT.len();
        let trim = has_left_trim(&self.bytes()[self.pos..]);
        let after = if trim { 2 } else { 0 };
        if self.bytes()[self.pos + after..].starts_with(b"/*") {
            self.pos += after;
            self.ignore();
            self.lex_comment();
            return;
        }
        self.emit(ItemType::LeftDelim);
        self.inside_action = true;
        self.pos += after;
        self.ignore();
        self.paren_depth = 0;
    }

    fn lex_comment(&mut self) {
        self.pos += 2;
        let Some(x) = self.rest().find("*/") else {
            self.error("unclosed comment".into());
            return;
        };
        self.pos += x + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            self.error("comment ends before closing delimiter".into());
            return;
        }
        self.line += count_newlines(&self.input[self.start..self.pos]);
        self.start = self.pos;
        self.start_line = self.line;
        if trim {
            self.pos += 2;
        }
        self.pos += RIGHT.len();
        if trim {
            self.pos += leading_space_len(self.rest());
        }
        self.ignore();
    }

    fn lex_right_delim(&mut self) {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += 2;
            self.ignore();
        }
        self.pos += RIGHT.len();
        self.emit(ItemType::RightDelim);
        if trim {
            self.pos += leading_space_len(self.rest());
            self.ignore();
        }
        self.inside_action = false;
    }

    fn lex_inside_action(&mut self) {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                self.lex_right_delim();
            } else {
                self.error("unclosed left paren".into());
            }
            return;
        }
        let Some(r) = self.next() else {
            self.error("unclosed action".into());
            return;
        };
        match r {
            ' ' | '\t' | '\r' | '\n' => {
                self.backup(Some(r));
                self.lex_space();
            }
            '=' => self.emit(ItemType::Assign),
            ':' => {
                if self.next() != Some('=') {
                    self.error("expected :=".into());
                    return;
                }
                self.emit(ItemType::Declare);
            }
            '|' => self.emit(ItemType::Pipe),
            '"' => self.lex_quote(),
            '`' => self.lex_raw_quote(),
            '$' => self.lex_variable(),
            '\'' => self.lex_char(),
            '.' => {
                let next_is_digit = self
                    .bytes()
                    .get(self.pos)
                    .is_some_and(|b| b.is_ascii_digit());
                if self.pos < self.input.len() && !next_is_digit {
                    self.lex_field_or_variable(ItemType::Field);
                } else {
                    self.backup(Some(r));
                    self.lex_number();
                }
            }
            '+' | '-' | '0'..='9' => {
                self.backup(Some(r));
                self.lex_number();
            }
            c if is_alnum(c) => {
                self.backup(Some(r));
                self.lex_identifier();
            }
            '(' => {
                self.paren_depth += 1;
                self.emit(ItemType::LeftParen);
            }
            ')' => {
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    self.error("unexpected right paren".into());
                    return;
                }
                self.emit(ItemType::RightParen);
            }
            c if c.is_ascii() && !c.is_ascii_control() => self.emit(ItemType::Char),
            c => self.error(format!(
                "unrecognized character in action: {}",
                go_unicode_repr(c)
            )),
        }
    }

    fn lex_space(&mut self) {
        let mut n = 0;
        while let Some(b) = self.bytes().get(self.pos) {
            if !is_space(*b) {
                break;
            }
            self.next();
            n += 1;
        }
        let b = self.bytes();
        if has_right_trim(&b[self.pos - 1..]) && b[self.pos + 1..].starts_with(RIGHT.as_bytes()) {
            self.pos -= 1;
            if b[self.pos] == b'\n' {
                self.line -= 1;
            }
            if n == 1 {
                self.lex_right_delim();
                return;
            }
        }
        self.emit(ItemType::Space);
    }

    fn lex_identifier(&mut self) {
        loop {
            let r = self.next();
            match r {
                Some(c) if is_alnum(c) => {}
                _ => {
                    self.backup(r);
                    let word = &self.input[self.start..self.pos];
                    if !self.at_terminator() {
                        let bad = self.peek();
                        self.next();
                        self.error(format!(
                            "bad character {}",
                            bad.map(go_unicode_repr).unwrap_or_default()
                        ));
                        return;
                    }
                    let typ = match word {
                        "block" => ItemType::Block,
                        "break" if self.break_ok => ItemType::Break,
                        "continue" if self.continue_ok => ItemType::Continue,
                        "define" => ItemType::Define,
                        "else" => ItemType::Else,
                        "end" => ItemType::End,
                        "if" => ItemType::If,
                        "range" => ItemType::Range,
                        "nil" => ItemType::Nil,
                        "template" => ItemType::Template,
                        "with" => ItemType::With,
                        "true" | "false" => ItemType::Bool,
                        _ => ItemType::Identifier,
                    };
                    self.emit(typ);
                    return;
                }
            }
        }
    }

    fn lex_variable(&mut self) {
        if self.at_terminator() {
            self.emit(ItemType::Variable);
            return;
        }
        self.lex_field_or_variable(ItemType::Variable);
    }

    fn lex_field_or_variable(&mut self, typ: ItemType) {
        if self.at_terminator() {
            self.emit(if typ == ItemType::Variable {
                ItemType::Variable
            } else {
                ItemType::Dot
            });
            return;
        }
        let mut r;
        loop {
            r = self.next();
            match r {
                Some(c) if is_alnum(c) => {}
                _ => {
                    self.backup(r);
                    break;
                }
            }
        }
        if !self.at_terminator() {
            self.next();
            self.error(format!(
                "bad character {}",
                r.map(go_unicode_repr)
                    .unwrap_or_else(|| "U+FFFFFFFF".into())
            ));
            return;
        }
        self.emit(typ);
    }

    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(' ' | '\t' | '\r' | '\n') => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(RIGHT),
        }
    }

    fn lex_char(&mut self) {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    Some(c) if c != '\n' => continue,
                    _ => {
                        self.error("unterminated character constant".into());
                        return;
                    }
                },
                None | Some('\n') => {
                    self.error("unterminated character constant".into());
                    return;
                }
                Some('\'') => break,
                _ => {}
            }
        }
        self.emit(ItemType::CharConstant);
    }

    fn lex_number(&mut self) {
        if !self.scan_number() {
            let text = go_quote(&self.input[self.start..self.pos]);
            self.error(format!("bad number syntax: {text}"));
            return;
        }
        if matches!(self.peek(), Some('+' | '-')) {
            if !self.scan_number() || self.bytes()[self.pos - 1] != b'i' {
                let text = go_quote(&self.input[self.start..self.pos]);
                self.error(format!("bad number syntax: {text}"));
                return;
            }
            self.emit(ItemType::Complex);
            return;
        }
        self.emit(ItemType::Number);
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alnum) {
            self.next();
            return false;
        }
        true
    }

    fn lex_quote(&mut self) {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    Some(c) if c != '\n' => continue,
                    _ => {
                        self.error("unterminated quoted string".into());
                        return;
                    }
                },
                None | Some('\n') => {
                    self.error("unterminated quoted string".into());
                    return;
                }
                Some('"') => break,
                _ => {}
            }
        }
        self.emit(ItemType::String);
    }

    fn lex_raw_quote(&mut self) {
        loop {
            match self.next() {
                None => {
                    self.error("unterminated raw quoted string".into());
                    return;
                }
                Some('`') => break,
                _ => {}
            }
        }
        self.emit(ItemType::RawString);
    }
}

/// Offset of the next `{{`.
fn find_left_delim(b: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'{', &b[from..]) {
        let at = from + i;
        if b.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn count_newlines(s: &str) -> u32 {
    memchr::memchr_iter(b'\n', s.as_bytes()).count() as u32
}

fn leading_space_len(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\r', '\n']).len()
}

/// Go's `%#U` formatting of a rune: `U+0023 '#'`.
pub fn go_unicode_repr(c: char) -> String {
    if is_go_printable(c) {
        format!("U+{:04X} '{}'", c as u32, c)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(ItemType, String)> {
        lex(src, true, true)
            .0
            .into_iter()
            .map(|i| (i.typ, i.val.to_string()))
            .collect()
    }

    #[test]
    fn text_and_action() {
        use ItemType::*;
        assert_eq!(
            kinds("a {{ .X }} b"),
            vec![
                (Text, "a ".into()),
                (LeftDelim, "{{".into()),
                (Space, " ".into()),
                (Field, ".X".into()),
                (Space, " ".into()),
                (RightDelim, "}}".into()),
                (Text, " b".into()),
                (Eof, "".into()),
            ]
        );
    }

    #[test]
    fn trim_markers() {
        use ItemType::*;
        assert_eq!(
            kinds("a  {{- 3 -}}  b"),
            vec![
                (Text, "a".into()),
                (LeftDelim, "{{".into()),
                (Number, "3".into()),
                (RightDelim, "}}".into()),
                (Text, "b".into()),
                (Eof, "".into()),
            ]
        );
        assert_eq!(kinds("{{-3}}")[1], (Number, "-3".into()));
    }

    #[test]
    fn errors() {
        let (items, err) = lex("{{ \"abc }}", true, true);
        assert_eq!(
            (items[2].typ, err.as_deref()),
            (ItemType::Error, Some("unterminated quoted string"))
        );
        let (_, err) = lex("{{ .x!y }}", true, true);
        assert_eq!(err.as_deref(), Some("bad character U+0021 '!'"));
        let (items, _) = lex("{{ /* x */ }}", true, true);
        assert_eq!(items.last().unwrap().typ, ItemType::Eof);
    }

    #[test]
    fn positions_and_lines() {
        let (items, _) = lex("a\n{{ .X\n.Y }}", true, true);
        let f = &items[3];
        assert_eq!((f.val, f.pos, f.line), (".X", 5, 2));
        let y = &items[5];
        assert_eq!((y.val, y.line), (".Y", 3));
    }
}
