//! One finding, one report. The runs of a chart (its default values, each
//! chart-testing values file, each pipeline command that deploys it) often find the
//! same problem; it is reported once, by the first run that finds it, in that order.
//! A later run keeps only what its values change, so a finding labelled with a values
//! file or a pipeline command is one that those values cause.
//!
//! Two findings are the same when they have the same rule, severity, template
//! location (file, line, column) and object kind, and the same object name and
//! message once the release name of their run is set aside: objects are usually named
//! after the release, and a pipeline deploys under its own release name.

use std::collections::HashSet;

use super::ChartReport;
use crate::rules::{Finding, Severity};

/// What makes two findings the same (see the module docs).
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Key {
    rule: &'static str,
    severity: Severity,
    file: String,
    line: u32,
    column: u32,
    kind: Option<String>,
    name: Option<String>,
    message: String,
}

impl Key {
    fn of(f: &Finding, release: &str) -> Key {
        let (file, line, column) = match &f.location {
            Some(p) => (p.at.file.clone(), p.at.line, p.at.column),
            None => (f.template.clone(), 0, 0),
        };
        Key {
            rule: f.rule,
            severity: f.severity,
            file,
            line,
            column,
            kind: f.object.as_ref().map(|o| o.kind.clone()),
            name: f.object.as_ref().map(|o| without_release(&o.name, release)),
            message: without_release(&f.message, release),
        }
    }
}

/// Drops from each report the findings (and suppressed findings) that an earlier
/// report of the same chart has. Reports of different charts are independent.
pub fn dedup_runs(reports: &mut [ChartReport]) {
    let mut seen: HashSet<(std::path::PathBuf, Key)> = HashSet::new();
    let mut seen_suppressed = seen.clone();
    for r in reports.iter_mut() {
        let release = r.release.clone();
        let path = r.path.clone();
        r.findings
            .retain(|f| seen.insert((path.clone(), Key::of(f, &release))));
        r.suppressed
            .retain(|s| seen_suppressed.insert((path.clone(), Key::of(&s.finding, &release))));
    }
}

/// `text` with every occurrence of `release` that stands alone (not inside a longer
/// name: bounded by characters other than letters and digits) replaced by a marker.
pub fn without_release(text: &str, release: &str) -> String {
    if release.is_empty() {
        return text.to_string();
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(release) {
        let before = rest[..i].chars().last().or_else(|| out.chars().last());
        let after = rest[i + release.len()..].chars().next();
        out.push_str(&rest[..i]);
        if word(before) || word(after) {
            out.push_str(release);
        } else {
            out.push('\u{1}');
        }
        rest = &rest[i + release.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_name_is_set_aside_only_where_it_stands_alone() {
        assert_eq!(
            without_release("Deployment \"rel-web\"", "rel"),
            "Deployment \"\u{1}-web\""
        );
        assert_eq!(without_release("release rel", "rel"), "release \u{1}");
        assert_eq!(without_release("relay rel rel", "rel"), "relay \u{1} \u{1}");
        assert_eq!(without_release("shop-shop", "shop"), "\u{1}-\u{1}");
        assert_eq!(without_release("shopshop", "shop"), "shopshop");
        assert_eq!(without_release("x", ""), "x");
    }
}
