//! What `lint PATH...` lints: charts and the pipeline files that deploy them.
//!
//! A PATH is a chart directory (it has a `Chart.yaml`), a chart archive (`.tgz`), a
//! `Chart.yaml` file, a pipeline file (a workflow, `.gitlab-ci.yml`, script, Makefile,
//! ...: see [`crate::pipeline::extract::detect`]), or a directory that is searched for
//! both. The search honours `.gitignore`/`.ignore` files, skips dependency and build
//! folders and hidden directories, except the hidden directories where CI systems keep
//! their files (`.github`, `.gitlab`, `.circleci`, ...). It never looks inside a chart: subcharts (`charts/` of a chart) and
//! everything else in a chart directory belong to that chart. Archives are linted only
//! when given explicitly (a directory of packaged charts is usually a chart
//! repository's output).

use std::path::{Path, PathBuf};

use crate::pipeline::extract::{detect, FileKind};
use crate::pipeline::SourceFile;

/// What the PATHs stand for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Targets {
    /// Chart directories and archives, in the order given (each directory's charts
    /// sorted by path), each once.
    pub charts: Vec<PathBuf>,
    /// Pipeline files with their kind, in the same order.
    pub pipelines: Vec<(PathBuf, FileKind)>,
}

/// Directories never searched (hidden ones are skipped too, but for [`CI_DIRS`]).
const SKIP_DIRS: &[&str] = &["node_modules", "target", "vendor"];

/// Hidden directories that CI systems keep their files in.
pub(crate) const CI_DIRS: &[&str] = &[
    ".github",
    ".gitlab",
    ".circleci",
    ".azure-pipelines",
    ".azuredevops",
    ".pipelines",
    ".tekton",
    ".buildkite",
    ".woodpecker",
    ".drone",
];

/// Files larger than this are not read as pipeline files (data, binaries).
const MAX_PIPELINE_BYTES: u64 = 2_000_000;

/// The charts and pipeline files of every PATH. A PATH that does not exist, a file
/// that is neither a chart nor a pipeline file, or a directory that holds neither is
/// an error.
pub fn discover(paths: &[PathBuf]) -> Result<Targets, String> {
    let mut out = Targets::default();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        let found = targets_of(path)?;
        for chart in found.charts {
            if seen.insert(crate::config::absolute(&chart)) {
                out.charts.push(chart);
            }
        }
        for (file, kind) in found.pipelines {
            if seen.insert(crate::config::absolute(&file)) {
                out.pipelines.push((file, kind));
            }
        }
    }
    Ok(out)
}

/// The charts of every PATH (pipeline files are left out).
pub fn discover_charts(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    Ok(discover(paths)?.charts)
}

/// What one PATH stands for.
fn targets_of(path: &Path) -> Result<Targets, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
    let mut t = Targets::default();
    if meta.is_file() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.ends_with(".tgz") || name.ends_with(".tar.gz") {
            t.charts.push(path.to_path_buf());
        } else if name == "Chart.yaml" {
            t.charts.push(tidy(path.parent().unwrap_or(Path::new("."))));
        } else if let Some(kind) = pipeline_kind(path) {
            t.pipelines.push((tidy(path), kind));
        } else {
            return Err(format!(
                "{shown}: not a chart or a pipeline file (give a chart directory, a .tgz \
                 archive, a CI/CD file that runs helm, or a directory that contains them)"
            ));
        }
        return Ok(t);
    }
    if is_chart_dir(path) {
        t.charts.push(path.to_path_buf());
        return Ok(t);
    }
    let walk = ignore::WalkBuilder::new(path)
        .hidden(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let name = e.file_name().to_str().unwrap_or_default();
            let skipped = is_dir
                && e.depth() > 0
                && (SKIP_DIRS.contains(&name) || name.starts_with('.') && !CI_DIRS.contains(&name));
            // Nothing inside a chart is searched.
            let in_chart = e.path().parent().is_some_and(is_chart_dir);
            !skipped && !in_chart
        })
        .build();
    for entry in walk.flatten() {
        let p = entry.path();
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            if is_chart_dir(p) {
                t.charts.push(tidy(p));
            }
        } else if entry
            .metadata()
            .is_ok_and(|m| m.len() <= MAX_PIPELINE_BYTES)
        {
            if let Some(kind) = pipeline_kind(p) {
                t.pipelines.push((tidy(p), kind));
            }
        }
    }
    if t.charts.is_empty() && t.pipelines.is_empty() {
        return Err(format!(
            "{shown}: no chart or pipeline file found (no Chart.yaml, workflow, CI file or \
             helm script in it or below; hidden and git-ignored directories are not searched)"
        ));
    }
    t.charts.sort();
    t.pipelines.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(t)
}

/// The pipeline kind of a file, when it is one.
fn pipeline_kind(path: &Path) -> Option<FileKind> {
    SourceFile::read(path).ok().and_then(|f| detect(&f))
}

/// Whether `dir` is a chart directory.
fn is_chart_dir(dir: &Path) -> bool {
    dir.join("Chart.yaml").is_file()
}

/// `path` without a leading `./`.
fn tidy(path: &Path) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path.to_path_buf(),
    }
}
