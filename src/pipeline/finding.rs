//! A pipeline finding: rule, severity, message and an exact file location.

use std::path::PathBuf;

pub use crate::rules::Severity;

use super::source::{SourceFile, Span};

/// A file range as `line:column` to `end_line:end_column` (1-based, columns in
/// characters, end exclusive).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// Start line.
    pub line: u32,
    /// Start column.
    pub column: u32,
    /// End line.
    pub end_line: u32,
    /// End column (exclusive).
    pub end_column: u32,
}

impl Location {
    /// The location of a span of `file`.
    pub fn of(file: &SourceFile, span: Span) -> Location {
        let s = file.position(span.start);
        let e = file.position(span.end.max(span.start));
        Location {
            path: file.path.clone(),
            line: s.line,
            column: s.column,
            end_line: e.line,
            end_column: e.column,
        }
    }
}

/// A secondary location that explains a finding (the `--atomic` that makes
/// `--force` dangerous, the `timeout-minutes` that kills Helm).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Related {
    /// Where.
    pub location: Location,
    /// What is there.
    pub message: String,
}

/// One problem found in a pipeline file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Rule id (`helm-force`).
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong and what it means for the deploy.
    pub message: String,
    /// The primary location.
    pub location: Location,
    /// Secondary locations.
    pub related: Vec<Related>,
}

impl Finding {
    /// A finding at a span of `file`.
    pub fn at(
        rule: &'static str,
        severity: Severity,
        file: &SourceFile,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            message: message.into(),
            location: Location::of(file, span),
            related: Vec::new(),
        }
    }

    /// Adds a related location.
    pub fn with_related(
        mut self,
        file: &SourceFile,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        self.related.push(Related {
            location: Location::of(file, span),
            message: message.into(),
        });
        self
    }
}
