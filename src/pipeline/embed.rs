//! Embedded text (a shell script inside a YAML scalar, a Makefile recipe, a Groovy
//! string) with a source map from every byte of the text back to the file.
//!
//! Extractors build an [`EmbeddedText`] from what the file holds, hand its `text` to
//! the shell parser, and turn any offset of that text back into a file offset with
//! [`EmbeddedText::file_offset`]. The map is exact for every YAML scalar style:
//!
//! * plain and `>` folded scalars: a line break folded into a space maps to the line
//!   break in the file; indentation is skipped;
//! * `|` literal scalars: each text line maps to its file line after the indentation;
//! * `'single'`: `''` maps to its first quote; `"double"`: an escape (`\n`, `\"`,
//!   `\x41`, `\u00e9`) maps to its backslash, an escaped line break disappears.
//!
//! Several pieces can be joined ([`EmbeddedText::push_piece`]), e.g. the items of a
//! GitLab `script:` list, which the runner runs as one script.

use crate::yaml::{Node, Style};

use super::source::{SourceFile, Span};

/// Text taken from a file, with the file offset of each of its bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbeddedText {
    /// The text as the program that runs it sees it.
    pub text: String,
    /// `offsets[i]` is the file byte offset of text byte `i`; one extra entry at the
    /// end maps the end of the text.
    offsets: Vec<usize>,
}

impl EmbeddedText {
    /// An empty text.
    pub fn new() -> EmbeddedText {
        EmbeddedText::default()
    }

    /// A text that is a verbatim slice of the file starting at `file_start`.
    pub fn verbatim(text: &str, file_start: usize) -> EmbeddedText {
        let mut e = EmbeddedText::new();
        e.push_verbatim(text, file_start);
        e
    }

    /// The text of a YAML scalar node, mapped back into `file` (see the module docs).
    /// Non-scalar nodes give an empty text.
    pub fn from_yaml_scalar(file: &SourceFile, node: &Node) -> EmbeddedText {
        let mut e = EmbeddedText::new();
        e.push_yaml_scalar(file, node);
        e
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The file offset of text offset `at` (clamped to the end of the text).
    pub fn file_offset(&self, at: usize) -> usize {
        match self.offsets.get(at) {
            Some(&o) => o,
            None => self.offsets.last().copied().unwrap_or(0),
        }
    }

    /// The file span of a text span. The end maps to just after the last byte of
    /// the range, so a range ending at a line end stays on its line.
    pub fn file_span(&self, start: usize, end: usize) -> Span {
        let s = self.file_offset(start);
        let e = if end > start {
            self.file_offset(end - 1) + 1
        } else {
            s
        };
        Span {
            start: s,
            end: e.max(s),
        }
    }

    /// Appends text whose bytes sit verbatim at `file_start..` in the file.
    pub fn push_verbatim(&mut self, text: &str, file_start: usize) {
        self.pop_end();
        self.text.push_str(text);
        self.offsets.extend(file_start..file_start + text.len());
        self.offsets.push(file_start + text.len());
    }

    /// Appends a separator that is not in the file (a joining line break), mapped to
    /// `file_at`.
    pub fn push_synthetic(&mut self, text: &str, file_at: usize) {
        self.pop_end();
        self.text.push_str(text);
        self.offsets
            .extend(std::iter::repeat_n(file_at, text.len()));
        self.offsets.push(file_at);
    }

    /// Appends another piece, followed by a line break when `self` is not empty (the
    /// line break maps to the end of the previous piece).
    pub fn push_piece(&mut self, piece: &EmbeddedText) {
        if !self.text.is_empty() {
            let at = self.file_offset(self.text.len());
            self.push_synthetic("\n", at);
        }
        self.pop_end();
        self.text.push_str(&piece.text);
        self.offsets.extend_from_slice(&piece.offsets);
        if piece.offsets.is_empty() {
            self.offsets.push(0);
        }
    }

    /// Appends the text of a YAML scalar node.
    pub fn push_yaml_scalar(&mut self, file: &SourceFile, node: &Node) {
        let Some(value) = node.as_scalar() else {
            return;
        };
        let raw = file.slice(node.span);
        let (body, body_start, style) = match node.style {
            Style::Literal | Style::Folded => {
                // The content starts on the line after the `|`/`>` header.
                let nl = raw.find('\n').map_or(raw.len(), |i| i + 1);
                (&raw[nl..], node.span.start + nl, node.style)
            }
            Style::SingleQuoted | Style::DoubleQuoted if raw.len() >= 2 => {
                (&raw[1..raw.len() - 1], node.span.start + 1, node.style)
            }
            _ => (raw, node.span.start, Style::Plain),
        };
        let mut piece = EmbeddedText::new();
        align(value, body, body_start, style, &mut piece);
        self.pop_end();
        self.text.push_str(&piece.text);
        self.offsets.extend_from_slice(&piece.offsets);
    }

    fn pop_end(&mut self) {
        if self.offsets.len() > self.text.len() {
            self.offsets.truncate(self.text.len());
        }
    }
}

/// Maps each byte of the decoded scalar `value` to the raw `body` (which starts at
/// file offset `base`), walking both together: equal characters map to each other,
/// folded line breaks and skipped indentation are stepped over, and escapes map to
/// their backslash.
fn align(value: &str, body: &str, base: usize, style: Style, out: &mut EmbeddedText) {
    let raw = body.as_bytes();
    let mut r = 0usize;
    let mut last = base;
    for ch in value.chars() {
        let mut at = None;
        while r < raw.len() {
            let b = raw[r];
            if style == Style::DoubleQuoted && b == b'\\' {
                let len = escape_len(&raw[r..]);
                if matches!(raw.get(r + 1), Some(b'\n' | b'\r')) {
                    // An escaped line break: no text; skip it and the next indentation.
                    r += len;
                    continue;
                }
                at = Some(r);
                r += len;
                break;
            }
            if style == Style::SingleQuoted && ch == '\'' && raw[r..].starts_with(b"''") {
                at = Some(r);
                r += 2;
                break;
            }
            if body[r..].starts_with(ch) {
                at = Some(r);
                r += ch.len_utf8();
                break;
            }
            if b == b'\n' && (ch == ' ' || ch == '\n') {
                // A line break folded into a space (or kept): map to the file's line break.
                at = Some(r);
                r += 1;
                break;
            }
            // Indentation, trailing blanks, blank lines folded away, `\r`.
            r += if b < 0x80 {
                1
            } else {
                body[r..].chars().next().map_or(1, char::len_utf8)
            };
        }
        let off = at.map_or(last, |a| base + a);
        last = off;
        let mut buf = [0u8; 4];
        out.push_char_at(ch.encode_utf8(&mut buf), off);
    }
    let end = if r > 0 { base + r } else { base };
    out.offsets.push(end.max(last));
}

impl EmbeddedText {
    fn push_char_at(&mut self, s: &str, off: usize) {
        self.pop_end();
        self.text.push_str(s);
        for i in 0..s.len() {
            self.offsets.push(off + i);
        }
    }
}

/// Length of the escape sequence at the start of `raw` (which starts with `\`),
/// including an escaped line break and the indentation after it.
fn escape_len(raw: &[u8]) -> usize {
    match raw.get(1) {
        Some(b'x') => 4,
        Some(b'u') => 6,
        Some(b'U') => 10,
        Some(b'\r' | b'\n') => {
            let mut i = 2;
            if raw.get(1) == Some(&b'\r') && raw.get(2) == Some(&b'\n') {
                i = 3;
            }
            while matches!(raw.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            i
        }
        Some(_) => 2,
        None => 1,
    }
    .min(raw.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_documents;

    /// The `(line, col)` in the file of the first occurrence of `needle` in the text.
    fn pos_of(file: &SourceFile, e: &EmbeddedText, needle: &str) -> (u32, u32) {
        let at = e.text.find(needle).expect("needle in text");
        let p = file.position(e.file_offset(at));
        (p.line, p.column)
    }

    fn scalar_of(src: &str, key: &str) -> (SourceFile, EmbeddedText) {
        let file = SourceFile::new("t.yml", src);
        let docs = parse_documents(src).expect("yaml");
        let root = docs[0].root.as_ref().expect("root");
        let node = root.get(key).expect("key");
        let e = EmbeddedText::from_yaml_scalar(&file, node);
        (file, e)
    }

    #[test]
    fn literal_block_maps_each_line_after_indentation() {
        let src = "run: |\n  echo hi\n    helm upgrade --wait\n\n  done\n";
        let (f, e) = scalar_of(src, "run");
        assert_eq!(e.text, "echo hi\n  helm upgrade --wait\n\ndone\n");
        assert_eq!(pos_of(&f, &e, "helm"), (3, 5));
        assert_eq!(pos_of(&f, &e, "--wait"), (3, 18));
        assert_eq!(pos_of(&f, &e, "done"), (5, 3));
    }

    #[test]
    fn folded_block_maps_folded_spaces_to_line_breaks() {
        let src = "run: >\n  helm upgrade r c\n  --force\n\n  --atomic\n";
        let (f, e) = scalar_of(src, "run");
        assert_eq!(e.text, "helm upgrade r c --force\n--atomic\n");
        assert_eq!(pos_of(&f, &e, "--force"), (3, 3));
        assert_eq!(pos_of(&f, &e, "--atomic"), (5, 3));
        let space = e.text.find(" --force").unwrap();
        assert_eq!(f.position(e.file_offset(space)).line, 2);
    }

    #[test]
    fn quoted_scalars_map_escapes_to_their_backslash() {
        let src = "a: \"x\\ty \\\"q\\\" --timeout 5m\"\nb: 'it''s --force'\nc: plain\n  --wait\n";
        let (f, e) = scalar_of(src, "a");
        assert_eq!(e.text, "x\ty \"q\" --timeout 5m");
        assert_eq!(pos_of(&f, &e, "\t"), (1, 6));
        assert_eq!(pos_of(&f, &e, "--timeout"), (1, 16));
        let (f, e) = scalar_of(src, "b");
        assert_eq!(e.text, "it's --force");
        assert_eq!(pos_of(&f, &e, "--force"), (2, 11));
        let (f, e) = scalar_of(src, "c");
        assert_eq!(e.text, "plain --wait");
        assert_eq!(pos_of(&f, &e, "--wait"), (4, 3));
    }

    #[test]
    fn double_quoted_escaped_line_break_joins_lines() {
        let src = "a: \"helm upgrade \\\n    --wait\"\n";
        let (f, e) = scalar_of(src, "a");
        assert_eq!(e.text, "helm upgrade --wait");
        assert_eq!(pos_of(&f, &e, "--wait"), (2, 5));
    }

    #[test]
    fn pieces_join_with_a_line_break() {
        let src = "s:\n  - helm a\n  - |\n    helm b\n";
        let file = SourceFile::new("t", src);
        let docs = parse_documents(src).unwrap();
        let items = docs[0].root.as_ref().unwrap().get("s").unwrap();
        let mut all = EmbeddedText::new();
        for it in items.as_sequence().unwrap() {
            all.push_piece(&EmbeddedText::from_yaml_scalar(&file, it));
        }
        assert_eq!(all.text, "helm a\nhelm b\n");
        assert_eq!(pos_of(&file, &all, "helm b"), (4, 5));
        assert_eq!(file.position(all.file_offset(6)).line, 2);
        let sp = all.file_span(7, 11);
        assert_eq!(file.slice(sp), "helm");
    }
}
