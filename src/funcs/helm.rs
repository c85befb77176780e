//! Helm's engine functions: `include`, `tpl`, `required`, `fail`, and the offline
//! `lookup` placeholder.

use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::value::Value;

/// Start marker Helm wraps around `required`/`fail` messages.
pub const ERR_START: &str = "HELM_ERR_START";
/// End marker Helm wraps around `required`/`fail` messages.
pub const ERR_END: &str = "HELM_ERR_END";

/// Registers `include`, `tpl`, `required` and `fail`.
pub fn register(m: &mut FuncMap) {
    m.insert("include", Sig::fixed(&[Ty::String, Ty::Any]), include);
    m.insert("tpl", Sig::fixed(&[Ty::String, Ty::Any]), tpl);
    m.insert("required", Sig::fixed(&[Ty::String, Ty::Any]), required);
    m.insert("fail", Sig::fixed(&[Ty::String]), fail);
    // `helm template` has no cluster: Helm's placeholder returns an empty map.
    m.insert(
        "lookup",
        Sig::fixed(&[Ty::String, Ty::String, Ty::String, Ty::String]),
        |_, _| Ok(Value::map(Default::default())),
    );
}

fn str_arg(a: &[Value], i: usize) -> &str {
    a.get(i).and_then(Value::as_str).unwrap_or("")
}

fn include(h: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let data = a.get(1).cloned().unwrap_or(Value::Nil);
    Ok(Value::String(h.include(str_arg(&a, 0), data)?))
}

fn tpl(h: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let data = a.get(1).cloned().unwrap_or(Value::Nil);
    Ok(Value::String(h.tpl(str_arg(&a, 0), data)?))
}

fn wrapped(msg: &str) -> GoError {
    GoError::new(format!("{ERR_START}{msg}{ERR_END}"))
}

fn required(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let v = a.get(1).cloned().unwrap_or(Value::Nil);
    match &v {
        Value::Nil | Value::Invalid => Err(wrapped(str_arg(&a, 0))),
        Value::String(s) if s.is_empty() => Err(wrapped(str_arg(&a, 0))),
        _ => Ok(v),
    }
}

fn fail(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Err(wrapped(str_arg(&a, 0)))
}
