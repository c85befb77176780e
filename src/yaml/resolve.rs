//! go-yaml v2 scalar resolution (YAML 1.1 rules, as Helm sees them).
//!
//! Ported in behaviour (not code) from go-yaml v2 `resolve.go` and the scalar part of
//! `decode.go`:
//! * untagged plain scalars are resolved: null (`""`, `~`, `null`, `Null`, `NULL`),
//!   bools in every YAML 1.1 spelling (`y`, `Yes`, `ON`, `off`, ...), `.inf`/`.nan`
//!   spellings, timestamps (`2001-12-14`, ...), ints (Go `strconv.ParseInt(s, 0, 64)`
//!   after removing every `_`: `0x1F`, `0o17`, `0b101`, legacy octal `0777`, `+1`),
//!   then uint64, then floats matching go-yaml's float pattern (`.5`, `1e3`, `1.`);
//!   sexagesimal (`1:20`) is **not** a number;
//! * untagged quoted and block scalars are strings;
//! * a tag forces a type: `!!str` is a string, `!!int "12"` an int, `!!float 1` a
//!   float, a tag that does not fit fails with go-yaml's
//!   ``cannot decode !!str `abc` as a !!int``; unknown tags give strings.

use super::node::Style;
use crate::template::golit;

/// The long form of go-yaml's `!!` tags.
const LONG: &str = "tag:yaml.org,2002:";
/// `!!str`.
pub const STR_TAG: &str = "tag:yaml.org,2002:str";
/// `!!int`.
pub const INT_TAG: &str = "tag:yaml.org,2002:int";
/// `!!float`.
pub const FLOAT_TAG: &str = "tag:yaml.org,2002:float";
/// `!!bool`.
pub const BOOL_TAG: &str = "tag:yaml.org,2002:bool";
/// `!!null`.
pub const NULL_TAG: &str = "tag:yaml.org,2002:null";
/// `!!timestamp`.
pub const TIMESTAMP_TAG: &str = "tag:yaml.org,2002:timestamp";
/// `!!binary`.
pub const BINARY_TAG: &str = "tag:yaml.org,2002:binary";
/// `!!merge`.
pub const MERGE_TAG: &str = "tag:yaml.org,2002:merge";

/// What a scalar decodes to when the target is `interface{}`.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    /// `nil`.
    Null,
    /// A `bool`.
    Bool(bool),
    /// An `int` (64-bit).
    Int(i64),
    /// A `uint64` (a positive integer beyond `i64`).
    Uint(u64),
    /// A `float64` (may be infinite or NaN).
    Float(f64),
    /// A string equal to the scalar's text. Timestamps are in this case too: go-yaml
    /// v2 keeps timestamp-looking scalars as strings when decoding into `interface{}`.
    Str,
    /// The bytes of a `!!binary` scalar (a Go string, possibly not valid UTF-8).
    Binary(Vec<u8>),
}

/// The resolution of a scalar before the decode step: the tag go-yaml settles on
/// (`!!str`, `!!int`, `!!timestamp`, `!!merge`, ...) and the value.
fn resolve_tag(tag: &str, text: &str) -> (&'static str, Resolved) {
    if !matches!(
        tag,
        "" | STR_TAG | BOOL_TAG | INT_TAG | FLOAT_TAG | NULL_TAG | TIMESTAMP_TAG
    ) {
        return ("", Resolved::Str);
    }
    let hint = match text.as_bytes().first() {
        None => b'M',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 || tag == STR_TAG {
        return (STR_TAG, Resolved::Str);
    }
    if let Some(r) = lookup(text) {
        return r;
    }
    match hint {
        b'.' => {
            if let Some(f) = go_parse_float(text) {
                return (FLOAT_TAG, Resolved::Float(f));
            }
        }
        b'S' | b'D' => {
            if (tag.is_empty() || tag == TIMESTAMP_TAG) && is_timestamp(text) {
                return (TIMESTAMP_TAG, Resolved::Str);
            }
            let plain = text.replace('_', "");
            if let Ok(i) = golit::parse_int(&plain) {
                return (INT_TAG, Resolved::Int(i));
            }
            if let Ok(u) = golit::parse_uint(&plain) {
                return (INT_TAG, Resolved::Uint(u));
            }
            if is_yaml_float(&plain) {
                if let Some(f) = go_parse_float(&plain) {
                    return (FLOAT_TAG, Resolved::Float(f));
                }
            }
            if let Some(r) = explicit_base_int(&plain, "0b", 2) {
                return (INT_TAG, r);
            }
        }
        _ => {}
    }
    (STR_TAG, Resolved::Str)
}

/// The fixed spellings of go-yaml's resolve table.
fn lookup(text: &str) -> Option<(&'static str, Resolved)> {
    let r = match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            (BOOL_TAG, Resolved::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            (BOOL_TAG, Resolved::Bool(false))
        }
        "" | "~" | "null" | "Null" | "NULL" => (NULL_TAG, Resolved::Null),
        ".nan" | ".NaN" | ".NAN" => (FLOAT_TAG, Resolved::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            (FLOAT_TAG, Resolved::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => (FLOAT_TAG, Resolved::Float(f64::NEG_INFINITY)),
        _ => return None,
    };
    Some(r)
}

/// go-yaml's `shortTag`: `tag:yaml.org,2002:int` is `!!int`.
pub fn short_tag(tag: &str) -> String {
    match tag.strip_prefix(LONG) {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_string(),
    }
}

/// Resolves a scalar as go-yaml v2 does when decoding into `interface{}`.
///
/// `tag` is the node's explicit tag in long form (see [`crate::yaml::Node::tag`]).
/// Errors carry go-yaml's message without the `yaml: ` prefix.
pub fn resolve(tag: Option<&str>, text: &str, style: Style) -> Result<Resolved, String> {
    let tag = match tag {
        // Quoted and block scalars without a tag are strings.
        None if style != Style::Plain => return Ok(Resolved::Str),
        None => "",
        Some(t) => t,
    };
    if tag == BINARY_TAG {
        return decode_base64(text)
            .map(Resolved::Binary)
            .ok_or_else(|| "!!binary value contains invalid base64 data".to_string());
    }
    let (rtag, out) = resolve_tag(tag, text);
    if tag.is_empty() || rtag.is_empty() || tag == rtag || tag == STR_TAG {
        return Ok(out);
    }
    // go-yaml converts `int` and `int64` (not `uint64`) to a `!!float`.
    if let (FLOAT_TAG, Resolved::Int(i)) = (tag, &out) {
        return Ok(Resolved::Float(*i as f64));
    }
    Err(format!(
        "cannot decode {} `{}` as a {}",
        short_tag(rtag),
        text,
        short_tag(tag)
    ))
}

/// Whether a plain scalar is a merge key (`<<` untagged, or tagged `!!merge`).
pub fn is_merge_key(tag: Option<&str>, text: &str, style: Style) -> bool {
    text == "<<" && (tag == Some(MERGE_TAG) || (tag.is_none() && style == Style::Plain))
}

/// Whether an untagged plain scalar would resolve to something other than a string
/// (what go-yaml's encoder checks before writing a string unquoted).
pub fn plain_is_non_string(text: &str) -> bool {
    resolve_tag("", text).0 != STR_TAG
}

/// go-yaml's `isBase60Float`: `1:20`-like text, which its encoder quotes.
pub fn is_base60_float(s: &str) -> bool {
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        match digits {
            1 => i += 1,
            2 if b[i] <= b'5' => i += 2,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml's retries with an explicit base on underscore-free text: `0b…` (yaml.v3
/// also `0o…`) through `ParseInt` then `ParseUint` in that base, so `0b-101` is an
/// int, and `-0b…` through `ParseInt`.
pub(crate) fn explicit_base_int(plain: &str, prefix: &str, base: u32) -> Option<Resolved> {
    if let Some(rest) = plain.strip_prefix(prefix) {
        // Unlike Rust's `from_str_radix`, Go's `ParseUint` takes no sign.
        let unsigned = || u64::from_str_radix(rest, base).ok().map(Resolved::Uint);
        return i64::from_str_radix(rest, base)
            .ok()
            .map(Resolved::Int)
            .or_else(|| {
                if rest.starts_with('+') {
                    None
                } else {
                    unsigned()
                }
            });
    }
    let rest = plain.strip_prefix('-')?.strip_prefix(prefix)?;
    i64::from_str_radix(&format!("-{rest}"), base)
        .ok()
        .map(Resolved::Int)
}

/// go-yaml's float pattern `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |i: usize| {
        b[i.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    } else {
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
        if b.get(i) == Some(&b'.') {
            i += 1 + digits(i + 1);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
}

/// Go `strconv.ParseFloat(s, 64)` for go-yaml's float candidates; `None` when it
/// fails, including the range error for overflow.
fn go_parse_float(s: &str) -> Option<f64> {
    golit::parse_float(s).ok()
}

/// Whether `s` parses with one of go-yaml's timestamp layouts:
/// `2006-1-2T15:4:5.999999999Z07:00` (also with `t`), `2006-1-2 15:4:5.999999999`
/// and `2006-1-2` (Go `time.Parse` rules: 1–2 digit fields, ranges checked).
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let year = b[..4]
        .iter()
        .fold(0u32, |a, c| a * 10 + u32::from(c - b'0'));
    let mut p = Cursor { b, i: 5 };
    let Some(month) = p.num() else { return false };
    if !p.eat(b'-') {
        return false;
    }
    let Some(day) = p.num() else { return false };
    if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
        return false;
    }
    if p.at_end() {
        return true;
    }
    let zoned = match p.peek() {
        Some(b'T' | b't') => {
            p.i += 1;
            true
        }
        Some(b' ') => {
            while p.eat(b' ') {}
            false
        }
        _ => return false,
    };
    let (Some(h), true, Some(m), true, Some(sec)) =
        (p.num(), p.eat(b':'), p.num(), p.eat(b':'), p.num())
    else {
        return false;
    };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    if matches!(p.peek(), Some(b'.' | b',')) && p.b.get(p.i + 1).is_some_and(u8::is_ascii_digit) {
        p.i += 1;
        while p.peek().is_some_and(|c| c.is_ascii_digit()) {
            p.i += 1;
        }
    }
    if zoned {
        if p.eat(b'Z') {
            return p.at_end();
        }
        // `Z07:00`: sign, two-digit hours up to 24, colon, two-digit minutes up to 60.
        let two = |x: &[u8]| match x {
            [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
                Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
            }
            _ => None,
        };
        return match &b[p.i..] {
            [b'+' | b'-', hh @ .., b':', m1, m2] => {
                matches!((two(hh), two(&[*m1, *m2])), (Some(h), Some(m)) if h <= 24 && m <= 60)
            }
            _ => false,
        };
    }
    p.at_end()
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Go's `getnum(s, false)`: one or two digits.
    fn num(&mut self) -> Option<u32> {
        let d0 = self.peek().filter(u8::is_ascii_digit)?;
        self.i += 1;
        let mut n = u32::from(d0 - b'0');
        if let Some(d1) = self.peek().filter(u8::is_ascii_digit) {
            self.i += 1;
            n = n * 10 + u32::from(d1 - b'0');
        }
        Some(n)
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Go `base64.StdEncoding.DecodeString` (padding required; `\r` and `\n` ignored).
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let chars: Vec<u8> = s.bytes().filter(|c| !matches!(c, b'\r' | b'\n')).collect();
    if chars.len() % 4 != 0 {
        return None;
    }
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(chars.len() / 4 * 3);
    let n = chars.len() / 4;
    for (q, quad) in chars.chunks(4).enumerate() {
        let pad = quad.iter().rev().take_while(|c| **c == b'=').count();
        if pad > 2 || (pad > 0 && q + 1 != n) {
            return None;
        }
        let mut acc = 0u32;
        for &c in &quad[..4 - pad] {
            acc = (acc << 6) | val(c)?;
        }
        acc <<= 6 * pad as u32;
        let bytes = [(acc >> 16) as u8, (acc >> 8) as u8, acc as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Oracle: `fromYaml "a: 0b-101\nc: 0b+11"` gives numbers, and `toYaml` leaves
    /// `2001-12-14T21:59:43+25:00` plain (zone hours above 24 fail `time.Parse`).
    #[test]
    fn explicit_base_retry_and_zone_range() {
        let plain = |s| resolve(None, s, Style::Plain).expect("resolves");
        assert_eq!(plain("0b-101"), Resolved::Int(-5));
        assert_eq!(plain("0b+11"), Resolved::Int(3));
        assert!(is_timestamp("2001-12-14T21:59:43+24:00"));
        assert!(!is_timestamp("2001-12-14T21:59:43+25:00"));
        assert!(!is_timestamp("2001-12-14T21:59:43+23:61"));
    }
}
