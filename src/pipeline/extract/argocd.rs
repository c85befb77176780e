//! Argo CD `Application` / `ApplicationSet` (its `spec.template`).
//!
//! Argo CD only renders the chart (`helm template`) and applies the result itself,
//! so the only Helm-flag equivalents are the sync options `Replace=true` (kubectl
//! replace/create, like Helm 3 `--force`) and `Force=true` (delete and recreate).
//! The helm source's chart, release name and `valueFiles` are kept for linting the
//! chart that is deployed.

use super::yaml_util::Anchors;
use crate::pipeline::model::{
    Extraction, HelmVersion, Located, ReleaseSetting, ReleaseSystem, Setting, SettingKind,
};
use crate::yaml::Node;

/// Reads one `Application` or `ApplicationSet` document.
pub fn document(a: &Anchors<'_>, root: &Node, out: &mut Extraction) {
    let Some(mut spec) = a.get(root, "spec") else {
        return;
    };
    let mut meta = a.get(root, "metadata");
    if a.get(root, "kind").and_then(|k| k.as_scalar()) == Some("ApplicationSet") {
        let Some(template) = a.get(spec, "template") else {
            return;
        };
        meta = a.get(template, "metadata");
        let Some(s) = a.get(template, "spec") else {
            return;
        };
        spec = s;
    }
    let name = meta.and_then(|m| a.get(m, "name"));
    let mut sources: Vec<&Node> = a.get(spec, "source").into_iter().collect();
    if let Some(list) = a.get(spec, "sources") {
        sources.extend(a.items(list));
    }
    let mut chart = None;
    let mut release = None;
    let mut values_files = Vec::new();
    for src in sources {
        let Some(helm) = a.get(src, "helm") else {
            continue;
        };
        chart = chart.or_else(|| a.get(src, "chart").or_else(|| a.get(src, "path")));
        release = release.or_else(|| a.get(helm, "releaseName"));
        if let Some(list) = a.get(helm, "valueFiles") {
            values_files.extend(
                a.items(list)
                    .into_iter()
                    .filter_map(|f| f.as_scalar().map(|t| Located::new(t.to_string(), f.span))),
            );
        }
    }
    let mut settings = Vec::new();
    if let Some(options) = a
        .get(spec, "syncPolicy")
        .and_then(|p| a.get(p, "syncOptions"))
    {
        for item in a.items(options) {
            let Some(text) = item.as_scalar() else {
                continue;
            };
            let Some((key, value)) = text.split_once('=') else {
                continue;
            };
            if matches!(key.trim(), "Replace" | "Force") {
                settings.push(Setting {
                    kind: SettingKind::Force,
                    key: format!("syncOptions: {}", text.trim()),
                    value: value.trim().to_string(),
                    span: item.span,
                });
            }
        }
    }
    let located = |n: Option<&Node>| {
        n.and_then(|n| n.as_scalar().map(|t| Located::new(t.to_string(), n.span)))
    };
    out.releases.push(ReleaseSetting {
        system: ReleaseSystem::ArgoCd,
        release: located(release.or(name)),
        chart: located(chart),
        span: name.map_or(root.span, |n| n.span),
        settings,
        helm_version: HelmVersion::default(),
        values_files,
    });
}
