//! Masking CI expressions in a script without moving offsets.
//!
//! A CI system expands some text before the shell runs (`${{ inputs.x }}` on
//! GitHub, `$[[ inputs.x ]]` on GitLab, `$(var)` on Azure Pipelines). The shell
//! parser must not see it (it breaks the grammar), so each expression is replaced
//! by the same number of `_` bytes and remembered as a [`Mask`]; the word evaluator
//! turns the masked bytes back into an unknown (or known) part of the word.

/// Which CI expressions to mask.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MaskSyntax {
    /// `${{ … }}` (GitHub Actions, Gitea/Forgejo).
    pub github: bool,
    /// `$[[ … ]]` (GitLab CI inputs).
    pub gitlab: bool,
    /// `$(name)` macro syntax with a plain name (Azure Pipelines); `$(cmd args)`
    /// with spaces stays a command substitution.
    pub azure: bool,
    /// `${expr}` interpolation of a Groovy GString (Jenkins `sh "…"`).
    pub groovy: bool,
}

/// A masked expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mask {
    /// Byte range in the script.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The expression as written.
    pub source: String,
    /// Its value, when the extractor knows it (the default of a workflow input).
    pub value: Option<String>,
}

/// Masks the expressions of `syntax` in `text`; returns the masked text and the masks.
pub fn mask(text: &str, syntax: MaskSyntax) -> (String, Vec<Mask>) {
    let mut out = text.as_bytes().to_vec();
    let mut masks = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let end = match bytes[i + 1] {
            b'{' if syntax.github && bytes.get(i + 2) == Some(&b'{') => {
                text[i + 3..].find("}}").map(|e| i + 3 + e + 2)
            }
            b'[' if syntax.gitlab && bytes.get(i + 2) == Some(&b'[') => {
                text[i + 3..].find("]]").map(|e| i + 3 + e + 2)
            }
            b'{' if syntax.groovy => text[i + 2..].find('}').map(|e| i + 2 + e + 1),
            b'(' if syntax.azure => text[i + 2..].find(')').and_then(|e| {
                let name = &text[i + 2..i + 2 + e];
                let plain = !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
                plain.then_some(i + 2 + e + 1)
            }),
            _ => None,
        };
        match end {
            Some(end) => {
                out[i..end].fill(b'_');
                masks.push(Mask {
                    start: i,
                    end,
                    source: text[i..end].to_string(),
                    value: None,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    // Only ASCII bytes were replaced, and only over whole expressions.
    let masked = String::from_utf8(out).unwrap_or_else(|_| text.to_string());
    (masked, masks)
}

/// The expression inside `${{ … }}` / `$[[ … ]]` / `$( … )`, trimmed.
pub fn inner(source: &str) -> &str {
    let s = source
        .strip_prefix("${{")
        .and_then(|s| s.strip_suffix("}}"))
        .or_else(|| {
            source
                .strip_prefix("$[[")
                .and_then(|s| s.strip_suffix("]]"))
        })
        .or_else(|| source.strip_prefix("$(").and_then(|s| s.strip_suffix(')')))
        .or_else(|| source.strip_prefix("${").and_then(|s| s.strip_suffix('}')))
        .unwrap_or(source);
    s.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_offsets() {
        let all = MaskSyntax {
            github: true,
            gitlab: true,
            azure: true,
            groovy: false,
        };
        let src = "helm upgrade ${{ inputs.r }} c --set t=$[[ inputs.t ]] -f $(vals) $(date +%s)";
        let (m, masks) = mask(src, all);
        assert_eq!(m.len(), src.len());
        assert_eq!(masks.len(), 3);
        assert_eq!(&m[13..28], "_______________");
        assert_eq!(inner(&masks[0].source), "inputs.r");
        assert_eq!(masks[2].source, "$(vals)");
        assert!(m.ends_with("$(date +%s)"));
        let groovy = MaskSyntax {
            groovy: true,
            ..MaskSyntax::default()
        };
        let (m, masks) = mask("helm upgrade ${env.APP} c", groovy);
        assert_eq!(m, "helm upgrade __________ c");
        assert_eq!(masks[0].source, "${env.APP}");
    }
}
