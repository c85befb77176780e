//! The TOML lexer of `github.com/BurntSushi/toml` v1.6.0 (`lex.go`), ported state
//! for state so that the items, the error messages and the line numbers they carry
//! are the same.
//!
//! Go runs the lexer lazily from the parser; since the lexer never depends on the
//! parser, [`lex`] runs it eagerly and stops after the first error item (the parser
//! stops there at the latest).

use std::sync::OnceLock;

use regex::Regex;

use crate::template::gofmt::sprintf;
use crate::template::value::{IntKind, Value};

#[path = "toml_lex_scalar.rs"]
mod scalar;

/// Kinds of lexer items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ItemType {
    Error,
    Eof,
    Text,
    String,
    StringEsc,
    RawString,
    MultilineString,
    RawMultilineString,
    Bool,
    Integer,
    Float,
    Datetime,
    Array,
    ArrayEnd,
    TableStart,
    TableEnd,
    ArrayTableStart,
    ArrayTableEnd,
    KeyStart,
    KeyEnd,
    CommentStart,
    InlineTableStart,
    InlineTableEnd,
}

/// One lexer item: its text (or, for errors, the message) and its line.
#[derive(Clone, Debug)]
pub(super) struct Item {
    pub typ: ItemType,
    pub val: String,
    pub line: i64,
}

/// The lexer's state functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    Top,
    TopEnd,
    TableStart,
    TableEnd,
    ArrayTableEnd,
    TableNameStart,
    TableNameEnd,
    BareName,
    QuotedName,
    KeyStart,
    KeyNameStart,
    KeyEnd,
    Value,
    ArrayValue,
    ArrayValueEnd,
    InlineTableValue,
    InlineTableValueEnd,
    Str,
    MultilineString,
    RawString,
    MultilineRawString,
    MultilineStringEscape,
    StringEscape,
    HexEscape,
    ShortUnicodeEscape,
    LongUnicodeEscape,
    NumberOrDateStart,
    NumberOrDate,
    Datetime,
    HexInteger,
    OctalInteger,
    BinaryInteger,
    DecimalNumber,
    DecimalNumberStart,
    BaseNumberOrDate,
    Float,
    Bool,
    CommentStart,
    Comment,
}

/// Go's `eof` rune.
const EOF: char = '\0';
/// `utf8.RuneError`, returned by `next` after a control-character error.
const RUNE_ERROR: char = '\u{fffd}';

struct Lexer<'a> {
    input: &'a str,
    start: usize,
    pos: usize,
    line: i64,
    esc: bool,
    prev_widths: [usize; 4],
    nprev: usize,
    at_eof: bool,
    stack: Vec<St>,
    items: Vec<Item>,
    failed: bool,
}

/// Lexes `input` up to and including its end or its first error.
pub(super) fn lex(input: &str) -> Vec<Item> {
    let mut lx = Lexer {
        input,
        start: 0,
        pos: 0,
        line: 1,
        esc: false,
        prev_widths: [0; 4],
        nprev: 0,
        at_eof: false,
        stack: Vec::new(),
        items: Vec::new(),
        failed: false,
    };
    let mut state = Some(St::Top);
    while let Some(st) = state {
        state = lx.step(st);
        if lx.failed {
            break;
        }
    }
    lx.items
}

fn is_whitespace(r: char) -> bool {
    r == '\t' || r == ' '
}
fn is_nl(r: char) -> bool {
    r == '\n' || r == '\r'
}
fn is_control(r: char) -> bool {
    !matches!(r, '\t' | '\r' | '\n') && (r <= '\x1f' || r == '\x7f')
}
fn is_digit(r: char) -> bool {
    r.is_ascii_digit()
}
fn is_binary(r: char) -> bool {
    r == '0' || r == '1'
}
fn is_octal(r: char) -> bool {
    ('0'..='7').contains(&r)
}
/// Go's `isHex`.
pub(super) fn is_hex(r: char) -> bool {
    r.is_ascii_hexdigit()
}
fn is_bare_key_char(r: char) -> bool {
    super::toml::is_bare_key_char(r)
}

/// Go's `unicode.IsLetter`: general category L.
fn is_letter(r: char) -> bool {
    if r.is_ascii() {
        return r.is_ascii_alphabetic();
    }
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^\p{L}$").ok());
    let mut buf = [0u8; 4];
    re.as_ref()
        .is_some_and(|re| re.is_match(r.encode_utf8(&mut buf)))
}

/// `%q` of a rune, as Go's `fmt` prints it.
fn q_rune(r: char) -> String {
    sprintf("%q", &[Value::Int(i64::from(u32::from(r)), IntKind::I32)])
}

/// `%q` of a string, as Go's `fmt` prints it.
pub(super) fn q_str(s: &str) -> String {
    sprintf("%q", &[Value::from(s)])
}

fn rune_or_eof(r: char) -> String {
    if r == EOF {
        "end of file".into()
    } else {
        format!("'{r}'")
    }
}

impl Lexer<'_> {
    fn push(&mut self, s: St) {
        self.stack.push(s);
    }

    fn pop(&mut self) -> Option<St> {
        self.stack.pop()
    }

    fn current(&self) -> &str {
        self.input.get(self.start..self.pos).unwrap_or("")
    }

    fn byte_at(&self, i: usize) -> Option<u8> {
        self.input.as_bytes().get(i).copied()
    }

    fn emit(&mut self, typ: ItemType) {
        if self.start > self.pos {
            let b = self.byte_at(self.pos).unwrap_or(0);
            self.error(format!("invalid UTF-8 byte: 0x{b:02x}"));
            return;
        }
        let val = self.current().to_string();
        self.items.push(Item {
            typ,
            val,
            line: self.line,
        });
        self.start = self.pos;
    }

    fn emit_trim(&mut self, typ: ItemType) {
        let val = self.current().trim().to_string();
        self.items.push(Item {
            typ,
            val,
            line: self.line,
        });
        self.start = self.pos;
    }

    fn next(&mut self) -> char {
        if self.at_eof || self.pos >= self.input.len() {
            self.at_eof = true;
            return EOF;
        }
        if self.byte_at(self.pos) == Some(b'\n') {
            self.line += 1;
        }
        self.prev_widths = [
            self.prev_widths[0],
            self.prev_widths[0],
            self.prev_widths[1],
            self.prev_widths[2],
        ];
        if self.nprev < 4 {
            self.nprev += 1;
        }
        let r = self.input[self.pos..].chars().next().unwrap_or(EOF);
        let lone_cr = r == '\r' && self.byte_at(self.pos + 1) != Some(b'\n');
        if is_control(r) || lone_cr {
            self.error_line(
                self.line,
                format!(
                    "TOML files cannot contain control characters: '0x{:02x}'",
                    r as u32
                ),
            );
            return RUNE_ERROR;
        }
        let w = r.len_utf8();
        self.prev_widths[0] = w;
        self.pos += w;
        r
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    fn backup(&mut self) {
        if self.at_eof {
            self.at_eof = false;
            return;
        }
        if self.nprev < 1 {
            return;
        }
        let w = self.prev_widths[0];
        self.prev_widths = [
            self.prev_widths[1],
            self.prev_widths[2],
            self.prev_widths[3],
            self.prev_widths[3],
        ];
        self.nprev -= 1;
        self.pos = self.pos.saturating_sub(w);
        if self.byte_at(self.pos) == Some(b'\n') {
            self.line -= 1;
        }
    }

    fn accept(&mut self, valid: char) -> bool {
        if self.next() == valid {
            return true;
        }
        self.backup();
        false
    }

    fn peek(&mut self) -> char {
        let r = self.next();
        self.backup();
        r
    }

    fn skip(&mut self, pred: fn(char) -> bool) {
        loop {
            let r = self.next();
            if pred(r) && r != EOF {
                continue;
            }
            self.backup();
            self.ignore();
            return;
        }
    }

    fn error_line(&mut self, line: i64, msg: String) -> Option<St> {
        self.items.push(Item {
            typ: ItemType::Error,
            val: msg,
            line,
        });
        self.failed = true;
        None
    }

    /// Go's `error`: at EOF the error is reported on the previous line.
    fn error(&mut self, msg: String) -> Option<St> {
        let line = if self.at_eof {
            self.line - 1
        } else {
            self.line
        };
        self.error_line(line, msg)
    }

    fn error_prev_line(&mut self, msg: String) -> Option<St> {
        self.error_line(self.line - 1, msg)
    }

    /// Go's `errorf`: at EOF after a newline the error is on the previous line.
    fn errorf(&mut self, msg: String) -> Option<St> {
        let mut line = self.line;
        if self.at_eof && self.pos >= 1 && self.byte_at(self.pos - 1) == Some(b'\n') {
            line -= 1;
        }
        self.error_line(line, msg)
    }

    fn step(&mut self, st: St) -> Option<St> {
        match st {
            St::Top => self.lex_top(),
            St::TopEnd => self.lex_top_end(),
            St::TableStart => self.lex_table_start(),
            St::TableEnd => {
                self.emit(ItemType::TableEnd);
                Some(St::TopEnd)
            }
            St::ArrayTableEnd => {
                let r = self.next();
                if r != ']' {
                    return self.errorf(format!(
                        "expected end of table array name delimiter ']', but got {} instead",
                        q_rune(r)
                    ));
                }
                self.emit(ItemType::ArrayTableEnd);
                Some(St::TopEnd)
            }
            St::TableNameStart => self.lex_table_name_start(),
            St::TableNameEnd => self.lex_table_name_end(),
            St::BareName => {
                let r = self.next();
                if is_bare_key_char(r) {
                    return Some(St::BareName);
                }
                self.backup();
                self.emit(ItemType::Text);
                self.pop()
            }
            St::QuotedName => self.lex_quoted_name(),
            St::KeyStart => self.lex_key_start(),
            St::KeyNameStart => self.lex_key_name_start(),
            St::KeyEnd => self.lex_key_end(),
            St::Value => self.lex_value(),
            St::ArrayValue => self.lex_array_value(),
            St::ArrayValueEnd => self.lex_array_value_end(),
            St::InlineTableValue => self.lex_inline_table_value(),
            St::InlineTableValueEnd => self.lex_inline_table_value_end(),
            St::Str => self.lex_string(),
            St::MultilineString => self.lex_multiline_string(),
            St::RawString => self.lex_raw_string(),
            St::MultilineRawString => self.lex_multiline_raw_string(),
            St::MultilineStringEscape => {
                if is_nl(self.next()) {
                    return Some(St::MultilineString);
                }
                self.backup();
                self.push(St::MultilineString);
                self.lex_string_escape()
            }
            St::StringEscape => self.lex_string_escape(),
            St::HexEscape => self.lex_hex_digits(2, "two", 'x'),
            St::ShortUnicodeEscape => self.lex_hex_digits(4, "four", 'u'),
            St::LongUnicodeEscape => self.lex_hex_digits(8, "eight", 'U'),
            St::NumberOrDateStart => {
                if self.next() == '0' {
                    return Some(St::BaseNumberOrDate);
                }
                Some(St::NumberOrDate)
            }
            St::NumberOrDate => self.lex_number_or_date(),
            St::Datetime => {
                let r = self.next();
                if is_digit(r) || matches!(r, '-' | ':' | 'T' | 't' | ' ' | '.' | 'Z' | 'z' | '+') {
                    return Some(St::Datetime);
                }
                self.backup();
                self.emit_trim(ItemType::Datetime);
                self.pop()
            }
            St::HexInteger => self.lex_based_integer(is_hex, St::HexInteger),
            St::OctalInteger => self.lex_based_integer(is_octal, St::OctalInteger),
            St::BinaryInteger => self.lex_based_integer(is_binary, St::BinaryInteger),
            St::DecimalNumber => self.lex_decimal_number(),
            St::DecimalNumberStart => self.lex_decimal_number_start(),
            St::BaseNumberOrDate => self.lex_base_number_or_date(),
            St::Float => {
                let r = self.next();
                if is_digit(r) || matches!(r, '_' | '.' | '-' | '+' | 'e' | 'E') {
                    return Some(St::Float);
                }
                self.backup();
                self.emit(ItemType::Float);
                self.pop()
            }
            St::Bool => self.lex_bool(),
            St::CommentStart => {
                self.ignore();
                self.emit(ItemType::CommentStart);
                Some(St::Comment)
            }
            St::Comment => {
                let r = self.next();
                if is_nl(r) || r == EOF {
                    self.backup();
                    self.emit(ItemType::Text);
                    return self.pop();
                }
                Some(St::Comment)
            }
        }
    }

    fn lex_top(&mut self) -> Option<St> {
        let r = self.next();
        if is_whitespace(r) || is_nl(r) {
            self.ignore();
            return Some(St::Top);
        }
        match r {
            '#' => {
                self.push(St::Top);
                return Some(St::CommentStart);
            }
            '[' => return Some(St::TableStart),
            EOF => {
                if self.pos > self.start {
                    return self.errorf("unexpected EOF".into());
                }
                self.emit(ItemType::Eof);
                return None;
            }
            _ => {}
        }
        self.backup();
        self.push(St::TopEnd);
        Some(St::KeyStart)
    }

    fn lex_top_end(&mut self) -> Option<St> {
        let r = self.next();
        if r == '#' {
            self.push(St::Top);
            return Some(St::CommentStart);
        }
        if is_whitespace(r) {
            return Some(St::TopEnd);
        }
        if is_nl(r) {
            self.ignore();
            return Some(St::Top);
        }
        if r == EOF {
            self.emit(ItemType::Eof);
            return None;
        }
        self.errorf(format!(
            "expected a top-level item to end with a newline, comment, or EOF, but got {} instead",
            q_rune(r)
        ))
    }

    fn lex_table_start(&mut self) -> Option<St> {
        if self.peek() == '[' {
            self.next();
            self.emit(ItemType::ArrayTableStart);
            self.push(St::ArrayTableEnd);
        } else {
            self.emit(ItemType::TableStart);
            self.push(St::TableEnd);
        }
        Some(St::TableNameStart)
    }

    fn lex_table_name_start(&mut self) -> Option<St> {
        self.skip(is_whitespace);
        match self.peek() {
            ']' | EOF => {
                self.errorf("unexpected end of table name (table names cannot be empty)".into())
            }
            '.' => self.errorf("unexpected table separator (table names cannot be empty)".into()),
            '"' | '\'' => {
                self.ignore();
                self.push(St::TableNameEnd);
                Some(St::QuotedName)
            }
            _ => {
                self.push(St::TableNameEnd);
                Some(St::BareName)
            }
        }
    }

    fn lex_table_name_end(&mut self) -> Option<St> {
        self.skip(is_whitespace);
        match self.next() {
            '.' => {
                self.ignore();
                Some(St::TableNameStart)
            }
            ']' => self.pop(),
            r => self.errorf(format!(
                "expected '.' or ']' to end table name, but got {} instead",
                q_rune(r)
            )),
        }
    }

    fn lex_quoted_name(&mut self) -> Option<St> {
        match self.next() {
            '"' => {
                self.ignore();
                Some(St::Str)
            }
            '\'' => {
                self.ignore();
                Some(St::RawString)
            }
            r if is_whitespace(r) => {
                self.ignore();
                Some(St::Value)
            }
            EOF => self.errorf("unexpected EOF; expected value".into()),
            r => self.errorf(format!("expected value but found {} instead", q_rune(r))),
        }
    }

    fn lex_key_start(&mut self) -> Option<St> {
        self.skip(is_whitespace);
        match self.peek() {
            '=' | EOF => self.errorf("unexpected '=': key name appears blank".into()),
            '.' => self.errorf("unexpected '.': keys cannot start with a '.'".into()),
            r => {
                if r == '"' || r == '\'' {
                    self.ignore();
                }
                self.emit(ItemType::KeyStart);
                Some(St::KeyNameStart)
            }
        }
    }

    fn lex_key_name_start(&mut self) -> Option<St> {
        self.skip(is_whitespace);
        match self.peek() {
            '"' | '\'' => {
                self.ignore();
                self.push(St::KeyEnd);
                Some(St::QuotedName)
            }
            '=' | EOF => self.errorf("unexpected '='".into()),
            '.' => self.errorf("unexpected '.'".into()),
            _ => {
                self.push(St::KeyEnd);
                Some(St::BareName)
            }
        }
    }

    fn lex_key_end(&mut self) -> Option<St> {
        self.skip(is_whitespace);
        match self.next() {
            r if is_whitespace(r) => {
                self.ignore();
                Some(St::KeyEnd)
            }
            EOF => self.errorf("unexpected EOF; expected key separator '='".into()),
            '.' => {
                self.ignore();
                Some(St::KeyNameStart)
            }
            '=' => {
                self.emit(ItemType::KeyEnd);
                self.ignore();
                Some(St::Value)
            }
            r => {
                let msg = format!("expected '.' or '=', but got {} instead", q_rune(r));
                if r == '\n' {
                    return self.error_prev_line(msg);
                }
                self.errorf(msg)
            }
        }
    }

    fn lex_value(&mut self) -> Option<St> {
        let r = self.next();
        if is_whitespace(r) {
            self.ignore();
            return Some(St::Value);
        }
        if is_digit(r) {
            self.backup();
            return Some(St::NumberOrDateStart);
        }
        match r {
            '[' => {
                self.ignore();
                self.emit(ItemType::Array);
                return Some(St::ArrayValue);
            }
            '{' => {
                self.ignore();
                self.emit(ItemType::InlineTableStart);
                return Some(St::InlineTableValue);
            }
            '"' | '\'' => return Some(self.lex_quote_open(r)),
            '.' => return self.errorf("floats must start with a digit, not '.'".into()),
            // Go's quirk kept: `ian` and `nnf` are lexed as floats too.
            'i' | 'n' if self.accept_inf_or_nan() => {
                self.emit(ItemType::Float);
                return self.pop();
            }
            '-' | '+' => return Some(St::DecimalNumberStart),
            _ => {}
        }
        if is_letter(r) {
            self.backup();
            return Some(St::Bool);
        }
        if r == EOF {
            return self.errorf("unexpected EOF; expected value".into());
        }
        let msg = format!("expected value but found {} instead", q_rune(r));
        if r == '\n' {
            return self.error_prev_line(msg);
        }
        self.errorf(msg)
    }

    /// `(accept('n') && accept('f')) || (accept('a') && accept('n'))`.
    fn accept_inf_or_nan(&mut self) -> bool {
        (self.accept('n') && self.accept('f')) || (self.accept('a') && self.accept('n'))
    }

    fn lex_array_value(&mut self) -> Option<St> {
        let r = self.next();
        if is_whitespace(r) || is_nl(r) {
            self.ignore();
            return Some(St::ArrayValue);
        }
        match r {
            '#' => {
                self.push(St::ArrayValue);
                Some(St::CommentStart)
            }
            ',' => self.errorf("unexpected comma".into()),
            ']' => self.array_end(),
            _ => {
                self.backup();
                self.push(St::ArrayValueEnd);
                Some(St::Value)
            }
        }
    }

    fn lex_array_value_end(&mut self) -> Option<St> {
        let r = self.next();
        if is_whitespace(r) || is_nl(r) {
            self.ignore();
            return Some(St::ArrayValueEnd);
        }
        match r {
            '#' => {
                self.push(St::ArrayValueEnd);
                Some(St::CommentStart)
            }
            ',' => {
                self.ignore();
                Some(St::ArrayValue)
            }
            ']' => self.array_end(),
            _ => self.errorf(format!(
                "expected a comma (',') or array terminator (']'), but got {}",
                rune_or_eof(r)
            )),
        }
    }

    fn array_end(&mut self) -> Option<St> {
        self.ignore();
        self.emit(ItemType::ArrayEnd);
        self.pop()
    }

    fn inline_table_end(&mut self) -> Option<St> {
        self.ignore();
        self.emit(ItemType::InlineTableEnd);
        self.pop()
    }

    fn lex_inline_table_value(&mut self) -> Option<St> {
        let r = self.next();
        if is_whitespace(r) || is_nl(r) {
            self.ignore();
            return Some(St::InlineTableValue);
        }
        match r {
            '#' => {
                self.push(St::InlineTableValue);
                Some(St::CommentStart)
            }
            ',' => self.errorf("unexpected comma".into()),
            '}' => self.inline_table_end(),
            _ => {
                self.backup();
                self.push(St::InlineTableValueEnd);
                Some(St::KeyStart)
            }
        }
    }

    fn lex_inline_table_value_end(&mut self) -> Option<St> {
        let r = self.next();
        if is_whitespace(r) || is_nl(r) {
            self.ignore();
            return Some(St::InlineTableValueEnd);
        }
        match r {
            '#' => {
                self.push(St::InlineTableValueEnd);
                Some(St::CommentStart)
            }
            ',' => {
                self.ignore();
                self.skip(is_whitespace);
                if self.peek() == '}' {
                    return Some(St::InlineTableValueEnd);
                }
                Some(St::InlineTableValue)
            }
            '}' => self.inline_table_end(),
            _ => self.errorf(format!(
                "expected a comma or an inline table terminator '}}', but got {} instead",
                rune_or_eof(r)
            )),
        }
    }
}
