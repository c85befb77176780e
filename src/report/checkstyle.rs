//! `--format checkstyle`: Checkstyle 4.3 XML (read by reviewdog, Jenkins warnings-ng
//! and most code-review bots). Suppressed findings are left out.

use super::xml::{attr, by_file};
use super::Report;
use crate::rules::Severity;

/// The Checkstyle document of a report, one `<file>` per file with findings.
pub fn checkstyle(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<checkstyle version=\"4.3\">\n");
    for (path, findings) in by_file(report.findings.iter().map(|f| (f, None))) {
        out.push_str(&format!("  <file name=\"{}\">\n", attr(path)));
        for (f, _) in findings {
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "info",
            };
            out.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" \
                 source=\"helm-preflight.{}\"/>\n",
                f.location.line,
                f.location.column,
                attr(&super::one_line_message(f)),
                attr(&f.rule)
            ));
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}
