//! The runs of each chart, on all cores: the chart is loaded once and its runs share
//! the parse cache; the budgets of runs for pipeline commands go back to the caller.

use std::path::{Path, PathBuf};

use super::dedup::dedup_runs;
use super::{
    ci_values_files, lint_loaded, load_failure, ChartReport, DeployedBy, RunSpec, UserValues,
    RENDER_FAILED,
};
use crate::budget::{Budget, BudgetSettings};
use crate::chart::load::{load, Chart};
use crate::config::Config;
use crate::deploy::values::DeployValues;
use crate::manifest::values_origin::ValuesSources;
use crate::manifest::DocCache;
use crate::render::chart::RenderOptions;
use crate::render::context::ReleaseInfo;
use crate::template::value::Value;

/// A run of a chart with the values of a pipeline command that deploys it. Plain data,
/// so that it can be handed to the worker thread that renders the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeployRun {
    /// The values: documents with paths that exist, flags with shell expansions made
    /// placeholders.
    pub values: DeployValues,
    /// The release name (`None`: lint's default).
    pub release: Option<String>,
    /// The namespace (`None`: lint's default).
    pub namespace: Option<String>,
    /// Whether the command is a `helm upgrade` that cannot be a first install.
    pub is_upgrade: bool,
    /// Compute the budget of this run with these settings (commands that deploy).
    pub budget: Option<BudgetSettings>,
    /// How its findings are labelled.
    pub by: DeployedBy,
    /// The caller's key, returned with the budget.
    pub key: usize,
}

/// Everything to lint of one chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartJob {
    /// The chart directory or archive.
    pub path: PathBuf,
    /// Lint it with the command line's and configuration's values and its chart-testing
    /// values files (the chart was named or found by `lint`; a chart that is only
    /// deployed by a pipeline gets only its [`DeployRun`]s).
    pub default_runs: bool,
    /// Runs for the pipeline commands that deploy it, in file order.
    pub deploys: Vec<DeployRun>,
}

/// What linting the jobs gives.
#[derive(Debug, Default)]
pub struct JobsOutcome {
    /// Reports of every run, by job then run, duplicates removed.
    pub reports: Vec<ChartReport>,
    /// Budgets of the [`DeployRun`]s that asked for one and rendered, by key.
    pub budgets: Vec<(usize, Budget)>,
}

/// Lints every job on all cores and returns the reports in the order of `jobs`. The
/// user values of a chart's default run are built by `user` on the worker thread that
/// lints it (values hold `Rc`s and stay on the thread that made them).
pub fn lint_jobs<F>(
    jobs: &[ChartJob],
    user: F,
    opts: &RenderOptions,
    config: &Config,
) -> JobsOutcome
where
    F: Fn(&Path) -> UserValues + Sync,
{
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    // The largest jobs first, so that no big chart starts last and keeps one core busy
    // alone at the end.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    if workers > 1 {
        let cost: Vec<u64> = jobs.iter().map(job_cost).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(cost[i]));
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::with_capacity(jobs.len()));
    let work = || loop {
        let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some((i, job)) = order.get(n).map(|&i| (i, &jobs[i])) else {
            break;
        };
        let user = if job.default_runs {
            user(&job.path)
        } else {
            UserValues::default()
        };
        let outcome = run_job(job, &user, opts, config);
        if let Ok(mut r) = results.lock() {
            r.push((i, outcome));
        }
    };
    if workers == 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..workers {
                // The engine grows its stack on demand (stacker); 8 MiB matches the
                // main thread's.
                let spawned = std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(s, work);
                if spawned.is_err() {
                    work();
                }
            }
        });
    }
    let mut done = results.into_inner().unwrap_or_default();
    done.sort_by_key(|(i, _)| *i);
    let mut out = JobsOutcome::default();
    for (_, o) in done {
        out.reports.extend(o.reports);
        out.budgets.extend(o.budgets);
    }
    out
}

/// A rough cost of a job, to schedule the largest first: the bytes of the chart's
/// templates (its own and its subcharts') times its runs.
fn job_cost(job: &ChartJob) -> u64 {
    fn template_bytes(dir: &Path, depth: u32) -> u64 {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        let mut total = 0;
        for e in entries.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() && depth < 8 => total += template_bytes(&p, depth + 1),
                Ok(t) if t.is_file() => {
                    let in_templates = p.components().any(|c| c.as_os_str() == "templates");
                    let archive = p.extension().is_some_and(|x| x == "tgz");
                    if in_templates || archive {
                        total += e.metadata().map_or(0, |m| m.len());
                    }
                }
                _ => {}
            }
        }
        total
    }
    let size = if job.path.is_dir() {
        template_bytes(&job.path, 0)
    } else {
        std::fs::metadata(&job.path).map_or(0, |m| m.len() * 4)
    };
    let runs = u64::from(job.default_runs) * (1 + ci_values_files(&job.path).len() as u64)
        + job.deploys.len() as u64;
    size * runs.max(1)
}

/// Lints a chart with `user` values, then once more per `ci/*-values.yaml` file over
/// the chart's defaults (the chart-testing convention), each report naming its values
/// file; a finding is reported once, by the first run that finds it.
pub fn lint_chart_runs(
    path: &Path,
    user: &UserValues,
    opts: &RenderOptions,
    config: &Config,
) -> Vec<ChartReport> {
    let job = ChartJob {
        path: path.to_path_buf(),
        default_runs: true,
        deploys: Vec::new(),
    };
    run_job(&job, user, opts, config).reports
}

/// Every run of one chart: the default run (with the configuration's timeout check)
/// and one per chart-testing values file when asked, then one per pipeline command.
pub fn run_job(
    job: &ChartJob,
    user: &UserValues,
    opts: &RenderOptions,
    config: &Config,
) -> JobsOutcome {
    let path = job.path.as_path();
    let mut out = JobsOutcome::default();
    let chart = match load(path) {
        Ok(c) => c,
        Err(e) => {
            let message = e.to_string();
            if job.default_runs {
                out.reports
                    .push(load_failure(path, message.clone(), config));
            }
            for d in &job.deploys {
                let mut r = load_failure(path, message.clone(), config);
                r.deployed_by = Some(d.by.clone());
                out.reports.push(r);
            }
            dedup_runs(&mut out.reports);
            return out;
        }
    };
    let mut cache = DocCache::default();
    if job.default_runs {
        default_runs(
            path,
            &chart,
            user,
            opts,
            config,
            &mut cache,
            &mut out.reports,
        );
    }
    for d in &job.deploys {
        let (report, budget) = deploy_run(path, &chart, d, opts, config, &mut cache);
        out.reports.push(report);
        out.budgets.extend(budget.map(|b| (d.key, b)));
    }
    dedup_runs(&mut out.reports);
    out
}

/// The run with `user` values (the command line's and the configuration's), then one
/// per `ci/*-values.yaml` file over the chart's own defaults, as `ct install` runs it
/// (the user's values are a deployment's, not part of a test scenario), each report
/// naming its values file.
fn default_runs(
    path: &Path,
    chart: &Chart,
    user: &UserValues,
    opts: &RenderOptions,
    config: &Config,
    cache: &mut DocCache,
    out: &mut Vec<ChartReport>,
) {
    let sources = ValuesSources::new(user.files.clone()).with_overrides(user.overrides.clone());
    let run = RunSpec {
        user: &user.entries,
        sources: &sources,
        opts,
        budget: None,
        config_timeout: config
            .chart_settings(path)
            .is_some_and(|c| c.timeout.is_some()),
    };
    out.push(lint_loaded(path, chart, &run, config, cache).0);
    for file in ci_values_files(path) {
        let mut values = crate::template::entries::Entries::default();
        let text = std::fs::read_to_string(&file).map_err(|e| e.to_string());
        let loaded = text
            .clone()
            .and_then(|t| crate::yaml::to_value::load_values_v4(&t).map_err(|e| e.to_string()));
        let documents = text.as_deref().map_or(0, values_documents);
        let sources = ValuesSources::new(vec![(file.clone(), text.unwrap_or_default())]);
        let mut report = match loaded {
            Ok(v) => {
                if let Value::Map(m) = v {
                    values = m.entries.borrow().clone();
                }
                let run = RunSpec {
                    user: &values,
                    sources: &sources,
                    opts,
                    budget: None,
                    config_timeout: false,
                };
                lint_loaded(path, chart, &run, config, cache).0
            }
            Err(e) => load_failure(path, format!("{}: {e}", file.display()), config),
        };
        if documents > 1 {
            for f in &mut report.findings {
                if f.rule == RENDER_FAILED.id {
                    f.message.push_str(&format!(
                        " ({} holds {documents} YAML documents: Helm 4 merges them all, in \
                         order; Helm 3 reads only the first)",
                        file.display()
                    ));
                }
            }
        }
        report.values_file = Some(file);
        out.push(report);
    }
}

/// The run with the values, release name and namespace of a pipeline command, and its
/// budget when the command deploys.
fn deploy_run(
    path: &Path,
    chart: &Chart,
    d: &DeployRun,
    opts: &RenderOptions,
    config: &Config,
    cache: &mut DocCache,
) -> (ChartReport, Option<Budget>) {
    let (mut report, budget) = match d.values.merge() {
        Ok(merged) => {
            let mut release = ReleaseInfo {
                is_upgrade: d.is_upgrade,
                ..opts.release.clone()
            };
            if let Some(name) = &d.release {
                release.name = name.clone();
            }
            if let Some(ns) = &d.namespace {
                release.namespace = ns.clone();
            }
            let opts = RenderOptions {
                release,
                ..opts.clone()
            };
            let run = RunSpec {
                user: &merged.user,
                sources: &ValuesSources::new(merged.files).with_overrides(merged.overrides),
                opts: &opts,
                budget: d.budget.clone(),
                config_timeout: false,
            };
            match merged.chart_values {
                // The system replaces the chart's defaults (Flux `valuesFiles`): they
                // are located among the user's files.
                Some(defaults) => {
                    let chart = Chart {
                        values: defaults,
                        values_text: None,
                        ..chart.clone()
                    };
                    lint_loaded(path, &chart, &run, config, cache)
                }
                None => lint_loaded(path, chart, &run, config, cache),
            }
        }
        Err(e) => (load_failure(path, e, config), None),
    };
    report.deployed_by = Some(d.by.clone());
    (report, budget)
}

/// How many YAML documents a values file holds (empty ones included, as Helm 4 reads
/// them).
fn values_documents(text: &str) -> usize {
    crate::yaml::parse_documents(text).map_or(0, |d| d.len())
}
