//! `helm-wait-for-jobs-without-wait`: `--wait-for-jobs` has no effect without `--wait`.

use super::{atomic_flag, flag_on, of_release, setting_ref, wait_flag, where_, Cx, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::SettingKind;

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-wait-for-jobs-without-wait",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        let Some(f) = flag_on(inv, &["wait-for-jobs"]) else {
            continue;
        };
        if wait_flag(inv).is_some() || atomic_flag(inv).is_some() || inv.opaque_args {
            continue;
        }
        out.push(RULE.at(cx, f.span,
            format!(
                "`--wait-for-jobs` on `{}`{} without `--wait`: Helm 3 only checks Jobs while waiting, and Helm 4 ignores it under the default `hookOnly` strategy, so Jobs are not awaited. Add `--wait`.",
                inv.describe(),
                where_(inv)
            ),
        ));
    }
    for r in &cx.extraction.releases {
        let Some(s) = r.on(&SettingKind::WaitForJobs) else {
            continue;
        };
        if r.waits() || r.on(&SettingKind::Atomic).is_some() {
            continue;
        }
        out.push(RULE.at(cx, s.span,
            format!(
                "{}{} without waiting: Helm only checks Jobs while it waits for resources, so Jobs are not awaited. Turn the wait on.",
                setting_ref(cx, r, s),
                of_release(r)
            ),
        ));
    }
}
