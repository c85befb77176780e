//! Where the commands of a pipeline file run, so that the relative chart and `-f`
//! paths they name can be found.
//!
//! The *repository root* of a pipeline file is:
//! 1. for a file inside a CI system's hidden directory (`.github/workflows/x.yml`,
//!    `.circleci/config.yml`, `.gitlab/ci/deploy.yml`, ...), the directory that holds
//!    that hidden directory: those systems run jobs from a checkout of the
//!    repository, and keep their files at its top;
//! 2. for a shell script, the nearest directory at or above it that has a `.git`
//!    (CI jobs run scripts from the checkout's top), then (for a chart not found
//!    there, as with a script that does `cd "$(dirname "$0")"`) the script's directory;
//! 3. for any other file (`.gitlab-ci.yml`, a `Jenkinsfile`, a Makefile, ...), its
//!    own directory: CI files of this kind live at the repository's top, and `make`
//!    runs recipes in the Makefile's directory.
//!
//! GitHub Actions `run:` steps then run in their `working-directory` (the step's, else
//! the job's `defaults.run.working-directory`, else the workflow's), relative to the
//! root. A `cd` inside a script is not followed.

use std::path::{Path, PathBuf};

use crate::discover::CI_DIRS;
use crate::pipeline::extract::FileKind;
use crate::pipeline::source::Span;
use crate::pipeline::SourceFile;
use crate::yaml::Node;

/// The repository root of pipeline file `path` (see the module docs), absolute; for
/// a shell script, its directory after it when different.
pub fn repository_roots(path: &Path, kind: FileKind) -> Vec<PathBuf> {
    let path = crate::config::absolute(path);
    let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
    let in_ci_dir = dir.ancestors().find(|a| {
        a.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| CI_DIRS.contains(&n))
    });
    if let Some(ci) = in_ci_dir {
        return vec![ci.parent().unwrap_or(ci).to_path_buf()];
    }
    if kind == FileKind::Shell {
        if let Some(repo) = dir.ancestors().find(|a| a.join(".git").exists()) {
            if repo != dir {
                return vec![repo.to_path_buf(), dir];
            }
        }
    }
    vec![dir]
}

/// Where a command of `file` at `span` may run, in order of preference: the
/// repository roots, with the GitHub `working-directory` that applies to its step.
/// Empty when that directory is not known statically (an expression).
pub fn working_dirs(file: &SourceFile, kind: FileKind, span: Span) -> Vec<PathBuf> {
    let roots = repository_roots(&file.path, kind);
    if kind != FileKind::GitHubActions {
        return roots;
    }
    match github_working_directory(file, span) {
        Some(dir) if dir.contains("${{") => Vec::new(),
        Some(dir) => roots
            .iter()
            .map(|r| crate::config::absolute(&r.join(&dir)))
            .collect(),
        None => roots,
    }
}

/// The `working-directory` of the GitHub `run:` step that holds `span`: the step's,
/// else its job's `defaults.run.working-directory`, else the workflow's.
fn github_working_directory(file: &SourceFile, span: Span) -> Option<String> {
    let (docs, _) = crate::yaml::parse_documents_lossy(&file.text);
    let root = docs
        .iter()
        .find_map(|d| d.root.as_ref().filter(|r| holds(r, span)))?;
    let default_of = |n: &Node| -> Option<String> {
        scalar(n.get("defaults")?.get("run")?.get("working-directory")?)
    };
    let job = root
        .get("jobs")
        .and_then(Node::as_mapping)
        .and_then(|jobs| jobs.iter().map(|(_, j)| j).find(|j| holds(j, span)));
    let step = job
        .and_then(|j| j.get("steps"))
        .or_else(|| root.get("runs").and_then(|r| r.get("steps")))
        .and_then(Node::as_sequence)
        .and_then(|steps| steps.iter().find(|s| holds(s, span)));
    // `working-directory` applies to `run:` steps only (actions run in the workspace).
    if step.is_some_and(|s| s.get("run").is_none()) {
        return None;
    }
    step.and_then(|s| s.get("working-directory").and_then(scalar))
        .or_else(|| job.and_then(default_of))
        .or_else(|| default_of(root))
}

fn holds(n: &Node, span: Span) -> bool {
    n.span.start <= span.start && span.start < n.span.end
}

fn scalar(n: &Node) -> Option<String> {
    n.as_scalar().map(str::to_string)
}
