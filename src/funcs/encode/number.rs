//! Go's `strconv.FormatFloat` layouts that the encoders need, on top of
//! [`gofmt::format_float`].

use crate::template::gofmt;

/// `32` or `64`, as `strconv.FormatFloat`'s `bitSize`.
fn bit_size(bits32: bool) -> u32 {
    if bits32 {
        32
    } else {
        64
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64 or 32)`: shortest digits, exponent form when
/// the decimal exponent is below -4 or at least 6 (Go decides with precision 6 in
/// shortest mode). `NaN`, `+Inf` and `-Inf` are spelled as Go spells them.
pub(crate) fn go_float_g_shortest(f: f64, bits32: bool) -> String {
    gofmt::format_float(f, b'g', -1, bit_size(bits32))
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
    let fmt = if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        b'f'
    } else {
        b'e'
    };
    let mut s = gofmt::format_float(f, fmt, -1, bit_size(bits32));
    let n = s.len();
    let b = s.as_bytes();
    if fmt == b'e' && n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
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
