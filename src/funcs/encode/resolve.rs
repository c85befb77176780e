//! Would a plain YAML scalar resolve to something other than a string?
//!
//! Both go-yaml encoders quote a string whose plain form would read back as a
//! bool, null, int, float or timestamp under go-yaml's resolver (which keeps the
//! YAML 1.1 booleans `y`/`yes`/`on`/`off`/... and base-60 floats such as `1:20`
//! for quoting purposes). The resolution rules are the decoder's own
//! ([`crate::yaml::resolve`]); this module adds yaml.v3's `0o` retry.

use crate::yaml::resolve::{explicit_base_int, is_base60_float, plain_is_non_string};

/// Whether the plain scalar `s` would not read back as the string `s`, so the
/// encoder must quote it (`resolve("", s) != !!str || isBase60Float(s) ||
/// isOldBool(s)`). `v3` selects yaml.v3's resolver (which also tries `0o`
/// prefixes with an explicit base).
pub(crate) fn needs_quotes(s: &str, v3: bool) -> bool {
    // A letter other than the first letters of go-yaml's bool and null words
    // (y, n, t, f, o) starts nothing but a string.
    if s.as_bytes().first().is_some_and(|&c| {
        c.is_ascii_alphabetic()
            && !matches!(c.to_ascii_lowercase(), b'y' | b'n' | b't' | b'f' | b'o')
    }) {
        return false;
    }
    plain_is_non_string(s)
        || is_base60_float(s)
        || (v3 && explicit_base_int(&s.replace('_', ""), "0o", 8).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_decisions() {
        for s in [
            "true",
            "y",
            "NO",
            "off",
            "~",
            "",
            "null",
            "1",
            "-1",
            "+1",
            "0x1F",
            "0o17",
            "0b101",
            "1_000",
            "1.5",
            ".5",
            "1e3",
            "-.inf",
            ".NaN",
            "2001-12-14",
            "2001-12-14t21:59:43.10Z",
            "2001-12-14 21:59:43.10",
            "1:20",
            "-1:20:30.5",
            "0777",
            "09",
            "1e-999",
        ] {
            assert!(needs_quotes(s, false), "{s:?} should be quoted");
        }
        for s in [
            "abc",
            "<<",
            "1e999",
            "0x",
            "1.2.3",
            "2001-13-01",
            "2001-02-30",
            "1:60",
            "yes please",
            "0o-17",
            "-",
            ".",
            "._5",
            "2001-12-14 ",
            "0xFFFFFFFFFFFFFFFFFF",
        ] {
            assert!(!needs_quotes(s, false), "{s:?} should be plain");
        }
        assert!(needs_quotes("0o-17", true));
    }

    #[test]
    fn letter_initial_strings_never_resolve_to_other_types() {
        for first in ('a'..='z').chain('A'..='Z') {
            if "ynftoYNFTO".contains(first) {
                continue;
            }
            for rest in [
                "", "1", ".5", "e3", ":20", "-12-14", "rue", "ull", "nf", "aN", "_1", "<<",
            ] {
                let s = format!("{first}{rest}");
                let slow = plain_is_non_string(&s)
                    || is_base60_float(&s)
                    || explicit_base_int(&s.replace('_', ""), "0o", 8).is_some();
                assert!(!slow, "{s:?}");
            }
        }
    }
}
