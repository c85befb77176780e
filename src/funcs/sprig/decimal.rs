//! The part of shopspring/decimal v1.4.0 that Sprig's float math uses:
//! `NewFromFloat` (shortest decimal of a float64), exact `Add`/`Sub`/`Mul`,
//! `Div` rounded to 16 places, and `Float64`. Mantissas live in an `i128`; an
//! operation that would overflow it falls back to plain float arithmetic.

use crate::template::error::GoError;

/// A decimal `mant × 10^exp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    mant: i128,
    exp: i32,
}

/// Decimal places of `Div` (shopspring's `DivisionPrecision`).
const DIV_PRECISION: i32 = 16;

/// An arithmetic operation of `addf`/`subf`/`mulf`/`divf`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `Add`.
    Add,
    /// `Sub`.
    Sub,
    /// `Mul`.
    Mul,
    /// `Div`.
    Div,
}

fn pow10(n: i32) -> Option<i128> {
    10i128.checked_pow(u32::try_from(n).ok()?)
}

impl Decimal {
    /// `decimal.NewFromFloat`: the shortest decimal that round-trips to `f`.
    pub fn from_f64(f: f64) -> Result<Decimal, GoError> {
        if !f.is_finite() {
            let shown = if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "+Inf"
            } else {
                "-Inf"
            };
            return Err(GoError::new(format!(
                "Cannot create a Decimal from {shown}"
            )));
        }
        let text = format!("{f:e}");
        let (m, e) = text.split_once('e').unwrap_or((&text, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        let (neg, m) = m.strip_prefix('-').map_or((false, m), |r| (true, r));
        let (int, frac) = m.split_once('.').unwrap_or((m, ""));
        let digits = format!("{int}{frac}");
        let mant: i128 = digits.parse().unwrap_or(0);
        Ok(Decimal {
            mant: if neg { -mant } else { mant },
            exp: e - frac.len() as i32,
        })
    }

    /// `Float64()`: the nearest float64.
    pub fn to_f64(self) -> f64 {
        format!("{}e{}", self.mant, self.exp).parse().unwrap_or(0.0)
    }

    /// Both mantissas at the smaller exponent.
    fn align(self, o: Decimal) -> Option<(i128, i128, i32)> {
        let e = self.exp.min(o.exp);
        let a = self.mant.checked_mul(pow10(self.exp - e)?)?;
        let b = o.mant.checked_mul(pow10(o.exp - e)?)?;
        Some((a, b, e))
    }

    fn div(self, o: Decimal) -> Option<Decimal> {
        // QuoRem(o, 16): q = trunc(self / o) in units of 10^-16.
        let e = self.exp - o.exp + DIV_PRECISION;
        let (aa, bb) = if e < 0 {
            (self.mant, o.mant.checked_mul(pow10(-e)?)?)
        } else {
            (self.mant.checked_mul(pow10(e)?)?, o.mant)
        };
        let mut q = aa / bb;
        let r = aa % bb;
        // DivRound: away from zero when 2|r| >= |bb| (compared at the same scale).
        if r != 0 && r.unsigned_abs().checked_mul(2)? >= bb.unsigned_abs() {
            q += if (self.mant < 0) != (o.mant < 0) {
                -1
            } else {
                1
            };
        }
        Some(Decimal {
            mant: q,
            exp: -DIV_PRECISION,
        })
    }

    /// Applies `op`; `None` when the exact result does not fit.
    fn apply(self, op: Op, o: Decimal) -> Option<Decimal> {
        match op {
            Op::Add | Op::Sub => {
                let (a, b, exp) = self.align(o)?;
                let mant = if op == Op::Add {
                    a.checked_add(b)?
                } else {
                    a.checked_sub(b)?
                };
                Some(Decimal { mant, exp })
            }
            Op::Mul => Some(Decimal {
                mant: self.mant.checked_mul(o.mant)?,
                exp: self.exp.checked_add(o.exp)?,
            }),
            Op::Div => self.div(o),
        }
    }
}

/// Sprig's `execDecimalOp`: folds `op` over `first` and `rest` in decimal and
/// converts the result back to float64.
pub fn exec(first: f64, rest: &[f64], op: Op) -> Result<f64, GoError> {
    let mut acc = Decimal::from_f64(first)?;
    let mut approx = first;
    let mut exact = true;
    for &x in rest {
        let d = Decimal::from_f64(x)?;
        if op == Op::Div && d.mant == 0 {
            return Err(GoError::new("decimal division by 0"));
        }
        approx = match op {
            Op::Add => approx + x,
            Op::Sub => approx - x,
            Op::Mul => approx * x,
            Op::Div => approx / x,
        };
        if exact {
            match acc.apply(op, d) {
                Some(v) => acc = v,
                None => exact = false,
            }
        }
    }
    Ok(if exact { acc.to_f64() } else { approx })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_math() {
        assert_eq!(exec(0.0, &[0.1, 0.2], Op::Add).unwrap(), 0.3);
        assert_eq!(exec(1.0, &[3.0], Op::Div).unwrap(), 0.3333333333333333);
        assert_eq!(exec(2.0, &[3.0], Op::Div).unwrap(), 0.6666666666666667);
        assert_eq!(exec(1.1, &[3.0], Op::Mul).unwrap(), 3.3);
        assert_eq!(exec(0.3, &[0.1], Op::Sub).unwrap(), 0.2);
        assert!(exec(1.0, &[0.0], Op::Div).is_err());
    }
}
