//! Reading the configuration's YAML nodes strictly: every key known, every value of the
//! expected shape, and every problem an error at the node's line and column.

use crate::yaml::{Node, NodeKind};

use super::{ConfigError, Located};

/// Collects the errors of one configuration file.
pub(super) struct Errors {
    /// The file as shown in messages.
    pub file: String,
    /// The errors, in the order found.
    pub list: Vec<ConfigError>,
}

impl Errors {
    /// Records an error at `node`.
    pub fn at(&mut self, node: &Node, message: impl Into<String>) {
        self.at_pos(node.line, node.col, message);
    }

    /// Records an error at a line and column.
    pub fn at_pos(&mut self, line: u32, column: u32, message: impl Into<String>) {
        self.list.push(ConfigError {
            file: self.file.clone(),
            line,
            column,
            message: message.into(),
        });
    }
}

/// What the value of a node is, for messages (`a mapping`, `"text"`).
fn shape(node: &Node) -> String {
    match &node.kind {
        NodeKind::Scalar(s) => format!("{s:?}"),
        NodeKind::Mapping(_) => "a mapping".into(),
        NodeKind::Sequence(_) => "a list".into(),
        NodeKind::Alias(a) => format!("the alias *{}", a.name),
    }
}

/// The entries of a mapping whose keys are all in `known`, looked up by key. Unknown and
/// repeated keys are errors (`what` names the mapping in messages: `rules`, `charts[0]`).
pub(super) struct Fields<'n> {
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// Reads the mapping `node`; `None` (and an error) when it is not a mapping.
    pub fn read(node: &'n Node, what: &str, known: &[&str], errs: &mut Errors) -> Option<Self> {
        let entries = mapping(node, what, errs)?;
        let mut out = Fields {
            entries: Vec::new(),
        };
        for (key, value) in entries {
            if !known.contains(&key.0) {
                let hint = crate::rules::registry::closest(key.0, known.iter().copied())
                    .map(|c| format!("; did you mean {c:?}?"))
                    .unwrap_or_default();
                errs.at(
                    key.1,
                    format!(
                        "unknown key {:?} in {what} (expected one of: {}){hint}",
                        key.0,
                        known.join(", ")
                    ),
                );
            } else {
                out.entries.push((key.0, key.1, value));
            }
        }
        Some(out)
    }

    /// The value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
    }
}

/// The entries of a mapping as `((key text, key node), value)`, with repeated keys and
/// non-scalar keys reported; `None` (and an error) when `node` is not a mapping. An
/// empty plain scalar (`key:` with nothing after it) is an empty mapping.
pub(super) fn mapping<'n>(
    node: &'n Node,
    what: &str,
    errs: &mut Errors,
) -> Option<Vec<((&'n str, &'n Node), &'n Node)>> {
    if is_empty(node) {
        return Some(Vec::new());
    }
    let Some(entries) = node.as_mapping() else {
        errs.at(
            node,
            format!("{what}: expected a mapping, found {}", shape(node)),
        );
        return None;
    };
    let mut out: Vec<((&str, &Node), &Node)> = Vec::new();
    for (k, v) in entries {
        let Some(key) = k.as_scalar() else {
            errs.at(k, format!("{what}: keys must be plain text"));
            continue;
        };
        if let Some(((_, first), _)) = out.iter().find(|((seen, _), _)| *seen == key) {
            errs.at(
                k,
                format!(
                    "{what}: key {key:?} is given twice (first at line {})",
                    first.line
                ),
            );
            continue;
        }
        out.push(((key, k), v));
    }
    Some(out)
}

/// The items of a list; `None` (and an error) when `node` is not a list. An empty plain
/// scalar is an empty list.
pub(super) fn list<'n>(node: &'n Node, what: &str, errs: &mut Errors) -> Option<&'n [Node]> {
    if is_empty(node) {
        return Some(&[]);
    }
    match node.as_sequence() {
        Some(items) => Some(items),
        None => {
            errs.at(
                node,
                format!("{what}: expected a list, found {}", shape(node)),
            );
            None
        }
    }
}

/// A non-empty text value with its position; `None` (and an error) otherwise.
pub(super) fn text(node: &Node, what: &str, errs: &mut Errors) -> Option<Located<String>> {
    match node.as_scalar() {
        Some(s) if !s.is_empty() => Some(located(node, s.to_string())),
        _ => {
            errs.at(
                node,
                format!("{what}: expected text, found {}", shape(node)),
            );
            None
        }
    }
}

/// A list of texts (a single text is a list of one).
pub(super) fn texts(node: &Node, what: &str, errs: &mut Errors) -> Vec<Located<String>> {
    if node.as_scalar().is_some() && !is_empty(node) {
        return text(node, what, errs).into_iter().collect();
    }
    list(node, what, errs)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter_map(|(i, item)| text(item, &format!("{what}[{i}]"), errs))
        .collect()
}

/// A whole number of at least `min`, written plainly; `None` (and an error) otherwise.
pub(super) fn number(node: &Node, what: &str, min: u64, errs: &mut Errors) -> Option<Located<u64>> {
    let parsed = node
        .as_scalar()
        .filter(|_| node.style == crate::yaml::Style::Plain)
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|n| *n >= min);
    if parsed.is_none() {
        errs.at(
            node,
            format!(
                "{what}: expected a whole number of at least {min}, found {}",
                shape(node)
            ),
        );
    }
    parsed.map(|n| located(node, n))
}

/// `value` at the position of `node`.
pub(super) fn located<T>(node: &Node, value: T) -> Located<T> {
    Located {
        value,
        line: node.line,
        column: node.col,
    }
}

/// Whether `node` is an empty plain scalar or `null`/`~` (a key with nothing after it).
fn is_empty(node: &Node) -> bool {
    node.style == crate::yaml::Style::Plain
        && node.tag.is_none()
        && matches!(node.as_scalar(), Some("" | "~" | "null" | "Null" | "NULL"))
}
