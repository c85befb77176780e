//! justfiles (`justfile`, `.justfile`, `*.just`).
//!
//! A recipe's body lines each run in their own `sh -cu` (or the `set shell :=`
//! command): no `-e` across a line's commands, and a line prefixed with `-`
//! (alone or with `@`) has its failure ignored. A body starting with a shebang,
//! or a recipe marked `[script]` (default interpreter `sh -eu`), runs as one
//! script. `{{ name }}` interpolations are masked and take the value of a
//! literal assignment (`name := "value"`) or recipe parameter default.

use std::collections::HashMap;

use super::invocations_in_script;
use super::shell_file::{shebang_is_posix_shell, shebang_options};
use super::support::premask;
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::helm::version_evidence;
use crate::pipeline::model::{ExecContext, Extraction, FailureIgnored, IgnoreKind};
use crate::pipeline::shell::ShellOptions;
use crate::pipeline::source::{SourceFile, Span};

/// A recipe: its name, whether it is a `[script]` recipe, its parameter defaults,
/// and its body lines (file offset of the text after the indentation, the text).
struct Recipe {
    name: String,
    script: bool,
    params: HashMap<String, String>,
    lines: Vec<(usize, String)>,
}

/// Extracts the Helm invocations of a justfile.
pub fn extract(file: &SourceFile) -> Extraction {
    let mut out = Extraction::default();
    let (recipes, vars, shell) = read(&file.text);
    let (line_errexit, line_pipefail) = shell;
    let base = ExecContext {
        helm_version: version_evidence(file),
        ..ExecContext::default()
    };
    for r in &recipes {
        let mut vars = vars.clone();
        vars.extend(r.params.clone());
        let mut ctx = base.clone();
        ctx.label = format!("recipe {}", r.name);
        let value = |inner: &str| vars.get(inner).cloned();
        let first = r.lines.iter().find(|(_, t)| !t.trim().is_empty());
        let shebang = first.is_some_and(|(_, t)| t.starts_with("#!"));
        if shebang || r.script {
            let errexit = match first {
                Some((_, t)) if shebang && shebang_is_posix_shell(t) => shebang_options(t).0,
                Some(_) if shebang => continue,
                _ => true,
            };
            let mut script = EmbeddedText::new();
            for (at, text) in &r.lines {
                script.push_piece(&EmbeddedText::verbatim(text, *at));
            }
            let premasked = premask(&mut script, "{{", "}}", &value);
            let opts = ShellOptions {
                errexit,
                premasked,
                ..ShellOptions::default()
            };
            invocations_in_script(&script, &opts, &ctx, &mut out);
            continue;
        }
        let mut i = 0;
        while i < r.lines.len() {
            // A line ending in `\` continues on the next; the shell joins them.
            let (start, first_text) = &r.lines[i];
            let mut script = EmbeddedText::verbatim(first_text, *start);
            while r.lines[i].1.ends_with('\\') && i + 1 < r.lines.len() {
                i += 1;
                script.push_piece(&EmbeddedText::verbatim(&r.lines[i].1, r.lines[i].0));
            }
            i += 1;
            let prefix = first_text.len() - first_text.trim_start_matches(['-', '@']).len();
            let mut ctx = ctx.clone();
            if let Some(dash) = first_text[..prefix].find('-') {
                ctx.ignored.push(FailureIgnored {
                    kind: IgnoreKind::JustIgnore,
                    span: Some(Span {
                        start: start + dash,
                        end: start + dash + 1,
                    }),
                });
            }
            // Drop the prefix characters (keeping offsets) before the shell sees them.
            script.text.replace_range(..prefix, &" ".repeat(prefix));
            let premasked = premask(&mut script, "{{", "}}", &value);
            let opts = ShellOptions {
                errexit: line_errexit,
                pipefail: line_pipefail,
                premasked,
                ..ShellOptions::default()
            };
            invocations_in_script(&script, &opts, &ctx, &mut out);
        }
    }
    out
}

/// The recipes, literal variables, and the `(errexit, pipefail)` of `set shell`.
fn read(text: &str) -> (Vec<Recipe>, HashMap<String, String>, (bool, bool)) {
    let mut recipes: Vec<Recipe> = Vec::new();
    let mut vars = HashMap::new();
    let mut shell = (false, false);
    let mut in_recipe = false;
    let mut script_attr = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches([' ', '\t']).len();
        if in_recipe && (indent > 0 || body.trim().is_empty()) {
            if let Some(r) = recipes.last_mut() {
                r.lines.push((start + indent, body[indent..].to_string()));
            }
            continue;
        }
        in_recipe = false;
        let t = body.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with('[') {
            script_attr |= t.contains("script");
            continue;
        }
        if let Some(rest) = t.strip_prefix("set shell") {
            let words: Vec<&str> = rest.split('"').skip(1).step_by(2).collect();
            let flags = words.iter().skip(1);
            shell = (
                flags
                    .clone()
                    .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('e')),
                words.contains(&"pipefail"),
            );
            continue;
        }
        if let Some((name, value)) = t.trim_start_matches("export ").split_once(":=") {
            let v = value.trim();
            if let Some(lit) = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            {
                vars.insert(name.trim().to_string(), lit.to_string());
            }
            continue;
        }
        let Some((head, _deps)) = t.split_once(':') else {
            continue;
        };
        let mut words = head.trim_start_matches('@').split_whitespace();
        let Some(name) = words.next() else { continue };
        let params = words
            .filter_map(|p| p.trim_start_matches(['+', '*', '$']).split_once('='))
            .map(|(k, v)| (k.to_string(), v.trim_matches(['"', '\'']).to_string()))
            .collect();
        recipes.push(Recipe {
            name: name.to_string(),
            script: std::mem::take(&mut script_attr),
            params,
            lines: Vec::new(),
        });
        in_recipe = true;
    }
    for r in &mut recipes {
        while r.lines.last().is_some_and(|(_, t)| t.trim().is_empty()) {
            r.lines.pop();
        }
    }
    (recipes, vars, shell)
}
