//! Output formats for findings.

use std::path::Path;

use crate::lint::{finding_file, template_file, ChartReport};
use crate::pipeline::PipelineReport;
use crate::rules::Finding;
use crate::suppress::{Suppressed, SuppressionSource};

/// The location of a finding as `(path, line, column)`, path relative to `cwd` when inside it.
pub fn finding_location(report: &ChartReport, f: &Finding, cwd: &Path) -> (String, u32, u32) {
    let (line, column) = f
        .location
        .as_ref()
        .map_or((1, 1), |p| (p.at.line, p.at.column));
    let path = finding_file(&report.path, f);
    (shown(&path, cwd), line, column)
}

/// `path:line:col: severity[rule]: message`, one per line (editors and problem matchers).
pub fn compact(reports: &[ChartReport], cwd: &Path) -> String {
    let mut out = String::new();
    for r in reports {
        for f in &r.findings {
            let (path, line, col) = finding_location(r, f, cwd);
            let mut msg = f.message.replace('\n', " ");
            if let Some(v) = &r.values_file {
                msg.push_str(&format!(" [values: {}]", shown(v, cwd)));
            }
            out.push_str(&format!(
                "{path}:{line}:{col}: {}[{}]: {msg}\n",
                f.severity.name(),
                f.rule
            ));
        }
    }
    if let Some(line) = suppressed_summary(reports) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `N findings suppressed (A by annotation, C by comment, E by exemption)`, when any
/// finding was suppressed.
pub fn suppressed_summary(reports: &[ChartReport]) -> Option<String> {
    let all: Vec<&Suppressed> = reports.iter().flat_map(|r| &r.suppressed).collect();
    if all.is_empty() {
        return None;
    }
    let by: Vec<String> = ["annotation", "comment", "exemption"]
        .iter()
        .filter_map(|kind| {
            let n = all.iter().filter(|s| s.source.kind() == *kind).count();
            (n > 0).then(|| format!("{n} by {kind}"))
        })
        .collect();
    let noun = if all.len() == 1 {
        "finding"
    } else {
        "findings"
    };
    Some(format!(
        "{} {noun} suppressed ({})",
        all.len(),
        by.join(", ")
    ))
}

/// One finding as JSON.
fn finding_json(r: &ChartReport, f: &Finding, cwd: &Path) -> serde_json::Value {
    let (path, line, column) = finding_location(r, f, cwd);
    serde_json::json!({
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "location": {"path": path, "line": line, "column": column},
        "via": f.location.as_ref().map(|l| l.via.iter().map(|v| {
            serde_json::json!({"path": shown(&template_file(&r.path, &v.file), cwd), "line": v.line, "column": v.column})
        }).collect::<Vec<_>>()).unwrap_or_default(),
        "object": f.object,
        "chart": r.chart,
        "values_file": r.values_file.as_ref().map(|v| shown(v, cwd)),
    })
}

/// A path relative to `cwd` when inside it, without a leading `./`.
fn shown(path: &Path, cwd: &Path) -> String {
    let rel = path.strip_prefix(cwd).unwrap_or(path);
    rel.strip_prefix(".")
        .ok()
        .filter(|r| !r.as_os_str().is_empty())
        .unwrap_or(rel)
        .to_string_lossy()
        .into_owned()
}

/// A suppressed finding as JSON: the finding, with its reason and what suppressed it.
fn suppressed_json(r: &ChartReport, s: &Suppressed, cwd: &Path) -> serde_json::Value {
    let mut v = finding_json(r, &s.finding, cwd);
    let source = match &s.source {
        SuppressionSource::Annotation { at: Some(at) } | SuppressionSource::Comment { at } => {
            serde_json::json!({"path": shown(&template_file(&r.path, &at.file), cwd), "line": at.line, "column": at.column})
        }
        SuppressionSource::Annotation { at: None } => serde_json::Value::Null,
        SuppressionSource::Exemption { file, line, column } => {
            serde_json::json!({"path": shown(file, cwd), "line": line, "column": column})
        }
    };
    v["suppressed"] = serde_json::json!({
        "by": s.source.kind(),
        "reason": s.reason,
        "at": source,
    });
    v
}

/// `path:line:col: severity[rule]: message` for pipeline findings.
pub fn compact_pipelines(reports: &[PipelineReport], cwd: &Path) -> String {
    let mut out = String::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        let l = &f.location;
        out.push_str(&format!(
            "{}:{}:{}: {}[{}]: {}\n",
            l.path.strip_prefix(cwd).unwrap_or(&l.path).display(),
            l.line,
            l.column,
            f.severity.name(),
            f.rule,
            f.message.replace('\n', " ")
        ));
    }
    out
}

/// The versioned JSON document.
pub fn json(reports: &[ChartReport], cwd: &Path) -> String {
    json_all(reports, &[], cwd)
}

/// The versioned JSON document, chart and pipeline findings together.
pub fn json_all(reports: &[ChartReport], pipelines: &[PipelineReport], cwd: &Path) -> String {
    let findings: Vec<serde_json::Value> = reports
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| finding_json(r, f, cwd)))
        .collect();
    let suppressed: Vec<serde_json::Value> = reports
        .iter()
        .flat_map(|r| r.suppressed.iter().map(move |s| suppressed_json(r, s, cwd)))
        .collect();
    let mut findings = findings;
    for f in pipelines.iter().flat_map(|r| &r.findings) {
        let l = &f.location;
        let at = |l: &crate::pipeline::Location| serde_json::json!({"path": shown(&l.path, cwd), "line": l.line, "column": l.column, "end_line": l.end_line, "end_column": l.end_column});
        findings.push(serde_json::json!({
            "rule": f.rule,
            "severity": f.severity,
            "message": f.message,
            "location": at(l),
            "related": f.related.iter().map(|r| serde_json::json!({
                "location": at(&r.location),
                "message": r.message,
            })).collect::<Vec<_>>(),
        }));
    }
    let count = |s: &str| findings.iter().filter(|f| f["severity"] == s).count();
    let doc = serde_json::json!({
        "version": 1,
        "findings": findings,
        "suppressed": suppressed,
        "summary": {"errors": count("error"), "warnings": count("warning"), "notes": count("note"), "suppressed": suppressed.len()},
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
