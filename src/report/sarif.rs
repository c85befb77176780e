//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//! Always one run with the rules that have results and a `results` array (empty when
//! clean: GitHub's uploader rejects a run without one).

use serde_json::{json, Map, Value};

use super::model::{Location, ReportFinding};
use super::Report;
use crate::rules::Severity;

/// Project home, the tool's `informationUri`.
const HOME: &str = "https://github.com/helm-preflight/helm-preflight";

/// The SARIF log of a report.
pub fn sarif(report: &Report) -> String {
    let mut rules: Vec<&ReportFinding> = Vec::new();
    for f in &report.findings {
        if !rules.iter().any(|r| r.rule == f.rule) {
            rules.push(f);
        }
    }
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = rules.iter().position(|r| r.rule == f.rule).unwrap_or(0);
            result(f, index)
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "helm-preflight",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": HOME,
                "rules": rules.iter().map(|f| rule(f)).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A `reportingDescriptor` for the rule of `f`.
fn rule(f: &ReportFinding) -> Value {
    let mut r = json!({
        "id": f.rule,
        "shortDescription": {"text": f.help.as_deref().unwrap_or(&f.rule)},
        "defaultConfiguration": {"level": level(f.severity)},
    });
    if let Some(url) = &f.doc_url {
        r["helpUri"] = json!(url);
    }
    r
}

fn result(f: &ReportFinding, rule_index: usize) -> Value {
    let mut text = f.message.clone();
    if let Some(v) = &f.values_file {
        text.push_str(&format!(" [values: {v}]"));
    }
    let mut related: Vec<Value> = f
        .related
        .iter()
        .map(|r| (r.message.clone(), physical(&r.location)))
        .chain(f.via.iter().map(|v| {
            let at = Location {
                path: v.path.clone(),
                line: v.line,
                column: v.column,
                end_line: v.line,
                end_column: v.column,
            };
            (format!("calls template {:?}", v.callee), physical(&at))
        }))
        .enumerate()
        .map(|(i, (message, location))| {
            json!({"id": i + 1, "message": {"text": message}, "physicalLocation": location})
        })
        .collect();
    let mut location = json!({"physicalLocation": physical(&f.location)});
    if let Some(o) = &f.object {
        location["logicalLocations"] = json!([{
            "name": o.name,
            "fullyQualifiedName": format!("{}/{}", o.kind, o.name),
            "kind": "object",
        }]);
    }
    let mut r = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": text},
        "locations": [location],
    });
    if !related.is_empty() {
        r["relatedLocations"] = Value::Array(std::mem::take(&mut related));
    }
    let mut props = Map::new();
    if let Some(c) = &f.chart {
        props.insert("chart".into(), json!(c));
    }
    if let Some(v) = &f.values_file {
        props.insert("valuesFile".into(), json!(v));
    }
    if let Some(rl) = &f.rendered_location {
        props.insert("renderedLocation".into(), json!(rl));
    }
    if !props.is_empty() {
        r["properties"] = Value::Object(props);
    }
    r
}

/// A `physicalLocation`; the end is left out when only the start is known.
fn physical(l: &Location) -> Value {
    let mut region = json!({"startLine": l.line, "startColumn": l.column});
    if (l.end_line, l.end_column) != (l.line, l.column) {
        region["endLine"] = json!(l.end_line);
        region["endColumn"] = json!(l.end_column);
    }
    json!({"artifactLocation": {"uri": uri(&l.path)}, "region": region})
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
