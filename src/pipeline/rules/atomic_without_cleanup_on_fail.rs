//! `helm-atomic-without-cleanup-on-fail`: an atomic upgrade that leaves what it
//! created behind.

use super::{
    atomic_flag, flag_on, is_dry_run, of_release, release_settings_on, setting_ref, where_, Cx,
    RuleDef,
};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::{HelmCommand, ReleaseSystem, SettingKind};

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-atomic-without-cleanup-on-fail",
    severity: Severity::Note,
    check,
};

const WHY: &str = "the rollback of a failed upgrade keeps the objects that upgrade created (new Services, Jobs, PVCs), and the next attempt can fail on them. Add `--cleanup-on-fail`";

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        if inv.command != HelmCommand::Upgrade || is_dry_run(inv) || inv.opaque_args {
            continue;
        }
        let Some(a) = atomic_flag(inv) else { continue };
        if flag_on(inv, &["cleanup-on-fail"]).is_some() {
            continue;
        }
        out.push(RULE.at(
            cx,
            a.span,
            format!(
                "`{}` without `--cleanup-on-fail` on `{}`{}: {WHY}.",
                a.written,
                inv.describe(),
                where_(inv)
            ),
        ));
    }
    for (r, a) in release_settings_on(cx, SettingKind::Atomic) {
        if r.on(&SettingKind::CleanupOnFail).is_some() {
            continue;
        }
        let fix = match r.system {
            ReleaseSystem::Terraform => "`cleanup_on_fail = true`",
            _ => "`cleanupOnFail: true`",
        };
        let mut f = RULE.at(
            cx,
            a.span,
            format!(
                "{}{} without cleanup on failure: {WHY} ({fix}).",
                setting_ref(cx, r, a),
                of_release(r)
            ),
        );
        if let Some(c) = r.get(&SettingKind::CleanupOnFail) {
            f = f.with_related(cx.file, c.span, format!("`{}` is off here", c.key));
        }
        out.push(f);
    }
}
