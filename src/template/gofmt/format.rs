//! The raw formatter of Go's `fmt/format.go`: flags, width, precision, padding,
//! and the primitive formats (integers in any base, `%U`, strings, hex dumps,
//! quoted strings and runes, floats).
//!
//! Width and precision count runes, as in Go.

use super::float::append_float;
use super::quote::{append_quoted, append_quoted_rune, can_backquote, is_print, rune_of};

/// Lower-case digits; index 16 is the `x` of a `0x` prefix.
pub(crate) const LDIGITS: &[u8; 17] = b"0123456789abcdefx";
/// Upper-case digits; index 16 is the `X` of a `0X` prefix.
pub(crate) const UDIGITS: &[u8; 17] = b"0123456789ABCDEFX";

/// The flags of one verb (Go's `fmtFlags`).
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Flags {
    /// A width was given.
    pub wid_present: bool,
    /// A precision was given.
    pub prec_present: bool,
    /// `-`: pad on the right.
    pub minus: bool,
    /// `+`.
    pub plus: bool,
    /// `#`.
    pub sharp: bool,
    /// ` ` (space).
    pub space: bool,
    /// `0`: pad with zeros.
    pub zero: bool,
    /// `%+v`.
    pub plus_v: bool,
    /// `%#v`.
    pub sharp_v: bool,
}

/// The output buffer plus the current verb's flags, width and precision.
#[derive(Default)]
pub(crate) struct Fmt {
    /// The output.
    pub buf: String,
    /// Current flags.
    pub flags: Flags,
    /// Width (valid when `flags.wid_present`).
    pub wid: usize,
    /// Precision (valid when `flags.prec_present`).
    pub prec: usize,
    /// A reusable buffer for text that must be measured before it is padded.
    scratch: String,
}

impl Fmt {
    /// Resets flags, width and precision.
    pub fn clear_flags(&mut self) {
        self.flags = Flags::default();
        self.wid = 0;
        self.prec = 0;
    }

    /// Writes `n` padding bytes (`0` when the zero flag is set, else spaces).
    pub fn write_padding(&mut self, n: usize) {
        let pad = if self.flags.zero { '0' } else { ' ' };
        self.buf.extend(std::iter::repeat_n(pad, n));
    }

    /// Appends `s`, padded to the width on the left, or on the right with `-`.
    pub fn pad(&mut self, s: &str) {
        if !self.flags.wid_present || self.wid == 0 {
            self.buf.push_str(s);
            return;
        }
        let width = self.wid.saturating_sub(s.chars().count());
        if self.flags.minus {
            self.buf.push_str(s);
            self.write_padding(width);
        } else {
            self.write_padding(width);
            self.buf.push_str(s);
        }
    }

    /// Like [`Fmt::pad`] with the zero flag off.
    fn pad_spaces(&mut self, s: &str) {
        let zero = std::mem::replace(&mut self.flags.zero, false);
        self.pad(s);
        self.flags.zero = zero;
    }

    /// `%t`: `true` / `false`.
    pub fn fmt_boolean(&mut self, v: bool) {
        self.pad(if v { "true" } else { "false" });
    }

    /// `%U`: `U+0078`, or `U+0078 'x'` with `#` when printable.
    pub fn fmt_unicode(&mut self, u: u64) {
        let prec = if self.flags.prec_present && self.prec > 4 {
            self.prec
        } else {
            4
        };
        let mut hex = [0u8; 16];
        let mut i = hex.len();
        let mut v = u;
        loop {
            i -= 1;
            hex[i] = UDIGITS[(v & 0xf) as usize];
            v >>= 4;
            if v == 0 || i == 0 {
                break;
            }
        }
        let digits = hex.get(i..).unwrap_or_default();
        let mut s = std::mem::take(&mut self.scratch);
        s.clear();
        s.push_str("U+");
        s.extend(std::iter::repeat_n('0', prec.saturating_sub(digits.len())));
        s.extend(digits.iter().map(|&b| char::from(b)));
        if self.flags.sharp && u <= 0x10FFFF {
            let c = rune_of(u);
            if u32::from(c) as u64 == u && is_print(c) {
                s.push_str(" '");
                s.push(c);
                s.push('\'');
            }
        }
        self.pad_spaces(&s);
        self.scratch = s;
    }

    /// Integers in base 2, 8, 10 or 16 (Go's `fmtInteger`); `verb` `O` adds `0o`.
    pub fn fmt_integer(&mut self, u: u64, base: u64, signed: bool, verb: char, digits: &[u8; 17]) {
        let negative = signed && (u as i64) < 0;
        let mut u = if negative { u.wrapping_neg() } else { u };
        let f = self.flags;
        // Two ways to ask for leading zeros: %.3d or %03d; precision wins.
        let mut prec = 0usize;
        if f.prec_present {
            prec = self.prec;
            if prec == 0 && u == 0 {
                let wid = self.wid;
                let zero = std::mem::replace(&mut self.flags.zero, false);
                self.write_padding(wid);
                self.flags.zero = zero;
                return;
            }
        } else if f.zero && f.wid_present {
            prec = self.wid;
            if negative || f.plus || f.space {
                prec = prec.saturating_sub(1); // room for the sign
            }
        }
        let mut num = [0u8; 64];
        let mut i = num.len();
        loop {
            i -= 1;
            num[i] = digits[(u % base) as usize];
            u /= base;
            if u == 0 || i == 0 {
                break;
            }
        }
        let body = num.get(i..).unwrap_or_default();
        let zeros = prec.saturating_sub(body.len());
        let mut prefix = [0u8; 5];
        let mut np = 0;
        let mut put = |b: u8| {
            if let Some(slot) = prefix.get_mut(np) {
                *slot = b;
                np += 1;
            }
        };
        if negative {
            put(b'-');
        } else if f.plus {
            put(b'+');
        } else if f.space {
            put(b' ');
        }
        if verb == 'O' {
            put(b'0');
            put(b'o');
        }
        if f.sharp {
            match base {
                2 => {
                    put(b'0');
                    put(b'b');
                }
                8 if zeros == 0 && body.first() != Some(&b'0') => put(b'0'),
                16 => {
                    put(b'0');
                    put(digits[16]);
                }
                _ => {}
            }
        }
        // Everything is ASCII, so bytes are runes; padding uses spaces.
        let len = np + zeros + body.len();
        let padding = if f.wid_present {
            self.wid.saturating_sub(len)
        } else {
            0
        };
        let buf = &mut self.buf;
        buf.reserve(len + padding);
        if !f.minus {
            buf.extend(std::iter::repeat_n(' ', padding));
        }
        let prefix = prefix.get(..np).unwrap_or_default();
        buf.extend(prefix.iter().map(|&b| char::from(b)));
        buf.extend(std::iter::repeat_n('0', zeros));
        buf.extend(body.iter().map(|&b| char::from(b)));
        if f.minus {
            buf.extend(std::iter::repeat_n(' ', padding));
        }
    }

    /// Truncates `s` to the precision, counted in runes (invalid UTF-8 bytes count
    /// as one rune each).
    fn truncate<'a>(&self, s: &'a [u8]) -> &'a [u8] {
        if !self.flags.prec_present {
            return s;
        }
        let mut n = self.prec;
        let mut pos = 0;
        for chunk in s.utf8_chunks() {
            for (i, _) in chunk.valid().char_indices() {
                if n == 0 {
                    return s.get(..pos + i).unwrap_or(s);
                }
                n -= 1;
            }
            pos += chunk.valid().len();
            for _ in chunk.invalid() {
                if n == 0 {
                    return s.get(..pos).unwrap_or(s);
                }
                n -= 1;
                pos += 1;
            }
        }
        s
    }

    /// `%s` of a string.
    pub fn fmt_s(&mut self, s: &str) {
        let t = self.truncate(s.as_bytes());
        // Truncation happens at char boundaries of valid UTF-8.
        let t = std::str::from_utf8(t).unwrap_or(s);
        self.pad(t);
    }

    /// `%s` of a byte slice (invalid UTF-8 is written as U+FFFD).
    pub fn fmt_bs(&mut self, b: &[u8]) {
        let t = self.truncate(b);
        let text = String::from_utf8_lossy(t);
        self.pad(&text);
    }

    /// `%x`/`%X` of a string or byte slice: two hex digits per byte; with space
    /// separated bytes, and `0x` prefixes with `#`.
    pub fn fmt_sbx(&mut self, s: &[u8], digits: &[u8; 17]) {
        let f = self.flags;
        let mut length = s.len();
        if f.prec_present && self.prec < length {
            length = self.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if f.space {
                if f.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if f.sharp {
                width += 2;
            }
        } else {
            if f.wid_present {
                self.write_padding(self.wid);
            }
            return;
        }
        if f.wid_present && self.wid > width && !f.minus {
            self.write_padding(self.wid - width);
        }
        let prefix = |buf: &mut String| {
            buf.push('0');
            buf.push(char::from(digits[16]));
        };
        if f.sharp {
            prefix(&mut self.buf);
        }
        for (i, &c) in s.iter().take(length).enumerate() {
            if f.space && i > 0 {
                self.buf.push(' ');
                if f.sharp {
                    prefix(&mut self.buf);
                }
            }
            self.buf.push(char::from(digits[usize::from(c >> 4)]));
            self.buf.push(char::from(digits[usize::from(c & 0xf)]));
        }
        if f.wid_present && self.wid > width && f.minus {
            self.write_padding(self.wid - width);
        }
    }

    /// `%q` of a string or byte slice: a Go string literal, or a raw one with `#`
    /// when possible; `+` escapes non-ASCII.
    pub fn fmt_q(&mut self, s: &[u8]) {
        let s = self.truncate(s);
        let mut quoted = std::mem::take(&mut self.scratch);
        quoted.clear();
        if self.flags.sharp && can_backquote(s) {
            quoted.push('`');
            quoted.push_str(std::str::from_utf8(s).unwrap_or_default());
            quoted.push('`');
        } else {
            append_quoted(&mut quoted, s, self.flags.plus);
        }
        self.pad(&quoted);
        self.scratch = quoted;
    }

    /// `%c`: the integer as a character (invalid code points give U+FFFD).
    pub fn fmt_c(&mut self, c: u64) {
        let mut tmp = [0u8; 4];
        let s = rune_of(c).encode_utf8(&mut tmp);
        self.pad(s);
    }

    /// `%q` of an integer: a Go character literal.
    pub fn fmt_qc(&mut self, c: u64) {
        let mut quoted = std::mem::take(&mut self.scratch);
        quoted.clear();
        append_quoted_rune(&mut quoted, rune_of(c), self.flags.plus);
        self.pad(&quoted);
        self.scratch = quoted;
    }

    /// Floats (Go's `fmt.fmtFloat`): `verb` is a `strconv` format byte, `prec` the
    /// default precision, overridden by an explicit one.
    pub fn fmt_float(&mut self, v: f64, size: u32, verb: u8, prec: i32) {
        let f = self.flags;
        let prec = if f.prec_present {
            i32::try_from(self.prec).unwrap_or(i32::MAX)
        } else {
            prec
        };
        if !f.plus && !f.space && !f.sharp && !f.wid_present {
            // No sign, padding or `#` handling: Go prints strconv's text as is.
            append_float(&mut self.buf, v, verb, prec, size);
            return;
        }
        let mut num = std::mem::take(&mut self.scratch);
        num.clear();
        num.push('+');
        append_float(&mut num, v, verb, prec, size);
        self.fmt_float_text(&mut num, verb, prec);
        self.scratch = num;
    }

    /// The sign, `#` and padding logic of [`Fmt::fmt_float`] for strconv's text
    /// `num`, which starts with a `+` placeholder.
    fn fmt_float_text(&mut self, num: &mut String, verb: u8, prec: i32) {
        let f = self.flags;
        if matches!(num.as_bytes().get(1), Some(b'-' | b'+')) {
            num.remove(0);
        }
        if f.space && num.starts_with('+') && !f.plus {
            num.replace_range(..1, " ");
        }
        // Infinities and NaN are not padded with zeros.
        if matches!(num.as_bytes().get(1), Some(b'I' | b'N')) {
            let body = if num.as_bytes().get(1) == Some(&b'N') && !f.space && !f.plus {
                num.get(1..).unwrap_or_default()
            } else {
                num.as_str()
            };
            let zero = std::mem::replace(&mut self.flags.zero, false);
            self.pad(body);
            self.flags.zero = zero;
            return;
        }
        if f.sharp && verb != b'b' {
            sharp_float(num, verb, prec);
        }
        if f.plus || !num.starts_with('+') {
            // With zero padding the sign goes before the zeros.
            if f.zero && f.wid_present && self.wid > num.len() {
                let (sign, rest) = num.split_at(1);
                self.buf.push_str(sign);
                self.write_padding(self.wid - num.len());
                self.buf.push_str(rest);
                return;
            }
            self.pad(num);
            return;
        }
        self.pad(num.get(1..).unwrap_or_default());
    }
}

/// The `#` flag for floats: always print a decimal point and, for `%g`/`%v`/`%x`,
/// keep trailing zeros up to the precision (6 when unspecified).
fn sharp_float(num: &mut String, verb: u8, prec: i32) {
    let mut digits: i64 = match verb {
        b'v' | b'g' | b'G' | b'x' => {
            if prec == -1 {
                6
            } else {
                i64::from(prec)
            }
        }
        _ => 0,
    };
    let mut tail = String::new();
    let mut has_point = false;
    let mut saw_nonzero = false;
    let bytes = num.as_bytes();
    let mut cut = bytes.len();
    let mut i = 1;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'.' => has_point = true,
            b'p' | b'P' => {
                cut = i;
                break;
            }
            b'e' | b'E' if verb != b'x' && verb != b'X' => {
                cut = i;
                break;
            }
            _ => {
                if c != b'0' {
                    saw_nonzero = true;
                }
                if saw_nonzero {
                    digits -= 1;
                }
            }
        }
        i += 1;
    }
    if cut < num.len() {
        tail = num.split_off(cut);
    }
    if !has_point {
        // A lone leading 0 counts as one digit.
        if num.len() == 2 && num.as_bytes().get(1) == Some(&b'0') {
            digits -= 1;
        }
        num.push('.');
    }
    while digits > 0 {
        num.push('0');
        digits -= 1;
    }
    num.push_str(&tail);
}
