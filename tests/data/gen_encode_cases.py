#!/usr/bin/env python3
"""Regenerates encode_cases.json from Helm's own engine (the oracle).

usage: ~/.cache/helm-oracle/bin/python tests/data/gen_encode_cases.py

Every case names an encoder and a template expression (usually `.Values.x` with a
values.yaml given as raw YAML text). The oracle renders both the encoder's output
and a typed dump of the expression's value ({"m":{}} map, {"l":[]} list, {"s":""}
string, {"f":"1.5"} float64 as Go's JSON text (or "NaN"/"+Inf"/"-Inf"), {"i":1} int, {"i64":1} int64,
{"b":true}, {"n":null}), so the Rust test can rebuild the exact Go value without a
YAML loader. `fromJson`-family cases carry their JSON text instead.
"""
import json, os, sys

ORACLE = "/work/shared/oracle/eval.py"
HERE = os.path.dirname(os.path.abspath(__file__))

TYPED = r'''{{- define "typed" -}}
{{- $k := kindOf . -}}
{{- if eq $k "map" -}}{"m":{ {{- $i := 0 -}}{{- range $key, $v := . -}}{{- if $i }},{{ end }}{{- $i = add1 $i -}}{{ toJson $key }}:{{ include "typed" $v }}{{- end -}} }}
{{- else if eq $k "slice" -}}{"l":[ {{- range $i, $v := . -}}{{- if $i }},{{ end }}{{ include "typed" $v }}{{- end -}} ]}
{{- else if eq $k "string" -}}{"s":{{ toJson . }}}
{{- else if eq $k "float64" -}}{"f":{{ if or (ne . .) (gt . 1.7e308) (lt . -1.7e308) }}{{ printf "%q" (printf "%v" .) }}{{ else }}{{ toJson . | quote }}{{ end }}}
{{- else if eq $k "int" -}}{"i":{{ . }}}
{{- else if eq $k "int64" -}}{"i64":{{ . }}}
{{- else if eq $k "bool" -}}{"b":{{ . }}}
{{- else if eq $k "invalid" -}}{"n":null}
{{- else -}}{"unknown":{{ toJson (typeOf .) }}}
{{- end -}}
{{- end -}}'''


def yq(s):
    """A YAML double-quoted scalar for s (escapes what a YAML reader rejects raw)."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif o < 0x20 or 0x7F <= o <= 0x9F or o in (0xFFFE, 0xFFFF, 0xFEFF, 0x2028, 0x2029):
            out.append('\\u%04x' % o if o > 0xFF else '\\x%02x' % o)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def ylist(items):
    return "x:\n" + "".join("- %s\n" % yq(s) for s in items)


def ymap(pairs):
    return "x:\n" + "".join("  %s: %s\n" % (yq(k), v) for k, v in pairs)


LONG = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua"
QUOTING = ["true", "y", "n", "yes", "No", "ON", "off", "Y", "~", "null", "NULL", "", "123", "-1", "+1",
           "0x1F", "0o17", "0b101", "-0b101", "1_000", "1.5", ".5", "1e3", "1e999", ".inf", "-.Inf", ".nan",
           "2001-12-14", "2001-12-14T21:59:43.10-05:00", "2001-12-14t21:59:43Z", "2001-12-14 21:59:43.10",
           "2001-2-3", "2001-13-01", "2001-02-30", "2000-02-29", "1:20", "-1:20:30.5", "1:60", "0777", "09",
           "0x", "<<", "=", "abc", "-", "--- x", "---", "...", "a: b", "a:b", "a:", "#c", "a #b", "a#b", "@x",
           "%x", "*x", "&x", "!x", "|x", ">x", "'q'", '"dq"', "`bt`", "- x", "-x", "? x", "?x", ": x", ":x",
           "[a]", "a[b]", "{a}", "a,b", "a, b", "http://x:80", " lead", "trail ", "it's: x", "it's", "a\tb",
           "a\x01b", "é", "日本語", "😀x", "\u00a0", "\u200b", "\u2028", "\ufeffab\"c", "\x1b[0m", "yes please",
           "True", "FALSE", "Null", "0", "-0", "3.", "+.5", "1e+3", "0xFFFFFFFFFFFFFFFFFF", "9223372036854775808",
           "-9223372036854775809", "18446744073709551616"]
QUOTING_MORE = ["2001-12-14 21:59:43.10 -5", "2001-12-14T21:59:43+05:00", "2001-12-14T21:59:43+5:00",
                "2001-1-1t1:2:3z", "2001-1-1T1:2:3Z", "2001-1-1   1:2:3", "2001-1-1 1:2:3,5", "2001-1-1T24:00:00Z",
                "2001-1-1T1:2:3.Z", "2001-01-01T00:00:00+24:00", "2001-01-01T00:00:00+25:00", "2004-02-29",
                "2100-02-29", "0001-01-01", "1_2_3", "_1", "1__", "+", "-.5", "+.inf", "+.5", "0b", "0b2", "0b-1",
                "-0x1F", "0X1F", "0B11", "0O17", "0o-17", "1e", "1E+2", ".e5", "._5", ".5_5", ".5e1_0", "1.5_5",
                "0.", "Yes", "oN", "nULL", "~x", "12:30:45", "190:20:30", "1:2:3:4", "+1:20", "1:20.5_", "1:2_0",
                "0x_1F", "0_x1F", "1_000.5", "1e1_0", "99999999999999999999", "-99999999999999999999",
                "0xFFFFFFFFFFFFFFFF", "0x8000000000000000", "-0x8000000000000001", "0777777777777777777777777",
                ".", "..", "-.", "-x-", "?", ":", "-?", "a?", "%", "a%", "!", "a!", "&a", "a&", "*", "a*"]
MULTILINE = ["a\nb", "a\nb\n", "a\nb\n\n", "\na", "\n", "\n\n", " a\nb", "a \nb", "a\n b", "a\nb ", "a\r\nb",
             "line\n\n\nx", "tab\there\nx", "é\nü", "a\u2028b", "x\n" + LONG, "#c\nd", "---\nx"]
NUMBERS = "x: [1, 1.5, 1e6, 1.0e+21, 0.000001, 1.0e-7, -0.0, 12345678901234567890, 1.0e+20, 123456789, 1234567.5, 3.0, 0x1F, 0o17, 0777, 1_000, 1.7976931348623157e308, 5e-324, 100000, 1000000.5, -2.5e-5, 9007199254740993, 18446744073709551615, 1e400]\n"

VALUE_SPECS = [
    ("nested", "x:\n  b: 1\n  a:\n    z: true\n    y: null\n    c: [1, 2]\n    d: {}\n    e: []\n"),
    # go-yaml's key order is not transitive for sets like {a1b, a2, a10}; Helm then
    # prints them in a random order (Go sorts in map iteration order), so the
    # cases only use key sets on which the order is total.
    ("keyorder", ymap([(k, "1") for k in ["a10", "a2", "A_b", "B", "a", "a-b", "a.b", "b", "A", "1", "10", "2",
                                           "a01", "a 1", "_x", "Z", "é", "a0", "a00", "a001", "b2c", "b10c"]])),
    ("quoting", ylist(QUOTING)),
    ("quoting_more", ylist(QUOTING_MORE)),
    ("multiline", ylist(MULTILINE)),
    ("multiline_in_map", ymap([("k%d" % i, yq(s)) for i, s in enumerate(MULTILINE[:10])])),
    ("numbers", NUMBERS),
    ("scalars", "x: [null, true, false, ~, yes, no, on, off, 'str']\n"),
    ("empty_map", "x: {}\n"),
    ("empty_list", "x: []\n"),
    ("null", "x: null\n"),
    ("list_of_maps", "x:\n- name: a\n  v: 1\n- name: b\n  list: [1, 2]\n  m: {k: v}\n- {}\n- []\n"),
    ("list_of_lists", "x:\n- [1, 2]\n- [[a, b], [c]]\n- []\n- [{a: 1, b: 2}]\n"),
    ("long_plain", ymap([("short", yq(LONG)), ("a_much_longer_key_name_here", yq(LONG + " " + LONG))])),
    ("long_single", ymap([("k", yq("@" + LONG)), ("q", yq("it's " + LONG))])),
    ("long_double", ymap([("k", yq("tab\t" + LONG)), ("t", yq("true" + "\x01" + LONG)),
                          ("two", yq("x" * 70 + "  " + LONG))])),
    ("long_nospace", ymap([("k", yq("x" * 150)), ("u", yq("http://example.com/" + "a/" * 50))])),
    ("long_in_list", "x:\n- " + yq(LONG) + "\n- - " + yq(LONG) + "\n"),
    ("deep_fold", "x:\n  a:\n    b:\n      c:\n        d:\n          e: " + yq(LONG + " " + LONG) +
     "\n          f:\n          - " + yq("@" + LONG) + "\n"),
    ("long_key", ymap([("k" * 129, "1"), ("j" * 128, "2"), ("multi\nline", "3"), ("tab\tkey", "4"),
                       ("yes", "5"), ("", "6"), ("- x", "7"), ("lead space", "8"), (" lead", "9")])),
    ("unicode", ymap([("é", yq("ünïcødé")), ("emoji", yq("😀 smile")), ("cjk", yq("日本語テキスト")),
                      ("nel", yq("a\u0085b")), ("nel2", yq("a \u0085\u0085 b")), ("nel3", yq("a\u0085")),
                      ("ls", yq("a\u2028b")), ("ps", yq("a\u2029b")), ("nbsp", yq("a\u00a0b")),
                      ("bom", yq("\ufeffx")), ("zw", yq("a\u200bb")), ("rtl", yq("שלום"))])),
    ("controls", ymap([("tab", yq("a\tb")), ("cr", yq("a\rb")), ("bs", yq("a\bb")), ("ff", yq("a\fb")),
                       ("nul", yq("a\x00b")), ("esc", yq("\x1b")), ("bell", yq("\x07")), ("vt", yq("\x0b")),
                       ("us", yq("\x1f"))])),
    ("del", ymap([("d", yq("a\x7fb"))])),
    ("c1", ymap([("d", yq("a\u0080b"))])),
    ("html", ymap([("h", yq('<a href="x">&amp;</a>')), ("amp", yq("a&b")), ("lt", yq("<>"))])),
    ("json_escapes", ylist(['q"uote', "back\\slash", "/slash", "\u2028\u2029", "\x7f"])),
    ("mixed_top", "x: {a: 1, list: [a, {b: [c, {d: e}]}], s: 'text', n: null}\n"),
    ("seq_in_seq_in_map", "x:\n  a:\n  - - 1\n    - 2\n  - - {k: v, j: [1]}\n"),
    ("literal_indent", ymap([("a", yq("  indented\nnext")), ("b", yq("\n\nlead")), ("c", yq("x\n  y\n")),
                             ("d", yq("end\n\n\n"))])),
    ("spaces", ylist(["a  b", "a   b", " ", "  ", "a \tb", "\t", "a\t"])),
    ("doc_markers", ylist(["--- a", "---a", "... a", "-- -", "a ---", "--", "..."])),
    ("nel_marker", ymap([("a", yq("x\u0085--- y"))])),
    ("nel_marker2", ymap([("a", yq("p\u0085q")), ("b", yq("x\u0085\u0085... y"))])),
    ("nel_no_marker", ymap([("a", yq("x\u0085 --- y")), ("b", yq("x\u0085---y")), ("c", yq("x\u0085---"))])),
    ("bom", ymap([("\ufeffkey", yq("v")), ("b", yq("\ufeff")), ("c", yq("\ufeffa b\nc")), ("d", yq("a\ufeff"))])),
    ("wide_chars", ymap([("a", yq("😀\nx")), ("b", yq("x" * 75 + " 😀 " + "y" * 10 + " z")),
                         ("c", yq("é" * 85 + " " + "ü" * 5)), ("d", yq("日本 " * 40))])),
    ("fold_edges", ymap([("a", yq("x" * 78 + "  " + "y" * 10 + " z")), ("b", yq("true " + LONG)),
                         ("c", yq("x" * 85 + "   y")), ("d", yq(LONG + " #hash " + LONG)),
                         ("e", yq(LONG + " ")), ("f", yq(" " + LONG)), ("g", yq("a\tb " + LONG + " " + LONG)),
                         ("h", yq("'" + LONG + "'")), ("i", yq(LONG.replace(" ", "  ")))])),
    ("literal_nested", "x:\n  l:\n  - " + yq(" lead\nx") + "\n  - - " + yq("a\nb\n") + "\n  - k: " +
     yq("\n\nz") + "\n    j: " + yq("a  \nb") + "\n    t: " + yq("a\tb\nc") + "\n    r: " + yq("a\rb\nc") + "\n"),
    ("complex_keys", ymap([("multi\nline", "1"), ("trail\n", "2"), ("k" * 130, yq(LONG)),
                           ("x" * 129, "[1, 2]"), ("y" * 129, "{a: b}"), ("z" * 129, "{}")])),
    ("quoted_keys", ymap([(k, "1") for k in ["1", "true", "null", "~", "yes", "1.5", "- a", "a: b", "#x", "é", "@k",
                                             "2001-01-01", "0x10", "k:", " k", "a\tb", "\x01"]])),
    ("nesting", "x:\n- a:\n  - b:\n    - - c: [1, {d: [e]}]\n      - []\n    - {}\n  e: f\n- [[[]]]\n"),
    ("long_top", "x: " + yq(LONG + " " + LONG) + "\n"),
]

LITERAL_EXPRS = [
    ("ints", '(list 1 -5 0 9223372036854775807 (int64 -42) (int64 7))'),
    ("dict_ints", '(dict "b" 2 "a" 1 "c" (list 1 2.5))'),
    ("floats", '(list 1e6 1.5 1e21 0.000001 1e-7 1234567.5 1e20 100000000.0 12345678901234567890.0 (float64 "-0"))'),
    ("nan", '(list (float64 "NaN"))'),
    ("inf", '(list 1 (float64 "+Inf"))'),
    ("neginf", '(dict "a" (float64 "-Inf"))'),
    ("nil", 'nil'),
    ("string_top", '"hello world"'),
    ("string_top_quoted", '"yes"'),
    ("string_top_multi", '"a\\nb"'),
    ("string_top_long", '"' + LONG + " " + LONG + '"'),
    ("bool_top", 'true'),
    ("int_top", '42'),
    ("float_top", '1.5'),
    ("empty_dict", '(dict)'),
    ("empty_list_lit", '(list)'),
    ("nested_lit", '(dict "a" (dict "b" (list (dict "c" nil))))'),
]

ENCODERS = ["toYaml", "toYamlPretty", "toJson", "toPrettyJson", "toRawJson"]
MUST = {"toYaml": "mustToYaml", "toJson": "mustToJson", "toPrettyJson": "mustToPrettyJson",
        "toRawJson": "mustToRawJson"}

JSON_DOCS = [
    '{"a":1,"b":[true,false,null],"c":{"d":"e"}}', '{}', '[]', '[1,2,3]', '"str"', '1.5', 'true', 'null',
    '  {"a" : 1 }  ', '{"a":1e400}', '{"a":[1,1e999]}', '{"x":"\\u00e9\\ud83d\\ude00\\ud800x\\udc00"}',
    '{"x":"a\\/b\\b\\f\\n\\r\\t\\"\\\\"}', '{"a":1,"a":2}', '{"n":-0}', '{"n":12345678901234567890}',
    '{"n":1e6,"m":0.1,"k":1e-7}', 'x', '', '   ', '{', '[1,2', '{"a":1,}', '[1,]', '{"a" 1}', '{"a":1 "b":2}',
    '[1 2]', '{1:2}', '01', '1.', '-', '1e', '1e+', 'tru', 'trux', 'nul', 'fals', '"abc', '"a\\x"',
    '"\\u12"', '"\\u12G4"', '"a\tb"', '{"a":1}x', '[1]]', '"\\', 'True', "{'a':1}", '\u00e9', '[-]',
    '{"a":[}', '1 2', '[1,2,3,{"a":"b"}]', '{"k":{"nested":{"deep":[1,[2,[3]]]}}}', '0', '-1.5e-3',
    '"\x7f"', '[1e400, "x"]', '{"<":"&>"}', '[' * 10001, '[' * 10000 + ']' * 10000, '{"a":' * 10001,
    '"\\ud83d"', '"\\ud83d\\ud83d\\ude00"', '"\\ude00"', '"\\ud83dx"', '"\\ud83d\\n"', '"\x01"',
    '[1,2,', '{"a":', '{"a"', '[true,', '{"a":1', '"\\u00', '12345678901234567890123',
    '-0.0', '1E5', '1e-5', '0.1e+2', '[1.5e308, 2e308]', '\t\n\r [ ]',
]


def run_oracle(cases):
    """Runs the cases in-process with the oracle's own `run_case` (its YAML output
    transport would fold NEL characters)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("helm_oracle_eval", ORACLE)
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, os.path.dirname(ORACLE))
    spec.loader.exec_module(mod)
    out = []
    for c in cases:
        r = dict(c)
        r.update(mod.run_case(c))
        out.append(r)
    return out


def strip_markers(s):
    assert s.startswith("<<") and s.endswith(">>"), s
    return s[2:-2]


def main():
    oracle_cases = []
    plan = []
    for name, values in VALUE_SPECS:
        plan.append((name, ".Values.x", values))
    for name, expr in LITERAL_EXPRS:
        plan.append((name, expr, "{}\n"))
    for name, expr, values in plan:
        oracle_cases.append({"name": name + "/typed", "template": TYPED + "<<{{ include \"typed\" " + expr + " }}>>",
                             "values": values})
        for enc in ENCODERS:
            oracle_cases.append({"name": name + "/" + enc, "template": "<<{{ " + enc + " " + expr + " }}>>",
                                 "values": values})
            if enc in MUST:
                oracle_cases.append({"name": name + "/" + MUST[enc],
                                     "template": "<<{{ " + MUST[enc] + " " + expr + " }}>>", "values": values})
    for i, doc in enumerate(JSON_DOCS):
        values = "j: " + yq(doc) + "\n"
        for fn in ["fromJson", "fromJsonArray", "mustFromJson"]:
            oracle_cases.append({"name": "json%d/%s" % (i, fn),
                                 "template": "<<{{ " + fn + " .Values.j | toJson }}>>", "values": values})
    results = {r["name"]: r for r in run_oracle(oracle_cases)}

    out = []
    for name, expr, values in plan:
        typed = results[name + "/typed"]
        if "error" in typed:
            sys.exit("typed dump failed for %s: %s" % (name, typed["error"]))
        try:
            value = json.loads(strip_markers(typed["output"]))
        except ValueError:
            sys.exit("bad typed dump for %s: %r" % (name, typed["output"]))
        for enc in ENCODERS:
            r = results[name + "/" + enc]
            case = {"name": name + "/" + enc, "func": enc, "template": r["template"], "values": values,
                    "input": value}
            if "error" in r:
                case["error"] = r["error"]
            else:
                case["output"] = strip_markers(r["output"])
            if enc in MUST:
                m = results[name + "/" + MUST[enc]]
                if "error" in m:
                    case["must_error"] = m["error"]
            out.append(case)
    for i, doc in enumerate(JSON_DOCS):
        for fn in ["fromJson", "fromJsonArray", "mustFromJson"]:
            r = results["json%d/%s" % (i, fn)]
            case = {"name": "json%d/%s" % (i, fn), "func": fn, "template": r["template"], "json": doc}
            if "error" in r:
                case["error"] = r["error"]
            else:
                case["output"] = strip_markers(r["output"])
            out.append(case)
    path = os.path.join(HERE, "encode_cases.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print("wrote %d cases to %s" % (len(out), path))


if __name__ == "__main__":
    main()
