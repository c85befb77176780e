//! Embeds every rule doc (`rules/*.md`) in the binary: generates `rule_docs.rs`, a
//! static table of each doc's front matter (id, severity, summary) and text. Adding a
//! rule's doc is all it takes to register it; a malformed front matter stops the build
//! with the file and line at fault.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    // By rule id (the file stem): `helm-force.md` sorts after `helm-force-with-atomic.md`.
    files.sort_by_key(|p| p.file_stem().map(|s| s.to_os_string()));
    let mut out = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let front = front_matter(&text).unwrap_or_else(|e| panic!("{}:{e}", path.display()));
        let field = |key: &str| {
            front
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("{}: front matter has no `{key}:`", path.display()))
        };
        let id = field("id");
        assert_eq!(
            id,
            stem,
            "{}: `id:` must match the file name",
            path.display()
        );
        let severity = match field("severity") {
            "error" => "Error",
            "warning" => "Warning",
            "note" => "Note",
            other => panic!(
                "{}: severity {other:?} is not error, warning or note",
                path.display()
            ),
        };
        let _ = writeln!(
            out,
            "    RuleDoc {{ id: {id:?}, severity: Severity::{severity}, summary: {:?}, text: include_str!({:?}) }},",
            field("summary"),
            path.display().to_string(),
        );
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("rule_docs.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// The `key: value` lines between the leading `---` lines, or `line: what is wrong`.
fn front_matter(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut lines = text.lines().enumerate();
    if lines.next().map(|(_, l)| l.trim_end()) != Some("---") {
        return Err("1: a rule doc starts with a `---` front matter block".into());
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim_end() == "---" {
            return Ok(out);
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| format!("{}: expected `key: value`", i + 1))?;
        out.push((key.trim().to_string(), value.trim().to_string()));
    }
    Err("the front matter has no closing `---`".into())
}
