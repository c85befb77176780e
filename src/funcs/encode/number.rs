//! Go's `strconv.FormatFloat` layouts that the encoders need.
//!
//! Rust's formatting already yields the shortest digits that round-trip (the
//! same digits Go's `-1` precision picks); these helpers only re-lay them out
//! the way Go prints them.

/// The shortest round-trip decimal digits of `f` (without sign) and the
/// decimal exponent of the first digit (`1234.5` → `("12345", 3)`).
fn shortest_digits(f: f64, bits32: bool) -> (String, i32) {
    let sci = if bits32 {
        format!("{:e}", (f as f32).abs())
    } else {
        format!("{:e}", f.abs())
    };
    let (mant, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits, exp.parse().unwrap_or(0))
}

/// Go's `'e'` layout for the given digits: `d.ddde±XX` (at least two exponent digits).
fn layout_e(neg: bool, digits: &str, exp: i32) -> String {
    let mut s = String::with_capacity(digits.len() + 8);
    if neg {
        s.push('-');
    }
    let mut chars = digits.chars();
    s.push(chars.next().unwrap_or('0'));
    let rest: String = chars.collect();
    if !rest.is_empty() {
        s.push('.');
        s.push_str(&rest);
    }
    s.push('e');
    s.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        s.push('0');
    }
    s.push_str(&e.to_string());
    s
}

/// Go's `'f'` layout with shortest digits (`strconv.FormatFloat(f, 'f', -1, bits)`).
fn layout_f(f: f64, bits32: bool) -> String {
    if bits32 {
        format!("{}", f as f32)
    } else {
        format!("{f}")
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64 or 32)`: shortest digits, exponent form when
/// the decimal exponent is below -4 or at least 6 (Go decides with precision 6 in
/// shortest mode). `NaN`, `+Inf` and `-Inf` are spelled as Go spells them.
pub(crate) fn go_float_g_shortest(f: f64, bits32: bool) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let (digits, exp) = shortest_digits(f, bits32);
    if !(-4..6).contains(&exp) {
        layout_e(f.is_sign_negative(), &digits, exp)
    } else {
        layout_f(f, bits32)
    }
}

/// `encoding/json`'s float layout: `'f'` unless `abs < 1e-6 || abs >= 1e21`, then
/// `'e'` with a two-digit negative exponent shortened (`1e-07` → `1e-7`).
/// The caller rejects NaN and infinities first.
pub(crate) fn go_json_float(f: f64, bits32: bool) -> String {
    let abs = if bits32 {
        f64::from((f as f32).abs())
    } else {
        f.abs()
    };
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        return layout_f(f, bits32);
    }
    let (digits, exp) = shortest_digits(f, bits32);
    let mut s = layout_e(f.is_sign_negative(), &digits, exp);
    let n = s.len();
    let b = s.as_bytes();
    if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
        s.remove(n - 2);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_shortest() {
        assert_eq!(go_float_g_shortest(1e6, false), "1e+06");
        assert_eq!(go_float_g_shortest(1234567.5, false), "1.2345675e+06");
        assert_eq!(go_float_g_shortest(100000.0, false), "100000");
        assert_eq!(go_float_g_shortest(0.0001, false), "0.0001");
        assert_eq!(go_float_g_shortest(0.00001, false), "1e-05");
        assert_eq!(go_float_g_shortest(1.5e300, false), "1.5e+300");
        assert_eq!(go_float_g_shortest(-2.5, false), "-2.5");
        assert_eq!(go_float_g_shortest(0.1, true), "0.1");
    }

    #[test]
    fn json_float() {
        assert_eq!(go_json_float(1e-7, false), "1e-7");
        assert_eq!(go_json_float(1e21, false), "1e+21");
        assert_eq!(go_json_float(1e20, false), "100000000000000000000");
        assert_eq!(go_json_float(-0.0, false), "-0");
        assert_eq!(go_json_float(0.000001, false), "0.000001");
        assert_eq!(go_json_float(1e-320, false), "1e-320");
    }
}
