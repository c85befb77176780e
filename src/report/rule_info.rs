//! What the output formats say about a rule besides its findings: a one-line summary
//! (help text) and the link to its documentation.
//!
//! The summaries come from the front matter of `rules/<id>.md`, embedded in the binary.
//! A rule-metadata registry can replace [`rule_summary`] without touching the formats.

/// Each documented rule with its Markdown doc.
const RULE_DOCS: &[(&str, &str)] = &[
    (
        "crd-in-templates",
        include_str!("../../rules/crd-in-templates.md"),
    ),
    (
        "crd-with-custom-resource",
        include_str!("../../rules/crd-with-custom-resource.md"),
    ),
    (
        "crds-dir-templated",
        include_str!("../../rules/crds-dir-templated.md"),
    ),
    (
        "custom-resource-crd-unknown",
        include_str!("../../rules/custom-resource-crd-unknown.md"),
    ),
    (
        "manifest-duplicate-key",
        include_str!("../../rules/manifest-duplicate-key.md"),
    ),
    (
        "manifest-invalid-yaml",
        include_str!("../../rules/manifest-invalid-yaml.md"),
    ),
    (
        "probe-port-undeclared",
        include_str!("../../rules/probe-port-undeclared.md"),
    ),
    (
        "pvc-without-keep-policy",
        include_str!("../../rules/pvc-without-keep-policy.md"),
    ),
    (
        "readiness-probe-missing",
        include_str!("../../rules/readiness-probe-missing.md"),
    ),
    (
        "readiness-probe-same-as-liveness",
        include_str!("../../rules/readiness-probe-same-as-liveness.md"),
    ),
];

/// Where rule docs are published.
const DOC_BASE: &str = "https://github.com/helm-preflight/helm-preflight/blob/main/rules/";

/// The `summary:` of a rule's doc front matter, when the rule is documented.
pub fn rule_summary(id: &str) -> Option<&'static str> {
    let (_, doc) = RULE_DOCS.iter().find(|(rule, _)| *rule == id)?;
    let front = doc.strip_prefix("---\n")?;
    front
        .lines()
        .take_while(|l| *l != "---")
        .find_map(|l| l.strip_prefix("summary:"))
        .map(str::trim)
}

/// The link to a rule's documentation, when the rule is documented.
pub fn rule_doc_url(id: &str) -> Option<String> {
    rule_summary(id).map(|_| format!("{DOC_BASE}{id}.md"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_summary_and_a_doc_link() {
        for rule in crate::rules::all_rules() {
            assert!(rule_summary(rule.id()).is_some(), "{}", rule.id());
        }
        assert_eq!(
            rule_summary("pvc-without-keep-policy"),
            Some("A PersistentVolumeClaim from templates/ has no helm.sh/resource-policy keep.")
        );
        assert_eq!(
            rule_doc_url("crds-dir-templated").as_deref(),
            Some("https://github.com/helm-preflight/helm-preflight/blob/main/rules/crds-dir-templated.md")
        );
        assert_eq!(rule_summary("render-failed"), None);
        assert_eq!(rule_doc_url("render-failed"), None);
    }
}
