//! Sprig's regex functions (`regex.go`) on Go RE2 semantics: patterns are
//! translated by [`super::re2`], replacements expand `$name`/`${name}` as Go's
//! `Regexp.Expand` does, and errors carry Go's texts (`regexp.MustCompile`
//! panics for the plain forms, `must*` forms return the compile error).

use std::collections::HashMap;
use std::rc::Rc;

use regex::Regex;

use super::cast::{arg_int, arg_str, str_list};
use super::re2;
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::value::Value;

const S: Ty = Ty::String;

/// Registers the regex functions.
pub fn register(m: &mut FuncMap) {
    m.insert("regexMatch", Sig::fixed(&[S, S]), |_, a| {
        let ok = compile(arg_str(&a, 0)).is_ok_and(|r| r.is_match(arg_str(&a, 1)));
        Ok(Value::Bool(ok))
    });
    m.insert("mustRegexMatch", Sig::fixed(&[S, S]), |_, a| {
        Ok(Value::Bool(must(&a)?.is_match(arg_str(&a, 1))))
    });
    m.insert("regexFind", Sig::fixed(&[S, S]), |_, a| {
        find(&*panicky(&a)?, &a)
    });
    m.insert("mustRegexFind", Sig::fixed(&[S, S]), |_, a| {
        find(&*must(&a)?, &a)
    });
    m.insert("regexFindAll", Sig::fixed(&[S, S, Ty::Int]), |_, a| {
        find_all(&*panicky(&a)?, &a)
    });
    m.insert("mustRegexFindAll", Sig::fixed(&[S, S, Ty::Int]), |_, a| {
        find_all(&*must(&a)?, &a)
    });
    m.insert("regexReplaceAll", Sig::fixed(&[S, S, S]), |_, a| {
        replace(&*panicky(&a)?, &a, true)
    });
    m.insert("mustRegexReplaceAll", Sig::fixed(&[S, S, S]), |_, a| {
        replace(&*must(&a)?, &a, true)
    });
    m.insert("regexReplaceAllLiteral", Sig::fixed(&[S, S, S]), |_, a| {
        replace(&*panicky(&a)?, &a, false)
    });
    m.insert(
        "mustRegexReplaceAllLiteral",
        Sig::fixed(&[S, S, S]),
        |_, a| replace(&*must(&a)?, &a, false),
    );
    m.insert("regexSplit", Sig::fixed(&[S, S, Ty::Int]), |_, a| {
        split(&*panicky(&a)?, &a)
    });
    m.insert("mustRegexSplit", Sig::fixed(&[S, S, Ty::Int]), |_, a| {
        split(&*must(&a)?, &a)
    });
    m.insert("regexQuoteMeta", Sig::fixed(&[S]), quote_meta);
}

/// A compiled pattern or Go's error text.
type Compiled = Result<Rc<Regex>, String>;

/// `regexp.Compile` with Go's error text. Compiled patterns are cached and shared
/// (a shared `Regex` also keeps its matching scratch space between calls).
pub fn compile(pat: &str) -> Compiled {
    thread_local! {
        /// Compiled patterns: templates call the same regex functions in loops.
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, Compiled>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(hit) = CACHE.with(|c| c.borrow().get(pat).cloned()) {
        return hit;
    }
    let compiled = re2::translate(pat)
        .map_err(|e| e.to_string())
        .and_then(|translated| {
            Regex::new(&translated).map(Rc::new).map_err(|_| {
                format!("error parsing regexp: invalid or unsupported Perl syntax: `{pat}`")
            })
        });
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 1024 {
            c.clear();
        }
        c.insert(pat.to_string(), compiled.clone());
    });
    compiled
}

fn must(a: &[Value]) -> Result<Rc<Regex>, GoError> {
    compile(arg_str(a, 0)).map_err(GoError::new)
}

/// `regexp.MustCompile`: the panic text wraps the error.
fn panicky(a: &[Value]) -> Result<Rc<Regex>, GoError> {
    let pat = arg_str(a, 0);
    compile(pat).map_err(|e| GoError::new(format!("regexp: Compile({}): {e}", go_quote(pat))))
}

/// Go's `regexp.quote`: backquoted when possible.
fn go_quote(s: &str) -> String {
    let can_backquote = s
        .chars()
        .all(|c| c != '`' && c != '\u{FEFF}' && (c == '\t' || !c.is_control()));
    if can_backquote {
        format!("`{s}`")
    } else {
        format!("{s:?}")
    }
}

fn find(re: &Regex, a: &[Value]) -> Result<Value, GoError> {
    let s = arg_str(a, 1);
    Ok(re.find(s).map_or("", |m| m.as_str()).into())
}

/// Go's `n` limit of `FindAll`/`Split`: negative means all.
fn limit(n: i64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn find_all(re: &Regex, a: &[Value]) -> Result<Value, GoError> {
    let s = arg_str(a, 1);
    let n = limit(arg_int(a, 2));
    Ok(str_list(
        re.find_iter(s).take(n).map(|m| m.as_str().to_string()),
    ))
}

fn replace(re: &Regex, a: &[Value], expand: bool) -> Result<Value, GoError> {
    let (s, repl) = (arg_str(a, 1), arg_str(a, 2));
    if !expand {
        return Ok(re.replace_all(s, regex::NoExpand(repl)).into_owned().into());
    }
    let names: HashMap<&str, usize> = re
        .capture_names()
        .enumerate()
        .filter_map(|(i, n)| n.map(|n| (n, i)))
        .collect();
    let out = re.replace_all(s, |caps: &regex::Captures| go_expand(repl, caps, &names));
    Ok(out.into_owned().into())
}

/// Go's `Regexp.Expand` of a replacement template.
fn go_expand(tpl: &str, caps: &regex::Captures, names: &HashMap<&str, usize>) -> String {
    let mut out = String::new();
    let mut rest = tpl;
    while let Some(p) = rest.find('$') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        if rest.starts_with("$$") {
            out.push('$');
            rest = &rest[2..];
            continue;
        }
        match extract(rest) {
            Some((name, after)) => {
                let idx = group_index(name, names);
                if let Some(m) = idx.and_then(|i| caps.get(i)) {
                    out.push_str(m.as_str());
                }
                rest = after;
            }
            None => {
                out.push('$');
                rest = &rest[1..];
            }
        }
    }
    out + rest
}

/// Go's `extract`: the name after `$` (`$name` or `${name}`) and the rest.
fn extract(s: &str) -> Option<(&str, &str)> {
    let body = s.strip_prefix('$')?;
    let (inner, braced) = match body.strip_prefix('{') {
        Some(b) => (b, true),
        None => (body, false),
    };
    let len = inner
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(inner.len(), |(i, _)| i);
    if len == 0 {
        return None;
    }
    let name = &inner[..len];
    let mut rest = &inner[len..];
    if braced {
        rest = rest.strip_prefix('}')?;
    }
    Some((name, rest))
}

/// A group reference: digits without a leading zero are an index, else a name.
fn group_index(name: &str, names: &HashMap<&str, usize>) -> Option<usize> {
    let numeric =
        name.bytes().all(|b| b.is_ascii_digit()) && !(name.len() > 1 && name.starts_with('0'));
    if numeric {
        return name.parse().ok();
    }
    names.get(name).copied()
}

fn split(re: &Regex, a: &[Value]) -> Result<Value, GoError> {
    let (pat, s, n) = (arg_str(a, 0), arg_str(a, 1), arg_int(a, 2));
    if n == 0 {
        return Ok(str_list(Vec::new()));
    }
    if !pat.is_empty() && s.is_empty() {
        return Ok(str_list([String::new()]));
    }
    let mut parts = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for m in re.find_iter(s).take(limit(n)) {
        if n > 0 && parts.len() as i64 == n - 1 {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            parts.push(s[beg..end].to_string());
        }
        beg = m.end();
    }
    if end != s.len() {
        parts.push(s[beg..].to_string());
    }
    Ok(str_list(parts))
}

fn quote_meta(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let mut out = String::new();
    for c in arg_str(&a, 0).chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(out.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expand_like_go() {
        let re = compile("(?P<x>a)(b)").unwrap();
        let names: HashMap<&str, usize> = [("x", 1)].into_iter().collect();
        let caps = re.captures("ab").unwrap();
        assert_eq!(
            go_expand("$2$x-${1}x-$1x-$$-$", &caps, &names),
            "ba-ax--$-$"
        );
    }
}
