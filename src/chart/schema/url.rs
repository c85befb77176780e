//! URL and JSON-pointer helpers with Go's `net/url` resolution rules, as the schema
//! compiler uses them for `$id` and `$ref`.

/// Splits `url#fragment` (the fragment is empty when there is no `#`).
pub fn split(s: &str) -> (&str, &str) {
    match s.find('#') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    }
}

/// Escapes a JSON-pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape(tok: &str) -> String {
    tok.replace('~', "~0").replace('/', "~1")
}

/// Unescapes a JSON-pointer token; `None` for a bad `~` escape.
pub fn unescape(tok: &str) -> Option<String> {
    let mut out = String::with_capacity(tok.len());
    let mut chars = tok.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// A JSON pointer built from instance-location tokens.
pub fn json_ptr<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    for t in tokens {
        out.push('/');
        out.push_str(&escape(t.as_ref()));
    }
    out
}

/// Go's `url.PathUnescape`; `None` on a bad `%` escape.
pub fn path_unescape(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// santhosh-tekuri's `encode`: `url.PathEscape` of each `/`-separated token.
pub fn encode(frag: &str) -> String {
    let mut out = String::new();
    for (i, tok) in frag.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        for &c in tok.as_bytes() {
            let keep = c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    b'-' | b'_' | b'.' | b'~' | b'$' | b'&' | b'+' | b':' | b'=' | b'@'
                );
            if keep {
                out.push(char::from(c));
            } else {
                out.push_str(&format!("%{c:02X}"));
            }
        }
    }
    out
}

struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
}

fn parse(s: &str) -> Parts<'_> {
    let mut rest = s;
    let mut scheme = None;
    if let Some(i) = s.find(':') {
        let cand = &s[..i];
        let valid = cand.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && cand
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if valid {
            scheme = Some(cand);
            rest = &s[i + 1..];
        }
    }
    let (rest, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(r) => match r.find('/') {
            Some(i) => (Some(&r[..i]), &r[i..]),
            None => (Some(r), ""),
        },
        None => (None, rest),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
    }
}

fn remove_dots(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').collect();
    let last = segs.len().saturating_sub(1);
    let mut trailing = false;
    for (i, seg) in segs.iter().enumerate() {
        match *seg {
            "." => trailing = i == last,
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                trailing = i == last;
            }
            s => {
                out.push(s);
                trailing = false;
            }
        }
    }
    let mut joined = out.join("/");
    if trailing && !joined.ends_with('/') {
        joined.push('/');
    }
    if !joined.starts_with('/') {
        joined.insert(0, '/');
    }
    joined
}

fn assemble(
    scheme: Option<&str>,
    authority: Option<&str>,
    path: &str,
    query: Option<&str>,
) -> String {
    let mut out = String::new();
    if let Some(s) = scheme {
        out.push_str(s);
        out.push(':');
    }
    if let Some(a) = authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// Resolves `reference` (without fragment) against `base` (without fragment), the way
/// Go's `URL.ResolveReference` does, keeping an opaque base (`urn:…`) for relative refs.
pub fn resolve(base: &str, reference: &str) -> String {
    let b = parse(base);
    let r = parse(reference);
    if r.scheme.is_some() {
        return reference.to_string();
    }
    let opaque_base = b.authority.is_none() && !b.path.starts_with('/') && b.scheme.is_some();
    if r.authority.is_some() {
        return assemble(b.scheme, r.authority, &remove_dots(r.path), r.query);
    }
    if opaque_base {
        if r.path.is_empty() {
            let q = r.query.or(b.query);
            return assemble(b.scheme, None, b.path, q);
        }
        return assemble(b.scheme, None, b.path, r.query);
    }
    if r.path.is_empty() {
        let q = r.query.or(b.query);
        return assemble(b.scheme, b.authority, b.path, q);
    }
    let full = if r.path.starts_with('/') {
        r.path.to_string()
    } else {
        let dir = match b.path.rfind('/') {
            Some(i) => &b.path[..=i],
            None => "",
        };
        format!("{dir}{}", r.path)
    };
    assemble(b.scheme, b.authority, &remove_dots(&full), r.query)
}

/// The scheme of an absolute URL.
pub fn scheme(url: &str) -> Option<&str> {
    parse(url).scheme
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_go() {
        let base = "file:///values.schema.json";
        assert_eq!(resolve(base, ""), base);
        assert_eq!(resolve(base, "other.json"), "file:///other.json");
        assert_eq!(
            resolve("file:///a/b/c.json", "../d.json"),
            "file:///a/d.json"
        );
        assert_eq!(resolve(base, "https://x.io/s.json"), "https://x.io/s.json");
        assert_eq!(
            resolve("https://x.io/a/s.json", "t.json"),
            "https://x.io/a/t.json"
        );
        assert_eq!(resolve("urn:x:y", ""), "urn:x:y");
    }

    #[test]
    fn pointers() {
        assert_eq!(json_ptr(&["a/b", "c~d"]), "/a~1b/c~0d");
        assert_eq!(unescape("a~1b~0").as_deref(), Some("a/b~"));
        assert_eq!(unescape("a~2"), None);
        assert_eq!(encode("/$defs/a b"), "/$defs/a%20b");
    }
}
