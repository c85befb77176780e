#!/usr/bin/env python3
"""Builds tests/data/gofmt_cases.json: Go fmt / escaper cases answered by Helm (the oracle).

usage: ~/.cache/helm-oracle/bin/python scripts/gen_gofmt_cases.py > tests/data/gofmt_cases.json

Each case is (func, format, args). func is printf, print, println, html, js or urlquery.
An arg is a JSON list [kind, value] that says both how the template builds it and how the
Rust test builds the Value:
  ["int", 42]          template literal 42 (Go int)
  ["int64", 5]         (int64 5)
  ["uint8", 97]        (index "\\x61" 0) (a byte of a string: uint8)
  ["f64", 1.5]         a values.yaml number (float64); "NaN", "+Inf", "-Inf" via (float64 "NaN")
  ["str", "a"]         a values.yaml string
  ["bool", true]       true / false
  ["nil"]              nil
  ["bytes", "hi"]      (.Files.GetBytes "fN.txt") ([]byte)
  ["json", x]          a values.yaml value (numbers float64, lists []interface {}, maps map[string]interface {})
  ["strs", ["a","b"]]  (splitList "," ...) ([]string)
  ["strmap", ["a","b"]] (split "," ...) (map[string]string with keys _0, _1, ...)
  ["complex", [1, 2]]  the literal 1+2i (complex128)
  ["list", [arg...]]   (list ...) ([]interface {} of the built args)
  ["dict", [[k, arg]...]] (dict "k" ... ) (map[string]interface {})
  ["values", {...}]    .Values itself (common.Values); no other values-based arg in that case
Values files drop null map entries and read keys like y/n as booleans: avoid both in "json" args.
The output file keeps the template, values and files sent to the oracle next to Helm's answer.
"""
import json, os, subprocess, sys, tempfile

import yaml

ORACLE = "/work/shared/oracle/eval.py"

# ---------------------------------------------------------------- cases
C = []


def pf(fmt, *args):
    C.append(("printf", fmt, list(args)))


def call(fn, *args):
    C.append((fn, None, list(args)))


I = lambda n: ["int", n]
I64 = lambda n: ["int64", n]
U8 = lambda n: ["uint8", n]
F = lambda x: ["f64", x]
S = lambda s: ["str", s]
B = lambda b: ["bool", b]
NIL = ["nil"]
BY = lambda s: ["bytes", s]
J = lambda x: ["json", x]
SS = lambda xs: ["strs", xs]
SM = lambda xs: ["strmap", xs]
CX = lambda re, im: ["complex", [re, im]]

# %v of floats: shortest digits, exponent iff exp < -4 || exp >= 21? (no: >= 6 for 'g' shortest)
for x in [0.0, 1.0, 3.0, -0.5, 1.5, 0.1, 0.30000000000000004, 123456.0, 1234567.0, 1e6, 1e8, 1e20, 1e21,
          1e-4, 1e-5, 0.00012345, 123456789.0, 1.7976931348623157e308, 5e-324, 2.675, 100.0, 12.5e-7]:
    pf("%v", F(x))
pf("%v|%g|%e|%E|%f|%F|%G", *[F(1e6)] * 7)
pf("%v|%g|%e|%f", *[F(0.000012345)] * 4)
pf("%v|%v|%v", F("NaN"), F("+Inf"), F("-Inf"))
pf("%5.1f|%-8v|%08.3f|%+f|% f|%+.2e", F("NaN"), F("+Inf"), F("-Inf"), F("NaN"), F("+Inf"), F("-Inf"))
pf("%f|%.0f|%.1f|%.2f|%.3f|%.10f", *[F(2.675)] * 6)
pf("%.0f|%.0f|%.0f|%.0f|%.0f|%.0f", F(0.5), F(1.5), F(2.5), F(3.5), F(-0.5), F(-2.5))
pf("%.2f|%.2f|%.1f|%.1f", F(1.005), F(1.015), F(0.25), F(0.35))
pf("%e|%.0e|%.3e|%.10e|%.20e", *[F(123456.789)] * 5)
pf("%g|%.0g|%.1g|%.3g|%.10g|%.20g", *[F(123456.789)] * 6)
pf("%g|%.3g|%.3g|%.3g|%.3g", F(0.0), F(1.0), F(100000.0), F(99.99), F(0.0001234))
pf("%G|%.2G|%E", F(1e-10), F(1234.5), F(0.0))
pf("%6.2f|%-8.3f|%08.3f|%+08.2f|% 8.2f|%+.1e|%010.4g", F(3.14159), F(3.14159), F(-3.14159), F(3.14159),
   F(3.14159), F(31415.9), F(-0.000314159))
pf("%#g|%#.3g|%#v|%#e|%#.0f|%#.0e|%#g|%#g", F(1.0), F(2.0), F(1.0), F(1.0), F(3.0), F(3.0), F(1e6), F(0.0))
pf("%#g|%#.4g|%#g|%#x|%#.0x", F(123456.0), F(1.5e-5), F(100.0), F(1.0), F(1.5))
pf("%x|%X|%.3x|%.0x|%x|%x|%x|%.1x", F(1.5), F(-1.5), F(3.14159), F(1.5), F(0.0), F(1e300), F(5e-324), F(0.9375))
pf("%b|%b|%b", F(1.0), F(-0.5), F(0.0))
pf("%d|%s|%t|%q|%c|%U", *[F(3.0)] * 6)
pf("%v|%.2f|%e|%g", F(-0.0), F(-0.0), F(-0.0), F(-0.0))
pf("%5.2v|%.3v|%10.4v|%-10.3v|", F(3.14159), F(1234.5678), F(1234.5678), F(0.000012345))
pf("%v %v %v", F(1e-7), F(123456789012.0), F(0.000001))
pf("%.15f|%.17g|%.30f", F(0.1), F(0.1), F(0.1))
pf("%f|%.1f", F(1e22), F(1.7976931348623157e308))
pf("%8.3e|%-12.2E|%012.3e", F(1234.5), F(-1234.5), F(-1234.5))

# integers
for f in ["%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%x", "%X", "%#x", "%#X", "%o", "%#o", "%O", "%b", "%#b",
          "%c", "%q", "%+q", "%U", "%#U", "%.3d", "%8.3d", "%08.3d", "%-08d|", "%+05d", "% 05d", "%x", "%v",
          "%#v", "%T", "%e", "%s", "%t", "%.0d", "%5.0d|", "%#.3o", "%#5x", "%#08x", "%#-8x|", "%08b", "%z"]:
    pf(f + "|" + f + "|" + f, I(42), I(-42), I(0))
pf("%d|%d|%x|%X|%o|%b", I(9223372036854775807), I(-9223372036854775807), I(-255), I(-255), I(-8), I(-5))
pf("%c|%c|%c|%c|%c|%c", I(65), I(0x263A), I(0x1F600), I(-1), I(0x110000), I(0xD800))
pf("%q|%q|%q|%q|%q|%q|%+q|%#q", I(39), I(10), I(0), I(0x7F), I(0xAD), I(0x1F600), I(0xE9), I(0x263A))
pf("%U|%#U|%#U|%.6U|%#.2U|%10U|%-10U|%010U|", I(0x1F600), I(0x41), I(0xA), I(0x41), I(0x263A), I(0x41),
   I(0x41), I(0x41))
pf("%U|%#U", I(-1), I(0xD800))
pf("%d|%v|%x|%T|%#v|%q|%c|%08d|%+d", *[I64(5)] * 9)
pf("%d|%v|%x|%T|%#v|%q|%c|%08b|%o|%#o|%X|%U", *[U8(97)] * 12)
pf("%v|%#v|%d|%x|%+d|%c", U8(255), U8(0), U8(200), U8(10), U8(3), U8(233))
pf("%v|%T|%#v|%d|%s", *[I(0x61)] * 5)  # char literal 'a' is an int

# strings
for f in ["%s", "%v", "%q", "%#q", "%+q", "%x", "%X", "% x", "%# x", "%#x", "% X", "%10s", "%-10s|", "%010s",
          "%.2s", "%5.1s", "%-5.3q", "%#v", "%T", "%d", "%t", "%c", "%8x", "%-8x|", "%.1x", "% .2x", "%.0s",
          "%.0q", "%08q", "%U"]:
    pf(f + "|" + f + "|" + f, S("héllo"), S("a\"b\n\tc\\"), S(""))
pf("%q|%+q|%#q|%q|%#q|%#+q", S("☺\u00e9\u2028\u00ad"), S("☺\u00e9"), S("back`tick"), S("\x01\x7f"),
   S("tab\there"), S("日本"))
pf("%5s|%-5s|%.2s|%5.3s|%.10s", S("日本語"), S("日本語"), S("日本語"), S("日本語文字"), S("日本語"))
pf("%x|% X|%#x|%# x|%q|%.3x", S("日本"), S("日本"), S("日本"), S("日本"), S("\ufeffbom"), S("日本"))
pf("%s %s", S("a"), S("%d"))
pf("%v|%s|%q|%x", S("<nil>"), S("100%"), S("'"), S("\x00"))
pf("%q|%q", S("\u0301x"), S("\U0001F600"))

# bool, nil
pf("%t|%v|%5t|%-6t|%d|%s|%q|%x|%T|%#v|%05t", B(True), B(False), B(True), B(False), B(True), B(True), B(False),
   B(True), B(True), B(False), B(True))
pf("%v|%d|%s|%T|%#v|%+v|%q|%5v|%-6v|%x|%t", *[NIL] * 11)

# complex
pf("%v|%f|%.1f|%e|%g|%T|%#v|%d|%+v|%8.2f|%x", *[CX(1.5, -2.0)] * 11)
pf("%v|%v|%v|%.0f", CX(0, 1), CX(-1, 0), CX(1e6, 1e-7), CX(2.5, 3.5))

# []byte
pf("%v|%s|%q|%x|%X|% x|%#x|%d|%T|%#v|%o|%c|%5s|%.2s|%08v|%-4d|", *[BY("hi\n")] * 16)
pf("%v|%s|%q|%x|%#v|%d|%T", *[BY("")] * 7)
pf("%s|%v|%x|%.1x", BY("日本"), BY("日本"), BY("日本"), BY("日本"))
pf("%t|%e|%U", BY("ab"), BY("ab"), BY("ab"))

# lists
L1 = J([1, "a", True, None, {}, [], 2.5, {"k": "v"}])
for f in ["%v", "%+v", "%#v", "%s", "%d", "%q", "%x", "%X", "%T", "%5v", "%-4v|", "%.1f", "%e", "%t", "%c",
          "%03v"]:
    pf(f, L1)
pf("%v|%s|%q|%x|%#v|%T|%d|%5s|%-3s|", *[SS(["a", "b c", "é"])] * 9)
pf("%v|%#v|%T|%s", *[J([])] * 4)
pf("%v|%#v", J([[1, [2, [3]]], {"a": [None]}]), J([[1, [2, [3]]], {"a": [None]}]))
pf("%v|%d|%x|%o|%b|%c|%q|%U|%#x", *[J([65, 66.5, -1])] * 9)
pf("%v|%s|%x|%#v", *[J(["x", 1e6, 1e21])] * 4)

# maps
M1 = J({"b": 1, "a": [1, None, "x"], "A": "z", "_": {"k2": True}, "aa": 2.5})
for f in ["%v", "%+v", "%#v", "%s", "%d", "%q", "%x", "%T", "%6v", "%-3v|", "%.1f", "%t"]:
    pf(f, M1)
pf("%v|%#v|%T|%s|%d", *[J({})] * 5)
pf("%v|%#v|%T|%s|%q|%x", *[SM(["a", "b", "c"])] * 6)
C.append(("printf", "%v|%#v|%T|%s|%d|%+v", [["values", {"z": [1, "x"], "a": {"b": "c"}, "m": 2.5}]] * 6))
C.append(("print", None, [["values", {"k": "v", "num": 1}]]))
# Sprig list / dict: mixed Go types inside []interface {} and map[string]interface {}
LD = lambda *xs: ["list", list(xs)]
DD = lambda *kv: ["dict", [list(p) for p in kv]]
MIX = LD(I(1), I64(2), U8(3), F(4.5), S("s"), B(True), NIL, BY("hi"), SS(["a", "b"]), CX(1, 2), LD(), DD())
for f in ["%v", "%#v", "%s", "%d", "%x", "%q", "%T", "%5v", "%c"]:
    pf(f, MIX)
DM = DD(("b", NIL), ("a", I(1)), ("c", BY("xy")), ("d", LD(NIL, S("q"))), ("e", SS(["z"])), ("f", DD(("g", NIL))))
for f in ["%v", "%#v", "%s", "%d", "%q", "%x", "%T"]:
    pf(f, DM)
call("print", DM, MIX)
call("html", DM)
pf("%v", J({"k ey": "v al", "é": 1, "Z": 2, "10": 3, "9": 4}))

# width/precision from args, indexes
pf("%*d|%-*d|%*d", I(5), I(42), I(5), I(42), I(-5), I(42))
pf("%.*f|%*.*f|%.*s", I(2), F(3.14159), I(8), I(3), F(3.14159), I(2), S("abcdef"))
pf("%*d", S("x"), I(42))
pf("%*d", F(5.0), I(42))
pf("%.*d", I(-1), I(42))
pf("%.*d", S("x"), I(42))
pf("%*d", I(10000000), I(42))
pf("%*d|%.*d", I(-1000001), I(42), I(1000001), I(1))
pf("%*d", I64(6), I(42))
pf("%*d|%*d", U8(4), I(7), I(-3), I(7))
pf("%[2]d %[1]d", I(1), I(2))
pf("%[2]*[1]d|", I(12), I(5))
pf("%[3]*.[2]*[1]f", F(12.0), I(2), I(6))
pf("%d %d %#[1]x %#x", I(16), I(17))
pf("%[1]d %[1]x %[1]o %[1]q", I(65))
pf("%[5]d", I(1), I(2))
pf("%[0]d", I(1))
pf("%[-1]d", I(1))
pf("%[x]d", I(1))
pf("%[2]d", I(1))
pf("%[1]", I(1))
pf("%[3]2d|%[1].2d", I(1), I(2), I(3))
pf("%.[2]d", I(1), I(2))
pf("%[2]d %d", I(1), I(2), I(3))
pf("%[1]d %d %d", I(1), I(2))
pf("%[2]s %s", S("a"), S("b"), S("c"))
pf("%d %d %d", I(1), I(2))
pf("%d %[3]d", I(1), I(2))
pf("%1[2]d", I(1), I(2))
pf("%[2]*d", I(1), I(2))

# error forms
pf("%!", I(1))
pf("%z %d", I(1), I(2))
pf("%d")
pf("%s %v", S("a"))
pf("no verbs", I(1), S("a"), NIL, F(1.5), J([1]), BY("x"))
pf("%d", I(1), I(2), I(3))
pf("%", I(1))
pf("%5", I(1))
pf("%-", I(1))
pf("%.", I(1))
pf("%5.", I(1))
pf("%.2", I(1))
pf("abc%")
pf("%%|%5%|%-5%|%d%%", I(3))
pf("%%%d", I(1))
pf("%é", I(1))
pf("%☺", S("x"))
pf("%!d(string=5)", S("5"))
pf("%w", I(1))
pf("%v %v", NIL)
pf("%10.3z|", F(3.14159))
pf("%+z|%#z", S("x"), J([1, "a"]))
pf("%ll", I(1))
pf("%.-1d", I(1))
pf("%12345678d|%d", I(1), I(2))
pf("%.12345678d|%d", I(1), I(2))
pf("%[12345678]d|%d", I(1), I(2))
pf("%1000d|", I(1))
pf("%-1000.998d|", I(-1))
pf("%p", I(1))
pf("%p", NIL)
pf("%T %T %T %T %T %T %T %T %T", I(1), I64(1), F(1.0), S(""), B(True), NIL, BY(""), J([1]), J({"a": 1}))
pf("%10T|%-10T|%.3T", I(1), F(1.0), S(""))
pf("%v %+v %#v %T", CX(1, 1), S("x"), S("x"), SS(["a"]))

# Sprint / Sprintln spacing
call("print", I(1), I(2), S("a"), S("b"), I(3))
call("print", S("a"), I(1), S("b"))
call("print", I(1), F(2.5), B(True), NIL, NIL, J([1, 2]), J({"a": 1}))
call("print", S(""), I(1), S(""), S(""))
call("print", NIL, S("x"), NIL)
call("print", BY("hi"), I(1), BY("x"), S("s"))
call("print", CX(1, 2), U8(7), I64(8))
call("print")
call("print", F(1e6), F(1e-7), F(100.0))
call("println", I(1), S("a"), S("b"), NIL, F(2.5))
call("println")
call("println", J([1, "x"]), BY("hi"), SS(["a"]))

# html / js / urlquery (evalArgs)
call("html", S("<a href='x'>&\"</a>"))
call("html", I(1), NIL, I(2))
call("html", S("<"), I(1), S(">"))
call("html", J(["<b>", 1]))
call("js", S("a\\'\"<>&= \n\t\x01é\u2028\u00ad`/"))
call("js", I(1), S("'"), F(2.5))
call("js", NIL)
call("js", S("日本\U0001F600"))
call("urlquery", S("a b&c=d/e?f#g%h+i~j.k-l_m"))
call("urlquery", S("é日本"), I(1))
call("urlquery", I(1), I(2), NIL)
call("urlquery", J({"a": "b c"}))


# ---------------------------------------------------------------- build templates
def go_float(x):
    r = repr(float(x))
    return r


def build(fn, fmt, args):
    values, files = {}, {}
    counter = [0]

    def expr(a):
        kind = a[0]
        n = counter[0]
        counter[0] += 1
        key = "a%d" % n
        if kind == "int":
            return str(a[1])
        if kind == "int64":
            return "(int64 %d)" % a[1]
        if kind == "uint8":
            return '(index "\\x%02x" 0)' % a[1]
        if kind == "f64":
            if isinstance(a[1], str):
                return '(float64 "%s")' % a[1]
            values[key] = float(a[1])
            return ".Values." + key
        if kind in ("str", "json"):
            values[key] = a[1]
            return ".Values." + key
        if kind == "bool":
            return "true" if a[1] else "false"
        if kind == "nil":
            return "nil"
        if kind == "bytes":
            files["f%d.txt" % n] = a[1]
            return '(.Files.GetBytes "f%d.txt")' % n
        if kind == "strs":
            values[key] = ",".join(a[1])
            return '(splitList "," .Values.%s)' % key
        if kind == "strmap":
            values[key] = ",".join(a[1])
            return '(split "," .Values.%s)' % key
        if kind == "complex":
            re, im = a[1]
            return "%s%s%si" % (go_float(re), "+" if im >= 0 else "-", go_float(abs(im)))
        if kind == "list":
            return "(list " + " ".join(expr(x) for x in a[1]) + ")"
        if kind == "dict":
            return "(dict " + " ".join('"%s" %s' % (k, expr(v)) for k, v in a[1]) + ")"
        if kind == "values":
            assert len(args) == 1 or all(x[0] == "values" for x in args)
            values.update(a[1])
            return ".Values"
        raise SystemExit("unknown kind " + kind)

    exprs = [expr(a) for a in args]
    head = fn
    if fmt is not None:
        assert "`" not in fmt
        head += " `" + fmt + "`"
    template = "{{ " + " ".join([head] + exprs) + " }}"
    case = {"name": "c%03d" % len(out_cases), "template": template, "values": values}
    if files:
        case["files"] = files
    return case


out_cases = []
meta = []
for fn, fmt, args in C:
    case = build(fn, fmt, args)
    # chart files live at the chart root; .Files.GetBytes uses paths relative to it
    out_cases.append(case)
    meta.append({"func": fn, "format": fmt, "args": args})

with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fh:
    yaml.safe_dump(out_cases, fh, sort_keys=False, allow_unicode=True)
    path = fh.name
res = subprocess.run([sys.executable, ORACLE, "--cases", path], capture_output=True, text=True, check=True)
os.unlink(path)
answers = yaml.safe_load(res.stdout)
assert len(answers) == len(meta)
result = []
for m, ans in zip(meta, answers):
    entry = dict(m)
    entry["template"] = ans["template"]
    entry["values"] = ans.get("values") or {}
    if ans.get("files"):
        entry["files"] = ans["files"]
    if "error" in ans:
        entry["error"] = ans["error"]
    else:
        entry["output"] = ans["output"]
    result.append(entry)
json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
