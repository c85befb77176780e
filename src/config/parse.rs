//! The schema of `.helm-preflight.yaml`: from the YAML node tree to a [`Config`], with
//! every unknown key and bad value reported at its line and column.

use std::path::Path;

use crate::rules::registry::{closest, closest_rule_id, rule_doc};
use crate::rules::Severity;
use crate::yaml::Node;

use super::nodes::{list, located, mapping, number, text, texts, Errors, Fields};
use super::{BudgetSettings, ChartSettings, Config, Exemption, Glob, Located, RuleSetting};

const TOP: &[&str] = &["rules", "exemptions", "charts", "budget"];
const EXEMPTION: &[&str] = &["rule", "path", "kind", "name", "reason"];
const CHART: &[&str] = &["path", "values", "set", "timeout"];
const SETTINGS: &[&str] = &["off", "on", "error", "warning", "note"];
const BUDGET: &[&str] = &["image_pull_seconds", "nodes", "buffer_seconds"];

/// Reads the configuration from its root node. Paths are resolved against `base_dir`.
pub(super) fn config(root: &Node, base_dir: &Path, errs: &mut Errors) -> Config {
    let mut cfg = Config {
        base_dir: base_dir.to_path_buf(),
        ..Config::default()
    };
    let Some(top) = Fields::read(root, "the configuration", TOP, errs) else {
        return cfg;
    };
    if let Some(n) = top.get("rules") {
        cfg.rules = rules(n, errs);
    }
    if let Some(n) = top.get("exemptions") {
        cfg.exemptions = list(n, "exemptions", errs)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, item)| exemption(item, &format!("exemptions[{i}]"), errs))
            .collect();
    }
    if let Some(n) = top.get("charts") {
        for (i, item) in list(n, "charts", errs)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let Some(chart) = chart(item, &format!("charts[{i}]"), base_dir, errs) else {
                continue;
            };
            if let Some(first) = cfg.charts.iter().find(|c| c.path.value == chart.path.value) {
                errs.at_pos(
                    chart.path.line,
                    chart.path.column,
                    format!(
                        "charts[{i}].path: this chart is already configured at line {}",
                        first.path.line
                    ),
                );
                continue;
            }
            cfg.charts.push(chart);
        }
    }
    if let Some(n) = top.get("budget") {
        cfg.budget = budget(n, errs);
    }
    cfg
}

/// A rule id that has a doc, or an error naming the closest one.
fn known_rule(node: &Node, id: &str, errs: &mut Errors) -> bool {
    if rule_doc(id).is_some() {
        return true;
    }
    let hint = closest_rule_id(id)
        .map(|c| format!("; did you mean {c:?}?"))
        .unwrap_or_default();
    errs.at(
        node,
        format!("unknown rule {id:?}{hint} (`helm-preflight rules` lists every rule)"),
    );
    false
}

fn rules(node: &Node, errs: &mut Errors) -> Vec<(String, Located<RuleSetting>)> {
    let mut out = Vec::new();
    for ((id, key), value) in mapping(node, "rules", errs).unwrap_or_default() {
        if !known_rule(key, id, errs) {
            continue;
        }
        let setting = match value.as_scalar() {
            Some("off") => Some(RuleSetting::Off),
            Some("on") => Some(RuleSetting::On),
            Some("error") => Some(RuleSetting::Severity(Severity::Error)),
            Some("warning") => Some(RuleSetting::Severity(Severity::Warning)),
            Some("note") => Some(RuleSetting::Severity(Severity::Note)),
            _ => None,
        };
        match setting {
            Some(s) => out.push((id.to_string(), located(value, s))),
            None => {
                let found = value.as_scalar();
                let hint = found
                    .and_then(|s| match s {
                        "false" | "no" | "disabled" => Some("off"),
                        "true" | "yes" | "enabled" => Some("on"),
                        _ => closest(s, SETTINGS.iter().copied()),
                    })
                    .map(|c| format!("; did you mean {c:?}?"))
                    .unwrap_or_default();
                errs.at(
                    value,
                    format!(
                        "rules.{id}: expected one of {}, found {}{hint}",
                        SETTINGS.join(", "),
                        found.map_or_else(|| "a collection".to_string(), |s| format!("{s:?}"))
                    ),
                )
            }
        }
    }
    out
}

fn exemption(node: &Node, what: &str, errs: &mut Errors) -> Option<Exemption> {
    let f = Fields::read(node, what, EXEMPTION, errs)?;
    let before = errs.list.len();
    let rule = f
        .get("rule")
        .and_then(|n| {
            text(n, &format!("{what}.rule"), errs).filter(|r| known_rule(n, &r.value, errs))
        })
        .map(|r| r.value);
    let path = f
        .get("path")
        .and_then(|n| glob(n, &format!("{what}.path"), errs));
    let kind = f
        .get("kind")
        .and_then(|n| text(n, &format!("{what}.kind"), errs))
        .map(|k| k.value);
    let name = f
        .get("name")
        .and_then(|n| glob(n, &format!("{what}.name"), errs));
    let reason = match f.get("reason") {
        Some(n) => text(n, &format!("{what}.reason"), errs).map(|r| r.value),
        None => {
            errs.at(
                node,
                format!("{what}: missing `reason:` (say why these findings are accepted)"),
            );
            None
        }
    };
    if f.get("rule").is_none()
        && f.get("path").is_none()
        && f.get("kind").is_none()
        && f.get("name").is_none()
    {
        errs.at(
            node,
            format!("{what}: give at least one of rule, path, kind, name (an exemption of everything turns the linter off)"),
        );
    }
    if errs.list.len() > before {
        return None;
    }
    Some(Exemption {
        rule,
        path,
        kind,
        name,
        reason: reason.unwrap_or_default(),
        line: node.line,
        column: node.col,
    })
}

/// A glob (`*` stays within a path segment, `**` crosses them), or an error.
fn glob(node: &Node, what: &str, errs: &mut Errors) -> Option<Glob> {
    let pattern = text(node, what, errs)?.value;
    match globset::GlobBuilder::new(&pattern)
        .literal_separator(true)
        .build()
    {
        Ok(g) => Some(Glob {
            matcher: g.compile_matcher(),
            pattern,
        }),
        Err(e) => {
            errs.at(
                node,
                format!("{what}: invalid glob {pattern:?}: {}", e.kind()),
            );
            None
        }
    }
}

fn chart(node: &Node, what: &str, base_dir: &Path, errs: &mut Errors) -> Option<ChartSettings> {
    let f = Fields::read(node, what, CHART, errs)?;
    let before = errs.list.len();
    let Some(path_node) = f.get("path") else {
        errs.at(
            node,
            format!("{what}: missing `path:` (the chart directory)"),
        );
        return None;
    };
    let path = text(path_node, &format!("{what}.path"), errs)?;
    let dir = super::normalize(&base_dir.join(&path.value));
    if !dir.join("Chart.yaml").is_file() && !dir.is_file() {
        errs.at(
            path_node,
            format!("{what}.path: no chart at {} ({})", path.value, RELATIVE),
        );
    }
    let values = f
        .get("values")
        .map(|n| texts(n, &format!("{what}.values"), errs))
        .unwrap_or_default()
        .into_iter()
        .map(|v| {
            let file = super::normalize(&base_dir.join(&v.value));
            if !file.is_file() {
                errs.at_pos(
                    v.line,
                    v.column,
                    format!("{what}.values: no file {} ({})", v.value, RELATIVE),
                );
            }
            Located {
                value: file,
                line: v.line,
                column: v.column,
            }
        })
        .collect();
    let set = f
        .get("set")
        .map(|n| texts(n, &format!("{what}.set"), errs))
        .unwrap_or_default();
    for s in &set {
        if let Err(e) = crate::chart::strvals::parse_set(&s.value, &mut Default::default()) {
            errs.at_pos(s.line, s.column, format!("{what}.set: {e}"));
        }
    }
    let timeout = f.get("timeout").and_then(|n| {
        let t = text(n, &format!("{what}.timeout"), errs)?;
        match crate::funcs::sprig2::goduration::parse_duration(&t.value) {
            Ok(ns) if ns > 0 => Some(located(n, std::time::Duration::from_nanos(ns as u64))),
            Ok(_) => {
                errs.at(n, format!("{what}.timeout: must be longer than 0s"));
                None
            }
            Err(e) => {
                errs.at(
                    n,
                    format!("{what}.timeout: {} (use e.g. 5m, 90s, 1h30m)", e.msg),
                );
                None
            }
        }
    });
    if errs.list.len() > before {
        return None;
    }
    Some(ChartSettings {
        path: Located {
            value: dir,
            line: path.line,
            column: path.column,
        },
        values,
        set,
        timeout,
    })
}

/// How paths in the configuration are read, for messages.
const RELATIVE: &str = "paths in the configuration are relative to its directory";

fn budget(node: &Node, errs: &mut Errors) -> BudgetSettings {
    let Some(f) = Fields::read(node, "budget", BUDGET, errs) else {
        return BudgetSettings::default();
    };
    let mut read = |key: &str, min: u64| {
        f.get(key)
            .and_then(|n| number(n, &format!("budget.{key}"), min, errs))
    };
    BudgetSettings {
        image_pull_seconds: read("image_pull_seconds", 0),
        nodes: read("nodes", 1),
        buffer_seconds: read("buffer_seconds", 0),
    }
}
