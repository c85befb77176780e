//! The timeouts a release's Helm actions run with, and whether they wait for
//! resources, as each system sets them:
//!
//! * helmfile: `timeout` (seconds; the release's, else `helmDefaults`'), else Helm's
//!   5m; waits with `wait: true` or `atomic: true`;
//! * Flux: `spec.install.timeout` / `spec.upgrade.timeout`, else `spec.timeout`,
//!   else 5m; each action waits unless its `disableWait`;
//! * Terraform: `timeout` (seconds), else the provider's 300; waits unless
//!   `wait = false` (`atomic` waits too);
//! * Argo CD runs no Helm action that waits: none.
//!
//! A timeout written with an invalid value is left to `helm-timeout-invalid`.

use super::timeout_invalid::release_timeout_problem;
use super::{release_name, setting_ref, Cx};
use crate::budget::duration::{go_duration, parse_timeout};
use crate::pipeline::helm::DEFAULT_TIMEOUT_SECS;
use crate::pipeline::model::{ReleaseSetting, ReleaseSystem, Setting, SettingKind};
use crate::pipeline::source::Span;

/// One timeout a release's Helm actions run with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ReleaseTimeout {
    /// The timeout.
    pub seconds: u64,
    /// How messages name it (`helmfile `timeout: 60` of release `web``).
    pub subject: String,
    /// Where it is set, or the release when the default applies.
    pub span: Span,
    /// Whether an action that runs with it waits for resources.
    pub waits: bool,
}

/// The distinct timeouts of release `r` (see the module docs).
pub(crate) fn release_timeouts(cx: &Cx<'_>, r: &ReleaseSetting) -> Vec<ReleaseTimeout> {
    let is_timeout = |s: &&Setting| matches!(s.kind, SettingKind::Timeout { .. });
    let waits_or_atomic = r.waits() || r.on(&SettingKind::Atomic).is_some();
    match r.system {
        ReleaseSystem::ArgoCd => Vec::new(),
        // The release's own key comes after `helmDefaults`'.
        ReleaseSystem::Helmfile | ReleaseSystem::Terraform => {
            let set = r.settings.iter().rfind(is_timeout);
            timeout_of(cx, r, set, "timeout")
                .map(|(seconds, subject, span)| ReleaseTimeout {
                    seconds,
                    subject,
                    span,
                    waits: waits_or_atomic,
                })
                .into_iter()
                .collect()
        }
        ReleaseSystem::Flux => {
            let key = |k: &str| r.settings.iter().rfind(|s| s.key == k);
            let mut out: Vec<(ReleaseTimeout, Vec<&str>)> = Vec::new();
            for action in ["install", "upgrade"] {
                let set = key(&format!("spec.{action}.timeout")).or_else(|| key("spec.timeout"));
                let Some((seconds, subject, span)) = timeout_of(cx, r, set, "spec.timeout") else {
                    continue;
                };
                let waits = key(&format!("spec.{action}.disableWait")).is_none_or(Setting::is_true);
                match out.iter_mut().find(|(t, _)| t.span == span) {
                    Some((t, actions)) => {
                        t.waits |= waits;
                        actions.push(action);
                    }
                    None => out.push((
                        ReleaseTimeout {
                            seconds,
                            subject,
                            span,
                            waits,
                        },
                        vec![action],
                    )),
                }
            }
            // A timeout that only one action runs with says which.
            let shared = out.len() == 1;
            out.into_iter()
                .map(|(mut t, actions)| {
                    if !shared {
                        t.subject
                            .push_str(&format!(" (for {}s)", actions.join(" and ")));
                    }
                    t
                })
                .collect()
        }
    }
}

/// The seconds, message subject and location of timeout setting `set` of `r`, or of
/// the system's default when there is none (the setting's key is `key`); `None` for
/// an invalid value.
fn timeout_of(
    cx: &Cx<'_>,
    r: &ReleaseSetting,
    set: Option<&Setting>,
    key: &str,
) -> Option<(u64, String, Span)> {
    match set {
        Some(s) => {
            let SettingKind::Timeout { bare_number_unit } = s.kind else {
                return None;
            };
            if release_timeout_problem(r.system, bare_number_unit, &s.value).is_some() {
                return None;
            }
            let seconds = match bare_number_unit {
                Some(_) => s.value.parse::<u64>().ok()?,
                None => parse_timeout(&s.value).ok()?,
            };
            Some((
                seconds,
                format!("{} of {}", setting_ref(cx, r, s), release_name(r)),
                s.span,
            ))
        }
        None => {
            let default = DEFAULT_TIMEOUT_SECS as u64;
            let whose = match r.system {
                ReleaseSystem::Terraform => "the provider's",
                ReleaseSystem::Flux => "Flux's",
                _ => "Helm's",
            };
            Some((
                default,
                format!(
                    "{} {} sets no `{key}`, so {whose} default {}",
                    r.system.name(),
                    release_name(r),
                    go_duration(default)
                ),
                r.span,
            ))
        }
    }
}
