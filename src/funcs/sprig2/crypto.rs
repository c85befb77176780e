//! Sprig's hashing and encryption functions (`crypto.go`): `sha1sum`, `sha256sum`,
//! `sha512sum`, `adler32sum`, `bcrypt`, `htpasswd` (Sprig v3.3.0: bcrypt only), `randBytes`, `derivePassword`,
//! `encryptAES`, `decryptAES`.

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use hmac::Mac;
use sha1::Digest;

use super::{arg_int, arg_str};
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::gobytes::go_bytes;
use crate::template::value::Value;

pub(crate) mod b64;

/// Registers the hashing and encryption functions.
pub fn register(m: &mut FuncMap) {
    let s1 = Sig::fixed(&[Ty::String]);
    m.insert("sha1sum", s1, sha1sum);
    m.insert("sha256sum", s1, sha256sum);
    m.insert("sha512sum", s1, sha512sum);
    m.insert("adler32sum", s1, adler32sum);
    m.insert("bcrypt", s1, bcrypt_fn);
    m.insert("htpasswd", Sig::fixed(&[Ty::String, Ty::String]), htpasswd);
    m.insert("randBytes", Sig::fixed(&[Ty::Int]), rand_bytes);
    m.insert(
        "derivePassword",
        Sig::fixed(&[Ty::Uint32, Ty::String, Ty::String, Ty::String, Ty::String]),
        derive_password,
    );
    m.insert(
        "encryptAES",
        Sig::fixed(&[Ty::String, Ty::String]),
        encrypt_aes,
    );
    m.insert(
        "decryptAES",
        Sig::fixed(&[Ty::String, Ty::String]),
        decrypt_aes,
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha1sum(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(hex(&sha1::Sha1::digest(go_bytes(arg_str(
        &a, 0,
    ))))))
}

fn sha256sum(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(hex(&sha2::Sha256::digest(go_bytes(arg_str(
        &a, 0,
    ))))))
}

fn sha512sum(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(hex(&sha2::Sha512::digest(go_bytes(arg_str(
        &a, 0,
    ))))))
}

/// `hash/adler32.Checksum`.
pub fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut s1, mut s2) = (1u32, 0u32);
    for chunk in data.chunks(5_552) {
        for &b in chunk {
            s1 += u32::from(b);
            s2 += s1;
        }
        s1 %= MOD;
        s2 %= MOD;
    }
    s2 << 16 | s1
}

fn adler32sum(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(adler32(&go_bytes(arg_str(&a, 0))).to_string()))
}

/// `bcrypt.GenerateFromPassword(input, 10)` as a string (Go's `$2a$` prefix).
/// Go's `bcrypt.DefaultCost`, what Sprig hashes with.
const BCRYPT_COST: u32 = 10;

/// The cost of lint renders (bcrypt's minimum): a lint render never prints its
/// manifests, and a cost-4 hash is 64 times cheaper (10 ms down to 0.2 ms) while
/// keeping the shape (`$2a$04$`, 60 characters) and verifying the same password.
const LINT_BCRYPT_COST: u32 = 4;

fn bcrypt_hash(input: &str) -> String {
    let cost = if super::certs::keys::lint_keys() {
        LINT_BCRYPT_COST
    } else {
        BCRYPT_COST
    };
    match bcrypt::hash_with_result(input, cost) {
        Ok(h) => h.format_for_version(bcrypt::Version::TwoA),
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

fn bcrypt_fn(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    Ok(Value::from(bcrypt_hash(arg_str(&a, 0))))
}

fn htpasswd(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let (user, pass) = (arg_str(&a, 0), arg_str(&a, 1));
    if user.contains(':') {
        return Ok(Value::from(format!("invalid username: {user}")));
    }
    Ok(Value::from(match arg_str(&a, 2) {
        "sha" => format!("{user}:{{SHA}}{}", b64::encode(&sha1::Sha1::digest(pass))),
        _ => format!("{user}:{}", bcrypt_hash(pass)),
    }))
}

fn random(n: usize) -> Result<Vec<u8>, GoError> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| GoError::new(e.to_string()))?;
    Ok(buf)
}

fn rand_bytes(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let n = arg_int(&a, 0);
    if n < 0 {
        return Err(GoError::new("runtime error: makeslice: len out of range"));
    }
    Ok(Value::from(b64::encode(&random(n as usize)?)))
}

const SEED: &str = "com.lyndir.masterpassword";

fn templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

fn template_chars(c: u8) -> &'static str {
    match c {
        b'V' => "AEIOU",
        b'C' => "BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => "aeiou",
        b'c' => "bcdfghjklmnpqrstvwxyz",
        b'A' => "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => "0123456789",
        b'o' => "@&%?,=[]_:-+*$#!'^~;()/.",
        _ => "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

/// Sprig's MasterPassword `derivePassword(counter, type, password, user, site)`.
pub fn derive(counter: u32, kind: &str, password: &str, user: &str, site: &str) -> String {
    let Some(temps) = templates(kind) else {
        return format!("cannot find password template {kind}");
    };
    let mut salt = SEED.as_bytes().to_vec();
    salt.extend((user.len() as u32).to_be_bytes());
    salt.extend(user.as_bytes());
    let mut key = [0u8; 64];
    let params = match scrypt::Params::new(15, 8, 2, 64) {
        Ok(p) => p,
        Err(e) => return format!("failed to derive password: {e}"),
    };
    if let Err(e) = scrypt::scrypt(password.as_bytes(), &salt, &params, &mut key) {
        return format!("failed to derive password: {e}");
    }
    let mut msg = SEED.as_bytes().to_vec();
    msg.extend((site.len() as u32).to_be_bytes());
    msg.extend(site.as_bytes());
    msg.extend(counter.to_be_bytes());
    let Ok(mut mac) = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&key) else {
        return "failed to derive password".into();
    };
    mac.update(&msg);
    let seed = mac.finalize().into_bytes();
    let temp = temps[usize::from(seed[0]) % temps.len()];
    temp.bytes()
        .enumerate()
        .map(|(i, c)| {
            let chars = template_chars(c).as_bytes();
            let s = seed.get(i + 1).copied().unwrap_or(0);
            char::from(chars[usize::from(s) % chars.len()])
        })
        .collect()
}

fn derive_password(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let counter = match a.first() {
        Some(Value::Uint(n, _)) => *n as u32,
        _ => 0,
    };
    Ok(Value::from(derive(
        counter,
        arg_str(&a, 1),
        arg_str(&a, 2),
        arg_str(&a, 3),
        arg_str(&a, 4),
    )))
}

fn aes_key(password: &str) -> aes::Aes256 {
    let mut key = [0u8; 32];
    let n = password.len().min(32);
    key[..n].copy_from_slice(&password.as_bytes()[..n]);
    aes::Aes256::new(&key.into())
}

fn encrypt_aes(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let plain = arg_str(&a, 1);
    if plain.is_empty() {
        return Ok(Value::from(""));
    }
    let cipher = aes_key(arg_str(&a, 0));
    let mut content = plain.as_bytes().to_vec();
    let pad = 16 - content.len() % 16;
    content.extend(std::iter::repeat_n(pad as u8, pad));
    let mut out = random(16)?;
    let mut prev = [0u8; 16];
    prev.copy_from_slice(&out);
    for chunk in content.chunks(16) {
        let mut block = [0u8; 16];
        for (i, b) in block.iter_mut().enumerate() {
            *b = chunk[i] ^ prev[i];
        }
        let mut ga = block.into();
        cipher.encrypt_block(&mut ga);
        prev.copy_from_slice(&ga);
        out.extend_from_slice(&ga);
    }
    Ok(Value::from(b64::encode(&out)))
}

fn decrypt_aes(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let crypt64 = arg_str(&a, 1);
    if crypt64.is_empty() {
        return Ok(Value::from(""));
    }
    let crypt = b64::decode(crypt64).map_err(GoError::new)?;
    let cipher = aes_key(arg_str(&a, 0));
    if crypt.len() < 16 {
        return Err(GoError::new(format!(
            "runtime error: slice bounds out of range [:16] with capacity {}",
            crypt.len()
        )));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err(GoError::new("crypto/cipher: input not full blocks"));
    }
    let mut prev = iv.to_vec();
    let mut out = Vec::with_capacity(body.len());
    for chunk in body.chunks(16) {
        let mut ga = aes::Block::clone_from_slice(chunk);
        cipher.decrypt_block(&mut ga);
        for (i, b) in ga.iter().enumerate() {
            out.push(b ^ prev[i]);
        }
        prev = chunk.to_vec();
    }
    let Some(&last) = out.last() else {
        return Err(GoError::new("runtime error: index out of range [-1]"));
    };
    let keep = out.len() as i64 - i64::from(last);
    if keep < 0 {
        return Err(GoError::new(format!(
            "runtime error: slice bounds out of range [:{keep}]"
        )));
    }
    out.truncate(keep as usize);
    Ok(Value::from(String::from_utf8_lossy(&out).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::sprig2::certs::keys::set_lint_keys;

    #[test]
    fn lint_renders_hash_at_the_lowest_bcrypt_cost_and_the_hash_verifies() {
        let before = set_lint_keys(true);
        let lint = bcrypt_hash("s3cret");
        set_lint_keys(false);
        let full = bcrypt_hash("s3cret");
        set_lint_keys(before);
        assert_eq!(&lint[..7], "$2a$04$");
        assert_eq!(&full[..7], "$2a$10$");
        assert_eq!((lint.len(), full.len()), (60, 60));
        assert_eq!(bcrypt::verify("s3cret", &lint).ok(), Some(true));
        assert_eq!(bcrypt::verify("s3cret", &full).ok(), Some(true));
    }
}
