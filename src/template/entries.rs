//! The entries of a Go map with string keys, kept sorted by key bytes (the order in
//! which `range` and `fmt` visit string-keyed maps) in one vector: a lookup is a
//! binary search that compares the first eight bytes of keys as one integer,
//! iteration walks a slice, and a map built in key order (copies, decoded JSON)
//! appends. The interface is the part of `BTreeMap<String, Value>`'s that the crate
//! uses.

use std::cmp::Ordering;
use std::fmt;

use super::value::Value;

/// A sorted string-keyed map of values.
#[derive(Clone, Default)]
pub struct Entries {
    items: Vec<Slot>,
}

/// One entry of [`Entries`], with the first bytes of its key as an integer.
#[derive(Clone)]
pub struct Slot {
    prefix: u64,
    pair: Pair,
}

type Pair = (String, Value);

/// The first eight bytes of a key, big-endian, zero-padded: comparing prefixes
/// compares keys byte-wise, up to equal prefixes.
#[inline]
fn prefix(key: &[u8]) -> u64 {
    let n = key.len();
    if let Some(head) = key.first_chunk::<8>() {
        return u64::from_be_bytes(*head);
    }
    if n >= 4 {
        // Two overlapping 4-byte reads put every byte in its place.
        let be32 = |b: &[u8]| u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        return (be32(key) << 32) | (be32(&key[n - 4..]) << (8 * (8 - n)));
    }
    let mut p = 0u64;
    for (i, &b) in key.iter().enumerate() {
        p |= u64::from(b) << (56 - 8 * i);
    }
    p
}

/// Byte-wise order of a slot's key and `key` (whose prefix is `p`).
#[inline]
fn cmp_slot(slot: &Slot, p: u64, key: &[u8]) -> Ordering {
    match slot.prefix.cmp(&p) {
        Ordering::Equal => {
            let own = slot.pair.0.as_bytes();
            if own.len() <= 8 && key.len() <= 8 {
                // Equal prefixes hold all the bytes: only the lengths can differ.
                own.len().cmp(&key.len())
            } else {
                own[8.min(own.len())..].cmp(&key[8.min(key.len())..])
            }
        }
        o => o,
    }
}

/// The index of the slot with key `key` (prefix `p`), or where it would go: a
/// binary search that scans once few slots remain (small maps are only scanned).
#[inline]
fn search(items: &[Slot], p: u64, key: &[u8]) -> Result<usize, usize> {
    let (mut lo, mut hi) = (0, items.len());
    while hi - lo > 8 {
        let mid = lo + (hi - lo) / 2;
        match cmp_slot(&items[mid], p, key) {
            Ordering::Less => lo = mid + 1,
            Ordering::Greater => hi = mid,
            Ordering::Equal => return Ok(mid),
        }
    }
    for (i, slot) in items[lo..hi].iter().enumerate() {
        match cmp_slot(slot, p, key) {
            Ordering::Less => {}
            Ordering::Equal => return Ok(lo + i),
            Ordering::Greater => return Err(lo + i),
        }
    }
    Err(hi)
}

impl Slot {
    fn new(pair: Pair) -> Slot {
        Slot {
            prefix: prefix(pair.0.as_bytes()),
            pair,
        }
    }
}

/// Iterator over `(&key, &value)` in key order.
pub type Iter<'a> =
    std::iter::Map<std::slice::Iter<'a, Slot>, fn(&'a Slot) -> (&'a String, &'a Value)>;

/// Iterator over `(&key, &mut value)` in key order.
pub type IterMut<'a> =
    std::iter::Map<std::slice::IterMut<'a, Slot>, fn(&'a mut Slot) -> (&'a String, &'a mut Value)>;

/// Iterator over the entries taken out of the map.
pub type IntoIter = std::iter::Map<std::vec::IntoIter<Slot>, fn(Slot) -> Pair>;

impl Entries {
    /// An empty map.
    pub fn new() -> Entries {
        Entries { items: Vec::new() }
    }

    /// An empty map with room for `n` entries.
    pub fn with_capacity(n: usize) -> Entries {
        Entries {
            items: Vec::with_capacity(n),
        }
    }

    /// The index of `key`, or where it would go.
    #[inline]
    fn find(&self, key: &str) -> Result<usize, usize> {
        let key = key.as_bytes();
        search(&self.items, prefix(key), key)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Value> {
        let key = key.as_bytes();
        let p = prefix(key);
        if self.items.len() <= 8 {
            // Small maps: equality needs no ordering.
            return self
                .items
                .iter()
                .find(|s| {
                    let own = s.pair.0.as_bytes();
                    s.prefix == p
                        && own.len() == key.len()
                        && (key.len() <= 8 || own[8..] == key[8..])
                })
                .map(|s| &s.pair.1);
        }
        search(&self.items, p, key)
            .ok()
            .map(|i| &self.items[i].pair.1)
    }

    /// The value of `key`, mutable.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        match self.find(key) {
            Ok(i) => Some(&mut self.items[i].pair.1),
            Err(_) => None,
        }
    }

    /// Whether `key` has an entry.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaces.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        let slot = Slot::new((key, value));
        let key = slot.pair.0.as_bytes();
        if self
            .items
            .last()
            .is_none_or(|last| cmp_slot(last, slot.prefix, key) == Ordering::Less)
        {
            self.items.push(slot);
            return None;
        }
        match search(&self.items, slot.prefix, key) {
            Ok(i) => Some(std::mem::replace(&mut self.items[i].pair.1, slot.pair.1)),
            Err(i) => {
                self.items.insert(i, slot);
                None
            }
        }
    }

    /// Removes `key`; returns its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        match self.find(key) {
            Ok(i) => Some(self.items.remove(i).pair.1),
            Err(_) => None,
        }
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// Keeps the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut Value) -> bool) {
        self.items.retain_mut(|s| keep(&s.pair.0, &mut s.pair.1));
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_> {
        self.items.iter().map(|s| (&s.pair.0, &s.pair.1))
    }

    /// The entries in key order, values mutable.
    pub fn iter_mut(&mut self) -> IterMut<'_> {
        self.items.iter_mut().map(|s| (&s.pair.0, &mut s.pair.1))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.items.iter().map(|s| &s.pair.0)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.items.iter().map(|s| &s.pair.1)
    }

    /// The values in key order, mutable.
    pub fn values_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = &mut Value> + ExactSizeIterator {
        self.items.iter_mut().map(|s| &mut s.pair.1)
    }

    /// The values in key order, taken out of the map.
    pub fn into_values(self) -> impl DoubleEndedIterator<Item = Value> + ExactSizeIterator {
        self.items.into_iter().map(|s| s.pair.1)
    }

    /// The keys in order, taken out of the map.
    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = String> + ExactSizeIterator {
        self.items.into_iter().map(|s| s.pair.0)
    }
}

impl fmt::Debug for Entries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl FromIterator<(String, Value)> for Entries {
    /// Later entries with an equal key replace earlier ones, as repeated inserts do.
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Entries {
        let order = |a: &Slot, b: &Slot| cmp_slot(a, b.prefix, b.pair.0.as_bytes());
        let mut items: Vec<Slot> = iter.into_iter().map(Slot::new).collect();
        if items
            .windows(2)
            .all(|w| order(&w[0], &w[1]) == Ordering::Less)
        {
            return Entries { items };
        }
        items.sort_by(order);
        let mut out: Vec<Slot> = Vec::with_capacity(items.len());
        for s in items {
            match out.last_mut() {
                Some(last) if last.pair.0 == s.pair.0 => last.pair.1 = s.pair.1,
                _ => out.push(s),
            }
        }
        Entries { items: out }
    }
}

impl Extend<(String, Value)> for Entries {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl IntoIterator for Entries {
    type Item = (String, Value);
    type IntoIter = IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter().map(|s| s.pair)
    }
}

impl<'a> IntoIterator for &'a Entries {
    type Item = (&'a String, &'a Value);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Entries {
    type Item = (&'a String, &'a mut Value);
    type IntoIter = IterMut<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<const N: usize> From<[(String, Value); N]> for Entries {
    fn from(items: [(String, Value); N]) -> Entries {
        items.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(e: &Entries) -> Vec<&str> {
        e.keys().map(String::as_str).collect()
    }

    #[test]
    fn sorted_by_bytes_with_replacing_inserts() {
        let mut e = Entries::new();
        for k in ["b", "a", "B", "ab", "", "a", "é", "b"] {
            e.insert(k.to_string(), Value::from(k));
        }
        assert_eq!(keys(&e), ["", "B", "a", "ab", "b", "é"]);
        assert_eq!(e.get("a").and_then(Value::as_str), Some("a"));
        assert_eq!(
            e.remove("ab").and_then(|v| v.as_str().map(str::to_string)),
            Some("ab".into())
        );
        assert!(!e.contains_key("ab") && e.get("zz").is_none());
        e.retain(|k, _| k != "B");
        assert_eq!(keys(&e), ["", "a", "b", "é"]);
    }

    #[test]
    fn prefixes_order_like_bytes() {
        let keys = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdef",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "b",
            "ba\0",
            "ba",
        ];
        for a in keys {
            for b in keys {
                let (pa, pb) = (prefix(a.as_bytes()), prefix(b.as_bytes()));
                if pa != pb {
                    assert_eq!(pa.cmp(&pb), a.cmp(b), "{a:?} {b:?}");
                }
            }
        }
        assert_eq!(prefix(b"abcdef"), u64::from_be_bytes(*b"abcdef\0\0"));
    }

    #[test]
    fn collected_entries_keep_the_last_duplicate() {
        let e: Entries = [("b", 1), ("a", 2), ("b", 3)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::int(v)))
            .collect();
        assert_eq!(keys(&e), ["a", "b"]);
        assert!(matches!(e.get("b"), Some(Value::Int(3, _))));
        assert_eq!(format!("{e:?}"), "{\"a\": Int(2, Int), \"b\": Int(3, Int)}");
    }
}
