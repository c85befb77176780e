//! helm-preflight: a static analyzer and preflight linter for Helm charts and the
//! CI/CD pipelines that deploy them.

pub mod budget;
pub mod chart;
pub mod cli;
pub mod config;
pub mod deploy;
pub mod discover;
pub mod funcs;
pub mod lint;
pub mod manifest;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod rules;
pub mod suppress;
pub mod template;
pub mod yaml;
