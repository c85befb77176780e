//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//! Always one run with the rules that have results and a `results` array (empty when
//! clean: GitHub's uploader rejects a run without one). Suppressed findings are results
//! with `suppressions` (in source for annotations and comments, external for exemptions),
//! which code scanning shows as dismissed. The types are the subset of
//! the SARIF schema we write; a test reads the output back with the `serde-sarif` crate.

use serde::Serialize;

use super::model::{Location, Position, ReportFinding, Suppression};
use super::Report;
use crate::manifest::RenderedRange;
use crate::rules::Severity;

/// Project home, the tool's `informationUri`.
const HOME: &str = "https://github.com/helm-preflight/helm-preflight";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<&'a str>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [ResultLocation<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
struct SarifSuppression<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    justification: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<SuppressionLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SuppressionLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    name: &'a str,
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    message: Text,
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// A region; the end is left out when only the start is known.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

/// helm-preflight's extra result data (a SARIF property bag).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Properties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    chart: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    values_file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deployed_by: Option<&'a super::model::DeployedBy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rendered_location: Option<&'a RenderedRange>,
}

/// The SARIF log of a report.
pub fn sarif(report: &Report) -> String {
    let entries: Vec<(&ReportFinding, Option<&Suppression>)> = report
        .findings
        .iter()
        .map(|f| (f, None))
        .chain(
            report
                .suppressed
                .iter()
                .map(|s| (&s.finding, Some(&s.suppressed))),
        )
        .collect();
    let mut rules: Vec<&ReportFinding> = Vec::new();
    for (f, _) in &entries {
        if !rules.iter().any(|r| r.rule == f.rule) {
            rules.push(f);
        }
    }
    let results = entries
        .iter()
        .map(|(f, suppression)| {
            let index = rules.iter().position(|r| r.rule == f.rule).unwrap_or(0);
            result(f, index, *suppression)
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "helm-preflight",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: HOME,
                    rules: rules.iter().map(|f| rule(f)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The `reportingDescriptor` of the rule of `f`.
fn rule(f: &ReportFinding) -> Rule<'_> {
    Rule {
        id: &f.rule,
        short_description: Text {
            text: f.help.clone().unwrap_or_else(|| f.rule.clone()),
        },
        help_uri: f.doc_url.as_deref(),
        default_configuration: Configuration {
            level: level(f.severity),
        },
    }
}

fn result<'a>(
    f: &'a ReportFinding,
    rule_index: usize,
    suppression: Option<&'a Suppression>,
) -> SarifResult<'a> {
    let values_at: Vec<(&str, Location)> = f
        .values_location
        .iter()
        .map(|v| (v.key.as_str(), v.location()))
        .collect();
    let mut text = f.message.clone();
    for label in super::run_labels(f) {
        text.push_str(&format!(" [{label}]"));
    }
    let related = f
        .related
        .iter()
        .map(|r| (r.message.clone(), &r.location))
        .chain(
            f.via
                .iter()
                .map(|v| (format!("calls template {:?}", v.callee), &v.location)),
        )
        .chain(
            values_at
                .iter()
                .map(|(key, at)| (format!("the value {key} is set here"), at)),
        )
        .enumerate()
        .map(|(i, (message, at))| RelatedLocation {
            id: i + 1,
            message: Text { text: message },
            physical_location: physical(at),
        })
        .collect();
    let properties = Properties {
        chart: f.chart.as_deref(),
        values_file: f.values_file.as_deref(),
        deployed_by: f.deployed_by.as_ref(),
        rendered_location: f.rendered_location.as_ref(),
    };
    let has_properties = properties.chart.is_some()
        || properties.values_file.is_some()
        || properties.deployed_by.is_some()
        || properties.rendered_location.is_some();
    SarifResult {
        rule_id: &f.rule,
        rule_index,
        level: level(f.severity),
        message: Text { text },
        locations: [ResultLocation {
            physical_location: physical(&f.location),
            logical_locations: f
                .object
                .iter()
                .map(|o| LogicalLocation {
                    name: &o.name,
                    fully_qualified_name: format!("{}/{}", o.kind, o.name),
                    kind: "object",
                })
                .collect(),
        }],
        related_locations: related,
        suppressions: suppression.map(sarif_suppression).into_iter().collect(),
        properties: has_properties.then_some(properties),
    }
}

fn sarif_suppression(s: &Suppression) -> SarifSuppression<'_> {
    SarifSuppression {
        kind: if s.by == "exemption" {
            "external"
        } else {
            "inSource"
        },
        justification: &s.reason,
        location: s.at.as_ref().map(|p: &Position| SuppressionLocation {
            physical_location: physical(&Location {
                path: p.path.clone(),
                line: p.line,
                column: p.column,
                end_line: p.line,
                end_column: p.column,
            }),
        }),
    }
}

fn physical(l: &Location) -> PhysicalLocation {
    let has_end = (l.end_line, l.end_column) != (l.line, l.column);
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri: uri(&l.path) },
        region: Region {
            start_line: l.line,
            start_column: l.column,
            end_line: has_end.then_some(l.end_line),
            end_column: has_end.then_some(l.end_column),
        },
    }
}

/// A path as a URI reference: relative paths stay relative (to the repository root,
/// where GitHub resolves them), absolute ones become `file://` URIs.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri("charts/my chart/t%1.yaml"),
            "charts/my%20chart/t%251.yaml"
        );
        assert_eq!(uri("/abs/é.yaml"), "file:///abs/%C3%A9.yaml");
    }
}
