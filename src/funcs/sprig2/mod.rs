//! Sprig v3.3.0 function families: lists, dicts, semver, dates, crypto, certificates,
//! network and URLs.
//!
//! Each family lives in its own module with a `register` function; [`register`] adds
//! them all. Shared helpers (Go's `reflect.DeepEqual`, reflect kind names, Sprig's
//! `strval` and `toInt`) live here.

pub mod certs;
pub mod crypto;
pub mod dates;
pub mod dicts;
pub mod goduration;
pub mod gotime;
pub mod gotime_parse;
pub mod lists;
pub mod merge;
pub mod semver;
pub mod semver_constraint;
pub mod tzif;
pub mod url;

use crate::template::error::GoError;
use crate::template::func::FuncMap;
use crate::template::gofmt;
use crate::template::value::{Map, MapType, Value};

/// Registers every function of these families.
pub fn register(m: &mut FuncMap) {
    lists::register(m);
    dicts::register(m);
    semver::register(m);
    dates::register(m);
    crypto::register(m);
    certs::register(m);
    url::register(m);
}

/// The error Go reports for `reflect.TypeOf(nil).Kind()`.
pub(crate) fn nil_deref() -> GoError {
    GoError::new("runtime error: invalid memory address or nil pointer dereference")
}

/// `reflect.TypeOf(v).Kind().String()`, or the nil-dereference panic for a nil interface.
pub(crate) fn kind_name(v: &Value) -> Result<&'static str, GoError> {
    match v {
        Value::Nil | Value::Invalid => Err(nil_deref()),
        other => Ok(other.kind().name()),
    }
}

/// The elements of a Go slice or array value, or `None` for any other kind.
pub(crate) fn slice_items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(l) => Some(l.items.as_ref().clone()),
        Value::Bytes(b) => Some(
            b.iter()
                .map(|&x| Value::Uint(u64::from(x), crate::template::value::UintKind::U8))
                .collect(),
        ),
        _ => None,
    }
}

/// Go's `reflect.DeepEqual` on two `interface{}` values.
pub(crate) fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil | Value::Invalid, Value::Nil | Value::Invalid) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x, k), Value::Int(y, l)) => x == y && k == l,
        (Value::Uint(x, k), Value::Uint(y, l)) => x == y && k == l,
        (Value::Float(x, k), Value::Float(y, l)) => x == y && k == l,
        (Value::Complex(a1, b1), Value::Complex(a2, b2)) => a1 == a2 && b1 == b2,
        (Value::String(x), Value::String(y)) => x.as_str() == y.as_str(),
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.ty == y.ty
                && x.items.len() == y.items.len()
                && x.items
                    .iter()
                    .zip(y.items.iter())
                    .all(|(p, q)| deep_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.ty != y.ty {
                return false;
            }
            if x.ptr_eq(y) {
                return true;
            }
            let (xe, ye) = (x.entries.borrow(), y.entries.borrow());
            xe.len() == ye.len()
                && xe
                    .iter()
                    .all(|(k, v)| ye.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.type_name() == y.type_name() && (x.addr() == y.addr() || x.display() == y.display())
        }
        _ => false,
    }
}

/// Sprig's `strval`: strings as they are, `[]byte` as text, otherwise `fmt.Sprintf("%v")`.
pub(crate) fn strval(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Object(o) => o.display().unwrap_or_else(|| gofmt::print_value(v)),
        Value::Nil | Value::Invalid => "<nil>".to_string(),
        other => gofmt::print_value(other),
    }
}

/// `cast.ToInt` as Sprig's `toInt` uses it: errors give 0.
pub(crate) fn to_int(v: &Value) -> i64 {
    match v {
        Value::Int(i, _) => *i,
        Value::Uint(u, _) => *u as i64,
        Value::Float(f, _) if f.is_finite() => *f as i64,
        Value::Bool(b) => i64::from(*b),
        Value::String(s) => parse_cast_int(s.as_str()),
        _ => 0,
    }
}

/// `strconv.ParseInt(trimZeroDecimal(s), 0, 0)` with errors giving 0.
fn parse_cast_int(s: &str) -> i64 {
    let s = trim_zero_decimal(s);
    let (neg, body) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(r) = lower.strip_prefix("0x") {
        (16, r.to_string())
    } else if let Some(r) = lower.strip_prefix("0b") {
        (2, r.to_string())
    } else if let Some(r) = lower.strip_prefix("0o") {
        (8, r.to_string())
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string())
    } else {
        (10, lower.clone())
    };
    let digits = digits.replace('_', "");
    match i64::from_str_radix(&digits, radix) {
        Ok(n) if neg => -n,
        Ok(n) => n,
        Err(_) => 0,
    }
}

/// cast's `trimZeroDecimal`: `"1.000"` becomes `"1"`.
fn trim_zero_decimal(s: &str) -> &str {
    if let Some(dot) = s.find('.') {
        if dot > 0 && s[dot + 1..].bytes().all(|b| b == b'0') {
            return &s[..dot];
        }
    }
    s
}

/// A map parameter as the Go callee sees it: `map[string]interface{}` sharing `m`'s storage
/// (Helm's `Values` converts to the plain map type on the way in).
pub(crate) fn plain_map(v: &Value) -> Map {
    match v {
        Value::Map(m) => Map {
            ty: MapType::Any,
            entries: m.entries.clone(),
        },
        _ => Map::new(MapType::Any, Default::default()),
    }
}

/// A string parameter (already converted by the engine).
pub(crate) fn arg_str(a: &[Value], i: usize) -> &str {
    a.get(i).and_then(Value::as_str).unwrap_or("")
}

/// An `int`/`int64` parameter (already converted by the engine).
pub(crate) fn arg_int(a: &[Value], i: usize) -> i64 {
    match a.get(i) {
        Some(Value::Int(n, _)) => *n,
        Some(Value::Uint(n, _)) => *n as i64,
        _ => 0,
    }
}

/// An argument by position, nil when absent.
pub(crate) fn arg(a: &[Value], i: usize) -> Value {
    a.get(i).cloned().unwrap_or(Value::Nil)
}
