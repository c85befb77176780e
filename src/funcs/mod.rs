//! The functions Helm offers to templates: Sprig's library and Helm's own.
//!
//! Each family is a module of pure Rust functions over [`crate::template::value::Value`];
//! the template engine's function registry wraps them.

pub mod encode;
pub mod helm;
pub mod helm_encode;
pub mod sprig;
pub mod sprig2;

use std::rc::Rc;

use crate::template::func::FuncMap;
use crate::template::value::Value;

thread_local! {
    static HELM_FUNCS: Rc<FuncMap> = build_helm_funcs();
}

/// The function map of a Helm render: Go builtins, then Sprig and Helm's functions on
/// top. Built once per thread and shared.
pub fn helm_funcs() -> Rc<FuncMap> {
    HELM_FUNCS.with(Rc::clone)
}

fn build_helm_funcs() -> Rc<FuncMap> {
    let mut m = FuncMap::new();
    crate::template::builtins::register(&mut m);
    sprig::register_strings_family(&mut m);
    sprig2::register(&mut m);
    helm::register(&mut m);
    helm_encode::register(&mut m);
    Rc::new(m)
}

/// Helm's `toYaml`: errors give `""`, one trailing newline is trimmed.
pub fn to_yaml_string(v: &Value) -> String {
    match encode::to_yaml(v) {
        Ok(s) => s.strip_suffix('\n').map(str::to_string).unwrap_or(s),
        Err(_) => String::new(),
    }
}
