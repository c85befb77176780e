//! The Helm command-line model: flag tables for Helm 3 and 4 ([`flags`]), cobra/pflag
//! parsing ([`parse`]), Go durations for `--timeout`, and Helm version evidence.

pub mod flags;
pub mod parse;

use crate::pipeline::model::{HelmMajor, HelmVersion, Located};
use crate::pipeline::source::{SourceFile, Span};

pub use parse::parse_helm;

/// Helm's default `--timeout` (5m0s), in seconds.
pub const DEFAULT_TIMEOUT_SECS: f64 = 300.0;

/// A `--timeout` value parsed as Go's `time.ParseDuration` does, in seconds; the error
/// is Helm's own message (`invalid argument "300" for "--timeout" flag: time:
/// missing unit in duration "300"`).
pub fn parse_timeout(text: &str) -> Result<f64, String> {
    crate::funcs::sprig2::goduration::parse_duration(text)
        .map(|ns| ns as f64 / 1e9)
        .map_err(|e| {
            format!(
                "invalid argument {text:?} for \"--timeout\" flag: {}",
                e.msg
            )
        })
}

/// A duration in Go's `Duration.String()` form (`5m0s`).
pub fn format_secs(secs: f64) -> String {
    crate::funcs::sprig2::goduration::duration_string((secs * 1e9) as i64)
}

/// Evidence of the Helm version in a file's text: a Helm download URL
/// (`get.helm.sh/helm-v3.11.0-...`), an image tag (`alpine/helm:3.14`,
/// `dtzar/helm-kubectl:3.9.0`), a setup step's `version:` / `helm_version:` (any
/// line naming helm with a `vX.Y` version), or `helm init` (Helm 2). The first
/// match in the file wins.
pub fn version_evidence(file: &SourceFile) -> HelmVersion {
    use std::sync::OnceLock;
    static PATTERNS: OnceLock<[regex::Regex; 3]> = OnceLock::new();
    let [url, image, setup] = PATTERNS.get_or_init(|| {
        [
            regex::Regex::new(r"helm-v(\d+)\.(\d+)(?:\.\d+)?-(?:linux|darwin|windows)")
                .expect("regex"),
            regex::Regex::new(r"[\w./-]*helm[\w-]*:v?(\d+)\.(\d+)").expect("regex"),
            regex::Regex::new(r"(?i)(?:helm[\w-]*\s*:\s*['\x22]?|helm_version:\s*['\x22]?|version:\s*['\x22]?)v?([234])\.(\d+)")
                .expect("regex"),
        ]
    });
    let mut best: Option<(usize, HelmVersion)> = None;
    let mut consider = |start: usize, end: usize, major: &str, minor: Option<&str>| {
        let major = match major {
            "2" => HelmMajor::V2,
            "3" => HelmMajor::V3,
            "4" => HelmMajor::V4,
            _ => return,
        };
        if best.as_ref().is_some_and(|(s, _)| *s <= start) {
            return;
        }
        let span = Span { start, end };
        best = Some((
            start,
            HelmVersion {
                major,
                minor: minor.and_then(|m| m.parse().ok()),
                evidence: Some(Located::new(file.slice(span).to_string(), span)),
            },
        ));
    };
    for re in [url, image] {
        if let Some(c) = re.captures(&file.text) {
            let m = c.get(0).expect("match");
            consider(m.start(), m.end(), &c[1], c.get(2).map(|m| m.as_str()));
        }
    }
    // A setup step's version is only evidence on a line that is about Helm.
    for (i, line) in file.text.lines().enumerate() {
        let lower = line.to_ascii_lowercase();
        let about_helm = lower.contains("helm")
            || (i.saturating_sub(3)..i).any(|j| {
                file.line_text(j as u32 + 1)
                    .to_ascii_lowercase()
                    .contains("helm")
            });
        if !about_helm {
            continue;
        }
        if let Some(c) = setup.captures(line) {
            let m = c.get(0).expect("match");
            let start = file.line_start(i as u32 + 1) + m.start();
            consider(start, start + m.len(), &c[1], c.get(2).map(|m| m.as_str()));
            break;
        }
    }
    if let Some(i) = file.text.find("helm init") {
        consider(i, i + "helm init".len(), "2", None);
    }
    best.map(|(_, v)| v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_parse_as_go_durations() {
        assert_eq!(parse_timeout("5m"), Ok(300.0));
        assert_eq!(parse_timeout("1h30m"), Ok(5400.0));
        assert_eq!(parse_timeout("0"), Ok(0.0));
        assert_eq!(
            parse_timeout("300"),
            Err("invalid argument \"300\" for \"--timeout\" flag: time: missing unit in duration \"300\"".into())
        );
        assert!(parse_timeout("5min")
            .unwrap_err()
            .contains("unknown unit \"min\""));
        assert!(parse_timeout("1d").is_err());
        assert_eq!(format_secs(600.0), "10m0s");
    }

    #[test]
    fn version_evidence_from_urls_images_and_setup_steps() {
        let f = SourceFile::new(
            "w",
            "x\n  wget https://get.helm.sh/helm-v3.11.0-linux-amd64.tar.gz\n",
        );
        let v = version_evidence(&f);
        assert_eq!((v.major, v.minor), (HelmMajor::V3, Some(11)));
        let f = SourceFile::new(
            "w",
            "- uses: azure/setup-helm@v4\n  with:\n    version: v4.1.0\n",
        );
        let v = version_evidence(&f);
        assert_eq!((v.major, v.minor), (HelmMajor::V4, Some(1)));
        assert_eq!(v.evidence.unwrap().value, "version: v4.1");
        let f = SourceFile::new("w", "image: alpine/helm:3.14.2\n");
        assert_eq!(version_evidence(&f).major, HelmMajor::V3);
        let f = SourceFile::new("w", "helm init --client-only\nhelm upgrade x y\n");
        assert_eq!(version_evidence(&f).major, HelmMajor::V2);
        let f = SourceFile::new("w", "version: 3.2\nkubectl: 1.2\n");
        assert_eq!(version_evidence(&f).major, HelmMajor::Unknown);
    }
}
