//! Sprig's string functions (`strings.go` and the `strings.*` entries of
//! `functions.go`). `trim*`, `indent`, `nindent` and `toString` keep the
//! provenance trace of their input so that output lines still know which
//! template wrote them.

use std::rc::Rc;

use super::cast::{
    arg, arg_int, arg_str, arg_str_traced, indexed_str_map, str_list, strslice, strval, strval_str,
};
use super::textutil;
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::gofmt;
use crate::template::trace::Trace;
use crate::template::value::{Str, Value};

const S: Ty = Ty::String;
const I: Ty = Ty::Int;
const A: Ty = Ty::Any;

/// Registers the string functions.
pub fn register(m: &mut FuncMap) {
    m.insert("trim", Sig::fixed(&[S]), trim);
    m.insert("trimAll", Sig::fixed(&[S, S]), trim_all);
    m.insert("trimall", Sig::fixed(&[S, S]), trim_all);
    m.insert("trimPrefix", Sig::fixed(&[S, S]), trim_prefix);
    m.insert("trimSuffix", Sig::fixed(&[S, S]), trim_suffix);
    m.insert("upper", Sig::fixed(&[S]), |_, a| {
        Ok(textutil::upper(arg_str(&a, 0)).into())
    });
    m.insert("lower", Sig::fixed(&[S]), |_, a| {
        Ok(textutil::lower(arg_str(&a, 0)).into())
    });
    m.insert("title", Sig::fixed(&[S]), |_, a| {
        Ok(textutil::title(arg_str(&a, 0)).into())
    });
    m.insert("untitle", Sig::fixed(&[S]), |_, a| {
        Ok(textutil::untitle(arg_str(&a, 0)).into())
    });
    m.insert("substr", Sig::fixed(&[I, I, S]), substr);
    m.insert("trunc", Sig::fixed(&[I, S]), trunc);
    m.insert("abbrev", Sig::fixed(&[I, S]), |_, a| {
        Ok(textutil::abbrev(arg_int(&a, 0), arg_str(&a, 1)).into())
    });
    m.insert("abbrevboth", Sig::fixed(&[I, I, S]), |_, a| {
        Ok(textutil::abbrevboth(arg_int(&a, 0), arg_int(&a, 1), arg_str(&a, 2)).into())
    });
    m.insert("initials", Sig::fixed(&[S]), |_, a| {
        Ok(textutil::initials(arg_str(&a, 0)).into())
    });
    m.insert("wrap", Sig::fixed(&[I, S]), |_, a| {
        Ok(textutil::wrap_custom(arg_str(&a, 1), arg_int(&a, 0), "", false).into())
    });
    m.insert("wrapWith", Sig::fixed(&[I, S, S]), |_, a| {
        Ok(textutil::wrap_custom(arg_str(&a, 2), arg_int(&a, 0), arg_str(&a, 1), true).into())
    });
    m.insert("repeat", Sig::fixed(&[I, S]), |_, a| {
        Ok(repeat(arg_str(&a, 1), arg_int(&a, 0))?.into())
    });
    m.insert("replace", Sig::fixed(&[S, S, S]), |_, a| {
        Ok(arg_str(&a, 2)
            .replace(arg_str(&a, 0), arg_str(&a, 1))
            .into())
    });
    m.insert("contains", Sig::fixed(&[S, S]), |_, a| {
        Ok(Value::Bool(arg_str(&a, 1).contains(arg_str(&a, 0))))
    });
    m.insert("hasPrefix", Sig::fixed(&[S, S]), |_, a| {
        Ok(Value::Bool(arg_str(&a, 1).starts_with(arg_str(&a, 0))))
    });
    m.insert("hasSuffix", Sig::fixed(&[S, S]), |_, a| {
        Ok(Value::Bool(arg_str(&a, 1).ends_with(arg_str(&a, 0))))
    });
    m.insert("nospace", Sig::fixed(&[S]), |_, a| {
        Ok(textutil::nospace(arg_str(&a, 0)).into())
    });
    m.insert("quote", Sig::variadic(&[], A), quote);
    m.insert("squote", Sig::variadic(&[], A), squote);
    m.insert("cat", Sig::variadic(&[], A), cat);
    m.insert("indent", Sig::fixed(&[I, S]), indent);
    m.insert("nindent", Sig::fixed(&[I, S]), nindent);
    m.insert("plural", Sig::fixed(&[S, S, I]), |_, a| {
        let pick = if arg_int(&a, 2) == 1 { 0 } else { 1 };
        Ok(arg_str(&a, pick).into())
    });
    m.insert("snakecase", Sig::fixed(&[S]), |_, a| {
        Ok(textutil::camel_to_lower(arg_str(&a, 0), '_').into())
    });
    m.insert("kebabcase", Sig::fixed(&[S]), |_, a| {
        Ok(textutil::camel_to_lower(arg_str(&a, 0), '-').into())
    });
    m.insert("camelcase", Sig::fixed(&[S]), |_, a| {
        Ok(textutil::pascal_case(arg_str(&a, 0)).into())
    });
    m.insert("swapcase", Sig::fixed(&[S]), |_, a| {
        Ok(textutil::swapcase(arg_str(&a, 0)).into())
    });
    m.insert("toString", Sig::fixed(&[A]), |_, a| {
        Ok(Value::String(strval_str(&arg(&a, 0))))
    });
    m.insert("toStrings", Sig::fixed(&[A]), |_, a| {
        Ok(str_list(strslice(&arg(&a, 0))))
    });
    m.insert("join", Sig::fixed(&[S, A]), |_, a| {
        Ok(strslice(&arg(&a, 1)).join(arg_str(&a, 0)).into())
    });
    m.insert("split", Sig::fixed(&[S, S]), |_, a| {
        Ok(indexed_str_map(&go_split(
            arg_str(&a, 1),
            arg_str(&a, 0),
            -1,
        )))
    });
    m.insert("splitn", Sig::fixed(&[S, I, S]), |_, a| {
        Ok(indexed_str_map(&go_split(
            arg_str(&a, 2),
            arg_str(&a, 0),
            arg_int(&a, 1),
        )))
    });
    m.insert("splitList", Sig::fixed(&[S, S]), |_, a| {
        let parts = go_split(arg_str(&a, 1), arg_str(&a, 0), -1);
        Ok(str_list(parts.into_iter().map(String::from)))
    });
    m.insert("sortAlpha", Sig::fixed(&[A]), sort_alpha);
    m.insert("hello", Sig::fixed(&[]), |_, _| Ok("Hello!".into()));
}

/// A string result that carries `trace` when the input had one.
fn traced(text: String, trace: Option<Trace>) -> Value {
    Value::String(Str::traced(text, trace.map(Rc::new)))
}

/// The sub-string `start..end` of `s`, with its trace re-based.
fn sub_traced(s: &Str, start: usize, end: usize) -> Value {
    let text = s.get(start..end).unwrap_or("").to_string();
    let trace = s.trace().map(|t| t.slice(start as u32, end as u32));
    traced(text, trace)
}

fn trim(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let s = arg_str_traced(&a, 0);
    let start = s.len() - s.trim_start().len();
    let end = s.trim_end().len().max(start);
    Ok(sub_traced(&s, start, end))
}

fn trim_all(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let cut = arg_str(&a, 0);
    let s = arg_str_traced(&a, 1);
    let is_cut = |c: char| cut.contains(c);
    let start = s.len() - s.trim_start_matches(is_cut).len();
    let end = s.trim_end_matches(is_cut).len().max(start);
    Ok(sub_traced(&s, start, end))
}

fn trim_prefix(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let p = arg_str(&a, 0);
    let s = arg_str_traced(&a, 1);
    let start = if s.starts_with(p) { p.len() } else { 0 };
    Ok(sub_traced(&s, start, s.len()))
}

fn trim_suffix(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let p = arg_str(&a, 0);
    let s = arg_str_traced(&a, 1);
    let end = if s.ends_with(p) {
        s.len() - p.len()
    } else {
        s.len()
    };
    Ok(sub_traced(&s, 0, end))
}

/// Bytes `start..end` of `s` as Go would slice them (a cut inside a UTF-8
/// sequence is replaced, since our strings are always valid UTF-8).
fn byte_slice(s: &str, start: usize, end: usize) -> String {
    String::from_utf8_lossy(s.as_bytes().get(start..end).unwrap_or_default()).into_owned()
}

fn bounds(msg: String) -> GoError {
    GoError::new(format!("runtime error: slice bounds out of range {msg}"))
}

fn substr(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let (start, end, s) = (arg_int(&a, 0), arg_int(&a, 1), arg_str(&a, 2));
    let len = s.len() as i64;
    if start < 0 {
        if end < 0 {
            return Err(bounds(format!("[:{end}]")));
        }
        if end > len {
            return Err(bounds(format!("[:{end}] with length {len}")));
        }
        return Ok(byte_slice(s, 0, end as usize).into());
    }
    if end < 0 || end > len {
        if start > len {
            return Err(bounds(format!("[{start}:{len}]")));
        }
        return Ok(byte_slice(s, start as usize, s.len()).into());
    }
    if start > end {
        return Err(bounds(format!("[{start}:{end}]")));
    }
    Ok(byte_slice(s, start as usize, end as usize).into())
}

fn trunc(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let (c, s) = (arg_int(&a, 0), arg_str(&a, 1));
    let len = s.len() as i64;
    if c < 0 && len + c > 0 {
        return Ok(byte_slice(s, (len + c) as usize, s.len()).into());
    }
    if c >= 0 && len > c {
        return Ok(byte_slice(s, 0, c as usize).into());
    }
    Ok(s.into())
}

/// Largest output `repeat`/`indent` will build (Go would try and exhaust memory).
const MAX_REPEAT_BYTES: i64 = 1 << 28;

/// `strings.Repeat`, with Go's panic texts.
pub fn repeat(s: &str, n: i64) -> Result<String, GoError> {
    if n < 0 {
        return Err(GoError::new("strings: negative Repeat count"));
    }
    match (s.len() as i64).checked_mul(n) {
        Some(total) if total <= MAX_REPEAT_BYTES => Ok(s.repeat(n as usize)),
        _ => Err(GoError::new("strings: Repeat output length overflow")),
    }
}

fn quote(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    // Sprig: `fmt.Sprintf("%q", strval(v))` per non-nil value, joined by spaces.
    let mut out = String::new();
    for (i, v) in a.iter().filter(|v| !v.is_nil_or_invalid()).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match v {
            Value::String(s) => gofmt::quote_into(&mut out, s),
            other => gofmt::quote_into(&mut out, &strval(other)),
        }
    }
    Ok(out.into())
}

fn squote(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let out: Vec<String> = a
        .iter()
        .filter(|v| !v.is_nil_or_invalid())
        .map(|v| gofmt::sprintf("'%v'", std::slice::from_ref(v)))
        .collect();
    Ok(out.join(" ").into())
}

fn cat(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let v: Vec<Value> = a.into_iter().filter(|v| !v.is_nil_or_invalid()).collect();
    let format = vec!["%v"; v.len()].join(" ");
    Ok(gofmt::sprintf(&format, &v).into())
}

/// Sprig's `indent`: `pad` before every line (empty ones included), with the
/// input's trace split at line starts and shifted past the inserted padding.
pub fn indent_str(spaces: i64, s: &Str, lead: &str) -> Result<Value, GoError> {
    let pad = repeat(" ", spaces)?;
    let mut text = String::with_capacity(s.len() + lead.len() + pad.len());
    let mut trace = s.trace().map(|_| Trace::default());
    text.push_str(lead);
    let mut line_start = 0;
    for line in s.split_inclusive('\n') {
        text.push_str(&pad);
        if let (Some(out), Some(src)) = (trace.as_mut(), s.trace()) {
            let end = line_start + line.len();
            out.extend_range(src, line_start as u32, end as u32, text.len() as u32);
        }
        text.push_str(line);
        line_start += line.len();
    }
    if s.is_empty() || s.ends_with('\n') {
        text.push_str(&pad);
    }
    Ok(traced(text, trace))
}

fn indent(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    indent_str(arg_int(&a, 0), &arg_str_traced(&a, 1), "")
}

fn nindent(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    indent_str(arg_int(&a, 0), &arg_str_traced(&a, 1), "\n")
}

/// `strings.SplitN(s, sep, n)` (`n < 0`: all parts; `n == 0`: none).
pub fn go_split<'a>(s: &'a str, sep: &str, n: i64) -> Vec<&'a str> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let mut out = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            if n > 0 && out.len() as i64 == n - 1 {
                out.push(rest);
                return out;
            }
            let w = rest.chars().next().map_or(1, char::len_utf8);
            out.push(&rest[..w]);
            rest = &rest[w..];
        }
        return out;
    }
    if n < 0 {
        s.split(sep).collect()
    } else {
        s.splitn(n as usize, sep).collect()
    }
}

fn sort_alpha(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let v = arg(&a, 0);
    if super::cast::slice_items(&v).is_some() {
        let mut items = strslice(&v);
        items.sort();
        return Ok(str_list(items));
    }
    Ok(str_list([strval(&v)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::trace::Origin;

    fn origin(start: u32) -> Origin {
        Origin {
            file: 0,
            start,
            end: start + 1,
            frame: 0,
            literal: false,
        }
    }

    #[test]
    fn indent_shifts_trace() {
        let mut t = Trace::default();
        t.push(0, 2, origin(10)); // "a\n"
        t.push(2, 4, origin(20)); // "b\n"
        let s = Str::traced("a\nb\n", Some(Rc::new(t)));
        let Value::String(out) = indent_str(2, &s, "\n").unwrap() else {
            panic!()
        };
        assert_eq!(out.as_str(), "\n  a\n  b\n  ");
        let tr = out.trace().unwrap();
        assert_eq!(tr.origin_at(3), Some(origin(10)));
        assert_eq!(tr.origin_at(4), Some(origin(10)));
        assert_eq!(tr.origin_at(5), None);
        assert_eq!(tr.origin_at(7), Some(origin(20)));
        assert_eq!(tr.origin_at(8), Some(origin(20)));
        assert_eq!(tr.origin_at(9), None);
    }

    #[test]
    fn trim_slices_trace() {
        let mut t = Trace::default();
        t.push(0, 5, origin(1));
        let s = Str::traced("  ab ", Some(Rc::new(t)));
        let mut h = crate::funcs::sprig::testhost::NoHost::default();
        let Value::String(out) = trim(&mut h, vec![Value::String(s)]).unwrap() else {
            panic!()
        };
        assert_eq!(out.as_str(), "ab");
        assert_eq!(out.trace().unwrap().segs.len(), 1);
        assert_eq!(out.trace().unwrap().segs[0].end, 2);
    }

    #[test]
    fn split_like_go() {
        assert_eq!(go_split("a,b,c", ",", 2), vec!["a", "b,c"]);
        assert_eq!(go_split("abc", "", -1), vec!["a", "b", "c"]);
        assert_eq!(go_split("abc", "", 2), vec!["a", "bc"]);
        assert_eq!(go_split("", ",", -1), vec![""]);
    }
}
