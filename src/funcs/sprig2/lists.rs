//! Sprig's list functions (`list.go`): `list`, `first`, `append`, `uniq`, `slice`, ...
//!
//! The plain forms panic on a non-list argument and the `must` forms return an error;
//! Go's template engine turns either into the same message, so both names share one
//! implementation here.

use super::{arg, arg_int, deep_equal, kind_name, slice_items, to_int64};
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::value::{List, Value};
use std::rc::Rc;

const ANY1: Sig = Sig::fixed(&[Ty::Any]);
const ANY2: Sig = Sig::fixed(&[Ty::Any, Ty::Any]);

/// Registers the list family (Sprig's `compact` belongs to another module).
pub fn register(m: &mut FuncMap) {
    m.insert("list", Sig::variadic(&[], Ty::Any), list);
    m.insert("tuple", Sig::variadic(&[], Ty::Any), list);
    for name in ["append", "push", "mustAppend", "mustPush"] {
        m.insert(name, ANY2, push);
    }
    for name in ["prepend", "mustPrepend"] {
        m.insert(name, ANY2, prepend);
    }
    for name in ["first", "mustFirst"] {
        m.insert(name, ANY1, first);
    }
    for name in ["last", "mustLast"] {
        m.insert(name, ANY1, last);
    }
    for name in ["rest", "mustRest"] {
        m.insert(name, ANY1, rest);
    }
    for name in ["initial", "mustInitial"] {
        m.insert(name, ANY1, initial);
    }
    for name in ["reverse", "mustReverse"] {
        m.insert(name, ANY1, reverse);
    }
    for name in ["uniq", "mustUniq"] {
        m.insert(name, ANY1, uniq);
    }
    for name in ["without", "mustWithout"] {
        m.insert(name, Sig::variadic(&[Ty::Any], Ty::Any), without);
    }
    for name in ["has", "mustHas"] {
        m.insert(name, ANY2, has);
    }
    for name in ["slice", "mustSlice"] {
        m.insert(name, Sig::variadic(&[Ty::Any], Ty::Any), slice);
    }
    for name in ["chunk", "mustChunk"] {
        m.insert(name, Sig::fixed(&[Ty::Int, Ty::Any]), chunk);
    }
    m.insert("concat", Sig::variadic(&[], Ty::Any), concat);
}

/// The items of a list argument, or Sprig's `Cannot {what} type K` error.
fn items_or(v: &Value, what: &str) -> Result<Vec<Value>, GoError> {
    match slice_items(v) {
        Some(items) => Ok(Rc::unwrap_or_clone(items)),
        None => Err(GoError::new(format!("Cannot {what} {}", kind_name(v)?))),
    }
}

fn list(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::list(a))
}

fn push(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let mut items = items_or(&arg(&a, 0), "push on type")?;
    items.push(arg(&a, 1));
    Ok(Value::list(items))
}

fn prepend(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let mut items = items_or(&arg(&a, 0), "prepend on type")?;
    items.insert(0, arg(&a, 1));
    Ok(Value::list(items))
}

fn first(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let items = items_or(&arg(&a, 0), "find first on type")?;
    Ok(items.into_iter().next().unwrap_or(Value::Nil))
}

fn last(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let items = items_or(&arg(&a, 0), "find last on type")?;
    Ok(items.into_iter().last().unwrap_or(Value::Nil))
}

fn rest(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let items = items_or(&arg(&a, 0), "find rest on type")?;
    Ok(Value::list(items.into_iter().skip(1).collect()))
}

fn initial(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let mut items = items_or(&arg(&a, 0), "find initial on type")?;
    items.pop();
    Ok(Value::list(items))
}

fn reverse(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let mut items = items_or(&arg(&a, 0), "find reverse on type")?;
    items.reverse();
    Ok(Value::list(items))
}

fn uniq(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let items = items_or(&arg(&a, 0), "find uniq on type")?;
    let mut out: Vec<Value> = Vec::new();
    for it in items {
        if !out.iter().any(|o| deep_equal(&it, o)) {
            out.push(it);
        }
    }
    Ok(Value::list(out))
}

fn without(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let items = items_or(&arg(&a, 0), "find without on type")?;
    let omit = a.get(1..).unwrap_or(&[]);
    let out = items
        .into_iter()
        .filter(|it| !omit.iter().any(|o| deep_equal(it, o)))
        .collect();
    Ok(Value::list(out))
}

fn has(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let hay = arg(&a, 1);
    if hay.is_nil_or_invalid() {
        return Ok(Value::Bool(false));
    }
    let needle = arg(&a, 0);
    let items = items_or(&hay, "find has on type")?;
    Ok(Value::Bool(items.iter().any(|it| deep_equal(&needle, it))))
}

fn slice(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let l = arg(&a, 0);
    let len = match &l {
        Value::List(x) => x.items.len(),
        Value::Bytes(b) => b.len(),
        other => {
            return Err(GoError::new(format!(
                "list should be type of slice or array but {}",
                kind_name(other)?
            )))
        }
    };
    if len == 0 {
        return Ok(Value::Nil);
    }
    let start = a.get(1).map_or(0, to_int64);
    let end = a.get(2).map_or(len as i64, to_int64);
    if start < 0 || end < start || end > len as i64 {
        return Err(GoError::new(
            "reflect.Value.Slice: slice index out of bounds",
        ));
    }
    let (s, e) = (start as usize, end as usize);
    Ok(match l {
        Value::List(x) => Value::List(List {
            ty: x.ty,
            items: Rc::new(x.items.get(s..e).unwrap_or(&[]).to_vec()),
        }),
        Value::Bytes(b) => Value::Bytes(Rc::from(b.get(s..e).unwrap_or(&[]))),
        other => other,
    })
}

fn chunk(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let size = arg_int(&a, 0);
    let items = items_or(&arg(&a, 1), "chunk type")?;
    let l = items.len() as i64;
    let bad_len = || GoError::new("runtime error: makeslice: len out of range");
    let cs = ((l - 1) as f64 / size as f64).floor() + 1.0;
    if !cs.is_finite() || cs < 0.0 {
        return Err(bad_len());
    }
    let cs = cs as i64;
    let mut out = Vec::new();
    for i in 0..cs {
        let mut clen = size;
        if i == cs - 1 {
            clen = ((l as f64) % (size as f64)).floor() as i64;
            if clen == 0 {
                clen = size;
            }
        }
        if clen < 0 {
            return Err(bad_len());
        }
        let mut part = Vec::new();
        for j in 0..clen {
            let ix = i * size + j;
            match usize::try_from(ix).ok().and_then(|ix| items.get(ix)) {
                Some(v) => part.push(v.clone()),
                None => return Err(GoError::new("reflect: slice index out of range")),
            }
        }
        out.push(Value::list(part));
    }
    Ok(Value::list(out))
}

fn concat(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let mut out = Vec::new();
    for l in &a {
        match slice_items(l) {
            Some(items) => out.extend(items.iter().cloned()),
            None => {
                return Err(GoError::new(format!(
                    "Cannot concat type {} as list",
                    kind_name(l)?
                )))
            }
        }
    }
    Ok(Value::list(out))
}
