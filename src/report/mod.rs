//! Output formats for findings. Every format renders the same resolved [`Report`]
//! (see [`model`]); each lives in its own module.

pub mod checkstyle;
pub mod compact;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod model;
pub mod rule_info;
pub mod sarif;
pub mod template;
mod xml;

pub use model::{Report, ReportFinding};

/// An output format of `lint`, with what it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// Diagnostics with template snippets ([`human`]).
    Human(human::HumanOptions),
    /// `path:line:col: severity[rule]: message` ([`compact`]).
    Compact,
    /// The versioned JSON document ([`json`]).
    Json,
    /// SARIF 2.1.0 ([`sarif`]).
    Sarif,
    /// GitHub Actions workflow commands ([`github`]).
    Github,
    /// JUnit XML ([`junit`]).
    Junit,
    /// Checkstyle XML ([`checkstyle`]).
    Checkstyle,
    /// A handlebars template over the JSON model ([`template`]).
    Template {
        /// Where the template came from (for error messages).
        name: String,
        /// The template text.
        text: String,
    },
}

/// Renders `report` in `format`. Only a user template can fail (a clear message).
pub fn render(report: &Report, format: &Format) -> Result<String, String> {
    Ok(match format {
        Format::Human(opts) => human::human(report, opts),
        Format::Compact => compact::compact(report),
        Format::Json => json::json(report),
        Format::Sarif => sarif::sarif(report),
        Format::Github => github::github(report),
        Format::Junit => junit::junit(report),
        Format::Checkstyle => checkstyle::checkstyle(report),
        Format::Template { name, text } => template::template(report, name, text)?,
    })
}

/// The message of a finding on one line, labelled with its values file.
fn one_line_message(f: &ReportFinding) -> String {
    let mut msg = f.message.replace('\n', " ");
    if let Some(v) = &f.values_file {
        msg.push_str(&format!(" [values: {v}]"));
    }
    msg
}

/// Lines that complete a finding's message in formats without snippets: the helper and
/// include chain, related locations, the rendered location, the values file and the
/// rule's documentation.
fn details(f: &ReportFinding) -> Vec<String> {
    let mut out = Vec::new();
    for v in &f.via {
        out.push(format!(
            "in template {:?}, called at {}:{}:{}",
            v.callee, v.location.path, v.location.line, v.location.column
        ));
    }
    for r in &f.related {
        let l = &r.location;
        out.push(format!("{}:{}:{}: {}", l.path, l.line, l.column, r.message));
    }
    if let Some(r) = &f.rendered_location {
        out.push(format!(
            "in the rendered manifest: {}:{}:{}",
            r.template, r.line, r.column
        ));
    }
    if let Some(v) = &f.values_file {
        out.push(format!("values: {v}"));
    }
    if let Some(url) = &f.doc_url {
        out.push(format!("docs: {url}"));
    }
    out
}

#[cfg(test)]
mod tests;
