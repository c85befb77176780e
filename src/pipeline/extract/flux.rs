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
//! * `spec.chart.spec.valuesFiles` are the release's values files.

use super::support::{negated_setting, setting};
use super::yaml_util::Anchors;
use crate::pipeline::model::{
    Extraction, HelmVersion, Located, ReleaseSetting, ReleaseSystem, SettingKind,
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

/// Reads one `HelmRelease` document.
pub fn document(a: &Anchors<'_>, root: &Node, out: &mut Extraction) {
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
    let values_files = at(&["chart", "spec", "valuesFiles"])
        .map(|list| {
            a.items(list)
                .into_iter()
                .filter_map(|f| f.as_scalar().map(|t| Located::new(t.to_string(), f.span)))
                .collect()
        })
        .unwrap_or_default();
    let release = at(&["releaseName"]).or(name);
    out.releases.push(ReleaseSetting {
        system: ReleaseSystem::Flux,
        release: release.and_then(|n| n.as_scalar().map(|t| Located::new(t.to_string(), n.span))),
        chart: chart.and_then(|n| n.as_scalar().map(|t| Located::new(t.to_string(), n.span))),
        span: name.map_or(root.span, |n| n.span),
        settings,
        // The controller's Helm SDK is not in the file (helm-controller ≥ 1.5: Helm 4).
        helm_version: HelmVersion::default(),
        values_files,
    });
}

#[cfg(test)]
mod tests {
    use crate::pipeline::extract::kubernetes;
    use crate::pipeline::model::{ReleaseSystem, SettingKind};
    use crate::pipeline::source::SourceFile;

    #[test]
    fn releases_read_chart_values_files_and_negated_waits() {
        let src = include_str!("../../../tests/fixtures/pipeline/flux/release.yaml");
        let out = kubernetes::extract(&SourceFile::new("r.yaml", src));
        assert_eq!(out.releases.len(), 2);
        let web = &out.releases[0];
        assert_eq!(web.system, ReleaseSystem::Flux);
        assert_eq!(web.chart.as_ref().unwrap().value, "web");
        assert_eq!(web.values_files[0].value, "values-prod.yaml");
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
