#!/usr/bin/env python3
"""Builds tests/data/strvals_cases.json: Helm's `--set` family parsers answered by Helm itself.

usage: ~/.cache/helm-oracle/bin/python scripts/strvals-cases.py > tests/data/strvals_cases.json

Each case is (func, input) with func one of set, set_string, set_json, set_literal, set_file,
parsed by Helm's pkg/strvals into an empty map. The result is recorded either as `error` (Helm's
message) or as `expect`, a value tree with explicit Go types, because plain JSON cannot tell
int64 1 from float64 1:
  {"map": {"k": T, ...}}  {"list": [T, ...]}  {"str": "s"}  {"bool": true}  {"null": null}
  {"int64": "5"}          {"float64": "1.5"}  (the number as Go's encoding/json printed it)
Helm hands the result over as JSON, so number types come from the flavour: only --set makes
numbers, always int64; --set-json makes float64 only; the others make strings only.

Inputs whose trimmed text starts with `{` are left out of set_json: the oracle calls
strvals.ParseJSON, while our parse_set_json also implements v4's whole-object form.

--set-file cases read the files of FILES, created under FILE_DIR; the Rust test serves the same
contents and answers "open <path>: no such file or directory" for any other path.
"""
import json
import os
import sys

import helm_python as helm
from helm_python import _native

FILE_DIR = "/tmp/strvals-oracle"
FILES = {
    f"{FILE_DIR}/f1.txt": "hello\n",
    f"{FILE_DIR}/f2.txt": "a,b=c\n{x}\n",
    f"{FILE_DIR}/empty.txt": "",
    f"{FILE_DIR}/uni.txt": "ünïcode ✓\r\n\ttab",
}
F1, F2, EMPTY, UNI = FILES
MISSING = f"{FILE_DIR}/missing.txt"

NATIVE = {
    "set": "helm_strvals_parse",
    "set_string": "helm_strvals_parse_string",
    "set_json": "helm_strvals_parse_json",
    "set_literal": "helm_strvals_parse_literal",
    "set_file": "helm_strvals_parse_file",
}

# 30 dots is the deepest name Helm accepts, 31 dots is one too many.
NESTED_30 = ".".join(f"n{i}" for i in range(31)) + "=deep"
NESTED_31 = ".".join(f"n{i}" for i in range(32)) + "=deep"

CASES = {
    "set": [
        "a=1,b.c=x,ports={80,443}",
        "a=true,b=FALSE,c=TrUe,d=null,e=NULL,f=Null",
        "a=falſe,b=ſ,c=nulL ,d= true",
        "zero=0,neg=-5,pos=+5,negzero=-0,pluszero=+0",
        "lead=007,hex=0x10,float=1.5,exp=1e3,under=1_000,space= 1,minus=-,plus=+",
        "max=9223372036854775807,min=-9223372036854775808",
        "over=9223372036854775808,under=-9223372036854775809",
        "long_int=1234567890,leading_zeros=00009",
        "empty=,b=2",
        "a=",
        "a=1,",
        "a=1,,b=2",
        "name1=value1,,,,name2=value2,",
        "name1,name2=",
        "name1,name2=value2",
        "name1,name2=value2\\",
        "name1,name2",
        "name1.name2",
        "name1.name2,name1.name3",
        "name1.name2=",
        "name1.=name2",
        "name1.,name2",
        "name1={1021,902",
        "a={}",
        "a={,}",
        "a={1,true,null,x,1.5,,-3}",
        "a={a\\,b,c\\}d}",
        "a={1,2}x=3",
        "a={1,2},b=3",
        "a={1,2}.b=3",
        "a={1,2}{3}",
        "a={x",
        "a={x\\",
        "list[0]=foo,list[1]=bar",
        "list[0]=foo,list[1]=bar,",
        "list[0]=foo,list[3]=bar",
        "list[2]=x,list[0]=y",
        "list[0].foo=bar,list[0].hello=world",
        "list[0].foo=bar,list[-30].hello=world",
        "list[0]=foo,list[-20]=bar",
        "illegal[0]name.foo=bar",
        "noval[0]",
        "noval[0]=",
        "noval[0].",
        "nested[0][0]=1",
        "nested[1][1]=1",
        "nested[0][0][0][0][0]=deep",
        "name1.name2[0].foo=bar,name1.name2[1].foo=bar",
        "name1.name2[1].foo=bar,name1.name2[0].foo=bar",
        "name1.name2[1].foo=bar",
        "a[0].b[1].c=x,a[0].b[0]=y",
        "]={}].",
        "a[x]=1",
        "a[]=1",
        "a[+1]=1",
        "a[ 1]=1",
        "a[99999999999999999999]=1",
        "a[-1]=1",
        "a[0][-2]=1",
        "a[65537]=1",
        "a[65537].b=1",
        "a[0]x=1",
        "a[0]'\"\\\\\tü=1",
        "a[1",
        "a[0][1",
        "a[0]",
        "a.",
        "a.b.",
        "a[0].",
        "a[0][0]=1,a[0][0].",
        "a[0].b=1,a[0].c.",
        "a=1,a.b=2",
        "a.b=1,a[0]=2",
        "a[0]=1,a[0][1]=2",
        "a=null,a.b=1",
        "a=null,a[0]=1",
        "a=x,a[0]=1",
        "a=true,a.b=1",
        "a={1},a.b=2",
        "a[0]=null,a[0][1]=2",
        "a[0]=x,a[0].b=2",
        "a[0].b=1,a[0]=x",
        "a[2]=1,a[0].b=2",
        "a.b=1,a.c=2,a.d.e=3,a.d.f=4",
        "a.b=1,a=2",
        "a=2,a=3",
        "a\\.b=1,c=1\\,2",
        "a\\=b=c",
        "a=b\\",
        "a\\",
        "a\\[0]=1",
        "key with spaces = value ",
        "ünï=cödé,emoji=😀",
        "a\tb",
        ".b=2",
        "[0]=1",
        "=x",
        "a=1=2",
        'a="quoted",b=it\'s',
        NESTED_30,
        NESTED_31,
    ],
    "set_string": [
        "long_int_string=1234567890,boolean=true,is_null=null,zero=0",
        "a={1,true,null}",
        "a[0]=1,a[2]=x",
        "a.b=1,a.c=2",
        "a",
        "a=1,a.b=2",
        "a=",
        "a=-5,b=1.5,c=0x1",
    ],
    "set_json": [
        'a={"b":[1,2]}',
        "a=1,b=1.5,c=1e20,d=12345678901234567890123,e=-0,f=1e-400",
        "a=1.5e3,b=2.5E-3,c=-12,d=0.1",
        "a=1e400",
        "a=[-0,1e400]",
        'a={"x":[1,\n-2e999]}',
        "a=01",
        "a=-",
        "a=1.",
        "a=1.x",
        "a=1ex",
        "a=1e+",
        "a=-x",
        "a=tx",
        "a=fals",
        "a=nul",
        "a=x",
        "a=}",
        "a='",
        'a="',
        "a=é",
        'a="x"y=1',
        "a=,b=1",
        "a=  ",
        "a= 1 , b = 2",
        "a=1x",
        "a=1 b=2",
        "a=1,,b=2",
        "a=[1,2",
        'a={"x":',
        "a=true,b=false,c=null",
        'a="1,2",b=3',
        "a=[1, 2 ,3]",
        'a.b=true,a.c=null,a.d="s"',
        'a[0]={"x":1},a[2]=[true]',
        "a[0]=",
        'a[0][1]="x"',
        "a=null,a.b=1",
        'a={"x":1}.b=2',
        "a=1,a.b=2",
        "a=[1],a[1]=2",
        'a={"b":{"c":[1,{"d":null}]}}',
        'a="\\u00e9\\n\\t\\"",b="😀"',
        'a={"k":1,"k":2}',
        "a",
        "a=1,b",
        'a="\\q"',
        "a=[1,]",
        'a={"a":1,}',
        "a=[tru]",
        'a={"a" 1}',
        "a=[1 2]",
        'a={"a":1 "b":2}',
        'a=["x\ty"]',
        'a={"k":[fals]}',
        "a=[nulx]",
        'a=["x\ny"]',
        'a=["\\u12x4"]',
        "a=[-x]",
        "a=[1.x]",
        "a=[1e+x]",
        "a=[1,2 3]",
        'a={"k":"\\x"}',
    ],
    "set_literal": [
        "a=b,c=d",
        "a.b[0]=x,y=z\\",
        "a",
        "a,b",
        "a,b=c",
        "a\\.b=1",
        "a.b=1",
        "a[0]=x",
        "a[0].b=x",
        "a[1][0]=x",
        "a=",
        "a[0]x=1",
        "a[x]=1",
        "a[-1]=x",
        "=x",
        "a.b",
        "a[0]",
        "a[1",
        "a=\\n literal {x},y",
        "a.b.",
        NESTED_31,
    ],
    "set_file": [
        f"a={F1}",
        f"a={MISSING}",
        f"a={{{F1},{F2}}}",
        f"a.b={F2},c[1]={EMPTY}",
        "a=",
        "a",
        f"a[0]={{{F1}}}",
        f"a={{{F1},{MISSING}}}",
        f"a[0]={MISSING}",
        f"u={UNI}",
        f"a={F1},a.b={F1}",
    ],
}

class Num:
    """A JSON number, kept as the text Go printed."""

    def __init__(self, text):
        self.text = text


def tag(v, func):
    if isinstance(v, dict):
        return {"map": {k: tag(x, func) for k, x in v.items()}}
    if isinstance(v, list):
        return {"list": [tag(x, func) for x in v]}
    if isinstance(v, str):
        return {"str": v}
    if isinstance(v, bool):
        return {"bool": v}
    if v is None:
        return {"null": None}
    if isinstance(v, Num):
        if func == "set":
            int(v.text)  # --set numbers are int64: Go prints them as plain integers
            return {"int64": v.text}
        if func == "set_json":
            return {"float64": v.text}
        raise ValueError(f"{func} produced a number: {v.text}")
    raise ValueError(f"unexpected value {v!r}")


def run(func, expr):
    case = {"func": func, "input": expr}
    try:
        raw = _native.call_string(NATIVE[func], expr)
    except helm.HelmError as e:
        case["error"] = str(e)
        return case
    case["expect"] = tag(json.loads(raw, parse_int=Num, parse_float=Num), func)
    return case


def main():
    os.makedirs(FILE_DIR, exist_ok=True)
    for path, text in FILES.items():
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    cases = []
    for func, inputs in CASES.items():
        for expr in inputs:
            if func == "set_json" and expr.strip().startswith("{"):
                raise ValueError("whole-object --set-json is not strvals.ParseJSON")
            cases.append(run(func, expr))
    out = {
        "generated_by": "scripts/strvals-cases.py",
        "helm": helm.helm_sdk_version(),
        "files": FILES,
        "cases": cases,
    }
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
