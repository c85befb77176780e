//! Chain tests of the certificate module without external tools: certificates parse
//! back, carry the identifiers Go sets, and their signatures verify with the issuer's key.

use super::der::{Reader, SEQUENCE};
use super::keys::PrivKey;
use super::x509::{create, parse, Template};

fn template(cn: &str, is_ca: bool) -> Template {
    Template {
        cn: cn.into(),
        ips: vec![],
        dns: vec!["a.example".into()],
        days: 1,
        is_ca,
        serial: [0x80; 16],
    }
}

/// The TBS bytes and signature of a certificate.
fn tbs_and_signature(der: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let cert = Reader::new(der)
        .read(SEQUENCE)
        .map(|e| e.body)
        .unwrap_or_default();
    let mut r = Reader::new(cert);
    let tbs = r.read(SEQUENCE).map(|e| e.raw.to_vec()).unwrap_or_default();
    r.read(SEQUENCE);
    let sig = r
        .read(super::der::BIT_STRING)
        .map(|e| e.body.get(1..).unwrap_or_default().to_vec())
        .unwrap_or_default();
    (tbs, sig)
}

fn verify(issuer: &PrivKey, der: &[u8]) -> bool {
    let (tbs, sig) = tbs_and_signature(der);
    match issuer {
        PrivKey::Rsa(k) => {
            use sha2::Digest;
            k.to_public_key()
                .verify(super::keys::rsa_sha256(), &sha2::Sha256::digest(&tbs), &sig)
                .is_ok()
        }
        PrivKey::Ec(k) => {
            use p256::ecdsa::signature::Verifier;
            let vk = p256::ecdsa::VerifyingKey::from(k.public_key());
            p256::ecdsa::Signature::from_der(&sig).is_ok_and(|s| vk.verify(&tbs, &s).is_ok())
        }
        PrivKey::Ed25519(k) => {
            let Ok(bytes) = <[u8; 64]>::try_from(sig.as_slice()) else {
                return false;
            };
            k.verifying_key()
                .verify_strict(&tbs, &ed25519_dalek::Signature::from_bytes(&bytes))
                .is_ok()
        }
        PrivKey::Dsa(_) => false,
    }
}

#[test]
fn chains_verify_for_every_signing_key_type() {
    let issuers = [
        PrivKey::rsa(1024).ok(),
        PrivKey::generate("ecdsa"),
        PrivKey::generate("ed25519"),
    ];
    for issuer in issuers.into_iter().flatten() {
        let ca_der = create(&template("ca", true), &issuer, None, &issuer);
        let ca_der = ca_der.unwrap_or_default();
        assert!(verify(&issuer, &ca_der), "self-signature of {issuer:?}");
        let ca = parse(&ca_der);
        let Ok(ca) = ca else {
            panic!("CA does not parse: {ca:?}");
        };
        let ski = ca.subject_key_id.clone().unwrap_or_default();
        assert_eq!(ski.len(), 20);

        let leaf_key = PrivKey::generate("ecdsa").unwrap_or(PrivKey::Dsa(Default::default()));
        let leaf_der =
            create(&template("leaf", false), &leaf_key, Some(&ca), &issuer).unwrap_or_default();
        assert!(verify(&issuer, &leaf_der));
        let leaf = parse(&leaf_der).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(leaf.subject_key_id, None);
        assert_eq!(leaf.raw_spki, leaf_key.spki().unwrap_or_default());
        // The authority key identifier is the CA's subject key identifier.
        let aki = [&[0x30, 0x16, 0x80, 0x14][..], &ski].concat();
        assert!(leaf_der.windows(aki.len()).any(|w| w == aki.as_slice()));
    }
}

#[test]
fn signer_must_match_the_parent() {
    let (Some(a), Some(b)) = (PrivKey::generate("ecdsa"), PrivKey::generate("ecdsa")) else {
        panic!("key generation");
    };
    let ca = create(&template("ca", true), &a, None, &a).unwrap_or_default();
    let ca = parse(&ca).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        create(&template("x", false), &a, Some(&ca), &b),
        Err("x509: provided PrivateKey doesn't match parent's PublicKey".into())
    );
}

#[test]
fn dsa_keys_cannot_sign_or_be_certified() {
    let dsa = PrivKey::Dsa(Default::default());
    let ec = PrivKey::generate("ecdsa").unwrap_or(PrivKey::Dsa(Default::default()));
    assert_eq!(
        create(&template("a", true), &dsa, None, &dsa),
        Err("x509: certificate private key does not implement crypto.Signer".into())
    );
    assert_eq!(
        create(&template("a", true), &dsa, None, &ec),
        Err("x509: unsupported public key type: *dsa.PublicKey".into())
    );
}
