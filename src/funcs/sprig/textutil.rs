//! Text algorithms behind Sprig's string functions, as Go implements them:
//! `strings.Title`/`ToUpper`/`ToLower` (simple case mapping), goutils
//! (`Abbreviate`, `Wrap`, `Initials`, `SwapCase`, `Uncapitalize`,
//! `DeleteWhiteSpace`) and xstrings v1.5.0 (`ToSnakeCase`, `ToKebabCase`,
//! `ToPascalCase`).

/// Go's `unicode.ToUpper` (simple mapping: one rune to one rune).
pub fn to_upper(c: char) -> char {
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go's `unicode.ToLower` (simple mapping).
pub fn to_lower(c: char) -> char {
    if c == '\u{130}' {
        return 'i';
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Go's `unicode.IsUpper`.
pub fn is_upper(c: char) -> bool {
    c.is_uppercase() && !is_title(c)
}

/// Go's `unicode.IsLower`.
pub fn is_lower(c: char) -> bool {
    c.is_lowercase()
}

/// Go's `unicode.IsTitle` (the four Latin digraph title-case letters and friends).
fn is_title(c: char) -> bool {
    matches!(c, '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}')
        || ('\u{1F88}'..='\u{1FAF}').contains(&c) && (c as u32 & 0xF) >= 8
        || matches!(c, '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

/// Go's `unicode.IsSpace`.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// `strings.ToUpper`.
pub fn upper(s: &str) -> String {
    s.chars().map(to_upper).collect()
}

/// `strings.ToLower`.
pub fn lower(s: &str) -> String {
    s.chars().map(to_lower).collect()
}

/// `strings.Title`: upper-cases every letter that follows a separator.
pub fn title(s: &str) -> String {
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if is_separator(prev) { to_upper(c) } else { c };
            prev = c;
            out
        })
        .collect()
}

/// `strings.Title`'s `isSeparator`.
fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if c.is_alphabetic() || c.is_numeric() {
        return false;
    }
    is_space(c)
}

/// goutils `Uncapitalize` (whitespace delimiters): lower-cases the first rune of
/// every whitespace-separated word.
pub fn untitle(s: &str) -> String {
    let mut next = true;
    s.chars()
        .map(|c| {
            if is_space(c) {
                next = true;
                c
            } else if next {
                next = false;
                to_lower(c)
            } else {
                c
            }
        })
        .collect()
}

/// goutils `SwapCase`.
pub fn swapcase(s: &str) -> String {
    let mut ws = true;
    s.chars()
        .map(|c| {
            if is_upper(c) || is_title(c) {
                ws = false;
                to_lower(c)
            } else if is_lower(c) {
                if ws {
                    ws = false;
                    to_upper(c)
                } else {
                    to_upper(c)
                }
            } else {
                ws = is_space(c);
                c
            }
        })
        .collect()
}

/// A byte read as a rune, as goutils' `rune(str[i])` does.
fn byte_rune(b: u8) -> char {
    char::from(b)
}

/// goutils `Initials`: the first byte of every whitespace-separated word.
pub fn initials(s: &str) -> String {
    let mut gap = true;
    let mut out = String::new();
    for &b in s.as_bytes() {
        let c = byte_rune(b);
        if is_space(c) {
            gap = true;
        } else if gap {
            out.push(c);
            gap = false;
        }
    }
    out
}

/// goutils `DeleteWhiteSpace` (byte-wise, as goutils does).
pub fn nospace(s: &str) -> String {
    let out: String = s.bytes().map(byte_rune).filter(|&c| !is_space(c)).collect();
    if out.chars().count() == s.len() {
        return s.to_string();
    }
    out
}

/// Bytes of `s` in `a..b` as text (a cut UTF-8 sequence is replaced).
fn bytes(s: &str, a: usize, b: usize) -> String {
    String::from_utf8_lossy(s.as_bytes().get(a..b).unwrap_or_default()).into_owned()
}

/// Sprig's `abbrev`: goutils `Abbreviate` unless the width is below 4.
pub fn abbrev(width: i64, s: &str) -> String {
    if width < 4 {
        return s.to_string();
    }
    abbreviate_full(s, 0, width).unwrap_or_default()
}

/// Sprig's `abbrevboth`.
pub fn abbrevboth(left: i64, right: i64, s: &str) -> String {
    if right < 4 || left > 0 && right < 7 {
        return s.to_string();
    }
    abbreviate_full(s, left, right).unwrap_or_default()
}

/// goutils `AbbreviateFull` (byte offsets); `None` where goutils returns an error.
fn abbreviate_full(s: &str, offset: i64, max: i64) -> Option<String> {
    if s.is_empty() {
        return Some(String::new());
    }
    if max < 4 {
        return None;
    }
    let len = s.len() as i64;
    if len <= max {
        return Some(s.to_string());
    }
    let mut offset = offset.min(len);
    if len - offset < max - 3 {
        offset = len - (max - 3);
    }
    if offset <= 4 {
        return Some(bytes(s, 0, (max - 3) as usize) + "...");
    }
    if max < 7 {
        return None;
    }
    if offset + max - 3 < len {
        let rest = bytes(s, offset as usize, s.len());
        return Some(format!("...{}", abbreviate_full(&rest, 0, max - 3)?));
    }
    Some(format!(
        "...{}",
        bytes(s, (len - (max - 3)) as usize, s.len())
    ))
}

/// goutils `WrapCustom` (byte-based; breaks at spaces).
pub fn wrap_custom(s: &str, width: i64, newline: &str, long_words: bool) -> String {
    if s.is_empty() {
        return String::new();
    }
    let nl = if newline.is_empty() { "\n" } else { newline };
    let w = width.max(1) as usize;
    let b = s.as_bytes();
    let len = b.len();
    let mut off = 0usize;
    let mut out = String::new();
    while len - off > w {
        if b[off] == b' ' {
            off += 1;
            continue;
        }
        let end = w + off + 1;
        let space = b[off..end].iter().rposition(|&c| c == b' ');
        if let Some(sp) = space.map(|p| p + off) {
            out += &bytes(s, off, sp);
            out += nl;
            off = sp + 1;
        } else if long_words {
            out += &bytes(s, off, w + off);
            out += nl;
            off += w;
        } else {
            let end = w + off;
            match b[end..].iter().position(|&c| c == b' ') {
                None => {
                    out += &bytes(s, off, len);
                    off = len;
                }
                Some(i) => {
                    out += &bytes(s, off, i + end);
                    out += nl;
                    off = i + end + 1;
                }
            }
        }
    }
    out + &bytes(s, off, len)
}

/// xstrings `isConnector`.
fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || is_space(c)
}

/// xstrings v1.5.0 `ToPascalCase` (Sprig's `camelcase`).
pub fn pascal_case(s: &str) -> String {
    let mut chars = s.chars();
    let mut out = String::new();
    let mut first_upper = false;
    let mut r0 = '\0';
    let mut got = false;
    for c in chars.by_ref() {
        if !is_connector(c) {
            first_upper = is_upper(c);
            r0 = to_upper(c);
            got = true;
            break;
        }
        out.push(c);
    }
    let rest: Vec<char> = chars.collect();
    if rest.is_empty() {
        if got {
            out.push(r0);
        }
        return out;
    }
    for c in rest {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            first_upper = is_upper(r0);
            r0 = to_upper(r0);
        } else {
            if first_upper {
                if is_upper(r0) {
                    r0 = to_lower(r0);
                } else {
                    first_upper = false;
                }
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

/// xstrings word classes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alpha,
    Connector,
    Punct,
    Other,
}

/// xstrings `isAlphabet`: a letter, but not a CJK ideograph.
fn is_alphabet(c: char) -> bool {
    if !c.is_alphabetic() || !is_letter(c) {
        return false;
    }
    let u = c as u32;
    !((0x4E00..=0x9FCC).contains(&u)
        || (0x3400..=0x4D85).contains(&u)
        || (0x20000..=0x2B81D).contains(&u))
}

/// Go's `unicode.IsLetter` (approximated by alphabetic minus marks and numbers).
fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_numeric()
}

/// Go's `unicode.IsPunct` for the characters charts use (ASCII punctuation
/// except symbols, plus general punctuation).
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '!' | '"'
                | '#'
                | '%'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | ','
                | '-'
                | '.'
                | '/'
                | ':'
                | ';'
                | '?'
                | '@'
                | '['
                | '\\'
                | ']'
                | '_'
                | '{'
                | '}'
        );
    }
    c.is_ascii_punctuation()
        || ('\u{2010}'..='\u{2027}').contains(&c)
        || ('\u{3001}'..='\u{3003}').contains(&c)
}

/// xstrings `nextWord` on a char slice: the class and length of the next word.
fn next_word(s: &[char]) -> (Word, usize) {
    let Some(&r) = s.first() else {
        return (Word::Invalid, 0);
    };
    let run = |from: usize, f: &dyn Fn(char) -> bool| {
        from + s[from..].iter().take_while(|&&c| f(c)).count()
    };
    if is_connector(r) {
        return (Word::Connector, run(1, &is_connector));
    }
    if is_punct(r) {
        return (Word::Punct, run(1, &is_punct));
    }
    if is_upper(r) {
        let Some(&r2) = s.get(1) else {
            return (Word::Upper, 1);
        };
        if is_upper(r2) {
            let end = run(1, &is_upper);
            if end < s.len() && is_alphabet(s[end]) {
                return (Word::Upper, end - 1);
            }
            return (Word::Upper, end);
        }
        if is_alphabet(r2) {
            return (Word::Upper, run(1, &|c| is_alphabet(c) && !is_upper(c)));
        }
        return (Word::Upper, 1);
    }
    if is_alphabet(r) {
        return (Word::Alpha, run(1, &|c| is_alphabet(c) && !is_upper(c)));
    }
    if r.is_numeric() {
        return (Word::Number, run(1, &|c: char| c.is_numeric()));
    }
    let other = |c: char| !(is_connector(c) || is_alphabet(c) || c.is_numeric() || is_punct(c));
    (Word::Other, run(1, &other))
}

/// xstrings `toLower` for one word.
fn word_lower(out: &mut String, wt: Word, w: &[char], conn: char) {
    if wt != Word::Upper && wt != Word::Connector {
        out.extend(w);
        return;
    }
    for &c in w {
        out.push(if is_connector(c) {
            conn
        } else if is_upper(c) {
            to_lower(c)
        } else {
            c
        });
    }
}

/// xstrings `camelCaseToLowerCase` (`snakecase` with `_`, `kebabcase` with `-`).
pub fn camel_to_lower(s: &str, conn: char) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    let next = |pos: &mut usize| {
        let (wt, n) = next_word(&chars[*pos..]);
        let w = &chars[*pos..*pos + n];
        *pos += n;
        (wt, w)
    };
    let (mut wt, mut word) = next(&mut pos);
    while pos < chars.len() {
        if wt != Word::Connector {
            word_lower(&mut out, wt, word, conn);
        }
        let (prev, last) = (wt, word);
        (wt, word) = next(&mut pos);
        match prev {
            Word::Number => {
                while wt == Word::Alpha || wt == Word::Number {
                    word_lower(&mut out, wt, word, conn);
                    (wt, word) = next(&mut pos);
                }
                if !matches!(wt, Word::Invalid | Word::Punct | Word::Connector) {
                    out.push(conn);
                }
            }
            Word::Connector => word_lower(&mut out, prev, last, conn),
            Word::Punct => {}
            _ => {
                if wt != Word::Number {
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(conn);
                    }
                    continue;
                }
                if pos >= chars.len() {
                    continue;
                }
                let num = word;
                (wt, word) = next(&mut pos);
                if wt != Word::Alpha {
                    word_lower(&mut out, Word::Number, num, conn);
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(conn);
                    }
                    continue;
                }
                out.push(conn);
                word_lower(&mut out, Word::Number, num, conn);
                while wt == Word::Alpha || wt == Word::Number {
                    word_lower(&mut out, wt, word, conn);
                    (wt, word) = next(&mut pos);
                }
                if !matches!(wt, Word::Invalid | Word::Connector | Word::Punct) {
                    out.push(conn);
                }
            }
        }
    }
    word_lower(&mut out, wt, word, conn);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xstrings_samples() {
        for (i, o) in [
            ("FirstName", "first_name"),
            ("HTTPServer", "http_server"),
            ("NoHTTPS", "no_https"),
            ("GO_PATH", "go_path"),
            ("GO PATH", "go_path"),
            ("GO-PATH", "go_path"),
            ("http2xx", "http_2xx"),
            ("HTTP20xOK", "http_20x_ok"),
            ("Duration2m3s", "duration_2m3s"),
            ("Bld4Floor3rd", "bld4_floor_3rd"),
        ] {
            assert_eq!(camel_to_lower(i, '_'), o, "{i}");
        }
        for (i, o) in [
            ("some_words", "SomeWords"),
            ("http_server", "HttpServer"),
            ("no_https", "NoHttps"),
            ("_complex__case_", "_Complex_Case_"),
            ("some words", "SomeWords"),
            ("GOLANG_IS_GREAT", "GolangIsGreat"),
        ] {
            assert_eq!(pascal_case(i), o, "{i}");
        }
    }

    #[test]
    fn goutils_samples() {
        assert_eq!(title("it's a-b"), "It'S A-B");
        assert_eq!(abbrev(10, "Now is the time"), "Now is ...");
        assert_eq!(
            wrap_custom("Now is the time", 5, "", false),
            "Now\nis\nthe\ntime"
        );
        assert_eq!(initials("John Doe Foo"), "JDF");
        assert_eq!(swapcase("Hello World"), "hELLO wORLD");
        assert_eq!(nospace(" a b\tc "), "abc");
    }
}
