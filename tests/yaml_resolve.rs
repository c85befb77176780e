//! go-yaml v2 scalar resolution: what Helm's `toYaml` quotes (oracle data), and the
//! typed results of `resolve` with and without tags.

use helm_preflight::yaml::resolve::{
    is_base60_float, is_merge_key, is_timestamp, plain_is_non_string, resolve, Resolved, FLOAT_TAG,
    INT_TAG, STR_TAG,
};
use helm_preflight::yaml::Style;

/// `tests/data/yaml_plain_quoting.json` (from Helm's `toYaml`): a string is quoted
/// exactly when, written plain, it would not read back as that string.
#[test]
fn quoting_matches_helm_to_yaml() {
    let text = std::fs::read_to_string("tests/data/yaml_plain_quoting.json").expect("data");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("json");
    assert!(rows.len() >= 50);
    for row in rows {
        let s = row["text"].as_str().expect("text");
        let quoted = row["quoted"].as_bool().expect("quoted");
        assert_eq!(
            plain_is_non_string(s) || is_base60_float(s),
            quoted,
            "{s:?}"
        );
    }
}

#[test]
fn timestamps_follow_go_time_layouts() {
    for s in [
        "2001-12-14",
        "2001-1-2",
        "2000-02-29",
        "2001-12-14 1:2:3",
        "2001-12-14t1:2:3Z",
    ] {
        assert!(is_timestamp(s), "{s}");
    }
    for s in [
        "2001-02-30",
        "1900-02-29",
        "2001-12-14T21:59:43",
        "2001-12-14T21:59:43+0500",
        "201-12-14",
    ] {
        assert!(!is_timestamp(s), "{s}");
    }
}

fn plain(s: &str) -> Resolved {
    resolve(None, s, Style::Plain).expect("resolves")
}

#[test]
fn plain_scalars() {
    assert_eq!(plain("0777"), Resolved::Int(511));
    assert_eq!(plain("-0x10"), Resolved::Int(-16));
    assert_eq!(plain("1_000"), Resolved::Int(1000));
    assert_eq!(
        plain("9223372036854775808"),
        Resolved::Uint(9223372036854775808)
    );
    assert_eq!(plain("-9223372036854775808"), Resolved::Int(i64::MIN));
    assert_eq!(plain("1e3"), Resolved::Float(1000.0));
    assert_eq!(plain(".5_0"), Resolved::Float(0.5));
    assert_eq!(plain("-.inf"), Resolved::Float(f64::NEG_INFINITY));
    assert!(matches!(plain(".nan"), Resolved::Float(f) if f.is_nan()));
    assert_eq!(plain("ON"), Resolved::Bool(true));
    assert_eq!(plain("n"), Resolved::Bool(false));
    assert_eq!(plain(""), Resolved::Null);
    assert_eq!(plain("Null"), Resolved::Null);
    assert_eq!(plain("2001-12-14"), Resolved::Str);
    assert_eq!(plain("1:20"), Resolved::Str);
    assert_eq!(plain("1e400"), Resolved::Str);
    assert_eq!(plain("<<"), Resolved::Str);
    assert_eq!(resolve(None, "12", Style::DoubleQuoted), Ok(Resolved::Str));
    assert_eq!(resolve(None, "true", Style::Literal), Ok(Resolved::Str));
}

#[test]
fn tagged_scalars() {
    assert_eq!(
        resolve(Some(STR_TAG), "12", Style::Plain),
        Ok(Resolved::Str)
    );
    assert_eq!(
        resolve(Some(INT_TAG), "12", Style::DoubleQuoted),
        Ok(Resolved::Int(12))
    );
    assert_eq!(
        resolve(Some(FLOAT_TAG), "3", Style::Plain),
        Ok(Resolved::Float(3.0))
    );
    assert_eq!(
        resolve(Some("!custom"), "12", Style::Plain),
        Ok(Resolved::Str)
    );
    assert_eq!(resolve(Some("!"), "12", Style::Plain), Ok(Resolved::Str));
    assert_eq!(
        resolve(Some("tag:yaml.org,2002:binary"), "aGk=", Style::Plain),
        Ok(Resolved::Binary(b"hi".to_vec()))
    );
    assert_eq!(
        resolve(Some(INT_TAG), "abc", Style::Plain),
        Err("cannot decode !!str `abc` as a !!int".to_string())
    );
    assert_eq!(
        resolve(Some(FLOAT_TAG), "18446744073709551615", Style::Plain),
        Err("cannot decode !!int `18446744073709551615` as a !!float".to_string())
    );
}

#[test]
fn merge_keys() {
    assert!(is_merge_key(None, "<<", Style::Plain));
    assert!(is_merge_key(
        Some("tag:yaml.org,2002:merge"),
        "<<",
        Style::Plain
    ));
    assert!(!is_merge_key(None, "<<", Style::DoubleQuoted));
    assert!(!is_merge_key(Some(STR_TAG), "<<", Style::Plain));
}
