//! JSON documents for `--set-json`, decoded as Go's `encoding/json` decodes into
//! `interface{}`: numbers become `float64`, objects `map[string]interface {}`,
//! arrays `[]interface {}`.
//!
//! Helm decodes one document from the rest of the expression with a
//! `json.Decoder` and continues after it, so the extent of the document matters.
//! Top-level scalars (numbers, `true`, `false`, `null`) are scanned here with Go's
//! scanner rules and error texts (a number ends at the first byte that cannot
//! continue it: `1x` is the document `1`). Strings, arrays and objects go
//! through `serde_json`; its errors are translated to Go's texts where the
//! position and kind say enough (unexpected byte in a known context, truncated
//! input, number beyond `float64`). Known differences, until the Go-compatible
//! decoder replaces serde here: serde reports the first error in reading order
//! while Go reports syntax errors before range errors (`[1e400,x]`); lone UTF-16
//! surrogates in `\u` escapes fail instead of becoming U+FFFD; and without
//! serde's `float_roundtrip` feature, numbers inside containers may be one ulp
//! off (`[7e-29]`).

use crate::template::lex::go_quote;
use crate::template::value::{Entries, Value};

/// Decodes the JSON document at the start of `s` (which starts with a non-space
/// rune); returns it and the number of bytes it used.
pub(super) fn decode_prefix(s: &str) -> Result<(Value, usize), String> {
    match s.as_bytes().first() {
        Some(b'{' | b'[' | b'"') => {
            let mut docs = serde_json::Deserializer::from_str(s).into_iter::<serde_json::Value>();
            match docs.next() {
                Some(Ok(v)) => Ok((convert(v), docs.byte_offset())),
                Some(Err(e)) => Err(serde_message(s, &e)),
                None => Err("unexpected EOF".to_string()),
            }
        }
        Some(b't') => literal(s, "true", Value::Bool(true)),
        Some(b'f') => literal(s, "false", Value::Bool(false)),
        Some(b'n') => literal(s, "null", Value::Nil),
        Some(b'-' | b'0'..=b'9') => number(s),
        Some(&b) => Err(format!(
            "invalid character {} looking for beginning of value",
            quote_char(b)
        )),
        None => Err("unexpected EOF".to_string()),
    }
}

/// Decodes a whole JSON object (`json.Unmarshal` into `map[string]any`).
pub(super) fn decode_object(s: &str) -> Result<Entries, String> {
    match serde_json::from_str::<serde_json::Value>(s) {
        Ok(serde_json::Value::Object(m)) => {
            Ok(m.into_iter().map(|(k, v)| (k, convert(v))).collect())
        }
        Ok(other) => Err(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(&other)
        )),
        Err(e) => Err(serde_message(s, &e)),
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Go's text for serde's error: truncated input, a number beyond `float64`,
/// and the common syntax errors (an unexpected byte in a known context) have
/// Go equivalents; serde's own text is kept for the rest.
fn serde_message(src: &str, e: &serde_json::Error) -> String {
    if e.classify() == serde_json::error::Category::Eof {
        return "unexpected EOF".to_string();
    }
    let serde_text = e.to_string();
    let kind = serde_text.split(" at line ").next().unwrap_or("");
    byte_index(src, e.line(), e.column())
        .and_then(|at| go_message(src, at, kind))
        .unwrap_or(serde_text)
}

/// Go's message for serde's error `kind` at byte `at`.
fn go_message(src: &str, at: usize, kind: &str) -> Option<String> {
    let bytes = src.as_bytes();
    let byte = *bytes.get(at)?;
    let before = at.checked_sub(1).and_then(|i| bytes.get(i).copied());
    let context = match (kind, byte) {
        ("number out of range", _) => {
            let text = number_at(src, at)?;
            return Some(format!(
                "json: cannot unmarshal number {text} into Go value of type float64"
            ));
        }
        ("expected ident", _) => return literal_error(src, at),
        ("invalid escape", _) => return Some(escape_error(src, at)),
        ("invalid number", _) => match before {
            Some(b'.') => "after decimal point in numeric literal",
            Some(b'e' | b'E') => "in exponent of numeric literal",
            Some(b'+' | b'-') if matches!(bytes.get(at.saturating_sub(2)), Some(b'e' | b'E')) => {
                "in exponent of numeric literal"
            }
            _ => "in numeric literal",
        },
        ("key must be a string", _) | ("trailing comma", b'}') => {
            "looking for beginning of object key string"
        }
        ("expected value", _) | ("trailing comma", b']') => "looking for beginning of value",
        ("expected `:`", _) => "after object key",
        ("expected `,` or `]`", _) => "after array element",
        ("expected `,` or `}`", _) => "after object key:value pair",
        (k, _) if k.starts_with("control character") => "in string literal",
        _ => return None,
    };
    Some(bad(byte, context))
}

/// Go's error for a bad escape: serde points at the byte after `\`, or at the
/// end of the four hex digits of a `\u` escape.
fn escape_error(src: &str, at: usize) -> String {
    let bytes = src.as_bytes();
    let hex_start = (at.saturating_sub(5)..at).find(|&k| bytes.get(k..k + 2) == Some(b"\\u"));
    let bad_hex = hex_start.and_then(|k| {
        bytes
            .get(k + 2..(k + 6).min(bytes.len()))?
            .iter()
            .find(|b| !b.is_ascii_hexdigit())
    });
    match bad_hex {
        Some(&b) => bad(b, "in \\u hexadecimal character escape"),
        None => bad(
            bytes.get(at).copied().unwrap_or(b' '),
            "in string escape code",
        ),
    }
}

/// Go's error for a misspelt `true`/`false`/`null` whose bad byte is at `at`.
fn literal_error(src: &str, at: usize) -> Option<String> {
    let bytes = src.as_bytes();
    let start = bytes
        .get(..at)?
        .iter()
        .rposition(|b| matches!(b, b't' | b'f' | b'n'))?;
    let word = match bytes.get(start)? {
        b't' => "true",
        b'f' => "false",
        _ => "null",
    };
    let want = *word.as_bytes().get(at - start)?;
    Some(bad(
        *bytes.get(at)?,
        &format!("in literal {word} (expecting {})", quote_char(want)),
    ))
}

/// The byte index of serde's error position (1-based line; 1-based byte
/// column, where column 0 is the line's newline).
fn byte_index(src: &str, line: usize, column: usize) -> Option<usize> {
    let line_start: usize = src
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    match column {
        0 => line_start.checked_sub(1),
        c => Some(line_start + c - 1),
    }
}

/// The number literal around byte `at`.
fn number_at(src: &str, at: usize) -> Option<&str> {
    let bytes = src.as_bytes();
    let is_num = |b: &u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    let start = bytes
        .get(..at)?
        .iter()
        .rposition(|b| !is_num(b))
        .map_or(0, |p| p + 1);
    let end = at
        + bytes
            .get(at..)?
            .iter()
            .position(|b| !is_num(b))
            .unwrap_or(bytes.len() - at);
    src.get(start..end).filter(|t| !t.is_empty())
}

/// serde's tree to template values, with Go's types.
fn convert(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(items) => Value::list(items.into_iter().map(convert).collect()),
        serde_json::Value::Object(m) => {
            Value::map(m.into_iter().map(|(k, v)| (k, convert(v))).collect())
        }
    }
}

/// `true`, `false` or `null`: Go checks each byte and ends the token right after it.
fn literal(s: &str, word: &str, v: Value) -> Result<(Value, usize), String> {
    let have = s.as_bytes();
    for (i, want) in word.bytes().enumerate().skip(1) {
        match have.get(i) {
            None => return Err("unexpected EOF".to_string()),
            Some(&b) if b == want => {}
            Some(&b) => {
                return Err(format!(
                    "invalid character {} in literal {word} (expecting {})",
                    quote_char(b),
                    quote_char(want)
                ))
            }
        }
    }
    Ok((v, word.len()))
}

/// Where Go's number scanner stands.
#[derive(Clone, Copy, PartialEq)]
enum Num {
    /// After `-`.
    Neg,
    /// After a leading `0`.
    Zero,
    /// In the integer digits.
    Int,
    /// After `.`.
    Dot,
    /// In the fraction digits.
    Frac,
    /// After `e`.
    Exp,
    /// After the exponent sign.
    ExpSign,
    /// In the exponent digits.
    ExpDigits,
}

/// A number: Go's scanner states `stateNeg` … `stateE0`, then `float64`.
fn number(s: &str) -> Result<(Value, usize), String> {
    let bytes = s.as_bytes();
    let mut state = if bytes.first() == Some(&b'-') {
        Num::Neg
    } else if bytes.first() == Some(&b'0') {
        Num::Zero
    } else {
        Num::Int
    };
    let mut end = 1;
    while let Some(&b) = bytes.get(end) {
        let next = match (state, b) {
            (Num::Neg, b'0') => Num::Zero,
            (Num::Neg, b'1'..=b'9') => Num::Int,
            (Num::Neg, _) => return Err(bad(b, "in numeric literal")),
            (Num::Int, b'0'..=b'9') => Num::Int,
            (Num::Zero | Num::Int, b'.') => Num::Dot,
            (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Num::Exp,
            (Num::Dot, b'0'..=b'9') | (Num::Frac, b'0'..=b'9') => Num::Frac,
            (Num::Dot, _) => return Err(bad(b, "after decimal point in numeric literal")),
            (Num::Exp, b'+' | b'-') => Num::ExpSign,
            (Num::Exp | Num::ExpSign | Num::ExpDigits, b'0'..=b'9') => Num::ExpDigits,
            (Num::Exp | Num::ExpSign, _) => return Err(bad(b, "in exponent of numeric literal")),
            _ => break,
        };
        state = next;
        end += 1;
    }
    if matches!(state, Num::Neg | Num::Dot | Num::Exp | Num::ExpSign) {
        return Err("unexpected EOF".to_string());
    }
    let text = s.get(..end).unwrap_or("");
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok((Value::float(f), end)),
        _ => Err(format!(
            "json: cannot unmarshal number {text} into Go value of type float64"
        )),
    }
}

fn bad(b: u8, context: &str) -> String {
    format!("invalid character {} {context}", quote_char(b))
}

/// Go's `encoding/json` `quoteChar` (a byte, read as a Latin-1 rune).
fn quote_char(b: u8) -> String {
    match b {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        _ => {
            let q = go_quote(&char::from(b).to_string());
            let inner = q.get(1..q.len().saturating_sub(1)).unwrap_or("");
            format!("'{inner}'")
        }
    }
}
