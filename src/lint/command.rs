//! The `lint` command: configuration, discovery, the runs of every chart (with the
//! pipeline commands that deploy them), pipeline rules with the charts' budgets, the
//! report and the exit code.

use std::path::Path;

use crate::cli::{read, FailOn, LintArgs, LintFormat, ValuesArgs};
use crate::config::Config;
use crate::deploy::PipelineFile;
use crate::pipeline::rules::Deployer;
use crate::pipeline::PipelineReport;
use crate::render::command::user_values;
use crate::rules::Severity;

use super::jobs::lint_jobs;
use super::ChartReport;

/// Runs `lint` and returns the exit code: 0 clean, 1 findings at or above `--fail-on`,
/// 2 usage or input error (printed).
pub fn lint_cmd(a: &LintArgs) -> i32 {
    match run(a) {
        Ok(code) => code,
        Err(errors) => {
            for e in errors {
                eprintln!("Error: {e}");
            }
            2
        }
    }
}

fn run(a: &LintArgs) -> Result<i32, Vec<String>> {
    let one = |e: String| vec![e];
    let format_opts = format_options(a).map_err(one)?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = Config::discover(a.config.as_deref(), &cwd)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let targets = crate::discover::discover(&a.paths).map_err(one)?;
    check_values(a, &config, &cwd).map_err(one)?;
    let pipelines = targets
        .pipelines
        .iter()
        .map(|(path, kind)| {
            let file = crate::pipeline::SourceFile::read(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let extraction = crate::pipeline::extract::extract(&file, *kind);
            Ok(PipelineFile {
                lint_root: lint_root(path, &a.paths),
                file,
                kind: *kind,
                extraction,
            })
        })
        .collect::<Result<Vec<_>, String>>()
        .map_err(one)?;
    let (reports, pipelines) = lint_all(a, &config, &cwd, &targets.charts, pipelines);
    let report = crate::report::Report::from_runs(&reports, &pipelines, &cwd);
    let text = crate::report::render(&report, a.output_format(), &format_opts).map_err(one)?;
    write_output(a.output.as_deref(), &text).map_err(one)?;
    let threshold = match a.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Note => Some(Severity::Note),
        FailOn::Never => None,
    };
    Ok(i32::from(threshold.is_some_and(|t| report.has_at_least(t))))
}

/// The lint PATH (a directory) that holds pipeline file `path`, if any.
fn lint_root(path: &Path, paths: &[std::path::PathBuf]) -> Option<std::path::PathBuf> {
    let file = crate::config::absolute(path);
    paths
        .iter()
        .filter(|p| p.is_dir())
        .find(|p| file.starts_with(crate::config::absolute(p)))
        .cloned()
}

/// Checks the values of the command line and of every configured chart before
/// linting (they are built again on the worker threads: values hold `Rc`s).
fn check_values(a: &LintArgs, config: &Config, cwd: &Path) -> Result<(), String> {
    user_values(&a.values)?;
    for settings in config.charts() {
        let values = chart_values_args(&a.values, config, &settings.path.value, cwd);
        if let Err(e) = user_values(&values) {
            let file = config.file.as_deref().unwrap_or(Path::new("")).display();
            return Err(format!(
                "{e} (values of the chart configured at {file}:{}:{})",
                settings.path.line, settings.path.column
            ));
        }
    }
    Ok(())
}

/// Lints the charts (each with its default runs and the runs of the pipeline commands
/// that deploy it) and the pipeline files (with the budgets of those runs).
fn lint_all(
    a: &LintArgs,
    config: &Config,
    cwd: &Path,
    charts: &[std::path::PathBuf],
    pipelines: Vec<PipelineFile>,
) -> (Vec<ChartReport>, Vec<PipelineReport>) {
    let plan = crate::deploy::plan(&pipelines, charts, config);
    let opts = crate::render::chart::RenderOptions::default();
    let outcome = lint_jobs(
        &plan.jobs,
        |chart| {
            let args = chart_values_args(&a.values, config, chart, cwd);
            crate::render::command::user_values_with_files(&args)
                .map(|(entries, files)| super::UserValues {
                    entries,
                    files,
                    overrides: args.set_keys(),
                })
                .unwrap_or_default()
        },
        &opts,
        config,
    );
    let budgets = plan.budgets(outcome.budgets);
    let pipeline_reports = pipelines
        .into_iter()
        .zip(plan.findings)
        .enumerate()
        .map(|(i, (p, found))| {
            let hook = |d: Deployer<'_>| budgets.of(i, d);
            let mut report =
                crate::pipeline::lint_extracted(&p.file, p.extraction, Some(&hook), found);
            apply_rule_settings(config, &mut report.findings);
            report
        })
        .collect();
    (outcome.reports, pipeline_reports)
}

/// The configuration's `rules:` for pipeline findings: rules that are off are dropped,
/// the others get their configured severity.
fn apply_rule_settings(config: &Config, findings: &mut Vec<crate::pipeline::Finding>) {
    findings.retain_mut(|f| match config.severity_of(f.rule, f.severity) {
        Some(s) => {
            f.severity = s;
            true
        }
        None => false,
    });
}

/// What the report format needs from the `lint` flags (the template file is read and
/// checked now, before linting).
fn format_options(a: &LintArgs) -> Result<crate::report::FormatOptions, String> {
    use crate::report::{human::HumanOptions, FormatOptions, UserTemplate};
    use std::io::IsTerminal;
    if a.template.is_some() && a.format != Some(LintFormat::Template) {
        return Err("--template needs --format template".into());
    }
    let template = match &a.template {
        Some(path) => {
            let name = path.display().to_string();
            let text = read(path)?;
            crate::report::template::check(&name, &text)?;
            Some(UserTemplate { name, text })
        }
        None => None,
    };
    Ok(FormatOptions {
        human: HumanOptions {
            color: a.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            ..HumanOptions::default()
        },
        template,
    })
}

/// Writes `text` to `path`, or to standard output (a closed pipe is not an error).
fn write_output(path: Option<&Path>, text: &str) -> Result<(), String> {
    use std::io::Write;
    match path {
        Some(p) => {
            std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))
        }
        None => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// The values flags of one chart: the configuration's `values` files then the
/// command line's `-f` files, the configuration's `set` entries then the command
/// line's `--set` (so the command line wins).
pub fn chart_values_args(
    cli: &ValuesArgs,
    config: &Config,
    chart: &Path,
    cwd: &Path,
) -> ValuesArgs {
    let Some(settings) = config.chart_settings(chart) else {
        return cli.clone();
    };
    let shown = |p: &Path| p.strip_prefix(cwd).unwrap_or(p).to_path_buf();
    ValuesArgs {
        values: settings
            .values
            .iter()
            .map(|v| shown(&v.value))
            .chain(cli.values.iter().cloned())
            .collect(),
        set: settings
            .set
            .iter()
            .map(|s| s.value.clone())
            .chain(cli.set.iter().cloned())
            .collect(),
        ..cli.clone()
    }
}
