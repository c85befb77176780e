//! `helm-removed-flag`: flags Helm 4 removed (`--recreate-pods`), flags the Helm in
//! use does not have, and `install --atomic` on Helm 4.0–4.1.1.

use super::{of_release, release_settings_on, setting_ref, where_, Cx, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::helm::flags::{lookup_long, H3, H4};
use crate::pipeline::model::{HelmCommand, HelmMajor, ReleaseSystem, SettingKind};

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-removed-flag",
    severity: Severity::Error,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        let v = &inv.context.helm_version;
        for f in &inv.flags {
            let in3 = lookup_long(&f.name, inv.command, H3).is_some_and(|(_, ok)| ok);
            let in4 = lookup_long(&f.name, inv.command, H4).is_some_and(|(_, ok)| ok);
            let message = if f.name == "recreate-pods" && v.maybe_v4() {
                let when = if v.is_v4() {
                    "fails on this Helm 4"
                } else {
                    "fails on Helm 4"
                };
                format!("`--recreate-pods` on `{}`{} {when}: the flag was removed (`Error: unknown flag: --recreate-pods`); on Helm 3 it was already deprecated. Drop it (a changed pod template rolls Pods; use a checksum annotation to roll on config changes).", inv.describe(), where_(inv))
            } else if in4 && !in3 && matches!(v.major, HelmMajor::V3 | HelmMajor::V2) {
                format!("`{}` on `{}`{} exists only in Helm 4, but this file runs {}: `Error: unknown flag: {}`.", f.written, inv.describe(), where_(inv), v.describe(), f.written)
            } else if f.name == "atomic"
                && inv.command == HelmCommand::Install
                && v.is_v4()
                && v.minor.is_some_and(|m| m < 2)
            {
                format!("`--atomic` on `helm install` fails on {} (Helm 4.0.0–4.1.1: `Error: unknown flag: --atomic`, helm/helm#31900). Use `--rollback-on-failure`.", v.describe())
            } else {
                continue;
            };
            let mut finding = RULE.at(cx, f.span, message);
            if let Some(ev) = &v.evidence {
                finding =
                    finding.with_related(cx.file, ev.span, format!("Helm version: `{}`", ev.value));
            }
            out.push(finding);
        }
    }
    for (r, s) in release_settings_on(cx, SettingKind::RecreatePods) {
        if !r.helm_version.maybe_v4() {
            continue;
        }
        let passes = match r.system {
            ReleaseSystem::Helmfile => {
                "helmfile passes `--recreate-pods` whatever the Helm version"
            }
            _ => "this passes `--recreate-pods`",
        };
        let on = if r.helm_version.is_v4() {
            "this Helm 4"
        } else {
            "Helm 4"
        };
        let mut f = RULE.at(cx, s.span,
            format!(
                "{}{}: {passes}, and {on} removed the flag (`Error: unknown flag: --recreate-pods`); on Helm 3 it was deprecated. Drop it (a changed pod template rolls Pods; use a checksum annotation to roll on config changes).",
                setting_ref(cx, r, s),
                of_release(r)
            ),
        );
        if let Some(ev) = &r.helm_version.evidence {
            f = f.with_related(cx.file, ev.span, format!("Helm version: `{}`", ev.value));
        }
        out.push(f);
    }
}
