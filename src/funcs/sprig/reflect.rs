//! Sprig's reflection functions (`reflect.go`): `typeOf`, `typeIs`, `typeIsLike`,
//! `kindOf`, `kindIs`, and `deepEqual` (`reflect.DeepEqual`).

use super::cast::{arg, arg_str};
use crate::template::func::{FuncMap, Sig, Ty};
use crate::template::value::Value;

const A: Ty = Ty::Any;
const S: Ty = Ty::String;

/// Registers the reflection functions.
pub fn register(m: &mut FuncMap) {
    m.insert("typeOf", Sig::fixed(&[A]), |_, a| {
        Ok(arg(&a, 0).type_name().into())
    });
    m.insert("typeIs", Sig::fixed(&[S, A]), |_, a| {
        Ok(Value::Bool(arg_str(&a, 0) == arg(&a, 1).type_name()))
    });
    m.insert("typeIsLike", Sig::fixed(&[S, A]), |_, a| {
        let (t, name) = (arg_str(&a, 0), arg(&a, 1).type_name());
        Ok(Value::Bool(t == name || format!("*{t}") == name))
    });
    m.insert("kindOf", Sig::fixed(&[A]), |_, a| {
        Ok(kind_of(&arg(&a, 0)).into())
    });
    m.insert("kindIs", Sig::fixed(&[S, A]), |_, a| {
        Ok(Value::Bool(arg_str(&a, 0) == kind_of(&arg(&a, 1))))
    });
    m.insert("deepEqual", Sig::fixed(&[A, A]), |_, a| {
        Ok(Value::Bool(deep_equal(&arg(&a, 0), &arg(&a, 1))))
    });
}

/// `reflect.ValueOf(v).Kind().String()` of an `interface{}` argument.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Nil | Value::Invalid => "invalid",
        other => other.kind().name(),
    }
}

/// `reflect.DeepEqual` of two interface values: same dynamic type, then equal
/// contents (NaN is unequal to itself; shared maps are equal).
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    if a.type_name() != b.type_name() {
        return false;
    }
    match (a, b) {
        (Value::Nil | Value::Invalid, Value::Nil | Value::Invalid) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x, _), Value::Int(y, _)) => x == y,
        (Value::Uint(x, _), Value::Uint(y, _)) => x == y,
        (Value::Float(x, _), Value::Float(y, _)) => x == y,
        (Value::Complex(r1, i1), Value::Complex(r2, i2)) => r1 == r2 && i1 == i2,
        (Value::String(x), Value::String(y)) => x.as_str() == y.as_str(),
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.items.len() == y.items.len()
                && x.items
                    .iter()
                    .zip(y.items.iter())
                    .all(|(p, q)| deep_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.ptr_eq(y) {
                return true;
            }
            let (ex, ey) = (x.entries.borrow(), y.entries.borrow());
            ex.len() == ey.len()
                && ex
                    .iter()
                    .all(|(k, v)| ey.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.addr() == y.addr() || deep_equal(&x.to_data(), &y.to_data())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_equal_types() {
        assert!(!deep_equal(&Value::int(1), &Value::float(1.0)));
        assert!(deep_equal(&Value::int(1), &Value::int(1)));
        assert!(deep_equal(
            &Value::list(vec![Value::from("a")]),
            &Value::list(vec![Value::from("a")])
        ));
        assert_eq!(kind_of(&Value::Nil), "invalid");
    }
}
