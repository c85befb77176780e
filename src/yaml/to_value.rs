//! Node tree → template [`Value`], with Helm's semantics (`sigs.k8s.io/yaml.Unmarshal`).
//!
//! The pipeline Helm runs on every values file, `fromYaml` string and `-f` file:
//! go-yaml v2 decodes the YAML into `interface{}` (YAML 1.1 resolution, merge keys,
//! last duplicate wins); map keys are stringified (bools `true`/`false`, ints in
//! decimal, floats with `FormatFloat(f, 'g', -1, 32)`, a `null` or uint64 key is an
//! error); the result is written as JSON (`.inf`/`.nan` fail there) and read back
//! into `interface{}`, so **every number becomes a `float64`**, timestamps stay the
//! strings they were written as, and maps are `map[string]interface {}`.
//!
//! Error messages are the text of the error `sigs.k8s.io/yaml.Unmarshal` returns
//! (`error converting YAML to JSON: ...`, `error unmarshaling JSON: ...`);
//! [`load_values_v4`] returns the text of Helm v4's `LoadValues`.

use std::collections::BTreeMap;

use crate::template::value::{Entries, Value};

use super::build::{build, Base, BuildOptions};
use super::decode::{decode, format_float_g, sharp_v, Loc, YEntry, Y};
use super::error::YamlError;
use super::node::{Document, Node};

const TO_JSON: &str = "error converting YAML to JSON: ";
const FROM_JSON: &str = "error unmarshaling JSON: while decoding JSON: ";
const MAP_TYPE: &str = "map[string]interface {}";

/// Converts a document root the way `sigs.k8s.io/yaml.Unmarshal` into `interface{}`
/// does. Maps are `map[string]interface {}` (`MapType::Any`, the root included:
/// callers retag it when it becomes `.Values`), lists `[]interface {}`, numbers `float64`.
pub fn to_values(doc_root: &Node) -> Result<Value, YamlError> {
    let y = decode(doc_root).map_err(|e| e.wrap(TO_JSON))?;
    let mut json_err = None;
    let v = convert(&y, Loc::of(doc_root), &mut json_err)?;
    match json_err {
        Some(e) => Err(e),
        None => Ok(v),
    }
}

/// [`to_values`] of a document; an empty document is `nil`.
pub fn document_to_values(doc: &Document) -> Result<Value, YamlError> {
    match &doc.root {
        Some(root) => to_values(root),
        None => Ok(Value::Nil),
    }
}

/// `sigs.k8s.io/yaml.Unmarshal(src, &v)` with `v interface{}`: only the first
/// document is read (later ones are not even parsed); an empty input is `nil`.
pub fn yaml_to_value_first_doc(src: &str) -> Result<Value, YamlError> {
    first_doc(src, Base::default()).map(|(v, _)| v)
}

/// `sigs.k8s.io/yaml.Unmarshal(src, &m)` with `m map[string]interface{}` (what
/// Helm's `fromYaml` does): like [`yaml_to_value_first_doc`], but a `null` document
/// gives an empty map and a non-map document is the JSON decoder's error
/// (`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into
/// Go value of type map[string]interface {}`).
pub fn yaml_to_map_first_doc(src: &str) -> Result<Value, YamlError> {
    first_doc_map(src, Base::default())
}

/// The JSON kind name `encoding/json` uses in "cannot unmarshal X into ..." errors.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Map(_) => "object",
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Nil | Value::Invalid => "null",
        _ => "number",
    }
}

/// Parses and converts the first document of a slice; also returns its root location.
fn first_doc(src: &str, base: Base) -> Result<(Value, Loc), YamlError> {
    let opts = BuildOptions {
        first_only: true,
        ..BuildOptions::default()
    };
    let built = build(src, base, opts);
    if let Some(e) = built.errors.into_iter().next() {
        return Err(e.wrap(TO_JSON));
    }
    let start = Loc {
        line: base.lines + 1,
        col: 1,
        offset: base.offset,
    };
    match built.docs.first().and_then(|d| d.root.as_ref()) {
        Some(root) => Ok((to_values(root)?, Loc::of(root))),
        None => Ok((Value::Nil, start)),
    }
}

fn first_doc_map(src: &str, base: Base) -> Result<Value, YamlError> {
    let (v, loc) = first_doc(src, base)?;
    match v {
        Value::Map(_) => Ok(v),
        Value::Nil => Ok(Value::map(Entries::new())),
        other => Err(loc.error(format!(
            "{FROM_JSON}json: cannot unmarshal {} into Go value of type {MAP_TYPE}",
            json_kind(&other)
        ))),
    }
}

/// Helm v4's `loader.LoadValues`: every `---`-separated document of the file is
/// read as with `yaml.Unmarshal` into a map, and the maps are deep-merged in order
/// (maps merge recursively, anything else replaces). An empty file is an empty map.
///
/// Documents are split the way Kubernetes' `YAMLReader` does: a line starting with
/// `---` ends a document, and text after the `---` other than a comment is an error
/// (`error reading yaml document: invalid Yaml document separator: x`). Other errors
/// read `cannot unmarshal yaml document: <sigs.k8s.io/yaml error>`; the line in a
/// syntax error's text counts from the start of that document, as in Helm, while the
/// error's `line`/`col`/`offset` are file positions. A leading UTF-8 BOM is ignored.
pub fn load_values_v4(src: &str) -> Result<Value, YamlError> {
    let (bom, text) = match src.strip_prefix('\u{FEFF}') {
        Some(rest) => (3, rest),
        None => (0, src),
    };
    let owned;
    let text = if text.is_empty() || text.ends_with('\n') {
        text
    } else {
        owned = format!("{text}\n");
        owned.as_str()
    };
    let mut values = Entries::new();
    let mut chunk_start: Option<(usize, u32)> = None;
    let mut offset = 0;
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        let line_no = u32::try_from(line_no).unwrap_or(u32::MAX);
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                let msg = format!(
                    "error reading yaml document: invalid Yaml document separator: {trimmed}"
                );
                return Err(YamlError::new(msg, line_no + 1, 4, bom + offset + 3));
            }
            if let Some((start, lines)) = chunk_start.take() {
                let chunk = text.get(start..offset).unwrap_or_default();
                merge_chunk(&mut values, chunk, bom + start, lines)?;
            }
        } else if chunk_start.is_none() {
            chunk_start = Some((offset, line_no));
        }
        offset += line.len();
    }
    if let Some((start, lines)) = chunk_start {
        let chunk = text.get(start..).unwrap_or_default();
        merge_chunk(&mut values, chunk, bom + start, lines)?;
    }
    Ok(Value::map(values))
}

/// Parses one `LoadValues` document and merges it into `values`.
fn merge_chunk(
    values: &mut Entries,
    chunk: &str,
    offset: usize,
    lines: u32,
) -> Result<(), YamlError> {
    let v = first_doc_map(chunk, Base { offset, lines })
        .map_err(|e| e.wrap("cannot unmarshal yaml document: "))?;
    if let Value::Map(m) = v {
        merge_maps(values, &m.entries.borrow());
    }
    Ok(())
}

/// Helm's `MergeMaps(a, b)` into `a`: maps merge recursively, other values replace.
fn merge_maps(a: &mut Entries, b: &Entries) {
    for (k, v) in b {
        if let (Value::Map(bm), Some(Value::Map(am))) = (v, a.get(k)) {
            let mut merged = am.entries.borrow().clone();
            merge_maps(&mut merged, &bm.entries.borrow());
            a.insert(k.clone(), Value::map(merged));
            continue;
        }
        a.insert(k.clone(), v.clone());
    }
}

/// The key/JSON steps of `sigs.k8s.io/yaml`. A key error is returned at once; the
/// first non-finite float in JSON order (sorted keys) is stored in `json_err`, since
/// `json.Marshal` only runs after every key was converted.
fn convert(y: &Y, loc: Loc, json_err: &mut Option<YamlError>) -> Result<Value, YamlError> {
    Ok(match y {
        Y::Nil => Value::Nil,
        Y::Bool(b) => Value::Bool(*b),
        Y::Int(i) => Value::float(*i as f64),
        Y::Uint(u) => Value::float(*u as f64),
        Y::Float(f) => {
            if !f.is_finite() && json_err.is_none() {
                let msg = format!(
                    "{TO_JSON}json: unsupported value: {}",
                    format_float_g(*f, false)
                );
                *json_err = Some(loc.error(msg));
            }
            Value::float(*f)
        }
        Y::Str(s) => Value::str(s.as_str()),
        Y::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (item, l) in items {
                out.push(convert(item, *l, json_err)?);
            }
            Value::list(out)
        }
        Y::Map(m) => {
            let mut keyed: BTreeMap<String, &YEntry> = BTreeMap::new();
            for e in &m.entries {
                keyed.insert(key_string(e)?, e);
            }
            let mut entries = Entries::new();
            for (k, e) in keyed {
                entries.insert(k, convert(&e.val, e.val_loc, json_err)?);
            }
            Value::map(entries)
        }
    })
}

/// `sigs.k8s.io/yaml`'s key stringification.
fn key_string(e: &YEntry) -> Result<String, YamlError> {
    let unsupported = |ty: &str| {
        e.key_loc.error(format!(
            "{TO_JSON}unsupported map key of type: {ty}, key: {}, value: {}",
            sharp_v(&e.key),
            sharp_v(&e.val)
        ))
    };
    Ok(match &e.key {
        Y::Str(s) => s.clone(),
        Y::Int(i) => i.to_string(),
        Y::Bool(b) => b.to_string(),
        Y::Float(f) => match format_float_g(*f, true).as_str() {
            "+Inf" => ".inf".to_string(),
            "-Inf" => "-.inf".to_string(),
            "NaN" => ".nan".to_string(),
            s => s.to_string(),
        },
        Y::Nil => return Err(unsupported("%!s(<nil>)")),
        Y::Uint(_) => return Err(unsupported("uint64")),
        Y::Seq(_) => return Err(unsupported("[]interface {}")),
        Y::Map(_) => return Err(unsupported("map[interface {}]interface {}")),
    })
}
