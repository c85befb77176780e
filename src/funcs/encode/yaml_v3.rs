//! go-yaml v3's encoder with `SetIndent(2)` (Helm's `toYamlPretty`): values are
//! written directly, without a JSON round trip, so floats keep Go's `%g` form
//! (`1e+06`), NaN and infinities print as `.nan`/`.inf`, and `[]byte` is a
//! sequence of numbers.

use crate::template::error::GoError;
use crate::template::value::{FloatKind, Value};

use super::emitter::{emit_document, Dialect, Node, Scalar};
use super::number::go_float_g_shortest;
use super::sort::sort_keys;
use super::{too_deep, MAX_YAML_DEPTH};

/// The document go-yaml v3's `Encoder` (indent 2) writes for `v`, including the
/// final newline that Helm's `toYamlPretty` trims.
pub fn to_yaml_pretty(v: &Value) -> Result<String, GoError> {
    let node = node(v, 0)?;
    Ok(emit_document(&node, Dialect::V3))
}

fn node(v: &Value, depth: usize) -> Result<Node, GoError> {
    if depth > MAX_YAML_DEPTH {
        return Err(too_deep());
    }
    Ok(match v {
        Value::Invalid | Value::Nil => Node::Scalar(Scalar::plain("null")),
        Value::Bool(b) => Node::Scalar(Scalar::plain(if *b { "true" } else { "false" })),
        Value::Int(i, _) => Node::Scalar(Scalar::plain(i.to_string())),
        Value::Uint(u, _) => Node::Scalar(Scalar::plain(u.to_string())),
        Value::Float(f, kind) => Node::Scalar(Scalar::plain(float_text(*f, *kind))),
        Value::Complex(..) => return Err(GoError::new("cannot marshal type: complex128")),
        Value::String(s) => Node::Scalar(Scalar::string(s, Dialect::V3)),
        Value::Bytes(b) => Node::Seq(
            b.iter()
                .map(|x| Node::Scalar(Scalar::plain(x.to_string())))
                .collect(),
        ),
        Value::List(l) => Node::Seq(
            l.items
                .iter()
                .map(|item| node(item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(m) => {
            let mut entries = Vec::new();
            for (k, item) in m.entries.borrow().iter() {
                entries.push((k.clone(), node(item, depth + 1)?));
            }
            Node::Map(
                sort_keys(entries, Dialect::V3)
                    .into_iter()
                    .map(|(k, n)| (Scalar::string(&k, Dialect::V3), n))
                    .collect(),
            )
        }
        Value::Object(o) => node(&o.to_data(), depth + 1)?,
    })
}

/// go-yaml v3's `floatv`: `%g` at the value's precision, with YAML spellings
/// for NaN and the infinities.
fn float_text(f: f64, kind: FloatKind) -> String {
    match go_float_g_shortest(f, kind == FloatKind::F32).as_str() {
        "+Inf" => ".inf".to_string(),
        "-Inf" => "-.inf".to_string(),
        "NaN" => ".nan".to_string(),
        s => s.to_string(),
    }
}
