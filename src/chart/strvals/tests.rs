//! Unit tests: `merge_maps`, parsing into existing values, the whole-object
//! `--set-json`, `apply_set_flags`, limits. Parser behaviour on fresh maps is
//! checked against Helm in tests/strvals_oracle.rs.

use super::*;
use crate::template::value::{FloatKind, IntKind, ListType, Map};

/// A compact typed rendering: `i64:1`, `f64:1.5`, `"s"`, `nil`, `[..]`, `{k:..}`.
fn show(v: &Value) -> String {
    match v {
        Value::Nil => "nil".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i, IntKind::I64) => format!("i64:{i}"),
        Value::Float(f, FloatKind::F64) => format!("f64:{f}"),
        Value::String(s) => format!("{:?}", s.as_str()),
        Value::List(l) if l.ty == ListType::Any => {
            let items: Vec<String> = l.items.iter().map(show).collect();
            format!("[{}]", items.join(","))
        }
        Value::Map(m) if m.ty == MapType::Any => show_entries(&m.entries.borrow()),
        other => format!("?{other:?}"),
    }
}

fn show_entries(e: &Entries) -> String {
    let items: Vec<String> = e.iter().map(|(k, v)| format!("{k}:{}", show(v))).collect();
    format!("{{{}}}", items.join(","))
}

fn map(items: Vec<(&str, Value)>) -> Value {
    Value::map(entries(items))
}

fn entries(items: Vec<(&str, Value)>) -> Entries {
    items.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn no_files(path: &str) -> Result<String, String> {
    Err(format!("open {path}: no such file or directory"))
}

#[test]
fn merge_maps_merges_maps_recursively() {
    let mut dst = entries(vec![
        (
            "a",
            map(vec![
                ("x", Value::float(1.0)),
                ("y", map(vec![("p", Value::str("old"))])),
            ]),
        ),
        ("keep", Value::str("k")),
    ]);
    let src = entries(vec![
        (
            "a",
            map(vec![
                ("y", map(vec![("q", Value::Bool(true))])),
                ("z", Value::Nil),
            ]),
        ),
        ("new", Value::list(vec![Value::float(2.0)])),
    ]);
    merge_maps(&mut dst, src);
    assert_eq!(
        show_entries(&dst),
        r#"{a:{x:f64:1,y:{p:"old",q:true},z:nil},keep:"k",new:[f64:2]}"#
    );
}

#[test]
fn merge_maps_replaces_everything_else() {
    let mut dst = entries(vec![
        ("map_to_scalar", map(vec![("x", Value::float(1.0))])),
        ("scalar_to_map", Value::str("s")),
        (
            "list",
            Value::list(vec![Value::float(1.0), Value::float(2.0)]),
        ),
        ("nil", Value::str("gone")),
    ]);
    let src = entries(vec![
        ("map_to_scalar", Value::float(3.0)),
        ("scalar_to_map", map(vec![("y", Value::Bool(false))])),
        ("list", Value::list(vec![Value::float(9.0)])),
        ("nil", Value::Nil),
    ]);
    merge_maps(&mut dst, src);
    assert_eq!(
        show_entries(&dst),
        "{list:[f64:9],map_to_scalar:f64:3,nil:nil,scalar_to_map:{y:false}}"
    );
}

#[test]
fn merge_maps_leaves_its_inputs_alone() {
    let inner = map(vec![("x", Value::float(1.0))]);
    let mut dst = entries(vec![("a", inner.clone())]);
    merge_maps(
        &mut dst,
        entries(vec![("a", map(vec![("y", Value::float(2.0))]))]),
    );
    assert_eq!(show(&inner), "{x:f64:1}");
    assert_eq!(show_entries(&dst), "{a:{x:f64:1,y:f64:2}}");
}

#[test]
fn merge_maps_only_merges_plain_maps() {
    let values = Value::Map(Map::new(
        MapType::Values,
        entries(vec![("x", Value::float(1.0))]),
    ));
    let mut dst = entries(vec![("a", values)]);
    merge_maps(
        &mut dst,
        entries(vec![("a", map(vec![("y", Value::float(2.0))]))]),
    );
    assert_eq!(show_entries(&dst), "{a:{y:f64:2}}");
}

#[test]
fn set_merges_into_values_from_files() {
    let mut base = entries(vec![
        ("a", map(vec![("b", Value::float(1.0))])),
        ("list", Value::list(vec![Value::str("x"), Value::str("y")])),
    ]);
    parse_set("a.c=2,list[1]=z,list[3].k=v", &mut base).unwrap();
    assert_eq!(
        show_entries(&base),
        r#"{a:{b:f64:1,c:i64:2},list:["x","z",nil,{k:"v"}]}"#
    );
}

#[test]
fn set_reports_go_types_of_file_values() {
    let mut base = entries(vec![("a", Value::float(1.5))]);
    let err = parse_set("a.b=1", &mut base).unwrap_err();
    assert_eq!(
        err.message,
        "unable to parse key: interface conversion: interface {} is float64, not map[string]interface {}"
    );
    let mut base = entries(vec![("a", map(vec![]))]);
    let err = parse_set("a[0]=1", &mut base).unwrap_err();
    assert_eq!(
        err.message,
        "unable to parse key: interface conversion: interface {} is map[string]interface {}, not []interface {}"
    );
}

#[test]
fn set_does_not_mutate_shared_maps() {
    let inner = map(vec![("b", Value::float(1.0))]);
    let mut base = entries(vec![("a", inner.clone())]);
    parse_set("a.c=2", &mut base).unwrap();
    assert_eq!(show(&inner), "{b:f64:1}");
    assert_eq!(show_entries(&base), "{a:{b:f64:1,c:i64:2}}");
}

#[test]
fn empty_key_updates_existing_values_in_place() {
    // Go's `set` skips the empty key, but an existing map or list under it is
    // mutated in place.
    let mut base = entries(vec![("", map(vec![("x", Value::float(1.0))]))]);
    parse_set(".y=2", &mut base).unwrap();
    assert_eq!(show_entries(&base), "{:{x:f64:1,y:i64:2}}");

    let mut base = entries(vec![(
        "",
        Value::list(vec![Value::float(1.0), Value::float(2.0)]),
    )]);
    parse_set("[0]=9,[5]=7", &mut base).unwrap();
    assert_eq!(show_entries(&base), "{:[i64:9,f64:2]}");

    let mut fresh = Entries::new();
    parse_set(".y=2,[0]=1", &mut fresh).unwrap();
    assert_eq!(show_entries(&fresh), "{}");
}

#[test]
fn index_limit_is_inclusive() {
    let mut dest = Entries::new();
    parse_set("a[65536]=x", &mut dest).unwrap();
    let Some(Value::List(l)) = dest.get("a") else {
        panic!("a is not a list: {dest:?}");
    };
    assert_eq!(l.items.len(), 65537);
    assert_eq!(show(&l.items[65536]), r#""x""#);
    assert_eq!(show(&l.items[0]), "nil");
}

#[test]
fn deeply_nested_indexes_do_not_overflow_the_stack() {
    let depth = 5000;
    let expr = format!("a{}=1", "[0]".repeat(depth));
    let mut dest = Entries::new();
    parse_set(&expr, &mut dest).unwrap();
    let mut v = dest.get("a").cloned().unwrap();
    let mut levels = 0;
    while let Value::List(l) = v {
        levels += 1;
        v = l.items[0].clone();
    }
    assert_eq!(levels, depth);
    assert_eq!(show(&v), "i64:1");
}

#[test]
fn set_json_accepts_a_whole_object() {
    let mut dest = entries(vec![
        ("a", map(vec![("b", Value::float(1.0))])),
        ("k", Value::str("v")),
    ]);
    parse_set_json(" {\"a\": {\"c\": [1, \"x\"]}, \"n\": null} \n", &mut dest).unwrap();
    assert_eq!(
        show_entries(&dest),
        r#"{a:{b:f64:1,c:[f64:1,"x"]},k:"v",n:nil}"#
    );
    assert!(parse_set_json("{\"a\":", &mut dest).is_err());
    assert!(parse_set_json("{\"a\":1} x", &mut dest).is_err());
}

#[test]
fn set_json_keeps_float_precision_and_sign() {
    let mut dest = Entries::new();
    parse_set_json("a=0.1,b=-0,c=1e-400,d=9007199254740993", &mut dest).unwrap();
    let bits = |k: &str| match dest.get(k) {
        Some(Value::Float(f, FloatKind::F64)) => f.to_bits(),
        other => panic!("{k} is {other:?}"),
    };
    assert_eq!(bits("a"), 0.1f64.to_bits());
    assert_eq!(bits("b"), (-0.0f64).to_bits());
    assert_eq!(bits("c"), 0.0f64.to_bits());
    assert_eq!(bits("d"), 9007199254740992.0f64.to_bits());
}

#[test]
fn set_file_reads_each_list_element() {
    let read = |p: &str| Ok(format!("<{p}>"));
    let mut dest = Entries::new();
    parse_set_file("a={x,y},b.c=z", &mut dest, &read).unwrap();
    assert_eq!(show_entries(&dest), r#"{a:["<x>","<y>"],b:{c:"<z>"}}"#);
}

#[test]
fn apply_set_flags_follows_helm_order() {
    let mut base = entries(vec![("a", Value::str("file"))]);
    let flags = SetFlags {
        json: vec!["{\"j\": {\"x\": 1}}".into(), "a=1.5".into()],
        set: vec!["a=2,j.y=3".into()],
        string: vec!["a=3".into()],
        file: vec!["f=path".into()],
        literal: vec!["a=4,5".into()],
    };
    let read = |p: &str| Ok(format!("content of {p}"));
    apply_set_flags(&mut base, &flags, &read).unwrap();
    assert_eq!(
        show_entries(&base),
        r#"{a:"4,5",f:"content of path",j:{x:f64:1,y:i64:3}}"#
    );
}

#[test]
fn apply_set_flags_wraps_errors_like_helm() {
    let cases = [
        (SetFlags { json: vec!["{bad".into()], ..SetFlags::default() }, "failed parsing --set-json data JSON: {bad"),
        (SetFlags { json: vec!["a=x".into()], ..SetFlags::default() }, "failed parsing --set-json data a=x"),
        (SetFlags { set: vec!["a".into()], ..SetFlags::default() }, "failed parsing --set data: key \"a\" has no value"),
        (SetFlags { string: vec!["a[x]=1".into()], ..SetFlags::default() }, "failed parsing --set-string data: error parsing index: strconv.Atoi: parsing \"x\": invalid syntax"),
        (SetFlags { file: vec!["a=/nope".into()], ..SetFlags::default() }, "failed parsing --set-file data: open /nope: no such file or directory"),
        (SetFlags { literal: vec!["a.b".into()], ..SetFlags::default() }, "failed parsing --set-literal data: key \"b\" has no value"),
    ];
    for (flags, want) in cases {
        let mut base = Entries::new();
        let err = apply_set_flags(&mut base, &flags, &no_files).unwrap_err();
        assert_eq!(err.message, want);
        assert_eq!(err.to_string(), want);
    }
}

#[test]
fn random_inputs_never_panic() {
    const ALPHABET: &[char] = &[
        'a', 'b', '.', '[', ']', '0', '1', '-', '=', ',', '{', '}', '\\', '"', ' ', 'e', 't', 'ü',
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let read = |p: &str| {
        if p.len() % 2 == 0 {
            Ok(p.to_string())
        } else {
            Err("odd".to_string())
        }
    };
    for _ in 0..20_000 {
        let len = (next() % 16) as usize;
        let input: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let mut base = entries(vec![
            ("a", map(vec![("b", Value::float(1.0))])),
            ("b", Value::list(vec![Value::Nil, Value::str("x")])),
        ]);
        let _ = parse_set(&input, &mut base);
        let _ = parse_set_string(&input, &mut base);
        let _ = parse_set_json(&input, &mut base);
        let _ = parse_set_literal(&input, &mut base);
        let _ = parse_set_file(&input, &mut base, &read);
    }
}
