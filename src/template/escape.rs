//! The escaping builtins of Go's `text/template`: `html`, `js` and `urlquery`
//! (`HTMLEscapeString`, `JSEscapeString`, `url.QueryEscape`), applied to
//! [`eval_args`] of their arguments.

use std::fmt::Write;

use super::gofmt::{is_print, sprint};
use super::value::Value;

/// Go's `evalArgs`: the text of the builtins' arguments. A single string argument
/// is used as is; otherwise the arguments are printed with `fmt.Sprint`, a nil or
/// missing argument counting as the string `<no value>` (so no spaces are added
/// around it).
pub fn eval_args(args: &[Value]) -> String {
    if let [Value::String(s)] = args {
        return s.as_str().to_string();
    }
    if !args.iter().any(Value::is_nil_or_invalid) {
        return sprint(args);
    }
    let printable: Vec<Value> = args
        .iter()
        .map(|a| {
            if a.is_nil_or_invalid() {
                Value::str("<no value>")
            } else {
                a.clone()
            }
        })
        .collect();
    sprint(&printable)
}

/// Go's `template.HTMLEscapeString`: escapes `' " & < >` as `&#39; &#34; &amp;
/// &lt; &gt;` and NUL as U+FFFD.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            0 => "\u{FFFD}",
            b'"' => "&#34;",
            b'\'' => "&#39;",
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(s.get(last..i).unwrap_or_default());
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(s.get(last..).unwrap_or_default());
    out
}

/// Go's `template.JSEscapeString`: backslash-escapes `\ ' "`, writes `< > & =`
/// and control characters as `\u00XX`, and non-printable non-ASCII characters as
/// `\uXXXX` (upper-case hex, at least four digits).
pub fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            _ if c < ' ' || (!c.is_ascii() && !is_print(c)) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    out
}

/// Go's `url.QueryEscape`: keeps `A-Z a-z 0-9 - _ . ~`, writes space as `+` and
/// every other byte as `%XX` (upper-case hex).
pub fn url_query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html() {
        assert_eq!(
            html_escape("a<b>&'\"\0c"),
            "a&lt;b&gt;&amp;&#39;&#34;\u{FFFD}c"
        );
        assert_eq!(html_escape("plain é"), "plain é");
    }

    #[test]
    fn js() {
        assert_eq!(
            js_escape("a\\'\"<>&=\n\u{1}é\u{2028}\u{AD}`"),
            "a\\\\\\'\\\"\\u003C\\u003E\\u0026\\u003D\\u000A\\u0001é\\u2028\\u00AD`"
        );
        assert_eq!(js_escape("\u{E0001}"), "\\uE0001");
    }

    #[test]
    fn urlquery() {
        assert_eq!(url_query_escape("a b&c/~é"), "a+b%26c%2F~%C3%A9");
    }

    #[test]
    fn args() {
        assert_eq!(eval_args(&[Value::str("x y")]), "x y");
        assert_eq!(
            eval_args(&[Value::int(1), Value::Nil, Value::int(2)]),
            "1<no value>2"
        );
        assert_eq!(eval_args(&[Value::int(1), Value::int(2)]), "1 2");
        assert_eq!(eval_args(&[Value::Nil]), "<no value>");
    }
}
