//! The resolved, format-independent report that every output format renders from.
//!
//! Serialized as is, it *is* the `--format json` document (version [`JSON_VERSION`]),
//! and the data `--format template` renders. Its shape is documented in
//! `docs/json-output.md`; change it only together with that file and the version.
//!
//! Chart findings come from [`Report::from_charts`]. Findings without a chart (pipeline
//! files) fit the same model: leave `chart`, `rendered_location`, `object` and
//! `values_file` empty and build the report with [`Report::new`].

use std::path::Path;

use serde::Serialize;

use super::rule_info::{rule_doc_url, rule_summary};
use crate::lint::{template_file, ChartReport};
use crate::manifest::{Provenance, RenderedRange, TemplatePos};
use crate::rules::{Finding, ObjectRef, Severity};

/// The version of the JSON document; bumped on incompatible changes.
pub const JSON_VERSION: u32 = 1;

/// Every finding of a run and their counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// Findings, in the order they were found (by chart, then by location).
    pub findings: Vec<ReportFinding>,
    /// Counts.
    pub summary: Summary,
}

/// One finding with every location resolved to a file on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportFinding {
    /// Rule id.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// What is wrong and what it means for the deploy.
    pub message: String,
    /// Where the problem was written (for chart findings: the template text or action
    /// that produced it, not the rendered manifest).
    pub location: Location,
    /// The same place in the rendered manifest, for findings about rendered output.
    pub rendered_location: Option<RenderedRange>,
    /// The `include`/`template` calls that led to `location`, innermost first.
    pub via: Vec<Via>,
    /// The Kubernetes object the finding is about.
    pub object: Option<ObjectRef>,
    /// The chart name, for chart findings.
    pub chart: Option<String>,
    /// The values file of the run that found it (chart-testing `ci/*-values.yaml`).
    pub values_file: Option<String>,
    /// Other places the finding is about.
    pub related: Vec<RelatedLocation>,
    /// The rule's one-line summary.
    pub help: Option<String>,
    /// The rule's documentation.
    pub doc_url: Option<String>,
}

/// A range of a file: path relative to the working directory when inside it, 1-based
/// line and column (in characters), end exclusive (equal to the start when only the
/// start is known).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file.
    pub path: String,
    /// Start line.
    pub line: u32,
    /// Start column.
    pub column: u32,
    /// End line.
    pub end_line: u32,
    /// Column just past the last character.
    pub end_column: u32,
}

/// A `template`/`include` call site on the way to a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Via {
    /// The call's action.
    #[serde(flatten)]
    pub location: Location,
    /// The template called there (the name in its `define`).
    pub callee: String,
}

/// Another place a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelatedLocation {
    /// What is there.
    pub message: String,
    /// Where.
    pub location: Location,
    /// The same place in the rendered manifest.
    pub rendered_location: Option<RenderedRange>,
}

/// Counts of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity note.
    pub notes: usize,
    /// Findings left out by suppressions (not in `findings`).
    pub suppressed: usize,
}

impl Report {
    /// A report of `findings`, with `suppressed` findings left out.
    pub fn new(findings: Vec<ReportFinding>, suppressed: usize) -> Report {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let summary = Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes: count(Severity::Note),
            suppressed,
        };
        Report {
            version: JSON_VERSION,
            findings,
            summary,
        }
    }

    /// The report of chart runs, paths shown relative to `cwd` when inside it.
    pub fn from_charts(reports: &[ChartReport], cwd: &Path) -> Report {
        let findings = reports
            .iter()
            .flat_map(|r| r.findings.iter().map(move |f| resolve(r, f, cwd)))
            .collect();
        Report::new(findings, 0)
    }

    /// Whether a finding is at or above `threshold`.
    pub fn has_at_least(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }
}

impl ReportFinding {
    /// The template called by the innermost `include`/`template` call, when the
    /// location is inside a helper.
    pub fn helper(&self) -> Option<&str> {
        self.via.first().map(|c| c.callee.as_str())
    }
}

impl Location {
    /// A location spanning `start` to `end`.
    fn range(path: String, start: &TemplatePos, end: &TemplatePos) -> Location {
        Location {
            path,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

/// `path` relative to `cwd` when inside it.
pub fn shown_path(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

fn resolve(report: &ChartReport, f: &Finding, cwd: &Path) -> ReportFinding {
    let file = |template: &str| {
        let path = if template.is_empty() {
            report.path.clone()
        } else {
            template_file(&report.path, template)
        };
        shown_path(&path, cwd)
    };
    let located = |p: &Provenance| Location::range(file(&p.at.file), &p.at, &p.end);
    let location = match &f.location {
        Some(p) => located(p),
        None => {
            let start = TemplatePos {
                file: f.template.clone(),
                line: 1,
                column: 1,
            };
            Location::range(file(&f.template), &start, &start)
        }
    };
    let via = f
        .location
        .iter()
        .flat_map(|p| &p.via)
        .map(|c| Via {
            location: Location::range(file(&c.at.file), &c.at, &c.end),
            callee: c.callee.clone(),
        })
        .collect();
    ReportFinding {
        rule: f.rule.to_string(),
        severity: f.severity,
        message: f.message.clone(),
        location,
        rendered_location: f.location.as_ref().and_then(|p| p.rendered.clone()),
        via,
        object: f.object.clone(),
        chart: Some(report.chart.clone()).filter(|c| !c.is_empty()),
        values_file: report.values_file.as_deref().map(|v| shown_path(v, cwd)),
        related: f
            .related
            .iter()
            .map(|r| RelatedLocation {
                message: r.message.clone(),
                location: located(&r.location),
                rendered_location: r.location.rendered.clone(),
            })
            .collect(),
        help: rule_summary(f.rule).map(str::to_string),
        doc_url: rule_doc_url(f.rule),
    }
}
