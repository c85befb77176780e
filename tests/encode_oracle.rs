//! Oracle-checked cases for the JSON and YAML encoders and the JSON decoder.
//!
//! `tests/data/encode_cases.json` is produced by `tests/data/gen_encode_cases.py`
//! from Helm's own engine: each case carries the input value as a typed
//! description (so no YAML loader is needed), the encoder Helm ran, and Helm's
//! output or error text.

use helm_preflight::funcs::encode::{
    from_json, from_json_array, from_json_object, to_json, to_pretty_json, to_yaml, to_yaml_pretty,
};
use helm_preflight::template::error::GoError;
use helm_preflight::template::value::{Entries, Value};
use serde_json::Value as Json;

/// Builds a Go value from its typed description.
fn build(desc: &Json) -> Value {
    let Some((tag, v)) = desc.as_object().and_then(|o| o.iter().next()) else {
        panic!("bad description {desc}");
    };
    match tag.as_str() {
        "m" => {
            let entries: Entries = v
                .as_object()
                .expect("map")
                .iter()
                .map(|(k, x)| (k.clone(), build(x)))
                .collect();
            Value::map(entries)
        }
        "l" => Value::list(v.as_array().expect("list").iter().map(build).collect()),
        "s" => Value::str(v.as_str().expect("string")),
        "f" => match v {
            Json::String(s) => Value::float(match s.as_str() {
                "NaN" => f64::NAN,
                "+Inf" => f64::INFINITY,
                "-Inf" => f64::NEG_INFINITY,
                other => other.parse().expect("float text"),
            }),
            _ => Value::float(v.as_f64().expect("float")),
        },
        "i" => Value::int(v.as_i64().expect("int")),
        "i64" => Value::int64(v.as_i64().expect("int64")),
        "b" => Value::Bool(v.as_bool().expect("bool")),
        "n" => Value::Nil,
        other => panic!("unknown tag {other}"),
    }
}

/// Helm's trim of one trailing newline.
fn trim_one(s: String) -> String {
    s.strip_suffix('\n').map(str::to_string).unwrap_or(s)
}

/// What a template prints for a function returning a string, or swallowing errors as "".
fn swallow(r: Result<String, GoError>) -> String {
    r.unwrap_or_default()
}

/// Checks the error text of a failing function call against Helm's template error.
fn check_error(func: &str, got: Result<String, GoError>, helm_err: &str) -> Result<(), String> {
    match got {
        Ok(out) => Err(format!("expected error {helm_err:?}, got output {out:?}")),
        Err(e) => {
            let want = format!("error calling {func}: {}", e.msg);
            if helm_err.ends_with(&want) {
                Ok(())
            } else {
                Err(format!(
                    "error text: got {:?}, Helm said {helm_err:?}",
                    e.msg
                ))
            }
        }
    }
}

fn run_encoder(case: &Json) -> Result<(), String> {
    let func = case["func"].as_str().unwrap_or_default();
    let v = build(&case["input"]);
    let result = match func {
        "toYaml" => to_yaml(&v).map(trim_one),
        "toYamlPretty" => to_yaml_pretty(&v).map(trim_one),
        "toJson" => to_json(&v, true),
        "toPrettyJson" => to_pretty_json(&v),
        "toRawJson" => to_json(&v, false),
        other => return Err(format!("unknown encoder {other}")),
    };
    if let Some(must) = case.get("must_error").and_then(Json::as_str) {
        let must_func = format!("must{}{}", &func[..1].to_uppercase(), &func[1..]);
        check_error(&must_func, result.clone(), must)?;
    }
    if let Some(err) = case.get("error").and_then(Json::as_str) {
        return check_error(func, result, err);
    }
    let want = case["output"].as_str().unwrap_or_default();
    let got = swallow(result);
    if got == want {
        Ok(())
    } else {
        Err(format!(
            "output differs\n--- got\n{got}\n--- Helm\n{want}\n---"
        ))
    }
}

fn run_decoder(case: &Json) -> Result<(), String> {
    let func = case["func"].as_str().unwrap_or_default();
    let doc = case["json"].as_str().unwrap_or_default();
    let result: Result<String, GoError> = match func {
        "fromJson" => {
            let (entries, err) = from_json_object(doc);
            match entries {
                None => Ok("null".to_string()),
                Some(mut entries) => {
                    if let Some(e) = err {
                        entries.insert("Error".to_string(), Value::str(e.msg));
                    }
                    to_json(&Value::map(entries), true)
                }
            }
        }
        "fromJsonArray" => {
            let (items, err) = from_json_array(doc);
            match (items, err) {
                (None, _) => Ok("null".to_string()),
                (Some(_), Some(e)) => to_json(&Value::list(vec![Value::str(e.msg)]), true),
                (Some(items), None) => to_json(&Value::list(items), true),
            }
        }
        "mustFromJson" => from_json(doc).and_then(|v| to_json(&v, true)),
        other => return Err(format!("unknown decoder {other}")),
    };
    if let Some(err) = case.get("error").and_then(Json::as_str) {
        return check_error(func, result, err);
    }
    let want = case["output"].as_str().unwrap_or_default();
    match result {
        Ok(got) if got == want => Ok(()),
        Ok(got) => Err(format!("got {got:?}, Helm printed {want:?}")),
        Err(e) => Err(format!(
            "unexpected error {:?}, Helm printed {want:?}",
            e.msg
        )),
    }
}

#[test]
fn encode_cases_match_helm() {
    // Some cases nest 10000 levels deep (Go's decoder limit); unoptimised builds
    // need a large stack to encode and drop those values.
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(run_all_cases)
        .expect("spawn")
        .join()
        .expect("cases thread");
}

fn run_all_cases() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/encode_cases.json"
    ))
    .expect("read cases");
    let cases: Vec<Json> = serde_json::from_str(&text).expect("parse cases");
    assert!(cases.len() >= 150, "too few cases: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let r = if case.get("json").is_some() {
            run_decoder(case)
        } else {
            run_encoder(case)
        };
        if let Err(msg) = r {
            failures.push(format!("{name}: {msg}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Helm:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
