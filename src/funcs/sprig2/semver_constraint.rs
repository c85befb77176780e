//! Masterminds/semver v3 constraints (`NewConstraint`, `Constraints.Check`):
//! operators `= != > < >= => <= =< ~ ~> ^`, wildcards `x X *`, hyphen ranges,
//! `,`/space for AND and `||` for OR. A prerelease version only matches an AND group
//! in which some constraint carries a prerelease.
//!
//! The regular expressions are Masterminds' own, with Go's ASCII `\s` spelled out.

use std::cmp::Ordering;
use std::sync::OnceLock;

use regex::Regex;

use super::semver::Version;
use crate::template::error::GoError;
use crate::template::lex::go_quote;

const WS: &str = r"[\t\n\f\r ]";
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";
const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";

struct Res {
    constraint: Regex,
    range: Regex,
    find: Regex,
    valid: Regex,
}

fn res() -> &'static Res {
    static RES: OnceLock<Res> = OnceLock::new();
    RES.get_or_init(|| {
        let re = |s: String| Regex::new(&s).expect("constant regex");
        Res {
            constraint: re(format!("^{WS}*({OPS}){WS}*({CV}){WS}*$")),
            range: re(format!("{WS}*({CV}){WS}+-{WS}+({CV}){WS}*")),
            find: re(format!("({OPS}){WS}*({CV})")),
            valid: re(format!(
                "^({WS}*({OPS}){WS}*({CV}){WS}*)((?:{WS}+|,{WS}*)({OPS}){WS}*({CV}){WS}*)*$"
            )),
        }
    })
}

/// One parsed constraint.
#[derive(Debug, Clone)]
struct Constraint {
    con: Version,
    op: String,
    minor_dirty: bool,
    dirty: bool,
    patch_dirty: bool,
}

/// A parsed constraint expression: OR of AND groups.
#[derive(Debug, Clone)]
pub struct Constraints {
    groups: Vec<Vec<Constraint>>,
    contains_pre: Vec<bool>,
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "*" | "X")
}

fn rewrite_range(i: &str) -> String {
    let mut o = i.to_string();
    for caps in res().range.captures_iter(i) {
        let g = |n: usize| caps.get(n).map_or("", |m| m.as_str());
        let t = format!(">= {}, <= {} ", g(1), g(11));
        o = o.replacen(g(0), &t, 1);
    }
    o
}

fn parse_constraint(c: &str) -> Result<Constraint, GoError> {
    if c.is_empty() {
        return Ok(Constraint {
            con: Version::parse("0.0.0")?,
            op: String::new(),
            minor_dirty: false,
            dirty: true,
            patch_dirty: false,
        });
    }
    let caps = res()
        .constraint
        .captures(c)
        .ok_or_else(|| GoError::new(format!("improper constraint: {}", go_quote(c))))?;
    let g = |n: usize| caps.get(n).map_or("", |m| m.as_str());
    let (mut minor_dirty, mut patch_dirty, mut dirty) = (false, false, false);
    let ver = if is_x(g(3)) || g(3).is_empty() {
        dirty = true;
        format!("0.0.0{}", g(6))
    } else if is_x(g(4).trim_start_matches('.')) || g(4).is_empty() {
        minor_dirty = true;
        dirty = true;
        format!("{}.0.0{}", g(3), g(6))
    } else if is_x(g(5).trim_start_matches('.')) || g(5).is_empty() {
        dirty = true;
        patch_dirty = true;
        format!("{}{}.0{}", g(3), g(4), g(6))
    } else {
        g(2).to_string()
    };
    let con = Version::parse(&ver).map_err(|_| GoError::new("constraint parser error"))?;
    Ok(Constraint {
        con,
        op: g(1).to_string(),
        minor_dirty,
        dirty,
        patch_dirty,
    })
}

impl Constraints {
    /// `semver.NewConstraint`.
    pub fn parse(c: &str) -> Result<Constraints, GoError> {
        let c = rewrite_range(c);
        let mut groups = Vec::new();
        let mut contains_pre = Vec::new();
        for v in c.split("||") {
            if !res().valid.is_match(v) {
                return Err(GoError::new(format!(
                    "improper constraint: {}",
                    go_quote(v)
                )));
            }
            let mut cs: Vec<&str> = res().find.find_iter(v).map(|m| m.as_str()).collect();
            if cs.is_empty() {
                cs.push(v);
            }
            let mut group = Vec::new();
            let mut pre = false;
            for s in cs {
                let pc = parse_constraint(s)?;
                pre |= !pc.con.pre.is_empty();
                group.push(pc);
            }
            groups.push(group);
            contains_pre.push(pre);
        }
        Ok(Constraints {
            groups,
            contains_pre,
        })
    }

    /// `Constraints.Check`.
    pub fn check(&self, v: &Version) -> bool {
        self.groups
            .iter()
            .zip(&self.contains_pre)
            .any(|(g, &pre)| g.iter().all(|c| c.check(v, pre)))
    }
}

impl Constraint {
    fn check(&self, v: &Version, include_pre: bool) -> bool {
        if !v.pre.is_empty() && !include_pre {
            return false;
        }
        let c = &self.con;
        let cmp = v.compare(c);
        match self.op.as_str() {
            "" | "=" => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    cmp == Ordering::Equal
                }
            }
            "!=" => self.not_equal(v),
            ">" => {
                if !self.dirty {
                    return cmp == Ordering::Greater;
                }
                if v.major != c.major {
                    return v.major > c.major;
                }
                if self.minor_dirty {
                    return false;
                }
                if self.patch_dirty {
                    return v.minor > c.minor;
                }
                cmp == Ordering::Greater
            }
            "<" => cmp == Ordering::Less,
            ">=" | "=>" => cmp != Ordering::Less,
            "<=" | "=<" => {
                if !self.dirty {
                    return cmp != Ordering::Greater;
                }
                !(v.major > c.major
                    || (v.major == c.major && v.minor > c.minor && !self.minor_dirty))
            }
            "~" | "~>" => self.tilde(v),
            _ => self.caret(v),
        }
    }

    fn not_equal(&self, v: &Version) -> bool {
        let c = &self.con;
        if self.dirty {
            if c.major != v.major {
                return true;
            }
            if c.minor != v.minor && !self.minor_dirty {
                return true;
            } else if self.minor_dirty {
                return false;
            } else if c.patch != v.patch && !self.patch_dirty {
                return true;
            } else if self.patch_dirty {
                if !v.pre.is_empty() || !c.pre.is_empty() {
                    return compare_pre(&v.pre, &c.pre);
                }
                return false;
            }
        }
        v.compare(c) != Ordering::Equal
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        if v.major != c.major {
            return false;
        }
        v.minor == c.minor || self.minor_dirty
    }

    fn caret(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major > 0 || self.minor_dirty {
            return v.major == c.major;
        }
        if v.major > 0 {
            return false;
        }
        if c.minor > 0 || self.patch_dirty {
            return v.minor == c.minor;
        }
        if v.minor > 0 {
            return false;
        }
        c.patch == v.patch
    }
}

/// `comparePrerelease(a, b) != 0`, through full versions that differ only there.
fn compare_pre(a: &str, b: &str) -> bool {
    let mk = |p: &str| Version {
        major: 0,
        minor: 0,
        patch: 0,
        pre: p.to_string(),
        metadata: String::new(),
        original: String::new(),
    };
    let (x, y) = (mk(a), mk(b));
    // Version.compare treats an empty prerelease as greater; comparePrerelease as
    // smaller. Either way "differs" is what matters here.
    x.compare(&y) != Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(c: &str, v: &str) -> bool {
        Constraints::parse(c)
            .unwrap()
            .check(&Version::parse(v).unwrap())
    }

    #[test]
    fn checks() {
        assert!(ok(">=1.19-0", "1.20.1-gke.100"));
        assert!(!ok(">=1.19", "1.20.1-gke.100"));
        assert!(ok("^1.2", "1.9.0"));
        assert!(ok("~1.2.3", "1.2.9"));
        assert!(!ok("~1.2.3", "1.3.0"));
        assert!(ok("1.2 - 1.4", "1.4.0"));
        assert!(ok("<1 || >=3", "3.1.0"));
        assert!(ok("1.x", "1.5.0"));
        assert_eq!(
            Constraints::parse("foo").unwrap_err().msg,
            "improper constraint: \"foo\""
        );
    }
}
