//! `--format compact`: `path:line:col: severity[rule]: message`, one finding per line,
//! for editors and CI problem matchers, then how many findings were suppressed.

use super::{one_line_message, suppressed_line, Report};

/// The compact text of a report.
pub fn compact(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let l = &f.location;
        out.push_str(&format!(
            "{}:{}:{}: {}[{}]: {}\n",
            l.path,
            l.line,
            l.column,
            f.severity.name(),
            f.rule,
            one_line_message(f)
        ));
    }
    if let Some(line) = suppressed_line(report) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
