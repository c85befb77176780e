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
}

/// Formats a float as Go's `strconv.FormatFloat(f, 'g', -1, 32)`.
pub fn format_float32_g(f: f64) -> String {
    let f = f as f32;
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f.is_nan() {
        return "NaN".into();
    }
    let sci = format!("{f:e}");
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (neg, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let sign = if neg { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        let rest = &digits[1..];
        let m = if rest.is_empty() {
            digits[..1].to_string()
        } else {
            format!("{}.{}", &digits[..1], rest)
        };
        let es = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{m}e{es}{:02}", exp.abs());
    }
    if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let e = exp as usize;
    if digits.len() > e + 1 {
        format!("{sign}{}.{}", &digits[..=e], &digits[e + 1..])
    } else {
        format!("{sign}{}{}", digits, "0".repeat(e + 1 - digits.len()))
    }
}

/// A scalar node as a Go string field receives it.
fn scalar_string(n: &Node) -> Result<String, String> {
    let NodeKind::Scalar(text) = &n.kind else {
        return Err(format!("line {}: expected a string", n.line));
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

fn string_list(n: &Node) -> Result<Vec<String>, String> {
    match &n.kind {
        NodeKind::Sequence(items) => items.iter().map(scalar_string).collect(),
        NodeKind::Scalar(_) if scalar_string(n)?.is_empty() => Ok(Vec::new()),
        _ => Err(format!("line {}: expected a list of strings", n.line)),
    }
}

fn entries_of(n: &Node) -> Vec<(String, &Node)> {
    n.as_mapping()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| k.as_scalar().map(|s| (s.to_string(), v)))
                .collect()
        })
        .unwrap_or_default()
}

/// Parses `Chart.yaml` text (also used for v1 `requirements.yaml`, which only has
/// `dependencies`).
pub fn parse_metadata(text: &str, into: &mut Metadata) -> Result<(), String> {
    let docs = parse_documents(text).map_err(|e| e.to_string())?;
    let Some(root) = docs.into_iter().next().and_then(|d| d.root) else {
        return Ok(());
    };
    for (key, v) in entries_of(&root) {
        match key.as_str() {
            "name" => into.name = scalar_string(v)?,
            "home" => into.home = scalar_string(v)?,
            "sources" => into.sources = string_list(v)?,
            "version" => into.version = scalar_string(v)?,
            "description" => into.description = scalar_string(v)?,
            "keywords" => into.keywords = string_list(v)?,
            "icon" => into.icon = scalar_string(v)?,
            "apiVersion" => into.api_version = scalar_string(v)?,
            "condition" => into.condition = scalar_string(v)?,
            "tags" => into.tags = scalar_string(v)?,
            "appVersion" => into.app_version = scalar_string(v)?,
            "deprecated" => into.deprecated = scalar_string(v)? == "true",
            "kubeVersion" => into.kube_version = scalar_string(v)?,
            "type" => into.chart_type = scalar_string(v)?,
            "annotations" => {
                into.annotations = entries_of(v)
                    .into_iter()
                    .map(|(k, v)| Ok((k, scalar_string(v)?)))
                    .collect::<Result<_, String>>()?
            }
            "maintainers" => {
                into.maintainers = v
                    .as_sequence()
                    .unwrap_or_default()
                    .iter()
                    .map(|m| {
                        let mut out = Maintainer::default();
                        for (k, v) in entries_of(m) {
                            match k.as_str() {
                                "name" => out.name = scalar_string(v)?,
                                "email" => out.email = scalar_string(v)?,
                                "url" => out.url = scalar_string(v)?,
                                _ => {}
                            }
                        }
                        Ok(out)
                    })
                    .collect::<Result<_, String>>()?
            }
            "dependencies" => {
                into.dependencies = v
                    .as_sequence()
                    .unwrap_or_default()
                    .iter()
                    .map(parse_dependency)
                    .collect::<Result<_, String>>()?
            }
            _ => {}
        }
    }
    Ok(())
}

fn parse_dependency(n: &Node) -> Result<Dependency, String> {
    let mut d = Dependency::default();
    for (k, v) in entries_of(n) {
        match k.as_str() {
            "name" => d.name = scalar_string(v)?,
            "version" => d.version = scalar_string(v)?,
            "repository" => d.repository = scalar_string(v)?,
            "condition" => d.condition = scalar_string(v)?,
            "tags" => d.tags = string_list(v)?,
            "enabled" => d.enabled = scalar_string(v)? == "true",
            "alias" => d.alias = scalar_string(v)?,
            "import-values" => {
                d.import_values = v
                    .as_sequence()
                    .unwrap_or_default()
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
}
