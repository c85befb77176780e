//! `helm-reuse-values`: `--reuse-values` drops the defaults a new chart version adds.

use super::{flag_on, of_release, release_settings_on, setting_ref, where_, Cx, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::SettingKind;

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-reuse-values",
    severity: Severity::Note,
    check,
};

const WHY: &str = "reuses the previous release's values *and the old chart's defaults*, so defaults a new chart version adds are missing (nil-pointer template errors, helm/helm#3957). Prefer `--reset-then-reuse-values` (Helm 3.14+), or pass all values explicitly";

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        let Some(f) = flag_on(inv, &["reuse-values"]) else {
            continue;
        };
        out.push(RULE.at(
            cx,
            f.span,
            format!(
                "`--reuse-values` on `{}`{} {WHY}.",
                inv.describe(),
                where_(inv)
            ),
        ));
    }
    for (r, s) in release_settings_on(cx, SettingKind::ReuseValues) {
        out.push(RULE.at(
            cx,
            s.span,
            format!("{}{} {WHY}.", setting_ref(cx, r, s), of_release(r)),
        ));
    }
}
