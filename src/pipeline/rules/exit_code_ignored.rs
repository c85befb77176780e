//! `helm-exit-code-ignored`: a failed deploy that does not fail the pipeline.

use super::{is_dry_run, where_, Cx, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::HelmCommand;

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-exit-code-ignored",
    severity: Severity::Error,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        if inv.command == HelmCommand::Template || is_dry_run(inv) {
            continue;
        }
        let Some(first) = inv.context.ignored.first() else {
            continue;
        };
        let how: Vec<&str> = inv
            .context
            .ignored
            .iter()
            .map(|i| i.kind.phrase())
            .collect();
        // An uninstall is usually guarded so that a missing release is no error:
        // `--ignore-not-found` says exactly that and lets every other failure through.
        let (left, instead) = if inv.command == HelmCommand::Uninstall {
            (
                "a half-deleted release, whose leftovers can fail the next install",
                "To tolerate a release that is not there, use `--ignore-not-found` (Helm 3.13+) instead",
            )
        } else {
            (
                "the release failed or half-applied",
                "Let the command fail the job, or handle the failure explicitly (`|| { helm rollback …; exit 1; }`)",
            )
        };
        let mut f = RULE.at(
            cx,
            first.span.unwrap_or(inv.head_span),
            format!(
                "a failure of `{}`{} is ignored through {}: the pipeline goes on (and may report success) with {left}. {instead}.",
                inv.describe(),
                where_(inv),
                how.join(" and ")
            ),
        );
        if first.span.is_some() {
            f = f.with_related(cx.file, inv.head_span, "the Helm command");
        }
        for other in inv.context.ignored.iter().skip(1) {
            if let Some(s) = other.span {
                f = f.with_related(cx.file, s, other.kind.phrase());
            }
        }
        out.push(f);
    }
}
