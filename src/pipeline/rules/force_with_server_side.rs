//! `helm-force-with-server-side`: Helm 4 `--force-replace` (or `--force`) on a
//! release applied server-side, and `--force` with `--force-conflicts`.

use super::{deploys, force_flag, where_, Cx, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::model::HelmCommand;

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-force-with-server-side",
    severity: Severity::Error,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        if !(deploys(inv) || inv.command == HelmCommand::Rollback) {
            continue;
        }
        let Some(force) = force_flag(inv) else {
            continue;
        };
        let server_side = inv.flag("server-side");
        let ss_value = server_side.map(|f| f.value.as_ref().map_or("true", |v| v.text.as_str()));
        if ss_value == Some("false") {
            continue;
        }
        if let Some(fc) = super::flag_on(inv, &["force-conflicts"]) {
            out.push(
                RULE.at(cx, force.span,
                    format!(
                        "`{}` with `--force-conflicts` on `{}`{}: Helm 4 rejects the pair (`if any flags in the group [force-replace force-conflicts] are set none of the others can be`). Use `--force-conflicts` alone for server-side apply.",
                        force.written,
                        inv.describe(),
                        where_(inv)
                    ),
                )
                .with_related(cx.file, fc.span, "`--force-conflicts` is here"),
            );
            continue;
        }
        let v4 = inv.context.helm_version.is_v4() || force.name == "force-replace";
        let explicit_ss = matches!(ss_value, Some("true" | "auto"));
        if !(v4 || explicit_ss && inv.context.helm_version.maybe_v4()) {
            continue;
        }
        let why = match (inv.command, ss_value) {
            (_, Some("true")) => "server-side apply is on (`--server-side`)".to_string(),
            (HelmCommand::Install, _) => {
                "Helm 4 installs with server-side apply by default".to_string()
            }
            _ => "Helm 4's `--server-side=auto` applies server-side to every release it installed"
                .to_string(),
        };
        let mut f = RULE.at(cx, force.span,
            format!(
                "`{}` on `{}`{} fails on Helm 4 when {why}: `invalid operation: cannot use server-side apply and force replace together`. Drop `{}`, or pass `--server-side=false` if a replace is really needed.",
                force.written,
                inv.describe(),
                where_(inv),
                force.written
            ),
        );
        if let Some(ev) = &inv.context.helm_version.evidence {
            f = f.with_related(cx.file, ev.span, format!("Helm version: `{}`", ev.value));
        }
        if let Some(ss) = server_side {
            f = f.with_related(cx.file, ss.span, "`--server-side` is here");
        }
        out.push(f);
    }
}
