//! Helm's TOML functions (`toToml`, `mustToToml`, `fromToml`: BurntSushi/toml
//! v1.6.0) against Helm's own answers (`tests/conformance/func_cases_toml.yaml`,
//! produced by the oracle from `func_cases_toml.in.yaml`).

mod common;

#[test]
fn toml_functions_match_helm() {
    common::check_table("tests/conformance/func_cases_toml.yaml", 150);
}
