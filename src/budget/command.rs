//! The `budget` command: render the chart, compute its budget, print it, and check a
//! `--timeout` against it.

use super::duration::{go_duration, parse_timeout};
use super::{budget_chart, format, timeout_too_short, BudgetSettings};
use crate::cli::{BudgetArgs, BudgetFormat};

impl BudgetArgs {
    /// The settings: flags over `base` (the defaults, or the config's `budget:`).
    pub fn settings(&self, base: BudgetSettings) -> BudgetSettings {
        BudgetSettings {
            image_pull_seconds: self.image_pull_seconds.unwrap_or(base.image_pull_seconds),
            nodes: self.nodes.unwrap_or(base.nodes),
            buffer_seconds: self.buffer_seconds.unwrap_or(base.buffer_seconds),
            wait_for_jobs: self.wait_for_jobs || base.wait_for_jobs,
        }
    }
}

/// Runs `budget` and returns the exit code: 0, 1 when `--timeout` is short, 2 on a usage
/// or input error.
pub fn budget_cmd(a: &BudgetArgs) -> i32 {
    match run(a) {
        Ok((out, short)) => {
            print!("{out}");
            i32::from(short)
        }
        Err(msg) => {
            eprintln!("Error: {msg}");
            2
        }
    }
}

fn run(a: &BudgetArgs) -> Result<(String, bool), String> {
    let timeout = a
        .timeout
        .as_deref()
        .map(|t| parse_timeout(t).map_err(|e| format!("--timeout {t:?}: {e}")))
        .transpose()?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = crate::config::Config::discover(a.config.as_deref(), &cwd).map_err(|errors| {
        let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
        all.join("\nError: ")
    })?;
    let values = crate::lint::command::chart_values_args(&a.values, &config, &a.chart, &cwd);
    let user = crate::render::command::user_values(&values)?;
    let settings = a.settings(config.budget_settings());
    let budget = budget_chart(&a.chart, &user, &settings)
        .map_err(|e| format!("{}: {e}", a.chart.display()))?;
    let shortfall = timeout.and_then(|t| timeout_too_short(&budget, t));
    let out = match a.format {
        BudgetFormat::Human => {
            let mut out = format::human(&budget, &a.chart, &cwd, a.explain);
            if let Some(t) = timeout {
                out.push('\n');
                out.push_str(&match &shortfall {
                    Some(s) => format!("error[helm-timeout-too-short]: {}\n", s.message),
                    None => format!(
                        "--timeout {} ({t} s) covers the {} ({} s) this chart needs\n",
                        go_duration(t),
                        go_duration(budget.minimum_seconds),
                        budget.minimum_seconds
                    ),
                });
            }
            out
        }
        BudgetFormat::Json => {
            let mut doc = format::json_value(&budget, &a.chart, &cwd, a.explain);
            if let Some(t) = timeout {
                doc["timeout"] = serde_json::json!({
                    "seconds": t,
                    "enough": shortfall.is_none(),
                    "message": shortfall.as_ref().map(|s| s.message.clone()),
                });
            }
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
    };
    Ok((out, shortfall.is_some()))
}
