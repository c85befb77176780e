//! `helm-timeout-invalid`: a `--timeout` Helm rejects (`300`, `5min`), and timeouts in
//! the wrong unit in helmfile/Terraform/Flux settings.

use super::{Cx, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::helm::parse_timeout;
use crate::pipeline::model::{HelmMajor, SettingKind};

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-timeout-invalid",
    severity: Severity::Error,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        let Some(f) = inv.flag("timeout") else {
            continue;
        };
        let Some(v) = f.value.as_ref().filter(|v| v.known) else {
            continue;
        };
        let Err(e) = parse_timeout(&v.text) else {
            continue;
        };
        let bare = !v.text.is_empty() && v.text.bytes().all(|b| b.is_ascii_digit());
        let hint = if bare {
            format!(
                " Helm 2 took seconds; Helm 3 and 4 need a unit: `{}s`.",
                v.text
            )
        } else {
            " Use a Go duration such as `300s`, `5m` or `1h30m`.".to_string()
        };
        let helm2 = if inv.context.helm_version.major == HelmMajor::V2 {
            " (This file still sets up Helm 2, which is end-of-life; the command breaks on the upgrade to Helm 3.)"
        } else {
            ""
        };
        out.push(Finding::at(
            RULE.id,
            RULE.severity,
            cx.file,
            v.span,
            format!(
                "`--timeout {}`: Helm fails with `Error: {e}`.{hint}{helm2}",
                v.text
            ),
        ));
    }
    for r in &cx.extraction.releases {
        for s in r.settings.iter() {
            let SettingKind::Timeout { bare_number_unit } = &s.kind else {
                continue;
            };
            let bare = !s.value.is_empty() && s.value.bytes().all(|b| b.is_ascii_digit());
            let message = match bare_number_unit {
                Some(unit) if !bare => format!(
                    "`{}: {}`: this field takes a number of {} (a bare integer), not a duration string.",
                    s.key,
                    s.value,
                    if *unit == "s" { "seconds" } else { unit }
                ),
                None => match parse_timeout(&s.value) {
                    Ok(_) => continue,
                    Err(e) => format!("`{}: {}` is not a valid duration: {e}.", s.key, s.value),
                },
                _ => continue,
            };
            out.push(Finding::at(
                RULE.id,
                RULE.severity,
                cx.file,
                s.span,
                message,
            ));
        }
    }
}
