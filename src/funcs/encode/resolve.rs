//! Would a plain YAML scalar resolve to something other than a string?
//!
//! Both go-yaml encoders quote a string whose plain form would read back as a
//! bool, null, int, float or timestamp under go-yaml's resolver (which keeps the
//! YAML 1.1 booleans `y`/`yes`/`on`/`off`/... and base-60 floats such as `1:20`
//! for quoting purposes). This module reproduces go-yaml's `resolve` with Go's
//! own `strconv.ParseInt`/`ParseUint`/`ParseFloat` and `time.Parse` rules.

/// Whether the plain scalar `s` would not read back as the string `s`, so the
/// encoder must quote it (`resolve("", s) != !!str || isBase60Float(s) ||
/// isOldBool(s)`). `v3` selects yaml.v3's resolver (which also tries `0o`
/// prefixes with an explicit base).
pub(crate) fn needs_quotes(s: &str, v3: bool) -> bool {
    resolves_non_string(s, v3) || is_base60_float(s)
}

/// The YAML 1.1 words that resolve to a bool, null, NaN or infinity.
const SPECIAL_WORDS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No",
    "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan",
    ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
];

fn resolves_non_string(s: &str, v3: bool) -> bool {
    let hint = match s.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => return false,
    };
    if SPECIAL_WORDS.contains(&s) {
        return true;
    }
    match hint {
        b'.' => parse_float(s),
        b'D' | b'S' => {
            if is_timestamp(s) {
                return true;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            if parse_int(&plain, 0) || parse_uint(&plain, 0) {
                return true;
            }
            if yaml_style_float(&plain) && parse_float(&plain) {
                return true;
            }
            prefixed_int(&plain, "0b", 2) || (v3 && prefixed_int(&plain, "0o", 8))
        }
        _ => false,
    }
}

/// go-yaml's explicit-base retries: `0b…` (or `0o…` in v3) parsed with
/// `ParseInt`/`ParseUint` in that base, and `-0b…` with `ParseInt`.
fn prefixed_int(plain: &str, prefix: &str, base: u32) -> bool {
    if let Some(rest) = plain.strip_prefix(prefix) {
        return parse_int(rest, base) || parse_uint(rest, base);
    }
    if let Some(rest) = plain.strip_prefix('-').and_then(|p| p.strip_prefix(prefix)) {
        return parse_int(&format!("-{rest}"), base);
    }
    false
}

/// `strconv.ParseUint(s, base, 64)` succeeds (base 0 picks the base from a
/// `0b`/`0o`/`0x`/`0` prefix).
fn parse_uint(s: &str, base: u32) -> bool {
    let b = s.as_bytes();
    if b.is_empty() {
        return false;
    }
    let (base, digits) = if base == 0 {
        match b {
            [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'b') => (2, &b[2..]),
            [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'o') => (8, &b[2..]),
            [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'x') => (16, &b[2..]),
            [b'0', ..] => (8, &b[1..]),
            _ => (10, b),
        }
    } else {
        (base, b)
    };
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'a'..=b'z' => u32::from(c - b'a') + 10,
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        if d >= base {
            return false;
        }
        match n
            .checked_mul(u64::from(base))
            .and_then(|m| m.checked_add(u64::from(d)))
        {
            Some(m) => n = m,
            None => return false,
        }
    }
    true
}

/// `strconv.ParseInt(s, base, 64)` succeeds.
fn parse_int(s: &str, base: u32) -> bool {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if !parse_uint(rest, base) {
        return false;
    }
    // Range check: the magnitude must fit in int64.
    let digits_value = u128_value(rest, base);
    match digits_value {
        Some(v) if neg => v <= 1u128 << 63,
        Some(v) => v < 1u128 << 63,
        None => false,
    }
}

/// The value of an unsigned integer text already accepted by [`parse_uint`].
fn u128_value(s: &str, base: u32) -> Option<u128> {
    let b = s.as_bytes();
    let (base, digits) = if base == 0 {
        match b {
            [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'b') => (2, &b[2..]),
            [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'o') => (8, &b[2..]),
            [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'x') => (16, &b[2..]),
            [b'0', ..] => (8, &b[1..]),
            _ => (10, b),
        }
    } else {
        (base, b)
    };
    let mut n: u128 = 0;
    for &c in digits {
        let d = char::from(c).to_digit(36)?;
        n = n
            .checked_mul(u128::from(base))?
            .checked_add(u128::from(d))?;
    }
    Some(n)
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `strconv.ParseFloat(s, 64)` succeeds for a decimal text (go-yaml only calls it
/// on texts starting with `.` or matching [`yaml_style_float`]): Go's syntax with
/// `_` separators, and no overflow to infinity.
fn parse_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let mut saw_digits = false;
    let mut saw_dot = false;
    let mut underscores = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'_' => underscores = true,
            b'.' if !saw_dot => saw_dot = true,
            b'0'..=b'9' => saw_digits = true,
            _ => break,
        }
        i += 1;
    }
    if !saw_digits {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        while let Some(&c) = b.get(i) {
            match c {
                b'_' => underscores = true,
                b'0'..=b'9' => {}
                _ => break,
            }
            i += 1;
        }
    }
    if i != b.len() || (underscores && !underscore_ok(s)) {
        return false;
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    clean.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some(b'+' | b'-') = b.first() {
        b = &b[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    while let Some(&c) = b.get(i) {
        i += 1;
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        let d1 = b.get(i + 1).copied();
        let d2 = b.get(i + 2).copied();
        match (d1, d2) {
            (Some(b'0'..=b'5'), Some(b'0'..=b'9')) => i += 3,
            (Some(b'0'..=b'9'), _) => i += 2,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml's `parseTimestamp`: `YYYY-` followed by one of the layouts
/// `2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`
/// or `2006-1-2`, parsed with Go's `time.Parse` rules.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    [
        Layout::DateTimeZone(b'T'),
        Layout::DateTimeZone(b't'),
        Layout::DateTime,
        Layout::Date,
    ]
    .iter()
    .any(|l| parse_layout(b, *l))
}

#[derive(Clone, Copy)]
enum Layout {
    /// `2006-1-2?15:4:5.999999999Z07:00` with the given separator.
    DateTimeZone(u8),
    /// `2006-1-2 15:4:5.999999999`.
    DateTime,
    /// `2006-1-2`.
    Date,
}

/// Go's `getnum(s, false)`: one or two digits.
fn getnum(v: &mut &[u8]) -> Option<u32> {
    let d0 = v.first().filter(|c| c.is_ascii_digit())?;
    match v.get(1).filter(|c| c.is_ascii_digit()) {
        Some(d1) => {
            let n = u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0');
            *v = &v[2..];
            Some(n)
        }
        None => {
            *v = &v[1..];
            Some(u32::from(d0 - b'0'))
        }
    }
}

/// Go's `getnum(s, true)`: exactly two digits.
fn getnum2(s: &[u8]) -> Option<u32> {
    match s {
        [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
        }
        _ => None,
    }
}

fn literal(v: &mut &[u8], c: u8) -> Option<()> {
    if v.first() == Some(&c) {
        *v = &v[1..];
        Some(())
    } else {
        None
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn parse_layout(s: &[u8], layout: Layout) -> bool {
    parse_layout_opt(s, layout).is_some()
}

fn parse_layout_opt(s: &[u8], layout: Layout) -> Option<()> {
    let year: u32 = std::str::from_utf8(s.get(..4)?).ok()?.parse().ok()?;
    let mut v = s.get(4..)?;
    literal(&mut v, b'-')?;
    let month = getnum(&mut v)?;
    literal(&mut v, b'-')?;
    let day = getnum(&mut v)?;
    if !(1..=12).contains(&month) || day > 31 {
        return None;
    }
    match layout {
        Layout::Date => {}
        Layout::DateTime | Layout::DateTimeZone(_) => {
            if let Layout::DateTimeZone(sep) = layout {
                literal(&mut v, sep)?;
            } else {
                // A layout space matches one or more spaces.
                if v.first() != Some(&b' ') && !v.is_empty() {
                    return None;
                }
                while v.first() == Some(&b' ') {
                    v = &v[1..];
                }
            }
            let hour = getnum(&mut v)?;
            literal(&mut v, b':')?;
            let minute = getnum(&mut v)?;
            literal(&mut v, b':')?;
            let second = getnum(&mut v)?;
            if hour >= 24 || minute >= 60 || second >= 60 {
                return None;
            }
            // Optional fraction: a period or comma followed by digits.
            if matches!(v.first(), Some(b'.' | b',')) && v.get(1).is_some_and(u8::is_ascii_digit) {
                v = &v[1..];
                while v.first().is_some_and(u8::is_ascii_digit) {
                    v = &v[1..];
                }
            }
            if let Layout::DateTimeZone(_) = layout {
                if v.first() == Some(&b'Z') {
                    v = &v[1..];
                } else {
                    let (sign, hh, colon, mm) = (v.first()?, v.get(1..3)?, v.get(3)?, v.get(4..6)?);
                    if *colon != b':' {
                        return None;
                    }
                    let (h, m) = (getnum2(hh)?, getnum2(mm)?);
                    if h > 24 || m > 60 || !matches!(sign, b'+' | b'-') {
                        return None;
                    }
                    v = &v[6..];
                }
            }
        }
    }
    if !v.is_empty() || day < 1 || day > days_in(month, year) {
        return None;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_decisions() {
        for s in [
            "true",
            "y",
            "NO",
            "off",
            "~",
            "",
            "null",
            "1",
            "-1",
            "+1",
            "0x1F",
            "0o17",
            "0b101",
            "1_000",
            "1.5",
            ".5",
            "1e3",
            "-.inf",
            ".NaN",
            "2001-12-14",
            "2001-12-14t21:59:43.10Z",
            "2001-12-14 21:59:43.10",
            "1:20",
            "-1:20:30.5",
            "0777",
            "09",
            "1e-999",
        ] {
            assert!(needs_quotes(s, false), "{s:?} should be quoted");
        }
        for s in [
            "abc",
            "<<",
            "1e999",
            "0x",
            "1.2.3",
            "2001-13-01",
            "2001-02-30",
            "1:60",
            "yes please",
            "0o-17",
            "-",
            ".",
            "._5",
            "2001-12-14 ",
            "0xFFFFFFFFFFFFFFFFFF",
        ] {
            assert!(!needs_quotes(s, false), "{s:?} should be plain");
        }
        assert!(needs_quotes("0o-17", true));
    }
}
