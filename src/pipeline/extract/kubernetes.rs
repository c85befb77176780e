//! Kubernetes manifests that deploy charts or run Helm: each document goes to the
//! extractor of its `apiVersion`/`kind` (Flux `HelmRelease`, Argo CD
//! `Application`/`ApplicationSet`, Tekton resources); other documents are skipped.

use super::support::parse_yaml;
use super::yaml_util::Anchors;
use super::{argocd, flux, tekton};
use crate::pipeline::helm::version_evidence;
use crate::pipeline::model::{ExecContext, Extraction};
use crate::pipeline::source::SourceFile;

/// Extracts every document of a manifest file.
pub fn extract(file: &SourceFile) -> Extraction {
    let mut out = Extraction::default();
    let docs = parse_yaml(file, "manifest", &mut out);
    let base = ExecContext {
        helm_version: version_evidence(file),
        ..ExecContext::default()
    };
    for doc in &docs {
        let Some(root) = &doc.root else { continue };
        let a = Anchors::of(root);
        let api = a
            .get(root, "apiVersion")
            .and_then(|v| v.as_scalar())
            .unwrap_or("");
        let kind = a
            .get(root, "kind")
            .and_then(|v| v.as_scalar())
            .unwrap_or("");
        match (api.split('/').next().unwrap_or(""), kind) {
            ("helm.toolkit.fluxcd.io", "HelmRelease") => flux::document(&a, root, &mut out),
            ("argoproj.io", "Application" | "ApplicationSet") => {
                argocd::document(&a, root, &mut out)
            }
            ("tekton.dev", _) => tekton::document(file, &a, root, &base, &mut out),
            _ => {}
        }
    }
    out
}
