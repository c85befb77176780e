//! Walks a bash syntax tree in execution order, keeping `set -e`/`pipefail` state and
//! variables, and records each target command with how its failure is ignored.

use tree_sitter::Node;

use super::mask::Mask;
use super::word::{eval, eval_joined, Env, Field, VarValue, WordCx};
use crate::pipeline::model::IgnoreKind;

/// A command found in a script (script offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundCommand {
    /// The command name field (`helm`, `/usr/local/bin/helm`, `$HELM`).
    pub name: Field,
    /// Its arguments after evaluation.
    pub args: Vec<Field>,
    /// How its failure is ignored, with the script range that does it.
    pub ignored: Vec<(IgnoreKind, Option<(usize, usize)>)>,
    /// Kill timers from wrappers (`timeout 10m helm …`): seconds, text, range.
    pub timers: Vec<(u64, String, (usize, usize))>,
}

/// Where a statement sits.
#[derive(Clone, Debug, Default)]
struct Ctx {
    /// Nothing of the script runs after it.
    tail: bool,
    /// Its failure is propagated explicitly (`|| exit 1`, an `if` that exits).
    handled: bool,
    /// Its status becomes that of an enclosing subshell or `{ ...; }` group whose
    /// failure `set -e` acts on (`helm ... || (helm rollback x && exit 1)`).
    status_checked: bool,
    /// Enclosing constructs that swallow its status.
    guards: Vec<(IgnoreKind, Option<(usize, usize)>)>,
}

impl Ctx {
    fn with_guard(&self, kind: IgnoreKind, range: Option<(usize, usize)>) -> Ctx {
        let mut c = self.clone();
        c.guards.push((kind, range));
        c
    }

    fn not_tail(&self) -> Ctx {
        Ctx {
            tail: false,
            status_checked: false,
            ..self.clone()
        }
    }
}

pub(super) struct Walker<'a> {
    pub src: &'a str,
    pub masks: &'a [Mask],
    pub env: Env,
    pub errexit: bool,
    pub pipefail: bool,
    pub is_target: &'a dyn Fn(&str) -> bool,
    pub out: Vec<FoundCommand>,
}

impl<'a> Walker<'a> {
    pub fn program(&mut self, root: Node<'_>) {
        self.block(
            root,
            &Ctx {
                tail: true,
                ..Ctx::default()
            },
        );
    }

    fn cx(&self) -> WordCx<'_> {
        WordCx {
            src: self.src,
            masks: self.masks,
            env: &self.env,
        }
    }

    /// The statements among `node`'s children, in order; the last inherits `ctx.tail`.
    fn block(&mut self, node: Node<'_>, ctx: &Ctx) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let stmts: Vec<usize> = (0..children.len())
            .filter(|&i| is_statement(children[i]))
            .collect();
        for (n, &i) in stmts.iter().enumerate() {
            let child = children[i];
            let last = n + 1 == stmts.len();
            let mut c = if last { ctx.clone() } else { ctx.not_tail() };
            if children.get(i + 1).is_some_and(|s| s.kind() == "&") {
                let amp = children[i + 1];
                c = c.with_guard(
                    IgnoreKind::Background,
                    Some((amp.start_byte(), amp.end_byte())),
                );
            }
            self.stmt(child, &c);
        }
    }

    fn stmt(&mut self, node: Node<'_>, ctx: &Ctx) {
        match node.kind() {
            "command" => self.command(node, ctx),
            "list" => self.list(node, ctx),
            "pipeline" => self.pipeline(node, ctx),
            "if_statement" => self.if_statement(node, ctx),
            "while_statement" => {
                let handled = Ctx {
                    handled: true,
                    ..ctx.not_tail()
                };
                for c in children_by_field(node, "condition") {
                    self.stmt(c, &handled);
                }
                if let Some(body) = node.child_by_field_name("body") {
                    self.block(body, &ctx.not_tail());
                }
            }
            "for_statement" | "c_style_for_statement" => {
                if let Some(v) = node.child_by_field_name("variable") {
                    let name = self.src[v.start_byte()..v.end_byte()].to_string();
                    self.env.insert(name, VarValue::Unknown);
                }
                if let Some(body) = node.child_by_field_name("body") {
                    self.block(body, &ctx.not_tail());
                }
            }
            "subshell" => {
                let saved = (self.env.clone(), self.errexit, self.pipefail);
                let inner = self.compound_ctx(ctx);
                self.block(node, &inner);
                (self.env, self.errexit, self.pipefail) = saved;
            }
            "compound_statement" => {
                let inner = self.compound_ctx(ctx);
                self.block(node, &inner);
            }
            "function_definition" => {
                if let Some(body) = node.child_by_field_name("body") {
                    let saved = self.env.clone();
                    self.block(
                        body,
                        &Ctx {
                            tail: true,
                            ..Ctx::default()
                        },
                    );
                    self.env = saved;
                }
            }
            "redirected_statement" => {
                if let Some(body) = node.child_by_field_name("body") {
                    self.stmt(body, ctx);
                }
            }
            "negated_command" => self.block(node, &ctx.with_guard(IgnoreKind::IfCondition, None)),
            "variable_assignment" => self.assign(node, ctx, false),
            "variable_assignments" | "declaration_command" => {
                let local = node.kind() == "declaration_command";
                let mut cursor = node.walk();
                let children: Vec<Node> = node.named_children(&mut cursor).collect();
                for c in children {
                    if c.kind() == "variable_assignment" {
                        self.assign(c, ctx, local);
                    }
                }
            }
            "case_statement" => {
                let mut cursor = node.walk();
                let items: Vec<Node> = node.named_children(&mut cursor).collect();
                for item in items.into_iter().filter(|n| n.kind() == "case_item") {
                    self.block(item, ctx);
                }
            }
            "comment" | "heredoc_body" | "test_command" => {}
            _ => self.block(node, ctx),
        }
    }

    fn assign(&mut self, node: Node<'_>, ctx: &Ctx, in_declaration: bool) {
        let Some(name) = node.child_by_field_name("name") else {
            return;
        };
        let name = self.src[name.start_byte()..name.end_byte()].to_string();
        let value = match node.child_by_field_name("value") {
            Some(v) => {
                let guard = if in_declaration {
                    ctx.with_guard(IgnoreKind::CommandSubstitution, None)
                } else {
                    ctx.clone()
                };
                self.substitutions(v, &guard);
                let f = eval_joined(&self.cx(), v);
                if f.known {
                    VarValue::Known(f.text)
                } else {
                    VarValue::Unknown
                }
            }
            None => VarValue::Known(String::new()),
        };
        self.env.insert(name, value);
    }

    /// The context of the statements of a subshell or group: under `set -e`, when
    /// nothing swallows the compound's status, its last statement's status is checked.
    fn compound_ctx(&self, ctx: &Ctx) -> Ctx {
        Ctx {
            status_checked: ctx.status_checked || (self.errexit && ctx.guards.is_empty()),
            ..ctx.clone()
        }
    }

    fn list(&mut self, node: Node<'_>, ctx: &Ctx) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let Some(op_i) = children
            .iter()
            .position(|c| matches!(c.kind(), "&&" | "||"))
        else {
            return self.block(node, ctx);
        };
        let op = children[op_i];
        let left = &children[..op_i];
        let right = &children[op_i + 1..];
        let right_end = right.last().map_or(op.end_byte(), |n| n.end_byte());
        let left_ctx = if op.kind() == "&&" {
            // At the end of the script a failure on the left ends the list and
            // the script with its status.
            if ctx.tail || ctx.handled || ctx.status_checked {
                ctx.clone()
            } else {
                ctx.with_guard(
                    IgnoreKind::AndListNonFinal,
                    Some((op.start_byte(), right_end)),
                )
                .not_tail()
            }
        } else if right.iter().any(|n| fails(self.src, *n)) {
            Ctx {
                handled: true,
                ..ctx.not_tail()
            }
        } else {
            // The fallback decides the list's status; whether anything runs after the
            // list stays as it is (`helm ... || echo failed` at the end of a script
            // without `set -e` is ignored through the fallback alone).
            ctx.with_guard(IgnoreKind::OrFallback, Some((op.start_byte(), right_end)))
        };
        for n in left.iter().filter(|n| is_statement(**n)) {
            self.stmt(*n, &left_ctx);
        }
        for n in right.iter().filter(|n| is_statement(**n)) {
            self.stmt(*n, ctx);
        }
    }

    fn pipeline(&mut self, node: Node<'_>, ctx: &Ctx) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let stages: Vec<usize> = (0..children.len())
            .filter(|&i| is_statement(children[i]))
            .collect();
        for (n, &i) in stages.iter().enumerate() {
            let last = n + 1 == stages.len();
            let c = if last || self.pipefail {
                ctx.clone()
            } else {
                let bar = children.get(i + 1).map(|b| (b.start_byte(), b.end_byte()));
                ctx.with_guard(IgnoreKind::PipeWithoutPipefail, bar)
            };
            self.stmt(children[i], &c);
        }
    }

    fn if_statement(&mut self, node: Node<'_>, ctx: &Ctx) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let then_i = children.iter().position(|c| c.kind() == "then");
        let cond: Vec<Node> = children[..then_i.unwrap_or(0)]
            .iter()
            .copied()
            .filter(|n| is_statement(*n))
            .collect();
        let body: Vec<Node> = children[then_i.map_or(children.len(), |i| i + 1)..]
            .iter()
            .copied()
            .filter(|n| is_statement(*n) && !matches!(n.kind(), "elif_clause" | "else_clause"))
            .collect();
        let alternatives: Vec<Node> = children
            .iter()
            .copied()
            .filter(|n| matches!(n.kind(), "elif_clause" | "else_clause"))
            .collect();
        let negated = cond.len() == 1 && cond[0].kind() == "negated_command";
        let failure_branch_fails = if negated {
            body.iter().any(|n| fails(self.src, *n))
        } else {
            alternatives.iter().any(|n| fails(self.src, *n))
        };
        let kw = children.first().map(|k| (k.start_byte(), k.end_byte()));
        let cond_ctx = if failure_branch_fails {
            Ctx {
                handled: true,
                ..ctx.not_tail()
            }
        } else {
            ctx.with_guard(IgnoreKind::IfCondition, kw).not_tail()
        };
        for c in &cond {
            let target = if c.kind() == "negated_command" {
                c.named_child(0).unwrap_or(*c)
            } else {
                *c
            };
            self.stmt(target, &cond_ctx);
        }
        for (n, s) in body.iter().enumerate() {
            let c = if n + 1 == body.len() {
                ctx.clone()
            } else {
                ctx.not_tail()
            };
            self.stmt(*s, &c);
        }
        for alt in alternatives {
            self.if_alternative(alt, ctx);
        }
    }

    fn if_alternative(&mut self, node: Node<'_>, ctx: &Ctx) {
        if node.kind() == "else_clause" {
            return self.block(node, ctx);
        }
        // `elif cond; then body`: the condition is handled like the `if`'s.
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let then_i = children
            .iter()
            .position(|c| c.kind() == "then")
            .unwrap_or(0);
        for c in children[..then_i].iter().filter(|n| is_statement(**n)) {
            self.stmt(
                *c,
                &ctx.with_guard(IgnoreKind::IfCondition, None).not_tail(),
            );
        }
        for c in children[then_i..].iter().filter(|n| is_statement(**n)) {
            self.stmt(*c, ctx);
        }
    }

    /// Walks the `$(…)` inside a node (an argument, an assignment value).
    fn substitutions(&mut self, node: Node<'_>, ctx: &Ctx) {
        if node.kind() == "command_substitution" {
            self.block(node, &ctx.not_tail());
            return;
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for c in children {
            self.substitutions(c, ctx);
        }
    }

    fn command(&mut self, node: Node<'_>, ctx: &Ctx) {
        let Some(name_node) = node.child_by_field_name("name") else {
            return;
        };
        let mut words: Vec<Field> = eval(&self.cx(), name_node);
        let mut cursor = node.walk();
        let args: Vec<Node> = node
            .children_by_field_name("argument", &mut cursor)
            .collect();
        let subst_ctx = ctx.with_guard(IgnoreKind::CommandSubstitution, None);
        for a in &args {
            self.substitutions(*a, &subst_ctx);
            words.extend(eval(&self.cx(), *a));
        }
        if words.is_empty() {
            return;
        }
        if words[0].text == "set" {
            self.set_options(&words[1..]);
            return;
        }
        if matches!(
            words[0].text.as_str(),
            "export" | "local" | "declare" | "readonly"
        ) {
            return;
        }
        let mut timers = Vec::new();
        let words = unwrap_wrappers(words, &mut timers);
        let Some(name) = words.first() else { return };
        if !(self.is_target)(&name.text) {
            return;
        }
        let mut ignored = ctx.guards.clone();
        if !self.errexit && !ctx.tail && !ctx.handled {
            ignored.push((IgnoreKind::NoErrexit, None));
        }
        self.out.push(FoundCommand {
            name: name.clone(),
            args: words[1..].to_vec(),
            ignored,
            timers,
        });
    }

    /// `set -e`, `set +e`, `set -euo pipefail`, `set -o errexit`, `set +o pipefail`.
    fn set_options(&mut self, args: &[Field]) {
        let mut i = 0;
        while i < args.len() {
            let t = args[i].text.as_str();
            let on = t.starts_with('-');
            if !(on || t.starts_with('+')) || t == "--" {
                break;
            }
            for c in t[1..].chars() {
                match c {
                    'e' => self.errexit = on,
                    'o' => {
                        i += 1;
                        match args.get(i).map(|a| a.text.as_str()) {
                            Some("errexit") => self.errexit = on,
                            Some("pipefail") => self.pipefail = on,
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            i += 1;
        }
    }
}

/// Drops `sudo`, `env VAR=x`, `command`, `exec`, `nohup`, `time`, `eval` and
/// `timeout [opts] DURATION` in front of a command; `timeout` adds a kill timer.
fn unwrap_wrappers(
    mut words: Vec<Field>,
    timers: &mut Vec<(u64, String, (usize, usize))>,
) -> Vec<Field> {
    while let Some(first) = words.first() {
        match first.text.as_str() {
            "sudo" | "command" | "exec" | "nohup" | "time" => {
                words.remove(0);
                while words.first().is_some_and(|w| w.text.starts_with('-')) {
                    words.remove(0);
                }
            }
            "env" => {
                words.remove(0);
                while words
                    .first()
                    .is_some_and(|w| w.text.starts_with('-') || w.text.contains('='))
                {
                    words.remove(0);
                }
            }
            "eval" => {
                words.remove(0);
                words = words.into_iter().flat_map(resplit).collect();
            }
            "timeout" => {
                let start = first.start;
                words.remove(0);
                while let Some(w) = words.first() {
                    match w.text.as_str() {
                        "-s" | "-k" | "--signal" | "--kill-after" => {
                            words.drain(..2.min(words.len()));
                        }
                        t if t.starts_with('-') => {
                            words.remove(0);
                        }
                        _ => break,
                    }
                }
                if let Some(d) = words.first() {
                    if let Some(secs) = coreutils_duration(&d.text) {
                        timers.push((secs, format!("timeout {}", d.text), (start, d.end)));
                    }
                    words.remove(0);
                }
            }
            _ => break,
        }
    }
    words
}

/// `eval`'s words are parsed again: known text splits on blanks.
fn resplit(f: Field) -> Vec<Field> {
    if !f.known || !f.text.contains([' ', '\t', '\n']) {
        return vec![f];
    }
    f.text
        .split([' ', '\t', '\n'])
        .filter(|s| !s.is_empty())
        .map(|s| Field {
            text: s.trim_matches(['"', '\'']).to_string(),
            ..f.clone()
        })
        .collect()
}

/// A `timeout`/`sleep` duration: a number with an optional `s`, `m`, `h` or `d`.
fn coreutils_duration(s: &str) -> Option<u64> {
    let (num, mult) = match s.char_indices().last()? {
        (i, 's') => (&s[..i], 1.0),
        (i, 'm') => (&s[..i], 60.0),
        (i, 'h') => (&s[..i], 3600.0),
        (i, 'd') => (&s[..i], 86400.0),
        _ => (s, 1.0),
    };
    let v: f64 = num.parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some((v * mult) as u64)
}

fn is_statement(n: Node<'_>) -> bool {
    n.is_named()
        && !matches!(
            n.kind(),
            "comment"
                | "heredoc_body"
                | "file_redirect"
                | "heredoc_redirect"
                | "herestring_redirect"
        )
}

fn children_by_field<'t>(node: Node<'t>, field: &str) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.children_by_field_name(field, &mut cursor).collect()
}

/// Whether running `node` fails or leaves the script: it contains `exit` (not
/// `exit 0`), `return` (not `return 0`), `false`, or a command named like a failure
/// helper (`fail`, `die`, `abort`, `error`).
fn fails(src: &str, node: Node<'_>) -> bool {
    if node.kind() == "command" {
        if let Some(name) = node.child_by_field_name("name") {
            let name = &src[name.start_byte()..name.end_byte()];
            let mut cursor = node.walk();
            let first_arg = node
                .children_by_field_name("argument", &mut cursor)
                .next()
                .map(|a| &src[a.start_byte()..a.end_byte()]);
            let lower = name.to_ascii_lowercase();
            return match name {
                "exit" | "return" => first_arg != Some("0"),
                "false" => true,
                _ => ["fail", "die", "abort", "error"]
                    .iter()
                    .any(|w| lower.contains(w)),
            };
        }
    }
    let mut cursor = node.walk();
    let children: Vec<Node> = node.named_children(&mut cursor).collect();
    children.into_iter().any(|c| fails(src, c))
}
