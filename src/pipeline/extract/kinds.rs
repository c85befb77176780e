//! Detecting the CI/CD, GitOps and IaC files beyond GitHub, GitLab, shell, make
//! and Jenkins: by file name first, then by what a YAML file holds.

use super::FileKind;
use crate::yaml::{Document, Node};

/// The kind of a file from its path (`/`-separated) and lower-case base name.
pub fn by_name(path: &str, lower: &str) -> Option<FileKind> {
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    let lower_path = path.to_ascii_lowercase();
    Some(match lower {
        "justfile" | ".justfile" => FileKind::Justfile,
        _ if lower.ends_with(".just") => FileKind::Justfile,
        "dockerfile" | "containerfile" => FileKind::Dockerfile,
        _ if lower.starts_with("dockerfile.") || lower.ends_with(".dockerfile") => {
            FileKind::Dockerfile
        }
        _ if lower.ends_with(".tf") || lower.ends_with(".tofu") => FileKind::Terraform,
        _ if lower.ends_with("helmfile.yaml.gotmpl")
            || lower.ends_with("helmfile.yml")
            || lower.ends_with("helmfile.yaml") =>
        {
            FileKind::Helmfile
        }
        _ if yaml && lower_path.contains("helmfile.d/") => FileKind::Helmfile,
        _ if yaml && lower.starts_with("bitbucket-pipelines") => FileKind::Bitbucket,
        _ if yaml && lower.starts_with("taskfile") => FileKind::Taskfile,
        _ if yaml
            && (lower.starts_with("azure-pipelines")
                || lower.ends_with(".azure-pipelines.yml")) =>
        {
            FileKind::AzurePipelines
        }
        _ if yaml
            && (lower_path.contains(".azure-pipelines/")
                || lower_path.contains(".azuredevops/")) =>
        {
            FileKind::AzurePipelines
        }
        _ if yaml && lower_path.contains(".circleci/") => FileKind::CircleCi,
        _ => return None,
    })
}

/// The kind of a YAML file from its documents.
pub fn by_content(docs: &[Document]) -> Option<FileKind> {
    let roots: Vec<&Node> = docs.iter().filter_map(|d| d.root.as_ref()).collect();
    if roots.iter().any(|r| is_manifest_we_read(r)) {
        return Some(FileKind::Kubernetes);
    }
    let root = roots.first()?;
    // helmfile releases always name a chart (a values file may have a `releases` list too).
    let releases_with_charts = root
        .get("releases")
        .and_then(|r| r.as_sequence())
        .is_some_and(|items| items.iter().any(|i| i.get("chart").is_some()));
    if releases_with_charts || root.get("helmDefaults").is_some() {
        return Some(FileKind::Helmfile);
    }
    if root.get("pipelines").and_then(|p| p.as_mapping()).is_some() {
        return Some(FileKind::Bitbucket);
    }
    if root.get("tasks").and_then(|t| t.as_mapping()).is_some() && root.get("version").is_some() {
        return Some(FileKind::Taskfile);
    }
    if is_circleci(root) {
        return Some(FileKind::CircleCi);
    }
    if is_azure(root) {
        return Some(FileKind::AzurePipelines);
    }
    None
}

/// A Flux `HelmRelease`, an Argo CD `Application`/`ApplicationSet`, or a Tekton
/// resource.
fn is_manifest_we_read(root: &Node) -> bool {
    let api = root
        .get("apiVersion")
        .and_then(|a| a.as_scalar())
        .unwrap_or("");
    let kind = root.get("kind").and_then(|k| k.as_scalar()).unwrap_or("");
    api.starts_with("helm.toolkit.fluxcd.io/") && kind == "HelmRelease"
        || api.starts_with("argoproj.io/") && matches!(kind, "Application" | "ApplicationSet")
        || api.starts_with("tekton.dev/")
}

/// A CircleCI config (`version: 2.1` with `jobs`/`workflows`/`orbs`) or an orb's
/// command/job source (`steps` with typed `parameters`, or `run` steps).
fn is_circleci(root: &Node) -> bool {
    let config = root.get("version").is_some()
        && ["jobs", "workflows", "orbs"]
            .iter()
            .any(|k| root.get(k).is_some_and(|n| n.as_mapping().is_some()));
    if config {
        return true;
    }
    let Some(steps) = root.get("steps").and_then(|s| s.as_sequence()) else {
        return false;
    };
    let typed_params = root
        .get("parameters")
        .and_then(|p| p.as_mapping())
        .is_some_and(|p| !p.is_empty() && p.iter().all(|(_, v)| v.get("type").is_some()));
    typed_params || steps.iter().any(|s| s.get("run").is_some())
}

/// An Azure Pipelines file: `stages`/`jobs` lists of `stage`/`job`/`deployment`
/// items, or `steps` with Azure step keys.
fn is_azure(root: &Node) -> bool {
    let items_with = |key: &str, marks: &[&str]| {
        root.get(key)
            .and_then(|n| n.as_sequence())
            .is_some_and(|items| {
                items
                    .iter()
                    .any(|i| marks.iter().any(|m| i.get(m).is_some()))
            })
    };
    items_with("stages", &["stage", "template"])
        || items_with("jobs", &["job", "deployment"])
        || items_with(
            "steps",
            &["task", "script", "bash", "pwsh", "powershell", "checkout"],
        )
}

#[cfg(test)]
mod tests {
    use super::super::detect;
    use super::*;
    use crate::pipeline::source::SourceFile;

    fn kind(path: &str, text: &str) -> Option<FileKind> {
        detect(&SourceFile::new(path, text))
    }

    #[test]
    fn names_decide_first() {
        assert_eq!(kind("a/justfile", ""), Some(FileKind::Justfile));
        assert_eq!(kind("Dockerfile.prod", ""), Some(FileKind::Dockerfile));
        assert_eq!(kind("infra/main.tf", ""), Some(FileKind::Terraform));
        assert_eq!(kind("helmfile.yaml.gotmpl", ""), Some(FileKind::Helmfile));
        assert_eq!(
            kind("helmfile.d/10-apps.yaml", "x: 1\n"),
            Some(FileKind::Helmfile)
        );
        assert_eq!(
            kind("bitbucket-pipelines.yml", ""),
            Some(FileKind::Bitbucket)
        );
        assert_eq!(kind("Taskfile.dist.yml", ""), Some(FileKind::Taskfile));
        assert_eq!(
            kind("ci/azure-pipelines.yml", ""),
            Some(FileKind::AzurePipelines)
        );
        assert_eq!(
            kind("repo/.circleci/config.yml", ""),
            Some(FileKind::CircleCi)
        );
    }

    #[test]
    fn yaml_content_decides_otherwise() {
        let k = |text: &str| kind("deploy.yaml", text);
        assert_eq!(k("apiVersion: v1\nkind: Namespace\n---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"), Some(FileKind::Kubernetes));
        assert_eq!(
            k("apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\n"),
            Some(FileKind::Kubernetes)
        );
        assert_eq!(
            k("apiVersion: tekton.dev/v1\nkind: Pipeline\n"),
            Some(FileKind::Kubernetes)
        );
        assert_eq!(k("apiVersion: apps/v1\nkind: Deployment\n"), None);
        assert_eq!(
            k("releases:\n  - name: a\n    chart: b\n"),
            Some(FileKind::Helmfile)
        );
        assert_eq!(k("pipelines:\n  default: []\n"), Some(FileKind::Bitbucket));
        assert_eq!(
            k("version: '3'\ntasks:\n  a: {cmds: [x]}\n"),
            Some(FileKind::Taskfile)
        );
        assert_eq!(
            k("version: 2.1\njobs:\n  a: {steps: [checkout]}\n"),
            Some(FileKind::CircleCi)
        );
        // An orb command: typed parameters and steps.
        assert_eq!(
            k("parameters:\n  x:\n    type: string\nsteps:\n  - install: {}\n"),
            Some(FileKind::CircleCi)
        );
        assert_eq!(
            k("steps:\n  - task: HelmDeploy@0\n"),
            Some(FileKind::AzurePipelines)
        );
        assert_eq!(
            k("jobs:\n  - deployment: d\n"),
            Some(FileKind::AzurePipelines)
        );
        assert_eq!(k("stages:\n  - build\n"), None);
        assert_eq!(k("releases:\n  - name: a\n"), None);
    }
}
