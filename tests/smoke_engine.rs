//! Quick end-to-end checks of the engine through `eval_template`.

use helm_preflight::render::context::ReleaseInfo;
use helm_preflight::render::eval::eval_template;
use helm_preflight::template::value::Value;

fn ev(t: &str) -> Result<String, String> {
    eval_template(t, Value::Invalid, &[], &ReleaseInfo::default())
}

#[test]
fn basics() {
    assert_eq!(ev("a {{ 1 }} b").unwrap(), "a 1 b");
    assert_eq!(
        ev("{{ .Release.Name }}-{{ .Chart.Name }}").unwrap(),
        "rel-t"
    );
    assert_eq!(
        ev("{{ range $i, $e := until 3 }}{{ $i }}{{ end }}").unwrap(),
        "012"
    );
    assert_eq!(
        ev("{{ define \"x\" }}X{{ . }}{{ end }}{{ include \"x\" 1 }}|{{ template \"x\" 2 }}")
            .unwrap(),
        "X1|X2"
    );
    assert_eq!(ev("{{ .Values.missing.x }}").unwrap_err(), "t/templates/case.yaml:1:10\n  executing \"t/templates/case.yaml\" at <.Values.missing.x>:\n    nil pointer evaluating interface {}.x");
    assert_eq!(ev("{{ include \"x\" . }}").unwrap_err(), "t/templates/case.yaml:1:3\n  executing \"t/templates/case.yaml\" at <include \"x\" .>:\n    error calling include:\ntemplate: no template \"x\" associated with template \"gotpl\"");
    assert_eq!(
        ev("a\n{{ required \"need x\" .Values.x }}").unwrap_err(),
        "execution error at (t/templates/case.yaml:2:3): need x"
    );
    assert_eq!(
        ev("a\n{{ if }}").unwrap_err(),
        "parse error at (t/templates/case.yaml:2): missing value for if"
    );
    assert_eq!(ev("{{ define \"a\" }}{{ .x.y }}{{ end }}{{ include \"a\" . }}").unwrap_err(), "t/templates/case.yaml:1:38\n  executing \"t/templates/case.yaml\" at <include \"a\" .>:\n    error calling include:\nt/templates/case.yaml:1:21\n  executing \"a\" at <.x.y>:\n    nil pointer evaluating interface {}.y");
    assert_eq!(ev("{{ tpl \"{{ .x.y }}\" . }}").unwrap_err(), "template: t/templates/case.yaml:1:3: executing \"t/templates/case.yaml\" at <tpl \"{{ .x.y }}\" .>: error calling tpl: error during tpl function execution for \"{{ .x.y }}\": template: gotpl:1:5: executing \"gotpl\" at <.x.y>: nil pointer evaluating interface {}.y");
    assert_eq!(ev("{{ .Values.x | len }}").unwrap_err(), "template: t/templates/case.yaml:1:15: executing \"t/templates/case.yaml\" at <len>: error calling len: reflect: call of reflect.Value.Type on zero Value");
    assert_eq!(
        ev("{{ range .Values.x }}a{{ else }}b{{ end }}{{ range 3 }}{{ . }}{{ end }}").unwrap(),
        "b012"
    );
}
