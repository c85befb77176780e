//! `values.schema.json` validation, as Helm v4 does it
//! (`pkg/chart/common/util/jsonschema.go` on santhosh-tekuri/jsonschema v6.0.2).
//!
//! The root chart's schema validates the coalesced values; then each subchart's
//! schema validates `values[<subchart>]` when that is a map, recursively. Errors are
//! collected per chart into Helm's text:
//!
//! ```text
//! values don't meet the specifications of the schema(s) in the following chart(s):
//! mychart:
//! - at '/replicas': got string, want integer
//! ```
//!
//! The validator is a port of santhosh-tekuri's (see [`validate`]): its keyword
//! order, short circuits (a failed `type`, `const`, `enum` or `format` hides every
//! other error of that schema; draft < 2019-09 `$ref` hides its siblings), error
//! nesting and message texts (including `x/text` number layouts such as `1,000` and
//! `1×10⁰⁶`). Sibling errors that Helm prints in Go's random map order are printed
//! in key order. Remote (`http(s)`) `$ref`s are never fetched: they accept anything,
//! and [`validate_values`] names them (Helm downloads them; without a network it fails).

mod compile;
mod format;
mod json;
mod kind;
mod number;
mod regex;
mod url;
mod validate;

use std::collections::BTreeMap;

use crate::chart::load::Chart;
use crate::template::gofmt::sprintf;
use crate::template::value::{Entries, Value};

use json::{Json, Number};
use kind::Line;
use number::Decimal;

/// One printed problem line of a schema failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaProblem {
    /// The chart whose schema (or values type) failed.
    pub chart: String,
    /// JSON pointer into that chart's values (`""` for the root, `/image/tag`).
    pub instance_path: String,
    /// The message after `at '…': `; for errors that are not about a value (a broken
    /// schema, an unresolvable `$ref`, a non-map subchart section) the whole text.
    pub message: String,
    /// Nesting depth of the line under its parent (`allOf`, `anyOf`, … causes).
    pub depth: usize,
}

/// Values rejected by a schema (or a schema that could not be used).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    /// Helm's full error text.
    pub message: String,
    /// The lines of `message`, structured.
    pub problems: Vec<SchemaProblem>,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SchemaError {}

const PREFIX: &str =
    "values don't meet the specifications of the schema(s) in the following chart(s):\n";

/// A part of a chart's schema that was not checked: a remote (`http(s)`) document a
/// `$ref` names, which Helm downloads and helm-preflight never does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unchecked {
    /// The chart whose `values.schema.json` has the `$ref`.
    pub chart: String,
    /// The remote document.
    pub url: String,
}

/// Validates coalesced `values` against `chart`'s schema and, recursively, each
/// subchart's schema against its section of the values (`ValidateAgainstSchema`).
/// Remote `$ref`s accept anything; they are returned, so callers can say what was not
/// checked.
pub fn validate_values(chart: &Chart, values: &Entries) -> Result<Vec<Unchecked>, SchemaError> {
    let mut text = String::new();
    let mut problems = Vec::new();
    let mut unchecked = Vec::new();
    validate_chart(chart, values, &mut text, &mut problems, &mut unchecked);
    if text.is_empty() {
        return Ok(unchecked);
    }
    Err(SchemaError {
        message: format!("{PREFIX}{text}"),
        problems,
    })
}

fn validate_chart(
    chart: &Chart,
    values: &Entries,
    text: &mut String,
    problems: &mut Vec<SchemaProblem>,
    unchecked: &mut Vec<Unchecked>,
) {
    let name = chart.name();
    if let Some(schema) = &chart.schema {
        match validate_single(values, schema) {
            Ok(remote) => unchecked.extend(remote.into_iter().map(|url| Unchecked {
                chart: name.to_string(),
                url,
            })),
            Err(Failure::Invalid(lines)) => {
                text.push_str(name);
                text.push_str(":\n");
                text.push_str(&kind::render(&lines));
                text.push('\n');
                problems.extend(lines.into_iter().map(|l| SchemaProblem {
                    chart: name.to_string(),
                    instance_path: l.instance_path,
                    message: l.message,
                    depth: l.depth,
                }));
            }
            Err(Failure::Unusable(msg)) => {
                text.push_str(name);
                text.push_str(":\n");
                text.push_str(&msg);
                problems.push(SchemaProblem {
                    chart: name.to_string(),
                    instance_path: String::new(),
                    message: msg,
                    depth: 0,
                });
            }
        }
    }
    for sub in &chart.dependencies {
        match values.get(sub.name()) {
            None | Some(Value::Nil | Value::Invalid) => {}
            Some(Value::Map(m)) => {
                let entries = m.entries.borrow().clone();
                validate_chart(sub, &entries, text, problems, unchecked);
            }
            Some(other) => {
                let msg = format!(
                    "invalid type for values: expected object (map), got {}",
                    other.type_name()
                );
                text.push_str(&format!("{}:\n{msg}\n", sub.name()));
                problems.push(SchemaProblem {
                    chart: sub.name().to_string(),
                    instance_path: String::new(),
                    message: msg,
                    depth: 0,
                });
            }
        }
    }
}

enum Failure {
    /// Validation errors, as printed lines.
    Invalid(Vec<Line>),
    /// The schema could not be parsed or compiled (Helm prints the bare error).
    Unusable(String),
}

/// A compiled schema, cached per thread by its text (a chart is validated once per
/// render, and large charts ship large schemas).
fn compiled_schema(schema_text: &str) -> Result<std::rc::Rc<compile::Compiled>, String> {
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, Result<std::rc::Rc<compile::Compiled>, String>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(hit) = CACHE.with(|c| c.borrow().get(schema_text).cloned()) {
        return hit;
    }
    let text = schema_text.strip_prefix('\u{feff}').unwrap_or(schema_text);
    let result = json::parse(text)
        .and_then(compile::compile)
        .map(std::rc::Rc::new);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 256 {
            c.clear();
        }
        c.insert(schema_text.to_string(), result.clone());
    });
    result
}

/// `ValidateAgainstSingleSchema`; on success, the remote documents left unchecked.
fn validate_single(values: &Entries, schema_text: &str) -> Result<Vec<String>, Failure> {
    let compiled = compiled_schema(schema_text).map_err(Failure::Unusable)?;
    let instance = Json::Obj(to_json_map(values));
    validate::validate(&compiled.nodes, 0, &instance)
        .map(|()| compiled.remote.clone())
        .map_err(|causes| {
            let mut lines = Vec::new();
            for c in &causes {
                c.lines(0, &mut lines);
            }
            Failure::Invalid(lines)
        })
}

fn to_json_map(entries: &Entries) -> BTreeMap<String, Json> {
    entries
        .iter()
        .map(|(k, v)| (k.clone(), to_json(v)))
        .collect()
}

/// A template value as the JSON the validator sees (Go's `%v` text for numbers).
fn to_json(v: &Value) -> Json {
    match v {
        Value::Invalid | Value::Nil => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(..) | Value::Uint(..) | Value::Float(..) => {
            let text = sprintf("%v", std::slice::from_ref(v));
            match Decimal::parse(&text) {
                Some(dec) => Json::Num(Number { text, dec }),
                None => Json::Invalid(v.type_name()),
            }
        }
        Value::String(s) => Json::Str(s.as_str().to_string()),
        Value::List(l) => Json::Arr(l.items.iter().map(to_json).collect()),
        Value::Map(m) => Json::Obj(to_json_map(&m.entries.borrow())),
        Value::Complex(..) | Value::Bytes(_) | Value::Object(_) => Json::Invalid(v.type_name()),
    }
}
