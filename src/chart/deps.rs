//! Dependency processing (`ProcessDependencies`): which subcharts are enabled
//! (conditions, tags), aliases, and `import-values`.

use super::coalesce::{coalesce_tables, coalesce_values, deep_copy_entries, merge_values};
use super::load::Chart;
use super::metadata::Dependency;
use crate::template::value::{Entries, Map, MapType, Value};

/// Whether `version` satisfies the dependency's version range.
pub type RangeCheck = fn(range: &str, version: &str) -> bool;

/// Applies Helm's dependency processing to `chart` with the user's values.
pub fn process_dependencies(
    chart: &mut Chart,
    user: &Entries,
    in_range: RangeCheck,
) -> Result<(), String> {
    process_enabled(chart, user, "", in_range)?;
    process_import_values(chart)
}

fn alias_dependency(charts: &[Chart], dep: &Dependency, in_range: RangeCheck) -> Option<Chart> {
    let c = charts
        .iter()
        .find(|c| c.name() == dep.name && in_range(&dep.version, &c.metadata.version))?;
    let mut out = c.clone();
    if !dep.alias.is_empty() {
        out.metadata.name = dep.alias.clone();
    }
    Some(out)
}

fn path_value(vals: &Entries, path: &str) -> Option<Value> {
    let root = Map::new(MapType::Any, vals.clone());
    let mut cur = Value::Map(root);
    let parts: Vec<&str> = path.split('.').collect();
    for (i, p) in parts.iter().enumerate() {
        let Value::Map(m) = &cur else {
            return None;
        };
        let next = m.get(p)?;
        if i + 1 < parts.len() && !matches!(next, Value::Map(_)) {
            return None;
        }
        cur = next;
    }
    if matches!(cur, Value::Map(_)) {
        return None;
    }
    Some(cur)
}

fn process_enabled(
    c: &mut Chart,
    v: &Entries,
    path: &str,
    in_range: RangeCheck,
) -> Result<(), String> {
    if c.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let mut deps: Vec<Chart> = c
        .dependencies
        .iter()
        .filter(|existing| {
            !c.metadata.dependencies.iter().any(|r| {
                existing.name() == r.name && in_range(&r.version, &existing.metadata.version)
            })
        })
        .cloned()
        .collect();
    for req in &mut c.metadata.dependencies {
        if let Some(d) = alias_dependency(&c.dependencies, req, in_range) {
            deps.push(d);
        }
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
    }
    c.dependencies = deps;
    for r in &mut c.metadata.dependencies {
        r.enabled = true;
    }
    let cvals = coalesce_values(c, v)?;
    // Tags.
    if let Some(Value::Map(tags)) = cvals.get("tags") {
        for r in &mut c.metadata.dependencies {
            let (mut has_true, mut has_false) = (false, false);
            for t in &r.tags {
                match tags.get(t) {
                    Some(Value::Bool(true)) => has_true = true,
                    Some(Value::Bool(false)) => has_false = true,
                    _ => {}
                }
            }
            r.enabled = has_true || !has_false;
        }
    }
    // Conditions.
    for r in &mut c.metadata.dependencies {
        for cond in r.condition.trim().split(',') {
            if cond.is_empty() {
                continue;
            }
            if let Some(Value::Bool(b)) = path_value(&cvals, &format!("{path}{cond}")) {
                r.enabled = b;
                break;
            }
        }
    }
    let disabled: Vec<String> = c
        .metadata
        .dependencies
        .iter()
        .filter(|r| !r.enabled)
        .map(|r| r.name.clone())
        .collect();
    c.dependencies
        .retain(|d| !disabled.contains(&d.metadata.name));
    c.metadata
        .dependencies
        .retain(|r| !disabled.contains(&r.name));
    for t in &mut c.dependencies {
        let sub = format!("{path}{}.", t.metadata.name);
        process_enabled(t, &cvals, &sub, in_range)?;
    }
    Ok(())
}

fn process_import_values(c: &mut Chart) -> Result<(), String> {
    for d in &mut c.dependencies {
        process_import_values(d)?;
    }
    if c.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let cvals = merge_values(c, &Entries::new())?;
    let root = Map::new(MapType::Any, cvals.clone());
    let b = Map::new(MapType::Any, Entries::new());
    for r in &mut c.metadata.dependencies {
        let mut out = Vec::new();
        for iv in &r.import_values {
            let (child, parent) = match iv {
                Value::Map(m) => (
                    m.get("child")
                        .map(|v| crate::template::gofmt::print_value(&v))
                        .unwrap_or_default(),
                    m.get("parent")
                        .map(|v| crate::template::gofmt::print_value(&v))
                        .unwrap_or_default(),
                ),
                Value::String(s) => (format!("exports.{}", s.as_str()), ".".to_string()),
                _ => continue,
            };
            let mut e = Entries::new();
            e.insert("child".into(), Value::from(child.as_str()));
            e.insert("parent".into(), Value::from(parent.as_str()));
            out.push(Value::Map(Map::new(MapType::StrStr, e)));
            let Some(table) = table_at(&root, &format!("{}.{child}", r.name)) else {
                continue;
            };
            let src = if parent == "." {
                table
            } else {
                let mut cur = table;
                for key in parent.split('.').rev() {
                    let mut e = Entries::new();
                    e.insert(key.to_string(), Value::Map(cur));
                    cur = Map::new(MapType::Any, e);
                }
                cur
            };
            coalesce_tables(&b, &src, true);
        }
        r.import_values = out;
    }
    let merged = Map::new(MapType::Any, deep_copy_entries(&cvals));
    coalesce_tables(&merged, &b, true);
    c.values = merged.entries.borrow().clone();
    Ok(())
}

fn table_at(root: &Map, path: &str) -> Option<Map> {
    let mut cur = root.clone();
    for p in path.split('.') {
        match cur.get(p) {
            Some(Value::Map(m)) => cur = Map::new(MapType::Any, m.entries.borrow().clone()),
            _ => return None,
        }
    }
    Some(cur)
}
/// Helm's CLI check before `install`, `upgrade` and `template` (`action.CheckDependencies`):
/// every dependency that `Chart.yaml` (or `requirements.yaml`) lists must be a chart under
/// `charts/`, enabled or not. `Some((message, first missing name))` when one is not.
pub fn missing_dependencies(chart: &Chart) -> Option<(String, String)> {
    let missing: Vec<&str> = chart
        .metadata
        .dependencies
        .iter()
        .map(|d| d.name.as_str())
        .filter(|name| !chart.dependencies.iter().any(|c| c.name() == *name))
        .collect();
    let first = missing.first()?.to_string();
    Some((
        format!(
            "an error occurred while checking for chart dependencies. You may need to run \
             'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but \
             missing in charts/ directory: {}",
            missing.join(", ")
        ),
        first,
    ))
}
