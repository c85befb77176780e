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

use super::support::{parse_yaml, setting};
use super::yaml_util::{is_false, Anchors};
use crate::pipeline::helm::version_evidence;
use crate::pipeline::model::{
    Extraction, Located, ReleaseSetting, ReleaseSystem, Setting, SettingKind,
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
    let docs = match masked {
        Some(text) => parse_yaml(&SourceFile::new(&file.path, text), "helmfile", &mut out),
        None => parse_yaml(file, "helmfile", &mut out),
    };
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
            let values_files = a
                .get(r, "values")
                .map(|list| {
                    a.items(list)
                        .into_iter()
                        .filter(|f| !is_templated(f))
                        .filter_map(|f| f.as_scalar().map(|t| Located::new(t.to_string(), f.span)))
                        .collect()
                })
                .unwrap_or_default();
            let release = located("name");
            out.releases.push(ReleaseSetting {
                system: ReleaseSystem::Helmfile,
                span: release.as_ref().map_or(r.span, |n| n.span),
                release,
                chart: located("chart"),
                settings,
                helm_version: helm_version.clone(),
                values_files,
            });
        }
    }
    out
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
