//! `helm-force`: `--force` (Helm 4 `--force-replace`) and its GitOps/IaC equivalents.

use super::{
    deploys, force_flag, of_release, release_settings_on, setting_ref, where_, Cx, RuleDef,
};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::{
    HelmCommand, HelmMajor, ReleaseSetting, ReleaseSystem, Setting, SettingKind,
};

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
        out.push(RULE.at(cx, f.span,
            format!(
                "`{}` on `{}`{} replaces objects instead of patching them: it fails on immutable fields (a Service's clusterIP, a PVC's spec) and resets fields the chart leaves out (an HPA-managed replica count drops to 1). {version} Drop it, or fix the object that needed it.",
                f.written,
                inv.describe(),
                where_(inv)
            ),
        ));
    }
    for (r, s) in release_settings_on(cx, SettingKind::Force) {
        out.push(RULE.at(cx, s.span, release_message(cx, r, s)));
    }
}

/// The message for a release setting, in the terms of its system.
fn release_message(cx: &Cx<'_>, r: &ReleaseSetting, s: &Setting) -> String {
    const REPLACE: &str = "it fails on immutable fields (a Service's clusterIP, a PVC's spec) and resets fields the chart leaves out (an HPA-managed replica count drops to 1)";
    let what = setting_ref(cx, r, s);
    let of = of_release(r);
    match r.system {
        ReleaseSystem::Helmfile => {
            let version = match r.helm_version.major {
                HelmMajor::V4 => "On Helm 4 helmfile passes `--force-replace`, which fails on any release installed with server-side apply (the Helm 4 default).",
                HelmMajor::V3 | HelmMajor::V2 => "On Helm 3 this is a PUT of the whole object.",
                HelmMajor::Unknown => "On Helm 3 this is a PUT of the whole object; on Helm 4 helmfile passes `--force-replace`, which fails on releases installed with server-side apply.",
            };
            format!("{what}{of} passes `--force` on every sync, so objects are replaced instead of patched: {REPLACE}. {version} Drop it.")
        }
        ReleaseSystem::Terraform => format!(
            "{what}{of} makes every apply replace objects instead of patching them (the provider's Helm 3 SDK, `--force`: a PUT of the whole object): {REPLACE}. Drop it."
        ),
        ReleaseSystem::Flux => {
            let ssa = r
                .get(&SettingKind::ServerSide)
                .map_or("auto", |s| s.value.as_str());
            let ignored = if ssa == "disabled" {
                String::new()
            } else {
                format!(" On helm-controller ≥ 1.5 (Helm 4 SDK) it is ignored while the upgrade applies server-side (`spec.upgrade.serverSideApply: {ssa}`), so it only takes effect on releases applied client-side.")
            };
            format!("{what}{of} makes upgrades replace objects instead of patching them (Helm `--force`): {REPLACE}.{ignored} Drop it.")
        }
        ReleaseSystem::ArgoCd => {
            let how = if s.key.contains("Force=") {
                "deletes and recreates every object that fails to apply (with `Replace=true`: every object), so Pods restart and data on deleted PVCs can be lost"
            } else {
                "makes every sync use `kubectl replace`/`create` instead of `apply` (like Helm 3 `--force`), which Argo CD's documentation warns can be destructive"
            };
            format!("{what}{of} {how}: {REPLACE}. Drop it, or limit it to the one resource that needs it with the `argocd.argoproj.io/sync-options` annotation.")
        }
    }
}
