//! `helm-timeout-too-short` for the configuration: a chart's `charts[].timeout`
//! (the timeout the team deploys with) against the budget of its render.

use std::path::Path;

use crate::budget::{timeout_too_short, Budget};
use crate::config::{absolute, Config};
use crate::manifest::Provenance;
use crate::rules::Finding;

/// The finding at the `timeout:` value of the chart's configuration entry when it is
/// below `budget`; it names the slowest workload (message, object and a related
/// location at its template).
pub(super) fn check(config: &Config, chart: &Path, budget: &Budget) -> Option<Finding> {
    let timeout = config.chart_settings(chart)?.timeout.as_ref()?;
    // The configuration file lies outside the chart: its absolute path marks it so
    // (see `template_file`).
    let file = absolute(config.file.as_deref()?)
        .to_string_lossy()
        .into_owned();
    let short = timeout_too_short(budget, timeout.value.as_secs())?;
    let at = Provenance::point(file.clone(), timeout.line, timeout.column);
    Some(short.finding(file, Some(at)))
}
