//! Pipeline rules: one module per rule id (the ids are part of the interface; each
//! has its `rules/<id>.md`). Every rule looks at the [`Extraction`] of one file.
//!
//! The chart budget hook: [`Cx::budget`] gives, for an invocation whose chart is
//! known, what that chart needs (see [`ChartBudget`]). The `helm-timeout-too-short`
//! rule needs it (without it, it finds nothing) and `ci-timeout-shorter-than-helm`
//! counts the chart's phases with it (without it, one phase).

mod atomic_without_cleanup_on_fail;
mod ci_timeout_shorter_than_helm;
mod dry_run_client;
mod exit_code_ignored;
mod flag_value_ignored;
mod force;
mod force_with_atomic;
mod force_with_server_side;
mod no_wait;
mod release_timeout;
mod removed_flag;
mod reuse_values;
mod timeout_invalid;
mod timeout_missing;
mod timeout_too_short;
mod wait_for_jobs_without_wait;

use super::finding::{Finding, Severity};
use super::model::{
    Extraction, FlagUse, HelmInvocation, ReleaseSetting, ReleaseSystem, Setting, SettingKind,
};
use super::source::SourceFile;

/// What a chart needs from the invocation that deploys it: its budget, computed from
/// the chart rendered with the invocation's values ("lint what you deploy",
/// [`crate::deploy`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartBudget {
    /// The chart directory or archive (its template positions are relative to it).
    pub chart: std::path::PathBuf,
    /// The budget.
    pub budget: std::sync::Arc<crate::budget::Budget>,
}

/// What deploys a chart: a Helm command, or a GitOps/IaC release.
#[derive(Clone, Copy, Debug)]
pub enum Deployer<'a> {
    /// A `helm install/upgrade/template` command.
    Command(&'a HelmInvocation),
    /// A helmfile, Flux, Argo CD or Terraform release.
    Release(&'a ReleaseSetting),
}

impl Deployer<'_> {
    /// What identifies it in its file: whether it is a release, and its span.
    pub fn key(&self) -> (bool, usize, usize) {
        match self {
            Deployer::Command(inv) => (false, inv.span.start, inv.span.end),
            Deployer::Release(r) => (true, r.span.start, r.span.end),
        }
    }
}

/// The budget of the chart a command or release deploys, when known.
pub type BudgetFn<'a> = &'a dyn Fn(Deployer<'_>) -> Option<ChartBudget>;

/// What a rule sees.
pub struct Cx<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// What was extracted from it.
    pub extraction: &'a Extraction,
    /// The chart budget hook (see the module docs).
    pub budget: Option<BudgetFn<'a>>,
}

/// A pipeline rule.
pub struct RuleDef {
    /// The id.
    pub id: &'static str,
    /// The severity of its findings.
    pub severity: Severity,
    /// Appends findings.
    pub check: fn(&Cx<'_>, &mut Vec<Finding>),
}

impl RuleDef {
    /// A finding of this rule at `span` of the file being checked.
    pub fn at(
        &self,
        cx: &Cx<'_>,
        span: super::source::Span,
        message: impl Into<String>,
    ) -> Finding {
        Finding::at(self.id, self.severity, cx.file, span, message)
    }
}

/// Every pipeline rule, in id order.
pub static RULES: &[RuleDef] = &[
    ci_timeout_shorter_than_helm::RULE,
    atomic_without_cleanup_on_fail::RULE,
    dry_run_client::RULE,
    exit_code_ignored::RULE,
    flag_value_ignored::RULE,
    force::RULE,
    force_with_atomic::RULE,
    force_with_server_side::RULE,
    no_wait::RULE,
    removed_flag::RULE,
    reuse_values::RULE,
    timeout_invalid::RULE,
    timeout_missing::RULE,
    timeout_too_short::RULE,
    wait_for_jobs_without_wait::RULE,
];

/// Id of the finding for a file part the extractor could not read.
pub const PARSE_PROBLEM: &str = "pipeline-unreadable";

/// [`PARSE_PROBLEM`] for the rule registry.
pub const PARSE_PROBLEM_RULE: crate::rules::registry::RuleInfo = crate::rules::registry::RuleInfo {
    id: PARSE_PROBLEM,
    severity: Severity::Note,
};

/// Runs every rule over a file's extraction (no chart budgets).
pub fn run(file: &SourceFile, extraction: &Extraction) -> Vec<Finding> {
    run_with_budget(file, extraction, None)
}

/// Runs every rule, with chart budgets when the caller knows the charts.
pub fn run_with_budget(
    file: &SourceFile,
    extraction: &Extraction,
    budget: Option<BudgetFn<'_>>,
) -> Vec<Finding> {
    let cx = Cx {
        file,
        extraction,
        budget,
    };
    let mut out = Vec::new();
    for r in RULES {
        (r.check)(&cx, &mut out);
    }
    for p in &extraction.problems {
        out.push(Finding::at(
            PARSE_PROBLEM,
            Severity::Note,
            file,
            p.span,
            p.value.clone(),
        ));
    }
    out
}

// Helpers shared by the rules.

/// The last use of any of `names` that is on (bare or a true value).
pub(crate) fn flag_on<'a>(inv: &'a HelmInvocation, names: &[&str]) -> Option<&'a FlagUse> {
    inv.flags
        .iter()
        .rev()
        .find(|f| names.contains(&f.name.as_str()))
        .filter(|f| inv.flag_on(&f.name) || f.value.as_ref().is_some_and(|v| !v.known))
}

/// `--force` / `--force-replace`, when on.
pub(crate) fn force_flag(inv: &HelmInvocation) -> Option<&FlagUse> {
    flag_on(inv, &["force", "force-replace"])
}

/// `--atomic` / `--rollback-on-failure`, when on.
pub(crate) fn atomic_flag(inv: &HelmInvocation) -> Option<&FlagUse> {
    flag_on(inv, &["atomic", "rollback-on-failure"])
}

/// `--wait` when it makes Helm wait for resources (bare, `true`, `watcher`,
/// `legacy`; not `false` or Helm 4's `hookOnly`).
pub(crate) fn wait_flag(inv: &HelmInvocation) -> Option<&FlagUse> {
    let f = inv.flag("wait")?;
    match f.value.as_ref().map(|v| v.text.as_str()) {
        None | Some("true" | "watcher" | "legacy" | "1" | "t" | "T" | "TRUE" | "True") => Some(f),
        Some(_) if !f.value.as_ref().is_some_and(|v| v.known) => Some(f),
        Some(_) => None,
    }
}

/// Whether the invocation is a dry run (any `--dry-run` but `none`/`false`).
pub(crate) fn is_dry_run(inv: &HelmInvocation) -> bool {
    inv.flag("dry-run").is_some_and(|f| {
        !matches!(
            f.value.as_ref().map(|v| v.text.as_str()),
            Some("none" | "false" | "0" | "f" | "F" | "FALSE" | "False" | "")
        )
    })
}

/// Install or upgrade that really deploys (not a dry run).
pub(crate) fn deploys(inv: &HelmInvocation) -> bool {
    inv.command.deploys() && !is_dry_run(inv)
}

/// ` (unless `$EXTRA` supplies it)` when the invocation has opaque arguments.
pub(crate) fn unless_opaque(inv: &HelmInvocation, what: &str) -> String {
    if !inv.opaque_args {
        return String::new();
    }
    let names: Vec<&str> = inv
        .positionals
        .iter()
        .filter(|a| a.opaque)
        .map(|a| a.text.as_str())
        .collect();
    if names.is_empty() {
        format!(" (unless the arguments expanded at run time add {what})")
    } else {
        format!(" (unless {} adds {what})", names.join(", "))
    }
}

/// The context label in parentheses, or nothing.
pub(crate) fn where_(inv: &HelmInvocation) -> String {
    if inv.context.label.is_empty() {
        String::new()
    } else {
        format!(" ({})", inv.context.label)
    }
}

/// The release settings of a kind that are on (`true`), with the release.
pub(crate) fn release_settings_on<'a>(
    cx: &'a Cx<'_>,
    kind: SettingKind,
) -> impl Iterator<Item = (&'a super::model::ReleaseSetting, &'a super::model::Setting)> + 'a {
    cx.extraction.releases.iter().filter_map(move |r| {
        r.get(&kind)
            .filter(|s| matches!(s.value.as_str(), "true" | "True" | "TRUE" | "yes" | "on"))
            .map(|s| (r, s))
    })
}

/// How a message names a release setting as written: helmfile `force: true`,
/// Flux `spec.upgrade.force: true`, Terraform `force_update = true`, Argo CD
/// `syncOptions: Replace=true`.
pub(crate) fn setting_ref(cx: &Cx<'_>, r: &ReleaseSetting, s: &Setting) -> String {
    let written = cx.file.slice(s.span).trim();
    match r.system {
        // `var.x` / `try(…, true)`: say which value the file gives it.
        ReleaseSystem::Terraform if written.trim_matches('"') != s.value => {
            format!(
                "Terraform `{} = {written}` (`{}` by default)",
                s.key, s.value
            )
        }
        ReleaseSystem::Terraform => format!("Terraform `{} = {written}`", s.key),
        ReleaseSystem::ArgoCd => format!("Argo CD `{}`", s.key),
        ReleaseSystem::Helmfile | ReleaseSystem::Flux => {
            format!("{} `{}: {written}`", r.system.name(), s.key)
        }
    }
}

/// ` of release `name`` when the release is named.
pub(crate) fn of_release(r: &ReleaseSetting) -> String {
    r.release
        .as_ref()
        .map_or(String::new(), |n| format!(" of release `{}`", n.value))
}

/// The release's name for messages (`release `web``, or `this release`).
pub(crate) fn release_name(r: &ReleaseSetting) -> String {
    r.release.as_ref().map_or("this release".to_string(), |n| {
        format!("release `{}`", n.value)
    })
}

#[cfg(test)]
mod tests;
