//! Parser tests: Go's parse errors, trees, spans and Go's rendering of nodes.

use super::*;

fn has(n: &str) -> Option<u32> {
    ["printf", "len", "and", "index", "include"]
        .iter()
        .position(|f| *f == n)
        .map(|i| i as u32)
}

fn err(src: &str) -> String {
    parse("t", &Rc::from(src), &has).unwrap_err().message
}

fn file(src: &str) -> ParsedFile {
    parse("t", &Rc::from(src), &has).expect("parses")
}

#[test]
fn parse_errors_match_go() {
    assert_eq!(
        err("{{ foo }}"),
        "template: t:1: function \"foo\" not defined"
    );
    assert_eq!(err("{{ $x }}"), "template: t:1: undefined variable \"$x\"");
    assert_eq!(err("{{ if }}"), "template: t:1: missing value for if");
    assert_eq!(err("{{ if 1 }}"), "template: t:1: unexpected EOF");
    assert_eq!(
        err("{{ break }}"),
        "template: t:1: {{break}} outside {{range}}"
    );
    assert_eq!(err("{{ end }}"), "template: t:1: unexpected {{end}}");
    assert_eq!(
        err("a\n{{ 1 | 2 }}"),
        "template: t:2: non executable command in pipeline stage 2"
    );
    assert_eq!(
        err("{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}"),
        "template: t:1: template: multiple definition of template \"a\""
    );
    assert_eq!(
        err("a\n{{ 1\n \"x }}"),
        "template: t:3: unterminated quoted string in action started at t:2"
    );
    assert_eq!(
        err("{{ \"a\".B }}"),
        "template: t:1: unexpected . after term \"\\\"a\\\"\""
    );
}

#[test]
fn trees_and_positions() {
    let f = file("{{define \"a\"}}x{{end}}{{ .A.B }}");
    assert_eq!(f.templates.len(), 2);
    assert_eq!(&*f.templates[0].name, "a");
    let t = &f.tree;
    let root = t.list(f.templates[1].root);
    let Node::Action(a) = t.nodes[root[0] as usize] else {
        panic!("expected action")
    };
    assert_eq!(t.pipe_string(a.pipe), ".A.B");
    assert_eq!(a.span, Span::new(22, 32));
    let cmd = t.cmd(t.list(t.pipe(a.pipe).cmds)[0]);
    let arg = t.list(cmd.args)[0];
    let Arg::Field { pos, ident, .. } = *t.arg(arg) else {
        panic!("expected field")
    };
    assert_eq!((pos, t.name(ident, 0), t.name(ident, 1)), (27, "A", "B"));
}

#[test]
fn nested_lists_and_go_strings() {
    let src = "{{ range $i, $v := .L }}{{ if $v.On }}{{ include \"x\" (index $.M $i) | len }}\
               {{ else if eq 1 2 }}b{{ end }}{{ end }}{{ printf \"%d\\n\" 0x1F }}";
    let f = parse("t", &Rc::from(src), &|n: &str| {
        has(n).or((n == "eq").then_some(9))
    })
    .expect("parses");
    let t = &f.tree;
    let root = t.list(f.templates[0].root);
    assert_eq!(root.len(), 2);
    assert_eq!(
        t.node_string(root[0]),
        "{{range $i, $v := .L}}{{if $v.On}}{{include \"x\" (index $.M $i) | len}}\
         {{else}}{{if eq 1 2}}b{{end}}{{end}}{{end}}"
    );
    assert_eq!(t.node_string(root[1]), "{{printf \"%d\\n\" 0x1F}}");
    let Node::Action(a) = t.nodes[root[1] as usize] else {
        panic!("expected action")
    };
    let args = t.list(t.cmd(t.list(t.pipe(a.pipe).cmds)[0]).args);
    let Arg::String { text, .. } = *t.arg(args[1]) else {
        panic!("expected string")
    };
    assert_eq!(&*t.strings[text as usize], "%d\n");
    let Arg::Number(n) = *t.arg(args[2]) else {
        panic!("expected number")
    };
    assert_eq!(t.numbers[n as usize].int64, 31);
}

#[test]
fn string_literals_unquote_like_go() {
    assert_eq!(unquote_literal("\"plain\"").as_deref(), Some("plain"));
    assert_eq!(unquote_literal("\"a\\tb\"").as_deref(), Some("a\tb"));
    assert_eq!(unquote_literal("`raw\\n`").as_deref(), Some("raw\\n"));
    assert_eq!(unquote_literal("`a\r\nb`").as_deref(), Some("a\nb"));
    assert_eq!(unquote_literal("\"\\q\""), None);
}

/// Template sources to compare the parsers on: every conformance case, and every
/// template of the corpus charts (when `../shared/corpus` is present).
fn sources() -> (Vec<String>, Vec<String>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases = std::fs::read_to_string(root.join("tests/conformance/template_cases.yaml"))
        .expect("template_cases.yaml");
    let cases: Vec<yaml_serde::Value> = yaml_serde::from_str(&cases).expect("cases parse");
    let cases = cases
        .iter()
        .filter_map(|c| {
            c.get("template")
                .and_then(|t| t.as_str())
                .map(str::to_string)
        })
        .collect();
    let mut corpus = Vec::new();
    let mut dirs = vec![root.join("../shared/corpus/charts")];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.to_string_lossy().contains("/templates/") {
                if let Ok(text) = std::fs::read_to_string(&p) {
                    corpus.push(text);
                }
            }
        }
    }
    (cases, corpus)
}

/// Where the fast parser finishes, its tree is the reference parser's, table for
/// table; returns how many sources it finished.
fn compare_parsers(sources: &[String]) -> usize {
    let funcs = crate::funcs::helm_funcs();
    let has = |n: &str| funcs.id(n);
    let mut finished = 0;
    for src in sources {
        let text: Rc<str> = Rc::from(src.as_str());
        if let Ok(fast) = fast::parse_fast("t", &text, &has) {
            finished += 1;
            let reference = parse_reference("t", &text, &has);
            assert_eq!(reference.as_ref(), Ok(&fast), "source: {src:?}");
        }
    }
    finished
}

#[test]
fn fast_parser_builds_the_reference_tree() {
    let (cases, corpus) = sources();
    let finished = compare_parsers(&cases);
    // Many cases are errors or rare syntax, which the fast parser leaves alone.
    assert!(finished * 2 > cases.len(), "{finished} of {}", cases.len());
    if corpus.is_empty() {
        eprintln!("../shared/corpus is absent: corpus templates not compared");
        return;
    }
    let finished = compare_parsers(&corpus);
    assert!(
        finished * 100 >= corpus.len() * 95,
        "fast parser finished {finished} of {} corpus templates",
        corpus.len()
    );
}

#[test]
fn fast_parser_gives_up_on_what_it_does_not_handle() {
    let funcs = crate::funcs::helm_funcs();
    let has = |n: &str| funcs.id(n);
    for src in [
        "{{ 1e3 }}",
        "{{ .5 }}",
        "{{ 'a' }}",
        "{{ .café }}",
        "{{ block \"b\" . }}x{{ end }}",
        "{{ nosuchfunc }}",
        "{{ $x }}",
        "{{ .a",
        "{{ if 1 }}",
        "{{ \"a\".b }}",
        "{{ .a\"b\" }}",
        "{{/* x */ }}",
    ] {
        let text: Rc<str> = Rc::from(src);
        assert!(fast::parse_fast("t", &text, &has).is_err(), "{src}");
    }
}

#[test]
fn fast_parser_agrees_on_mutated_templates() {
    let (cases, corpus) = sources();
    let seeds: Vec<&String> = cases.iter().chain(corpus.iter().take(300)).collect();
    const ALPHABET: &[u8] = b"{}()|.$\"` -:=,\n\tab1_'/*+";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rand = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n.max(1)
    };
    let mut mutated = Vec::new();
    for _ in 0..4000 {
        let src = seeds[rand(seeds.len())].as_bytes();
        let mut bytes = src.to_vec();
        for _ in 0..=rand(3) {
            let at = rand(bytes.len() + 1);
            match rand(3) {
                0 if at < bytes.len() => {
                    bytes.remove(at);
                }
                1 if at < bytes.len() => bytes[at] = ALPHABET[rand(ALPHABET.len())],
                _ => bytes.insert(at, ALPHABET[rand(ALPHABET.len())]),
            }
        }
        if let Ok(text) = String::from_utf8(bytes) {
            mutated.push(text);
        }
    }
    let finished = compare_parsers(&mutated);
    assert!(finished > 0, "no mutated template parsed");
}

#[test]
fn a_file_renamed_is_the_file_parsed_under_that_name() {
    for text in [
        "{{define \"a\"}}x{{end}}y",
        "{{define \"b\"}}{{end}}z",
        "{{define \"c\"}}x{{end}}",
    ] {
        let src: Rc<str> = Rc::from(text);
        let first = parse("f1", &src, &has).expect("parses");
        for name in ["f2", "a", "b", "c"] {
            let direct = parse(name, &src, &has).ok();
            assert_eq!(first.renamed(name), direct, "{text} as {name}");
        }
    }
}

#[test]
fn reused_tables_hold_nothing_of_the_tree_they_came_from() {
    let a = file("{{ \"s\" }} {{ 1 }} {{ if .A }}{{ $x := 2 }}{{ template \"t\" }}{{ end }}");
    assert_eq!((a.tree.strings.len(), a.tree.numbers.len()), (1, 2));
    drop(a);
    // The same size class: takes the tables the tree above left.
    let b = file("{{ .B }} xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    let t = &b.tree;
    assert_eq!(
        (
            t.strings.len(),
            t.numbers.len(),
            t.branches.len(),
            t.templates.len(),
            t.vars.len()
        ),
        (0, 0, 0, 0, 0)
    );
    assert_eq!(t.node_string(t.list(b.own.root)[0]), "{{.B}}");
}
