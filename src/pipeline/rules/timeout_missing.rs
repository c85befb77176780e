//! `helm-timeout-missing`: `--wait`/`--atomic`/`--rollback-on-failure` without an
//! explicit `--timeout`.

use super::{
    atomic_flag, is_dry_run, of_release, release_name, setting_ref, unless_opaque, wait_flag,
    where_, Cx, RuleDef,
};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::{HelmCommand, ReleaseSystem, SettingKind};

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-timeout-missing",
    severity: Severity::Warning,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        if inv.command == HelmCommand::Template || is_dry_run(inv) || inv.flag("timeout").is_some()
        {
            continue;
        }
        let Some(trigger) = atomic_flag(inv).or_else(|| wait_flag(inv)) else {
            continue;
        };
        let rollback = if atomic_flag(inv).is_some() {
            " and the automatic rollback gets its own 5m"
        } else {
            ""
        };
        out.push(RULE.at(cx, trigger.span,
            format!(
                "`{}` on `{}`{} has no `--timeout`{}: Helm's default of 5m0s then bounds the wait and each hook{rollback}, whatever the chart needs. Set `--timeout` to what this chart needs (a Go duration such as `10m`).",
                trigger.written,
                inv.describe(),
                where_(inv),
                unless_opaque(inv, "one"),
            ),
        ));
    }
    for r in &cx.extraction.releases {
        let atomic = r.on(&SettingKind::Atomic);
        if r.timeout().is_some() || !(r.waits() || atomic.is_some()) {
            continue;
        }
        let (span, why) = match (atomic, r.get(&SettingKind::Wait)) {
            (Some(a), _) => (a.span, setting_ref(cx, r, a)),
            (None, Some(w)) => (w.span, setting_ref(cx, r, w)),
            (None, None) => (
                r.span,
                format!(
                    "{} waits by default, and {}",
                    r.system.name(),
                    release_name(r)
                ),
            ),
        };
        let key = match r.system {
            ReleaseSystem::Helmfile => "`timeout:` (a number of seconds)",
            ReleaseSystem::Terraform => "`timeout =` (a number of seconds)",
            _ => "`spec.timeout` (a duration such as `10m`)",
        };
        out.push(RULE.at(cx, span,
            format!(
                "{why}{} has no timeout: {} then bounds the wait and each hook, whatever the chart needs. Set {key} to what this chart needs.",
                if matches!((atomic, r.get(&SettingKind::Wait)), (None, None)) { String::new() } else { of_release(r) },
                r.system.default_timeout(),
            ),
        ));
    }
}
