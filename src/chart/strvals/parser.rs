//! The `--set` family parser: the control flow of Helm's `strvals.parser` and
//! `strvals.literalParser`, step for step.
//!
//! Go reads the expression rune by rune from a `bytes.Buffer`; here a byte
//! position walks the `&str`. Go signals the end of input with `io.EOF`, and
//! several of its code paths return (or wrap) `io.EOF` after having stored a
//! value, which `parse` then treats as success: [`PErr::eof`] keeps that
//! distinction. Go maps are references and Go slices alias their backing
//! arrays; the parser works on owned copies and writes them back exactly where
//! Go's in-place mutation would be observable.

use super::json;
use crate::template::lex::{go_quote, is_go_printable};
use crate::template::value::{Entries, ListType, MapType, Value};

/// Helm's `strvals.MaxIndex`.
const MAX_INDEX: i64 = 65536;
/// Helm's `strvals.MaxNestedNameLevel`.
const MAX_NESTED_NAME_LEVEL: usize = 30;
/// Stack headroom kept before recursing (indexes like `a[0][0][0]…` nest without limit).
const RED_ZONE: usize = 64 * 1024;
/// Size of each extra stack segment.
const STACK_SEGMENT: usize = 1024 * 1024;

/// Reads the file named by a `--set-file` value.
pub(super) type FileReader<'r> = &'r dyn Fn(&str) -> Result<String, String>;

/// Which flag's semantics the parser follows.
pub(super) enum Mode<'r> {
    /// `--set`: values typed by `typedVal`.
    Typed,
    /// `--set-string`: every value is a string.
    Strings,
    /// `--set-file`: every value is the content of the file it names.
    File(FileReader<'r>),
    /// `--set-json`: every value is a JSON document.
    Json,
    /// `--set-literal`: the value is the rest of the input, verbatim.
    Literal,
}

/// A parser error: Go's message, and whether the error is (or wraps) `io.EOF`.
pub(super) struct PErr {
    msg: String,
    eof: bool,
}

impl PErr {
    fn eof() -> PErr {
        PErr {
            msg: "EOF".to_string(),
            eof: true,
        }
    }

    fn msg(msg: impl Into<String>) -> PErr {
        PErr {
            msg: msg.into(),
            eof: false,
        }
    }

    /// `fmt.Errorf(prefix + "%w", err)`: the result still matches `io.EOF`.
    fn wrap(self, prefix: &str) -> PErr {
        PErr {
            msg: format!("{prefix}{}", self.msg),
            eof: self.eof,
        }
    }
}

/// Why `valList` did not produce a list.
enum ListErr {
    /// The input ended right after `=`.
    Eof,
    /// The value does not start with `{`.
    NotList,
    /// Any other error.
    Other(PErr),
}

/// The text read up to a stop rune, and that rune (`None` at the end of input).
struct Run {
    text: String,
    stop: Option<char>,
}

/// One parse of one expression.
pub(super) struct Parser<'a, 'r> {
    src: &'a str,
    pos: usize,
    mode: Mode<'r>,
}

impl<'a, 'r> Parser<'a, 'r> {
    /// A parser for `src` following `mode`.
    pub(super) fn new(src: &'a str, mode: Mode<'r>) -> Self {
        Parser { src, pos: 0, mode }
    }

    /// Go's `parse`: reads `key=value` items into `data` until the input ends.
    pub(super) fn parse(mut self, data: &mut Entries) -> Result<(), String> {
        loop {
            match self.key(data, 0) {
                Ok(()) => {}
                Err(e) if e.eof => return Ok(()),
                Err(e) => return Err(e.msg),
            }
        }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn read(&mut self) -> Option<char> {
        let c = self.rest().chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn unread(&mut self, c: char) {
        self.pos = self.pos.saturating_sub(c.len_utf8());
    }

    fn is_literal(&self) -> bool {
        matches!(self.mode, Mode::Literal)
    }

    /// Go's `runesUntil` (with `\` escapes) or `runesUntilLiteral`.
    fn runes_until(&mut self, stops: &[char]) -> Run {
        let escapes = !self.is_literal();
        let mut text = String::new();
        loop {
            let Some(c) = self.read() else {
                return Run { text, stop: None };
            };
            if stops.contains(&c) {
                return Run {
                    text,
                    stop: Some(c),
                };
            }
            if c == '\\' && escapes {
                match self.read() {
                    Some(next) => text.push(next),
                    None => return Run { text, stop: None },
                }
            } else {
                text.push(c);
            }
        }
    }

    /// Go's `key`: one `name…=value` item below `data`.
    fn key(&mut self, data: &mut Entries, level: usize) -> Result<(), PErr> {
        stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.key_inner(data, level))
    }

    fn key_inner(&mut self, data: &mut Entries, level: usize) -> Result<(), PErr> {
        let stops: &[char] = if self.is_literal() {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let Run { text: k, stop } = self.runes_until(stops);
        match stop {
            None if k.is_empty() => Err(PErr::eof()),
            None => Err(PErr::msg(format!("key {} has no value", go_quote(&k)))),
            Some('[') => self.key_list(data, k, level),
            Some('=') => self.key_value(data, k),
            Some(',') => {
                set(data, &k, Value::str(""));
                Err(PErr::msg(format!(
                    "key {} has no value (cannot end with ,)",
                    go_quote(&k)
                )))
            }
            Some(_) => self.key_map(data, k, level),
        }
    }

    /// `name=value`.
    fn key_value(&mut self, data: &mut Entries, k: String) -> Result<(), PErr> {
        match self.mode {
            Mode::Literal => {
                let v = Value::str(self.rest());
                self.pos = self.src.len();
                set(data, &k, v);
                Ok(())
            }
            Mode::Json => {
                if self.empty_val() {
                    set(data, &k, Value::Nil);
                    return Ok(());
                }
                let v = self.json_value()?;
                set(data, &k, v);
                self.empty_val();
                Ok(())
            }
            _ => match self.val_list() {
                Ok(items) => {
                    set(data, &k, Value::list(items));
                    Ok(())
                }
                Err(ListErr::Eof) => {
                    set(data, &k, Value::str(""));
                    Err(PErr::eof())
                }
                Err(ListErr::NotList) => {
                    let text = self.val();
                    match self.read_value(&text) {
                        Ok(v) => {
                            set(data, &k, v);
                            Ok(())
                        }
                        Err(e) => {
                            set(data, &k, Value::Nil);
                            Err(e)
                        }
                    }
                }
                Err(ListErr::Other(e)) => Err(e),
            },
        }
    }

    /// `name.rest`: descends into (or creates) the map `name`.
    fn key_map(&mut self, data: &mut Entries, k: String, level: usize) -> Result<(), PErr> {
        let level = level + 1;
        if level > MAX_NESTED_NAME_LEVEL {
            return Err(PErr::msg(format!(
                "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
            )));
        }
        let existing = data.get(&k).map(as_map).transpose()?;
        let existed = existing.is_some();
        let mut inner = existing.unwrap_or_default();
        let r = self.key(&mut inner, level);
        if r.is_ok() && inner.is_empty() {
            return Err(PErr::msg(format!("key map {} has no value", go_quote(&k))));
        }
        // An existing map was mutated in place in Go, even under the empty key.
        if existed || (!inner.is_empty() && !k.is_empty()) {
            data.insert(k, Value::map(inner));
        }
        r
    }

    /// `name[i]rest`: descends into (or creates) the list `name`.
    fn key_list(&mut self, data: &mut Entries, k: String, level: usize) -> Result<(), PErr> {
        let i = self.key_index()?;
        let existing = data.get(&k).map(as_list).transpose()?;
        let orig_len = existing.as_ref().map(Vec::len);
        let mut list = existing.unwrap_or_default();
        let r = self.list_item(&mut list, i, level);
        if !k.is_empty() {
            data.insert(k, Value::list(list));
        } else if let Some(n) = orig_len {
            // `set` skips the empty key, but in-place writes to the old slice stay.
            list.truncate(n);
            data.insert(k, Value::list(list));
        }
        r
    }

    /// Go's `keyIndex`: the index up to `]`, wrapped as Go's callers wrap it.
    fn key_index(&mut self) -> Result<i64, PErr> {
        const PREFIX: &str = "error parsing index: ";
        let run = self.runes_until(&[']']);
        if run.stop.is_none() {
            return Err(PErr::eof().wrap(PREFIX));
        }
        atoi(&run.text).map_err(|m| PErr::msg(m).wrap(PREFIX))
    }

    /// Go's `listItem`: what follows `[i]`, stored at index `i` of `list`.
    fn list_item(&mut self, list: &mut Vec<Value>, i: i64, level: usize) -> Result<(), PErr> {
        stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || {
            self.list_item_inner(list, i, level)
        })
    }

    fn list_item_inner(&mut self, list: &mut Vec<Value>, i: i64, level: usize) -> Result<(), PErr> {
        if i < 0 {
            return Err(PErr::msg(format!("negative {i} index not allowed")));
        }
        let run = self.runes_until(&['[', '.', '=']);
        if !run.text.is_empty() {
            return Err(PErr::msg(format!(
                "unexpected data at end of array index: {}",
                quote_runes(&run.text)
            )));
        }
        match run.stop {
            None => Err(PErr::eof()),
            Some('=') => self.item_value(list, i),
            Some('[') => self.item_list(list, i, level),
            Some(_) => self.item_map(list, i, level),
        }
    }

    /// `[i]=value`.
    fn item_value(&mut self, list: &mut Vec<Value>, i: i64) -> Result<(), PErr> {
        match self.mode {
            Mode::Literal => {
                let v = Value::str(self.rest());
                self.pos = self.src.len();
                set_index(list, i, v)
            }
            Mode::Json => {
                if self.empty_val() {
                    return set_index(list, i, Value::Nil);
                }
                let v = self.json_value()?;
                set_index(list, i, v)?;
                self.empty_val();
                Ok(())
            }
            _ => match self.val_list() {
                Ok(items) => set_index(list, i, Value::list(items)),
                Err(ListErr::Eof) => set_index(list, i, Value::str("")),
                Err(ListErr::NotList) => {
                    let text = self.val();
                    let v = self.read_value(&text)?;
                    set_index(list, i, v)
                }
                Err(ListErr::Other(e)) => Err(e),
            },
        }
    }

    /// `[i][j]rest`: a list nested in a list.
    fn item_list(&mut self, list: &mut Vec<Value>, i: i64, level: usize) -> Result<(), PErr> {
        let next = self.key_index()?;
        let slot = usize::try_from(i).ok().filter(|&u| u < list.len());
        let existing = match slot.and_then(|u| list.get(u)) {
            None | Some(Value::Nil | Value::Invalid) => None,
            Some(v) => Some(as_list(v)?),
        };
        let alias_len = existing.as_ref().map(Vec::len);
        let mut inner = existing.unwrap_or_default();
        match self.list_item(&mut inner, next, level) {
            Ok(()) => set_index(list, i, Value::list(inner)),
            Err(e) => {
                // Go returns the outer list untouched, but the inner slice shares
                // its backing array with `list[i]`, so in-place writes show.
                if let (Some(n), Some(target)) = (alias_len, slot.and_then(|u| list.get_mut(u))) {
                    inner.truncate(n);
                    *target = Value::list(inner);
                }
                Err(e)
            }
        }
    }

    /// `[i].rest`: a map in a list.
    fn item_map(&mut self, list: &mut Vec<Value>, i: i64, level: usize) -> Result<(), PErr> {
        let slot = usize::try_from(i).ok().filter(|&u| u < list.len());
        let mut inner = match slot.and_then(|u| list.get(u)) {
            Some(Value::Map(m)) if m.ty == MapType::Any => m.entries.borrow().clone(),
            _ => Entries::new(),
        };
        let r = self.key(&mut inner, level);
        if let Some(target) = slot.and_then(|u| list.get_mut(u)) {
            // Go replaced `list[i]` by the (shared) inner map before recursing.
            *target = Value::map(inner);
            return r;
        }
        r?;
        set_index(list, i, Value::map(inner))
    }

    /// Go's `emptyVal`: skips spaces; true at a `,` (consumed) or at the end.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.read() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => {}
                Some(c) => {
                    self.unread(c);
                    return false;
                }
            }
        }
    }

    /// One JSON document at the current position (Go's `json.Decoder.Decode`).
    fn json_value(&mut self) -> Result<Value, PErr> {
        let (v, used) = json::decode_prefix(self.rest()).map_err(PErr::msg)?;
        self.pos += used;
        Ok(v)
    }

    /// Go's `val`: the text up to the next `,`.
    fn val(&mut self) -> String {
        self.runes_until(&[',']).text
    }

    /// Go's `valList`: a `{a,b,c}` list.
    fn val_list(&mut self) -> Result<Vec<Value>, ListErr> {
        match self.read() {
            None => return Err(ListErr::Eof),
            Some('{') => {}
            Some(c) => {
                self.unread(c);
                return Err(ListErr::NotList);
            }
        }
        let mut items = Vec::new();
        loop {
            let run = self.runes_until(&[',', '}']);
            match run.stop {
                None => return Err(ListErr::Other(PErr::msg("list must terminate with '}'"))),
                Some('}') => {
                    if let Some(c) = self.read() {
                        if c != ',' {
                            self.unread(c);
                        }
                    }
                    items.push(self.read_value(&run.text).map_err(ListErr::Other)?);
                    return Ok(items);
                }
                Some(_) => items.push(self.read_value(&run.text).map_err(ListErr::Other)?),
            }
        }
    }

    /// The parser's `reader`: turns the text of one value into a value.
    fn read_value(&self, text: &str) -> Result<Value, PErr> {
        match self.mode {
            Mode::Typed => Ok(typed_val(text)),
            Mode::File(read) => read(text).map(Value::str).map_err(PErr::msg),
            Mode::Strings | Mode::Json | Mode::Literal => Ok(Value::str(text)),
        }
    }
}

/// Go's `set`: stores unless the key is empty.
fn set(data: &mut Entries, key: &str, v: Value) {
    if !key.is_empty() {
        data.insert(key.to_string(), v);
    }
}

/// Go's `setIndex`: stores at `i`, padding the list with nils.
fn set_index(list: &mut Vec<Value>, i: i64, v: Value) -> Result<(), PErr> {
    if i < 0 {
        return Err(PErr::msg(format!("negative {i} index not allowed")));
    }
    if i > MAX_INDEX {
        return Err(PErr::msg(format!(
            "index of {i} is greater than maximum supported index of {MAX_INDEX}"
        )));
    }
    let u = usize::try_from(i).unwrap_or(0);
    if list.len() <= u {
        list.resize(u + 1, Value::Nil);
    }
    if let Some(slot) = list.get_mut(u) {
        *slot = v;
    }
    Ok(())
}

/// `v.(map[string]any)`, with the message of Go's recovered panic.
fn as_map(v: &Value) -> Result<Entries, PErr> {
    match v {
        Value::Map(m) if m.ty == MapType::Any => Ok(m.entries.borrow().clone()),
        other => Err(conversion_error(other, "map[string]interface {}")),
    }
}

/// `v.([]any)`, with the message of Go's recovered panic.
fn as_list(v: &Value) -> Result<Vec<Value>, PErr> {
    match v {
        Value::List(l) if l.ty == ListType::Any => Ok(l.items.to_vec()),
        other => Err(conversion_error(other, "[]interface {}")),
    }
}

fn conversion_error(v: &Value, want: &str) -> PErr {
    let have = match v {
        Value::Nil | Value::Invalid => "nil".to_string(),
        other => other.type_name(),
    };
    PErr::msg(format!(
        "unable to parse key: interface conversion: interface {{}} is {have}, not {want}"
    ))
}

/// Go's `strconv.Atoi`, with its error texts.
fn atoi(s: &str) -> Result<i64, String> {
    s.parse::<i64>().map_err(|e| {
        let why = match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                "value out of range"
            }
            _ => "invalid syntax",
        };
        format!("strconv.Atoi: parsing {}: {why}", go_quote(s))
    })
}

/// Helm's `typedVal` for `--set`: bools, null, int64, else string.
pub(super) fn typed_val(s: &str) -> Value {
    if equal_fold_ascii(s, "true") {
        return Value::Bool(true);
    }
    if equal_fold_ascii(s, "false") {
        return Value::Bool(false);
    }
    if equal_fold_ascii(s, "null") {
        return Value::Nil;
    }
    if s == "0" {
        return Value::int64(0);
    }
    if !s.is_empty() && !s.starts_with('0') {
        if let Ok(i) = s.parse::<i64>() {
            return Value::int64(i);
        }
    }
    Value::str(s)
}

/// Go's `strings.EqualFold` against a lower-case ASCII word (Unicode simple
/// folding adds `ſ` to the orbit of `s` and the Kelvin sign to that of `k`).
fn equal_fold_ascii(s: &str, word: &str) -> bool {
    let mut a = s.chars();
    let mut b = word.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(c), Some(w)) => {
                let same = c.to_ascii_lowercase() == w
                    || (w == 's' && c == '\u{17F}')
                    || (w == 'k' && c == '\u{212A}');
                if !same {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Go's `%q` of a `[]rune`: `['a' 'b']`.
fn quote_runes(s: &str) -> String {
    let parts: Vec<String> = s.chars().map(quote_rune).collect();
    format!("[{}]", parts.join(" "))
}

/// Go's `strconv.QuoteRune`.
fn quote_rune(c: char) -> String {
    let body = match c {
        '\'' => "\\'".to_string(),
        '\\' => "\\\\".to_string(),
        c if is_go_printable(c) => c.to_string(),
        '\x07' => "\\a".to_string(),
        '\x08' => "\\b".to_string(),
        '\x0c' => "\\f".to_string(),
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        '\t' => "\\t".to_string(),
        '\x0b' => "\\v".to_string(),
        c if (c as u32) < 0x80 => format!("\\x{:02x}", c as u32),
        c if (c as u32) < 0x10000 => format!("\\u{:04x}", c as u32),
        c => format!("\\U{:08x}", c as u32),
    };
    format!("'{body}'")
}
