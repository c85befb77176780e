//! Sprig v3.3.0 function families: lists, dicts, semver, dates, crypto, certificates,
//! network and URLs.
//!
//! Each family lives in its own module with a `register` function; [`register`] adds
//! them all. The helpers they share with the other Sprig families (Go's
//! `reflect.DeepEqual`, Sprig's `strval`, `cast.ToInt`, argument access) are
//! re-exported from [`crate::funcs::sprig`].

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

pub(crate) use crate::funcs::sprig::cast::{arg, arg_str, slice_items, strval, to_int64};
pub(crate) use crate::funcs::sprig::reflect::deep_equal;

use crate::funcs::sprig::reflect::kind_of;
use crate::template::error::GoError;
use crate::template::func::FuncMap;
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
        other => Ok(kind_of(other)),
    }
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

/// An `int`/`int64` parameter (already converted by the engine).
pub(crate) fn arg_int(a: &[Value], i: usize) -> i64 {
    match a.get(i) {
        Some(Value::Int(n, _)) => *n,
        Some(Value::Uint(n, _)) => *n as i64,
        _ => 0,
    }
}
