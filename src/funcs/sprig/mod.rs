//! Sprig v3.3.0 functions, one family per module.

pub mod cast;
pub mod decimal;
pub mod defaults;
pub mod encoding;
pub mod math;
pub mod paths;
pub mod random;
pub mod re2;
pub mod reflect;
pub mod regex;
pub mod strings;
pub mod textutil;

#[cfg(test)]
pub(crate) mod testhost;

use crate::template::func::FuncMap;

/// Registers the strings, conversion/math, defaults, encoding, reflection, path,
/// regex and random families.
pub fn register_strings_family(m: &mut FuncMap) {
    strings::register(m);
    math::register(m);
    defaults::register(m);
    encoding::register(m);
    reflect::register(m);
    paths::register(m);
    regex::register(m);
    random::register(m);
}
