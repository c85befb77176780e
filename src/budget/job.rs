//! Jobs (hooks, and with `--wait-for-jobs` every Job): the worst time to complete.
//!
//! `activeDeadlineSeconds`, when set, bounds the whole Job: the controller fails it at
//! that point. Without it, the run time of the work itself is unknown, so the estimate
//! counts what the model knows of a Job that succeeds: ⌈completions / parallelism⌉
//! successful pods one after another. Retries are failure handling: `backoffLimit`
//! failed pods (default 6), each followed by the controller's back-off delay (10 s,
//! doubling, capped at 6 minutes), give the worst case, which is reported beside the
//! estimate (a budget that counted every retry of every hook would ask 15 minutes of
//! any chart with a hook Job).

use super::fields::{count, waves_of, Fields};
use crate::yaml::Node;

/// The worst case of one Job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobEstimate {
    /// Pods that must succeed.
    pub pods: u64,
    /// Successful pod waits one after another.
    pub waves: u64,
    /// The time for the whole Job: `activeDeadlineSeconds`, or the pod waits of a Job
    /// that succeeds.
    pub seconds: u64,
    /// Without `activeDeadlineSeconds`: the time when every `backoffLimit` retry is
    /// needed, back-off delays included.
    pub with_retries: Option<u64>,
    /// How the figure comes about, in a few words.
    pub summary: String,
    /// The arithmetic, one step per line.
    pub explain: Vec<String>,
    /// Whether the figure is bounded by `activeDeadlineSeconds` (otherwise it is an
    /// estimate that leaves out the run time of the work).
    pub bounded: bool,
    /// `spec.suspend: true`: the Job does not run until resumed.
    pub suspended: bool,
}

/// The sum of the back-off delays before `retries` retries: retry n waits
/// 10 s × 2^(n-1), at most 360 s (10 + 20 + 40 + 80 + 160 + 320, then 360 each).
pub fn backoff_delays(retries: u64) -> u64 {
    let doubling: u64 = (1..=retries.min(6)).map(|n| 10u64 << (n - 1)).sum();
    doubling.saturating_add(retries.saturating_sub(6).saturating_mul(360))
}

/// Estimates a Job whose pods take at most `per_pod` seconds each.
pub fn job(spec: Option<&Node>, per_pod: u64, fields: &mut Fields) -> JobEstimate {
    let parallelism = fields.int(spec, "parallelism");
    let completions = fields.int(spec, "completions");
    let (pods, waves, shape) = match (completions, parallelism) {
        (Some(c), p) => {
            let p = p.unwrap_or(1);
            let w = if p == 0 { 0 } else { waves_of(c, p) };
            (
                c,
                w,
                format!(
                    "completions {c}, parallelism {p}: ⌈{c} / {p}⌉ = {}",
                    count(w, "wave")
                ),
            )
        }
        // A work queue: done when any pod succeeds.
        (None, Some(p)) => (
            p,
            p.min(1),
            format!(
                "parallelism {p} without completions (work queue): {}",
                count(p.min(1), "wave")
            ),
        ),
        (None, None) => (1, 1, "one pod: 1 wave".to_string()),
    };
    let suspended = spec
        .and_then(|s| s.get("suspend"))
        .and_then(Node::as_scalar)
        == Some("true");
    let mut explain = vec![shape];
    if let Some(deadline) = fields.int(spec, "activeDeadlineSeconds") {
        explain.push(format!(
            "activeDeadlineSeconds {deadline}: the Job is stopped by then: {deadline} s"
        ));
        return JobEstimate {
            pods,
            waves,
            seconds: deadline,
            with_retries: None,
            summary: format!("activeDeadlineSeconds {deadline}"),
            explain,
            bounded: true,
            suspended,
        };
    }
    let retries = fields.int(spec, "backoffLimit").unwrap_or(6);
    let delays = backoff_delays(retries);
    let seconds = waves.saturating_mul(per_pod);
    let worst = seconds
        .saturating_add(retries.saturating_mul(per_pod))
        .saturating_add(delays);
    explain.push(format!(
        "no activeDeadlineSeconds: {waves} × {per_pod} s = {seconds} s when the pods succeed \
         (the work's own run time is not known); if they fail, backoffLimit {retries} \
         {} × {per_pod} s + back-off delays {delays} s make it up to {worst} s",
        if retries == 1 { "retry" } else { "retries" }
    ));
    JobEstimate {
        pods,
        waves,
        seconds,
        with_retries: Some(worst),
        summary: format!(
            "{}, backoffLimit {retries}, no activeDeadlineSeconds",
            count(pods, "pod")
        ),
        explain,
        bounded: false,
        suspended,
    }
}
