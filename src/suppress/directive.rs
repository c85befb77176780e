//! The text of an ignore directive, shared by the annotation and the template comment:
//! `rule-a,rule-b` or `rule-a,rule-b: why`.

/// Rule ids and the reason of one directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The rule ids named (comma or space separated).
    pub rules: Vec<String>,
    /// The reason after `:` (empty when none is given).
    pub reason: String,
}

impl Directive {
    /// Parses `rule-a,rule-b` or `rule-a, rule-b: reason`.
    pub fn parse(text: &str) -> Directive {
        let (ids, reason) = text.split_once(':').unwrap_or((text, ""));
        Directive {
            rules: ids
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            reason: reason.trim().to_string(),
        }
    }

    /// Whether the directive names rule `id`.
    pub fn names(&self, id: &str) -> bool {
        self.rules.iter().any(|r| r == id)
    }
}

#[cfg(test)]
mod tests {
    use super::Directive;

    #[test]
    fn ids_and_reason() {
        assert_eq!(
            Directive::parse(" rule-a, rule-b : kept: on purpose "),
            Directive {
                rules: vec!["rule-a".into(), "rule-b".into()],
                reason: "kept: on purpose".into()
            }
        );
        let d = Directive::parse("rule-a,rule-b");
        assert!(d.names("rule-b") && !d.names("rule"));
        assert_eq!(d.reason, "");
    }
}
