//! Output formats for findings.

use std::path::Path;

use crate::lint::{template_file, ChartReport};
use crate::pipeline::PipelineReport;
use crate::rules::Finding;

/// The location of a finding as `(path, line, column)`, path relative to `cwd` when inside it.
pub fn finding_location(report: &ChartReport, f: &Finding, cwd: &Path) -> (String, u32, u32) {
    let (template, line, column) = match &f.location {
        Some(p) => (p.at.file.as_str(), p.at.line, p.at.column),
        None => (f.template.as_str(), 1, 1),
    };
    let path = if template.is_empty() {
        report.path.clone()
    } else {
        template_file(&report.path, template)
    };
    let shown = path
        .strip_prefix(cwd)
        .unwrap_or(&path)
        .to_string_lossy()
        .into_owned();
    (shown, line, column)
}

/// `path:line:col: severity[rule]: message`, one per line (editors and problem matchers).
pub fn compact(reports: &[ChartReport], cwd: &Path) -> String {
    let mut out = String::new();
    for r in reports {
        for f in &r.findings {
            let (path, line, col) = finding_location(r, f, cwd);
            let mut msg = f.message.replace('\n', " ");
            if let Some(v) = &r.values_file {
                msg.push_str(&format!(
                    " [values: {}]",
                    v.strip_prefix(cwd).unwrap_or(v).display()
                ));
            }
            out.push_str(&format!(
                "{path}:{line}:{col}: {}[{}]: {msg}\n",
                f.severity.name(),
                f.rule
            ));
        }
    }
    out
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
    let mut findings = Vec::new();
    for r in reports {
        for f in &r.findings {
            let (path, line, column) = finding_location(r, f, cwd);
            findings.push(serde_json::json!({
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "location": {"path": path, "line": line, "column": column},
                "via": f.location.as_ref().map(|l| l.via.iter().map(|v| {
                    serde_json::json!({"path": template_file(&r.path, &v.file).strip_prefix(cwd).unwrap_or(&template_file(&r.path, &v.file)).to_string_lossy(), "line": v.line, "column": v.column})
                }).collect::<Vec<_>>()).unwrap_or_default(),
                "object": f.object,
                "chart": r.chart,
                "values_file": r.values_file.as_ref().map(|v| v.strip_prefix(cwd).unwrap_or(v).to_string_lossy().into_owned()),
            }));
        }
    }
    let rel = |p: &Path| {
        p.strip_prefix(cwd)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    };
    for f in pipelines.iter().flat_map(|r| &r.findings) {
        let l = &f.location;
        findings.push(serde_json::json!({
            "rule": f.rule,
            "severity": f.severity,
            "message": f.message,
            "location": {"path": rel(&l.path), "line": l.line, "column": l.column, "end_line": l.end_line, "end_column": l.end_column},
            "related": f.related.iter().map(|r| serde_json::json!({
                "location": {"path": rel(&r.location.path), "line": r.location.line, "column": r.location.column, "end_line": r.location.end_line, "end_column": r.location.end_column},
                "message": r.message,
            })).collect::<Vec<_>>(),
        }));
    }
    let count = |s: &str| findings.iter().filter(|f| f["severity"] == s).count();
    let doc = serde_json::json!({
        "version": 1,
        "findings": findings,
        "summary": {"errors": count("error"), "warnings": count("warning"), "notes": count("note")},
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
