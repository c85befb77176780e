//! Pipeline linting: find every Helm invocation and GitOps/IaC release setting in
//! the files that deploy charts, and check how they deploy.
//!
//! Core model first committed in `ca509c7` (see the report of the `pipeline` branch).
//!
//! # Layers
//!
//! ```text
//! file ─► extractor (extract/*) ─► Extraction { invocations, releases, problems }
//!                  │                     │
//!                  │ scripts             └─► rules (rules/*) ─► Finding
//!                  ▼
//!          EmbeddedText (embed) ─► shell (tree-sitter-bash) ─► helm::parse_helm
//! ```
//!
//! * [`source::SourceFile`]: the file text and its line index. Everything is located
//!   by **file byte offsets** ([`source::Span`]); [`finding::Location::of`] turns a
//!   span into `line:column`–`end_line:end_column`.
//! * [`embed::EmbeddedText`]: text that a program runs, taken out of the file (a
//!   YAML `run: |` block, a folded `>` scalar, a quoted scalar, the items of a GitLab
//!   `script:` list joined by line breaks, a Makefile recipe with `$$` made `$`),
//!   with the file offset of every byte. Build one with
//!   [`embed::EmbeddedText::from_yaml_scalar`] / `push_piece` / `push_verbatim`.
//! * [`shell`]: parses a script with tree-sitter-bash, evaluates words (quote
//!   removal, variables assigned earlier in the script or given by the extractor,
//!   unknown variables kept as their source text), masks CI expressions
//!   (`${{ … }}`, Azure `$(var)`) without moving offsets, and reports every `helm`
//!   command with the ways its failure is ignored (`|| true`, `set +e`, pipes
//!   without `pipefail`, …) and kill timers (`timeout 600 helm …`).
//! * [`helm`]: the Helm command line: flag tables for Helm 3 and 4, cobra/pflag
//!   parsing into a [`model::HelmInvocation`], Go durations, version evidence.
//! * [`model`]: what extractors produce: [`model::HelmInvocation`] (command,
//!   release, chart, flags with values and spans, values files, `--set` values,
//!   namespace) with its [`model::ExecContext`] (failure ignored and how, kill
//!   timers, Helm version, a label), and [`model::ReleaseSetting`] for
//!   helmfile/Flux/Argo CD/Terraform releases (normalized [`model::Setting`]s).
//! * [`rules`]: one module per rule id; each looks at an [`model::Extraction`]
//!   and emits [`finding::Finding`]s.
//!
//! # Adding an extractor
//!
//! 1. Add `extract/<system>.rs` with `pub fn extract(file: &SourceFile) -> Extraction`.
//!    For YAML files parse with [`crate::yaml::parse_documents_lossy`] (spans on
//!    every node; anchors are kept as aliases: resolve them with
//!    [`extract::yaml_util`]).
//! 2. For each place a shell script lives, build an [`embed::EmbeddedText`] from
//!    the node(s), choose [`shell::ShellOptions`] (errexit/pipefail defaults of
//!    that system, known variables, which CI expressions to mask), and call
//!    [`extract::invocations_in_script`] with the system-level
//!    [`model::ExecContext`] (e.g. a `continue-on-error` → an
//!    [`model::IgnoreKind::ContinueOnError`] entry with the span of that key, a
//!    `timeout-minutes` → a [`model::KillTimer`]). It parses the script, finds the
//!    `helm` commands and returns located [`model::HelmInvocation`]s.
//! 3. For deploy actions/tasks whose inputs become flags, build the argument list
//!    yourself ([`model::Arg`] per input, spanned at the input's value) and call
//!    [`helm::parse_helm`].
//! 4. For GitOps/IaC files, fill [`model::ReleaseSetting`]s, with what the release
//!    deploys in [`model::ReleaseDeploy`] (chart, values in merge order; inline values
//!    as positioned text, [`extract::release_values`]) so that [`crate::deploy`] lints
//!    the chart with them.
//!    [`extract::support`] has the shared pieces: [`extract::support::each_root`]
//!    (parse a YAML file, syntax errors as problems, base context with the Helm
//!    version), [`extract::support::ArgList`] (a command line from task inputs),
//!    [`extract::support::shell_words`] (a free-text arguments input split as the
//!    shell does, each word located), [`extract::support::premask`] (template
//!    expressions such as `<< parameters.x >>`, `{{.VAR}}`, `${var.x}` masked with
//!    known values), kill timers and release settings from nodes.
//! 5. Register the file kind in [`extract::detect`] (names and YAML content of the
//!    newer systems are in [`extract::kinds`]) and add fixtures under
//!    `tests/fixtures/pipeline/<system>/` with exact `line:col` assertions.

pub mod embed;
pub mod extract;
pub mod finding;
pub mod helm;
pub mod model;
pub mod rules;
pub mod shell;
pub mod source;
pub mod suppress;

use std::path::Path;

pub use finding::{Finding, Location, Related, Severity};
pub use source::SourceFile;

/// The findings of one pipeline file.
#[derive(Clone, Debug)]
pub struct PipelineReport {
    /// The file.
    pub path: std::path::PathBuf,
    /// What was extracted (for "lint what you deploy").
    pub extraction: model::Extraction,
    /// Findings, sorted by location, suppressions applied.
    pub findings: Vec<Finding>,
}

/// Lints one pipeline file whose kind is known.
pub fn lint_source(file: &SourceFile, kind: extract::FileKind) -> PipelineReport {
    lint_extracted(file, extract::extract(file, kind), None, Vec::new())
}

/// Lints one pipeline file from its extraction, with the budgets of the charts its
/// commands deploy when known, and `found`: findings about the file made elsewhere
/// (the chart and `-f` files its commands name, [`crate::deploy`]). Suppression
/// comments apply to all of them.
pub fn lint_extracted(
    file: &SourceFile,
    extraction: model::Extraction,
    budget: Option<rules::BudgetFn<'_>>,
    found: Vec<Finding>,
) -> PipelineReport {
    let mut findings = rules::run_with_budget(file, &extraction, budget);
    findings.extend(found);
    suppress::apply(file, &mut findings);
    findings.sort_by(|a, b| a.location.cmp(&b.location).then(a.rule.cmp(b.rule)));
    PipelineReport {
        path: file.path.clone(),
        extraction,
        findings,
    }
}

/// Lints a pipeline file, detecting its kind from its name and content; `None`
/// when it is not a pipeline file the linter reads.
pub fn lint_path(path: &Path) -> Option<Result<PipelineReport, String>> {
    let file = match SourceFile::read(path) {
        Ok(f) => f,
        Err(e) => return Some(Err(format!("cannot read {}: {e}", path.display()))),
    };
    let kind = extract::detect(&file)?;
    Some(Ok(lint_source(&file, kind)))
}
