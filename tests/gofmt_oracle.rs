//! Go `fmt` conformance: every expected output in `tests/data/gofmt_cases.json`
//! was rendered by Helm itself (`scripts/gen_gofmt_cases.py` runs the oracle).
//! Each case names the template function, the format, and how to build the
//! arguments (see the script's docstring for the argument kinds).

use std::rc::Rc;

use helm_preflight::template::escape::{eval_args, html_escape, js_escape, url_query_escape};
use helm_preflight::template::gofmt::{sprint, sprintf, sprintln};
use helm_preflight::template::value::{Entries, ListType, Map, MapType, UintKind, Value};
use serde_json::Value as Json;

fn from_json(j: &Json) -> Value {
    match j {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::float(n.as_f64().expect("number")),
        Json::String(s) => Value::str(s.as_str()),
        Json::Array(items) => Value::list(items.iter().map(from_json).collect()),
        Json::Object(m) => Value::map(entries(m)),
    }
}

fn entries(m: &serde_json::Map<String, Json>) -> Entries {
    m.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()
}

fn float_arg(j: &Json) -> f64 {
    match j {
        Json::String(s) => match s.as_str() {
            "NaN" => f64::NAN,
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            other => panic!("unknown float {other}"),
        },
        other => other.as_f64().expect("float"),
    }
}

fn strings(j: &Json) -> Vec<String> {
    j.as_array()
        .expect("string list")
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

fn build_arg(arg: &Json) -> Value {
    let parts = arg.as_array().expect("arg is [kind, value]");
    let kind = parts[0].as_str().expect("kind");
    let v = parts.get(1).unwrap_or(&Json::Null);
    match kind {
        "int" => Value::int(v.as_i64().expect("int")),
        "int64" => Value::int64(v.as_i64().expect("int64")),
        "uint8" => Value::Uint(v.as_u64().expect("uint8"), UintKind::U8),
        "f64" => Value::float(float_arg(v)),
        "str" => Value::str(v.as_str().expect("str")),
        "bool" => Value::Bool(v.as_bool().expect("bool")),
        "nil" => Value::Nil,
        "bytes" => Value::Bytes(Rc::from(v.as_str().expect("bytes").as_bytes())),
        "json" => from_json(v),
        "strs" => Value::typed_list(
            ListType::String,
            strings(v).into_iter().map(Value::from).collect(),
        ),
        "strmap" => Value::Map(Map::new(
            MapType::StrStr,
            strings(v)
                .into_iter()
                .enumerate()
                .map(|(i, s)| (format!("_{i}"), Value::from(s)))
                .collect(),
        )),
        "complex" => {
            let c = v.as_array().expect("complex pair");
            Value::Complex(float_arg(&c[0]), float_arg(&c[1]))
        }
        "list" => Value::list(v.as_array().expect("list").iter().map(build_arg).collect()),
        "dict" => Value::map(
            v.as_array()
                .expect("dict pairs")
                .iter()
                .map(|p| (p[0].as_str().expect("key").to_string(), build_arg(&p[1])))
                .collect(),
        ),
        "values" => Value::Map(Map::new(
            MapType::Values,
            entries(v.as_object().expect("values map")),
        )),
        other => panic!("unknown arg kind {other}"),
    }
}

fn run(func: &str, format: Option<&str>, args: &[Value]) -> String {
    match func {
        "printf" => sprintf(format.expect("format"), args),
        "print" => sprint(args),
        "println" => sprintln(args),
        "html" => html_escape(&eval_args(args)),
        "js" => js_escape(&eval_args(args)),
        "urlquery" => url_query_escape(&eval_args(args)),
        other => panic!("unknown func {other}"),
    }
}

#[test]
fn helm_oracle_table() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/gofmt_cases.json"
    ))
    .expect("case table");
    let cases: Vec<Json> = serde_json::from_str(&text).expect("json");
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let func = case["func"].as_str().expect("func");
        let format = case["format"].as_str();
        let args: Vec<Value> = case["args"]
            .as_array()
            .expect("args")
            .iter()
            .map(build_arg)
            .collect();
        let want = case["output"].as_str().expect("every case has an output");
        let got = run(func, format, &args);
        if got != want {
            failures.push(format!(
                "{}\n   got: {got:?}\n  want: {want:?}",
                case["template"].as_str().unwrap_or_default()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
