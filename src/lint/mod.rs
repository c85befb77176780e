//! `lint`: render each chart with the given values and run every rule.
//!
//! A chart is linted in *runs*: once with the command line's (and the configuration's)
//! values, once more per chart-testing values file (`ci/*-values.yaml`), and once per
//! pipeline command that deploys it ([`jobs`], built by [`crate::deploy`]). The runs of
//! one chart share the loaded chart and the parse cache, and a finding is reported by
//! the first run that finds it ([`dedup`]).

pub mod command;
mod config_timeout;
pub mod dedup;
pub mod jobs;
pub mod schema_unchecked;

pub use jobs::lint_chart_runs;

use std::path::{Path, PathBuf};

use crate::budget::{compute, Budget, BudgetSettings};
use crate::chart::load::{load, Chart};
use crate::config::Config;
use crate::manifest::schema_origin::schema_value_origin;
use crate::manifest::values_origin::{ValuesFile, ValuesPos, ValuesSources};
use crate::manifest::{documents_cached, line_col, DocCache, Provenance, RenderedDoc};
use crate::render::chart::{render_chart, RenderError, RenderOptions, Rendered};
use crate::render::command::version_in_range;
use crate::rules::registry::RuleInfo;
use crate::rules::{run_cached, Finding, Severity};
use crate::suppress::{self, Scope, Suppressed};
use crate::template::value::Entries;

/// The findings of one chart, with what is needed to print them.
#[derive(Debug)]
pub struct ChartReport {
    /// The chart directory or archive.
    pub path: PathBuf,
    /// The chart name.
    pub chart: String,
    /// The chart-testing values file (`ci/*-values.yaml`) this run used, if any.
    pub values_file: Option<PathBuf>,
    /// The pipeline command whose values this run used, if any.
    pub deployed_by: Option<DeployedBy>,
    /// The release name the chart was rendered with.
    pub release: String,
    /// Findings, sorted by location (rule settings of the configuration applied).
    pub findings: Vec<Finding>,
    /// Findings accepted by an annotation, a template comment or an exemption.
    pub suppressed: Vec<Suppressed>,
}

/// The pipeline command a run of a chart takes its values from ("lint what you
/// deploy").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeployedBy {
    /// The pipeline file.
    pub path: PathBuf,
    /// 1-based line of the command (its `helm`).
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// The command's values flags as written (`-f values-prod.yaml --set tag=$TAG`);
    /// empty when it has none.
    pub label: String,
}

/// The user values of a chart's lint: merged, and the `-f` files they came from (path
/// and text, in merge order) so that findings can name the values line behind them.
#[derive(Default)]
pub struct UserValues {
    /// The merged values.
    pub entries: Entries,
    /// The `-f` files.
    pub files: Vec<(PathBuf, String)>,
    /// The keys `--set`-style flags set (no values file supplies them).
    pub overrides: Vec<Vec<String>>,
}

/// What one run of a chart renders with, besides the chart.
pub struct RunSpec<'a> {
    /// The user values (`-f` files and `--set` values, merged).
    pub user: &'a Entries,
    /// The `-f` files behind them (for the values origin of findings).
    pub sources: &'a ValuesSources,
    /// Release facts and capabilities.
    pub opts: &'a RenderOptions,
    /// Compute the timeout budget from this run's render, with these settings.
    pub budget: Option<BudgetSettings>,
    /// Check the configuration's `charts[].timeout` of this chart against the budget
    /// (the run with the configuration's values).
    pub config_timeout: bool,
}

/// Renders and lints one chart with the default configuration. A chart that does not
/// load or render yields a `render-failed` finding at the template location Helm names.
pub fn lint_chart(path: &Path, user: &Entries, opts: &RenderOptions) -> ChartReport {
    let config = Config::default();
    match load(path) {
        Ok(chart) => {
            let run = RunSpec {
                user,
                sources: &ValuesSources::default(),
                opts,
                budget: None,
                config_timeout: false,
            };
            lint_loaded(path, &chart, &run, &config, &mut DocCache::default()).0
        }
        Err(e) => load_failure(path, e.to_string(), &config),
    }
}

/// The report of a run that could not render: one `render-failed` finding.
fn load_failure(path: &Path, message: String, config: &Config) -> ChartReport {
    let mut finding = failure(message, String::new());
    finding.location = crate::chart::load_error::locate(path, &finding.message)
        .map(|(file, line, column)| file_point(file, line, column));
    let (findings, suppressed) = settle(vec![finding], config, path, None, &[]);
    ChartReport {
        path: path.to_path_buf(),
        chart: String::new(),
        values_file: None,
        deployed_by: None,
        release: String::new(),
        findings,
        suppressed,
    }
}

/// Applies the configuration's rule settings and every suppression to the findings of
/// one run.
fn settle(
    mut findings: Vec<Finding>,
    config: &Config,
    chart_path: &Path,
    rendered: Option<&Rendered>,
    docs: &[RenderedDoc],
) -> (Vec<Finding>, Vec<Suppressed>) {
    config.apply_rules(&mut findings);
    let scope = Scope {
        config,
        chart_path,
        rendered,
        docs,
    };
    suppress::apply(findings, &scope)
}

/// Lints a loaded chart; parses of rendered documents are shared through `cache`.
/// Returns the budget too when `run.budget` asks for it and the chart rendered.
fn lint_loaded(
    path: &Path,
    chart: &Chart,
    run: &RunSpec<'_>,
    config: &Config,
    cache: &mut DocCache,
) -> (ChartReport, Option<Budget>) {
    let name = chart.name().to_string();
    let opts = RenderOptions {
        lint_keys: true,
        ..run.opts.clone()
    };
    let mut budget = None;
    let (findings, suppressed) = match render_chart(chart, run.user, &opts, version_in_range) {
        Ok(rendered) => {
            let docs = documents_cached(&rendered, cache);
            let mut findings = run_cached(&rendered, &docs, cache, run.sources);
            findings.extend(schema_unchecked::findings(
                path,
                &rendered.chart,
                &rendered.schema_unchecked,
            ));
            let settings = match (&run.budget, run.config_timeout) {
                (Some(s), _) => Some(s.clone()),
                (None, true) => Some(config.budget_settings()),
                (None, false) => None,
            };
            if let Some(settings) = settings {
                let b = compute(&rendered, &docs, &settings);
                if run.config_timeout {
                    findings.extend(config_timeout::check(config, path, &b));
                }
                budget = Some(b);
            }
            settle(findings, config, path, Some(&rendered), &docs)
        }
        Err(e) => {
            let f = render_failure(path, chart, run, e);
            settle(vec![f], config, path, None, &[])
        }
    };
    let report = ChartReport {
        path: path.to_path_buf(),
        chart: name,
        values_file: None,
        deployed_by: None,
        release: opts.release.name.clone(),
        findings,
        suppressed,
    };
    (report, budget)
}

/// The `render-failed` finding of a render error: at the dependency missing from
/// `charts/` that caused it, at the values entry `values.schema.json` rejected, or at
/// the template position Helm's message names.
fn render_failure(path: &Path, chart: &Chart, run: &RunSpec<'_>, e: RenderError) -> Finding {
    if let Some((why, at)) =
        crate::chart::load_error::missing_dependency_failure(path, chart, &e.message)
    {
        let mut f = failure(why, String::new());
        f.location = at.map(|(file, line, column)| file_point(file, line, column));
        return f;
    }
    let template = e.template.unwrap_or_default();
    let mut f = failure(e.message, template.clone());
    f.location = match &e.schema_value {
        Some((chart_path, pointer)) => schema_value_origin(chart, chart_path, pointer, run.sources)
            .map(|v| values_location(&v)),
        None => e
            .offset
            .and_then(|off| position_in_file(path, &template, off)),
    };
    f
}

/// A place in a chart file as a finding location, by its absolute path (finding
/// paths are chart-relative unless absolute; reports print them relative to the
/// working directory).
fn file_point(file: PathBuf, line: u32, column: u32) -> Provenance {
    let file = std::path::absolute(&file).unwrap_or(file);
    Provenance::point(file.to_string_lossy(), line, column)
}

/// A values entry as a finding location (a `-f` file by its absolute path, which
/// reports print relative to the working directory; a chart's `values.yaml` by its
/// chart path).
fn values_location(v: &ValuesPos) -> Provenance {
    match &v.file {
        ValuesFile::User(p) => file_point(p.clone(), v.line, v.column),
        ValuesFile::Chart(key) => Provenance::point(key.clone(), v.line, v.column),
    }
}

/// The rule of charts that do not load or render.
pub const RENDER_FAILED: RuleInfo = RuleInfo {
    id: "render-failed",
    severity: Severity::Error,
};

fn failure(message: String, template: String) -> Finding {
    Finding {
        rule: RENDER_FAILED.id,
        severity: RENDER_FAILED.severity,
        message,
        template,
        location: None,
        object: None,
        related: Vec::new(),
    }
}

/// The chart-testing values files of a chart directory (`ci/*-values.yaml`), sorted.
pub fn ci_values_files(chart_dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(chart_dir.join("ci"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.ends_with("-values.yaml"))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The template position of byte `offset` of template `template` (read from disk).
fn position_in_file(chart_dir: &Path, template: &str, offset: u32) -> Option<Provenance> {
    let text = std::fs::read_to_string(template_file(chart_dir, template)).ok()?;
    let (line, column) = line_col(&text, (offset as usize).min(text.len()))?;
    Some(Provenance::point(template, line, column))
}

/// The file a template path (`chart/templates/x.yaml`) refers to on disk. An absolute
/// path is a file outside the chart that a finding about it points at (the
/// configuration's `timeout:` line).
pub fn template_file(chart_dir: &Path, template: &str) -> PathBuf {
    if Path::new(template).is_absolute() {
        return PathBuf::from(template);
    }
    match template.split_once('/') {
        Some((_, rest)) => chart_dir.join(rest),
        None => chart_dir.join(template),
    }
}

/// The file a finding of `report_path`'s chart points at: its template (or the chart,
/// when it names none).
pub fn finding_file(chart_path: &Path, f: &Finding) -> PathBuf {
    let template = f
        .location
        .as_ref()
        .map_or(f.template.as_str(), |l| l.at.file.as_str());
    if template.is_empty() {
        chart_path.to_path_buf()
    } else {
        template_file(chart_path, template)
    }
}
