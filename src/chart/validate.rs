//! Helm's `Metadata.Validate` (`pkg/chart/v2/metadata.go`): sanitizes the chart's
//! strings (what templates then see in `.Chart`) and rejects invalid metadata with
//! Helm's `validation: ...` messages. The semver check of `version` is not made.

use super::metadata::Metadata;

/// Go's `unicode.IsPrint` for the characters that can reach a Chart.yaml string:
/// controls and invisible format characters are not printable.
fn is_print(c: char) -> bool {
    !c.is_control()
        && !matches!(c,
            '\u{AD}' | '\u{600}'..='\u{605}' | '\u{61C}' | '\u{6DD}' | '\u{70F}'
            | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}' | '\u{E000}'..='\u{F8FF}')
}

/// Helm's `sanitizeString`: every Unicode space becomes ` `, unprintable characters go.
pub fn sanitize(s: &mut String) {
    if s.chars()
        .all(|c| c == ' ' || (!c.is_whitespace() && is_print(c)))
    {
        return;
    }
    *s = s
        .chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else {
                is_print(c).then_some(c)
            }
        })
        .collect();
}

/// Go's `filepath.Base` on a slash-separated path.
fn base(name: &str) -> &str {
    let trimmed = name.trim_end_matches('/');
    if trimmed.is_empty() {
        return if name.is_empty() { "." } else { "/" };
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

fn is_alias_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Validates (and sanitizes) chart metadata; the error is Helm's message.
pub fn validate(m: &mut Metadata) -> Result<(), String> {
    for s in [
        &mut m.name,
        &mut m.description,
        &mut m.home,
        &mut m.icon,
        &mut m.condition,
        &mut m.tags,
        &mut m.app_version,
        &mut m.kube_version,
    ] {
        sanitize(s);
    }
    m.sources.iter_mut().for_each(sanitize);
    m.keywords.iter_mut().for_each(sanitize);
    if m.api_version.is_empty() {
        return Err("validation: chart.metadata.apiVersion is required".into());
    }
    if m.name.is_empty() {
        return Err("validation: chart.metadata.name is required".into());
    }
    if m.name == "." || m.name == ".." {
        return Err(format!(
            "validation: chart.metadata.name {:?} is not allowed",
            m.name
        ));
    }
    if m.name != base(&m.name) {
        return Err(format!(
            "validation: chart.metadata.name {:?} is invalid",
            m.name
        ));
    }
    if m.version.is_empty() {
        return Err("validation: chart.metadata.version is required".into());
    }
    if !matches!(m.chart_type.as_str(), "" | "application" | "library") {
        return Err("validation: chart.metadata.type must be application or library".into());
    }
    if m.null_maintainer {
        return Err("validation: maintainers must not contain empty or null nodes".into());
    }
    for mt in &mut m.maintainers {
        sanitize(&mut mt.name);
        sanitize(&mut mt.email);
        sanitize(&mut mt.url);
    }
    if m.null_dependency {
        return Err("validation: dependencies must not contain empty or null nodes".into());
    }
    let mut seen: Vec<String> = Vec::new();
    for d in &mut m.dependencies {
        for s in [
            &mut d.name,
            &mut d.version,
            &mut d.repository,
            &mut d.condition,
        ] {
            sanitize(s);
        }
        d.tags.iter_mut().for_each(sanitize);
        if !d.alias.is_empty() && !is_alias_name(&d.alias) {
            return Err(format!(
                "validation: dependency {:?} has disallowed characters in the alias",
                d.name
            ));
        }
        let key = if d.alias.is_empty() {
            &d.name
        } else {
            &d.alias
        };
        if seen.contains(key) {
            return Err(format!(
                "validation: more than one dependency with name or alias {key:?}"
            ));
        }
        seen.push(key.clone());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_like_helm() {
        let mut s = "a\tb\nc\u{200B}d\u{7}e\u{A0}f".to_string();
        sanitize(&mut s);
        assert_eq!(s, "a b cde f");
    }

    #[test]
    fn names_like_filepath_base() {
        assert_eq!(base("a/b"), "b");
        assert_eq!(base("a/"), "a");
        assert_eq!(base("a\\b"), "a\\b");
        assert!(is_alias_name("a-b_1"));
        assert!(!is_alias_name("a.b"));
    }
}
