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
        _ => {
            let (ch, next) = escape_char(pat, chars, i)?;
            lit(out, ch);
            return Ok(next);
        }
    }
    Ok(i + 2)
}

/// Translates the character class starting at `i` (`[`), item by item as Go's
/// `parseClass` reads it: named classes (`[:alpha:]`), `\p{..}`, Perl classes
/// (`\d`), and single characters or `lo-hi` ranges. A `-` right after a class item
/// is a literal (`[\w-.]`), as is a `-` before the closing `]`. Every character is
/// written escaped, so Rust's class set operators (`--`, `&&`, `~~`) never appear.
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
        if c == ']' && j > first {
            out.push(']');
            return Ok(j + 1);
        }
        if c == '[' && at(j + 1) == Some(':') {
            if let Some(next) = named_class(pat, chars, j, out)? {
                j = next;
                continue;
            }
        }
        if c == '\\'
            && matches!(
                at(j + 1),
                Some('p' | 'P' | 'd' | 'D' | 'w' | 'W' | 's' | 'S')
            )
        {
            j = escape(pat, chars, j, out, true)?;
            continue;
        }
        let (lo, mut next) = class_char(pat, chars, j, i)?;
        let mut hi = lo;
        if at(next) == Some('-') && at(next + 1).is_some_and(|x| x != ']') {
            let (h, after) = class_char(pat, chars, next + 1, i)?;
            if h < lo {
                return Err(err(
                    "invalid character class range",
                    &pat[off(j)..off(after)],
                ));
            }
            hi = h;
            next = after;
        }
        lit(out, lo);
        if hi != lo {
            out.push('-');
            lit(out, hi);
        }
        j = next;
    }
}

/// A POSIX class `[:name:]` (or `[:^name:]`) at `j`, copied to `out`: the index
/// after it, or `None` when the text at `j` is not one (then `[` is a literal).
fn named_class(
    pat: &str,
    chars: &[(usize, char)],
    j: usize,
    out: &mut String,
) -> Result<Option<usize>, SyntaxError> {
    let rest = &pat[chars[j].0..];
    let Some(end) = rest.find(":]").filter(|&e| e > 1) else {
        return Ok(None);
    };
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
    Ok(Some(j + rest[..end + 2].chars().count()))
}

/// One character of the class starting at `start`, at `j` (plain or escaped, as
/// Go's `parseClassChar`): the character and the index after it.
fn class_char(
    pat: &str,
    chars: &[(usize, char)],
    j: usize,
    start: usize,
) -> Result<(char, usize), SyntaxError> {
    match chars.get(j).map(|c| c.1) {
        None => Err(err("missing closing ]", &pat[chars[start].0..])),
        Some('\\') => escape_char(pat, chars, j),
        Some(c) => Ok((c, j + 1)),
    }
}

/// A single-character escape at `i` (a backslash), as Go's `parseEscape`: `\a \f \n
/// \r \t \v`, octal, `\xHH`, `\x{H...}` and escaped punctuation. The character and
/// the index after it; anything else is an invalid escape naming what was read.
fn escape_char(pat: &str, chars: &[(usize, char)], i: usize) -> Result<(char, usize), SyntaxError> {
    let at = |k: usize| chars.get(k).map(|c| c.1);
    let off = |k: usize| chars.get(k).map_or(pat.len(), |c| c.0);
    let octal = |k: usize| {
        at(k)
            .filter(|x| ('0'..='7').contains(x))
            .map(|x| x as u32 - '0' as u32)
    };
    let Some(c) = at(i + 1) else {
        return Err(err("trailing backslash at end of expression", ""));
    };
    // What was read when the escape turns out invalid (Go's `s[:len(s)-len(t)]`).
    let bad = |end: usize| {
        err(
            "invalid escape sequence",
            &pat[off(i)..off(end.min(chars.len()))],
        )
    };
    let simple = match c {
        'a' => Some('\u{7}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => Some(c),
        _ => None,
    };
    if let Some(ch) = simple {
        return Ok((ch, i + 2));
    }
    match c {
        '0'..='7' => {
            if c != '0' && octal(i + 2).is_none() {
                return Err(bad(i + 2));
            }
            let mut j = i + 1;
            let mut v = 0u32;
            while j < i + 4 {
                let Some(d) = octal(j) else { break };
                v = v * 8 + d;
                j += 1;
            }
            Ok((char::from_u32(v).unwrap_or('\0'), j))
        }
        'x' if at(i + 2) == Some('{') => {
            let mut j = i + 3;
            let mut v = 0u32;
            loop {
                match at(j) {
                    Some('}') if j > i + 3 => {
                        return char::from_u32(v)
                            .map(|ch| (ch, j + 1))
                            .ok_or_else(|| bad(j + 1));
                    }
                    Some(h) if h.is_ascii_hexdigit() => {
                        v = v * 16 + h.to_digit(16).unwrap_or(0);
                        if v > 0x10FFFF {
                            return Err(bad(j + 1));
                        }
                    }
                    Some(_) => return Err(bad(j + 1)),
                    None => return Err(bad(j)),
                }
                j += 1;
            }
        }
        'x' => {
            let hex = |k: usize| at(k).and_then(|x| x.to_digit(16));
            match (at(i + 2), hex(i + 2), hex(i + 3)) {
                (None, _, _) => Err(bad(i + 2)),
                (_, Some(a), Some(b)) => Ok((char::from_u32(a * 16 + b).unwrap_or('\0'), i + 4)),
                _ => Err(bad(i + 4)),
            }
        }
        _ => Err(bad(i + 2)),
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
