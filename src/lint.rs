//! `lint`: render each chart with the given values and run every rule.

use std::path::{Path, PathBuf};

use crate::chart::load::{load, Chart};
use crate::manifest::{documents_cached, DocCache, Provenance, TemplatePos};
use crate::render::chart::{render_chart, RenderOptions};
use crate::render::command::version_in_range;
use crate::rules::registry::RuleInfo;
use crate::rules::{run_cached, Finding, Severity};
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
    /// Findings, sorted by location.
    pub findings: Vec<Finding>,
}

/// Renders and lints one chart. A chart that does not load or render yields a
/// `render-failed` finding at the template location Helm names.
pub fn lint_chart(path: &Path, user: &Entries, opts: &RenderOptions) -> ChartReport {
    match load(path) {
        Ok(chart) => lint_loaded(path, &chart, user, opts, &mut DocCache::default()),
        Err(e) => load_failure(path, e.to_string()),
    }
}

fn load_failure(path: &Path, message: String) -> ChartReport {
    ChartReport {
        path: path.to_path_buf(),
        chart: String::new(),
        values_file: None,
        findings: vec![failure(message, String::new())],
    }
}

/// Lints a loaded chart; parses of rendered documents are shared through `cache`.
fn lint_loaded(
    path: &Path,
    chart: &Chart,
    user: &Entries,
    opts: &RenderOptions,
    cache: &mut DocCache,
) -> ChartReport {
    let name = chart.name().to_string();
    let opts = RenderOptions {
        lint_keys: true,
        ..opts.clone()
    };
    let findings = match render_chart(chart, user, &opts, version_in_range) {
        Ok(rendered) => {
            let docs = documents_cached(&rendered, cache);
            run_cached(&rendered, &docs, cache)
        }
        Err(e) => {
            let template = e.template.clone().unwrap_or_default();
            let mut f = failure(e.message, template.clone());
            f.location = e
                .offset
                .and_then(|off| position_in_file(path, &template, off));
            vec![f]
        }
    };
    ChartReport {
        path: path.to_path_buf(),
        chart: name,
        values_file: None,
        findings,
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
/// over them (the chart-testing convention); each report names its values file.
pub fn lint_chart_runs(path: &Path, user: &Entries, opts: &RenderOptions) -> Vec<ChartReport> {
    let chart = match load(path) {
        Ok(c) => c,
        Err(e) => return vec![load_failure(path, e.to_string())],
    };
    let mut cache = DocCache::default();
    let mut reports = vec![lint_loaded(path, &chart, user, opts, &mut cache)];
    for file in ci_values_files(path) {
        let mut values = user.clone();
        let loaded = std::fs::read_to_string(&file)
            .map_err(|e| e.to_string())
            .and_then(|t| crate::yaml::to_value::load_values_v4(&t).map_err(|e| e.to_string()));
        let mut report = match loaded {
            Ok(crate::template::value::Value::Map(m)) => {
                crate::render::values::merge_maps(&mut values, m.entries.borrow().clone());
                lint_loaded(path, &chart, &values, opts, &mut cache)
            }
            Ok(_) => lint_loaded(path, &chart, &values, opts, &mut cache),
            Err(e) => load_failure(path, format!("{}: {e}", file.display())),
        };
        report.values_file = Some(file);
        reports.push(report);
    }
    reports
}

/// The template position of byte `offset` of template `template` (read from disk).
fn position_in_file(chart_dir: &Path, template: &str, offset: u32) -> Option<Provenance> {
    let text = std::fs::read_to_string(template_file(chart_dir, template)).ok()?;
    let before = text.get(..(offset as usize).min(text.len()))?;
    let line = 1 + before.matches('\n').count() as u32;
    let column = 1 + before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count() as u32;
    Some(Provenance {
        at: TemplatePos {
            file: template.to_string(),
            line,
            column,
        },
        computed: true,
        via: Vec::new(),
    })
}

/// The file a template path (`chart/templates/x.yaml`) refers to on disk.
pub fn template_file(chart_dir: &Path, template: &str) -> PathBuf {
    match template.split_once('/') {
        Some((_, rest)) => chart_dir.join(rest),
        None => chart_dir.join(template),
    }
}

/// Lints every chart path (with its chart-testing runs) on all cores and returns the
/// reports in the order of `paths`. Each worker thread builds its own user values with
/// `user` (values hold `Rc`s and stay on the thread that made them).
pub fn lint_paths<F>(paths: &[PathBuf], user: F, opts: &RenderOptions) -> Vec<ChartReport>
where
    F: Fn() -> Entries + Sync,
{
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::with_capacity(paths.len()));
    let work = || {
        let values = user();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(path) = paths.get(i) else {
                break;
            };
            let reports = lint_chart_runs(path, &values, opts);
            if let Ok(mut r) = results.lock() {
                r.push((i, reports));
            }
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
