//! Chart-level inputs: how user-supplied values reach a chart.
//!
//! [`strvals`] ports Helm's `--set` family parsers (`pkg/strvals`) and the
//! user-values merge order of `pkg/cli/values/options.go`.

pub mod strvals;
