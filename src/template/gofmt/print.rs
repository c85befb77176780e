//! Go's `fmt/print.go` over template [`Value`]s: `printArg` (top-level operands),
//! `printValue` (elements of slices and maps), bad-verb reports, `Sprint` and
//! `Sprintln`.
//!
//! How our value model maps onto Go's argument types:
//! * [`Value::Nil`] and [`Value::Invalid`] are a nil `interface{}` operand
//!   (`<nil>`, `%!d(<nil>)`); as a slice or map element, a nil interface element
//!   (`<nil>` under every verb, `interface {}(nil)` under `%#v`).
//!   Typed containers (`[]string`, `map[string]string`, …) never hold nil.
//! * [`Value::Object`] uses its `String()` ([`Object::display`]) for `%v %s %x %X
//!   %q`, else [`Object::format_v`] for `%v` and a bad-verb report otherwise.
//! * `%p` prints the address of the shared storage of maps, slices and objects
//!   (Go prints a real pointer, which is never reproducible).
//!
//! [`Object::display`]: crate::template::value::Object::display
//! [`Object::format_v`]: crate::template::value::Object::format_v

use std::borrow::Borrow;
use std::cell::RefCell;
use std::rc::Rc;

use super::format::{Fmt, LDIGITS, UDIGITS};
use crate::template::value::{FloatKind, Kind, Map, Object, UintKind, Value};

/// The printer state (Go's `pp`).
#[derive(Default)]
pub(crate) struct Printer {
    /// Formatter and output buffer.
    pub fmt: Fmt,
    /// Set while writing a bad-verb report, which disables `String()` methods.
    erroring: bool,
}

impl Printer {
    /// The printed text.
    pub fn into_string(self) -> String {
        self.fmt.buf
    }

    /// Go's `doPrint`: a space between operands when neither is a string.
    pub fn do_print(&mut self, args: &[Value]) {
        let mut prev_string = false;
        for (i, arg) in args.iter().enumerate() {
            let is_string = arg.kind() == Kind::String;
            if i > 0 && !is_string && !prev_string {
                self.fmt.buf.push(' ');
            }
            self.print_arg(arg, 'v');
            prev_string = is_string;
        }
    }

    /// Go's `doPrintln`: spaces between all operands and a final newline.
    pub fn do_println(&mut self, args: &[Value]) {
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                self.fmt.buf.push(' ');
            }
            self.print_arg(arg, 'v');
        }
        self.fmt.buf.push('\n');
    }

    /// Go's `printArg`: formats one top-level operand.
    pub fn print_arg(&mut self, arg: &Value, verb: char) {
        match arg {
            Value::Invalid | Value::Nil => match verb {
                'T' | 'v' => self.fmt.pad("<nil>"),
                _ => self.bad_verb(verb, None),
            },
            _ if verb == 'T' => self.fmt.fmt_s(&arg.type_name()),
            _ if verb == 'p' => self.fmt_pointer(arg, verb),
            Value::Bytes(b) => self.fmt_bytes(arg, b, verb, "[]byte"),
            _ => self.print_value(arg, verb, 0),
        }
    }

    /// Go's `printValue`: formats a value at nesting `depth` (0 for operands).
    fn print_value(&mut self, v: &Value, verb: char, depth: usize) {
        match v {
            Value::Invalid | Value::Nil => {
                if depth == 0 {
                    self.print_arg(v, verb);
                } else if self.fmt.flags.sharp_v {
                    self.fmt.buf.push_str("interface {}(nil)");
                } else {
                    self.fmt.buf.push_str("<nil>");
                }
            }
            Value::Bool(b) => match verb {
                't' | 'v' => self.fmt.fmt_boolean(*b),
                _ => self.bad_verb(verb, Some(v)),
            },
            Value::Int(i, _) => self.fmt_integer(v, *i as u64, true, verb),
            Value::Uint(u, _) => self.fmt_integer(v, *u, false, verb),
            Value::Float(f, kind) => {
                let size = if *kind == FloatKind::F32 { 32 } else { 64 };
                self.fmt_float(v, *f, size, verb);
            }
            Value::Complex(re, im) => self.fmt_complex(v, *re, *im, verb),
            Value::String(s) => self.fmt_string(v, s.as_str(), verb),
            Value::Bytes(b) => match verb {
                's' | 'q' | 'x' | 'X' => self.fmt_bytes(v, b, verb, "[]uint8"),
                _ => {
                    let items = b.iter().map(|&c| Value::Uint(u64::from(c), UintKind::U8));
                    self.print_seq("[]uint8", items, verb, depth);
                }
            },
            Value::List(l) => self.print_seq(l.ty.name(), l.items.iter(), verb, depth),
            Value::Map(m) => self.print_map(m, verb, depth),
            Value::Object(o) => {
                if self.handle_object(o.as_ref(), verb) {
                    return;
                }
                if let Some(fields) = o.struct_fields() {
                    self.fmt.buf.push('{');
                    for (i, f) in fields.iter().enumerate() {
                        if i > 0 {
                            self.fmt.buf.push(' ');
                        }
                        self.print_value(f, verb, depth + 1);
                    }
                    self.fmt.buf.push('}');
                    return;
                }
                match verb {
                    'v' => self.fmt.buf.push_str(&o.format_v()),
                    _ => self.bad_verb(verb, Some(v)),
                }
            }
        }
    }

    /// Slices: `[a b]`, or `T{a, b}` under `%#v`.
    fn print_seq<V: Borrow<Value>>(
        &mut self,
        type_name: &str,
        items: impl Iterator<Item = V>,
        verb: char,
        depth: usize,
    ) {
        let sharp_v = self.fmt.flags.sharp_v;
        if sharp_v {
            self.fmt.buf.push_str(type_name);
            self.fmt.buf.push('{');
        } else {
            self.fmt.buf.push('[');
        }
        for (i, item) in items.enumerate() {
            if i > 0 {
                self.fmt.buf.push_str(if sharp_v { ", " } else { " " });
            }
            self.print_value(item.borrow(), verb, depth + 1);
        }
        self.fmt.buf.push(if sharp_v { '}' } else { ']' });
    }

    /// Maps: `map[k:v k:v]` in key order, or `T{"k":v, "k":v}` under `%#v`.
    fn print_map(&mut self, m: &Map, verb: char, depth: usize) {
        let sharp_v = self.fmt.flags.sharp_v;
        if sharp_v {
            self.fmt.buf.push_str(m.ty.name());
            self.fmt.buf.push('{');
        } else {
            self.fmt.buf.push_str("map[");
        }
        let entries = RefCell::borrow(&m.entries);
        for (i, (k, val)) in entries.iter().enumerate() {
            if i > 0 {
                self.fmt.buf.push_str(if sharp_v { ", " } else { " " });
            }
            if matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
                self.fmt_str_verb(k, verb);
            } else {
                self.bad_verb(verb, Some(&Value::str(k.clone())));
            }
            self.fmt.buf.push(':');
            self.print_value(val, verb, depth + 1);
        }
        self.fmt.buf.push(if sharp_v { '}' } else { ']' });
    }

    /// Go's `handleMethods` for objects: `String()` serves `%v %s %x %X %q`.
    fn handle_object(&mut self, o: &dyn Object, verb: char) -> bool {
        if self.erroring || self.fmt.flags.sharp_v {
            return false;
        }
        if !matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
            return false;
        }
        match o.display() {
            Some(text) => {
                self.fmt_str_verb(&text, verb);
                true
            }
            None => false,
        }
    }

    /// `%!verb(type=value)`, or `%!verb(<nil>)` without a value.
    pub fn bad_verb(&mut self, verb: char, v: Option<&Value>) {
        self.erroring = true;
        self.fmt.buf.push_str("%!");
        self.fmt.buf.push(verb);
        self.fmt.buf.push('(');
        match v {
            Some(v) if !v.is_nil_or_invalid() => {
                self.fmt.buf.push_str(&v.type_name());
                self.fmt.buf.push('=');
                self.print_arg(v, 'v');
            }
            _ => self.fmt.buf.push_str("<nil>"),
        }
        self.fmt.buf.push(')');
        self.erroring = false;
    }

    /// Go's `pp.fmtInteger`: verb dispatch for integers.
    fn fmt_integer(&mut self, v: &Value, u: u64, signed: bool, verb: char) {
        let f = &mut self.fmt;
        match verb {
            'v' if f.flags.sharp_v && !signed => {
                let sharp = std::mem::replace(&mut f.flags.sharp, true);
                f.fmt_integer(u, 16, false, 'v', LDIGITS);
                f.flags.sharp = sharp;
            }
            'v' | 'd' => f.fmt_integer(u, 10, signed, verb, LDIGITS),
            'b' => f.fmt_integer(u, 2, signed, verb, LDIGITS),
            'o' | 'O' => f.fmt_integer(u, 8, signed, verb, LDIGITS),
            'x' => f.fmt_integer(u, 16, signed, verb, LDIGITS),
            'X' => f.fmt_integer(u, 16, signed, verb, UDIGITS),
            'c' => f.fmt_c(u),
            'q' => f.fmt_qc(u),
            'U' => f.fmt_unicode(u),
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    /// Hex with or without a `0x` prefix, regardless of the `#` flag.
    fn fmt_0x64(&mut self, u: u64, leading_0x: bool) {
        let sharp = std::mem::replace(&mut self.fmt.flags.sharp, leading_0x);
        self.fmt.fmt_integer(u, 16, false, 'v', LDIGITS);
        self.fmt.flags.sharp = sharp;
    }

    /// Go's `pp.fmtFloat`: verb dispatch for floats.
    fn fmt_float(&mut self, v: &Value, f: f64, size: u32, verb: char) {
        match verb {
            'v' => self.fmt.fmt_float(f, size, b'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt.fmt_float(f, size, verb as u8, -1),
            'f' | 'e' | 'E' => self.fmt.fmt_float(f, size, verb as u8, 6),
            'F' => self.fmt.fmt_float(f, size, b'f', 6),
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    /// Go's `pp.fmtComplex`: `(re+imi)` with the verb applied to both parts.
    fn fmt_complex(&mut self, v: &Value, re: f64, im: f64, verb: char) {
        match verb {
            'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E' => {
                let plus = self.fmt.flags.plus;
                self.fmt.buf.push('(');
                self.fmt_float(v, re, 64, verb);
                self.fmt.flags.plus = true;
                self.fmt_float(v, im, 64, verb);
                self.fmt.buf.push_str("i)");
                self.fmt.flags.plus = plus;
            }
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    /// Go's `pp.fmtString`: verb dispatch for strings.
    fn fmt_string(&mut self, v: &Value, s: &str, verb: char) {
        if matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
            self.fmt_str_verb(s, verb);
        } else {
            self.bad_verb(verb, Some(v));
        }
    }

    /// The string verbs `v s x X q` (callers check the verb).
    fn fmt_str_verb(&mut self, s: &str, verb: char) {
        match verb {
            'v' if self.fmt.flags.sharp_v => self.fmt.fmt_q(s.as_bytes()),
            'x' => self.fmt.fmt_sbx(s.as_bytes(), LDIGITS),
            'X' => self.fmt.fmt_sbx(s.as_bytes(), UDIGITS),
            'q' => self.fmt.fmt_q(s.as_bytes()),
            _ => self.fmt.fmt_s(s),
        }
    }

    /// Go's `pp.fmtBytes`; `type_name` is `[]byte` for operands and `[]uint8`
    /// for elements, as Go prints them under `%#v`.
    fn fmt_bytes(&mut self, v: &Value, b: &[u8], verb: char, type_name: &str) {
        match verb {
            'v' | 'd' => {
                let sharp_v = self.fmt.flags.sharp_v;
                self.fmt.buf.push_str(if sharp_v { type_name } else { "" });
                self.fmt.buf.push(if sharp_v { '{' } else { '[' });
                for (i, &c) in b.iter().enumerate() {
                    if i > 0 {
                        self.fmt.buf.push_str(if sharp_v { ", " } else { " " });
                    }
                    if sharp_v {
                        self.fmt_0x64(u64::from(c), true);
                    } else {
                        self.fmt.fmt_integer(u64::from(c), 10, false, verb, LDIGITS);
                    }
                }
                self.fmt.buf.push(if sharp_v { '}' } else { ']' });
            }
            's' => self.fmt.fmt_bs(b),
            'x' => self.fmt.fmt_sbx(b, LDIGITS),
            'X' => self.fmt.fmt_sbx(b, UDIGITS),
            'q' => self.fmt.fmt_q(b),
            _ => self.print_value(v, verb, 0),
        }
    }

    /// Go's `fmtPointer` for `%p` operands.
    fn fmt_pointer(&mut self, v: &Value, verb: char) {
        let addr = match v {
            Value::Bytes(b) => Rc::as_ptr(b) as *const u8 as usize,
            Value::List(l) => Rc::as_ptr(&l.items) as usize,
            Value::Map(m) => Rc::as_ptr(&m.entries) as usize,
            Value::Object(o) if matches!(o.kind(), Kind::Ptr | Kind::Map | Kind::Func) => o.addr(),
            _ => {
                self.bad_verb(verb, Some(v));
                return;
            }
        };
        let sharp = self.fmt.flags.sharp;
        self.fmt_0x64(addr as u64, !sharp);
    }
}
