//! From a Helm command of a pipeline to the chart it deploys and the values it
//! deploys it with: local paths resolved against the command's working directory,
//! unknown expansions made placeholders, missing files reported.

use std::path::{Path, PathBuf};

use super::placeholder::with_placeholders;
use super::values::DeployValues;
use crate::cli::ValuesArgs;
use crate::config::absolute;
use crate::lint::DeployedBy;
use crate::pipeline::helm::parse::sub_arg;
use crate::pipeline::model::{Arg, HelmCommand, HelmInvocation};
use crate::pipeline::source::Span;
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
    pub values: DeployValues,
    /// The release name, when known.
    pub release: Option<String>,
    /// The namespace, when known.
    pub namespace: Option<String>,
    /// How the run is labelled.
    pub by: DeployedBy,
}

/// Resolves a command of `file` that runs in the first of `workdirs` where its chart
/// is. `None` when it does not render a local chart (another command, a chart of a
/// repository, a path that is not known statically or not there); findings for the
/// missing `-f` and `--set-file` files of a local chart are added to `problems`.
///
/// A chart path that is not there is not reported: an earlier step may fetch it
/// (`helm pull --untar`), and a pipeline file linted outside its repository names
/// charts that are elsewhere. The files of a chart that is there must be there too.
pub fn resolve(
    file: &SourceFile,
    inv: &HelmInvocation,
    workdirs: &[PathBuf],
    problems: &mut Vec<Finding>,
) -> Option<Target> {
    if !matches!(
        inv.command,
        HelmCommand::Install | HelmCommand::Upgrade | HelmCommand::Template
    ) {
        return None;
    }
    let (chart, workdir) = local_chart(inv, inv.chart.as_ref()?, workdirs)?;
    let workdir = workdir.as_path();
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
        values: DeployValues::from_args(values),
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

/// The local chart `arg` names (a directory with a `Chart.yaml`, or a `.tgz`) and the
/// working directory it was found from; `None` for charts of a repository (`repo/x`,
/// `oci://`, `--repo`), unknown paths and paths that are not there.
fn local_chart(
    inv: &HelmInvocation,
    arg: &Arg,
    workdirs: &[PathBuf],
) -> Option<(PathBuf, PathBuf)> {
    let text = arg.text.as_str();
    if !arg.known || text.contains("://") || inv.flag("repo").is_some() {
        return None;
    }
    workdirs.iter().find_map(|dir| {
        let path = absolute(&dir.join(text));
        is_chart(&path).then(|| (path, dir.clone()))
    })
}

/// Whether `path` is a chart: a directory with a `Chart.yaml`, or a `.tgz` file.
pub fn is_chart(path: &Path) -> bool {
    let name = path.to_string_lossy();
    if name.ends_with(".tgz") || name.ends_with(".tar.gz") {
        path.is_file()
    } else {
        path.join("Chart.yaml").is_file()
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
            } else if written_earlier(file, part) {
                left_out.push(format!("{text} is written by the pipeline"));
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
            let mut off = 0;
            for entry in v.text.split(',') {
                let at = off;
                off += entry.len() + 1;
                let Some((key, path)) = entry.split_once('=') else {
                    continue;
                };
                let full = absolute(&workdir.join(path));
                let part = sub_arg(v, at + key.len() + 1, path);
                if !v.known && path.contains('$') {
                    left_out.push(format!("{path} is not known statically"));
                } else if full.is_file() {
                    entries.push(format!("{key}={}", full.display()));
                } else if written_earlier(file, &part) {
                    left_out.push(format!("{path} is written by the pipeline"));
                } else {
                    problems.push(not_found(
                        file,
                        &part,
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

/// Whether the pipeline file itself writes the file `arg` names (a step before the
/// command makes it), so that its absence now is no finding.
fn written_earlier(file: &SourceFile, arg: &Arg) -> bool {
    super::written::writes(&file.text, &arg.text, arg.span.start..arg.span.end)
}

fn not_found(file: &SourceFile, arg: &Arg, why: &str) -> Finding {
    file_not_found(
        file,
        arg.span,
        &format!(
            "`{}` {why}; the deploy fails unless an earlier step creates it",
            arg.text
        ),
    )
}

/// A `helm-file-not-found` finding at `span`.
pub fn file_not_found(file: &SourceFile, span: Span, message: &str) -> Finding {
    Finding::at(
        FILE_NOT_FOUND.id,
        FILE_NOT_FOUND.severity,
        file,
        span,
        message.to_string(),
    )
}

/// A path as messages show it: relative to the working directory when inside it.
pub fn shown(path: &Path) -> String {
    crate::report::model::shown_path(path, &std::env::current_dir().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::values::ValuesLayer;
    use crate::pipeline::extract::{extract, FileKind};

    #[test]
    fn a_command_resolves_to_its_chart_values_release_and_namespace() {
        let dir = std::env::temp_dir().join(format!("hp-target-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("chart")).expect("mkdir");
        std::fs::write(dir.join("chart/Chart.yaml"), "name: c\n").expect("write");
        for f in ["a.yaml", "b.yaml", "motd.txt"] {
            std::fs::write(dir.join(f), "x: 1\n").expect("write");
        }
        let script = "helm upgrade --install $NAME ./chart -n prod -f a.yaml,b.yaml,gone.yaml \
                      --set-json 'j={\"k\":1}' --set tag=$TAG --set-file motd=motd.txt,x=nope.txt \
                      --set-string s=$(date +%s)\n";
        let file = SourceFile::new(dir.join("deploy.sh"), script);
        let inv = extract(&file, FileKind::Shell).invocations.remove(0);
        let mut problems = Vec::new();
        let t = resolve(&file, &inv, std::slice::from_ref(&dir), &mut problems).expect("target");
        assert_eq!(t.chart, dir.join("chart"));
        assert_eq!(
            t.values.layers,
            [
                ValuesLayer::File(dir.join("a.yaml")),
                ValuesLayer::File(dir.join("b.yaml"))
            ]
        );
        let flags = &t.values.flags;
        assert_eq!(flags.set, ["tag=placeholder"]);
        assert_eq!(flags.set_json, ["j={\"k\":1}"]);
        assert_eq!(flags.set_string, ["s=placeholder"]);
        assert_eq!(
            flags.set_file,
            [format!("motd={}", dir.join("motd.txt").display())]
        );
        // The release is not known statically: lint's default is used.
        assert_eq!((t.release, t.namespace.as_deref()), (None, Some("prod")));
        assert_eq!(
            t.by.label,
            "-f a.yaml,b.yaml,gone.yaml (gone.yaml does not exist: left out) --set-json \
             j={\"k\":1} --set tag=$TAG --set-file motd=motd.txt,x=nope.txt (nope.txt does not \
             exist: left out) --set-string s=$(date +%s)"
        );
        let missing: Vec<(u32, &str)> = problems
            .iter()
            .map(|f| (f.location.column, f.rule))
            .collect();
        assert_eq!(
            missing,
            [(63, "helm-file-not-found"), (138, "helm-file-not-found")]
        );
        // A chart of a repository, or one that is not there: nothing to lint.
        for other in ["helm upgrade r repo/chart\n", "helm upgrade r ./nope\n"] {
            let file = SourceFile::new(dir.join("deploy.sh"), other);
            let inv = extract(&file, FileKind::Shell).invocations.remove(0);
            assert_eq!(
                resolve(&file, &inv, std::slice::from_ref(&dir), &mut problems),
                None
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
