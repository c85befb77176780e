//! Go's `strconv.FormatFloat` / `AppendFloat`.
//!
//! Formats `'e' 'E' 'f' 'g' 'G' 'x' 'X' 'b'`; precision `-1` means "the fewest
//! digits that round-trip". Decimal digits come from Rust's float formatting, which
//! produces the same shortest round-trip digits as Go's Ryū and correctly rounded
//! (ties to even on the exact binary value) fixed-precision digits; this module lays
//! them out the way Go does (`1e+06`, two-digit minimum exponent, `%g` switching to
//! exponent form when the exponent is `< -4` or `>= precision`, 6 for shortest).

use std::fmt::Write;

/// Go's `strconv.FormatFloat(f, fmt, prec, bits)`: `bits` is 32 or 64 (anything
/// else is treated as 64). An unknown `fmt` byte gives `%` followed by that byte.
pub fn format_float(f: f64, fmt: u8, prec: i32, bits: u32) -> String {
    let mut out = String::with_capacity(24);
    append_float(&mut out, f, fmt, prec, bits);
    out
}

/// Like [`format_float`], appending to `out`.
pub(crate) fn append_float(out: &mut String, f: f64, fmt: u8, prec: i32, bits: u32) {
    let is32 = bits == 32;
    let (neg, mut exp, mant, mantbits, expbits, bias) = if is32 {
        let b = (f as f32).to_bits();
        (
            b >> 31 != 0,
            ((b >> 23) & 0xff) as i32,
            u64::from(b & ((1 << 23) - 1)),
            23u32,
            8u32,
            -127i32,
        )
    } else {
        let b = f.to_bits();
        (
            b >> 63 != 0,
            ((b >> 52) & 0x7ff) as i32,
            b & ((1u64 << 52) - 1),
            52u32,
            11u32,
            -1023i32,
        )
    };
    let mut mant = mant;
    if exp == (1 << expbits) - 1 {
        out.push_str(if mant != 0 {
            "NaN"
        } else if neg {
            "-Inf"
        } else {
            "+Inf"
        });
        return;
    }
    if exp == 0 {
        exp += 1; // denormalized
    } else {
        mant |= 1u64 << mantbits;
    }
    exp += bias;
    match fmt {
        b'b' => fmt_b(out, neg, mant, exp - mantbits as i32),
        b'x' | b'X' => fmt_x(out, prec, fmt, neg, mant, exp, mantbits),
        b'e' | b'E' | b'f' | b'g' | b'G' => {
            let value = if is32 { f64::from(f as f32) } else { f };
            fmt_decimal(out, value.abs(), neg, fmt, prec, is32);
        }
        _ => {
            out.push('%');
            out.push(char::from(fmt));
        }
    }
}

/// `%b`: decimal mantissa, `p`, signed binary exponent (`4503599627370496p-52`).
fn fmt_b(out: &mut String, neg: bool, mant: u64, exp: i32) {
    if neg {
        out.push('-');
    }
    let _ = write!(out, "{mant}p");
    if exp >= 0 {
        out.push('+');
    }
    let _ = write!(out, "{exp}");
}

/// `%x`: `-0x1.yyyyp±dd`, rounded (ties to even) to `prec` hex digits when `prec`
/// is in `0..15`.
fn fmt_x(out: &mut String, prec: i32, fmt: u8, neg: bool, mut mant: u64, exp: i32, mantbits: u32) {
    let mut exp = if mant == 0 { 0 } else { exp };
    // Shift digits so the leading 1 (if any) is at bit 60.
    mant <<= 60 - mantbits;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1u64 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let hex: &[u8; 16] = if fmt == b'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    if neg {
        out.push('-');
    }
    out.push('0');
    out.push(char::from(fmt));
    out.push(if (mant >> 60) & 1 == 1 { '1' } else { '0' });
    mant <<= 4;
    let push_digit = |out: &mut String, m: &mut u64| {
        out.push(char::from(hex[((*m >> 60) & 15) as usize]));
        *m <<= 4;
    };
    if prec < 0 && mant != 0 {
        out.push('.');
        while mant != 0 {
            push_digit(out, &mut mant);
        }
    } else if prec > 0 {
        out.push('.');
        for _ in 0..prec {
            push_digit(out, &mut mant);
        }
    }
    out.push(if fmt == b'X' { 'P' } else { 'p' });
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    let _ = write!(out, "{e}");
}

/// A decimal digit string `0.d1d2d3… × 10^dp` without trailing zeros
/// (`digits` empty means zero), as Go's `decimalSlice`.
struct Decimal<'a> {
    digits: &'a [u8],
    dp: i32,
}

/// The decimal formats `e E f g G` of a non-negative finite `v`.
fn fmt_decimal(out: &mut String, v: f64, neg: bool, fmt: u8, prec: i32, is32: bool) {
    let mut scratch = Scratch::new();
    if prec < 0 {
        // Shortest round-trip digits.
        let _ = if is32 {
            write!(scratch, "{:e}", v as f32)
        } else {
            write!(scratch, "{v:e}")
        };
        let mut d = parse_sci(scratch.sci_bytes());
        // When two shortest candidates are equally close (the exact value is a
        // tie), Go picks the even last digit and Rust the upper one. Ties need
        // many digits (the round-trip interval spans a whole unit in the last
        // place), and only an odd last digit can differ.
        let mut exact = Scratch::new();
        let long = d.digits.len() >= if is32 { 6 } else { 15 };
        if long && d.digits.last().is_some_and(|c| c % 2 == 1) {
            let _ = write!(exact, "{:.*e}", d.digits.len() - 1, v);
            let alt = parse_sci(exact.sci_bytes());
            if alt.digits.len() == d.digits.len() && round_trips(&alt, v, is32) {
                d = alt;
            }
        }
        let nd = d.digits.len() as i32;
        let prec = match fmt {
            b'e' | b'E' => (nd - 1).max(0),
            b'f' => (nd - d.dp).max(0),
            _ => nd,
        };
        format_digits(out, true, neg, &d, prec, fmt);
        return;
    }
    if fmt == b'f' {
        if neg {
            out.push('-');
        }
        // An f64 has at most 1074 fractional decimal digits; beyond that Go prints
        // zeros, and Rust's formatter rejects precisions above 65535.
        const EXACT_FRACTION: usize = 1100;
        let p = prec as usize;
        let _ = write!(out, "{:.*}", p.min(EXACT_FRACTION), v);
        for _ in EXACT_FRACTION..p {
            out.push('0');
        }
        return;
    }
    let mut prec = prec;
    let digits = if fmt == b'e' || fmt == b'E' {
        prec + 1
    } else {
        if prec == 0 {
            prec = 1;
        }
        prec
    };
    // An f64 has at most 767 significant decimal digits; the rest are zeros that
    // `format_digits` pads, and Rust's formatter rejects precisions above 65535.
    const EXACT_DIGITS: i32 = 800;
    let _ = write!(
        scratch,
        "{:.*e}",
        (digits.min(EXACT_DIGITS) - 1) as usize,
        v
    );
    let d = parse_sci(scratch.sci_bytes());
    format_digits(out, false, neg, &d, prec, fmt);
}

/// Reads Rust's `{:e}` output as rewritten by [`Scratch::sci_bytes`]
/// (`.12345e-7` for `1.2345e-7`) as a [`Decimal`].
fn parse_sci(s: &[u8]) -> Decimal<'_> {
    let e = s.iter().position(|&c| c == b'e').unwrap_or(s.len());
    let exp = std::str::from_utf8(s.get(e + 1..).unwrap_or_default())
        .ok()
        .and_then(|t| t.parse::<i32>().ok())
        .unwrap_or(0);
    let mut digits = s.get(..e).unwrap_or_default();
    if let [b'.', rest @ ..] = digits {
        digits = rest;
    }
    while let [rest @ .., b'0'] = digits {
        digits = rest;
    }
    let dp = if digits.is_empty() { 0 } else { exp + 1 };
    Decimal { digits, dp }
}

/// Whether the decimal `d` reads back as `v` (at the given precision).
fn round_trips(d: &Decimal, v: f64, is32: bool) -> bool {
    let mut text = String::with_capacity(d.digits.len() + 8);
    text.push_str("0.");
    text.extend(d.digits.iter().map(|&b| char::from(b)));
    let _ = write!(text, "e{}", d.dp);
    if is32 {
        text.parse::<f32>().ok().map(f64::from) == Some(v)
    } else {
        text.parse::<f64>().ok() == Some(v)
    }
}

/// Go's `formatDigits`.
fn format_digits(out: &mut String, shortest: bool, neg: bool, d: &Decimal, prec: i32, fmt: u8) {
    match fmt {
        b'e' | b'E' => fmt_e(out, neg, d, prec, fmt),
        b'f' => fmt_f(out, neg, d, prec),
        _ => {
            let nd = d.digits.len() as i32;
            let mut prec = prec;
            let mut eprec = prec;
            if eprec > nd && nd >= d.dp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let exp = d.dp - 1;
            if exp < -4 || exp >= eprec {
                if prec > nd {
                    prec = nd;
                }
                fmt_e(out, neg, d, prec - 1, fmt + b'e' - b'g');
                return;
            }
            if prec > d.dp {
                prec = nd;
            }
            fmt_f(out, neg, d, (prec - d.dp).max(0));
        }
    }
}

/// Go's `fmtE`: `-d.ddddde±dd`.
fn fmt_e(out: &mut String, neg: bool, d: &Decimal, prec: i32, fmt: u8) {
    if neg {
        out.push('-');
    }
    let digit = |i: usize| char::from(d.digits.get(i).copied().unwrap_or(b'0'));
    out.push(digit(0));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec as usize {
            out.push(digit(i));
        }
    }
    out.push(char::from(fmt));
    let exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    let _ = write!(out, "{e}");
}

/// Go's `fmtF`: `-ddddd.ddddd`.
fn fmt_f(out: &mut String, neg: bool, d: &Decimal, prec: i32) {
    if neg {
        out.push('-');
    }
    let digit = |i: i64| {
        let b = usize::try_from(i)
            .ok()
            .and_then(|i| d.digits.get(i).copied());
        char::from(b.unwrap_or(b'0'))
    };
    if d.dp > 0 {
        for i in 0..i64::from(d.dp) {
            out.push(digit(i));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=i64::from(prec) {
            out.push(digit(i64::from(d.dp) + i - 1));
        }
    }
}

/// A small write buffer that stays on the stack for the usual float lengths and
/// spills to the heap for huge precisions.
struct Scratch {
    inline: [u8; 64],
    len: usize,
    heap: Vec<u8>,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            inline: [0; 64],
            len: 0,
            heap: Vec::new(),
        }
    }

    /// The written bytes, with a leading `d.ddd` rewritten as `.dddd` (the first
    /// digit swapped with the dot) so that the digits are contiguous.
    fn sci_bytes(&mut self) -> &[u8] {
        let bytes: &mut [u8] = if self.heap.is_empty() {
            self.inline.get_mut(..self.len).unwrap_or_default()
        } else {
            &mut self.heap
        };
        if bytes.get(1) == Some(&b'.') {
            bytes.swap(0, 1);
        }
        bytes
    }
}

impl Write for Scratch {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let b = s.as_bytes();
        if self.heap.is_empty() && self.len + b.len() <= self.inline.len() {
            if let Some(dst) = self.inline.get_mut(self.len..self.len + b.len()) {
                dst.copy_from_slice(b);
                self.len += b.len();
            }
        } else {
            if self.heap.is_empty() {
                self.heap
                    .extend_from_slice(self.inline.get(..self.len).unwrap_or_default());
            }
            self.heap.extend_from_slice(b);
        }
        Ok(())
    }
}
