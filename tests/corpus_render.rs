//! Renders every chart of ../shared/corpus/charts and compares, template by template,
//! the parsed YAML documents with Helm's output in ../shared/corpus/expected
//! (volatile paths masked). Skips with a message when the corpus is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use helm_preflight::chart::load::load;
use helm_preflight::render::chart::{render_chart, RenderOptions};
use helm_preflight::render::command::version_in_range;
use helm_preflight::render::context::ReleaseInfo;
use helm_preflight::render::values::merge_maps;
use helm_preflight::template::value::{Entries, Value};
use helm_preflight::yaml::parse_documents;
use helm_preflight::yaml::to_value::{document_to_values, load_values_v4};

/// Charts that must match Helm exactly (raised as the renderer improves).
const MIN_MATCHING_CHARTS: usize = 38;

fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    p.join("charts").is_dir().then_some(p)
}

/// Parsed documents of a template's text, with volatile paths masked.
fn documents(text: &str, volatile: &[Vec<String>]) -> Result<Vec<String>, String> {
    let docs = parse_documents(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let mut v = document_to_values(d).map_err(|e| e.to_string())?;
        for path in volatile
            .iter()
            .filter(|p| p.first().map(String::as_str) == Some(&i.to_string()))
        {
            mask(&mut v, &path[1..]);
        }
        out.push(helm_preflight::template::gofmt::print_value(&v));
    }
    Ok(out)
}

fn mask(v: &mut Value, path: &[String]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    match v {
        Value::Map(m) => {
            let mut e = m.entries.borrow_mut();
            if let Some(child) = e.get_mut(first) {
                if rest.is_empty() {
                    *child = Value::from("<volatile>");
                } else {
                    mask(child, rest);
                }
            }
        }
        Value::List(l) => {
            if let Ok(i) = first.parse::<usize>() {
                let mut items = (*l.items).clone();
                if let Some(child) = items.get_mut(i) {
                    if rest.is_empty() {
                        *child = Value::from("<volatile>");
                    } else {
                        mask(child, rest);
                    }
                }
                l.items = std::rc::Rc::new(items);
            }
        }
        _ => {}
    }
}

#[derive(Default)]
struct Stats {
    charts: usize,
    charts_ok: usize,
    templates: usize,
    templates_ok: usize,
    templates_bytes: usize,
}

#[test]
fn corpus_charts_render_like_helm() {
    let Some(root) = corpus() else {
        eprintln!("skipping: ../shared/corpus is absent (the corpus lives beside the checkout)");
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(root.join("charts"))
        .expect("corpus charts")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut stats = Stats::default();
    let mut report = Vec::new();
    for name in &names {
        stats.charts += 1;
        let dir = root.join("charts").join(name);
        let expected: serde_json::Value =
            match std::fs::read_to_string(root.join("expected").join(format!("{name}.json"))) {
                Ok(t) => serde_json::from_str(&t).expect("expected json"),
                Err(_) => continue,
            };
        let volatile: BTreeMap<String, Vec<Vec<String>>> =
            std::fs::read_to_string(root.join("expected").join(format!("{name}.volatile.json")))
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
        let mut user = Entries::new();
        if let Ok(t) = std::fs::read_to_string(dir.join("ci-values.yaml")) {
            if let Ok(Value::Map(m)) = load_values_v4(&t) {
                merge_maps(&mut user, m.entries.borrow().clone());
            }
        }
        let chart = match load(&dir) {
            Ok(c) => c,
            Err(e) => {
                report.push(format!("{name}: load error: {e}"));
                continue;
            }
        };
        let opts = RenderOptions {
            release: ReleaseInfo::default(),
            ..RenderOptions::default()
        };
        let rendered = match render_chart(&chart, &user, &opts, version_in_range) {
            Ok(r) => r,
            Err(e) => {
                report.push(format!(
                    "{name}: render error: {}",
                    e.message.lines().next().unwrap_or("")
                ));
                continue;
            }
        };
        let want = expected["templates"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let mut chart_ok = true;
        for (path, text) in &want {
            stats.templates += 1;
            let text = text.as_str().unwrap_or("");
            let ours = rendered.templates.get(path).map(|b| b.text.as_str());
            let Some(ours) = ours else {
                chart_ok = false;
                report.push(format!("{name}: missing template {path}"));
                continue;
            };
            if ours == text {
                stats.templates_bytes += 1;
            }
            let vol = volatile.get(path).cloned().unwrap_or_default();
            if documents(ours, &vol) == documents(text, &vol) {
                stats.templates_ok += 1;
            } else {
                chart_ok = false;
                report.push(format!("{name}: differs: {path}"));
            }
        }
        for path in rendered.templates.keys() {
            if !want.contains_key(path) {
                chart_ok = false;
                report.push(format!("{name}: extra template {path}"));
            }
        }
        if chart_ok {
            stats.charts_ok += 1;
        }
    }
    eprintln!(
        "corpus: {}/{} charts match; {}/{} templates match as documents, {} byte for byte",
        stats.charts_ok, stats.charts, stats.templates_ok, stats.templates, stats.templates_bytes
    );
    for r in report.iter().take(200) {
        eprintln!("  {r}");
    }
    assert!(
        stats.charts_ok >= MIN_MATCHING_CHARTS,
        "only {} charts match (expected at least {MIN_MATCHING_CHARTS})",
        stats.charts_ok
    );
}
