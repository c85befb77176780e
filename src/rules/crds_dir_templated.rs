//! `crds-dir-templated`: a file under `crds/` contains template actions. Helm never
//! renders `crds/`: the braces reach the API server verbatim and the install fails
//! (or the CRD is installed with literal `{{ ... }}` in it).

use super::{Context, Finding, Rule, Severity};
use crate::manifest::{line_col, Provenance};
use crate::render::manifests::crd_files;

/// The rule.
pub struct CrdsDirTemplated;

impl Rule for CrdsDirTemplated {
    fn id(&self) -> &'static str {
        "crds-dir-templated"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (path, text) in crd_files(&cx.rendered.chart) {
            // memchr's SIMD search: crds/ files run to megabytes (kube-prometheus-stack).
            // Braces in a YAML comment (`# Source: .../v{{version}}/...`) never reach
            // the API server.
            let Some(at) = memchr::memmem::find_iter(text.as_bytes(), b"{{")
                .find(|&at| !in_comment(&text, at))
            else {
                continue;
            };
            // The finding spans the first action, `{{` to `}}`.
            let end = text[at..].find("}}").map_or(at, |n| at + n + 2);
            let (Some((line, column)), Some((end_line, end_column))) =
                (line_col(&text, at), line_col(&text, end))
            else {
                continue;
            };
            let mut location = Provenance::point(path.clone(), line, column);
            location.end.line = end_line;
            location.end.column = end_column;
            out.push(Finding {
                rule: self.id(),
                severity: self.severity(),
                message:
                    "this file under crds/ contains template actions, but Helm installs crds/ \
                          files verbatim and never renders them: move templated CRDs to templates/ \
                          or remove the actions"
                        .to_string(),
                template: path,
                location: Some(location),
                object: None,
                related: Vec::new(),
            });
        }
    }
}

/// Whether byte `at` of YAML `text` is inside a comment: after a `#` that starts the
/// line or follows a space or tab, outside quotes.
fn in_comment(text: &str, at: usize) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let (mut single, mut double, mut prev) = (false, false, ' ');
    for c in text[start..at].chars() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && (prev == ' ' || prev == '\t') => return true,
            _ => {}
        }
        prev = c;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::in_comment;

    #[test]
    fn comments_are_told_from_values() {
        let at = |t: &str| in_comment(t, t.find("{{").unwrap_or(0));
        assert!(at("# Source: v{{version}}/crd.yaml"));
        assert!(at("x: 1\n  # {{ .Values.a }}"));
        assert!(at("name: a # {{ b }}"));
        assert!(!at("name: {{ .Release.Name }}"));
        assert!(!at("x: 1\nname: \"a # {{ b }}\""));
        assert!(!at("name: a#{{ b }}"));
        assert!(!at("# comment\nname: {{ b }}"));
    }
}
