//! The `render` command: load, render, print like `helm template`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cli::{read, RenderArgs, RenderFormat, ValuesArgs};
use crate::template::value::{Entries, Value};
use crate::yaml::to_value::load_values_v4;

use super::chart::{render_chart, RenderOptions};
use super::context::ReleaseInfo;
use super::manifests::{crd_files, template_output, TemplateOutput};
use super::values::merge_maps;
use crate::chart::strvals::{apply_set_flags, SetFlags};
use crate::funcs::sprig2::semver::Version;
use crate::funcs::sprig2::semver_constraint::Constraints;

/// Builds the user values from `-f` files and `--set` flags (Helm's order).
pub fn user_values(a: &ValuesArgs) -> Result<Entries, String> {
    user_values_with_files(a).map(|(values, _)| values)
}

/// [`user_values`], with the `-f` files' paths and texts (in merge order), for
/// locating values in findings.
pub fn user_values_with_files(a: &ValuesArgs) -> Result<(Entries, Vec<(PathBuf, String)>), String> {
    let mut out = Entries::new();
    let mut files = Vec::with_capacity(a.values.len());
    for f in &a.values {
        let text = read(f)?;
        merge_values_text(&mut out, f, &text)?;
        files.push((f.clone(), text));
    }
    apply_values_flags(&mut out, a)?;
    Ok((out, files))
}

/// Merges the values document `text` (of file `path`, named in errors) over `out`, as
/// Helm merges `-f` files.
pub fn merge_values_text(out: &mut Entries, path: &Path, text: &str) -> Result<(), String> {
    let v = load_values_v4(text).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Value::Map(m) = v {
        merge_maps(out, m.entries.borrow().clone());
    }
    Ok(())
}

/// Applies the `--set` family of `a` (not its `-f` files) over `out`, in Helm's order.
pub fn apply_values_flags(out: &mut Entries, a: &ValuesArgs) -> Result<(), String> {
    let flags = SetFlags {
        json: a.set_json.clone(),
        set: a.set.clone(),
        string: a.set_string.clone(),
        file: a.set_file.clone(),
        literal: a.set_literal.clone(),
    };
    apply_set_flags(out, &flags, &read_value_file).map_err(|e| e.message)
}

/// Reads a `--set-file` file, with Go's error wording.
fn read_value_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("open {path}: no such file or directory"),
        _ => format!("read {path}: {e}"),
    })
}

/// Helm's `IsCompatibleRange`: whether `version` satisfies the semver constraint `range`.
pub fn version_in_range(range: &str, version: &str) -> bool {
    let Ok(v) = Version::parse(version) else {
        return false;
    };
    Constraints::parse(range).is_ok_and(|c| c.check(&v))
}

/// Runs `render`.
pub fn render_cmd(a: &RenderArgs) -> Result<String, String> {
    let path = Path::new(&a.chart);
    let chart = crate::chart::load_error::load_installable(path)?;
    let user = user_values(&a.values)?;
    let opts = RenderOptions {
        release: ReleaseInfo {
            name: a.name.clone(),
            namespace: a.namespace.clone(),
            ..ReleaseInfo::default()
        },
        kube_version: a.kube_version.clone(),
        api_versions: a.api_versions.clone(),
        skip_schema_validation: a.skip_schema_validation,
        lint_keys: false,
    };
    let rendered = render_chart(&chart, &user, &opts, version_in_range)
        .map_err(|e| crate::chart::load_error::render_error_text(path, &chart, e.message))?;
    for warning in crate::lint::schema_unchecked::summaries(&rendered.schema_unchecked) {
        eprintln!("warning: {warning}");
    }
    let texts: BTreeMap<String, String> = rendered
        .templates
        .iter()
        .map(|(k, v)| (k.clone(), v.text.clone()))
        .collect();
    match a.output {
        RenderFormat::Json => {
            let crds: BTreeMap<String, String> = crd_files(&rendered.chart)
                .into_iter()
                .map(|(path, text)| (path, text.to_string()))
                .collect();
            let doc = serde_json::json!({"templates": texts, "crds": crds});
            Ok(format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            ))
        }
        RenderFormat::Yaml => template_output(
            &texts,
            &rendered.chart,
            &TemplateOutput {
                include_crds: a.include_crds,
                show_only: a.show_only.clone(),
                skip_tests: a.skip_tests,
                no_hooks: a.no_hooks,
            },
        ),
    }
}
