//! One finding, one report. The runs of a chart (its default values, each
//! chart-testing values file, each pipeline command that deploys it) often find the
//! same problem; it is reported once, by the first run that finds it, in that order.
//! A later run keeps only what its values change, so a finding labelled with a values
//! file or a pipeline command is one that those values cause.
//!
//! Two findings are the same when they have the same rule, severity, template
//! location (file, line, column) and object kind (their *place*), and either
//! - both runs have the same number of findings at that place and these come at the
//!   same position in them: the same template line of the same kind of object,
//!   whatever the release called it (a fullname helper makes `rel-web` of the default
//!   run plain `web` under `helm upgrade web`; a `range` renders its items in the same
//!   order), or
//! - the same object name and message once the release name of one run is read as the
//!   other's: when values add or drop objects of one template, names tell them apart
//!   (`rel-data` in the default run is `web-data` in the run of `helm upgrade web`).

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

impl Place {
    fn of(chart: &std::path::Path, f: &Finding) -> Place {
        let (file, line, column) = match &f.location {
            Some(p) => (p.at.file.clone(), p.at.line, p.at.column),
            None => (f.template.clone(), 0, 0),
        };
        Place {
            chart: chart.to_path_buf(),
            rule: f.rule,
            severity: f.severity,
            file,
            line,
            column,
            kind: f.object.as_ref().map(|o| o.kind.clone()),
        }
    }
}

/// What a finding says, with the release taken out, and where it came in its run.
#[derive(Clone, Debug)]
struct Seen {
    name: Option<String>,
    message: String,
    /// Its position among the findings at its place in its run.
    index: usize,
    /// How many findings its run has at its place.
    count: usize,
}

impl Seen {
    fn of(f: &Finding, run: &Run<'_>, index: usize, count: usize) -> Seen {
        Seen {
            name: f.object.as_ref().map(|o| run.without_release(&o.name)),
            message: run.without_release(&f.message),
            index,
            count,
        }
    }

    /// Whether `other` (at the same place) is this finding again.
    fn same(&self, other: &Seen) -> bool {
        (self.index, self.count) == (other.index, other.count)
            || (self.name == other.name && self.message == other.message)
    }
}

/// The release and chart names of a run.
struct Run<'a> {
    release: &'a str,
    chart: &'a str,
}

impl Run<'_> {
    /// `text` with the release name and the chart name, where they stand alone, read
    /// as one placeholder, and a placeholder joined to another by `-` read as one: the
    /// common fullname helper gives `rel-web-mail` for release `rel` of chart `web`
    /// and `web-mail` for release `web`, and both read `\0-mail`.
    fn without_release(&self, text: &str) -> String {
        const MARK: &str = "\u{0}";
        let mut out = replace_word(text, self.release, MARK);
        if self.chart != self.release {
            out = replace_word(&out, self.chart, MARK);
        }
        let joined = format!("{MARK}-{MARK}");
        while out.contains(&joined) {
            out = out.replace(&joined, MARK);
        }
        out
    }
}

/// Findings already reported, by place.
#[derive(Default)]
struct SeenFindings(HashMap<Place, Vec<Seen>>);

impl SeenFindings {
    /// Keeps the findings of one run that no earlier run reported, and records them.
    fn keep_new<T>(
        &mut self,
        chart: &std::path::Path,
        run: &Run<'_>,
        items: &mut Vec<T>,
        finding: impl Fn(&T) -> &Finding,
    ) {
        let places: Vec<Place> = items.iter().map(|t| Place::of(chart, finding(t))).collect();
        let mut per_place: HashMap<&Place, usize> = HashMap::new();
        for p in &places {
            *per_place.entry(p).or_default() += 1;
        }
        let mut next: HashMap<&Place, usize> = HashMap::new();
        let mut fresh = Vec::with_capacity(items.len());
        for (t, place) in items.drain(..).zip(&places) {
            let index = next.entry(place).or_default();
            let seen = Seen::of(finding(&t), run, *index, per_place[place]);
            *index += 1;
            let earlier = self.0.entry(place.clone()).or_default();
            if !earlier.iter().any(|e| e.same(&seen)) {
                earlier.push(seen);
                fresh.push(t);
            }
        }
        *items = fresh;
    }
}

/// Drops from each report the findings (and suppressed findings) that an earlier
/// report of the same chart has. Reports of different charts are independent.
pub fn dedup_runs(reports: &mut [ChartReport]) {
    let mut findings = SeenFindings::default();
    let mut suppressed = SeenFindings::default();
    for r in reports.iter_mut() {
        let run = Run {
            release: &r.release,
            chart: &r.chart,
        };
        findings.keep_new(&r.path, &run, &mut r.findings, |f| f);
        suppressed.keep_new(&r.path, &run, &mut r.suppressed, |s| &s.finding);
    }
}

/// `text` with every occurrence of name `from` that stands alone (not inside a longer
/// name: bounded by characters other than ASCII letters and digits) replaced by `to`.
fn replace_word(text: &str, from: &str, to: &str) -> String {
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
    fn a_name_is_replaced_only_where_it_stands_alone() {
        assert_eq!(
            replace_word("Deployment \"rel-web\"", "rel", "web"),
            "Deployment \"web-web\""
        );
        assert_eq!(replace_word("release rel", "rel", "x"), "release x");
        assert_eq!(replace_word("relay rel rel", "rel", "x"), "relay x x");
        assert_eq!(replace_word("shop-shop", "shop", "x"), "x-x");
        assert_eq!(replace_word("shopshop", "shop", "x"), "shopshop");
        assert_eq!(replace_word("a", "", "x"), "a");
    }

    #[test]
    fn names_from_a_fullname_helper_read_the_same_for_every_release() {
        let run = |release| Run {
            release,
            chart: "web",
        };
        let (default, same_as_chart, longer, other) =
            (run("rel"), run("web"), run("web-prod"), run("shop"));
        let want = "\u{0}-mail";
        assert_eq!(default.without_release("rel-web-mail"), want);
        assert_eq!(same_as_chart.without_release("web-mail"), want);
        assert_eq!(longer.without_release("web-prod-mail"), want);
        assert_eq!(other.without_release("shop-web-mail"), want);
        assert_eq!(default.without_release("relay-mail"), "relay-mail");
        assert_eq!(
            default.without_release("container \"web\" of \"rel-web\""),
            "container \"\u{0}\" of \"\u{0}\""
        );
    }
}
