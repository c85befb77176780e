//! `format` checkers of santhosh-tekuri/jsonschema (asserted for drafts 4, 6 and 7
//! only, as Helm never turns on format assertion), with its error texts.
//!
//! Formats whose checks rest on Go's `net/url`, `regexp` parser or `uri-template`
//! rules (`uri-template`, `period`, `regex`, `iri*`) are not asserted.

use crate::template::gofmt::sprintf;
use crate::template::value::Value;

/// A format check on a string (non-strings always pass).
pub type FormatFn = fn(&str) -> Result<(), String>;

/// The checker for a format name, if asserted.
pub fn lookup(name: &str) -> Option<FormatFn> {
    Some(match name {
        "json-pointer" => json_pointer,
        "relative-json-pointer" => relative_json_pointer,
        "uuid" => uuid,
        "duration" => duration,
        "ipv4" => ipv4,
        "ipv6" => ipv6,
        "hostname" => hostname,
        "email" => email,
        "date" => date,
        "time" => time,
        "date-time" => date_time,
        "uri" => uri,
        "uri-reference" => uri_reference,
        "semver" => semver,
        _ => return None,
    })
}

fn q_rune(c: char) -> String {
    sprintf("%q", &[Value::int(i64::from(u32::from(c)))])
}

fn q_str(s: &str) -> String {
    sprintf("%q", &[Value::str(s)])
}

fn json_pointer(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    let Some(rest) = s.strip_prefix('/') else {
        return Err("not starting with /".into());
    };
    for tok in rest.split('/') {
        let mut escape = false;
        for ch in tok.chars() {
            if escape {
                escape = false;
                if ch != '0' && ch != '1' {
                    return Err("~ must be followed by 0 or 1".into());
                }
                continue;
            }
            if ch == '~' {
                escape = true;
            }
        }
        if escape {
            return Err("~ must be followed by 0 or 1".into());
        }
    }
    Ok(())
}

fn relative_json_pointer(s: &str) -> Result<(), String> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return Err("must start with non-negative integer".into());
    }
    if n > 1 && s.starts_with('0') {
        return Err("starts with zero".into());
    }
    let rest = &s[n..];
    if rest == "#" {
        return Ok(());
    }
    json_pointer(rest)
}

fn uuid(s: &str) -> Result<(), String> {
    let groups: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    if groups.len() != lens.len() {
        return Err("must have 5 elements".into());
    }
    for (i, (g, &l)) in groups.iter().zip(lens.iter()).enumerate() {
        if g.len() != l {
            return Err(format!("element {} must be {l} characters long", i + 1));
        }
        if let Some(ch) = g.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(format!("non-hex character {}", q_rune(ch)));
        }
    }
    Ok(())
}

fn duration(s: &str) -> Result<(), String> {
    let Some(s) = s.strip_prefix('P') else {
        return Err("must start with P".into());
    };
    if s.is_empty() {
        return Err("nothing after P".into());
    }
    if let Some(w) = s.strip_suffix('W') {
        if w.is_empty() {
            return Err("no number in week".into());
        }
        if !w.bytes().all(|c| c.is_ascii_digit()) {
            return Err("invalid week".into());
        }
        return Ok(());
    }
    let all_units = ["YMD", "HMS"];
    for (i, part) in s.split('T').enumerate() {
        if i != 0 && part.is_empty() {
            return Err("no time elements".into());
        }
        let Some(all) = all_units.get(i) else {
            return Err("more than one T".into());
        };
        let mut units: &str = all;
        let mut rest = part;
        while !rest.is_empty() {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return Err("missing number".into());
            }
            rest = &rest[n..];
            let Some(unit) = rest.chars().next() else {
                return Err("missing unit".into());
            };
            match units.find(unit) {
                Some(j) => units = &units[j + 1..],
                None if all.contains(unit) => {
                    return Err(format!("unit {} out of order", q_rune(unit)))
                }
                None => return Err(format!("invalid unit {}", q_rune(unit))),
            }
            rest = &rest[unit.len_utf8()..];
        }
    }
    Ok(())
}

fn ipv4(s: &str) -> Result<(), String> {
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() != 4 {
        return Err("expected four decimals".into());
    }
    for g in groups {
        if g.len() > 1 && g.starts_with('0') {
            return Err("leading zeros".into());
        }
        let n: i64 = g
            .parse()
            .map_err(|_| format!("strconv.Atoi: parsing {}: invalid syntax", q_str(g)))?;
        if !(0..=255).contains(&n) {
            return Err("decimal must be between 0 and 255".into());
        }
    }
    Ok(())
}

fn ipv6(s: &str) -> Result<(), String> {
    if !s.contains(':') {
        return Err("missing colon".into());
    }
    if s.contains('%') {
        return Err("zone id is not a part of ipv6 address".into());
    }
    s.parse::<std::net::Ipv6Addr>()
        .map(|_| ())
        .map_err(|_| format!("ParseAddr({}): invalid IPv6 address", q_str(s)))
}

fn hostname(s: &str) -> Result<(), String> {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() > 253 {
        return Err("more than 253 characters long".into());
    }
    for label in s.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err("label must be 1 to 63 characters long".into());
        }
        if label.starts_with('-') {
            return Err("label starts with hyphen".into());
        }
        if label.ends_with('-') {
            return Err("label ends with hyphen".into());
        }
        if let Some(ch) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(format!("invalid character {}", q_rune(ch)));
        }
    }
    Ok(())
}

fn email(s: &str) -> Result<(), String> {
    if s.len() > 254 {
        return Err("more than 255 characters long".into());
    }
    let Some(at) = s.rfind('@') else {
        return Err("missing @".into());
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.len() > 64 {
        return Err("local part more than 64 characters long".into());
    }
    if local.len() > 1 && local.starts_with('"') {
        let inner = &local[1..local.len() - 1];
        if inner.contains('\\') || inner.contains('"') {
            return Err("backslash and quote are not allowed within quoted local part".into());
        }
    } else {
        if local.starts_with('.') {
            return Err("starts with dot".into());
        }
        if local.ends_with('.') {
            return Err("ends with dot".into());
        }
        if local.contains("..") {
            return Err("consecutive dots".into());
        }
        if let Some(ch) = local
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || ".!#$%&'*+-/=?^_`{|}~".contains(*c)))
        {
            return Err(format!("invalid character {}", q_rune(ch)));
        }
    }
    if let Some(inner) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        if let Some(v6) = inner.strip_prefix("IPv6:") {
            return ipv6(v6).map_err(|e| format!("invalid ipv6 address: {e}"));
        }
        return ipv4(inner).map_err(|e| format!("invalid ipv4 address: {e}"));
    }
    hostname(domain).map_err(|e| format!("invalid domain: {e}"))
}

/// Go's `time.Parse("2006-01-02", s)` errors.
fn date(s: &str) -> Result<(), String> {
    let cannot = |rest: &str, elem: &str| {
        format!(
            "parsing time {} as \"2006-01-02\": cannot parse {} as {}",
            q_str(s),
            q_str(rest),
            q_str(elem)
        )
    };
    let num = |t: &str| -> Option<u32> {
        (t.len() == 2 && t.bytes().all(|c| c.is_ascii_digit())).then(|| t.parse().unwrap_or(0))
    };
    let b = s.as_bytes();
    let year_ok = b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit);
    if !year_ok {
        return Err(cannot(s, "2006"));
    }
    let year: i64 = s[..4].parse().unwrap_or(0);
    let rest = &s[4..];
    let Some(rest) = rest.strip_prefix('-') else {
        return Err(cannot(rest, "-"));
    };
    let month = rest
        .get(..2)
        .and_then(num)
        .ok_or_else(|| cannot(rest, "01"))?;
    if !(1..=12).contains(&month) {
        return Err(format!("parsing time {}: month out of range", q_str(s)));
    }
    let rest = &rest[2..];
    let Some(rest) = rest.strip_prefix('-') else {
        return Err(cannot(rest, "-"));
    };
    let day = rest
        .get(..2)
        .and_then(num)
        .ok_or_else(|| cannot(rest, "02"))?;
    let rest = &rest[2..];
    if !rest.is_empty() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            q_str(s),
            q_str(rest)
        ));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < 1 || day > days {
        return Err(format!("parsing time {}: day out of range", q_str(s)));
    }
    Ok(())
}

fn time(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    if b.len() < 9 {
        return Err("less than 9 characters long".into());
    }
    if b[2] != b':' || b[5] != b':' {
        return Err("missing colon in correct place".into());
    }
    let mut hms = [0i64; 3];
    for (slot, tok) in hms.iter_mut().zip(s.get(..8).unwrap_or("").splitn(3, ':')) {
        *slot = tok
            .parse()
            .map_err(|_| "invalid hour/min/sec".to_string())?;
        if *slot < 0 {
            return Err("non-positive hour/min/sec".into());
        }
    }
    let [mut h, mut m, sec] = hms;
    if h > 23 || m > 59 || sec > 60 {
        return Err("hour/min/sec out of range".into());
    }
    let mut rest = s.get(8..).unwrap_or("");
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err("no digits in second fraction".into());
        }
        rest = &frac[n..];
    }
    if rest != "z" && rest != "Z" {
        if rest.len() != 6 {
            return Err("offset must be 6 characters long".into());
        }
        let sign = match rest.as_bytes()[0] {
            b'+' => -1,
            b'-' => 1,
            _ => return Err("offset must begin with plus/minus".into()),
        };
        let off = &rest[1..];
        if off.as_bytes()[2] != b':' {
            return Err("missing colon in offset in correct place".into());
        }
        let mut zhm = [0i64; 2];
        for (slot, tok) in zhm.iter_mut().zip(off.splitn(2, ':')) {
            *slot = tok
                .parse()
                .map_err(|_| "invalid hour/min in offset".to_string())?;
            if *slot < 0 {
                return Err("non-positive hour/min in offset".into());
            }
        }
        if zhm[0] > 23 || zhm[1] > 59 {
            return Err("hour/min in offset out of range".into());
        }
        let mut hm = (h * 60 + m) + sign * (zhm[0] * 60 + zhm[1]);
        if hm < 0 {
            hm += 24 * 60;
        }
        h = hm / 60;
        m = hm % 60;
    }
    if sec >= 60 && (h != 23 || m != 59) {
        return Err("invalid leap second".into());
    }
    Ok(())
}

fn date_time(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return Err("less than 20 characters long".into());
    }
    if b[10] != b't' && b[10] != b'T' {
        return Err("11th character must be t or T".into());
    }
    let (Some(d), Some(t)) = (s.get(..10), s.get(11..)) else {
        return Err("invalid date element".into());
    };
    date(d).map_err(|e| format!("invalid date element: {e}"))?;
    time(t).map_err(|e| format!("invalid time element: {e}"))
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let cand = &s[..i];
            cand.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && cand
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn uri(s: &str) -> Result<(), String> {
    if !has_scheme(s) {
        return Err("relative url".into());
    }
    Ok(())
}

fn uri_reference(s: &str) -> Result<(), String> {
    if s.contains('\\') {
        return Err("contains \\".into());
    }
    Ok(())
}

fn semver(s: &str) -> Result<(), String> {
    let ident_char = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let mut s = s;
    if let Some(i) = s.find('+') {
        let build = &s[i + 1..];
        if build.is_empty() {
            return Err("build is empty".into());
        }
        for id in build.split('.') {
            if id.is_empty() {
                return Err("build identifier is empty".into());
            }
            if let Some(ch) = id.chars().find(|&c| !ident_char(c)) {
                return Err(format!(
                    "invalid character {} in build identifier",
                    q_rune(ch)
                ));
            }
        }
        s = &s[..i];
    }
    if let Some(i) = s.find('-') {
        for id in s[i + 1..].split('.') {
            if id.is_empty() {
                return Err("pre-release identifier is empty".into());
            }
            if let Some(ch) = id.chars().find(|&c| !ident_char(c)) {
                return Err(format!(
                    "invalid character {} in pre-release identifier",
                    q_rune(ch)
                ));
            }
            if id.len() > 1 && id.bytes().all(|c| c.is_ascii_digit()) && id.starts_with('0') {
                return Err("pre-release numeric identifier starts with zero".into());
            }
        }
        s = &s[..i];
    }
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 3 {
        return Err("versionCore must have 3 numbers separated by dot".into());
    }
    for (name, v) in ["major", "minor", "patch"].iter().zip(parts) {
        if v.is_empty() {
            return Err(format!("{name} is empty"));
        }
        if v.len() > 1 && v.starts_with('0') {
            return Err(format!("{name} starts with zero"));
        }
        if !v.bytes().all(|c| c.is_ascii_digit()) {
            return Err(format!("{name} contains non-digit"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks() {
        assert_eq!(ipv4("1.2.3"), Err("expected four decimals".to_string()));
        assert_eq!(
            ipv4("1.2.3.256"),
            Err("decimal must be between 0 and 255".to_string())
        );
        assert!(date("2024-02-29").is_ok());
        assert_eq!(
            date("2023-02-29"),
            Err("parsing time \"2023-02-29\": day out of range".to_string())
        );
        assert_eq!(
            date("x"),
            Err("parsing time \"x\" as \"2006-01-02\": cannot parse \"x\" as \"2006\"".to_string())
        );
        assert!(date_time("2024-01-01T10:00:00Z").is_ok());
        assert_eq!(hostname("a_b"), Err("invalid character '_'".to_string()));
        assert!(email("a@b.c").is_ok());
        assert_eq!(
            semver("1.2"),
            Err("versionCore must have 3 numbers separated by dot".to_string())
        );
        assert_eq!(
            time("10:00:00+1:00").unwrap_err(),
            "offset must be 6 characters long"
        );
    }
}
