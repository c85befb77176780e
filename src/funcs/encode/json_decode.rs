//! `encoding/json` decoding into template values (`fromJson`, `fromJsonArray`,
//! `mustFromJson`), with Go's error texts.
//!
//! Like `json.Unmarshal`, the whole input is checked for syntax first (so a syntax
//! error anywhere wins over a type error), objects become `map[string]interface {}`,
//! arrays `[]interface {}`, numbers `float64`. A number out of `float64` range is
//! a type error that Go records while it keeps decoding, storing nil in its place.
//! The parser is iterative (Go allows 10000 nested levels).

use crate::template::error::GoError;
use crate::template::value::{Entries, Value};

/// Go's `maxNestingDepth`.
const MAX_NESTING_DEPTH: usize = 10000;

/// `json.Unmarshal` into an `interface{}` (Sprig's `mustFromJson`): the decoded
/// value, or the first error.
pub fn from_json(s: &str) -> Result<Value, GoError> {
    let (v, err) = decode(s)?;
    match err {
        Some(e) => Err(e),
        None => Ok(v),
    }
}

/// `json.Unmarshal` into a `map[string]interface {}` (Helm's `fromJson`): the
/// entries Go leaves in the map and the error Go returns. A top-level `null`
/// makes the map nil in Go: that is `None` (with no error).
pub fn from_json_object(s: &str) -> (Option<Entries>, Option<GoError>) {
    match decode(s) {
        Err(e) => (Some(Entries::new()), Some(e)),
        Ok((Value::Map(m), err)) => (Some(m.entries.borrow().clone()), err),
        Ok((Value::Nil, _)) => (None, None),
        Ok((other, _)) => (
            Some(Entries::new()),
            Some(type_error(&other, "map[string]interface {}")),
        ),
    }
}

/// `json.Unmarshal` into a `[]interface {}` (Helm's `fromJsonArray`): the items
/// Go leaves in the slice and the error Go returns. A top-level `null` makes the
/// slice nil in Go: that is `None` (with no error).
pub fn from_json_array(s: &str) -> (Option<Vec<Value>>, Option<GoError>) {
    match decode(s) {
        Err(e) => (Some(Vec::new()), Some(e)),
        Ok((Value::List(l), err)) => (Some(l.items.as_ref().clone()), err),
        Ok((Value::Nil, _)) => (None, None),
        Ok((other, _)) => (Some(Vec::new()), Some(type_error(&other, "[]interface {}"))),
    }
}

/// Go's `UnmarshalTypeError` text for a top-level JSON value of the wrong kind.
fn type_error(v: &Value, target: &str) -> GoError {
    let what = match v {
        Value::Map(_) => "object",
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    };
    GoError::new(format!(
        "json: cannot unmarshal {what} into Go value of type {target}"
    ))
}

/// Go's `quoteChar`: how a syntax error names the offending byte.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        _ => {
            let r = char::from(c);
            let inner = match c {
                0x07 => "\\a".to_string(),
                0x08 => "\\b".to_string(),
                0x0c => "\\f".to_string(),
                b'\n' => "\\n".to_string(),
                b'\r' => "\\r".to_string(),
                b'\t' => "\\t".to_string(),
                0x0b => "\\v".to_string(),
                b'\\' => "\\\\".to_string(),
                0x00..=0x1f | 0x7f => format!("\\x{c:02x}"),
                0x80..=0xa0 | 0xad => format!("\\u{:04x}", u32::from(c)),
                _ => r.to_string(),
            };
            format!("'{inner}'")
        }
    }
}

fn syntax(c: u8, context: &str) -> GoError {
    GoError::new(format!("invalid character {} {context}", quote_char(c)))
}

fn unexpected_end() -> GoError {
    GoError::new("unexpected end of JSON input")
}

/// An open container.
enum Frame {
    Array(Vec<Value>),
    /// An object and the key whose value is being parsed.
    Object(Entries, Option<String>),
}

/// What the parser expects next.
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    /// A value, or `]` right after `[`.
    ValueOrEnd,
    /// A value.
    Value,
    /// A key, or `}` right after `{`.
    KeyOrEnd,
    /// A key (after a comma).
    Key,
    /// The `:` after a key.
    Colon,
    /// `,` or a closing bracket after a value, or only space at top level.
    AfterValue,
}

/// Decodes `s`: a syntax error is `Err`; otherwise the value plus the first type error.
fn decode(s: &str) -> Result<(Value, Option<GoError>), GoError> {
    let b = s.as_bytes();
    let mut p = Parser {
        b,
        pos: 0,
        stack: Vec::new(),
        type_err: None,
    };
    let mut expect = Expect::Value;
    let mut top: Option<Value> = None;
    loop {
        let c = match p.skip_space() {
            Some(c) => c,
            None => {
                return if top.is_some() && p.stack.is_empty() {
                    Ok((top.unwrap_or(Value::Nil), p.type_err))
                } else {
                    Err(unexpected_end())
                };
            }
        };
        match expect {
            Expect::ValueOrEnd | Expect::Value => {
                if expect == Expect::ValueOrEnd && c == b']' {
                    p.pos += 1;
                    top = p.close()?;
                    expect = Expect::AfterValue;
                    continue;
                }
                match c {
                    b'{' => {
                        p.push(c, Frame::Object(Entries::new(), None))?;
                        expect = Expect::KeyOrEnd;
                    }
                    b'[' => {
                        p.push(c, Frame::Array(Vec::new()))?;
                        expect = Expect::ValueOrEnd;
                    }
                    _ => {
                        let v = p.scalar(c)?;
                        top = p.store(v);
                        expect = Expect::AfterValue;
                    }
                }
            }
            Expect::KeyOrEnd | Expect::Key => {
                if expect == Expect::KeyOrEnd && c == b'}' {
                    p.pos += 1;
                    top = p.close()?;
                    expect = Expect::AfterValue;
                    continue;
                }
                if c != b'"' {
                    return Err(syntax(c, "looking for beginning of object key string"));
                }
                p.pos += 1;
                let key = p.string()?;
                if let Some(Frame::Object(_, k)) = p.stack.last_mut() {
                    *k = Some(key);
                }
                expect = Expect::Colon;
            }
            Expect::Colon => {
                if c != b':' {
                    return Err(syntax(c, "after object key"));
                }
                p.pos += 1;
                expect = Expect::Value;
            }
            Expect::AfterValue => {
                p.pos += 1;
                match (p.stack.last(), c) {
                    (None, _) => return Err(syntax(c, "after top-level value")),
                    (Some(Frame::Object(..)), b',') => expect = Expect::Key,
                    (Some(Frame::Object(..)), b'}') => top = p.close()?,
                    (Some(Frame::Object(..)), _) => {
                        return Err(syntax(c, "after object key:value pair"))
                    }
                    (Some(Frame::Array(_)), b',') => expect = Expect::Value,
                    (Some(Frame::Array(_)), b']') => top = p.close()?,
                    (Some(Frame::Array(_)), _) => return Err(syntax(c, "after array element")),
                }
            }
        }
    }
}

struct Parser<'a> {
    b: &'a [u8],
    pos: usize,
    stack: Vec<Frame>,
    type_err: Option<GoError>,
}

impl Parser<'_> {
    /// Skips JSON white space and peeks at the next byte.
    fn skip_space(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.pos) {
            if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
                self.pos += 1;
            } else {
                return Some(c);
            }
        }
        None
    }

    fn push(&mut self, c: u8, frame: Frame) -> Result<(), GoError> {
        self.pos += 1;
        self.stack.push(frame);
        if self.stack.len() > MAX_NESTING_DEPTH {
            return Err(syntax(c, "exceeded max depth"));
        }
        Ok(())
    }

    /// Closes the innermost container and stores it in its parent; returns it when
    /// it was the top-level value.
    fn close(&mut self) -> Result<Option<Value>, GoError> {
        let v = match self.stack.pop() {
            Some(Frame::Array(items)) => Value::list(items),
            Some(Frame::Object(entries, _)) => Value::map(entries),
            None => return Err(unexpected_end()),
        };
        Ok(self.store(v))
    }

    /// Stores a finished value in the innermost container, or returns it when it
    /// is the top-level value.
    fn store(&mut self, v: Value) -> Option<Value> {
        match self.stack.last_mut() {
            None => Some(v),
            Some(Frame::Array(items)) => {
                items.push(v);
                None
            }
            Some(Frame::Object(entries, key)) => {
                if let Some(k) = key.take() {
                    entries.insert(k, v);
                }
                None
            }
        }
    }

    /// The byte at `pos`, or a virtual space at the end of input (Go's scanner
    /// feeds one space at EOF to finish numbers and literals).
    fn at(&self, pos: usize) -> u8 {
        self.b.get(pos).copied().unwrap_or(b' ')
    }

    /// A string, number or literal starting with `c`.
    fn scalar(&mut self, c: u8) -> Result<Value, GoError> {
        match c {
            b'"' => {
                self.pos += 1;
                Ok(Value::str(self.string()?))
            }
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Nil),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(syntax(c, "looking for beginning of value")),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, GoError> {
        for (i, want) in word.bytes().enumerate().skip(1) {
            let got = self.at(self.pos + i);
            if got != want {
                return Err(syntax(
                    got,
                    &format!("in literal {word} (expecting {})", quote_char(want)),
                ));
            }
        }
        self.pos += word.len();
        Ok(v)
    }

    fn digits(&mut self) {
        while self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
    }

    fn number(&mut self) -> Result<Value, GoError> {
        let start = self.pos;
        if self.at(self.pos) == b'-' {
            self.pos += 1;
            let c = self.at(self.pos);
            if !c.is_ascii_digit() {
                return Err(syntax(c, "in numeric literal"));
            }
        }
        if self.at(self.pos) == b'0' {
            self.pos += 1;
        } else {
            self.digits();
        }
        if self.at(self.pos) == b'.' {
            self.pos += 1;
            let c = self.at(self.pos);
            if !c.is_ascii_digit() {
                return Err(syntax(c, "after decimal point in numeric literal"));
            }
            self.digits();
        }
        if matches!(self.at(self.pos), b'e' | b'E') {
            self.pos += 1;
            if matches!(self.at(self.pos), b'+' | b'-') {
                self.pos += 1;
            }
            let c = self.at(self.pos);
            if !c.is_ascii_digit() {
                return Err(syntax(c, "in exponent of numeric literal"));
            }
            self.digits();
        }
        let text = std::str::from_utf8(&self.b[start..self.pos]).unwrap_or("");
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::float(f)),
            _ => {
                if self.type_err.is_none() {
                    self.type_err = Some(GoError::new(format!(
                        "json: cannot unmarshal number {text} into Go value of type float64"
                    )));
                }
                Ok(Value::Nil)
            }
        }
    }

    /// The rest of a string literal after its opening quote, unescaped as Go does
    /// (a lone or mismatched UTF-16 surrogate becomes U+FFFD).
    fn string(&mut self) -> Result<String, GoError> {
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            let Some(&c) = self.b.get(self.pos) else {
                return Err(unexpected_end());
            };
            match c {
                b'"' => {
                    out.push_str(self.run(run_start));
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.run(run_start));
                    let ch = self.escape()?;
                    out.push(ch);
                    run_start = self.pos;
                }
                0x00..=0x1f => return Err(syntax(c, "in string literal")),
                _ => self.pos += 1,
            }
        }
    }

    /// One escape sequence at `pos` (which holds the backslash).
    fn escape(&mut self) -> Result<char, GoError> {
        let e = self.at(self.pos + 1);
        let simple = match e {
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'\\' => '\\',
            b'/' => '/',
            b'"' => '"',
            b'u' => {
                let unit = self.hex4(self.pos + 2)?;
                self.pos += 6;
                if !(0xD800..=0xDFFF).contains(&unit) {
                    return Ok(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'));
                }
                // A high surrogate pairs with an immediately following `\u` low one.
                if unit <= 0xDBFF
                    && self.b.get(self.pos) == Some(&b'\\')
                    && self.at(self.pos + 1) == b'u'
                {
                    let low = self.hex4(self.pos + 2)?;
                    if (0xDC00..=0xDFFF).contains(&low) {
                        self.pos += 6;
                        let cp = 0x10000
                            + ((u32::from(unit) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        return Ok(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                    }
                }
                return Ok('\u{FFFD}');
            }
            _ => return Err(syntax(e, "in string escape code")),
        };
        self.pos += 2;
        Ok(simple)
    }

    /// The raw text from `start` to the current position.
    fn run(&self, start: usize) -> &str {
        std::str::from_utf8(self.b.get(start..self.pos).unwrap_or(&[])).unwrap_or("")
    }

    /// Four hex digits of a `\u` escape starting at `pos`.
    fn hex4(&self, pos: usize) -> Result<u16, GoError> {
        let mut v: u16 = 0;
        for i in 0..4 {
            let c = self.at(pos + i);
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(syntax(c, "in \\u hexadecimal character escape")),
            };
            v = (v << 4) | u16::from(d);
        }
        Ok(v)
    }
}
