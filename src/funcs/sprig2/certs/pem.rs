//! Go's `encoding/pem`: `EncodeToMemory` (no headers) and `Decode` of the first block.

use super::super::crypto::b64;

/// A decoded PEM block (headers are parsed but not kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The type line, e.g. `RSA PRIVATE KEY`.
    pub kind: String,
    /// The decoded body.
    pub bytes: Vec<u8>,
}

/// `pem.EncodeToMemory` of a block without headers: 64-column base64 lines.
pub fn encode(kind: &str, bytes: &[u8]) -> String {
    let body = b64::encode(bytes);
    let mut out = format!("-----BEGIN {kind}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {kind}-----\n"));
    out
}

/// Go's `getLine`: the first line without trailing spaces, tabs and `\r`, and the rest.
fn get_line(data: &[u8]) -> (&[u8], &[u8]) {
    let (line, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    let end = line.len()
        - line
            .iter()
            .rev()
            .take_while(|&&b| matches!(b, b' ' | b'\t' | b'\r'))
            .count();
    (&line[..end], rest)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `pem.Decode`: the first well-formed block in `data`, skipping malformed ones.
pub fn decode(data: &[u8]) -> Option<Block> {
    const START: &[u8] = b"\n-----BEGIN ";
    const END: &[u8] = b"\n-----END ";
    const DASHES: &[u8] = b"-----";
    let mut rest = data;
    loop {
        if rest.starts_with(&START[1..]) {
            rest = &rest[START.len() - 1..];
        } else {
            let i = find(rest, START)?;
            rest = &rest[i + START.len()..];
        }
        let (type_line, after) = get_line(rest);
        rest = after;
        let Some(kind) = type_line.strip_suffix(DASHES) else {
            continue;
        };
        let mut headers = 0usize;
        loop {
            if rest.is_empty() {
                return None;
            }
            let (line, next) = get_line(rest);
            if !line.contains(&b':') {
                break;
            }
            headers += 1;
            rest = next;
        }
        let (end_index, trailer_index) = if headers == 0 && rest.starts_with(&END[1..]) {
            (0, END.len() - 1)
        } else {
            match find(rest, END) {
                Some(i) => (i, i + END.len()),
                None => continue,
            }
        };
        let trailer = &rest[trailer_index..];
        let trailer_len = kind.len() + DASHES.len();
        if trailer.len() < trailer_len {
            continue;
        }
        let (end_line, rest_of_line) = trailer.split_at(trailer_len);
        if !end_line.starts_with(kind) || !end_line.ends_with(DASHES) {
            continue;
        }
        if !get_line(rest_of_line).0.is_empty() {
            continue;
        }
        let text: String = rest[..end_index]
            .iter()
            .filter(|&&b| b != b' ' && b != b'\t')
            .map(|&b| char::from(b))
            .collect();
        let Ok(bytes) = b64::decode(&text) else {
            continue;
        };
        return Some(Block {
            kind: String::from_utf8_lossy(kind).into_owned(),
            bytes,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let data: Vec<u8> = (0..100).collect();
        let text = encode("X Y", &data);
        assert!(text.starts_with("-----BEGIN X Y-----\n"));
        assert_eq!(text.lines().nth(1).map(str::len), Some(64));
        let b = decode(text.as_bytes());
        assert_eq!(
            b,
            Some(Block {
                kind: "X Y".into(),
                bytes: data
            })
        );
    }

    #[test]
    fn decodes_like_go() {
        let b = decode(b"junk\n-----BEGIN A-----\nK: v\n\nAQI=\n-----END A-----  \nmore");
        assert_eq!(b.map(|b| b.bytes), Some(vec![1, 2]));
        // Empty body, END right after the type line.
        let b = decode(b"-----BEGIN A-----\n-----END A-----\n");
        assert_eq!(b.map(|b| b.bytes), Some(vec![]));
        // Mismatched END type, bad base64, trailing text on the END line.
        assert_eq!(decode(b"-----BEGIN A-----\nAQI=\n-----END B-----\n"), None);
        assert_eq!(decode(b"-----BEGIN A-----\n!!\n-----END A-----\n"), None);
        assert_eq!(
            decode(b"-----BEGIN A-----\nAQI=\n-----END A----- x\n"),
            None
        );
        assert_eq!(decode(b"x"), None);
    }
}
