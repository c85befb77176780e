//! Sprig's `parsePrivateKeyPEM` over Go's `x509.ParsePKCS1PrivateKey`,
//! `ParseECPrivateKey` and `ParsePKCS8PrivateKey`, with their error texts.

use super::der::Element;
use super::goasn1::{unmarshal, Kind};
use super::keys::{DsaKey, PrivKey, OID_EC, OID_ED25519, OID_P256, OID_RSA};
use super::pem;

const PKCS1: &[Kind] = &[
    Kind::Int,
    Kind::BigInt,
    Kind::Int,
    Kind::BigInt,
    Kind::BigInt,
    Kind::BigInt,
    Kind::BigInt,
    Kind::BigInt,
    Kind::BigInt,
];
const EC: &[Kind] = &[
    Kind::Int,
    Kind::Bytes,
    Kind::OptionalExplicit(0),
    Kind::OptionalExplicit(1),
];
const ALGORITHM_IDENTIFIER: &[Kind] = &[Kind::Oid, Kind::OptionalAny];
const PKCS8: &[Kind] = &[
    Kind::Int,
    Kind::Nested("AlgorithmIdentifier", ALGORITHM_IDENTIFIER),
    Kind::Bytes,
];
const DSA: &[Kind] = &[
    Kind::Int,
    Kind::BigInt,
    Kind::BigInt,
    Kind::BigInt,
    Kind::BigInt,
    Kind::BigInt,
];

const USE_EC: &str =
    "x509: failed to parse private key (use ParseECPrivateKey instead for this key format)";
const USE_PKCS8: &str =
    "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)";
const USE_PKCS1: &str =
    "x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)";

/// A private-key encoding: its ASN.1 name, layout, and the hint Go's other parsers
/// give when handed it.
type Format = (&'static str, &'static [Kind], &'static str);
const AS_PKCS1: Format = ("pkcs1PrivateKey", PKCS1, USE_PKCS1);
const AS_EC: Format = ("ecPrivateKey", EC, USE_EC);
const AS_PKCS8: Format = ("pkcs8", PKCS8, USE_PKCS8);

/// Go's "use ParseXPrivateKey instead" check: the hint of the first of `others`
/// that `der` parses as.
fn wrong_format(der: &[u8], others: &[Format]) -> Option<String> {
    others
        .iter()
        .find(|(name, kinds, _)| unmarshal(der, name, kinds).is_ok())
        .map(|(_, _, hint)| (*hint).to_string())
}

/// Sprig's `parsePrivateKeyPEM`.
pub fn parse_pem(text: &str) -> Result<PrivKey, String> {
    let block = pem::decode(text.as_bytes()).ok_or("no PEM data in input")?;
    if block.kind == "PRIVATE KEY" {
        return parse_pkcs8(&block.bytes).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
    }
    let Some(algo) = block.kind.strip_suffix(" PRIVATE KEY") else {
        return Err(format!(
            "no private key data in PEM block of type {}",
            block.kind
        ));
    };
    match algo {
        "RSA" => {
            parse_pkcs1(&block.bytes).map_err(|e| format!("parsing RSA private key from PEM: {e}"))
        }
        "EC" => parse_ec(None, &block.bytes)
            .map_err(|e| format!("parsing EC private key from PEM: {e}")),
        "DSA" => {
            parse_dsa(&block.bytes).map_err(|e| format!("parsing DSA private key from PEM: {e}"))
        }
        _ => Err(format!("invalid private key type {}", block.kind)),
    }
}

fn body<'a>(fields: &[Option<Element<'a>>], i: usize) -> &'a [u8] {
    fields.get(i).copied().flatten().map_or(&[], |e| e.body)
}

/// An `INTEGER` body as a small Go `int`.
fn small_int(body: &[u8]) -> i64 {
    body.iter().fold(
        if body.first().is_some_and(|b| b & 0x80 != 0) {
            -1
        } else {
            0
        },
        |acc, &b| acc.wrapping_shl(8) | i64::from(b),
    )
}

fn positive(body: &[u8]) -> bool {
    body.first().is_some_and(|&b| b & 0x80 == 0) && body.iter().any(|&b| b != 0)
}

fn big(body: &[u8]) -> rsa::BigUint {
    rsa::BigUint::from_bytes_be(body)
}

/// `x509.ParsePKCS1PrivateKey`.
fn parse_pkcs1(der: &[u8]) -> Result<PrivKey, String> {
    let (f, rest) = match unmarshal(der, "pkcs1PrivateKey", PKCS1) {
        Ok(v) => v,
        Err(e) => return Err(wrong_format(der, &[AS_EC, AS_PKCS8]).unwrap_or(e)),
    };
    if !rest.is_empty() {
        return Err("asn1: syntax error: trailing data".into());
    }
    if small_int(body(&f, 0)) > 1 {
        return Err("x509: unsupported private key version".into());
    }
    if ![1, 3, 4, 5].iter().all(|&i| positive(body(&f, i))) {
        return Err("x509: private key contains zero or negative value".into());
    }
    let e = small_int(body(&f, 2));
    if e <= 0 || e > i64::from(i32::MAX) {
        return Err("crypto/rsa: invalid public exponent".into());
    }
    rsa::RsaPrivateKey::from_components(
        big(body(&f, 1)),
        rsa::BigUint::from(e as u64),
        big(body(&f, 3)),
        vec![big(body(&f, 4)), big(body(&f, 5))],
    )
    .map(|k| PrivKey::Rsa(Box::new(k)))
    .map_err(|_| "crypto/rsa: invalid private key".to_string())
}

/// `x509.parseECPrivateKey`, with the curve from PKCS #8 parameters when given.
fn parse_ec(curve: Option<&[u8]>, der: &[u8]) -> Result<PrivKey, String> {
    let f = match unmarshal(der, "ecPrivateKey", EC) {
        Ok((f, _)) => f,
        Err(e) => {
            return Err(wrong_format(der, &[AS_PKCS8, AS_PKCS1])
                .unwrap_or_else(|| format!("x509: failed to parse EC private key: {e}")))
        }
    };
    let version = small_int(body(&f, 0));
    if version != 1 {
        return Err(format!("x509: unknown EC private key version {version}"));
    }
    let curve = curve.or_else(|| f.get(2).copied().flatten().map(|e| e.body));
    if curve != Some(OID_P256) {
        return Err("x509: unknown elliptic curve".into());
    }
    let mut d = body(&f, 1);
    while d.len() > 32 {
        if d[0] != 0 {
            return Err("x509: invalid private key length".into());
        }
        d = &d[1..];
    }
    let mut scalar = [0u8; 32];
    scalar[32 - d.len()..].copy_from_slice(d);
    p256::SecretKey::from_slice(&scalar)
        .map(PrivKey::Ec)
        .map_err(|_| "x509: invalid elliptic curve private key value".to_string())
}

/// `x509.ParsePKCS8PrivateKey` (RSA, P-256 and Ed25519 keys).
fn parse_pkcs8(der: &[u8]) -> Result<PrivKey, String> {
    let f = match unmarshal(der, "pkcs8", PKCS8) {
        Ok((f, _)) => f,
        Err(e) => return Err(wrong_format(der, &[AS_EC, AS_PKCS1]).unwrap_or(e)),
    };
    let algo = f.get(1).copied().flatten().map_or(&[][..], |e| e.raw);
    let (af, _) = unmarshal(algo, "AlgorithmIdentifier", ALGORITHM_IDENTIFIER)?;
    let oid = af.first().copied().flatten().map_or(&[][..], |e| e.raw);
    let params = af.get(1).copied().flatten().map(|e| e.raw);
    let key = body(&f, 2);
    match oid {
        OID_RSA => parse_pkcs1(key)
            .map_err(|e| format!("x509: failed to parse RSA private key embedded in PKCS#8: {e}")),
        OID_EC => {
            let curve = params.filter(|p| p.first() == Some(&6));
            parse_ec(curve, key).map_err(|e| {
                format!("x509: failed to parse EC private key embedded in PKCS#8: {e}")
            })
        }
        OID_ED25519 => {
            if params.is_some_and(|p| !p.is_empty()) {
                return Err("x509: invalid Ed25519 private key parameters".into());
            }
            let seed = match super::der::Reader::new(key).read(super::der::OCTET_STRING) {
                Some(e) => e.body,
                None => return Err(
                    "x509: invalid Ed25519 private key: asn1: structure error: tags don't match"
                        .into(),
                ),
            };
            let seed: [u8; 32] = seed
                .try_into()
                .map_err(|_| format!("x509: invalid Ed25519 private key length: {}", seed.len()))?;
            Ok(PrivKey::Ed25519(Box::new(
                ed25519_dalek::SigningKey::from_bytes(&seed),
            )))
        }
        _ => Err(format!(
            "x509: PKCS#8 wrapping contained private key with unknown algorithm: {}",
            oid_string(oid)
        )),
    }
}

/// Sprig's `DSAKeyFormat` decoding.
fn parse_dsa(der: &[u8]) -> Result<PrivKey, String> {
    let (f, _) = unmarshal(der, "DSAKeyFormat", DSA)?;
    let v = |i| body(&f, i).to_vec();
    Ok(PrivKey::Dsa(DsaKey {
        p: v(1),
        q: v(2),
        g: v(3),
        y: v(4),
        x: v(5),
    }))
}

/// Dotted text of an encoded `OBJECT IDENTIFIER` (tag and length included).
pub(crate) fn oid_string(raw: &[u8]) -> String {
    let body = raw.get(2..).unwrap_or_default();
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc = 0u64;
    for &b in body {
        acc = acc << 7 | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (acc / 40).min(2);
                arcs.push(first);
                arcs.push(acc - 40 * first);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pem_of(kind: &str, body: &str) -> String {
        format!("-----BEGIN {kind}-----\n{body}\n-----END {kind}-----\n")
    }

    #[test]
    fn errors_like_go() {
        let err = |t: &str| parse_pem(t).err().unwrap_or_default();
        assert_eq!(err("x"), "no PEM data in input");
        assert_eq!(
            err(&pem_of("FOO", "AAAA")),
            "no private key data in PEM block of type FOO"
        );
        assert_eq!(
            err(&pem_of("X PRIVATE KEY", "AAAA")),
            "invalid private key type X PRIVATE KEY"
        );
        assert_eq!(
            err("-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----\n"),
            "parsing RSA private key from PEM: asn1: syntax error: sequence truncated"
        );
        assert!(err(&pem_of("EC PRIVATE KEY", "AAAA")).starts_with(
            "parsing EC private key from PEM: x509: failed to parse EC private key: asn1: \
             structure error: tags don't match (16 vs {class:0 tag:0 length:0"
        ));
        assert!(err(&pem_of("PRIVATE KEY", "AAAA")).ends_with("omitEmpty:false} pkcs8 @2"));
        assert!(
            err(&pem_of("DSA PRIVATE KEY", "AAAA")).ends_with("omitEmpty:false} DSAKeyFormat @2")
        );
    }

    #[test]
    fn wrong_container_hints() {
        let ec = PrivKey::generate("ecdsa")
            .map(|k| k.to_pem())
            .unwrap_or_default();
        let as_rsa = ec.replace("EC PRIVATE KEY", "RSA PRIVATE KEY");
        assert_eq!(
            parse_pem(&as_rsa).err().unwrap_or_default(),
            format!("parsing RSA private key from PEM: {USE_EC}")
        );
        let ed = PrivKey::generate("ed25519")
            .map(|k| k.to_pem())
            .unwrap_or_default();
        let as_ec = ed.replace("PRIVATE KEY", "EC PRIVATE KEY");
        assert_eq!(
            parse_pem(&as_ec).err().unwrap_or_default(),
            format!("parsing EC private key from PEM: {USE_PKCS8}")
        );
    }

    #[test]
    fn round_trips_generated_keys() {
        for kind in ["ecdsa", "ed25519"] {
            let text = PrivKey::generate(kind)
                .map(|k| k.to_pem())
                .unwrap_or_default();
            let back = parse_pem(&text).map(|k| k.to_pem());
            assert_eq!(back, Ok(text), "{kind}");
        }
        assert_eq!(oid_string(&[6, 3, 0x2b, 0x65, 0x70]), "1.3.101.112");
    }
}
