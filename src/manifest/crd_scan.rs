//! Which kinds the CRDs of a `crds/` file define, without parsing the whole file.
//!
//! `crds/` files run to megabytes (kube-prometheus-stack ships 4.4 MB of CRDs), almost
//! all of it OpenAPI schema, while the CRD rules only need each CRD's `spec.group` and
//! `spec.names.kind`. A line scanner reads those from the block-style YAML that CRD
//! generators write, looking only at lines indented no deeper than `spec.names`' keys:
//! block scalar and flow continuation lines are always indented deeper than the mapping
//! they belong to, so they cannot be mistaken for these keys. A document the scanner is
//! not sure about (flow style, quoted keys, anchors, tags, block scalars in those
//! fields) is parsed in full instead, so the answer is always the YAML parser's.

use crate::yaml::{parse_documents, Node};

/// The (group, kind) of every CustomResourceDefinition in a `crds/` file.
pub fn crd_targets(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for doc in documents(text) {
        match scan(doc) {
            Scan::NotCrd => {}
            Scan::Crd(group, kind) => out.push((group, kind)),
            Scan::Unsure => {
                let roots = parse_documents(doc).unwrap_or_default();
                out.extend(roots.iter().filter_map(|d| crd_target(d.root.as_ref()?)));
            }
        }
    }
    out
}

/// A CRD's (group, kind) from its parsed root.
pub fn crd_target(root: &Node) -> Option<(String, String)> {
    if root.get("kind")?.as_scalar()? != "CustomResourceDefinition" {
        return None;
    }
    let spec = root.get("spec")?;
    Some((
        spec.get("group")?.as_scalar()?.to_string(),
        spec.get("names")?.get("kind")?.as_scalar()?.to_string(),
    ))
}

/// The documents of a stream: text between lines that start with `---` (or `...`).
fn documents(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("---") || line.starts_with("...") {
            out.push(&text[start..at]);
            start = at + line.len();
        }
        at += line.len();
    }
    out.push(&text[start..]);
    out.retain(|d| !d.trim().is_empty());
    out
}

/// What the scanner found in one document.
#[derive(Debug, PartialEq, Eq)]
enum Scan {
    /// A document of another kind.
    NotCrd,
    /// A CRD with its group and kind.
    Crd(String, String),
    /// Not sure: parse it.
    Unsure,
}

/// Where the scanner is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// At the top level or under a top-level key other than `spec`.
    Top,
    /// Under `spec:`, whose keys are indented by the given width (once known).
    Spec(Option<usize>),
    /// Under `spec.names:`, with spec's and names' key indentation.
    Names(usize, Option<usize>),
}

fn scan(doc: &str) -> Scan {
    let (mut kind, mut group, mut names_kind) = (None, None, None);
    let mut place = Place::Top;
    for raw in doc.lines() {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let line = &raw[indent..];
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('\t') {
            return Scan::Unsure;
        }
        // An item of an indentless sequence (`versions:` then `- name: v1` at the same
        // indentation) belongs to the key above it.
        if indent > 0 && (line == "-" || line.starts_with("- ")) {
            continue;
        }
        if indent == 0 {
            let Some((key, value)) = key_value(line) else {
                return Scan::Unsure;
            };
            place = Place::Top;
            match key {
                "kind" => kind = Some(scalar(value)),
                "spec" if value.is_empty() => place = Place::Spec(None),
                "spec" => return Scan::Unsure,
                _ => {}
            }
            continue;
        }
        match place {
            Place::Top => {}
            Place::Spec(None) | Place::Names(_, _) | Place::Spec(Some(_)) => {
                let spec_indent = match place {
                    Place::Spec(Some(i)) | Place::Names(i, _) => i,
                    _ => indent,
                };
                if indent < spec_indent {
                    return Scan::Unsure;
                }
                if indent == spec_indent {
                    let Some((key, value)) = key_value(line) else {
                        return Scan::Unsure;
                    };
                    place = Place::Spec(Some(spec_indent));
                    match key {
                        "group" => group = Some(scalar(value)),
                        "names" if value.is_empty() => place = Place::Names(spec_indent, None),
                        "names" => return Scan::Unsure,
                        _ => {}
                    }
                } else if let Place::Names(s, names_indent) = place {
                    let names_indent = names_indent.unwrap_or(indent);
                    place = Place::Names(s, Some(names_indent));
                    if indent == names_indent {
                        match key_value(line) {
                            Some(("kind", value)) => names_kind = Some(scalar(value)),
                            Some(_) => {}
                            None => return Scan::Unsure,
                        }
                    }
                }
            }
        }
    }
    match (kind, group, names_kind) {
        (Some(Some(k)), _, _) if k != "CustomResourceDefinition" => Scan::NotCrd,
        (Some(Some(_)), Some(Some(g)), Some(Some(n))) => Scan::Crd(g, n),
        _ => Scan::Unsure,
    }
}

/// `key: value` with a plain key; `None` for anything else (quoted keys, sequences,
/// flow collections, complex keys).
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = line.split_once(':')?;
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
    {
        return None;
    }
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let value = rest.trim();
    let value = if value.starts_with('#') { "" } else { value };
    Some((key, value))
}

/// A plain or simply quoted scalar value; `None` when it needs the full parser (block
/// scalars, anchors, aliases, tags, flow collections, escapes, comments after quotes).
fn scalar(value: &str) -> Option<String> {
    let first = value.chars().next()?;
    match first {
        '|' | '>' | '&' | '*' | '!' | '[' | '{' | '%' | '@' | '`' => None,
        '"' => {
            let inner = value.strip_prefix('"')?.strip_suffix('"')?;
            (!inner.contains(['"', '\\'])).then(|| inner.to_string())
        }
        '\'' => {
            let inner = value.strip_prefix('\'')?.strip_suffix('\'')?;
            (!inner.contains('\'')).then(|| inner.to_string())
        }
        _ => {
            let plain = value.split(" #").next().unwrap_or(value).trim_end();
            (!plain.contains(": ") && !plain.is_empty()).then(|| plain.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRD: &str = "\
# generated
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
  annotations:
    controller-gen.kubebuilder.io/version: v0.16.1
spec:
  group: example.com
  names:
    categories:
    - all
    kind: Widget
    listKind: WidgetList
    plural: widgets
  scope: Namespaced
  versions:
  - name: v1
    schema:
      openAPIV3Schema:
        description: |
          group: not.this
          kind: NotThis
        properties:
          kind:
            type: string
";

    #[test]
    fn block_style_crds_are_read_without_the_parser() {
        assert_eq!(scan(CRD), Scan::Crd("example.com".into(), "Widget".into()));
        let quoted = CRD.replace("group: example.com", "group: \"example.com\" # g");
        assert_eq!(scan(&quoted), Scan::Unsure);
        let single = CRD.replace("kind: Widget", "kind: 'Widget'");
        assert_eq!(
            scan(&single),
            Scan::Crd("example.com".into(), "Widget".into())
        );
        assert_eq!(scan("apiVersion: v1\nkind: ConfigMap\n"), Scan::NotCrd);
    }

    #[test]
    fn unusual_documents_fall_back_to_the_parser_with_the_same_answer() {
        let flow = "{\"kind\": \"CustomResourceDefinition\", \"spec\": {\"group\": \"a.io\", \
                    \"names\": {\"kind\": \"A\"}}}";
        assert_eq!(scan(flow), Scan::Unsure);
        let anchored = CRD.replace("group: example.com", "group: &g example.com");
        assert_eq!(scan(&anchored), Scan::Unsure);
        let text = format!("{CRD}---\n{flow}\n---\n{anchored}\n...\n");
        assert_eq!(
            crd_targets(&text),
            vec![
                ("example.com".to_string(), "Widget".to_string()),
                ("a.io".to_string(), "A".to_string()),
                ("example.com".to_string(), "Widget".to_string()),
            ]
        );
    }

    #[test]
    fn the_scanner_agrees_with_the_parser_on_indentation_styles() {
        let wide = "kind: CustomResourceDefinition\nspec:\n    group: w.io\n    names:\n        \
                    plural: ws\n        kind: W\n    versions: []\n";
        assert_eq!(scan(wide), Scan::Crd("w.io".into(), "W".into()));
        let roots = parse_documents(wide).expect("yaml");
        assert_eq!(
            crd_target(roots[0].root.as_ref().expect("root")),
            Some(("w.io".to_string(), "W".to_string()))
        );
    }
}
