//! The functions Helm offers to templates: Sprig's library and Helm's own.

pub mod helm;
pub mod sprig2;

use std::rc::Rc;

use crate::template::func::FuncMap;

/// The function map of a Helm render: Go builtins, then Helm's functions on top.
pub fn helm_funcs() -> Rc<FuncMap> {
    let mut m = FuncMap::new();
    crate::template::builtins::register(&mut m);
    sprig2::register(&mut m);
    helm::register(&mut m);
    Rc::new(m)
}
