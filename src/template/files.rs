//! Methods of Helm's `.Files` (`engine.files`, a `map[string][]byte`): `Get`,
//! `GetBytes`, `Glob`, `Lines`, `AsConfig`, `AsSecrets`.

use std::rc::Rc;

use super::error::GoError;
use super::func::{Sig, Ty};
use super::glob::Glob;
use super::gobytes::from_go_bytes;
use super::value::{Entries, ListType, Map, MapType, Value};

/// The signature of a `.Files` method.
pub fn method(name: &str) -> Option<(&'static str, Sig)> {
    if !matches!(name.as_bytes().first(), Some(b'G' | b'L' | b'A')) {
        return None;
    }
    const STR: Sig = Sig::fixed(&[Ty::String]);
    const NONE: Sig = Sig::fixed(&[]);
    match name {
        "Get" => Some(("Get", STR)),
        "GetBytes" => Some(("GetBytes", STR)),
        "Glob" => Some(("Glob", STR)),
        "Lines" => Some(("Lines", STR)),
        "AsConfig" => Some(("AsConfig", NONE)),
        "AsSecrets" => Some(("AsSecrets", NONE)),
        _ => None,
    }
}

/// Builds a `.Files` map from (path, bytes) pairs.
pub fn files_value(files: impl IntoIterator<Item = (String, Rc<[u8]>)>) -> Value {
    let e: Entries = files
        .into_iter()
        .map(|(k, v)| (k, Value::Bytes(v)))
        .collect();
    Value::Map(Map::new(MapType::Files, e))
}

fn bytes(m: &Map, name: &str) -> Rc<[u8]> {
    match m.get(name) {
        Some(Value::Bytes(b)) => b,
        _ => Rc::from(&[][..]),
    }
}

/// Calls a `.Files` method.
pub fn call(m: &Map, method: &str, args: Vec<Value>) -> Result<Value, GoError> {
    let arg = args
        .first()
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    Ok(match method {
        "GetBytes" => Value::Bytes(bytes(m, &arg)),
        "Get" => Value::from(from_go_bytes(&bytes(m, &arg)).into_owned()),
        "Lines" => {
            let b = bytes(m, &arg);
            let mut s = from_go_bytes(&b).into_owned();
            if s.is_empty() {
                return Ok(Value::typed_list(ListType::String, Vec::new()));
            }
            if s.ends_with('\n') {
                s.pop();
            }
            Value::typed_list(ListType::String, s.split('\n').map(Value::from).collect())
        }
        "Glob" => {
            let g = Glob::compile(&arg).or_else(|| Glob::compile("**"));
            let e: Entries = m
                .entries
                .borrow()
                .iter()
                .filter(|(k, _)| g.as_ref().is_some_and(|g| g.matches(k)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Value::Map(Map::new(MapType::Files, e))
        }
        "AsConfig" | "AsSecrets" => {
            let mut e = Entries::new();
            for (k, v) in m.entries.borrow().iter() {
                let base = k.rsplit('/').next().unwrap_or(k).to_string();
                let data = match v {
                    Value::Bytes(b) => b.clone(),
                    _ => Rc::from(&[][..]),
                };
                let text = if method == "AsConfig" {
                    String::from_utf8_lossy(&data).into_owned()
                } else {
                    base64_std(&data)
                };
                e.insert(base, Value::from(text));
            }
            let yaml = crate::funcs::to_yaml_string(&Value::Map(Map::new(MapType::StrStr, e)));
            Value::from(yaml)
        }
        _ => return Err(GoError::new(format!("no method {method} on engine.files"))),
    })
}

/// Standard base64 with padding.
pub fn base64_std(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}
