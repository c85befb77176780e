//! `helm-no-wait`: an install/upgrade that returns before anything is ready.

use super::{
    atomic_flag, deploys, of_release, release_name, setting_ref, unless_opaque, wait_flag, where_,
    Cx, RuleDef,
};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::{HelmMajor, ReleaseSystem, Setting, SettingKind};

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-no-wait",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in cx.extraction.invocations.iter().filter(|i| deploys(i)) {
        if wait_flag(inv).is_some() || atomic_flag(inv).is_some() {
            continue;
        }
        let explicit = inv.flag("wait");
        let how = match (explicit, inv.context.helm_version.major) {
            (Some(f), _) => format!(
                "`{}={}` does not wait for resources",
                f.written,
                f.value.as_ref().map_or("", |v| v.text.as_str())
            ),
            (None, HelmMajor::V4) => "without `--wait`, Helm 4 waits only for hooks (`hookOnly`)".into(),
            (None, HelmMajor::V3 | HelmMajor::V2) => "without `--wait`, Helm 3 returns as soon as the objects are sent".into(),
            (None, HelmMajor::Unknown) => "without `--wait`, Helm 3 returns as soon as the objects are sent and Helm 4 waits only for hooks (`hookOnly`)".into(),
        };
        let span = explicit.map_or(inv.head_span, |f| f.span);
        out.push(RULE.at(cx, span,
            format!(
                "`{}`{}: {how}, so the step succeeds even if no Pod ever becomes ready{}. Add `--wait` (or `--atomic`/`--rollback-on-failure`) with a `--timeout`.",
                inv.describe(),
                where_(inv),
                unless_opaque(inv, "`--wait`"),
            ),
        ));
    }
    for r in &cx.extraction.releases {
        if r.on(&SettingKind::Atomic).is_some() || r.system == ReleaseSystem::ArgoCd {
            continue;
        }
        let offs: Vec<&Setting> = r
            .settings
            .iter()
            .filter(|s| s.kind == SettingKind::Wait && !s.is_true())
            .collect();
        if offs.is_empty()
            && r.system == ReleaseSystem::Helmfile
            && r.get(&SettingKind::Wait).is_none()
        {
            out.push(RULE.at(cx, r.span,
                format!(
                    "helmfile {} has no `wait: true` (in the release or `helmDefaults`), so helmfile runs `helm upgrade` without `--wait` (unless the command line adds it): the sync succeeds even if no Pod ever becomes ready. Add `wait: true` with a `timeout`.",
                    release_name(r)
                ),
            ));
        }
        for s in offs {
            let why = match r.system {
                ReleaseSystem::Flux => {
                    "helm-controller marks the release ready as soon as the objects are applied"
                }
                _ => "Helm returns as soon as the objects are sent",
            };
            out.push(RULE.at(cx, s.span,
                format!(
                    "{}{}: {why}, so a deploy whose Pods never become ready still succeeds. Let it wait (with a timeout).",
                    setting_ref(cx, r, s),
                    of_release(r)
                ),
            ));
        }
    }
}
