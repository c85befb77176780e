//! Shell scripts (`*.sh`, `*.bash`, files with a POSIX-shell shebang).
//!
//! The whole file is one script. `set -e` is on from the start only when the
//! shebang says so (`#!/bin/bash -e`, `#!/usr/bin/env -S bash -eu`), or when the
//! script is a CircleCI orb's `src/scripts/x.sh` that a command or job of the orb
//! includes (`<<include(scripts/x.sh)>>`): CircleCI runs it with `bash -eo pipefail`.
//! Otherwise a failed `helm` that is not the script's last command is ignored.

use super::invocations_in_script;
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::helm::version_evidence;
use crate::pipeline::model::{ExecContext, Extraction};
use crate::pipeline::shell::ShellOptions;
use crate::pipeline::source::SourceFile;

/// Whether a shebang line runs a POSIX-like shell.
pub fn shebang_is_posix_shell(line: &str) -> bool {
    let words: Vec<&str> = line.trim_start_matches("#!").split_whitespace().collect();
    let prog = match words.first() {
        Some(p) if p.ends_with("/env") => words.iter().skip(1).find(|w| !w.starts_with('-')),
        p => p,
    };
    prog.and_then(|p| p.rsplit('/').next())
        .is_some_and(|p| matches!(p, "sh" | "bash" | "dash" | "ash" | "ksh" | "zsh"))
}

/// The `set -e`/`-o pipefail` a shebang turns on.
pub fn shebang_options(first: &str) -> (bool, bool) {
    if !first.starts_with("#!") {
        return (false, false);
    }
    let mut errexit = false;
    for w in first.split_whitespace().skip(1) {
        if let Some(flags) = w.strip_prefix('-').filter(|f| !f.starts_with('-')) {
            errexit |= flags.contains('e') && w != "-S";
        }
    }
    (errexit, false)
}

/// Whether `path` is `.../scripts/NAME` of a CircleCI orb source tree whose
/// `commands/` or `jobs/` YAML includes it with `<<include(scripts/NAME)>>`.
fn included_by_orb(path: &std::path::Path) -> bool {
    let (Some(name), Some(scripts)) = (path.file_name(), path.parent()) else {
        return false;
    };
    if scripts.file_name().is_none_or(|n| n != "scripts") {
        return false;
    }
    let Some(src) = scripts.parent() else {
        return false;
    };
    let include = format!("<<include(scripts/{})>>", name.to_string_lossy());
    ["commands", "jobs"].iter().any(|dir| {
        std::fs::read_dir(src.join(dir))
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                let p = e.path();
                p.extension().is_some_and(|x| x == "yml" || x == "yaml")
                    && std::fs::read_to_string(&p).is_ok_and(|t| t.contains(&include))
            })
    })
}

/// Extracts the Helm invocations of a shell script.
pub fn extract(file: &SourceFile) -> Extraction {
    let mut out = Extraction::default();
    let (errexit, pipefail) = if included_by_orb(&file.path) {
        (true, true)
    } else {
        shebang_options(file.text.lines().next().unwrap_or(""))
    };
    let opts = ShellOptions {
        errexit,
        pipefail,
        ..ShellOptions::default()
    };
    let base = ExecContext {
        helm_version: version_evidence(file),
        label: String::new(),
        ..ExecContext::default()
    };
    let script = EmbeddedText::verbatim(&file.text, 0);
    invocations_in_script(&script, &opts, &base, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebangs() {
        assert!(shebang_is_posix_shell("#!/usr/bin/env bash"));
        assert!(shebang_is_posix_shell("#!/bin/sh -e"));
        assert!(!shebang_is_posix_shell("#!/usr/bin/env python3"));
        assert_eq!(shebang_options("#!/bin/bash -eu"), (true, false));
        assert_eq!(shebang_options("#!/bin/bash"), (false, false));
    }
}
