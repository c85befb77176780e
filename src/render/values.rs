//! Values for a single render: values files read as a chart's values.yaml (Helm v4
//! `LoadValues`, then 4.2's removal of null defaults) and `--set` applied on top.

use crate::chart::strvals;
use crate::template::value::{Entries, Value};
use crate::yaml::to_value::load_values_v4;

/// Loads values texts as chart defaults (each read as a chart's values.yaml): each
/// file's documents merged, files deep-merged in order, then null keys removed.
pub fn load_chart_values(texts: &[String]) -> Result<Entries, String> {
    let mut out = Entries::new();
    for text in texts {
        let v = load_values_v4(text).map_err(|e| format!("cannot load values.yaml: {e}"))?;
        if let Value::Map(m) = v {
            let src = m.entries.borrow().clone();
            strvals::merge_maps(&mut out, src);
        }
    }
    clean_nils(&mut out);
    Ok(out)
}

/// Applies one `--set` argument over `values` (a null value deletes the key).
pub fn apply_set(values: &mut Entries, set: &str) -> Result<(), String> {
    let mut user = Entries::new();
    strvals::parse_set(set, &mut user)
        .map_err(|e| format!("failed parsing --set data: {}", e.message))?;
    overlay(values, user);
    Ok(())
}

/// Helm's `mergeMaps` for values files: maps merge recursively, other values replace.
pub use crate::chart::strvals::merge_maps;

/// User values over chart values: maps merge, null deletes, anything else replaces.
fn overlay(dst: &mut Entries, src: Entries) {
    for (k, v) in src {
        match v {
            Value::Nil => {
                dst.remove(&k);
            }
            Value::Map(sm) => {
                let src_entries = sm.entries.borrow().clone();
                match dst.get(&k) {
                    Some(Value::Map(dm)) => overlay(&mut dm.entries.borrow_mut(), src_entries),
                    _ => {
                        let mut fresh = Entries::new();
                        overlay(&mut fresh, src_entries);
                        dst.insert(k, Value::map(fresh));
                    }
                }
            }
            other => {
                dst.insert(k, other);
            }
        }
    }
}

/// Helm 4.2's `cleanNilValues`: removes null-valued keys, recursively.
fn clean_nils(m: &mut Entries) {
    m.retain(|_, v| !matches!(v, Value::Nil));
    for v in m.values_mut() {
        if let Value::Map(sub) = v {
            clean_nils(&mut sub.entries.borrow_mut());
        }
    }
}
