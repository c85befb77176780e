//! Interim Go `fmt` printing (replaced by the full implementation on the fmt branch).

use super::value::Value;

/// What `{{ pipeline }}` prints.
pub fn print_value(v: &Value) -> String {
    match v {
        Value::Invalid => "<no value>".into(),
        other => v_fmt(other),
    }
}

fn v_fmt(v: &Value) -> String {
    match v {
        Value::Invalid | Value::Nil => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i, _) => i.to_string(),
        Value::Uint(u, _) => u.to_string(),
        Value::Float(f, _) => f.to_string(),
        Value::Complex(r, i) => format!("({r}+{i}i)"),
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => format!("{:?}", b),
        Value::List(l) => {
            let items: Vec<String> = l.items.iter().map(v_fmt).collect();
            format!("[{}]", items.join(" "))
        }
        Value::Map(m) => {
            let items: Vec<String> = m
                .entries
                .borrow()
                .iter()
                .map(|(k, v)| format!("{k}:{}", v_fmt(v)))
                .collect();
            format!("map[{}]", items.join(" "))
        }
        Value::Object(o) => o.format_v(),
    }
}

/// `fmt.Sprint`.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = matches!(a, Value::String(_));
        let prev_str = i > 0 && matches!(args[i - 1], Value::String(_));
        if i > 0 && !is_str && !prev_str {
            out.push(' ');
        }
        out.push_str(&v_fmt(a));
    }
    out
}

/// `fmt.Sprintln`.
pub fn sprintln(args: &[Value]) -> String {
    let parts: Vec<String> = args.iter().map(v_fmt).collect();
    format!("{}\n", parts.join(" "))
}

/// `fmt.Sprintf` (interim: `%v`, `%s`, `%d` and `%%` only).
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut it = args.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(_) => out.push_str(&it.next().map(v_fmt).unwrap_or_default()),
            None => out.push_str("%!(NOVERB)"),
        }
    }
    out
}
