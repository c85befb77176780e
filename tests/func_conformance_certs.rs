//! Conformance of Sprig's certificate and key functions against Helm's real output
//! (`tests/conformance/func_cases_certs.yaml`, produced by the oracle from
//! `func_cases_certs.in.yaml`). Keys and serials are random, so the cases observe only
//! deterministic facts: types, PEM framing, fixed-size encodings, round trips and errors.

mod common;

#[test]
fn sprig_certificates() {
    common::check_table("tests/conformance/func_cases_certs.yaml", 70);
}
