//! Azure Pipelines (`azure-pipelines.yml` and templates).
//!
//! Steps live at the root (`steps:`), in `jobs[*].steps`, in `stages[*].jobs`, and
//! in deployment jobs under `strategy.{runOnce,rolling,canary}.{preDeploy,deploy,
//! routeTraffic,postRouteTraffic}.steps` and `on.{failure,success}.steps`.
//!
//! * `script:`, `bash:`, `task: Bash@3` (inline `script`), `CmdLine@2` (`script`)
//!   and `AzureCLI@2` (`inlineScript`) run under bash **without** `-e` or
//!   `pipefail`: only the last command's status counts. PowerShell steps are skipped.
//! * `$(var)` macros are masked; `variables:` (mapping or `- name/value` list) give
//!   their values and the matching environment variables.
//! * `continueOnError: true` (step or job) ignores failures; `timeoutInMinutes`
//!   (step or job; a job's default is 60) is a kill timer.
//! * `task: HelmDeploy@0/@1` becomes a Helm command line built from its inputs:
//!   `install` (default true → `--install`) and `waitForExecution` (default true →
//!   `--wait`), `force`, `recreate`, `resetValues`, `namespace`, `valueFile`,
//!   `overrideValues` (one `--set` per line), `chartVersion`/`version`, and the
//!   free-text `arguments`, split as the shell does.

use std::collections::HashMap;

use super::invocations_in_script;
use super::support::{default_timer, each_root, join_label, push_timer, shell_words, ArgList};
use super::yaml_util::{is_false, is_true, Anchors};
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::model::{ExecContext, Extraction, FailureIgnored, IgnoreKind, KillTimer};
use crate::pipeline::shell::{Env, MaskSyntax, ShellOptions, VarValue};
use crate::pipeline::source::SourceFile;
use crate::yaml::Node;

/// Deployment strategy phases whose `steps` run.
const PHASES: &[&str] = &["preDeploy", "deploy", "routeTraffic", "postRouteTraffic"];

/// Extracts the Helm invocations of an Azure Pipelines file.
pub fn extract(file: &SourceFile) -> Extraction {
    each_root(file, "pipeline", |root, a, base, out| {
        let mut vars = Vars::default();
        vars.add(a, root);
        let az = Azure { file, a };
        az.container(root, base, &vars, "", out);
    })
}

/// Variables known to `$(name)` macros and as environment variables.
#[derive(Clone, Default)]
struct Vars {
    macros: HashMap<String, String>,
    env: Env,
}

impl Vars {
    /// Adds the `variables:` of a node (mapping or list of `name`/`value`).
    fn add(&mut self, a: &Anchors<'_>, node: &Node) {
        let Some(v) = a.get(node, "variables") else {
            return;
        };
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for (k, val) in a.entries(v) {
            if let (Some(k), Some(val)) = (k.as_scalar(), val.as_scalar()) {
                pairs.push((k, val));
            }
        }
        for item in a.items(v) {
            let name = a.get(item, "name").and_then(|n| n.as_scalar());
            let value = a.get(item, "value").and_then(|n| n.as_scalar());
            if let (Some(k), Some(val)) = (name, value) {
                pairs.push((k, val));
            }
        }
        for (k, val) in pairs {
            let known = !val.contains("$(") && !val.contains("${{") && !val.contains("$[");
            let env_name = k.replace('.', "_").to_ascii_uppercase();
            if known {
                self.macros.insert(k.to_string(), val.to_string());
                self.env.insert(env_name, VarValue::Known(val.to_string()));
            } else {
                self.macros.remove(k);
                self.env.insert(env_name, VarValue::Unknown);
            }
        }
    }

    /// A task input's text with known `$(name)` macros expanded, and whether
    /// all of it is known.
    fn expand(&self, text: &str) -> (String, bool) {
        let mut out = String::new();
        let mut known = !text.contains("${{") && !text.contains("$[");
        let mut rest = text;
        while let Some(i) = rest.find("$(") {
            let Some(e) = rest[i..].find(')') else { break };
            out.push_str(&rest[..i]);
            let name = &rest[i + 2..i + e];
            match self.macros.get(name) {
                Some(v) => out.push_str(v),
                None => {
                    known = false;
                    out.push_str(&rest[i..=i + e]);
                }
            }
            rest = &rest[i + e + 1..];
        }
        out.push_str(rest);
        (out, known)
    }

    /// Shell options for a bash step: no `-e`, no `pipefail`.
    fn shell(&self) -> ShellOptions {
        ShellOptions {
            errexit: false,
            pipefail: false,
            env: self.env.clone(),
            mask: MaskSyntax {
                azure: true,
                github: true,
                ..MaskSyntax::default()
            },
            expression_values: self.macros.clone(),
            premasked: Vec::new(),
        }
    }
}

struct Azure<'a> {
    file: &'a SourceFile,
    a: &'a Anchors<'a>,
}

/// Whether a text holds an expression Azure expands before the task sees it.
fn is_expression(text: &str) -> bool {
    text.contains("$(") || text.contains("${{") || text.contains("$[")
}

impl<'a> Azure<'a> {
    /// Root, stage or job: its `stages`, `jobs` and `steps`.
    fn container(
        &self,
        node: &'a Node,
        ctx: &ExecContext,
        vars: &Vars,
        label: &str,
        out: &mut Extraction,
    ) {
        if let Some(stages) = self.a.get(node, "stages") {
            for stage in self.a.items(stages) {
                let mut vars = vars.clone();
                vars.add(self.a, stage);
                let name = self
                    .a
                    .get(stage, "stage")
                    .and_then(|s| s.as_scalar())
                    .unwrap_or("");
                let mut ctx = ctx.clone();
                self.knobs(stage, &mut ctx);
                self.container(stage, &ctx, &vars, &format!("stage {name}"), out);
            }
        }
        if let Some(jobs) = self.a.get(node, "jobs") {
            for job in self.a.items(jobs) {
                self.job(job, ctx, vars, label, out);
            }
        }
        if let Some(steps) = self.a.get(node, "steps") {
            self.steps(steps, ctx, vars, label, out);
        }
    }

    fn job(
        &self,
        job: &'a Node,
        ctx: &ExecContext,
        vars: &Vars,
        outer: &str,
        out: &mut Extraction,
    ) {
        let mut vars = vars.clone();
        vars.add(self.a, job);
        let mut ctx = ctx.clone();
        self.knobs(job, &mut ctx);
        if self.a.get(job, "timeoutInMinutes").is_none() {
            ctx.kill_timers.push(default_timer(
                3600,
                "timeoutInMinutes: 60 (the job default)",
            ));
        }
        let id = ["job", "deployment"]
            .iter()
            .find_map(|k| self.a.get(job, k).and_then(|n| n.as_scalar()))
            .unwrap_or("");
        let label = join_label(outer, &format!("job {id}"));
        if let Some(steps) = self.a.get(job, "steps") {
            self.steps(steps, &ctx, &vars, &label, out);
        }
        let Some(strategy) = self.a.get(job, "strategy") else {
            return;
        };
        for (_, kind) in self.a.entries(strategy) {
            for phase in PHASES {
                if let Some(steps) = self.a.get(kind, phase).and_then(|p| self.a.get(p, "steps")) {
                    self.steps(steps, &ctx, &vars, &label, out);
                }
            }
            if let Some(on) = self.a.get(kind, "on") {
                for (_, when) in self.a.entries(on) {
                    if let Some(steps) = self.a.get(when, "steps") {
                        self.steps(steps, &ctx, &vars, &label, out);
                    }
                }
            }
        }
    }

    /// `continueOnError` and `timeoutInMinutes` of a stage, job or step.
    fn knobs(&self, node: &Node, ctx: &mut ExecContext) {
        if let Some(c) = self.a.get(node, "continueOnError").filter(|c| is_true(c)) {
            ctx.ignored.insert(
                0,
                FailureIgnored {
                    kind: IgnoreKind::AzureContinueOnError,
                    span: Some(c.span),
                },
            );
        }
        if let Some(t) = self.a.get(node, "timeoutInMinutes") {
            let mins = t.as_scalar().and_then(|s| s.parse::<f64>().ok());
            // 0 means the maximum (no practical limit).
            push_timer(
                ctx,
                mins.filter(|m| *m > 0.0).map(|m| KillTimer {
                    seconds: (m * 60.0) as u64,
                    what: format!("timeoutInMinutes: {}", t.as_scalar().unwrap_or("")),
                    span: Some(t.span),
                }),
            );
        }
    }

    fn steps(
        &self,
        steps: &'a Node,
        ctx: &ExecContext,
        vars: &Vars,
        label: &str,
        out: &mut Extraction,
    ) {
        for (i, step) in self.a.items(steps).into_iter().enumerate() {
            let mut ctx = ctx.clone();
            let mut vars = vars.clone();
            if let Some(env) = self.a.get(step, "env") {
                for (k, v) in self.a.entries(env) {
                    if let (Some(k), Some(v)) = (k.as_scalar(), v.as_scalar()) {
                        let value = if is_expression(v) {
                            VarValue::Unknown
                        } else {
                            VarValue::Known(v.to_string())
                        };
                        vars.env.insert(k.to_string(), value);
                    }
                }
            }
            self.knobs(step, &mut ctx);
            let name = self
                .a
                .get(step, "displayName")
                .or_else(|| self.a.get(step, "name"))
                .and_then(|n| n.as_scalar())
                .map_or_else(
                    || format!("step {}", i + 1),
                    |n| format!("step \"{}\"", vars.expand(n).0),
                );
            ctx.label = join_label(label, &name);
            let script = ["script", "bash"].iter().find_map(|k| self.a.get(step, k));
            if let Some(script) = script {
                self.script(script, &vars, &ctx, out);
            } else if let Some(task) = self
                .a
                .get(step, "task")
                .and_then(|t| t.as_scalar().map(|s| (s, t)))
            {
                self.task(task, step, &vars, &ctx, out);
            }
        }
    }

    fn script(&self, node: &Node, vars: &Vars, ctx: &ExecContext, out: &mut Extraction) {
        let script = EmbeddedText::from_yaml_scalar(self.file, node);
        invocations_in_script(&script, &vars.shell(), ctx, out);
    }

    fn task(
        &self,
        (name, node): (&str, &Node),
        step: &'a Node,
        vars: &Vars,
        ctx: &ExecContext,
        out: &mut Extraction,
    ) {
        let inputs = self.a.get(step, "inputs");
        let input = |k: &str| inputs.and_then(|i| self.a.get(i, k));
        let scalar = |k: &str| input(k).and_then(|n| n.as_scalar()).unwrap_or("");
        let task = name.split('@').next().unwrap_or(name).to_ascii_lowercase();
        let inline = match task.as_str() {
            "bash" if scalar("targetType").eq_ignore_ascii_case("inline") => input("script"),
            "cmdline" => input("script"),
            "azurecli" if matches!(scalar("scriptType"), "bash" | "") => input("inlineScript"),
            _ => None,
        };
        if let Some(s) = inline {
            self.script(s, vars, ctx, out);
        }
        if task == "helmdeploy" {
            self.helm_deploy(node, &input, vars, ctx, out);
        }
    }

    /// `HelmDeploy@0/@1`: its inputs as a Helm command line.
    fn helm_deploy(
        &self,
        task: &Node,
        input: &dyn Fn(&str) -> Option<&'a Node>,
        vars: &Vars,
        ctx: &ExecContext,
        out: &mut Extraction,
    ) {
        let command = input("command").and_then(|n| n.as_scalar()).unwrap_or("ls");
        let mut args = ArgList::new(task.span);
        let unknown = |t: &str| vars.expand(t);
        match command {
            "upgrade" | "install" => {}
            "rollback" | "uninstall" | "delete" => {
                args.at(command, input("command").map_or(task.span, |n| n.span));
                args.input(input("releaseName"), &unknown);
                args.finish(ctx.clone(), out);
                return;
            }
            _ => return,
        }
        args.at(command, input("command").map_or(task.span, |n| n.span));
        let on = |k: &str, default: bool| match input(k) {
            Some(n) if is_true(n) => Some(n.span),
            Some(n) if is_false(n) => None,
            Some(n) => Some(n.span),
            None => default.then_some(task.span),
        };
        if command == "upgrade" {
            if let Some(span) = on("install", true) {
                args.at("--install", span);
            }
        }
        args.input(input("releaseName"), &unknown);
        let chart_type = input("chartType")
            .and_then(|n| n.as_scalar())
            .unwrap_or("Name");
        let chart = if chart_type.eq_ignore_ascii_case("FilePath") {
            "chartPath"
        } else {
            "chartName"
        };
        args.input(input(chart), &unknown);
        if let Some(ns) = input("namespace") {
            args.flag_value("--namespace", ns, &unknown);
        }
        if let Some(v) = input("valueFile") {
            args.flag_value("--values", v, &unknown);
        }
        if let Some(sets) = input("overrideValues") {
            for line in sets
                .as_scalar()
                .unwrap_or("")
                .lines()
                .filter(|l| !l.trim().is_empty())
            {
                args.at("--set", sets.span);
                args.at(line.trim(), sets.span);
            }
        }
        if let Some(v) = input("chartVersion").or_else(|| input("version")) {
            args.flag_value("--version", v, &unknown);
        }
        if let Some(w) = input("waitForExecution").filter(|n| is_false(n)) {
            args.at("--wait=false", w.span);
        }
        for (key, flag, default) in [
            ("waitForExecution", "--wait", true),
            ("force", "--force", false),
            ("recreate", "--recreate-pods", false),
            ("resetValues", "--reset-values", false),
        ] {
            if let Some(span) = on(key, default) {
                args.at(flag, span);
            }
        }
        if let Some(extra) = input("arguments") {
            args.args
                .extend(shell_words(self.file, extra, &vars.shell()));
        }
        let mut ctx = ctx.clone();
        ctx.label = format!("{}, HelmDeploy", ctx.label);
        args.finish(ctx, out);
    }
}
