//! Values coalescing (`pkg/chart/common/util/coalesce.go`, Helm 4.2): user values
//! over chart defaults, globals flowing down to subcharts, `null` deleting keys.

use super::load::Chart;
use crate::template::value::{Entries, Map, MapType, Value};

/// A deep copy of a value (`copystructure.Copy`): maps and lists are duplicated.
pub fn deep_copy(v: &Value) -> Value {
    match v {
        Value::Map(m) => Value::Map(Map::new(m.ty, deep_copy_entries(&m.entries.borrow()))),
        Value::List(l) => Value::typed_list(l.ty, l.items.iter().map(deep_copy).collect()),
        other => other.clone(),
    }
}

/// A deep copy of map entries.
pub fn deep_copy_entries(e: &Entries) -> Entries {
    e.iter().map(|(k, v)| (k.clone(), deep_copy(v))).collect()
}

/// Go's `istable`: a plain `map[string]interface{}` (not the named `Values` type).
fn table(v: &Value) -> Option<&Map> {
    match v {
        Value::Map(m) if m.ty == MapType::Any => Some(m),
        _ => None,
    }
}

fn new_table(e: Entries) -> Value {
    Value::Map(Map::new(MapType::Any, e))
}

/// `CoalesceValues`: chart defaults (recursively for subcharts) under a copy of `user`.
pub fn coalesce_values(chart: &Chart, user: &Entries) -> Result<Entries, String> {
    let dest = Map::new(MapType::Any, deep_copy_entries(user));
    coalesce(chart, &dest, false)?;
    let out = dest.entries.borrow().clone();
    Ok(out)
}

/// `MergeValues`: like [`coalesce_values`] but nulls are kept.
pub fn merge_values(chart: &Chart, user: &Entries) -> Result<Entries, String> {
    let dest = Map::new(MapType::Any, deep_copy_entries(user));
    coalesce(chart, &dest, true)?;
    let out = dest.entries.borrow().clone();
    Ok(out)
}

fn coalesce(chart: &Chart, dest: &Map, merge: bool) -> Result<(), String> {
    coalesce_chart_values(chart, dest, merge);
    coalesce_deps(chart, dest, merge)
}

fn coalesce_deps(chart: &Chart, dest: &Map, merge: bool) -> Result<(), String> {
    for sub in &chart.dependencies {
        let name = sub.name().to_string();
        let existing = dest.get(&name);
        let dv = match existing {
            None => {
                let m = new_table(Entries::new());
                dest.entries.borrow_mut().insert(name.clone(), m.clone());
                m
            }
            Some(v) if table(&v).is_some() => v,
            Some(v) => {
                return Err(crate::template::gofmt::sprintf(
                    "type mismatch on %s: %t",
                    &[Value::from(name.as_str()), v],
                ))
            }
        };
        let Some(dvmap) = table(&dv).cloned() else {
            continue;
        };
        coalesce_globals(&dvmap, dest);
        coalesce(sub, &dvmap, merge)?;
    }
    Ok(())
}

fn coalesce_globals(dest: &Map, src: &Map) {
    let dg = match dest.get("global") {
        None => Map::new(MapType::Any, Entries::new()),
        Some(v) => match table(&v) {
            Some(m) => m.clone(),
            None => return,
        },
    };
    let sg = match src.get("global") {
        None => Map::new(MapType::Any, Entries::new()),
        Some(v) => match table(&v) {
            Some(m) => m.clone(),
            None => return,
        },
    };
    let sg_entries = sg.entries.borrow().clone();
    for (key, val) in sg_entries {
        if let Some(vm) = table(&val) {
            let vv = Map::new(MapType::Any, vm.entries.borrow().clone());
            match dg.get(&key) {
                None => {
                    dg.entries.borrow_mut().insert(key, Value::Map(vv));
                }
                Some(destv) => {
                    if let Some(destvmap) = table(&destv) {
                        coalesce_tables(&vv, destvmap, true);
                        dg.entries.borrow_mut().insert(key, Value::Map(vv));
                    }
                }
            }
        } else if dg.get(&key).as_ref().and_then(table).is_some() {
            // A table in the destination is never replaced by a scalar.
        } else {
            dg.entries.borrow_mut().insert(key, val);
        }
    }
    dest.entries
        .borrow_mut()
        .insert("global".into(), Value::Map(dg));
}

fn coalesce_chart_values(chart: &Chart, v: &Map, merge: bool) {
    let vc = deep_copy_entries(&chart.values);
    for (key, val) in vc {
        match v.get(&key) {
            Some(value) => {
                if matches!(value, Value::Nil) && !merge {
                    v.entries.borrow_mut().remove(&key);
                } else if let Some(dest) = table(&value) {
                    if let Some(src) = table(&val) {
                        let child_merge =
                            merge || chart.dependencies.iter().any(|d| d.name() == key);
                        if !child_merge {
                            clean_nil_values(src);
                        }
                        coalesce_tables(dest, src, child_merge);
                    }
                }
            }
            None => {
                if !merge {
                    if matches!(val, Value::Nil) {
                        continue;
                    }
                    if let Some(sub) = table(&val) {
                        clean_nil_values(sub);
                    }
                }
                v.entries.borrow_mut().insert(key, val);
            }
        }
    }
}

/// `coalesceTablesFullKey`: `src` (defaults) into `dst`; `dst` wins.
pub fn coalesce_tables(dst: &Map, src: &Map, merge: bool) {
    if dst.ptr_eq(src) {
        return;
    }
    let src_non_nil: Vec<String> = src
        .entries
        .borrow()
        .iter()
        .filter(|(_, v)| !matches!(v, Value::Nil))
        .map(|(k, _)| k.clone())
        .collect();
    let dst_nils: Vec<String> = dst
        .entries
        .borrow()
        .iter()
        .filter(|(_, v)| matches!(v, Value::Nil))
        .map(|(k, _)| k.clone())
        .collect();
    for k in dst_nils {
        src.entries.borrow_mut().insert(k, Value::Nil);
    }
    let src_entries = src.entries.borrow().clone();
    for (key, val) in src_entries {
        let dv = dst.get(&key);
        match dv {
            Some(Value::Nil) if !merge && src_non_nil.contains(&key) => {
                dst.entries.borrow_mut().remove(&key);
            }
            None => {
                dst.entries.borrow_mut().insert(key, val);
            }
            Some(dv) => {
                if let (Some(sv), Some(dm)) = (table(&val), table(&dv)) {
                    coalesce_tables(dm, sv, merge);
                }
            }
        }
    }
}

/// Helm 4.2's `cleanNilValues`: removes null keys recursively (not inside lists).
pub fn clean_nil_values(m: &Map) {
    let mut e = m.entries.borrow_mut();
    e.retain(|_, v| !matches!(v, Value::Nil));
    for v in e.values() {
        if let Some(sub) = table(v) {
            clean_nil_values(sub);
        }
    }
}
