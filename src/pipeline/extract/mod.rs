//! Extractors: one module per system, each turning a file into an
//! [`Extraction`]. See the [`crate::pipeline`] docs for how to add one.

pub mod argocd;
pub mod azure;
pub mod bitbucket;
pub mod circleci;
pub mod dockerfile;
pub mod flux;
pub mod github;
pub mod gitlab;
pub mod helmfile;
pub mod jenkins;
pub mod justfile;
pub mod kinds;
pub mod kubernetes;
pub mod makefile;
pub mod release_values;
pub mod shell_file;
pub mod support;
pub mod taskfile;
pub mod tekton;
pub mod terraform;
pub mod terraform_values;
pub mod yaml_util;

use super::embed::EmbeddedText;
use super::helm::parse_helm;
use super::model::{Arg, ExecContext, Extraction, FailureIgnored, KillTimer, Located};
use super::shell::{find_commands, is_helm, Field, ShellOptions};
use super::source::{SourceFile, Span};

/// The kinds of pipeline file the linter reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A GitHub Actions workflow (`.github/workflows/*.yml`) or composite action
    /// (`action.yml`).
    GitHubActions,
    /// `.gitlab-ci.yml` (and files it includes).
    GitLabCi,
    /// A shell script (`*.sh`, `*.bash`, or a shebang naming a POSIX shell).
    Shell,
    /// A Makefile (`Makefile`, `*.mk`).
    Makefile,
    /// A Jenkinsfile or Groovy pipeline library file.
    Jenkins,
    /// Azure Pipelines (`azure-pipelines.yml`, templates).
    AzurePipelines,
    /// CircleCI (`.circleci/config.yml`, orb sources).
    CircleCi,
    /// `bitbucket-pipelines.yml`.
    Bitbucket,
    /// `Taskfile.yml` (go-task).
    Taskfile,
    /// A `justfile`.
    Justfile,
    /// A `Dockerfile` / `Containerfile`.
    Dockerfile,
    /// `helmfile.yaml` (and `helmfile.d/*.yaml`, `.gotmpl`).
    Helmfile,
    /// Kubernetes manifests with Flux `HelmRelease`s, Argo CD
    /// `Application`s/`ApplicationSet`s or Tekton resources.
    Kubernetes,
    /// Terraform/OpenTofu (`*.tf`, `*.tofu`).
    Terraform,
}

/// The kind of a file, from its name, then its content; `None` for files the
/// linter does not read.
pub fn detect(file: &SourceFile) -> Option<FileKind> {
    let path = file.path.to_string_lossy().replace('\\', "/");
    let name = path.rsplit('/').next().unwrap_or(&path);
    let lower = name.to_ascii_lowercase();
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    if yaml && path.contains(".github/workflows/") {
        return Some(FileKind::GitHubActions);
    }
    if yaml && matches!(lower.as_str(), "action.yml" | "action.yaml") {
        return Some(FileKind::GitHubActions);
    }
    if lower.ends_with(".gitlab-ci.yml") || lower.ends_with(".gitlab-ci.yaml") {
        return Some(FileKind::GitLabCi);
    }
    // `Makefile`, `GNUmakefile`, `deploy.makefile`, `*.mk`.
    if lower.ends_with("makefile") || lower.ends_with(".mk") {
        return Some(FileKind::Makefile);
    }
    if lower == "jenkinsfile"
        || lower.ends_with("jenkinsfile")
        || lower.ends_with(".jenkinsfile")
        || lower.ends_with(".groovy")
    {
        return Some(FileKind::Jenkins);
    }
    if let Some(kind) = kinds::by_name(&path, &lower) {
        return Some(kind);
    }
    if lower.ends_with(".sh") || lower.ends_with(".bash") {
        return Some(FileKind::Shell);
    }
    let first = file.text.lines().next().unwrap_or("");
    if first.starts_with("#!") && shell_file::shebang_is_posix_shell(first) {
        return Some(FileKind::Shell);
    }
    if yaml {
        let docs = crate::yaml::parse_documents_lossy(&file.text).0;
        if let Some(kind) = kinds::by_content(&docs) {
            return Some(kind);
        }
        let root = docs.first().and_then(|d| d.root.as_ref())?;
        if root.get("jobs").is_some() && root.get("on").is_some()
            || root
                .get("runs")
                .and_then(|r| r.get("using"))
                .and_then(|u| u.as_scalar())
                == Some("composite")
        {
            return Some(FileKind::GitHubActions);
        }
    }
    None
}

/// Runs the extractor of `kind`.
pub fn extract(file: &SourceFile, kind: FileKind) -> Extraction {
    let mut out = extract_kind(file, kind);
    if let Some(at) = file.invalid_utf8 {
        out.problems.push(Located::new(
            "the file is not valid UTF-8 from here on: its invalid bytes were read as U+FFFD \
             (save it as UTF-8)"
                .to_string(),
            Span {
                start: at,
                end: at + 3,
            },
        ));
    }
    out
}

/// What the extractor of `kind` finds in `file`.
fn extract_kind(file: &SourceFile, kind: FileKind) -> Extraction {
    match kind {
        FileKind::GitHubActions => github::extract(file),
        FileKind::GitLabCi => gitlab::extract(file),
        FileKind::Shell => shell_file::extract(file),
        FileKind::Makefile => makefile::extract(file),
        FileKind::Jenkins => jenkins::extract(file),
        FileKind::AzurePipelines => azure::extract(file),
        FileKind::CircleCi => circleci::extract(file),
        FileKind::Bitbucket => bitbucket::extract(file),
        FileKind::Taskfile => taskfile::extract(file),
        FileKind::Justfile => justfile::extract(file),
        FileKind::Dockerfile => dockerfile::extract(file),
        FileKind::Helmfile => helmfile::extract(file),
        FileKind::Kubernetes => kubernetes::extract(file),
        FileKind::Terraform => terraform::extract(file),
    }
}

/// Finds the `helm` commands of a script and parses them into invocations.
///
/// `script` maps the script back to the file; `opts` are the shell defaults of the
/// system; `base` is the system-level context (ignored failures such as
/// `continue-on-error`, kill timers, Helm version, label), to which each command's
/// own shell-level reasons and `timeout` wrappers are added. A script the parser
/// could not fully read adds a problem to `out` (the rest is still scanned).
pub fn invocations_in_script(
    script: &EmbeddedText,
    opts: &ShellOptions,
    base: &ExecContext,
    out: &mut Extraction,
) {
    let scan = find_commands(&script.text, opts, &is_helm);
    if let Some(at) = scan.syntax_error {
        let off = script.file_offset(at);
        out.problems.push(Located::new(
            "the shell parser could not read part of this script; helm commands in it may be missed".into(),
            Span { start: off, end: off },
        ));
    }
    for cmd in scan.commands {
        let to_arg = |f: &Field| field_arg(script, f);
        let name = to_arg(&cmd.name);
        let args: Vec<Arg> = cmd.args.iter().map(to_arg).collect();
        let mut context = base.clone();
        let mut own: Vec<FailureIgnored> = cmd
            .ignored
            .iter()
            .map(|(kind, range)| FailureIgnored {
                kind: kind.clone(),
                span: range.map(|(s, e)| script.file_span(s, e)),
            })
            .collect();
        own.append(&mut context.ignored);
        context.ignored = own;
        let mut timers: Vec<KillTimer> = cmd
            .timers
            .iter()
            .map(|(secs, what, (s, e))| KillTimer {
                seconds: *secs,
                what: what.clone(),
                span: Some(script.file_span(*s, *e)),
            })
            .collect();
        timers.append(&mut context.kill_timers);
        context.kill_timers = timers;
        if let Some(inv) = parse_helm(name.span, &args, context) {
            out.invocations.push(inv);
        }
    }
}

/// A shell field as an argument located in the file.
fn field_arg(script: &EmbeddedText, f: &Field) -> Arg {
    Arg {
        text: f.text.clone(),
        known: f.known,
        span: script.file_span(f.start, f.end),
        opaque: f.opaque,
    }
}
