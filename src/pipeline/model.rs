//! What extractors produce: Helm invocations and GitOps/IaC release settings, each
//! with the execution context it runs in, every part located in the file.

use super::source::Span;

/// A value with the file span it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

impl<T> Located<T> {
    /// A located value.
    pub fn new(value: T, span: Span) -> Located<T> {
        Located { value, span }
    }
}

/// One argument of a command line, after the shell's quote removal and expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    /// The text. Parts that are not known statically (an unknown `$VAR`, `$(cmd)`,
    /// a CI expression such as `${{ inputs.x }}`) appear as their source text.
    pub text: String,
    /// Whether every part of the text is known.
    pub known: bool,
    /// The file span of the word (for a word split from a variable's value: the
    /// span of the expansion).
    pub span: Span,
    /// Whether this argument comes from an expansion whose value is not known and
    /// that may stand for any number of arguments (`$EXTRA_ARGS`, `"$@"`,
    /// `${{ inputs.args }}`).
    pub opaque: bool,
}

impl Arg {
    /// A known literal argument.
    pub fn literal(text: &str, span: Span) -> Arg {
        Arg {
            text: text.to_string(),
            known: true,
            span,
            opaque: false,
        }
    }
}

/// Helm's major version, as far as the file tells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum HelmMajor {
    /// Nothing says which Helm runs: rules word their message for Helm 3 and 4.
    #[default]
    Unknown,
    /// Helm 2 (Tiller era; `helm init`).
    V2,
    /// Helm 3.
    V3,
    /// Helm 4.
    V4,
}

/// Which Helm runs a command, and why we think so.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelmVersion {
    /// The major version.
    pub major: HelmMajor,
    /// The minor version, when the evidence gives one.
    pub minor: Option<u32>,
    /// The text that says so (`azure/setup-helm version: v3.14.0`,
    /// `image: alpine/helm:3.14`, `helm init`) and where.
    pub evidence: Option<Located<String>>,
}

impl HelmVersion {
    /// Whether this is known to be Helm 4.
    pub fn is_v4(&self) -> bool {
        self.major == HelmMajor::V4
    }

    /// Whether Helm 4 cannot be ruled out (unknown or 4).
    pub fn maybe_v4(&self) -> bool {
        matches!(self.major, HelmMajor::V4 | HelmMajor::Unknown)
    }

    /// Whether this is known to be Helm 3.
    pub fn is_v3(&self) -> bool {
        self.major == HelmMajor::V3
    }

    /// `Helm 3`, `Helm 4`, `Helm 3.14`, or `an unknown Helm version`.
    pub fn describe(&self) -> String {
        let major = match self.major {
            HelmMajor::Unknown => return "an unknown Helm version".into(),
            HelmMajor::V2 => 2,
            HelmMajor::V3 => 3,
            HelmMajor::V4 => 4,
        };
        match self.minor {
            Some(m) => format!("Helm {major}.{m}"),
            None => format!("Helm {major}"),
        }
    }
}

/// How a failure of the command is kept from failing the pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IgnoreKind {
    /// `helm … || true`, `|| :`, `|| echo …`: the right side succeeds.
    OrFallback,
    /// `set +e` (or no `set -e`) before it, and the script goes on after it.
    NoErrexit,
    /// Not the last stage of a pipeline, in a shell without `pipefail`.
    PipeWithoutPipefail,
    /// Not the last command of an `&&` list that is not the end of the script.
    AndListNonFinal,
    /// The condition of an `if` whose failure branch does not fail.
    IfCondition,
    /// Run in the background with `&`.
    Background,
    /// Inside `$(…)` whose status is lost (an argument, `local`/`export x=$(…)`).
    CommandSubstitution,
    /// GitHub Actions `continue-on-error: true` (step or job).
    ContinueOnError,
    /// GitLab CI `allow_failure: true` (or exit codes).
    AllowFailure,
    /// GitLab CI `when: manual` without `allow_failure: false`.
    ManualJob,
    /// GitLab CI `after_script` (its failures never fail the job).
    AfterScript,
    /// Azure Pipelines `continueOnError: true`.
    AzureContinueOnError,
    /// Jenkins `sh(returnStatus: true)`.
    ReturnStatus,
    /// Jenkins `catchError {}` / `warnError {}`.
    CatchError,
    /// Tekton `onError: continue`.
    OnErrorContinue,
    /// A Makefile recipe line starting with `-` (or `.IGNORE`).
    MakeIgnore,
    /// Taskfile `ignore_error: true`.
    IgnoreError,
    /// Bitbucket Pipelines `after-script` (its result never changes the step's).
    BitbucketAfterScript,
    /// A justfile recipe line starting with `-`.
    JustIgnore,
    /// Terraform `local-exec` provisioner with `on_failure = continue`.
    OnFailureContinue,
}

impl IgnoreKind {
    /// A short phrase for messages ("`|| true`", "`continue-on-error: true`").
    pub fn phrase(&self) -> &'static str {
        match self {
            IgnoreKind::OrFallback => "an `||` fallback that succeeds",
            IgnoreKind::NoErrexit => "a shell without `set -e` that goes on after it",
            IgnoreKind::PipeWithoutPipefail => "a pipe in a shell without `pipefail`",
            IgnoreKind::AndListNonFinal => "an `&&` list that is not the end of the script",
            IgnoreKind::IfCondition => "an `if` condition whose failure branch does not fail",
            IgnoreKind::Background => "running it in the background with `&`",
            IgnoreKind::CommandSubstitution => "a `$(…)` whose exit status is lost",
            IgnoreKind::ContinueOnError => "`continue-on-error: true`",
            IgnoreKind::AllowFailure => "`allow_failure`",
            IgnoreKind::ManualJob => {
                "`when: manual` (manual jobs default to `allow_failure: true`)"
            }
            IgnoreKind::AfterScript => "`after_script` (its failures never fail the job)",
            IgnoreKind::AzureContinueOnError => "`continueOnError: true`",
            IgnoreKind::ReturnStatus => "`returnStatus: true`",
            IgnoreKind::CatchError => "`catchError`/`warnError`",
            IgnoreKind::OnErrorContinue => "`onError: continue`",
            IgnoreKind::MakeIgnore => "make's `-` prefix (errors ignored)",
            IgnoreKind::IgnoreError => "`ignore_error: true`",
            IgnoreKind::BitbucketAfterScript => "`after-script` (its failures never fail the step)",
            IgnoreKind::JustIgnore => "just's `-` prefix (errors ignored)",
            IgnoreKind::OnFailureContinue => "`on_failure = continue`",
        }
    }
}

/// One way the failure of a command is ignored, with the text that does it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailureIgnored {
    /// How.
    pub kind: IgnoreKind,
    /// The text that does it (`|| true`, `continue-on-error: true`), when it is
    /// written somewhere.
    pub span: Option<Span>,
}

/// A timer that kills the command (and Helm with it) when it runs too long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KillTimer {
    /// The limit in seconds.
    pub seconds: u64,
    /// What sets it (`timeout-minutes: 10`, `timeout: 30m`, `timeout 600`).
    pub what: String,
    /// Where it is written; `None` for a system default (CircleCI's 10m
    /// `no_output_timeout`).
    pub span: Option<Span>,
}

/// Where and how a command runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecContext {
    /// Every way its failure is ignored (empty: a failure fails the pipeline).
    pub ignored: Vec<FailureIgnored>,
    /// Timers that can kill it, innermost first.
    pub kill_timers: Vec<KillTimer>,
    /// Which Helm runs it.
    pub helm_version: HelmVersion,
    /// A label for messages: the job, step or target (`job deploy, step "Upgrade"`).
    pub label: String,
}

/// A Helm subcommand the linter models.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelmCommand {
    /// `helm install`.
    Install,
    /// `helm upgrade` (with or without `--install`).
    Upgrade,
    /// `helm rollback`.
    Rollback,
    /// `helm uninstall` (`un`, `del`, `delete`).
    Uninstall,
    /// `helm template`.
    Template,
}

impl HelmCommand {
    /// The command by name or alias.
    pub fn from_name(name: &str) -> Option<HelmCommand> {
        Some(match name {
            "install" => HelmCommand::Install,
            "upgrade" => HelmCommand::Upgrade,
            "rollback" => HelmCommand::Rollback,
            "uninstall" | "un" | "del" | "delete" => HelmCommand::Uninstall,
            "template" => HelmCommand::Template,
            _ => return None,
        })
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            HelmCommand::Install => "install",
            HelmCommand::Upgrade => "upgrade",
            HelmCommand::Rollback => "rollback",
            HelmCommand::Uninstall => "uninstall",
            HelmCommand::Template => "template",
        }
    }

    /// Whether this command deploys a chart (install or upgrade).
    pub fn deploys(self) -> bool {
        matches!(self, HelmCommand::Install | HelmCommand::Upgrade)
    }
}

/// How a flag got its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueForm {
    /// No value (a bool or optional-value flag used bare).
    Bare,
    /// `--flag=value` or `-f=value`.
    Equals,
    /// `--flag value` / `-f value`: the next word.
    NextWord,
    /// `-fvalue`: attached to a short flag.
    Attached,
}

/// One flag as written on a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagUse {
    /// The canonical long name without dashes (`values` for `-f`, `atomic`).
    pub name: String,
    /// As written (`-f`, `--values`, `-i` inside `-if`).
    pub written: String,
    /// The value, if it took one.
    pub value: Option<Arg>,
    /// How it got its value.
    pub form: ValueForm,
    /// The span of the flag itself (the word, or the letter in a cluster).
    pub span: Span,
    /// Whether Helm knows this flag for this command and version (false: Helm
    /// fails with `unknown flag`).
    pub known: bool,
    /// For a bool or optional-value flag used bare: the word right after it when
    /// that word became a positional argument (`--atomic false`, `--dry-run server`).
    pub followed_by: Option<Arg>,
}

/// What kind of `--set` a value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetKind {
    /// `--set`.
    Set,
    /// `--set-string`.
    String,
    /// `--set-file`.
    File,
    /// `--set-json`.
    Json,
    /// `--set-literal`.
    Literal,
}

/// A parsed Helm command line (`helm upgrade --install r ./chart -f v.yaml ...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelmInvocation {
    /// The subcommand.
    pub command: HelmCommand,
    /// The whole command's span (from `helm` to its last argument).
    pub span: Span,
    /// The span of `helm <command>`, where invocation-level findings point.
    pub head_span: Span,
    /// Positional arguments, in order.
    pub positionals: Vec<Arg>,
    /// The release name (first positional of install without `-g`, upgrade,
    /// rollback, uninstall, template).
    pub release: Option<Arg>,
    /// The chart reference (install/upgrade/template).
    pub chart: Option<Arg>,
    /// Every flag, in order.
    pub flags: Vec<FlagUse>,
    /// `-f/--values` files, split on commas as Helm does.
    pub values_files: Vec<Arg>,
    /// `--set*` values, in order.
    pub set_values: Vec<(SetKind, Arg)>,
    /// `-n/--namespace`.
    pub namespace: Option<Arg>,
    /// Whether some argument is an expansion that may hold more flags.
    pub opaque_args: bool,
    /// Where and how it runs.
    pub context: ExecContext,
}

impl HelmInvocation {
    /// The last use of flag `name` (canonical long name).
    pub fn flag(&self, name: &str) -> Option<&FlagUse> {
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// Whether flag `name` is set to true: present bare, or with a true value.
    pub fn flag_on(&self, name: &str) -> bool {
        self.flag(name).is_some_and(|f| match &f.value {
            None => true,
            Some(v) => !matches!(
                v.text.as_str(),
                "false" | "0" | "f" | "F" | "FALSE" | "False"
            ),
        })
    }

    /// A short description for messages: `helm upgrade web ./chart`.
    pub fn describe(&self) -> String {
        let mut s = format!("helm {}", self.command.name());
        for a in [&self.release, &self.chart].into_iter().flatten() {
            s.push(' ');
            s.push_str(&a.text);
        }
        s
    }
}

/// A normalized deploy setting of a GitOps/IaC release (or of a deploy action's
/// inputs): the same meanings as the Helm flags they stand for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingKind {
    /// `--force` / `--force-replace` (helmfile `force`, Flux `upgrade.force`,
    /// Terraform `force_update`, Argo `Replace=true`/`Force=true`).
    Force,
    /// `--atomic` / `--rollback-on-failure` (helmfile `atomic`, Terraform `atomic`,
    /// Flux remediation).
    Atomic,
    /// `--wait` (true/false).
    Wait,
    /// `--wait-for-jobs`.
    WaitForJobs,
    /// `--timeout`: the value is the raw text; `unit` says what a bare number means
    /// in this system (`None`: a Go duration is required).
    Timeout {
        /// Unit of a bare number (`Some("s")` for helmfile/Terraform seconds).
        bare_number_unit: Option<&'static str>,
    },
    /// `--cleanup-on-fail`.
    CleanupOnFail,
    /// `--recreate-pods` (removed in Helm 4).
    RecreatePods,
    /// `--reuse-values`.
    ReuseValues,
    /// `--server-side` (`true`, `false`, `auto`).
    ServerSide,
}

/// One setting of a release, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// What it means.
    pub kind: SettingKind,
    /// The key as written (`force_update`, `spec.upgrade.force`, `Replace=true`).
    pub key: String,
    /// The raw value text (`true`, `600`, `5m`).
    pub value: String,
    /// Where the setting is written (the value, or the whole item for
    /// `syncOptions` entries).
    pub span: Span,
}

/// Which GitOps/IaC system a release setting belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseSystem {
    /// helmfile `helmDefaults` / `releases[]`.
    Helmfile,
    /// Flux `HelmRelease`.
    Flux,
    /// Argo CD `Application`.
    ArgoCd,
    /// Terraform/OpenTofu `helm_release`.
    Terraform,
}

/// A release declared in a GitOps/IaC file, with its normalized settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseSetting {
    /// The system.
    pub system: ReleaseSystem,
    /// The release name, if given.
    pub release: Option<Located<String>>,
    /// The chart reference, if given.
    pub chart: Option<Located<String>>,
    /// Where the release is declared (findings without a setting point here).
    pub span: Span,
    /// Its settings, in source order.
    pub settings: Vec<Setting>,
    /// Which Helm applies it (Terraform provider 3.x: Helm 3 SDK; Flux ≥ 2.7: Helm 4).
    pub helm_version: HelmVersion,
    /// The chart it deploys and the values it deploys it with, for linting the chart
    /// ("lint what you deploy", [`crate::deploy::release`]).
    pub deploy: ReleaseDeploy,
}

/// Where a release's chart is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ChartSource {
    /// No chart, or one not known statically (a template expression).
    #[default]
    Unknown,
    /// A chart of a repository or registry (`repo/chart`, `oci://`, a Flux
    /// `HelmRepository`, an Argo CD `chart:`): not on this disk.
    Remote,
    /// A path relative to the directory of the file that declares the release
    /// (helmfile, Terraform).
    FilePath(Located<String>),
    /// A path in the Git repository that holds the file (Flux `GitRepository`
    /// sources, Argo CD `path`).
    RepoPath(Located<String>),
}

/// One source of a release's values, in the order the system merges them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReleaseValues {
    /// A values file as written; relative to the helmfile's directory (helmfile),
    /// the repository root (Flux), the chart's path (Argo CD) or the module's
    /// directory (Terraform).
    File(Located<String>),
    /// Values written in the file itself (helmfile inline `values:`, Flux
    /// `spec.values`, Argo CD `helm.values`/`valuesObject`, Terraform heredocs and
    /// `yamlencode`): YAML text in which every entry keeps its line and column in the
    /// file (everything else blanked), so that findings can point at it.
    Inline {
        /// How labels name it (`values`, `spec.values`, `yamlencode(…)`).
        label: String,
        /// The positioned YAML text.
        text: String,
    },
    /// One value set by name (helmfile `set:`, Argo CD `parameters`, Terraform
    /// `set`), in Helm's `--set` syntax with values escaped as the system does and
    /// unknown parts made placeholders.
    Set {
        /// Which `--set` flag the system passes.
        kind: SetKind,
        /// `name=value`.
        text: String,
        /// How labels name it (`set image.tag=${TAG}`).
        label: String,
        /// Where it is written (for `--set-file` paths that are not there).
        span: Span,
    },
    /// Values the linter cannot read (Flux `valuesFrom`, helmfile `secrets`,
    /// templated paths), named for the label.
    Unread(String),
}

/// What a release deploys, as its system reads the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReleaseDeploy {
    /// Where the chart is.
    pub chart: ChartSource,
    /// The release name the chart is rendered with (`None`: not known statically).
    pub name: Option<String>,
    /// The namespace (`None`: not known statically, or the system's default).
    pub namespace: Option<String>,
    /// Files that replace the chart's own `values.yaml` (Flux
    /// `spec.chart.spec.valuesFiles`: the chart's defaults are these files merged,
    /// `values.yaml` only when listed), relative to the repository root.
    pub chart_values: Vec<Located<String>>,
    /// The values, in merge order.
    pub values: Vec<ReleaseValues>,
    /// Whether missing values files are skipped rather than an error (Argo CD
    /// `ignoreMissingValueFiles`, Flux `ignoreMissingValuesFiles`, helmfile
    /// `missingFileHandler` other than `Error`).
    pub missing_files_ok: bool,
}

impl ReleaseSetting {
    /// The last setting of a kind.
    pub fn get(&self, kind: &SettingKind) -> Option<&Setting> {
        self.settings.iter().rev().find(|s| &s.kind == kind)
    }

    /// The last setting of a kind when it is on (`true`).
    pub fn on(&self, kind: &SettingKind) -> Option<&Setting> {
        self.get(kind).filter(|s| s.is_true())
    }

    /// The first `--timeout` setting (any of them bounds the wait).
    pub fn timeout(&self) -> Option<&Setting> {
        self.settings
            .iter()
            .find(|s| matches!(s.kind, SettingKind::Timeout { .. }))
    }

    /// Whether Helm waits for resources: the last `Wait` setting, else the
    /// system's default (`atomic` implies a wait everywhere).
    pub fn waits(&self) -> bool {
        match self.get(&SettingKind::Wait) {
            Some(w) => w.is_true(),
            None => self.system.waits_by_default(),
        }
    }
}

impl Setting {
    /// Whether the normalized value is YAML/HCL true.
    pub fn is_true(&self) -> bool {
        matches!(self.value.as_str(), "true" | "True" | "TRUE" | "yes" | "on")
    }
}

impl ReleaseSystem {
    /// How messages name the system (`helmfile`, `Flux`, `Argo CD`, `Terraform`).
    pub fn name(self) -> &'static str {
        match self {
            ReleaseSystem::Helmfile => "helmfile",
            ReleaseSystem::Flux => "Flux",
            ReleaseSystem::ArgoCd => "Argo CD",
            ReleaseSystem::Terraform => "Terraform",
        }
    }

    /// Whether a release waits for its resources when the file says nothing
    /// (Terraform `wait` defaults to true, Flux waits unless `disableWait`;
    /// helmfile passes `--wait` only when asked; Argo CD never runs `helm upgrade`).
    pub fn waits_by_default(self) -> bool {
        matches!(self, ReleaseSystem::Terraform | ReleaseSystem::Flux)
    }

    /// The timeout that applies when none is set, as the system documents it.
    pub fn default_timeout(self) -> &'static str {
        match self {
            ReleaseSystem::Terraform => "the provider's default of 300 seconds",
            ReleaseSystem::Flux => "the default `spec.timeout` of 5m0s",
            ReleaseSystem::Helmfile | ReleaseSystem::ArgoCd => "Helm's default of 5m0s",
        }
    }
}

/// Everything found in one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extraction {
    /// Helm command lines.
    pub invocations: Vec<HelmInvocation>,
    /// GitOps/IaC releases.
    pub releases: Vec<ReleaseSetting>,
    /// Problems reading the file (YAML syntax errors, unparsable scripts): each
    /// becomes a `pipeline-parse-error` note so nothing is lost silently.
    pub problems: Vec<Located<String>>,
}
