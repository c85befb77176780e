//! Go's `fmt` printing (`Sprint`, `Sprintln`, `Sprintf`) and `strconv.FormatFloat`
//! over template [`Value`]s, byte for byte as Go prints.
//!
//! * [`sprint`], [`sprintln`], [`sprintf`] are the `print`, `println` and `printf`
//!   template functions.
//! * [`print_value`] is what `{{ pipeline }}` writes.
//! * [`format_float`] is `strconv.FormatFloat`.
//!
//! [`Value::Invalid`] and [`Value::Nil`] are both printed as a nil `interface{}`
//! operand (`<nil>`, `%!d(<nil>)`), which is what Go's `text/template` passes to
//! `fmt` for a missing value; only [`print_value`] distinguishes them
//! (`<no value>` for [`Value::Invalid`]). The `print` submodule documents how other values map
//! onto Go types.

mod float;
mod format;
mod print;
mod printf;
mod quote;

pub use float::format_float;
pub(crate) use quote::is_print;

use crate::template::value::Value;
use print::Printer;

/// Go's `fmt.Sprint`: operands formatted with `%v`, with a space between two
/// operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut p = Printer::default();
    p.do_print(args);
    p.into_string()
}

/// Go's `fmt.Sprintln`: operands formatted with `%v`, separated by spaces, and a
/// final newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut p = Printer::default();
    p.do_println(args);
    p.into_string()
}

/// Appends `s` as Go's `%q` (`strconv.Quote`) writes it.
pub fn quote_into(out: &mut String, s: &str) {
    quote::append_quoted(out, s.as_bytes(), false);
}

/// Go's `fmt.Sprintf`, with every verb, flag, width, precision, argument index
/// and error form (`%!d(string=x)`, `%!v(MISSING)`, `%!(EXTRA int=1)`, …).
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut p = Printer::default();
    p.fmt.buf.reserve(format.len() + 8 * args.len());
    printf::do_printf(&mut p, format, args);
    p.into_string()
}

/// What `{{ pipeline }}` prints for a value: `<no value>` for [`Value::Invalid`],
/// otherwise `fmt.Fprint` of it (an object's `String()` when it has one).
pub fn print_value(v: &Value) -> String {
    if v.is_invalid() {
        return "<no value>".to_string();
    }
    if let Value::String(s) = v {
        return s.as_str().to_string();
    }
    sprint(std::slice::from_ref(v))
}

#[cfg(test)]
mod tests;
