//! Reading CI YAML with spans: aliases resolved to their anchored nodes, merge keys
//! (`<<: *base`) applied on lookup, truthy values as the CI systems read them.

use std::collections::HashMap;

use crate::yaml::{Node, NodeKind};

/// The anchored nodes of a document, by anchor id, for resolving aliases.
#[derive(Default)]
pub struct Anchors<'a> {
    by_id: HashMap<usize, &'a Node>,
}

impl<'a> Anchors<'a> {
    /// Collects every anchor under `root`.
    pub fn of(root: &'a Node) -> Anchors<'a> {
        let mut a = Anchors::default();
        a.collect(root);
        a
    }

    fn collect(&mut self, n: &'a Node) {
        if let Some(anchor) = &n.anchor {
            self.by_id.insert(anchor.id, n);
        }
        match &n.kind {
            NodeKind::Mapping(entries) => {
                for (k, v) in entries {
                    self.collect(k);
                    self.collect(v);
                }
            }
            NodeKind::Sequence(items) => items.iter().for_each(|i| self.collect(i)),
            _ => {}
        }
    }

    /// The node itself, or the anchored node an alias refers to.
    pub fn resolve(&self, n: &'a Node) -> &'a Node {
        let mut cur = n;
        for _ in 0..16 {
            match &cur.kind {
                NodeKind::Alias(a) => match a.target.and_then(|id| self.by_id.get(&id)) {
                    Some(t) => cur = t,
                    None => return cur,
                },
                _ => return cur,
            }
        }
        cur
    }

    /// The value of `key` in a mapping (resolved), looking through merge keys
    /// (`<<: *a` or `<<: [*a, *b]`); explicit keys win over merged ones.
    pub fn get(&self, map: &'a Node, key: &str) -> Option<&'a Node> {
        self.get_depth(map, key, 0)
    }

    fn get_depth(&self, map: &'a Node, key: &str, depth: u32) -> Option<&'a Node> {
        let map = self.resolve(map);
        let entries = map.as_mapping()?;
        if let Some((_, v)) = entries
            .iter()
            .rev()
            .find(|(k, _)| k.as_scalar() == Some(key))
        {
            return Some(self.resolve(v));
        }
        if depth > 8 {
            return None;
        }
        for (k, v) in entries.iter().rev() {
            if k.as_scalar() != Some("<<") {
                continue;
            }
            let v = self.resolve(v);
            let sources: Vec<&Node> = match v.as_sequence() {
                Some(items) => items.iter().collect(),
                None => vec![v],
            };
            for s in sources {
                if let Some(found) = self.get_depth(s, key, depth + 1) {
                    return Some(found);
                }
            }
        }
        None
    }

    /// The entries of a mapping (resolved), merge keys expanded (explicit keys
    /// first, then merged ones not already present).
    pub fn entries(&self, map: &'a Node) -> Vec<(&'a Node, &'a Node)> {
        let map = self.resolve(map);
        let Some(entries) = map.as_mapping() else {
            return Vec::new();
        };
        let mut out: Vec<(&Node, &Node)> = entries
            .iter()
            .filter(|(k, _)| k.as_scalar() != Some("<<"))
            .map(|(k, v)| (k, self.resolve(v)))
            .collect();
        for (k, v) in entries {
            if k.as_scalar() != Some("<<") {
                continue;
            }
            let v = self.resolve(v);
            let sources: Vec<&Node> = match v.as_sequence() {
                Some(items) => items.iter().collect(),
                None => vec![v],
            };
            for s in sources {
                for (mk, mv) in self.entries(s) {
                    if !out.iter().any(|(ok, _)| ok.as_scalar() == mk.as_scalar()) {
                        out.push((mk, mv));
                    }
                }
            }
        }
        out
    }

    /// The items of a sequence (resolved), nested sequences flattened (GitLab
    /// flattens `script: [*a, cmd]`).
    pub fn items(&self, seq: &'a Node) -> Vec<&'a Node> {
        let seq = self.resolve(seq);
        let mut out = Vec::new();
        if let Some(items) = seq.as_sequence() {
            for i in items {
                let i = self.resolve(i);
                if i.as_sequence().is_some() && i.tag.is_none() {
                    out.extend(self.items(i));
                } else {
                    out.push(i);
                }
            }
        }
        out
    }
}

/// A scalar's text, if the node is a scalar.
pub fn scalar(n: &Node) -> Option<&str> {
    n.as_scalar()
}

/// Whether a scalar is YAML-true (`true`, `True`, `TRUE`, `yes`, `on`).
pub fn is_true(n: &Node) -> bool {
    matches!(
        n.as_scalar(),
        Some("true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON")
    )
}

/// Whether a scalar is YAML-false.
pub fn is_false(n: &Node) -> bool {
    matches!(
        n.as_scalar(),
        Some("false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_documents;

    #[test]
    fn aliases_and_merge_keys_resolve() {
        let src = ".base: &b\n  script: [helm a]\n  timeout: 1h\njob:\n  <<: *b\n  timeout: 2h\n  list: [*b]\n";
        let docs = parse_documents(src).unwrap();
        let root = docs[0].root.as_ref().unwrap();
        let a = Anchors::of(root);
        let job = a.get(root, "job").unwrap();
        assert_eq!(a.get(job, "timeout").unwrap().as_scalar(), Some("2h"));
        assert!(a.get(job, "script").unwrap().as_sequence().is_some());
        let keys: Vec<_> = a
            .entries(job)
            .iter()
            .map(|(k, _)| k.as_scalar().unwrap())
            .collect();
        assert_eq!(keys, ["timeout", "list", "script"]);
        assert_eq!(a.items(a.get(job, "list").unwrap()).len(), 1);
    }
}
