//! What the output formats say about a rule besides its findings: its one-line summary
//! (help text) and the link to its documentation, from the rule registry.

use crate::rules::registry::rule_doc;

/// Where rule docs are published.
const DOC_BASE: &str = "https://github.com/helm-preflight/helm-preflight/blob/main/rules/";

/// The summary of a rule's doc, when the rule is documented.
pub fn rule_summary(id: &str) -> Option<&'static str> {
    rule_doc(id).map(|d| d.summary)
}

/// The link to a rule's documentation, when the rule is documented.
pub fn rule_doc_url(id: &str) -> Option<String> {
    rule_doc(id).map(|d| format!("{DOC_BASE}{}.md", d.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_rules_have_a_summary_and_a_doc_link() {
        assert_eq!(
            rule_summary("pvc-without-keep-policy"),
            Some("A PersistentVolumeClaim from templates/ has no helm.sh/resource-policy keep.")
        );
        assert_eq!(
            rule_doc_url("crds-dir-templated").as_deref(),
            Some(
                "https://github.com/helm-preflight/helm-preflight/blob/main/rules/crds-dir-templated.md"
            )
        );
        assert_eq!(rule_summary("no-such-rule"), None);
        assert_eq!(rule_doc_url("no-such-rule"), None);
    }
}
