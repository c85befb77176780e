//! `values-schema-unchecked`: a chart's `values.schema.json` `$ref`s a remote document.
//! Helm downloads it during every install and validates the values against it;
//! helm-preflight never uses the network, so that part accepts anything (the rest of
//! the schema still validates) and this note says what was left unchecked.

use std::path::Path;

use crate::chart::load::Chart;
use crate::chart::schema::Unchecked;
use crate::manifest::schema_origin::chart_path_of;
use crate::manifest::Provenance;
use crate::rules::registry::RuleInfo;
use crate::rules::{Finding, Severity};

/// The rule.
pub const RULE: RuleInfo = RuleInfo {
    id: "values-schema-unchecked",
    severity: Severity::Note,
};

/// One note per chart whose schema has remote `$ref`s, at the schema line that names
/// the first of them (in file order).
pub fn findings(chart_dir: &Path, chart: &Chart, unchecked: &[Unchecked]) -> Vec<Finding> {
    by_chart(unchecked)
        .into_iter()
        .map(|(name, urls)| {
            let template = format!(
                "{}/values.schema.json",
                chart_path_of(chart, name).unwrap_or_else(|| chart.name().to_string())
            );
            let text = std::fs::read_to_string(crate::lint::template_file(chart_dir, &template))
                .unwrap_or_default();
            let mut urls: Vec<(usize, &str)> =
                urls.into_iter().map(|u| (offset_of(&text, u), u)).collect();
            urls.sort();
            let at = urls[0].0;
            let names: Vec<&str> = urls.iter().map(|(_, u)| *u).collect();
            Finding {
                rule: RULE.id,
                severity: RULE.severity,
                message: summary(name, &names),
                location: crate::manifest::line_col(&text, at)
                    .map(|(line, column)| Provenance::point(template.clone(), line, column)),
                template,
                object: None,
                related: Vec::new(),
            }
        })
        .collect()
}

/// The remote documents of `unchecked` by chart, charts and documents each once, in
/// order.
fn by_chart(unchecked: &[Unchecked]) -> Vec<(&str, Vec<&str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for u in unchecked {
        let i = match out.iter().position(|(c, _)| *c == u.chart) {
            Some(i) => i,
            None => {
                out.push((&u.chart, Vec::new()));
                out.len() - 1
            }
        };
        if !out[i].1.contains(&u.url.as_str()) {
            out[i].1.push(&u.url);
        }
    }
    out
}

/// What a note (and `render`'s warning) says about chart `name`'s remote `urls`.
pub fn summary(name: &str, urls: &[&str]) -> String {
    let (what, it) = match urls {
        [one] => (one.to_string(), "it"),
        [first, ..] => (
            format!("{} remote schemas ({first} first)", urls.len()),
            "them",
        ),
        [] => ("remote schemas".to_string(), "them"),
    };
    format!(
        "the values.schema.json of {name:?} refers to {what}: Helm downloads {it} and \
         validates the values against {it} at every install (and fails without network \
         access); helm-preflight never downloads, so the values under {it} were not checked"
    )
}

/// [`summary`] for each chart of `unchecked`, in order.
pub fn summaries(unchecked: &[Unchecked]) -> Vec<String> {
    by_chart(unchecked)
        .into_iter()
        .map(|(name, urls)| summary(name, &urls))
        .collect()
}

/// Where the schema text names `url` (the whole URL, else its last segment, which a
/// relative `$ref` has), else 0.
fn offset_of(text: &str, url: &str) -> usize {
    let last = url.rsplit('/').next().unwrap_or(url);
    text.find(url)
        .or_else(|| (!last.is_empty()).then(|| text.find(last)).flatten())
        .unwrap_or(0)
}
