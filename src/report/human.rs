//! `--format human`: one diagnostic per finding with the template snippet that wrote
//! the problem, a label, the rule's summary as help and a link to its doc; include
//! call sites and related locations (the CRD of a custom resource) follow as their
//! own snippets; then the counts, suppressed findings included. Rendered by miette;
//! colourless and at a fixed width unless asked.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use super::model::{Location, ReportFinding, Summary};
use super::Report;
use crate::rules::Severity;

/// How to draw the diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HumanOptions {
    /// ANSI colours and terminal hyperlinks (for a terminal).
    pub color: bool,
    /// Line width to wrap messages at.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 100,
        }
    }
}

/// The diagnostics of a report, then a one-line summary.
pub fn human(report: &Report, opts: &HumanOptions) -> String {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(opts.color)
        .with_show_related_as_nested(true);
    let mut files = Files::default();
    let mut out = String::new();
    for f in &report.findings {
        let diagnostic = finding_diagnostic(f, &mut files);
        // Writing into a String does not fail.
        let _ = handler.render_report(&mut out, &diagnostic);
        out.push('\n');
    }
    out.push_str(&summary_line(&report.summary));
    if let Some(by) = super::suppressed_breakdown(report) {
        out.push(' ');
        out.push_str(&by);
    }
    out.push('\n');
    out
}

/// `1 error, 2 warnings, 0 notes, 0 suppressed`.
fn summary_line(s: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}, {} suppressed",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.notes, "note"),
        s.suppressed
    )
}

/// File texts read for snippets, by path (`None` when unreadable).
#[derive(Default)]
struct Files(HashMap<String, Option<Arc<String>>>);

impl Files {
    fn text(&mut self, path: &str) -> Option<Arc<String>> {
        self.0
            .entry(path.to_string())
            .or_insert_with(|| std::fs::read_to_string(path).ok().map(Arc::new))
            .clone()
    }

    /// The file of `at` with a label on its span, when the file and span exist.
    fn snippet(&mut self, at: &Location, label: String) -> Option<Snippet> {
        let text = self.text(&at.path)?;
        let start = byte_offset(&text, at.line, at.column)?;
        let end = byte_offset(&text, at.end_line, at.end_column)
            .filter(|&e| e >= start)
            .unwrap_or(start);
        Some(Snippet {
            source: NamedSource::new(&at.path, text),
            label: LabeledSpan::new_with_span(Some(label), (start, end - start)),
        })
    }
}

/// Byte offset of 1-based `line` and `column` (in characters) of `text`; the column
/// may be one past the line's last character.
fn byte_offset(text: &str, line: u32, column: u32) -> Option<usize> {
    let line_start = match line {
        0 => return None,
        1 => 0,
        n => memchr::memchr_iter(b'\n', text.as_bytes()).nth(n as usize - 2)? + 1,
    };
    let rest = &text[line_start..];
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let skip = column.checked_sub(1)? as usize;
    line_text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(line_text.len()))
        .nth(skip)
        .map(|i| line_start + i)
}

/// A file and a labelled span in it.
struct Snippet {
    source: NamedSource<Arc<String>>,
    label: LabeledSpan,
}

/// One diagnostic as miette draws it.
struct HumanDiagnostic {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    url: Option<String>,
    help: Option<String>,
    snippet: Option<Snippet>,
    related: Vec<HumanDiagnostic>,
}

fn finding_diagnostic(f: &ReportFinding, files: &mut Files) -> HumanDiagnostic {
    let label = match (f.helper(), &f.object) {
        (Some(helper), _) => format!("written by template {helper:?}"),
        (None, Some(o)) => format!("{} {:?}", o.kind, o.name),
        (None, None) => f.rule.clone(),
    };
    let snippet = files.snippet(&f.location, label);
    let mut message = f.message.clone();
    if snippet.is_none() {
        let l = &f.location;
        message = format!("{}:{}:{}: {message}", l.path, l.line, l.column);
    }
    let mut help: Vec<String> = f.help.iter().cloned().collect();
    if let Some(v) = &f.values_file {
        help.push(format!("found with values file {v}"));
    }
    if let Some(d) = &f.deployed_by {
        help.push(format!("found with the values deployed by {}", d.text()));
    }
    if let Some(r) = &f.rendered_location {
        help.push(format!(
            "in the rendered manifest: {}:{}:{}",
            r.template, r.line, r.column
        ));
    }
    let mut related: Vec<HumanDiagnostic> = f
        .via
        .iter()
        .map(|v| {
            advice(
                format!("template {:?} is called here", v.callee),
                &v.location,
                files,
            )
        })
        .collect();
    related.extend(
        f.related
            .iter()
            .map(|r| advice(r.message.clone(), &r.location, files)),
    );
    if let Some(v) = &f.values_location {
        related.push(advice(
            format!("the value {} is set here", v.key),
            &v.location(),
            files,
        ));
    }
    HumanDiagnostic {
        message,
        code: Some(f.rule.clone()),
        severity: match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        },
        url: f.doc_url.clone(),
        help: (!help.is_empty()).then(|| help.join("\n")),
        snippet,
        related,
    }
}

/// A secondary diagnostic pointing at `at`.
fn advice(message: String, at: &Location, files: &mut Files) -> HumanDiagnostic {
    let snippet = files.snippet(at, "here".to_string());
    let message = match snippet {
        Some(_) => message,
        None => format!("{}:{}:{}: {message}", at.path, at.line, at.column),
    };
    HumanDiagnostic {
        message,
        code: None,
        severity: miette::Severity::Advice,
        url: None,
        help: None,
        snippet,
        related: Vec::new(),
    }
}

impl fmt::Display for HumanDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for HumanDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HumanDiagnostic {}

impl Diagnostic for HumanDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.as_ref().map(|s| &s.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.snippet
            .as_ref()
            .map(|s| Box::new(std::iter::once(s.label.clone())) as Box<dyn Iterator<Item = _>>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|d| d as &dyn Diagnostic))
                as Box<dyn Iterator<Item = &dyn Diagnostic>>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_of_lines_and_character_columns() {
        let text = "ab\nçd\n";
        assert_eq!(byte_offset(text, 1, 1), Some(0));
        assert_eq!(byte_offset(text, 1, 3), Some(2));
        assert_eq!(byte_offset(text, 2, 2), Some(5));
        assert_eq!(byte_offset(text, 2, 3), Some(6));
        assert_eq!(byte_offset(text, 2, 4), None);
        assert_eq!(byte_offset(text, 4, 1), None);
        assert_eq!(byte_offset(text, 0, 1), None);
    }

    #[test]
    fn the_summary_counts_every_severity() {
        let s = Summary {
            errors: 1,
            warnings: 2,
            notes: 0,
            suppressed: 0,
        };
        assert_eq!(
            summary_line(&s),
            "1 error, 2 warnings, 0 notes, 0 suppressed"
        );
    }
}
