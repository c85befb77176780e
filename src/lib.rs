//! helm-preflight: a static analyzer and preflight linter for Helm charts and the
//! CI/CD pipelines that deploy them.

pub mod cli;
pub mod funcs;
pub mod template;
