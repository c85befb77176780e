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

/// Where the paths of the Git repository that holds a Flux or Argo CD file (`path`) start, in
/// order of preference: the nearest directory at or above it with a `.git`, the
/// lint PATH that holds it (`lint_root`), the current directory when it holds it,
/// and the file's own directory. The checkout's URL is not known, so a repository
/// path is taken to be in this repository when it is a chart under one of them.
pub fn git_roots(path: &Path, lint_root: Option<&Path>) -> Vec<PathBuf> {
    let path = crate::config::absolute(path);
    let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
    let cwd = std::env::current_dir().ok();
    let holds = |d: &Path| path.starts_with(d);
    let candidates = [
        dir.ancestors()
            .find(|a| a.join(".git").exists())
            .map(Path::to_path_buf),
        lint_root.map(crate::config::absolute).filter(|d| holds(d)),
        cwd.filter(|d| holds(d)),
        Some(dir),
    ];
    let mut out: Vec<PathBuf> = Vec::new();
    for c in candidates.into_iter().flatten() {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Where the commands of one pipeline file run (a workflow is parsed once, when a
/// command first asks).
pub struct WorkingDirs<'a> {
    file: &'a SourceFile,
    kind: FileKind,
    roots: Vec<PathBuf>,
    /// The workflow's documents, for GitHub Actions files.
    github: std::cell::OnceCell<Vec<crate::yaml::Document>>,
}

impl<'a> WorkingDirs<'a> {
    /// The lookup for `file`.
    pub fn of(file: &'a SourceFile, kind: FileKind) -> WorkingDirs<'a> {
        WorkingDirs {
            file,
            kind,
            roots: repository_roots(&file.path, kind),
            github: std::cell::OnceCell::new(),
        }
    }

    /// Where the command at `span` may run, in order of preference: the repository
    /// roots, with the GitHub `working-directory` that applies to its step. Empty when
    /// that directory is not known statically (an expression).
    pub fn at(&self, span: Span) -> Vec<PathBuf> {
        if self.kind != FileKind::GitHubActions {
            return self.roots.clone();
        }
        let docs = self
            .github
            .get_or_init(|| crate::yaml::parse_documents_lossy(&self.file.text).0);
        match github_working_directory(docs, span) {
            Some(dir) if dir.contains("${{") => Vec::new(),
            Some(dir) => self
                .roots
                .iter()
                .map(|r| crate::config::absolute(&r.join(&dir)))
                .collect(),
            None => self.roots.clone(),
        }
    }
}

/// The `working-directory` of the GitHub `run:` step that holds `span`: the step's,
/// else its job's `defaults.run.working-directory`, else the workflow's.
fn github_working_directory(docs: &[crate::yaml::Document], span: Span) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn roots(path: &str, kind: FileKind) -> Vec<PathBuf> {
        repository_roots(Path::new(path), kind)
    }

    #[test]
    fn the_repository_root_follows_each_systems_convention() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            roots("/r/.github/workflows/d.yml", FileKind::GitHubActions),
            [p("/r")]
        );
        assert_eq!(
            roots("/r/.gitlab/ci/deploy.yml", FileKind::GitLabCi),
            [p("/r")]
        );
        assert_eq!(
            roots("/r/sub/.gitlab-ci.yml", FileKind::GitLabCi),
            [p("/r/sub")]
        );
        assert_eq!(roots("/r/ops/Makefile", FileKind::Makefile), [p("/r/ops")]);
        assert_eq!(roots("/r/Jenkinsfile", FileKind::Jenkins), [p("/r")]);
        // A shell script: the checkout's top (the directory with .git), then its own.
        let top = std::env::temp_dir().join(format!("hp-workdir-{}", std::process::id()));
        std::fs::create_dir_all(top.join(".git")).expect("mkdir");
        std::fs::create_dir_all(top.join("scripts")).expect("mkdir");
        let script = top.join("scripts/deploy.sh");
        assert_eq!(
            repository_roots(&script, FileKind::Shell),
            [top.clone(), top.join("scripts")]
        );
        assert_eq!(
            repository_roots(&top.join("d.sh"), FileKind::Shell),
            vec![top.clone()]
        );
        let _ = std::fs::remove_dir_all(&top);
    }

    #[test]
    fn git_roots_are_the_checkout_then_the_lint_path_then_the_files_directory() {
        let top = std::env::temp_dir().join(format!("hp-gitroots-{}", std::process::id()));
        let file = top.join("repo/clusters/prod/web.yaml");
        std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
        assert_eq!(
            git_roots(&file, Some(&top.join("repo"))),
            [top.join("repo"), top.join("repo/clusters/prod")]
        );
        // A lint PATH that does not hold the file is no root.
        assert_eq!(
            git_roots(&file, Some(&top.join("other"))),
            [top.join("repo/clusters/prod")]
        );
        std::fs::create_dir_all(top.join("repo/.git")).expect("mkdir .git");
        assert_eq!(
            git_roots(&file, Some(&top.join("repo/clusters"))),
            [
                top.join("repo"),
                top.join("repo/clusters"),
                top.join("repo/clusters/prod")
            ]
        );
        let _ = std::fs::remove_dir_all(&top);
    }

    #[test]
    fn github_run_steps_run_in_their_working_directory() {
        let text = "defaults:\n  run:\n    working-directory: top\njobs:\n  a:\n    \
                    defaults:\n      run:\n        working-directory: job\n    steps:\n      \
                    - run: helm upgrade x ./c\n      - run: helm upgrade y ./c\n        \
                    working-directory: step\n      - uses: some/action@v1\n        with:\n          \
                    command: helm upgrade z ./c\n  b:\n    steps:\n      - run: helm upgrade w ./c\n      \
                    - run: helm upgrade v ./c\n        working-directory: ${{ inputs.dir }}\n";
        let file = SourceFile::new("/r/.github/workflows/d.yml", text);
        let dirs = |cmd: &str| {
            let start = file.text.find(cmd).expect("command");
            let span = Span {
                start,
                end: start + cmd.len(),
            };
            WorkingDirs::of(&file, FileKind::GitHubActions).at(span)
        };
        let p = |s: &str| vec![PathBuf::from(s)];
        assert_eq!(dirs("helm upgrade x"), p("/r/job"));
        assert_eq!(dirs("helm upgrade y"), p("/r/step"));
        // Actions run in the workspace; `working-directory` is for `run:` steps.
        assert_eq!(dirs("helm upgrade z"), p("/r"));
        assert_eq!(dirs("helm upgrade w"), p("/r/top"));
        assert!(dirs("helm upgrade v").is_empty());
    }
}
