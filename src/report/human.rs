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
        // Wide enough that no template line of a snippet is wrapped (a wrapped line of
        // code is unreadable), at most MAX_WIDTH.
        let width = diagnostic
            .width_needed(0)
            .clamp(opts.width, MAX_WIDTH.max(opts.width));
        let handler = handler.clone().with_width(width);
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

/// The widest a diagnostic is drawn to keep its snippets' lines whole.
const MAX_WIDTH: usize = 200;

impl Snippet {
    /// The longest of the lines miette shows (the labelled line and one either side),
    /// in characters, plus the line-number gutter.
    fn width_needed(&self) -> usize {
        let text = self.source.inner().as_str();
        let at = self.label.offset().min(text.len());
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = text[..start.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let end = (self.label.offset() + self.label.len()).min(text.len());
        let mut after = end;
        for _ in 0..2 {
            after = text[after..]
                .find('\n')
                .map_or(text.len(), |i| after + i + 1);
        }
        let widest = text[before..after]
            .lines()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        let line_number = text[..at].matches('\n').count() + 2;
        widest + line_number.to_string().len() + 6
    }
}

impl HumanDiagnostic {
    /// The width that draws every snippet of it (and of its related diagnostics,
    /// nested `depth` levels deep, each indented by 6) unwrapped.
    fn width_needed(&self, depth: usize) -> usize {
        let own = self
            .snippet
            .as_ref()
            .map_or(0, |s| s.width_needed() + 8 * depth);
        self.related
            .iter()
            .map(|r| r.width_needed(depth + 1))
            .fold(own, usize::max)
    }
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
    fn snippets_with_long_template_lines_are_drawn_unwrapped() {
        let long = format!("{{{{- include \"x\" (dict {}) }}}}", "\"k\" 1 ".repeat(20));
        let text = Arc::new(format!("a: 1\n{long}\nb: 2\nc: 3\n"));
        let at = text.find("include").unwrap_or(0);
        let snippet = |label: &str| Snippet {
            source: NamedSource::new("t.yaml", text.clone()),
            label: LabeledSpan::new_with_span(Some(label.to_string()), (at, 7)),
        };
        // The line (`long`), its number's width (1) and the gutter.
        assert_eq!(snippet("x").width_needed(), long.chars().count() + 1 + 6);
        let diagnostic = |related: Vec<HumanDiagnostic>| HumanDiagnostic {
            message: "m".into(),
            code: None,
            severity: miette::Severity::Warning,
            url: None,
            help: None,
            snippet: Some(snippet("here")),
            related,
        };
        let nested = diagnostic(vec![diagnostic(Vec::new())]);
        assert_eq!(nested.width_needed(0), long.chars().count() + 7 + 8);
        let opts = HumanOptions::default();
        let width = nested.width_needed(0).clamp(opts.width, MAX_WIDTH);
        let mut out = String::new();
        let _ = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(width)
            .with_show_related_as_nested(true)
            .render_report(&mut out, &nested);
        assert_eq!(out.matches(long.as_str()).count(), 2, "{out}");
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
