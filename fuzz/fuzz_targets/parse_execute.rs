//! Fuzz target: any bytes as a template (plus a small helper file) must parse and
//! execute without panicking or hanging; limits turn runaway templates into errors.
#![no_main]

use helm_preflight::funcs::helm_funcs;
use helm_preflight::render::context::{Context, ReleaseInfo};
use helm_preflight::template::exec::{Exec, Limits};
use helm_preflight::template::set::TemplateSet;
use helm_preflight::template::value::{Entries, Value};
use libfuzzer_sys::fuzz_target;

const HELPERS: &str = r#"{{- define "h.name" -}}{{ .Chart.Name }}-{{ .Release.Name }}{{- end -}}
{{- define "h.rec" -}}{{ if . }}{{ include "h.rec" (slice . 1) }}{{ end }}{{- end -}}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut set = TemplateSet::new("gotpl", helm_funcs());
    let _ = set.add_file("t/templates/_helpers.tpl", HELPERS);
    if set.add_file("t/templates/case.yaml", text).is_err() {
        return;
    }
    let mut values = Entries::new();
    values.insert("n".into(), Value::float(3.0));
    values.insert("s".into(), Value::from("x"));
    values.insert(
        "l".into(),
        Value::list(vec![Value::float(1.0), Value::from("a"), Value::Nil]),
    );
    let ctx = Context::for_chart("t", Value::map(values), &[], &ReleaseInfo::default());
    let limits = Limits {
        max_template_depth: 200,
        max_include_depth: 50,
        max_iterations: 20_000,
        max_output: 1 << 20,
        max_work: 64 << 20,
    };
    let mut exec = Exec::new(&set).with_limits(limits);
    let _ = exec.execute("t/templates/case.yaml", ctx.for_template("t/templates/case.yaml"));
});
