//! Jenkinsfiles and Groovy pipeline libraries (`vars/*.groovy`).
//!
//! A lexical reader (the fallback crates.md allows): finds `sh "…"`, `sh '…'`,
//! `sh """…"""`, `sh '''…'''` and `sh(script: …, returnStatus: true)`; the string is
//! the script, run with `sh -xe` (errexit, no pipefail). GString `${…}` in
//! double-quoted strings is masked. `returnStatus: true` ignores failures, so do
//! enclosing `catchError {}`/`warnError {}` blocks; enclosing `timeout(time: N,
//! unit: 'MINUTES') {}` blocks and `options { timeout(…) }` are kill timers.

use std::sync::OnceLock;

use regex::Regex;

use super::invocations_in_script;
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::helm::version_evidence;
use crate::pipeline::model::{ExecContext, Extraction, FailureIgnored, IgnoreKind, KillTimer};
use crate::pipeline::shell::{MaskSyntax, ShellOptions};
use crate::pipeline::source::{SourceFile, Span};

struct Patterns {
    sh: Regex,
    block: Regex,
    timeout: Regex,
    return_status: Regex,
    mild_result: Regex,
    /// `X = ` or `return ` just before a call.
    assigned: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        sh: Regex::new(r#"\bsh\s*(\(\s*(?:script\s*:\s*)?)?("""|'''|"|')"#).expect("regex"),
        block: Regex::new(r"\b(catchError|warnError)\s*(\([^)]*\))?\s*\{").expect("regex"),
        timeout: Regex::new(
            r#"\btimeout\s*\(\s*(?:time\s*:\s*)?(\d+)(?:\s*,\s*unit\s*:\s*['"](\w+)['"])?\s*\)\s*(\{)?"#,
        )
        .expect("regex"),
        return_status: Regex::new(r"returnStatus\s*:\s*true").expect("regex"),
        mild_result: Regex::new(r#"buildResult\s*:\s*(null\b|['"](SUCCESS|UNSTABLE)['"])"#)
            .expect("regex"),
        assigned: Regex::new(r"(?:\breturn\s*|\b(\w+)\s*=\s*)$").expect("regex"),
    })
}

/// Extracts the Helm invocations of a Jenkinsfile.
pub fn extract(file: &SourceFile) -> Extraction {
    let mut out = Extraction::default();
    let text = &file.text;
    let p = patterns();
    let version = version_evidence(file);
    let catch_blocks: Vec<(usize, usize, Span)> = p
        .block
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let end = matching_brace(text, m.end() - 1)?;
            let kw = c.get(1)?;
            // `catchError` marks the build FAILURE by default: only a milder
            // `buildResult` (or `warnError`, UNSTABLE) lets a failed deploy pass.
            let args = c.get(2).map_or("", |a| a.as_str());
            if kw.as_str() == "catchError" && !p.mild_result.is_match(args) {
                return None;
            }
            Some((
                m.end(),
                end,
                Span {
                    start: kw.start(),
                    end: kw.end(),
                },
            ))
        })
        .collect();
    let timers: Vec<(usize, usize, KillTimer)> = p
        .timeout
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let n: u64 = c[1].parse().ok()?;
            let unit = c.get(2).map_or("MINUTES", |u| u.as_str());
            let mult = match unit {
                "SECONDS" => 1,
                "HOURS" => 3600,
                "DAYS" => 86400,
                _ => 60,
            };
            let (start, end) = match c.get(3) {
                Some(b) => (b.start(), matching_brace(text, b.start())?),
                None => (0, text.len()),
            };
            Some((
                start,
                end,
                KillTimer {
                    seconds: n * mult,
                    what: text[m.start()..c.get(3).map_or(m.end(), |b| b.start())]
                        .trim()
                        .to_string(),
                    span: Some(Span {
                        start: m.start(),
                        end: m.end(),
                    }),
                },
            ))
        })
        .collect();
    for c in p.sh.captures_iter(text) {
        let (Some(m), Some(q)) = (c.get(0), c.get(2)) else {
            continue;
        };
        let quote = q.as_str();
        let body_start = q.end();
        let Some(body_end) = string_end(text, body_start, quote) else {
            continue;
        };
        let body = &text[body_start..body_end];
        let script = EmbeddedText::verbatim(body, body_start);
        let mut ctx = ExecContext {
            helm_version: version.clone(),
            ..ExecContext::default()
        };
        if c.get(1).is_some() {
            let call_end = text[body_end..]
                .find(')')
                .map_or(text.len(), |e| body_end + e);
            let call = &text[m.start()..call_end];
            let before = &text[text[..m.start()].rfind('\n').map_or(0, |i| i + 1)..m.start()];
            if let Some(r) = p
                .return_status
                .find(call)
                .filter(|_| !status_checked(p, before, &text[call_end..]))
            {
                ctx.ignored.push(FailureIgnored {
                    kind: IgnoreKind::ReturnStatus,
                    span: Some(Span {
                        start: m.start() + r.start(),
                        end: m.start() + r.end(),
                    }),
                });
            }
        }
        for (s, e, kw) in &catch_blocks {
            if *s <= m.start() && m.start() < *e {
                ctx.ignored.push(FailureIgnored {
                    kind: IgnoreKind::CatchError,
                    span: Some(*kw),
                });
            }
        }
        let mut enclosing: Vec<&(usize, usize, KillTimer)> = timers
            .iter()
            .filter(|(s, e, _)| *s <= m.start() && m.start() < *e)
            .collect();
        enclosing.sort_by_key(|(s, _, _)| std::cmp::Reverse(*s));
        ctx.kill_timers = enclosing.into_iter().map(|(_, _, t)| t.clone()).collect();
        let opts = ShellOptions {
            errexit: true,
            mask: MaskSyntax {
                groovy: quote.starts_with('"'),
                ..MaskSyntax::default()
            },
            ..ShellOptions::default()
        };
        invocations_in_script(&script, &opts, &ctx, &mut out);
    }
    out
}

/// Whether the status of a `returnStatus: true` call (with `before` the text of its
/// line before it) is returned, or assigned to a variable that `after` tests.
fn status_checked(p: &Patterns, before: &str, after: &str) -> bool {
    let Some(c) = p.assigned.captures(before) else {
        return false;
    };
    let Some(var) = c.get(1) else {
        return true; // `return sh(...)`: the caller gets the status.
    };
    let var = regex::escape(var.as_str());
    Regex::new(&format!(
        r"\b{var}\s*(!=|==|>|<)|\bif\s*\(\s*!?\s*{var}\b|\b{var}\s*\?"
    ))
    .is_ok_and(|r| r.is_match(after))
}

/// The offset of the closing quote of a string whose body starts at `start`.
fn string_end(text: &str, start: usize, quote: &str) -> Option<usize> {
    if quote.len() == 3 {
        return text[start..].find(quote).map(|e| start + e);
    }
    let q = quote.as_bytes()[0];
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return None,
            b if b == q => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The offset just after the `}` matching the `{` at `open`.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, b) in text.bytes().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}
