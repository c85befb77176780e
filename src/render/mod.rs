//! Rendering a release: the render context, Helm's error texts, and (later) whole charts.

pub mod context;
pub mod errors;
pub mod eval;
