//! Taskfile (`Taskfile.yml`, go-task v3).
//!
//! Each entry of `tasks.<t>.cmds` (a string, `{cmd: …}` or `{defer: …}`; `{task: …}`
//! calls another task) and `tasks.<t>.cmd` runs as its own script in Task's shell
//! interpreter with `set -e`; `set: [pipefail]` (global or task) adds `pipefail`.
//! `ignore_error: true` (on the task or the command) ignores failures. `{{.VAR}}`
//! templates are masked and take the value of a literal `vars:` entry (global or
//! task); `env:` entries are known variables.

use std::collections::HashMap;

use super::invocations_in_script;
use super::support::{each_root, premask};
use super::yaml_util::{is_true, Anchors};
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::model::{ExecContext, Extraction, FailureIgnored, IgnoreKind};
use crate::pipeline::shell::{Env, ShellOptions, VarValue};
use crate::pipeline::source::SourceFile;
use crate::yaml::Node;

/// Extracts the Helm invocations of a Taskfile.
pub fn extract(file: &SourceFile) -> Extraction {
    each_root(file, "Taskfile", |root, a, base, out| {
        let mut scope = Scope::default();
        scope.add(a, root);
        let Some(tasks) = a.get(root, "tasks") else {
            return;
        };
        for (name, task) in a.entries(tasks) {
            let mut scope = scope.clone();
            scope.add(a, task);
            let mut ctx = base.clone();
            ctx.label = format!("task {}", name.as_scalar().unwrap_or(""));
            ignore_error(a, task, &mut ctx);
            let cmds: Vec<&Node> = match (a.get(task, "cmds"), a.get(task, "cmd")) {
                (Some(list), _) => a.items(list),
                (None, Some(one)) => vec![one],
                (None, None) => Vec::new(),
            };
            for (i, cmd) in cmds.into_iter().enumerate() {
                let mut ctx = ctx.clone();
                ctx.label = format!("{}, command {}", ctx.label, i + 1);
                let text = if cmd.as_scalar().is_some() {
                    Some(cmd)
                } else {
                    ignore_error(a, cmd, &mut ctx);
                    a.get(cmd, "cmd")
                        .or_else(|| a.get(cmd, "defer"))
                        .filter(|n| n.as_scalar().is_some())
                };
                if let Some(text) = text {
                    scope.run(file, text, &ctx, out);
                }
            }
        }
    })
}

/// `ignore_error: true` of a task or command.
fn ignore_error(a: &Anchors<'_>, node: &Node, ctx: &mut ExecContext) {
    if let Some(n) = a.get(node, "ignore_error").filter(|n| is_true(n)) {
        ctx.ignored.insert(
            0,
            FailureIgnored {
                kind: IgnoreKind::IgnoreError,
                span: Some(n.span),
            },
        );
    }
}

/// Template variables, environment and shell options in effect.
#[derive(Clone, Default)]
struct Scope {
    vars: HashMap<String, String>,
    env: Env,
    pipefail: bool,
}

impl Scope {
    /// Adds the `vars`, `env` and `set` of the root or a task.
    fn add(&mut self, a: &Anchors<'_>, node: &Node) {
        if let Some(vars) = a.get(node, "vars") {
            for (k, v) in a.entries(vars) {
                if let (Some(k), Some(v)) = (k.as_scalar(), v.as_scalar()) {
                    if !v.contains("{{") {
                        self.vars.insert(k.to_string(), v.to_string());
                    }
                }
            }
        }
        if let Some(env) = a.get(node, "env") {
            for (k, v) in a.entries(env) {
                let Some(k) = k.as_scalar() else { continue };
                let value = match v.as_scalar() {
                    Some(t) if !t.contains("{{") => VarValue::Known(t.to_string()),
                    _ => VarValue::Unknown,
                };
                self.env.insert(k.to_string(), value);
            }
        }
        if let Some(set) = a.get(node, "set") {
            self.pipefail |= a
                .items(set)
                .iter()
                .any(|i| i.as_scalar() == Some("pipefail"));
        }
    }

    fn run(&self, file: &SourceFile, node: &Node, ctx: &ExecContext, out: &mut Extraction) {
        let mut script = EmbeddedText::from_yaml_scalar(file, node);
        let premasked = premask(&mut script, "{{", "}}", &|inner| {
            self.vars.get(inner.trim_start_matches('.')).cloned()
        });
        let opts = ShellOptions {
            errexit: true,
            pipefail: self.pipefail,
            env: self.env.clone(),
            premasked,
            ..ShellOptions::default()
        };
        invocations_in_script(&script, &opts, ctx, out);
    }
}
