//! A minimal DER toolkit: an encoder for the structures Go's `crypto/x509` writes, a
//! strict reader in the style of Go's `cryptobyte`, and Go's `encoding/asn1` error texts
//! for the outermost `SEQUENCE` of a structure.

/// Universal tag of `INTEGER`.
pub const INTEGER: u8 = 0x02;
/// Universal tag of `BIT STRING`.
pub const BIT_STRING: u8 = 0x03;
/// Universal tag of `OCTET STRING`.
pub const OCTET_STRING: u8 = 0x04;
/// Universal tag of `NULL`.
pub const NULL: u8 = 0x05;
/// Universal tag of `OBJECT IDENTIFIER`.
pub const OID: u8 = 0x06;
/// Universal tag of `SEQUENCE` (constructed).
pub const SEQUENCE: u8 = 0x30;
/// Universal tag of `SET` (constructed).
pub const SET: u8 = 0x31;

/// One element: tag, definite length, body.
pub fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = body.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(body);
    out
}

/// A constructed element whose body is the concatenation of `parts`.
pub fn cons(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag, &parts.concat())
}

/// A `SEQUENCE` of already-encoded elements.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    cons(SEQUENCE, parts)
}

/// A non-negative `INTEGER` from its big-endian magnitude.
pub fn uint(be: &[u8]) -> Vec<u8> {
    let skip = be.iter().take_while(|&&b| b == 0).count();
    let digits = &be[skip..];
    let mut body = Vec::with_capacity(digits.len() + 1);
    if digits.first().is_none_or(|&b| b & 0x80 != 0) {
        body.push(0);
    }
    body.extend_from_slice(digits);
    tlv(INTEGER, &body)
}

/// A `BIT STRING` holding whole bytes.
pub fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(bytes.len() + 1);
    body.push(0);
    body.extend_from_slice(bytes);
    tlv(BIT_STRING, &body)
}

/// An element as read: its tag, its whole encoding and its body.
#[derive(Clone, Copy, Debug)]
pub struct Element<'a> {
    /// The identifier octet.
    pub tag: u8,
    /// Header and body.
    pub raw: &'a [u8],
    /// The body.
    pub body: &'a [u8],
}

/// A strict DER reader over a byte string (Go's `cryptobyte.String` rules: short tags only,
/// definite minimal lengths).
#[derive(Clone, Copy, Debug)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader over `data`.
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { rest: data }
    }

    /// Whether everything was read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The unread bytes.
    pub fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// The next element, whatever its tag, without consuming it.
    pub fn peek(&self) -> Option<Element<'a>> {
        let (&tag, after) = self.rest.split_first()?;
        if tag & 0x1f == 0x1f {
            return None;
        }
        let (&first, after) = after.split_first()?;
        let (len, header) = if first & 0x80 == 0 {
            (usize::from(first), 2)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || after.len() < n {
                return None;
            }
            let len = after[..n]
                .iter()
                .fold(0usize, |acc, &b| acc << 8 | usize::from(b));
            if len < 0x80 || after[0] == 0 {
                return None;
            }
            (len, 2 + n)
        };
        let end = header.checked_add(len)?;
        let raw = self.rest.get(..end)?;
        Some(Element {
            tag,
            raw,
            body: &raw[header..],
        })
    }

    /// Reads the next element if it has tag `tag`.
    pub fn read(&mut self, tag: u8) -> Option<Element<'a>> {
        let e = self.peek().filter(|e| e.tag == tag)?;
        self.rest = &self.rest[e.raw.len()..];
        Some(e)
    }

    /// Reads the next element, whatever its tag.
    pub fn read_any(&mut self) -> Option<Element<'a>> {
        let e = self.peek()?;
        self.rest = &self.rest[e.raw.len()..];
        Some(e)
    }

    /// Reads an element with tag `tag` when the next element has it: `Some(None)` when
    /// absent, `None` when the element is malformed.
    pub fn read_optional(&mut self, tag: u8) -> Option<Option<Element<'a>>> {
        if self.rest.first() != Some(&tag) {
            return Some(None);
        }
        self.read(tag).map(Some)
    }

    /// Reads a non-negative `INTEGER` as its minimal big-endian magnitude.
    pub fn read_uint(&mut self) -> Option<&'a [u8]> {
        let body = self.read(INTEGER)?.body;
        if !valid_integer(body) || body[0] & 0x80 != 0 {
            return None;
        }
        Some(if body.len() > 1 && body[0] == 0 {
            &body[1..]
        } else {
            body
        })
    }
}

/// DER's rules for an `INTEGER` body: non-empty and minimally encoded.
pub fn valid_integer(body: &[u8]) -> bool {
    match body {
        [] => false,
        [a, b, ..] => !(*a == 0 && b & 0x80 == 0 || *a == 0xff && b & 0x80 != 0),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_lengths_and_integers() {
        assert_eq!(tlv(OCTET_STRING, &[1, 2]), [4, 2, 1, 2]);
        assert_eq!(&tlv(OCTET_STRING, &[0; 200])[..3], [4, 0x81, 200]);
        assert_eq!(&tlv(OCTET_STRING, &[0; 300])[..4], [4, 0x82, 1, 44]);
        assert_eq!(uint(&[0, 0, 0x7f]), [2, 1, 0x7f]);
        assert_eq!(uint(&[0x80]), [2, 2, 0, 0x80]);
        assert_eq!(uint(&[]), [2, 1, 0]);
    }

    #[test]
    fn reads_strictly() {
        let data = seq(&[&uint(&[5]), &bit_string(&[1])]);
        let mut r = Reader::new(&data);
        let s = r.read(SEQUENCE).map(|e| e.body).unwrap_or_default();
        assert!(r.is_empty());
        let mut inner = Reader::new(s);
        assert_eq!(inner.read_uint(), Some(&[5u8][..]));
        assert_eq!(inner.read(BIT_STRING).map(|e| e.body), Some(&[0u8, 1][..]));
        // Non-minimal long-form length.
        assert!(Reader::new(&[0x30, 0x81, 0x01, 0x00]).peek().is_none());
        assert!(Reader::new(&[0x30, 0x80]).peek().is_none());
    }
}
