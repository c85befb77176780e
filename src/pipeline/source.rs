//! A pipeline file read into memory, with a line index for `line:col` positions.

use std::path::{Path, PathBuf};

pub use crate::yaml::Span;

/// A 1-based `line:column` position; the column counts Unicode characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// A file's text and the byte offset of each line start.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Where the file was read from (as given, for messages and reports).
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    /// Byte offset of the start of every line (`line_starts[0] == 0`).
    line_starts: Vec<usize>,
    /// Where the file stopped being valid UTF-8, when it did (the text reads each
    /// invalid sequence as U+FFFD from there on).
    pub invalid_utf8: Option<usize>,
}

impl SourceFile {
    /// A source from a path and its text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            invalid_utf8: None,
        }
    }

    /// Reads a file; bytes that are not UTF-8 are read as U+FFFD and the first one is
    /// remembered (a pipeline file in another encoding is still linted, and says so).
    pub fn read(path: &Path) -> std::io::Result<SourceFile> {
        let bytes = std::fs::read(path)?;
        Ok(match String::from_utf8(bytes) {
            Ok(text) => SourceFile::new(path, text),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                SourceFile {
                    invalid_utf8: Some(at),
                    ..SourceFile::new(path, text)
                }
            }
        })
    }

    /// The `line:column` of byte `offset` (clamped to the text; an offset inside a
    /// multi-byte character counts as that character).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text.as_bytes()[start..offset]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// Byte offset of the start of 1-based `line` (the text length past the end).
    pub fn line_start(&self, line: u32) -> usize {
        let i = (line as usize).saturating_sub(1);
        self.line_starts.get(i).copied().unwrap_or(self.text.len())
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let start = self.line_start(line);
        let end = self.line_start(line + 1).max(start);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The source text of a span (empty if out of range).
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines() {
        let f = SourceFile::new("x", "ab\nµc\n");
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        assert_eq!(f.position(3), Position { line: 2, column: 1 });
        assert_eq!(f.position(5), Position { line: 2, column: 2 });
        assert_eq!(f.position(7), Position { line: 3, column: 1 });
        assert_eq!(f.line_text(2), "µc");
        assert_eq!(f.line_start(9), 7);
    }
}
