//! Bitbucket Pipelines (`bitbucket-pipelines.yml`).
//!
//! Steps live under `pipelines.{default, branches.<b>, tags.<t>, bookmarks.<b>,
//! pull-requests.<p>, custom.<name>}` as `- step:` items, inside `- parallel:`
//! (a list, or `{steps: [...]}`) and `- stage: {steps: [...]}`; `definitions.steps`
//! anchors are resolved. The `script` items run as one bash script with `set -e`
//! and **no** `pipefail`; `after-script` runs apart and its result never changes
//! the step's. `max-time` (step, else `options.max-time`, default 120 minutes)
//! kills the step. `- pipe:` items are not shell.

use super::invocations_in_script;
use super::support::{default_timer, each_root, join_label, node_timer, push_timer};
use super::yaml_util::Anchors;
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::model::{ExecContext, Extraction, FailureIgnored, IgnoreKind};
use crate::pipeline::shell::ShellOptions;
use crate::pipeline::source::SourceFile;
use crate::yaml::Node;

/// Extracts the Helm invocations of a Bitbucket Pipelines file.
pub fn extract(file: &SourceFile) -> Extraction {
    each_root(file, "pipeline", |root, a, base, out| {
        let mut base = base.clone();
        let max_time = a.get(root, "options").and_then(|o| a.get(o, "max-time"));
        base.kill_timers = vec![max_time
            .and_then(|m| node_timer(m, "options.max-time", Some(60)))
            .unwrap_or_else(|| default_timer(7200, "max-time: 120 (the default)"))];
        let b = Bitbucket { file, a };
        let Some(pipelines) = a.get(root, "pipelines") else {
            return;
        };
        for (section, body) in a.entries(pipelines) {
            let section = section.as_scalar().unwrap_or("");
            if a.items(body).is_empty() {
                // `branches`, `tags`, `custom`, ...: a mapping of pattern → items.
                for (pattern, items) in a.entries(body) {
                    let label = format!("{section} {}", pattern.as_scalar().unwrap_or(""));
                    b.items(items, &base, &label, out);
                }
            } else {
                b.items(body, &base, section, out);
            }
        }
    })
}

struct Bitbucket<'a> {
    file: &'a SourceFile,
    a: &'a Anchors<'a>,
}

impl<'a> Bitbucket<'a> {
    /// A list of `step`, `parallel` and `stage` items.
    fn items(&self, items: &'a Node, ctx: &ExecContext, label: &str, out: &mut Extraction) {
        for (i, item) in self.a.items(items).into_iter().enumerate() {
            if let Some(step) = self.a.get(item, "step") {
                self.step(
                    step,
                    ctx,
                    &join_label(label, &format!("step {}", i + 1)),
                    out,
                );
            }
            if let Some(par) = self.a.get(item, "parallel") {
                let steps = self.a.get(par, "steps").unwrap_or(par);
                self.items(steps, ctx, label, out);
            }
            if let Some(stage) = self.a.get(item, "stage") {
                if let Some(steps) = self.a.get(stage, "steps") {
                    self.items(steps, ctx, label, out);
                }
            }
        }
    }

    fn step(&self, step: &'a Node, ctx: &ExecContext, label: &str, out: &mut Extraction) {
        let mut ctx = ctx.clone();
        ctx.label = match self.a.get(step, "name").and_then(|n| n.as_scalar()) {
            Some(name) => format!("{label} \"{name}\""),
            None => label.to_string(),
        };
        if let Some(m) = self.a.get(step, "max-time") {
            ctx.kill_timers.clear();
            push_timer(&mut ctx, node_timer(m, "max-time", Some(60)));
        }
        if let Some(script) = self.a.get(step, "script") {
            self.script(script, &ctx, out);
        }
        if let Some(after) = self.a.get(step, "after-script") {
            let mut ctx = ctx.clone();
            let key_span = after.span;
            ctx.ignored.push(FailureIgnored {
                kind: IgnoreKind::BitbucketAfterScript,
                span: Some(key_span),
            });
            self.script(after, &ctx, out);
        }
    }

    /// The shell items of a `script` list as one script (`set -e`, no `pipefail`).
    fn script(&self, list: &'a Node, ctx: &ExecContext, out: &mut Extraction) {
        let mut script = EmbeddedText::new();
        for item in self.a.items(list) {
            if item.as_scalar().is_some() {
                script.push_piece(&EmbeddedText::from_yaml_scalar(self.file, item));
            }
        }
        let opts = ShellOptions {
            errexit: true,
            ..ShellOptions::default()
        };
        invocations_in_script(&script, &opts, ctx, out);
    }
}
