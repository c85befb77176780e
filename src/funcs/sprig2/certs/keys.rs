//! Private keys as Sprig handles them: generation (`genPrivateKey`), Go's PEM encodings
//! (`pemBlockForKey`), public key info and signing for `x509.CreateCertificate`.

use rsa::traits::PublicKeyParts;
use sha2::Digest;

use super::der::{self, bit_string, seq, tlv, uint};
use super::pem;
use super::rng::OsRng;

/// `rsaEncryption`.
pub const OID_RSA: &[u8] = &[6, 9, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 1];
/// `sha256WithRSAEncryption`.
const OID_RSA_SHA256: &[u8] = &[6, 9, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 11];
/// `id-ecPublicKey`.
pub const OID_EC: &[u8] = &[6, 7, 0x2a, 0x86, 0x48, 0xce, 0x3d, 2, 1];
/// `prime256v1` (P-256).
pub const OID_P256: &[u8] = &[6, 8, 0x2a, 0x86, 0x48, 0xce, 0x3d, 3, 1, 7];
/// `ecdsa-with-SHA256`.
const OID_ECDSA_SHA256: &[u8] = &[6, 8, 0x2a, 0x86, 0x48, 0xce, 0x3d, 4, 3, 2];
/// `id-Ed25519`.
pub const OID_ED25519: &[u8] = &[6, 3, 0x2b, 0x65, 0x70];
/// The `DigestInfo` prefix of a SHA-256 hash in PKCS #1 v1.5 signatures.
const SHA256_DIGEST_INFO: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// A DSA key (Go's `DSAKeyFormat`): big-endian magnitudes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DsaKey {
    /// Prime modulus.
    pub p: Vec<u8>,
    /// Subgroup order.
    pub q: Vec<u8>,
    /// Generator.
    pub g: Vec<u8>,
    /// Public value.
    pub y: Vec<u8>,
    /// Private value.
    pub x: Vec<u8>,
}

/// A private key of one of the kinds Sprig produces or accepts.
#[derive(Clone, Debug)]
pub enum PrivKey {
    /// `*rsa.PrivateKey`.
    Rsa(Box<rsa::RsaPrivateKey>),
    /// `*ecdsa.PrivateKey` on P-256.
    Ec(p256::SecretKey),
    /// `ed25519.PrivateKey`.
    Ed25519(Box<ed25519_dalek::SigningKey>),
    /// `*dsa.PrivateKey` (Go cannot sign certificates with it).
    Dsa(DsaKey),
}

/// RSA keys kept per size and thread (see [`PrivKey::rsa`]).
pub const RSA_POOL_SIZE: usize = 8;

/// The RSA key size used instead of the requested one while [`set_lint_keys`] is on.
pub const LINT_RSA_BITS: usize = 512;

thread_local! {
    static LINT_KEYS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Turns lint keys on or off for this thread and returns the previous setting.
///
/// A lint render never prints its manifests, and no rule looks at key material, so
/// with lint keys on, RSA keys are made with [`LINT_RSA_BITS`] bits whatever size the
/// template asks for: generating a 2048- or 4096-bit key costs 0.1 to 2 s, a 512-bit
/// one about a millisecond. Keys stay valid RSA keys in the same PEM shapes.
pub fn set_lint_keys(on: bool) -> bool {
    LINT_KEYS.with(|c| c.replace(on))
}

/// Whether lint keys are on for this thread (see [`set_lint_keys`]).
pub fn lint_keys() -> bool {
    LINT_KEYS.with(|c| c.get())
}

impl PrivKey {
    /// `rsa.GenerateKey(rand.Reader, bits)`.
    ///
    /// RSA key generation costs 0.1 s (2048 bits) to 2 s (4096 bits), and charts call
    /// `genCA`/`genSignedCert` on every render. A linter needs valid keys of the right
    /// type and size, not fresh secrets: each thread keeps a ring of
    /// [`RSA_POOL_SIZE`] keys per size, generated on first use and then handed out in
    /// turn, so consecutive calls still get different keys (a CA and the certificate
    /// it signs never share one).
    pub fn rsa(bits: usize) -> Result<PrivKey, String> {
        let bits = if lint_keys() {
            bits.min(LINT_RSA_BITS)
        } else {
            bits
        };
        thread_local! {
            static POOL: std::cell::RefCell<Vec<(usize, Vec<rsa::RsaPrivateKey>, usize)>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        let reused = POOL.with(|p| {
            let mut p = p.borrow_mut();
            let (_, keys, next) = p
                .iter_mut()
                .find(|(b, ks, _)| *b == bits && ks.len() == RSA_POOL_SIZE)?;
            let k = keys[*next % RSA_POOL_SIZE].clone();
            *next += 1;
            Some(k)
        });
        if let Some(k) = reused {
            return Ok(PrivKey::Rsa(Box::new(k)));
        }
        let key = rsa::RsaPrivateKey::new(&mut OsRng, bits).map_err(|e| e.to_string())?;
        POOL.with(|p| {
            let mut p = p.borrow_mut();
            match p.iter_mut().find(|(b, _, _)| *b == bits) {
                Some((_, keys, _)) => keys.push(key.clone()),
                None => p.push((bits, vec![key.clone()], 0)),
            }
        });
        Ok(PrivKey::Rsa(Box::new(key)))
    }

    /// The key `genPrivateKey` makes for `kind`, or `None` for an unknown kind.
    pub fn generate(kind: &str) -> Option<PrivKey> {
        Some(match kind {
            "" | "rsa" => PrivKey::rsa(4096).ok()?,
            "dsa" => PrivKey::Dsa(generate_dsa()),
            "ecdsa" => PrivKey::Ec(p256::SecretKey::random(&mut OsRng)),
            "ed25519" => {
                PrivKey::Ed25519(Box::new(ed25519_dalek::SigningKey::generate(&mut OsRng)))
            }
            _ => return None,
        })
    }

    /// Sprig's `pemBlockForKey`, encoded.
    pub fn to_pem(&self) -> String {
        match self {
            PrivKey::Rsa(k) => pem::encode("RSA PRIVATE KEY", &rsa_private_der(k)),
            PrivKey::Ec(k) => {
                let point = ec_point(k);
                let der = seq(&[
                    &uint(&[1]),
                    &tlv(der::OCTET_STRING, &k.to_bytes()),
                    &tlv(0xa0, OID_P256),
                    &tlv(0xa1, &bit_string(&point)),
                ]);
                pem::encode("EC PRIVATE KEY", &der)
            }
            PrivKey::Ed25519(k) => {
                let der = seq(&[
                    &uint(&[0]),
                    &seq(&[OID_ED25519]),
                    &tlv(der::OCTET_STRING, &tlv(der::OCTET_STRING, &k.to_bytes())),
                ]);
                pem::encode("PRIVATE KEY", &der)
            }
            PrivKey::Dsa(k) => {
                let der = seq(&[
                    &uint(&[0]),
                    &uint(&k.p),
                    &uint(&k.q),
                    &uint(&k.g),
                    &uint(&k.y),
                    &uint(&k.x),
                ]);
                pem::encode("DSA PRIVATE KEY", &der)
            }
        }
    }

    /// Go's `marshalPublicKey`: the algorithm identifier and the public key bytes
    /// (the contents of the `subjectPublicKey` bit string).
    pub fn public_key(&self) -> Result<(Vec<u8>, Vec<u8>), String> {
        match self {
            PrivKey::Rsa(k) => Ok((
                seq(&[OID_RSA, &[der::NULL, 0]]),
                seq(&[&uint(&k.n().to_bytes_be()), &uint(&k.e().to_bytes_be())]),
            )),
            PrivKey::Ec(k) => Ok((seq(&[OID_EC, OID_P256]), ec_point(k))),
            PrivKey::Ed25519(k) => Ok((seq(&[OID_ED25519]), k.verifying_key().to_bytes().to_vec())),
            PrivKey::Dsa(_) => Err("x509: unsupported public key type: *dsa.PublicKey".into()),
        }
    }

    /// The `SubjectPublicKeyInfo` encoding of the public key.
    pub fn spki(&self) -> Result<Vec<u8>, String> {
        let (alg, key) = self.public_key()?;
        Ok(seq(&[&alg, &bit_string(&key)]))
    }

    /// Go's `signingParamsForKey`: the signature algorithm identifier, or the error for a
    /// key that is not a `crypto.Signer`.
    pub fn signature_algorithm(&self) -> Result<Vec<u8>, String> {
        match self {
            PrivKey::Rsa(_) => Ok(seq(&[OID_RSA_SHA256, &[der::NULL, 0]])),
            PrivKey::Ec(_) => Ok(seq(&[OID_ECDSA_SHA256])),
            PrivKey::Ed25519(_) => Ok(seq(&[OID_ED25519])),
            PrivKey::Dsa(_) => {
                Err("x509: certificate private key does not implement crypto.Signer".into())
            }
        }
    }

    /// Signs `msg` as `CreateCertificate` does for this key type.
    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            PrivKey::Rsa(k) => k
                .sign(rsa_sha256(), &sha2::Sha256::digest(msg))
                .map_err(|e| e.to_string()),
            PrivKey::Ec(k) => {
                use p256::ecdsa::signature::Signer;
                let sig: p256::ecdsa::Signature = p256::ecdsa::SigningKey::from(k).sign(msg);
                Ok(sig.to_der().as_bytes().to_vec())
            }
            PrivKey::Ed25519(k) => {
                use ed25519_dalek::Signer;
                Ok(k.sign(msg).to_bytes().to_vec())
            }
            PrivKey::Dsa(_) => {
                Err("x509: certificate private key does not implement crypto.Signer".into())
            }
        }
    }
}

/// PKCS #1 v1.5 signatures over SHA-256 digests.
pub(crate) fn rsa_sha256() -> rsa::Pkcs1v15Sign {
    rsa::Pkcs1v15Sign {
        hash_len: Some(32),
        prefix: SHA256_DIGEST_INFO.into(),
    }
}

/// `x509.MarshalPKCS1PrivateKey` (two-prime keys encode identically).
fn rsa_private_der(k: &rsa::RsaPrivateKey) -> Vec<u8> {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    k.to_pkcs1_der()
        .map(|d| d.as_bytes().to_vec())
        .unwrap_or_default()
}

/// The uncompressed public point `04 || X || Y`.
fn ec_point(k: &p256::SecretKey) -> Vec<u8> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    k.public_key().to_encoded_point(false).as_bytes().to_vec()
}

/// `dsa.GenerateParameters(L2048N256)` and `dsa.GenerateKey`.
fn generate_dsa() -> DsaKey {
    let components = dsa::Components::generate(&mut OsRng, dsa::KeySize::DSA_2048_256);
    let key = dsa::SigningKey::generate(&mut OsRng, components);
    let public = key.verifying_key();
    let c = public.components();
    DsaKey {
        p: c.p().to_bytes_be(),
        q: c.q().to_bytes_be(),
        g: c.g().to_bytes_be(),
        y: public.y().to_bytes_be(),
        x: key.x().to_bytes_be(),
    }
}
