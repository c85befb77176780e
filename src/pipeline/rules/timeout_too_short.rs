//! `helm-timeout-too-short` for pipelines: the `--timeout` of a command that deploys
//! a local chart, below the budget of that chart rendered with the command's values
//! (the same rule checks the configuration's `charts[].timeout`,
//! [`crate::budget::check`]). Without `--wait`/`--atomic`, Helm waits only for
//! hooks, so only hooks count; without `--timeout`, Helm's default 5m is compared.

use super::{atomic_flag, deploys, wait_flag, Cx, RuleDef};
use crate::budget::check::{shortfall, RULE as BUDGET_RULE};
use crate::budget::duration::parse_timeout;
use crate::lint::template_file;
use crate::pipeline::finding::{Finding, Location, Related};
use crate::pipeline::helm::DEFAULT_TIMEOUT_SECS;

/// The rule.
pub const RULE: RuleDef = RuleDef {
    id: BUDGET_RULE.id,
    severity: BUDGET_RULE.severity,
    check,
};

fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let Some(budget_of) = cx.budget else { return };
    for inv in &cx.extraction.invocations {
        if !deploys(inv) {
            continue;
        }
        let Some(chart) = budget_of(inv) else {
            continue;
        };
        let trigger = atomic_flag(inv).or_else(|| wait_flag(inv));
        let budget = match trigger {
            Some(_) => chart.budget.as_ref().clone(),
            None => chart.budget.hooks_only(),
        };
        let (seconds, subject, span) = match inv.flag("timeout") {
            Some(f) => match f.value.as_ref().filter(|v| v.known) {
                Some(v) => match parse_timeout(&v.text) {
                    Ok(t) => (t, format!("`--timeout {}`", v.text), v.span),
                    // `helm-timeout-invalid` reports it.
                    Err(_) => continue,
                },
                None => continue,
            },
            None => {
                let default = DEFAULT_TIMEOUT_SECS as u64;
                let default_text = crate::budget::duration::go_duration(default);
                let subject = match trigger {
                    Some(t) => format!(
                        "with `{}` and no `--timeout`, Helm's default {default_text}",
                        t.written
                    ),
                    None => format!("Helm's default `--timeout` {default_text}"),
                };
                (default, subject, inv.head_span)
            }
        };
        let subject = match trigger {
            Some(_) => subject,
            None => format!("without `--wait`, Helm waits only for hooks, and {subject}"),
        };
        let Some(short) = shortfall(&budget, seconds, &subject) else {
            continue;
        };
        let mut f = Finding::at(RULE.id, RULE.severity, cx.file, span, short.message.clone());
        if let Some(at) = &short.slowest_location {
            f.related.push(Related {
                location: Location {
                    path: template_file(&chart.chart, &at.at.file),
                    line: at.at.line,
                    column: at.at.column,
                    end_line: at.end.line,
                    end_column: at.end.column,
                },
                message: short.slowest_label(),
            });
        }
        out.push(f);
    }
}
