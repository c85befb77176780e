//! Tekton (`tekton.dev`): `Task`/`ClusterTask` `spec.steps`, `StepAction`
//! `spec`, `Pipeline` `spec.tasks[*]`/`spec.finally[*]` with an inline `taskSpec`,
//! and `TaskRun`/`PipelineRun` with inline specs.
//!
//! * A step `script` without a shebang runs as `#!/bin/sh` with `set -e` (no
//!   `pipefail`); with a shell shebang it runs as written; other interpreters are
//!   skipped. A step with `command: [helm, …]` (+ `args`) is a Helm command line;
//!   `command: [sh, -c]` runs its next word as a script.
//! * `$(params.x)` / `$(inputs.params.x)` are masked and take the parameter's
//!   `default` (of the Task, or the Pipeline/Run that embeds it).
//! * `onError: continue` ignores the step's failure; a step `timeout`, a Pipeline
//!   task's `timeout`, `TaskRun.spec.timeout` and `PipelineRun.spec.timeouts` kill it.
//! * A step image tagged with a Helm version (`alpine/helm:3.14`) is version evidence.

use std::collections::HashMap;

use super::invocations_in_script;
use super::shell_file::{shebang_is_posix_shell, shebang_options};
use super::support::{join_label, node_timer, push_timer, version_of};
use super::yaml_util::Anchors;
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::helm::parse_helm;
use crate::pipeline::model::{Arg, ExecContext, Extraction, FailureIgnored, IgnoreKind};
use crate::pipeline::shell::{is_helm, MaskSyntax, ShellOptions};
use crate::pipeline::source::SourceFile;
use crate::yaml::Node;

/// Known `$(…)` parameter values by inner text (`params.x`, `inputs.params.x`).
type Params = HashMap<String, String>;

/// Extracts the Helm invocations of one Tekton document.
pub fn document(
    file: &SourceFile,
    a: &Anchors<'_>,
    root: &Node,
    base: &ExecContext,
    out: &mut Extraction,
) {
    let kind = a
        .get(root, "kind")
        .and_then(|k| k.as_scalar())
        .unwrap_or("");
    let name = a
        .get(root, "metadata")
        .and_then(|m| a.get(m, "name"))
        .and_then(|n| n.as_scalar())
        .unwrap_or("");
    let Some(spec) = a.get(root, "spec") else {
        return;
    };
    let t = Tekton { file, a };
    let mut params = Params::new();
    let mut ctx = base.clone();
    ctx.label = format!("{kind} {name}");
    match kind {
        "Task" | "ClusterTask" => t.task(spec, &params, &ctx, out),
        "StepAction" => {
            t.add_params(spec, &mut params);
            t.step(spec, &params, &ctx, "", out);
        }
        "TaskRun" => {
            push_timer(
                &mut ctx,
                a.get(spec, "timeout")
                    .and_then(|n| node_timer(n, "spec.timeout", None)),
            );
            t.run_params(spec, &mut params);
            if let Some(ts) = a.get(spec, "taskSpec") {
                t.task(ts, &params, &ctx, out);
            }
        }
        "Pipeline" => t.pipeline(spec, &params, &ctx, out),
        "PipelineRun" => {
            let timeouts = a.get(spec, "timeouts");
            let limit = timeouts
                .and_then(|t| a.get(t, "pipeline"))
                .map(|n| (n, "spec.timeouts.pipeline"))
                .or_else(|| a.get(spec, "timeout").map(|n| (n, "spec.timeout")));
            push_timer(&mut ctx, limit.and_then(|(n, k)| node_timer(n, k, None)));
            push_timer(
                &mut ctx,
                timeouts
                    .and_then(|t| a.get(t, "tasks"))
                    .and_then(|n| node_timer(n, "spec.timeouts.tasks", None)),
            );
            t.run_params(spec, &mut params);
            if let Some(ps) = a.get(spec, "pipelineSpec") {
                t.pipeline(ps, &params, &ctx, out);
            }
        }
        _ => {}
    }
}

struct Tekton<'a> {
    file: &'a SourceFile,
    a: &'a Anchors<'a>,
}

impl<'a> Tekton<'a> {
    /// The `default`s of a spec's `params` (or `inputs.params`), unless already set.
    fn add_params(&self, spec: &Node, params: &mut Params) {
        let lists = [
            self.a.get(spec, "params"),
            self.a
                .get(spec, "inputs")
                .and_then(|i| self.a.get(i, "params")),
        ];
        for list in lists.into_iter().flatten() {
            for p in self.a.items(list) {
                let name = self.a.get(p, "name").and_then(|n| n.as_scalar());
                let default = self.a.get(p, "default").and_then(|d| d.as_scalar());
                if let (Some(name), Some(d)) = (name, default) {
                    for key in [format!("params.{name}"), format!("inputs.params.{name}")] {
                        params.entry(key).or_insert_with(|| d.to_string());
                    }
                }
            }
        }
    }

    /// The `params: [{name, value}]` a run or a pipeline task passes.
    fn run_params(&self, spec: &Node, params: &mut Params) {
        let Some(list) = self.a.get(spec, "params") else {
            return;
        };
        for p in self.a.items(list) {
            let name = self.a.get(p, "name").and_then(|n| n.as_scalar());
            let value = self.a.get(p, "value").and_then(|d| d.as_scalar());
            if let (Some(name), Some(v)) = (name, value) {
                if !v.contains("$(") {
                    params.insert(format!("params.{name}"), v.to_string());
                    params.insert(format!("inputs.params.{name}"), v.to_string());
                }
            }
        }
    }

    fn pipeline(&self, spec: &'a Node, params: &Params, ctx: &ExecContext, out: &mut Extraction) {
        let mut params = params.clone();
        self.add_params(spec, &mut params);
        for section in ["tasks", "finally"] {
            let Some(tasks) = self.a.get(spec, section) else {
                continue;
            };
            for task in self.a.items(tasks) {
                let Some(ts) = self.a.get(task, "taskSpec") else {
                    continue;
                };
                let mut ctx = ctx.clone();
                let name = self
                    .a
                    .get(task, "name")
                    .and_then(|n| n.as_scalar())
                    .unwrap_or("");
                ctx.label = join_label(&ctx.label, &format!("task {name}"));
                push_timer(
                    &mut ctx,
                    self.a
                        .get(task, "timeout")
                        .and_then(|n| node_timer(n, "timeout", None)),
                );
                // A pipeline task's `params` are `$(params.x)` of the pipeline: only
                // literal values are known to the task.
                let mut task_params = Params::new();
                self.run_params(task, &mut task_params);
                self.task(ts, &task_params, &ctx, out);
            }
        }
    }

    fn task(&self, spec: &'a Node, params: &Params, ctx: &ExecContext, out: &mut Extraction) {
        let mut params = params.clone();
        self.add_params(spec, &mut params);
        let Some(steps) = self.a.get(spec, "steps") else {
            return;
        };
        for (i, step) in self.a.items(steps).into_iter().enumerate() {
            let name = self
                .a
                .get(step, "name")
                .and_then(|n| n.as_scalar())
                .map_or_else(|| format!("step {}", i + 1), |n| format!("step {n}"));
            self.step(step, &params, ctx, &name, out);
        }
    }

    fn step(
        &self,
        step: &'a Node,
        params: &Params,
        ctx: &ExecContext,
        name: &str,
        out: &mut Extraction,
    ) {
        let mut ctx = ctx.clone();
        if !name.is_empty() {
            ctx.label = join_label(&ctx.label, name);
        }
        if let Some(on_error) = self
            .a
            .get(step, "onError")
            .filter(|n| n.as_scalar() == Some("continue"))
        {
            ctx.ignored.insert(
                0,
                FailureIgnored {
                    kind: IgnoreKind::OnErrorContinue,
                    span: Some(on_error.span),
                },
            );
        }
        push_timer(
            &mut ctx,
            self.a
                .get(step, "timeout")
                .and_then(|n| node_timer(n, "timeout", None)),
        );
        if let Some(image) = self.a.get(step, "image") {
            if let Some(v) = image_version(image, params) {
                ctx.helm_version = v;
            }
        }
        let opts = |errexit: bool| ShellOptions {
            errexit,
            mask: MaskSyntax {
                azure: true,
                ..MaskSyntax::default()
            },
            expression_values: params.clone(),
            ..ShellOptions::default()
        };
        if let Some(script) = self.a.get(step, "script") {
            let text = script.as_scalar().unwrap_or("");
            let first = text.lines().next().unwrap_or("");
            let errexit = match first.starts_with("#!") {
                false => true,
                true if shebang_is_posix_shell(first) => shebang_options(first).0,
                true => return,
            };
            let script = EmbeddedText::from_yaml_scalar(self.file, script);
            invocations_in_script(&script, &opts(errexit), &ctx, out);
            return;
        }
        let mut words: Vec<&Node> = Vec::new();
        for key in ["command", "args"] {
            if let Some(list) = self.a.get(step, key) {
                words.extend(self.a.items(list));
            }
        }
        let Some(first) = words.first().and_then(|w| w.as_scalar()) else {
            return;
        };
        let prog = first.rsplit('/').next().unwrap_or(first);
        if matches!(prog, "sh" | "bash" | "ash" | "dash") {
            // `sh -c 'script'`: the word after `-c` is the script.
            let script = words
                .windows(2)
                .find(|w| {
                    w[0].as_scalar()
                        .is_some_and(|f| f.starts_with('-') && f.contains('c'))
                })
                .map(|w| w[1]);
            if let Some(script) = script {
                let text = EmbeddedText::from_yaml_scalar(self.file, script);
                invocations_in_script(&text, &opts(false), &ctx, out);
            }
        } else if is_helm(first) {
            let args: Vec<Arg> = words[1..]
                .iter()
                .map(|w| {
                    let text = w.as_scalar().unwrap_or("");
                    Arg {
                        text: text.to_string(),
                        known: !text.contains("$("),
                        span: w.span,
                        opaque: false,
                    }
                })
                .collect();
            if let Some(inv) = parse_helm(words[0].span, &args, ctx) {
                out.invocations.push(inv);
            }
        }
    }
}

/// The Helm version a step image's tag names (`alpine/helm:3.14`,
/// `lachlanevenson/k8s-helm:v3.1.0`), with `$(params.x)` tags resolved.
fn image_version(image: &Node, params: &Params) -> Option<crate::pipeline::model::HelmVersion> {
    let text = image.as_scalar()?;
    let (repo, tag) = text.rsplit_once(':')?;
    if !repo.rsplit('/').next()?.contains("helm") {
        return None;
    }
    let tag = match tag.strip_prefix("$(").and_then(|t| t.strip_suffix(')')) {
        Some(inner) => params.get(inner)?.as_str(),
        None => tag,
    };
    version_of(tag, &format!("image: {repo}:"), image.span)
}
