//! One finding, one report. The runs of a chart (its default values, each
//! chart-testing values file, each pipeline command that deploys it) often find the
//! same problem; it is reported once, by the first run that finds it, in that order.
//! A later run keeps only what its values change, so a finding labelled with a values
//! file or a pipeline command is one that those values cause.
//!
//! Two findings are the same when they have the same rule, severity, template
//! location (file, line, column) and object kind, and the same object name and
//! message once the release name of one run is read as the other's: objects are
//! usually named after the release, and a pipeline deploys under its own release name
//! (`rel-data` in the default run is `web-data` in the run of `helm upgrade web`).

use std::collections::HashMap;
use std::path::PathBuf;

use super::ChartReport;
use crate::rules::{Finding, Severity};

/// Where a finding is and what it is about: findings with different places are never
/// the same.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Place {
    chart: PathBuf,
    rule: &'static str,
    severity: Severity,
    file: String,
    line: u32,
    column: u32,
    kind: Option<String>,
}

/// The release-dependent part of a finding, with the release it was found with.
#[derive(Clone, Debug)]
struct Seen {
    release: String,
    name: Option<String>,
    message: String,
}

impl Seen {
    fn of(f: &Finding, release: &str) -> Seen {
        Seen {
            release: release.to_string(),
            name: f.object.as_ref().map(|o| o.name.clone()),
            message: f.message.clone(),
        }
    }

    /// Whether `other` says the same once this one's release is read as `other`'s.
    fn same(&self, other: &Seen) -> bool {
        let as_other = |t: &str| with_release(t, &self.release, &other.release);
        self.name.as_deref().map(as_other) == other.name && as_other(&self.message) == other.message
    }
}

/// Findings already reported, by place.
#[derive(Default)]
struct SeenFindings(HashMap<Place, Vec<Seen>>);

impl SeenFindings {
    /// Records `f` and says whether it is new.
    fn first_time(&mut self, chart: &std::path::Path, f: &Finding, release: &str) -> bool {
        let (file, line, column) = match &f.location {
            Some(p) => (p.at.file.clone(), p.at.line, p.at.column),
            None => (f.template.clone(), 0, 0),
        };
        let place = Place {
            chart: chart.to_path_buf(),
            rule: f.rule,
            severity: f.severity,
            file,
            line,
            column,
            kind: f.object.as_ref().map(|o| o.kind.clone()),
        };
        let seen = Seen::of(f, release);
        let earlier = self.0.entry(place).or_default();
        if earlier.iter().any(|e| e.same(&seen)) {
            return false;
        }
        earlier.push(seen);
        true
    }
}

/// Drops from each report the findings (and suppressed findings) that an earlier
/// report of the same chart has. Reports of different charts are independent.
pub fn dedup_runs(reports: &mut [ChartReport]) {
    let mut findings = SeenFindings::default();
    let mut suppressed = SeenFindings::default();
    for r in reports.iter_mut() {
        let (path, release) = (r.path.clone(), r.release.clone());
        r.findings
            .retain(|f| findings.first_time(&path, f, &release));
        r.suppressed
            .retain(|s| suppressed.first_time(&path, &s.finding, &release));
    }
}

/// `text` with every occurrence of release name `from` that stands alone (not inside
/// a longer name: bounded by characters other than ASCII letters and digits) replaced
/// by `to`.
pub fn with_release(text: &str, from: &str, to: &str) -> String {
    if from.is_empty() || from == to {
        return text.to_string();
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut before = None;
    while let Some(i) = rest.find(from) {
        let prev = rest[..i].chars().last().or(before);
        let after = rest[i + from.len()..].chars().next();
        out.push_str(&rest[..i]);
        out.push_str(if word(prev) || word(after) { from } else { to });
        before = from.chars().last();
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_release_name_is_replaced_only_where_it_stands_alone() {
        assert_eq!(
            with_release("Deployment \"rel-web\"", "rel", "web"),
            "Deployment \"web-web\""
        );
        assert_eq!(with_release("release rel", "rel", "x"), "release x");
        assert_eq!(with_release("relay rel rel", "rel", "x"), "relay x x");
        assert_eq!(with_release("shop-shop", "shop", "x"), "x-x");
        assert_eq!(with_release("shopshop", "shop", "x"), "shopshop");
        assert_eq!(with_release("a", "", "x"), "a");
    }
}
