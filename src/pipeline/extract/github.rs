//! GitHub Actions: workflows (`jobs.<id>.steps[*]`) and composite actions
//! (`runs.steps[*]`).
//!
//! * `run:` scripts run under the step's `shell` (else `defaults.run.shell`): none
//!   given means `bash -e` (no `pipefail`), `bash` means `-eo pipefail`, `sh` means
//!   `-e`; PowerShell, Python and other shells are skipped.
//! * `${{ … }}` is masked; `${{ inputs.x }}` takes the default of a
//!   `workflow_call`/`workflow_dispatch`/composite input `x` when it has one; `env:`
//!   of the workflow, job and step are known variables.
//! * `continue-on-error: true` (step or job) ignores failures; `timeout-minutes`
//!   (step or job) is a kill timer.
//! * Deploy actions whose inputs become Helm flags: `deliverybot/helm` (always
//!   `--wait`, `--atomic` unless `atomic: false`), `bitovi/github-actions-deploy-eks-helm`
//!   (`timeout` default `0s`, `atomic` added whenever set), and the command-line
//!   actions `WyriHaximus/github-action-helm3` (`exec`) and `koslib/helm-eks-action`
//!   (`command`).

use std::collections::HashMap;

use super::invocations_in_script;
use super::support::{parse_yaml, shell_words, ArgList};
use super::yaml_util::{is_true, Anchors};
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::helm::version_evidence;
use crate::pipeline::model::{ExecContext, Extraction, FailureIgnored, IgnoreKind, KillTimer};
use crate::pipeline::shell::{Env, MaskSyntax, ShellOptions, VarValue};
use crate::pipeline::source::SourceFile;
use crate::yaml::Node;

/// Extracts the Helm invocations of a workflow or composite action.
pub fn extract(file: &SourceFile) -> Extraction {
    let mut out = Extraction::default();
    let docs = parse_yaml(file, "workflow", &mut out);
    let version = version_evidence(file);
    for doc in &docs {
        let Some(root) = &doc.root else { continue };
        let a = Anchors::of(root);
        let mut w = Workflow {
            file,
            a: &a,
            inputs: input_defaults(&a, root),
            base: ExecContext {
                helm_version: version.clone(),
                ..ExecContext::default()
            },
            env: Env::new(),
            shell: a
                .get(root, "defaults")
                .and_then(|d| a.get(d, "run"))
                .and_then(|r| a.get(r, "shell"))
                .and_then(|s| s.as_scalar())
                .map(str::to_string),
        };
        add_env(&a, root, &mut w.env);
        if let Some(jobs) = a.get(root, "jobs") {
            for (id, job) in a.entries(jobs) {
                w.job(id.as_scalar().unwrap_or(""), job, &mut out);
            }
        }
        if let Some(steps) = a.get(root, "runs").and_then(|r| a.get(r, "steps")) {
            let ctx = w.base.clone();
            let env = w.env.clone();
            let shell = w.shell.clone();
            w.steps(
                steps,
                &ctx,
                &env,
                shell.as_deref(),
                "composite action",
                &mut out,
            );
        }
    }
    out
}

struct Workflow<'a> {
    file: &'a SourceFile,
    a: &'a Anchors<'a>,
    inputs: HashMap<String, String>,
    base: ExecContext,
    env: Env,
    shell: Option<String>,
}

/// `inputs.<name>` defaults of `on.workflow_call`, `on.workflow_dispatch`, and a
/// composite action's `inputs`.
fn input_defaults(a: &Anchors<'_>, root: &Node) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut sources: Vec<&Node> = Vec::new();
    if let Some(on) = a.get(root, "on").or_else(|| a.get(root, "true")) {
        for trigger in ["workflow_call", "workflow_dispatch"] {
            if let Some(i) = a.get(on, trigger).and_then(|t| a.get(t, "inputs")) {
                sources.push(i);
            }
        }
    }
    if let Some(i) = a.get(root, "inputs") {
        sources.push(i);
    }
    for inputs in sources {
        for (k, v) in a.entries(inputs) {
            if let (Some(name), Some(d)) = (
                k.as_scalar(),
                a.get(v, "default").and_then(|d| d.as_scalar()),
            ) {
                if !d.contains("${{") {
                    out.insert(format!("inputs.{name}"), d.to_string());
                }
            }
        }
    }
    out
}

/// Adds a node's `env:` mapping to `env` (values with expressions are unknown).
fn add_env(a: &Anchors<'_>, node: &Node, env: &mut Env) {
    let Some(e) = a.get(node, "env") else { return };
    for (k, v) in a.entries(e) {
        let (Some(name), Some(val)) = (k.as_scalar(), v.as_scalar()) else {
            continue;
        };
        let value = if val.contains("${{") {
            VarValue::Unknown
        } else {
            VarValue::Known(val.to_string())
        };
        env.insert(name.to_string(), value);
    }
}

impl Workflow<'_> {
    /// Failure knobs and kill timers of a job or step mapping.
    fn knobs(&self, node: &Node, ctx: &mut ExecContext) {
        if let Some(c) = self.a.get(node, "continue-on-error") {
            if is_true(c) {
                ctx.ignored.push(FailureIgnored {
                    kind: IgnoreKind::ContinueOnError,
                    span: Some(c.span),
                });
            }
        }
        if let Some(t) = self.a.get(node, "timeout-minutes") {
            if let Some(mins) = t.as_scalar().and_then(|s| s.parse::<f64>().ok()) {
                ctx.kill_timers.insert(
                    0,
                    KillTimer {
                        seconds: (mins * 60.0) as u64,
                        what: format!("timeout-minutes: {}", t.as_scalar().unwrap_or("")),
                        span: Some(t.span),
                    },
                );
            }
        }
    }

    fn job(&self, id: &str, job: &Node, out: &mut Extraction) {
        let mut ctx = self.base.clone();
        self.knobs(job, &mut ctx);
        let mut env = self.env.clone();
        add_env(self.a, job, &mut env);
        let shell = self
            .a
            .get(job, "defaults")
            .and_then(|d| self.a.get(d, "run"))
            .and_then(|r| self.a.get(r, "shell"))
            .and_then(|s| s.as_scalar())
            .map(str::to_string)
            .or_else(|| self.shell.clone());
        if let Some(steps) = self.a.get(job, "steps") {
            self.steps(
                steps,
                &ctx,
                &env,
                shell.as_deref(),
                &format!("job {id}"),
                out,
            );
        }
    }

    fn steps(
        &self,
        steps: &Node,
        job_ctx: &ExecContext,
        job_env: &Env,
        job_shell: Option<&str>,
        label: &str,
        out: &mut Extraction,
    ) {
        for (i, step) in self.a.items(steps).into_iter().enumerate() {
            let mut ctx = job_ctx.clone();
            // Step-level knobs come first (innermost).
            let mut own = ExecContext::default();
            self.knobs(step, &mut own);
            own.ignored.append(&mut ctx.ignored);
            ctx.ignored = own.ignored;
            own.kill_timers.append(&mut ctx.kill_timers);
            ctx.kill_timers = own.kill_timers;
            let name = self
                .a
                .get(step, "name")
                .and_then(|n| n.as_scalar())
                .map_or_else(|| format!("step {}", i + 1), |n| format!("step \"{n}\""));
            ctx.label = format!("{label}, {name}");
            let mut env = job_env.clone();
            add_env(self.a, step, &mut env);
            if let Some(run) = self.a.get(step, "run") {
                let shell = self
                    .a
                    .get(step, "shell")
                    .and_then(|s| s.as_scalar())
                    .or(job_shell);
                self.run(run, shell, env, &ctx, out);
            } else if let Some(uses) = self.a.get(step, "uses") {
                self.action(uses, step, &ctx, out);
            }
        }
    }

    fn run(
        &self,
        run: &Node,
        shell: Option<&str>,
        env: Env,
        ctx: &ExecContext,
        out: &mut Extraction,
    ) {
        let (errexit, pipefail) = match shell {
            None => (true, false),
            Some("bash") => (true, true),
            Some("sh") => (true, false),
            // A custom command line (`bash -o pipefail {0}`) says what it sets.
            Some(custom) if custom.starts_with("bash ") || custom.starts_with("sh ") => (
                custom
                    .split_whitespace()
                    .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('e')),
                custom.contains("pipefail"),
            ),
            Some(_) => return,
        };
        let opts = ShellOptions {
            errexit,
            pipefail,
            env,
            mask: MaskSyntax {
                github: true,
                ..MaskSyntax::default()
            },
            expression_values: self.inputs.clone(),
            premasked: Vec::new(),
        };
        let script = EmbeddedText::from_yaml_scalar(self.file, run);
        invocations_in_script(&script, &opts, ctx, out);
    }

    /// How an action runs a command-line input: `sh -e`, `${{ … }}` masked with the
    /// workflow's input defaults.
    fn input_shell(&self) -> ShellOptions {
        ShellOptions {
            errexit: true,
            mask: MaskSyntax {
                github: true,
                ..MaskSyntax::default()
            },
            expression_values: self.inputs.clone(),
            ..ShellOptions::default()
        }
    }

    /// Deploy actions whose inputs become a Helm command line.
    fn action(&self, uses: &Node, step: &Node, ctx: &ExecContext, out: &mut Extraction) {
        let Some(name) = uses.as_scalar() else { return };
        let action = name.split('@').next().unwrap_or(name).to_ascii_lowercase();
        let with = self.a.get(step, "with");
        let input = |k: &str| with.and_then(|w| self.a.get(w, k));
        let resolve = |t: &str| (t.to_string(), !t.contains("${{"));
        match action.as_str() {
            "wyrihaximus/github-action-helm3" | "koslib/helm-eks-action" => {
                let key = if action.starts_with("wyri") {
                    "exec"
                } else {
                    "command"
                };
                if let Some(cmd) = input(key) {
                    let script = EmbeddedText::from_yaml_scalar(self.file, cmd);
                    invocations_in_script(&script, &self.input_shell(), ctx, out);
                }
            }
            "deliverybot/helm" => {
                let mut args = ArgList::new(uses.span);
                let task = input("task").and_then(|t| t.as_scalar()).unwrap_or("");
                if task == "remove" {
                    return;
                }
                args.word("upgrade");
                args.input(input("release"), &resolve);
                args.input(input("chart"), &resolve);
                args.word("--install");
                args.word("--wait");
                match input("atomic") {
                    Some(n) if n.as_scalar().is_some_and(|v| v == "false") => {}
                    Some(n) => args.at("--atomic", n.span),
                    None => args.word("--atomic"),
                }
                if let Some(t) = input("timeout") {
                    args.flag_eq("--timeout", t, &resolve);
                }
                if let Some(ns) = input("namespace") {
                    args.flag_value("--namespace", ns, &resolve);
                }
                if input("dry-run").is_some_and(is_true) {
                    args.word("--dry-run");
                }
                args.finish(ctx.clone(), out);
            }
            "bitovi/github-actions-deploy-eks-helm" => {
                let mut args = ArgList::new(uses.span);
                args.word("upgrade");
                args.word("--install");
                args.input(input("name"), &resolve);
                args.input(input("chart-path"), &resolve);
                match input("timeout") {
                    Some(t) => args.flag_value("--timeout", t, &resolve),
                    None => {
                        args.word("--timeout");
                        args.word("0s");
                    }
                }
                if input("helm-wait").is_some_and(is_true) {
                    args.at("--wait", input("helm-wait").map_or(uses.span, |n| n.span));
                }
                if let Some(a) =
                    input("atomic").filter(|n| n.as_scalar().is_some_and(|s| !s.is_empty()))
                {
                    args.at("--atomic", a.span);
                }
                if input("dry-run").is_some_and(is_true) {
                    args.word("--dry-run");
                }
                if let Some(extra) = input("helm-extra-args") {
                    args.args
                        .extend(shell_words(self.file, extra, &self.input_shell()));
                }
                args.finish(ctx.clone(), out);
            }
            _ => {}
        }
    }
}
