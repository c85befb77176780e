//! Flux `HelmRelease` (`helm.toolkit.fluxcd.io/v2`): the settings helm-controller
//! turns into Helm actions.
//!
//! * `spec.timeout`, `spec.{install,upgrade,rollback,uninstall}.timeout`: Go
//!   durations that must match Flux's `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`.
//! * `spec.{install,upgrade}.disableWait` / `disableWaitForJobs`: waiting is on
//!   by default, these turn it off.
//! * `spec.upgrade.force`, `spec.rollback.force`: replace instead of patch (ignored
//!   under server-side apply on helm-controller ≥ 1.5, see
//!   `spec.upgrade.serverSideApply`).
//! * `spec.upgrade.preserveValues` (`--reuse-values`), `spec.upgrade.cleanupOnFail`.
//! * What it deploys (for linting the chart with its values): see [`deploy_of`].

use super::release_values::{inline_yaml, templated};
use super::support::{negated_setting, setting};
use super::yaml_util::{is_true, Anchors};
use crate::pipeline::model::{
    ChartSource, Extraction, HelmVersion, Located, ReleaseDeploy, ReleaseSetting, ReleaseSystem,
    ReleaseValues, SettingKind,
};
use crate::yaml::Node;

/// A Flux duration field.
const DURATION: SettingKind = SettingKind::Timeout {
    bare_number_unit: None,
};

/// The fields read, by path under `spec`, and whether the field means the opposite
/// of the Helm flag (`disableWait`).
const FIELDS: &[(&[&str], SettingKind, bool)] = &[
    (&["timeout"], DURATION, false),
    (&["install", "timeout"], DURATION, false),
    (&["install", "disableWait"], SettingKind::Wait, true),
    (
        &["install", "disableWaitForJobs"],
        SettingKind::WaitForJobs,
        true,
    ),
    (&["upgrade", "timeout"], DURATION, false),
    (&["upgrade", "disableWait"], SettingKind::Wait, true),
    (
        &["upgrade", "disableWaitForJobs"],
        SettingKind::WaitForJobs,
        true,
    ),
    (&["upgrade", "force"], SettingKind::Force, false),
    (
        &["upgrade", "preserveValues"],
        SettingKind::ReuseValues,
        false,
    ),
    (
        &["upgrade", "cleanupOnFail"],
        SettingKind::CleanupOnFail,
        false,
    ),
    (
        &["upgrade", "serverSideApply"],
        SettingKind::ServerSide,
        false,
    ),
    (&["rollback", "timeout"], DURATION, false),
    (&["rollback", "force"], SettingKind::Force, false),
    (&["uninstall", "timeout"], DURATION, false),
];

/// Reads one `HelmRelease` document (`text` is the file's text).
pub fn document(a: &Anchors<'_>, root: &Node, text: &str, out: &mut Extraction) {
    let Some(spec) = a.get(root, "spec") else {
        return;
    };
    let name = a.get(root, "metadata").and_then(|m| a.get(m, "name"));
    let at = |path: &[&str]| {
        let mut n = spec;
        for k in path {
            n = a.get(n, k)?;
        }
        Some(n)
    };
    let chart = at(&["chart", "spec", "chart"]).or_else(|| at(&["chartRef", "name"]));
    let mut settings = Vec::new();
    for (path, kind, negated) in FIELDS {
        let Some(n) = at(path) else { continue };
        let key = format!("spec.{}", path.join("."));
        let s = if *negated {
            negated_setting(kind.clone(), &key, n)
        } else {
            setting(kind.clone(), &key, n)
        };
        settings.extend(s);
    }
    let mut deploy = deploy_of(a, root, &at, text);
    // helm-controller names the release `[targetNamespace-]name` unless `releaseName`.
    let release = match (at(&["releaseName"]), at(&["targetNamespace"])) {
        (Some(r), _) => r.as_scalar().map(|t| Located::new(t.to_string(), r.span)),
        (None, ns) => name.and_then(|n| {
            let name = n.as_scalar()?;
            let full = match ns.and_then(|ns| ns.as_scalar()) {
                Some(ns) => format!("{ns}-{name}"),
                None => name.to_string(),
            };
            Some(Located::new(full, n.span))
        }),
    };
    deploy.name = release.as_ref().map(|r| r.value.clone());
    out.releases.push(ReleaseSetting {
        system: ReleaseSystem::Flux,
        release,
        chart: chart.and_then(|n| n.as_scalar().map(|t| Located::new(t.to_string(), n.span))),
        span: name.map_or(root.span, |n| n.span),
        settings,
        // The controller's Helm SDK is not in the file (helm-controller ≥ 1.5: Helm 4).
        helm_version: HelmVersion::default(),
        deploy,
    });
}

/// What a `HelmRelease` deploys: a chart of a `GitRepository` source is a path in the
/// repository (any other source, and `chartRef`, is remote); `valuesFile` and
/// `valuesFiles` (relative to the repository root) replace the chart's `values.yaml`;
/// `valuesFrom` (ConfigMaps, Secrets) cannot be read, and `spec.values` is merged
/// last.
fn deploy_of<'n>(
    a: &Anchors<'n>,
    root: &'n Node,
    at: &dyn Fn(&[&str]) -> Option<&'n Node>,
    text: &str,
) -> ReleaseDeploy {
    let scalar = |path: &[&str]| at(path).and_then(|n| n.as_scalar()).map(str::to_string);
    let chart = match (
        at(&["chart", "spec", "chart"]),
        scalar(&["chart", "spec", "sourceRef", "kind"]),
    ) {
        (Some(c), Some(kind)) if kind == "GitRepository" => match c.as_scalar() {
            Some(path) if !templated(path) => {
                ChartSource::RepoPath(Located::new(path.to_string(), c.span))
            }
            _ => ChartSource::Unknown,
        },
        (Some(_), _) => ChartSource::Remote,
        (None, _) if at(&["chartRef"]).is_some() => ChartSource::Remote,
        (None, _) => ChartSource::Unknown,
    };
    let mut chart_values = Vec::new();
    for key in ["valuesFile", "valuesFiles"] {
        let node = at(&["chart", "spec", key]);
        let list = match node {
            Some(n) if n.as_scalar().is_some() => vec![n],
            Some(n) => a.items(n),
            None => Vec::new(),
        };
        chart_values.extend(
            list.into_iter()
                .filter_map(|f| f.as_scalar().map(|t| Located::new(t.to_string(), f.span))),
        );
    }
    let mut values: Vec<ReleaseValues> = at(&["valuesFrom"])
        .map(|l| a.items(l))
        .unwrap_or_default()
        .into_iter()
        .map(|v| {
            let get = |k: &str| a.get(v, k).and_then(|n| n.as_scalar()).unwrap_or("?");
            ReleaseValues::Unread(format!("valuesFrom {} {}", get("kind"), get("name")))
        })
        .collect();
    values.extend(at(&["values"]).and_then(|v| inline_yaml(text, v, "spec.values")));
    let meta = a.get(root, "metadata");
    ReleaseDeploy {
        chart,
        name: None,
        namespace: scalar(&["targetNamespace"]).or_else(|| {
            meta.and_then(|m| a.get(m, "namespace")?.as_scalar())
                .map(str::to_string)
        }),
        chart_values,
        values,
        missing_files_ok: at(&["chart", "spec", "ignoreMissingValuesFiles"]).is_some_and(is_true),
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::extract::kubernetes;
    use crate::pipeline::model::{ChartSource, ReleaseSystem, SettingKind};
    use crate::pipeline::source::SourceFile;

    #[test]
    fn releases_read_chart_values_files_and_negated_waits() {
        let src = include_str!("../../../tests/fixtures/pipeline/flux/release.yaml");
        let out = kubernetes::extract(&SourceFile::new("r.yaml", src));
        assert_eq!(out.releases.len(), 2);
        let web = &out.releases[0];
        assert_eq!(web.system, ReleaseSystem::Flux);
        assert_eq!(web.chart.as_ref().unwrap().value, "web");
        assert_eq!(web.deploy.chart_values[0].value, "values-prod.yaml");
        assert_eq!(web.deploy.chart, ChartSource::Remote);
        let wait = web.get(&SettingKind::Wait).unwrap();
        assert_eq!(
            (wait.key.as_str(), wait.value.as_str()),
            ("spec.install.disableWait", "false")
        );
        assert!(!web.waits());
        assert!(out.releases[1].waits());
        assert_eq!(out.releases[1].chart.as_ref().unwrap().value, "api");
    }
}
