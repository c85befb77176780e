//! `eval --chart` evaluates a snippet inside a real chart: its helpers, values,
//! `.Chart` metadata, with `--set` applied as user values.

mod common;

fn eval(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["eval"];
    all.extend_from_slice(args);
    common::run_bin(&all)
}

#[test]
fn eval_inside_the_example_chart() {
    let (code, out, _) = eval(&[
        "--chart",
        "examples/chart",
        "-e",
        "{{ include \"shop.fullname\" . }} {{ .Values.replicaCount }} {{ .Chart.AppVersion }}",
    ]);
    assert_eq!((code, out.as_str()), (0, "rel-shop 3 2.4.1\n"));
    let (code, out, _) = eval(&[
        "--chart",
        "examples/chart",
        "--set",
        "replicaCount=7",
        "--name",
        "prod",
        "-e",
        "{{ .Values.replicaCount }} {{ include \"shop.fullname\" . }}",
    ]);
    assert_eq!((code, out.as_str()), (0, "7 prod-shop\n"));
}

#[test]
fn eval_errors_exit_2_with_helms_message() {
    let (code, _, err) = eval(&[
        "--chart",
        "examples/chart",
        "-e",
        "{{ required \"need x\" .Values.x }}",
    ]);
    assert_eq!(code, 2);
    assert!(err.starts_with("Error: execution error at ("), "{err}");
    assert!(err.trim_end().ends_with("): need x"), "{err}");
}
