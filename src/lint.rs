//! `lint`: render each chart with the given values and run every rule.

use std::path::{Path, PathBuf};

use crate::chart::load::{load, Chart};
use crate::config::Config;
use crate::manifest::values_origin::ValuesSources;
use crate::manifest::{documents_cached, line_col, DocCache, Provenance, RenderedDoc};
use crate::render::chart::{render_chart, RenderOptions, Rendered};
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
    /// Findings, sorted by location (rule settings of the configuration applied).
    pub findings: Vec<Finding>,
    /// Findings accepted by an annotation, a template comment or an exemption.
    pub suppressed: Vec<Suppressed>,
}

/// The user values of a chart's lint: merged, and the `-f` files they came from (path
/// and text, in merge order) so that findings can name the values line behind them.
#[derive(Default)]
pub struct UserValues {
    /// The merged values.
    pub entries: Entries,
    /// The `-f` files.
    pub files: Vec<(PathBuf, String)>,
}

/// Renders and lints one chart with the default configuration. A chart that does not
/// load or render yields a `render-failed` finding at the template location Helm names.
pub fn lint_chart(path: &Path, user: &Entries, opts: &RenderOptions) -> ChartReport {
    let config = Config::default();
    match load(path) {
        Ok(chart) => lint_loaded(
            path,
            &chart,
            (user, &ValuesSources::default()),
            opts,
            &config,
            &mut DocCache::default(),
        ),
        Err(e) => load_failure(path, e.to_string(), &config),
    }
}

fn load_failure(path: &Path, message: String, config: &Config) -> ChartReport {
    let (findings, suppressed) = settle(
        vec![failure(message, String::new())],
        config,
        path,
        None,
        &[],
    );
    ChartReport {
        path: path.to_path_buf(),
        chart: String::new(),
        values_file: None,
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
fn lint_loaded(
    path: &Path,
    chart: &Chart,
    (user, sources): (&Entries, &ValuesSources),
    opts: &RenderOptions,
    config: &Config,
    cache: &mut DocCache,
) -> ChartReport {
    let name = chart.name().to_string();
    let opts = RenderOptions {
        lint_keys: true,
        ..opts.clone()
    };
    let (findings, suppressed) = match render_chart(chart, user, &opts, version_in_range) {
        Ok(rendered) => {
            let docs = documents_cached(&rendered, cache);
            let findings = run_cached(&rendered, &docs, cache, sources);
            settle(findings, config, path, Some(&rendered), &docs)
        }
        Err(e) => {
            let template = e.template.clone().unwrap_or_default();
            let mut f = failure(e.message, template.clone());
            f.location = e
                .offset
                .and_then(|off| position_in_file(path, &template, off));
            settle(vec![f], config, path, None, &[])
        }
    };
    ChartReport {
        path: path.to_path_buf(),
        chart: name,
        values_file: None,
        findings,
        suppressed,
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

/// Lints a chart with `user` values, then once more per `ci/*-values.yaml` file merged
/// over them (the chart-testing convention); each report names its values file. A
/// finding that an earlier run of the chart already reported (same rule, location,
/// object and message) is left out of the later runs: each problem is reported once,
/// by the first run that finds it (the run with the given values first).
pub fn lint_chart_runs(
    path: &Path,
    user: &UserValues,
    opts: &RenderOptions,
    config: &Config,
) -> Vec<ChartReport> {
    let chart = match load(path) {
        Ok(c) => c,
        Err(e) => return vec![load_failure(path, e.to_string(), config)],
    };
    let mut cache = DocCache::default();
    let sources = ValuesSources::new(user.files.clone());
    let mut reports = vec![lint_loaded(
        path,
        &chart,
        (&user.entries, &sources),
        opts,
        config,
        &mut cache,
    )];
    for file in ci_values_files(path) {
        let mut values = user.entries.clone();
        let text = std::fs::read_to_string(&file).map_err(|e| e.to_string());
        let loaded = text
            .clone()
            .and_then(|t| crate::yaml::to_value::load_values_v4(&t).map_err(|e| e.to_string()));
        let documents = text.as_deref().map_or(0, values_documents);
        let mut files = user.files.clone();
        files.push((file.clone(), text.unwrap_or_default()));
        let sources = ValuesSources::new(files);
        let mut report = match loaded {
            Ok(v) => {
                if let crate::template::value::Value::Map(m) = v {
                    crate::render::values::merge_maps(&mut values, m.entries.borrow().clone());
                }
                lint_loaded(path, &chart, (&values, &sources), opts, config, &mut cache)
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
        reports.push(report);
    }
    drop_repeats(&mut reports);
    reports
}

/// Leaves out of each run the findings (and suppressed findings) an earlier run of the
/// same chart reported.
fn drop_repeats(reports: &mut [ChartReport]) {
    type Key = (
        &'static str,
        Option<(String, u32, u32)>,
        Option<(String, String)>,
        String,
    );
    let key = |f: &Finding| -> Key {
        (
            f.rule,
            f.location
                .as_ref()
                .map(|l| (l.at.file.clone(), l.at.line, l.at.column)),
            f.object.as_ref().map(|o| (o.kind.clone(), o.name.clone())),
            f.message.clone(),
        )
    };
    let mut seen = std::collections::HashSet::new();
    for r in reports {
        r.findings.retain(|f| seen.insert(key(f)));
        r.suppressed.retain(|s| seen.insert(key(&s.finding)));
    }
}

/// How many YAML documents a values file holds (empty ones included, as Helm 4 reads
/// them).
fn values_documents(text: &str) -> usize {
    crate::yaml::parse_documents(text).map_or(0, |d| d.len())
}

/// The template position of byte `offset` of template `template` (read from disk).
fn position_in_file(chart_dir: &Path, template: &str, offset: u32) -> Option<Provenance> {
    let text = std::fs::read_to_string(template_file(chart_dir, template)).ok()?;
    let (line, column) = line_col(&text, (offset as usize).min(text.len()))?;
    Some(Provenance::point(template, line, column))
}

/// The file a template path (`chart/templates/x.yaml`) refers to on disk.
pub fn template_file(chart_dir: &Path, template: &str) -> PathBuf {
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

/// Lints every chart path (with its chart-testing runs) on all cores and returns the
/// reports in the order of `paths`. The user values of a chart are built by `user` on
/// the worker thread that lints it (values hold `Rc`s and stay on the thread that made
/// them).
pub fn lint_paths<F>(
    paths: &[PathBuf],
    user: F,
    opts: &RenderOptions,
    config: &Config,
) -> Vec<ChartReport>
where
    F: Fn(&Path) -> UserValues + Sync,
{
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::with_capacity(paths.len()));
    let work = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(path) = paths.get(i) else {
            break;
        };
        let reports = lint_chart_runs(path, &user(path), opts, config);
        if let Ok(mut r) = results.lock() {
            r.push((i, reports));
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
    done.into_iter().flat_map(|(_, r)| r).collect()
}
