//! Shell scripts: parsed with tree-sitter-bash, words evaluated, `helm` commands
//! found with the ways their failure is ignored.
//!
//! [`find_commands`] is the entry point: give it the script text (from an
//! [`EmbeddedText`](crate::pipeline::embed::EmbeddedText)), the
//! [`ShellOptions`] of the system that runs it, and a predicate for command
//! names. Offsets in the result are script offsets; the extractor maps them back
//! to the file.

pub mod mask;
mod walk;
pub mod word;

use std::collections::HashMap;

pub use mask::{Mask, MaskSyntax};
pub use walk::FoundCommand;
pub use word::{Env, Field, VarValue};

/// How the system runs the script.
#[derive(Clone, Debug, Default)]
pub struct ShellOptions {
    /// `set -e` is on from the start (GitHub's `bash -e`, GitLab, Jenkins `sh`).
    pub errexit: bool,
    /// `pipefail` is on from the start (GitHub `shell: bash`, GitLab, CircleCI).
    pub pipefail: bool,
    /// Variables known before the script starts (a step's `env:`, Makefile vars).
    pub env: Env,
    /// CI expressions to mask.
    pub mask: MaskSyntax,
    /// Known values of masked expressions, by their inner text (`inputs.args` →
    /// the input's default).
    pub expression_values: HashMap<String, String>,
    /// Expressions the extractor already replaced by `_` in the script text (make
    /// references, which must be found before `$$` becomes `$`).
    pub premasked: Vec<Mask>,
}

/// The result of scanning a script.
#[derive(Clone, Debug, Default)]
pub struct ScriptScan {
    /// Target commands, in source order.
    pub commands: Vec<FoundCommand>,
    /// Script offset of the first syntax error the parser met (the scan still
    /// covers the rest of the script).
    pub syntax_error: Option<usize>,
}

/// Whether a command name runs Helm: `helm`, `helm3`, `…/helm`, or an unknown
/// expansion that names it (`$HELM`, `${HELM_BIN}`, `$(HELM)`).
pub fn is_helm(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    if matches!(base, "helm" | "helm3" | "helm4" | "helm.exe") {
        return true;
    }
    let upper = name.to_ascii_uppercase();
    name.starts_with('$') && upper.contains("HELM") && !upper.contains("HELMFILE")
}

/// Parses `script` and returns every command whose (evaluated) name satisfies
/// `is_target`.
pub fn find_commands(
    script: &str,
    opts: &ShellOptions,
    is_target: &dyn Fn(&str) -> bool,
) -> ScriptScan {
    let (masked, mut masks) = mask::mask(script, opts.mask);
    for m in &mut masks {
        m.value = opts.expression_values.get(mask::inner(&m.source)).cloned();
    }
    masks.extend(opts.premasked.iter().cloned());
    masks.sort_by_key(|m| m.start);
    let mut parser = tree_sitter::Parser::new();
    if parser
        .set_language(&tree_sitter_bash::LANGUAGE.into())
        .is_err()
    {
        return ScriptScan::default();
    }
    let Some(tree) = parser.parse(&masked, None) else {
        return ScriptScan::default();
    };
    let root = tree.root_node();
    let syntax_error = root.has_error().then(|| first_error(root)).flatten();
    let mut w = walk::Walker {
        src: &masked,
        masks: &masks,
        env: opts.env.clone(),
        errexit: opts.errexit,
        pipefail: opts.pipefail,
        is_target,
        out: Vec::new(),
    };
    w.program(root);
    ScriptScan {
        commands: w.out,
        syntax_error,
    }
}

fn first_error(node: tree_sitter::Node<'_>) -> Option<usize> {
    if node.is_error() || node.is_missing() {
        return Some(node.start_byte());
    }
    let mut cursor = node.walk();
    let children: Vec<_> = node.children(&mut cursor).collect();
    children.into_iter().find_map(first_error)
}

#[cfg(test)]
mod tests;
