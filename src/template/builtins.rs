//! Go's builtin template functions (`text/template/funcs.go`): comparison, `index`,
//! `slice`, `len`, `not`, `and`/`or`/`call` (evaluated by the executor), printing and
//! escaping.

use std::rc::Rc;

use super::error::GoError;
use super::escape;
use super::func::{FuncMap, Host, Sig, Special, Ty};
use super::gofmt;
use super::value::{IntKind, List, UintKind, Value};

const R: Ty = Ty::Reflect;

/// Registers Go's builtins into `m`.
pub fn register(m: &mut FuncMap) {
    let and_or: Sig = Sig::variadic(&[R], R);
    m.insert_special("and", and_or, unreachable_special, Special::And);
    m.insert_special("or", and_or, unreachable_special, Special::Or);
    m.insert_special(
        "call",
        Sig::variadic(&[R], R),
        unreachable_special,
        Special::Call,
    );
    m.insert("not", Sig::fixed(&[R]), not);
    m.insert("eq", Sig::variadic(&[R], R), eq);
    m.insert("ne", Sig::fixed(&[R, R]), ne);
    m.insert("lt", Sig::fixed(&[R, R]), lt);
    m.insert("le", Sig::fixed(&[R, R]), le);
    m.insert("gt", Sig::fixed(&[R, R]), gt);
    m.insert("ge", Sig::fixed(&[R, R]), ge);
    m.insert("index", Sig::variadic(&[R], R), index);
    m.insert("slice", Sig::variadic(&[R], R), slice);
    m.insert("len", Sig::fixed(&[R]), len);
    m.insert("print", Sig::variadic(&[], Ty::Any), |_, a| {
        Ok(Value::from(gofmt::sprint(&a)))
    });
    m.insert("println", Sig::variadic(&[], Ty::Any), |_, a| {
        Ok(Value::from(gofmt::sprintln(&a)))
    });
    m.insert("printf", Sig::variadic(&[Ty::String], Ty::Any), |_, a| {
        let (f, rest) = a.split_first().expect("arity checked");
        Ok(Value::from(gofmt::sprintf(f.as_str().unwrap_or(""), rest)))
    });
    m.insert("html", Sig::variadic(&[], Ty::Any), |_, a| {
        Ok(Value::from(escape::html_escape(&escape::eval_args(&a))))
    });
    m.insert("js", Sig::variadic(&[], Ty::Any), |_, a| {
        Ok(Value::from(escape::js_escape(&escape::eval_args(&a))))
    });
    m.insert("urlquery", Sig::variadic(&[], Ty::Any), |_, a| {
        Ok(Value::from(escape::url_query_escape(&escape::eval_args(
            &a,
        ))))
    });
}

fn unreachable_special(_: &mut dyn Host, _: Vec<Value>) -> Result<Value, GoError> {
    Err(GoError::new(
        "internal error: special builtin called directly",
    ))
}

fn arg(a: &[Value], i: usize) -> Value {
    a.get(i).cloned().unwrap_or(Value::Invalid)
}

fn not(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::Bool(!arg(&a, 0).truthy()))
}

/// Go's comparison classes (`basicKind`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Basic {
    Invalid,
    Bool,
    Complex,
    Int,
    Float,
    String,
    Uint,
}

fn basic(v: &Value) -> Basic {
    match v {
        Value::Bool(_) => Basic::Bool,
        Value::Int(..) => Basic::Int,
        Value::Uint(..) => Basic::Uint,
        Value::Float(..) => Basic::Float,
        Value::Complex(..) => Basic::Complex,
        Value::String(_) => Basic::String,
        _ => Basic::Invalid,
    }
}

fn type_of(v: &Value) -> String {
    v.type_name()
}

/// Go's `indirectInterface`: a nil interface becomes invalid.
fn indirect(v: &Value) -> &Value {
    match v {
        Value::Nil => &Value::Invalid,
        other => other,
    }
}

/// Go's `eq` for one pair.
fn eq_pair(a: &Value, b: &Value) -> Result<bool, GoError> {
    let (a, b) = (indirect(a), indirect(b));
    let (k1, k2) = (basic(a), basic(b));
    if k1 != k2 {
        return match (a, b) {
            (Value::Int(i, _), Value::Uint(u, _)) | (Value::Uint(u, _), Value::Int(i, _)) => {
                Ok(*i >= 0 && *i as u64 == *u)
            }
            _ if !a.is_invalid() && !b.is_invalid() => Err(GoError::new(format!(
                "incompatible types for comparison: {} and {}",
                type_of(a),
                type_of(b)
            ))),
            _ => Ok(false),
        };
    }
    Ok(match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x, _), Value::Int(y, _)) => x == y,
        (Value::Uint(x, _), Value::Uint(y, _)) => x == y,
        (Value::Float(x, _), Value::Float(y, _)) => x == y,
        (Value::Complex(a1, b1), Value::Complex(a2, b2)) => a1 == a2 && b1 == b2,
        (Value::String(x), Value::String(y)) => x.as_str() == y.as_str(),
        _ => {
            if a.kind() != b.kind() && !a.is_invalid() && !b.is_invalid() {
                return Err(GoError::new(gofmt::sprintf(
                    "non-comparable types %s: %v, %s: %v",
                    &[
                        a.clone(),
                        Value::from(type_of(a)),
                        Value::from(type_of(b)),
                        b.clone(),
                    ],
                )));
            }
            if is_nil(a) || is_nil(b) {
                is_nil(a) == is_nil(b)
            } else {
                match (a, b) {
                    (Value::Object(x), Value::Object(y)) => x.addr() == y.addr(),
                    _ => {
                        return Err(GoError::new(gofmt::sprintf(
                            "non-comparable type %s: %v",
                            &[b.clone(), Value::from(type_of(b))],
                        )))
                    }
                }
            }
        }
    })
}

fn is_nil(v: &Value) -> bool {
    matches!(v, Value::Invalid | Value::Nil)
}

fn eq(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let (first, rest) = a.split_first().expect("arity checked");
    if rest.is_empty() {
        return Err(GoError::new("missing argument for comparison"));
    }
    for b in rest {
        if eq_pair(first, b)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn ne(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::Bool(!eq_pair(&arg(&a, 0), &arg(&a, 1))?))
}

fn less(a: &Value, b: &Value) -> Result<bool, GoError> {
    let (a, b) = (indirect(a), indirect(b));
    let bad = || GoError::new("invalid type for comparison");
    let (k1, k2) = (basic(a), basic(b));
    if k1 == Basic::Invalid || k2 == Basic::Invalid {
        return Err(bad());
    }
    if k1 != k2 {
        return match (a, b) {
            (Value::Int(i, _), Value::Uint(u, _)) => Ok(*i < 0 || (*i as u64) < *u),
            (Value::Uint(u, _), Value::Int(i, _)) => Ok(*i >= 0 && *u < *i as u64),
            _ => Err(GoError::new(format!(
                "incompatible types for comparison: {} and {}",
                type_of(a),
                type_of(b)
            ))),
        };
    }
    match (a, b) {
        (Value::Int(x, _), Value::Int(y, _)) => Ok(x < y),
        (Value::Uint(x, _), Value::Uint(y, _)) => Ok(x < y),
        (Value::Float(x, _), Value::Float(y, _)) => Ok(x < y),
        (Value::String(x), Value::String(y)) => Ok(x.as_str() < y.as_str()),
        _ => Err(bad()),
    }
}

fn lt(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::Bool(less(&arg(&a, 0), &arg(&a, 1))?))
}

fn less_eq(a: &Value, b: &Value) -> Result<bool, GoError> {
    if less(a, b)? {
        return Ok(true);
    }
    eq_pair(a, b)
}

fn le(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::Bool(less_eq(&arg(&a, 0), &arg(&a, 1))?))
}

fn gt(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::Bool(!less_eq(&arg(&a, 0), &arg(&a, 1))?))
}

fn ge(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::Bool(!less(&arg(&a, 0), &arg(&a, 1))?))
}

/// Go's `indexArg`: an integer index within `0..=cap`.
fn index_arg(i: &Value, cap: usize) -> Result<usize, GoError> {
    let x: i128 = match i {
        Value::Int(v, _) => *v as i128,
        Value::Uint(v, _) => *v as i64 as i128,
        Value::Invalid | Value::Nil => {
            return Err(GoError::new("cannot index slice/array with nil"))
        }
        other => {
            return Err(GoError::new(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            )))
        }
    };
    if x < 0 || x > cap as i128 {
        return Err(GoError::new(format!("index out of range: {x}")));
    }
    Ok(x as usize)
}

fn index(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let mut it = a.into_iter();
    let mut item = it.next().unwrap_or(Value::Invalid);
    if is_nil(&item) {
        return Err(GoError::new("index of untyped nil"));
    }
    for idx in it {
        if matches!(item, Value::Nil) {
            return Err(GoError::new("index of nil pointer"));
        }
        item = match &item {
            Value::List(l) => {
                let x = index_arg(&idx, l.items.len())?;
                match l.items.get(x) {
                    Some(v) => v.clone(),
                    None => return Err(GoError::new("reflect: slice index out of range")),
                }
            }
            Value::Bytes(b) => {
                let x = index_arg(&idx, b.len())?;
                match b.get(x) {
                    Some(v) => Value::Uint(*v as u64, UintKind::U8),
                    None => return Err(GoError::new("reflect: slice index out of range")),
                }
            }
            Value::String(s) => {
                let x = index_arg(&idx, s.len())?;
                match s.as_bytes().get(x) {
                    Some(v) => Value::Uint(*v as u64, UintKind::U8),
                    None => return Err(GoError::new("reflect: string index out of range")),
                }
            }
            Value::Map(m) => {
                let key = match &idx {
                    Value::String(s) => s.clone(),
                    Value::Invalid | Value::Nil => {
                        return Err(GoError::new("value is nil; should be of type string"))
                    }
                    other => {
                        return Err(GoError::new(format!(
                            "value has type {}; should be string",
                            other.type_name()
                        )))
                    }
                };
                m.get(&key).unwrap_or_else(|| m.zero_elem())
            }
            Value::Invalid => return Err(GoError::new("index of untyped nil")),
            other => {
                return Err(GoError::new(format!(
                    "can't index item of type {}",
                    other.type_name()
                )))
            }
        };
    }
    Ok(item)
}

fn slice(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let (item, idx) = a.split_first().expect("arity checked");
    if is_nil(item) {
        return Err(GoError::new("slice of untyped nil"));
    }
    if idx.len() > 3 {
        return Err(GoError::new(format!(
            "too many slice indexes: {}",
            idx.len()
        )));
    }
    let len = match item {
        Value::String(s) => {
            if idx.len() == 3 {
                return Err(GoError::new("cannot 3-index slice a string"));
            }
            s.len()
        }
        Value::List(l) => l.items.len(),
        Value::Bytes(b) => b.len(),
        other => {
            return Err(GoError::new(format!(
                "can't slice item of type {}",
                other.type_name()
            )))
        }
    };
    let mut ix = [0usize, len, len];
    for (i, v) in idx.iter().enumerate() {
        ix[i] = index_arg(v, len)?;
    }
    if ix[0] > ix[1] {
        return Err(GoError::new(format!(
            "invalid slice index: {} > {}",
            ix[0], ix[1]
        )));
    }
    if idx.len() == 3 && ix[1] > ix[2] {
        return Err(GoError::new(format!(
            "invalid slice index: {} > {}",
            ix[1], ix[2]
        )));
    }
    Ok(match item {
        Value::String(s) => {
            let bytes = &s.as_bytes()[ix[0]..ix[1]];
            Value::from(String::from_utf8_lossy(bytes).into_owned())
        }
        Value::List(l) => Value::List(List {
            ty: l.ty,
            items: Rc::new(l.items[ix[0]..ix[1]].to_vec()),
        }),
        Value::Bytes(b) => Value::Bytes(Rc::from(&b[ix[0]..ix[1]])),
        _ => Value::Invalid,
    })
}

fn len(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let n = match arg(&a, 0) {
        Value::Nil => return Err(GoError::new("len of nil pointer")),
        Value::Invalid => {
            return Err(GoError::new(
                "reflect: call of reflect.Value.Type on zero Value",
            ))
        }
        Value::String(s) => super::gobytes::go_bytes(s.as_str()).len(),
        Value::Bytes(b) => b.len(),
        Value::List(l) => l.items.len(),
        Value::Map(m) => m.len(),
        Value::Object(o) if o.kind() == super::value::Kind::Map => match o.to_data() {
            Value::Map(m) => m.len(),
            _ => 0,
        },
        other => {
            let t = other.type_name();
            let t = t.strip_prefix('*').unwrap_or(&t).to_string();
            return Err(GoError::new(format!("len of type {t}")));
        }
    };
    Ok(Value::Int(n as i64, IntKind::Int))
}
