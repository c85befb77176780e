//! `helm-dry-run-client`: a client-side dry run proves less than it seems.

use super::{where_, Cx, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::{HelmCommand, HelmMajor};

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-dry-run-client",
    severity: Severity::Note,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        if !inv.command.deploys() && inv.command != HelmCommand::Rollback {
            continue;
        }
        let Some(f) = inv.flag("dry-run") else {
            continue;
        };
        let value = f.value.as_ref().map(|v| v.text.as_str());
        if !matches!(
            value,
            None | Some("client" | "true" | "1" | "t" | "T" | "TRUE" | "True")
        ) {
            continue;
        }
        let detail = match inv.context.helm_version.major {
            HelmMajor::V4 => "Helm 4's client dry run is fully offline (no cluster, default capabilities, `lookup` returns nothing)",
            HelmMajor::V3 | HelmMajor::V2 => "Helm 3's client dry run still contacts the cluster but stubs `lookup` and skips the server",
            HelmMajor::Unknown => "Helm 3's client dry run still contacts the cluster but stubs `lookup`; Helm 4's is fully offline",
        };
        let bare = if value.is_none() {
            " A bare `--dry-run` is deprecated on Helm 4."
        } else {
            ""
        };
        out.push(RULE.at(cx, f.span,
            format!(
                "`{}` on `{}`{} is a client-side dry run: {detail}; nothing is validated by the API server and CRDs in `crds/` are not installed.{bare} Use `--dry-run=server` where `lookup` and cluster state matter.",
                inv.flag("dry-run").map_or("--dry-run".to_string(), |f| match &f.value { Some(v) => format!("{}={}", f.written, v.text), None => f.written.clone() }),
                inv.describe(),
                where_(inv)
            ),
        ));
    }
}
