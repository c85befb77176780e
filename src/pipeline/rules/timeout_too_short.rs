//! `helm-timeout-too-short` for pipelines: the `--timeout` of a command that deploys
//! a local chart, below the budget of that chart rendered with the command's values
//! (the same rule checks the configuration's `charts[].timeout`,
//! [`crate::budget::check`]). Without `--wait`/`--atomic`, Helm waits only for
//! hooks, so only hooks count; without `--timeout`, Helm's default 5m is compared.
//! The timeouts of GitOps/IaC releases are compared the same way
//! ([`super::release_timeout`]).

use super::release_timeout::release_timeouts;
use super::{atomic_flag, deploys, wait_flag, ChartBudget, Cx, Deployer, RuleDef};
use crate::budget::check::{shortfall, RULE as BUDGET_RULE};
use crate::budget::duration::parse_timeout;
use crate::budget::Budget;
use crate::lint::template_file;
use crate::pipeline::finding::{Finding, Location, Related};
use crate::pipeline::helm::DEFAULT_TIMEOUT_SECS;
use crate::pipeline::source::Span;

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
        let Some(chart) = budget_of(Deployer::Command(inv)) else {
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
        out.extend(finding(cx, &chart, &budget, seconds, &subject, span));
    }
    for r in &cx.extraction.releases {
        let Some(chart) = budget_of(Deployer::Release(r)) else {
            continue;
        };
        for t in release_timeouts(cx, r) {
            let (budget, subject) = if t.waits {
                (chart.budget.as_ref().clone(), t.subject)
            } else {
                (
                    chart.budget.hooks_only(),
                    format!(
                        "without a wait for resources, Helm waits only for hooks, and {}",
                        t.subject
                    ),
                )
            };
            out.extend(finding(cx, &chart, &budget, t.seconds, &subject, t.span));
        }
    }
}

/// The finding for a timeout of `seconds` (named by `subject`, set at `span`) below
/// `budget`, with the slowest workload's template as related location.
fn finding(
    cx: &Cx<'_>,
    chart: &ChartBudget,
    budget: &Budget,
    seconds: u64,
    subject: &str,
    span: Span,
) -> Option<Finding> {
    let short = shortfall(budget, seconds, subject)?;
    let mut f = RULE.at(cx, span, short.message.clone());
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
    Some(f)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::budget::{Budget, BudgetSettings, HookWait, Wait};
    use crate::pipeline::extract::{extract, FileKind};
    use crate::pipeline::rules::{run_with_budget, ChartBudget};
    use crate::pipeline::SourceFile;

    fn wait(kind: &str, name: &str, seconds: u64) -> Wait {
        Wait {
            kind: kind.into(),
            name: name.into(),
            template: "c/templates/x.yaml".into(),
            location: Some(crate::manifest::Provenance::point(
                "c/templates/x.yaml",
                3,
                1,
            )),
            pods: 1,
            waves: 1,
            per_pod_seconds: seconds,
            seconds,
            summary: format!("1 pod, 1 wave × {seconds} s"),
            explain: Vec::new(),
        }
    }

    /// A budget with one Deployment of `workload` seconds and an optional pre-upgrade
    /// hook Job (default settings: 60 s buffer).
    fn budget(workload: u64, hook: Option<u64>) -> Budget {
        let hooks: Vec<HookWait> = hook
            .map(|s| HookWait {
                wait: wait("Job", "migrate", s),
                events: vec!["pre-upgrade".into()],
                counted: true,
            })
            .into_iter()
            .collect();
        Budget {
            settings: BudgetSettings::default(),
            workloads: vec![wait("Deployment", "web", workload)],
            minimum_seconds: workload.max(hook.unwrap_or(0)) + 60,
            phases: 1 + hooks.len() as u64,
            hooks,
            notes: Vec::new(),
            rule_of_thumb_seconds: 0,
            rule_of_thumb_explain: String::new(),
        }
    }

    /// `line:col rule: message` of the findings of `rule` for a one-line script.
    fn findings(script: &str, b: Option<Budget>, rule: &str) -> Vec<String> {
        findings_in("deploy.sh", FileKind::Shell, script, b, rule)
    }

    /// [`findings`] for a file of any kind.
    fn findings_in(
        name: &str,
        kind: FileKind,
        text: &str,
        b: Option<Budget>,
        rule: &str,
    ) -> Vec<String> {
        let file = SourceFile::new(name, text);
        let extraction = extract(&file, kind);
        let chart = b.map(|b| ChartBudget {
            chart: "c".into(),
            budget: Arc::new(b),
        });
        let hook = |_: crate::pipeline::rules::Deployer<'_>| chart.clone();
        run_with_budget(&file, &extraction, Some(&hook))
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| format!("{}:{} {}", f.location.line, f.location.column, f.message))
            .collect()
    }

    const ID: &str = "helm-timeout-too-short";
    const TAIL: &str = "run `helm-preflight budget --explain` for the arithmetic";

    #[test]
    fn the_timeout_given_is_compared_at_its_value() {
        let got = findings(
            "helm upgrade --install web ./c --wait --timeout 1m\n",
            Some(budget(200, None)),
            ID,
        );
        assert_eq!(
            got,
            [format!(
                "1:49 `--timeout 1m` (60 s) is below the 4m20s (260 s) this chart needs: the \
                 slowest, Deployment \"web\" (c/templates/x.yaml:3:1), needs 200 s (1 pod, 1 \
                 wave × 200 s), plus 60 s buffer; {TAIL}"
            )]
        );
        let enough = "helm upgrade --install web ./c --wait --timeout 260s\n";
        assert!(findings(enough, Some(budget(200, None)), ID).is_empty());
        // Unknown or invalid timeouts, dry runs, templates and unknown charts: nothing.
        for quiet in [
            "helm upgrade --install web ./c --wait --timeout $T\n",
            "helm upgrade --install web ./c --wait --timeout 60\n",
            "helm upgrade --install web ./c --wait --timeout 1m --dry-run=server\n",
            "helm template web ./c --timeout 1m\n",
        ] {
            assert!(
                findings(quiet, Some(budget(200, None)), ID).is_empty(),
                "{quiet}"
            );
        }
        assert!(findings("helm upgrade web ./c --wait --timeout 1m\n", None, ID).is_empty());
    }

    #[test]
    fn without_a_timeout_helms_default_is_compared_and_without_wait_only_hooks() {
        let got = findings(
            "helm upgrade --install web ./c --atomic\n",
            Some(budget(300, None)),
            ID,
        );
        assert_eq!(
            got,
            [format!(
                "1:1 with `--atomic` and no `--timeout`, Helm's default 5m0s (300 s) is below \
                 the 6m0s (360 s) this chart needs: the slowest, Deployment \"web\" \
                 (c/templates/x.yaml:3:1), needs 300 s (1 pod, 1 wave × 300 s), plus 60 s \
                 buffer; {TAIL}"
            )]
        );
        // No --wait: the 300 s Deployment is not waited for, the 100 s hook is.
        let no_wait = "helm upgrade --install web ./c --timeout 1m\n";
        assert_eq!(
            findings(no_wait, Some(budget(300, Some(100))), ID),
            [format!(
                "1:42 without `--wait`, Helm waits only for hooks, and `--timeout 1m` (60 s) is \
                 below the 2m40s (160 s) this chart needs: the slowest, Job \"migrate\" \
                 (c/templates/x.yaml:3:1), needs 100 s (1 pod, 1 wave × 100 s), plus 60 s \
                 buffer; {TAIL}"
            )]
        );
        assert!(findings(no_wait, Some(budget(300, None)), ID).is_empty());
        assert!(findings(
            "helm upgrade --install web ./c --timeout 1m --wait=false\n",
            Some(budget(300, None)),
            ID
        )
        .is_empty());
    }

    #[test]
    fn the_kill_timer_check_counts_the_charts_phases() {
        // `timeout 200` kills Helm after 3m20s; 1m × 2 phases (a pre-upgrade hook),
        // doubled by --atomic's rollback, is 4m. Without the chart, 1 phase: 2m, within.
        let script = "timeout 200 helm upgrade --install web ./c --atomic --timeout 1m\n";
        let ci = "ci-timeout-shorter-than-helm";
        assert!(findings(script, None, ci).is_empty());
        let got = findings(script, Some(budget(10, Some(10))), ci);
        assert_eq!(got.len(), 1);
        assert!(
            got[0].contains("may legitimately run for 4m0s (`--timeout` 1m0s × 2 phases"),
            "{got:?}"
        );
    }

    #[test]
    fn release_timeouts_their_defaults_and_flux_actions() {
        let helmfile = "helmDefaults:\n  timeout: 60\nreleases:\n  - name: a\n    wait: true\n    \
                        timeout: 100\n  - name: b\n    atomic: true\n  - name: c\n    wait: true\n";
        let got = findings_in(
            "helmfile.yaml",
            FileKind::Helmfile,
            &helmfile.replace("  timeout: 60\n", "  kubeContext: x\n"),
            Some(budget(300, None)),
            ID,
        );
        let tail = "is below the 6m0s (360 s) this chart needs: the slowest, Deployment \"web\" \
                    (c/templates/x.yaml:3:1), needs 300 s (1 pod, 1 wave × 300 s), plus 60 s \
                    buffer";
        assert_eq!(
            got,
            [
                format!("6:14 helmfile `timeout: 100` of release `a` (100 s) {tail}; {TAIL}"),
                // `atomic` waits too; without a timeout anywhere, Helm's 5m.
                format!(
                    "7:11 helmfile release `b` sets no `timeout`, so Helm's default 5m0s (300 s) \
                     {tail}; {TAIL}"
                ),
                format!(
                    "9:11 helmfile release `c` sets no `timeout`, so Helm's default 5m0s (300 s) \
                     {tail}; {TAIL}"
                ),
            ]
        );
        // `helmDefaults.timeout: 60` is inherited, the release's own wins.
        let got = findings_in(
            "helmfile.yaml",
            FileKind::Helmfile,
            helmfile,
            Some(budget(300, None)),
            ID,
        );
        assert_eq!(got.len(), 3);
        assert!(
            got[0].starts_with("6:14 helmfile `timeout: 100`"),
            "{got:?}"
        );
        assert!(
            got[1].starts_with("2:12 helmfile `helmDefaults.timeout: 60` of release `b` (60 s)"),
            "{got:?}"
        );
        // Flux: both actions run with the default, the install without waiting; the
        // upgrade's own timeout is enough.
        let flux = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  \
                    name: web\nspec:\n  install:\n    disableWait: true\n";
        let got = findings_in(
            "r.yaml",
            FileKind::Kubernetes,
            flux,
            Some(budget(300, None)),
            ID,
        );
        assert_eq!(
            got,
            [format!(
                "4:9 Flux release `web` sets no `spec.timeout`, so Flux's default 5m0s (300 s) \
                 {tail}; {TAIL}"
            )]
        );
        let upgrade = format!("{flux}  upgrade:\n    timeout: 10m\n");
        let got = findings_in(
            "r.yaml",
            FileKind::Kubernetes,
            &upgrade,
            Some(budget(300, Some(280))),
            ID,
        );
        assert_eq!(
            got,
            [format!(
                "4:9 without a wait for resources, Helm waits only for hooks, and Flux release \
                 `web` sets no `spec.timeout`, so Flux's default 5m0s (for installs) (300 s) is \
                 below the 5m40s (340 s) this chart needs: the slowest, Job \"migrate\" \
                 (c/templates/x.yaml:3:1), needs 280 s (1 pod, 1 wave × 280 s), plus 60 s \
                 buffer; {TAIL}"
            )]
        );
        // Argo CD: no Helm timeout.
        let argo = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\n\
                    spec:\n  source:\n    path: c\n";
        assert!(findings_in(
            "a.yaml",
            FileKind::Kubernetes,
            argo,
            Some(budget(300, None)),
            ID
        )
        .is_empty());
    }
}
