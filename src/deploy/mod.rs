//! Lint what you deploy: the Helm commands of pipeline files that install, upgrade or
//! template a chart of the repository, and the GitOps/IaC releases (helmfile, Flux,
//! Argo CD, Terraform) that deploy one, make that chart be linted with their values,
//! release name and namespace, and their timeout be checked against the budget of
//! that render.
//!
//! * [`workdir`]: where a command runs (the repository-root rule and GitHub's
//!   `working-directory`), so that relative chart and `-f` paths resolve, and where a
//!   GitOps file's repository paths start;
//! * [`target`]: a command to the chart and values it deploys (missing files are
//!   `helm-file-not-found` findings, unknown expansions become [`placeholder`]s);
//! * [`release`]: the same for a release, by its system's path rules;
//! * [`values`]: the values of a run (documents in merge order, flags, chart defaults
//!   a system replaces);
//! * [`plan`]: every chart to lint, once, with a run per command or release that
//!   deploys it ([`crate::lint::jobs`]), and the budgets of those runs back to the
//!   pipeline rules ([`DeployPlan::budgets`]).

pub mod placeholder;
pub mod release;
pub mod target;
pub mod values;
pub mod workdir;
mod written;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::budget::{Budget, BudgetSettings};
use crate::config::{absolute, Config};
use crate::lint::jobs::{ChartJob, DeployRun};
use crate::pipeline::extract::FileKind;
use crate::pipeline::model::{
    Extraction, HelmInvocation, ReleaseSetting, ReleaseSystem, SettingKind,
};
use crate::pipeline::rules::{ChartBudget, Deployer};
use crate::pipeline::{Finding, SourceFile};
use target::Target;

/// A pipeline file read for linting.
pub struct PipelineFile {
    /// The file.
    pub file: SourceFile,
    /// Its kind.
    pub kind: FileKind,
    /// What its extractor found.
    pub extraction: Extraction,
    /// The lint PATH it was found under (or given as), for finding the root of the
    /// Git repository of Flux and Argo CD files ([`workdir::git_roots`]).
    pub lint_root: Option<PathBuf>,
}

/// The charts to lint and what the pipeline files say about them.
#[derive(Debug, Default)]
pub struct DeployPlan {
    /// Every chart to lint: the ones `lint` was given or found (default runs), then
    /// the ones only pipelines deploy, each once, with a run per command.
    pub jobs: Vec<ChartJob>,
    /// `helm-file-not-found` findings, by pipeline file (same order as the files).
    pub findings: Vec<Vec<Finding>>,
    /// The run key's pipeline file index, deployer key ([`Deployer::key`]) and chart
    /// path.
    runs: Vec<(usize, DeployerKey, PathBuf)>,
}

/// [`Deployer::key`].
type DeployerKey = (bool, usize, usize);

/// Plans the runs: one job per chart in `charts` (with its default runs), plus a run
/// for each command or release of `pipelines` that deploys a local chart (charts
/// that only pipelines name get a job of their own).
pub fn plan(pipelines: &[PipelineFile], charts: &[PathBuf], config: &Config) -> DeployPlan {
    let mut out = DeployPlan {
        jobs: charts
            .iter()
            .map(|c| ChartJob {
                path: c.clone(),
                default_runs: true,
                deploys: Vec::new(),
            })
            .collect(),
        ..DeployPlan::default()
    };
    let mut by_chart: HashMap<PathBuf, usize> = charts
        .iter()
        .enumerate()
        .map(|(i, c)| (absolute(c), i))
        .collect();
    let base = config.budget_settings();
    for (file_index, p) in pipelines.iter().enumerate() {
        let mut problems = Vec::new();
        let mut add = |deployer: Deployer<'_>,
                       t: Target,
                       budget: Option<BudgetSettings>,
                       is_upgrade: bool| {
            let job = *by_chart.entry(absolute(&t.chart)).or_insert_with(|| {
                out.jobs.push(ChartJob {
                    path: shown(&t.chart),
                    default_runs: false,
                    deploys: Vec::new(),
                });
                out.jobs.len() - 1
            });
            let key = out.runs.len();
            out.runs
                .push((file_index, deployer.key(), out.jobs[job].path.clone()));
            out.jobs[job].deploys.push(DeployRun {
                values: t.values,
                release: t.release,
                namespace: t.namespace,
                is_upgrade,
                budget,
                by: t.by,
                key,
            });
        };
        let workdirs = workdir::WorkingDirs::of(&p.file, p.kind);
        for inv in &p.extraction.invocations {
            if inv.chart.as_ref().is_none_or(|c| !c.known) {
                continue;
            }
            let dirs = workdirs.at(inv.span);
            let Some(t) = target::resolve(&p.file, inv, &dirs, &mut problems) else {
                continue;
            };
            let budget = crate::pipeline::rules::deploys(inv).then(|| BudgetSettings {
                wait_for_jobs: inv.flag_on("wait-for-jobs"),
                ..base.clone()
            });
            add(Deployer::Command(inv), t, budget, is_upgrade(inv));
        }
        let git_roots = std::cell::OnceCell::new();
        let roots = || {
            git_roots
                .get_or_init(|| workdir::git_roots(&p.file.path, p.lint_root.as_deref()))
                .clone()
        };
        for r in &p.extraction.releases {
            let Some(t) = release::resolve(&p.file, r, &roots, &mut problems) else {
                continue;
            };
            // Argo CD renders with `helm template` and never waits through Helm.
            let budget = (r.system != ReleaseSystem::ArgoCd).then(|| BudgetSettings {
                wait_for_jobs: waits_for_jobs(r),
                ..base.clone()
            });
            add(Deployer::Release(r), t, budget, false);
        }
        out.findings.push(problems);
    }
    out
}

/// Whether a release waits for Jobs: helmfile `waitForJobs`, Terraform
/// `wait_for_jobs` (both off by default); Flux unless `disableWaitForJobs`.
fn waits_for_jobs(r: &ReleaseSetting) -> bool {
    match r.get(&SettingKind::WaitForJobs) {
        Some(s) => s.is_true(),
        None => r.system == ReleaseSystem::Flux,
    }
}

/// Whether `.Release.IsUpgrade` is true: `helm upgrade` without `--install` (with it,
/// the first deploy is an install).
fn is_upgrade(inv: &HelmInvocation) -> bool {
    inv.command == crate::pipeline::model::HelmCommand::Upgrade && !inv.flag_on("install")
}

/// `path` relative to the working directory when inside it.
fn shown(path: &std::path::Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    PathBuf::from(crate::report::model::shown_path(path, &cwd))
}

/// The budgets of the commands' runs, for the pipeline rules' budget hook.
#[derive(Debug, Default)]
pub struct Budgets {
    by_deployer: HashMap<(usize, DeployerKey), ChartBudget>,
}

impl DeployPlan {
    /// The budgets computed by the runs (`(key, budget)` from
    /// [`crate::lint::jobs::JobsOutcome::budgets`]), by pipeline file and command or
    /// release.
    pub fn budgets(&self, computed: Vec<(usize, Budget)>) -> Budgets {
        let mut by_deployer = HashMap::new();
        for (key, budget) in computed {
            let Some((file, deployer, chart)) = self.runs.get(key) else {
                continue;
            };
            by_deployer.insert(
                (*file, *deployer),
                ChartBudget {
                    chart: chart.clone(),
                    budget: Arc::new(budget),
                },
            );
        }
        Budgets { by_deployer }
    }
}

impl Budgets {
    /// The budget of the chart that a command or release of pipeline file `file`
    /// deploys.
    pub fn of(&self, file: usize, deployer: Deployer<'_>) -> Option<ChartBudget> {
        self.by_deployer.get(&(file, deployer.key())).cloned()
    }
}
