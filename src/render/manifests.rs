//! From rendered templates to a release manifest as `helm template` prints it:
//! documents split on `---`, hooks separated, install order by kind, `# Source:`
//! headers, CRDs and `--show-only`.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::chart::load::Chart;
use crate::chart::pathmatch::path_match;
use crate::yaml::{parse_documents, Node};

/// One document of a rendered template.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    /// Template path (`chart/templates/x.yaml`).
    pub source: String,
    /// Document text (left-trimmed, as Helm keeps it).
    pub content: String,
    /// Byte offset of `content` in the template's rendered output.
    pub offset: usize,
    /// Index of the document within its template.
    pub index: usize,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `helm.sh/hook` events when it is a hook.
    pub hook: Option<Vec<String>>,
}

/// Helm's known hook events.
pub const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

/// Helm's install order of kinds.
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Helm's `SplitManifests`: documents separated by lines starting with `---`,
/// empty ones dropped, each left-trimmed. Returns (offset, text) pairs.
pub fn split_manifests(text: &str) -> Vec<(usize, &str)> {
    let lead = text.len() - text.trim_start().len();
    let body = &text[lead..];
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("---") {
            let consumed = 3 + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
            cuts.push((line_start, line_start + consumed));
        }
        line_start += line.len();
    }
    let mut out = Vec::new();
    let mut prev = 0;
    let mut pieces = Vec::new();
    for (a, b) in cuts {
        pieces.push((prev, a));
        prev = b;
    }
    pieces.push((prev, body.len()));
    for (a, b) in pieces {
        let d = &body[a..b];
        if d.trim().is_empty() {
            continue;
        }
        let trimmed = d.trim_start();
        out.push((lead + a + (d.len() - trimmed.len()), trimmed));
    }
    out
}

fn scalar_at<'a>(root: &'a Node, path: &[&str]) -> Option<&'a str> {
    let mut cur = root;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_scalar()
}

/// Splits every template into documents and reads their heads. A document that is
/// not valid YAML is an error naming its template, as in Helm.
pub fn collect_manifests(templates: &BTreeMap<String, String>) -> Result<Vec<Manifest>, String> {
    let mut out = Vec::new();
    for (path, text) in templates {
        let base = path.rsplit('/').next().unwrap_or(path);
        if base.starts_with('_') || path.ends_with("NOTES.txt") || text.trim().is_empty() {
            continue;
        }
        for (index, (offset, doc)) in split_manifests(text).into_iter().enumerate() {
            let parsed =
                parse_documents(doc).map_err(|e| format!("YAML parse error on {path}: {e}"))?;
            let root = parsed.into_iter().next().and_then(|d| d.root);
            let (mut kind, mut name, mut hook) = (String::new(), String::new(), None);
            if let Some(r) = &root {
                kind = scalar_at(r, &["kind"]).unwrap_or_default().to_string();
                name = scalar_at(r, &["metadata", "name"])
                    .unwrap_or_default()
                    .to_string();
                if let Some(h) = scalar_at(r, &["metadata", "annotations", "helm.sh/hook"]) {
                    let events: Vec<String> =
                        h.split(',').map(|e| e.trim().to_lowercase()).collect();
                    if events.iter().any(|e| !HOOK_EVENTS.contains(&e.as_str())) {
                        continue;
                    }
                    hook = Some(events);
                }
            }
            out.push(Manifest {
                source: path.clone(),
                content: doc.to_string(),
                offset,
                index,
                kind,
                name,
                hook,
            });
        }
    }
    Ok(out)
}

fn kind_rank(kind: &str) -> Option<usize> {
    INSTALL_ORDER.iter().position(|k| *k == kind)
}

/// Sorts by Helm's install order (unknown kinds last, alphabetically), stably.
pub fn sort_by_kind(ms: &mut [Manifest]) {
    ms.sort_by(|a, b| match (kind_rank(&a.kind), kind_rank(&b.kind)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.kind.cmp(&b.kind),
    });
}

/// Options of `helm template`-style output.
#[derive(Clone, Debug, Default)]
pub struct TemplateOutput {
    /// `--include-crds`.
    pub include_crds: bool,
    /// `--show-only` patterns.
    pub show_only: Vec<String>,
    /// `--skip-tests`.
    pub skip_tests: bool,
    /// `--no-hooks`.
    pub no_hooks: bool,
}

/// Every `crds/` file of the chart and its enabled subcharts, as (path, text).
pub fn crd_files(chart: &Chart) -> Vec<(String, Rc<str>)> {
    let mut out = Vec::new();
    crds_rec(chart, chart.name().to_string(), &mut out);
    out
}

fn crds_rec(chart: &Chart, id: String, out: &mut Vec<(String, Rc<str>)>) {
    for f in chart.crd_files() {
        out.push((format!("{id}/{}", f.name), f.text()));
    }
    for d in &chart.dependencies {
        crds_rec(d, format!("{id}/charts/{}", d.name()), out);
    }
}

/// The text `helm template` prints.
pub fn template_output(
    templates: &BTreeMap<String, String>,
    chart: &Chart,
    opts: &TemplateOutput,
) -> Result<String, String> {
    let all = collect_manifests(templates)?;
    let (mut hooks, mut generic): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|m| m.hook.is_some());
    sort_by_kind(&mut generic);
    sort_by_kind(&mut hooks);
    let mut body = String::new();
    if opts.include_crds {
        for (path, text) in crd_files(chart) {
            body.push_str(&format!("---\n# Source: {path}\n{text}\n"));
        }
    }
    for m in &generic {
        body.push_str(&format!("---\n# Source: {}\n{}\n", m.source, m.content));
    }
    let mut out = String::new();
    out.push_str(body.trim());
    out.push('\n');
    if !opts.no_hooks {
        for h in &hooks {
            let is_test = h
                .hook
                .as_ref()
                .is_some_and(|e| e.iter().any(|x| x == "test" || x == "test-success"));
            if opts.skip_tests && is_test {
                continue;
            }
            out.push_str(&format!("---\n# Source: {}\n{}\n", h.source, h.content));
        }
    }
    if opts.show_only.is_empty() {
        return Ok(out);
    }
    show_only(&out, &opts.show_only)
}

/// `--show-only`: keeps the documents whose `# Source:` path (without the chart
/// name) matches one of the patterns.
fn show_only(out: &str, patterns: &[String]) -> Result<String, String> {
    let mut kept = String::new();
    let mut missing: Vec<&String> = patterns.iter().collect();
    for doc in out.split("---\n").filter(|d| !d.trim().is_empty()) {
        let Some(src) = doc.strip_prefix("# Source: ") else {
            continue;
        };
        let path = src.lines().next().unwrap_or("");
        let rel = path.split_once('/').map(|(_, r)| r).unwrap_or(path);
        for p in patterns {
            if path_match(p, rel).unwrap_or(false) || path_match(p, path).unwrap_or(false) {
                kept.push_str("---\n");
                kept.push_str(doc);
                missing.retain(|m| *m != p);
                break;
            }
        }
    }
    if let Some(p) = missing.first() {
        return Err(format!("could not find template {p} in chart"));
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_like_helm() {
        let docs = split_manifests("\n\na: 1\n---\n\nb: 2\n--- \n---\n");
        assert_eq!(docs, vec![(2, "a: 1\n"), (12, "b: 2\n")]);
    }
}
