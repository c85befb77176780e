//! Go `regexp` (RE2 syntax) patterns on Rust's `regex` engine.
//!
//! Both are RE2 dialects. The difference that matters for schemas is that Go's Perl
//! classes (`\d`, `\w`, `\s`, `\b`) are ASCII-only while Rust's are Unicode, so those
//! are rewritten to their ASCII forms. Matching is unanchored, as `MatchString`.

use regex::Regex;

/// A compiled pattern and its source text (what Go's `Regexp.String` returns).
#[derive(Clone, Debug)]
pub struct GoRegex {
    /// The source pattern.
    pub source: String,
    re: Regex,
}

impl GoRegex {
    /// Compiles a Go pattern.
    pub fn new(source: &str) -> Result<GoRegex, String> {
        let re = Regex::new(&translate(source)).map_err(|e| e.to_string())?;
        Ok(GoRegex {
            source: source.to_string(),
            re,
        })
    }

    /// Whether the pattern matches anywhere in `s`.
    pub fn is_match(&self, s: &str) -> bool {
        self.re.is_match(s)
    }
}

fn translate(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 16);
    let mut in_class = false;
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push('\\');
                    break;
                };
                match (in_class, n) {
                    (false, 'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'b' | 'B') => {
                        out.push_str("(?-u:\\");
                        out.push(n);
                        out.push(')');
                    }
                    (true, 'd') => out.push_str("0-9"),
                    (true, 'w') => out.push_str("0-9A-Za-z_"),
                    (true, 's') => out.push_str("\\t\\n\\f\\r "),
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            '[' if in_class && chars.peek() == Some(&':') => {
                // POSIX class `[:alpha:]`: copy through its closing `:]`.
                out.push('[');
                for d in chars.by_ref() {
                    out.push(d);
                    if d == ']' {
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_perl_classes() {
        let re = GoRegex::new(r"^\d+$").expect("regex");
        assert!(re.is_match("123"));
        assert!(!re.is_match("١٢٣"));
        let re = GoRegex::new(r"^[\w.-]+$").expect("regex");
        assert!(re.is_match("a_b.c-d"));
        assert!(!re.is_match("é"));
        assert!(GoRegex::new("a(").is_err());
        assert!(GoRegex::new(r"^[]a]$").expect("regex").is_match("]"));
    }
}
