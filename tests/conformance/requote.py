"""Re-emits an oracle answer table with every string double-quoted, so that a
YAML 1.2 reader sees outputs such as `1e+06` or `true` as the strings Helm printed.

usage: eval.py --cases X.in.yaml | python requote.py > X.yaml
"""
import sys

import yaml


class Quoted(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


Quoted.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))
yaml.dump(yaml.safe_load(sys.stdin), sys.stdout, Dumper=Quoted, sort_keys=False, allow_unicode=True, width=1000)
