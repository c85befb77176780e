//! Lexer tests: item streams, trim markers, errors, positions and lines.

use super::*;

fn kinds(src: &str) -> Vec<(ItemType, String)> {
    lex(src, true, true)
        .0
        .into_iter()
        .map(|i| (i.typ, i.text(src).to_string()))
        .collect()
}

#[test]
fn text_and_action() {
    use ItemType::*;
    assert_eq!(
        kinds("a {{ .X }} b"),
        vec![
            (Text, "a ".into()),
            (LeftDelim, "{{".into()),
            (Space, " ".into()),
            (Field, ".X".into()),
            (Space, " ".into()),
            (RightDelim, "}}".into()),
            (Text, " b".into()),
            (Eof, "".into()),
        ]
    );
}

#[test]
fn trim_markers() {
    use ItemType::*;
    assert_eq!(
        kinds("a  {{- 3 -}}  b"),
        vec![
            (Text, "a".into()),
            (LeftDelim, "{{".into()),
            (Number, "3".into()),
            (RightDelim, "}}".into()),
            (Text, "b".into()),
            (Eof, "".into()),
        ]
    );
    assert_eq!(kinds("{{-3}}")[1], (Number, "-3".into()));
}

#[test]
fn errors() {
    let (items, err) = lex("{{ \"abc }}", true, true);
    assert_eq!(
        (items[2].typ, err.as_deref()),
        (ItemType::Error, Some("unterminated quoted string"))
    );
    let (_, err) = lex("{{ .x!y }}", true, true);
    assert_eq!(err.as_deref(), Some("bad character U+0021 '!'"));
    let (items, _) = lex("{{ /* x */ }}", true, true);
    assert_eq!(items.last().unwrap().typ, ItemType::Eof);
}

#[test]
fn positions_and_lines() {
    let src = "a\n{{ .X\n.Y }}";
    let (items, _) = lex(src, true, true);
    let f = &items[3];
    assert_eq!((f.text(src), f.pos, line_at(src, f.pos)), (".X", 5, 2));
    let y = &items[5];
    assert_eq!((y.text(src), line_at(src, y.pos)), (".Y", 3));
}

#[test]
fn unicode_identifiers_and_errors() {
    use ItemType::*;
    assert_eq!(kinds("{{ .café }}")[2], (Field, ".café".into()));
    assert_eq!(kinds("{{ über }}")[2], (Identifier, "über".into()));
    let (_, err) = lex("{{ .x€ }}", true, true);
    assert_eq!(err.as_deref(), Some("bad character U+20AC '€'"));
    let (_, err) = lex("{{ € }}", true, true);
    assert_eq!(
        err.as_deref(),
        Some("unrecognized character in action: U+20AC '€'")
    );
}

#[test]
fn error_lines_count_consumed_newlines() {
    let (items, err) = lex("{{ \"a\nb\" }}", true, true);
    assert_eq!(err.as_deref(), Some("unterminated quoted string"));
    assert_eq!((items[2].line, items[3].line), (1, 2));
    let (items, _) = lex("{{ `a\nb", true, true);
    assert_eq!((items[2].line, items[3].line), (1, 2));
}
