//! Output formats for findings.

use std::path::Path;

use crate::lint::{template_file, ChartReport};
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

/// The versioned JSON document.
pub fn json(reports: &[ChartReport], cwd: &Path) -> String {
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
    let count = |s: &str| findings.iter().filter(|f| f["severity"] == s).count();
    let doc = serde_json::json!({
        "version": 1,
        "findings": findings,
        "summary": {"errors": count("error"), "warnings": count("warning"), "notes": count("note")},
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
