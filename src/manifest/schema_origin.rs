//! Where a value that `values.schema.json` rejected is written: the failing JSON
//! pointer (`/image/tag`) of a chart's values, looked up in the `-f` files (last one
//! first), then in the chart's own `values.yaml` and those of its parents.

use super::values_origin::{lookup_sources, PathSeg, ValuesPos, ValuesSources};
use crate::chart::load::Chart;

/// The values entry behind `pointer` in the values of the chart at `chart_path`
/// (`root`, `root/charts/sub`) of `chart`, when a values file writes it (a `--set`
/// value has no file).
pub fn schema_value_origin(
    chart: &Chart,
    chart_path: &str,
    pointer: &str,
    sources: &ValuesSources,
) -> Option<ValuesPos> {
    let path: Vec<PathSeg> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .map(|t| match t.parse::<usize>() {
            Ok(i) if !t.starts_with('+') => PathSeg::Index(i),
            _ => PathSeg::Key(t),
        })
        .collect();
    if path.is_empty() {
        return None;
    }
    lookup_sources(
        chart,
        &format!("{chart_path}/values.schema.json"),
        &path,
        sources,
    )
}

/// The chart path (`root/charts/sub`) of the chart named `name` in `chart`'s tree,
/// depth first, the root first.
pub fn chart_path_of(chart: &Chart, name: &str) -> Option<String> {
    fn walk(c: &Chart, name: &str, prefix: String) -> Option<String> {
        if c.name() == name {
            return Some(prefix);
        }
        c.dependencies
            .iter()
            .find_map(|sub| walk(sub, name, format!("{prefix}/charts/{}", sub.name())))
    }
    walk(chart, name, chart.name().to_string())
}
