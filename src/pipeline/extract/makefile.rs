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
use std::collections::HashMap;

use crate::pipeline::shell::{Env, Mask, MaskSyntax, ShellOptions, VarValue};
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
                shellflags_e = value
                    .split_whitespace()
                    .any(|w| w.starts_with('-') && w.contains('e'));
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
        mask: MaskSyntax::default(),
        expression_values,
        premasked: Vec::new(),
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
            let mut premasked = Vec::new();
            let mut ctx = base(&t);
            while i < lines.len() && lines[i].target == t {
                let offset = if script.is_empty() {
                    0
                } else {
                    script.text.len() + 1
                };
                let (piece, dash, masks) = recipe_text(&lines[i], &opts.expression_values);
                if let Some(d) = dash.filter(|_| ctx.ignored.is_empty()) {
                    ctx.ignored.push(d);
                }
                script.push_piece(&piece);
                premasked.extend(masks.into_iter().map(|m| Mask {
                    start: m.start + offset,
                    end: m.end + offset,
                    ..m
                }));
                i += 1;
            }
            let opts = ShellOptions {
                premasked,
                ..opts.clone()
            };
            invocations_in_script(&script, &opts, &ctx, &mut out);
        }
    } else {
        for rl in &lines {
            let (script, dash, premasked) = recipe_text(rl, &opts.expression_values);
            let mut ctx = base(&rl.target);
            ctx.ignored.extend(dash);
            if ignore_all && ctx.ignored.is_empty() {
                ctx.ignored.push(FailureIgnored {
                    kind: IgnoreKind::MakeIgnore,
                    span: None,
                });
            }
            // Each line is its own shell: nothing runs after its last command.
            let opts = ShellOptions {
                premasked,
                ..opts.clone()
            };
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
fn recipe_text(
    rl: &RecipeLine,
    vars: &HashMap<String, String>,
) -> (EmbeddedText, Option<FailureIgnored>, Vec<Mask>) {
    let mut out = EmbeddedText::new();
    let mut masks = Vec::new();
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
                        span: Some(Span {
                            start: at,
                            end: at + 1,
                        }),
                    });
                }
                body = body[1..].trim_start();
                at = *start + (text.len() - body.len());
            }
        } else {
            out.push_synthetic("\n", at);
        }
        push_unescaped(&mut out, body, at, vars, &mut masks);
    }
    (out, dash, masks)
}

/// Appends `text` (at file offset `at`) as the shell sees it: make's `$$` becomes
/// `$`, and make references (`$(VAR)`, `${VAR}`, `$(call …)`, `$@`) are masked with
/// `_` (their value, when `VAR` is a known variable, goes with the mask).
fn push_unescaped(
    out: &mut EmbeddedText,
    text: &str,
    at: usize,
    vars: &HashMap<String, String>,
    masks: &mut Vec<Mask>,
) {
    let bytes = text.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        out.push_verbatim(&text[last..i], at + last);
        let len = match bytes[i + 1] {
            b'$' => {
                out.push_verbatim("$", at + i);
                i += 2;
                last = i;
                continue;
            }
            open @ (b'(' | b'{') => reference_len(&bytes[i..], open).unwrap_or(bytes.len() - i),
            _ => 2,
        };
        let source = &text[i..i + len];
        let inner = source
            .get(2..len.saturating_sub(1))
            .filter(|_| len > 2 && matches!(bytes[i + 1], b'(' | b'{'))
            .unwrap_or(&source[1..]);
        let start = out.text.len();
        out.push_verbatim(&"_".repeat(len), at + i);
        masks.push(Mask {
            start,
            end: start + len,
            source: source.to_string(),
            value: vars.get(inner).cloned(),
        });
        i += len;
        last = i;
    }
    out.push_verbatim(&text[last..], at + last);
}

/// Length of a make reference starting with `$(` or `${`, nesting included.
fn reference_len(bytes: &[u8], open: u8) -> Option<usize> {
    let close = if open == b'(' { b')' } else { b'}' };
    let mut depth = 0;
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        if b == open {
            depth += 1;
        } else if b == close {
            depth -= 1;
            if depth == 0 {
                return Some(i + 1);
            }
        }
    }
    None
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
        let vars = HashMap::from([("X".to_string(), "helm".to_string())]);
        let mut masks = Vec::new();
        push_unescaped(
            &mut e,
            "echo $$HOME $(X) $(if $(A),b) $@",
            10,
            &vars,
            &mut masks,
        );
        assert_eq!(e.text, "echo $HOME ____ ____________ __");
        assert_eq!(e.file_offset(6), 17);
        assert_eq!(e.file_offset(11), 22);
        assert_eq!(masks[0].value.as_deref(), Some("helm"));
        assert_eq!(masks[1].source, "$(if $(A),b)");
        assert_eq!(masks[2].source, "$@");
    }
}
