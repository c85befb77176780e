//! Command-line interface.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::render::context::ReleaseInfo;
use crate::render::eval::eval_template;
use crate::render::values::{apply_set, load_chart_values};
use crate::template::value::Value;

/// helm-preflight: lint Helm charts and the pipelines that deploy them.
#[derive(Parser, Debug)]
#[command(name = "helm-preflight", version, about)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate one template with Helm's semantics and print the result.
    ///
    /// The template runs as `t/templates/case.yaml` of a chart named `t` (release `rel`,
    /// namespace `ns`), or inside the chart given with `--chart`. Values files are read
    /// as the chart's values.yaml; `--set` values are applied on top.
    Eval(EvalArgs),
    /// Render a chart like `helm template`.
    Render(RenderArgs),
    /// Lint charts: render them and report what will break a Helm deploy, at the
    /// template line that produced it.
    Lint(LintArgs),
    /// Compute the minimum safe `helm --timeout` for a chart from its rendered
    /// workloads and hooks, with the per-workload breakdown.
    Budget(BudgetArgs),
    /// List the rules, or print one rule's documentation.
    Rules(RulesArgs),
}

/// Arguments of `rules`.
#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// The rule whose documentation to print (all rules are listed without it).
    pub id: Option<String>,
}

/// Output format of `budget`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BudgetFormat {
    /// A summary for people.
    Human,
    /// Versioned JSON.
    Json,
}

/// Arguments of `budget`.
#[derive(clap::Args, Debug)]
pub struct BudgetArgs {
    /// Chart directory or .tgz archive.
    pub chart: PathBuf,
    /// Values flags.
    #[command(flatten)]
    pub values: ValuesArgs,
    /// Output format.
    #[arg(long = "format", value_enum, default_value = "human")]
    pub format: BudgetFormat,
    /// Print the model and every workload's arithmetic.
    #[arg(long = "explain")]
    pub explain: bool,
    /// Helm runs with --wait-for-jobs: count every Job, not only hooks.
    #[arg(long = "wait-for-jobs")]
    pub wait_for_jobs: bool,
    /// Seconds allowed for pulling a pod's images [default: 30].
    #[arg(long = "image-pull-seconds")]
    pub image_pull_seconds: Option<u64>,
    /// Nodes a DaemonSet runs on [default: 3].
    #[arg(long = "nodes")]
    pub nodes: Option<u64>,
    /// Seconds added on top of the slowest workload or hook [default: 60].
    #[arg(long = "buffer-seconds")]
    pub buffer_seconds: Option<u64>,
    /// Check this --timeout (Go duration, e.g. 5m) against the budget; exit 1 when short.
    #[arg(long = "timeout")]
    pub timeout: Option<String>,
}

/// Output format of `lint`.
pub use crate::report::OutputFormat as LintFormat;

/// The lowest severity that makes `lint` exit 1.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding.
    Note,
    /// Never fail on findings.
    Never,
}

/// Arguments of `lint`.
#[derive(clap::Args, Debug)]
pub struct LintArgs {
    /// Chart directories, .tgz archives, pipeline files, or directories searched for
    /// both.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The configuration file (default: the nearest .helm-preflight.yaml in the working
    /// directory or its parents).
    #[arg(long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Values flags.
    #[command(flatten)]
    pub values: ValuesArgs,
    /// Output format.
    #[arg(long = "format", value_enum, default_value = "compact")]
    pub format: LintFormat,
    /// The handlebars template of `--format template`.
    #[arg(
        long = "template",
        value_name = "FILE",
        required_if_eq("format", "template")
    )]
    pub template: Option<PathBuf>,
    /// Write the report to FILE instead of standard output.
    #[arg(long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long = "fail-on", value_enum, default_value = "warning")]
    pub fail_on: FailOn,
}

/// Output format of `render`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenderFormat {
    /// `helm template` text.
    Yaml,
    /// `{"templates": {...}, "crds": {...}}`.
    Json,
}

/// Values flags shared by commands that render.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct ValuesArgs {
    /// Values files, merged in order.
    #[arg(short = 'f', long = "values")]
    pub values: Vec<PathBuf>,
    /// Values as key=value (Helm `--set` syntax).
    #[arg(long = "set")]
    pub set: Vec<String>,
    /// Values as key=value, always strings.
    #[arg(long = "set-string")]
    pub set_string: Vec<String>,
    /// Values as key=path; the file content is the value.
    #[arg(long = "set-file")]
    pub set_file: Vec<String>,
    /// Values as key=JSON.
    #[arg(long = "set-json")]
    pub set_json: Vec<String>,
    /// Values as key=value, taken literally.
    #[arg(long = "set-literal")]
    pub set_literal: Vec<String>,
}

/// Arguments of `render`.
#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// Chart directory or .tgz archive.
    pub chart: PathBuf,
    /// Values flags.
    #[command(flatten)]
    pub values: ValuesArgs,
    /// Release name.
    #[arg(long = "name", default_value = "release-name")]
    pub name: String,
    /// Release namespace.
    #[arg(long = "namespace", short = 'n', default_value = "default")]
    pub namespace: String,
    /// Kubernetes version for `.Capabilities`.
    #[arg(long = "kube-version")]
    pub kube_version: Option<String>,
    /// Extra API versions for `.Capabilities.APIVersions`.
    #[arg(long = "api-versions", short = 'a', value_delimiter = ',')]
    pub api_versions: Vec<String>,
    /// Do not validate values against values.schema.json.
    #[arg(long = "skip-schema-validation")]
    pub skip_schema_validation: bool,
    /// Include the chart's crds/ files.
    #[arg(long = "include-crds")]
    pub include_crds: bool,
    /// Only show manifests rendered from these templates.
    #[arg(long = "show-only", short = 's')]
    pub show_only: Vec<String>,
    /// Skip test hooks.
    #[arg(long = "skip-tests")]
    pub skip_tests: bool,
    /// Leave hooks out.
    #[arg(long = "no-hooks")]
    pub no_hooks: bool,
    /// Output format.
    #[arg(long = "output", short = 'o', value_enum, default_value = "yaml")]
    pub output: RenderFormat,
}

/// Arguments of `eval`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Template text to evaluate.
    #[arg(short = 'e', long = "expr", conflicts_with = "file")]
    pub expr: Option<String>,
    /// File holding the template.
    pub file: Option<PathBuf>,
    /// Values files, merged in order (read as the chart's values.yaml).
    #[arg(short = 'f', long = "values")]
    pub values: Vec<PathBuf>,
    /// Values given as key=value (Helm `--set` syntax), applied after the files.
    #[arg(long = "set")]
    pub set: Vec<String>,
    /// Extra chart files, as CHART_PATH=LOCAL_PATH (e.g. templates/_helpers.tpl=./h.tpl).
    #[arg(long = "chart-file", value_name = "CHART_PATH=LOCAL_PATH")]
    pub chart_files: Vec<String>,
    /// Evaluate inside this chart directory: its values.yaml and every file are loaded.
    #[arg(long = "chart")]
    pub chart: Option<PathBuf>,
    /// Release name.
    #[arg(long = "name", default_value = "rel")]
    pub name: String,
    /// Release namespace.
    #[arg(long = "namespace", short = 'n', default_value = "ns")]
    pub namespace: String,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Eval(args) => match eval_cmd(&args) {
            Ok(out) => {
                print!("{out}");
                if !out.ends_with('\n') {
                    println!();
                }
                0
            }
            Err(msg) => {
                eprintln!("Error: {msg}");
                2
            }
        },
        Command::Lint(args) => lint_cmd(&args),
        Command::Budget(args) => crate::budget::command::budget_cmd(&args),
        Command::Rules(args) => match &args.id {
            None => {
                print!("{}", crate::rules::registry::rules_table());
                0
            }
            Some(id) => match crate::rules::registry::rule_doc_text(id) {
                Ok(text) => {
                    print!("{text}");
                    0
                }
                Err(msg) => {
                    eprintln!("Error: {msg}");
                    2
                }
            },
        },
        Command::Render(args) => match crate::render::command::render_cmd(&args) {
            Ok(out) => {
                print!("{out}");
                0
            }
            Err(msg) => {
                eprintln!("Error: {msg}");
                2
            }
        },
    }
}

fn lint_cmd(a: &LintArgs) -> i32 {
    use crate::rules::Severity;
    let format_opts = match format_options(a) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("Error: {e}");
            return 2;
        }
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = match crate::config::Config::discover(a.config.as_deref(), &cwd) {
        Ok(c) => c,
        Err(errors) => {
            for e in errors {
                eprintln!("Error: {e}");
            }
            return 2;
        }
    };
    let targets = match crate::discover::discover(&a.paths) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("Error: {e}");
            return 2;
        }
    };
    // Values hold `Rc`s and stay on the thread that made them: they are checked here
    // and rebuilt on each worker thread.
    let values_of = |chart: &Path| chart_values_args(&a.values, &config, chart, &cwd);
    if let Err(e) = crate::render::command::user_values(&a.values) {
        eprintln!("Error: {e}");
        return 2;
    }
    for settings in config.charts() {
        if let Err(e) = crate::render::command::user_values(&values_of(&settings.path.value)) {
            let file = config.file.as_deref().unwrap_or(Path::new("")).display();
            eprintln!(
                "Error: {e} (values of the chart configured at {file}:{}:{})",
                settings.path.line, settings.path.column
            );
            return 2;
        }
    }
    let opts = crate::render::chart::RenderOptions::default();
    let reports = crate::lint::lint_paths(
        &targets.charts,
        |chart| {
            crate::render::command::user_values_with_files(&values_of(chart))
                .map(|(entries, files)| crate::lint::UserValues { entries, files })
                .unwrap_or_default()
        },
        &opts,
        &config,
    );
    let mut pipelines = Vec::new();
    for (path, kind) in &targets.pipelines {
        match crate::pipeline::SourceFile::read(path) {
            Ok(file) => pipelines.push(crate::pipeline::lint_source(&file, *kind)),
            Err(e) => {
                eprintln!("Error: cannot read {}: {e}", path.display());
                return 2;
            }
        }
    }
    let report = crate::report::Report::from_runs(&reports, &pipelines, &cwd);
    let text = match crate::report::render(&report, a.format, &format_opts) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("Error: {e}");
            return 2;
        }
    };
    if let Err(e) = write_output(a.output.as_deref(), &text) {
        eprintln!("Error: {e}");
        return 2;
    }
    let threshold = match a.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Note => Some(Severity::Note),
        FailOn::Never => None,
    };
    i32::from(threshold.is_some_and(|t| report.has_at_least(t)))
}

/// What the report format needs from the `lint` flags (the template file is read and
/// checked now, before linting).
fn format_options(a: &LintArgs) -> Result<crate::report::FormatOptions, String> {
    use crate::report::{human::HumanOptions, FormatOptions, UserTemplate};
    use std::io::IsTerminal;
    if a.template.is_some() && a.format != LintFormat::Template {
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
fn chart_values_args(
    cli: &ValuesArgs,
    config: &crate::config::Config,
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

/// Reads a file, with the path in the error.
pub fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn eval_cmd(a: &EvalArgs) -> Result<String, String> {
    let template = match (&a.expr, &a.file) {
        (Some(e), _) => e.clone(),
        (None, Some(f)) => read(f)?,
        (None, None) => return Err("give a template with -e TEMPLATE or a FILE".into()),
    };
    let release = ReleaseInfo {
        name: a.name.clone(),
        namespace: a.namespace.clone(),
        ..ReleaseInfo::default()
    };
    let mut files: Vec<(String, String)> = Vec::new();
    for spec in &a.chart_files {
        let Some((chart_path, local)) = spec.split_once('=') else {
            return Err(format!(
                "--chart-file {spec:?}: expected CHART_PATH=LOCAL_PATH"
            ));
        };
        files.push((chart_path.to_string(), read(Path::new(local))?));
    }
    if let Some(dir) = &a.chart {
        return eval_in_chart(dir, &template, &files, a, release);
    }
    let mut value_texts: Vec<String> = Vec::new();
    for f in &a.values {
        value_texts.push(read(f)?);
    }
    let mut values = load_chart_values(&value_texts)?;
    for s in &a.set {
        apply_set(&mut values, s)?;
    }
    eval_template(&template, Value::map(values), &files, &release)
}

/// `eval --chart`: the template becomes one more template of the real chart, which
/// is rendered with `-f`/`--set` as user values (helpers, subcharts, `.Chart` included).
fn eval_in_chart(
    dir: &Path,
    template: &str,
    extra: &[(String, String)],
    a: &EvalArgs,
    release: ReleaseInfo,
) -> Result<String, String> {
    use crate::chart::load::{load, ChartFile};
    let mut chart = load(dir).map_err(|e| e.to_string())?;
    const EVAL_FILE: &str = "templates/_helm-preflight-eval.tpl";
    for (path, text) in extra {
        chart
            .templates
            .push(ChartFile::new(path.clone(), text.clone().into_bytes()));
    }
    // A partial name keeps it out of the chart's own output; it is executed by name.
    chart.templates.push(ChartFile::new(
        EVAL_FILE.to_string(),
        format!("{{{{- define \"helm-preflight.eval\" -}}}}{template}{{{{- end -}}}}").into_bytes(),
    ));
    chart.templates.push(ChartFile::new(
        "templates/helm-preflight-eval.out".to_string(),
        b"{{- include \"helm-preflight.eval\" . -}}".to_vec(),
    ));
    let values = crate::render::command::user_values(&ValuesArgs {
        values: a.values.clone(),
        set: a.set.clone(),
        ..ValuesArgs::default()
    })?;
    let opts = crate::render::chart::RenderOptions {
        release,
        ..Default::default()
    };
    let rendered = crate::render::chart::render_chart(
        &chart,
        &values,
        &opts,
        crate::render::command::version_in_range,
    )
    .map_err(|e| e.message)?;
    let key = format!("{}/templates/helm-preflight-eval.out", chart.name());
    Ok(rendered
        .templates
        .get(&key)
        .map(|b| b.text.clone())
        .unwrap_or_default())
}
