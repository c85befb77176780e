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
}
