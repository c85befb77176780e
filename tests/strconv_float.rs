//! `strconv.FormatFloat` conformance: a table produced by Go's own strconv
//! (`go run scripts/gen_float_cases.go 3000 1 > tests/data/strconv_float_cases.txt`).

use helm_preflight::template::gofmt::format_float;

fn check_file(path: &str) {
    let text = std::fs::read_to_string(path).expect("table readable");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text.lines() {
        let mut parts = line.splitn(5, ' ');
        let (Some(bits), Some(fmt), Some(prec), Some(size), Some(want)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            panic!("bad line {line:?}");
        };
        let v = f64::from_bits(u64::from_str_radix(bits, 16).expect("hex bits"));
        let fmt = fmt.as_bytes()[0];
        let prec: i32 = prec.parse().expect("prec");
        let size: u32 = size.parse().expect("size");
        let got = format_float(v, fmt, prec, size);
        count += 1;
        if got != want {
            failures.push(format!(
                "{bits} {} {prec} {size}: got {got} want {want}",
                fmt as char
            ));
        }
    }
    assert!(count > 0);
    assert!(
        failures.is_empty(),
        "{} of {count} failed:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn go_strconv_table() {
    check_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/strconv_float_cases.txt"
    ));
}
