//! Conversions shared by the Sprig functions: `strval`, `spf13/cast` v1.7.0
//! (`ToInt64`, `ToInt`, `ToFloat64`, errors swallowed to 0), Sprig's `empty`, and
//! builders for the Go result types (`[]string`, `[]int`, `map[string]string`).

use std::rc::Rc;

use crate::template::gofmt;
use crate::template::golit;
use crate::template::value::{Entries, ListType, Map, MapType, Str, Value};

/// Sprig's `strval`: strings as-is, `[]byte` as text, `Error()`/`String()` when the
/// value has one, otherwise `fmt`'s `%v`.
pub fn strval(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => crate::template::gobytes::from_go_bytes(b).into_owned(),
        Value::Object(o) => o
            .display()
            .unwrap_or_else(|| gofmt::sprint(std::slice::from_ref(v))),
        Value::Invalid => "<nil>".into(),
        _ => gofmt::sprint(std::slice::from_ref(v)),
    }
}

/// `strval` that keeps a string's provenance.
pub fn strval_str(v: &Value) -> Str {
    match v {
        Value::String(s) => s.clone(),
        other => Str::new(strval(other)),
    }
}

/// cast v1.7.0 `trimZeroDecimal`: `"1.000"` → `"1"`, anything else unchanged.
pub fn trim_zero_decimal(s: &str) -> &str {
    let b = s.as_bytes();
    let mut found_zero = false;
    for i in (1..=b.len()).rev() {
        match b[i - 1] {
            b'.' => {
                if found_zero {
                    return &s[..i - 1];
                }
            }
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// `cast.ToInt64`: ints as-is, floats truncated, strings through
/// `ParseInt(trimZeroDecimal(s), 0, 0)`, bools 1/0, anything else 0.
pub fn to_int64(v: &Value) -> i64 {
    match v {
        Value::Int(i, _) => *i,
        Value::Uint(u, _) => *u as i64,
        Value::Float(f, _) => go_f64_to_i64(*f),
        Value::String(s) => golit::parse_int(trim_zero_decimal(s)).unwrap_or(0),
        Value::Bool(b) => i64::from(*b),
        _ => 0,
    }
}

/// Go's `int64(f)` conversion as amd64 performs it (out of range gives MinInt64).
pub fn go_f64_to_i64(f: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// `cast.ToFloat64`: numbers converted, strings through `ParseFloat`, bools 1/0,
/// anything else 0.
pub fn to_float64(v: &Value) -> f64 {
    match v {
        Value::Int(i, _) => *i as f64,
        Value::Uint(u, _) => *u as f64,
        Value::Float(f, _) => *f,
        Value::String(s) => parse_float(s).unwrap_or(0.0),
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

/// `strconv.ParseFloat(s, 64)`, including Go's `inf`/`nan` spellings.
pub fn parse_float(s: &str) -> Option<f64> {
    let body = s.trim_start_matches(['+', '-']);
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") && s.len() - body.len() <= 1 {
        let f = if lower == "nan" {
            f64::NAN
        } else {
            f64::INFINITY
        };
        return Some(if s.starts_with('-') { -f } else { f });
    }
    golit::parse_float(s).ok()
}

/// Sprig's `empty`: invalid/nil, zero numbers, false, and empty strings, slices
/// and maps are empty; structs never are.
pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::Invalid | Value::Nil => true,
        Value::Object(_) => false,
        other => !other.truthy(),
    }
}

/// A Go `[]string`.
pub fn str_list(items: impl IntoIterator<Item = String>) -> Value {
    Value::typed_list(
        ListType::String,
        items.into_iter().map(Value::from).collect(),
    )
}

/// A Go `[]int`.
pub fn int_list(items: impl IntoIterator<Item = i64>) -> Value {
    Value::typed_list(ListType::Int, items.into_iter().map(Value::int).collect())
}

/// A Go `map[string]string` with keys `_0`, `_1`, ... (Sprig's `split`).
pub fn indexed_str_map(parts: &[&str]) -> Value {
    let entries: Entries = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("_{i}"), Value::from(*p)))
        .collect();
    Value::Map(Map::new(MapType::StrStr, entries))
}

/// The elements of a slice value (`[]byte` as `uint8`s), or `None` for non-slices.
pub fn slice_items(v: &Value) -> Option<Rc<Vec<Value>>> {
    match v {
        Value::List(l) => Some(l.items.clone()),
        Value::Bytes(b) => Some(Rc::new(
            b.iter()
                .map(|&x| Value::Uint(u64::from(x), crate::template::value::UintKind::U8))
                .collect(),
        )),
        _ => None,
    }
}

/// Sprig's `strslice` (`toStrings`): a slice mapped by `strval` without nils, nil as
/// `[]`, anything else as a one-element list.
pub fn strslice(v: &Value) -> Vec<String> {
    if let Value::List(l) = v {
        if l.ty == ListType::String {
            return l.items.iter().map(strval).collect();
        }
    }
    match slice_items(v) {
        Some(items) => items
            .iter()
            .filter(|x| !x.is_nil_or_invalid())
            .map(strval)
            .collect(),
        None if v.is_nil_or_invalid() => Vec::new(),
        None => vec![strval(v)],
    }
}

/// The string argument at `i` (empty when absent).
pub fn arg_str(a: &[Value], i: usize) -> &str {
    a.get(i).and_then(Value::as_str).unwrap_or("")
}

/// The `Str` argument at `i`, keeping its provenance.
pub fn arg_str_traced(a: &[Value], i: usize) -> Str {
    match a.get(i) {
        Some(Value::String(s)) => s.clone(),
        _ => Str::new(""),
    }
}

/// The Go `int` argument at `i` (0 when absent).
pub fn arg_int(a: &[Value], i: usize) -> i64 {
    match a.get(i) {
        Some(Value::Int(n, _)) => *n,
        _ => 0,
    }
}

/// The argument at `i`, nil when absent.
pub fn arg(a: &[Value], i: usize) -> Value {
    a.get(i).cloned().unwrap_or(Value::Nil)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cast_semantics() {
        assert_eq!(to_int64(&Value::from("0x10")), 16);
        assert_eq!(to_int64(&Value::from("010")), 8);
        assert_eq!(to_int64(&Value::from("1.0")), 1);
        assert_eq!(to_int64(&Value::from("1.5")), 0);
        assert_eq!(to_int64(&Value::from("1_000")), 1000);
        assert_eq!(to_int64(&Value::float(-2.9)), -2);
        assert_eq!(to_int64(&Value::Bool(true)), 1);
        assert_eq!(to_float64(&Value::from("1.5")), 1.5);
        assert_eq!(to_float64(&Value::from("x")), 0.0);
        assert_eq!(trim_zero_decimal("10.00"), "10");
        assert_eq!(trim_zero_decimal("100"), "100");
    }
}
