//! Terraform / OpenTofu (`*.tf`, `*.tofu`), read with hcl-edit (spans and comments).
//!
//! * `resource "helm_release"` blocks become releases. The hashicorp/helm provider
//!   (2.x and 3.x) embeds the **Helm 3** SDK. Its defaults differ from the CLI:
//!   `wait = true`, `timeout = 300` (a **number of seconds**, not a duration).
//!   `atomic`, `force_update` (`--force`), `cleanup_on_fail`, `wait_for_jobs`,
//!   `recreate_pods`, `reuse_values` map to Helm flags; the chart and values it
//!   deploys are read by [`terraform_values`].
//! * Values are evaluated as far as the file tells: literals, `var.x` with a
//!   literal `default`, and `try(…, literal)` (the fallback, i.e. the value when
//!   the variable leaves the attribute out). Anything else is not judged.
//! * `provisioner "local-exec"` commands (any resource) run under `/bin/sh -c`
//!   (or `interpreter`), without `-e`; `${…}` interpolations are masked, and
//!   `on_failure = continue` ignores the command's failure.

use std::collections::HashMap;

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use hcl_edit::Span as _;

use super::{invocations_in_script, terraform_values};
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::model::{
    ExecContext, Extraction, FailureIgnored, HelmMajor, HelmVersion, IgnoreKind, Located,
    ReleaseDeploy, ReleaseSetting, ReleaseSystem, Setting, SettingKind,
};
use crate::pipeline::shell::{Env, Mask, ShellOptions, VarValue};
use crate::pipeline::source::{SourceFile, Span};

/// `helm_release` attributes that stand for Helm flags.
const ATTRIBUTES: &[(&str, SettingKind)] = &[
    ("atomic", SettingKind::Atomic),
    ("wait", SettingKind::Wait),
    ("wait_for_jobs", SettingKind::WaitForJobs),
    (
        "timeout",
        SettingKind::Timeout {
            bare_number_unit: Some("s"),
        },
    ),
    ("force_update", SettingKind::Force),
    ("cleanup_on_fail", SettingKind::CleanupOnFail),
    ("recreate_pods", SettingKind::RecreatePods),
    ("reuse_values", SettingKind::ReuseValues),
];

/// Extracts the releases and `local-exec` Helm commands of a Terraform file.
pub fn extract(file: &SourceFile) -> Extraction {
    let mut out = Extraction::default();
    if !file.text.contains("helm") {
        // Nothing to find, and an HCL dialect hcl-edit cannot read is no concern here.
        return out;
    }
    let body = match hcl_edit::parser::parse_body(&file.text) {
        Ok(b) => b,
        Err(e) => {
            let loc = e.location();
            let at = file.line_start(loc.line() as u32) + loc.column().saturating_sub(1);
            out.problems.push(Located::new(
                format!(
                    "HCL syntax error, this file was not checked: {}",
                    e.message()
                ),
                Span { start: at, end: at },
            ));
            return out;
        }
    };
    let tf = Terraform {
        file,
        defaults: variable_defaults(&body),
        provider: provider_evidence(file, &body),
    };
    for block in body.blocks() {
        if !block.has_ident("resource") {
            continue;
        }
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        if labels.first() == Some(&"helm_release") {
            tf.release(block, &mut out);
        }
        for p in block.body.get_blocks("provisioner") {
            if p.labels.first().map(|l| l.as_str()) == Some("local-exec") {
                tf.local_exec(p, &labels, &mut out);
            }
        }
    }
    out
}

struct Terraform<'a> {
    file: &'a SourceFile,
    /// `var.x` → literal default.
    defaults: HashMap<String, String>,
    /// The helm provider's version constraint, when the file has one.
    provider: Option<Located<String>>,
}

fn span_of(r: Option<std::ops::Range<usize>>) -> Span {
    r.map_or(Span::default(), |r| Span {
        start: r.start,
        end: r.end,
    })
}

/// `variable "x" { default = <literal> }` of the file.
fn variable_defaults(body: &Body) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for v in body.get_blocks("variable") {
        let (Some(name), Some(d)) = (v.labels.first(), v.body.get_attribute("default")) else {
            continue;
        };
        if let Some(lit) = literal(&d.value) {
            out.insert(format!("var.{}", name.as_str()), lit);
        }
    }
    out
}

/// The `helm = { version = "…" }` constraint under `terraform { required_providers }`.
fn provider_evidence(file: &SourceFile, body: &Body) -> Option<Located<String>> {
    for tf in body.get_blocks("terraform") {
        for rp in tf.body.get_blocks("required_providers") {
            let helm = rp.body.get_attribute("helm")?;
            let obj = helm.value.as_object()?;
            for (k, v) in obj.iter() {
                let key = match k {
                    hcl_edit::expr::ObjectKey::Ident(i) => i.as_str().to_string(),
                    hcl_edit::expr::ObjectKey::Expression(e) => {
                        e.as_str().unwrap_or("").to_string()
                    }
                };
                if key == "version" {
                    let span = span_of(v.expr().span());
                    return Some(Located::new(
                        format!("helm provider version = {}", file.slice(span)),
                        span,
                    ));
                }
            }
        }
    }
    None
}

/// The value of a literal expression.
fn literal(e: &Expression) -> Option<String> {
    match e {
        Expression::Bool(b) => Some(b.value().to_string()),
        Expression::Number(n) => Some(n.value().to_string()),
        Expression::String(s) => Some(s.value().to_string()),
        _ => None,
    }
}

impl Terraform<'_> {
    /// The value of an expression as far as the file tells (see the module docs).
    fn eval(&self, e: &Expression) -> Option<String> {
        if let Some(l) = literal(e) {
            return Some(l);
        }
        match e {
            Expression::Traversal(t) => {
                let root = t.expr.as_variable()?.as_str().to_string();
                let path: Option<Vec<String>> = t
                    .operators
                    .iter()
                    .map(|op| match op.value() {
                        TraversalOperator::GetAttr(i) => Some(i.as_str().to_string()),
                        _ => None,
                    })
                    .collect();
                self.defaults
                    .get(&format!("{root}.{}", path?.join(".")))
                    .cloned()
            }
            Expression::FuncCall(f) if f.name.name.as_str() == "try" => {
                f.args.iter().last().and_then(|last| self.eval(last))
            }
            Expression::Parenthesis(p) => self.eval(p.inner()),
            _ => None,
        }
    }

    fn release(&self, block: &Block, out: &mut Extraction) {
        let attr_located = |k: &str| {
            let a = block.body.get_attribute(k)?;
            let span = span_of(a.value.span());
            Some(Located::new(
                self.eval(&a.value)
                    .unwrap_or_else(|| self.file.slice(span).to_string()),
                span,
            ))
        };
        let mut settings = Vec::new();
        for (key, kind) in ATTRIBUTES {
            let Some(a) = block.body.get_attribute(key) else {
                continue;
            };
            let span = span_of(a.value.span());
            let Some(value) = self.eval(&a.value) else {
                continue;
            };
            settings.push(Setting {
                kind: kind.clone(),
                key: (*key).to_string(),
                value,
                span,
            });
        }
        // The provider's namespace is `default` unless set.
        let namespace = match block.body.get_attribute("namespace") {
            Some(n) => self.eval(&n.value),
            None => Some("default".to_string()),
        };
        let deploy = ReleaseDeploy {
            chart: terraform_values::chart_of(self.file, block),
            name: block
                .body
                .get_attribute("name")
                .and_then(|a| self.eval(&a.value)),
            namespace,
            chart_values: Vec::new(),
            values: terraform_values::values_of(self.file, block, &|e| self.eval(e)),
            missing_files_ok: false,
        };
        let header = span_of(block.labels.first().and_then(|l| l.span()));
        let evidence = self.provider.clone().unwrap_or_else(|| {
            Located::new(
                "resource \"helm_release\" (hashicorp/helm provider: Helm 3 SDK)".into(),
                header,
            )
        });
        // An unknown name (`var.release.name`) is named by the resource address.
        let address = block
            .labels
            .get(1)
            .map(|l| format!("helm_release.{}", l.as_str()));
        let release = block.body.get_attribute("name").map(|a| {
            let span = span_of(a.value.span());
            let name = self.eval(&a.value).or_else(|| address.clone());
            Located::new(
                name.unwrap_or_else(|| self.file.slice(span).to_string()),
                span,
            )
        });
        out.releases.push(ReleaseSetting {
            system: ReleaseSystem::Terraform,
            release,
            chart: attr_located("chart"),
            span: span_of(block.labels.get(1).and_then(|l| l.span())).max_or(header),
            settings,
            helm_version: HelmVersion {
                major: HelmMajor::V3,
                minor: None,
                evidence: Some(evidence),
            },
            deploy,
        });
    }

    fn local_exec(&self, p: &Block, resource: &[&str], out: &mut Extraction) {
        let Some(command) = p.body.get_attribute("command") else {
            return;
        };
        let interpreter: Vec<String> = p
            .body
            .get_attribute("interpreter")
            .and_then(|i| i.value.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|e| e.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let errexit = match interpreter
            .first()
            .map(|p| p.rsplit('/').next().unwrap_or(p))
        {
            None => false,
            Some("sh" | "bash" | "dash" | "ash" | "zsh") => interpreter
                .iter()
                .skip(1)
                .any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('e')),
            Some(_) => return,
        };
        let mut ctx = ExecContext {
            label: format!("{} local-exec", resource.join(".")),
            ..ExecContext::default()
        };
        if let Some(of) = p.body.get_attribute("on_failure") {
            let text = self.file.slice(span_of(of.value.span()));
            if text.trim() == "continue" {
                ctx.ignored.push(FailureIgnored {
                    kind: IgnoreKind::OnFailureContinue,
                    span: Some(span_of(of.value.span())),
                });
            }
        }
        let mut env = Env::new();
        if let Some(obj) = p
            .body
            .get_attribute("environment")
            .and_then(|e| e.value.as_object())
        {
            for (k, v) in obj.iter() {
                let key = match k {
                    hcl_edit::expr::ObjectKey::Ident(i) => i.as_str().to_string(),
                    hcl_edit::expr::ObjectKey::Expression(e) => {
                        e.as_str().unwrap_or("").to_string()
                    }
                };
                let value = self
                    .eval(v.expr())
                    .map_or(VarValue::Unknown, VarValue::Known);
                env.insert(key, value);
            }
        }
        let (script, premasked) = hcl_string(self.file, span_of(command.value.span()));
        let opts = ShellOptions {
            errexit,
            env,
            premasked,
            ..ShellOptions::default()
        };
        ctx.helm_version = crate::pipeline::helm::version_evidence(self.file);
        invocations_in_script(&script, &opts, &ctx, out);
    }
}

trait MaxOr {
    fn max_or(self, other: Span) -> Span;
}

impl MaxOr for Span {
    /// This span, or `other` when this one is empty.
    fn max_or(self, other: Span) -> Span {
        if self.end > self.start {
            self
        } else {
            other
        }
    }
}

/// The text of an HCL string or heredoc expression at `span`, mapped back to the
/// file, with its interpolations (`${…}`, `%{…}`) masked for the shell parser:
/// escapes (`\n`, `\"`, `\\`) map to their backslash, `$${`/`%%{` are the literal
/// `${`/`%{`; a heredoc's body lines are kept as written.
fn hcl_string(file: &SourceFile, span: Span) -> (EmbeddedText, Vec<Mask>) {
    let raw = file.slice(span);
    let (body, base, escapes) = if let Some(rest) = raw.strip_prefix("<<") {
        // Heredoc: the lines after the marker line, before the closing marker.
        let Some(nl) = rest.find('\n') else {
            return (EmbeddedText::new(), Vec::new());
        };
        let start = span.start + 2 + nl + 1;
        let body = &file.text[start..span.end];
        (&body[..body.rfind('\n').map_or(0, |i| i + 1)], start, false)
    } else if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        (inner, span.start + 1, true)
    } else {
        return (EmbeddedText::new(), Vec::new());
    };
    let mut e = EmbeddedText::new();
    let mut masks = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if escapes && c == b'\\' {
            let decoded = match next {
                Some(b'n') => "\n",
                Some(b't') => "\t",
                Some(b'r') => "\r",
                Some(b'"') => "\"",
                Some(b'\\') => "\\",
                _ => "\\",
            };
            let len = if decoded == "\\" && next != Some(b'\\') {
                1
            } else {
                2
            };
            e.push_synthetic(decoded, base + i);
            i += len;
        } else if matches!(c, b'$' | b'%') && next == Some(c) && bytes.get(i + 2) == Some(&b'{') {
            // `$${` is a literal `${`.
            e.push_verbatim(&body[i + 1..i + 3], base + i + 1);
            i += 3;
        } else if matches!(c, b'$' | b'%') && next == Some(b'{') {
            let end = interpolation_end(bytes, i + 2);
            let start = e.text.len();
            e.push_verbatim(&"_".repeat(end - i), base + i);
            masks.push(Mask {
                start,
                end: e.text.len(),
                source: body[i..end].to_string(),
                value: None,
            });
            i = end;
        } else {
            let len = body[i..].chars().next().map_or(1, char::len_utf8);
            e.push_verbatim(&body[i..i + len], base + i);
            i += len;
        }
    }
    (e, masks)
}

/// The end (exclusive) of an interpolation whose body starts at `from`, braces
/// nested.
fn interpolation_end(bytes: &[u8], from: usize) -> usize {
    let mut depth = 1;
    for (k, b) in bytes.iter().enumerate().skip(from) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::model::ReleaseValues;

    #[test]
    fn hcl_strings_map_escapes_interpolations_and_heredocs() {
        let src = "a = \"helm upgrade \\\"${var.r}\\\" --wait $${HOME}\"\nb = <<EOT\nhelm upgrade r c\n  --atomic\nEOT\n";
        let file = SourceFile::new("m.tf", src);
        let end = src.find('\n').unwrap();
        let (e, masks) = hcl_string(&file, Span { start: 4, end });
        assert_eq!(e.text, "helm upgrade \"________\" --wait ${HOME}");
        assert_eq!(masks[0].source, "${var.r}");
        let at = e.text.find("--wait").unwrap();
        assert_eq!(file.position(e.file_offset(at)).column, 32);
        let start = src.find("<<EOT").unwrap();
        let (e, _) = hcl_string(
            &file,
            Span {
                start,
                end: src.len() - 1,
            },
        );
        assert_eq!(e.text, "helm upgrade r c\n  --atomic\n");
        assert_eq!(
            file.position(e.file_offset(e.text.find("--atomic").unwrap()))
                .line,
            4
        );
    }

    #[test]
    fn releases_carry_chart_values_files_and_the_helm_3_sdk() {
        let src = include_str!("../../../tests/fixtures/pipeline/terraform/main.tf");
        let file = SourceFile::new("main.tf", src);
        let out = extract(&file);
        assert_eq!(out.releases.len(), 3);
        let web = &out.releases[0];
        assert_eq!(web.release.as_ref().unwrap().value, "web");
        assert_eq!(web.chart.as_ref().unwrap().value, "./charts/web");
        let ReleaseValues::File(values) = &web.deploy.values[0] else {
            panic!("{:?}", web.deploy.values);
        };
        assert_eq!(values.value, "values/web.yaml");
        assert_eq!(file.slice(values.span), "\"values/web.yaml\"");
        assert_eq!(web.deploy.namespace.as_deref(), Some("default"));
        assert_eq!(web.helm_version.major, HelmMajor::V3);
        let atomic = web.get(&SettingKind::Atomic).unwrap();
        assert_eq!(
            (atomic.value.as_str(), file.slice(atomic.span)),
            ("true", "var.atomic")
        );
        assert_eq!(out.invocations.len(), 2);
        assert!(out.problems.is_empty());
    }

    #[test]
    fn syntax_errors_become_problems() {
        let out = extract(&SourceFile::new(
            "bad.tf",
            "resource \"helm_release\" \"x\" {\n  name = \n",
        ));
        assert_eq!(out.problems.len(), 1);
        assert!(out.problems[0].value.starts_with("HCL syntax error"));
        let file = SourceFile::new("bad.tf", "resource \"helm_release\" \"x\" {\n  name = \n");
        assert_eq!(file.position(out.problems[0].span.start).line, 2);
        let unrelated = extract(&SourceFile::new(
            "net.tf",
            "resource \"aws_vpc\" \"x\" {\n  cidr = \n",
        ));
        assert!(unrelated.problems.is_empty());
    }
}
