//! `encoding/json` encoding of template values, byte for byte as Go writes it.
//!
//! Map keys are sorted byte-wise, `[]byte` becomes standard base64, floats use
//! Go's `'f'`/`'e'` choice, NaN and infinities are errors, and strings are
//! escaped exactly as Go escapes them (`\u003c` for `<` when HTML escaping is on,
//! `\u2028`/`\u2029` always, other control characters as `\u00XX`). Go starts
//! checking for reference cycles after 1000 nested maps and slices; so do we.

use std::collections::HashSet;

use crate::template::error::GoError;
use crate::template::value::{Entries, FloatKind, Value};

use super::number::{go_float_g_shortest, go_json_float};

/// Nesting depth after which Go's encoder starts looking for cycles.
const START_DETECTING_CYCLES_AFTER: usize = 1000;

/// `json.Marshal(v)` (`escape_html` true, as Helm's `toJson`) or an encoder with
/// `SetEscapeHTML(false)` without the trailing newline (Sprig's `toRawJson`).
pub fn to_json(v: &Value, escape_html: bool) -> Result<String, GoError> {
    let mut w = JsonWriter::new(escape_html, false);
    w.value(v)?;
    Ok(w.out)
}

/// The error `json.Marshal(v)` would return, without encoding anything (Helm's
/// `toYaml` marshals to JSON first and only needs to know whether that fails).
pub fn check_json(v: &Value) -> Result<(), GoError> {
    let mut w = JsonWriter::new(true, false);
    w.dry = true;
    w.value(v)
}

/// `json.MarshalIndent(v, "", "  ")` (Sprig's `toPrettyJson`): HTML-escaped,
/// two-space indentation, `{}` and `[]` for empty collections.
pub fn to_pretty_json(v: &Value) -> Result<String, GoError> {
    let mut w = JsonWriter::new(true, true);
    w.value(v)?;
    Ok(w.out)
}

/// Identity of a container, for cycle detection (Go uses the map pointer, or the
/// slice data pointer plus length).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum ContainerId {
    Map(usize),
    Slice(usize, usize),
}

struct JsonWriter {
    out: String,
    /// Only check for errors: write nothing.
    dry: bool,
    escape_html: bool,
    pretty: bool,
    depth: usize,
    ptr_level: usize,
    seen: HashSet<ContainerId>,
}

impl JsonWriter {
    fn new(escape_html: bool, pretty: bool) -> JsonWriter {
        JsonWriter {
            out: String::new(),
            dry: false,
            escape_html,
            pretty,
            depth: 0,
            ptr_level: 0,
            seen: HashSet::new(),
        }
    }

    fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    /// Enters a map or slice: counts the nesting level and, past Go's threshold,
    /// fails on a container that is already being encoded.
    fn enter(&mut self, id: ContainerId, type_name: &str) -> Result<bool, GoError> {
        self.ptr_level += 1;
        if self.ptr_level <= START_DETECTING_CYCLES_AFTER {
            return Ok(false);
        }
        if !self.seen.insert(id) {
            return Err(GoError::new(format!(
                "json: unsupported value: encountered a cycle via {type_name}"
            )));
        }
        Ok(true)
    }

    fn leave(&mut self, id: ContainerId, recorded: bool) {
        if recorded {
            self.seen.remove(&id);
        }
        self.ptr_level -= 1;
    }

    /// Encodes one value. Only containers recurse; everything else lives in
    /// [`JsonWriter::scalar`] to keep this frame small for deeply nested values.
    fn value(&mut self, v: &Value) -> Result<(), GoError> {
        match v {
            Value::List(l) => {
                let id = ContainerId::Slice(std::rc::Rc::as_ptr(&l.items) as usize, l.items.len());
                let recorded = self.enter(id, l.ty.name())?;
                self.list(&l.items)?;
                self.leave(id, recorded);
                Ok(())
            }
            Value::Map(m) => {
                let id = ContainerId::Map(std::rc::Rc::as_ptr(&m.entries) as usize);
                let recorded = self.enter(id, m.ty.name())?;
                self.map(&m.entries.borrow())?;
                self.leave(id, recorded);
                Ok(())
            }
            Value::Object(o) => self.value(&o.to_data()),
            _ => self.scalar(v),
        }
    }

    #[inline(never)]
    fn scalar(&mut self, v: &Value) -> Result<(), GoError> {
        if self.dry {
            return match v {
                Value::Float(f, kind) if !f.is_finite() => Err(GoError::new(format!(
                    "json: unsupported value: {}",
                    go_float_g_shortest(*f, *kind == FloatKind::F32)
                ))),
                Value::Complex(..) => Err(GoError::new("json: unsupported type: complex128")),
                _ => Ok(()),
            };
        }
        match v {
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i, _) => self.out.push_str(&i.to_string()),
            Value::Uint(u, _) => self.out.push_str(&u.to_string()),
            Value::Float(f, kind) => {
                let bits32 = *kind == FloatKind::F32;
                if !f.is_finite() {
                    return Err(GoError::new(format!(
                        "json: unsupported value: {}",
                        go_float_g_shortest(*f, bits32)
                    )));
                }
                self.out.push_str(&go_json_float(*f, bits32));
            }
            Value::Complex(..) => {
                return Err(GoError::new("json: unsupported type: complex128"));
            }
            Value::String(s) => self.string(s),
            Value::Bytes(b) => {
                self.out.push('"');
                self.out.push_str(&base64_std(b));
                self.out.push('"');
            }
            _ => self.out.push_str("null"),
        }
        Ok(())
    }

    fn map(&mut self, entries: &Entries) -> Result<(), GoError> {
        self.out.push('{');
        if !entries.is_empty() {
            self.depth += 1;
            for (i, (k, item)) in entries.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                self.newline();
                self.string(k);
                self.out.push(':');
                if self.pretty {
                    self.out.push(' ');
                }
                self.value(item)?;
            }
            self.depth -= 1;
            self.newline();
        }
        self.out.push('}');
        Ok(())
    }

    fn list(&mut self, items: &[Value]) -> Result<(), GoError> {
        self.out.push('[');
        if !items.is_empty() {
            self.depth += 1;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                self.newline();
                self.value(item)?;
            }
            self.depth -= 1;
            self.newline();
        }
        self.out.push(']');
        Ok(())
    }

    fn string(&mut self, s: &str) {
        if !self.dry {
            write_json_string(&mut self.out, s, self.escape_html);
        }
    }
}

/// Appends `s` as a JSON string literal, escaped as Go's `encoding/json` does.
pub(crate) fn write_json_string(out: &mut String, s: &str, escape_html: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    // Runs of bytes that need no escaping are copied at once; `\u{2028}` and
    // `\u{2029}` start with 0xE2.
    let plain = |b: u8| {
        b >= 0x20
            && b != b'"'
            && b != b'\\'
            && b != 0xE2
            && !(escape_html && matches!(b, b'<' | b'>' | b'&'))
    };
    let mut rest = s;
    loop {
        let run = rest.bytes().position(|b| !plain(b)).unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        rest = &rest[run..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if escape_html => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 0xF]));
            }
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 0xF]));
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Standard base64 with padding (`base64.StdEncoding`).
fn base64_std(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        for (i, shift) in [18u32, 12, 6, 0].iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64() {
        assert_eq!(base64_std(b""), "");
        assert_eq!(base64_std(b"f"), "Zg==");
        assert_eq!(base64_std(b"fo"), "Zm8=");
        assert_eq!(base64_std(b"foo"), "Zm9v");
        assert_eq!(base64_std(b"foob"), "Zm9vYg==");
    }

    #[test]
    fn strings() {
        let mut s = String::new();
        write_json_string(&mut s, "<a&b>\u{1}\u{7f}\u{2028}", true);
        assert_eq!(s, "\"\\u003ca\\u0026b\\u003e\\u0001\u{7f}\\u2028\"");
    }
}
