//! Helm's rewriting of template errors (`pkg/engine/engine.go`: `cleanupParseError`,
//! `reformatExecErrorMsg`), reproduced on our Go-style error chains.

use crate::funcs::helm::{ERR_END, ERR_START};
use crate::template::error::GoError;

/// Helm's text for a parse error: `parse error at (FILE:LINE): msg`.
pub fn parse_error_text(filename: &str, err: &GoError) -> String {
    let tokens: Vec<&str> = err.msg.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({filename}): {}", err.msg);
    }
    format!(
        "parse error at ({}): {}",
        tokens[1],
        tokens[tokens.len() - 1]
    )
}

/// Helm v4's text for an execution error.
pub fn exec_error_text(filename: &str, err: &GoError) -> String {
    if !chain(err).any(|e| e.exec) {
        return err.msg.clone();
    }
    let tokens: Vec<&str> = err.msg.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return format!("execution error in ({filename}): {}", err.msg);
    }
    if let Some(inner) = helm_err_message(tokens[2]) {
        return format!("execution error at ({}): {inner}", tokens[1]);
    }
    let mut traces: Vec<Traceable> = Vec::new();
    for e in chain(err) {
        let Some(t) = parse_traceable(&e.msg) else {
            return err.msg.clone();
        };
        if traces.last() != Some(&t) {
            traces.push(t);
        }
    }
    let mut out = String::new();
    for t in &traces {
        if !t.location.is_empty() {
            out.push_str(&t.location);
            out.push_str("\n  ");
        }
        if !t.executed.is_empty() {
            out.push_str(&t.executed);
            out.push_str("\n    ");
        }
        if !t.message.is_empty() {
            out.push_str(&t.message);
            out.push('\n');
        }
    }
    out.trim().to_string()
}

fn chain(err: &GoError) -> impl Iterator<Item = &GoError> {
    std::iter::successors(Some(err), |e| e.cause.as_deref())
}

/// The text between `HELM_ERR_START` and the last `HELM_ERR_END`.
fn helm_err_message(s: &str) -> Option<&str> {
    let start = s.find(ERR_START)? + ERR_START.len();
    let end = s.rfind(ERR_END)?;
    (end >= start).then(|| &s[start..end])
}

#[derive(PartialEq, Eq, Debug)]
struct Traceable {
    location: String,
    message: String,
    executed: String,
}

fn parse_traceable(s: &str) -> Option<Traceable> {
    let rest = s.strip_prefix("template: ")?;
    if rest.starts_with("no template ") {
        return Some(Traceable {
            location: String::new(),
            message: s.to_string(),
            executed: String::new(),
        });
    }
    if let Some((name, after)) = rest.split_once(": executing ") {
        if let Some(after) = after.strip_prefix('"') {
            if let Some(q) = after.find('"') {
                let func = &after[..q];
                if let Some(at) = after[q + 1..].strip_prefix(" at <") {
                    if let Some((loc, msg)) = at.split_once(">: ") {
                        let msg = cut_template(msg);
                        return Some(Traceable {
                            location: name.to_string(),
                            message: msg.to_string(),
                            executed: format!("executing \"{func}\" at <{loc}>:"),
                        });
                    }
                }
            }
        }
    }
    let sep = rest.rfind(": ")?;
    Some(Traceable {
        location: rest[..sep].to_string(),
        message: cut_template(&rest[sep + 2..]).to_string(),
        executed: String::new(),
    })
}

fn cut_template(msg: &str) -> &str {
    match msg.find(" template:") {
        Some(i) => &msg[..i],
        None => msg,
    }
}
