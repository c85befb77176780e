//! The top-level data a chart's templates see: `.Values`, `.Release`, `.Chart`,
//! `.Capabilities`, `.Template`, `.Files`, `.Subcharts`, typed as Helm v4 types them.

use std::rc::Rc;

use crate::template::error::GoError;
use crate::template::files::files_value;
use crate::template::func::{Sig, Ty};
use crate::template::value::{Entries, IntKind, Kind, ListType, Map, MapType, Object, Value};

/// Release facts (`.Release`).
#[derive(Clone, Debug)]
pub struct ReleaseInfo {
    /// Release name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Whether this is an upgrade (else an install).
    pub is_upgrade: bool,
    /// Revision number.
    pub revision: i64,
}

impl Default for ReleaseInfo {
    fn default() -> ReleaseInfo {
        ReleaseInfo {
            name: "rel".into(),
            namespace: "ns".into(),
            is_upgrade: false,
            revision: 1,
        }
    }
}

/// The render context of one chart.
#[derive(Clone, Debug)]
pub struct Context {
    top: Map,
    base_path: String,
}

fn entries(pairs: Vec<(&str, Value)>) -> Entries {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn empty_list() -> Value {
    Value::list(Vec::new())
}

impl Context {
    /// The context of a root chart named `chart` with default metadata.
    pub fn for_chart(
        chart: &str,
        values: Value,
        files: &[(String, String)],
        release: &ReleaseInfo,
    ) -> Context {
        let values = match values {
            Value::Map(m) => Value::Map(Map {
                ty: MapType::Values,
                entries: m.entries,
            }),
            _ => Value::Map(Map::new(MapType::Values, Entries::new())),
        };
        let release = Value::map(entries(vec![
            ("Name", Value::from(release.name.as_str())),
            ("Namespace", Value::from(release.namespace.as_str())),
            ("IsUpgrade", Value::Bool(release.is_upgrade)),
            ("IsInstall", Value::Bool(!release.is_upgrade)),
            ("Revision", Value::Int(release.revision, IntKind::Int)),
            ("Service", Value::from("Helm")),
        ]));
        let chart_meta = Value::map(entries(vec![
            ("APIVersion", Value::from("v2")),
            (
                "Annotations",
                Value::Map(Map::new(MapType::StrStr, Entries::new())),
            ),
            ("AppVersion", Value::from("")),
            ("Condition", Value::from("")),
            ("Dependencies", empty_list()),
            ("Deprecated", Value::Bool(false)),
            ("Description", Value::from("")),
            ("Home", Value::from("")),
            ("Icon", Value::from("")),
            ("IsRoot", Value::Bool(true)),
            ("Keywords", empty_list()),
            ("KubeVersion", Value::from("")),
            ("Maintainers", empty_list()),
            ("Name", Value::from(chart)),
            ("Sources", empty_list()),
            ("Tags", Value::from("")),
            ("Type", Value::from("")),
            ("Version", Value::from("0.1.0")),
        ]));
        let files = files_value(
            files
                .iter()
                .filter(|(p, _)| !p.starts_with("templates/"))
                .map(|(p, t)| (p.clone(), Rc::from(t.as_bytes()))),
        );
        let top = Map::new(
            MapType::Values,
            entries(vec![
                ("Values", values),
                ("Release", release),
                ("Chart", chart_meta),
                (
                    "Capabilities",
                    Value::Object(Rc::new(Capabilities::default())),
                ),
                ("Files", files),
                ("Subcharts", Value::map(Entries::new())),
            ]),
        );
        Context {
            top,
            base_path: format!("{chart}/templates"),
        }
    }

    /// The data for executing template `name` (sets `.Template` on the shared map, as Helm does).
    pub fn for_template(&self, name: &str) -> Value {
        let t = Map::new(
            MapType::Values,
            entries(vec![
                ("Name", Value::from(name)),
                ("BasePath", Value::from(self.base_path.as_str())),
            ]),
        );
        self.top
            .entries
            .borrow_mut()
            .insert("Template".into(), Value::Map(t));
        Value::Map(self.top.clone())
    }
}

/// The Kubernetes version Helm 4.2 assumes offline.
pub const DEFAULT_KUBE_VERSION: &str = "v1.36.0";

/// API versions Helm 4.2 reports offline (client-go v0.36 scheme order).
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// `.Capabilities` (`*common.Capabilities`).
#[derive(Debug, Clone)]
pub struct Capabilities {
    /// `.KubeVersion`.
    pub kube: Rc<KubeVersion>,
    /// `.APIVersions`.
    pub apis: Rc<VersionSet>,
}

impl Default for Capabilities {
    fn default() -> Capabilities {
        Capabilities {
            kube: Rc::new(KubeVersion::parse(DEFAULT_KUBE_VERSION)),
            apis: Rc::new(VersionSet(
                DEFAULT_API_VERSIONS.iter().map(|s| s.to_string()).collect(),
            )),
        }
    }
}

const HELM_VERSION: &str = "v4.2";
const HELM_GO_VERSION: &str = "go1.26.6";
const HELM_KUBE_CLIENT: &str = "v1.36";

fn build_info_v() -> String {
    format!("{{{HELM_VERSION}   {HELM_GO_VERSION} {HELM_KUBE_CLIENT}}}")
}

impl Object for Capabilities {
    fn type_name(&self) -> String {
        "*common.Capabilities".into()
    }
    fn kind(&self) -> Kind {
        Kind::Ptr
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(Value::Object(self.kube.clone())),
            "APIVersions" => Some(Value::Object(self.apis.clone())),
            "HelmVersion" => Some(Value::Object(Rc::new(BuildInfo))),
            _ => None,
        }
    }
    fn format_v(&self) -> String {
        format!(
            "{{{} [{}] {}}}",
            self.kube.format_v(),
            self.apis.0.join(" "),
            build_info_v()
        )
    }
}

/// `.Capabilities.KubeVersion` (`common.KubeVersion`).
#[derive(Debug, Clone)]
pub struct KubeVersion {
    /// The full version as given (`v1.33.4-gke.1`).
    pub version: String,
    /// The normalized `vMAJOR.MINOR.PATCH`.
    pub normalized: String,
    /// Major version.
    pub major: String,
    /// Minor version.
    pub minor: String,
}

impl KubeVersion {
    /// Parses a Kubernetes version (`v1.30.0`, `1.30`, `v1.33.4-gke.1`).
    pub fn parse(v: &str) -> KubeVersion {
        let version = if v.starts_with('v') {
            v.to_string()
        } else {
            format!("v{v}")
        };
        let core = version[1..].split(['-', '+']).next().unwrap_or("");
        let mut parts = core.split('.');
        let major = parts.next().unwrap_or("0").to_string();
        let minor = parts.next().unwrap_or("0").to_string();
        let patch = parts.next().unwrap_or("0").to_string();
        KubeVersion {
            normalized: format!("v{major}.{minor}.{patch}"),
            version,
            major,
            minor,
        }
    }
}

impl Object for KubeVersion {
    fn type_name(&self) -> String {
        "common.KubeVersion".into()
    }
    fn kind(&self) -> Kind {
        Kind::Struct
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Version" => Some(Value::from(self.version.as_str())),
            "Major" => Some(Value::from(self.major.as_str())),
            "Minor" => Some(Value::from(self.minor.as_str())),
            _ => None,
        }
    }
    fn method(&self, name: &str) -> Option<Sig> {
        matches!(name, "String" | "GitVersion").then_some(Sig::fixed(&[]))
    }
    fn call_method(&self, name: &str, _args: Vec<Value>) -> Result<Value, GoError> {
        match name {
            "String" => Ok(Value::from(self.normalized.as_str())),
            _ => Ok(Value::from(self.version.as_str())),
        }
    }
    fn template_display(&self) -> Option<String> {
        Some(self.normalized.clone())
    }
    fn format_v(&self) -> String {
        format!(
            "{{{} {} {} {}}}",
            self.version, self.normalized, self.major, self.minor
        )
    }
    fn struct_fields(&self) -> Option<Vec<Value>> {
        Some(
            [&self.version, &self.normalized, &self.major, &self.minor]
                .into_iter()
                .map(|s| Value::from(s.as_str()))
                .collect(),
        )
    }
    fn to_data(&self) -> Value {
        Value::map(entries(vec![
            ("Version", Value::from(self.version.as_str())),
            ("Major", Value::from(self.major.as_str())),
            ("Minor", Value::from(self.minor.as_str())),
        ]))
    }
}

/// `.Capabilities.APIVersions` (`common.VersionSet`, a `[]string` with `Has`).
#[derive(Debug, Clone)]
pub struct VersionSet(pub Vec<String>);

impl Object for VersionSet {
    fn type_name(&self) -> String {
        "common.VersionSet".into()
    }
    fn kind(&self) -> Kind {
        Kind::Slice
    }
    fn method(&self, name: &str) -> Option<Sig> {
        (name == "Has").then_some(Sig::fixed(&[Ty::String]))
    }
    fn call_method(&self, _name: &str, args: Vec<Value>) -> Result<Value, GoError> {
        let want = args.first().and_then(Value::as_str).unwrap_or("");
        Ok(Value::Bool(self.0.iter().any(|v| v == want)))
    }
    fn format_v(&self) -> String {
        format!("[{}]", self.0.join(" "))
    }
    fn truthy(&self) -> bool {
        !self.0.is_empty()
    }
    fn to_data(&self) -> Value {
        Value::typed_list(
            ListType::String,
            self.0.iter().map(|s| Value::from(s.as_str())).collect(),
        )
    }
}

/// `.Capabilities.HelmVersion` (`version.BuildInfo`).
#[derive(Debug, Clone)]
pub struct BuildInfo;

impl Object for BuildInfo {
    fn type_name(&self) -> String {
        "version.BuildInfo".into()
    }
    fn kind(&self) -> Kind {
        Kind::Struct
    }
    fn field(&self, name: &str) -> Option<Value> {
        let v = match name {
            "Version" => HELM_VERSION,
            "GitCommit" | "GitTreeState" => "",
            "GoVersion" => HELM_GO_VERSION,
            "KubeClientVersion" => HELM_KUBE_CLIENT,
            _ => return None,
        };
        Some(Value::from(v))
    }
    fn format_v(&self) -> String {
        build_info_v()
    }
    fn to_data(&self) -> Value {
        Value::map(entries(vec![
            ("version", Value::from(HELM_VERSION)),
            ("go_version", Value::from(HELM_GO_VERSION)),
            ("kube_client_version", Value::from(HELM_KUBE_CLIENT)),
        ]))
    }
}
