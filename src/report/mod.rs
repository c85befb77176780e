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

/// An output format of `lint`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Diagnostics with the template snippet, help and the rule's doc link.
    Human,
    /// `path:line:col: severity[rule]: message`.
    Compact,
    /// Versioned JSON (docs/json-output.md).
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// JUnit XML.
    Junit,
    /// Checkstyle XML.
    Checkstyle,
    /// A handlebars template over the JSON model (`--template FILE`).
    Template,
}

/// What some formats need besides the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormatOptions {
    /// How `human` draws.
    pub human: human::HumanOptions,
    /// The template of `template`.
    pub template: Option<UserTemplate>,
}

/// A user's report template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserTemplate {
    /// Where it came from (for error messages).
    pub name: String,
    /// The handlebars text.
    pub text: String,
}

/// Renders `report` in `format`. Only a user template can fail (a clear message).
pub fn render(
    report: &Report,
    format: OutputFormat,
    opts: &FormatOptions,
) -> Result<String, String> {
    Ok(match format {
        OutputFormat::Human => human::human(report, &opts.human),
        OutputFormat::Compact => compact::compact(report),
        OutputFormat::Json => json::json(report),
        OutputFormat::Sarif => sarif::sarif(report),
        OutputFormat::Github => github::github(report),
        OutputFormat::Junit => junit::junit(report),
        OutputFormat::Checkstyle => checkstyle::checkstyle(report),
        OutputFormat::Template => {
            let t = opts
                .template
                .as_ref()
                .ok_or("--format template needs --template FILE")?;
            template::template(report, &t.name, &t.text)?
        }
    })
}

/// `N findings suppressed (A by annotation, C by comment, E by exemption)`, when any
/// finding was suppressed.
fn suppressed_line(report: &Report) -> Option<String> {
    let n = report.suppressed.len();
    let noun = if n == 1 { "finding" } else { "findings" };
    suppressed_breakdown(report).map(|by| format!("{n} {noun} suppressed {by}"))
}

/// `(A by annotation, C by comment, E by exemption)`, when any finding was suppressed.
fn suppressed_breakdown(report: &Report) -> Option<String> {
    let all = &report.suppressed;
    let by: Vec<String> = ["annotation", "comment", "exemption"]
        .iter()
        .filter_map(|kind| {
            let n = all.iter().filter(|s| s.suppressed.by == *kind).count();
            (n > 0).then(|| format!("{n} by {kind}"))
        })
        .collect();
    (!by.is_empty()).then(|| format!("({})", by.join(", ")))
}

/// What a finding's run rendered with, when not the default values: `values: FILE`
/// (a chart-testing values file), `deployed by PATH:LINE:COL with FLAGS` (a pipeline
/// command).
fn run_labels(f: &ReportFinding) -> Vec<String> {
    let values = f.values_file.iter().map(|v| format!("values: {v}"));
    let deployed = f
        .deployed_by
        .iter()
        .map(|d| format!("deployed by {}", d.text()));
    values.chain(deployed).collect()
}

/// The message of a finding on one line, labelled with the values entry behind it and
/// what its run rendered with.
fn one_line_message(f: &ReportFinding) -> String {
    let mut msg = f.message.replace('\n', " ");
    if let Some(v) = &f.values_location {
        msg.push_str(&format!(" [{}]", v.describe()));
    }
    for label in run_labels(f) {
        msg.push_str(&format!(" [{label}]"));
    }
    msg
}

/// Lines that complete a finding's message in formats without snippets: the helper and
/// include chain, related locations, the rendered location, the values file or
/// pipeline command of the run, and the rule's documentation.
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
    if let Some(v) = &f.values_location {
        out.push(v.describe());
    }
    out.extend(run_labels(f));
    if let Some(url) = &f.doc_url {
        out.push(format!("docs: {url}"));
    }
    out
}

#[cfg(test)]
mod tests;
