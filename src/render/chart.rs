//! Rendering a whole chart as Helm's engine does (`pkg/engine`): dependency
//! processing, values coalescing, one template namespace over the chart and its
//! subcharts, Helm's parse/execute order, and `<no value>` removal.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::chart::coalesce::coalesce_values;
use crate::chart::deps::{process_dependencies, RangeCheck};
use crate::chart::load::Chart;
use crate::chart::schema::{validate_values, Unchecked};
use crate::funcs::helm_funcs;
use crate::funcs::sprig2::certs::keys::set_lint_keys;
use crate::template::error::GoError;
use crate::template::exec::Exec;
use crate::template::output::OutBuf;
use crate::template::set::{SourceFile, TemplateSet};
use crate::template::trace::Frames;
use crate::template::value::{Entries, Map, MapType, Value};

use super::context::{Capabilities, KubeVersion, ReleaseInfo, VersionSet};
use super::errors::{exec_error_text, parse_error_text};
use super::eval::sort_templates;
use crate::template::files::files_value;

/// Options of a render.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Release facts.
    pub release: ReleaseInfo,
    /// `--kube-version`.
    pub kube_version: Option<String>,
    /// `--api-versions` (added to the defaults).
    pub api_versions: Vec<String>,
    /// `--skip-schema-validation`.
    pub skip_schema_validation: bool,
    /// Render for linting: the output is never printed, so `genCA`, `genPrivateKey`
    /// and friends make small RSA keys and `bcrypt`/`htpasswd` hash at the lowest cost
    /// (see [`set_lint_keys`]).
    pub lint_keys: bool,
}

/// Restores the thread's lint-keys setting when dropped.
struct LintKeysGuard(bool);

impl Drop for LintKeysGuard {
    fn drop(&mut self) {
        set_lint_keys(self.0);
    }
}

/// A rendered chart: every non-partial template's output, with provenance.
#[derive(Debug)]
pub struct Rendered {
    /// Output by template path (`chart/templates/x.yaml`, subcharts under `chart/charts/sub/...`).
    pub templates: BTreeMap<String, OutBuf>,
    /// Source files by index (what trace origins refer to).
    pub files: Vec<Rc<SourceFile>>,
    /// Call frames (for include chains).
    pub frames: Frames,
    /// The name of the template each frame called, by frame index (empty for the top level).
    pub callees: Vec<String>,
    /// The chart after dependency processing.
    pub chart: Chart,
    /// Remote schema documents the values were not checked against.
    pub schema_unchecked: Vec<Unchecked>,
}

/// The name of the template set a chart renders with, as Helm names it; `tpl` text is
/// parsed as a template of this name (so trace positions in a file of this name are
/// in `tpl` text, not in a chart file).
pub const SET_NAME: &str = "gotpl";

/// Why a chart did not render: Helm's message plus the location it names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenderError {
    /// Helm's error text.
    pub message: String,
    /// The template file at fault, when known.
    pub template: Option<String>,
    /// Byte offset in that file, when known.
    pub offset: Option<u32>,
    /// For values that `values.schema.json` rejected: the chart path (`root`,
    /// `root/charts/sub`) and the JSON pointer of the first rejected value.
    pub schema_value: Option<(String, String)>,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn plain(message: String) -> RenderError {
    RenderError {
        message,
        ..RenderError::default()
    }
}

/// Renders `chart` with user values `user` (already merged from -f/--set).
pub fn render_chart(
    chart: &Chart,
    user: &Entries,
    opts: &RenderOptions,
    in_range: RangeCheck,
) -> Result<Rendered, RenderError> {
    let _keys = LintKeysGuard(set_lint_keys(opts.lint_keys));
    let mut chart = working_copy(chart);
    process_dependencies(&mut chart, user, in_range).map_err(plain)?;
    let values = coalesce_values(&chart, user).map_err(plain)?;
    let schema_unchecked = if opts.skip_schema_validation {
        Vec::new()
    } else {
        validate_values(&chart, &values).map_err(|e| schema_failure(&chart, e))?
    };
    let caps = capabilities(opts);
    let top = Map::new(MapType::Values, Entries::new());
    {
        let mut e = top.entries.borrow_mut();
        e.insert(
            "Values".into(),
            Value::Map(Map::new(MapType::Values, values)),
        );
        e.insert("Release".into(), release_value(&opts.release));
        e.insert("Capabilities".into(), Value::Object(Rc::new(caps)));
    }
    let mut templates: Vec<(String, Rc<str>, Map)> = Vec::new();
    collect_templates(&chart, &top, None, &mut templates);
    // Template names with their texts and the index of their context.
    let mut order: Vec<(String, (Rc<str>, usize))> = templates
        .iter()
        .enumerate()
        .map(|(i, (n, t, _))| (n.clone(), (t.clone(), i)))
        .collect();
    sort_templates(&mut order);
    let mut set = TemplateSet::new(SET_NAME, helm_funcs());
    for (name, (text, _)) in &order {
        if let Err(e) = set.add_file(name, text.clone()) {
            return Err(RenderError {
                message: parse_error_text(name, &e),
                template: Some(name.clone()),
                offset: e.span.map(|s| s.start),
                ..RenderError::default()
            });
        }
    }
    let mut exec = Exec::new(&set);
    let mut out = BTreeMap::new();
    for (name, (_, i)) in &order {
        if name.rsplit('/').next().is_some_and(|b| b.starts_with('_')) {
            continue;
        }
        let ctx = &templates[*i].2;
        let base = name
            .rsplit_once("/templates/")
            .map(|(b, _)| format!("{b}/templates"))
            .unwrap_or_default();
        let mut t = Entries::new();
        t.insert("Name".into(), Value::from(name.as_str()));
        t.insert("BasePath".into(), Value::from(base.as_str()));
        ctx.entries
            .borrow_mut()
            .insert("Template".into(), Value::Map(Map::new(MapType::Values, t)));
        match exec.execute(name, Value::Map(ctx.clone())) {
            Ok(mut buf) => {
                buf.remove_all("<no value>");
                out.insert(name.clone(), buf);
            }
            Err(e) => return Err(exec_failure(&exec, name, &e)),
        }
    }
    let files = exec.files().to_vec();
    let frames = exec.frames().clone();
    let callees = (0..frames.frames.len() as u32)
        .map(|f| exec.frame_callee(f).unwrap_or_default().to_string())
        .collect();
    Ok(Rendered {
        templates: out,
        files,
        frames,
        callees,
        chart,
        schema_unchecked,
    })
}

/// The chart a render works on (dependency processing changes it): a copy that shares
/// file contents (the `values.yaml` text too: finding locations read it).
fn working_copy(chart: &Chart) -> Chart {
    Chart {
        metadata: chart.metadata.clone(),
        values: chart.values.clone(),
        values_text: chart.values_text.clone(),
        schema: chart.schema.clone(),
        templates: chart.templates.clone(),
        files: chart.files.clone(),
        dependencies: chart.dependencies.iter().map(working_copy).collect(),
        source: chart.source.clone(),
    }
}

/// A schema failure, with the first value it rejected.
fn schema_failure(chart: &Chart, e: crate::chart::schema::SchemaError) -> RenderError {
    let schema_value = e
        .problems
        .iter()
        .find(|p| !p.instance_path.is_empty())
        .and_then(|p| {
            let path = crate::manifest::schema_origin::chart_path_of(chart, &p.chart)?;
            Some((path, p.instance_path.clone()))
        });
    RenderError {
        message: e.message.trim_end().to_string(),
        schema_value,
        ..RenderError::default()
    }
}

fn exec_failure(exec: &Exec<'_>, name: &str, e: &GoError) -> RenderError {
    let span = e.innermost_span();
    RenderError {
        message: exec_error_text(name, e),
        template: span
            .and_then(|s| exec.files().get(s.file as usize))
            .map(|f| f.name.to_string()),
        offset: span.map(|s| s.start),
        ..RenderError::default()
    }
}

fn release_value(r: &ReleaseInfo) -> Value {
    let mut e = Entries::new();
    e.insert("Name".into(), Value::from(r.name.as_str()));
    e.insert("Namespace".into(), Value::from(r.namespace.as_str()));
    e.insert("IsUpgrade".into(), Value::Bool(r.is_upgrade));
    e.insert("IsInstall".into(), Value::Bool(!r.is_upgrade));
    e.insert("Revision".into(), Value::int(r.revision));
    e.insert("Service".into(), Value::from("Helm"));
    Value::map(e)
}

fn capabilities(opts: &RenderOptions) -> Capabilities {
    let mut caps = Capabilities::default();
    if let Some(v) = &opts.kube_version {
        caps.kube = Rc::new(KubeVersion::parse(v));
    }
    if !opts.api_versions.is_empty() {
        let mut all = caps.apis.0.clone();
        all.extend(opts.api_versions.iter().cloned());
        caps.apis = Rc::new(VersionSet(all));
    }
    caps
}

/// Helm's `recAllTpls`: builds each chart's context and lists its templates.
fn collect_templates(
    chart: &Chart,
    parent: &Map,
    parent_id: Option<&str>,
    out: &mut Vec<(String, Rc<str>, Map)>,
) -> Map {
    let is_root = parent_id.is_none();
    let values = if is_root {
        parent.get("Values").unwrap_or(Value::Invalid)
    } else {
        match parent.get("Values") {
            Some(Value::Map(pv)) => match pv.get(chart.name()) {
                Some(Value::Map(sub)) => Value::Map(Map {
                    ty: MapType::Values,
                    entries: sub.entries,
                }),
                _ => Value::Map(Map::new(MapType::Values, Entries::new())),
            },
            _ => Value::Map(Map::new(MapType::Values, Entries::new())),
        }
    };
    let subcharts = Map::new(MapType::Any, Entries::new());
    let files = files_value(chart.files.iter().map(|f| (f.name.clone(), f.data.clone())));
    let next = Map::new(MapType::Values, Entries::new());
    {
        let mut e = next.entries.borrow_mut();
        e.insert("Chart".into(), chart.metadata.to_chart_value(is_root));
        e.insert("Files".into(), files);
        e.insert(
            "Release".into(),
            parent.get("Release").unwrap_or(Value::Nil),
        );
        e.insert(
            "Capabilities".into(),
            parent.get("Capabilities").unwrap_or(Value::Nil),
        );
        e.insert("Values".into(), values);
        e.insert("Subcharts".into(), Value::Map(subcharts.clone()));
    }
    let id = match parent_id {
        None => chart.name().to_string(),
        Some(p) => format!("{p}/charts/{}", chart.name()),
    };
    for sub in &chart.dependencies {
        let ctx = collect_templates(sub, &next, Some(&id), out);
        subcharts
            .entries
            .borrow_mut()
            .insert(sub.name().to_string(), Value::Map(ctx));
    }
    for t in &chart.templates {
        let base_is_partial = t
            .name
            .rsplit('/')
            .next()
            .is_some_and(|b| b.starts_with('_'));
        if chart.is_library() && !base_is_partial {
            continue;
        }
        out.push((format!("{id}/{}", t.name), t.text(), next.clone()));
    }
    next
}
