//! `budget` output: a human summary (with the arithmetic under `--explain`) and JSON.

use std::path::Path;

use super::duration::go_duration;
use super::explain::model_text;
use super::{Budget, Wait};
use crate::lint::template_file;
use crate::manifest::Provenance;

/// Where a template position is, as the user sees it: `(path, line, column)` with the
/// path of the template file under `chart_dir`, relative to `cwd` when inside it.
fn place(chart_dir: &Path, cwd: &Path, p: &Provenance) -> (String, u32, u32) {
    let path = template_file(chart_dir, &p.at.file);
    let shown = path
        .strip_prefix(cwd)
        .unwrap_or(&path)
        .display()
        .to_string();
    (shown, p.at.line, p.at.column)
}

/// `path:line:col`, or `-` when the position is unknown.
/// `path:line:col`, or `-` when the position is unknown.
fn place_text(chart_dir: &Path, cwd: &Path, p: Option<&Provenance>) -> String {
    p.map(|p| {
        let (path, line, col) = place(chart_dir, cwd, p);
        format!("{path}:{line}:{col}")
    })
    .unwrap_or_else(|| "-".into())
}

fn place_json(chart_dir: &Path, cwd: &Path, p: Option<&Provenance>) -> serde_json::Value {
    p.map_or(serde_json::Value::Null, |p| {
        let (path, line, column) = place(chart_dir, cwd, p);
        serde_json::json!({"path": path, "line": line, "column": column})
    })
}

/// The human summary; `explain` adds the model and every item's arithmetic.
pub fn human(b: &Budget, chart_dir: &Path, cwd: &Path, explain: bool) -> String {
    let mut out = String::new();
    if explain {
        out.push_str(&model_text(&b.settings));
        out.push('\n');
    }
    let buffer = b.settings.buffer_seconds;
    out.push_str(&format!(
        "minimum --timeout: {} ({} s)\n",
        go_duration(b.minimum_seconds),
        b.minimum_seconds
    ));
    match b.slowest() {
        Some(w) => out.push_str(&format!(
            "  = slowest {} {} s + {buffer} s buffer\n",
            w.label(),
            w.seconds
        )),
        None => out.push_str(&format!("  = {buffer} s buffer\n")),
    }
    out.push_str(&format!(
        "rule of thumb: {} ({} s) = {}\n",
        go_duration(b.rule_of_thumb_seconds),
        b.rule_of_thumb_seconds,
        b.rule_of_thumb_explain
    ));
    if b.phases > 1 {
        out.push_str(&format!(
            "phases: up to {} (pre hooks, the wait, post hooks), each with its own full \
             --timeout: at {}, up to {} in all\n",
            b.phases,
            go_duration(b.minimum_seconds),
            go_duration(b.worst_case_seconds(b.minimum_seconds))
        ));
    }
    let item = |out: &mut String, w: &Wait, extra: &str| {
        out.push_str(&format!(
            "  {}  {}{extra}: {} = {} s\n",
            place_text(chart_dir, cwd, w.location.as_ref()),
            w.label(),
            w.summary,
            w.seconds
        ));
        if explain {
            for line in &w.explain {
                out.push_str(&format!("      {line}\n"));
            }
        }
    };
    if !b.workloads.is_empty() {
        out.push_str("\nworkloads (they roll out in parallel; the slowest sets the budget):\n");
        for w in &b.workloads {
            item(&mut out, w, "");
        }
    }
    if !b.hooks.is_empty() {
        out.push_str("\nhooks (each runs against its own full --timeout):\n");
        for h in &b.hooks {
            let extra = format!(
                " [{}]{}",
                h.events.join(","),
                if h.counted {
                    ""
                } else {
                    " (not part of install/upgrade/rollback; not counted)"
                }
            );
            item(&mut out, &h.wait, &extra);
        }
    }
    if !b.notes.is_empty() {
        out.push_str("\nnotes:\n");
        for n in &b.notes {
            let mut head: Vec<String> = n
                .location
                .as_ref()
                .map(|l| place_text(chart_dir, cwd, Some(l)))
                .into_iter()
                .collect();
            head.extend(n.object.clone());
            head.push(n.message.clone());
            out.push_str(&format!("  {}\n", head.join(": ")));
        }
    }
    out
}

fn wait_json(w: &Wait, chart_dir: &Path, cwd: &Path, explain: bool) -> serde_json::Value {
    let mut v = serde_json::json!({
        "kind": w.kind,
        "name": w.name,
        "location": place_json(chart_dir, cwd, w.location.as_ref()),
        "pods": w.pods,
        "waves": w.waves,
        "per_pod_seconds": w.per_pod_seconds,
        "seconds": w.seconds,
        "summary": w.summary,
    });
    if explain {
        v["explain"] = serde_json::json!(w.explain);
    }
    v
}

/// The JSON document, printed.
pub fn json(b: &Budget, chart_dir: &Path, cwd: &Path, explain: bool) -> String {
    serde_json::to_string_pretty(&json_value(b, chart_dir, cwd, explain)).unwrap_or_default() + "\n"
}

/// The JSON document; `explain` adds every item's arithmetic.
pub fn json_value(b: &Budget, chart_dir: &Path, cwd: &Path, explain: bool) -> serde_json::Value {
    let hooks: Vec<serde_json::Value> = b
        .hooks
        .iter()
        .map(|h| {
            let mut v = wait_json(&h.wait, chart_dir, cwd, explain);
            v["events"] = serde_json::json!(h.events);
            v["counted"] = serde_json::json!(h.counted);
            v
        })
        .collect();
    let notes: Vec<serde_json::Value> = b
        .notes
        .iter()
        .map(|n| {
            serde_json::json!({
                "object": n.object,
                "location": place_json(chart_dir, cwd, n.location.as_ref()),
                "message": n.message,
            })
        })
        .collect();
    serde_json::json!({
        "version": 1,
        "minimum_seconds": b.minimum_seconds,
        "minimum": go_duration(b.minimum_seconds),
        "rule_of_thumb_seconds": b.rule_of_thumb_seconds,
        "rule_of_thumb": b.rule_of_thumb_explain,
        "phases": b.phases,
        "slowest": b.slowest().map(|w| serde_json::json!({"kind": w.kind, "name": w.name})),
        "settings": {
            "image_pull_seconds": b.settings.image_pull_seconds,
            "nodes": b.settings.nodes,
            "buffer_seconds": b.settings.buffer_seconds,
            "wait_for_jobs": b.settings.wait_for_jobs,
        },
        "workloads": b.workloads.iter().map(|w| wait_json(w, chart_dir, cwd, explain)).collect::<Vec<_>>(),
        "hooks": hooks,
        "notes": notes,
    })
}
