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
    Ok(match yaml_to_map_first_doc(&str_arg(&a)) {
        Ok(v) => v,
        Err(e) => {
            let mut m = Entries::new();
            m.insert("Error".into(), Value::from(e.message));
            Value::map(m)
        }
    })
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
