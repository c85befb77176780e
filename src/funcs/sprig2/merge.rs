//! `dario.cat/mergo` v1.0.1 `Merge`/`MergeWithOverwrite` on `map[string]interface{}`
//! (`deepCopy` is `crate::chart::coalesce::deep_copy`, `copystructure.Copy`).
//!
//! Merge replaces a destination value only when it is missing or *empty* (nil, false,
//! 0, "", an empty map or slice); nested maps are merged in place (a missing one is
//! shared with the source); with override the source always wins, a nil source included.

use crate::template::value::{Map, Value};

/// mergo's `isEmptyValue` with dereferencing: the zero values of Go.
pub(crate) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Invalid | Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(i, _) => *i == 0,
        Value::Uint(u, _) => *u == 0,
        Value::Float(f, _) => *f == 0.0,
        Value::String(s) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        Value::List(l) => l.items.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Complex(..) | Value::Object(_) => false,
    }
}

/// mergo's `deepMerge` for two maps: merges `src` into `dst` in place.
pub fn merge_into(dst: &Map, src: &Map, overwrite: bool) {
    if dst.ptr_eq(src) {
        // mergo's visited set: merging a map into itself changes nothing observable.
        return;
    }
    let src_entries: Vec<(String, Value)> = src
        .entries
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, s) in src_entries {
        let d = dst.get(&key);
        if matches!(s, Value::Nil | Value::Invalid) {
            if overwrite {
                dst.entries.borrow_mut().insert(key, Value::Nil);
            }
            continue;
        }
        if let (Value::Map(sm), Some(Value::Map(dm))) = (&s, &d) {
            merge_into(dm, sm, overwrite);
        }
        if let Some(dv) = &d {
            if !is_empty(dv) {
                if matches!(s, Value::List(_) | Value::Bytes(_)) {
                    if overwrite {
                        dst.entries.borrow_mut().insert(key, s);
                    }
                    continue;
                }
                if matches!((&s, dv), (Value::Map(_), Value::Map(_))) {
                    continue;
                }
            }
        }
        let dst_empty = d.as_ref().is_none_or(is_empty);
        if overwrite || dst_empty {
            dst.entries.borrow_mut().insert(key, s);
        }
    }
}
