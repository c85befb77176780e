//! Helm 3.21 and 4.2 flag tables for the commands the linter models.
//!
//! Only what the tokenizer and the rules need: a flag's names, whether it takes a
//! value (and how), on which commands and in which major versions it exists.

use crate::pipeline::model::HelmCommand;

/// How a flag takes its value (spf13/pflag).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// A bool: takes a value only through `=`.
    Bool,
    /// An optional-value flag (`NoOptDefVal`, e.g. `--dry-run`, Helm 4 `--wait`):
    /// takes a value only through `=`.
    Optional,
    /// Takes a value (`--flag value` or `--flag=value`).
    Value,
    /// A `StringSlice`: takes a value, repeats append, values split on commas.
    Slice,
    /// A `StringArray`: takes a value, repeats append, no comma splitting.
    Array,
}

impl FlagKind {
    /// Whether `--flag word` takes `word` as the value.
    pub fn takes_next_word(self) -> bool {
        matches!(self, FlagKind::Value | FlagKind::Slice | FlagKind::Array)
    }
}

/// Commands a flag belongs to (bit set).
pub type Cmds = u8;
/// `install`.
pub const I: Cmds = 1;
/// `upgrade`.
pub const U: Cmds = 2;
/// `rollback`.
pub const R: Cmds = 4;
/// `uninstall`.
pub const X: Cmds = 8;
/// `template`.
pub const T: Cmds = 16;
/// Every modeled command (global flags).
pub const ALL: Cmds = I | U | R | X | T;

/// Major versions a flag exists in (bit set).
pub type Vers = u8;
/// Helm 3.
pub const H3: Vers = 1;
/// Helm 4.
pub const H4: Vers = 2;
/// Both.
pub const H34: Vers = H3 | H4;

/// One flag.
#[derive(Clone, Copy, Debug)]
pub struct FlagSpec {
    /// Long name, without dashes.
    pub long: &'static str,
    /// Short name.
    pub short: Option<char>,
    /// Value handling.
    pub kind: FlagKind,
    /// Commands.
    pub cmds: Cmds,
    /// Versions.
    pub vers: Vers,
}

const fn f(long: &'static str, kind: FlagKind, cmds: Cmds, vers: Vers) -> FlagSpec {
    FlagSpec {
        long,
        short: None,
        kind,
        cmds,
        vers,
    }
}

const fn s(long: &'static str, short: char, kind: FlagKind, cmds: Cmds, vers: Vers) -> FlagSpec {
    FlagSpec {
        long,
        short: Some(short),
        kind,
        cmds,
        vers,
    }
}

use FlagKind::{Array, Bool, Optional, Slice, Value};

/// Install, upgrade and template share the chart and values flags.
const IUT: Cmds = I | U | T;

/// Every flag, Helm 3.21.4 and 4.2.4 (`cmd/helm/*.go`, `pkg/cmd/*.go`,
/// `pkg/cli/environment.go`).
pub static FLAGS: &[FlagSpec] = &[
    // Global flags.
    s("namespace", 'n', Value, ALL, H34),
    f("kubeconfig", Value, ALL, H34),
    f("kube-context", Value, ALL, H34),
    f("kube-token", Value, ALL, H34),
    f("kube-as-user", Value, ALL, H34),
    f("kube-as-group", Array, ALL, H34),
    f("kube-apiserver", Value, ALL, H34),
    f("kube-ca-file", Value, ALL, H34),
    f("kube-tls-server-name", Value, ALL, H34),
    f("registry-config", Value, ALL, H34),
    f("repository-config", Value, ALL, H34),
    f("repository-cache", Value, ALL, H34),
    f("burst-limit", Value, ALL, H34),
    f("qps", Value, ALL, H34),
    f("content-cache", Value, ALL, H4),
    f("color", Value, ALL, H4),
    f("colour", Value, ALL, H4),
    f("debug", Bool, ALL, H34),
    f("kube-insecure-skip-tls-verify", Bool, ALL, H34),
    s("help", 'h', Bool, ALL, H34),
    // Hidden klog flags.
    s("v", 'v', Value, ALL, H34),
    f("vmodule", Value, ALL, H34),
    f("log-file", Value, ALL, H34),
    f("log-dir", Value, ALL, H34),
    f("log-file-max-size", Value, ALL, H34),
    f("stderrthreshold", Value, ALL, H34),
    f("log-backtrace-at", Value, ALL, H34),
    f("logtostderr", Bool, ALL, H34),
    f("alsologtostderr", Bool, ALL, H34),
    f("add-dir-header", Bool, ALL, H34),
    f("skip-headers", Bool, ALL, H34),
    f("skip-log-headers", Bool, ALL, H34),
    f("one-output", Bool, ALL, H34),
    // Chart and values options.
    s("values", 'f', Slice, IUT, H34),
    f("set", Array, IUT, H34),
    f("set-string", Array, IUT, H34),
    f("set-file", Array, IUT, H34),
    f("set-json", Array, IUT, H34),
    f("set-literal", Array, IUT, H34),
    f("version", Value, IUT, H34),
    f("keyring", Value, IUT, H34),
    f("repo", Value, IUT, H34),
    f("username", Value, IUT, H34),
    f("password", Value, IUT, H34),
    f("cert-file", Value, IUT, H34),
    f("key-file", Value, IUT, H34),
    f("ca-file", Value, IUT, H34),
    f("verify", Bool, IUT, H34),
    f("insecure-skip-tls-verify", Bool, IUT, H34),
    f("plain-http", Bool, IUT, H34),
    f("pass-credentials", Bool, IUT, H34),
    f("devel", Bool, IUT, H34),
    f("dependency-update", Bool, IUT, H34),
    f("render-subchart-notes", Bool, IUT, H34),
    f("skip-schema-validation", Bool, IUT, H34),
    f("enable-dns", Bool, IUT, H34),
    f("hide-notes", Bool, IUT, H34),
    f("post-renderer", Value, IUT, H34),
    f("post-renderer-args", Array, IUT, H34),
    s("labels", 'l', Value, I | U | T, H34),
    s("output", 'o', Value, I | U, H34),
    // Command-specific value flags.
    f("timeout", Value, I | U | R | X | T, H34),
    f("description", Value, I | U | X | T, H34),
    f("name-template", Value, I | T, H34),
    f("history-max", Value, U | R, H34),
    f("cascade", Value, X, H34),
    s("show-only", 's', Array, T, H34),
    f("output-dir", Value, T, H34),
    f("kube-version", Value, T, H34),
    s("api-versions", 'a', Slice, T, H34),
    f("server-side", Value, U | R, H4),
    f("server-side", Bool, I | T, H4),
    // Optional-value flags (bools in some versions; both take a value only with `=`).
    f("dry-run", Optional, IUT | R, H34),
    f("dry-run", Bool, X, H34),
    f("wait", Optional, I | U | R | X, H34),
    // Bool flags.
    s("generate-name", 'g', Bool, I | T, H34),
    s("install", 'i', Bool, U, H34),
    f("atomic", Bool, IUT, H34),
    f("rollback-on-failure", Bool, I | U | T, H4),
    f("force", Bool, I | U | R, H34),
    f("force-replace", Bool, I | U | R, H4),
    f("force-conflicts", Bool, I | U | R, H4),
    f("wait-for-jobs", Bool, I | U | R, H34),
    f("cleanup-on-fail", Bool, U | R, H34),
    f("reset-values", Bool, U, H34),
    f("reuse-values", Bool, U, H34),
    f("reset-then-reuse-values", Bool, U, H34),
    f("take-ownership", Bool, I | U, H34),
    f("skip-crds", Bool, IUT, H34),
    f("disable-openapi-validation", Bool, I | U, H34),
    f("no-hooks", Bool, I | U | R | X | T, H34),
    f("create-namespace", Bool, I | U | T, H34),
    f("recreate-pods", Bool, U | R, H3),
    f("replace", Bool, I | T, H34),
    f("hide-secret", Bool, IUT, H34),
    f("validate", Bool, T, H34),
    f("include-crds", Bool, T, H34),
    f("is-upgrade", Bool, T, H34),
    f("release-name", Bool, T, H34),
    f("skip-tests", Bool, T, H34),
    f("keep-history", Bool, X, H34),
    f("ignore-not-found", Bool, X, H34),
];

/// The bit of a command.
pub fn cmd_bit(c: HelmCommand) -> Cmds {
    match c {
        HelmCommand::Install => I,
        HelmCommand::Upgrade => U,
        HelmCommand::Rollback => R,
        HelmCommand::Uninstall => X,
        HelmCommand::Template => T,
    }
}

/// The spec of long flag `name` for `cmd`, preferring one that exists in `vers`.
/// Returns the spec and whether it exists in `vers`.
pub fn lookup_long(name: &str, cmd: HelmCommand, vers: Vers) -> Option<(&'static FlagSpec, bool)> {
    lookup(|f| f.long == name, cmd, vers)
}

/// The spec of short flag `c` for `cmd` (see [`lookup_long`]).
pub fn lookup_short(c: char, cmd: HelmCommand, vers: Vers) -> Option<(&'static FlagSpec, bool)> {
    lookup(|f| f.short == Some(c), cmd, vers)
}

fn lookup(
    pred: impl Fn(&FlagSpec) -> bool,
    cmd: HelmCommand,
    vers: Vers,
) -> Option<(&'static FlagSpec, bool)> {
    let bit = cmd_bit(cmd);
    let mut fallback = None;
    for spec in FLAGS.iter().filter(|f| pred(f) && f.cmds & bit != 0) {
        if spec.vers & vers != 0 {
            return Some((spec, true));
        }
        fallback.get_or_insert((spec, false));
    }
    fallback
}

/// Whether a global flag (given before the subcommand) takes the next word.
pub fn global_takes_value(arg: &str) -> bool {
    if arg.contains('=') {
        return false;
    }
    let is_global_value = |f: &&FlagSpec| f.cmds == ALL && f.kind.takes_next_word();
    if let Some(long) = arg.strip_prefix("--") {
        FLAGS.iter().filter(is_global_value).any(|f| f.long == long)
    } else if let Some(short) = arg.strip_prefix('-') {
        let last = short.chars().last();
        short.chars().count() == 1
            && FLAGS
                .iter()
                .filter(is_global_value)
                .any(|f| f.short.is_some() && f.short == last)
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_follow_command_and_version() {
        let (spec, ok) = lookup_long("server-side", HelmCommand::Upgrade, H4).unwrap();
        assert_eq!((spec.kind, ok), (Value, true));
        let (spec, _) = lookup_long("server-side", HelmCommand::Install, H4).unwrap();
        assert_eq!(spec.kind, Bool);
        let (_, ok) = lookup_long("recreate-pods", HelmCommand::Upgrade, H4).unwrap();
        assert!(!ok);
        assert!(lookup_long("install", HelmCommand::Install, H34).is_none());
        let (spec, _) = lookup_short('f', HelmCommand::Template, H34).unwrap();
        assert_eq!(spec.long, "values");
        assert!(global_takes_value("--kube-context"));
        assert!(global_takes_value("-n"));
        assert!(!global_takes_value("--debug"));
        assert!(!global_takes_value("--namespace=x"));
    }
}
