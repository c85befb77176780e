//! Lint what you deploy: the Helm commands of pipeline files that install, upgrade or
//! template a chart of the repository make that chart be linted with the command's
//! values, release name and namespace, and their `--timeout` be checked against the
//! budget of that render.
//!
//! * [`workdir`]: where a command runs (the repository-root rule and GitHub's
//!   `working-directory`), so that relative chart and `-f` paths resolve;
//! * [`target`]: a command to the chart and values it deploys (missing files are
//!   `helm-file-not-found` findings, unknown expansions become [`placeholder`]s);
//! * [`plan`]: every chart to lint, once, with a run per command that deploys it
//!   ([`crate::lint::jobs`]), and the budgets of those runs back to the pipeline
//!   rules ([`DeployPlan::budgets`]).

pub mod placeholder;
pub mod target;
pub mod workdir;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::budget::Budget;
use crate::config::{absolute, Config};
use crate::lint::jobs::{ChartJob, DeployRun};
use crate::pipeline::extract::FileKind;
use crate::pipeline::model::{Extraction, HelmInvocation};
use crate::pipeline::rules::ChartBudget;
use crate::pipeline::source::Span;
use crate::pipeline::{Finding, SourceFile};

/// A pipeline file read for linting.
pub struct PipelineFile {
    /// The file.
    pub file: SourceFile,
    /// Its kind.
    pub kind: FileKind,
    /// What its extractor found.
    pub extraction: Extraction,
}

/// The charts to lint and what the pipeline files say about them.
#[derive(Debug, Default)]
pub struct DeployPlan {
    /// Every chart to lint: the ones `lint` was given or found (default runs), then
    /// the ones only pipelines deploy, each once, with a run per command.
    pub jobs: Vec<ChartJob>,
    /// `helm-file-not-found` findings, by pipeline file (same order as the files).
    pub findings: Vec<Vec<Finding>>,
    /// The run key's pipeline file index, command span and chart path.
    runs: Vec<(usize, Span, PathBuf)>,
}

/// Plans the runs: one job per chart in `charts` (with its default runs), plus a run
/// for each command of `pipelines` that deploys a local chart (charts that only
/// pipelines name get a job of their own).
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
        let workdirs = workdir::WorkingDirs::of(&p.file, p.kind);
        for inv in &p.extraction.invocations {
            if inv.chart.as_ref().is_none_or(|c| !c.known) {
                continue;
            }
            let dirs = workdirs.at(inv.span);
            let Some(t) = target::resolve(&p.file, inv, &dirs, &mut problems) else {
                continue;
            };
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
                .push((file_index, inv.span, out.jobs[job].path.clone()));
            let deploys = crate::pipeline::rules::deploys(inv);
            out.jobs[job].deploys.push(DeployRun {
                values: t.values,
                release: t.release,
                namespace: t.namespace,
                is_upgrade: is_upgrade(inv),
                budget: deploys.then(|| crate::budget::BudgetSettings {
                    wait_for_jobs: inv.flag_on("wait-for-jobs"),
                    ..base.clone()
                }),
                by: t.by,
                key,
            });
        }
        out.findings.push(problems);
    }
    out
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
    by_command: HashMap<(usize, usize, usize), ChartBudget>,
}

impl DeployPlan {
    /// The budgets computed by the runs (`(key, budget)` from
    /// [`crate::lint::jobs::JobsOutcome::budgets`]), by pipeline file and command.
    pub fn budgets(&self, computed: Vec<(usize, Budget)>) -> Budgets {
        let mut by_command = HashMap::new();
        for (key, budget) in computed {
            let Some((file, span, chart)) = self.runs.get(key) else {
                continue;
            };
            by_command.insert(
                (*file, span.start, span.end),
                ChartBudget {
                    chart: chart.clone(),
                    budget: Arc::new(budget),
                },
            );
        }
        Budgets { by_command }
    }
}

impl Budgets {
    /// The budget of the chart that command `inv` of pipeline file `file` deploys.
    pub fn of(&self, file: usize, inv: &HelmInvocation) -> Option<ChartBudget> {
        self.by_command
            .get(&(file, inv.span.start, inv.span.end))
            .cloned()
    }
}
