//! Sprig's certificate and key functions (`crypto.go`): `genPrivateKey`, `buildCustomCert`,
//! `genCA`, `genCAWithKey`, `genSelfSignedCert`, `genSelfSignedCertWithKey`,
//! `genSignedCert`, `genSignedCertWithKey`. Keys and certificates are real: RSA, P-256,
//! Ed25519 and DSA keys, X.509 v3 certificates encoded and signed as Go encodes them.

pub mod der;
pub mod goasn1;
pub mod keyparse;
pub mod keys;
pub mod pem;
pub mod rng;
#[cfg(test)]
mod tests;
pub mod x509;

use std::net::IpAddr;
use std::rc::Rc;

use super::crypto::b64;
use super::{arg, arg_int, arg_str};
use crate::template::error::GoError;
use crate::template::func::{FuncMap, Host, Sig, Ty};
use crate::template::gofmt;
use crate::template::value::{Kind, Object, Value};
use keys::PrivKey;
use x509::{ParsedCert, Template};

/// The Go type of Sprig's `certificate` struct.
pub const CERTIFICATE: Ty = Ty::Named("sprig.certificate");

/// Sprig's `certificate{Cert, Key string}`: PEM text of a certificate and its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// The PEM certificate.
    pub cert: String,
    /// The PEM private key.
    pub key: String,
}

impl Certificate {
    /// The certificate as a template value.
    pub fn value(self) -> Value {
        Value::Object(Rc::new(self))
    }
}

impl Object for Certificate {
    fn type_name(&self) -> String {
        "sprig.certificate".into()
    }
    fn kind(&self) -> Kind {
        Kind::Struct
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::from(self.cert.as_str())),
            "Key" => Some(Value::from(self.key.as_str())),
            _ => None,
        }
    }
    fn format_v(&self) -> String {
        format!("{{{} {}}}", self.cert, self.key)
    }
    fn struct_fields(&self) -> Option<Vec<Value>> {
        Some(vec![
            Value::from(self.cert.as_str()),
            Value::from(self.key.as_str()),
        ])
    }
    fn to_data(&self) -> Value {
        let mut m = crate::template::value::Entries::new();
        m.insert("Cert".to_string(), Value::from(self.cert.as_str()));
        m.insert("Key".to_string(), Value::from(self.key.as_str()));
        Value::map(m)
    }
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// Registers the certificate and key functions.
pub fn register(m: &mut FuncMap) {
    use Ty::{Int, SliceAny, String as S};
    m.insert("genPrivateKey", Sig::fixed(&[S]), gen_private_key);
    m.insert("buildCustomCert", Sig::fixed(&[S, S]), build_custom_cert);
    m.insert("genCA", Sig::fixed(&[S, Int]), gen_ca);
    m.insert("genCAWithKey", Sig::fixed(&[S, Int, S]), gen_ca_with_key);
    m.insert(
        "genSelfSignedCert",
        Sig::fixed(&[S, SliceAny, SliceAny, Int]),
        gen_self_signed,
    );
    m.insert(
        "genSelfSignedCertWithKey",
        Sig::fixed(&[S, SliceAny, SliceAny, Int, S]),
        gen_self_signed_with_key,
    );
    m.insert(
        "genSignedCert",
        Sig::fixed(&[S, SliceAny, SliceAny, Int, CERTIFICATE]),
        gen_signed,
    );
    m.insert(
        "genSignedCertWithKey",
        Sig::fixed(&[S, SliceAny, SliceAny, Int, CERTIFICATE, S]),
        gen_signed_with_key,
    );
}

fn gen_private_key(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let kind = arg_str(&a, 0);
    Ok(Value::from(match PrivKey::generate(kind) {
        Some(k) => k.to_pem(),
        None => format!("Unknown type {kind}"),
    }))
}

fn build_custom_cert(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    let cert = b64::decode(arg_str(&a, 0))
        .map_err(|_| GoError::new("unable to decode base64 certificate"))?;
    let key = b64::decode(arg_str(&a, 1))
        .map_err(|_| GoError::new("unable to decode base64 private key"))?;
    let block = pem::decode(&cert).ok_or_else(|| GoError::new("unable to decode certificate"))?;
    x509::parse(&block.bytes)
        .map_err(|e| GoError::new(format!("error parsing certificate: decodedCert.Bytes: {e}")))?;
    let key = String::from_utf8_lossy(&key).into_owned();
    keyparse::parse_pem(&key)
        .map_err(|e| GoError::new(format!("error parsing private key: {e}")))?;
    Ok(Certificate {
        cert: String::from_utf8_lossy(&cert).into_owned(),
        key,
    }
    .value())
}

/// A key for a certificate: the given PEM, or a new RSA 2048 key.
fn cert_key(pem_text: Option<&str>) -> Result<PrivKey, GoError> {
    match pem_text {
        Some(text) => {
            keyparse::parse_pem(text).map_err(|e| GoError::new(format!("parsing private key: {e}")))
        }
        None => {
            PrivKey::rsa(2048).map_err(|e| GoError::new(format!("error generating rsa key: {e}")))
        }
    }
}

/// Sprig's `getNetIPs`.
fn net_ips(v: &Value) -> Result<Vec<IpAddr>, GoError> {
    list_items(v)
        .iter()
        .map(|ip| match ip {
            Value::String(s) => s
                .as_str()
                .parse::<IpAddr>()
                .map_err(|_| GoError::new(format!("error parsing ip: {}", s.as_str()))),
            other => Err(GoError::new(format!(
                "error parsing ip: {} is not a string",
                print_v(other)
            ))),
        })
        .collect()
}

/// Sprig's `getAlternateDNSStrs`.
fn dns_names(v: &Value) -> Result<Vec<String>, GoError> {
    list_items(v)
        .iter()
        .map(|d| match d {
            Value::String(s) => Ok(s.to_string()),
            other => Err(GoError::new(format!(
                "error processing alternate dns name: {} is not a string",
                print_v(other)
            ))),
        })
        .collect()
}

fn list_items(v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.items.as_ref().clone(),
        _ => Vec::new(),
    }
}

fn print_v(v: &Value) -> String {
    match v {
        Value::Nil | Value::Invalid => "<nil>".into(),
        other => gofmt::print_value(other),
    }
}

/// Sprig's `getBaseCertTemplate` (SANs checked first, as Sprig does).
fn template(a: &[Value], cn: &str, sans: bool, days: i64) -> Result<Template, GoError> {
    let (ips, dns) = if sans {
        (net_ips(&arg(a, 1))?, dns_names(&arg(a, 2))?)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Template {
        cn: cn.to_string(),
        ips,
        dns,
        days,
        is_ca: false,
        serial: rng::bytes::<16>(),
    })
}

/// Sprig's `getCertAndKey`.
fn cert_and_key(
    t: &Template,
    signee: &PrivKey,
    parent: Option<&ParsedCert>,
    signer: &PrivKey,
) -> Result<Value, GoError> {
    let der = x509::create(t, signee, parent, signer)
        .map_err(|e| GoError::new(format!("error creating certificate: {e}")))?;
    Ok(Certificate {
        cert: pem::encode("CERTIFICATE", &der),
        key: signee.to_pem(),
    }
    .value())
}

fn ca(a: &[Value], key_pem: Option<&str>) -> Result<Value, GoError> {
    let key = cert_key(key_pem)?;
    let mut t = template(a, arg_str(a, 0), false, arg_int(a, 1))?;
    t.is_ca = true;
    cert_and_key(&t, &key, None, &key)
}

fn gen_ca(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    ca(&a, None)
}

fn gen_ca_with_key(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    ca(&a, Some(arg_str(&a, 2)))
}

fn self_signed(a: &[Value], key_pem: Option<&str>) -> Result<Value, GoError> {
    let key = cert_key(key_pem)?;
    let t = template(a, arg_str(a, 0), true, arg_int(a, 3))?;
    cert_and_key(&t, &key, None, &key)
}

fn gen_self_signed(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    self_signed(&a, None)
}

fn gen_self_signed_with_key(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    self_signed(&a, Some(arg_str(&a, 4)))
}

/// Sprig's `generateSignedCertificateWithKeyInternal`.
fn signed(a: &[Value], key_pem: Option<&str>) -> Result<Value, GoError> {
    let key = match key_pem {
        Some(text) => Some(cert_key(Some(text))?),
        None => None,
    };
    let ca_cert = match a.get(4) {
        Some(Value::Object(o)) => o
            .as_any()
            .and_then(|x| x.downcast_ref::<Certificate>())
            .cloned(),
        _ => None,
    }
    .unwrap_or(Certificate {
        cert: String::new(),
        key: String::new(),
    });
    let block = pem::decode(ca_cert.cert.as_bytes())
        .ok_or_else(|| GoError::new("unable to decode certificate"))?;
    let parent = x509::parse(&block.bytes).map_err(|e| {
        GoError::new(format!(
            "error parsing certificate: decodedSignerCert.Bytes: {e}"
        ))
    })?;
    let signer = keyparse::parse_pem(&ca_cert.key)
        .map_err(|e| GoError::new(format!("error parsing private key: {e}")))?;
    let t = template(a, arg_str(a, 0), true, arg_int(a, 3))?;
    let key = match key {
        Some(k) => k,
        None => cert_key(None)?,
    };
    cert_and_key(&t, &key, Some(&parent), &signer)
}

fn gen_signed(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    signed(&a, None)
}

fn gen_signed_with_key(_: &mut dyn Host, a: Vec<Value>) -> Result<Value, GoError> {
    signed(&a, Some(arg_str(&a, 5)))
}
