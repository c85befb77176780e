//! Rendering a release: the render context, values, Helm's error texts, and (later)
//! whole charts.

pub mod chart;
pub mod command;
pub mod context;
pub mod errors;
pub mod eval;
pub mod manifests;
pub mod values;
