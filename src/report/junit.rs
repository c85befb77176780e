//! `--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps):
//! one `<testsuite>` per file with findings, one failed `<testcase>` per finding.

use super::xml::{attr, by_file, text};
use super::{details, Report};

/// The JUnit document of a report.
pub fn junit(report: &Report) -> String {
    let total = report.findings.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"helm-preflight\" tests=\"{total}\" failures=\"{total}\" errors=\"0\">\n"
    ));
    for (path, findings) in by_file(&report.findings) {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">\n",
            attr(path),
            n = findings.len()
        ));
        for f in findings {
            let l = &f.location;
            let mut body = format!(
                "{}:{}:{}: {}[{}]: {}",
                l.path,
                l.line,
                l.column,
                f.severity.name(),
                f.rule,
                f.message
            );
            for line in details(f) {
                body.push('\n');
                body.push_str(&line);
            }
            out.push_str(&format!(
                "    <testcase name=\"{} at {}:{}:{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n",
                attr(&f.rule),
                attr(path),
                l.line,
                l.column,
                attr(path),
                attr(path),
                l.line
            ));
            out.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                f.severity.name(),
                attr(&f.message),
                text(&body)
            ));
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
