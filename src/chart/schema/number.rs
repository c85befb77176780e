//! Exact decimal numbers, standing in for Go's `big.Rat` built from `fmt.Sprint(v)`,
//! and the number layouts of the validator's messages.
//!
//! santhosh-tekuri/jsonschema compares every number as `big.Rat` parsed from the
//! number's `%v` text (a schema `json.Number` literal, or a `float64` value printed
//! the shortest way). Every such text is a finite decimal, so a decimal mantissa and
//! exponent represent it exactly. Messages print numbers through
//! `golang.org/x/text/message` (English): integers with thousands separators, floats
//! like `%g` but localized (`1,000`, `1.5×10⁰⁷`).

use std::cmp::Ordering;

/// An exact finite decimal `±0.d₁d₂…dₙ × 10^exp`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal {
    neg: bool,
    /// Significant digits (0–9), without leading or trailing zeros; empty for zero.
    digits: Vec<u8>,
    /// Position of the decimal point relative to the first digit.
    exp: i64,
}

impl Decimal {
    /// Parses Go's `big.Rat.SetString` decimal syntax (`-1.5e+3`, `.5`, `7.`).
    pub fn parse(text: &str) -> Option<Decimal> {
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut neg = false;
        if let Some(&c) = bytes.first() {
            if c == b'-' || c == b'+' {
                neg = c == b'-';
                i = 1;
            }
        }
        let mut digits = Vec::new();
        let mut point: Option<i64> = None;
        let mut seen = false;
        while let Some(&c) = bytes.get(i) {
            match c {
                b'0'..=b'9' => {
                    digits.push(c - b'0');
                    seen = true;
                }
                b'.' if point.is_none() => point = Some(digits.len() as i64),
                _ => break,
            }
            i += 1;
        }
        if !seen {
            return None;
        }
        let mut exp10: i64 = 0;
        if let Some(&c) = bytes.get(i) {
            if c != b'e' && c != b'E' {
                return None;
            }
            let rest = text.get(i + 1..)?;
            let rest = rest.strip_prefix('+').unwrap_or(rest);
            if rest.is_empty() || rest.starts_with('+') {
                return None;
            }
            exp10 = rest.parse::<i64>().ok()?;
            if exp10.unsigned_abs() > 1 << 40 {
                return None;
            }
        }
        let int_len = point.unwrap_or(digits.len() as i64);
        let lead = digits.iter().take_while(|&&d| d == 0).count();
        digits.drain(..lead);
        while digits.last() == Some(&0) {
            digits.pop();
        }
        let exp = int_len - lead as i64 + exp10;
        if digits.is_empty() {
            return Some(Decimal {
                neg: false,
                digits,
                exp: 0,
            });
        }
        Some(Decimal { neg, digits, exp })
    }

    /// Whether the number is zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Whether the number is an integer (`big.Rat.IsInt`).
    pub fn is_int(&self) -> bool {
        self.is_zero() || self.digits.len() as i64 <= self.exp
    }

    /// Whether `self / by` is an integer; `None` when `by` is zero (Go panics).
    pub fn is_multiple_of(&self, by: &Decimal) -> Option<bool> {
        if by.is_zero() {
            return None;
        }
        if self.is_zero() {
            return Some(true);
        }
        // self = A·10^p, by = B·10^q with A, B integers without trailing zeros.
        let p = self.exp - self.digits.len() as i64;
        let q = by.exp - by.digits.len() as i64;
        if p < q {
            // B·10^(q-p) | A is impossible: A does not end with a zero.
            return Some(false);
        }
        if by.digits.len() > 19 {
            let ratio = self.to_f64() / by.to_f64();
            return Some(ratio.is_finite() && ratio == ratio.trunc());
        }
        let b = by
            .digits
            .iter()
            .fold(0u128, |acc, &d| acc * 10 + u128::from(d));
        let a = self
            .digits
            .iter()
            .fold(0u128, |acc, &d| (acc * 10 + u128::from(d)) % b);
        let shift = pow_mod(10, (p - q) as u64, b);
        Some((a * shift) % b == 0)
    }

    /// The nearest `float64` (`big.Rat.Float64`).
    pub fn to_f64(&self) -> f64 {
        if self.is_zero() {
            return 0.0;
        }
        let mut s = String::with_capacity(self.digits.len() + 24);
        if self.neg {
            s.push('-');
        }
        s.push_str("0.");
        s.extend(self.digits.iter().map(|&d| char::from(b'0' + d)));
        s.push('e');
        s.push_str(&self.exp.to_string());
        s.parse::<f64>().unwrap_or(0.0)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        let sign = |d: &Decimal| {
            if d.is_zero() {
                0
            } else if d.neg {
                -1
            } else {
                1
            }
        };
        let (sa, sb) = (sign(self), sign(other));
        if sa != sb || sa == 0 {
            return sa.cmp(&sb);
        }
        let magnitude = self
            .exp
            .cmp(&other.exp)
            .then_with(|| self.digits.cmp(&other.digits));
        if sa < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

fn pow_mod(mut base: u128, mut exp: u64, m: u128) -> u128 {
    let mut result = 1 % m;
    base %= m;
    while exp > 0 {
        if exp & 1 == 1 {
            result = result * base % m;
        }
        base = base * base % m;
        exp >>= 1;
    }
    result
}

/// `x/text/message` English `%d`: thousands separators.
pub fn localized_int(n: i64) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    group_digits(&mut out, &n.unsigned_abs().to_string());
    out
}

fn group_digits(out: &mut String, int_digits: &str) {
    let len = int_digits.len();
    for (i, c) in int_digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
}

/// `x/text/message` English `%v` of a `float64`: `%g`'s choice between plain and
/// scientific layout (shortest digits, exponent `< -4` or `>= 6`), with thousands
/// separators, and scientific form written `1.5×10⁰⁷`.
pub fn localized_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-∞" } else { "∞" }.to_string();
    }
    let sci = format!("{:e}", f.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let exp10: i64 = exp.parse().unwrap_or(0);
    let mut out = String::new();
    if f.is_sign_negative() && f != 0.0 {
        out.push('-');
    }
    if !(-4..6).contains(&exp10) {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push_str("×10");
        if exp10 < 0 {
            out.push('⁻');
        }
        let e = format!("{:02}", exp10.unsigned_abs());
        out.extend(e.chars().map(superscript));
        return out;
    }
    let point = exp10 + 1;
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(&digits);
        return out;
    }
    let point = point as usize;
    let (int_part, frac) = if digits.len() > point {
        (digits[..point].to_string(), &digits[point..])
    } else {
        (format!("{digits:0<point$}"), "")
    };
    group_digits(&mut out, &int_part);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

fn superscript(c: char) -> char {
    match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        _ => '⁹',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).expect("decimal")
    }

    #[test]
    fn parse_and_compare() {
        assert_eq!(d("1.0"), d("1"));
        assert_eq!(d("1e+21"), d("1000000000000000000000"));
        assert!(d("-2") < d("-1.5"));
        assert!(d("0.00001") < d("0.0001"));
        assert!(d("3").is_int() && d("3.0").is_int() && !d("3.5").is_int());
        assert!(d("1e3").is_int() && !d("1e-3").is_int());
        assert_eq!(Decimal::parse("x"), None);
        assert_eq!(Decimal::parse("1e"), None);
    }

    #[test]
    fn multiples() {
        assert_eq!(d("0.3").is_multiple_of(&d("0.1")), Some(true));
        assert_eq!(d("0.35").is_multiple_of(&d("0.1")), Some(false));
        assert_eq!(d("1e300").is_multiple_of(&d("7")), Some(false));
        assert_eq!(d("7e300").is_multiple_of(&d("7")), Some(true));
        assert_eq!(d("1").is_multiple_of(&d("0")), None);
    }

    #[test]
    fn localized() {
        assert_eq!(localized_int(1234567), "1,234,567");
        assert_eq!(localized_int(-12), "-12");
        assert_eq!(localized_float(999999.0), "999,999");
        assert_eq!(localized_float(1e6), "1×10⁰⁶");
        assert_eq!(localized_float(-1234.5), "-1,234.5");
        assert_eq!(localized_float(0.00005), "5×10⁻⁰⁵");
        assert_eq!(localized_float(0.0001), "0.0001");
        assert_eq!(localized_float(12345678.5), "1.23456785×10⁰⁷");
        assert_eq!(localized_float(1e100), "1×10¹⁰⁰");
        assert_eq!(localized_float(0.0), "0");
    }
}
