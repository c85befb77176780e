//! helmfile (`helmfile.yaml`, `helmfile.d/*.yaml`, `*.yaml.gotmpl`).
//!
//! `helmDefaults` apply to every release (a release's own key wins); documents
//! separated by `---` are merged as helmfile does. Go template actions (`{{ … }}`)
//! are blanked before parsing (same length, so positions stay), and a setting
//! whose value comes from a template is not judged. Releases with
//! `installed: false` are skipped.
//!
//! helmfile's `timeout` is an **integer number of seconds** (`--timeout <N>s`);
//! `wait`, `waitForJobs`, `atomic` (Helm 4: `--rollback-on-failure`), `force`
//! (Helm 4: `--force-replace`), `cleanupOnFail`, `recreatePods` (passed on Helm 4
//! too, where the flag is gone), `reuseValues` and `serverSide` map to Helm flags.

use super::release_values::{helmfile_escape, inline_yaml, set_entry};
use super::support::{parse_yaml, setting};
use super::yaml_util::{is_false, Anchors};
use crate::deploy::placeholder::PLACEHOLDER;
use crate::pipeline::helm::version_evidence;
use crate::pipeline::model::{
    ChartSource, Extraction, Located, ReleaseDeploy, ReleaseSetting, ReleaseSystem, ReleaseValues,
    SetKind, Setting, SettingKind,
};
use crate::pipeline::source::{SourceFile, Span};
use crate::yaml::Node;

/// The keys of `helmDefaults` and `releases[]` that stand for Helm flags.
const KEYS: &[(&str, SettingKind)] = &[
    ("wait", SettingKind::Wait),
    ("waitForJobs", SettingKind::WaitForJobs),
    (
        "timeout",
        SettingKind::Timeout {
            bare_number_unit: Some("s"),
        },
    ),
    ("force", SettingKind::Force),
    ("atomic", SettingKind::Atomic),
    ("rollbackOnFailure", SettingKind::Atomic),
    ("cleanupOnFail", SettingKind::CleanupOnFail),
    ("recreatePods", SettingKind::RecreatePods),
    ("reuseValues", SettingKind::ReuseValues),
    ("serverSide", SettingKind::ServerSide),
];

/// Extracts the releases of a helmfile.
pub fn extract(file: &SourceFile) -> Extraction {
    let mut out = Extraction::default();
    let (masked, templated) = blank_templates(&file.text);
    let docs = match &masked {
        Some(text) => parse_yaml(&SourceFile::new(&file.path, text), "helmfile", &mut out),
        None => parse_yaml(file, "helmfile", &mut out),
    };
    let parsed_text = masked.as_deref().unwrap_or(&file.text);
    let helm_version = version_evidence(file);
    let is_templated = |n: &Node| {
        templated
            .iter()
            .any(|t| t.start < n.span.end && n.span.start < t.end)
    };
    let read = |a: &Anchors<'_>, node: &Node, settings: &mut Vec<Setting>| {
        for (key, kind) in KEYS {
            let Some(v) = a.get(node, key).filter(|v| !is_templated(v)) else {
                continue;
            };
            settings.extend(setting(kind.clone(), key, v));
        }
    };
    let mut defaults = Vec::new();
    for doc in &docs {
        let Some(root) = &doc.root else { continue };
        let a = Anchors::of(root);
        if let Some(d) = a.get(root, "helmDefaults") {
            read(&a, d, &mut defaults);
        }
    }
    for d in &mut defaults {
        d.key = format!("helmDefaults.{}", d.key);
    }
    for doc in &docs {
        let Some(root) = &doc.root else { continue };
        let a = Anchors::of(root);
        let Some(releases) = a.get(root, "releases") else {
            continue;
        };
        for r in a.items(releases) {
            if a.get(r, "installed").is_some_and(is_false) {
                continue;
            }
            let located = |k: &str| {
                a.get(r, k)
                    .filter(|n| !is_templated(n))
                    .and_then(|n| n.as_scalar().map(|t| Located::new(t.to_string(), n.span)))
            };
            let mut settings = defaults.clone();
            read(&a, r, &mut settings);
            let release = located("name");
            let texts = Texts {
                parsed: parsed_text,
                original: &file.text,
            };
            let deploy = deploy_of(&a, r, texts, &is_templated);
            out.releases.push(ReleaseSetting {
                system: ReleaseSystem::Helmfile,
                span: release.as_ref().map_or(r.span, |n| n.span),
                release,
                chart: located("chart"),
                settings,
                helm_version: helm_version.clone(),
                deploy,
            });
        }
    }
    out
}

/// What a release deploys: its chart (helmfile's rule: `./x`, `../x`, absolute
/// paths, bare names and paths of more than three parts are local, relative to the
/// helmfile's directory; `repo/chart` and URLs are not), name, namespace, and values
/// in helmfile's order: `values:` (files and inline maps), then `set:` entries.
/// `secrets:` and `.gotmpl` values files cannot be read statically.
fn deploy_of(
    a: &Anchors<'_>,
    r: &Node,
    texts: Texts<'_>,
    is_templated: &dyn Fn(&Node) -> bool,
) -> ReleaseDeploy {
    let known = |k: &str| {
        a.get(r, k)
            .filter(|n| !is_templated(n))
            .and_then(|n| n.as_scalar().map(|t| (t.to_string(), n.span)))
    };
    let chart = match a.get(r, "chart") {
        Some(n) if is_templated(n) => ChartSource::Unknown,
        Some(n) => match n.as_scalar() {
            Some(c) if is_local_chart(c) => {
                ChartSource::FilePath(Located::new(c.to_string(), n.span))
            }
            Some(_) => ChartSource::Remote,
            None => ChartSource::Unknown,
        },
        None => ChartSource::Unknown,
    };
    let mut values = Vec::new();
    for v in a.get(r, "values").map(|l| a.items(l)).unwrap_or_default() {
        match v.as_scalar() {
            Some(_) if is_templated(v) => values.push(ReleaseValues::Unread(format!(
                "{} (not known statically)",
                texts.written(v)
            ))),
            Some(path) if path.ends_with(".gotmpl") => {
                values.push(ReleaseValues::Unread(format!("{path} (a template)")))
            }
            Some(path) => values.push(ReleaseValues::File(Located::new(path.to_string(), v.span))),
            None => values.extend(inline_yaml(texts.parsed, v, "values (inline)")),
        }
    }
    for s in a.get(r, "secrets").map(|l| a.items(l)).unwrap_or_default() {
        let name = s.as_scalar().unwrap_or("inline");
        values.push(ReleaseValues::Unread(format!("secrets {name} (encrypted)")));
    }
    for s in a.get(r, "set").map(|l| a.items(l)).unwrap_or_default() {
        values.extend(set_of(a, s, texts, is_templated));
    }
    let handler = known("missingFileHandler").map(|(h, _)| h);
    ReleaseDeploy {
        chart,
        name: known("name").map(|(n, _)| n),
        namespace: known("namespace").map(|(n, _)| n),
        chart_values: Vec::new(),
        values,
        missing_files_ok: handler.is_some_and(|h| h != "Error"),
    }
}

/// One `set:` entry as the `--set` (or `--set-file`) helmfile passes for it.
fn set_of(
    a: &Anchors<'_>,
    s: &Node,
    texts: Texts<'_>,
    is_templated: &dyn Fn(&Node) -> bool,
) -> Option<ReleaseValues> {
    let name = a.get(s, "name")?.as_scalar()?;
    let value_of = |n: &Node| -> String {
        if is_templated(n) {
            PLACEHOLDER.to_string()
        } else {
            n.as_scalar().unwrap_or_default().to_string()
        }
    };
    let (kind, value, node) = match (a.get(s, "value"), a.get(s, "file"), a.get(s, "values")) {
        (Some(v), _, _) if v.as_scalar() != Some("") => {
            (SetKind::Set, helmfile_escape(&value_of(v)), v)
        }
        (_, Some(f), _) => (SetKind::File, value_of(f), f),
        (_, _, Some(list)) => {
            let items: Vec<String> = a
                .items(list)
                .into_iter()
                .map(|i| helmfile_escape(&value_of(i)))
                .collect();
            (SetKind::Set, format!("{{{}}}", items.join(",")), list)
        }
        _ => return None,
    };
    let label = format!("set {name}={}", texts.written(node));
    Some(set_entry(
        kind,
        &helmfile_escape(name),
        &value,
        label,
        node.span,
    ))
}

/// The text the YAML was parsed from (template actions blanked) and the file's own.
#[derive(Clone, Copy)]
struct Texts<'t> {
    parsed: &'t str,
    original: &'t str,
}

impl Texts<'_> {
    /// A node as written in the file (template actions included).
    fn written(&self, n: &Node) -> &str {
        self.original
            .get(n.span.start..n.span.end)
            .unwrap_or("")
            .trim()
    }
}

/// helmfile's `isLocalChart`: `./x` and `../x` are paths; URLs are not; otherwise
/// bare names, absolute paths and paths that are not `repo/chart` (two or three
/// parts) are.
fn is_local_chart(chart: &str) -> bool {
    if chart.starts_with("./") || chart.starts_with("../") {
        return true;
    }
    if chart.contains("://") {
        return false;
    }
    let parts = chart.split('/').count();
    chart.is_empty() || chart.starts_with('/') || !chart.contains('/') || (parts != 2 && parts != 3)
}

/// Blanks Go template actions: a line holding only actions becomes spaces, an
/// action inside a line becomes `_`s. Returns the new text (`None` when there are
/// no actions) and the blanked ranges.
fn blank_templates(text: &str) -> (Option<String>, Vec<Span>) {
    if !text.contains("{{") {
        return (None, Vec::new());
    }
    let mut out = text.as_bytes().to_vec();
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{").map(|i| i + from) {
        let end = text[i..].find("}}").map_or(text.len(), |e| i + e + 2);
        spans.push(Span { start: i, end });
        from = end;
    }
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let inside: Vec<&Span> = spans
            .iter()
            .filter(|s| s.start < line_end && s.end > line_start)
            .collect();
        if !inside.is_empty() {
            let mut rest = line.to_string();
            for s in &inside {
                let (a, b) = (
                    s.start.max(line_start) - line_start,
                    s.end.min(line_end) - line_start,
                );
                rest.replace_range(a..b, &" ".repeat(b - a));
            }
            let only_actions = rest.trim().is_empty() || rest.trim_start().starts_with('#');
            for s in &inside {
                let (a, b) = (s.start.max(line_start), s.end.min(line_end));
                for (k, byte) in out[a..b].iter_mut().enumerate() {
                    // Keep line breaks inside multi-line actions.
                    if text.as_bytes()[a + k] != b'\n' {
                        *byte = if only_actions { b' ' } else { b'_' };
                    }
                }
            }
        }
        line_start = line_end;
    }
    // Only ASCII bytes of whole actions were replaced by ASCII.
    let masked = String::from_utf8(out).unwrap_or_else(|_| text.to_string());
    (Some(masked), spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_actions_are_blanked_in_place() {
        let src =
            "{{ if .Values.x }}\nreleases:\n- name: a\n  timeout: {{ .Values.t }}\n{{ end }}\n";
        let (text, spans) = blank_templates(src);
        let text = text.unwrap();
        assert_eq!(text.len(), src.len());
        assert_eq!(spans.len(), 3);
        assert!(text.starts_with("                  \nreleases:"));
        assert!(text.contains(&format!(
            "  timeout: {}\n",
            "_".repeat("{{ .Values.t }}".len())
        )));
    }
}
