//! `helm-preflight eval` (the binary) agrees with Helm on every case of the
//! template conformance table: same stdout, or Helm's error on stderr with exit code 2.

mod common;

use std::process::Command;

#[test]
fn eval_binary_agrees_with_helm_on_every_case() {
    let cases = common::load_cases("tests/conformance/template_cases.yaml");
    let dir = std::env::temp_dir().join(format!("hp-eval-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let values = dir.join(format!("values-{i}.yaml"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_helm-preflight"));
        cmd.arg("eval").arg("-e").arg(&c.template);
        std::fs::write(&values, common::values_text(c)).expect("write values");
        cmd.arg("-f").arg(&values);
        for (j, (path, text)) in common::case_files(c).iter().enumerate() {
            let local = dir.join(format!("file-{i}-{j}"));
            std::fs::write(&local, text).expect("write file");
            cmd.arg("--chart-file")
                .arg(format!("{path}={}", local.display()));
        }
        if let Some(r) = &c.release {
            if let Some(n) = r.get("name") {
                cmd.arg("--name").arg(n);
            }
            if let Some(n) = r.get("namespace") {
                cmd.arg("--namespace").arg(n);
            }
        }
        let out = cmd.output().expect("run helm-preflight");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let ok = match (&c.output, &c.error) {
            (Some(want), _) => {
                let mut want = want.clone();
                if !want.ends_with('\n') {
                    want.push('\n');
                }
                out.status.code() == Some(0) && stdout == want
            }
            (_, Some(want)) => {
                out.status.code() == Some(2)
                    && stderr.trim_end() == format!("Error: {want}").trim_end()
            }
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{}: exit {:?}\n  stdout {stdout:?}\n  stderr {stderr:?}\n  want {:?} / {:?}",
                c.name,
                out.status.code(),
                c.output,
                c.error
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
