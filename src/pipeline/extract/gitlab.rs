//! GitLab CI (`.gitlab-ci.yml`).
//!
//! Every top-level mapping with a `script` (directly, through anchors and merge keys,
//! or through `extends:`) is a job; hidden jobs (`.name`) only serve as templates.
//! `before_script` + `script` run as one shell with `errexit` and `pipefail` (the
//! runner's script header); `after_script` runs apart and its failures never fail
//! the job. `!reference [job, key]` items are resolved. `allow_failure` (true or
//! `exit_codes`) and `when: manual` (which defaults to `allow_failure: true`)
//! ignore failures; `timeout:` (`1h 30m`, `90 minutes`) is a kill timer.

use super::invocations_in_script;
use super::support::parse_yaml;
use super::yaml_util::{is_true, Anchors};
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::helm::version_evidence;
use crate::pipeline::model::{ExecContext, Extraction, FailureIgnored, IgnoreKind, KillTimer};
use crate::pipeline::shell::{Env, MaskSyntax, ShellOptions, VarValue};
use crate::pipeline::source::{SourceFile, Span};
use crate::yaml::Node;

/// Top-level keys that are not jobs.
const RESERVED: &[&str] = &[
    "stages",
    "variables",
    "include",
    "default",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
    "pages:deploy",
];

/// Extracts the Helm invocations of a GitLab CI file.
pub fn extract(file: &SourceFile) -> Extraction {
    let mut out = Extraction::default();
    let docs = parse_yaml(file, "file", &mut out);
    let version = version_evidence(file);
    for doc in &docs {
        let Some(root) = &doc.root else { continue };
        let a = Anchors::of(root);
        let g = GitLab { file, a: &a, root };
        let mut env = Env::new();
        add_variables(&a, root, &mut env);
        for (k, job) in a.entries(root) {
            let Some(name) = k.as_scalar() else { continue };
            if name.starts_with('.') || RESERVED.contains(&name) || job.as_mapping().is_none() {
                continue;
            }
            if g.lookup(job, "script").is_none() {
                continue;
            }
            g.job(name, job, &env, &version, &mut out);
        }
    }
    out
}

struct GitLab<'a> {
    file: &'a SourceFile,
    a: &'a Anchors<'a>,
    root: &'a Node,
}

fn add_variables(a: &Anchors<'_>, node: &Node, env: &mut Env) {
    let Some(vars) = a.get(node, "variables") else {
        return;
    };
    for (k, v) in a.entries(vars) {
        let Some(name) = k.as_scalar() else { continue };
        // `VAR: {value: x, description: …}` or a plain scalar.
        let val = v
            .as_scalar()
            .or_else(|| a.get(v, "value").and_then(|x| x.as_scalar()));
        let value = match val {
            Some(t) if !t.contains('$') => VarValue::Known(t.to_string()),
            _ => VarValue::Unknown,
        };
        env.insert(name.to_string(), value);
    }
}

impl<'a> GitLab<'a> {
    /// A job key, looking through `extends:` (the last parent wins, the job over all).
    fn lookup(&self, job: &'a Node, key: &str) -> Option<&'a Node> {
        self.lookup_depth(job, key, 0)
    }

    fn lookup_depth(&self, job: &'a Node, key: &str, depth: u32) -> Option<&'a Node> {
        if let Some(v) = self.a.get(job, key) {
            return Some(v);
        }
        if depth > 10 {
            return None;
        }
        let ext = self.a.get(job, "extends")?;
        let parents: Vec<&str> = match ext.as_scalar() {
            Some(p) => vec![p],
            None => self
                .a
                .items(ext)
                .into_iter()
                .filter_map(|n| n.as_scalar())
                .collect(),
        };
        parents
            .into_iter()
            .rev()
            .filter_map(|p| self.a.get(self.root, p))
            .find_map(|parent| self.lookup_depth(parent, key, depth + 1))
    }

    /// The script lines of a key: a string, or a list (nested lists flattened,
    /// `!reference [job, key]` resolved), joined into one script.
    fn script(&self, node: &'a Node, depth: u32) -> EmbeddedText {
        let mut text = EmbeddedText::new();
        if node.tag.as_deref() == Some("!reference") {
            return self.reference(node, depth);
        }
        if node.as_scalar().is_some() {
            text.push_yaml_scalar(self.file, node);
            return text;
        }
        for item in self.a.items(node) {
            if item.tag.as_deref() == Some("!reference") {
                text.push_piece(&self.reference(item, depth));
            } else if item.as_scalar().is_some() {
                text.push_piece(&EmbeddedText::from_yaml_scalar(self.file, item));
            }
        }
        text
    }

    fn reference(&self, node: &'a Node, depth: u32) -> EmbeddedText {
        let path: Vec<&str> = node
            .as_sequence()
            .map(|s| s.iter().filter_map(|n| n.as_scalar()).collect())
            .unwrap_or_default();
        if depth > 5 || path.is_empty() {
            return EmbeddedText::new();
        }
        let mut cur = self.a.get(self.root, path[0]);
        for key in &path[1..] {
            cur = cur.and_then(|c| self.lookup(c, key));
        }
        match cur {
            Some(n) => self.script(n, depth + 1),
            None => EmbeddedText::new(),
        }
    }

    fn job(
        &self,
        name: &str,
        job: &'a Node,
        global_env: &Env,
        version: &crate::pipeline::model::HelmVersion,
        out: &mut Extraction,
    ) {
        let mut ctx = ExecContext {
            helm_version: version.clone(),
            label: format!("job {name}"),
            ..ExecContext::default()
        };
        let allow = self.lookup(job, "allow_failure");
        // `allow_failure: {exit_codes: [...]}` lets the job fail only with those codes;
        // a failed helm command exits 1 (the job's shell stops there).
        let allowed = allow.is_some_and(|a| {
            is_true(a)
                || self.a.get(a, "exit_codes").is_some_and(|c| {
                    let one = |n: &Node| n.as_scalar().is_some_and(|v| v.trim() == "1");
                    one(c) || c.as_sequence().is_some_and(|items| items.iter().any(one))
                })
        });
        if let Some(a) = allow.filter(|_| allowed) {
            ctx.ignored.push(FailureIgnored {
                kind: IgnoreKind::AllowFailure,
                span: Some(a.span),
            });
        }
        if let Some(w) = self.lookup(job, "when") {
            // A manual job is allowed to fail unless `allow_failure` says otherwise.
            if w.as_scalar() == Some("manual") && allow.is_none() {
                ctx.ignored.push(FailureIgnored {
                    kind: IgnoreKind::ManualJob,
                    span: Some(w.span),
                });
            }
        }
        let default = self.a.get(self.root, "default");
        let timeout = self
            .lookup(job, "timeout")
            .or_else(|| default.and_then(|d| self.a.get(d, "timeout")));
        if let Some(t) = timeout {
            if let Some(secs) = t.as_scalar().and_then(human_duration) {
                ctx.kill_timers.push(KillTimer {
                    seconds: secs,
                    what: format!("timeout: {}", t.as_scalar().unwrap_or("")),
                    span: Some(t.span),
                });
            }
        }
        let mut env = global_env.clone();
        add_variables(self.a, job, &mut env);
        let opts = ShellOptions {
            errexit: true,
            pipefail: true,
            env,
            mask: MaskSyntax {
                gitlab: true,
                ..MaskSyntax::default()
            },
            ..ShellOptions::default()
        };
        let inherited = |key: &str| {
            self.lookup(job, key)
                .or_else(|| default.and_then(|d| self.a.get(d, key)))
                .or_else(|| self.a.get(self.root, key))
        };
        let mut main = EmbeddedText::new();
        if let Some(before) = inherited("before_script") {
            main.push_piece(&self.script(before, 0));
        }
        if let Some(script) = self.lookup(job, "script") {
            main.push_piece(&self.script(script, 0));
        }
        invocations_in_script(&main, &opts, &ctx, out);
        if let Some(after) = inherited("after_script") {
            let mut actx = ctx.clone();
            let key_span = after.span;
            actx.ignored.insert(
                0,
                FailureIgnored {
                    kind: IgnoreKind::AfterScript,
                    span: Some(Span {
                        start: key_span.start,
                        end: key_span.start,
                    }),
                },
            );
            invocations_in_script(&self.script(after, 0), &opts, &actx, out);
        }
    }
}

/// GitLab's human durations: `3600`, `1h`, `1h 30m`, `90 minutes`, `2 hours 10 min`.
fn human_duration(s: &str) -> Option<u64> {
    let mut total = 0f64;
    let mut num: Option<f64> = None;
    let lower = s.to_ascii_lowercase();
    let mut rest = lower.as_str();
    let mut any = false;
    while !rest.is_empty() {
        rest = rest.trim_start_matches([' ', ',']);
        if rest.is_empty() {
            break;
        }
        let digits = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if digits > 0 {
            if let Some(n) = num.take() {
                total += n;
            }
            num = Some(rest[..digits].parse().ok()?);
            rest = &rest[digits..];
            continue;
        }
        let letters = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        if letters == 0 {
            return None;
        }
        let unit = &rest[..letters];
        rest = &rest[letters..];
        if unit == "and" {
            continue;
        }
        let mult = match unit {
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86400.0,
            _ => return None,
        };
        total += num.take()? * mult;
        any = true;
    }
    if let Some(n) = num {
        total += n;
        any = true;
    }
    any.then_some(total as u64)
}

#[cfg(test)]
mod tests {
    use super::human_duration;

    #[test]
    fn human_durations() {
        assert_eq!(human_duration("1h 30m"), Some(5400));
        assert_eq!(human_duration("90 minutes"), Some(5400));
        assert_eq!(human_duration("3600"), Some(3600));
        assert_eq!(human_duration("2 hours and 10 min"), Some(7800));
        assert_eq!(human_duration("soon"), None);
    }
}
