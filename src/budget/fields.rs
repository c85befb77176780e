//! Reading the numeric fields the model needs from rendered YAML, as the API server
//! reads them, and remembering every value it would reject instead of dropping it.

use crate::yaml::resolve::{resolve, Resolved};
use crate::yaml::Node;

/// The largest value of the API's `int32` fields.
const INT32_MAX: i64 = i32::MAX as i64;

/// A value the API server would reject, at the node that holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// Byte offset of the value in its document.
    pub offset: usize,
    /// What is wrong and which value the model used instead.
    pub message: String,
}

/// An `IntOrString` field that holds a count or a percentage (`maxSurge: 25%`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    /// An absolute count.
    Int(u64),
    /// A percentage of a total.
    Percent(u64),
}

impl IntOrPercent {
    /// Kubernetes' `intstr.GetScaledValueFromIntOrPercent`: a count stays as it is; a
    /// percentage of `total` is rounded up or down, as the field's controller asks.
    pub fn scaled(self, total: u64, round_up: bool) -> u64 {
        match self {
            IntOrPercent::Int(n) => n,
            IntOrPercent::Percent(p) if round_up => p.saturating_mul(total).div_ceil(100),
            IntOrPercent::Percent(p) => p.saturating_mul(total) / 100,
        }
    }

    /// `25% of 10 = 3 (rounded up)`, or `2`.
    pub fn describe(self, total: u64, round_up: bool) -> String {
        match self {
            IntOrPercent::Int(n) => n.to_string(),
            IntOrPercent::Percent(p) => format!(
                "{p}% of {total} = {} (rounded {})",
                self.scaled(total, round_up),
                if round_up { "up" } else { "down" }
            ),
        }
    }
}

/// Reads fields of one object and collects the problems found on the way.
#[derive(Debug, Default)]
pub struct Fields {
    /// Values the API server would reject; the model used the default instead.
    pub problems: Vec<FieldProblem>,
}

impl Fields {
    /// A non-negative integer field `key` of `map`: `None` when the field (or the map)
    /// is absent or null, so the caller's Kubernetes default applies. A value that is not
    /// a non-negative integer (a quoted `"3"`, `abc`, `-1`) is recorded as a problem and
    /// also gives `None`.
    pub fn int(&mut self, map: Option<&Node>, key: &str) -> Option<u64> {
        let node = map?.get(key)?;
        let text = node.as_scalar();
        match text.map(|t| resolve(node.tag.as_deref(), t, node.style)) {
            Some(Ok(Resolved::Null)) => None,
            Some(Ok(Resolved::Int(i))) if (0..=INT32_MAX).contains(&i) => Some(i as u64),
            // An integral float (`3.0`) converts to JSON `3`, which an int field accepts.
            Some(Ok(Resolved::Float(f)))
                if f >= 0.0 && f.fract() == 0.0 && f <= INT32_MAX as f64 =>
            {
                Some(f as u64)
            }
            _ => {
                self.reject(node, key, "a non-negative 32-bit integer");
                None
            }
        }
    }

    /// An `IntOrString` field `key` of `map` that must be a count or a percentage
    /// (`"25%"`): `None` when absent or null. A string that is not `N%` (such as a quoted
    /// `"1"`, which the API server treats as a string, not a number) is a problem.
    pub fn int_or_percent(&mut self, map: Option<&Node>, key: &str) -> Option<IntOrPercent> {
        let node = map?.get(key)?;
        let text = node.as_scalar()?;
        match resolve(node.tag.as_deref(), text, node.style) {
            Ok(Resolved::Null) => return None,
            Ok(Resolved::Int(i)) if (0..=INT32_MAX).contains(&i) => {
                return Some(IntOrPercent::Int(i as u64))
            }
            Ok(Resolved::Str) => {
                let percent = text.strip_suffix('%').and_then(|d| d.parse::<u64>().ok());
                if let Some(p) = percent.filter(|&p| p <= INT32_MAX as u64) {
                    return Some(IntOrPercent::Percent(p));
                }
            }
            _ => {}
        }
        self.reject(
            node,
            key,
            "a non-negative integer or a percentage such as \"25%\"",
        );
        None
    }

    /// An enum field `key` of `map` (`strategy.type`): `default` when absent; a value not
    /// in `allowed` is a problem and also gives `default`.
    pub fn choice<'n>(
        &mut self,
        map: Option<&'n Node>,
        key: &str,
        allowed: &[&'n str],
        default: &'n str,
    ) -> &'n str {
        let Some(node) = map.and_then(|m| m.get(key)) else {
            return default;
        };
        match node.as_scalar() {
            Some("") => default,
            Some(v) if allowed.contains(&v) => v,
            _ => {
                let want = format!("one of {}", allowed.join(", "));
                self.reject(node, key, &want);
                default
            }
        }
    }

    fn reject(&mut self, node: &Node, key: &str, want: &str) {
        let shown = node
            .as_scalar()
            .map_or_else(|| "a collection".to_string(), |s| format!("{s:?}"));
        self.problems.push(FieldProblem {
            offset: node.span.start,
            message: format!(
                "{key}: {shown} is not {want}: the API server rejects the object; \
                 the Kubernetes default was assumed"
            ),
        });
    }
}

/// `1 pod`, `3 pods`: a count with its noun.
pub fn count(n: u64, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `ceil(a / b)`, with `b` of 0 read as 1.
pub fn waves_of(a: u64, b: u64) -> u64 {
    a.div_ceil(b.max(1))
}
