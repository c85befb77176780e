//! Loading charts from directories and `.tgz` archives (Helm's `pkg/chart/v2/loader`):
//! file classification, `.helmignore`, subcharts (folders and archives), BOM removal.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::ignore::IgnoreRules;
use super::metadata::{parse_metadata, Metadata};
use super::validate::validate;
use crate::template::value::{Entries, Value};
use crate::yaml::to_value::load_values_v4;

/// A file of a chart: path relative to the chart root (slash-separated) and bytes.
/// Contents are shared, so cloning a chart (as every render does) copies no data.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartFile {
    /// Path relative to the chart root.
    pub name: String,
    /// Contents.
    pub data: Rc<[u8]>,
    text: Rc<str>,
}

impl ChartFile {
    /// A file from its path and bytes.
    pub fn new(name: String, data: Vec<u8>) -> ChartFile {
        let text: Rc<str> = Rc::from(String::from_utf8_lossy(&data).as_ref());
        ChartFile {
            name,
            data: Rc::from(data),
            text,
        }
    }

    /// The contents as text (invalid UTF-8 replaced).
    pub fn text(&self) -> Rc<str> {
        self.text.clone()
    }
}

/// A loaded chart and its subcharts.
#[derive(Clone, Debug, Default)]
pub struct Chart {
    /// `Chart.yaml`.
    pub metadata: Metadata,
    /// Default values from `values.yaml`.
    pub values: Entries,
    /// `values.yaml` text (for locations).
    pub values_text: Option<Rc<str>>,
    /// `values.schema.json`.
    pub schema: Option<String>,
    /// Files under `templates/`.
    pub templates: Vec<ChartFile>,
    /// Every other file (what `.Files` sees), including `crds/`.
    pub files: Vec<ChartFile>,
    /// Subcharts from `charts/`.
    pub dependencies: Vec<Chart>,
    /// Where the chart was loaded from, when from disk.
    pub source: Option<PathBuf>,
}

impl Chart {
    /// The chart name.
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// Files under `crds/`.
    pub fn crd_files(&self) -> impl Iterator<Item = &ChartFile> {
        self.files.iter().filter(|f| f.name.starts_with("crds/"))
    }

    /// Whether this is a library chart.
    pub fn is_library(&self) -> bool {
        self.metadata.chart_type == "library"
    }
}

/// An error loading a chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// Helm-style message.
    pub message: String,
    /// The file at fault, when known.
    pub path: Option<PathBuf>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", p.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn err(message: impl Into<String>, path: Option<&Path>) -> LoadError {
    LoadError {
        message: message.into(),
        path: path.map(Path::to_path_buf),
    }
}

/// Loads a chart from a directory or a `.tgz` archive.
pub fn load(path: &Path) -> Result<Chart, LoadError> {
    if path.is_dir() {
        load_dir(path)
    } else {
        let data = std::fs::read(path).map_err(|e| err(e.to_string(), Some(path)))?;
        let mut c = load_archive(&data).map_err(|mut e| {
            e.path.get_or_insert_with(|| path.to_path_buf());
            e
        })?;
        c.source = Some(path.to_path_buf());
        Ok(c)
    }
}

/// Loads a chart directory, honouring its `.helmignore` (and Helm's default rules).
pub fn load_dir(dir: &Path) -> Result<Chart, LoadError> {
    let mut rules = match std::fs::read_to_string(dir.join(".helmignore")) {
        Ok(text) => {
            IgnoreRules::parse(&text).map_err(|e| err(e.message, Some(&dir.join(".helmignore"))))?
        }
        Err(_) => IgnoreRules::default(),
    };
    rules.add_defaults();
    let mut files = Vec::new();
    walk(dir, dir, &rules, &mut files)?;
    let mut c = load_files(files)?;
    c.source = Some(dir.to_path_buf());
    Ok(c)
}

fn walk(
    root: &Path,
    dir: &Path,
    rules: &IgnoreRules,
    out: &mut Vec<ChartFile>,
) -> Result<(), LoadError> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| err(e.to_string(), Some(dir)))?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let is_dir = path.is_dir();
        if rules.ignore(&rel, is_dir) {
            continue;
        }
        if is_dir {
            walk(root, &path, rules, out)?;
            continue;
        }
        let mut data = std::fs::read(&path).map_err(|e| err(e.to_string(), Some(&path)))?;
        strip_bom(&mut data);
        out.push(ChartFile::new(rel, data));
    }
    Ok(())
}

fn strip_bom(data: &mut Vec<u8>) {
    if data.starts_with(&[0xEF, 0xBB, 0xBF]) {
        data.drain(..3);
    }
}

/// Loads a gzipped tar chart archive (one top-level directory).
pub fn load_archive(data: &[u8]) -> Result<Chart, LoadError> {
    let gz = flate2::read::GzDecoder::new(data);
    let mut ar = tar::Archive::new(gz);
    let mut files = Vec::new();
    let entries = ar
        .entries()
        .map_err(|e| err(format!("failed to read chart archive: {e}"), None))?;
    for entry in entries {
        let mut entry =
            entry.map_err(|e| err(format!("failed to read chart archive: {e}"), None))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let Some((_, rel)) = name.split_once('/') else {
            continue;
        };
        if rel.is_empty() {
            continue;
        }
        let mut buf = Vec::new();
        entry
            .read_to_end(&mut buf)
            .map_err(|e| err(format!("failed to read {name}: {e}"), None))?;
        strip_bom(&mut buf);
        files.push(ChartFile::new(rel.to_string(), buf));
    }
    if files.is_empty() {
        return Err(err("no files in chart archive", None));
    }
    load_files(files)
}

/// Builds a chart from its files (Helm's `LoadFiles`).
pub fn load_files(files: Vec<ChartFile>) -> Result<Chart, LoadError> {
    let mut c = Chart::default();
    let mut have_meta = false;
    if let Some(f) = files.iter().find(|f| f.name == "Chart.yaml") {
        parse_metadata(&f.text(), &mut c.metadata)
            .map_err(|e| err(format!("cannot load Chart.yaml: {e}"), None))?;
        if c.metadata.api_version.is_empty() {
            c.metadata.api_version = "v1".into();
        }
        have_meta = true;
    }
    let mut subcharts: Vec<(String, Vec<ChartFile>)> = Vec::new();
    for f in files {
        match f.name.as_str() {
            "Chart.yaml" | "Chart.lock" => {}
            "requirements.lock" => {
                // Helm creates (empty) metadata here too, and keeps the file for v1.
                have_meta = true;
                if c.metadata.api_version == "v1" {
                    c.files.push(f);
                }
            }
            "values.yaml" => {
                let text = f.text();
                let v = load_values_v4(&text)
                    .map_err(|e| err(format!("cannot load values.yaml: {e}"), None))?;
                if let Value::Map(m) = v {
                    c.values = m.entries.borrow().clone();
                }
                c.values_text = Some(Rc::from(&*text));
            }
            "values.schema.json" => c.schema = Some(f.text().to_string()),
            "requirements.yaml" => {
                parse_metadata(&f.text(), &mut c.metadata)
                    .map_err(|e| err(format!("cannot load requirements.yaml: {e}"), None))?;
                have_meta = true;
                if c.metadata.api_version == "v1" {
                    c.files.push(f);
                }
            }
            n if n.starts_with("templates/") => c.templates.push(f),
            n if n.starts_with("charts/") => {
                if n.ends_with(".prov") {
                    c.files.push(f);
                    continue;
                }
                let rest = &n["charts/".len()..];
                let cname = rest.split('/').next().unwrap_or("").to_string();
                let inner = ChartFile {
                    name: rest.to_string(),
                    ..f
                };
                match subcharts.iter_mut().find(|(n, _)| *n == cname) {
                    Some((_, v)) => v.push(inner),
                    None => subcharts.push((cname, vec![inner])),
                }
            }
            _ => c.files.push(f),
        }
    }
    if !have_meta {
        return Err(err("Chart.yaml file is missing", None));
    }
    validate(&mut c.metadata).map_err(|m| err(m, None))?;
    for (name, files) in subcharts {
        if name.starts_with(['_', '.']) {
            continue;
        }
        let sub = if name.ends_with(".tgz") {
            let Some(f) = files.iter().find(|f| f.name == name) else {
                continue;
            };
            load_archive(&f.data)
        } else {
            let inner: Vec<ChartFile> = files
                .into_iter()
                .filter_map(|f| {
                    let (_, rest) = f.name.split_once('/')?;
                    Some(ChartFile {
                        name: rest.to_string(),
                        ..f
                    })
                })
                .collect();
            load_files(inner)
        };
        let sub = sub.map_err(|e| {
            err(
                format!(
                    "error unpacking subchart {name} in {}: {}",
                    c.metadata.name, e.message
                ),
                None,
            )
        })?;
        c.dependencies.push(sub);
    }
    Ok(c)
}
