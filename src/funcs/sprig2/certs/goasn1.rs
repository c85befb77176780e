//! Go's `encoding/asn1.Unmarshal` into the key structures of `crypto/x509`, far enough to
//! reproduce its error texts (`asn1: syntax error: ...`, `asn1: structure error: ...`).

use super::der::Element;

const DEFAULT_PARAMS: &str = "{optional:false explicit:false application:false private:false \
                              defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false \
                              omitEmpty:false}";

fn syntax(m: &str) -> String {
    format!("asn1: syntax error: {m}")
}

fn structure(m: &str) -> String {
    format!("asn1: structure error: {m}")
}

/// A parsed identifier and length (Go's `tagAndLength`).
struct Header {
    class: u8,
    tag: u64,
    compound: bool,
    length: usize,
}

/// Go's `parseTagAndLength` at `offset`: the header and the offset of the body.
fn header(data: &[u8], mut offset: usize) -> Result<(Header, usize), String> {
    let next = |offset: &mut usize| -> Option<u8> {
        let b = data.get(*offset).copied();
        *offset += 1;
        b
    };
    let b = next(&mut offset).ok_or_else(|| syntax("sequence truncated"))?;
    let mut h = Header {
        class: b >> 6,
        tag: u64::from(b & 0x1f),
        compound: b & 0x20 != 0,
        length: 0,
    };
    if h.tag == 0x1f {
        h.tag = 0;
        for shifted in 0.. {
            let c = next(&mut offset).ok_or_else(|| syntax("truncated tag or length"))?;
            if shifted == 0 && c == 0x80 {
                return Err(syntax("integer is not minimally encoded"));
            }
            if shifted == 4 {
                return Err(structure("base 128 integer too large"));
            }
            h.tag = h.tag << 7 | u64::from(c & 0x7f);
            if c & 0x80 == 0 {
                break;
            }
        }
        if h.tag > i32::MAX as u64 {
            return Err(structure("base 128 integer too large"));
        }
        if h.tag < 0x1f {
            return Err(syntax("non-minimal tag"));
        }
    }
    let l = next(&mut offset).ok_or_else(|| syntax("truncated tag or length"))?;
    if l & 0x80 == 0 {
        h.length = usize::from(l);
        return Ok((h, offset));
    }
    let n = usize::from(l & 0x7f);
    if n == 0 {
        return Err(syntax("indefinite length found (not DER)"));
    }
    for _ in 0..n {
        let c = next(&mut offset).ok_or_else(|| syntax("truncated tag or length"))?;
        if h.length >= 1 << 23 {
            return Err(structure("length too large"));
        }
        h.length = h.length << 8 | usize::from(c);
        if h.length == 0 {
            return Err(structure("superfluous leading zeros in length"));
        }
    }
    if h.length < 0x80 {
        return Err(structure("non-minimal length"));
    }
    Ok((h, offset))
}

/// How a Go struct field decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `int`: an `INTEGER` that fits 64 bits.
    Int,
    /// `*big.Int`: any `INTEGER`.
    BigInt,
    /// `[]byte`: an `OCTET STRING`.
    Bytes,
    /// `asn1.ObjectIdentifier`.
    Oid,
    /// A nested struct (a `SEQUENCE`): its Go type name and fields.
    Nested(&'static str, &'static [Kind]),
    /// `asn1.RawValue` marked optional: anything, or nothing.
    OptionalAny,
    /// An optional field with an explicit context tag `[n]`.
    OptionalExplicit(u8),
}

impl Kind {
    fn universal(self) -> (u64, bool, &'static str) {
        match self {
            Kind::Int => (2, false, "int"),
            Kind::BigInt => (2, false, ""),
            Kind::Bytes => (4, false, ""),
            Kind::Oid => (6, false, "ObjectIdentifier"),
            Kind::Nested(name, _) => (16, true, name),
            Kind::OptionalAny | Kind::OptionalExplicit(_) => (0, false, ""),
        }
    }
}

/// Go's `checkInteger` and, for `int` fields, the 64-bit range check.
fn check_integer(body: &[u8], kind: Kind) -> Result<(), String> {
    if body.is_empty() {
        return Err(structure("empty integer"));
    }
    if !super::der::valid_integer(body) {
        return Err(structure("integer not minimally-encoded"));
    }
    if kind == Kind::Int && body.len() > 8 {
        return Err(structure("integer too large"));
    }
    Ok(())
}

/// Go's `parseObjectIdentifier` validity rules.
fn check_oid(body: &[u8]) -> Result<(), String> {
    if body.is_empty() {
        return Err(syntax("zero length OBJECT IDENTIFIER"));
    }
    let mut shifted = 0;
    for (i, &b) in body.iter().enumerate() {
        if shifted == 0 && b == 0x80 {
            return Err(syntax("integer is not minimally encoded"));
        }
        shifted += 1;
        if shifted == 5 {
            return Err(structure("base 128 integer too large"));
        }
        if b & 0x80 == 0 {
            shifted = 0;
        } else if i + 1 == body.len() {
            return Err(syntax("truncated base 128 integer"));
        }
    }
    Ok(())
}

/// Decodes a Go struct named `name` with `fields` from `data` (a `SEQUENCE`), returning
/// each field's element (`None` for absent optional fields) and the bytes after the
/// structure, or Go's error text. Offsets in messages are relative to the struct's body,
/// as in Go.
pub fn unmarshal<'a>(
    data: &'a [u8],
    name: &str,
    fields: &[Kind],
) -> Result<(Vec<Option<Element<'a>>>, &'a [u8]), String> {
    let (start, end) = expect(data, 0, (16, true), name)?;
    let inner = &data[start..end];
    let mut out = Vec::with_capacity(fields.len());
    let mut offset = 0;
    for &kind in fields {
        let optional = matches!(kind, Kind::OptionalAny | Kind::OptionalExplicit(_));
        if offset == inner.len() {
            if optional {
                out.push(None);
                continue;
            }
            return Err(syntax("sequence truncated"));
        }
        let (at, stop) = match kind {
            Kind::OptionalAny | Kind::OptionalExplicit(_) => {
                let (h, at) = header(inner, offset)?;
                if let Kind::OptionalExplicit(n) = kind {
                    if h.class != 2 || h.tag != u64::from(n) || !h.compound {
                        out.push(None);
                        continue;
                    }
                }
                let stop = at
                    .checked_add(h.length)
                    .filter(|&s| s <= inner.len())
                    .ok_or_else(|| syntax("data truncated"))?;
                (at, stop)
            }
            _ => {
                let (tag, compound, type_name) = kind.universal();
                expect(inner, offset, (tag, compound), type_name)?
            }
        };
        let e = element(inner, offset, at, stop);
        match kind {
            Kind::Int | Kind::BigInt => check_integer(e.body, kind)?,
            Kind::Oid => check_oid(e.body)?,
            Kind::Nested(name, fields) => {
                unmarshal(e.raw, name, fields)?;
            }
            _ => {}
        }
        out.push(Some(e));
        offset = stop;
    }
    Ok((out, &data[end..]))
}

fn element(data: &[u8], start: usize, body: usize, end: usize) -> Element<'_> {
    Element {
        tag: data[start],
        raw: &data[start..end],
        body: &data[body..end],
    }
}

/// Reads the header at `offset`, checks it against a universal `(tag, compound)` type,
/// and returns the body's start and end.
fn expect(
    data: &[u8],
    offset: usize,
    (tag, compound): (u64, bool),
    type_name: &str,
) -> Result<(usize, usize), String> {
    let (h, at) = header(data, offset)?;
    if h.class != 0 || h.tag != tag || h.compound != compound {
        return Err(structure(&format!(
            "tags don't match ({tag} vs {{class:{} tag:{} length:{} isCompound:{}}}) {DEFAULT_PARAMS} {type_name} @{at}",
            h.class, h.tag, h.length, h.compound
        )));
    }
    let end = at
        .checked_add(h.length)
        .filter(|&e| e <= data.len())
        .ok_or_else(|| syntax("data truncated"))?;
    Ok((at, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PKCS1: &[Kind] = &[Kind::Int, Kind::BigInt, Kind::Int];

    #[test]
    fn outer_errors() {
        assert_eq!(
            unmarshal(&[], "x", PKCS1).unwrap_err(),
            "asn1: syntax error: sequence truncated"
        );
        assert_eq!(
            unmarshal(&[0, 0, 0], "pkcs8", PKCS1).unwrap_err(),
            "asn1: structure error: tags don't match (16 vs {class:0 tag:0 length:0 \
             isCompound:false}) {optional:false explicit:false application:false \
             private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 \
             set:false omitEmpty:false} pkcs8 @2"
        );
        assert_eq!(
            unmarshal(&[0x30, 5, 0], "x", PKCS1).unwrap_err(),
            "asn1: syntax error: data truncated"
        );
        assert_eq!(
            unmarshal(&[0x30, 0x80], "x", PKCS1).unwrap_err(),
            "asn1: syntax error: indefinite length found (not DER)"
        );
    }

    #[test]
    fn field_errors() {
        assert_eq!(
            unmarshal(&[0x30, 3, 2, 1, 0], "x", PKCS1).unwrap_err(),
            "asn1: syntax error: sequence truncated"
        );
        let err = unmarshal(&[0x30, 5, 2, 1, 0, 4, 0], "x", PKCS1).unwrap_err();
        assert!(err.ends_with("omitEmpty:false}  @5"), "{err}");
        assert!(err.starts_with("asn1: structure error: tags don't match (2 vs {class:0 tag:4"));
        assert_eq!(
            unmarshal(&[0x30, 4, 2, 2, 0, 1], "x", PKCS1).unwrap_err(),
            "asn1: structure error: integer not minimally-encoded"
        );
        let (fields, rest) =
            unmarshal(&[0x30, 9, 2, 1, 0, 2, 1, 5, 2, 1, 3, 7], "x", PKCS1).unwrap();
        assert_eq!(fields.len(), 3);
        assert_eq!(fields[1].map(|e| e.body), Some(&[5u8][..]));
        assert_eq!(rest, [7]);
    }
}
