//! TOML decoding as Helm's `fromToml` does it: `toml.Unmarshal` of
//! `github.com/BurntSushi/toml` v1.6.0 into a `map[string]interface{}`.
//!
//! This is a port of that library's parser (`parse.go`) over the lexer in
//! [`super::toml_lex`], with the same bookkeeping of implicit tables and key types,
//! so that documents are accepted or rejected exactly as Helm does and errors carry
//! BurntSushi's text: `toml: line N (last key "k"): message`.
//!
//! Results: integers are `int64`, floats `float64`, datetimes `time.Time`, arrays
//! `[]interface {}`, tables `map[string]interface {}` and arrays of tables
//! `[]map[string]interface {}`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::funcs::sprig2::gotime::{GoTime, TimeObj};
use crate::template::value::{Entries, ListType, Value};

use super::toml::key_string;
use super::toml_datetime::parse_datetime;
use super::toml_lex::{is_hex, lex, q_str, Item, ItemType};

/// Why decoding failed.
#[derive(Clone, Debug, PartialEq)]
pub enum TomlDecodeError {
    /// A `toml.ParseError`: `fromToml` stores its text under `Error`.
    Parse(String),
    /// An internal panic of the library (`BUG: ...`), which fails the template.
    Panic(String),
}

/// `toml.Unmarshal([]byte(s), &m)` for `m map[string]interface{}`: the decoded
/// document or the error.
pub fn from_toml(s: &str) -> Result<Entries, TomlDecodeError> {
    let data = s.strip_prefix('\u{feff}').unwrap_or(s);
    if data.as_bytes().iter().take(6).any(|b| *b == 0) {
        return Err(TomlDecodeError::Parse(
            "toml: line 1: files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8"
                .into(),
        ));
    }
    let mut p = Parser {
        items: lex(data),
        idx: 0,
        context: Vec::new(),
        current_key: String::new(),
        pos_line: 0,
        key_info: HashMap::new(),
        mapping: new_table(),
        implicits: HashSet::new(),
    };
    loop {
        let item = p.next()?;
        if item.typ == ItemType::Eof {
            break;
        }
        p.top_level(item)?;
    }
    let entries = table_entries(&p.mapping);
    Ok(entries)
}

type Table = Rc<RefCell<HashMap<String, Node>>>;

fn new_table() -> Table {
    Rc::new(RefCell::new(HashMap::new()))
}

/// A parsed TOML value (Go's `any` inside the parser's mapping).
#[derive(Clone, Debug)]
enum Node {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Time(GoTime),
    Array(Vec<Node>),
    Table(Table),
    Tables(Vec<Table>),
}

/// BurntSushi's TOML types, as recorded per key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TType {
    Integer,
    Float,
    Datetime,
    String,
    Bool,
    Array,
    Hash,
    ArrayHash,
}

fn table_entries(t: &Table) -> Entries {
    t.borrow()
        .iter()
        .map(|(k, v)| (k.clone(), to_value(v)))
        .collect::<Entries>()
}

fn to_value(n: &Node) -> Value {
    stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || match n {
        Node::Str(s) => Value::from(s.as_str()),
        Node::Int(i) => Value::int64(*i),
        Node::Float(f) => Value::float(*f),
        Node::Bool(b) => Value::Bool(*b),
        Node::Time(t) => TimeObj::value(t.clone()),
        Node::Array(items) => Value::list(items.iter().map(to_value).collect()),
        Node::Table(t) => Value::map(table_entries(t)),
        Node::Tables(ts) => Value::typed_list(
            ListType::MapAny,
            ts.iter().map(|t| Value::map(table_entries(t))).collect(),
        ),
    })
}

type R<T = ()> = Result<T, TomlDecodeError>;

struct Parser {
    items: Vec<Item>,
    idx: usize,
    context: Vec<String>,
    current_key: String,
    pos_line: i64,
    key_info: HashMap<String, TType>,
    mapping: Table,
    implicits: HashSet<String>,
}

fn bug<T>(msg: String) -> R<T> {
    Err(TomlDecodeError::Panic(format!("BUG: {msg}\n\n")))
}

impl Parser {
    /// `p.current()`: the full key being parsed (its last piece unquoted).
    fn current(&self) -> String {
        if self.current_key.is_empty() {
            return key_string(&self.context);
        }
        if self.context.is_empty() {
            return self.current_key.clone();
        }
        format!("{}.{}", key_string(&self.context), self.current_key)
    }

    fn error_at<T>(&self, line: i64, msg: String) -> R<T> {
        let last = self.current();
        Err(TomlDecodeError::Parse(if last.is_empty() {
            format!("toml: line {line}: {msg}")
        } else {
            format!("toml: line {line} (last key {}): {msg}", q_str(&last))
        }))
    }

    /// `p.panicf`: an error at the position of the last key read.
    fn panicf<T>(&self, msg: String) -> R<T> {
        self.error_at(self.pos_line, msg)
    }

    fn next(&mut self) -> R<Item> {
        let Some(it) = self.items.get(self.idx).cloned() else {
            return bug("lexer stopped early".into());
        };
        self.idx += 1;
        if it.typ == ItemType::Error {
            return self.error_at(it.line, it.val);
        }
        Ok(it)
    }

    fn next_pos(&mut self) -> R<Item> {
        let it = self.next()?;
        self.pos_line = it.line;
        Ok(it)
    }

    fn expect_text(&mut self) -> R {
        let it = self.next()?;
        if it.typ != ItemType::Text {
            return bug(format!("Expected 'Text' but got '{:?}'.", it.typ));
        }
        Ok(())
    }

    /// Reads key pieces up to (and including) the item of type `end`.
    fn read_key(&mut self, end: ItemType) -> R<Vec<String>> {
        let mut name = self.next_pos()?;
        let mut key = Vec::new();
        while name.typ != end && name.typ != ItemType::Eof {
            key.push(self.key_string(&name)?);
            name = self.next()?;
        }
        if name.typ != end || key.is_empty() {
            return bug(format!("Expected '{end:?}' but got '{:?}'.", name.typ));
        }
        Ok(key)
    }

    fn top_level(&mut self, item: Item) -> R {
        match item.typ {
            ItemType::CommentStart => self.expect_text(),
            ItemType::TableStart | ItemType::ArrayTableStart => {
                let array = item.typ == ItemType::ArrayTableStart;
                let end = if array {
                    ItemType::ArrayTableEnd
                } else {
                    ItemType::TableEnd
                };
                let key = self.read_key(end)?;
                self.add_context(&key, array)?;
                self.set_type("", if array { TType::ArrayHash } else { TType::Hash });
                Ok(())
            }
            ItemType::KeyStart => {
                let outer = self.context.clone();
                self.key_value()?;
                self.context = outer;
                self.current_key.clear();
                Ok(())
            }
            other => bug(format!("Unexpected type at top level: {other:?}")),
        }
    }

    /// A `key = value` line (or inline-table entry); returns the dotted-key parents
    /// and the value. Leaves the context at the key's table.
    fn key_value(&mut self) -> R<(Vec<String>, Node)> {
        let mut key = self.read_key(ItemType::KeyEnd)?;
        let last = key.pop().unwrap_or_default();
        self.current_key = last.clone();
        for part in &key {
            let mut c = self.context.clone();
            c.push(part.clone());
            self.add_implicit(&c);
            self.add_context(&c, false)?;
        }
        let v_item = self.next()?;
        let (val, typ) = self.value(&v_item, false)?;
        self.set_value(&last, val.clone())?;
        self.set_type(&last, typ);
        Ok((key, val))
    }

    fn key_string(&mut self, it: &Item) -> R<String> {
        match it.typ {
            ItemType::Text => Ok(it.val.clone()),
            ItemType::String
            | ItemType::StringEsc
            | ItemType::MultilineString
            | ItemType::RawString
            | ItemType::RawMultilineString => match self.value(it, false)? {
                (Node::Str(s), _) => Ok(s),
                _ => bug("Unexpected key value".into()),
            },
            other => bug(format!("Unexpected key type: {other:?}")),
        }
    }

    fn value(&mut self, it: &Item, parent_is_array: bool) -> R<(Node, TType)> {
        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || {
            self.value_inner(it, parent_is_array)
        })
    }

    fn value_inner(&mut self, it: &Item, parent_is_array: bool) -> R<(Node, TType)> {
        let s = |v: String| Ok((Node::Str(v), TType::String));
        match it.typ {
            ItemType::String | ItemType::RawString => s(it.val.clone()),
            ItemType::StringEsc => s(self.replace_escapes(it, &it.val)?),
            ItemType::MultilineString => {
                let stripped = strip_escaped_newlines(strip_first_newline(&it.val));
                s(self.replace_escapes(it, &stripped)?)
            }
            ItemType::RawMultilineString => s(strip_first_newline(&it.val).to_string()),
            ItemType::Integer => self.value_integer(it),
            ItemType::Float => self.value_float(it),
            ItemType::Bool => match it.val.as_str() {
                "true" => Ok((Node::Bool(true), TType::Bool)),
                "false" => Ok((Node::Bool(false), TType::Bool)),
                v => bug(format!("Expected boolean value, but got '{v}'.")),
            },
            ItemType::Datetime => {
                let v: String = it
                    .val
                    .chars()
                    .map(|c| match c {
                        'z' => 'Z',
                        't' | ' ' => 'T',
                        c => c,
                    })
                    .collect();
                match parse_datetime(&v) {
                    Some(t) => Ok((Node::Time(t), TType::Datetime)),
                    None => self.error_at(it.line, format!("invalid datetime: {}", q_str(&v))),
                }
            }
            ItemType::Array => self.value_array(),
            ItemType::InlineTableStart => self.value_inline_table(parent_is_array),
            other => bug(format!("Unexpected value type: {other:?}")),
        }
    }

    fn value_integer(&mut self, it: &Item) -> R<(Node, TType)> {
        let v = &it.val;
        if !num_underscores_ok(v) {
            return self.error_at(
                it.line,
                format!(
                    "Invalid integer {}: underscores must be surrounded by digits",
                    q_str(v)
                ),
            );
        }
        if num_has_leading_zero(v) {
            return self.error_at(
                it.line,
                format!("Invalid integer {}: cannot have leading zeroes", q_str(v)),
            );
        }
        match parse_int(v) {
            Some(Ok(n)) => Ok((Node::Int(n), TType::Integer)),
            Some(Err(())) => self.error_at(it.line, format!("{v} is out of range for int64")),
            None => bug(format!("Expected integer value, but got '{v}'.")),
        }
    }

    fn value_float(&mut self, it: &Item) -> R<(Node, TType)> {
        let v = &it.val;
        let parts: Vec<&str> = v.split(['.', 'e', 'E']).filter(|p| !p.is_empty()).collect();
        if parts.iter().any(|p| !num_underscores_ok(p)) {
            return self.error_at(
                it.line,
                format!(
                    "Invalid float {}: underscores must be surrounded by digits",
                    q_str(v)
                ),
            );
        }
        if parts.first().is_some_and(|p| num_has_leading_zero(p)) {
            return self.error_at(
                it.line,
                format!("Invalid float {}: cannot have leading zeroes", q_str(v)),
            );
        }
        if !num_periods_ok(v) {
            return self.error_at(
                it.line,
                format!(
                    "Invalid float {}: '.' must be followed by one or more digits",
                    q_str(v)
                ),
            );
        }
        let mut val = v.replace('_', "");
        let neg_nan = val == "-nan";
        if val == "+nan" || neg_nan {
            val = "nan".into();
        }
        match parse_float(&val) {
            Some(f) if f.is_infinite() && !val.contains("inf") => {
                self.error_at(it.line, format!("{v} is out of range for float64"))
            }
            Some(f) => Ok((
                Node::Float(if neg_nan { -f64::NAN } else { f }),
                TType::Float,
            )),
            None => self.error_at(it.line, format!("Invalid float value: {}", q_str(v))),
        }
    }

    fn value_array(&mut self) -> R<(Node, TType)> {
        let key = self.current_key.clone();
        self.set_type(&key, TType::Array);
        let mut array = Vec::new();
        loop {
            let it = self.next()?;
            match it.typ {
                ItemType::ArrayEnd => break,
                ItemType::CommentStart => self.expect_text()?,
                _ => array.push(self.value(&it, true)?.0),
            }
        }
        Ok((Node::Array(array), TType::Array))
    }

    fn value_inline_table(&mut self, parent_is_array: bool) -> R<(Node, TType)> {
        let top = new_table();
        let outer_context = self.context.clone();
        let outer_key = std::mem::take(&mut self.current_key);
        self.context.push(outer_key.clone());
        let prev_context = self.context.clone();
        self.add_implicit(&prev_context);
        self.add_context(&prev_context, parent_is_array)?;
        loop {
            let it = self.next()?;
            match it.typ {
                ItemType::InlineTableEnd => break,
                ItemType::CommentStart => {
                    self.expect_text()?;
                    continue;
                }
                _ => {}
            }
            let (parents, val) = self.key_value()?;
            let mut hash = top.clone();
            for c in &parents {
                let existing = hash.borrow().get(c).cloned();
                let h = match existing {
                    Some(n) => n,
                    None => {
                        let n = Node::Table(new_table());
                        hash.borrow_mut().insert(c.clone(), n.clone());
                        n
                    }
                };
                match h {
                    Node::Table(t) => hash = t,
                    _ => {
                        return self.panicf(format!(
                            "{} is not a table",
                            q_str(&key_string(&self.context))
                        ))
                    }
                }
            }
            hash.borrow_mut().insert(self.current_key.clone(), val);
            self.context = prev_context.clone();
        }
        self.context = outer_context;
        self.current_key = outer_key;
        Ok((Node::Table(top), TType::Hash))
    }

    /// `p.addContext`: makes `key` the current table (or a new element of the
    /// array of tables `key`), creating implicit parents.
    fn add_context(&mut self, key: &[String], array: bool) -> R {
        let Some((last, parents)) = key.split_last() else {
            return bug("empty key".into());
        };
        let mut hash = self.mapping.clone();
        let mut key_context = Vec::new();
        for k in parents {
            key_context.push(k.clone());
            if !hash.borrow().contains_key(k) {
                self.add_implicit(&key_context);
                hash.borrow_mut()
                    .insert(k.clone(), Node::Table(new_table()));
            }
            let next = match hash.borrow().get(k) {
                Some(Node::Tables(ts)) => ts.last().cloned(),
                Some(Node::Table(t)) => Some(t.clone()),
                _ => None,
            };
            match next {
                Some(t) => hash = t,
                None => {
                    return self.panicf(format!(
                        "Key '{}' was already created as a hash.",
                        key_string(&key_context)
                    ))
                }
            }
        }
        self.context = key_context;
        if array {
            let mut h = hash.borrow_mut();
            let entry = h.entry(last.clone()).or_insert(Node::Tables(Vec::new()));
            if let Node::Tables(ts) = entry {
                ts.push(new_table());
            } else {
                drop(h);
                return self.panicf(format!(
                    "Key '{}' was already created and cannot be used as an array.",
                    key_string(key)
                ));
            }
        } else {
            self.set_value(last, Node::Table(new_table()))?;
        }
        self.context.push(last.clone());
        Ok(())
    }

    /// `p.setValue`: sets `key` in the current context, allowing one concrete
    /// definition of an implicit table and replacing arrays built for inline tables.
    fn set_value(&mut self, key: &str, value: Node) -> R {
        let mut hash = self.mapping.clone();
        let mut key_context = Vec::new();
        for k in &self.context {
            key_context.push(k.clone());
            let next = match hash.borrow().get(k) {
                None => {
                    return bug(format!(
                        "Context for key '{}' has not been established.",
                        key_string(&key_context)
                    ))
                }
                Some(Node::Tables(ts)) => ts.last().cloned(),
                Some(Node::Table(t)) => Some(t.clone()),
                Some(_) => None,
            };
            match next {
                Some(t) => hash = t,
                None => {
                    return self.panicf(format!(
                        "Key '{}' has already been defined.",
                        key_string(&key_context)
                    ))
                }
            }
        }
        key_context.push(key.to_string());
        let exists = hash.borrow().contains_key(key);
        if exists {
            if self.is_array(&key_context) {
                if !self.is_implicit(&key_context) {
                    return self.panicf(format!(
                        "Key '{}' has already been defined.",
                        key_string(&key_context)
                    ));
                }
                self.implicits.remove(&key_string(&key_context));
                hash.borrow_mut().insert(key.to_string(), value);
                return Ok(());
            }
            if self.is_implicit(&key_context) {
                self.implicits.remove(&key_string(&key_context));
                return Ok(());
            }
            return self.panicf(format!(
                "Key '{}' has already been defined.",
                key_string(&key_context)
            ));
        }
        hash.borrow_mut().insert(key.to_string(), value);
        Ok(())
    }

    fn set_type(&mut self, key: &str, typ: TType) {
        let mut kc = self.context.clone();
        if !key.is_empty() {
            kc.push(key.to_string());
        }
        if kc.is_empty() {
            kc.push(String::new());
        }
        self.key_info.insert(key_string(&kc), typ);
    }

    fn add_implicit(&mut self, key: &[String]) {
        self.implicits.insert(key_string(key));
    }

    fn is_implicit(&self, key: &[String]) -> bool {
        self.implicits.contains(&key_string(key))
    }

    fn is_array(&self, key: &[String]) -> bool {
        self.key_info.get(&key_string(key)) == Some(&TType::Array)
    }

    /// `p.replaceEscapes` for basic strings.
    fn replace_escapes(&self, it: &Item, s: &str) -> R<String> {
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut chars = s.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(&e) = b.get(i + 1) else {
                return bug("Escape sequence at end of string.".into());
            };
            let (ch, skip) = match e {
                b' ' | b'\t' => {
                    return self.error_at(it.line, format!("invalid escape: '\\{}'", e as char))
                }
                b'b' => ('\x08', 1),
                b't' => ('\t', 1),
                b'n' => ('\n', 1),
                b'f' => ('\x0c', 1),
                b'r' => ('\r', 1),
                b'e' => ('\x1b', 1),
                b'"' => ('"', 1),
                b'\\' => ('\\', 1),
                b'x' => (self.hex_escape(it, s.get(i + 2..i + 4))?, 3),
                b'u' => (self.hex_escape(it, s.get(i + 2..i + 6))?, 5),
                b'U' => (self.hex_escape(it, s.get(i + 2..i + 10))?, 9),
                other => {
                    return bug(format!(
                        "Expected valid escape code after \\, but got {}.",
                        q_str(&(other as char).to_string())
                    ))
                }
            };
            out.push(ch);
            for _ in 0..skip {
                chars.next();
            }
        }
        Ok(out)
    }

    fn hex_escape(&self, it: &Item, digits: Option<&str>) -> R<char> {
        let Some(d) = digits.filter(|d| d.chars().all(is_hex)) else {
            return bug("Could not parse escape as a hexadecimal number".into());
        };
        let n = u32::from_str_radix(d, 16).unwrap_or(u32::MAX);
        match char::from_u32(n) {
            Some(c) => Ok(c),
            None => self.error_at(
                it.line,
                format!("Escaped character '\\u{d}' is not valid UTF-8."),
            ),
        }
    }
}

fn strip_first_newline(s: &str) -> &str {
    s.strip_prefix('\n')
        .or_else(|| s.strip_prefix("\r\n"))
        .unwrap_or(s)
}

/// `stripEscapedNewlines`: drops a line-ending backslash and the whitespace after it.
fn strip_escaped_newlines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut s = s;
    let mut i = 0;
    loop {
        let Some(ix) = s.get(i..).and_then(|r| r.find('\\')) else {
            out.push_str(s);
            return out;
        };
        i += ix;
        let b = s.as_bytes();
        if b.get(i + 1) == Some(&b'\\') {
            i += 2;
            continue;
        }
        let mut j = i + 1;
        while matches!(b.get(j), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            j += 1;
        }
        if j == i + 1 || !s[i..j].contains('\n') {
            i += 1;
            continue;
        }
        out.push_str(&s[..i]);
        s = &s[j..];
        i = 0;
    }
}

/// `numHasLeadingZero`.
fn num_has_leading_zero(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() > 1 && b[0] == b'0' && !matches!(b[1], b'b' | b'o' | b'x') {
        return true;
    }
    b.len() > 2 && matches!(b[0], b'-' | b'+') && b[1] == b'0'
}

/// `numUnderscoresOK`: every `_` sits between hex digits.
fn num_underscores_ok(s: &str) -> bool {
    if matches!(s, "nan" | "+nan" | "-nan" | "inf" | "-inf" | "+inf") {
        return true;
    }
    let mut accept = false;
    for r in s.chars() {
        if r == '_' && !accept {
            return false;
        }
        accept = is_hex(r);
    }
    accept
}

/// `numPeriodsOK`: every `.` is followed by a digit.
fn num_periods_ok(s: &str) -> bool {
    let mut period = false;
    for r in s.chars() {
        if period && !r.is_ascii_digit() {
            return false;
        }
        period = r == '.';
    }
    !period
}

/// `strconv.ParseInt(s, 0, 64)` for the integers the lexer produces: `None` for a
/// syntax error, `Some(Err)` when out of range.
fn parse_int(s: &str) -> Option<Result<i64, ()>> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else {
        (10, body)
    };
    let digits = digits.replace('_', "");
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let mut n: i128 = 0;
    for c in digits.chars() {
        n = n * i128::from(radix) + i128::from(c.to_digit(radix).unwrap_or(0));
        if n > i128::from(i64::MAX) + 1 {
            return Some(Err(()));
        }
    }
    let n = if neg { -n } else { n };
    Some(i64::try_from(n).map_err(|_| ()))
}

/// `strconv.ParseFloat(s, 64)` for the float tokens the lexer produces (an
/// overflow shows as an infinity).
fn parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let body = s.trim_start_matches(['+', '-']);
    if b.len() - body.len() > 1 {
        return None;
    }
    if matches!(body, "inf" | "nan") {
        return s.parse().ok();
    }
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    s.parse().ok()
}
