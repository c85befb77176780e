//! Dockerfiles (`Dockerfile`, `Dockerfile.*`, `*.dockerfile`, `Containerfile`).
//!
//! `RUN`, `CMD` and `ENTRYPOINT` in shell form run under `/bin/sh -c` (no `-e`, no
//! `pipefail`) unless a `SHELL [...]` instruction of the stage says otherwise;
//! continuation lines are joined and comment lines inside them dropped, as the
//! builder does; heredocs (`RUN <<EOF`) are scripts; the exec form
//! (`RUN ["helm", "upgrade", …]`) is a command line as written. `ARG`/`ENV` values
//! are known variables. A stage `FROM` a Helm image (`FROM alpine/helm:3.14`)
//! pins the Helm version.

use super::invocations_in_script;
use super::support::version_of;
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::helm::{parse_helm, version_evidence};
use crate::pipeline::model::{Arg, ExecContext, Extraction, HelmVersion};
use crate::pipeline::shell::{is_helm, Env, ShellOptions, VarValue};
use crate::pipeline::source::{SourceFile, Span};

/// One instruction: its keyword (upper-case), the file offset of its arguments,
/// and the argument text pieces (file offset, text) with comment lines removed.
struct Instruction {
    keyword: String,
    line: u32,
    pieces: Vec<(usize, String)>,
}

/// Extracts the Helm invocations of a Dockerfile.
pub fn extract(file: &SourceFile) -> Extraction {
    let mut out = Extraction::default();
    let file_version = version_evidence(file);
    let mut env = Env::new();
    let mut version = file_version.clone();
    let mut shell = (false, false);
    let mut stage = 0;
    for ins in instructions(&file.text) {
        let args: String = ins.pieces.iter().map(|(_, t)| t.as_str()).collect();
        match ins.keyword.as_str() {
            "FROM" => {
                stage += 1;
                shell = (false, false);
                version = from_version(&ins, &env).unwrap_or_else(|| file_version.clone());
            }
            "ARG" | "ENV" => add_vars(&args, &mut env),
            "SHELL" => {
                let words = json_words(&ins);
                let flags: Vec<&str> = words.iter().skip(1).map(|a| a.text.as_str()).collect();
                shell = (
                    flags
                        .iter()
                        .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('e')),
                    flags.contains(&"pipefail"),
                );
            }
            "RUN" | "CMD" | "ENTRYPOINT" => {
                let ctx = ExecContext {
                    helm_version: version.clone(),
                    label: format!("stage {stage}, {} on line {}", ins.keyword, ins.line),
                    ..ExecContext::default()
                };
                run(file, &ins, &args, &env, shell, &ctx, &mut out);
            }
            _ => {}
        }
    }
    out
}

fn run(
    file: &SourceFile,
    ins: &Instruction,
    args: &str,
    env: &Env,
    (errexit, pipefail): (bool, bool),
    ctx: &ExecContext,
    out: &mut Extraction,
) {
    let opts = ShellOptions {
        errexit,
        pipefail,
        env: env.clone(),
        ..ShellOptions::default()
    };
    let trimmed = args.trim_start();
    if trimmed.starts_with('[') {
        let words = json_words(ins);
        if let Some((name, rest)) = words.split_first().filter(|(n, _)| is_helm(&n.text)) {
            if let Some(inv) = parse_helm(name.span, rest, ctx.clone()) {
                out.invocations.push(inv);
            }
        }
        return;
    }
    // Heredoc: `RUN <<EOF` … `EOF` (the body follows the instruction line).
    if let Some(marker) = trimmed
        .strip_prefix("<<")
        .map(|m| m.trim_start_matches('-').trim_matches(['"', '\'']))
        .and_then(|m| m.split_whitespace().next())
    {
        let line_end = file.line_start(ins.line + 1);
        let mut script = EmbeddedText::new();
        let mut at = line_end;
        for line in file.text[line_end..].split_inclusive('\n') {
            if line.trim() == marker {
                break;
            }
            script.push_verbatim(line, at);
            at += line.len();
        }
        invocations_in_script(&script, &opts, ctx, out);
        return;
    }
    let mut script = EmbeddedText::new();
    for (at, text) in &ins.pieces {
        script.push_verbatim(text, *at);
    }
    // Leading `--mount=…`/`--network=…` options are not part of the command.
    let opts_len = leading_options(&script.text);
    script.text.replace_range(..opts_len, &" ".repeat(opts_len));
    invocations_in_script(&script, &opts, ctx, out);
}

/// The length of the `--option=value` words at the start of a `RUN`.
fn leading_options(text: &str) -> usize {
    let mut pos = 0;
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start();
        if !trimmed.starts_with("--") {
            return pos;
        }
        let word = trimmed.split_whitespace().next().unwrap_or("");
        pos += rest.len() - trimmed.len() + word.len();
    }
}

/// The Helm version of a `FROM <helm image>:<tag>` (tag `${ARG}` resolved).
fn from_version(ins: &Instruction, env: &Env) -> Option<HelmVersion> {
    let (at, text) = ins.pieces.first()?;
    let image = text.split_whitespace().find(|w| !w.starts_with("--"))?;
    let (repo, tag) = image.rsplit_once(':')?;
    if !repo.rsplit('/').next()?.contains("helm") {
        return None;
    }
    let tag = match tag
        .strip_prefix("${")
        .and_then(|t| t.strip_suffix('}'))
        .or_else(|| tag.strip_prefix('$'))
    {
        Some(var) => match env.get(var) {
            Some(VarValue::Known(v)) => v.clone(),
            _ => return None,
        },
        None => tag.to_string(),
    };
    let start = at + text.find(image)?;
    version_of(
        &tag,
        &format!("FROM {repo}:"),
        Span {
            start,
            end: start + image.len(),
        },
    )
}

/// `ARG NAME=value`, `ENV NAME=value …`, `ENV NAME value`.
fn add_vars(args: &str, env: &mut Env) {
    let t = args.trim();
    let pairs: Vec<(&str, &str)> = if t.contains('=') {
        t.split_whitespace()
            .filter_map(|w| w.split_once('='))
            .collect()
    } else {
        t.split_once(char::is_whitespace).into_iter().collect()
    };
    for (k, v) in pairs {
        let v = v.trim().trim_matches(['"', '\'']);
        let value = if v.contains('$') {
            VarValue::Unknown
        } else {
            VarValue::Known(v.to_string())
        };
        env.insert(k.to_string(), value);
    }
}

/// The strings of an exec-form JSON array, each located at its quotes.
fn json_words(ins: &Instruction) -> Vec<Arg> {
    let mut out = Vec::new();
    for (at, text) in &ins.pieces {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'"' {
                i += 1;
                continue;
            }
            let start = i;
            let mut value = String::new();
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                if bytes[i] == b'\\' && i + 1 < bytes.len() {
                    i += 1;
                }
                let ch = text[i..].chars().next().unwrap_or(' ');
                value.push(ch);
                i += ch.len_utf8();
            }
            i += 1;
            out.push(Arg::literal(
                &value,
                Span {
                    start: at + start,
                    end: at + i.min(bytes.len()),
                },
            ));
        }
    }
    out
}

/// The instructions of a Dockerfile, continuation lines joined (comment lines and
/// blank lines inside a continuation dropped).
fn instructions(text: &str) -> Vec<Instruction> {
    let escape = if text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .any(|l| l.replace(' ', "").eq_ignore_ascii_case("#escape=`"))
    {
        '`'
    } else {
        '\\'
    };
    let mut out: Vec<Instruction> = Vec::new();
    let mut continuing = false;
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim_start();
        if continuing {
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if let Some(last) = out.last_mut() {
                last.pieces.push((start, line.to_string()));
            }
            continuing = body.trim_end().ends_with(escape);
            continue;
        }
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let indent = body.len() - t.len();
        let keyword_len = t.find(char::is_whitespace).unwrap_or(t.len());
        let args_start = start + indent + keyword_len;
        out.push(Instruction {
            keyword: t[..keyword_len].to_ascii_uppercase(),
            line: n as u32 + 1,
            pieces: vec![(args_start, line[indent + keyword_len..].to_string())],
        });
        continuing = body.trim_end().ends_with(escape);
    }
    out
}
