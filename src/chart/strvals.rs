//! Helm's `--set` family (`pkg/strvals`) and the user-values merge order of
//! `pkg/cli/values/options.go`.
//!
//! Every parser reads `name1=value1,name2=value2` expressions into a values
//! map, in place, exactly as Helm's `Parse*Into` functions do:
//! * keys are split on `.` (maps) and `[i]` (lists, padded with nils, index at
//!   most 65536), names nest at most 30 levels deep;
//! * `\` escapes the next rune (except for `--set-literal`), `{a,b}` is a list;
//! * assigning through an existing value of the wrong shape fails with the text
//!   of Go's recovered panic ("unable to parse key: interface conversion: …").
//!
//! Values: `--set` types them ([`parse_set`]), `--set-string` keeps strings,
//! `--set-file` reads files, `--set-json` decodes JSON (numbers are `float64`),
//! `--set-literal` takes the rest of the expression verbatim. Error texts are
//! Helm's own; [`apply_set_flags`] adds the per-flag prefixes of `options.go`.

mod json;
mod parser;

use std::fmt;

use crate::template::value::{Entries, MapType, Value};
use parser::{Mode, Parser};

/// A `--set` family parse error, with Helm's exact message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrvalsError {
    /// The message Helm prints (e.g. `key "a" has no value`).
    pub message: String,
}

impl StrvalsError {
    fn new(message: impl Into<String>) -> StrvalsError {
        StrvalsError {
            message: message.into(),
        }
    }
}

impl fmt::Display for StrvalsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StrvalsError {}

fn run(s: &str, dest: &mut Entries, mode: Mode<'_>) -> Result<(), StrvalsError> {
    Parser::new(s, mode).parse(dest).map_err(StrvalsError::new)
}

/// `--set` (`strvals.ParseInto`): values are typed like Helm's `typedVal`:
/// `true`/`false` in any case are bools, `null` is nil, `0` and base-10 integers
/// not starting with `0` are `int64`, everything else (`1.5`, `007`, `0x10`) is a
/// string.
pub fn parse_set(s: &str, dest: &mut Entries) -> Result<(), StrvalsError> {
    run(s, dest, Mode::Typed)
}

/// `--set-string` (`strvals.ParseIntoString`): every value is a string.
pub fn parse_set_string(s: &str, dest: &mut Entries) -> Result<(), StrvalsError> {
    run(s, dest, Mode::Strings)
}

/// `--set-literal` (`strvals.ParseLiteralInto`): no escapes, and the value is
/// the whole rest of the expression (`a=b,c=d` sets `a` to `b,c=d`).
pub fn parse_set_literal(s: &str, dest: &mut Entries) -> Result<(), StrvalsError> {
    run(s, dest, Mode::Literal)
}

/// `--set-file` (`strvals.ParseIntoFile`): every value (also each element of a
/// `{a,b}` list) names a file whose content becomes the string value. `read`
/// does Helm's `readFile` (local path, `-` for stdin, or a URL) and returns the
/// content or the error text.
pub fn parse_set_file(
    s: &str,
    dest: &mut Entries,
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(), StrvalsError> {
    run(s, dest, Mode::File(read))
}

/// `--set-json`: `name=<json>` items (`strvals.ParseJSON`; an empty value is
/// null), or, as in Helm v4, a whole JSON object (after trimming spaces, it
/// starts with `{`) merged into `dest` with [`merge_maps`].
pub fn parse_set_json(s: &str, dest: &mut Entries) -> Result<(), StrvalsError> {
    let trimmed = s.trim();
    if trimmed.starts_with('{') {
        let object = json::decode_object(trimmed).map_err(StrvalsError::new)?;
        merge_maps(dest, object);
        return Ok(());
    }
    run(s, dest, Mode::Json)
}

/// Helm's `loader.MergeMaps` (used for `-f` files and v4's JSON-object
/// `--set-json`): where both sides hold a `map[string]interface {}` the maps
/// merge recursively, otherwise the value from `src` replaces the one in `dst`.
pub fn merge_maps(dst: &mut Entries, src: Entries) {
    for (k, v) in src {
        let merged = match (dst.get(&k), &v) {
            (Some(Value::Map(old)), Value::Map(new))
                if old.ty == MapType::Any && new.ty == MapType::Any =>
            {
                let mut out = old.entries.borrow().clone();
                merge_maps(&mut out, new.entries.borrow().clone());
                Value::map(out)
            }
            _ => v,
        };
        dst.insert(k, merged);
    }
}

/// The `--set` family flags of one command line, each in command-line order.
#[derive(Clone, Debug, Default)]
pub struct SetFlags {
    /// `--set-json`.
    pub json: Vec<String>,
    /// `--set`.
    pub set: Vec<String>,
    /// `--set-string`.
    pub string: Vec<String>,
    /// `--set-file`.
    pub file: Vec<String>,
    /// `--set-literal`.
    pub literal: Vec<String>,
}

/// The second half of Helm's `Options.MergeValues`: applies the flags to
/// `base` (the `-f` files already merged with [`merge_maps`]) in Helm's order
/// `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal`, with
/// Helm's error texts (`failed parsing --set data: …`; `--set-json` errors only
/// name the flag value).
pub fn apply_set_flags(
    base: &mut Entries,
    flags: &SetFlags,
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(), StrvalsError> {
    for value in &flags.json {
        let trimmed = value.trim();
        if trimmed.starts_with('{') {
            let object = json::decode_object(trimmed).map_err(|_| {
                StrvalsError::new(format!("failed parsing --set-json data JSON: {value}"))
            })?;
            merge_maps(base, object);
        } else {
            run(value, base, Mode::Json).map_err(|_| {
                StrvalsError::new(format!("failed parsing --set-json data {value}"))
            })?;
        }
    }
    let prefixed = |flag: &str| {
        let flag = flag.to_string();
        move |e: StrvalsError| StrvalsError::new(format!("failed parsing {flag} data: {e}"))
    };
    for value in &flags.set {
        parse_set(value, base).map_err(prefixed("--set"))?;
    }
    for value in &flags.string {
        parse_set_string(value, base).map_err(prefixed("--set-string"))?;
    }
    for value in &flags.file {
        parse_set_file(value, base, read).map_err(prefixed("--set-file"))?;
    }
    for value in &flags.literal {
        parse_set_literal(value, base).map_err(prefixed("--set-literal"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
