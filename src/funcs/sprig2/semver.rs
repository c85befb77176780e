//! Masterminds/semver v3 `Version` (as `NewVersion` parses it, with coercion) and
//! Sprig's `semver` / `semverCompare`.
//!
//! `semver` returns a `*semver.Version` object whose methods templates can call
//! (`.Major`, `.Compare`, `.IncMinor`, ...). Methods with pointer receivers
//! (`Original`, `Compare`, `LessThan`, ...) are missing on the `semver.Version`
//! values that `IncMajor` and friends return, as in Go.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::OnceLock;

use regex::Regex;
use rustc_hash::FxHashMap;

use super::semver_constraint::Constraints;
use super::{arg, arg_str};
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::value::{Kind, Object, UintKind, Value};

/// Registers `semver` and `semverCompare`.
pub fn register(m: &mut FuncMap) {
    m.insert("semver", Sig::fixed(&[Ty::String]), semver_fn);
    m.insert(
        "semverCompare",
        Sig::fixed(&[Ty::String, Ty::String]),
        semver_compare,
    );
}

fn semver_fn(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let v = Version::parse(arg_str(&a, 0))?;
    Ok(Value::Object(Rc::new(VersionObj { v, ptr: true })))
}

fn semver_compare(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let (c, v) = (arg_str(&a, 0), arg_str(&a, 1));
    // Charts compare the same constraints with the same Kubernetes version in
    // template after template: successful comparisons are remembered.
    let key = {
        let mut h = rustc_hash::FxHasher::default();
        (c, v).hash(&mut h);
        h.finish()
    };
    let hit = COMPARED.with_borrow(|m| {
        m.get(&key)
            .filter(|(kc, kv, _)| **kc == *c && **kv == *v)
            .map(|e| e.2)
    });
    if let Some(b) = hit {
        return Ok(Value::Bool(b));
    }
    let b = Constraints::parse(c)?.check(&Version::parse(v)?);
    COMPARED.with_borrow_mut(|m| {
        if m.len() >= 1024 {
            m.clear();
        }
        m.insert(key, (c.into(), v.into(), b));
    });
    Ok(Value::Bool(b))
}

/// A remembered comparison: constraints, version, result.
type Compared = (Box<str>, Box<str>, bool);

thread_local! {
    /// Results of `semverCompare` by a hash of its arguments (with the arguments).
    static COMPARED: RefCell<FxHashMap<u64, Compared>> =
        RefCell::new(FxHashMap::default());
}

const NUM: &str = "0123456789";

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

fn err_invalid() -> GoError {
    GoError::new("invalid semantic version")
}

/// A parsed semantic version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Major number.
    pub major: u64,
    /// Minor number.
    pub minor: u64,
    /// Patch number.
    pub patch: u64,
    /// Prerelease (without `-`).
    pub pre: String,
    /// Build metadata (without `+`).
    pub metadata: String,
    /// The text it was parsed from.
    pub original: String,
}

fn loose_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$",
        )
        .expect("constant regex")
    })
}

/// `strconv.ParseUint(s, 10, 64)` wrapped as semver reports it.
fn parse_segment(s: &str) -> Result<u64, GoError> {
    s.parse::<u64>().map_err(|_| {
        GoError::new(format!(
            "error parsing version segment: strconv.ParseUint: parsing {}: value out of range",
            crate::template::lex::go_quote(s)
        ))
    })
}

/// `validatePrerelease`.
pub(crate) fn validate_prerelease(p: &str) -> Result<(), GoError> {
    for part in p.split('.') {
        if part.is_empty() {
            return Err(GoError::new("invalid prerelease string"));
        } else if part.chars().all(|c| NUM.contains(c)) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(GoError::new("version segment starts with 0"));
            }
        } else if !part.chars().all(allowed) {
            return Err(GoError::new("invalid prerelease string"));
        }
    }
    Ok(())
}

fn validate_metadata(m: &str) -> Result<(), GoError> {
    for part in m.split('.') {
        if part.is_empty() || !part.chars().all(allowed) {
            return Err(GoError::new("invalid metadata string"));
        }
    }
    Ok(())
}

/// `strings.Split` then compare part by part (`comparePrerelease`).
fn compare_prerelease(v: &str, o: &str) -> Ordering {
    let sp: Vec<&str> = v.split('.').collect();
    let op: Vec<&str> = o.split('.').collect();
    for i in 0..sp.len().max(op.len()) {
        let s = sp.get(i).copied().unwrap_or("");
        let t = op.get(i).copied().unwrap_or("");
        let d = compare_pre_part(s, t);
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    match (s.parse::<u64>(), o.parse::<u64>()) {
        (Err(_), Err(_)) => {
            if s > o {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (_, Err(_)) => Ordering::Less,
        (Err(_), _) => Ordering::Greater,
        (Ok(a), Ok(b)) => {
            if a > b {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

impl Version {
    /// `semver.NewVersion` (coercing: `v1`, `1.2` are accepted).
    pub fn parse(v: &str) -> Result<Version, GoError> {
        let caps = loose_regex().captures(v).ok_or_else(err_invalid)?;
        let g = |i: usize| caps.get(i).map_or("", |m| m.as_str());
        let mut sv = Version {
            major: parse_segment(g(1))?,
            minor: 0,
            patch: 0,
            pre: g(5).to_string(),
            metadata: g(8).to_string(),
            original: v.to_string(),
        };
        if !g(2).is_empty() {
            sv.minor = parse_segment(g(2).trim_start_matches('.'))?;
        }
        if !g(3).is_empty() {
            sv.patch = parse_segment(g(3).trim_start_matches('.'))?;
        }
        if !sv.pre.is_empty() {
            validate_prerelease(&sv.pre)?;
        }
        if !sv.metadata.is_empty() {
            validate_metadata(&sv.metadata)?;
        }
        Ok(sv)
    }

    /// `Version.String()`.
    pub fn string(&self) -> String {
        let mut s = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            s.push('-');
            s.push_str(&self.pre);
        }
        if !self.metadata.is_empty() {
            s.push('+');
            s.push_str(&self.metadata);
        }
        s
    }

    /// `Version.Compare` (metadata is ignored).
    pub fn compare(&self, o: &Version) -> Ordering {
        let d = (self.major, self.minor, self.patch).cmp(&(o.major, o.minor, o.patch));
        if d != Ordering::Equal {
            return d;
        }
        match (self.pre.is_empty(), o.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => compare_prerelease(&self.pre, &o.pre),
        }
    }

    fn v_prefix(&self) -> &'static str {
        if self.original.starts_with('v') {
            "v"
        } else {
            ""
        }
    }

    fn with_original(mut self, prefix: &str) -> Version {
        self.original = format!("{prefix}{}", self.string());
        self
    }

    fn inc(&self, which: &str) -> Result<Version, GoError> {
        let mut n = self.clone();
        n.metadata.clear();
        let overflow =
            |what: &str| GoError::new(format!("{what} version increment would overflow uint64"));
        match which {
            "IncPatch" => {
                if self.pre.is_empty() {
                    n.patch = self.patch.checked_add(1).ok_or_else(|| overflow("patch"))?;
                }
            }
            "IncMinor" => {
                n.patch = 0;
                n.minor = self.minor.checked_add(1).ok_or_else(|| overflow("minor"))?;
            }
            _ => {
                n.patch = 0;
                n.minor = 0;
                n.major = self.major.checked_add(1).ok_or_else(|| overflow("major"))?;
            }
        }
        n.pre.clear();
        Ok(n.with_original(self.v_prefix()))
    }
}

/// A `*semver.Version` (`ptr`) or a `semver.Version` value.
#[derive(Debug)]
pub struct VersionObj {
    /// The version.
    pub v: Version,
    /// Whether this is the pointer type.
    pub ptr: bool,
}

const PTR_METHODS: &[&str] = &[
    "Original",
    "LessThan",
    "LessThanEqual",
    "GreaterThan",
    "GreaterThanEqual",
    "Equal",
    "Compare",
];

const VERSION_PTR: Ty = Ty::Named("*semver.Version");

/// The version behind a `*semver.Version` argument (methods receive it converted).
fn version_arg(v: &Value) -> Result<Version, GoError> {
    match v {
        Value::Object(o) => o
            .as_any()
            .and_then(|a| a.downcast_ref::<VersionObj>())
            .map(|x| x.v.clone())
            .ok_or_else(super::nil_deref),
        _ => Err(super::nil_deref()),
    }
}

impl Object for VersionObj {
    fn type_name(&self) -> String {
        if self.ptr {
            "*semver.Version".into()
        } else {
            "semver.Version".into()
        }
    }

    fn kind(&self) -> Kind {
        if self.ptr {
            Kind::Ptr
        } else {
            Kind::Struct
        }
    }

    fn method(&self, name: &str) -> Option<Sig> {
        if !self.ptr && PTR_METHODS.contains(&name) {
            return None;
        }
        match name {
            "Original" | "String" | "Major" | "Minor" | "Patch" | "Prerelease" | "Metadata"
            | "IncPatch" | "IncMinor" | "IncMajor" => Some(Sig::fixed(&[])),
            "LessThan" | "LessThanEqual" | "GreaterThan" | "GreaterThanEqual" | "Equal"
            | "Compare" => Some(Sig::fixed(&[VERSION_PTR])),
            "SetPrerelease" | "SetMetadata" => Some(Sig::fixed(&[Ty::String])),
            _ => None,
        }
    }

    fn call_method(&self, name: &str, args: Vec<Value>) -> Result<Value, GoError> {
        let v = &self.v;
        let u = |n: u64| Value::Uint(n, UintKind::U64);
        let value = |n: Version| Value::Object(Rc::new(VersionObj { v: n, ptr: false }));
        Ok(match name {
            "Original" => Value::from(v.original.as_str()),
            "String" => Value::from(v.string()),
            "Major" => u(v.major),
            "Minor" => u(v.minor),
            "Patch" => u(v.patch),
            "Prerelease" => Value::from(v.pre.as_str()),
            "Metadata" => Value::from(v.metadata.as_str()),
            "IncPatch" | "IncMinor" | "IncMajor" => value(v.inc(name)?),
            "SetPrerelease" | "SetMetadata" => {
                let s = arg_str(&args, 0);
                let mut n = v.clone();
                if name == "SetPrerelease" {
                    if !s.is_empty() {
                        validate_prerelease(s)?;
                    }
                    n.pre = s.to_string();
                } else {
                    if !s.is_empty() {
                        validate_metadata(s)?;
                    }
                    n.metadata = s.to_string();
                }
                value(n.with_original(v.v_prefix()))
            }
            "Equal" => {
                let o = arg(&args, 0);
                if o.is_nil_or_invalid() {
                    return Ok(Value::Bool(false));
                }
                Value::Bool(v.compare(&version_arg(&o)?) == Ordering::Equal)
            }
            _ => {
                let ord = v.compare(&version_arg(&arg(&args, 0))?);
                match name {
                    "Compare" => Value::int(ord as i64),
                    "LessThan" => Value::Bool(ord == Ordering::Less),
                    "LessThanEqual" => Value::Bool(ord != Ordering::Greater),
                    "GreaterThan" => Value::Bool(ord == Ordering::Greater),
                    _ => Value::Bool(ord != Ordering::Less),
                }
            }
        })
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }

    fn display(&self) -> Option<String> {
        Some(self.v.string())
    }

    fn to_data(&self) -> Value {
        Value::from(self.v.string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_compares() {
        let v = Version::parse("v1.2").unwrap();
        assert_eq!(v.string(), "1.2.0");
        assert_eq!(v.inc("IncMinor").unwrap().original, "v1.3.0");
        let a = Version::parse("1.0.0-alpha.1").unwrap();
        let b = Version::parse("1.0.0-alpha.beta").unwrap();
        assert_eq!(a.compare(&b), Ordering::Less);
        assert!(Version::parse("1.0.0-01").is_err());
        assert_eq!(
            Version::parse("x").unwrap_err().msg,
            "invalid semantic version"
        );
    }
}
