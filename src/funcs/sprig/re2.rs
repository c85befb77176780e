//! Translation of Go RE2 syntax (`regexp/syntax`) into the Rust `regex` crate's
//! syntax, with Go's error texts for the mistakes charts make.
//!
//! Differences handled: `\d \w \s \b` are ASCII in Go; `\Q…\E` quoting; octal
//! escapes; escaped punctuation is always literal; `[` `&` `~` are literal inside
//! classes; a `{` that is not a valid repeat is literal; repeat counts are at most
//! 1000; nested repetition (`a**`) and a missing repeat argument are errors.

/// A Go `regexp/syntax` error: code text and the offending expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The error code text (`missing closing )`).
    pub code: &'static str,
    /// The expression fragment Go reports.
    pub expr: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error parsing regexp: {}: `{}`", self.code, self.expr)
    }
}

fn err(code: &'static str, expr: impl Into<String>) -> SyntaxError {
    SyntaxError {
        code,
        expr: expr.into(),
    }
}

/// A literal char in a form valid both inside and outside classes.
fn lit(out: &mut String, c: char) {
    if c.is_alphanumeric() || c == '_' || c == ' ' || !c.is_ascii() {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    }
}

/// What the previous item was, for repetition checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of the pattern, after `(` or `|`: a repeat has no argument.
    Start,
    /// An atom that can be repeated.
    Atom,
    /// A repetition operator starting at this byte offset.
    Repeat(usize),
}

/// Translates a Go pattern into an equivalent Rust `regex` pattern.
pub fn translate(pat: &str) -> Result<String, SyntaxError> {
    let chars: Vec<(usize, char)> = pat.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let off = |i: usize| chars.get(i).map_or(pat.len(), |&(o, _)| o);
    let mut out = String::with_capacity(pat.len() + 16);
    let mut depth = 0usize;
    let mut prev = Prev::Start;
    let mut i = 0;
    while let Some(c) = at(i) {
        match c {
            '\\' => {
                i = escape(pat, &chars, i, &mut out, false)?;
                prev = Prev::Atom;
                continue;
            }
            '[' => {
                i = class(pat, &chars, i, &mut out)?;
                prev = Prev::Atom;
                continue;
            }
            '(' => {
                let (next, opens) = group_open(pat, &chars, i, &mut out)?;
                i = next;
                depth += usize::from(opens);
                prev = Prev::Start;
                continue;
            }
            ')' => {
                if depth == 0 {
                    return Err(err("unexpected )", pat));
                }
                depth -= 1;
                out.push(')');
                prev = Prev::Atom;
            }
            '|' => {
                out.push('|');
                prev = Prev::Start;
            }
            '*' | '+' | '?' | '{' => {
                let (end, is_repeat) = if c == '{' {
                    brace(pat, &chars, i)?
                } else {
                    (i + 1, true)
                };
                if !is_repeat {
                    out.push_str("\\{");
                    prev = Prev::Atom;
                    i += 1;
                    continue;
                }
                let mut end = end;
                if at(end) == Some('?') {
                    end += 1;
                }
                let text = &pat[off(i)..off(end)];
                match prev {
                    Prev::Start => {
                        return Err(err("missing argument to repetition operator", text));
                    }
                    Prev::Repeat(start) => {
                        return Err(err(
                            "invalid nested repetition operator",
                            &pat[start..off(end)],
                        ));
                    }
                    Prev::Atom => {}
                }
                out.push_str(text);
                prev = Prev::Repeat(off(i));
                i = end;
                continue;
            }
            '}' => {
                out.push_str("\\}");
                prev = Prev::Atom;
            }
            _ => {
                out.push(c);
                prev = Prev::Atom;
            }
        }
        i += 1;
    }
    if depth > 0 {
        return Err(err("missing closing )", pat));
    }
    Ok(out)
}

/// Parses `{n}`, `{n,}`, `{n,m}` at `i`: (end index, whether it is a repeat).
fn brace(pat: &str, chars: &[(usize, char)], i: usize) -> Result<(usize, bool), SyntaxError> {
    let mut j = i + 1;
    let num = |j: &mut usize| -> Option<u64> {
        let start = *j;
        let mut v: u64 = 0;
        while let Some(&(_, d)) = chars.get(*j).filter(|(_, d)| d.is_ascii_digit()) {
            v = (v * 10 + u64::from(d as u8 - b'0')).min(1_000_000);
            *j += 1;
        }
        (*j > start).then_some(v)
    };
    let Some(min) = num(&mut j) else {
        return Ok((i, false));
    };
    let mut max = Some(min);
    if chars.get(j).map(|c| c.1) == Some(',') {
        j += 1;
        max = num(&mut j);
    }
    if chars.get(j).map(|c| c.1) != Some('}') {
        return Ok((i, false));
    }
    j += 1;
    if min > 1000 || max.is_some_and(|m| m > 1000 || m < min) {
        let end = chars.get(j).map_or(pat.len(), |c| c.0);
        return Err(err("invalid repeat count", &pat[chars[i].0..end]));
    }
    Ok((j, true))
}

/// Translates `(`, `(?:`, `(?flags)`, `(?P<name>` and `(?<name>` at `i`: the
/// index after it, and whether it opened a group (`(?i)` alone does not).
fn group_open(
    pat: &str,
    chars: &[(usize, char)],
    i: usize,
    out: &mut String,
) -> Result<(usize, bool), SyntaxError> {
    let at = |k: usize| chars.get(k).map(|c| c.1);
    let off = |k: usize| chars.get(k).map_or(pat.len(), |c| c.0);
    if at(i + 1) != Some('?') {
        out.push('(');
        return Ok((i + 1, true));
    }
    let name_start = match (at(i + 2), at(i + 3)) {
        (Some('P'), Some('<')) => Some(i + 4),
        (Some('<'), _) => Some(i + 3),
        _ => None,
    };
    if let Some(ns) = name_start {
        let mut j = ns;
        while at(j).is_some_and(|c| c != '>') {
            j += 1;
        }
        if at(j).is_none() {
            return Err(err("invalid named capture", &pat[off(i)..]));
        }
        let name = &pat[off(ns)..off(j)];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(err("invalid named capture", &pat[off(i)..off(j + 1)]));
        }
        out.push_str(&format!("(?P<{name}>"));
        return Ok((j + 1, true));
    }
    let mut j = i + 2;
    let mut neg = false;
    let mut any = false;
    loop {
        match at(j) {
            Some('i' | 'm' | 's' | 'U') => any = true,
            Some('-') if !neg => {
                neg = true;
                any = false;
            }
            Some(':') | Some(')') if !neg || any => {
                out.push_str(&pat[off(i)..off(j + 1)]);
                return Ok((j + 1, at(j) == Some(':')));
            }
            None => return Err(err("missing closing )", pat)),
            Some(_) => {
                return Err(err(
                    "invalid or unsupported Perl syntax",
                    &pat[off(i)..off(j + 1)],
                ));
            }
        }
        j += 1;
    }
}

/// Pushes an ASCII class (`\d` …) as a Rust class body or a whole class.
fn perl_class(c: char, out: &mut String, in_class: bool) {
    let (body, neg) = match c {
        'd' => ("0-9", false),
        'D' => ("0-9", true),
        'w' => ("0-9A-Za-z_", false),
        'W' => ("0-9A-Za-z_", true),
        's' => ("\\t\\n\\x0C\\r ", false),
        _ => ("\\t\\n\\x0C\\r ", true),
    };
    match (in_class, neg) {
        (true, false) => out.push_str(body),
        _ => out.push_str(&format!("[{}{body}]", if neg { "^" } else { "" })),
    }
}

/// Translates the escape at `i` (a backslash); returns the index after it.
fn escape(
    pat: &str,
    chars: &[(usize, char)],
    i: usize,
    out: &mut String,
    in_class: bool,
) -> Result<usize, SyntaxError> {
    let at = |k: usize| chars.get(k).map(|c| c.1);
    let off = |k: usize| chars.get(k).map_or(pat.len(), |c| c.0);
    let Some(c) = at(i + 1) else {
        return Err(err("trailing backslash at end of expression", ""));
    };
    let bad = || err("invalid escape sequence", &pat[off(i)..off(i + 2)]);
    match c {
        'd' | 'D' | 'w' | 'W' | 's' | 'S' => perl_class(c, out, in_class),
        'b' | 'B' | 'A' | 'z' if !in_class => out.push_str(match c {
            'b' => "(?-u:\\b)",
            'B' => "(?-u:\\B)",
            'A' => "\\A",
            _ => "\\z",
        }),
        'Q' if !in_class => {
            let mut j = i + 2;
            while let Some(q) = at(j) {
                if q == '\\' && at(j + 1) == Some('E') {
                    return Ok(j + 2);
                }
                lit(out, q);
                j += 1;
            }
            return Ok(j);
        }
        'p' | 'P' => {
            let mut j = i + 2;
            if at(j) == Some('{') {
                while at(j).is_some_and(|x| x != '}') {
                    j += 1;
                }
                if at(j).is_none() {
                    return Err(err("invalid character class range", &pat[off(i)..]));
                }
            }
            out.push_str(&pat[off(i)..off(j + 1)]);
            return Ok(j + 1);
        }
        'a' => out.push_str("\\x07"),
        'f' | 'n' | 'r' | 't' | 'v' => {
            out.push('\\');
            out.push(c);
        }
        'x' => {
            let mut j = i + 2;
            if at(j) == Some('{') {
                while at(j).is_some_and(|x| x.is_ascii_hexdigit() || x == '{') {
                    j += 1;
                }
                if at(j) != Some('}') || j == i + 3 {
                    return Err(err(
                        "invalid escape sequence",
                        &pat[off(i)..off(j.min(chars.len()))],
                    ));
                }
            } else {
                j += 1;
                if !at(i + 2).is_some_and(|x| x.is_ascii_hexdigit())
                    || !at(i + 3).is_some_and(|x| x.is_ascii_hexdigit())
                {
                    return Err(err(
                        "invalid escape sequence",
                        &pat[off(i)..off((i + 4).min(chars.len()))],
                    ));
                }
            }
            out.push_str(&pat[off(i)..off(j + 1)]);
            return Ok(j + 1);
        }
        '0'..='7' => {
            if c != '0' && !at(i + 2).is_some_and(|x| ('0'..='7').contains(&x)) {
                return Err(bad());
            }
            let mut j = i + 1;
            let mut v = 0u32;
            while j < i + 4 && at(j).is_some_and(|x| ('0'..='7').contains(&x)) {
                v = v * 8 + (at(j).unwrap_or('0') as u32 - '0' as u32);
                j += 1;
            }
            out.push_str(&format!("\\x{{{v:X}}}"));
            return Ok(j);
        }
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => lit(out, c),
        _ => return Err(bad()),
    }
    Ok(i + 2)
}

/// Translates the character class starting at `i` (`[`).
fn class(
    pat: &str,
    chars: &[(usize, char)],
    i: usize,
    out: &mut String,
) -> Result<usize, SyntaxError> {
    let at = |k: usize| chars.get(k).map(|c| c.1);
    let off = |k: usize| chars.get(k).map_or(pat.len(), |c| c.0);
    let missing = || err("missing closing ]", &pat[off(i)..]);
    let mut j = i + 1;
    out.push('[');
    if at(j) == Some('^') {
        out.push('^');
        j += 1;
    }
    let first = j;
    loop {
        let Some(c) = at(j) else {
            return Err(missing());
        };
        match c {
            ']' if j > first => {
                out.push(']');
                return Ok(j + 1);
            }
            '[' if at(j + 1) == Some(':') => {
                let rest = &pat[off(j)..];
                match rest.find(":]") {
                    Some(end) if end > 1 => {
                        let name = &rest[2..end];
                        if !matches!(
                            name.trim_start_matches('^'),
                            "alnum"
                                | "alpha"
                                | "ascii"
                                | "blank"
                                | "cntrl"
                                | "digit"
                                | "graph"
                                | "lower"
                                | "print"
                                | "punct"
                                | "space"
                                | "upper"
                                | "word"
                                | "xdigit"
                        ) {
                            return Err(err("invalid character class range", &rest[..end + 2]));
                        }
                        out.push_str(&rest[..end + 2]);
                        j += rest[..end + 2].chars().count();
                        continue;
                    }
                    _ => lit(out, '['),
                }
            }
            '\\' => {
                j = escape(pat, chars, j, out, true)?;
                continue;
            }
            '-' => out.push('-'),
            c => lit(out, c),
        }
        j += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(p: &str) -> String {
        match translate(p) {
            Ok(s) => s,
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn translations() {
        assert_eq!(t(r"\d+"), "[0-9]+");
        assert_eq!(t(r"[\d]"), "[0-9]");
        assert_eq!(t(r"\Qa.b\E"), r"a\x{2E}b");
        assert_eq!(t("a{2}"), "a{2}");
        assert_eq!(t("(?i)a(b)"), "(?i)a(b)");
        assert_eq!(t("a{,2}"), r"a\{,2\}");
        assert_eq!(t("(a"), "error parsing regexp: missing closing ): `(a`");
        assert_eq!(t("a)"), "error parsing regexp: unexpected ): `a)`");
        assert_eq!(
            t("*a"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            t("a**"),
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        assert_eq!(
            t("a{1001}"),
            "error parsing regexp: invalid repeat count: `{1001}`"
        );
        assert_eq!(
            t(r"\q"),
            r"error parsing regexp: invalid escape sequence: `\q`"
        );
        assert_eq!(t("[a"), "error parsing regexp: missing closing ]: `[a`");
    }
}
