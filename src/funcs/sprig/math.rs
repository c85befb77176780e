//! Sprig's conversion and math functions (`numeric.go` and the arithmetic
//! entries of `functions.go`), with spf13/cast v1.7.0 conversions.

use super::cast::{arg, arg_int, arg_str, int_list, to_float64, to_int64};
use super::decimal::{self, Op};
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::gofmt;
use crate::template::value::Value;

const A: Ty = Ty::Any;
const I: Ty = Ty::Int;

/// Most elements `until`/`untilStep`/`seq` will build.
const MAX_RANGE: i64 = 10_000_000;

/// Registers the conversion and math functions.
pub fn register(m: &mut FuncMap) {
    m.insert("atoi", Sig::fixed(&[Ty::String]), |_, a| {
        Ok(Value::int(atoi(arg_str(&a, 0))))
    });
    m.insert("int", Sig::fixed(&[A]), |_, a| {
        Ok(Value::int(to_int64(&arg(&a, 0))))
    });
    m.insert("int64", Sig::fixed(&[A]), |_, a| {
        Ok(Value::int64(to_int64(&arg(&a, 0))))
    });
    m.insert("float64", Sig::fixed(&[A]), |_, a| {
        Ok(Value::float(to_float64(&arg(&a, 0))))
    });
    m.insert("toDecimal", Sig::fixed(&[A]), to_decimal);
    m.insert("add", Sig::variadic(&[], A), |_, a| {
        Ok(Value::int64(
            a.iter().fold(0i64, |s, v| s.wrapping_add(to_int64(v))),
        ))
    });
    m.insert("add1", Sig::fixed(&[A]), |_, a| {
        Ok(Value::int64(to_int64(&arg(&a, 0)).wrapping_add(1)))
    });
    m.insert("sub", Sig::fixed(&[A, A]), |_, a| {
        Ok(Value::int64(
            to_int64(&arg(&a, 0)).wrapping_sub(to_int64(&arg(&a, 1))),
        ))
    });
    m.insert("div", Sig::fixed(&[A, A]), |_, a| {
        int_div(&a, i64::wrapping_div)
    });
    m.insert("mod", Sig::fixed(&[A, A]), |_, a| {
        int_div(&a, i64::wrapping_rem)
    });
    m.insert("mul", Sig::variadic(&[A], A), |_, a| {
        Ok(Value::int64(
            a.iter().fold(1i64, |s, v| s.wrapping_mul(to_int64(v))),
        ))
    });
    m.insert("max", Sig::variadic(&[A], A), |_, a| {
        Ok(Value::int64(fold_int(&a, i64::max)))
    });
    m.insert("biggest", Sig::variadic(&[A], A), |_, a| {
        Ok(Value::int64(fold_int(&a, i64::max)))
    });
    m.insert("min", Sig::variadic(&[A], A), |_, a| {
        Ok(Value::int64(fold_int(&a, i64::min)))
    });
    m.insert("maxf", Sig::variadic(&[A], A), |_, a| {
        Ok(Value::float(fold_float(&a, go_max)))
    });
    m.insert("minf", Sig::variadic(&[A], A), |_, a| {
        Ok(Value::float(fold_float(&a, go_min)))
    });
    m.insert("addf", Sig::variadic(&[], A), |_, a| {
        decimal_op(0.0, &a, Op::Add)
    });
    m.insert("add1f", Sig::fixed(&[A]), |_, a| {
        decimal_op(to_float64(&arg(&a, 0)), &[Value::int(1)], Op::Add)
    });
    m.insert("subf", Sig::variadic(&[A], A), |_, a| first_op(&a, Op::Sub));
    m.insert("mulf", Sig::variadic(&[A], A), |_, a| first_op(&a, Op::Mul));
    m.insert("divf", Sig::variadic(&[A], A), |_, a| first_op(&a, Op::Div));
    m.insert("floor", Sig::fixed(&[A]), |_, a| {
        Ok(Value::float(to_float64(&arg(&a, 0)).floor()))
    });
    m.insert("ceil", Sig::fixed(&[A]), |_, a| {
        Ok(Value::float(to_float64(&arg(&a, 0)).ceil()))
    });
    m.insert("round", Sig::variadic(&[A, I], Ty::Float64), round);
    m.insert("until", Sig::fixed(&[I]), |_, a| {
        let n = arg_int(&a, 0);
        Ok(int_list(until_step(0, n, if n < 0 { -1 } else { 1 })?))
    });
    m.insert("untilStep", Sig::fixed(&[I, I, I]), |_, a| {
        Ok(int_list(until_step(
            arg_int(&a, 0),
            arg_int(&a, 1),
            arg_int(&a, 2),
        )?))
    });
    m.insert("seq", Sig::variadic(&[], I), seq);
}

/// `strconv.Atoi` with the error swallowed to 0.
fn atoi(s: &str) -> i64 {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    s.parse().unwrap_or(0)
}

fn to_decimal(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let text = gofmt::sprint(&[arg(&a, 0)]);
    let body = text.strip_prefix(['+', '-']).unwrap_or(&text);
    let ok = !body.is_empty() && body.bytes().all(|b| (b'0'..=b'7').contains(&b));
    let v = if ok {
        i64::from_str_radix(&text, 8).unwrap_or(0)
    } else {
        0
    };
    Ok(Value::int64(v))
}

fn int_div(a: &[Value], f: fn(i64, i64) -> i64) -> Result<Value, GoError> {
    let d = to_int64(&arg(a, 1));
    if d == 0 {
        return Err(GoError::new("runtime error: integer divide by zero"));
    }
    Ok(Value::int64(f(to_int64(&arg(a, 0)), d)))
}

fn fold_int(a: &[Value], f: fn(i64, i64) -> i64) -> i64 {
    let first = to_int64(&arg(a, 0));
    a.iter().skip(1).fold(first, |acc, v| f(acc, to_int64(v)))
}

fn fold_float(a: &[Value], f: fn(f64, f64) -> f64) -> f64 {
    let first = to_float64(&arg(a, 0));
    a.iter().skip(1).fold(first, |acc, v| f(acc, to_float64(v)))
}

/// Go's `math.Max` (NaN wins, `+0` beats `-0`).
fn go_max(x: f64, y: f64) -> f64 {
    if x.is_infinite() && x > 0.0 || y.is_infinite() && y > 0.0 {
        return f64::INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { y } else { x };
    }
    x.max(y)
}

/// Go's `math.Min`.
fn go_min(x: f64, y: f64) -> f64 {
    if x.is_infinite() && x < 0.0 || y.is_infinite() && y < 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { x } else { y };
    }
    x.min(y)
}

fn decimal_op(first: f64, rest: &[Value], op: Op) -> Result<Value, GoError> {
    let rest: Vec<f64> = rest.iter().map(to_float64).collect();
    Ok(Value::float(decimal::exec(first, &rest, op)?))
}

fn first_op(a: &[Value], op: Op) -> Result<Value, GoError> {
    decimal_op(to_float64(&arg(a, 0)), a.get(1..).unwrap_or_default(), op)
}

fn round(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let round_on = match a.get(2) {
        Some(Value::Float(f, _)) => *f,
        _ => 0.5,
    };
    let val = to_float64(&arg(&a, 0));
    let pow = 10f64.powf(arg_int(&a, 1) as f64);
    let digit = pow * val;
    let frac = digit - digit.trunc();
    let r = if frac >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    Ok(Value::float(r / pow))
}

/// Sprig's `untilStep`.
fn until_step(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, GoError> {
    let count = if stop < start {
        if step >= 0 {
            return Ok(Vec::new());
        }
        (start as i128 - stop as i128 + (-step as i128) - 1) / (-step as i128)
    } else {
        if step <= 0 {
            return Ok(Vec::new());
        }
        (stop as i128 - start as i128 + step as i128 - 1) / step as i128
    };
    if count > MAX_RANGE as i128 {
        return Err(GoError::new(format!(
            "range of {count} elements is too large"
        )));
    }
    Ok((0..count as i64).map(|i| start + i * step).collect())
}

fn seq(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let p: Vec<i64> = (0..a.len()).map(|i| arg_int(&a, i)).collect();
    let list = match p.as_slice() {
        [end] => {
            let inc = if *end < 1 { -1 } else { 1 };
            until_step(1, end + inc, inc)?
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            until_step(*start, end + step, step)?
        }
        [start, step, end] => {
            let mut inc = 1;
            if end < start {
                inc = -1;
                if *step > 0 {
                    return Ok("".into());
                }
            }
            until_step(*start, end + inc, *step)?
        }
        _ => Vec::new(),
    };
    let parts: Vec<String> = list.iter().map(i64::to_string).collect();
    Ok(parts.join(" ").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(until_step(0, 5, 2).unwrap(), vec![0, 2, 4]);
        assert_eq!(until_step(5, 0, -2).unwrap(), vec![5, 3, 1]);
        assert!(until_step(0, 5, 0).unwrap().is_empty());
        assert_eq!(atoi("12"), 12);
        assert_eq!(atoi("1.5"), 0);
        assert_eq!(go_max(-0.0, 0.0).to_bits(), 0.0f64.to_bits());
    }
}
