//! Sprig's `urlParse` and `urlJoin` (Go `net/url`), and Helm's `getHostByName`,
//! which returns `""` unless DNS lookups are enabled (they never are here).

use super::{arg, arg_str, kind_name, plain_map};
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::value::{Entries, Map, Value};

mod gourl;

pub use gourl::Url;

/// Registers `urlParse`, `urlJoin` and `getHostByName`.
pub fn register(m: &mut FuncMap) {
    m.insert("urlParse", Sig::fixed(&[Ty::String]), url_parse);
    m.insert("urlJoin", Sig::fixed(&[Ty::MapAny]), url_join);
    m.insert("getHostByName", Sig::fixed(&[Ty::String]), get_host_by_name);
}

fn get_host_by_name(_: &mut dyn Host, _: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(""))
}

fn url_parse(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let u = Url::parse(arg_str(&a, 0))
        .map_err(|e| GoError::new(format!("unable to parse url: {e}")))?;
    let mut e = Entries::new();
    let mut put = |k: &str, v: String| {
        e.insert(k.to_string(), Value::from(v));
    };
    put("scheme", u.scheme.clone());
    put("host", u.host.clone());
    put("hostname", u.hostname());
    put("path", u.path.clone());
    put("query", u.raw_query.clone());
    put("opaque", u.opaque.clone());
    put("fragment", u.fragment.clone());
    put(
        "userinfo",
        u.user.as_ref().map(|u| u.string()).unwrap_or_default(),
    );
    Ok(Value::map(e))
}

/// Sprig's `dictGetOrEmpty`.
fn get_or_empty(d: &Map, key: &str) -> Result<String, GoError> {
    match d.get(key) {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.to_string()),
        Some(v) => Err(GoError::new(format!(
            "unable to parse {key} key, must be of type string, but {} found",
            kind_name(&v)?
        ))),
    }
}

fn url_join(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let d = plain_map(&arg(&a, 0));
    let mut u = Url {
        scheme: get_or_empty(&d, "scheme")?,
        host: get_or_empty(&d, "host")?,
        path: get_or_empty(&d, "path")?,
        raw_query: get_or_empty(&d, "query")?,
        opaque: get_or_empty(&d, "opaque")?,
        fragment: get_or_empty(&d, "fragment")?,
        ..Url::default()
    };
    let userinfo = get_or_empty(&d, "userinfo")?;
    if !userinfo.is_empty() {
        let tmp = Url::parse(&format!("proto://{userinfo}@host"))
            .map_err(|e| GoError::new(format!("unable to parse userinfo in dict: {e}")))?;
        u.user = tmp.user;
    }
    Ok(Value::from(u.string()))
}
