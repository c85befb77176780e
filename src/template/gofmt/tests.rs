//! Unit tests of the Go `fmt` port (expected outputs from Go / Helm).

use super::*;
use crate::template::value::Value;

#[test]
fn smoke() {
    assert_eq!(
        sprintf(
            "%5d|%-5s|%v",
            &[Value::int(42), Value::str("ab"), Value::float(1e6)]
        ),
        "   42|ab   |1e+06"
    );
}
