//! The resolved, format-independent report that every output format renders from.
//!
//! Serialized as is, it *is* the `--format json` document (version [`JSON_VERSION`]),
//! and the data `--format template` renders. Its shape is documented in
//! `docs/json-output.md`; change it only together with that file and the version.
//!
//! [`Report::from_runs`] resolves chart findings and pipeline findings (which have no
//! chart: `chart`, `rendered_location`, `object`, `values_file` and `deployed_by` stay
//! empty). Other
//! sources can build [`ReportFinding`]s the same way and use [`Report::new`].

use std::path::Path;

use serde::Serialize;

use super::rule_info::{rule_doc_url, rule_summary};
use crate::lint::{finding_file, template_file, ChartReport};
use crate::manifest::values_origin::ValuesFile;
use crate::manifest::{Provenance, RenderedRange, TemplatePos};
use crate::pipeline::PipelineReport;
use crate::rules::{Finding, ObjectRef, Severity};
use crate::suppress::{Suppressed, SuppressionSource};

/// The version of the JSON document; bumped on incompatible changes.
pub const JSON_VERSION: u32 = 1;

/// Every finding of a run and their counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// Findings, in the order they were found (by chart, then by location).
    pub findings: Vec<ReportFinding>,
    /// Findings accepted by a suppression: not in `findings`, never failing the run.
    pub suppressed: Vec<SuppressedFinding>,
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
    /// The pipeline command whose values the run that found it used.
    pub deployed_by: Option<DeployedBy>,
    /// The values entry that supplied the located text, when an action printed it from
    /// values (`toYaml .Values.sidecars`): change the value there.
    pub values_location: Option<ValuesLocation>,
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

/// The pipeline command a chart finding's run took its values, release name and
/// namespace from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeployedBy {
    /// The pipeline file, as [`Location::path`].
    pub path: String,
    /// 1-based line of the command.
    pub line: u32,
    /// 1-based column of the command, in characters.
    pub column: u32,
    /// The command's values flags as written (`-f values-prod.yaml`), with a note on
    /// files left out; empty when it has none.
    pub label: String,
}

impl DeployedBy {
    /// `path:line:col with LABEL` (or only the place when there is no label).
    pub fn text(&self) -> String {
        let mut s = format!("{}:{}:{}", self.path, self.line, self.column);
        if !self.label.is_empty() {
            s.push_str(" with ");
            s.push_str(&self.label);
        }
        s
    }
}

/// A values entry (a key, or an item of a list) in a values file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValuesLocation {
    /// The values file, as [`Location::path`].
    pub path: String,
    /// 1-based line of the key or item.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// The value's path, as `sidecars[0].name`.
    pub key: String,
}

impl ValuesLocation {
    /// The entry as a [`Location`]: its key (an item of a list: its first character).
    pub fn location(&self) -> Location {
        let key = self.key.rsplit('.').next().unwrap_or_default();
        let width = if key.ends_with(']') {
            0
        } else {
            key.chars().count() as u32
        };
        Location {
            path: self.path.clone(),
            line: self.line,
            column: self.column,
            end_line: self.line,
            end_column: self.column + width,
        }
    }

    /// `value sidecars[0].name, set at values.yaml:3:5`.
    pub fn describe(&self) -> String {
        format!(
            "value {}, set at {}:{}:{}",
            self.key, self.path, self.line, self.column
        )
    }
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

/// A finding accepted by a suppression, with why and by what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SuppressedFinding {
    /// The finding as it would have been reported.
    #[serde(flatten)]
    pub finding: ReportFinding,
    /// The suppression.
    pub suppressed: Suppression,
}

/// What accepted a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// `annotation`, `comment` or `exemption`.
    pub by: &'static str,
    /// The reason given (empty when none was).
    pub reason: String,
    /// Where the annotation's value, the comment or the exemption entry is written
    /// (`null` when unknown).
    pub at: Option<Position>,
}

/// A point in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    /// The file, as [`Location::path`].
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
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
    /// Suppressed findings (the `suppressed` list).
    pub suppressed: usize,
}

impl Report {
    /// A report of `findings` and `suppressed` findings, counted.
    pub fn new(findings: Vec<ReportFinding>, suppressed: Vec<SuppressedFinding>) -> Report {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let summary = Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes: count(Severity::Note),
            suppressed: suppressed.len(),
        };
        Report {
            version: JSON_VERSION,
            findings,
            suppressed,
            summary,
        }
    }

    /// The report of chart runs, then pipeline files, paths shown relative to `cwd`
    /// when inside it.
    pub fn from_runs(reports: &[ChartReport], pipelines: &[PipelineReport], cwd: &Path) -> Report {
        let findings = reports
            .iter()
            .flat_map(|r| r.findings.iter().map(move |f| resolve(r, f, cwd)))
            .chain(
                pipelines
                    .iter()
                    .flat_map(|p| p.findings.iter().map(|f| resolve_pipeline(f, cwd))),
            )
            .collect();
        let suppressed = reports
            .iter()
            .flat_map(|r| {
                r.suppressed
                    .iter()
                    .map(move |s| resolve_suppressed(r, s, cwd))
            })
            .collect();
        Report::new(findings, suppressed)
    }

    /// Whether a finding is at or above `threshold`.
    pub fn has_at_least(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }
}

impl ReportFinding {
    /// A finding of `rule` at `location` with the rule's summary and doc link, and no
    /// chart, object, include chain or related locations (yet).
    pub fn new(rule: &str, severity: Severity, message: String, location: Location) -> Self {
        ReportFinding {
            rule: rule.to_string(),
            severity,
            message,
            location,
            rendered_location: None,
            via: Vec::new(),
            object: None,
            chart: None,
            values_file: None,
            deployed_by: None,
            values_location: None,
            related: Vec::new(),
            help: rule_summary(rule).map(str::to_string),
            doc_url: rule_doc_url(rule),
        }
    }

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

/// `path` relative to `cwd` when inside it, without a leading `./`.
pub fn shown_path(path: &Path, cwd: &Path) -> String {
    let rel = path.strip_prefix(cwd).unwrap_or(path);
    rel.strip_prefix(".")
        .ok()
        .filter(|r| !r.as_os_str().is_empty())
        .unwrap_or(rel)
        .to_string_lossy()
        .into_owned()
}

fn resolve(report: &ChartReport, f: &Finding, cwd: &Path) -> ReportFinding {
    let file = |template: &str| shown_path(&template_file(&report.path, template), cwd);
    let located = |p: &Provenance| Location::range(file(&p.at.file), &p.at, &p.end);
    let location = match &f.location {
        Some(p) => located(p),
        None => {
            let start = TemplatePos {
                file: f.template.clone(),
                line: 1,
                column: 1,
            };
            let path = shown_path(&finding_file(&report.path, f), cwd);
            Location::range(path, &start, &start)
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
        rendered_location: f.location.as_ref().and_then(|p| p.rendered.clone()),
        via,
        object: f.object.clone(),
        chart: Some(report.chart.clone()).filter(|c| !c.is_empty()),
        values_file: report.values_file.as_deref().map(|v| shown_path(v, cwd)),
        deployed_by: report.deployed_by.as_ref().map(|d| DeployedBy {
            path: shown_path(&d.path, cwd),
            line: d.line,
            column: d.column,
            label: d.label.clone(),
        }),
        values_location: f
            .location
            .as_ref()
            .and_then(|p| p.values.as_ref())
            .map(|v| ValuesLocation {
                path: match &v.file {
                    ValuesFile::User(path) => shown_path(path, cwd),
                    ValuesFile::Chart(chart_path) => file(chart_path),
                },
                line: v.line,
                column: v.column,
                key: v.path.clone(),
            }),
        related: f
            .related
            .iter()
            .map(|r| RelatedLocation {
                message: r.message.clone(),
                location: located(&r.location),
                rendered_location: r.location.rendered.clone(),
            })
            .collect(),
        ..ReportFinding::new(f.rule, f.severity, f.message.clone(), location)
    }
}

fn resolve_suppressed(report: &ChartReport, s: &Suppressed, cwd: &Path) -> SuppressedFinding {
    let at = match &s.source {
        SuppressionSource::Annotation { at: Some(at) } | SuppressionSource::Comment { at } => {
            Some(Position {
                path: shown_path(&template_file(&report.path, &at.file), cwd),
                line: at.line,
                column: at.column,
            })
        }
        SuppressionSource::Annotation { at: None } => None,
        SuppressionSource::Exemption { file, line, column } => Some(Position {
            path: shown_path(file, cwd),
            line: *line,
            column: *column,
        }),
    };
    SuppressedFinding {
        finding: resolve(report, &s.finding, cwd),
        suppressed: Suppression {
            by: s.source.kind(),
            reason: s.reason.clone(),
            at,
        },
    }
}

/// A pipeline finding, already located in its file.
fn resolve_pipeline(f: &crate::pipeline::Finding, cwd: &Path) -> ReportFinding {
    let located = |l: &crate::pipeline::Location| Location {
        path: shown_path(&l.path, cwd),
        line: l.line,
        column: l.column,
        end_line: l.end_line,
        end_column: l.end_column,
    };
    ReportFinding {
        related: f
            .related
            .iter()
            .map(|r| RelatedLocation {
                message: r.message.clone(),
                location: located(&r.location),
                rendered_location: None,
            })
            .collect(),
        ..ReportFinding::new(f.rule, f.severity, f.message.clone(), located(&f.location))
    }
}
