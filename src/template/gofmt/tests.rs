//! Unit tests of the Go `fmt` port. Expected texts come from Go 1.19's `fmt`
//! (for types templates cannot build, such as `float32` and `uint64`) or from
//! Helm; the large Helm-answered table lives in `tests/gofmt_oracle.rs`.

use std::rc::Rc;

use super::*;
use crate::template::value::{FloatKind, IntKind, Kind, Object, UintKind, Value};

/// An object with a `String()` method, like `*semver.Version`.
#[derive(Debug)]
struct Stringer;

impl Object for Stringer {
    fn type_name(&self) -> String {
        "main.S".to_string()
    }
    fn kind(&self) -> Kind {
        Kind::Struct
    }
    fn display(&self) -> Option<String> {
        Some("str!".to_string())
    }
}

/// An object without `String()`.
#[derive(Debug)]
struct Plain;

impl Object for Plain {
    fn type_name(&self) -> String {
        "*chart.Thing".to_string()
    }
    fn kind(&self) -> Kind {
        Kind::Ptr
    }
    fn format_v(&self) -> String {
        "&{a 1}".to_string()
    }
}

fn f32v(x: f32) -> Value {
    Value::Float(f64::from(x), FloatKind::F32)
}

#[test]
fn float32_uses_32_bit_digits() {
    let args = [
        f32v(1.1),
        f32v(16777216.0),
        f32v(2.675),
        f32v(1e-7),
        f32v(1.0),
        f32v(1.5),
        f32v(f32::MAX),
        f32v(0.1),
        f32v(1.0),
    ];
    assert_eq!(
        sprintf("%v|%g|%.3f|%e|%T|%x|%v|%#v|%b", &args),
        "1.1|1.6777216e+07|2.675|1.000000e-07|float32|0x1.8p+00|3.4028235e+38|0.1|8388608p-23"
    );
    assert_eq!(
        sprint(&[f32v(0.1), Value::int(1), Value::str("a"), f32v(2.5)]),
        "0.1 1a2.5"
    );
}

#[test]
fn sized_integers() {
    let args = [
        Value::Uint(u64::MAX, UintKind::U64),
        Value::Uint(7, UintKind::Uint),
        Value::Uint(65535, UintKind::U16),
        Value::Uint(1, UintKind::U32),
        Value::Int(-128, IntKind::I8),
        Value::Int(5, IntKind::I16),
        Value::Uint(10, UintKind::Uintptr),
    ];
    assert_eq!(
        sprintf("%v|%#v|%x|%T|%d|%#v|%#v", &args),
        "18446744073709551615|0x7|ffff|uint32|-128|5|0xa"
    );
}

#[test]
fn objects_use_their_string_method() {
    let s = Value::Object(Rc::new(Stringer));
    let args = vec![s.clone(); 6];
    assert_eq!(
        sprintf("%v|%s|%q|%x|%5s|%T", &args),
        "str!|str!|\"str!\"|73747221| str!|main.S"
    );
    assert_eq!(sprint(&[Value::list(vec![s.clone()])]), "[str!]");
    assert_eq!(print_value(&s), "str!");
    let p = Value::Object(Rc::new(Plain));
    assert_eq!(print_value(&p), "&{a 1}");
    assert_eq!(sprintf("%d", &[p]), "%!d(*chart.Thing=&{a 1})");
}

#[test]
fn pipeline_printing() {
    assert_eq!(print_value(&Value::Invalid), "<no value>");
    assert_eq!(print_value(&Value::Nil), "<nil>");
    assert_eq!(print_value(&Value::float(1e6)), "1e+06");
    assert_eq!(print_value(&Value::str("x y")), "x y");
    assert_eq!(
        print_value(&Value::Bytes(Rc::from(&b"hi"[..]))),
        "[104 105]"
    );
    // Inside fmt, a missing value is a nil interface.
    assert_eq!(
        sprintf("%v|%d", &[Value::Invalid, Value::Invalid]),
        "<nil>|%!d(<nil>)"
    );
    assert_eq!(sprint(&[Value::list(vec![Value::Invalid])]), "[<nil>]");
}

#[test]
fn pointers() {
    let list = Value::list(vec![Value::int(1)]);
    let p = sprintf("%p", std::slice::from_ref(&list));
    assert!(p.starts_with("0x") && p.len() > 2, "{p}");
    assert_eq!(sprintf("%#p", std::slice::from_ref(&list)), p[2..]);
    assert_eq!(
        sprintf("%p|%p", &[Value::int(1), Value::Nil]),
        "%!p(int=1)|%!p(<nil>)"
    );
}

#[test]
fn invalid_utf8_bytes() {
    let b = Value::Bytes(Rc::from(&b"a\xffb"[..]));
    assert_eq!(
        sprintf("%q|%x|%s|%.2q", &[b.clone(), b.clone(), b.clone(), b]),
        "\"a\\xffb\"|61ff62|a\u{FFFD}b|\"a\\xff\""
    );
}

#[test]
fn format_float_api() {
    assert_eq!(format_float(1e6, b'g', -1, 64), "1e+06");
    assert_eq!(format_float(1.5, b'e', 3, 64), "1.500e+00");
    assert_eq!(format_float(0.1, b'f', -1, 32), "0.1");
    assert_eq!(format_float(-2.5, b'f', 0, 64), "-2");
    assert_eq!(format_float(1.0, b'z', -1, 64), "%z");
    assert_eq!(format_float(f64::NAN, b'x', 2, 64), "NaN");
}

/// A small deterministic generator for the no-panic sweep.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn arbitrary_formats_never_panic() {
    const PIECES: &[&str] = &[
        "%", "d", "v", "s", "q", "x", "X", "#", "+", "-", " ", "0", "*", ".", "[", "]", "1", "2",
        "9", "e", "g", "f", "c", "U", "T", "p", "é", "☺", "a", "%%", "[0]", "[-", "12345678",
    ];
    let args = [
        Value::int(-3),
        Value::float(f64::NAN),
        Value::str("é☺"),
        Value::Nil,
        Value::Bytes(Rc::from(&b"\xff\x00"[..])),
        Value::list(vec![Value::Nil, Value::Uint(300, UintKind::U64)]),
        Value::Complex(f64::INFINITY, -0.0),
        Value::Invalid,
    ];
    let mut rng = Lcg(7);
    for _ in 0..20_000 {
        let mut fmt = String::new();
        for _ in 0..rng.next() % 8 {
            fmt.push_str(PIECES[(rng.next() as usize) % PIECES.len()]);
        }
        let n = (rng.next() as usize) % (args.len() + 1);
        let out = sprintf(&fmt, &args[..n]);
        assert!(out.len() < 1 << 20, "{fmt:?}");
    }
}

#[test]
fn huge_precisions_do_not_panic_and_pad_zeros() {
    // Found by fuzzing: Rust's formatter rejects precisions above 65535; Go pads zeros.
    let out = super::sprintf("%.66666f", &[Value::float(1.5)]);
    assert_eq!(out.len(), 2 + 66666);
    assert!(out.starts_with("1.5000") && out.ends_with("000"));
    let e = super::sprintf("%.70000e", &[Value::float(1.5)]);
    assert!(e.starts_with("1.5000") && e.ends_with("e+00"));
    assert_eq!(e.len(), 2 + 70000 + 4);
}

#[test]
fn quote_into_is_percent_q() {
    for s in [
        "",
        "plain text",
        "a\"b\\c",
        "é\u{7f}\u{80}\n\t\r\u{7}",
        "\u{FFFD}日本\u{200b}\u{2028}",
        "\u{10FFFF}\u{1F600}",
    ] {
        let mut out = String::new();
        quote_into(&mut out, s);
        assert_eq!(out, sprintf("%q", &[Value::from(s)]), "{s:?}");
    }
}
