//! Values that are not known statically (`--set image.tag=$TAG`,
//! `--set host=${{ inputs.host }}`) become a placeholder string, so that the chart
//! still renders with the rest of the command's values.

/// What an unknown expansion becomes.
pub const PLACEHOLDER: &str = "placeholder";

/// `text` with every shell or CI expansion replaced by [`PLACEHOLDER`]: `$NAME`,
/// `${…}`, `${{ … }}` (GitHub), `$[[ … ]]` (GitLab inputs), `$(…)` and `` `…` ``
/// (command substitutions, Azure macros). Braces, brackets and parentheses nest; an
/// unterminated one runs to the end of the text.
pub fn with_placeholders(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let end = match (bytes[i], bytes.get(i + 1)) {
            (b'$', Some(b'{')) => Some(closing(bytes, i + 1, b'{', b'}')),
            (b'$', Some(b'(')) => Some(closing(bytes, i + 1, b'(', b')')),
            (b'$', Some(b'[')) if bytes.get(i + 2) == Some(&b'[') => {
                Some(closing(bytes, i + 1, b'[', b']'))
            }
            (b'$', Some(c)) if c.is_ascii_alphabetic() || *c == b'_' => Some(
                bytes[i + 1..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .map_or(bytes.len(), |n| i + 1 + n),
            ),
            (b'$', Some(c)) if c.is_ascii_digit() || b"@*#?!$-".contains(c) => Some(i + 2),
            (b'`', _) => Some(
                bytes[i + 1..]
                    .iter()
                    .position(|c| *c == b'`')
                    .map_or(bytes.len(), |n| i + 1 + n + 1),
            ),
            _ => None,
        };
        match end {
            Some(end) => {
                out.push_str(&text[copied..i]);
                out.push_str(PLACEHOLDER);
                i = end;
                copied = end;
            }
            None => i += 1,
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The index just past the bracket that closes the one at `open_at` (nesting counted),
/// or the end of the text.
fn closing(bytes: &[u8], open_at: usize, open: u8, close: u8) -> usize {
    let mut depth = 0usize;
    for (n, c) in bytes[open_at..].iter().enumerate() {
        if *c == open {
            depth += 1;
        } else if *c == close {
            depth -= 1;
            if depth == 0 {
                return open_at + n + 1;
            }
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_expansion_becomes_the_placeholder() {
        for (text, want) in [
            ("image.tag=$TAG", "image.tag=placeholder"),
            ("image.tag=${TAG:-latest}-x", "image.tag=placeholder-x"),
            ("a=${{ github.sha }},b=1", "a=placeholder,b=1"),
            ("a=${{ format('{0},{1}', x, y) }}", "a=placeholder"),
            ("a=$[[ inputs.tag ]]", "a=placeholder"),
            ("a=$(git rev-parse --short HEAD)", "a=placeholder"),
            ("a=$(Build.BuildId)", "a=placeholder"),
            ("a=`date +%s`", "a=placeholder"),
            ("a=$1$@", "a=placeholderplaceholder"),
            ("a=${UNTERMINATED", "a=placeholder"),
            ("price=5$", "price=5$"),
            ("plain=value", "plain=value"),
            ("ünï=$X/ü", "ünï=placeholder/ü"),
        ] {
            assert_eq!(with_placeholders(text), want, "{text}");
        }
    }
}
