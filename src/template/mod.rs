//! A Go `text/template` engine with Helm's semantics.
//!
//! Lexing and parsing keep the byte span of every node; execution follows Go's
//! `exec.go` (typed values, `missingkey=zero`, Go's error texts); output keeps the
//! provenance of every byte (see [`trace`]).

pub mod error;
pub mod escape;
pub mod func;
pub mod gofmt;
pub mod trace;
pub mod value;
