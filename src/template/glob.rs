//! Globs as `gobwas/glob` compiles them with `/` as separator (Helm's `.Files.Glob`):
//! `*` (not across `/`), `**` (across `/`), `?`, `[abc]`, `[!a-z]`, `{a,b}`, `\` escapes.

/// A compiled glob.
#[derive(Clone, Debug, PartialEq)]
pub struct Glob {
    alts: Vec<Vec<Tok>>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Lit(char),
    Any,
    Super,
    One,
    Class(bool, Vec<(char, char)>),
    Alt(Vec<Vec<Tok>>),
}

impl Glob {
    /// Compiles a pattern; `None` when it is malformed (Helm then uses `**`).
    pub fn compile(pattern: &str) -> Option<Glob> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        let seq = parse_seq(&chars, &mut i, false)?;
        if i != chars.len() {
            return None;
        }
        Some(Glob { alts: vec![seq] })
    }

    /// Whether `name` matches.
    pub fn matches(&self, name: &str) -> bool {
        let s: Vec<char> = name.chars().collect();
        self.alts
            .iter()
            .any(|a| match_seq(a, &s, &mut |rest| rest.is_empty()))
    }
}

fn parse_seq(p: &[char], i: &mut usize, in_alt: bool) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    while *i < p.len() {
        let c = p[*i];
        match c {
            '*' => {
                if p.get(*i + 1) == Some(&'*') {
                    out.push(Tok::Super);
                    *i += 2;
                } else {
                    out.push(Tok::Any);
                    *i += 1;
                }
            }
            '?' => {
                out.push(Tok::One);
                *i += 1;
            }
            '\\' => {
                let e = *p.get(*i + 1)?;
                out.push(Tok::Lit(e));
                *i += 2;
            }
            '[' => {
                *i += 1;
                let neg = p.get(*i) == Some(&'!');
                if neg {
                    *i += 1;
                }
                let mut ranges = Vec::new();
                loop {
                    let lo = *p.get(*i)?;
                    if lo == ']' {
                        *i += 1;
                        break;
                    }
                    *i += 1;
                    if p.get(*i) == Some(&'-') && p.get(*i + 1).is_some_and(|c| *c != ']') {
                        let hi = p[*i + 1];
                        *i += 2;
                        ranges.push((lo, hi));
                    } else {
                        ranges.push((lo, lo));
                    }
                }
                out.push(Tok::Class(neg, ranges));
            }
            '{' => {
                *i += 1;
                let mut alts = Vec::new();
                loop {
                    alts.push(parse_seq(p, i, true)?);
                    match p.get(*i) {
                        Some(',') => *i += 1,
                        Some('}') => {
                            *i += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
                out.push(Tok::Alt(alts));
            }
            ',' | '}' if in_alt => return Some(out),
            _ => {
                out.push(Tok::Lit(c));
                *i += 1;
            }
        }
    }
    if in_alt {
        return None;
    }
    Some(out)
}

fn match_seq(toks: &[Tok], s: &[char], k: &mut dyn FnMut(&[char]) -> bool) -> bool {
    let Some((t, rest)) = toks.split_first() else {
        return k(s);
    };
    match t {
        Tok::Lit(c) => s.first() == Some(c) && match_seq(rest, &s[1..], k),
        Tok::One => s.first().is_some_and(|c| *c != '/') && match_seq(rest, &s[1..], k),
        Tok::Class(neg, ranges) => {
            s.first().is_some_and(|c| {
                *c != '/' && ranges.iter().any(|(lo, hi)| lo <= c && c <= hi) != *neg
            }) && match_seq(rest, &s[1..], k)
        }
        Tok::Any | Tok::Super => {
            let mut n = 0;
            loop {
                if match_seq(rest, &s[n..], k) {
                    return true;
                }
                if n >= s.len() || (matches!(t, Tok::Any) && s[n] == '/') {
                    return false;
                }
                n += 1;
            }
        }
        Tok::Alt(alts) => alts
            .iter()
            .any(|a| match_seq(a, s, &mut |r: &[char]| match_seq(rest, r, k))),
    }
}

#[cfg(test)]
mod tests {
    use super::Glob;

    fn m(p: &str, s: &str) -> bool {
        Glob::compile(p).expect("valid").matches(s)
    }

    #[test]
    fn gobwas_semantics() {
        assert!(m("files/*.conf", "files/a.conf"));
        assert!(!m("files/*.conf", "files/x/a.conf"));
        assert!(m("files/**.conf", "files/x/a.conf"));
        assert!(m("files/**", "files/x/a.conf"));
        assert!(m("*.{yaml,json}", "a.json"));
        assert!(!m("*.{yaml,json}", "a.txt"));
        assert!(m("[a-c]?.txt", "bx.txt"));
        assert!(!m("[!a-c]?.txt", "bx.txt"));
        assert!(m("a\\*b", "a*b"));
        assert!(Glob::compile("{a,b").is_none());
    }
}
