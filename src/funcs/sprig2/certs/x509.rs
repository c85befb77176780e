//! Go's `x509.CreateCertificate` for Sprig's certificate templates, and the structural
//! walk of `x509.ParseCertificate` (with its error texts) that Sprig relies on.

use std::net::IpAddr;

use sha2::Digest;

use super::der::{self, bit_string, cons, seq, tlv, uint, Reader, SEQUENCE, SET};
use super::keys::PrivKey;
use crate::funcs::sprig2::gotime::GoTime;

const OID_CN: &[u8] = &[6, 3, 0x55, 4, 3];
const OID_KEY_USAGE: &[u8] = &[6, 3, 0x55, 0x1d, 0x0f];
const OID_EXT_KEY_USAGE: &[u8] = &[6, 3, 0x55, 0x1d, 0x25];
const OID_BASIC_CONSTRAINTS: &[u8] = &[6, 3, 0x55, 0x1d, 0x13];
const OID_SUBJECT_KEY_ID: &[u8] = &[6, 3, 0x55, 0x1d, 0x0e];
const OID_AUTHORITY_KEY_ID: &[u8] = &[6, 3, 0x55, 0x1d, 0x23];
const OID_SUBJECT_ALT_NAME: &[u8] = &[6, 3, 0x55, 0x1d, 0x11];
const OID_SERVER_AUTH: &[u8] = &[6, 8, 0x2b, 6, 1, 5, 5, 7, 3, 1];
const OID_CLIENT_AUTH: &[u8] = &[6, 8, 0x2b, 6, 1, 5, 5, 7, 3, 2];

/// Sprig's `getBaseCertTemplate`, plus the CA overrides of `genCA`.
#[derive(Clone, Debug)]
pub struct Template {
    /// Subject common name.
    pub cn: String,
    /// IP subject alternative names.
    pub ips: Vec<IpAddr>,
    /// DNS subject alternative names.
    pub dns: Vec<String>,
    /// Validity in days (Go multiplies nanoseconds, wrapping on overflow).
    pub days: i64,
    /// A CA certificate (`IsCA`, `KeyUsageCertSign`).
    pub is_ca: bool,
    /// The 128-bit random serial number.
    pub serial: [u8; 16],
}

/// What `CreateCertificate` needs of a parsed parent certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedCert {
    /// The encoded subject name.
    pub raw_subject: Vec<u8>,
    /// The encoded `SubjectPublicKeyInfo`.
    pub raw_spki: Vec<u8>,
    /// The subject key identifier, when the certificate has one.
    pub subject_key_id: Option<Vec<u8>>,
}

/// Go's `encoding/asn1` choice for an untagged string: `PrintableString` when every byte
/// is printable (no `*` or `&`), else `UTF8String`.
fn directory_string(s: &str) -> Vec<u8> {
    let printable = s.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'\''..=b')' | b'+'..=b'/' | b' ' | b':' | b'=' | b'?')
    });
    tlv(if printable { 0x13 } else { 0x0c }, s.as_bytes())
}

/// `pkix.Name{CommonName: cn}.ToRDNSequence()`, encoded.
fn subject(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return seq(&[]);
    }
    seq(&[&cons(SET, &[&seq(&[OID_CN, &directory_string(cn)])])])
}

/// Go's `asn1` time: `UTCTime` for 1950..2049, else `GeneralizedTime`.
fn asn1_time(t: &GoTime) -> Vec<u8> {
    let c = t.civil();
    let rest = format!(
        "{:02}{:02}{:02}{:02}{:02}Z",
        c.month, c.day, c.hour, c.min, c.sec
    );
    if (1950..2050).contains(&c.year) {
        tlv(0x17, format!("{:02}{rest}", c.year % 100).as_bytes())
    } else {
        tlv(0x18, format!("{:04}{rest}", c.year).as_bytes())
    }
}

fn extension(oid: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let flag: &[u8] = if critical { &[1, 1, 0xff] } else { &[] };
    seq(&[oid, flag, &tlv(der::OCTET_STRING, value)])
}

/// Go's `marshalKeyUsage` for the low byte of the usage bits.
fn key_usage(bits: u8) -> Vec<u8> {
    let b = bits.reverse_bits();
    let unused = b.trailing_zeros().min(7) as u8;
    tlv(der::BIT_STRING, &[unused, b])
}

/// Go's `marshalSANs` for DNS names and IP addresses.
fn subject_alt_names(dns: &[String], ips: &[IpAddr]) -> Result<Vec<u8>, String> {
    let mut names = Vec::new();
    for name in dns {
        if !name.is_ascii() {
            return Err(format!(
                "x509: {} cannot be encoded as an IA5String",
                crate::template::lex::go_quote(name)
            ));
        }
        names.extend(tlv(0x82, name.as_bytes()));
    }
    for ip in ips {
        let bytes = match ip {
            IpAddr::V4(v4) => v4.octets().to_vec(),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.octets().to_vec(),
                None => v6.octets().to_vec(),
            },
        };
        names.extend(tlv(0x87, &bytes));
    }
    Ok(tlv(SEQUENCE, &names))
}

/// `x509.CreateCertificate(rand, template, parent, signee.Public(), signer)`, where
/// `parent` is `None` for a self-signed certificate (the template is its own parent).
pub fn create(
    t: &Template,
    signee: &PrivKey,
    parent: Option<&ParsedCert>,
    signer: &PrivKey,
) -> Result<Vec<u8>, String> {
    let sig_alg = signer.signature_algorithm()?;
    let (pk_alg, pk_bytes) = signee.public_key()?;
    let spki = seq(&[&pk_alg, &bit_string(&pk_bytes)]);
    let subject = subject(&t.cn);
    let issuer = parent.map_or_else(|| subject.clone(), |p| p.raw_subject.clone());
    let authority_key_id = parent
        .filter(|p| p.raw_subject != subject)
        .and_then(|p| p.subject_key_id.clone());
    let subject_key_id = t
        .is_ca
        .then(|| sha2::Sha256::digest(&pk_bytes)[..20].to_vec());
    if let Some(p) = parent {
        if signer.spki()? != p.raw_spki {
            return Err("x509: provided PrivateKey doesn't match parent's PublicKey".into());
        }
    }
    let mut exts = vec![
        extension(
            OID_KEY_USAGE,
            true,
            &key_usage(if t.is_ca { 0x25 } else { 0x05 }),
        ),
        extension(
            OID_EXT_KEY_USAGE,
            false,
            &seq(&[OID_SERVER_AUTH, OID_CLIENT_AUTH]),
        ),
        extension(
            OID_BASIC_CONSTRAINTS,
            true,
            &if t.is_ca {
                seq(&[&[1, 1, 0xff]])
            } else {
                seq(&[])
            },
        ),
    ];
    if let Some(id) = &subject_key_id {
        exts.push(extension(
            OID_SUBJECT_KEY_ID,
            false,
            &tlv(der::OCTET_STRING, id),
        ));
    }
    if let Some(id) = &authority_key_id {
        exts.push(extension(
            OID_AUTHORITY_KEY_ID,
            false,
            &seq(&[&tlv(0x80, id)]),
        ));
    }
    if !t.dns.is_empty() || !t.ips.is_empty() {
        let empty_subject = subject == [SEQUENCE, 0];
        exts.push(extension(
            OID_SUBJECT_ALT_NAME,
            empty_subject,
            &subject_alt_names(&t.dns, &t.ips)?,
        ));
    }
    let not_before = GoTime::now();
    let not_after = GoTime::now().add_nanos(86_400_000_000_000i64.wrapping_mul(t.days));
    let tbs = seq(&[
        &tlv(0xa0, &uint(&[2])),
        &uint(&t.serial),
        &sig_alg,
        &issuer,
        &seq(&[&asn1_time(&not_before), &asn1_time(&not_after)]),
        &subject,
        &spki,
        &tlv(
            0xa3,
            &cons(
                SEQUENCE,
                &exts.iter().map(Vec::as_slice).collect::<Vec<_>>(),
            ),
        ),
    ]);
    let signature = signer.sign(&tbs)?;
    Ok(seq(&[&tbs, &sig_alg, &bit_string(&signature)]))
}

fn malformed(what: &str) -> String {
    format!("x509: malformed {what}")
}

/// Go's `parseName` structure checks.
fn check_name(raw: &[u8]) -> Result<(), String> {
    let bad = || "x509: invalid RDNSequence".to_string();
    let mut r = Reader::new(raw);
    let mut rdns = Reader::new(r.read(SEQUENCE).ok_or_else(bad)?.body);
    while !rdns.is_empty() {
        let mut set = Reader::new(rdns.read(SET).ok_or_else(bad)?.body);
        while !set.is_empty() {
            let attr = set
                .read(SEQUENCE)
                .ok_or("x509: invalid RDNSequence: invalid attribute")?;
            let mut attr = Reader::new(attr.body);
            attr.read(der::OID)
                .ok_or("x509: invalid RDNSequence: invalid attribute type")?;
            attr.read_any()
                .ok_or("x509: invalid RDNSequence: invalid attribute value")?;
        }
    }
    Ok(())
}

/// Go's `parseAI` structure checks.
fn check_ai(body: &[u8]) -> Result<(), String> {
    let mut r = Reader::new(body);
    r.read(der::OID).ok_or("x509: malformed OID")?;
    if !r.is_empty() {
        r.read_any().ok_or("x509: malformed parameters")?;
    }
    Ok(())
}

fn check_time(r: &mut Reader<'_>) -> Result<(), String> {
    match r.peek().map(|e| e.tag) {
        Some(0x17) => r.read(0x17).map(|_| ()).ok_or_else(|| malformed("UTCTime")),
        Some(0x18) => r
            .read(0x18)
            .map(|_| ())
            .ok_or_else(|| malformed("GeneralizedTime")),
        _ => Err("x509: unsupported time format".into()),
    }
}

/// The extensions block: duplicate checks and the subject key identifier.
fn parse_extensions(body: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut outer = Reader::new(body);
    let list = outer
        .read(SEQUENCE)
        .ok_or_else(|| malformed("extensions"))?;
    let mut r = Reader::new(list.body);
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut ski = None;
    while !r.is_empty() {
        let ext = r.read(SEQUENCE).ok_or_else(|| malformed("extension"))?;
        let mut e = Reader::new(ext.body);
        let oid = e
            .read(der::OID)
            .ok_or_else(|| malformed("extension OID field"))?;
        let critical = match e.read_optional(0x01) {
            Some(flag) => flag.is_some_and(|f| f.body == [0xff]),
            None => return Err(malformed("extension critical field")),
        };
        let value = e
            .read(der::OCTET_STRING)
            .ok_or_else(|| malformed("extension value field"))?;
        if seen.contains(&oid.raw) {
            return Err(format!(
                "x509: certificate contains duplicate extension with OID {}",
                crate::template::lex::go_quote(&super::keyparse::oid_string(oid.raw))
            ));
        }
        seen.push(oid.raw);
        if oid.raw == OID_SUBJECT_KEY_ID {
            if critical {
                return Err("x509: subject key identifier incorrectly marked critical".into());
            }
            let id = Reader::new(value.body)
                .read(der::OCTET_STRING)
                .ok_or("x509: invalid subject key identifier")?;
            ski = Some(id.body.to_vec());
        }
    }
    Ok(ski)
}

/// `x509.ParseCertificate` as far as Sprig needs it: the structure walk with Go's error
/// texts, the raw subject and public key info, and the subject key identifier.
pub fn parse(data: &[u8]) -> Result<ParsedCert, String> {
    let mut input = Reader::new(data);
    let cert = input
        .read(SEQUENCE)
        .ok_or_else(|| malformed("certificate"))?;
    let mut cert_body = Reader::new(cert.body);
    let tbs = cert_body
        .read(SEQUENCE)
        .ok_or_else(|| malformed("tbs certificate"))?;
    let mut tbs = Reader::new(tbs.body);
    let mut version = 0u8;
    match tbs.read_optional(0xa0) {
        Some(Some(v)) => {
            let n = Reader::new(v.body)
                .read_uint()
                .filter(|n| n.len() == 1)
                .ok_or_else(|| malformed("version"))?;
            version = n[0];
        }
        Some(None) => {}
        None => return Err(malformed("version")),
    }
    if version > 2 {
        return Err("x509: invalid version".into());
    }
    let serial = tbs
        .read(der::INTEGER)
        .ok_or_else(|| malformed("serial number"))?;
    if !der::valid_integer(serial.body) {
        return Err(malformed("serial number"));
    }
    let sig_ai = tbs
        .read(SEQUENCE)
        .ok_or_else(|| malformed("signature algorithm identifier"))?;
    let outer_ai = cert_body
        .read(SEQUENCE)
        .ok_or_else(|| malformed("algorithm identifier"))?;
    if outer_ai.body != sig_ai.body {
        return Err("x509: inner and outer signature algorithm identifiers don't match".into());
    }
    check_ai(sig_ai.body)?;
    let issuer = tbs.read(SEQUENCE).ok_or_else(|| malformed("issuer"))?;
    check_name(issuer.raw)?;
    let validity = tbs.read(SEQUENCE).ok_or_else(|| malformed("validity"))?;
    let mut validity = Reader::new(validity.body);
    check_time(&mut validity)?;
    check_time(&mut validity)?;
    let subject = tbs.read(SEQUENCE).ok_or_else(|| malformed("subject"))?;
    check_name(subject.raw)?;
    let spki = tbs.read(SEQUENCE).ok_or_else(|| malformed("spki"))?;
    let mut spki_body = Reader::new(spki.body);
    let pk_ai = spki_body
        .read(SEQUENCE)
        .ok_or_else(|| malformed("public key algorithm identifier"))?;
    check_ai(pk_ai.body)?;
    spki_body
        .read(der::BIT_STRING)
        .filter(|b| !b.body.is_empty())
        .ok_or_else(|| malformed("subjectPublicKey"))?;
    let mut subject_key_id = None;
    if version > 0 {
        for (tag, what) in [(0x81, "issuerUniqueID"), (0x82, "subjectUniqueID")] {
            if tbs.read_optional(tag).is_none() {
                return Err(malformed(what));
            }
        }
        if version == 2 {
            match tbs.read_optional(0xa3) {
                Some(Some(exts)) => subject_key_id = parse_extensions(exts.body)?,
                Some(None) => {}
                None => return Err(malformed("extensions")),
            }
        }
    }
    cert_body
        .read(der::BIT_STRING)
        .filter(|b| !b.body.is_empty())
        .ok_or_else(|| malformed("signature"))?;
    if !input.is_empty() {
        return Err("x509: trailing data".into());
    }
    Ok(ParsedCert {
        raw_subject: subject.raw.to_vec(),
        raw_spki: spki.raw.to_vec(),
        subject_key_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_names_and_usages() {
        assert_eq!(subject(""), [0x30, 0]);
        assert_eq!(directory_string("a b")[0], 0x13);
        assert_eq!(directory_string("*.x")[0], 0x0c);
        assert_eq!(directory_string("a&b")[0], 0x0c);
        assert_eq!(directory_string("é")[0], 0x0c);
        assert_eq!(key_usage(0x25), [3, 2, 2, 0xa4]);
        assert_eq!(key_usage(0x05), [3, 2, 5, 0xa0]);
    }

    #[test]
    fn encodes_times_like_go() {
        let t = GoTime::unix_local(1_795_607_355, 999_000_000);
        assert_eq!(&asn1_time(&t)[2..], b"261125114915Z");
        let far = GoTime::unix_local(2_556_144_000, 0);
        assert_eq!(&asn1_time(&far)[2..], b"20510101000000Z");
    }

    #[test]
    fn parse_errors_like_go() {
        assert_eq!(parse(&[0, 0, 0]), Err("x509: malformed certificate".into()));
        assert_eq!(parse(&[]), Err("x509: malformed certificate".into()));
        assert_eq!(
            parse(&[0x30, 0]),
            Err("x509: malformed tbs certificate".into())
        );
    }

    #[test]
    fn ip_sans_use_four_bytes_for_ipv4() {
        let ips: Vec<IpAddr> = ["::ffff:1.2.3.4", "::1"]
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect();
        let der = subject_alt_names(&["x".into()], &ips).unwrap_or_default();
        assert_eq!(&der[..9], [0x30, 0x1b, 0x82, 1, b'x', 0x87, 4, 1, 2]);
        assert_eq!(
            subject_alt_names(&["é".into()], &[]),
            Err("x509: \"é\" cannot be encoded as an IA5String".into())
        );
    }
}
