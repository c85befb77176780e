//! Certificates and keys from Sprig's certificate functions, checked by OpenSSL: they
//! parse, have the fields Sprig sets (key sizes, CA flags, usages, SANs, validity) and
//! chain to their CA. Skipped (with a note) where the `openssl` tool is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use helm_preflight::render::context::ReleaseInfo;
use helm_preflight::render::eval::eval_template;
use helm_preflight::template::value::Value;

fn render(t: &str) -> String {
    eval_template(t, Value::Invalid, &[], &ReleaseInfo::default()).expect("renders")
}

fn openssl(args: &[&str]) -> Option<String> {
    let out = Command::new("openssl").args(args).output().ok()?;
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn have_openssl() -> bool {
    let ok = Command::new("openssl").arg("version").output().is_ok();
    if !ok {
        eprintln!("openssl not installed: skipping");
    }
    ok
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hp-certs-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn write(d: &Path, name: &str, text: &str) -> String {
    let p = d.join(name);
    std::fs::write(&p, text).expect("write");
    p.to_string_lossy().into_owned()
}

fn x509_text(path: &str) -> String {
    openssl(&["x509", "-in", path, "-noout", "-text"]).unwrap_or_default()
}

/// The `notAfter - notBefore` of a certificate, in days.
fn validity_days(path: &str) -> i64 {
    let dates =
        openssl(&["x509", "-in", path, "-noout", "-startdate", "-enddate"]).unwrap_or_default();
    let get = |k: &str| {
        let line = dates.lines().find(|l| l.starts_with(k)).unwrap_or_default();
        let v = &line[k.len()..];
        let out = Command::new("date")
            .args(["-u", "-d", v, "+%s"])
            .output()
            .expect("date");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse::<i64>()
            .unwrap_or(0)
    };
    (get("notAfter=") - get("notBefore=")) / 86_400
}

#[test]
fn ca_and_signed_certificate_verify() {
    if !have_openssl() {
        return;
    }
    let d = dir("chain");
    let out = render(
        r#"{{ $ca := genCA "my-ca" 365 }}{{ $c := genSignedCert "leaf" (list "10.0.0.1" "::1") (list "a.example" "b") 30 $ca }}{{ $ca.Cert }}@@{{ $ca.Key }}@@{{ $c.Cert }}@@{{ $c.Key }}"#,
    );
    let parts: Vec<&str> = out.split("@@").collect();
    assert_eq!(parts.len(), 4);
    let ca = write(&d, "ca.pem", parts[0]);
    let ca_key = write(&d, "ca.key", parts[1]);
    let leaf = write(&d, "leaf.pem", parts[2]);
    let leaf_key = write(&d, "leaf.key", parts[3]);

    let ca_text = x509_text(&ca);
    for want in [
        "Version: 3 (0x2)",
        "Signature Algorithm: sha256WithRSAEncryption",
        "Issuer: CN = my-ca",
        "Subject: CN = my-ca",
        "Public-Key: (2048 bit)",
        "X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment, Certificate Sign",
        "TLS Web Server Authentication, TLS Web Client Authentication",
        "X509v3 Basic Constraints: critical\n                CA:TRUE",
        "X509v3 Subject Key Identifier",
    ] {
        assert!(ca_text.contains(want), "CA lacks {want:?}:\n{ca_text}");
    }
    assert!(!ca_text.contains("Authority Key Identifier"));
    assert!(!ca_text.contains("Subject Alternative Name"));
    assert_eq!(validity_days(&ca), 365);

    let leaf_text = x509_text(&leaf);
    for want in [
        "Issuer: CN = my-ca",
        "Subject: CN = leaf",
        "Public-Key: (2048 bit)",
        "X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment\n",
        "X509v3 Basic Constraints: critical\n                CA:FALSE",
        "X509v3 Authority Key Identifier",
        "DNS:a.example, DNS:b, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1",
    ] {
        assert!(
            leaf_text.contains(want),
            "leaf lacks {want:?}:\n{leaf_text}"
        );
    }
    assert!(!leaf_text.contains("Subject Key Identifier"));
    assert_eq!(validity_days(&leaf), 30);

    let serial = openssl(&["x509", "-in", &leaf, "-noout", "-serial"]).unwrap_or_default();
    let hex = serial.trim().trim_start_matches("serial=");
    assert!(hex.len() <= 32 && !hex.is_empty(), "serial {hex}");

    let verified = openssl(&["verify", "-CAfile", &ca, &leaf]).unwrap_or_default();
    assert!(verified.contains(": OK"), "{verified}");
    for key in [&ca_key, &leaf_key] {
        let check = openssl(&["rsa", "-in", key, "-check", "-noout"]).unwrap_or_default();
        assert!(check.contains("RSA key ok"), "{check}");
    }
    // The leaf key belongs to the leaf certificate.
    let cert_pub = openssl(&["x509", "-in", &leaf, "-noout", "-pubkey"]);
    let key_pub = openssl(&["pkey", "-in", &leaf_key, "-pubout"]);
    assert_eq!(cert_pub, key_pub);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn generated_private_keys_have_sprigs_types_and_sizes() {
    if !have_openssl() {
        return;
    }
    let d = dir("keys");
    for (kind, tool, want) in [
        ("rsa", "rsa", "Private-Key: (4096 bit, 2 primes)"),
        ("ecdsa", "ec", "Private-Key: (256 bit)"),
        ("ed25519", "pkey", "ED25519 Private-Key:"),
        ("dsa", "dsa", "Private-Key: (2048 bit)"),
    ] {
        let key = write(
            &d,
            kind,
            &render(&format!("{{{{ genPrivateKey {kind:?} }}}}")),
        );
        let text = openssl(&[tool, "-in", &key, "-noout", "-text"]).unwrap_or_default();
        assert!(text.contains(want), "{kind}: {text}");
        if kind == "ecdsa" {
            assert!(text.contains("NIST CURVE: P-256"), "{text}");
        }
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn certificates_with_ecdsa_and_ed25519_keys_verify() {
    if !have_openssl() {
        return;
    }
    let d = dir("curves");
    for (kind, sig) in [("ecdsa", "ecdsa-with-SHA256"), ("ed25519", "ED25519")] {
        let out = render(&format!(
            r#"{{{{ $ca := genCAWithKey "ca" 2 (genPrivateKey "{kind}") }}}}{{{{ $c := genSignedCertWithKey "" (list "1.2.3.4") nil 1 $ca (genPrivateKey "{kind}") }}}}{{{{ $ca.Cert }}}}@@{{{{ $c.Cert }}}}"#
        ));
        let (ca_pem, leaf_pem) = out.split_once("@@").unwrap_or_default();
        let ca = write(&d, &format!("{kind}-ca.pem"), ca_pem);
        let leaf = write(&d, &format!("{kind}-leaf.pem"), leaf_pem);
        let text = x509_text(&leaf);
        assert!(
            text.contains(&format!("Signature Algorithm: {sig}")),
            "{text}"
        );
        // An empty subject makes the SAN extension critical.
        assert!(
            text.contains(
                "X509v3 Subject Alternative Name: critical\n                IP Address:1.2.3.4"
            ),
            "{text}"
        );
        let verified = openssl(&["verify", "-CAfile", &ca, &leaf]).unwrap_or_default();
        assert!(verified.contains(": OK"), "{verified}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn self_signed_certificate_is_not_a_ca() {
    if !have_openssl() {
        return;
    }
    let d = dir("self");
    let out = render(r#"{{ (genSelfSignedCert "svc" nil (list "svc.ns.svc") 7).Cert }}"#);
    let cert = write(&d, "self.pem", &out);
    let text = x509_text(&cert);
    assert!(text.contains("Issuer: CN = svc") && text.contains("Subject: CN = svc"));
    assert!(text.contains("CA:FALSE") && text.contains("DNS:svc.ns.svc"));
    assert!(!text.contains("Subject Key Identifier"));
    assert_eq!(validity_days(&cert), 7);
    let _ = std::fs::remove_dir_all(&d);
}
