//! Command-line interface.

use clap::{Parser, Subcommand};

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
    Eval(EvalArgs),
}

/// Arguments of `eval`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Template text to evaluate.
    #[arg(short = 'e', long = "expr", conflicts_with = "file")]
    pub expr: Option<String>,
    /// File holding the template.
    pub file: Option<std::path::PathBuf>,
    /// Values files (merged in order).
    #[arg(short = 'f', long = "values")]
    pub values: Vec<std::path::PathBuf>,
    /// Values given as key=value.
    #[arg(long = "set")]
    pub set: Vec<String>,
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
        Command::Eval(_args) => {
            eprintln!("eval: not wired yet");
            2
        }
    }
}
