//! `helm-force-with-atomic`: `--force` together with `--atomic`/`--rollback-on-failure`.

use super::{
    atomic_flag, deploys, force_flag, of_release, release_settings_on, setting_ref, where_, Cx,
    RuleDef,
};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::SettingKind;

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-force-with-atomic",
    severity: Severity::Error,
    check,
};

const WHY: &str = "the automatic rollback repeats the forced replace (Helm 3 `rollin.Force`, Helm 4 `ForceReplace`), so a replace that failed on the way up (an immutable field) usually fails on the way back too and leaves the release `failed` or `pending-rollback`";

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in cx.extraction.invocations.iter().filter(|i| deploys(i)) {
        let (Some(force), Some(atomic)) = (force_flag(inv), atomic_flag(inv)) else {
            continue;
        };
        out.push(
            RULE.at(
                cx,
                force.span,
                format!(
                    "`{}` with `{}` on `{}`{}: {WHY}. Drop `{}`.",
                    force.written,
                    atomic.written,
                    inv.describe(),
                    where_(inv),
                    force.written
                ),
            )
            .with_related(
                cx.file,
                atomic.span,
                format!("`{}` is here", atomic.written),
            ),
        );
    }
    for (r, force) in release_settings_on(cx, SettingKind::Force) {
        let Some(atomic) = r.on(&SettingKind::Atomic) else {
            continue;
        };
        out.push(
            RULE.at(
                cx,
                force.span,
                format!(
                    "{} with {}{}: {WHY}. Drop `{}`.",
                    setting_ref(cx, r, force),
                    setting_ref(cx, r, atomic),
                    of_release(r),
                    force.key
                ),
            )
            .with_related(cx.file, atomic.span, format!("`{}` is here", atomic.key)),
        );
    }
}
