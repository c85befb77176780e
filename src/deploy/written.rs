//! Whether a pipeline file writes a file that a Helm command of it reads: a values
//! file made by an earlier step (`cat <<EOF > values.yaml`, `envsubst < t > v.yaml`,
//! `yq ... | tee v.yaml`, `curl -o v.yaml`, `cp t.yaml v.yaml`) is not missing.

/// Whether `text` (a whole pipeline file) writes `path` outside the byte range `skip`
/// (the command's own argument): as the target of `>`/`>>`, of `tee`, of `-o`/
/// `--output`, or as the last argument of `cp`/`mv`/`ln`/`install`.
pub fn writes(text: &str, path: &str, skip: std::ops::Range<usize>) -> bool {
    if path.is_empty() {
        return false;
    }
    let bare = path.trim_start_matches("./");
    let mut from = 0;
    while let Some(i) = text[from..].find(bare).map(|i| i + from) {
        from = i + bare.len();
        if skip.contains(&i) {
            continue;
        }
        let end = i + bare.len();
        // The whole word: a path ends at a space, quote, `;`, `)` or the line end.
        let after = text[end..].chars().next();
        if after.is_some_and(|c| !(c.is_whitespace() || "'\";)&|".contains(c))) {
            continue;
        }
        let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
        let before = text[line_start..i]
            .trim_end_matches("./")
            .trim_end_matches(['"', '\'']);
        if target_of_write(before) || copy_destination(before, &text[end..]) {
            return true;
        }
    }
    false
}

/// Whether the text before a word makes it the target of a write.
fn target_of_write(before: &str) -> bool {
    let t = before.trim_end();
    if t.ends_with('>') && !t.ends_with("<>") {
        return true;
    }
    let last = t.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    if matches!(last, "-o" | "--output" | "--output-file" | "-O") {
        return true;
    }
    if before.ends_with('=')
        && (last.starts_with("--output=") || last.starts_with("--output-file="))
    {
        return true;
    }
    // `tee [-a] path`.
    let words: Vec<&str> = t.split_whitespace().collect();
    words
        .iter()
        .rev()
        .take_while(|w| w.starts_with('-') || **w == "tee")
        .any(|w| *w == "tee")
}

/// Whether the word is the last argument of `cp`, `mv`, `ln` or `install` on its line.
fn copy_destination(before: &str, after: &str) -> bool {
    let rest = after.split('\n').next().unwrap_or("").trim();
    let at_end = rest.is_empty() || rest.starts_with(['&', ';', '|', ')']);
    let command = before
        .rsplit(['&', ';', '|', '('])
        .next()
        .unwrap_or("")
        .split_whitespace()
        // Past variable assignments, `sudo`, and a YAML key or item (`- run:`).
        .find(|w| !(w.contains('=') || w.ends_with(':') || matches!(*w, "-" | "sudo")));
    at_end && matches!(command, Some("cp" | "mv" | "ln" | "install"))
}

#[cfg(test)]
mod tests {
    use super::writes;

    #[test]
    fn writes_are_told_from_reads() {
        let cmd = "helm install k ./c --values v.yaml";
        let check = |setup: &str| {
            let text = format!("{setup}\n{cmd}\n");
            let at = text.rfind("v.yaml").unwrap_or(0);
            writes(&text, "v.yaml", at..at + 6)
        };
        assert!(check("cat <<EOF > v.yaml"));
        assert!(check("envsubst < t.yaml >> ./v.yaml"));
        assert!(check("yq '.a = 1' t.yaml | tee -a v.yaml"));
        assert!(check("curl -sSL -o v.yaml https://example.com/v"));
        assert!(check("wget --output-file=\"v.yaml\" x"));
        assert!(check("cp ci/t.yaml v.yaml && echo done"));
        assert!(check("  run: mv t.yaml v.yaml"));
        assert!(!check("cat v.yaml"));
        assert!(!check("cp v.yaml backup.yaml"));
        assert!(!check("echo x > v.yaml.bak"));
        assert!(!check("grep -o v.yaml2 x"));
        assert!(!check(""));
    }
}
