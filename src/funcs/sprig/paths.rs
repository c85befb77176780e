//! Go's `path` package as Sprig exposes it (`base`, `dir`, `clean`, `ext`,
//! `isAbs`) and the `filepath` variants (`os*`), which on Linux are the same.

use super::cast::arg_str;
use crate::template::func::{FuncMap, Sig, Ty};
use crate::template::value::Value;

/// Registers the path functions.
pub fn register(m: &mut FuncMap) {
    let s = Sig::fixed(&[Ty::String]);
    for name in ["base", "osBase"] {
        m.insert(name, s, |_, a| Ok(base(arg_str(&a, 0)).into()));
    }
    for name in ["dir", "osDir"] {
        m.insert(name, s, |_, a| Ok(dir(arg_str(&a, 0)).into()));
    }
    for name in ["clean", "osClean"] {
        m.insert(name, s, |_, a| Ok(clean(arg_str(&a, 0)).into()));
    }
    for name in ["ext", "osExt"] {
        m.insert(name, s, |_, a| Ok(ext(arg_str(&a, 0)).into()));
    }
    for name in ["isAbs", "osIsAbs"] {
        m.insert(name, s, |_, a| {
            Ok(Value::Bool(arg_str(&a, 0).starts_with('/')))
        });
    }
}

/// `path.Clean`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

/// `path.Base`.
pub fn base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// `path.Dir`.
pub fn dir(p: &str) -> String {
    let cut = p.rfind('/').map_or(0, |i| i + 1);
    clean(&p[..cut])
}

/// `path.Ext`.
pub fn ext(p: &str) -> String {
    for (i, c) in p.char_indices().rev() {
        if c == '/' {
            break;
        }
        if c == '.' {
            return p[i..].to_string();
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_path() {
        assert_eq!(clean("a//b/../c/."), "a/c");
        assert_eq!(clean("/../a"), "/a");
        assert_eq!(clean("../../a"), "../../a");
        assert_eq!(base("/a/b/"), "b");
        assert_eq!(base("///"), "/");
        assert_eq!(dir("a/b/c"), "a/b");
        assert_eq!(dir("abc"), ".");
        assert_eq!(ext("a/b.tar.gz"), ".gz");
        assert_eq!(ext("a.b/c"), "");
    }
}
