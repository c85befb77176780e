//! From a Helm command of a pipeline to the chart it deploys and the values it
//! deploys it with: local paths resolved against the command's working directory,
//! unknown expansions made placeholders, missing files reported.

use std::path::{Path, PathBuf};

use super::placeholder::with_placeholders;
use crate::cli::ValuesArgs;
use crate::config::absolute;
use crate::lint::DeployedBy;
use crate::pipeline::model::{Arg, HelmCommand, HelmInvocation};
use crate::pipeline::{Finding, Severity, SourceFile};

/// The rule of a local chart or `-f` file that a command names and that is not there.
pub const FILE_NOT_FOUND: crate::rules::registry::RuleInfo = crate::rules::registry::RuleInfo {
    id: "helm-file-not-found",
    severity: Severity::Warning,
};

/// A command that deploys a local chart, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The chart directory or archive, absolute.
    pub chart: PathBuf,
    /// The values to lint it with.
    pub values: ValuesArgs,
    /// The release name, when known.
    pub release: Option<String>,
    /// The namespace, when known.
    pub namespace: Option<String>,
    /// How the run is labelled.
    pub by: DeployedBy,
}

/// What the chart argument of a command stands for.
enum ChartRef {
    /// A local chart directory or archive.
    Local(PathBuf),
    /// A repository, OCI or URL chart, or a name whose value is not known: nothing to
    /// lint here.
    Elsewhere,
    /// A local path that does not hold a chart; the message says what is wrong.
    Missing(String),
}

/// Resolves a command of `file` that runs in `workdir`. `None` when it does not
/// render a local chart (another command, a remote chart, an unknown path); findings
/// for missing local files are added to `problems`.
pub fn resolve(
    file: &SourceFile,
    inv: &HelmInvocation,
    workdir: &Path,
    problems: &mut Vec<Finding>,
) -> Option<Target> {
    if !matches!(
        inv.command,
        HelmCommand::Install | HelmCommand::Upgrade | HelmCommand::Template
    ) {
        return None;
    }
    let chart_arg = inv.chart.as_ref()?;
    let chart = match chart_ref(inv, chart_arg, workdir) {
        ChartRef::Local(p) => p,
        ChartRef::Elsewhere => return None,
        ChartRef::Missing(why) => {
            problems.push(not_found(file, chart_arg, &why));
            return None;
        }
    };
    let mut values = ValuesArgs::default();
    let mut label = Vec::new();
    for f in &inv.flags {
        let Some(v) = &f.value else { continue };
        let note = match f.name.as_str() {
            "values" => values_files(file, inv, v, workdir, &mut values.values, problems),
            "set" | "set-string" | "set-json" | "set-literal" | "set-file" => {
                set_value(file, &f.name, v, workdir, &mut values, problems)
            }
            _ => continue,
        };
        label.push(format!("{} {}{note}", f.written, v.text));
    }
    let known = |a: &Option<Arg>| a.as_ref().filter(|a| a.known).map(|a| a.text.clone());
    let at = file.position(inv.span.start);
    Some(Target {
        chart,
        values,
        release: known(&inv.release),
        namespace: known(&inv.namespace),
        by: DeployedBy {
            path: file.path.clone(),
            line: at.line,
            column: at.column,
            label: label.join(" "),
        },
    })
}

fn chart_ref(inv: &HelmInvocation, arg: &Arg, workdir: &Path) -> ChartRef {
    let text = arg.text.as_str();
    if !arg.known || text.contains("://") || inv.flag("repo").is_some() {
        return ChartRef::Elsewhere;
    }
    let path = absolute(&workdir.join(text));
    if path.is_dir() {
        return if path.join("Chart.yaml").is_file() {
            ChartRef::Local(path)
        } else {
            ChartRef::Missing(format!(
                "is not a chart: {} has no Chart.yaml",
                shown(&path)
            ))
        };
    }
    if path.is_file() && (text.ends_with(".tgz") || text.ends_with(".tar.gz")) {
        return ChartRef::Local(path);
    }
    // Helm looks for a local chart first; `repo/chart` and bare names are otherwise
    // charts of a repository.
    let path_like = text.starts_with("./")
        || text.starts_with("../")
        || text.starts_with('/')
        || text.ends_with(".tgz")
        || text.ends_with(".tar.gz");
    if path_like {
        ChartRef::Missing(format!("does not exist (looked for {})", shown(&path)))
    } else {
        ChartRef::Elsewhere
    }
}

/// Adds the `-f` files of one flag value (comma-separated, as Helm splits them) that
/// exist; returns what the label says of the others.
fn values_files(
    file: &SourceFile,
    inv: &HelmInvocation,
    v: &Arg,
    workdir: &Path,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Finding>,
) -> String {
    let mut left_out = Vec::new();
    for part in inv
        .values_files
        .iter()
        .filter(|p| p.span.start >= v.span.start && p.span.end <= v.span.end)
    {
        let text = part.text.as_str();
        if !part.known {
            left_out.push(format!("{text} is not known statically"));
        } else if text.contains("://") || text == "-" {
            left_out.push(format!("{text} is not a local file"));
        } else {
            let path = absolute(&workdir.join(text));
            if path.is_file() {
                out.push(path);
            } else {
                problems.push(not_found(
                    file,
                    part,
                    &format!("does not exist (looked for {})", shown(&path)),
                ));
                left_out.push(format!("{text} does not exist"));
            }
        }
    }
    if left_out.is_empty() {
        String::new()
    } else {
        format!(" ({}: left out)", left_out.join(", "))
    }
}

/// Adds one `--set*` value, unknown parts made placeholders; a `--set-file` path is
/// resolved against the working directory. Returns what the label says of it (which
/// `--set-file` files are left out).
fn set_value(
    file: &SourceFile,
    flag: &str,
    v: &Arg,
    workdir: &Path,
    out: &mut ValuesArgs,
    problems: &mut Vec<Finding>,
) -> String {
    let text = if v.known {
        v.text.clone()
    } else {
        with_placeholders(&v.text)
    };
    let list = match flag {
        "set" => &mut out.set,
        "set-string" => &mut out.set_string,
        "set-json" => &mut out.set_json,
        "set-literal" => &mut out.set_literal,
        _ => {
            // `--set-file key=path[,key=path]`: each path from the working directory.
            let mut entries = Vec::new();
            let mut left_out = Vec::new();
            for entry in v.text.split(',') {
                let Some((key, path)) = entry.split_once('=') else {
                    continue;
                };
                let full = absolute(&workdir.join(path));
                if !v.known && path.contains('$') {
                    left_out.push(format!("{path} is not known statically"));
                } else if full.is_file() {
                    entries.push(format!("{key}={}", full.display()));
                } else {
                    problems.push(not_found(
                        file,
                        v,
                        &format!("does not exist (looked for {})", shown(&full)),
                    ));
                    left_out.push(format!("{path} does not exist"));
                }
            }
            if !entries.is_empty() {
                out.set_file.push(entries.join(","));
            }
            return if left_out.is_empty() {
                String::new()
            } else {
                format!(" ({}: left out)", left_out.join(", "))
            };
        }
    };
    list.push(text);
    String::new()
}

fn not_found(file: &SourceFile, arg: &Arg, why: &str) -> Finding {
    Finding::at(
        FILE_NOT_FOUND.id,
        FILE_NOT_FOUND.severity,
        file,
        arg.span,
        format!(
            "`{}` {why}; the deploy fails unless an earlier step creates it",
            arg.text
        ),
    )
}

/// A path as messages show it: relative to the working directory when inside it.
fn shown(path: &Path) -> String {
    crate::report::model::shown_path(path, &std::env::current_dir().unwrap_or_default())
}
