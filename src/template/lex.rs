//! Lexer for Go templates (`text/template/parse/lex.go` semantics).
//!
//! Produces the same item stream as Go, including trim markers, comments, and the
//! exact error texts, with byte positions. Items borrow nothing: an item's text is
//! `source[pos..end]`, its line is [`line_at`] its position (counted only when an
//! error needs it). The scanning works on bytes, with a character-level path only
//! for non-ASCII input.

pub use super::goquote::{go_quote, go_unicode_repr, is_go_printable};

pub use item::{Item, ItemType};

mod item;

const LEFT: &[u8] = b"{{";
const RIGHT: &[u8] = b"}}";

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// ASCII letters, digits and `_`, by byte.
static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// ASCII letters, digits and `_`.
#[inline]
pub(crate) fn is_ascii_word(b: u8) -> bool {
    WORD[b as usize]
}

fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return is_ascii_word(c as u8);
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

/// Lexer state over one template source.
struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    paren_depth: i32,
    inside_action: bool,
    break_ok: bool,
    continue_ok: bool,
    items: Vec<Item>,
    error: Option<String>,
    done: bool,
}

/// Lexes a whole template source. The stream ends with an `Eof` item, or with an
/// `Error` item followed by `Eof` (after an error Go's lexer returns only EOF); the
/// error's message is returned beside the items.
/// `break_ok`/`continue_ok` are false when functions of those names exist.
pub fn lex(input: &str, break_ok: bool, continue_ok: bool) -> (Vec<Item>, Option<String>) {
    let mut l = Lexer {
        input,
        pos: 0,
        start: 0,
        paren_depth: 0,
        inside_action: false,
        break_ok,
        continue_ok,
        // Chart templates have about one item per five bytes.
        items: Vec::with_capacity(input.len() / 5 + 8),
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

/// Go's line number of byte `pos` of `src`: 1 plus the newlines before it.
pub fn line_at(src: &str, pos: u32) -> u32 {
    let end = (pos as usize).min(src.len());
    1 + memchr::memchr_iter(b'\n', &src.as_bytes()[..end]).count() as u32
}

impl<'a> Lexer<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.input.as_bytes()
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    #[inline]
    fn push(&mut self, it: Item) {
        self.items.push(it);
    }

    /// The character at the position (a byte fast path for ASCII).
    #[inline]
    fn peek(&self) -> Option<char> {
        match self.bytes().get(self.pos) {
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => self.rest().chars().next(),
            None => None,
        }
    }

    #[inline]
    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn emit(&mut self, typ: ItemType) {
        self.push(Item {
            typ,
            pos: self.start as u32,
            end: self.pos as u32,
            line: 0,
        });
        self.start = self.pos;
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    fn fail(&mut self, msg: String) {
        self.push(Item {
            typ: ItemType::Error,
            pos: self.start as u32,
            end: self.pos as u32,
            line: line_at(self.input, self.start as u32),
        });
        self.error = Some(msg);
        let len = self.input.len() as u32;
        // Go's EOF after an error keeps the line where the lexer stopped.
        self.push(Item {
            typ: ItemType::Eof,
            pos: len,
            end: len,
            line: line_at(self.input, self.pos as u32),
        });
        self.done = true;
    }

    fn accept(&mut self, valid: &[u8]) -> bool {
        match self.bytes().get(self.pos) {
            Some(b) if valid.contains(b) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &[u8]) {
        while self.accept(valid) {}
    }

    /// Advances over word characters (letters, digits, `_`, Unicode letters and
    /// digits); returns the first character after them.
    #[inline]
    fn scan_word(&mut self) -> Option<char> {
        let b = self.bytes();
        while self.pos < b.len() && is_ascii_word(b[self.pos]) {
            self.pos += 1;
        }
        loop {
            match self.peek() {
                Some(c) if !c.is_ascii() && is_alnum(c) => self.pos += c.len_utf8(),
                Some(c) if c.is_ascii() && is_ascii_word(c as u8) => self.pos += 1,
                other => return other,
            }
        }
    }

    fn lex_text(&mut self) {
        if let Some(x) = find_left_delim(&self.bytes()[self.pos..]) {
            if x > 0 {
                self.pos += x;
                let delim_end = self.pos + LEFT.len();
                let mut trim = 0;
                if has_left_trim(&self.bytes()[delim_end..]) {
                    let text = &self.bytes()[self.start..self.pos];
                    trim = text.len()
                        - text
                            .iter()
                            .rposition(|&b| !is_space(b))
                            .map_or(0, |i| i + 1);
                }
                self.pos -= trim;
                if self.pos > self.start {
                    self.emit(ItemType::Text);
                } else {
                    self.start = self.pos;
                }
                self.pos += trim;
                self.ignore();
            }
            self.lex_left_delim();
            return;
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.emit(ItemType::Text);
        }
        self.emit(ItemType::Eof);
        if let Some(eof) = self.items.last_mut() {
            eof.line = line_at(self.input, eof.pos);
        }
        self.done = true;
    }

    /// Whether the right delimiter is next, and whether it has a trim marker.
    #[inline]
    fn at_right_delim(&self) -> (bool, bool) {
        let rest = &self.bytes()[self.pos..];
        if has_right_trim(rest) && rest[2..].starts_with(RIGHT) {
            return (true, true);
        }
        (rest.starts_with(RIGHT), false)
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
        let Some(x) = memchr::memmem::find(&self.bytes()[self.pos..], b"*/") else {
            self.fail("unclosed comment".into());
            return;
        };
        self.pos += x + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            self.fail("comment ends before closing delimiter".into());
            return;
        }
        self.start = self.pos;
        if trim {
            self.pos += 2;
        }
        self.pos += RIGHT.len();
        if trim {
            self.pos += leading_space_len(&self.bytes()[self.pos..]);
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
            self.pos += leading_space_len(&self.bytes()[self.pos..]);
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
                self.fail("unclosed left paren".into());
            }
            return;
        }
        let Some(&b) = self.bytes().get(self.pos) else {
            self.fail("unclosed action".into());
            return;
        };
        if b >= 0x80 {
            let c = self.peek().unwrap_or_default();
            if is_alnum(c) {
                self.lex_identifier();
            } else {
                self.pos += c.len_utf8();
                self.fail(format!(
                    "unrecognized character in action: {}",
                    go_unicode_repr(c)
                ));
            }
            return;
        }
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => self.lex_space(),
            b'+' | b'-' | b'0'..=b'9' => self.lex_number(),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => self.lex_identifier(),
            _ => {
                self.pos += 1;
                self.lex_punct(b);
            }
        }
    }

    /// An action character other than space, number, identifier start (already consumed).
    fn lex_punct(&mut self, b: u8) {
        match b {
            b'=' => self.emit(ItemType::Assign),
            b':' => {
                if self.next() != Some('=') {
                    self.fail("expected :=".into());
                    return;
                }
                self.emit(ItemType::Declare);
            }
            b'|' => self.emit(ItemType::Pipe),
            b'"' => self.lex_quote(),
            b'`' => self.lex_raw_quote(),
            b'$' => self.lex_variable(),
            b'\'' => self.lex_char(),
            b'.' => {
                let next_is_digit = self
                    .bytes()
                    .get(self.pos)
                    .is_some_and(|b| b.is_ascii_digit());
                if self.pos < self.input.len() && !next_is_digit {
                    self.lex_field_or_variable(ItemType::Field);
                } else {
                    self.pos -= 1;
                    self.lex_number();
                }
            }
            b'(' => {
                self.paren_depth += 1;
                self.emit(ItemType::LeftParen);
            }
            b')' => {
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    self.fail("unexpected right paren".into());
                    return;
                }
                self.emit(ItemType::RightParen);
            }
            c if !c.is_ascii_control() => self.emit(ItemType::Char),
            c => self.fail(format!(
                "unrecognized character in action: {}",
                go_unicode_repr(c as char)
            )),
        }
    }

    fn lex_space(&mut self) {
        let b = self.bytes();
        let from = self.pos;
        while b.get(self.pos).is_some_and(|&c| is_space(c)) {
            self.pos += 1;
        }
        let n = self.pos - from;
        if has_right_trim(&b[self.pos - 1..]) && b[self.pos + 1..].starts_with(RIGHT) {
            self.pos -= 1;
            if n == 1 {
                self.lex_right_delim();
                return;
            }
        }
        self.emit(ItemType::Space);
    }

    fn lex_identifier(&mut self) {
        self.scan_word();
        if !self.at_terminator() {
            let bad = self.peek();
            self.next();
            self.fail(format!(
                "bad character {}",
                bad.map(go_unicode_repr).unwrap_or_default()
            ));
            return;
        }
        let typ = match &self.input[self.start..self.pos] {
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
        let r = self.scan_word();
        if !self.at_terminator() {
            self.next();
            self.fail(format!(
                "bad character {}",
                r.map(go_unicode_repr)
                    .unwrap_or_else(|| "U+FFFFFFFF".into())
            ));
            return;
        }
        self.emit(typ);
    }

    #[inline]
    fn at_terminator(&self) -> bool {
        match self.bytes().get(self.pos) {
            None => true,
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'.' | b',' | b'|' | b':' | b')' | b'(') => true,
            _ => self.bytes()[self.pos..].starts_with(RIGHT),
        }
    }

    fn lex_char(&mut self) {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    Some(c) if c != '\n' => continue,
                    _ => {
                        self.fail("unterminated character constant".into());
                        return;
                    }
                },
                None | Some('\n') => {
                    self.fail("unterminated character constant".into());
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
            self.fail(format!("bad number syntax: {text}"));
            return;
        }
        if matches!(self.bytes().get(self.pos), Some(b'+' | b'-')) {
            if !self.scan_number() || self.bytes()[self.pos - 1] != b'i' {
                let text = go_quote(&self.input[self.start..self.pos]);
                self.fail(format!("bad number syntax: {text}"));
                return;
            }
            self.emit(ItemType::Complex);
            return;
        }
        self.emit(ItemType::Number);
    }

    fn scan_number(&mut self) -> bool {
        const DECIMAL: &[u8] = b"0123456789_";
        const HEX: &[u8] = b"0123456789abcdefABCDEF_";
        self.accept(b"+-");
        let mut digits = DECIMAL;
        if self.accept(b"0") {
            if self.accept(b"xX") {
                digits = HEX;
            } else if self.accept(b"oO") {
                digits = b"01234567_";
            } else if self.accept(b"bB") {
                digits = b"01_";
            }
        }
        self.accept_run(digits);
        if self.accept(b".") {
            self.accept_run(digits);
        }
        if digits == DECIMAL && self.accept(b"eE") {
            self.accept(b"+-");
            self.accept_run(DECIMAL);
        }
        if digits == HEX && self.accept(b"pP") {
            self.accept(b"+-");
            self.accept_run(DECIMAL);
        }
        self.accept(b"i");
        if self.peek().is_some_and(is_alnum) {
            self.next();
            return false;
        }
        true
    }

    fn lex_quote(&mut self) {
        let b = self.bytes();
        loop {
            match b.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.next() {
                        Some(c) if c != '\n' => {}
                        _ => {
                            self.fail("unterminated quoted string".into());
                            return;
                        }
                    }
                }
                Some(b'\n') | None => {
                    self.next();
                    self.fail("unterminated quoted string".into());
                    return;
                }
                // Continuation bytes of a multi-byte character never match above.
                Some(_) => self.pos += 1,
            }
        }
        self.emit(ItemType::String);
    }

    fn lex_raw_quote(&mut self) {
        let rest = &self.bytes()[self.pos..];
        match memchr::memchr(b'`', rest) {
            Some(i) => {
                self.pos += i + 1;
                self.emit(ItemType::RawString);
            }
            None => {
                self.pos = self.input.len();
                self.fail("unterminated raw quoted string".into());
            }
        }
    }
}

/// Offset of the next `{{`.
pub(crate) fn find_left_delim(b: &[u8]) -> Option<usize> {
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

fn leading_space_len(s: &[u8]) -> usize {
    s.iter().position(|&b| !is_space(b)).unwrap_or(s.len())
}

#[cfg(test)]
mod tests;
