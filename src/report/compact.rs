//! `--format compact`: `path:line:col: severity[rule]: message`, one finding per line,
//! for editors and CI problem matchers.

use super::{one_line_message, Report};

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
    out
}
