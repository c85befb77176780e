#!/usr/bin/env python3
"""Regenerates tests/data/yaml_values.json from Helm itself (the oracle).

Each YAML snippet below is run twice through Helm:
  * mode "values":   written verbatim as the chart's values.yaml, printed from .Values
                     (Helm v4 LoadValues, then Helm's coalescing, which drops null map entries);
  * mode "fromYaml": written as a chart file and read with `.Files.Get | fromYaml`
                     (sigs.k8s.io/yaml.Unmarshal into a map, first document only).
Every value is printed as %T(%v) (maps as {k:v,...}, lists as [v,...]).
usage: <oracle python> tests/data/gen_yaml_values.py   (see /work/shared/oracle/eval.py)
"""
import json, os, subprocess, sys, tempfile

ORACLE = "/work/shared/oracle/eval.py"
PRINTER = r'''{{- define "p" -}}
{{- $t := printf "%T" . -}}
{{- if eq $t "map[string]interface {}" -}}{ {{- range $k, $v := . -}}{{ $k }}:{{ include "p" $v }},{{- end -}} }
{{- else if eq $t "[]interface {}" -}}[{{- range . -}}{{ include "p" . }},{{- end -}}]
{{- else -}}{{ printf "%T(%v)" . . }}
{{- end -}}
{{- end -}}
'''
VALUES_TPL = PRINTER + '{ {{- range $k, $v := .Values -}}{{ $k }}:{{ include "p" $v }},{{- end -}} }'
FROMYAML_TPL = PRINTER + '{{ include "p" (.Files.Get "d.yaml" | fromYaml) }}'

SNIPPETS = [
    # --- ints
    ("int_decimal", "a: 1\nb: -7\nc: +12\nd: 0\ne: -0\n"),
    ("int_octal_legacy", "a: 0777\nb: 0644\nc: 010\nd: 08\ne: 09.5\n"),
    ("int_prefixed", "a: 0x1F\nb: 0X1f\nc: 0o17\nd: 0O17\ne: 0b101\nf: 0B11\ng: -0x10\nh: -0b11\ni: +0o7\n"),
    ("int_prefix_only", "a: 0x\nb: 0o\nc: 0b\nd: 0xZZ\ne: 0b102\n"),
    ("int_underscores", "a: 1_000\nb: 1__0\nc: _1\nd: 1_\ne: 0x_1F\nf: 1_000.5\n"),
    ("int_large", "a: 9223372036854775807\nb: 9223372036854775808\nc: 18446744073709551615\nd: 18446744073709551616\ne: -9223372036854775808\nf: -9223372036854775809\n"),
    ("int_big_hex", "a: 0x7fffffffffffffff\nb: 0xffffffffffffffff\nc: 0x123456789012345678901234\n"),
    ("int_precision", "a: 9007199254740993\nb: 123456789\nc: 1000000\nd: 100000\ne: 12345678901234567890\n"),
    # --- floats
    ("float_forms", "a: 1.5\nb: .5\nc: 1.\nd: 1e3\ne: 1E3\nf: -1.5e-3\ng: +.5\nh: 0.1e-10\ni: 6.02e+23\n"),
    ("float_edge", "a: 1e400\nb: 1e-400\nc: -0.0\nd: .5_0\ne: ._5\nf: 1.5.5\ng: 1e\nh: 1e+\n"),
    ("float_specials_strings", "a: .iNf\nb: inf\nc: nan\nd: .NaN.\ne: Infinity\n"),
    ("float_inf", "a: .inf\n"),
    ("float_neg_inf", "a: -.Inf\n"),
    ("float_pos_inf", "a: +.INF\n"),
    ("float_nan", "a: .NaN\n"),
    ("float_nan_nested", "a:\n  b: [1, .nan]\n"),
    ("float_inf_order", "b: .inf\na: -.inf\n"),
    ("float_display", "a: 0.0001\nb: 0.00001\nc: 123456.7\nd: 1234567.0\ne: 100\nf: 3.14159265358979\n"),
    # --- bools
    ("bool_true_spellings", "a: y\nb: Y\nc: yes\nd: Yes\ne: YES\nf: true\ng: True\nh: TRUE\ni: on\nj: On\nk: ON\n"),
    ("bool_false_spellings", "a: n\nb: N\nc: no\nd: No\ne: NO\nf: false\ng: False\nh: FALSE\ni: off\nj: Off\nk: OFF\n"),
    ("bool_non_spellings", "a: yES\nb: tRUE\nc: oN\nd: OfF\ne: nO\nf: t\ng: f\nh: \"yes\"\ni: 'on'\n"),
    # --- null
    ("null_spellings", "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nULL\ng: \"null\"\nh: '~'\n"),
    ("null_in_list", "l: [null, ~, 1]\nm:\n  - \n  - x\n"),
    ("err_flow_empty_entry", "l: [1, , 2]\n"),
    ("null_nested_map", "a:\n  b: null\n  c: 1\n"),
    ("null_in_list_of_maps", "l:\n  - a: null\n    b: 1\n"),
    # --- timestamps and sexagesimal
    ("timestamps", "a: 2001-12-14\nb: 2001-12-14T21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10\nd: 2001-12-14t21:59:43Z\ne: 2001-1-2\nf: 2001-12-14 21:59:43.10 -5\ng: 2001-02-30\n"),
    ("timestamp_keys", "2001-12-14: a\n2002-01-01T00:00:00Z: b\n"),
    ("sexagesimal", "a: 1:20\nb: 190:20:30.15\nc: -1:30\n"),
    # --- strings
    ("strings_plain", "a: hello world\nb: a:b\nc: http://x.y/z?q=1#frag\nd: -dash\ne: 'it''s'\nf: \"tab\\there\"\n"),
    ("strings_quoted_numbers", "a: \"1\"\nb: '1.5'\nc: \"0777\"\nd: \"true\"\ne: '2001-12-14'\n"),
    ("strings_escapes", "a: \"\\x41\\u00e9\\U0001F600\"\nb: \"line\\nnext\"\nc: \"\\\\ \\\" \\t\\ \"\nd: \"\\0\\a\\e\\N\\_\\L\\P\"\ne: \"a\\\n  b\"\n"),
    ("strings_escape_slash", "a: \"\\/\"\n"),
    ("strings_escape_squote", "a: \"\\'\"\n"),
    ("strings_unicode", "ключ: значение\nemoji: 😀\nmixed: \"é\\u00e9\"\n"),
    ("strings_multiline_plain", "a: this is\n  a folded\n\n  plain scalar\nb: x\n"),
    ("strings_multiline_quoted", "a: \"first\n  second\n\n  third\"\nb: 'one\n  two'\n"),
    ("strings_special_start", "a: '@at'\nb: '`tick'\nc: \"%pct\"\nd: '*star'\ne: '&amp'\nf: '!bang'\ng: '|pipe'\nh: '>gt'\n"),
    ("strings_html", "a: <b>&amp;</b>\nb: \"\\u2028\"\n"),
    ("strings_merge_value", "a: <<\nb: \"<<\"\n"),
    # --- block scalars
    ("block_literal", "a: |\n  line1\n  line2\nb: x\n"),
    ("block_literal_strip", "a: |-\n  line1\n  line2\n\n\nb: x\n"),
    ("block_literal_keep", "a: |+\n  line1\n  line2\n\n\nb: x\n"),
    ("block_folded", "a: >\n  one\n  two\n\n  three\n    indented\n  four\nb: x\n"),
    ("block_folded_strip", "a: >-\n  one\n  two\nb: x\n"),
    ("block_folded_keep", "a: >+\n  one\n\n\nb: x\n"),
    ("block_indent_indicator", "a: |2\n    two extra\n  base\nb: >1\n  lead\n"),
    ("block_indent_keep_combo", "a: |-2\n   x\nb: |+1\n  y\n\n"),
    ("block_eof_no_newline", "a: |\n  text"),
    ("block_eof_keep", "a: |+\n  text\n\n"),
    ("block_empty", "a: |\nb: >\nc: x\n"),
    ("block_comment_after", "a: | # comment\n  text\nb: x\n"),
    ("block_in_list", "l:\n  - |\n    x\n  - >-\n    y\n    z\n"),
    ("block_tabs_inside", "a: |\n  \tx\n  y\t\n"),
    # --- keys
    ("keys_bool", "y: 1\nn: 2\non: 3\noff: 4\n"),
    ("keys_bool_dup", "yes: 1\ntrue: 2\n"),
    ("keys_int", "1: a\n0x10: b\n010: c\n-5: d\n"),
    ("keys_float", "1.5: a\n1e20: b\n2.0: c\n0.1: d\n123456789.0: e\n"),
    ("keys_float_specials", ".inf: a\n-.inf: b\n.nan: c\n"),
    ("keys_null", "~: a\n"),
    ("keys_empty_null", "? \n: a\n"),
    ("keys_uint", "12345678901234567890: x\n"),
    ("keys_quoted", "\"1\": a\n'true': b\n\"\": c\n"),
    ("keys_seq", "? [1, 2]\n: x\n"),
    ("keys_map", "? {a: 1}\n: x\n"),
    ("keys_explicit", "? a\n: 1\n? b\n"),
    ("keys_dup_last_wins", "a: 1\nb: 2\na: 3\n"),
    ("keys_dup_nested", "a:\n  x: 1\na:\n  y: 2\n"),
    ("keys_dup_normalized", "0x1: a\n1: b\n"),
    ("keys_int_overrides", "1: a\n\"1\": b\n"),
    ("keys_null_value_map", "a: {~: 1}\n"),
    # --- collections
    ("nested", "a:\n  b:\n    c:\n      d: 1\n"),
    ("lists", "l:\n- 1\n- two\n- [3, 4]\n- {five: 5}\n-\n  - 6\n"),
    ("flow", "a: {b: 1, c: [x, y, {z: 1}], d: }\ne: [ ]\nf: { }\n"),
    ("flow_multiline", "a: [\n  1,\n  2,\n]\nb: {\n  c: 1,\n  d: 2\n}\n"),
    ("flow_implicit_pairs", "a: [b: 1, c]\n"),
    ("list_of_maps", "l:\n  - name: a\n    v: 1\n  - name: b\n    v: 2\n"),
    ("indentless_seq", "a:\n- x\n- y\nb: z\n"),
    ("empty_collections", "a: {}\nb: []\n"),
    ("deep_mixed", "a:\n  - b:\n      - c: [1, {d: [e]}]\n"),
    # --- anchors, aliases, merge
    ("alias_scalar", "a: &x hello\nb: *x\n"),
    ("alias_map", "a: &x {p: 1, q: [2]}\nb: *x\n"),
    ("alias_list", "a: &l [1, 2]\nb: *l\nc: [*l, *l]\n"),
    ("alias_redefined", "a: &x 1\nb: *x\nc: &x 2\nd: *x\n"),
    ("alias_as_key", "a: &k key\n*k : v\n"),
    ("alias_unknown", "a: *nope\n"),
    ("alias_self", "a: &x\n  b: *x\n"),
    ("alias_map_as_key", "a: &m {x: 1}\n? *m\n: v\n"),
    ("alias_bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"),
    ("alias_many_ok", "a: &a [x, x]\nb: [*a, *a, *a]\n"),
    ("merge_single", "base: &b {p: 1, q: 2}\nd:\n  <<: *b\n  q: 3\n"),
    ("merge_after_keys", "d:\n  q: 3\n  <<: {q: 4, r: 5}\n"),
    ("merge_list", "a: &a {x: 1}\nb: &b {x: 2, w: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n"),
    ("merge_inline_maps", "c:\n  <<: [{x: 1}, {x: 2, y: 2}]\n"),
    ("merge_nested_merge", "a: &a {x: 1}\nb: &b\n  <<: *a\n  y: 2\nc:\n  <<: *b\n"),
    ("merge_scalar_error", "a:\n  <<: 5\n"),
    ("merge_list_scalar_error", "a:\n  <<: [{x: 1}, 2]\n"),
    ("merge_alias_to_list_error", "l: &l [1]\na:\n  <<: *l\n"),
    ("merge_quoted_key", "\"<<\": {a: 1}\n"),
    ("merge_tagged", "a:\n  !!merge <<: {x: 1}\n"),
    ("merge_null_error", "a:\n  <<:\n"),
    ("merge_twice", "a:\n  <<: {x: 1}\n  <<: {x: 2, y: 3}\n"),
    # --- tags
    ("tags_core", "a: !!str 1\nb: !!int \"12\"\nc: !!float 1\nd: !!bool \"yes\"\ne: !!null \"\"\nf: !!float \"1.5\"\ng: !!str\n"),
    ("tags_custom", "a: !foo bar\nb: ! 12\nc: !<tag:yaml.org,2002:str> 5\nd: !local [1]\n"),
    ("tags_binary", "a: !!binary aGVsbG8=\nb: !!binary |\n  aGVs\n  bG8=\n"),
    ("tags_binary_invalid_utf8", "a: !!binary \"/w==\"\n"),
    ("tags_binary_bad", "a: !!binary \"%%%\"\n"),
    ("tags_int_error", "a: !!int abc\n"),
    ("tags_int_on_timestamp", "a: !!int 2001-12-14\n"),
    ("tags_bool_error", "a: !!bool 1\n"),
    ("tags_float_on_uint", "a: !!float 18446744073709551615\n"),
    ("tags_timestamp", "a: !!timestamp 2001-12-14\nb: !!timestamp \"2001-12-14\"\n"),
    ("tags_timestamp_error", "a: !!timestamp abc\n"),
    ("tags_on_collections", "a: !!map {b: 1}\nc: !!seq [1]\nd: !!str {e: 1}\n"),
    # --- documents
    ("docs_merge", "a: 1\nb: {x: 1, y: 2}\n---\nb: {y: 3}\nc: 4\n---\na: {z: 1}\n"),
    ("docs_separator_comment", "a: 1\n--- # comment\nb: 2\n---   \nc: 3\n"),
    ("docs_separator_text", "a: 1\n--- x\n"),
    ("docs_separator_dashes", "a: 1\n----\nb: 2\n"),
    ("docs_empty", "---\n---\n"),
    ("docs_comment_only", "# just a comment\n"),
    ("docs_null_doc", "~\n---\na: 1\n"),
    ("docs_list_second", "a: 1\n---\n- x\n"),
    ("docs_scalar_top", "hello\n"),
    ("docs_number_top", "5\n"),
    ("docs_bool_top", "true\n"),
    ("docs_list_top", "- a\n"),
    ("docs_end_marker", "a: 1\n...\nb: 2\n"),
    ("docs_leading_separator", "---\na: 1\n"),
    ("docs_replace_map_with_scalar", "a: {x: 1}\n---\na: 2\n---\nb: [1]\n---\nb: [2]\n"),
    ("docs_error_in_second", "a: 1\n---\nb: [1\n"),
    ("docs_directive", "%YAML 1.1\n---\na: 1\n"),
    ("empty_file", ""),
    ("whitespace_file", "  \n\n"),
    # --- comments, whitespace, encodings
    ("comments", "# top\na: 1 # trailing\n# between\nb: \"#notcomment\"\nc: x#y\n"),
    ("crlf", "a: 1\r\nb:\r\n  c: |\r\n    x\r\n    y\r\n"),
    ("bom", "\ufeffa: 1\n"),
    ("tabs_after_value", "a: 1\t\nb: x \t# c\n"),
    ("trailing_spaces", "a: x   \nb:    \n"),
    ("no_final_newline", "a: 1\nb: two"),
    ("long_key", "k" * 1100 + ": v\n"),
    # --- syntax errors
    ("err_unclosed_flow", "a: [1, 2\n"),
    ("err_unclosed_map", "a: {b: 1\n"),
    ("err_mapping_values", "a: b: c\n"),
    ("err_bad_indent", "a:\n  b: 1\n c: 2\n"),
    ("err_tab_indent", "a:\n\tb: 1\n"),
    ("err_unclosed_quote", "a: \"abc\n"),
    ("err_unclosed_single", "a: 'abc\n"),
    ("err_list_in_map", "a: 1\n- b\n"),
    ("err_bad_escape", "a: \"\\q\"\n"),
    ("err_second_line", "a: 1\nb: [\n"),
    ("err_anchor_missing_name", "a: & x\n"),
    ("err_third_line", "a: 1\nb: 2\nc: d: e\n"),
]


# Strings written through toYaml: Helm quotes those that would not read back as
# strings (go-yaml v2 resolution, timestamps and base-60 floats included).
QUOTING = ["2001-12-14", "2001-12-14T21:59:43.10-05:00", "2001-12-14 21:59:43.10", "2001-12-14t21:59:43Z",
           "2001-1-2", "2001-12-14 21:59:43.10 -5", "2001-02-30", "2000-02-29", "1900-02-29", "2001-13-01",
           "2001-12-14T21:59:43", "2001-12-14T25:00:00Z", "2001-12-14T21:59:43+0500", "2001-12-14T21:59:43,5Z",
           "2001-12-14  1:2:3", "20011-12-14", "2001-12-14T1:2:3.123456789123Z", "2001-12-14T21:59:43.10+05:30",
           "1:20", "190:20:30.15", "-1:30", "1:60", "1:5", "1_0:20", "1:20.5_5", "a1:20",
           "1_000", "0x1F", "0o17", "0b101", "+1", ".5", "1.", "1e3", ".inf", "-.Inf", ".NaN", "0777", "08",
           "1e400", "._5", ".5_0", "~", "null", "yes", "Off", "y", "<<", "12345678901234567890",
           "0x123456789012345678901234", "-0b11", "1__0", "_1", "+.5", "abc", "1.5.5"]


def quoting_table():
    values = "s:\n" + "".join("- '" + x + "'\n" for x in QUOTING)
    out = run([{"name": "quoting", "template": "{{ toYaml .Values.s }}", "values": values}])[0]["output"]
    lines = out.split("\n")
    return [{"text": t, "quoted": l.startswith('- "')} for t, l in zip(QUOTING, lines)]


def run(cases):
    # eval.py reads the cases as YAML: keep non-ASCII raw (PyYAML does not join
    # surrogate-pair escapes) but escape the BOM character.
    text = json.dumps(cases, ensure_ascii=False).replace("\ufeff", "\\ufeff")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        fh.write(text)
        path = fh.name
    try:
        out = subprocess.run([sys.executable, ORACLE, "--cases", path], capture_output=True, text=True)
    finally:
        os.unlink(path)
    if out.returncode:
        sys.exit(out.stderr)
    import yaml
    return yaml.safe_load(out.stdout)


def main():
    cases = []
    for name, src in SNIPPETS:
        cases.append({"name": name + "/values", "template": VALUES_TPL, "values": src})
        cases.append({"name": name + "/fromYaml", "template": FROMYAML_TPL, "files": {"d.yaml": src}})
    results = run(cases)
    table = []
    for (name, src), i in zip(SNIPPETS, range(0, len(results), 2)):
        for mode, r in (("values", results[i]), ("fromYaml", results[i + 1])):
            row = {"name": name, "mode": mode, "yaml": src}
            out = r.get("output")
            if out is not None and mode == "fromYaml" and out.startswith("{Error:string(") and out.endswith("),}"):
                row["error"] = out[len("{Error:string("):-len("),}")]
            elif out is not None:
                row["output"] = out
            else:
                row["error"] = r["error"]
            table.append(row)
    dest = os.path.join(os.path.dirname(os.path.abspath(__file__)), "yaml_values.json")
    with open(dest, "w", encoding="utf-8") as fh:
        json.dump(table, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"{len(table)} cases written to {dest}")
    dest = os.path.join(os.path.dirname(os.path.abspath(__file__)), "yaml_plain_quoting.json")
    with open(dest, "w", encoding="utf-8") as fh:
        json.dump(quoting_table(), fh, ensure_ascii=False, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
