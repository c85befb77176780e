//! Kubernetes manifests that deploy charts or run Helm: each document goes to the
//! extractor of its `apiVersion`/`kind` (Flux `HelmRelease`, Argo CD
//! `Application`/`ApplicationSet`, Tekton resources); other documents are skipped.

use super::support::each_root;
use super::{argocd, flux, tekton};
use crate::pipeline::model::Extraction;
use crate::pipeline::source::SourceFile;

/// Extracts every document of a manifest file.
pub fn extract(file: &SourceFile) -> Extraction {
    each_root(file, "manifest", |root, a, base, out| {
        let api = a
            .get(root, "apiVersion")
            .and_then(|v| v.as_scalar())
            .unwrap_or("");
        let kind = a
            .get(root, "kind")
            .and_then(|v| v.as_scalar())
            .unwrap_or("");
        match (api.split('/').next().unwrap_or(""), kind) {
            ("helm.toolkit.fluxcd.io", "HelmRelease") => flux::document(a, root, &file.text, out),
            ("argoproj.io", "Application" | "ApplicationSet") => {
                argocd::document(a, root, &file.text, out)
            }
            ("tekton.dev", _) => tekton::document(file, a, root, base, out),
            _ => {}
        }
    })
}
