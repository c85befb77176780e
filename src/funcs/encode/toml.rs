//! TOML encoding of template values, byte for byte as `github.com/BurntSushi/toml`
//! v1.6.0's `Encoder` writes it (Helm's `toToml` and `mustToToml`).
//!
//! The layout rules of that encoder, all reproduced here:
//!
//! * map keys are sorted; in every table the keys whose values are not tables come
//!   first, then the sub-tables and arrays of tables;
//! * a `[table]` or `[[array]]` header and the keys under it are indented two spaces
//!   per nesting level beyond the first; a blank line precedes every top-level table
//!   and every `[[array]]` element;
//! * arrays whose elements are all tables become `[[arrays of tables]]`, other arrays
//!   are written inline (`[1, {a = 1}]`), with inline tables for their maps;
//! * `nil` map values are skipped (inline tables still write the comma before a
//!   skipped last key, as BurntSushi does), a `nil` array element is an error;
//! * floats use Go's shortest `%g` plus `.0` when that has no `.` or exponent;
//! * `time.Time` values are bare RFC 3339 datetimes; the local datetime, date and
//!   time values that [`super::toml_decode`] produces keep their TOML form.
//!
//! A top-level scalar or non-table array is written as a bare value without a
//! trailing newline, as BurntSushi does.

use std::rc::Rc;

use crate::funcs::sprig2::gotime::{as_time, GoTime};
use crate::template::value::{FloatKind, Kind, UintKind, Value};

use super::number::go_float_g_shortest;

/// Nesting depth past which the encoder gives up (Go would overflow its stack on a
/// cyclic map).
const MAX_DEPTH: usize = 10_000;

/// Runs a recursive step on a stack segment with room to spare.
fn grow<T>(f: impl FnOnce() -> T) -> T {
    stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, f)
}

/// Why an encoding failed.
#[derive(Clone, Debug, PartialEq)]
pub enum TomlEncodeError {
    /// An error that BurntSushi's `Encode` returns: `toToml` returns its text,
    /// `mustToToml` fails the template with it.
    Encode(String),
    /// A Go runtime panic inside the encoder (e.g. `toToml nil`): both functions
    /// fail the template with it.
    Panic(String),
}

type R<T = ()> = Result<T, TomlEncodeError>;

/// `toml.NewEncoder(buf).Encode(v)`: the document BurntSushi writes for `v`.
pub fn to_toml(v: &Value) -> Result<String, TomlEncodeError> {
    if v.is_nil_or_invalid() {
        return Err(TomlEncodeError::Panic(
            "reflect: call of reflect.Value.Type on zero Value".into(),
        ));
    }
    let mut enc = Encoder {
        out: String::new(),
        has_written: false,
        depth: 0,
    };
    enc.encode(&[], v)?;
    Ok(enc.out)
}

/// The TOML spelling of a key path (`a."b c".d`), as BurntSushi's `Key.String`.
pub(crate) fn key_string(key: &[String]) -> String {
    let parts: Vec<String> = key.iter().map(|k| maybe_quoted(k)).collect();
    parts.join(".")
}

/// One key piece, bare when it only has `A-Za-z0-9_-`, otherwise a basic string.
fn maybe_quoted(k: &str) -> String {
    if k.is_empty() {
        return "\"\"".into();
    }
    if k.chars().all(is_bare_key_char) {
        return k.to_string();
    }
    format!("\"{}\"", escape(k))
}

/// Characters allowed in a bare TOML key.
pub(crate) fn is_bare_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// BurntSushi's `dblQuotedReplacer`: `"` and `\` escaped, `\b \t \n \f \r` by name,
/// other C0 controls and DEL as `\u00XX`.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x08' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\x0c' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' || c == '\x7f' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The TOML types BurntSushi classifies Go values into.
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

/// A value as the encoder sees it after following Go's interfaces and pointers.
enum View {
    Nil,
    Time(GoTime),
    Scalar(Value),
    List(Rc<Vec<Value>>),
    Map(Vec<Field>),
    /// Struct fields in declaration order.
    Struct(Vec<Field>),
}

/// A map entry or struct field; `index` is the field's position in its struct.
struct Field {
    index: usize,
    key: String,
    value: Value,
}

/// Exported fields of the Go structs that templates can reach, with their index
/// among all fields (unexported ones included), in declaration order: the encoder
/// writes structs field by field, unsorted, and its comma rule for inline structs
/// compares that index with the number of exported fields.
fn struct_fields(type_name: &str) -> Option<&'static [(usize, &'static str)]> {
    Some(match type_name {
        "*common.Capabilities" | "common.Capabilities" => {
            &[(0, "KubeVersion"), (1, "APIVersions"), (2, "HelmVersion")]
        }
        // `normalizedVersion` (unexported) is field 1.
        "common.KubeVersion" | "*common.KubeVersion" => {
            &[(0, "Version"), (2, "Major"), (3, "Minor")]
        }
        "version.BuildInfo" => &[
            (0, "Version"),
            (1, "GitCommit"),
            (2, "GitTreeState"),
            (3, "GoVersion"),
            (4, "KubeClientVersion"),
        ],
        _ => return None,
    })
}

fn view(v: &Value) -> View {
    match v {
        Value::Invalid | Value::Nil => View::Nil,
        Value::List(l) => View::List(l.items.clone()),
        Value::Bytes(b) => View::List(Rc::new(
            b.iter()
                .map(|x| Value::Uint(u64::from(*x), UintKind::U8))
                .collect(),
        )),
        Value::Map(m) => View::Map(
            m.entries
                .borrow()
                .iter()
                .enumerate()
                .map(|(index, (k, v))| Field {
                    index,
                    key: k.clone(),
                    value: v.clone(),
                })
                .collect(),
        ),
        Value::Object(o) => {
            if let Some(t) = as_time(v) {
                return View::Time(t);
            }
            if matches!(o.kind(), Kind::Struct | Kind::Ptr) {
                if let Some(fields) = struct_fields(&o.type_name()) {
                    return View::Struct(
                        fields
                            .iter()
                            .map(|(index, name)| Field {
                                index: *index,
                                key: name.to_string(),
                                value: o.field(name).unwrap_or(Value::Nil),
                            })
                            .collect(),
                    );
                }
            }
            match o.to_data() {
                Value::Object(_) => View::Nil,
                data => view(&data),
            }
        }
        _ => View::Scalar(v.clone()),
    }
}

fn is_table(t: Option<TType>) -> bool {
    matches!(t, Some(TType::Hash | TType::ArrayHash))
}

struct Encoder {
    out: String,
    has_written: bool,
    depth: usize,
}

impl Encoder {
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        self.has_written = true;
    }

    fn newline(&mut self) {
        if self.has_written {
            self.write("\n");
        }
    }

    fn indent(&mut self, key: &[String]) {
        for _ in 1..key.len() {
            self.write("  ");
        }
    }

    fn enter(&mut self) -> R {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(TomlEncodeError::Panic(
                "toml: value nested too deeply (or cyclic)".into(),
            ));
        }
        Ok(())
    }

    /// BurntSushi's `tomlTypeOfGo`: `None` for nil; errors for unsupported kinds and
    /// for arrays holding nil.
    fn toml_type(&mut self, v: &Value) -> R<Option<TType>> {
        grow(|| self.toml_type_inner(v))
    }

    fn toml_type_inner(&mut self, v: &Value) -> R<Option<TType>> {
        if let Value::Map(_) = v {
            return Ok(Some(TType::Hash));
        }
        Ok(Some(match view(v) {
            View::Nil => return Ok(None),
            View::Time(_) => TType::Datetime,
            View::Map(_) | View::Struct(_) => TType::Hash,
            View::List(items) => {
                self.enter()?;
                let table = self.is_table_array(&items)?;
                self.depth -= 1;
                if table {
                    TType::ArrayHash
                } else {
                    TType::Array
                }
            }
            View::Scalar(s) => match s {
                Value::Bool(_) => TType::Bool,
                Value::Int(..) | Value::Uint(..) => TType::Integer,
                Value::Float(..) => TType::Float,
                Value::String(_) => TType::String,
                other => {
                    return Err(TomlEncodeError::Encode(format!(
                        "unsupported type: {}",
                        other.kind().name()
                    )))
                }
            },
        }))
    }

    /// Whether every element is a table (false for an empty array); every element
    /// is classified, so a nil anywhere is an error.
    fn is_table_array(&mut self, items: &[Value]) -> R<bool> {
        let mut all = !items.is_empty();
        for item in items {
            match self.toml_type(item)? {
                None => {
                    return Err(TomlEncodeError::Encode(
                        "toml: cannot encode array with nil element".into(),
                    ))
                }
                Some(t) => all = all && t == TType::Hash,
            }
        }
        Ok(all)
    }

    fn encode(&mut self, key: &[String], v: &Value) -> R {
        grow(|| self.encode_inner(key, v))
    }

    fn encode_inner(&mut self, key: &[String], v: &Value) -> R {
        self.enter()?;
        match view(v) {
            View::Nil => {}
            View::Time(_) => self.write_key_value(key, v, false)?,
            View::Scalar(Value::Complex(..)) => {
                return Err(TomlEncodeError::Encode(format!(
                    "unsupported type for key '{}': complex128",
                    key_string(key)
                )))
            }
            View::Scalar(_) => self.write_key_value(key, v, false)?,
            View::List(items) => {
                if self.toml_type(v)? == Some(TType::ArrayHash) {
                    self.array_of_tables(key, &items)?;
                } else {
                    self.write_key_value(key, v, false)?;
                }
            }
            View::Map(entries) => self.table(key, &entries, false)?,
            View::Struct(fields) => self.table(key, &fields, true)?,
        }
        self.depth -= 1;
        Ok(())
    }

    fn table(&mut self, key: &[String], entries: &[Field], is_struct: bool) -> R {
        if key.len() == 1 {
            self.newline();
        }
        if !key.is_empty() {
            self.indent(key);
            self.write(&format!("[{}]", key_string(key)));
            self.newline();
        }
        self.map_or_struct(key, entries, is_struct, false)
    }

    fn array_of_tables(&mut self, key: &[String], items: &[Value]) -> R {
        if key.is_empty() {
            return Err(TomlEncodeError::Encode(
                "toml: top-level values must be Go maps or structs".into(),
            ));
        }
        for item in items {
            let (entries, is_struct) = match view(item) {
                View::Map(e) => (e, false),
                View::Struct(f) => (f, true),
                _ => continue,
            };
            self.newline();
            self.indent(key);
            self.write(&format!("[[{}]]", key_string(key)));
            self.newline();
            self.map_or_struct(key, &entries, is_struct, false)?;
        }
        Ok(())
    }

    /// `eMap` / `eStruct`: direct keys first, then tables; inline as `{k = v, ...}`.
    fn map_or_struct(
        &mut self,
        key: &[String],
        entries: &[Field],
        is_struct: bool,
        inline: bool,
    ) -> R {
        let mut direct = Vec::new();
        let mut sub = Vec::new();
        for f in entries {
            if is_table(self.toml_type(&f.value)?) {
                sub.push(f);
            } else {
                direct.push(f);
            }
        }
        if inline {
            self.write("{");
        }
        let total = entries.len();
        for (group, trail) in [(&direct, !sub.is_empty()), (&sub, false)] {
            for (n, f) in group.iter().enumerate() {
                if f.value.is_nil_or_invalid() {
                    continue;
                }
                if inline {
                    self.write_key_value(std::slice::from_ref(&f.key), &f.value, true)?;
                    let more = if is_struct {
                        f.index + 1 != total
                    } else {
                        trail || n + 1 != group.len()
                    };
                    if more {
                        self.write(", ");
                    }
                } else {
                    let mut child = key.to_vec();
                    child.push(f.key.clone());
                    self.encode(&child, &f.value)?;
                }
            }
        }
        if inline {
            self.write("}");
        }
        Ok(())
    }

    fn write_key_value(&mut self, key: &[String], v: &Value, inline: bool) -> R {
        let Some(last) = key.last() else {
            return self.element(v);
        };
        self.indent(key);
        self.write(&format!("{} = ", maybe_quoted(last)));
        self.element(v)?;
        if !inline {
            self.newline();
        }
        Ok(())
    }

    /// `eElement`: a value in `key = value` position or inside an inline array.
    fn element(&mut self, v: &Value) -> R {
        grow(|| self.element_inner(v))
    }

    fn element_inner(&mut self, v: &Value) -> R {
        self.enter()?;
        match view(v) {
            View::Nil => {
                return Err(TomlEncodeError::Encode(
                    "toml: cannot encode array with nil element".into(),
                ))
            }
            View::Time(t) => self.write(&format_time(&t)),
            View::Scalar(s) => self.scalar(&s)?,
            View::List(items) => {
                self.write("[");
                for (i, item) in items.iter().enumerate() {
                    self.element(item)?;
                    if i + 1 != items.len() {
                        self.write(", ");
                    }
                }
                self.write("]");
            }
            View::Map(entries) => self.map_or_struct(&[], &entries, false, true)?,
            View::Struct(fields) => self.map_or_struct(&[], &fields, true, true)?,
        }
        self.depth -= 1;
        Ok(())
    }

    fn scalar(&mut self, v: &Value) -> R {
        let text = match v {
            Value::String(s) => format!("\"{}\"", escape(s)),
            Value::Bool(b) => b.to_string(),
            Value::Int(i, _) => i.to_string(),
            Value::Uint(u, _) => u.to_string(),
            Value::Float(f, kind) => format_float(*f, *kind == FloatKind::F32),
            other => {
                return Err(TomlEncodeError::Encode(format!(
                    "unexpected type: {}",
                    other.type_name()
                )))
            }
        };
        self.write(&text);
        Ok(())
    }
}

/// A float as BurntSushi writes it: `nan`, `inf` (signed), or shortest `%g` with
/// `.0` added when it has neither a `.` nor an exponent.
fn format_float(f: f64, bits32: bool) -> String {
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f.is_nan() {
        return format!("{sign}nan");
    }
    if f.is_infinite() {
        return format!("{sign}inf");
    }
    let s = go_float_g_shortest(f, bits32);
    if s.contains(['e', '.']) {
        s
    } else {
        s + ".0"
    }
}

/// A `time.Time` as BurntSushi writes it: RFC 3339 with nanoseconds, or the local
/// forms for the zones its decoder gives local datetimes, dates and times.
fn format_time(t: &GoTime) -> String {
    let layout = match &*t.zone {
        "datetime-local" => "2006-01-02T15:04:05.999999999",
        "date-local" => "2006-01-02",
        "time-local" => "15:04:05.999999999",
        _ => return t.format("2006-01-02T15:04:05.999999999Z07:00"),
    };
    t.utc().format(layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_strings() {
        assert_eq!(maybe_quoted("a-b_1"), "a-b_1");
        assert_eq!(maybe_quoted(""), "\"\"");
        assert_eq!(maybe_quoted("a.b"), "\"a.b\"");
        assert_eq!(escape("\"\\\x01\x7f\té"), "\\\"\\\\\\u0001\\u007f\\té");
        assert_eq!(key_string(&["a".into(), "b c".into()]), "a.\"b c\"");
    }

    #[test]
    fn floats() {
        assert_eq!(format_float(3.0, false), "3.0");
        assert_eq!(format_float(1e6, false), "1e+06");
        assert_eq!(format_float(-0.0, false), "-0.0");
        assert_eq!(format_float(f64::NEG_INFINITY, false), "-inf");
    }
}
