//! `--format json`: the [`Report`] model as a versioned JSON document
//! (`docs/json-output.md`).

use super::Report;

/// The JSON document of a report, pretty-printed, with a final newline.
pub fn json(report: &Report) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}
