//! `lint`: render each chart with the given values and run every rule.

use std::path::{Path, PathBuf};

use crate::chart::load::load;
use crate::manifest::documents;
use crate::render::chart::{render_chart, RenderOptions};
use crate::render::command::version_in_range;
use crate::rules::{run, Finding, Severity};
use crate::template::value::Entries;

/// The findings of one chart, with what is needed to print them.
#[derive(Debug)]
pub struct ChartReport {
    /// The chart directory or archive.
    pub path: PathBuf,
    /// The chart name.
    pub chart: String,
    /// Findings, sorted by location.
    pub findings: Vec<Finding>,
}

/// Renders and lints one chart. A chart that does not load or render yields a
/// `render-failed` finding at the template location Helm names.
pub fn lint_chart(path: &Path, user: &Entries, opts: &RenderOptions) -> ChartReport {
    let chart = match load(path) {
        Ok(c) => c,
        Err(e) => {
            return ChartReport {
                path: path.to_path_buf(),
                chart: String::new(),
                findings: vec![failure(e.to_string(), String::new())],
            }
        }
    };
    let name = chart.name().to_string();
    match render_chart(&chart, user, opts, version_in_range) {
        Ok(rendered) => {
            let docs = documents(&rendered);
            ChartReport {
                path: path.to_path_buf(),
                chart: name,
                findings: run(&rendered, &docs),
            }
        }
        Err(e) => ChartReport {
            path: path.to_path_buf(),
            chart: name,
            findings: vec![failure(e.message, e.template.unwrap_or_default())],
        },
    }
}

fn failure(message: String, template: String) -> Finding {
    Finding {
        rule: "render-failed",
        severity: Severity::Error,
        message,
        template,
        location: None,
        object: None,
    }
}

/// The file a template path (`chart/templates/x.yaml`) refers to on disk.
pub fn template_file(chart_dir: &Path, template: &str) -> PathBuf {
    match template.split_once('/') {
        Some((_, rest)) => chart_dir.join(rest),
        None => chart_dir.join(template),
    }
}
