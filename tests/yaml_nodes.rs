//! Node tree tests: locations of every node, styles, anchors, duplicates, errors.

use helm_preflight::template::value::Value;
use helm_preflight::yaml::to_value::{
    document_to_values, load_values_v4, yaml_to_map_first_doc, yaml_to_value_first_doc,
};
use helm_preflight::yaml::{
    parse_documents, parse_documents_lossy, Document, Node, NodeKind, Style,
};

/// One line per node: `indent kind @line:col [start..end] extras`.
fn dump(doc: &Document) -> String {
    let mut out = format!(
        "doc @{} [{}..{}] explicit={} broken={}\n",
        doc.line, doc.span.start, doc.span.end, doc.explicit_start, doc.broken
    );
    if let Some(root) = &doc.root {
        dump_node(root, 1, "", &mut out);
    }
    for c in &doc.comments {
        out.push_str(&format!(
            "  #{:?} @{}:{} [{}..{}]\n",
            c.text, c.line, c.col, c.span.start, c.span.end
        ));
    }
    out
}

fn dump_node(n: &Node, depth: usize, role: &str, out: &mut String) {
    let pad = "  ".repeat(depth);
    let what = match &n.kind {
        NodeKind::Scalar(s) => format!("scalar {s:?}"),
        NodeKind::Mapping(_) => "map".to_string(),
        NodeKind::Sequence(_) => "seq".to_string(),
        NodeKind::Alias(a) => format!("alias *{} -> {:?}", a.name, a.target),
    };
    let mut extra = format!(" {:?}", n.style);
    if let Some(t) = &n.tag {
        extra.push_str(&format!(" tag={t}"));
    }
    if let Some(a) = &n.anchor {
        extra.push_str(&format!(" &{}#{}", a.name, a.id));
    }
    out.push_str(&format!(
        "{pad}{role}{what} @{}:{} [{}..{}]{extra}\n",
        n.line, n.col, n.span.start, n.span.end
    ));
    match &n.kind {
        NodeKind::Mapping(entries) => {
            for (k, v) in entries {
                dump_node(k, depth + 1, "k: ", out);
                dump_node(v, depth + 1, "v: ", out);
            }
        }
        NodeKind::Sequence(items) => {
            for i in items {
                dump_node(i, depth + 1, "- ", out);
            }
        }
        _ => {}
    }
}

fn dump_all(src: &str) -> String {
    parse_documents(src)
        .expect("parses")
        .iter()
        .map(dump)
        .collect()
}

const MANIFEST: &str = "# Source: chart/templates/svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: \"web\"   # trailing
  labels: {app: web, tier: 'fe'}
spec:
  ports:
    - port: 80
      name: http
    - port: 443
---
# Source: chart/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
data:
  script: |-
    echo hi
    echo é
  folded: >
    a
    b

  key: value
  key: dup
---
---
list:
- &a x
- *a
- !!str 5
";

#[test]
fn manifest_locations() {
    let want = r#"doc @2 [35..197] explicit=false broken=false
  map @2:1 [35..196] Block
    k: scalar "apiVersion" @2:1 [35..45] Plain
    v: scalar "v1" @2:13 [47..49] Plain
    k: scalar "kind" @3:1 [50..54] Plain
    v: scalar "Service" @3:7 [56..63] Plain
    k: scalar "metadata" @4:1 [64..72] Plain
    v: map @5:3 [76..133] Block
      k: scalar "name" @5:3 [76..80] Plain
      v: scalar "web" @5:9 [82..87] DoubleQuoted
      k: scalar "labels" @6:3 [103..109] Plain
      v: map @6:11 [111..133] Flow
        k: scalar "app" @6:12 [112..115] Plain
        v: scalar "web" @6:17 [117..120] Plain
        k: scalar "tier" @6:22 [122..126] Plain
        v: scalar "fe" @6:28 [128..132] SingleQuoted
    k: scalar "spec" @7:1 [134..138] Plain
    v: map @8:3 [142..196] Block
      k: scalar "ports" @8:3 [142..147] Plain
      v: seq @9:5 [153..196] Block
        - map @9:7 [155..180] Block
          k: scalar "port" @9:7 [155..159] Plain
          v: scalar "80" @9:13 [161..163] Plain
          k: scalar "name" @10:7 [170..174] Plain
          v: scalar "http" @10:13 [176..180] Plain
        - map @11:7 [187..196] Block
          k: scalar "port" @11:7 [187..191] Plain
          v: scalar "443" @11:13 [193..196] Plain
  #" Source: chart/templates/svc.yaml" @1:1 [0..34]
  #" trailing" @5:17 [90..100]
doc @12 [197..358] explicit=true broken=false
  map @14:1 [235..357] Block
    k: scalar "apiVersion" @14:1 [235..245] Plain
    v: scalar "v1" @14:13 [247..249] Plain
    k: scalar "kind" @15:1 [250..254] Plain
    v: scalar "ConfigMap" @15:7 [256..265] Plain
    k: scalar "data" @16:1 [266..270] Plain
    v: map @17:3 [274..357] Block
      k: scalar "script" @17:3 [274..280] Plain
      v: scalar "echo hi\necho é" @17:11 [282..308] Literal
      k: scalar "folded" @20:3 [311..317] Plain
      v: scalar "a b\n" @20:11 [319..332] Folded
      k: scalar "key" @24:3 [336..339] Plain
      v: scalar "value" @24:8 [341..346] Plain
      k: scalar "key" @25:3 [349..352] Plain
      v: scalar "dup" @25:8 [354..357] Plain
  #" Source: chart/templates/cm.yaml" @13:1 [201..234]
doc @26 [358..361] explicit=true broken=false
doc @27 [362..394] explicit=true broken=false
  map @28:1 [366..393] Block
    k: scalar "list" @28:1 [366..370] Plain
    v: seq @29:1 [372..393] Block
      - scalar "x" @29:6 [377..378] Plain &a#1
      - alias *a -> Some(1) @30:3 [381..383] Plain
      - scalar "5" @31:9 [392..393] Plain tag=tag:yaml.org,2002:str
"#;
    assert_eq!(dump_all(MANIFEST), want);
}

fn first_root(src: &str) -> Node {
    let docs = parse_documents(src).expect("parses");
    docs.into_iter().next().and_then(|d| d.root).expect("root")
}

fn scalar_of(n: &Node, key: &str) -> String {
    n.get(key)
        .and_then(Node::as_scalar)
        .expect("scalar")
        .to_string()
}

#[test]
fn block_scalars_chomping_and_indent() {
    let src = "clip: |\n  a\n\n\nstrip: |-\n  a\n\n\nkeep: |+\n  a\n\n\nfold: >\n  a\n  b\n\n  c\nfoldkeep: >+\n  a\n\nind: |2\n    x\n  y\nboth: >-1\n  z\nlast: |\n  end";
    let root = first_root(src);
    assert_eq!(scalar_of(&root, "clip"), "a\n");
    assert_eq!(scalar_of(&root, "strip"), "a");
    assert_eq!(scalar_of(&root, "keep"), "a\n\n\n");
    assert_eq!(scalar_of(&root, "fold"), "a b\nc\n");
    assert_eq!(scalar_of(&root, "foldkeep"), "a\n\n");
    assert_eq!(scalar_of(&root, "ind"), "  x\ny\n");
    assert_eq!(scalar_of(&root, "both"), " z");
    // libyaml adds no line feed to a block scalar ending the input without one.
    assert_eq!(scalar_of(&root, "last"), "end");
    let keep = root.get("keep").expect("keep");
    assert_eq!(
        (keep.line, keep.col, keep.span.start, keep.span.end),
        (9, 7, 36, 42)
    );
    assert_eq!(keep.span.slice(src), Some("|+\n  a"));
    let ind = root.get("ind").expect("ind");
    assert_eq!((ind.line, ind.col), (21, 6));
    assert_eq!(ind.style, Style::Literal);
    assert_eq!(root.get("fold").map(|n| n.style), Some(Style::Folded));
}

#[test]
fn block_scalar_indicator_after_comment_and_anchor() {
    let src = "a: &x | # note\n  text\nb: !!str >\n  more\n";
    let root = first_root(src);
    let a = root.get("a").expect("a");
    assert_eq!((a.line, a.col, a.span.start), (1, 7, 6));
    assert_eq!(a.anchor.as_ref().map(|x| x.name.as_str()), Some("x"));
    let b = root.get("b").expect("b");
    assert_eq!((b.line, b.col), (3, 10));
    assert_eq!(b.tag.as_deref(), Some("tag:yaml.org,2002:str"));
}

#[test]
fn columns_count_characters() {
    let src = "ключ: значение\nk: \"é\"\n";
    let root = first_root(src);
    let entries = root.as_mapping().expect("map");
    let (k, v) = &entries[0];
    assert_eq!((k.line, k.col, k.span.start, k.span.end), (1, 1, 0, 8));
    assert_eq!((v.line, v.col, v.span.start, v.span.end), (1, 7, 10, 26));
    let (_, v2) = &entries[1];
    assert_eq!(
        (v2.line, v2.col, v2.span.start, v2.span.end),
        (2, 4, 30, 34)
    );
}

#[test]
fn anchors_aliases_and_merge_keys_in_the_tree() {
    let src = "base: &b {x: 1, y: 2}\nother: &o {z: 3}\nd:\n  <<: [*b, *o]\n  y: 9\ne: *b\n";
    let root = first_root(src);
    let base = root.get("base").expect("base");
    let id = base.anchor.as_ref().map(|a| (a.name.clone(), a.id));
    assert_eq!(id, Some(("b".to_string(), 1)));
    let d = root.get("d").expect("d");
    let entries = d.as_mapping().expect("map");
    assert_eq!(entries[0].0.as_scalar(), Some("<<"));
    let merged = entries[0].1.as_sequence().expect("seq");
    match &merged[1].kind {
        NodeKind::Alias(a) => {
            assert_eq!((a.name.as_str(), a.target), ("o", Some(2)));
            assert_eq!((merged[1].line, merged[1].col), (4, 12));
        }
        other => panic!("not an alias: {other:?}"),
    }
    let e = root.get("e").expect("e");
    assert!(matches!(&e.kind, NodeKind::Alias(a) if a.target == Some(1)));
    let v = document_to_values(&parse_documents(src).expect("parses")[0]).expect("values");
    let d = match v {
        Value::Map(m) => m.get("d").expect("d"),
        other => panic!("not a map: {other:?}"),
    };
    let Value::Map(d) = d else {
        panic!("d is not a map")
    };
    let keys: Vec<(String, f64)> = d
        .entries
        .borrow()
        .iter()
        .map(|(k, v)| match v {
            Value::Float(f, _) => (k.clone(), *f),
            other => panic!("{other:?}"),
        })
        .collect();
    // `y` is the YAML 1.1 bool `true`, so the key is "true".
    assert_eq!(
        keys,
        vec![("true".into(), 9.0), ("x".into(), 1.0), ("z".into(), 3.0)]
    );
}

#[test]
fn duplicate_keys_are_kept() {
    let src = "a: 1\nb: 2\na: 3\n";
    let root = first_root(src);
    let keys: Vec<(&str, u32)> = root
        .as_mapping()
        .expect("map")
        .iter()
        .map(|(k, _)| (k.as_scalar().expect("key"), k.line))
        .collect();
    assert_eq!(keys, vec![("a", 1), ("b", 2), ("a", 3)]);
    assert_eq!(root.get("a").and_then(Node::as_scalar), Some("3"));
}

#[test]
fn empty_values_documents_and_bom() {
    let src = "\u{feff}a:\nb: ~\n---\n# only a comment\n";
    let docs = parse_documents(src).expect("parses");
    assert_eq!(docs.len(), 2);
    let root = docs[0].root.as_ref().expect("root");
    let a = root.get("a").expect("a");
    assert_eq!(a.as_scalar(), Some(""));
    // An empty value sits at its key's `:` (the BOM is not counted in columns).
    assert_eq!((a.line, a.col, a.span.start, a.span.end), (1, 2, 4, 4));
    assert_eq!(root.span.start, 3);
    assert_eq!(root.get("b").and_then(Node::as_scalar), Some("~"));
    assert_eq!(docs[1].root, None);
    assert_eq!(docs[1].comments.len(), 1);
    assert_eq!(docs[1].comments[0].line, 4);
}

#[test]
fn crlf_lines() {
    let src = "a: 1\r\nb:\r\n  - x\r\n";
    let root = first_root(src);
    let b = root.get("b").expect("b");
    assert_eq!((b.line, b.col, b.span.start), (3, 3, 12));
    let x = &b.as_sequence().expect("seq")[0];
    assert_eq!((x.line, x.col, x.span.start, x.span.end), (3, 5, 14, 15));
}

#[test]
fn syntax_errors_have_locations() {
    let cases = [
        (
            "a: [1, 2\n",
            "yaml: line 1: did not find expected ',' or ']'",
            1,
            4,
            3,
        ),
        (
            "a:\n  b: 1\n c: 2\n",
            "yaml: line 2: did not find expected key",
            3,
            2,
            11,
        ),
        (
            "a: 1\nb: \"abc\n",
            "yaml: line 3: found unexpected end of stream",
            2,
            4,
            8,
        ),
        (
            "a: b: c\n",
            "yaml: mapping values are not allowed in this context",
            1,
            5,
            4,
        ),
        (
            "a: \"x\\/y\"\n",
            "yaml: found unknown escape character",
            1,
            6,
            5,
        ),
        (
            "a: |\n  \tx\n",
            "yaml: line 2: found a tab character where an indentation space is expected",
            2,
            3,
            7,
        ),
        ("a: *nope\n", "", 0, 0, 0),
    ];
    for (src, msg, line, col, offset) in cases {
        match parse_documents(src) {
            Err(e) => assert_eq!(
                (e.message.as_str(), e.line, e.col, e.offset),
                (msg, line, col, offset),
                "{src:?}"
            ),
            // An unknown alias is only an error when converting to values.
            Ok(docs) => {
                assert_eq!(msg, "", "{src:?}");
                let err = document_to_values(&docs[0]).expect_err("unknown anchor");
                assert_eq!(
                    (err.message.as_str(), err.line, err.col),
                    (
                        "error converting YAML to JSON: yaml: unknown anchor 'nope' referenced",
                        1,
                        4
                    )
                );
            }
        }
    }
}

#[test]
fn lossy_parsing_recovers_at_the_next_document() {
    let src = "a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n";
    let (docs, errors) = parse_documents_lossy(src);
    let summary: Vec<(u32, bool, bool)> = docs
        .iter()
        .map(|d| (d.line, d.broken, d.root.is_some()))
        .collect();
    assert_eq!(
        summary,
        vec![(1, false, true), (2, true, false), (5, false, true)]
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].line, errors[0].col, errors[0].offset),
        (4, 2, 19)
    );
    let d = docs[2].root.as_ref().and_then(|r| r.get("d")).expect("d");
    assert_eq!((d.line, d.col, d.span.start), (6, 4, 30));
    assert!(parse_documents(src).is_err());
}

#[test]
fn value_errors_point_at_the_node() {
    let err = yaml_to_value_first_doc("a:\n  b: [1, .inf]\n").expect_err("inf");
    assert_eq!(
        (err.message.as_str(), err.line, err.col, err.offset),
        (
            "error converting YAML to JSON: json: unsupported value: +Inf",
            2,
            10,
            12
        )
    );
    let err = yaml_to_value_first_doc("a: 1\n~: 2\n").expect_err("null key");
    assert_eq!((err.line, err.col, err.offset), (2, 1, 5));
    let err = yaml_to_value_first_doc("a:\n  <<: 5\n").expect_err("merge");
    assert_eq!((err.line, err.col), (2, 7));
    // LoadValues reports file positions, but Helm's line in the text counts from the
    // document's start.
    let err = load_values_v4("a: 1\n---\nb: 2\nc: [1\n").expect_err("syntax");
    assert_eq!(
        (err.message.as_str(), err.line, err.col, err.offset),
        (
            "cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'",
            4,
            4,
            17
        )
    );
    let err = load_values_v4("a: 1\n--- x\n").expect_err("separator");
    assert_eq!(
        (err.message.as_str(), err.line),
        (
            "error reading yaml document: invalid Yaml document separator: x",
            2
        )
    );
    let err = load_values_v4("a: 1\n---\n- x\n").expect_err("list");
    assert_eq!((err.line, err.col, err.offset), (3, 1, 9));
}

#[test]
fn first_document_only() {
    let v = yaml_to_value_first_doc("a: 1\n---\nb: [\n").expect("first doc only");
    assert!(matches!(&v, Value::Map(m) if m.len() == 1));
    assert!(matches!(yaml_to_value_first_doc(""), Ok(Value::Nil)));
    assert!(matches!(
        yaml_to_value_first_doc("- 1\n"),
        Ok(Value::List(_))
    ));
    assert!(matches!(yaml_to_map_first_doc("~\n"), Ok(Value::Map(m)) if m.is_empty()));
}
