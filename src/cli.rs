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
    /// The configuration file, whose `budget:` settings (under these flags) and the
    /// chart's `charts[]` values apply (default: the nearest .helm-preflight.yaml in
    /// the working directory or its parents).
    #[arg(long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
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
    /// Output format [default: human on a terminal, compact otherwise (pipes, files,
    /// editors, CI logs)].
    #[arg(long = "format", value_enum)]
    pub format: Option<LintFormat>,
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

impl LintArgs {
    /// The output format: `--format`, else human diagnostics when the report goes to a
    /// terminal and compact lines when it goes to a pipe or a file.
    pub fn output_format(&self) -> LintFormat {
        use std::io::IsTerminal;
        self.format.unwrap_or(
            if self.output.is_none() && std::io::stdout().is_terminal() {
                LintFormat::Human
            } else {
                LintFormat::Compact
            },
        )
    }
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
#[derive(clap::Args, Clone, Debug, Default, PartialEq, Eq)]
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

impl ValuesArgs {
    /// The values keys its `--set`-style flags set (see
    /// [`crate::manifest::values_origin::set_flag_keys`]).
    pub fn set_keys(&self) -> Vec<Vec<String>> {
        let plain: Vec<String> = self
            .set
            .iter()
            .chain(&self.set_string)
            .chain(&self.set_file)
            .cloned()
            .collect();
        crate::manifest::values_origin::set_flag_keys(&plain, &self.set_literal, &self.set_json)
    }
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
        Command::Lint(args) => crate::lint::command::lint_cmd(&args),
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
