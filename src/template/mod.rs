//! A Go `text/template` engine with Helm's semantics.
//!
//! Lexing and parsing keep the byte span of every node; execution follows Go's
//! `exec.go` (typed values, `missingkey=zero`, Go's error texts); output keeps the
//! provenance of every byte (see [`trace`]).

pub mod error;
pub mod func;
pub mod trace;
pub mod value;
pub mod ast;
pub mod golit;
pub mod lex;
pub mod parse;
