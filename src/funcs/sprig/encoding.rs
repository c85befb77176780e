//! Sprig's `b64enc`/`b64dec`/`b32enc`/`b32dec` with Go's standard encodings.
//! A decode error becomes the value: Go's `CorruptInputError` text.

use super::cast::arg_str;
use crate::template::func::{FuncMap, Sig, Ty};
use crate::template::gobytes::go_bytes;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Registers the encoding functions.
pub fn register(m: &mut FuncMap) {
    let s = Sig::fixed(&[Ty::String]);
    m.insert("b64enc", s, |_, a| {
        Ok(encode(&go_bytes(arg_str(&a, 0)), B64, 6).into())
    });
    m.insert("b32enc", s, |_, a| {
        Ok(encode(&go_bytes(arg_str(&a, 0)), B32, 5).into())
    });
    m.insert("b64dec", s, |_, a| {
        Ok(text(b64_decode(arg_str(&a, 0).as_bytes()), "base64").into())
    });
    m.insert("b32dec", s, |_, a| {
        Ok(text(b32_decode(arg_str(&a, 0).as_bytes()), "base32").into())
    });
}

fn text(r: Result<Vec<u8>, usize>, name: &str) -> String {
    match r {
        Ok(b) => crate::template::gobytes::from_go_bytes(&b).into_owned(),
        Err(at) => format!("illegal {name} data at input byte {at}"),
    }
}

/// Padded encoding with `bits` bits per symbol (6: base64, 5: base32).
pub fn encode(data: &[u8], alphabet: &[u8], bits: u32) -> String {
    let mut out = String::new();
    let (mut acc, mut n) = (0u32, 0u32);
    for &b in data {
        acc = (acc << 8) | u32::from(b);
        n += 8;
        while n >= bits {
            n -= bits;
            out.push(char::from(
                alphabet[((acc >> n) & ((1 << bits) - 1)) as usize],
            ));
        }
        acc &= (1 << n) - 1;
    }
    if n > 0 {
        out.push(char::from(
            alphabet[((acc << (bits - n)) & ((1 << bits) - 1)) as usize],
        ));
    }
    let quantum = if bits == 6 { 4 } else { 8 };
    while out.len() % quantum != 0 {
        out.push('=');
    }
    out
}

fn sym(alphabet: &[u8], c: u8) -> Option<u32> {
    alphabet.iter().position(|&x| x == c).map(|p| p as u32)
}

/// Pushes the bytes of `syms` 6-bit symbols (Go keeps only whole bytes).
fn flush(out: &mut Vec<u8>, syms: &[u32], bits: u32) {
    let (mut acc, mut n) = (0u64, 0u32);
    for &s in syms {
        acc = (acc << bits) | u64::from(s);
        n += bits;
        if n >= 8 {
            n -= 8;
            out.push((acc >> n) as u8);
        }
    }
}

/// `base64.StdEncoding.DecodeString`; `Err(offset)` as Go's `CorruptInputError`.
pub fn b64_decode(src: &[u8]) -> Result<Vec<u8>, usize> {
    let mut out = Vec::new();
    let mut si = 0;
    loop {
        let mut buf = [0u32; 4];
        let mut j = 0;
        let mut dlen = 4;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(v) = sym(B64, c) {
                buf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' || j < 2 {
                return Err(si - 1);
            }
            if j == 2 {
                while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                    si += 1;
                }
                if si == src.len() {
                    return Err(src.len());
                }
                if src[si] != b'=' {
                    return Err(si - 1);
                }
                si += 1;
            }
            while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                si += 1;
            }
            if si < src.len() {
                return Err(si);
            }
            dlen = j;
            break;
        }
        flush(&mut out, &buf[..dlen], 6);
        if dlen < 4 {
            return Ok(out);
        }
    }
}

/// `base32.StdEncoding.DecodeString`; `Err(offset)` as Go's `CorruptInputError`.
pub fn b32_decode(raw: &[u8]) -> Result<Vec<u8>, usize> {
    let src: Vec<u8> = raw
        .iter()
        .copied()
        .filter(|&c| c != b'\n' && c != b'\r')
        .collect();
    let olen = src.len();
    let mut rest: &[u8] = &src;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let mut buf = [0u32; 8];
        let mut dlen = 8;
        let mut j = 0;
        let mut end = false;
        while j < 8 {
            let Some((&c, tail)) = rest.split_first() else {
                return Err(olen - j);
            };
            rest = tail;
            if c == b'=' && j >= 2 && rest.len() < 8 {
                if rest.len() + j < 7 {
                    return Err(olen);
                }
                for k in 0..7 - j {
                    if rest.len() > k && rest[k] != b'=' {
                        return Err(olen - rest.len() + k - 1);
                    }
                }
                dlen = j;
                end = true;
                if matches!(dlen, 1 | 3 | 6) {
                    return Err(olen - rest.len() - 1);
                }
                break;
            }
            match sym(B32, c) {
                Some(v) => buf[j] = v,
                None => return Err(olen - rest.len() - 1),
            }
            j += 1;
        }
        flush(&mut out, &buf[..dlen], 5);
        if end {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip() {
        assert_eq!(encode(b"hello", B64, 6), "aGVsbG8=");
        assert_eq!(encode(b"hello", B32, 5), "NBSWY3DP");
        assert_eq!(b64_decode(b"aGVsbG8=").unwrap(), b"hello");
        assert_eq!(b32_decode(b"NBSWY3DP").unwrap(), b"hello");
        assert_eq!(b64_decode(b"abc"), Err(0));
        assert_eq!(b64_decode(b"a$"), Err(1));
    }
}
