//! Argo CD `Application` / `ApplicationSet` (its `spec.template`).
//!
//! Argo CD only renders the chart (`helm template`) and applies the result itself,
//! so the only Helm-flag equivalents are the sync options `Replace=true` (kubectl
//! replace/create, like Helm 3 `--force`) and `Force=true` (delete and recreate).
//! What the helm source deploys is kept for linting the chart ([`deploy_of`]).

use super::release_values::{argocd_escape, file_entries, inline_yaml, set_entry, templated};
use super::yaml_util::{is_true, Anchors};
use crate::pipeline::model::{
    ChartSource, Extraction, HelmVersion, Located, ReleaseDeploy, ReleaseSetting, ReleaseSystem,
    SetKind, Setting, SettingKind,
};
use crate::yaml::Node;

/// Reads one `Application` or `ApplicationSet` document (`text` is the file's text).
pub fn document(a: &Anchors<'_>, root: &Node, text: &str, out: &mut Extraction) {
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
    // The source that renders a chart: the first with `helm:`, else the first with a
    // `path` or `chart` (`ref:` sources only lend their files to `$ref/` values).
    let with = |k: &str| sources.iter().copied().find(|s| a.get(s, k).is_some());
    let source = with("helm")
        .or_else(|| with("path"))
        .or_else(|| with("chart"));
    let helm = source.and_then(|s| a.get(s, "helm"));
    let chart = source.and_then(|s| a.get(s, "chart").or_else(|| a.get(s, "path")));
    let release = helm.and_then(|h| a.get(h, "releaseName"));
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
    let release = located(release.or(name));
    let mut deploy = source.map_or_else(ReleaseDeploy::default, |s| deploy_of(a, s, spec, text));
    deploy.name = release
        .as_ref()
        .filter(|r| !templated(&r.value))
        .map(|r| r.value.clone());
    out.releases.push(ReleaseSetting {
        system: ReleaseSystem::ArgoCd,
        release,
        chart: located(chart),
        span: name.map_or(root.span, |n| n.span),
        settings,
        helm_version: HelmVersion::default(),
        deploy,
    });
}

/// What the source that renders the chart deploys: a `path` in its Git repository
/// (a `chart:` of a Helm repository is remote), `helm.valueFiles` (relative to the
/// path; `$ref/…` files of another source cannot be read), `helm.valuesObject` or
/// else `helm.values`, `helm.parameters` (`--set`, or `--set-string` with
/// `forceString`) and `helm.fileParameters` (`--set-file`), in Argo CD's order; the
/// namespace is `helm.namespace`, else the destination's.
fn deploy_of<'n>(a: &Anchors<'n>, source: &'n Node, spec: &'n Node, text: &str) -> ReleaseDeploy {
    let helm = a.get(source, "helm");
    let scalar = |n: Option<&'n Node>, k: &str| n.and_then(|n| a.get(n, k)?.as_scalar());
    let chart = match (a.get(source, "path"), a.get(source, "chart")) {
        (Some(p), _) => match p.as_scalar() {
            Some(path) if !templated(path) => {
                ChartSource::RepoPath(Located::new(path.to_string(), p.span))
            }
            _ => ChartSource::Unknown,
        },
        (None, Some(_)) => ChartSource::Remote,
        (None, None) => ChartSource::Unknown,
    };
    let mut values = file_entries(a, helm.and_then(|h| a.get(h, "valueFiles")), &|_, p| {
        !templated(p)
    });
    let inline = helm.and_then(|h| {
        let (key, node) = match a.get(h, "valuesObject") {
            Some(o) => ("helm.valuesObject", o),
            None => ("helm.values", a.get(h, "values")?),
        };
        inline_yaml(text, node, key)
    });
    values.extend(inline);
    let items = |k: &str| {
        helm.and_then(|h| a.get(h, k))
            .map(|l| a.items(l))
            .unwrap_or_default()
    };
    for p in items("parameters") {
        let (Some(name), Some(value)) = (scalar(Some(p), "name"), a.get(p, "value")) else {
            continue;
        };
        let v = value.as_scalar().unwrap_or_default();
        let kind = match a.get(p, "forceString").is_some_and(is_true) {
            true => SetKind::String,
            false => SetKind::Set,
        };
        let label = format!("parameter {name}={v}");
        values.push(set_entry(
            kind,
            &argocd_escape(name),
            &argocd_escape(v),
            label,
            value.span,
        ));
    }
    for p in items("fileParameters") {
        let (Some(name), Some(path)) = (scalar(Some(p), "name"), a.get(p, "path")) else {
            continue;
        };
        let v = path.as_scalar().unwrap_or_default();
        let label = format!("fileParameter {name}={v}");
        values.push(set_entry(
            SetKind::File,
            &argocd_escape(name),
            v,
            label,
            path.span,
        ));
    }
    let destination = a.get(spec, "destination");
    ReleaseDeploy {
        chart,
        name: None,
        namespace: scalar(helm, "namespace")
            .or_else(|| scalar(destination, "namespace"))
            .filter(|n| !templated(n))
            .map(str::to_string),
        chart_values: Vec::new(),
        values,
        missing_files_ok: helm
            .and_then(|h| a.get(h, "ignoreMissingValueFiles"))
            .is_some_and(is_true),
    }
}
