//! Go's `strconv` quoting: `Quote`, `QuoteToASCII`, `QuoteRune`,
//! `QuoteRuneToASCII`, `CanBackquote`, and `unicode.IsPrint`.
//!
//! Inputs are byte slices because `%q` of a `[]byte` may see invalid UTF-8, which
//! Go escapes byte by byte as `\xNN`.

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the
/// ASCII space (categories L, M, N, P, S plus U+0020).
///
/// Rust's `Debug` escaping leaves unescaped exactly the characters outside
/// categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (except U+0020), which is the same
/// set; the Unicode version is Rust's, so characters assigned after Go's tables
/// may differ.
pub(crate) fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    // The second character of a string is escaped only when it is not printable
    // (grapheme extenders are escaped only in first position).
    let mut buf = [b'a'; 5];
    let n = c.encode_utf8(buf.get_mut(1..).unwrap_or_default()).len();
    match buf.get(..n + 1).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(s) => s.escape_debug().nth(1) != Some('\\'),
        None => false,
    }
}

/// The rune Go's `%c`/`%q` use for an integer: values above U+10FFFF and
/// surrogates become U+FFFD.
pub(crate) fn rune_of(c: u64) -> char {
    u32::try_from(c)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}')
}

/// Appends `s` as a double-quoted Go string (`strconv.Quote`, or
/// `strconv.QuoteToASCII` when `ascii_only`).
pub(crate) fn append_quoted(out: &mut String, s: &[u8], ascii_only: bool) {
    out.push('"');
    for chunk in s.utf8_chunks() {
        let mut rest = chunk.valid();
        while !rest.is_empty() {
            // Printable ASCII other than the quote and backslash is copied as is.
            let run = rest
                .bytes()
                .position(|b| !(0x20..0x7f).contains(&b) || b == b'"' || b == b'\\')
                .unwrap_or(rest.len());
            out.push_str(&rest[..run]);
            rest = &rest[run..];
            if let Some(c) = rest.chars().next() {
                append_escaped_rune(out, c, '"', ascii_only);
                rest = &rest[c.len_utf8()..];
            }
        }
        for &b in chunk.invalid() {
            out.push_str("\\x");
            push_hex(out, u32::from(b), 2);
        }
    }
    out.push('"');
}

/// Appends `c` as a single-quoted Go character literal (`strconv.QuoteRune`, or
/// `strconv.QuoteRuneToASCII` when `ascii_only`).
pub(crate) fn append_quoted_rune(out: &mut String, c: char, ascii_only: bool) {
    out.push('\'');
    append_escaped_rune(out, c, '\'', ascii_only);
    out.push('\'');
}

/// Go's `strconv.CanBackquote`: whether `s` can be written as a raw string literal
/// (valid UTF-8, no control characters other than tab, no backquote, no BOM).
pub(crate) fn can_backquote(s: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(s) else {
        return false;
    };
    !text
        .chars()
        .any(|c| c == '\u{FEFF}' || (c < ' ' && c != '\t') || c == '`' || c == '\u{7F}')
}

/// Go's `appendEscapedRune`.
fn append_escaped_rune(out: &mut String, c: char, quote: char, ascii_only: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    let printable = if ascii_only {
        c.is_ascii() && is_print(c)
    } else {
        is_print(c)
    };
    if printable {
        out.push(c);
        return;
    }
    let code = u32::from(c);
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ if code < 0x20 || code == 0x7f => {
            out.push_str("\\x");
            push_hex(out, code, 2);
        }
        _ if code < 0x10000 => {
            out.push_str("\\u");
            push_hex(out, code, 4);
        }
        _ => {
            out.push_str("\\U");
            push_hex(out, code, 8);
        }
    }
}

/// Appends the low `width` hex digits of `v` in lower case.
fn push_hex(out: &mut String, v: u32, width: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for i in (0..width).rev() {
        let nibble = (v >> (4 * i)) & 0xf;
        out.push(char::from(HEX[nibble as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(s: &[u8], ascii: bool) -> String {
        let mut out = String::new();
        append_quoted(&mut out, s, ascii);
        out
    }

    #[test]
    fn printable_classes() {
        assert!(is_print('é'));
        assert!(is_print('\u{FFFD}'));
        assert!(is_print('\u{301}')); // combining mark (Mn)
        assert!(!is_print('\u{A0}')); // no-break space (Zs)
        assert!(!is_print('\u{AD}')); // soft hyphen (Cf)
        assert!(!is_print('\u{2028}')); // line separator (Zl)
        assert!(!is_print('\u{7F}'));
        assert!(is_print(' '));
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(quote(b"a\"b\n", false), r#""a\"b\n""#);
        assert_eq!(quote("é\u{1}\u{7f}".as_bytes(), false), r#""é\x01\x7f""#);
        assert_eq!(
            quote("é☺\u{1F600}".as_bytes(), true),
            r#""\u00e9\u263a\U0001f600""#
        );
        assert_eq!(quote(b"\xffa\xe2\x82", false), r#""\xffa\xe2\x82""#);
        assert_eq!(
            quote("\u{2028}\u{AD}".as_bytes(), false),
            r#""\u2028\u00ad""#
        );
        let mut out = String::new();
        append_quoted_rune(&mut out, '\'', false);
        append_quoted_rune(&mut out, rune_of(0xD800), false);
        append_quoted_rune(&mut out, rune_of(u64::MAX), true);
        assert_eq!(out, r"'\'''�''\ufffd'");
    }

    #[test]
    fn backquote() {
        assert!(can_backquote(b"a\tb\"c"));
        assert!(!can_backquote(b"a`b"));
        assert!(!can_backquote(b"a\nb"));
        assert!(!can_backquote(b"\xff"));
        assert!(!can_backquote("\u{FEFF}".as_bytes()));
    }
}
