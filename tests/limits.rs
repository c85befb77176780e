//! Runaway templates end with clear errors, not hangs (cases found by fuzzing).

use helm_preflight::funcs::helm_funcs;
use helm_preflight::template::exec::{Exec, Limits};
use helm_preflight::template::set::TemplateSet;
use helm_preflight::template::value::Value;

fn run(template: &str, limits: Limits) -> Result<String, String> {
    let mut set = TemplateSet::new("gotpl", helm_funcs());
    set.add_file("t", template).map_err(|e| e.msg)?;
    let mut exec = Exec::new(&set).with_limits(limits);
    exec.execute("t", Value::Invalid)
        .map(|o| o.text)
        .map_err(|e| e.msg)
}

#[test]
fn exponential_string_growth_hits_the_work_limit() {
    // Every stage quotes the previous one, so the string grows geometrically.
    let stages = " | printf \"%+q%+q\"".repeat(40);
    let t = format!("{{{{ range 100 }}}}{{{{ \"a\\\\b\"{stages} | len }}}}{{{{ end }}}}");
    let limits = Limits {
        max_work: 16 << 20,
        ..Limits::default()
    };
    let err = run(&t, limits).expect_err("must stop");
    assert!(
        err.contains("exceeds the work limit of 16777216 bytes"),
        "{err}"
    );
}

#[test]
fn long_ranges_hit_the_iteration_limit() {
    let limits = Limits {
        max_iterations: 1000,
        ..Limits::default()
    };
    let err = run("{{ range 100000 }}x{{ end }}", limits).expect_err("must stop");
    assert!(
        err.contains("range iterations exceed the limit of 1000"),
        "{err}"
    );
}

#[test]
fn deep_template_recursion_hits_the_depth_limit() {
    let limits = Limits {
        max_template_depth: 500,
        ..Limits::default()
    };
    let err = run(
        "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}",
        limits,
    )
    .expect_err("must stop");
    assert!(
        err.contains("exceeded maximum template depth (500)"),
        "{err}"
    );
}
