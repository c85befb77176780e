#!/usr/bin/env python3
"""Generate tests/fixtures/schema/<case>/ charts and record Helm's verdict on them.

usage: ~/.cache/helm-oracle/bin/python scripts/schema_oracle.py [--runs N]

Each case below becomes a tiny chart (Chart.yaml, values.yaml, values.schema.json,
optional charts/<sub>/ subcharts). The chart is rendered with the oracle
(/work/shared/oracle/render.py, Helm v4 SDK) N times; every distinct error text
(Helm prints sibling errors in Go's random map order) is written to expected.txt,
variants separated by a line `=====`. An empty expected.txt means the values pass.
tests/schema_oracle.rs checks that our text equals one of the variants.
"""
import argparse, os, shutil, subprocess, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "schema")
ORACLE = "/work/shared/oracle/render.py"
D7 = '"$schema": "http://json-schema.org/draft-07/schema#", '
D4 = '"$schema": "http://json-schema.org/draft-04/schema#", '
D2019 = '"$schema": "https://json-schema.org/draft/2019-09/schema", '

# name: (schema, values.yaml, {subchart: (schema or None, values.yaml)})
CASES = {
    "valid_all": ('{"type":"object","properties":{"a":{"type":"string","minLength":1},"n":{"type":"integer","minimum":0},"l":{"type":"array","items":{"type":"number"}}},"required":["a"]}',
                  "a: x\nn: 3\nl: [1, 2.5]\n", {}),
    "type_integer_accepts_3_0": ('{"properties":{"n":{"type":"integer"}}}', "n: 3.0\n", {}),
    "type_integer_rejects_fraction": ('{"properties":{"n":{"type":"integer"}}}', "n: 3.5\n", {}),
    "type_integer_big_float": ('{"properties":{"n":{"type":"integer"}}}', "n: 1e21\n", {}),
    "type_list_of_types": ('{"properties":{"n":{"type":["string","null"]}}}', "n: 1\n", {}),
    "type_hides_siblings": ('{"properties":{"n":{"type":"integer","minimum":2,"enum":[5]}}}', "n: 1.5\n", {}),
    "type_object_vs_array": ('{"properties":{"a":{"type":"object"},"b":{"type":"boolean"}}}', "a: [1]\nb: \"yes\"\n", {}),
    "required_one": ('{"required":["image"]}', "x: 1\n", {}),
    "required_many_in_schema_order": ('{"required":["zeta","alpha","it\'s"]}', "x: 1\n", {}),
    "enum_primitives": ('{"properties":{"c":{"enum":[1.0,2,"x",null,true]}}}', "c: 3\n", {}),
    "enum_single": ('{"properties":{"c":{"enum":["a"]}}}', "c: b\n", {}),
    "enum_containers": ('{"properties":{"c":{"enum":[[1],{"a":1}]}}}', "c: [2]\n", {}),
    "enum_number_equality": ('{"properties":{"c":{"enum":[1.50, 2]}}}', "c: 1.5\n", {}),
    "const_number_literal": ('{"properties":{"d":{"const":1.50}}}', "d: 1\n", {}),
    "const_object": ('{"properties":{"d":{"const":{"a":1}}}}', "d: {a: 2}\n", {}),
    "minimum_maximum_localized": ('{"properties":{"a":{"minimum":1000},"b":{"maximum":-1234.5},"c":{"minimum":1e21},"d":{"maximum":0.00001}}}',
                                  "a: 5\nb: 3\nc: 12345678.5\nd: 1\n", {}),
    "exclusive_2020": ('{"properties":{"a":{"exclusiveMinimum":5},"b":{"exclusiveMaximum":5}}}', "a: 5\nb: 5\n", {}),
    "exclusive_draft4_boolean": ('{' + D4 + '"properties":{"a":{"maximum":5,"exclusiveMaximum":true},"b":{"minimum":1,"exclusiveMinimum":true}}}', "a: 5\nb: 1\n", {}),
    "multiple_of_exact_decimal": ('{"properties":{"a":{"multipleOf":0.1},"b":{"multipleOf":0.1},"c":{"multipleOf":3}}}', "a: 0.3\nb: 0.35\nc: 7\n", {}),
    "string_lengths_count_runes": ('{"properties":{"a":{"maxLength":3},"b":{"minLength":2000}}}', "a: héllo\nb: x\n", {}),
    "pattern_mismatch": ('{"properties":{"a":{"pattern":"^[a-z]+$"},"b":{"pattern":"^\\\\d+$"}}}', "a: ABC\nb: \"١٢\"\n", {}),
    "format_draft7_asserted": ('{' + D7 + '"properties":{"ip":{"format":"ipv4"},"when":{"format":"date-time"},"day":{"format":"date"},"host":{"format":"hostname"}}}',
                               "ip: 1.2.3\nwhen: \"2024-01-01 10:00:00\"\nday: \"2023-02-30\"\nhost: a_b\n", {}),
    "format_draft7_valid": ('{' + D7 + '"properties":{"ip":{"format":"ipv4"},"mail":{"format":"email"},"id":{"format":"uuid"}}}',
                            "ip: 10.0.0.1\nmail: a@b.io\nid: 123e4567-e89b-12d3-a456-426614174000\n", {}),
    "format_2020_not_asserted": ('{"properties":{"ip":{"format":"ipv4"}}}', "ip: not-an-ip\n", {}),
    "items_2020": ('{"properties":{"l":{"items":{"type":"integer"}}}}', "l: [1, x, 3, y]\n", {}),
    "prefix_items_and_items_false": ('{"properties":{"l":{"prefixItems":[{"type":"integer"},{"type":"string"}],"items":false}}}', "l: [1, a, 3]\n", {}),
    "draft7_tuple_additional_items_false": ('{' + D7 + '"properties":{"l":{"items":[{"type":"integer"}],"additionalItems":false}}}', "l: [1, 2, 3]\n", {}),
    "draft7_additional_items_schema": ('{' + D7 + '"properties":{"l":{"items":[{"type":"integer"}],"additionalItems":{"type":"string"}}}}', "l: [1, 2]\n", {}),
    "min_max_items_unique": ('{"properties":{"a":{"minItems":2},"b":{"maxItems":1},"c":{"uniqueItems":true}}}', "a: [1]\nb: [1, 2]\nc: [1, 2, 1.0]\n", {}),
    "min_max_properties": ('{"properties":{"a":{"minProperties":2},"b":{"maxProperties":1}}}', "a: {x: 1}\nb: {x: 1, y: 2}\n", {}),
    "additional_properties_false": ('{"properties":{"g":{"additionalProperties":false,"properties":{"x":{}}}}}', "g: {x: 1, zz: 3}\n", {}),
    "additional_properties_schema": ('{"additionalProperties":{"type":"string"},"properties":{"ok":{}}}', "ok: 1\nextra: 2\n", {}),
    "pattern_properties": ('{"patternProperties":{"^p_":{"type":"integer"}},"additionalProperties":false}', "p_a: x\nq: 1\n", {}),
    "property_names": ('{"properties":{"h":{"propertyNames":{"maxLength":1}}}}', "h: {aa: 1, b: 1}\n", {}),
    "dependent_required": ('{"properties":{"i":{"dependentRequired":{"x":["y","z"]}}}}', "i: {x: 1}\n", {}),
    "draft7_dependencies": ('{' + D7 + '"properties":{"i":{"dependencies":{"x":["y"],"w":{"required":["v"]}}}}}', "i: {x: 1, w: 2}\n", {}),
    "if_then_else": ('{"properties":{"j":{"if":{"type":"number"},"then":{"minimum":10},"else":{"type":"boolean"}},"k":{"if":{"type":"number"},"then":{"minimum":10},"else":{"type":"boolean"}}}}',
                     "j: 3\nk: s\n", {}),
    "all_of": ('{"properties":{"a":{"allOf":[{"type":"string"},{"minimum":5}]}}}', "a: 1\n", {}),
    "any_of_nested_group": ('{"properties":{"b":{"anyOf":[{"type":"string"},{"minimum":5,"maximum":1}]}}}', "b: 3\n", {}),
    "one_of_none_and_two": ('{"properties":{"c":{"oneOf":[{"type":"number"},{"minimum":0}]},"k":{"oneOf":[{"type":"string"},{"type":"boolean"}]}}}', "c: 3\nk: 3\n", {}),
    "not": ('{"properties":{"d":{"not":{"type":"number"}}}}', "d: 3\n", {}),
    "false_schema": ('{"properties":{"f":false}}', "f: 3\n", {}),
    "root_false_schema": ('false', "a: 1\n", {}),
    "ref_defs_single_cause": ('{"properties":{"e":{"$ref":"#/$defs/s"}},"$defs":{"s":{"type":"string","minLength":3}}}', "e: 3\n", {}),
    "ref_defs_many_causes": ('{"properties":{"e":{"$ref":"#/$defs/o"}},"$defs":{"o":{"required":["a","b"],"properties":{"x":{"type":"string"}}}}}', "e: {x: 1}\n", {}),
    "ref_2020_with_siblings": ('{"properties":{"e":{"$ref":"#/$defs/s","maxLength":1}},"$defs":{"s":{"minLength":3}}}', "e: ab\n", {}),
    "ref_draft7_ignores_siblings": ('{' + D7 + '"properties":{"e":{"$ref":"#/definitions/s","maxLength":1}},"definitions":{"s":{"minLength":3}}}', "e: ab\n", {}),
    "ref_anchor": ('{"properties":{"e":{"$ref":"#num"}},"$defs":{"n":{"$anchor":"num","type":"number"}}}', "e: x\n", {}),
    "ref_missing_pointer": ('{"$ref":"#/$defs/nope"}', "a: 1\n", {}),
    "ref_missing_file": ('{"$ref":"other.json"}', "a: 1\n", {}),
    "ref_urn_permissive": ('{"properties":{"a":{"$ref":"urn:example:thing"}}}', "a: 1\n", {}),
    "contains_2020": ('{"properties":{"a":{"contains":{"type":"string"}},"b":{"contains":{"type":"string"},"minContains":2},"c":{"contains":{"type":"number"},"maxContains":1}}}',
                      "a: [1, 2]\nb: [x, 1]\nc: [1, 2]\n", {}),
    "unevaluated_properties": ('{"allOf":[{"properties":{"a":{}}}],"unevaluatedProperties":false}', "a: 1\nb: 2\n", {}),
    "many_errors_sorted_keys": ('{"properties":{"b":{"type":"integer"},"c":{"type":"integer"},"a":{"type":"integer"}},"required":["zz","yy"]}',
                                "a: x\nb: y\nc: z\n", {}),
    "nested_path_escaping": ('{"properties":{"a/b":{"properties":{"c~d":{"type":"string"}}}}}', "a/b:\n  c~d: 1\n", {}),
    "invalid_json_schema": ('{"type":', "a: 1\n", {}),
    "draft2019_dependent_schemas": ('{' + D2019 + '"properties":{"a":{"dependentSchemas":{"x":{"required":["y"]}}}}}', "a: {x: 1}\n", {}),
    "subchart_errors": ('{"properties":{"top":{"type":"string"}}}', "top: 1\nsub:\n  port: x\n",
                        {"sub": ('{"properties":{"port":{"type":"integer"}},"required":["name"]}', "port: 80\n")}),
    "subchart_only": (None, "sub:\n  port: 70000\n", {"sub": ('{"properties":{"port":{"maximum":65535}}}', "port: 80\n")}),
    "subchart_valid": ('{"type":"object"}', "sub:\n  port: 8080\n", {"sub": ('{"properties":{"port":{"type":"integer"}}}', "port: 80\n")}),
}


def write_chart(d, name, schema, values):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "Chart.yaml"), "w") as f:
        f.write(f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n")
    with open(os.path.join(d, "values.yaml"), "w") as f:
        f.write(values)
    if schema is not None:
        with open(os.path.join(d, "values.schema.json"), "w") as f:
            f.write(schema + "\n")


def oracle(d):
    p = subprocess.run([sys.executable, ORACLE, d], capture_output=True, text=True)
    if p.returncode == 0:
        return ""
    err = p.stderr
    lines = [l for l in err.split("\n") if " WARN " not in l]
    err = "\n".join(lines)
    assert err.startswith("Error: "), err
    return err[len("Error: "):-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=16)
    a = ap.parse_args()
    for name, (schema, values, subs) in sorted(CASES.items()):
        d = os.path.join(ROOT, name)
        shutil.rmtree(d, ignore_errors=True)
        write_chart(d, "c", schema, values)
        for sub, (sschema, svalues) in subs.items():
            write_chart(os.path.join(d, "charts", sub), sub, sschema, svalues)
        variants = []
        for _ in range(a.runs):
            out = oracle(d)
            if out not in variants:
                variants.append(out)
        with open(os.path.join(d, "expected.txt"), "w") as f:
            f.write("\n=====\n".join(variants))
        print(f"{name}: {len(variants)} variant(s)")


if __name__ == "__main__":
    main()
