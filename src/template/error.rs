//! Go-style errors: a message plus an optional wrapped cause, so that Helm's
//! reformatting of `text/template` errors (which walks `errors.Unwrap`) can be
//! reproduced byte for byte.

use std::fmt;

/// Where in a template source an error happened (byte offsets into the file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorSpan {
    /// Index of the source file in the template set.
    pub file: u32,
    /// Start byte offset.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
}

/// A Go `error` value: `msg` is the whole `Error()` text, `cause` what
/// `errors.Unwrap` returns.
#[derive(Clone, Debug, PartialEq)]
pub struct GoError {
    /// The full `Error()` text (includes the text of the cause when wrapped with `%w`).
    pub msg: String,
    /// The wrapped error.
    pub cause: Option<Box<GoError>>,
    /// Whether this is a `template.ExecError`.
    pub exec: bool,
    /// The template span that raised it, when known.
    pub span: Option<ErrorSpan>,
}

impl GoError {
    /// A plain error (`errors.New`).
    pub fn new(msg: impl Into<String>) -> GoError {
        GoError {
            msg: msg.into(),
            cause: None,
            exec: false,
            span: None,
        }
    }

    /// `fmt.Errorf(prefix + "%w", cause)`: wraps `cause` with a prefix.
    pub fn wrap(prefix: &str, cause: GoError) -> GoError {
        GoError {
            msg: format!("{prefix}{}", cause.msg),
            span: cause.span,
            cause: Some(Box::new(cause)),
            exec: false,
        }
    }

    /// The innermost span recorded in the chain.
    pub fn innermost_span(&self) -> Option<ErrorSpan> {
        let mut best = self.span;
        let mut cur = self.cause.as_deref();
        while let Some(e) = cur {
            if e.span.is_some() {
                best = e.span;
            }
            cur = e.cause.as_deref();
        }
        best
    }
}

impl fmt::Display for GoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for GoError {}

impl From<String> for GoError {
    fn from(s: String) -> GoError {
        GoError::new(s)
    }
}

impl From<&str> for GoError {
    fn from(s: &str) -> GoError {
        GoError::new(s)
    }
}
