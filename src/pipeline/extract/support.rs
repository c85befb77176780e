//! Pieces the extractors share: YAML parsing that reports syntax errors, command
//! lines built from task/orb inputs ([`ArgList`]), free-text argument inputs split
//! as the shell does ([`shell_words`]), template expressions masked in an embedded
//! script ([`premask`]), and kill timers read from durations.

use super::yaml_util::Anchors;
use crate::pipeline::embed::EmbeddedText;
use crate::pipeline::helm::{parse_helm, parse_timeout, version_evidence};
use crate::pipeline::model::{
    Arg, ExecContext, Extraction, HelmMajor, HelmVersion, KillTimer, Located, Setting, SettingKind,
};
use crate::pipeline::shell::{find_commands, Mask, ShellOptions};
use crate::pipeline::source::{SourceFile, Span};
use crate::yaml::{Document, Node};

/// Parses a YAML file; every syntax error becomes a problem of `out` (`what` names
/// the file kind: "workflow", "pipeline").
pub fn parse_yaml(file: &SourceFile, what: &str, out: &mut Extraction) -> Vec<Document> {
    let (docs, errors) = crate::yaml::parse_documents_lossy(&file.text);
    for e in errors {
        out.problems.push(Located::new(
            format!(
                "YAML syntax error, this part of the {what} was not checked: {}",
                e.message
            ),
            Span {
                start: e.offset,
                end: e.offset,
            },
        ));
    }
    docs
}

/// How an input's text reads after the CI system expands it: the text and whether
/// it is fully known.
pub type Resolve<'r> = &'r dyn Fn(&str) -> (String, bool);

/// Parses a YAML pipeline file (syntax errors become problems of the result) and
/// calls `f` with every document root, its anchors, and the file's base context
/// (the Helm version its text gives).
pub fn each_root(
    file: &SourceFile,
    what: &str,
    mut f: impl for<'r> FnMut(&'r Node, &Anchors<'r>, &ExecContext, &mut Extraction),
) -> Extraction {
    let mut out = Extraction::default();
    let docs = parse_yaml(file, what, &mut out);
    let base = ExecContext {
        helm_version: version_evidence(file),
        ..ExecContext::default()
    };
    for doc in &docs {
        let Some(root) = &doc.root else { continue };
        let a = Anchors::of(root);
        f(root, &a, &base, &mut out);
    }
    out
}

/// A command line built from the inputs of a deploy task or orb: each word spans
/// the input it comes from, or the task reference (`task: HelmDeploy@0`, `uses:`)
/// for what the task always adds.
pub struct ArgList {
    /// Where words the task adds on its own point.
    pub origin: Span,
    /// The words after `helm`.
    pub args: Vec<Arg>,
}

impl ArgList {
    /// An empty command line whose implicit words point at `origin`.
    pub fn new(origin: Span) -> ArgList {
        ArgList {
            origin,
            args: Vec::new(),
        }
    }

    /// A word the task always adds.
    pub fn word(&mut self, w: &str) {
        self.args.push(Arg::literal(w, self.origin));
    }

    /// A word located at `span` (the input that caused it).
    pub fn at(&mut self, w: &str, span: Span) {
        self.args.push(Arg::literal(w, span));
    }

    /// The value of an input node as one word; `resolve` gives its text after the
    /// CI system's own expansion and whether that text is fully known.
    pub fn input(&mut self, n: Option<&Node>, resolve: Resolve<'_>) {
        let Some(n) = n else { return };
        let (text, known) = resolve(n.as_scalar().unwrap_or(""));
        self.args.push(Arg {
            text,
            known,
            span: n.span,
            opaque: false,
        });
    }

    /// `flag` followed by the value of an input (both located at the input).
    pub fn flag_value(&mut self, flag: &str, n: &Node, resolve: Resolve<'_>) {
        self.at(flag, n.span);
        self.input(Some(n), resolve);
    }

    /// `flag=value` in one word, located at the input.
    pub fn flag_eq(&mut self, flag: &str, n: &Node, resolve: Resolve<'_>) {
        let (text, known) = resolve(n.as_scalar().unwrap_or(""));
        self.args.push(Arg {
            text: format!("{flag}={text}"),
            known,
            span: n.span,
            opaque: false,
        });
    }

    /// Parses the command line and adds the invocation to `out`.
    pub fn finish(self, context: ExecContext, out: &mut Extraction) {
        if let Some(inv) = parse_helm(self.origin, &self.args, context) {
            out.invocations.push(inv);
        }
    }
}

/// The words of a free-text arguments input (`arguments: --atomic --timeout 5m`),
/// split and unquoted as the shell does, each located exactly in the file.
pub fn shell_words(file: &SourceFile, n: &Node, opts: &ShellOptions) -> Vec<Arg> {
    let mut script = EmbeddedText::new();
    script.push_synthetic("helm ", n.span.start);
    script.push_yaml_scalar(file, n);
    let scan = find_commands(&script.text, opts, &|name| name == "helm");
    let Some(cmd) = scan.commands.into_iter().next() else {
        return Vec::new();
    };
    cmd.args
        .iter()
        .map(|f| Arg {
            text: f.text.clone(),
            known: f.known,
            span: script.file_span(f.start, f.end),
            opaque: f.opaque,
        })
        .collect()
}

/// Replaces every `open … close` template expression of `script` by `_` bytes (same
/// length, so offsets stay) and returns the masks for [`ShellOptions::premasked`];
/// `value` gives the known value of an expression from its trimmed inner text.
pub fn premask(
    script: &mut EmbeddedText,
    open: &str,
    close: &str,
    value: &dyn Fn(&str) -> Option<String>,
) -> Vec<Mask> {
    let mut masks = Vec::new();
    let mut text = std::mem::take(&mut script.text);
    let mut from = 0;
    while let Some(i) = text[from..].find(open).map(|i| i + from) {
        let Some(e) = text[i + open.len()..].find(close) else {
            break;
        };
        let end = i + open.len() + e + close.len();
        let source = text[i..end].to_string();
        let inner = source[open.len()..source.len() - close.len()].trim();
        masks.push(Mask {
            start: i,
            end,
            value: value(inner),
            source: source.clone(),
        });
        // Only whole expressions are replaced, by ASCII of the same byte length.
        text.replace_range(i..end, &"_".repeat(end - i));
        from = end;
    }
    script.text = text;
    masks
}

/// A kill timer from a duration (`30m`, `1.5h`; a bare number is read in units of
/// `bare_unit` seconds, e.g. 60 for minutes) written at `span`; `None` for an
/// unreadable or zero value. `what` is how messages name it.
pub fn duration_timer(
    text: &str,
    span: Span,
    what: String,
    bare_unit: Option<u64>,
) -> Option<KillTimer> {
    let text = text.trim();
    let secs = match (text.parse::<f64>(), bare_unit) {
        (Ok(v), Some(unit)) => v * unit as f64,
        _ => parse_timeout(text).ok()?,
    };
    (secs > 0.0).then_some(KillTimer {
        seconds: secs as u64,
        what,
        span: Some(span),
    })
}

/// [`duration_timer`] of a scalar node under `key` (named `key: value`).
pub fn node_timer(n: &Node, key: &str, bare_unit: Option<u64>) -> Option<KillTimer> {
    let text = n.as_scalar()?;
    duration_timer(text, n.span, format!("{key}: {}", text.trim()), bare_unit)
}

/// Whether a scalar text is true as YAML and most CI systems read it (`1` too).
pub fn truthy(text: &str) -> bool {
    matches!(
        text.trim(),
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "1"
    )
}

/// `outer, inner` (or `inner` alone) for context labels.
pub fn join_label(outer: &str, inner: &str) -> String {
    if outer.is_empty() {
        inner.to_string()
    } else {
        format!("{outer}, {inner}")
    }
}

/// The Helm version a version text pins (`v3.14.0`, `3.14`, `latest` → none),
/// with the text at `span` as evidence.
pub fn version_of(text: &str, what: &str, span: Span) -> Option<HelmVersion> {
    let t = text.trim().trim_matches(['"', '\'']);
    let t = t.strip_prefix('v').unwrap_or(t);
    let mut parts = t.split(['.', '-']);
    let major = match parts.next()? {
        "2" => HelmMajor::V2,
        "3" => HelmMajor::V3,
        "4" => HelmMajor::V4,
        _ => return None,
    };
    let minor = parts.next().and_then(|m| m.parse().ok());
    Some(HelmVersion {
        major,
        minor,
        evidence: Some(Located::new(format!("{what}{text}"), span)),
    })
}

/// A release setting read from a scalar node (`None` for a mapping or list).
pub fn setting(kind: SettingKind, key: &str, n: &Node) -> Option<Setting> {
    Some(Setting {
        kind,
        key: key.to_string(),
        value: n.as_scalar()?.trim().to_string(),
        span: n.span,
    })
}

/// A release setting whose key means the opposite of the flag (`disableWait: true`
/// is `--wait=false`): the value is negated when it is a boolean.
pub fn negated_setting(kind: SettingKind, key: &str, n: &Node) -> Option<Setting> {
    let mut s = setting(kind, key, n)?;
    s.value = match s.value.as_str() {
        v if truthy(v) => "false".into(),
        "false" | "False" | "FALSE" | "no" | "off" | "0" => "true".into(),
        _ => return Some(s),
    };
    Some(s)
}

/// A default kill timer written nowhere in the file (CircleCI's 10m
/// `no_output_timeout`, Bitbucket's 120-minute `max-time`).
pub fn default_timer(seconds: u64, what: &str) -> KillTimer {
    KillTimer {
        seconds,
        what: what.to_string(),
        span: None,
    }
}

/// Puts a timer first (innermost) in a context's kill timers.
pub fn push_timer(ctx: &mut ExecContext, timer: Option<KillTimer>) {
    if let Some(t) = timer {
        ctx.kill_timers.insert(0, t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::shell::MaskSyntax;

    #[test]
    fn shell_words_are_located_in_quoted_inputs() {
        let src = "arguments: \"--atomic --timeout '5m' $(x)\"\n";
        let file = SourceFile::new("a.yml", src);
        let docs = crate::yaml::parse_documents(src).unwrap();
        let n = docs[0].root.as_ref().unwrap().get("arguments").unwrap();
        let opts = ShellOptions {
            mask: MaskSyntax {
                azure: true,
                ..MaskSyntax::default()
            },
            ..ShellOptions::default()
        };
        let words = shell_words(&file, n, &opts);
        let texts: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["--atomic", "--timeout", "5m", "$(x)"]);
        assert_eq!(file.slice(words[2].span), "'5m'");
        assert_eq!(file.position(words[0].span.start).column, 13);
        assert!(!words[3].known);
    }

    #[test]
    fn premask_keeps_offsets_and_values() {
        let mut e = EmbeddedText::verbatim("helm upgrade << parameters.r >> c", 10);
        let masks = premask(&mut e, "<<", ">>", &|inner| {
            (inner == "parameters.r").then(|| "web".to_string())
        });
        assert_eq!(
            e.text,
            format!("helm upgrade {} c", "_".repeat("<< parameters.r >>".len()))
        );
        assert_eq!(masks[0].start, 13);
        assert_eq!(masks[0].value.as_deref(), Some("web"));
        assert_eq!(e.file_offset(13), 23);
    }

    #[test]
    fn duration_timers_read_units() {
        let t = |text: &str, unit| {
            duration_timer(text, Span::default(), String::new(), unit).map(|t| t.seconds)
        };
        assert_eq!(t("20m", None), Some(1200));
        assert_eq!(t("15", Some(60)), Some(900));
        assert_eq!(t("x", None), None);
        assert_eq!(t("0", Some(60)), None);
    }

    #[test]
    fn versions_from_tags() {
        let v = version_of("v3.14.0", "helm_version: ", Span::default()).unwrap();
        assert_eq!((v.major, v.minor), (HelmMajor::V3, Some(14)));
        assert_eq!(v.evidence.unwrap().value, "helm_version: v3.14.0");
        assert_eq!(
            version_of("4", "", Span::default()).unwrap().major,
            HelmMajor::V4
        );
        assert!(version_of("latest", "", Span::default()).is_none());
    }
}
