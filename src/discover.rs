//! Which charts `lint PATH...` lints: a PATH is a chart directory (it has a
//! `Chart.yaml`), a chart archive (`.tgz`), a `Chart.yaml` file, or a directory that is
//! searched for chart directories.
//!
//! The search skips hidden directories and what `.gitignore`/`.ignore` files exclude,
//! and never looks inside a chart: subcharts (`charts/` of a chart) and everything else
//! in a chart directory belong to that chart. Archives are linted only when given
//! explicitly (a directory of packaged charts is usually a chart repository's output).

use std::path::{Path, PathBuf};

/// The charts of every PATH, in the order given (each directory's charts sorted by
/// path), each once. A PATH that does not exist, is neither a chart nor an archive, or
/// holds no chart is an error.
pub fn discover_charts(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out: Vec<PathBuf> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        for chart in charts_of(path)? {
            if seen.insert(crate::config::absolute(&chart)) {
                out.push(chart);
            }
        }
    }
    Ok(out)
}

/// The charts one PATH stands for.
fn charts_of(path: &Path) -> Result<Vec<PathBuf>, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
    if meta.is_file() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        return if name.ends_with(".tgz") || name.ends_with(".tar.gz") {
            Ok(vec![path.to_path_buf()])
        } else if name == "Chart.yaml" {
            Ok(vec![tidy(path.parent().unwrap_or(Path::new(".")))])
        } else {
            Err(format!(
                "{shown}: not a chart (give a chart directory, a .tgz archive, or a directory \
                 that contains charts)"
            ))
        };
    }
    if is_chart_dir(path) {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut charts: Vec<PathBuf> = ignore::WalkBuilder::new(path)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            // Nothing inside a chart is searched.
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.path().parent().is_some_and(is_chart_dir))
        })
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_dir()) && is_chart_dir(e.path()))
        .map(|e| tidy(e.path()))
        .collect();
    charts.sort();
    if charts.is_empty() {
        return Err(format!(
            "{shown}: no chart found (no Chart.yaml in it or below; hidden and git-ignored \
             directories are not searched)"
        ));
    }
    Ok(charts)
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
