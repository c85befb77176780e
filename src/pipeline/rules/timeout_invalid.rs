//! `helm-timeout-invalid`: a `--timeout` Helm rejects (`300`, `5min`), and timeouts in
//! the wrong unit in helmfile/Terraform/Flux settings.

use super::{of_release, setting_ref, Cx, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::helm::parse_timeout;
use crate::pipeline::model::{HelmMajor, ReleaseSystem, SettingKind};

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
        out.push(RULE.at(
            cx,
            v.span,
            format!(
                "`--timeout {}`: Helm fails with `Error: {e}`.{hint}{helm2}",
                v.text
            ),
        ));
    }
    for r in &cx.extraction.releases {
        for s in &r.settings {
            let SettingKind::Timeout { bare_number_unit } = &s.kind else {
                continue;
            };
            if let Some(problem) = release_timeout_problem(r.system, *bare_number_unit, &s.value) {
                out.push(RULE.at(
                    cx,
                    s.span,
                    format!("{}{}: {problem}", setting_ref(cx, r, s), of_release(r)),
                ));
            }
        }
    }
}

/// What is wrong with a release's timeout value, in the terms of its system.
pub(super) fn release_timeout_problem(
    system: ReleaseSystem,
    bare_unit: Option<&str>,
    value: &str,
) -> Option<String> {
    let bare = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    if bare_unit.is_some() {
        if bare {
            return None;
        }
        let seconds = parse_timeout(value)
            .ok()
            .map_or(String::new(), |s| format!(" (`{}`)", s as u64));
        return Some(match system {
            ReleaseSystem::Terraform => format!(
                "the provider's `timeout` is a number of seconds, not a duration string: `terraform plan` fails with `Inappropriate value for attribute \"timeout\": a number is required`. Write the number of seconds{seconds}."
            ),
            _ => format!(
                "helmfile's `timeout` is an integer number of seconds (it passes `--timeout <N>s`); `{value}` fails to load the helmfile. Write the number of seconds{seconds}."
            ),
        });
    }
    if system == ReleaseSystem::Flux {
        if flux_duration(value) {
            return None;
        }
        let hint = if bare {
            format!(" Add a unit: `{value}s`.")
        } else {
            " Use units `ms`, `s`, `m` or `h` (e.g. `10m`, `1h30m`).".to_string()
        };
        return Some(format!(
            "the API server rejects the HelmRelease: durations must match `^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$`.{hint}"
        ));
    }
    parse_timeout(value)
        .err()
        .map(|e| format!("not a valid duration: {e}."))
}

/// Whether a duration matches Flux's `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`.
fn flux_duration(value: &str) -> bool {
    use std::sync::OnceLock;
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$").expect("regex"))
        .is_match(value)
}
