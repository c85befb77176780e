//! `helm-force`: `--force` (Helm 4 `--force-replace`) and its GitOps/IaC equivalents.

use super::{deploys, force_flag, release_settings_on, where_, Cx, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::{HelmCommand, HelmMajor, SettingKind};

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-force",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        if !(deploys(inv) || inv.command == HelmCommand::Rollback) {
            continue;
        }
        let Some(f) = force_flag(inv) else { continue };
        let version = match inv.context.helm_version.major {
            HelmMajor::V4 => "On Helm 4 it is the deprecated alias of `--force-replace`, which fails on any release installed with server-side apply (the Helm 4 default).",
            HelmMajor::V3 | HelmMajor::V2 => "On Helm 3 this is a PUT of the whole object.",
            HelmMajor::Unknown => "On Helm 3 this is a PUT of the whole object; on Helm 4 `--force` is the deprecated alias of `--force-replace`, which fails on releases installed with server-side apply.",
        };
        out.push(Finding::at(
            RULE.id,
            RULE.severity,
            cx.file,
            f.span,
            format!(
                "`{}` on `{}`{} replaces objects instead of patching them: it fails on immutable fields (a Service's clusterIP, a PVC's spec) and resets fields the chart leaves out (an HPA-managed replica count drops to 1). {version} Drop it, or fix the object that needed it.",
                f.written,
                inv.describe(),
                where_(inv)
            ),
        ));
    }
    for (r, s) in release_settings_on(cx, SettingKind::Force) {
        let name = r
            .release
            .as_ref()
            .map_or(String::new(), |n| format!(" of release `{}`", n.value));
        out.push(Finding::at(
            RULE.id,
            RULE.severity,
            cx.file,
            s.span,
            format!(
                "`{}`{name} makes every upgrade replace objects instead of patching them (Helm `--force`): it fails on immutable fields and resets fields the chart leaves out; Helm 4 refuses it on server-side-apply releases.",
                s.key
            ),
        ));
    }
}
