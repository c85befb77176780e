//! Inline suppressions: `# helm-preflight:ignore rule-id: reason` (or `//` in
//! Groovy) on the line above a finding, or at the end of its line, drops findings
//! of that rule starting on that line. Several ids may be given, separated by
//! commas; a suppression without a reason still applies.

use super::finding::Finding;
use super::source::SourceFile;

const MARKER: &str = "helm-preflight:ignore";

/// The rule ids a line suppresses.
fn ids_on(line: &str) -> Vec<&str> {
    let Some(at) = line.find(MARKER) else {
        return Vec::new();
    };
    let before = line[..at].trim_end();
    if !(before.ends_with('#') || before.ends_with("//")) {
        return Vec::new();
    }
    let rest = &line[at + MARKER.len()..];
    let ids = rest.split_once(':').map_or(rest, |(ids, _)| ids);
    ids.split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Removes the findings suppressed in `file`.
pub fn apply(file: &SourceFile, findings: &mut Vec<Finding>) {
    findings.retain(|f| {
        let line = f.location.line;
        let here = ids_on(file.line_text(line));
        let above = if line > 1 {
            let above_text = file.line_text(line - 1);
            if above_text.trim_start().starts_with('#') || above_text.trim_start().starts_with("//")
            {
                ids_on(above_text)
            } else {
                Vec::new()
            }
        } else {
            Vec::new()
        };
        !here.iter().chain(above.iter()).any(|id| *id == f.rule)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::finding::Severity;
    use crate::pipeline::source::Span;

    #[test]
    fn ignore_comment_above_or_at_the_end_of_the_line() {
        let src = "# helm-preflight:ignore helm-force: known\nhelm upgrade --force\nhelm upgrade --force # helm-preflight:ignore helm-force, helm-no-wait\nhelm upgrade --force\n";
        let file = SourceFile::new("x.sh", src);
        let at = |line: u32| {
            let s = file.line_start(line);
            Finding::at(
                "helm-force",
                Severity::Warning,
                &file,
                Span {
                    start: s,
                    end: s + 4,
                },
                "m",
            )
        };
        let mut fs = vec![at(2), at(3), at(4)];
        apply(&file, &mut fs);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].location.line, 4);
    }
}
