//! `helm-flag-value-ignored`: `--dry-run server`, `--wait watcher`, `--atomic false`:
//! a bool or optional-value flag takes a value only through `=`.

use super::{where_, Cx, RuleDef};
use crate::pipeline::finding::{Finding, Severity};
use crate::pipeline::helm::flags::{lookup_long, FlagKind, H34};

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: "helm-flag-value-ignored",
    severity: Severity::Error,
    check,
};

const BOOLS: &[&str] = &[
    "true", "false", "1", "0", "t", "f", "T", "F", "TRUE", "FALSE", "True", "False",
];

/// Whether `word` reads as a value of flag `name`.
fn looks_like_value(name: &str, word: &str) -> bool {
    match name {
        "dry-run" => matches!(word, "client" | "server" | "none") || BOOLS.contains(&word),
        "wait" => matches!(word, "watcher" | "hookOnly" | "legacy") || BOOLS.contains(&word),
        "server-side" => word == "auto" || BOOLS.contains(&word),
        _ => BOOLS.contains(&word),
    }
}

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for inv in &cx.extraction.invocations {
        for f in &inv.flags {
            let Some(next) = &f.followed_by else { continue };
            let bool_like = lookup_long(&f.name, inv.command, H34)
                .is_some_and(|(s, _)| matches!(s.kind, FlagKind::Bool | FlagKind::Optional));
            if !bool_like || !next.known || !looks_like_value(&f.name, &next.text) {
                continue;
            }
            let role = if inv.release.as_ref() == Some(next) {
                "the release name"
            } else if inv.chart.as_ref() == Some(next) {
                "the chart"
            } else {
                "an extra positional argument"
            };
            let default = match f.name.as_str() {
                "dry-run" => "its default (`client`)".to_string(),
                "wait" => "its default (Helm 4: `watcher`; Helm 3: true)".to_string(),
                _ => "true".to_string(),
            };
            out.push(
                RULE.at(cx, crate::pipeline::source::Span {
                        start: f.span.start,
                        end: next.span.end.max(f.span.end),
                    },
                    format!(
                        "`{w} {v}` on `{}`{}: `{w}` takes a value only as `{w}={v}`, so it is set to {default} and `{v}` becomes {role}. Write `{w}={v}`.",
                        inv.describe(),
                        where_(inv),
                        w = f.written,
                        v = next.text,
                    ),
                )
                .with_related(cx.file, next.span, format!("`{}` is read as {role}", next.text)),
            );
        }
    }
}
