//! CircleCI (`.circleci/config.yml`, and orb sources: `src/commands/*.yml`,
//! `src/jobs/*.yml`).
//!
//! * `run` steps (a string, or `{command, shell, no_output_timeout, environment}`)
//!   run under `/bin/bash -eo pipefail` unless `shell:` says otherwise.
//! * `<< parameters.x >>` and `<< pipeline.parameters.x >>` are masked and take the
//!   value the caller passes or the parameter's default; steps of reusable
//!   `commands:` are followed with the parameters of each call, and `when`/`unless`
//!   blocks are entered.
//! * `no_output_timeout` (default 10m) kills a step that prints nothing for that
//!   long, and Helm prints nothing while it waits (unless `--debug`): a kill timer.
//! * The `circleci/helm` orb's `upgrade_helm_chart` and `install_helm_chart`
//!   commands become Helm command lines built from their parameters, in the order
//!   the orb's script adds them (`wait`, `atomic` and `force` default to false,
//!   `timeout` is passed raw, `no_output_timeout` defaults to 30m, `helm_version`
//!   pins the Helm version).

use std::collections::HashMap;

use super::invocations_in_script;
use super::support::{
    default_timer, duration_timer, each_root, join_label, premask, truthy, version_of, ArgList,
};
use super::yaml_util::Anchors;
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::model::{ExecContext, Extraction, HelmInvocation, KillTimer};
use crate::pipeline::shell::{Env, ShellOptions, VarValue};
use crate::pipeline::source::SourceFile;
use crate::yaml::Node;

/// Parameter values by name (`parameters.x` and `pipeline.parameters.x`).
type Params = HashMap<String, String>;

/// Extracts the Helm invocations of a CircleCI config or orb source file.
pub fn extract(file: &SourceFile) -> Extraction {
    each_root(file, "config", |root, a, base, out| {
        let c = Circle {
            file,
            a,
            root,
            helm_orbs: helm_orb_aliases(a, root),
        };
        // Pipeline parameters are known everywhere; a root with `steps` is an orb
        // command or job whose own parameters take their defaults.
        let mut params = Params::new();
        c.defaults(root, "pipeline.parameters", &mut params);
        if let Some(steps) = a.get(root, "steps") {
            let mut own = params.clone();
            c.defaults(root, "parameters", &mut own);
            c.steps(steps, &own, base, &Env::new(), None, "", 0, out);
        }
        if let Some(jobs) = a.get(root, "jobs") {
            for (name, job) in a.entries(jobs) {
                let mut own = params.clone();
                c.defaults(job, "parameters", &mut own);
                let shell = a.get(job, "shell").and_then(|s| s.as_scalar());
                let mut env = Env::new();
                c.add_env(job, &own, &mut env);
                let label = format!("job {}", name.as_scalar().unwrap_or(""));
                if let Some(steps) = a.get(job, "steps") {
                    c.steps(steps, &own, base, &env, shell, &label, 0, out);
                }
            }
        }
        if let Some(workflows) = a.get(root, "workflows") {
            for (_, wf) in a.entries(workflows) {
                let Some(jobs) = a.get(wf, "jobs") else {
                    continue;
                };
                for item in a.items(jobs) {
                    c.orb_call(item, &params, base, "workflow job", out);
                }
            }
        }
    })
}

/// The aliases under `orbs:` that name the `circleci/helm` orb (`helm` by default
/// in orb sources, where no `orbs:` key exists).
fn helm_orb_aliases(a: &Anchors<'_>, root: &Node) -> Vec<String> {
    let mut aliases: Vec<String> = a
        .get(root, "orbs")
        .map(|orbs| {
            a.entries(orbs)
                .into_iter()
                .filter(|(_, v)| {
                    v.as_scalar()
                        .is_some_and(|s| s.starts_with("circleci/helm@"))
                })
                .filter_map(|(k, _)| k.as_scalar().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if aliases.is_empty() {
        aliases.push("helm".into());
    }
    aliases
}

struct Circle<'a> {
    file: &'a SourceFile,
    a: &'a Anchors<'a>,
    root: &'a Node,
    helm_orbs: Vec<String>,
}

/// Bash options of a CircleCI `shell:` (`None` for a shell the linter does not read).
fn shell_flags(shell: Option<&str>) -> Option<(bool, bool)> {
    let Some(shell) = shell else {
        return Some((true, true));
    };
    let mut words = shell.split_whitespace();
    let prog = words.next()?.rsplit('/').next()?;
    if !matches!(prog, "bash" | "sh" | "ash" | "dash" | "zsh") {
        return None;
    }
    let rest: Vec<&str> = words.collect();
    let errexit = rest
        .iter()
        .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('e'));
    Some((errexit, rest.iter().any(|w| w.contains("pipefail"))))
}

/// How a boolean parameter reads: on, off, or an expression whose value is unknown.
enum Flag {
    On,
    Off,
    Unknown(String),
}

impl<'a> Circle<'a> {
    /// Adds the defaults of a node's `parameters:` as `prefix.name`.
    fn defaults(&self, node: &Node, prefix: &str, params: &mut Params) {
        let Some(p) = self.a.get(node, "parameters") else {
            return;
        };
        for (k, v) in self.a.entries(p) {
            let (Some(name), Some(d)) = (
                k.as_scalar(),
                self.a.get(v, "default").and_then(|d| d.as_scalar()),
            ) else {
                continue;
            };
            params.insert(format!("{prefix}.{name}"), d.to_string());
        }
    }

    /// A text with its `<< … >>` expressions replaced by known values; `None` when
    /// one is unknown.
    fn expand(&self, text: &str, params: &Params) -> Option<String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("<<") {
            let e = rest[i..].find(">>")?;
            out.push_str(&rest[..i]);
            let inner = rest[i + 2..i + e].trim();
            out.push_str(params.get(inner)?);
            rest = &rest[i + e + 2..];
        }
        out.push_str(rest);
        Some(out)
    }

    fn add_env(&self, node: &Node, params: &Params, env: &mut Env) {
        let Some(e) = self.a.get(node, "environment") else {
            return;
        };
        for (k, v) in self.a.entries(e) {
            let Some(name) = k.as_scalar() else { continue };
            let value = v
                .as_scalar()
                .and_then(|t| self.expand(t, params))
                .map_or(VarValue::Unknown, VarValue::Known);
            env.insert(name.to_string(), value);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn steps(
        &self,
        steps: &'a Node,
        params: &Params,
        ctx: &ExecContext,
        env: &Env,
        shell: Option<&str>,
        label: &str,
        depth: u32,
        out: &mut Extraction,
    ) {
        if depth > 8 {
            return;
        }
        for (i, step) in self.a.items(steps).into_iter().enumerate() {
            // `- checkout` / `- my_command` (no arguments) or `- name: {…}`.
            let (key, body) = match step.as_scalar() {
                Some(name) => (name, step),
                None => match self.a.entries(step).into_iter().next() {
                    Some((k, v)) => match k.as_scalar() {
                        Some(k) => (k, v),
                        None => continue,
                    },
                    None => continue,
                },
            };
            let mut ctx = ctx.clone();
            ctx.label = join_label(label, &format!("step {}", i + 1));
            match key {
                "run" => self.run(body, params, &ctx, env, shell, out),
                "when" | "unless" => {
                    if let Some(inner) = self.a.get(body, "steps") {
                        self.steps(inner, params, &ctx, env, shell, label, depth + 1, out);
                    }
                }
                _ => {
                    let local = self
                        .a
                        .get(self.root, "commands")
                        .and_then(|c| self.a.get(c, key));
                    match local {
                        Some(cmd) => {
                            let mut own = params.clone();
                            self.defaults(cmd, "parameters", &mut own);
                            self.call_args(body, params, &mut own);
                            if let Some(inner) = self.a.get(cmd, "steps") {
                                let label = join_label(label, &format!("command {key}"));
                                self.steps(inner, &own, &ctx, env, shell, &label, depth + 1, out);
                            }
                        }
                        None => self.orb_call(step, params, &ctx, &ctx.label, out),
                    }
                }
            }
        }
    }

    /// The arguments of a call (`- cmd: {x: 1}`) as `parameters.x`.
    fn call_args(&self, body: &Node, outer: &Params, own: &mut Params) {
        for (k, v) in self.a.entries(body) {
            let (Some(k), Some(v)) = (k.as_scalar(), v.as_scalar()) else {
                continue;
            };
            match self.expand(v, outer) {
                Some(v) => own.insert(format!("parameters.{k}"), v),
                None => own.remove(&format!("parameters.{k}")),
            };
        }
    }

    fn run(
        &self,
        body: &Node,
        params: &Params,
        ctx: &ExecContext,
        env: &Env,
        shell: Option<&str>,
        out: &mut Extraction,
    ) {
        let (command, step) = match body.as_scalar() {
            Some(_) => (body, None),
            None => match self.a.get(body, "command") {
                Some(c) => (c, Some(body)),
                None => return,
            },
        };
        let shell = step
            .and_then(|s| self.a.get(s, "shell"))
            .and_then(|s| s.as_scalar())
            .or(shell);
        let Some((errexit, pipefail)) = shell_flags(shell) else {
            return;
        };
        let mut env = env.clone();
        let mut ctx = ctx.clone();
        if let Some(s) = step {
            self.add_env(s, params, &mut env);
            if let Some(name) = self.a.get(s, "name").and_then(|n| n.as_scalar()) {
                ctx.label = format!("{} \"{name}\"", ctx.label);
            }
        }
        ctx.kill_timers.insert(
            0,
            self.no_output_timer(
                step.and_then(|s| self.a.get(s, "no_output_timeout")),
                params,
                600,
            ),
        );
        let mut script = EmbeddedText::from_yaml_scalar(self.file, command);
        let premasked = premask(&mut script, "<<", ">>", &|inner| params.get(inner).cloned());
        let opts = ShellOptions {
            errexit,
            pipefail,
            env,
            premasked,
            ..ShellOptions::default()
        };
        let before = out.invocations.len();
        invocations_in_script(&script, &opts, &ctx, out);
        drop_quiet_timers(&mut out.invocations[before..]);
    }

    /// The `no_output_timeout` of a step (its value, or a parameter's), else the
    /// default of `default_secs`.
    fn no_output_timer(&self, n: Option<&Node>, params: &Params, default_secs: u64) -> KillTimer {
        let default = || {
            default_timer(
                default_secs,
                &format!("no_output_timeout: {}m (the default)", default_secs / 60),
            )
        };
        let Some(n) = n else {
            return default();
        };
        let text = n.as_scalar().unwrap_or("");
        let value = self.expand(text, params).unwrap_or_default();
        duration_timer(&value, n.span, format!("no_output_timeout: {text}"), None)
            .unwrap_or_else(default)
    }

    /// A step or workflow job that calls the helm orb's chart commands.
    fn orb_call(
        &self,
        item: &'a Node,
        params: &Params,
        ctx: &ExecContext,
        label: &str,
        out: &mut Extraction,
    ) {
        let Some((key, body)) = self.a.entries(item).into_iter().next() else {
            return;
        };
        let Some(name) = key.as_scalar() else { return };
        let Some((alias, command)) = name.split_once('/') else {
            return;
        };
        if !self.helm_orbs.iter().any(|a| a == alias) {
            return;
        }
        let command = command.replace('-', "_");
        let table = match command.as_str() {
            "upgrade_helm_chart" => UPGRADE,
            "install_helm_chart" => INSTALL,
            _ => return,
        };
        let arg = |p: &str| {
            self.a.entries(body).into_iter().find_map(|(k, v)| {
                (k.as_scalar().map(|k| k.replace('-', "_")).as_deref() == Some(p)).then_some(v)
            })
        };
        let flag = |p: &str| match arg(p) {
            None => Flag::Off,
            Some(v) => match v.as_scalar().and_then(|t| self.expand(t, params)) {
                Some(t) if truthy(&t) => Flag::On,
                Some(_) => Flag::Off,
                None => Flag::Unknown(v.as_scalar().unwrap_or("").to_string()),
            },
        };
        let resolve = |t: &str| match self.expand(t, params) {
            Some(v) => (v, true),
            None => (t.to_string(), false),
        };
        let mut args = ArgList::new(key.span);
        let install = command == "install_helm_chart";
        args.word(if install { "install" } else { "upgrade" });
        if !install {
            args.word("--install");
        }
        args.input(arg("release_name"), &resolve);
        args.input(arg("chart"), &resolve);
        for (param, form) in table {
            let (n, f) = match form {
                Param::Bool(f) => match flag(param) {
                    Flag::On => (arg(param), *f),
                    Flag::Off => continue,
                    Flag::Unknown(expr) => {
                        args.at(
                            &format!("{f}={expr}"),
                            arg(param).map_or(key.span, |n| n.span),
                        );
                        args.args.last_mut().expect("just pushed").known = false;
                        continue;
                    }
                },
                Param::Value(f) => match arg(param) {
                    Some(n) if !n.as_scalar().unwrap_or("").is_empty() => (Some(n), *f),
                    _ => continue,
                },
                Param::DefaultValue(f, d) => match arg(param) {
                    Some(n) => (Some(n), *f),
                    None => {
                        args.word(f);
                        args.word(d);
                        continue;
                    }
                },
            };
            let Some(n) = n else { continue };
            match form {
                Param::Bool(_) => args.at(f, n.span),
                _ => args.flag_value(f, n, &resolve),
            }
        }
        let mut ctx = ctx.clone();
        ctx.label = format!("{label}, orb command {name}");
        if let Some(v) = arg("helm_version") {
            let text = v
                .as_scalar()
                .and_then(|t| self.expand(t, params))
                .unwrap_or_default();
            if let Some(version) = version_of(&text, "helm_version: ", v.span) {
                ctx.helm_version = version;
            }
        }
        if !matches!(flag("debug"), Flag::On) {
            ctx.kill_timers.insert(
                0,
                self.no_output_timer(arg("no_output_timeout"), params, 1800),
            );
        }
        args.finish(ctx, out);
    }
}

/// With `--debug` Helm logs while it waits, so `no_output_timeout` does not fire.
fn drop_quiet_timers(invocations: &mut [HelmInvocation]) {
    for inv in invocations {
        if inv.flag_on("debug") {
            inv.context
                .kill_timers
                .retain(|t| !t.what.contains("no_output_timeout"));
        }
    }
}

/// How an orb parameter becomes flags.
enum Param {
    /// A boolean parameter adding a flag when true.
    Bool(&'static str),
    /// A string parameter adding `flag value` when not empty.
    Value(&'static str),
    /// A parameter with a default the orb always passes.
    DefaultValue(&'static str, &'static str),
}

/// `upgrade_helm_chart`, in the order of the orb's `upgrade_helm_chart.sh`.
const UPGRADE: &[(&str, Param)] = &[
    ("create_namespace", Param::Bool("--create-namespace")),
    ("namespace", Param::Value("--namespace")),
    ("timeout", Param::Value("--timeout")),
    ("no_hooks", Param::Bool("--no-hooks")),
    ("recreate_pods", Param::Bool("--recreate-pods")),
    ("atomic", Param::Bool("--atomic")),
    ("wait", Param::Bool("--wait")),
    ("devel", Param::Value("--devel")),
    ("dry_run", Param::Bool("--dry-run")),
    ("reset_values", Param::Bool("--reset-values")),
    ("reuse_values", Param::Bool("--reuse-values")),
    ("values", Param::Value("--values")),
    ("values_to_override", Param::Value("--set")),
    ("history_max", Param::DefaultValue("--history-max", "10")),
    ("version", Param::Value("--version")),
    ("wait_for_jobs", Param::Bool("--wait-for-jobs")),
    ("force", Param::Bool("--force")),
    ("debug", Param::Bool("--debug")),
];

/// `install_helm_chart`, in the order of the orb's `install_helm_chart.sh`.
const INSTALL: &[(&str, Param)] = &[
    ("values_to_override", Param::Value("--set")),
    ("wait_for_jobs", Param::Bool("--wait-for-jobs")),
    ("namespace", Param::Value("--namespace")),
    ("wait", Param::Bool("--wait")),
    ("debug", Param::Bool("--debug")),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::model::HelmMajor;

    #[test]
    fn orb_parameters_become_flags_and_pin_the_version() {
        let src = include_str!("../../../tests/fixtures/pipeline/circleci/.circleci/config.yml");
        let out = extract(&SourceFile::new("config.yml", src));
        let orb = out.invocations.last().unwrap();
        let flags: Vec<&str> = orb.flags.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            flags,
            ["install", "timeout", "atomic", "history-max", "force"]
        );
        assert_eq!(
            (
                orb.context.helm_version.major,
                orb.context.helm_version.minor
            ),
            (HelmMajor::V4, Some(1))
        );
        assert_eq!(
            orb.context.kill_timers[0].what,
            "no_output_timeout: 30m (the default)"
        );
        // `- upgrade` (no arguments) and `- upgrade: {timeout: 5m}` follow the command.
        let timeouts: Vec<&str> = out
            .invocations
            .iter()
            .filter_map(|i| {
                i.flag("timeout")
                    .and_then(|f| f.value.as_ref())
                    .map(|v| v.text.as_str())
            })
            .collect();
        assert_eq!(timeouts, ["20m", "5m", "8m", "15m", "600"]);
    }
}
