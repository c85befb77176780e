//! Where a chart that does not load went wrong: Helm's load messages name the file
//! (`cannot load values.yaml: ... yaml: line 2: ...`), the subcharts on the way
//! (`error unpacking subchart sub in parent: ...`) and, for YAML errors, the line.
//! Findings and error messages then point at that file and line instead of the chart
//! directory.

use std::path::{Path, PathBuf};

/// A file and a 1-based line and column in it.
pub type FilePos = (PathBuf, u32, u32);

/// The files whose load errors Helm names.
const FILES: [&str; 3] = ["Chart.yaml", "values.yaml", "requirements.yaml"];

/// The file, 1-based line and column a load error of the chart directory `chart` is
/// about, when the message says and the file exists.
pub fn locate(chart: &Path, message: &str) -> Option<FilePos> {
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
    Some((path, yaml_line(rest).unwrap_or(1), 1))
}

/// The message of a load error of `chart`, followed by the place it is about when
/// [`locate`] finds one (`... (at mychart/values.yaml:2:1)`).
pub fn with_location(chart: &Path, message: String) -> String {
    match locate(chart, &message) {
        Some((path, line, column)) => {
            format!("{message} (at {}:{line}:{column})", path.display())
        }
        None => message,
    }
}

/// Loads a chart for `install`/`upgrade`/`template`: a load error (with its place) and
/// a library chart are errors, as in Helm's CLI.
pub fn load_installable(path: &Path) -> Result<super::load::Chart, String> {
    let chart = super::load::load(path).map_err(|e| with_location(path, e.to_string()))?;
    if chart.is_library() {
        return Err("library charts are not installable".into());
    }
    Ok(chart)
}

/// Why a chart did not render with the error `render_error`: when it names a template
/// that does not exist and a dependency of `Chart.yaml` is missing from `charts/`, the
/// missing dependency is the cause (Helm's CLI checks it before rendering, and a missing
/// library makes every `include` of it fail): Helm's CLI message and the dependency's
/// place in `Chart.yaml`. `None` otherwise (the render's own message stands).
pub fn missing_dependency_failure(
    path: &Path,
    chart: &super::load::Chart,
    render_error: &str,
) -> Option<(String, Option<FilePos>)> {
    if !render_error.contains("no template \"") {
        return None;
    }
    let (message, first) = super::deps::missing_dependencies(chart)?;
    Some((message, dependency_position(path, &first)))
}

/// The text of a render error of the chart at `path` for the command line: the
/// missing dependency behind it (with its place), else the render's `message`.
pub fn render_error_text(path: &Path, chart: &super::load::Chart, message: String) -> String {
    match missing_dependency_failure(path, chart, &message) {
        Some((why, Some((file, line, column)))) => {
            format!("{why} (at {}:{line}:{column})", file.display())
        }
        Some((why, None)) => why,
        None => message,
    }
}

/// The line of go-yaml's `yaml: line N:` in a message.
fn yaml_line(message: &str) -> Option<u32> {
    let (_, after) = message.split_once("yaml: line ")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|&n| n > 0)
}

/// Where `Chart.yaml` (or `requirements.yaml`) of the chart directory `chart` lists
/// the dependency `name` (below `dependencies:`): the file, 1-based line and column of
/// its `name:` value.
pub fn dependency_position(chart: &Path, name: &str) -> Option<FilePos> {
    ["Chart.yaml", "requirements.yaml"].iter().find_map(|file| {
        let path = chart.join(file);
        let text = std::fs::read_to_string(&path).ok()?;
        let start = text.lines().position(|l| l.starts_with("dependencies:"))?;
        text.lines().enumerate().skip(start).find_map(|(i, line)| {
            let entry = line.trim_start().trim_start_matches("- ").trim_start();
            let value = entry.strip_prefix("name:")?.trim();
            let bare = value.trim_matches(|c| c == '"' || c == '\'');
            (bare == name).then(|| {
                let column = line
                    .find(value)
                    .map_or(1, |c| line[..c].chars().count() + 1);
                (path.clone(), i as u32 + 1, column as u32)
            })
        })
    })
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

    #[test]
    fn dependencies_are_found_by_their_name_line() {
        let dir = std::env::temp_dir().join(format!("hp-dep-pos-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(
            dir.join("Chart.yaml"),
            "apiVersion: v2\nname: app\ndependencies:\n  - name: \"common\"\n    version: 2.x\n  -   name: db\n",
        )
        .expect("write");
        let pos = |n: &str| dependency_position(&dir, n).map(|(_, l, c)| (l, c));
        let got = (pos("common"), pos("db"), pos("app"), pos("nope"));
        let _ = std::fs::remove_dir_all(&dir);
        // `name: app` is the chart's own name, above `dependencies:`.
        assert_eq!(got, (Some((4, 11)), Some((6, 13)), None, None));
    }
}
