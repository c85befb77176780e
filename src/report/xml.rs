//! What the XML formats share: escaping and grouping findings by file.

use super::model::{ReportFinding, Suppression};

/// A finding and, when it was suppressed, its suppression.
pub type Entry<'a> = (&'a ReportFinding, Option<&'a Suppression>);

/// Escapes text for an XML attribute value (line breaks and tabs kept as references).
pub fn attr(s: &str) -> String {
    escape(s, true)
}

/// Escapes XML element text.
pub fn text(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&apos;"),
            '\n' | '\r' | '\t' if in_attribute => out.push_str(&format!("&#{};", c as u32)),
            '\n' | '\r' | '\t' => out.push(c),
            // Not allowed in XML 1.0 at all, not even as references.
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Entries grouped by the file of their location, files in order of first appearance.
pub fn by_file<'a>(entries: impl IntoIterator<Item = Entry<'a>>) -> Vec<(&'a str, Vec<Entry<'a>>)> {
    let mut out: Vec<(&str, Vec<Entry<'a>>)> = Vec::new();
    for e in entries {
        let path = e.0.location.path.as_str();
        match out.iter_mut().find(|(p, _)| *p == path) {
            Some((_, group)) => group.push(e),
            None => out.push((path, vec![e])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            attr("a<b & \"c\" 'd'\n\te>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&#10;&#9;e&gt;\u{FFFD}"
        );
        assert_eq!(text("x < y\n\"z\""), "x &lt; y\n\"z\"");
    }
}
