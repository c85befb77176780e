//! The engine against Helm's own answers for every construct of Go's text/template
//! (tests/conformance/template_cases.yaml, produced by ../shared/oracle/eval.py).

mod common;

#[test]
fn template_engine_matches_helm() {
    common::check_table("tests/conformance/template_cases.yaml", 400);
}
