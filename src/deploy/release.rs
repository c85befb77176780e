//! From a GitOps/IaC release (helmfile, Flux, Argo CD, Terraform) to the chart it
//! deploys and the values it deploys it with, by each system's path rules:
//!
//! * helmfile and Terraform: the chart, the values files and `--set-file` paths are
//!   relative to the directory of the file (the helmfile's; the module Terraform runs
//!   in, also for `${path.module}/…`);
//! * Flux (`GitRepository` sources) and Argo CD (`path`): the chart is a path in the
//!   Git repository, found from the first of [`super::workdir::git_roots`] where it is
//!   a chart; Flux `valuesFiles` are relative to that root, Argo CD `valueFiles` and
//!   `fileParameters` to the chart's path.
//!
//! A chart that is not there is not linted and not reported (it may be another
//! repository's); the values files of a chart that is there must be there too, unless
//! the release says missing files are fine.

use std::path::{Path, PathBuf};

use super::target::{file_not_found, is_chart, shown, Target};
use super::values::{DeployValues, ValuesLayer};
use crate::config::absolute;
use crate::lint::DeployedBy;
use crate::pipeline::model::{ChartSource, ReleaseSetting, ReleaseSystem, ReleaseValues, SetKind};
use crate::pipeline::source::Span;
use crate::pipeline::{Finding, SourceFile};

/// Resolves release `r` of `file`; `git_roots` gives the repository roots to look
/// for a repository path in. `None` when it does not deploy a chart on this disk;
/// missing values files are added to `problems`.
pub fn resolve(
    file: &SourceFile,
    r: &ReleaseSetting,
    git_roots: &dyn Fn() -> Vec<PathBuf>,
    problems: &mut Vec<Finding>,
) -> Option<Target> {
    let file_dir = absolute(&file.path)
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    let (chart, root) = match &r.deploy.chart {
        ChartSource::FilePath(p) => {
            let chart = absolute(&file_dir.join(&p.value));
            is_chart(&chart).then(|| (chart, file_dir.clone()))?
        }
        ChartSource::RepoPath(p) => git_roots().into_iter().find_map(|root| {
            let chart = absolute(&root.join(&p.value));
            is_chart(&chart).then_some((chart, root))
        })?,
        ChartSource::Unknown | ChartSource::Remote => return None,
    };
    // Where relative values paths start.
    let base = match r.system {
        ReleaseSystem::ArgoCd => chart.clone(),
        _ => root.clone(),
    };
    let mut out = Resolved {
        file,
        system: r.system,
        missing_ok: r.deploy.missing_files_ok,
        problems,
        label: Vec::new(),
    };
    let mut values = DeployValues::default();
    if !r.deploy.chart_values.is_empty() {
        let mut layers = Vec::new();
        let mut files = Vec::new();
        for f in &r.deploy.chart_values {
            let note = out.file(&root, &f.value, f.span, &mut layers);
            files.push(format!("{}{note}", f.value));
        }
        out.label.push(format!(
            "valuesFiles {} instead of the chart's values.yaml",
            files.join(", ")
        ));
        // With none of them there, the chart keeps its own (the release fails anyway,
        // and that is reported).
        values.chart_values = (!layers.is_empty()).then_some(layers);
    }
    for v in &r.deploy.values {
        match v {
            ReleaseValues::File(f) => {
                let note = out.file(&base, &f.value, f.span, &mut values.layers);
                out.label.push(format!("{}{note}", f.value));
            }
            ReleaseValues::Inline { label, text } => {
                values.layers.push(ValuesLayer::Text {
                    path: absolute(&file.path),
                    text: text.clone(),
                });
                out.label.push(label.clone());
            }
            ReleaseValues::Set {
                kind,
                text,
                label,
                span,
            } => {
                let note = out.set(&base, *kind, text, *span, &mut values);
                out.label.push(format!("{label}{note}"));
            }
            ReleaseValues::Unread(what) => out.label.push(format!("{what}: left out")),
        }
    }
    let at = file.position(r.span.start);
    Some(Target {
        chart,
        values,
        release: r.deploy.name.clone(),
        namespace: r.deploy.namespace.clone(),
        by: DeployedBy {
            path: file.path.clone(),
            line: at.line,
            column: at.column,
            label: out.label.join(", "),
        },
    })
}

/// The state of one release's resolution.
struct Resolved<'a> {
    file: &'a SourceFile,
    system: ReleaseSystem,
    missing_ok: bool,
    problems: &'a mut Vec<Finding>,
    label: Vec<String>,
}

impl Resolved<'_> {
    /// Adds values file `path` (relative to `base`) when it is there; returns what the
    /// label says of it otherwise.
    fn file(&mut self, base: &Path, path: &str, span: Span, out: &mut Vec<ValuesLayer>) -> String {
        let full = absolute(&base.join(path));
        if full.is_file() {
            out.push(ValuesLayer::File(full));
            return String::new();
        }
        self.missing(path, &full, span);
        " (does not exist: left out)".into()
    }

    /// Adds a `--set` entry; a `--set-file` path (relative to `base`) must be there.
    fn set(
        &mut self,
        base: &Path,
        kind: SetKind,
        text: &str,
        span: Span,
        out: &mut DeployValues,
    ) -> String {
        let flags = &mut out.flags;
        match kind {
            SetKind::Set => flags.set.push(text.to_string()),
            SetKind::String => flags.set_string.push(text.to_string()),
            SetKind::Json => flags.set_json.push(text.to_string()),
            SetKind::Literal => flags.set_literal.push(text.to_string()),
            SetKind::File => {
                let Some((name, path)) = text.split_once('=') else {
                    return String::new();
                };
                let full = absolute(&base.join(path));
                if !full.is_file() {
                    self.missing(path, &full, span);
                    return " (does not exist: left out)".into();
                }
                flags.set_file.push(format!("{name}={}", full.display()));
            }
        }
        String::new()
    }

    /// Reports a missing file, unless the release skips missing files.
    fn missing(&mut self, path: &str, full: &Path, span: Span) {
        if self.missing_ok {
            return;
        }
        let consequence = match self.system {
            ReleaseSystem::Helmfile => {
                "helmfile fails on it (`missingFileHandler: Error` is the default)"
            }
            ReleaseSystem::Flux => {
                "the chart fails to build and the release is not reconciled (unless \
                 `ignoreMissingValuesFiles: true`)"
            }
            ReleaseSystem::ArgoCd => {
                "Argo CD fails to generate the manifests (unless `ignoreMissingValueFiles: true`)"
            }
            ReleaseSystem::Terraform => "`terraform plan` fails on it",
        };
        self.problems.push(file_not_found(
            self.file,
            span,
            &format!(
                "`{path}` does not exist (looked for {}); {consequence}",
                shown(full)
            ),
        ));
    }
}
