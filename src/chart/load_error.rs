//! Where a chart that does not load went wrong: Helm's load messages name the file
//! (`cannot load values.yaml: ... yaml: line 2: ...`), the subcharts on the way
//! (`error unpacking subchart sub in parent: ...`) and, for YAML errors, the line.
//! Findings and error messages then point at that file and line instead of the chart
//! directory.

use std::path::{Path, PathBuf};

/// The files whose load errors Helm names.
const FILES: [&str; 3] = ["Chart.yaml", "values.yaml", "requirements.yaml"];

/// The file and 1-based line a load error of the chart directory `chart` is about,
/// when the message says and the file exists.
pub fn locate(chart: &Path, message: &str) -> Option<(PathBuf, u32)> {
    if !chart.is_dir() {
        return None;
    }
    let mut dir = chart.to_path_buf();
    let mut rest = message;
    while let Some(tail) = rest.strip_prefix("error unpacking subchart ") {
        let (name, after) = tail.split_once(" in ")?;
        // Helm names the subchart by its directory under charts/ (an archive has none).
        dir = Some(dir.join("charts").join(name)).filter(|d| d.is_dir())?;
        rest = after.split_once(": ").map_or("", |(_, m)| m);
    }
    let file = if rest.starts_with("validation: ") {
        "Chart.yaml"
    } else {
        let named = rest.strip_prefix("cannot load ")?;
        FILES
            .into_iter()
            .find(|f| named.starts_with(&format!("{f}:")))?
    };
    let path = dir.join(file);
    if !path.is_file() {
        return None;
    }
    Some((path, yaml_line(rest).unwrap_or(1)))
}

/// The message of a load error of `chart`, followed by the place it is about when
/// [`locate`] finds one (`... (at mychart/values.yaml:2:1)`).
pub fn with_location(chart: &Path, message: String) -> String {
    match locate(chart, &message) {
        Some((path, line)) => format!("{message} (at {}:{line}:1)", path.display()),
        None => message,
    }
}

/// The line of go-yaml's `yaml: line N:` in a message.
fn yaml_line(message: &str) -> Option<u32> {
    let (_, after) = message.split_once("yaml: line ")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_lines_are_read_from_go_yaml_messages() {
        assert_eq!(
            yaml_line("cannot load values.yaml: error converting YAML to JSON: yaml: line 12: x"),
            Some(12)
        );
        assert_eq!(
            yaml_line("validation: chart.metadata.name is required"),
            None
        );
        assert_eq!(yaml_line("yaml: line 0: x"), None);
    }
}
