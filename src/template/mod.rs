//! A Go `text/template` engine with Helm's semantics.
//!
//! Lexing and parsing keep the byte span of every node; execution follows Go's
//! `exec.go` (typed values, `missingkey=zero`, Go's error texts); output keeps the
//! provenance of every byte (see [`trace`]).

pub mod ast;
pub mod builtins;
pub mod entries;
pub mod error;
pub mod escape;
pub mod eval;
pub mod exec;
pub mod files;
pub mod func;
pub mod glob;
pub mod gobytes;
pub mod gofmt;
pub mod golit;
pub mod goquote;
pub mod lex;
pub mod output;
pub mod parse;
pub mod set;
pub mod trace;
pub mod value;
