//! The error type of the YAML layer.

use std::fmt;

/// A YAML error with its location.
///
/// `message` follows the text Helm (go-yaml v2 through `sigs.k8s.io/yaml`) prints
/// where that is practical, e.g. `yaml: line 3: did not find expected key` or
/// `error converting YAML to JSON: json: unsupported value: +Inf`. Syntax problems
/// are detected by a different parser than libyaml, so their wording and the line in
/// the text may differ from Helm's; `line`, `col` and `offset` always point at the
/// real place in the source (for semantic errors: the node at fault).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// The message.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    /// Byte offset in the source.
    pub offset: usize,
}

impl YamlError {
    /// An error at a node or source position.
    pub fn new(message: impl Into<String>, line: u32, col: u32, offset: usize) -> YamlError {
        YamlError {
            message: message.into(),
            line,
            col,
            offset,
        }
    }

    /// The same error with `prefix` put before its message (Go's
    /// `fmt.Errorf(prefix + "%w", err)`).
    pub fn wrap(mut self, prefix: &str) -> YamlError {
        self.message.insert_str(0, prefix);
        self
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}
