//! libyaml (go-yaml v2) compatibility: how go-yaml words and numbers syntax errors,
//! and two checks libyaml makes that the YAML 1.2 parser does not.
//!
//! go-yaml prints `yaml: line N: problem` where N is the 0-based line of the problem
//! for parser errors but the 1-based line for scanner errors, falls back to the
//! 0-based line of the context when the problem is on the first line, and drops
//! `line N: ` when that is 0 too. An unclosed flow collection or quote is reported
//! where libyaml gives up (the next token, usually the end of the input), not where
//! it opened.

use super::events::{Mark, ParseError, Stage, Unclosed};

/// go-yaml's text for a syntax error in `src` (the text that was parsed).
pub(crate) fn go_message(src: &str, e: &ParseError) -> String {
    let at_line0 = e.at.line.saturating_sub(1);
    let (problem_line0, text) = match e.unclosed {
        Unclosed::Flow(open) => {
            let (line0, last) = flow_give_up(src, e.at.offset);
            let text = match (last, open) {
                (Some(b'[' | b'{' | b',' | b':'), _) => "did not find expected node content",
                (_, '[') => "did not find expected ',' or ']'",
                _ => "did not find expected ',' or '}'",
            };
            (line0, text)
        }
        Unclosed::Quote => (count_lines(src.as_bytes()), e.problem.as_str()),
        Unclosed::StaleKey => (next_content_line(src, e.at.offset), e.problem.as_str()),
        Unclosed::No => (at_line0, e.problem.as_str()),
    };
    let line = match (problem_line0, e.stage) {
        (0, _) => at_line0,
        (l, Stage::Scanner) => l + 1,
        (l, Stage::Parser) => l,
    };
    if line == 0 {
        format!("yaml: {text}")
    } else {
        format!("yaml: line {line}: {text}")
    }
}

/// The 0-based line of the first token on a line after the one holding `offset`.
fn next_content_line(src: &str, offset: usize) -> u32 {
    let b = src.as_bytes();
    let mut line0 = count_lines(b.get(..offset).unwrap_or(b));
    let rest = src.get(offset..).unwrap_or_default();
    for l in rest.split('\n').skip(1) {
        line0 += 1;
        let t = l.trim_start_matches([' ', '\t', '\r']);
        if !t.is_empty() && !t.starts_with('#') {
            break;
        }
    }
    line0
}

fn count_lines(b: &[u8]) -> u32 {
    u32::try_from(b.iter().filter(|c| **c == b'\n').count()).unwrap_or(u32::MAX)
}

/// Where libyaml gives up on a flow collection opened at `open`: the 0-based line of
/// the next `---`/`...` line or of the end of the input, and the last significant
/// byte before it (comments and quoted text skipped).
fn flow_give_up(src: &str, open: usize) -> (u32, Option<u8>) {
    let b = src.as_bytes();
    let mut line0 = count_lines(b.get(..open).unwrap_or(b));
    let mut last = None;
    let mut i = open;
    let mut quote: Option<u8> = None;
    let mut prev = b' ';
    while let Some(&c) = b.get(i) {
        if c == b'\n' {
            line0 += 1;
            let rest = b.get(i + 1..).unwrap_or_default();
            let marker = rest.starts_with(b"---") || rest.starts_with(b"...");
            if marker && matches!(rest.get(3), None | Some(b' ' | b'\t' | b'\r' | b'\n')) {
                return (line0, last);
            }
            prev = c;
            i += 1;
            continue;
        }
        match quote {
            Some(q) => {
                if c == b'\\' && q == b'"' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == b'#' && matches!(prev, b' ' | b'\t' | b'\n') => {
                while b.get(i + 1).is_some_and(|n| *n != b'\n') {
                    i += 1;
                }
            }
            None if c == b'"' || c == b'\'' => {
                quote = Some(c);
                last = Some(c);
            }
            None if !matches!(c, b' ' | b'\t' | b'\r') => last = Some(c),
            None => {}
        }
        prev = c;
        i += 1;
    }
    // libyaml's stream end sits on the line after the last one.
    let trailing = u32::from(!b.is_empty() && b.last() != Some(&b'\n'));
    (count_lines(b) + trailing, last)
}

/// A libyaml-only error found in a scalar that the parser accepted.
fn scanner_error(src: &str, from: Mark, offset: usize, problem: &str) -> ParseError {
    let skipped = src.as_bytes().get(from.offset..offset).unwrap_or_default();
    let line = from.line + count_lines(skipped);
    let line_start = src
        .get(..offset)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |p| p + 1);
    let col = src.get(line_start..offset).map_or(0, |s| s.chars().count());
    ParseError {
        problem: problem.to_string(),
        at: Mark {
            offset,
            line,
            col: u32::try_from(col).unwrap_or(u32::MAX),
        },
        stage: Stage::Scanner,
        unclosed: Unclosed::No,
    }
}

/// libyaml rejects escapes YAML 1.2 added (`\/`): checks a double-quoted scalar
/// spanning `start..end` of `src`.
pub(crate) fn check_double_quoted(src: &str, start: Mark, end: usize) -> Result<(), ParseError> {
    let b = src.as_bytes();
    let mut i = start.offset;
    while i < end {
        if b.get(i) == Some(&b'\\') {
            let ok = matches!(
                b.get(i + 1),
                Some(
                    b'0' | b'a'
                        | b'b'
                        | b't'
                        | b'\t'
                        | b'n'
                        | b'v'
                        | b'f'
                        | b'r'
                        | b'e'
                        | b' '
                        | b'"'
                        | b'\''
                        | b'\\'
                        | b'N'
                        | b'_'
                        | b'L'
                        | b'P'
                        | b'x'
                        | b'u'
                        | b'U'
                        | b'\n'
                        | b'\r'
                )
            );
            if !ok {
                return Err(scanner_error(
                    src,
                    start,
                    i,
                    "found unknown escape character",
                ));
            }
            i += 1;
        }
        i += 1;
    }
    Ok(())
}

/// libyaml rejects a block scalar without an indentation indicator whose first
/// non-blank line starts (after spaces) with a tab. `indicator` is the `|`/`>`.
pub(crate) fn check_block_tab(src: &str, indicator: Mark) -> Result<(), ParseError> {
    let b = src.as_bytes();
    let mut i = indicator.offset + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => return Ok(()),
            b'\n' => break,
            b' ' | b'\t' | b'#' => break,
            _ => i += 1,
        }
    }
    // Skip to the line after the header.
    while b.get(i).is_some_and(|c| *c != b'\n') {
        i += 1;
    }
    i += 1;
    loop {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        match b.get(i) {
            Some(b'\t') => {
                return Err(scanner_error(
                    src,
                    indicator,
                    i,
                    "found a tab character where an indentation space is expected",
                ))
            }
            Some(b'\n') => i += 1,
            Some(b'\r') if b.get(i + 1) == Some(&b'\n') => i += 2,
            _ => return Ok(()),
        }
    }
}
