//! `--format template --template FILE`: a user's handlebars template over the JSON
//! model (`docs/json-output.md`), for Markdown summaries, PR comments and chat
//! messages. Strict mode (a misspelt field is an error, not an empty string) and no
//! HTML escaping.

use handlebars::{no_escape, Handlebars};

use super::Report;

/// Renders `report` with the template `text` (from `name`, for error messages).
pub fn template(report: &Report, name: &str, text: &str) -> Result<String, String> {
    compile(name, text)?
        .render(name, report)
        .map_err(|e| format!("template {name}: {e}"))
}

/// Checks that `text` is a valid template (before any linting is done).
pub fn check(name: &str, text: &str) -> Result<(), String> {
    compile(name, text).map(|_| ())
}

fn compile(name: &str, text: &str) -> Result<Handlebars<'static>, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(no_escape);
    hb.register_template_string(name, text)
        .map_err(|e| format!("template {name}: {e}"))?;
    Ok(hb)
}
