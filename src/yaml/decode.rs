//! go-yaml v2 `Unmarshal` into `interface{}`: node tree → Go-typed YAML value.
//!
//! Follows `decode.go`: aliases expand (a self-containing alias fails), merge keys
//! merge into the map being built (in place, so a merge overrides earlier keys and
//! later keys override it; in a list of maps earlier maps win), duplicate keys keep
//! the last value, collection keys fail, and go-yaml's alias-expansion budget
//! ("excessive aliasing") is enforced.

use rustc_hash::FxHashMap;
use std::fmt::Write as _;

use super::error::YamlError;
use super::node::{Node, NodeKind};
use super::resolve::{is_merge_key, resolve, Resolved};
use crate::template::gofmt;

/// A source location (of the node a value came from).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Loc {
    pub line: u32,
    pub col: u32,
    pub offset: usize,
}

impl Loc {
    pub fn of(n: &Node) -> Loc {
        Loc {
            line: n.line,
            col: n.col,
            offset: n.span.start,
        }
    }

    pub fn error(self, message: impl Into<String>) -> YamlError {
        YamlError::new(message, self.line, self.col, self.offset)
    }
}

/// A value as go-yaml v2 decodes it into `interface{}`.
#[derive(Clone, Debug)]
pub(crate) enum Y {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    Seq(Vec<(Y, Loc)>),
    Map(YMap),
}

/// A `map[interface{}]interface{}`: entries in first-insertion order.
#[derive(Clone, Debug, Default)]
pub(crate) struct YMap {
    pub entries: Vec<YEntry>,
    /// Entry index by key, kept once the map is large (small maps are scanned).
    index: Option<FxHashMap<KeyId, usize>>,
}

/// One map entry with the locations of its key and value.
#[derive(Clone, Debug)]
pub(crate) struct YEntry {
    pub key: Y,
    pub key_loc: Loc,
    pub val: Y,
    pub val_loc: Loc,
}

/// Go interface equality of scalar keys.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum KeyId {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(u64),
    Str(String),
}

impl KeyId {
    /// The identity of a key; `None` for keys equal to nothing else (NaN,
    /// sequences, mappings).
    fn of(key: &Y) -> Option<KeyId> {
        Some(match key {
            Y::Nil => KeyId::Nil,
            Y::Bool(b) => KeyId::Bool(*b),
            Y::Int(i) => KeyId::Int(*i),
            Y::Uint(u) => KeyId::Uint(*u),
            // NaN is never equal to itself: every NaN key is a new entry.
            Y::Float(f) if f.is_nan() => return None,
            Y::Float(f) => KeyId::Float((*f + 0.0).to_bits()),
            Y::Str(s) => KeyId::Str(s.clone()),
            Y::Seq(_) | Y::Map(_) => return None,
        })
    }
}

/// Go interface equality of two keys (as [`KeyId`]s compare).
fn same_key(a: &Y, b: &Y) -> bool {
    match (a, b) {
        (Y::Nil, Y::Nil) => true,
        (Y::Bool(x), Y::Bool(y)) => x == y,
        (Y::Int(x), Y::Int(y)) => x == y,
        (Y::Uint(x), Y::Uint(y)) => x == y,
        (Y::Float(x), Y::Float(y)) => !x.is_nan() && (*x + 0.0).to_bits() == (*y + 0.0).to_bits(),
        (Y::Str(x), Y::Str(y)) => x == y,
        _ => false,
    }
}

/// Entries past which a map keeps an index of its keys.
const INDEX_FROM: usize = 32;

impl YMap {
    /// `SetMapIndex`: replaces the value of an equal key, or adds the entry.
    fn set(&mut self, e: YEntry) {
        let found = match &mut self.index {
            Some(index) => match KeyId::of(&e.key) {
                Some(id) => match index.get(&id) {
                    Some(&i) => Some(i),
                    None => {
                        index.insert(id, self.entries.len());
                        None
                    }
                },
                None => None,
            },
            None => self.entries.iter().position(|x| same_key(&x.key, &e.key)),
        };
        if let Some(i) = found {
            if let Some(slot) = self.entries.get_mut(i) {
                slot.val = e.val;
                slot.val_loc = e.val_loc;
            }
            return;
        }
        self.entries.push(e);
        if self.index.is_none() && self.entries.len() > INDEX_FROM {
            let mut index = FxHashMap::default();
            for (i, x) in self.entries.iter().enumerate() {
                if let Some(id) = KeyId::of(&x.key) {
                    index.entry(id).or_insert(i);
                }
            }
            self.index = Some(index);
        }
    }
}

/// Decodes a document root as go-yaml v2 does into `interface{}`.
/// Error messages carry go-yaml's `yaml: ` prefix.
pub(crate) fn decode(root: &Node) -> Result<Y, YamlError> {
    let mut anchors = FxHashMap::default();
    collect_anchors(root, &mut anchors)?;
    let mut d = Decoder {
        anchors,
        active: Vec::new(),
        decode_count: 1,
        alias_count: 0,
        alias_depth: 0,
    };
    d.value(root)
}

/// Maps anchor ids to their nodes; fails at the first alias with no anchor (go-yaml
/// reports those while parsing, before decoding anything).
fn collect_anchors<'n>(n: &'n Node, out: &mut FxHashMap<usize, &'n Node>) -> Result<(), YamlError> {
    if let Some(a) = &n.anchor {
        out.insert(a.id, n);
    }
    match &n.kind {
        NodeKind::Scalar(_) => Ok(()),
        NodeKind::Alias(a) => match a.target {
            Some(_) => Ok(()),
            None => Err(Loc::of(n).error(format!("yaml: unknown anchor '{}' referenced", a.name))),
        },
        NodeKind::Sequence(items) => items.iter().try_for_each(|i| collect_anchors(i, out)),
        NodeKind::Mapping(entries) => entries.iter().try_for_each(|(k, v)| {
            collect_anchors(k, out)?;
            collect_anchors(v, out)
        }),
    }
}

struct Decoder<'n> {
    anchors: FxHashMap<usize, &'n Node>,
    /// Alias nodes being expanded (to catch an anchor that contains itself).
    active: Vec<*const Node>,
    decode_count: u64,
    alias_count: u64,
    alias_depth: u32,
}

const ALIAS_RATIO_RANGE_LOW: f64 = 400_000.0;
const ALIAS_RATIO_RANGE_HIGH: f64 = 4_000_000.0;

/// go-yaml's `allowedAliasRatio`.
fn allowed_alias_ratio(decode_count: f64) -> f64 {
    if decode_count <= ALIAS_RATIO_RANGE_LOW {
        0.99
    } else if decode_count >= ALIAS_RATIO_RANGE_HIGH {
        0.10
    } else {
        0.99 - 0.89
            * ((decode_count - ALIAS_RATIO_RANGE_LOW)
                / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW))
    }
}

impl<'n> Decoder<'n> {
    /// go-yaml's per-node bookkeeping against alias bombs.
    fn count(&mut self, n: &Node) -> Result<(), YamlError> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        let (a, d) = (self.alias_count as f64, self.decode_count as f64);
        if self.alias_count > 100 && self.decode_count > 1000 && a / d > allowed_alias_ratio(d) {
            return Err(Loc::of(n).error("yaml: document contains excessive aliasing"));
        }
        Ok(())
    }

    /// The anchored node an alias refers to.
    fn target(&self, n: &'n Node) -> Option<&'n Node> {
        match &n.kind {
            NodeKind::Alias(a) => a.target.and_then(|id| self.anchors.get(&id).copied()),
            _ => None,
        }
    }

    /// Runs `f` on the target of alias `n`, guarding against self-containment.
    fn through_alias<T>(
        &mut self,
        n: &'n Node,
        f: impl FnOnce(&mut Self, &'n Node) -> Result<T, YamlError>,
    ) -> Result<T, YamlError> {
        let name = match &n.kind {
            NodeKind::Alias(a) => a.name.as_str(),
            _ => "",
        };
        let ptr: *const Node = n;
        if self.active.contains(&ptr) {
            return Err(Loc::of(n).error(format!("yaml: anchor '{name}' value contains itself")));
        }
        let Some(target) = self.target(n) else {
            return Err(Loc::of(n).error(format!("yaml: unknown anchor '{name}' referenced")));
        };
        self.active.push(ptr);
        self.alias_depth += 1;
        let r = f(self, target);
        self.alias_depth -= 1;
        self.active.pop();
        r
    }

    fn value(&mut self, n: &'n Node) -> Result<Y, YamlError> {
        self.count(n)?;
        match &n.kind {
            NodeKind::Alias(_) => self.through_alias(n, |d, t| d.value(t)),
            NodeKind::Scalar(text) => {
                let r = resolve(n.tag.as_deref(), text, n.style)
                    .map_err(|m| Loc::of(n).error(format!("yaml: {m}")))?;
                Ok(match r {
                    Resolved::Null => Y::Nil,
                    Resolved::Bool(b) => Y::Bool(b),
                    Resolved::Int(i) => Y::Int(i),
                    Resolved::Uint(u) => Y::Uint(u),
                    Resolved::Float(f) => Y::Float(f),
                    Resolved::Str => Y::Str(text.clone()),
                    Resolved::Binary(bytes) => Y::Str(go_lossy_utf8(&bytes)),
                })
            }
            NodeKind::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push((self.value(item)?, Loc::of(item)));
                }
                Ok(Y::Seq(out))
            }
            NodeKind::Mapping(_) => {
                let mut out = YMap::default();
                self.mapping_into(n, &mut out)?;
                Ok(Y::Map(out))
            }
        }
    }

    /// Decodes the entries of mapping `n` into `out` (go-yaml's `d.mapping`).
    fn mapping_into(&mut self, n: &'n Node, out: &mut YMap) -> Result<(), YamlError> {
        let NodeKind::Mapping(entries) = &n.kind else {
            return Ok(());
        };
        for (k, v) in entries {
            if let NodeKind::Scalar(text) = &k.kind {
                if is_merge_key(k.tag.as_deref(), text, k.style) {
                    self.merge(v, out)?;
                    continue;
                }
            }
            let key = self.value(k)?;
            if matches!(key, Y::Seq(_) | Y::Map(_)) {
                return Err(Loc::of(k).error(format!("yaml: invalid map key: {}", sharp_v(&key))));
            }
            let val = self.value(v)?;
            out.set(YEntry {
                key,
                key_loc: Loc::of(k),
                val,
                val_loc: Loc::of(v),
            });
        }
        Ok(())
    }

    /// Decodes a mapping (or an alias to one) into `out`, counting it as go-yaml does.
    fn merge_one(&mut self, n: &'n Node, out: &mut YMap) -> Result<(), YamlError> {
        self.count(n)?;
        match &n.kind {
            NodeKind::Alias(_) => self.through_alias(n, |d, t| {
                d.count(t)?;
                d.mapping_into(t, out)
            }),
            _ => self.mapping_into(n, out),
        }
    }

    /// go-yaml's `d.merge`: the value of a `<<` key.
    fn merge(&mut self, v: &'n Node, out: &mut YMap) -> Result<(), YamlError> {
        let want_map =
            || Loc::of(v).error("yaml: map merge requires map or sequence of maps as the value");
        let is_map = |n: &Node| matches!(n.kind, NodeKind::Mapping(_));
        match &v.kind {
            NodeKind::Mapping(_) => self.merge_one(v, out),
            NodeKind::Alias(_) => match self.target(v) {
                Some(t) if !is_map(t) => Err(want_map()),
                _ => self.merge_one(v, out),
            },
            NodeKind::Sequence(items) => {
                for item in items.iter().rev() {
                    let ok = match &item.kind {
                        NodeKind::Alias(_) => self.target(item).is_none_or(is_map),
                        NodeKind::Mapping(_) => true,
                        _ => false,
                    };
                    if !ok {
                        return Err(want_map());
                    }
                    self.merge_one(item, out)?;
                }
                Ok(())
            }
            NodeKind::Scalar(_) => Err(want_map()),
        }
    }
}

/// A Go string made of arbitrary bytes, as `encoding/json` writes it: every byte
/// that does not start a valid UTF-8 sequence becomes U+FFFD.
pub(crate) fn go_lossy_utf8(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(after.len()).max(1);
                for _ in 0..bad.min(after.len()) {
                    out.push('\u{FFFD}');
                }
                rest = after.get(bad..).unwrap_or_default();
            }
        }
    }
}

/// Go's `%#v` of a decoded YAML value (for go-yaml and sigs.k8s.io/yaml messages).
pub(crate) fn sharp_v(v: &Y) -> String {
    let mut s = String::new();
    write_sharp_v(&mut s, v, true);
    s
}

fn write_sharp_v(s: &mut String, v: &Y, top: bool) {
    match v {
        Y::Nil if top => s.push_str("<nil>"),
        Y::Nil => s.push_str("interface {}(nil)"),
        Y::Bool(b) => {
            let _ = write!(s, "{b}");
        }
        Y::Int(i) => {
            let _ = write!(s, "{i}");
        }
        Y::Uint(u) => {
            let _ = write!(s, "0x{u:x}");
        }
        Y::Float(f) => s.push_str(&format_float_g(*f, false)),
        Y::Str(t) => go_quote(s, t),
        Y::Seq(items) => {
            s.push_str("[]interface {}{");
            for (i, (item, _)) in items.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_sharp_v(s, item, false);
            }
            s.push('}');
        }
        Y::Map(m) => {
            s.push_str("map[interface {}]interface {}{");
            let mut entries: Vec<&YEntry> = m.entries.iter().collect();
            entries.sort_by(|a, b| key_order(&a.key, &b.key));
            for (i, e) in entries.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_sharp_v(s, &e.key, false);
                s.push(':');
                write_sharp_v(s, &e.val, false);
            }
            s.push('}');
        }
    }
}

/// An approximation of `fmtsort` for interface keys: by type, then by value.
fn key_order(a: &Y, b: &Y) -> std::cmp::Ordering {
    let rank = |y: &Y| match y {
        Y::Nil => 0,
        Y::Bool(_) => 1,
        Y::Int(_) => 2,
        Y::Uint(_) => 3,
        Y::Float(_) => 4,
        Y::Str(_) => 5,
        Y::Seq(_) => 6,
        Y::Map(_) => 7,
    };
    match (a, b) {
        (Y::Bool(x), Y::Bool(y)) => x.cmp(y),
        (Y::Int(x), Y::Int(y)) => x.cmp(y),
        (Y::Uint(x), Y::Uint(y)) => x.cmp(y),
        (Y::Float(x), Y::Float(y)) => x.total_cmp(y),
        (Y::Str(x), Y::Str(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Go `strconv.Quote`.
fn go_quote(s: &mut String, t: &str) {
    s.push('"');
    for c in t.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\x07' => s.push_str("\\a"),
            '\x08' => s.push_str("\\b"),
            '\x0c' => s.push_str("\\f"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            '\x0b' => s.push_str("\\v"),
            '\u{FFFD}' => s.push_str("\\ufffd"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(s, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(s, "\\u{:04x}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
}

/// Go `strconv.FormatFloat(f, 'g', -1, 64)` (or `32` with `single`), which is also
/// what `fmt`'s `%v` prints for a `float64`.
pub(crate) fn format_float_g(f: f64, single: bool) -> String {
    gofmt::format_float(f, b'g', -1, if single { 32 } else { 64 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: Y, val: i64) -> YEntry {
        let loc = Loc {
            line: 1,
            col: 1,
            offset: 0,
        };
        YEntry {
            key,
            key_loc: loc,
            val: Y::Int(val),
            val_loc: loc,
        }
    }

    /// Go's map semantics on keys, scanned while small and indexed once large.
    #[test]
    fn equal_keys_replace_values_small_and_large() {
        let mut m = YMap::default();
        for i in 0..(INDEX_FROM as i64 + 10) {
            m.set(entry(Y::Str(format!("k{i}")), i));
            m.set(entry(Y::Int(i), i));
        }
        for (round, i) in [(1, 3i64), (2, 40)] {
            m.set(entry(Y::Str(format!("k{i}")), -round));
            m.set(entry(Y::Uint(i as u64), 100));
            m.set(entry(Y::Float(f64::NAN), 0));
            m.set(entry(Y::Float(-0.0), 7));
            m.set(entry(Y::Float(0.0), 8));
        }
        let n = 2 * (INDEX_FROM + 10) + 2 + 2 + 1;
        assert_eq!(m.entries.len(), n);
        let find = |k: &Y| {
            m.entries
                .iter()
                .filter(|e| same_key(&e.key, k))
                .map(|e| match e.val {
                    Y::Int(v) => v,
                    _ => i64::MIN,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(find(&Y::Str("k3".into())), [-1]);
        assert_eq!(find(&Y::Str("k40".into())), [-2]);
        assert_eq!(find(&Y::Int(3)), [3]);
        assert_eq!(find(&Y::Float(0.0)), [8]);
    }
}
