//! `ci-timeout-shorter-than-helm`: a job/step kill timer shorter than Helm's worst case.

use super::{atomic_flag, is_dry_run, wait_flag, where_, Cx, Deployer, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::helm::{format_secs, parse_timeout, DEFAULT_TIMEOUT_SECS};
use crate::pipeline::model::HelmCommand;

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "ci-timeout-shorter-than-helm",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        if inv.command == HelmCommand::Template || is_dry_run(inv) {
            continue;
        }
        let atomic = atomic_flag(inv).is_some();
        if wait_flag(inv).is_none() && !atomic {
            continue;
        }
        let timeout_flag = inv.flag("timeout");
        let timeout = match timeout_flag.and_then(|f| f.value.as_ref()) {
            Some(v) if v.known => match parse_timeout(&v.text) {
                Ok(t) if t > 0.0 => t,
                _ => continue,
            },
            Some(_) => continue,
            None => DEFAULT_TIMEOUT_SECS,
        };
        let phases = cx
            .budget
            .and_then(|b| b(Deployer::Command(inv)))
            .map_or(1, |b| b.budget.phases.max(1));
        let worst = timeout * phases as f64 * if atomic { 2.0 } else { 1.0 };
        for timer in &inv.context.kill_timers {
            if (timer.seconds as f64) >= worst {
                continue;
            }
            let rollback = if atomic {
                ", doubled for the automatic rollback"
            } else {
                ""
            };
            let hooks = if phases > 1 {
                format!(" × {phases} phases (wait and hooks)")
            } else {
                String::new()
            };
            let mut f = RULE.at(cx, timer.span.unwrap_or(inv.head_span),
                format!(
                    "`{}` kills `{}`{} after {} but Helm may legitimately run for {} (`--timeout` {}{hooks}{rollback}): a killed Helm leaves the release `pending-upgrade`, and the next deploy fails with `another operation (install/upgrade/rollback) is in progress`. Raise the CI limit or lower `--timeout`.",
                    timer.what,
                    inv.describe(),
                    where_(inv),
                    format_secs(timer.seconds as f64),
                    format_secs(worst),
                    format_secs(timeout),
                ),
            );
            if timer.span.is_some() {
                f = f.with_related(cx.file, inv.head_span, "the Helm command");
            }
            if let Some(t) = timeout_flag {
                f = f.with_related(cx.file, t.span, "`--timeout` is here");
            }
            out.push(f);
        }
    }
}
