//! Pieces the GitOps/IaC extractors share to read what a release deploys: values
//! written inline as positioned YAML text, `--set` escaping as the systems do it,
//! and values-file entries from YAML nodes.

use super::yaml_util::Anchors;
use crate::deploy::placeholder::with_placeholders;
use crate::pipeline::model::{Located, ReleaseValues, SetKind};
use crate::pipeline::source::Span;
use crate::yaml::{Node, Style};

/// `text[from..to]` as a YAML document that keeps every character at its line and
/// column in `text`: the lines before are empty, the start of the first line is
/// blanked.
pub fn positioned(text: &str, from: usize, to: usize) -> String {
    let to = to.min(text.len());
    let from = from.min(to);
    let line_start = text[..from].rfind('\n').map_or(0, |i| i + 1);
    let mut out = String::with_capacity(to - line_start + text[..line_start].len() / 40);
    out.extend(
        text[..line_start]
            .bytes()
            .filter(|b| *b == b'\n')
            .map(char::from),
    );
    out.extend(text[line_start..from].chars().map(|_| ' '));
    out.push_str(&text[from..to]);
    out.push('\n');
    out
}

/// Values written in a YAML file (`text` is what was parsed): a mapping, or a
/// literal block scalar holding YAML (Argo CD `helm.values: |`), as a positioned
/// document. `None` for anything else (a flow string cannot keep positions).
pub fn inline_yaml(text: &str, node: &Node, label: &str) -> Option<ReleaseValues> {
    let text = match (&node.kind, node.style) {
        (crate::yaml::NodeKind::Mapping(_), _) => positioned(text, node.span.start, node.span.end),
        (crate::yaml::NodeKind::Scalar(_), Style::Literal) => {
            // The content starts on the line after the `|` header.
            let header_end = text[node.span.start..].find('\n')? + node.span.start + 1;
            positioned(text, header_end, node.span.end.max(header_end))
        }
        _ => return None,
    };
    Some(ReleaseValues::Inline {
        label: label.to_string(),
        text,
    })
}

/// Escapes a `--set` value as helmfile does (`{`, `}` and `,` get a backslash).
pub fn helmfile_escape(value: &str) -> String {
    value
        .replace('{', "\\{")
        .replace('}', "\\}")
        .replace(',', "\\,")
}

/// Escapes a `--set` value as Argo CD does: commas not already escaped get a
/// backslash, unless the value is a `{a,b}` list.
pub fn argocd_escape(value: &str) -> String {
    if value.starts_with('{') && value.ends_with('}') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut prev = None;
    for c in value.chars() {
        if c == ',' && prev != Some('\\') {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// A `--set` entry from a name and value that may hold CI or shell expansions
/// (made placeholders); `label` is how it reads in labels.
pub fn set_entry(
    kind: SetKind,
    name: &str,
    value: &str,
    label: String,
    span: Span,
) -> ReleaseValues {
    ReleaseValues::Set {
        kind,
        text: format!("{}={}", with_placeholders(name), with_placeholders(value)),
        label,
        span,
    }
}

/// The values-file entries of a list node of paths (`valueFiles:`,
/// `valuesFiles:`); `known` says whether a path is known statically (not templated).
pub fn file_entries(
    a: &Anchors<'_>,
    list: Option<&Node>,
    known: &dyn Fn(&Node, &str) -> bool,
) -> Vec<ReleaseValues> {
    let Some(list) = list else {
        return Vec::new();
    };
    a.items(list)
        .into_iter()
        .filter_map(|f| {
            let path = f.as_scalar()?;
            Some(if known(f, path) {
                ReleaseValues::File(Located::new(path.to_string(), f.span))
            } else {
                ReleaseValues::Unread(format!("{path} (not known statically)"))
            })
        })
        .collect()
}

/// Whether a path or name holds a template or expansion (`{{cluster}}`,
/// `$ARGOCD_ENV_X`, `${var}`).
pub fn templated(text: &str) -> bool {
    text.contains("{{") || text.contains('$')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_values_keep_their_positions() {
        let src = "spec:\n  ünï: x\n  values:\n    replicas: 3\n    probe: {port: 8080}\n  \
                   other: |\n    a: 1\n    b:\n      c: 2\nend: 1\n";
        let docs = crate::yaml::parse_documents(src).expect("yaml");
        let spec = docs[0].root.as_ref().unwrap().get("spec").unwrap();
        let Some(ReleaseValues::Inline { text, .. }) =
            inline_yaml(src, spec.get("values").unwrap(), "values")
        else {
            panic!("inline");
        };
        assert_eq!(text, "\n\n\n    replicas: 3\n    probe: {port: 8080}\n");
        let parsed = crate::yaml::parse_documents(&text).expect("positioned yaml");
        let root = parsed[0].root.as_ref().unwrap();
        let probe = root.as_mapping().unwrap()[1].0.clone();
        assert_eq!((probe.line, probe.col), (5, 5));
        let Some(ReleaseValues::Inline { text, .. }) =
            inline_yaml(src, spec.get("other").unwrap(), "other")
        else {
            panic!("block scalar");
        };
        let parsed = crate::yaml::parse_documents(&text).expect("block scalar yaml");
        let root = parsed[0].root.as_ref().unwrap();
        let b = &root.as_mapping().unwrap()[1].0;
        assert_eq!((b.line, b.col), (8, 5));
        // A flow string cannot keep positions.
        assert!(
            inline_yaml(src, docs[0].root.as_ref().unwrap().get("end").unwrap(), "x").is_none()
        );
    }

    #[test]
    fn set_values_are_escaped_as_each_system_does() {
        assert_eq!(helmfile_escape("a,b{c}"), "a\\,b\\{c\\}");
        assert_eq!(argocd_escape("a,b\\,c"), "a\\,b\\,c");
        assert_eq!(argocd_escape("{a,b}"), "{a,b}");
        let ReleaseValues::Set { text, .. } = set_entry(
            SetKind::Set,
            "image.tag",
            "${TAG}",
            String::new(),
            Span::default(),
        ) else {
            panic!("set");
        };
        assert_eq!(text, "image.tag=placeholder");
    }
}
