//! `Chart.yaml` (chart metadata) as Helm reads it: YAML through `sigs.k8s.io/yaml`
//! into Go string fields, so `version: 1.10` becomes `"1.1"`.

use crate::template::value::{Entries, Map, MapType, Value};
use crate::yaml::resolve::{resolve, Resolved};
use crate::yaml::{parse_documents, Node, NodeKind};

/// A chart maintainer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Maintainer {
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// URL.
    pub url: String,
}

/// A dependency entry of `Chart.yaml` (or v1 `requirements.yaml`).
#[derive(Clone, Debug, Default)]
pub struct Dependency {
    /// Chart name.
    pub name: String,
    /// Version range.
    pub version: String,
    /// Repository URL.
    pub repository: String,
    /// Comma-separated value paths that enable it.
    pub condition: String,
    /// Tags that enable it.
    pub tags: Vec<String>,
    /// Whether it is enabled (computed).
    pub enabled: bool,
    /// `import-values` entries (strings or `{child, parent}` maps).
    pub import_values: Vec<Value>,
    /// Alias name.
    pub alias: String,
}

/// Chart metadata.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    /// Chart name.
    pub name: String,
    /// Home page.
    pub home: String,
    /// Source URLs.
    pub sources: Vec<String>,
    /// SemVer version.
    pub version: String,
    /// Description.
    pub description: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Maintainers.
    pub maintainers: Vec<Maintainer>,
    /// Icon URL.
    pub icon: String,
    /// `v1` or `v2`.
    pub api_version: String,
    /// Condition (for use as a dependency).
    pub condition: String,
    /// Tags.
    pub tags: String,
    /// Application version.
    pub app_version: String,
    /// Deprecated flag.
    pub deprecated: bool,
    /// Annotations.
    pub annotations: Vec<(String, String)>,
    /// Kubernetes version constraint.
    pub kube_version: String,
    /// Dependencies.
    pub dependencies: Vec<Dependency>,
    /// `application` or `library`.
    pub chart_type: String,
    /// `maintainers` held a null item (Helm's validation rejects it).
    pub null_maintainer: bool,
    /// `dependencies` held a null item (Helm's validation rejects it).
    pub null_dependency: bool,
}

/// Formats a float as Go's `strconv.FormatFloat(f, 'g', -1, 32)`.
pub fn format_float32_g(f: f64) -> String {
    crate::template::gofmt::format_float(f, b'g', -1, 32)
}

/// Where a value lands in Helm's Go structs, for `encoding/json`'s type errors.
#[derive(Clone, Copy)]
struct Field<'a> {
    /// The innermost Go struct (`Metadata`, `Dependency`, `Maintainer`).
    strct: &'a str,
    /// The JSON key path from the document root (`dependencies.name`).
    path: &'a str,
}

const META: &str = "Metadata";

/// `sigs.k8s.io/yaml`'s text for a value of the wrong JSON kind for its field.
fn type_error(n: &Node, f: Field<'_>, go_type: &str) -> String {
    format!(
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field {}.{} of type {go_type}",
        json_kind(n),
        f.strct,
        f.path
    )
}

/// The JSON kind a node becomes (`sigs.k8s.io/yaml` writes YAML as JSON first).
fn json_kind(n: &Node) -> &'static str {
    match &n.kind {
        NodeKind::Scalar(text) => match resolve(n.tag.as_deref(), text, n.style) {
            Ok(Resolved::Null) => "null",
            Ok(Resolved::Bool(_)) => "bool",
            Ok(Resolved::Int(_) | Resolved::Uint(_) | Resolved::Float(_)) => "number",
            _ => "string",
        },
        NodeKind::Mapping(_) => "object",
        _ => "array",
    }
}

fn is_null(n: &Node) -> bool {
    json_kind(n) == "null"
}

/// A scalar node as a Go string field receives it.
fn scalar_string(n: &Node, f: Field<'_>) -> Result<String, String> {
    let NodeKind::Scalar(text) = &n.kind else {
        return Err(type_error(n, f, "string"));
    };
    Ok(match resolve(n.tag.as_deref(), text, n.style)? {
        Resolved::Null => String::new(),
        Resolved::Bool(b) => b.to_string(),
        Resolved::Int(i) => i.to_string(),
        Resolved::Uint(u) => u.to_string(),
        Resolved::Float(f) => format_float32_g(f),
        Resolved::Str | Resolved::Binary(_) => text.clone(),
    })
}

/// A Go `bool` field: only YAML booleans (and null) fit.
fn bool_field(n: &Node, f: Field<'_>) -> Result<bool, String> {
    match &n.kind {
        NodeKind::Scalar(text) => match resolve(n.tag.as_deref(), text, n.style)? {
            Resolved::Bool(b) => Ok(b),
            Resolved::Null => Ok(false),
            _ => Err(type_error(n, f, "bool")),
        },
        _ => Err(type_error(n, f, "bool")),
    }
}

/// The items of a Go slice field (null is an empty slice).
fn items<'n>(n: &'n Node, f: Field<'_>, go_type: &str) -> Result<&'n [Node], String> {
    match &n.kind {
        NodeKind::Sequence(items) => Ok(items),
        _ if is_null(n) => Ok(&[]),
        _ => Err(type_error(n, f, go_type)),
    }
}

fn string_list(n: &Node, f: Field<'_>) -> Result<Vec<String>, String> {
    items(n, f, "[]string")?
        .iter()
        .map(|i| scalar_string(i, f))
        .collect()
}

/// A mapping's entries as `encoding/json` visits them: one per key (the last one
/// wins), in key order (the JSON text is written from a Go map).
fn entries_of(n: &Node) -> Vec<(String, &Node)> {
    let mut out: Vec<(String, &Node)> = Vec::new();
    for (k, v) in n.as_mapping().unwrap_or_default() {
        let Some(k) = k.as_scalar() else { continue };
        out.retain(|(seen, _)| seen != k);
        out.push((k.to_string(), v));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The items of a `[]*Struct` field that are mappings (and whether one was null:
/// a nil pointer, which Helm's validation rejects); other items are errors.
fn struct_items<'n>(
    n: &'n Node,
    path: &str,
    go_type: &str,
) -> Result<(Vec<&'n Node>, bool), String> {
    let f = Field { strct: META, path };
    let list = items(n, f, &format!("[]*v2.{go_type}"))?;
    let mut out = Vec::new();
    let mut null = false;
    for i in list {
        match &i.kind {
            NodeKind::Mapping(_) => out.push(i),
            _ if is_null(i) => null = true,
            _ => return Err(type_error(i, f, &format!("v2.{go_type}"))),
        }
    }
    Ok((out, null))
}

/// Parses `Chart.yaml` text (also used for v1 `requirements.yaml`, which only has
/// `dependencies`). Errors are Helm's texts (`sigs.k8s.io/yaml.Unmarshal`).
pub fn parse_metadata(text: &str, into: &mut Metadata) -> Result<(), String> {
    let docs = parse_documents(text).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
    let Some(root) = docs.into_iter().next().and_then(|d| d.root) else {
        return Ok(());
    };
    if !matches!(root.kind, NodeKind::Mapping(_)) && !is_null(&root) {
        return Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type v2.Metadata",
            json_kind(&root)
        ));
    }
    for (key, v) in entries_of(&root) {
        let f = Field {
            strct: META,
            path: &key,
        };
        match key.as_str() {
            "name" => into.name = scalar_string(v, f)?,
            "home" => into.home = scalar_string(v, f)?,
            "sources" => into.sources = string_list(v, f)?,
            "version" => into.version = scalar_string(v, f)?,
            "description" => into.description = scalar_string(v, f)?,
            "keywords" => into.keywords = string_list(v, f)?,
            "icon" => into.icon = scalar_string(v, f)?,
            "apiVersion" => into.api_version = scalar_string(v, f)?,
            "condition" => into.condition = scalar_string(v, f)?,
            "tags" => into.tags = scalar_string(v, f)?,
            "appVersion" => into.app_version = scalar_string(v, f)?,
            "deprecated" => into.deprecated = bool_field(v, f)?,
            "kubeVersion" => into.kube_version = scalar_string(v, f)?,
            "type" => into.chart_type = scalar_string(v, f)?,
            "annotations" => {
                if !matches!(v.kind, NodeKind::Mapping(_)) && !is_null(v) {
                    return Err(type_error(v, f, "map[string]string"));
                }
                into.annotations = entries_of(v)
                    .into_iter()
                    .map(|(k, v)| Ok((k, scalar_string(v, f)?)))
                    .collect::<Result<_, String>>()?
            }
            "maintainers" => {
                let (list, null) = struct_items(v, "maintainers", "Maintainer")?;
                into.null_maintainer = null;
                into.maintainers = list
                    .into_iter()
                    .map(parse_maintainer)
                    .collect::<Result<_, String>>()?
            }
            "dependencies" => {
                let (list, null) = struct_items(v, "dependencies", "Dependency")?;
                into.null_dependency = null;
                into.dependencies = list
                    .into_iter()
                    .map(parse_dependency)
                    .collect::<Result<_, String>>()?
            }
            _ => {}
        }
    }
    Ok(())
}

fn parse_maintainer(n: &Node) -> Result<Maintainer, String> {
    let mut out = Maintainer::default();
    for (k, v) in entries_of(n) {
        let path = format!("maintainers.{k}");
        let f = Field {
            strct: "Maintainer",
            path: &path,
        };
        match k.as_str() {
            "name" => out.name = scalar_string(v, f)?,
            "email" => out.email = scalar_string(v, f)?,
            "url" => out.url = scalar_string(v, f)?,
            _ => {}
        }
    }
    Ok(out)
}

fn parse_dependency(n: &Node) -> Result<Dependency, String> {
    let mut d = Dependency::default();
    for (k, v) in entries_of(n) {
        let path = format!("dependencies.{k}");
        let f = Field {
            strct: "Dependency",
            path: &path,
        };
        match k.as_str() {
            "name" => d.name = scalar_string(v, f)?,
            "version" => d.version = scalar_string(v, f)?,
            "repository" => d.repository = scalar_string(v, f)?,
            "condition" => d.condition = scalar_string(v, f)?,
            "tags" => d.tags = string_list(v, f)?,
            "enabled" => d.enabled = bool_field(v, f)?,
            "alias" => d.alias = scalar_string(v, f)?,
            "import-values" => {
                d.import_values = items(v, f, "[]interface {}")?
                    .iter()
                    .map(|iv| crate::yaml::to_value::to_values(iv).map_err(|e| e.to_string()))
                    .collect::<Result<_, String>>()?
            }
            _ => {}
        }
    }
    Ok(d)
}

fn strings(v: &[String]) -> Value {
    Value::list(v.iter().map(|s| Value::from(s.as_str())).collect())
}

fn e(pairs: Vec<(&str, Value)>) -> Value {
    Value::map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

impl Metadata {
    /// The `.Chart` value Helm v4 builds (`structToMap`), plus `IsRoot`.
    pub fn to_chart_value(&self, is_root: bool) -> Value {
        let annotations: Entries = self
            .annotations
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
            .collect();
        let maintainers = self
            .maintainers
            .iter()
            .map(|m| {
                e(vec![
                    ("Name", Value::from(m.name.as_str())),
                    ("Email", Value::from(m.email.as_str())),
                    ("URL", Value::from(m.url.as_str())),
                ])
            })
            .collect();
        let deps = self
            .dependencies
            .iter()
            .map(|d| {
                e(vec![
                    ("Name", Value::from(d.name.as_str())),
                    ("Version", Value::from(d.version.as_str())),
                    ("Repository", Value::from(d.repository.as_str())),
                    ("Condition", Value::from(d.condition.as_str())),
                    ("Tags", strings(&d.tags)),
                    ("Enabled", Value::Bool(d.enabled)),
                    ("ImportValues", Value::list(d.import_values.clone())),
                    ("Alias", Value::from(d.alias.as_str())),
                ])
            })
            .collect();
        e(vec![
            ("APIVersion", Value::from(self.api_version.as_str())),
            (
                "Annotations",
                Value::Map(Map::new(MapType::StrStr, annotations)),
            ),
            ("AppVersion", Value::from(self.app_version.as_str())),
            ("Condition", Value::from(self.condition.as_str())),
            ("Dependencies", Value::list(deps)),
            ("Deprecated", Value::Bool(self.deprecated)),
            ("Description", Value::from(self.description.as_str())),
            ("Home", Value::from(self.home.as_str())),
            ("Icon", Value::from(self.icon.as_str())),
            ("IsRoot", Value::Bool(is_root)),
            ("Keywords", strings(&self.keywords)),
            ("KubeVersion", Value::from(self.kube_version.as_str())),
            ("Maintainers", Value::list(maintainers)),
            ("Name", Value::from(self.name.as_str())),
            ("Sources", strings(&self.sources)),
            ("Tags", Value::from(self.tags.as_str())),
            ("Type", Value::from(self.chart_type.as_str())),
            ("Version", Value::from(self.version.as_str())),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float32_formatting_like_go() {
        assert_eq!(format_float32_g(1.10), "1.1");
        assert_eq!(format_float32_g(1.123456789), "1.1234568");
        assert_eq!(format_float32_g(2.0), "2");
        assert_eq!(format_float32_g(0.0001), "0.0001");
        assert_eq!(format_float32_g(1e21), "1e+21");
        assert_eq!(format_float32_g(123456.0), "123456");
    }

    #[test]
    fn numbers_become_strings() {
        let mut m = Metadata::default();
        parse_metadata(
            "name: x\nversion: 1.10\nappVersion: 3\ndeprecated: true\n",
            &mut m,
        )
        .unwrap();
        assert_eq!(
            (m.version.as_str(), m.app_version.as_str(), m.deprecated),
            ("1.1", "3", true)
        );
    }

    #[test]
    fn type_errors_are_helms() {
        let err = |text: &str| parse_metadata(text, &mut Metadata::default()).unwrap_err();
        let pre = "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal";
        assert_eq!(
            err("name: [a]\ndeprecated: 1\n"),
            format!("{pre} number into Go struct field Metadata.deprecated of type bool")
        );
        assert_eq!(
            err("dependencies:\n  - tags: a\n"),
            format!(
                "{pre} string into Go struct field Dependency.dependencies.tags of type []string"
            )
        );
        assert_eq!(
            err("maintainers: x\n"),
            format!(
                "{pre} string into Go struct field Metadata.maintainers of type []*v2.Maintainer"
            )
        );
        assert_eq!(
            err("- a\n"),
            format!("{pre} array into Go value of type v2.Metadata")
        );
        assert!(err("a: [\n").starts_with("error converting YAML to JSON: yaml: "));
    }
}
