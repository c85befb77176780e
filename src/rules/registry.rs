//! The rule registry: every rule's id, default severity, summary and documentation,
//! read from `rules/<id>.md` (YAML-style front matter) and embedded in the binary.
//!
//! A rule is its doc plus its check. The doc registers the id: configuration files,
//! annotations and `helm-preflight rules` accept exactly the ids that have a doc,
//! wherever their checks live (chart rules in [`crate::rules`], `render-failed` in
//! [`crate::lint`], pipeline and budget rules in their own modules). [`engine_rules`]
//! lists the checks the engine runs; a test holds the two lists equal, with matching
//! severities. To add a rule: write `rules/<id>.md` and its check, and list the check in
//! [`engine_rules`] (chart rules are listed through [`super::all_rules`]).

use super::Severity;

/// One rule's documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleDoc {
    /// The rule id (the doc's file name without `.md`).
    pub id: &'static str,
    /// The default severity.
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// The whole Markdown file, front matter included.
    pub text: &'static str,
}

impl RuleDoc {
    /// The Markdown after the front matter.
    pub fn body(&self) -> &'static str {
        let rest = self.text.strip_prefix("---").unwrap_or(self.text);
        match rest.find("\n---") {
            Some(end) => rest[end + 4..].trim_start_matches(['\r', '\n']),
            None => self.text,
        }
    }
}

/// Every rule doc, in id order (generated from `rules/*.md` by `build.rs`).
static RULE_DOCS: &[RuleDoc] = include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// Every documented rule, in id order.
pub fn rule_docs() -> &'static [RuleDoc] {
    RULE_DOCS
}

/// The doc of rule `id`.
pub fn rule_doc(id: &str) -> Option<&'static RuleDoc> {
    RULE_DOCS
        .binary_search_by(|d| d.id.cmp(id))
        .ok()
        .map(|i| &RULE_DOCS[i])
}

/// The documented rule id closest to the unknown `id`, when one is close enough to be
/// a likely typo.
pub fn closest_rule_id(id: &str) -> Option<&'static str> {
    closest(id, RULE_DOCS.iter().map(|d| d.id))
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a
/// likely typo (or `word` is a prefix of it).
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2) || (word.len() >= 3 && c.starts_with(word)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `helm-preflight rules`: one line per rule (id, default severity, summary), aligned.
pub fn rules_table() -> String {
    let width = RULE_DOCS.iter().map(|d| d.id.len()).max().unwrap_or(0);
    let mut out = format!("{:width$}  SEVERITY  SUMMARY\n", "RULE");
    for d in RULE_DOCS {
        out.push_str(&format!(
            "{:width$}  {:8}  {}\n",
            d.id,
            d.severity.name(),
            d.summary
        ));
    }
    out
}

/// `helm-preflight rules ID`: the rule's doc, its default severity and summary under
/// the title; for an unknown id, an error naming the closest id.
pub fn rule_doc_text(id: &str) -> Result<String, String> {
    let Some(doc) = rule_doc(id) else {
        let hint = closest_rule_id(id)
            .map(|c| format!("; did you mean {c:?}?"))
            .unwrap_or_default();
        return Err(format!(
            "unknown rule {id:?}{hint} (`helm-preflight rules` lists every rule)"
        ));
    };
    let body = doc.body();
    let (title, rest) = body.split_once('\n').unwrap_or((body, ""));
    Ok(format!(
        "{title}\n\nDefault severity: {}. {}\n{rest}",
        doc.severity.name(),
        doc.summary
    ))
}

/// What the engine knows of a rule whose check it runs: its id and the severity its
/// findings get by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The rule id.
    pub id: &'static str,
    /// The default severity.
    pub severity: Severity,
}

/// Every rule the engine checks, wherever the check lives. Each must have a doc with
/// the same id and default severity (tested).
pub fn engine_rules() -> Vec<RuleInfo> {
    let mut out: Vec<RuleInfo> = super::all_rules()
        .iter()
        .map(|r| RuleInfo {
            id: r.id(),
            severity: r.severity(),
        })
        .collect();
    out.push(crate::lint::RENDER_FAILED);
    out.push(crate::lint::schema_unchecked::RULE);
    out.push(crate::budget::check::RULE);
    out.extend(crate::pipeline::rules::RULES.iter().map(|r| RuleInfo {
        id: r.id,
        severity: r.severity,
    }));
    out.push(crate::pipeline::rules::PARSE_PROBLEM_RULE);
    out.push(crate::deploy::target::FILE_NOT_FOUND);
    out.sort_by_key(|r| r.id);
    // `helm-timeout-too-short` is checked for the configuration and for pipelines;
    // a rule listed twice with two severities stays twice (and fails the test).
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_rule_has_a_doc_with_its_id_and_severity_and_every_doc_a_check() {
        let engine: Vec<(&str, Severity)> =
            engine_rules().iter().map(|r| (r.id, r.severity)).collect();
        let docs: Vec<(&str, Severity)> = rule_docs().iter().map(|d| (d.id, d.severity)).collect();
        assert_eq!(engine, docs);
    }

    #[test]
    fn docs_are_sorted_and_complete() {
        assert!(rule_docs().windows(2).all(|w| w[0].id < w[1].id));
        for d in rule_docs() {
            assert!(!d.summary.is_empty(), "{}", d.id);
            assert!(
                d.body().starts_with(&format!("# {}\n", d.id)),
                "{}: the body starts with its `# id` title",
                d.id
            );
            assert!(d.body().contains("## How to fix"), "{}", d.id);
        }
    }

    #[test]
    fn lookup_and_suggestions() {
        let doc = rule_doc("readiness-probe-missing").expect("doc");
        assert_eq!(doc.severity, Severity::Warning);
        assert!(rule_doc("readiness").is_none());
        assert_eq!(
            closest_rule_id("readines-probe-missing"),
            Some("readiness-probe-missing")
        );
        assert_eq!(closest_rule_id("crd-in-template"), Some("crd-in-templates"));
        assert_eq!(closest_rule_id("probe-port"), Some("probe-port-undeclared"));
        assert_eq!(closest_rule_id("xyz"), None);
    }

    #[test]
    fn table_and_doc_text() {
        let table = rules_table();
        assert_eq!(table.lines().count(), rule_docs().len() + 1);
        // The id column is as wide as the longest id, helm-atomic-without-cleanup-on-fail.
        assert!(table.starts_with("RULE                                 SEVERITY  SUMMARY\n"));
        assert!(table.contains(
            "\ncrd-in-templates                     note      A CRD in templates/ without \
             helm.sh/resource-policy keep.\n"
        ));
        let text = rule_doc_text("crd-in-templates").expect("doc");
        assert!(text.starts_with(
            "# crd-in-templates\n\nDefault severity: note. A CRD in templates/ without \
             helm.sh/resource-policy keep.\n\n## Why it matters\nA CustomResourceDefinition"
        ));
        assert_eq!(
            rule_doc_text("crd-in-template"),
            Err(
                "unknown rule \"crd-in-template\"; did you mean \"crd-in-templates\"? \
                 (`helm-preflight rules` lists every rule)"
                    .into()
            )
        );
        assert_eq!(
            rule_doc_text("xyz"),
            Err("unknown rule \"xyz\" (`helm-preflight rules` lists every rule)".into())
        );
    }
}
