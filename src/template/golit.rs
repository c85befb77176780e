//! Go literal syntax: `strconv.Unquote`, `UnquoteChar`, `ParseInt`/`ParseUint`
//! with base 0 and `ParseFloat`, as the template parser uses them.

/// Why a number did not parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumError {
    /// Not a number of that kind.
    Syntax,
    /// Out of range.
    Range,
}

/// `strconv.ParseUint(s, 0, 64)`.
pub fn parse_uint(s: &str) -> Result<u64, NumError> {
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let b = s.as_bytes();
    let (base, digits) = if b[0] == b'0' && b.len() > 1 {
        match b[1] {
            b'x' | b'X' => (16, &s[2..]),
            b'o' | b'O' => (8, &s[2..]),
            b'b' | b'B' => (2, &s[2..]),
            _ => (8, &s[1..]),
        }
    } else {
        (10, s)
    };
    if !underscore_ok(s) {
        return Err(NumError::Syntax);
    }
    let mut n: u64 = 0;
    let mut any = false;
    let mut overflow = false;
    for c in digits.bytes() {
        if c == b'_' {
            continue;
        }
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'z' => c - b'a' + 10,
            b'A'..=b'Z' => c - b'A' + 10,
            _ => return Err(NumError::Syntax),
        } as u64;
        if d >= base {
            return Err(NumError::Syntax);
        }
        any = true;
        match n.checked_mul(base).and_then(|v| v.checked_add(d)) {
            Some(v) => n = v,
            None => overflow = true,
        }
    }
    if !any {
        return Err(NumError::Syntax);
    }
    if overflow {
        return Err(NumError::Range);
    }
    Ok(n)
}

/// `strconv.ParseInt(s, 0, 64)`.
pub fn parse_int(s: &str) -> Result<i64, NumError> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint(body)?;
    if neg {
        if u > 1u64 << 63 {
            return Err(NumError::Range);
        }
        Ok((u as i64).wrapping_neg())
    } else {
        if u >= 1u64 << 63 {
            return Err(NumError::Range);
        }
        Ok(u as i64)
    }
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    if !b.is_empty() && (b[0] == b'-' || b[0] == b'+') {
        i = 1;
    }
    let mut hex = false;
    if b.len() - i >= 2 && b[i] == b'0' {
        let c = b[i + 1] | 0x20;
        if c == b'x' || c == b'o' || c == b'b' {
            hex = c == b'x';
            i += 2;
            saw = b'0';
        }
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || hex && c.is_ascii_hexdigit() {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `strconv.ParseFloat(s, 64)` for Go literal syntax (decimal and hex floats, `_`).
pub fn parse_float(s: &str) -> Result<f64, NumError> {
    if s.is_empty() || !underscore_ok(s) {
        return Err(NumError::Syntax);
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.as_bytes().first() {
        Some(b'+') => (false, &clean[1..]),
        Some(b'-') => (true, &clean[1..]),
        _ => (false, clean.as_str()),
    };
    let lower = body.to_ascii_lowercase();
    let v = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ if lower.starts_with("0x") => parse_hex_float(&lower[2..])?,
        _ => {
            if !lower
                .bytes()
                .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'+' | b'-'))
            {
                return Err(NumError::Syntax);
            }
            let v: f64 = lower.parse().map_err(|_| NumError::Syntax)?;
            if v.is_infinite() {
                return Err(NumError::Range);
            }
            v
        }
    };
    Ok(if neg { -v } else { v })
}

fn parse_hex_float(s: &str) -> Result<f64, NumError> {
    let (mant, exp) = match s.find('p') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int_part, frac_part) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(NumError::Syntax);
    }
    let Some(exp) = exp else {
        // Go requires the p exponent for hex floats with a fraction; a hex integer
        // without one is handled by the integer parsers.
        return Err(NumError::Syntax);
    };
    let e: i32 = exp.parse().map_err(|_| NumError::Syntax)?;
    let mut v = 0f64;
    for c in int_part.chars().chain(frac_part.chars()) {
        let d = c.to_digit(16).ok_or(NumError::Syntax)?;
        v = v * 16.0 + d as f64;
    }
    let shift = e - 4 * frac_part.len() as i32;
    let r = v * 2f64.powi(shift);
    if r.is_infinite() {
        return Err(NumError::Range);
    }
    Ok(r)
}

/// `strconv.UnquoteChar`: decodes one (possibly escaped) character from `s`, whose
/// enclosing quote is `quote`. Returns the rune, whether it must be encoded as a
/// single byte, and the rest.
pub fn unquote_char(s: &str, quote: char) -> Option<(u32, bool, &str)> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if c == quote && (quote == '\'' || quote == '"') {
        return None;
    }
    if c != '\\' {
        return Some((c as u32, false, chars.as_str()));
    }
    let rest = chars.as_str();
    let e = rest.chars().next()?;
    let after = &rest[e.len_utf8()..];
    let simple = |v: u32| Some((v, false, after));
    match e {
        'a' => simple(7),
        'b' => simple(8),
        'f' => simple(12),
        'n' => simple(10),
        'r' => simple(13),
        't' => simple(9),
        'v' => simple(11),
        '\\' => simple('\\' as u32),
        '\'' | '"' => {
            if e != quote {
                return None;
            }
            simple(e as u32)
        }
        'x' | 'u' | 'U' => {
            let n = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            if after.len() < n || !after.is_char_boundary(n) {
                return None;
            }
            let v = u32::from_str_radix(&after[..n], 16).ok()?;
            if !after[..n].bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            if e == 'x' {
                return Some((v, true, &after[n..]));
            }
            char::from_u32(v)?;
            Some((v, false, &after[n..]))
        }
        '0'..='7' => {
            let b = rest.as_bytes();
            if b.len() < 3 || !b[..3].iter().all(|c| (b'0'..=b'7').contains(c)) {
                return None;
            }
            let digits = &rest[..3];
            let v = u32::from_str_radix(digits, 8).ok()?;
            if v > 255 {
                return None;
            }
            Some((v, true, &rest[3..]))
        }
        _ => None,
    }
}

/// `strconv.Unquote` for double-quoted, back-quoted and single-quoted literals.
pub fn unquote(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 2 {
        return None;
    }
    let q = b[0];
    if q != b[b.len() - 1] {
        return None;
    }
    let inner = &s[1..s.len() - 1];
    match q {
        b'`' => {
            if inner.contains('`') {
                return None;
            }
            Some(inner.replace('\r', ""))
        }
        b'"' | b'\'' => {
            if inner.contains('\n') {
                return None;
            }
            let mut out: Vec<u8> = Vec::with_capacity(inner.len());
            let mut rest = inner;
            let mut count = 0;
            while !rest.is_empty() {
                // A run without escapes (or quotes, which unquote_char rejects) is
                // copied at once.
                let run = rest
                    .bytes()
                    .position(|b| b == b'\\' || b == q)
                    .unwrap_or(rest.len());
                if run > 0 && q == b'"' {
                    out.extend_from_slice(&rest.as_bytes()[..run]);
                    rest = &rest[run..];
                    continue;
                }
                let (v, byte, tail) = unquote_char(rest, q as char)?;
                if byte {
                    out.push(v as u8);
                } else {
                    let c = char::from_u32(v)?;
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                rest = tail;
                count += 1;
            }
            if q == b'\'' && count != 1 {
                return None;
            }
            // Strings holding invalid UTF-8 (from \x escapes) are replaced
            // byte-wise; Rust strings must be valid UTF-8.
            Some(String::from_utf8_lossy(&out).into_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(parse_int("0x1F"), Ok(31));
        assert_eq!(parse_int("0o17"), Ok(15));
        assert_eq!(parse_int("017"), Ok(15));
        assert_eq!(parse_int("0b101"), Ok(5));
        assert_eq!(parse_int("1_000"), Ok(1000));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), Err(NumError::Range));
        assert_eq!(parse_int("1__0"), Err(NumError::Syntax));
        assert_eq!(parse_int("08"), Err(NumError::Syntax));
        assert_eq!(parse_int("0"), Ok(0));
        assert_eq!(parse_uint("18446744073709551615"), Ok(u64::MAX));
    }

    #[test]
    fn floats() {
        assert_eq!(parse_float("1.5"), Ok(1.5));
        assert_eq!(parse_float("1e3"), Ok(1000.0));
        assert_eq!(parse_float(".5"), Ok(0.5));
        assert_eq!(parse_float("0x1p-2"), Ok(0.25));
        assert_eq!(parse_float("0x1.8p1"), Ok(3.0));
        assert_eq!(parse_float("1_0.5"), Ok(10.5));
        assert!(parse_float("1e").is_err());
    }

    #[test]
    fn strings() {
        assert_eq!(unquote(r#""a\tb\"c""#).as_deref(), Some("a\tb\"c"));
        assert_eq!(unquote(r#""\u00e9\x41\101""#).as_deref(), Some("éAA"));
        assert_eq!(unquote("`a\r\nb`").as_deref(), Some("a\nb"));
        assert_eq!(unquote(r#""\q""#), None);
        assert_eq!(unquote("'a'").as_deref(), Some("a"));
        // Found by fuzzing: a short octal escape before a multi-byte character.
        assert_eq!(unquote("\"\\4😀\""), None);
    }
}
