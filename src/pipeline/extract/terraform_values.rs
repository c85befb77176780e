//! What a Terraform `helm_release` deploys: its chart (a path relative to the
//! module's directory unless `repository` is set or it is a URL), its `values` list
//! (`file("…")`/`templatefile("…", …)` paths, heredocs, `yamlencode({…})` and
//! `jsonencode({…})` literal objects, kept at their positions in the file) and its
//! `set`, `set_sensitive` and `set_list` entries (blocks in provider 2.x, lists of
//! objects in 3.x), passed to Helm's `strvals` without escaping as the provider does.

use hcl_edit::expr::{Expression, Object, ObjectKey};
use hcl_edit::structure::Block;

use super::release_values::{positioned, set_entry};
use crate::deploy::placeholder::PLACEHOLDER;
use crate::pipeline::model::{ChartSource, Located, ReleaseValues, SetKind};
use crate::pipeline::source::{SourceFile, Span};

/// The value of an expression as far as the file tells (literals, variables with a
/// literal default).
pub type Eval<'e> = &'e dyn Fn(&Expression) -> Option<String>;

fn span_of(e: &impl hcl_edit::Span) -> Span {
    e.span().map_or(Span::default(), |r| Span {
        start: r.start,
        end: r.end,
    })
}

/// A path written as a literal or as `"${path.module}/x"` (also `path.root`,
/// `path.cwd`): all are the directory of the file, the module Terraform runs in.
/// `None` when another interpolation is in it.
fn module_path(file: &SourceFile, e: &Expression) -> Option<String> {
    if let Some(s) = e.as_str() {
        return Some(s.to_string());
    }
    let raw = file.slice(span_of(e)).trim();
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let rest = ["${path.module}/", "${path.root}/", "${path.cwd}/"]
        .iter()
        .find_map(|p| inner.strip_prefix(p))?;
    (!rest.contains("${") && !rest.contains("%{")).then(|| rest.to_string())
}

/// The chart of a `helm_release` block.
pub fn chart_of(file: &SourceFile, block: &Block) -> ChartSource {
    let Some(chart) = block.body.get_attribute("chart") else {
        return ChartSource::Unknown;
    };
    if block.body.get_attribute("repository").is_some() {
        return ChartSource::Remote;
    }
    match module_path(file, &chart.value) {
        Some(p) if p.contains("://") => ChartSource::Remote,
        Some(p) => ChartSource::FilePath(Located::new(p, span_of(&chart.value))),
        None => ChartSource::Unknown,
    }
}

/// The values of a `helm_release` block, in the provider's order: the `values` list,
/// then `set`, `set_list` and `set_sensitive` entries.
pub fn values_of(file: &SourceFile, block: &Block, eval: Eval<'_>) -> Vec<ReleaseValues> {
    let mut out = Vec::new();
    if let Some(list) = block
        .body
        .get_attribute("values")
        .and_then(|a| a.value.as_array())
    {
        for v in list.iter() {
            out.push(values_item(file, v));
        }
    }
    for key in ["set", "set_list", "set_sensitive"] {
        for entry in set_entries(block, key) {
            out.extend(set_of(file, key, &entry, eval));
        }
    }
    out
}

/// One item of `values = [...]`.
fn values_item(file: &SourceFile, v: &Expression) -> ReleaseValues {
    let written = || file.slice(span_of(v)).to_string();
    match v {
        Expression::FuncCall(f) => {
            let name = f.name.name.as_str();
            let arg = f.args.iter().next();
            match (name, arg) {
                ("file" | "templatefile", Some(path)) => match module_path(file, path) {
                    Some(p) => ReleaseValues::File(Located::new(p, span_of(path))),
                    None => ReleaseValues::Unread(format!("{} (not known statically)", written())),
                },
                ("yamlencode" | "jsonencode", Some(Expression::Object(o))) => {
                    ReleaseValues::Inline {
                        label: format!("{name}({{…}})"),
                        text: flow_yaml(file, o),
                    }
                }
                _ => ReleaseValues::Unread(format!("{} (not known statically)", written())),
            }
        }
        Expression::HeredocTemplate(_) => match heredoc_yaml(file, span_of(v)) {
            Some(text) => ReleaseValues::Inline {
                label: "heredoc values".into(),
                text,
            },
            None => ReleaseValues::Unread(written()),
        },
        _ => ReleaseValues::Unread(format!("{} (not known statically)", written())),
    }
}

/// The entries of `key`: blocks (`set { … }`) or a list of objects (`set = [{ … }]`),
/// as (attribute name, expression) lists.
fn set_entries<'b>(block: &'b Block, key: &'b str) -> Vec<Vec<(String, &'b Expression)>> {
    let mut out: Vec<Vec<(String, &Expression)>> = block
        .body
        .get_blocks(key)
        .map(|b| {
            b.body
                .attributes()
                .map(|a| (a.key.as_str().to_string(), &a.value))
                .collect()
        })
        .collect();
    if let Some(list) = block
        .body
        .get_attribute(key)
        .and_then(|a| a.value.as_array())
    {
        for item in list.iter() {
            let Some(obj) = item.as_object() else {
                continue;
            };
            out.push(obj.iter().map(|(k, v)| (key_text(k), v.expr())).collect());
        }
    }
    out
}

fn key_text(k: &ObjectKey) -> String {
    match k {
        ObjectKey::Ident(i) => i.as_str().to_string(),
        ObjectKey::Expression(e) => e.as_str().unwrap_or_default().to_string(),
    }
}

/// One `set`-like entry as the `--set` the provider applies (`type = "string"`:
/// `--set-string`, `"literal"`: `--set-literal`); a value not known statically is a
/// placeholder.
fn set_of(
    file: &SourceFile,
    key: &str,
    entry: &[(String, &Expression)],
    eval: Eval<'_>,
) -> Option<ReleaseValues> {
    let get = |k: &str| entry.iter().find(|(n, _)| n == k).map(|(_, e)| *e);
    let name = eval(get("name")?)?;
    let value_expr = get("value")?;
    let value = match (key, value_expr.as_array()) {
        ("set_list", Some(items)) => {
            let items: Vec<String> = items
                .iter()
                .map(|i| eval(i).unwrap_or_else(|| PLACEHOLDER.to_string()))
                .collect();
            format!("{{{}}}", items.join(","))
        }
        _ => eval(value_expr).unwrap_or_else(|| PLACEHOLDER.to_string()),
    };
    let kind = match get("type").and_then(eval).as_deref() {
        Some("string") => SetKind::String,
        Some("literal") => SetKind::Literal,
        _ => SetKind::Set,
    };
    let label = format!(
        "{key} {name}={}",
        file.slice(span_of(value_expr)).trim().trim_matches('"')
    );
    Some(set_entry(kind, &name, &value, label, span_of(value_expr)))
}

/// The body of a heredoc as a positioned YAML document; interpolations (`${…}`)
/// become placeholders and directives (`%{…}`) are dropped.
fn heredoc_yaml(file: &SourceFile, span: Span) -> Option<String> {
    let raw = file.slice(span);
    let body_start = span.start + raw.find('\n')? + 1;
    let body_end = span.start + raw.rfind('\n')? + 1;
    if body_end <= body_start {
        return None;
    }
    let text = positioned(&file.text, body_start, body_end);
    Some(without_interpolations(&text))
}

/// `text` with `${…}` made placeholders and `%{…}` removed (`$${`/`%%{` are literal).
fn without_interpolations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['$', '%']) {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        let marker = &tail[..1];
        if tail[1..].starts_with(marker) && tail[2..].starts_with('{') {
            out.push_str(marker);
            out.push('{');
            rest = &tail[3..];
        } else if tail[1..].starts_with('{') {
            let end = closing_brace(tail).unwrap_or(tail.len());
            if marker == "$" {
                out.push_str(PLACEHOLDER);
            }
            rest = &tail[end..];
        } else {
            out.push_str(marker);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The index just past the `}` that closes the `{` at index 1 of `text`.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// A literal HCL object as a YAML flow mapping whose keys and values sit at their
/// lines and columns in the file (keys quoted, so that `yes` stays a string key).
fn flow_yaml(file: &SourceFile, obj: &Object) -> String {
    let mut w = Placed {
        file,
        out: String::new(),
        line: 1,
        column: 1,
    };
    w.object(obj);
    w.out.push('\n');
    w.out
}

/// Writes tokens at the file positions of what they stand for.
struct Placed<'f> {
    file: &'f SourceFile,
    out: String,
    line: u32,
    column: u32,
}

impl Placed<'_> {
    /// Writes `token` at byte `at` of the file, or after what is written when that
    /// place is taken (a separating space after anything but an opening bracket).
    fn put(&mut self, at: usize, token: &str) {
        let p = self.file.position(at);
        while self.line < p.line {
            self.out.push('\n');
            self.line += 1;
            self.column = 1;
        }
        let open = self.out.ends_with(['{', '[', '\n', ' ']) || self.out.is_empty();
        let pad = if self.column < p.column {
            (p.column - self.column) as usize
        } else {
            usize::from(!open)
        };
        self.out.extend(std::iter::repeat_n(' ', pad));
        self.out.push_str(token);
        self.column += pad as u32 + token.chars().count() as u32;
    }

    /// Appends `token` right after what is written.
    fn append(&mut self, token: &str) {
        self.out.push_str(token);
        self.column += token.chars().count() as u32;
    }

    fn object(&mut self, obj: &Object) {
        let span = span_of(obj);
        self.put(span.start, "{");
        let n = obj.len();
        for (i, (k, v)) in obj.iter().enumerate() {
            let key = serde_json::to_string(&key_text(k)).unwrap_or_default();
            self.put(span_of(k).start, &format!("{key}:"));
            self.value(v.expr());
            if i + 1 < n {
                self.append(",");
            }
        }
        self.put(span.end.saturating_sub(1), "}");
    }

    fn value(&mut self, e: &Expression) {
        let at = span_of(e).start;
        match e {
            Expression::Object(o) => self.object(o),
            Expression::Array(a) => {
                let span = span_of(a);
                self.put(span.start, "[");
                let n = a.len();
                for (i, item) in a.iter().enumerate() {
                    self.value(item);
                    if i + 1 < n {
                        self.append(",");
                    }
                }
                self.put(span.end.saturating_sub(1), "]");
            }
            Expression::Null(_) => self.put(at, "null"),
            Expression::Bool(b) => self.put(at, &b.value().to_string()),
            Expression::Number(n) => self.put(at, &n.value().to_string()),
            Expression::String(s) => {
                let text = serde_json::to_string(s.value().as_str()).unwrap_or_default();
                self.put(at, &text);
            }
            _ => self.put(at, &format!("\"{PLACEHOLDER}\"")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(src: &str) -> (SourceFile, hcl_edit::structure::Body) {
        let file = SourceFile::new("main.tf", src);
        let body = hcl_edit::parser::parse_body(src).expect("hcl");
        (file, body)
    }

    #[test]
    fn literal_objects_become_positioned_flow_yaml() {
        let src = "resource \"helm_release\" \"x\" {\n  values = [yamlencode({\n    replicas = 3\n    \
                   \"yes\" = [1, \"two\", var.x]\n    probe = { port = 8080, path = \"/\" }\n  })]\n}\n";
        let (file, body) = release(src);
        let block = body.blocks().next().expect("block");
        let values = values_of(&file, block, &|_| None);
        let [ReleaseValues::Inline { label, text }] = values.as_slice() else {
            panic!("{values:?}");
        };
        assert_eq!(label, "yamlencode({…})");
        let docs = crate::yaml::parse_documents(text).expect(text);
        let root = docs[0].root.as_ref().expect("root");
        let keys: Vec<(String, u32, u32)> = root
            .as_mapping()
            .expect("map")
            .iter()
            .map(|(k, _)| (k.as_scalar().unwrap().to_string(), k.line, k.col))
            .collect();
        assert_eq!(
            keys,
            [
                ("replicas".to_string(), 3, 5),
                ("yes".to_string(), 4, 5),
                ("probe".to_string(), 5, 5)
            ]
        );
        let v = crate::yaml::to_value::load_values_v4(text).expect("values");
        let json = format!("{v:?}");
        assert!(json.contains("placeholder"), "{json}");
    }

    #[test]
    fn files_heredocs_and_sets_in_both_provider_syntaxes() {
        let src = "resource \"helm_release\" \"x\" {\n  chart = \"${path.module}/charts/web\"\n  \
                   values = [\n    file(\"${path.module}/v.yaml\"),\n    <<-EOT\n    tag: ${var.t}\n    \
                   cost: $${x}\n    EOT\n  , file(var.f)]\n  set {\n    name  = \"a.b\"\n    value = \
                   var.v\n    type  = \"string\"\n  }\n  set_list = [{ name = \"l\", value = [\"x\", \
                   \"y\"] }]\n}\n";
        let (file, body) = release(src);
        let block = body.blocks().next().expect("block");
        let ChartSource::FilePath(chart) = chart_of(&file, block) else {
            panic!("a local chart");
        };
        assert_eq!(chart.value, "charts/web");
        assert_eq!(file.slice(chart.span), "\"${path.module}/charts/web\"");
        let values = values_of(&file, block, &|e| e.as_str().map(str::to_string));
        let shown: Vec<String> = values
            .iter()
            .map(|v| match v {
                ReleaseValues::File(f) => format!("file {}", f.value),
                ReleaseValues::Inline { label, text } => format!("{label}: {}", text.trim()),
                ReleaseValues::Set {
                    kind, text, label, ..
                } => format!("{kind:?} {text} ({label})"),
                ReleaseValues::Unread(u) => format!("unread {u}"),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "file v.yaml",
                "heredoc values: tag: placeholder\n    cost: ${x}",
                "unread file(var.f) (not known statically)",
                "String a.b=placeholder (set a.b=var.v)",
                "Set l={x,y} (set_list l=[\"x\", \"y\"])",
            ]
        );
    }
}
