//! Evaluating one template as Helm would inside a one-template chart (the `eval`
//! command and the conformance tests).

use std::rc::Rc;

use crate::funcs::helm_funcs;
use crate::template::error::GoError;
use crate::template::exec::Exec;
use crate::template::set::TemplateSet;
use crate::template::value::Value;

use super::context::{Context, ReleaseInfo};
use super::errors::{exec_error_text, parse_error_text};

/// Name of the chart `eval` renders, as the oracle does.
pub const EVAL_CHART: &str = "t";

/// Renders `template` as `t/templates/case.yaml` of a chart `t` whose other files
/// are `files` (path relative to the chart, text), with `values` as the chart's
/// values. Returns Helm's output, or Helm's error message.
pub fn eval_template(
    template: &str,
    values: Value,
    files: &[(String, String)],
    release: &ReleaseInfo,
) -> Result<String, String> {
    let case = format!("{EVAL_CHART}/templates/case.yaml");
    let mut all: Vec<(String, String)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("templates/"))
        .map(|(p, t)| (format!("{EVAL_CHART}/{p}"), t.clone()))
        .collect();
    all.retain(|(p, _)| *p != case);
    all.push((case.clone(), template.to_string()));
    sort_templates(&mut all);
    let mut set = TemplateSet::new(crate::render::chart::SET_NAME, helm_funcs());
    for (name, text) in &all {
        if let Err(e) = set.add_file(name, text.as_str()) {
            return Err(parse_error_text(name, &e));
        }
    }
    let ctx = Context::for_chart(EVAL_CHART, values, files, release);
    let mut exec = Exec::new(&set);
    let mut out = String::new();
    for (name, _) in &all {
        if name.rsplit('/').next().is_some_and(|b| b.starts_with('_')) {
            continue;
        }
        let data = ctx.for_template(name);
        let r: Result<_, GoError> = exec.execute(name, data);
        match r {
            Ok(mut buf) => {
                buf.remove_all("<no value>");
                if *name == case {
                    out = buf.text;
                }
            }
            Err(e) => return Err(exec_error_text(name, &e)),
        }
    }
    let _ = Rc::strong_count(&set.funcs);
    Ok(out)
}

/// Helm's template order: deeper paths first, then reverse lexical order.
pub fn sort_templates<T>(t: &mut Vec<(String, T)>) {
    let depth = |name: &str| name.bytes().filter(|&b| b == b'/').count();
    let mut order: Vec<(usize, usize)> = t.iter().map(|(n, _)| depth(n)).zip(0..).collect();
    order.sort_by(|&(da, ia), &(db, ib)| db.cmp(&da).then_with(|| t[ib].0.cmp(&t[ia].0)));
    let mut slots: Vec<Option<(String, T)>> = t.drain(..).map(Some).collect();
    t.extend(order.into_iter().filter_map(|(_, i)| slots[i].take()));
}
