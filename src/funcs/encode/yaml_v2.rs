//! `sigs.k8s.io/yaml.Marshal`: `encoding/json.Marshal`, go-yaml v2 reading that
//! JSON back, and go-yaml v2 writing it out.
//!
//! The round trip through JSON is modelled directly on the value instead of on
//! JSON text: numbers take the form their JSON text resolves to (an integral
//! float becomes an integer when it fits in 64 bits, else it stays a float and
//! prints with Go's `%g`), `[]byte` becomes base64, objects become their data.
//! Strings survive unchanged except for what the YAML reader does to the raw
//! characters `encoding/json` leaves unescaped: a NEL (U+0085) is a line break
//! inside a double-quoted scalar and folds like one, and DEL, the C1 controls and
//! U+FFFE/U+FFFF are rejected outright.

use crate::template::error::GoError;
use crate::template::value::Value;

use super::emitter::{emit_document, Dialect, Node, Scalar};
use super::json::{check_json, to_json};
use super::number::{go_float_g_shortest, go_json_float};
use super::sort::sort_keys;
use super::{too_deep, MAX_YAML_DEPTH};

/// `sigs.k8s.io/yaml.Marshal(v)` as text, including the final newline that
/// Helm's `toYaml` trims.
pub fn to_yaml(v: &Value) -> Result<String, GoError> {
    check_json(v).map_err(|e| GoError::wrap("error marshaling into JSON: ", e))?;
    let mut b = Builder { line: 0 };
    let node = b.node(v, 0)?;
    Ok(emit_document(&node, Dialect::V2))
}

/// Converts the value as go-yaml v2 sees it after the JSON round trip. `line`
/// counts the line breaks (NELs) the YAML reader has passed, for error texts.
struct Builder {
    line: usize,
}

impl Builder {
    fn node(&mut self, v: &Value, depth: usize) -> Result<Node, GoError> {
        if depth > MAX_YAML_DEPTH {
            return Err(too_deep());
        }
        Ok(match v {
            Value::Invalid | Value::Nil => Node::Scalar(Scalar::plain("null")),
            Value::Bool(b) => Node::Scalar(Scalar::plain(if *b { "true" } else { "false" })),
            Value::Int(i, _) => Node::Scalar(Scalar::plain(i.to_string())),
            Value::Uint(u, _) => Node::Scalar(Scalar::plain(u.to_string())),
            Value::Float(f, kind) => {
                let text = go_json_float(*f, *kind == crate::template::value::FloatKind::F32);
                Node::Scalar(Scalar::plain(resolve_json_number(&text)))
            }
            // `to_json` has already rejected complex numbers.
            Value::Complex(..) => Node::Scalar(Scalar::plain("null")),
            Value::String(s) => Node::Scalar(Scalar::string(&self.string(s)?, Dialect::V2)),
            Value::Bytes(_) => {
                let quoted = to_json(v, false)?;
                let inner = quoted.trim_matches('"');
                Node::Scalar(Scalar::string(inner, Dialect::V2))
            }
            Value::List(l) => Node::Seq(
                l.items
                    .iter()
                    .map(|item| self.node(item, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Map(m) => {
                let mut entries = Vec::new();
                for (k, item) in m.entries.borrow().iter() {
                    let key = self.string(k)?;
                    entries.push((key, self.node(item, depth + 1)?));
                }
                let sorted = sort_keys(entries, Dialect::V2);
                Node::Map(
                    sorted
                        .into_iter()
                        .map(|(k, n)| (Scalar::string(&k, Dialect::V2), n))
                        .collect(),
                )
            }
            Value::Object(o) => self.node(&o.to_data(), depth + 1)?,
        })
    }

    /// What go-yaml v2 reads back from the JSON string literal of `s`.
    fn string(&mut self, s: &str) -> Result<String, GoError> {
        // ASCII below DEL holds no rejected character and no NEL.
        if s.bytes().all(|b| b < 0x7f) {
            return Ok(s.to_string());
        }
        if s.chars().any(rejected_by_reader) {
            return Err(GoError::new("yaml: control characters are not allowed"));
        }
        if !s.contains('\u{85}') {
            return Ok(s.to_string());
        }
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c != ' ' && c != '\u{85}' {
                out.push(c);
                i += 1;
                continue;
            }
            // A run of spaces and NELs: without a NEL it is kept; otherwise the
            // spaces around the breaks vanish, one break folds to a space and
            // each further break is kept as a newline.
            let start = i;
            while i < chars.len() && (chars[i] == ' ' || chars[i] == '\u{85}') {
                i += 1;
            }
            let run = &chars[start..i];
            let breaks = run.iter().filter(|&&c| c == '\u{85}').count();
            self.line += breaks;
            match breaks {
                0 => out.extend(run),
                1 => out.push(' '),
                n => out.extend(std::iter::repeat_n('\n', n - 1)),
            }
            // At column 0 after a break, `---` or `...` and a blank is a
            // document marker, which ends the scan with an error.
            if run.last() == Some(&'\u{85}') {
                let rest = &chars[i..];
                let marker =
                    rest.starts_with(&['-', '-', '-']) || rest.starts_with(&['.', '.', '.']);
                if marker && matches!(rest.get(3), Some(' ' | '\u{85}')) {
                    return Err(GoError::new(format!(
                        "yaml: line {}: found unexpected document indicator",
                        self.line + 1
                    )));
                }
            }
        }
        Ok(out)
    }
}

/// Characters that `encoding/json` writes raw but go-yaml's reader refuses.
fn rejected_by_reader(c: char) -> bool {
    matches!(c as u32, 0x7F..=0x84 | 0x86..=0x9F | 0xFFFE | 0xFFFF)
}

/// The YAML text of a JSON number once go-yaml v2 resolved it: an `int` or
/// `uint64` when the text parses as one, else a `float64` printed with `%g`.
fn resolve_json_number(text: &str) -> String {
    if let Ok(i) = text.parse::<i64>() {
        return i.to_string();
    }
    if let Ok(u) = text.parse::<u64>() {
        return u.to_string();
    }
    match text.parse::<f64>() {
        Ok(f) => go_float_g_shortest(f, false),
        Err(_) => text.to_string(),
    }
}
