//! `.helmignore` with Helm's own semantics (`pkg/ignore`): Go `filepath.Match`
//! globs, basename matching for patterns without `/`, `/`-rooted patterns,
//! directory-only patterns with a trailing `/`, and Helm's peculiar negation: a
//! `!pattern` that does *not* match ignores the path.

use super::pathmatch::path_match;

#[derive(Clone, Debug)]
struct Rule {
    pattern: String,
    negate: bool,
    must_dir: bool,
    kind: RuleKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RuleKind {
    Rooted,
    Path,
    Base,
}

/// Parsed ignore rules.
#[derive(Clone, Debug, Default)]
pub struct IgnoreRules {
    rules: Vec<Rule>,
}

/// An invalid `.helmignore` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl IgnoreRules {
    /// Parses `.helmignore` text.
    pub fn parse(text: &str) -> Result<IgnoreRules, IgnoreError> {
        let mut r = IgnoreRules::default();
        for (i, line) in text.lines().enumerate() {
            r.add(line).map_err(|message| IgnoreError {
                line: i + 1,
                message,
            })?;
        }
        Ok(r)
    }

    /// Adds Helm's default rule (hidden files in `templates/` are ignored).
    pub fn add_defaults(&mut self) {
        let _ = self.add("templates/.?*");
    }

    fn add(&mut self, raw: &str) -> Result<(), String> {
        let rule = raw.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        if path_match(rule, "abc").is_err() {
            return Err("syntax error in pattern".into());
        }
        let mut rule = rule;
        let negate = rule.starts_with('!');
        if negate {
            rule = &rule[1..];
        }
        let must_dir = rule.ends_with('/');
        if must_dir {
            rule = &rule[..rule.len() - 1];
        }
        let (kind, pattern) = if let Some(r) = rule.strip_prefix('/') {
            (RuleKind::Rooted, r)
        } else if rule.contains('/') {
            (RuleKind::Path, rule)
        } else {
            (RuleKind::Base, rule)
        };
        self.rules.push(Rule {
            pattern: pattern.to_string(),
            negate,
            must_dir,
            kind,
        });
        Ok(())
    }

    /// Whether `path` (slash-separated, relative to the chart root) is ignored.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for r in &self.rules {
            let target = match r.kind {
                RuleKind::Base => path.rsplit('/').next().unwrap_or(path),
                RuleKind::Rooted | RuleKind::Path => path,
            };
            let matched = path_match(&r.pattern, target).unwrap_or(false);
            if r.negate {
                if r.must_dir && !is_dir {
                    return true;
                }
                if !matched {
                    return true;
                }
                continue;
            }
            if r.must_dir && !is_dir {
                continue;
            }
            if matched {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::IgnoreRules;

    #[test]
    fn helm_semantics() {
        let r = IgnoreRules::parse("# c\n*.md\n/secret.txt\nci/\ndocs/*.txt\n").unwrap();
        assert!(r.ignore("README.md", false));
        assert!(r.ignore("templates/NOTES.md", false));
        assert!(r.ignore("secret.txt", false));
        assert!(!r.ignore("a/secret.txt", false));
        assert!(r.ignore("ci", true));
        assert!(!r.ignore("ci", false));
        assert!(r.ignore("docs/a.txt", false));
        assert!(!r.ignore("docs/a/b.txt", false));
        assert!(!r.ignore("values.yaml", false));
        let mut d = IgnoreRules::default();
        d.add_defaults();
        assert!(d.ignore("templates/.hidden", false));
        assert!(!d.ignore("templates/x.yaml", false));
        assert!(IgnoreRules::parse("a/**/b").is_err());
    }
}
