//! Oracle-checked table: YAML text → Helm values, compared with what Helm printed.
//!
//! `tests/data/yaml_values.json` was produced by `tests/data/gen_yaml_values.py`
//! with Helm itself. Each row is a YAML text read either as a chart's `values.yaml`
//! (mode `values`: Helm v4 `LoadValues`; Helm's coalescing of chart defaults then
//! drops `null` map entries, which the printer below mirrors) or through
//! `.Files.Get | fromYaml` (mode `fromYaml`). Helm printed every value as
//! `%T(%v)`, maps as `{k:v,...}` and lists as `[v,...]`; the printer here does the
//! same with its own Go float formatting.

use helm_preflight::template::value::{FloatKind, ListType, MapType, Value};
use helm_preflight::yaml::to_value::{load_values_v4, yaml_to_map_first_doc};

/// Rows where we knowingly differ from Helm (reported as gaps): the YAML 1.2 parser
/// rejects the YAML 1.1 escape `\'` in double-quoted scalars, which libyaml accepts.
const KNOWN_GAPS: &[&str] = &["strings_escape_squote"];

/// Go's `%v` of a `float64` (`strconv.FormatFloat(f, 'g', -1, 64)`).
fn go_float(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let sci = format!("{f:e}");
    let (mant, exp) = sci.split_once('e').expect("scientific form");
    let exp: i32 = exp.parse().expect("exponent");
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::from(if neg { "-" } else { "" });
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
    } else if exp < 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-exp - 1) as usize));
        out.push_str(&digits);
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(&digits);
            out.push_str(&"0".repeat(int_len - digits.len()));
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
    out
}

/// Prints a value as the oracle template did. `drop_nil` skips `null` map entries
/// (Helm's coalescing does that to chart values, but not inside lists).
fn print(v: &Value, drop_nil: bool, out: &mut String) {
    match v {
        Value::Map(m) if m.ty == MapType::Any => {
            out.push('{');
            for (k, v) in m.entries.borrow().iter() {
                if drop_nil && matches!(v, Value::Nil) {
                    continue;
                }
                out.push_str(k);
                out.push(':');
                print(v, drop_nil, out);
                out.push(',');
            }
            out.push('}');
        }
        Value::List(l) if l.ty == ListType::Any => {
            out.push('[');
            for item in l.items.iter() {
                print(item, false, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Nil => out.push_str("<nil>(<nil>)"),
        Value::Float(f, FloatKind::F64) => out.push_str(&format!("float64({})", go_float(*f))),
        Value::String(s) => out.push_str(&format!("string({})", s.as_str())),
        Value::Bool(b) => out.push_str(&format!("bool({b})")),
        other => out.push_str(&format!("UNEXPECTED({other:?})")),
    }
}

#[test]
fn go_float_format() {
    let cases = [
        (1.0, "1"),
        (1e6, "1e+06"),
        (123456.0, "123456"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (-1.5e-3, "-0.0015"),
        (1.2345678901234567e19, "1.2345678901234567e+19"),
        (-0.0, "-0"),
    ];
    for (f, want) in cases {
        assert_eq!(go_float(f), want, "{f}");
    }
}

#[test]
fn oracle_table() {
    let text = std::fs::read_to_string("tests/data/yaml_values.json").expect("data file");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("json");
    assert!(rows.len() >= 120, "table has {} rows", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let name = row["name"].as_str().expect("name");
        let mode = row["mode"].as_str().expect("mode");
        let src = row["yaml"].as_str().expect("yaml");
        let (got, prefix) = match mode {
            "values" => (load_values_v4(src), "cannot load values.yaml: "),
            _ => (yaml_to_map_first_doc(src), ""),
        };
        let got = match got {
            Ok(v) => {
                let mut s = String::new();
                print(&v, mode == "values", &mut s);
                Ok(s)
            }
            Err(e) => Err(format!("{prefix}{}", e.message)),
        };
        let want = match (row.get("output"), row.get("error")) {
            (Some(o), _) => Ok(o.as_str().expect("output").to_string()),
            (_, Some(e)) => Err(e.as_str().expect("error").to_string()),
            _ => panic!("row {name} has no expectation"),
        };
        if got != want && !KNOWN_GAPS.contains(&name) {
            failures.push(format!(
                "{name} [{mode}]\n  yaml: {src:?}\n  want: {want:?}\n  got:  {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
