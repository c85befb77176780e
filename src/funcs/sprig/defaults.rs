//! Sprig's defaults and flow functions (`defaults.go`): `default`, `empty`,
//! `coalesce`, `all`, `any`, `compact`, `mustCompact`, `ternary`.

use super::cast::{arg, is_empty, slice_items};
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::value::Value;

const A: Ty = Ty::Any;

/// Registers the defaults family.
pub fn register(m: &mut FuncMap) {
    m.insert("default", Sig::variadic(&[A], A), |_, a| match a.get(1) {
        Some(g) if !is_empty(g) => Ok(g.clone()),
        _ => Ok(arg(&a, 0)),
    });
    m.insert("empty", Sig::fixed(&[A]), |_, a| {
        Ok(Value::Bool(is_empty(&arg(&a, 0))))
    });
    m.insert("coalesce", Sig::variadic(&[], A), |_, a| {
        Ok(a.into_iter().find(|v| !is_empty(v)).unwrap_or(Value::Nil))
    });
    m.insert("all", Sig::variadic(&[], A), |_, a| {
        Ok(Value::Bool(a.iter().all(|v| !is_empty(v))))
    });
    m.insert("any", Sig::variadic(&[], A), |_, a| {
        Ok(Value::Bool(a.iter().any(|v| !is_empty(v))))
    });
    m.insert("compact", Sig::fixed(&[A]), compact);
    m.insert("mustCompact", Sig::fixed(&[A]), compact);
    m.insert("ternary", Sig::fixed(&[A, A, Ty::Bool]), |_, a| {
        let cond = matches!(a.get(2), Some(Value::Bool(true)));
        Ok(arg(&a, if cond { 0 } else { 1 }))
    });
}

/// `compact`/`mustCompact`: the non-empty elements of a slice (both fail the
/// same way: `compact` panics with the error `mustCompact` returns).
fn compact(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let v = arg(&a, 0);
    if v.is_nil_or_invalid() {
        return Err(GoError::new(
            "runtime error: invalid memory address or nil pointer dereference",
        ));
    }
    match slice_items(&v) {
        Some(items) => Ok(Value::list(
            items.iter().filter(|x| !is_empty(x)).cloned().collect(),
        )),
        None => Err(GoError::new(format!(
            "Cannot compact on type {}",
            v.kind().name()
        ))),
    }
}
