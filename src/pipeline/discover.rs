//! Finding charts and pipeline files under the paths given to `lint`.

use std::path::{Path, PathBuf};

use super::extract::{detect, FileKind};
use super::source::SourceFile;

/// What `lint` should look at.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Targets {
    /// Chart directories and archives.
    pub charts: Vec<PathBuf>,
    /// Pipeline files with their kind.
    pub pipelines: Vec<(PathBuf, FileKind)>,
}

/// Directories never searched.
const SKIP_DIRS: &[&str] = &[".git", "target", "node_modules", "vendor", ".terraform"];

/// Sorts the paths given on the command line into charts and pipeline files: a
/// directory with a `Chart.yaml` or a `.tgz` is a chart; a file is a pipeline file
/// when its kind is detected; any other directory is searched (charts found in it
/// are not searched further).
pub fn discover(paths: &[PathBuf]) -> Targets {
    let mut t = Targets::default();
    for p in paths {
        if p.is_dir() && !p.join("Chart.yaml").is_file() {
            walk(p, &mut t, 0);
        } else if p.is_file() && !is_archive(p) {
            match SourceFile::read(p).ok().and_then(|f| detect(&f)) {
                Some(kind) => t.pipelines.push((p.clone(), kind)),
                None => t.charts.push(p.clone()),
            }
        } else {
            t.charts.push(p.clone());
        }
    }
    t
}

fn is_archive(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "tgz" || e == "gz")
}

fn walk(dir: &Path, t: &mut Targets, depth: u32) {
    if depth > 12 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if SKIP_DIRS.contains(&name) {
                continue;
            }
            if p.join("Chart.yaml").is_file() {
                t.charts.push(p);
            } else {
                walk(&p, t, depth + 1);
            }
        } else if let Ok(meta) = p.metadata() {
            // Pipeline files are small; skip anything large (data, binaries).
            if meta.len() > 2_000_000 {
                continue;
            }
            if let Some(kind) = SourceFile::read(&p).ok().and_then(|f| detect(&f)) {
                t.pipelines.push((p, kind));
            }
        }
    }
}
