//! `--format github`: GitHub Actions workflow commands
//! (`::warning file=...,line=...,col=...,title=...::message`), which GitHub shows as
//! annotations on the pull request.

use super::{details, Report};
use crate::rules::Severity;

/// One workflow command per finding.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let l = &f.location;
        let mut props = vec![
            ("file", l.path.clone()),
            ("line", l.line.to_string()),
            ("col", l.column.to_string()),
        ];
        if (l.end_line, l.end_column) != (l.line, l.column) {
            props.push(("endLine", l.end_line.to_string()));
            props.push(("endColumn", l.end_column.to_string()));
        }
        props.push(("title", f.rule.clone()));
        let props: Vec<String> = props
            .iter()
            .map(|(k, v)| format!("{k}={}", escape_property(v)))
            .collect();
        let mut message = f.message.clone();
        for line in details(f) {
            message.push('\n');
            message.push_str(&line);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

/// Escapes a command's message (GitHub's `escapeData`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value (GitHub's `escapeProperty`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
    }
}
