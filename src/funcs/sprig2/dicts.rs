//! Sprig's dict functions (`dict.go`): `dict`, `get`, `set`, `keys`, `merge`, `dig`, ...
//!
//! Go maps iterate in random order; `keys` and `values` return them sorted by key
//! here (Helm's own output is nondeterministic for these).

use super::merge::merge_into;
use super::{arg, arg_str, plain_map, strval};
use crate::chart::coalesce::deep_copy;
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::value::{Entries, ListType, Map, MapType, Value};

/// Registers the dict family.
pub fn register(m: &mut FuncMap) {
    m.insert("dict", Sig::variadic(&[], Ty::Any), dict);
    m.insert("get", Sig::fixed(&[Ty::MapAny, Ty::String]), get);
    m.insert("set", Sig::fixed(&[Ty::MapAny, Ty::String, Ty::Any]), set);
    m.insert("unset", Sig::fixed(&[Ty::MapAny, Ty::String]), unset);
    m.insert("hasKey", Sig::fixed(&[Ty::MapAny, Ty::String]), has_key);
    m.insert("pluck", Sig::variadic(&[Ty::String], Ty::MapAny), pluck);
    m.insert("keys", Sig::variadic(&[], Ty::MapAny), keys);
    m.insert("values", Sig::fixed(&[Ty::MapAny]), values);
    m.insert("pick", Sig::variadic(&[Ty::MapAny], Ty::String), pick);
    m.insert("omit", Sig::variadic(&[Ty::MapAny], Ty::String), omit);
    let merge_sig = Sig::variadic(&[Ty::MapAny], Ty::MapAny);
    m.insert("merge", merge_sig, merge);
    m.insert("mustMerge", merge_sig, merge);
    m.insert("mergeOverwrite", merge_sig, merge_overwrite);
    m.insert("mustMergeOverwrite", merge_sig, merge_overwrite);
    m.insert("deepCopy", Sig::fixed(&[Ty::Any]), deep_copy_fn);
    m.insert("mustDeepCopy", Sig::fixed(&[Ty::Any]), deep_copy_fn);
    m.insert("dig", Sig::variadic(&[], Ty::Any), dig);
}

fn new_map(e: Entries) -> Value {
    Value::Map(Map::new(MapType::Any, e))
}

fn dict(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let mut e = Entries::new();
    for pair in a.chunks(2) {
        let key = pair.first().map(strval).unwrap_or_default();
        e.insert(key, pair.get(1).cloned().unwrap_or_else(|| Value::from("")));
    }
    Ok(new_map(e))
}

fn get(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(plain_map(&arg(&a, 0))
        .get(arg_str(&a, 1))
        .unwrap_or_else(|| Value::from("")))
}

fn set(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let m = plain_map(&arg(&a, 0));
    m.entries
        .borrow_mut()
        .insert(arg_str(&a, 1).to_string(), arg(&a, 2));
    Ok(Value::Map(m))
}

fn unset(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let m = plain_map(&arg(&a, 0));
    m.entries.borrow_mut().remove(arg_str(&a, 1));
    Ok(Value::Map(m))
}

fn has_key(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let m = plain_map(&arg(&a, 0));
    let found = m.entries.borrow().contains_key(arg_str(&a, 1));
    Ok(Value::Bool(found))
}

fn pluck(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let key = arg_str(&a, 0);
    let out = a
        .iter()
        .skip(1)
        .filter_map(|d| plain_map(d).get(key))
        .collect();
    Ok(Value::list(out))
}

fn keys(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let mut out: Vec<String> = Vec::new();
    for d in &a {
        out.extend(plain_map(d).entries.borrow().keys().cloned());
    }
    out.sort();
    Ok(Value::typed_list(
        ListType::String,
        out.into_iter().map(Value::from).collect(),
    ))
}

fn values(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let m = plain_map(&arg(&a, 0));
    let out = m.entries.borrow().values().cloned().collect();
    Ok(Value::list(out))
}

fn pick(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let m = plain_map(&arg(&a, 0));
    let src = m.entries.borrow();
    let mut e = Entries::new();
    for k in a.iter().skip(1).filter_map(Value::as_str) {
        if let Some(v) = src.get(k) {
            e.insert(k.to_string(), v.clone());
        }
    }
    Ok(new_map(e))
}

fn omit(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let m = plain_map(&arg(&a, 0));
    let drop: Vec<&str> = a.iter().skip(1).filter_map(Value::as_str).collect();
    let e = m
        .entries
        .borrow()
        .iter()
        .filter(|(k, _)| !drop.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(new_map(e))
}

fn merge_all(a: &[Value], overwrite: bool) -> Value {
    let dst = plain_map(&arg(a, 0));
    for src in a.iter().skip(1) {
        merge_into(&dst, &plain_map(src), overwrite);
    }
    Value::Map(dst)
}

fn merge(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(merge_all(&a, false))
}

fn merge_overwrite(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(merge_all(&a, true))
}

fn deep_copy_fn(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let v = arg(&a, 0);
    if v.is_nil_or_invalid() {
        return Err(GoError::new(
            "reflect: call of reflect.Value.Type on zero Value",
        ));
    }
    Ok(deep_copy(&v))
}

/// Go's failed type assertion panic text.
fn conversion_error(v: &Value, want: &str) -> GoError {
    let got = match v {
        Value::Nil | Value::Invalid => "nil".to_string(),
        other => other.type_name(),
    };
    GoError::new(format!(
        "interface conversion: interface {{}} is {got}, not {want}"
    ))
}

/// `v.(map[string]interface{})`.
fn assert_map(v: &Value) -> Result<Map, GoError> {
    match v {
        Value::Map(m) if m.ty == MapType::Any => Ok(m.clone()),
        other => Err(conversion_error(other, "map[string]interface {}")),
    }
}

fn dig(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let n = a.len();
    if n < 3 {
        return Err(GoError::new("dig needs at least three arguments"));
    }
    let mut dict = assert_map(&a[n - 1])?;
    let def = a[n - 2].clone();
    let mut ks = Vec::with_capacity(n - 2);
    for k in &a[..n - 2] {
        match k.as_str() {
            Some(s) => ks.push(s.to_string()),
            None => return Err(conversion_error(k, "string")),
        }
    }
    for (i, k) in ks.iter().enumerate() {
        let Some(step) = dict.get(k) else {
            return Ok(def);
        };
        if i + 1 == ks.len() {
            return Ok(step);
        }
        dict = assert_map(&step)?;
    }
    Ok(def)
}
