//! Makefiles (`Makefile`, `GNUmakefile`, `*.mk`).
//!
//! Recipe lines (tab-indented, `\` continuations joined) each run in their own
//! `/bin/sh -c` without `-e`: make stops when a line fails, so a `helm` that is
//! not the last command of its line is ignored when it fails. With `.ONESHELL:`
//! the whole recipe is one script (errexit only if `.SHELLFLAGS` has `-e`). A line
//! prefixed with `-` (or any line under `.IGNORE:`) has its errors ignored. Make
//! expands `$(VAR)`/`${VAR}` before the shell runs: variables defined in the file
//! are known, others are unknown, and `$$` is the shell's `$`.

use super::invocations_in_script;
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::helm::version_evidence;
use crate::pipeline::model::{ExecContext, Extraction, FailureIgnored, IgnoreKind};
use crate::pipeline::shell::{Env, MaskSyntax, ShellOptions, VarValue};
use crate::pipeline::source::{SourceFile, Span};

/// One logical recipe line: its text (continuations included) and where it starts.
struct RecipeLine {
    target: String,
    /// The raw text after the tab (continuation lines with their tabs removed
    /// are still mapped verbatim).
    pieces: Vec<(usize, String)>,
}

/// Extracts the Helm invocations of a Makefile.
pub fn extract(file: &SourceFile) -> Extraction {
    let mut out = Extraction::default();
    let mut vars = Env::new();
    let mut lines: Vec<RecipeLine> = Vec::new();
    let mut target = String::new();
    let mut oneshell = false;
    let mut ignore_all = false;
    let mut shellflags_e = false;
    let text = &file.text;
    let mut offset = 0;
    let mut raw_lines = text.split_inclusive('\n').peekable();
    while let Some(line) = raw_lines.next() {
        let line_start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(recipe) = body.strip_prefix('\t') {
            let mut rl = RecipeLine {
                target: target.clone(),
                pieces: vec![(line_start + 1, recipe.to_string())],
            };
            let mut cur = recipe.to_string();
            while cur.ends_with('\\') {
                let Some(next) = raw_lines.next() else { break };
                let next_start = offset;
                offset += next.len();
                let nb = next.trim_end_matches(['\n', '\r']);
                let (skip, content) = match nb.strip_prefix('\t') {
                    Some(c) => (1, c),
                    None => (0, nb),
                };
                rl.pieces.push((next_start + skip, content.to_string()));
                cur = content.to_string();
            }
            lines.push(rl);
            continue;
        }
        let trimmed = body.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with(".ONESHELL") {
            oneshell = true;
        } else if trimmed.starts_with(".IGNORE") {
            ignore_all = true;
        }
        if let Some((name, value)) = assignment(trimmed) {
            if name == ".SHELLFLAGS" {
                shellflags_e = value.split_whitespace().any(|w| w.starts_with('-') && w.contains('e'));
            }
            let known = !value.contains('$') || value.starts_with("$(shell");
            let v = if known && !value.contains('$') {
                VarValue::Known(value.to_string())
            } else {
                VarValue::Unknown
            };
            vars.insert(name.to_string(), v);
            continue;
        }
        if let Some((t, _)) = trimmed.split_once(':') {
            if !t.contains('=') {
                target = t.split_whitespace().next().unwrap_or("").to_string();
            }
        }
    }
    let version = version_evidence(file);
    let expression_values = vars
        .iter()
        .filter_map(|(k, v)| match v {
            VarValue::Known(s) => Some((k.clone(), s.clone())),
            VarValue::Unknown => None,
        })
        .collect();
    let opts = ShellOptions {
        errexit: oneshell && shellflags_e,
        pipefail: false,
        env: vars,
        mask: MaskSyntax {
            azure: true,
            ..MaskSyntax::default()
        },
        expression_values,
    };
    let base = |target: &str| ExecContext {
        helm_version: version.clone(),
        label: format!("target {target}"),
        ..ExecContext::default()
    };
    if oneshell {
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].target.clone();
            let mut script = EmbeddedText::new();
            let mut ctx = base(&t);
            while i < lines.len() && lines[i].target == t {
                let (piece, dash) = recipe_text(&lines[i]);
                if let Some(d) = dash.filter(|_| ctx.ignored.is_empty()) {
                    ctx.ignored.push(d);
                }
                script.push_piece(&piece);
                i += 1;
            }
            invocations_in_script(&script, &opts, &ctx, &mut out);
        }
    } else {
        for rl in &lines {
            let (script, dash) = recipe_text(rl);
            let mut ctx = base(&rl.target);
            ctx.ignored.extend(dash);
            if ignore_all && ctx.ignored.is_empty() {
                ctx.ignored.push(FailureIgnored {
                    kind: IgnoreKind::MakeIgnore,
                    span: None,
                });
            }
            // Each line is its own shell: nothing runs after its last command.
            invocations_in_script(&script, &opts, &ctx, &mut out);
        }
    }
    out
}

/// `NAME = v`, `NAME := v`, `NAME ?= v`, `NAME += v` (the value only), `export NAME = v`.
fn assignment(line: &str) -> Option<(&str, &str)> {
    let line = line.strip_prefix("export ").unwrap_or(line);
    let eq = line.find('=')?;
    let (lhs, rhs) = line.split_at(eq);
    let name = lhs.trim_end_matches([':', '?', '+', '!']).trim();
    if name.is_empty() || name.contains([' ', '\t', ':', '$', '(']) && !name.starts_with('.') {
        return None;
    }
    if name.contains(' ') {
        return None;
    }
    Some((name, rhs[1..].trim()))
}

/// The shell text of a recipe line: `@`/`-`/`+` prefixes dropped (a `-` ignores
/// errors), `$$` made `$`, continuations kept as `\`+newline (the shell joins them).
fn recipe_text(rl: &RecipeLine) -> (EmbeddedText, Option<FailureIgnored>) {
    let mut out = EmbeddedText::new();
    let mut dash = None;
    for (n, (start, text)) in rl.pieces.iter().enumerate() {
        let mut body = text.as_str();
        let mut at = *start;
        if n == 0 {
            let lead = body.len() - body.trim_start().len();
            body = &body[lead..];
            at += lead;
            while let Some(c) = body.chars().next().filter(|c| matches!(c, '@' | '-' | '+')) {
                if c == '-' {
                    dash = Some(FailureIgnored {
                        kind: IgnoreKind::MakeIgnore,
                        span: Some(Span { start: at, end: at + 1 }),
                    });
                }
                body = body[1..].trim_start();
                at = *start + (text.len() - body.len());
            }
        } else {
            out.push_synthetic("\n", at);
        }
        push_unescaped(&mut out, body, at);
    }
    (out, dash)
}

/// Appends `text` (at file offset `at`) with make's `$$` turned into `$`.
fn push_unescaped(out: &mut EmbeddedText, text: &str, at: usize) {
    let mut last = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i + 1 < bytes.len() {
        if bytes[i] == b'$' && bytes[i + 1] == b'$' {
            out.push_verbatim(&text[last..=i], at + last);
            i += 2;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_verbatim(&text[last..], at + last);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_and_dollar_escapes() {
        assert_eq!(assignment("HELM ?= helm"), Some(("HELM", "helm")));
        assert_eq!(assignment("export NS := prod"), Some(("NS", "prod")));
        assert_eq!(assignment("target: dep"), None);
        let mut e = EmbeddedText::new();
        push_unescaped(&mut e, "echo $$HOME $(X)", 10);
        assert_eq!(e.text, "echo $HOME $(X)");
        assert_eq!(e.file_offset(6), 12);
        assert_eq!(e.file_offset(11), 22);
    }
}
