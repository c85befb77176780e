//! helm-preflight: a static analyzer and preflight linter for Helm charts and the
//! CI/CD pipelines that deploy them.

pub mod chart;
pub mod cli;
pub mod funcs;
pub mod lint;
pub mod manifest;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod rules;
pub mod template;
pub mod yaml;
