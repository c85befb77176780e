//! Go's `doPrintf`: parsing of `%[flags][width][.precision][argument index]verb`,
//! `*` widths and precisions, explicit argument indexes, and the error forms
//! `%!v(MISSING)`, `%!v(BADINDEX)`, `%!(NOVERB)`, `%!(BADWIDTH)`, `%!(BADPREC)`,
//! `%!(EXTRA type=value, …)`.

use super::print::Printer;
use crate::template::value::Value;

/// Go's `tooLarge`: widths and precisions beyond ±1e6 are refused.
fn too_large(x: i64) -> bool {
    !(-1_000_000..=1_000_000).contains(&x)
}

/// Go's `parsenum`: a decimal number at `fmt[start..end]`; returns the number,
/// whether one was found, and the index after it.
fn parse_num(fmt: &[u8], start: usize, end: usize) -> (usize, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num: i64 = 0;
    let mut found = false;
    let mut i = start;
    while i < end {
        let Some(&c) = fmt.get(i) else { break };
        if !c.is_ascii_digit() {
            break;
        }
        if too_large(num) {
            return (0, false, end); // overflow
        }
        num = num * 10 + i64::from(c - b'0');
        found = true;
        i += 1;
    }
    (usize::try_from(num).unwrap_or(0), found, i)
}

/// Go's `intFromArg`: an integer operand used as `*` width or precision.
/// Returns the number, whether it is usable, and the next argument index.
fn int_from_arg(args: &[Value], arg_num: usize) -> (i64, bool, usize) {
    let Some(arg) = args.get(arg_num) else {
        return (0, false, arg_num);
    };
    let (num, ok) = match arg {
        Value::Int(i, _) => (*i, true),
        Value::Uint(u, _) => match i64::try_from(*u) {
            Ok(i) => (i, true),
            Err(_) => (0, false),
        },
        _ => (0, false),
    };
    if too_large(num) {
        return (0, false, arg_num + 1);
    }
    (num, ok, arg_num + 1)
}

/// Go's `parseArgNumber`: `[n]` at the start of `fmt`; returns the zero-based
/// index, the length of the bracket expression, and whether it parsed.
fn parse_arg_number(fmt: &[u8]) -> (i64, usize, bool) {
    if fmt.len() < 3 {
        return (0, 1, false);
    }
    for i in 1..fmt.len() {
        if fmt.get(i) == Some(&b']') {
            let (width, ok, newi) = parse_num(fmt, 1, i);
            if !ok || newi != i {
                return (0, i + 1, false);
            }
            return (width as i64 - 1, i + 1, true);
        }
    }
    (0, 1, false)
}

/// The parser state of one `Sprintf` call.
struct State<'a> {
    p: &'a mut Printer,
    args: &'a [Value],
    /// An explicit index was used somewhere (suppresses `%!(EXTRA …)`).
    reordered: bool,
    /// The current verb's argument index is valid.
    good_arg_num: bool,
}

impl State<'_> {
    /// Go's `argNumber`: an optional `[n]` at `fmt[i..]`.
    fn arg_number(&mut self, arg_num: usize, fmt: &[u8], i: usize) -> (usize, usize, bool) {
        if fmt.get(i) != Some(&b'[') {
            return (arg_num, i, false);
        }
        self.reordered = true;
        let (index, wid, ok) = parse_arg_number(fmt.get(i..).unwrap_or_default());
        if ok && 0 <= index && (index as usize) < self.args.len() {
            return (index as usize, i + wid, true);
        }
        self.good_arg_num = false;
        (arg_num, i + wid, ok)
    }
}

/// Go's `doPrintf`.
pub(crate) fn do_printf(p: &mut Printer, format: &str, args: &[Value]) {
    let fmt = format.as_bytes();
    let end = fmt.len();
    let mut st = State {
        p,
        args,
        reordered: false,
        good_arg_num: true,
    };
    let mut arg_num = 0usize;
    let mut after_index;
    let mut i = 0usize;
    'format: while i < end {
        st.good_arg_num = true;
        let last = i;
        while i < end && fmt.get(i) != Some(&b'%') {
            i += 1;
        }
        if i > last {
            st.p.fmt
                .buf
                .push_str(format.get(last..i).unwrap_or_default());
        }
        if i >= end {
            break;
        }
        i += 1; // skip %
        st.p.fmt.clear_flags();
        // Flags, with a fast path for simple verbs.
        while i < end {
            let c = fmt.get(i).copied().unwrap_or(0);
            let flags = &mut st.p.fmt.flags;
            match c {
                b'#' => flags.sharp = true,
                b'0' => flags.zero = !flags.minus,
                b'+' => flags.plus = true,
                b'-' => {
                    flags.minus = true;
                    flags.zero = false;
                }
                b' ' => flags.space = true,
                _ => {
                    if c.is_ascii_lowercase() && arg_num < args.len() {
                        if c == b'v' {
                            flags.sharp_v = flags.sharp;
                            flags.sharp = false;
                            flags.plus_v = flags.plus;
                            flags.plus = false;
                        }
                        if let Some(arg) = args.get(arg_num) {
                            st.p.print_arg(arg, char::from(c));
                        }
                        arg_num += 1;
                        i += 1;
                        continue 'format;
                    }
                    break;
                }
            }
            i += 1;
        }

        // Argument index, then width.
        (arg_num, i, after_index) = st.arg_number(arg_num, fmt, i);
        if fmt.get(i) == Some(&b'*') {
            i += 1;
            let (wid, ok, next) = int_from_arg(args, arg_num);
            arg_num = next;
            st.p.fmt.flags.wid_present = ok;
            if !ok {
                st.p.fmt.buf.push_str("%!(BADWIDTH)");
            }
            if wid < 0 {
                st.p.fmt.flags.minus = true;
                st.p.fmt.flags.zero = false;
            }
            st.p.fmt.wid = usize::try_from(wid.unsigned_abs()).unwrap_or(0);
            after_index = false;
        } else {
            let (wid, ok, next) = parse_num(fmt, i, end);
            st.p.fmt.wid = wid;
            st.p.fmt.flags.wid_present = ok;
            i = next;
            if after_index && ok {
                st.good_arg_num = false; // "%[3]2d"
            }
        }

        // Precision.
        if i + 1 < end && fmt.get(i) == Some(&b'.') {
            i += 1;
            if after_index {
                st.good_arg_num = false; // "%[3].2d"
            }
            (arg_num, i, after_index) = st.arg_number(arg_num, fmt, i);
            if fmt.get(i) == Some(&b'*') {
                i += 1;
                let (prec, ok, next) = int_from_arg(args, arg_num);
                arg_num = next;
                let ok = ok && prec >= 0;
                st.p.fmt.prec = if ok { prec as usize } else { 0 };
                st.p.fmt.flags.prec_present = ok;
                if !ok {
                    st.p.fmt.buf.push_str("%!(BADPREC)");
                }
                after_index = false;
            } else {
                let (prec, ok, next) = parse_num(fmt, i, end);
                st.p.fmt.prec = if ok { prec } else { 0 };
                st.p.fmt.flags.prec_present = true;
                i = next;
            }
        }

        if !after_index {
            (arg_num, i, after_index) = st.arg_number(arg_num, fmt, i);
        }
        let _ = after_index;

        let Some(verb) = format.get(i..).and_then(|rest| rest.chars().next()) else {
            st.p.fmt.buf.push_str("%!(NOVERB)");
            break;
        };
        i += verb.len_utf8();

        if verb == '%' {
            st.p.fmt.buf.push('%'); // absorbs no operand, ignores width and precision
        } else if !st.good_arg_num {
            bad_arg(st.p, verb, "(BADINDEX)");
        } else if let Some(arg) = args.get(arg_num) {
            if verb == 'v' {
                let flags = &mut st.p.fmt.flags;
                flags.sharp_v = flags.sharp;
                flags.sharp = false;
                flags.plus_v = flags.plus;
                flags.plus = false;
            }
            st.p.print_arg(arg, verb);
            arg_num += 1;
        } else {
            bad_arg(st.p, verb, "(MISSING)");
        }
    }

    if !st.reordered && arg_num < args.len() {
        st.p.fmt.clear_flags();
        st.p.fmt.buf.push_str("%!(EXTRA ");
        for (k, arg) in args.iter().skip(arg_num).enumerate() {
            if k > 0 {
                st.p.fmt.buf.push_str(", ");
            }
            if arg.is_nil_or_invalid() {
                st.p.fmt.buf.push_str("<nil>");
            } else {
                st.p.fmt.buf.push_str(&arg.type_name());
                st.p.fmt.buf.push('=');
                st.p.print_arg(arg, 'v');
            }
        }
        st.p.fmt.buf.push(')');
    }
}

/// `%!verb` followed by a reason.
fn bad_arg(p: &mut Printer, verb: char, reason: &str) {
    p.fmt.buf.push_str("%!");
    p.fmt.buf.push(verb);
    p.fmt.buf.push_str(reason);
}
