//! Template comments that suppress findings:
//! `{{/* helm-preflight:ignore rule-a,rule-b: reason */}}` (trim markers allowed) on the
//! line directly above the template line a finding points at. Several such comments on
//! consecutive lines above the finding all apply.

use std::sync::OnceLock;

use regex::Regex;

use super::directive::Directive;

/// One ignore comment of a template file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreComment {
    /// What it ignores.
    pub directive: Directive,
    /// 1-based line of `{{`.
    pub line: u32,
    /// 1-based column (in characters) of `{{`.
    pub column: u32,
    /// 1-based line of `}}`.
    pub end_line: u32,
}

/// The marker every ignore comment contains (a cheap test before the regex).
const MARKER: &str = "helm-preflight:ignore";

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?s)\{\{-?\s*/\*\s*helm-preflight:ignore\s(.*?)\*/\s*-?\}\}")
            .expect("ignore-comment pattern")
    })
}

/// Every ignore comment of a template source, in order.
pub fn ignore_comments(text: &str) -> Vec<IgnoreComment> {
    if !text.contains(MARKER) {
        return Vec::new();
    }
    pattern()
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let before = &text[..whole.start()];
            let line = 1 + before.matches('\n').count() as u32;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            Some(IgnoreComment {
                directive: Directive::parse(c.get(1)?.as_str()),
                line,
                column: 1 + before[line_start..].chars().count() as u32,
                end_line: line + whole.as_str().matches('\n').count() as u32,
            })
        })
        .collect()
}

/// The comment of `comments` that ignores rule `rule` for template line `line`: one
/// ending on the line above, or above a run of ignore comments that ends there.
pub fn ignoring<'c>(
    comments: &'c [IgnoreComment],
    rule: &str,
    line: u32,
) -> Option<&'c IgnoreComment> {
    let mut above = line.checked_sub(1)?;
    loop {
        let ending: Vec<&IgnoreComment> = comments.iter().filter(|c| c.end_line == above).collect();
        if ending.is_empty() {
            return None;
        }
        if let Some(c) = ending.iter().find(|c| c.directive.names(rule)) {
            return Some(c);
        }
        above = ending.iter().map(|c| c.line).min()?.checked_sub(1)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
kind: Deployment
{{- /* helm-preflight:ignore readiness-probe-missing: warmed up by the sidecar */ -}}
{{/* helm-preflight:ignore probe-port-undeclared */}}
      - name: app
{{/* helm-preflight:ignore crd-in-templates:
   kept by the operator */}}
kind: CustomResourceDefinition
{{/* an ordinary comment */}}
";

    #[test]
    fn comments_are_found_with_positions_and_stack() {
        let found = ignore_comments(TEXT);
        assert_eq!(
            found
                .iter()
                .map(|c| (c.line, c.column, c.end_line))
                .collect::<Vec<_>>(),
            vec![(2, 1, 2), (3, 1, 3), (5, 1, 6)]
        );
        assert_eq!(found[0].directive.reason, "warmed up by the sidecar");
        assert_eq!(found[2].directive.reason, "kept by the operator");
        // Line 4 is under two stacked comments.
        assert_eq!(
            ignoring(&found, "probe-port-undeclared", 4).map(|c| c.line),
            Some(3)
        );
        assert_eq!(
            ignoring(&found, "readiness-probe-missing", 4).map(|c| c.line),
            Some(2)
        );
        assert_eq!(ignoring(&found, "crd-in-templates", 4), None);
        assert_eq!(
            ignoring(&found, "crd-in-templates", 7).map(|c| c.line),
            Some(5)
        );
        // Only the line directly above counts.
        assert_eq!(ignoring(&found, "crd-in-templates", 8), None);
        assert_eq!(ignoring(&found, "readiness-probe-missing", 1), None);
        assert!(ignore_comments("kind: Pod\n").is_empty());
    }
}
