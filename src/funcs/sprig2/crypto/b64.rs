//! Go's `base64.StdEncoding` (padded), with its decode error texts.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `base64.StdEncoding.EncodeToString`.
pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `base64.StdEncoding.DecodeString`; the error is Go's `CorruptInputError` text.
pub fn decode(s: &str) -> Result<Vec<u8>, String> {
    let corrupt = |i: usize| format!("illegal base64 data at input byte {i}");
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    let mut quad = [0u8; 4];
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' || c == b'\r' {
            i += 1;
            continue;
        }
        if c == b'=' {
            // Padding: only valid as the last one or two characters of a quad.
            if n < 2 {
                return Err(corrupt(i));
            }
            let mut j = i + 1;
            let mut need = if n == 2 { 1 } else { 0 };
            while need > 0 {
                while j < b.len() && (b[j] == b'\n' || b[j] == b'\r') {
                    j += 1;
                }
                if j >= b.len() {
                    return Err(corrupt(b.len()));
                }
                if b[j] != b'=' {
                    return Err(corrupt(j));
                }
                j += 1;
                need -= 1;
            }
            while j < b.len() && (b[j] == b'\n' || b[j] == b'\r') {
                j += 1;
            }
            if j < b.len() {
                return Err(corrupt(j));
            }
            let v = quad_value(&quad, n);
            out.push((v >> 16) as u8);
            if n == 3 {
                out.push((v >> 8) as u8);
            }
            return Ok(out);
        }
        let Some(d) = ALPHABET.iter().position(|&a| a == c) else {
            return Err(corrupt(i));
        };
        quad[n] = d as u8;
        n += 1;
        if n == 4 {
            let v = quad_value(&quad, 4);
            out.extend([(v >> 16) as u8, (v >> 8) as u8, v as u8]);
            n = 0;
        }
        i += 1;
    }
    if n != 0 {
        return Err(corrupt(b.len() - b.len().min(n).min(1)));
    }
    Ok(out)
}

fn quad_value(q: &[u8; 4], n: usize) -> u32 {
    let mut v = 0u32;
    for (k, d) in q.iter().enumerate() {
        v |= u32::from(if k < n { *d } else { 0 }) << (18 - 6 * k);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for s in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            assert_eq!(decode(&encode(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(encode(b"fo"), "Zm8=");
        assert_eq!(
            decode("Zm8*").unwrap_err(),
            "illegal base64 data at input byte 3"
        );
    }
}
