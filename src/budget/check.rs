//! `helm-timeout-too-short`: a `--timeout` below the chart's budget. Shared by the
//! config's `timeout:` and the `--timeout` of pipeline commands.

use super::duration::go_duration;
use super::Budget;
use crate::manifest::Provenance;
use crate::rules::{Finding, ObjectRef, Related, Severity};

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
    pub slowest: ObjectRef,
    /// Where the slowest workload or hook is in the templates.
    pub slowest_location: Option<Provenance>,
    /// The message of the finding: both durations, the slowest workload with its
    /// template location and its figure.
    pub message: String,
}

impl TimeoutShortfall {
    /// The finding at `location` (the config line or pipeline line that sets the
    /// timeout); `file` is what the finding's `template` field names (the file that
    /// holds that line). The slowest workload's template location is its related
    /// location.
    pub fn finding(&self, file: String, location: Option<Provenance>) -> Finding {
        Finding {
            rule: RULE_ID,
            severity: Severity::Error,
            message: self.message.clone(),
            template: file,
            location,
            object: Some(self.slowest.clone()),
            related: self
                .slowest_location
                .iter()
                .map(|l| Related {
                    message: self.slowest_label(),
                    location: l.clone(),
                })
                .collect(),
        }
    }

    /// What the related location at the slowest workload says: `the slowest,
    /// Deployment "web"`.
    pub fn slowest_label(&self) -> String {
        format!("the slowest, {} {:?}", self.slowest.kind, self.slowest.name)
    }
}

/// Compares `timeout_seconds` with the budget: `None` when it is enough, or when the
/// chart has nothing Helm waits for.
///
/// A timeout of 0 is always short when anything is awaited: Helm 3's wait fails at
/// once (Helm 4's watcher replaces it with 30 s).
pub fn timeout_too_short(budget: &Budget, timeout_seconds: u64) -> Option<TimeoutShortfall> {
    let subject = format!("--timeout {}", go_duration(timeout_seconds));
    shortfall(budget, timeout_seconds, &subject)
}

/// [`timeout_too_short`] with the timeout named by `subject` in the message (`--timeout
/// 2m0s`, or `Helm's default --timeout 5m0s` when none is given).
pub fn shortfall(budget: &Budget, timeout_seconds: u64, subject: &str) -> Option<TimeoutShortfall> {
    let slowest = budget.slowest()?;
    if timeout_seconds >= budget.minimum_seconds {
        return None;
    }
    let at = slowest
        .location
        .as_ref()
        .map(|l| format!(" ({}:{}:{})", l.at.file, l.at.line, l.at.column))
        .unwrap_or_default();
    let mut message = format!(
        "{subject} ({timeout_seconds} s) is below the {} ({} s) this chart needs: the slowest, \
         {}{at}, needs {} s ({}), plus {} s buffer",
        go_duration(budget.minimum_seconds),
        budget.minimum_seconds,
        slowest.label(),
        slowest.seconds,
        slowest.summary,
        budget.settings.buffer_seconds
    );
    if timeout_seconds == 0 {
        message.push_str("; a timeout of 0 fails Helm 3's wait at once (Helm 4 uses 30s)");
    }
    message.push_str("; run `helm-preflight budget --explain` for the arithmetic");
    Some(TimeoutShortfall {
        timeout_seconds,
        minimum_seconds: budget.minimum_seconds,
        slowest: ObjectRef {
            kind: slowest.kind.clone(),
            name: slowest.name.clone(),
            namespace: None,
        },
        slowest_location: slowest.location.clone(),
        message,
    })
}
