//! Number literals: Go's `newNumber`, which computes every interpretation (int,
//! uint, float, complex) of a literal at parse time.

use crate::template::ast::{NumberNode, Span};
use crate::template::golit::{parse_float, parse_int, parse_uint, unquote_char};
use crate::template::lex::{go_quote, ItemType};

/// Go's `newNumber`: computes every interpretation of a number literal.
pub(super) fn new_number(
    pos: u32,
    span: Span,
    text: &str,
    typ: ItemType,
) -> Result<NumberNode, String> {
    let mut n = NumberNode {
        pos,
        span,
        ..Default::default()
    };
    match typ {
        ItemType::CharConstant => {
            let body = &text[1..];
            let (r, _, tail) =
                unquote_char(body, '\'').ok_or_else(|| "invalid syntax".to_string())?;
            if tail != "'" {
                return Err(format!("malformed character constant: {text}"));
            }
            n.int64 = r as i64;
            n.is_int = true;
            n.uint64 = r as u64;
            n.is_uint = true;
            n.float64 = r as f64;
            n.is_float = true;
            return Ok(n);
        }
        ItemType::Complex => {
            let c = parse_complex(text).ok_or_else(|| "expected integer".to_string())?;
            n.is_complex = true;
            n.complex = c;
            simplify_complex(&mut n);
            return Ok(n);
        }
        _ => {}
    }
    if let Some((neg, v)) = plain_decimal(text) {
        // What the general path computes for these: every interpretation but the
        // unsigned one for negatives (`-0` is 0, also unsigned).
        n.is_int = true;
        n.int64 = if neg { -(v as i64) } else { v as i64 };
        n.is_uint = !neg || v == 0;
        n.uint64 = if n.is_uint { v } else { 0 };
        n.is_float = true;
        n.float64 = n.int64 as f64;
        return Ok(n);
    }
    general_number(n, text)
}

/// `newNumber` for a literal that is neither a character constant nor a complex
/// item: every interpretation that parses.
fn general_number(mut n: NumberNode, text: &str) -> Result<NumberNode, String> {
    if let Some(stripped) = text.strip_suffix('i') {
        if let Ok(f) = parse_float(stripped) {
            n.is_complex = true;
            n.complex = (0.0, f);
            simplify_complex(&mut n);
            return Ok(n);
        }
    }
    let u = parse_uint(text);
    if let Ok(u) = u {
        n.is_uint = true;
        n.uint64 = u;
    }
    if let Ok(i) = parse_int(text) {
        n.is_int = true;
        n.int64 = i;
        if i == 0 {
            n.is_uint = true;
            n.uint64 = u.unwrap_or(0);
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float64 = n.int64 as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float64 = n.uint64 as f64;
    } else if let Ok(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", go_quote(text)));
        }
        n.is_float = true;
        n.float64 = f;
        if f.fract() == 0.0 && (-9.223372036854776e18..9.223372036854776e18).contains(&f) {
            n.is_int = true;
            n.int64 = f as i64;
        }
        if f.fract() == 0.0 && (0.0..1.8446744073709552e19).contains(&f) {
            n.is_uint = true;
            n.uint64 = f as u64;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!("illegal number syntax: {}", go_quote(text)));
    }
    Ok(n)
}

/// A decimal integer of at most 18 digits with an optional `-` and no leading zero
/// (Go would read `0…` as octal): its sign and magnitude.
fn plain_decimal(text: &str) -> Option<(bool, u64)> {
    let b = text.as_bytes();
    let (neg, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 18 || (digits[0] == b'0' && digits.len() > 1) {
        return None;
    }
    let mut v = 0u64;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u64::from(c - b'0');
    }
    Some((neg, v))
}

/// Parses `a+bi` / `a-bi` as `fmt.Sscan` does for complex numbers.
fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let body = text.strip_suffix('i')?;
    let b = body.as_bytes();
    let mut split = None;
    for i in (1..b.len()).rev() {
        if (b[i] == b'+' || b[i] == b'-') && !matches!(b[i - 1], b'e' | b'E' | b'p' | b'P') {
            split = Some(i);
            break;
        }
    }
    let i = split?;
    let re = parse_float(&body[..i]).ok()?;
    let im = parse_float(&body[i..]).ok()?;
    Some((re, im))
}

fn simplify_complex(n: &mut NumberNode) {
    let (re, im) = n.complex;
    if im == 0.0 {
        n.is_float = true;
        n.float64 = re;
        if re.fract() == 0.0 && re.abs() < 9.2e18 {
            n.is_int = true;
            n.int64 = re as i64;
        }
        if re.fract() == 0.0 && (0.0..1.8e19).contains(&re) {
            n.is_uint = true;
            n.uint64 = re as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_read_as_the_general_path_reads_them() {
        let texts = [
            "0",
            "-0",
            "7",
            "-7",
            "10",
            "-10",
            "123456789",
            "-123456789",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551615",
            "00",
            "012",
            "-012",
            "08",
            "1_000",
            "+5",
            "-",
            "1.5",
            "0x1F",
            "1e3",
        ];
        for text in texts {
            let typ = ItemType::Number;
            let fast = new_number(1, Span::new(0, 1), text, typ);
            let n = NumberNode {
                pos: 1,
                span: Span::new(0, 1),
                ..Default::default()
            };
            assert_eq!(fast, general_number(n, text), "{text}");
        }
    }
}
