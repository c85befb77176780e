//! Helm's encoding functions (`pkg/engine/funcs.go`): `toYaml`, `mustToYaml`,
//! `toYamlPretty`, `fromYaml`, `fromYamlArray`, `toJson`, `mustToJson`, `fromJson`,
//! `fromJsonArray`, `toToml`, `mustToToml`, `fromToml`, and Sprig's `toPrettyJson`,
//! `toRawJson`, `mustFromJson` and their `must` forms.

use super::encode;
use super::encode::toml::{to_toml, TomlEncodeError};
use super::encode::toml_decode::{from_toml, TomlDecodeError};
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::value::{Entries, Value};
use crate::yaml::to_value::{json_kind, yaml_to_map_first_doc, yaml_to_value_first_doc};

const ANY: Sig = Sig::fixed(&[Ty::Any]);
const STR: Sig = Sig::fixed(&[Ty::String]);

/// Registers the encoding functions.
pub fn register(m: &mut FuncMap) {
    m.insert("toYaml", ANY, |_, a| {
        Ok(Value::from(super::to_yaml_string(&arg(&a))))
    });
    m.insert("mustToYaml", ANY, |_, a| {
        trimmed(encode::to_yaml(&arg(&a))?)
    });
    m.insert("toYamlPretty", ANY, |_, a| {
        Ok(match encode::to_yaml_pretty(&arg(&a)) {
            Ok(s) => Value::from(s.strip_suffix('\n').unwrap_or(&s)),
            Err(_) => Value::from(""),
        })
    });
    m.insert("fromYaml", STR, from_yaml);
    m.insert("fromYamlArray", STR, from_yaml_array);
    m.insert("toJson", ANY, |_, a| {
        Ok(Value::from(
            encode::to_json(&arg(&a), true).unwrap_or_default(),
        ))
    });
    m.insert("mustToJson", ANY, |_, a| {
        Ok(Value::from(encode::to_json(&arg(&a), true)?))
    });
    m.insert("toRawJson", ANY, |_, a| {
        Ok(Value::from(encode::to_json(&arg(&a), false)?))
    });
    m.insert("mustToRawJson", ANY, |_, a| {
        Ok(Value::from(encode::to_json(&arg(&a), false)?))
    });
    m.insert("toPrettyJson", ANY, |_, a| {
        Ok(Value::from(
            encode::to_pretty_json(&arg(&a)).unwrap_or_default(),
        ))
    });
    m.insert("mustToPrettyJson", ANY, |_, a| {
        Ok(Value::from(encode::to_pretty_json(&arg(&a))?))
    });
    m.insert("fromJson", STR, |_, a| {
        let (obj, err) = encode::from_json_object(&str_arg(&a));
        let mut e = obj.unwrap_or_default();
        if let Some(err) = err {
            e.insert("Error".into(), Value::from(err.msg));
        }
        Ok(Value::map(e))
    });
    m.insert("fromJsonArray", STR, |_, a| {
        let (arr, err) = encode::from_json_array(&str_arg(&a));
        Ok(match err {
            Some(err) => Value::list(vec![Value::from(err.msg)]),
            None => Value::list(arr.unwrap_or_default()),
        })
    });
    m.insert("mustFromJson", STR, |_, a| encode::from_json(&str_arg(&a)));
    m.insert("toToml", ANY, |_, a| match to_toml(&arg(&a)) {
        Ok(s) | Err(TomlEncodeError::Encode(s)) => Ok(Value::from(s)),
        Err(TomlEncodeError::Panic(e)) => Err(GoError::new(e)),
    });
    m.insert("mustToToml", ANY, |_, a| match to_toml(&arg(&a)) {
        Ok(s) => Ok(Value::from(s)),
        Err(TomlEncodeError::Encode(e) | TomlEncodeError::Panic(e)) => Err(GoError::new(e)),
    });
    m.insert("fromToml", STR, |_, a| match from_toml(&str_arg(&a)) {
        Ok(entries) => Ok(Value::map(entries)),
        Err(TomlDecodeError::Parse(e)) => {
            let mut m = Entries::new();
            m.insert("Error".into(), Value::from(e));
            Ok(Value::map(m))
        }
        Err(TomlDecodeError::Panic(e)) => Err(GoError::new(e)),
    });
}

fn arg(a: &[Value]) -> Value {
    a.first().cloned().unwrap_or(Value::Nil)
}

fn str_arg(a: &[Value]) -> String {
    a.first().and_then(Value::as_str).unwrap_or("").to_string()
}

fn trimmed(s: String) -> Result<Value, GoError> {
    Ok(Value::from(s.strip_suffix('\n').unwrap_or(&s)))
}

fn from_yaml(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let text = a.first().and_then(Value::as_str).unwrap_or("");
    if text.len() < FROM_YAML_CACHED {
        return Ok(from_yaml_text(text));
    }
    // Charts often parse the same large document twice (istio-base reads each CRD's
    // name, then the whole CRD); the copy of a parse is much cheaper than a parse, and
    // each call still gets maps of its own (templates `set` into them).
    thread_local! {
        static RECENT: std::cell::RefCell<Vec<(String, Value)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    if let Some(hit) = RECENT.with(|r| {
        r.borrow()
            .iter()
            .find(|(t, _)| t == text)
            .map(|(_, v)| crate::chart::coalesce::deep_copy(v))
    }) {
        return Ok(hit);
    }
    let value = from_yaml_text(text);
    RECENT.with(|r| {
        let mut r = r.borrow_mut();
        if r.len() == FROM_YAML_RECENT {
            r.remove(0);
        }
        r.push((text.to_string(), crate::chart::coalesce::deep_copy(&value)));
    });
    Ok(value)
}

/// Texts this long are remembered by `fromYaml` ...
const FROM_YAML_CACHED: usize = 4096;
/// ... this many of them, the most recent.
const FROM_YAML_RECENT: usize = 4;

/// `fromYaml` of `text`: the first document as a map, or `{"Error": message}`.
fn from_yaml_text(text: &str) -> Value {
    match yaml_to_map_first_doc(text) {
        Ok(v) => v,
        Err(e) => {
            let mut m = Entries::new();
            m.insert("Error".into(), Value::from(e.message));
            Value::map(m)
        }
    }
}

fn from_yaml_array(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(match yaml_to_value_first_doc(&str_arg(&a)) {
        Ok(Value::List(l)) => Value::List(l),
        Ok(Value::Nil) => Value::list(Vec::new()),
        Ok(other) => Value::list(vec![Value::from(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        ))]),
        Err(e) => Value::list(vec![Value::from(e.message)]),
    })
}
