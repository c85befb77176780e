//! `--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps):
//! one `<testsuite>` per file with findings, one failed `<testcase>` per finding, and a
//! skipped one per suppressed finding.

use super::xml::{attr, by_file, text};
use super::{details, Report, ReportFinding};

/// The JUnit document of a report.
pub fn junit(report: &Report) -> String {
    let entries = report.findings.iter().map(|f| (f, None)).chain(
        report
            .suppressed
            .iter()
            .map(|s| (&s.finding, Some(&s.suppressed))),
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"helm-preflight\" {}>\n",
        counts(report.findings.len(), report.suppressed.len())
    ));
    for (path, entries) in by_file(entries) {
        let skipped = entries.iter().filter(|(_, s)| s.is_some()).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" {}>\n",
            attr(path),
            counts(entries.len() - skipped, skipped)
        ));
        for (f, suppression) in entries {
            let l = &f.location;
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
            match suppression {
                Some(s) => out.push_str(&format!(
                    "      <skipped message=\"{}\"/>\n",
                    attr(&format!("suppressed by {}: {}", s.by, s.reason))
                )),
                None => out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    f.severity.name(),
                    attr(&f.message),
                    text(&failure_text(f))
                )),
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The text of a `<failure>`: the compact line, then the details.
fn failure_text(f: &ReportFinding) -> String {
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
    body
}

/// The `tests`, `failures`, `errors` and `skipped` attributes.
fn counts(failures: usize, skipped: usize) -> String {
    format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\"",
        failures + skipped
    )
}
