//! Helm and Sprig template functions, grouped by family.
//!
//! Each family is a module of pure Rust functions over [`crate::template::value::Value`];
//! the template engine's function registry wraps them.

pub mod encode;
