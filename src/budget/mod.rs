//! The minimum safe `helm --timeout` for a rendered chart, and the arithmetic behind it.
//!
//! Helm's `--timeout` is one budget per phase: every workload of the release must become
//! ready within it (they roll out in parallel), and every pre-/post- hook runs against its
//! own full budget. The model, per layer:
//!
//! - [`pod`]: the worst time for one pod to become ready (image pull, startup and
//!   readiness probes at their failure thresholds, `minReadySeconds`);
//! - [`workload`] and [`job`]: how many of those waits happen one after another for each
//!   kind (rolling-update waves, ordered StatefulSet pods, DaemonSet batches, Job retries);
//! - [`release`]: the slowest workload or hook plus a buffer, the rule of thumb, and the
//!   notes that change the advice.
//!
//! [`check::timeout_too_short`] compares a timeout (from the config, or from a pipeline's
//! `helm upgrade --timeout`) with the result; [`format`] prints it.

pub mod check;
pub mod command;
pub mod duration;
pub mod explain;
pub mod fields;
pub mod format;
pub mod job;
pub mod pod;
pub mod release;
pub mod workload;

use std::path::Path;

use crate::manifest::Provenance;
use crate::template::value::Entries;

pub use check::{timeout_too_short, TimeoutShortfall};
pub use release::compute;

/// The knobs of the model (`.helm-preflight.yaml` `budget:`, or the `budget` flags).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BudgetSettings {
    /// Seconds allowed for pulling a pod's images.
    pub image_pull_seconds: u64,
    /// Nodes a DaemonSet runs on.
    pub nodes: u64,
    /// Seconds added on top of the slowest workload or hook.
    pub buffer_seconds: u64,
    /// Whether Helm runs with `--wait-for-jobs` (non-hook Jobs are then awaited).
    pub wait_for_jobs: bool,
}

impl Default for BudgetSettings {
    fn default() -> Self {
        BudgetSettings {
            image_pull_seconds: 30,
            nodes: 3,
            buffer_seconds: 60,
            wait_for_jobs: false,
        }
    }
}

/// One thing Helm waits for (a workload, or a hook Job or Pod), with its worst case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wait {
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// The rendered template the object came from.
    pub template: String,
    /// Where the object starts in the templates (its `kind:` key).
    pub location: Option<Provenance>,
    /// Pods it rolls out.
    pub pods: u64,
    /// Waits for a pod that happen one after another.
    pub waves: u64,
    /// The worst time for one pod to become ready.
    pub per_pod_seconds: u64,
    /// The worst time for the whole object.
    pub seconds: u64,
    /// How the figure comes about, in a few words (`10 pods, 2 waves × 55 s`).
    pub summary: String,
    /// The arithmetic, one step per line (shown by `--explain`).
    pub explain: Vec<String>,
}

impl Wait {
    /// `Kind "name"`.
    pub fn label(&self) -> String {
        format!("{} {:?}", self.kind, self.name)
    }
}

/// A hook Helm waits for, with the events it runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HookWait {
    /// The Job or Pod and its worst case.
    pub wait: Wait,
    /// The `helm.sh/hook` events (`pre-install`, `post-upgrade`, ...).
    pub events: Vec<String>,
    /// Whether it runs during install, upgrade or rollback (and so counts for `--timeout`
    /// of those commands); test and delete hooks run under other commands.
    pub counted: bool,
}

/// Something that changes the advice: a deadline shorter than the budget, a lower bound,
/// a field Kubernetes would reject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// `Kind "name"` of the object, when the note is about one.
    pub object: Option<String>,
    /// The rendered template of the object.
    pub template: String,
    /// Where the object (or field) is in the templates.
    pub location: Option<Provenance>,
    /// The note.
    pub message: String,
}

/// The budget of a rendered chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    /// The settings used.
    pub settings: BudgetSettings,
    /// Workloads Helm's `--wait` waits for, in manifest order.
    pub workloads: Vec<Wait>,
    /// Hook Jobs and Pods, in manifest order.
    pub hooks: Vec<HookWait>,
    /// Notes that change the advice.
    pub notes: Vec<Note>,
    /// The minimum safe `--timeout` in seconds: the slowest workload or counted hook, plus
    /// the buffer.
    pub minimum_seconds: u64,
    /// pods × readiness worst case, summed over long-running workloads, plus the buffer.
    pub rule_of_thumb_seconds: u64,
    /// The terms of the rule of thumb (`6 × 25 s + 60 s buffer`).
    pub rule_of_thumb_explain: String,
    /// The most phases one command runs, each with its own full `--timeout`: pre hooks,
    /// the wait for the workloads, post hooks (install or upgrade, whichever has more).
    pub phases: u64,
}

impl Budget {
    /// The longest one command can take with `timeout_seconds` when every phase uses its
    /// whole budget: phases × timeout (a CI job's kill timer must allow for it).
    pub fn worst_case_seconds(&self, timeout_seconds: u64) -> u64 {
        self.phases.saturating_mul(timeout_seconds)
    }

    /// The budget of a command that does not wait for workloads (no `--wait`): Helm
    /// still waits for its hooks, each against the full `--timeout`, so only the
    /// counted hooks (plus the buffer) set the minimum.
    pub fn hooks_only(&self) -> Budget {
        let slowest_hook = self
            .hooks
            .iter()
            .filter(|h| h.counted)
            .map(|h| h.wait.seconds)
            .max();
        Budget {
            workloads: Vec::new(),
            minimum_seconds: slowest_hook
                .unwrap_or(0)
                .saturating_add(self.settings.buffer_seconds),
            ..self.clone()
        }
    }

    /// The workload or counted hook that sets the minimum (the first of equals).
    pub fn slowest(&self) -> Option<&Wait> {
        self.workloads
            .iter()
            .chain(self.hooks.iter().filter(|h| h.counted).map(|h| &h.wait))
            .fold(None, |best: Option<&Wait>, w| match best {
                Some(b) if b.seconds >= w.seconds => Some(b),
                _ => Some(w),
            })
    }
}

/// Loads and renders a chart with `user` values, and computes its budget.
pub fn budget_chart(
    path: &Path,
    user: &Entries,
    settings: &BudgetSettings,
) -> Result<Budget, String> {
    use crate::render::chart::{render_chart, RenderOptions};
    let chart = crate::chart::load_error::load_installable(path)?;
    let rendered = render_chart(
        &chart,
        user,
        &RenderOptions::default(),
        crate::render::command::version_in_range,
    )
    .map_err(|e| crate::chart::load_error::render_error_text(path, &chart, e.message))?;
    let docs = crate::manifest::documents(&rendered);
    Ok(compute(&rendered, &docs, settings))
}

#[cfg(test)]
mod tests;
