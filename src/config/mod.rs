//! The configuration file `.helm-preflight.yaml`: rules on/off and severity overrides,
//! exemptions, values per chart, and the timeout-budget settings.
//!
//! It is found upward from the working directory (or given with `--config`) and loaded
//! once. Every path in it (`charts[].path`, `charts[].values`, `exemptions[].path`) is
//! relative to the directory of the configuration file. Unknown keys and bad values
//! are errors at their `file:line:col`.
//!
//! ```yaml
//! rules:                       # per rule id: off | on | error | warning | note
//!   readiness-probe-missing: error
//!   crd-in-templates: off
//! exemptions:                  # a finding matching every given field is suppressed
//!   - rule: readiness-probe-missing   # optional; unknown rule ids are errors
//!     path: "charts/legacy/**"        # optional glob on the finding's file
//!     kind: Deployment                # optional
//!     name: "legacy-*"                # optional glob on metadata.name
//!     reason: "migrating in Q3"       # required
//! charts:
//!   - path: charts/api
//!     values: [charts/api/values.yaml, charts/api/values-prod.yaml]
//!     set: ["image.tag=1.2.3"]
//!     timeout: 5m
//! budget:
//!   image_pull_seconds: 30
//!   nodes: 3
//!   buffer_seconds: 60
//! ```

mod nodes;
mod parse;

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use crate::rules::{Finding, ObjectRef, Severity};

/// The configuration file's name.
pub const FILE_NAME: &str = ".helm-preflight.yaml";

/// A value of the configuration with the position it was written at (for findings and
/// messages that point into the configuration file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// 1-based line in the configuration file.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
}

/// What `rules:` says of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    /// `off`: the rule does not run.
    Off,
    /// `on`: the rule runs with its default severity.
    On,
    /// `error`, `warning`, `note`: the rule runs and its findings get this severity.
    Severity(Severity),
}

/// A glob of the configuration (`*` within one path segment, `**` across segments).
#[derive(Clone, Debug)]
pub struct Glob {
    /// The glob as written.
    pub pattern: String,
    /// The compiled glob.
    pub matcher: globset::GlobMatcher,
}

/// One entry of `exemptions:`: a finding that matches every given field is suppressed.
#[derive(Clone, Debug)]
pub struct Exemption {
    /// The rule id, if given.
    pub rule: Option<String>,
    /// The glob on the finding's file path (relative to the configuration's
    /// directory), if given.
    pub path: Option<Glob>,
    /// The object kind, if given.
    pub kind: Option<String>,
    /// The glob on the object's `metadata.name`, if given.
    pub name: Option<Glob>,
    /// Why the findings are accepted.
    pub reason: String,
    /// Line of the entry in the configuration file.
    pub line: u32,
    /// Column of the entry.
    pub column: u32,
}

/// One entry of `charts:`: how a chart is deployed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartSettings {
    /// The chart directory (or archive), absolute.
    pub path: Located<PathBuf>,
    /// The `-f` files the chart is deployed with, absolute, in order.
    pub values: Vec<Located<PathBuf>>,
    /// The `--set` entries the chart is deployed with, in order.
    pub set: Vec<Located<String>>,
    /// The `--timeout` the chart is deployed with.
    pub timeout: Option<Located<Duration>>,
}

/// `budget:`: inputs of the timeout-budget computation (absent fields: its defaults).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BudgetSettings {
    /// Seconds an image pull takes.
    pub image_pull_seconds: Option<Located<u64>>,
    /// Nodes in the cluster (at least 1).
    pub nodes: Option<Located<u64>>,
    /// Seconds of margin on top of the computed time.
    pub buffer_seconds: Option<Located<u64>>,
}

/// The loaded configuration. [`Config::default`] is the configuration of a project
/// without a file: every rule at its default severity, nothing exempted.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it was read from, as shown in messages; `None` without a file.
    pub file: Option<PathBuf>,
    /// The directory paths of the file are relative to (absolute).
    pub base_dir: PathBuf,
    rules: Vec<(String, Located<RuleSetting>)>,
    exemptions: Vec<Exemption>,
    charts: Vec<ChartSettings>,
    budget: BudgetSettings,
}

/// A problem with the configuration file, at its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file as shown.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl Config {
    /// What `rules:` says of rule `id`, if anything.
    pub fn rule_setting(&self, id: &str) -> Option<RuleSetting> {
        self.rules
            .iter()
            .find(|(r, _)| r == id)
            .map(|(_, s)| s.value)
    }

    /// The severity findings of rule `id` get (its default when not configured), or
    /// `None` when the rule is off.
    pub fn severity_of(&self, id: &str, default: Severity) -> Option<Severity> {
        match self.rule_setting(id) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Severity(s)) => Some(s),
            Some(RuleSetting::On) | None => Some(default),
        }
    }

    /// Applies `rules:` to findings: drops those of rules that are off and gives the
    /// others their configured severity.
    pub fn apply_rules(&self, findings: &mut Vec<Finding>) {
        if self.rules.is_empty() {
            return;
        }
        findings.retain_mut(|f| match self.severity_of(f.rule, f.severity) {
            Some(s) => {
                f.severity = s;
                true
            }
            None => false,
        });
    }

    /// The exemptions, in file order.
    pub fn exemptions(&self) -> &[Exemption] {
        &self.exemptions
    }

    /// The first exemption that matches a finding of rule `rule` in `file` (relative to
    /// the working directory or absolute) about `object`: every field the exemption
    /// gives must match (`path` against `file` relative to the configuration's
    /// directory; `kind` and `name` never match a finding without an object).
    pub fn exemption_for(
        &self,
        rule: &str,
        file: &Path,
        object: Option<&ObjectRef>,
    ) -> Option<&Exemption> {
        let relative = self.relative_path(file);
        self.exemptions.iter().find(|e| {
            e.rule.as_deref().is_none_or(|r| r == rule)
                && e.path
                    .as_ref()
                    .is_none_or(|g| relative.as_deref().is_some_and(|p| g.matcher.is_match(p)))
                && e.kind
                    .as_deref()
                    .is_none_or(|k| object.is_some_and(|o| o.kind == k))
                && e.name
                    .as_ref()
                    .is_none_or(|g| object.is_some_and(|o| g.matcher.is_match(&o.name)))
        })
    }

    /// Every `charts:` entry, in file order.
    pub fn charts(&self) -> &[ChartSettings] {
        &self.charts
    }

    /// The settings of the chart at `path` (relative to the working directory or
    /// absolute), if `charts:` names it.
    pub fn chart_settings(&self, path: &Path) -> Option<&ChartSettings> {
        let want = absolute(path);
        self.charts.iter().find(|c| c.path.value == want)
    }

    /// `budget:`.
    pub fn budget(&self) -> &BudgetSettings {
        &self.budget
    }

    /// The settings of the budget model: `budget:` over the model's defaults.
    pub fn budget_settings(&self) -> crate::budget::BudgetSettings {
        let base = crate::budget::BudgetSettings::default();
        let or = |v: &Option<Located<u64>>, d: u64| v.as_ref().map_or(d, |l| l.value);
        crate::budget::BudgetSettings {
            image_pull_seconds: or(&self.budget.image_pull_seconds, base.image_pull_seconds),
            nodes: or(&self.budget.nodes, base.nodes),
            buffer_seconds: or(&self.budget.buffer_seconds, base.buffer_seconds),
            wait_for_jobs: base.wait_for_jobs,
        }
    }

    /// `path` (relative to the working directory or absolute) relative to the
    /// configuration's directory, with `/` separators, as exemption globs see it;
    /// `None` when it lies outside that directory.
    pub fn relative_path(&self, path: &Path) -> Option<String> {
        let rel = absolute(path)
            .strip_prefix(&self.base_dir)
            .ok()?
            .to_path_buf();
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    /// Parses configuration text. `file` is how the file is shown in messages and
    /// `base_dir` the directory its paths are relative to.
    pub fn parse(text: &str, file: &Path, base_dir: &Path) -> Result<Config, Vec<ConfigError>> {
        let mut errs = nodes::Errors {
            file: file.display().to_string(),
            list: Vec::new(),
        };
        let docs = match crate::yaml::parse_documents(text) {
            Ok(d) => d,
            Err(e) => {
                // The position is in front already: drop go-yaml's `yaml: line N: `.
                let message = match e.message.strip_prefix("yaml: line ") {
                    Some(rest) => rest.split_once(": ").map_or(rest, |(_, m)| m),
                    None => &e.message,
                };
                errs.at_pos(e.line, e.col, message);
                return Err(errs.list);
            }
        };
        if let Some(extra) = docs.get(1) {
            errs.at_pos(
                extra.line,
                1,
                "the configuration is one YAML document; remove this `---` and what follows",
            );
        }
        let base_dir = absolute(base_dir);
        let mut cfg = match docs.first().and_then(|d| d.root.as_ref()) {
            Some(root) => parse::config(root, &base_dir, &mut errs),
            None => Config {
                base_dir,
                ..Config::default()
            },
        };
        if !errs.list.is_empty() {
            errs.list.sort_by_key(|e| (e.line, e.column));
            return Err(errs.list);
        }
        cfg.file = Some(file.to_path_buf());
        Ok(cfg)
    }

    /// Reads the configuration file at `path` (shown in messages as given).
    pub fn load(path: &Path) -> Result<Config, Vec<ConfigError>> {
        Config::load_shown(path, path)
    }

    /// Reads the configuration file at `path`, shown in messages as `shown`.
    fn load_shown(path: &Path, shown: &Path) -> Result<Config, Vec<ConfigError>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![ConfigError {
                file: shown.display().to_string(),
                line: 1,
                column: 1,
                message: format!("cannot read the configuration: {e}"),
            }]
        })?;
        let base = absolute(path);
        Config::parse(&text, shown, base.parent().unwrap_or(Path::new("/")))
    }

    /// The configuration for a run in `cwd`: `explicit` (from `--config`) if given,
    /// else the nearest `.helm-preflight.yaml` in `cwd` or one of its parents, else the
    /// default configuration.
    pub fn discover(explicit: Option<&Path>, cwd: &Path) -> Result<Config, Vec<ConfigError>> {
        if let Some(path) = explicit {
            return Config::load(path);
        }
        let cwd = absolute(cwd);
        let mut shown = PathBuf::new();
        for dir in cwd.ancestors() {
            let file = dir.join(FILE_NAME);
            if file.is_file() {
                return Config::load_shown(&file, &shown.join(FILE_NAME));
            }
            shown.push("..");
        }
        Ok(Config {
            base_dir: cwd,
            ..Config::default()
        })
    }
}

/// `path` made absolute (against the working directory) and normalized lexically
/// (`.` and `..` components resolved without following links).
pub fn absolute(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Resolves `.` and `..` components of `path` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests;
