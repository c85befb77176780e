//! `helm-timeout-too-short`: a `--timeout` below the chart's budget. Shared by the
//! config's `timeout:` and the `--timeout` of pipeline commands.

use super::duration::go_duration;
use super::Budget;
use crate::manifest::Provenance;
use crate::rules::{Finding, ObjectRef, Severity};

/// The rule id.
pub const RULE_ID: &str = "helm-timeout-too-short";

/// The rule, for the registry.
pub const RULE: crate::rules::registry::RuleInfo = crate::rules::registry::RuleInfo {
    id: RULE_ID,
    severity: Severity::Error,
};

/// A timeout below the budget, and what needs more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutShortfall {
    /// The timeout given, in seconds.
    pub timeout_seconds: u64,
    /// The minimum safe timeout, in seconds.
    pub minimum_seconds: u64,
    /// The slowest workload or hook (`Kind`, `name`).
    pub slowest: Option<ObjectRef>,
    /// The message of the finding: both durations, the slowest workload with its
    /// template location and its figure.
    pub message: String,
}

impl TimeoutShortfall {
    /// The finding at `location` (the config line or pipeline line that sets the
    /// timeout); `file` is what the finding's `template` field names (the file that
    /// holds that line).
    pub fn finding(&self, file: String, location: Option<Provenance>) -> Finding {
        Finding {
            rule: RULE_ID,
            severity: Severity::Error,
            message: self.message.clone(),
            template: file,
            location,
            object: self.slowest.clone(),
            related: Vec::new(),
        }
    }
}

/// Compares `timeout_seconds` with the budget: `None` when it is enough.
///
/// A timeout of 0 is always short when anything is awaited: Helm 3's wait fails at
/// once (Helm 4's watcher replaces it with 30 s).
pub fn timeout_too_short(budget: &Budget, timeout_seconds: u64) -> Option<TimeoutShortfall> {
    if timeout_seconds >= budget.minimum_seconds {
        return None;
    }
    let slowest = budget.slowest();
    let mut message = format!(
        "--timeout {} ({timeout_seconds} s) is below the {} ({} s) this chart needs",
        go_duration(timeout_seconds),
        go_duration(budget.minimum_seconds),
        budget.minimum_seconds
    );
    if let Some(w) = slowest {
        let at = w
            .location
            .as_ref()
            .map(|l| format!(" ({}:{}:{})", l.at.file, l.at.line, l.at.column))
            .unwrap_or_default();
        message.push_str(&format!(
            ": the slowest, {}{at}, needs {} s ({}), plus {} s buffer",
            w.label(),
            w.seconds,
            w.summary,
            budget.settings.buffer_seconds
        ));
    }
    if timeout_seconds == 0 {
        message.push_str("; a timeout of 0 fails Helm 3's wait at once (Helm 4 uses 30s)");
    }
    message.push_str("; run `helm-preflight budget --explain` for the arithmetic");
    Some(TimeoutShortfall {
        timeout_seconds,
        minimum_seconds: budget.minimum_seconds,
        slowest: slowest.map(|w| ObjectRef {
            kind: w.kind.clone(),
            name: w.name.clone(),
            namespace: None,
        }),
        message,
    })
}
