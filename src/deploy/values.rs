//! The values a deployed chart is linted with: values documents in merge order
//! (files, or text taken from a pipeline file at its positions), then the `--set`
//! family, and optionally documents that replace the chart's own `values.yaml`
//! (Flux `valuesFiles`).

use std::path::PathBuf;

use crate::cli::{read, ValuesArgs};
use crate::render::command::{apply_values_flags, merge_values_text};
use crate::template::value::Entries;

/// One values document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValuesLayer {
    /// A file, read when the chart is linted.
    File(PathBuf),
    /// Values written in a pipeline file (`path`), as a document that keeps their
    /// lines and columns there.
    Text {
        /// The pipeline file.
        path: PathBuf,
        /// The positioned YAML text.
        text: String,
    },
}

/// Everything a run of a deployed chart takes its values from. Plain data, so that it
/// can be handed to the worker thread that renders the chart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeployValues {
    /// Documents whose merge replaces the chart's `values.yaml` (`None`: the chart's
    /// own defaults).
    pub chart_values: Option<Vec<ValuesLayer>>,
    /// Documents merged over the chart's defaults, in order (`-f` files).
    pub layers: Vec<ValuesLayer>,
    /// The `--set` family, applied after the documents (its `values` is unused).
    pub flags: ValuesArgs,
}

/// The merged values of a run.
#[derive(Debug, Default)]
pub struct MergedValues {
    /// The user values.
    pub user: Entries,
    /// Every document read (path and text), lowest precedence first, for locating
    /// the values behind findings.
    pub files: Vec<(PathBuf, String)>,
    /// The chart defaults that replace `values.yaml`, when the system replaces them.
    pub chart_values: Option<Entries>,
    /// The keys the `--set` family sets (no document supplies them).
    pub overrides: Vec<Vec<String>>,
}

impl DeployValues {
    /// Helm's values flags: the `-f` files as layers, the rest as flags.
    pub fn from_args(mut args: ValuesArgs) -> DeployValues {
        let layers = std::mem::take(&mut args.values)
            .into_iter()
            .map(ValuesLayer::File)
            .collect();
        DeployValues {
            chart_values: None,
            layers,
            flags: args,
        }
    }

    /// Reads and merges everything; an unreadable or invalid document is an error
    /// naming it.
    pub fn merge(&self) -> Result<MergedValues, String> {
        let mut out = MergedValues::default();
        if let Some(layers) = &self.chart_values {
            let mut defaults = Entries::new();
            merge_layers(layers, &mut defaults, &mut out.files)?;
            out.chart_values = Some(defaults);
        }
        merge_layers(&self.layers, &mut out.user, &mut out.files)?;
        apply_values_flags(&mut out.user, &self.flags)?;
        out.overrides = self.flags.set_keys();
        Ok(out)
    }
}

fn merge_layers(
    layers: &[ValuesLayer],
    into: &mut Entries,
    files: &mut Vec<(PathBuf, String)>,
) -> Result<(), String> {
    for layer in layers {
        let (path, text) = match layer {
            ValuesLayer::File(path) => (path.clone(), read(path)?),
            ValuesLayer::Text { path, text } => (path.clone(), text.clone()),
        };
        merge_values_text(into, &path, &text)?;
        files.push((path, text));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::value::Value;

    /// A number of the values (YAML numbers load as floats, `--set` ones as ints).
    fn num(e: &Entries, key: &str) -> Option<f64> {
        match e.get(key)? {
            Value::Float(f, _) => Some(*f),
            Value::Int(i, _) => Some(*i as f64),
            _ => None,
        }
    }

    #[test]
    fn layers_merge_in_order_then_flags_and_chart_values_apart() {
        let dir = std::env::temp_dir().join(format!("hp-deploy-values-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("a.yaml"), "a: 1\nb: 1\n").expect("write");
        std::fs::write(dir.join("d.yaml"), "d: 1\n").expect("write");
        let v = DeployValues {
            chart_values: Some(vec![ValuesLayer::File(dir.join("d.yaml"))]),
            layers: vec![
                ValuesLayer::File(dir.join("a.yaml")),
                ValuesLayer::Text {
                    path: "p.yaml".into(),
                    text: "\n  b: 2\n  c: 2\n".into(),
                },
            ],
            flags: ValuesArgs {
                set: vec!["c=3".into()],
                ..ValuesArgs::default()
            },
        };
        let m = v.merge().expect("merge");
        assert_eq!(
            [num(&m.user, "a"), num(&m.user, "b"), num(&m.user, "c")],
            [Some(1.0), Some(2.0), Some(3.0)]
        );
        assert!(!m.user.contains_key("d"));
        assert!(m.chart_values.expect("chart values").contains_key("d"));
        let paths: Vec<PathBuf> = m.files.into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                dir.join("d.yaml"),
                dir.join("a.yaml"),
                PathBuf::from("p.yaml")
            ]
        );
        let bad = DeployValues {
            layers: vec![ValuesLayer::Text {
                path: "p.yaml".into(),
                text: "a: [".into(),
            }],
            ..DeployValues::default()
        };
        assert!(bad.merge().unwrap_err().starts_with("p.yaml: "));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
