//! The encoders behind Helm's and Sprig's serialisation functions, byte for byte:
//!
//! * [`to_json`], [`to_pretty_json`]: Go's `encoding/json` (`toJson`, `toRawJson`,
//!   `toPrettyJson`);
//! * [`from_json`], [`from_json_object`], [`from_json_array`]: Go's JSON decoder
//!   (`mustFromJson`, `fromJson`, `fromJsonArray`) with Go's error texts;
//! * [`to_yaml`]: `sigs.k8s.io/yaml.Marshal` (JSON, then go-yaml v2), behind `toYaml`;
//! * [`to_yaml_pretty`]: go-yaml v3 with indent 2, behind `toYamlPretty`;
//! * [`toml::to_toml`], [`toml_decode::from_toml`]: BurntSushi/toml v1.6.0, behind
//!   `toToml`, `mustToToml` and `fromToml`.
//!
//! The YAML functions return the encoder's full output; Helm's template functions
//! trim one trailing newline themselves.

mod emitter;
mod json;
mod json_decode;
mod number;
mod resolve;
mod sort;
pub mod toml;
mod toml_datetime;
pub mod toml_decode;
mod toml_lex;
mod yaml_v2;
mod yaml_v3;

pub use json::{to_json, to_pretty_json};
pub use json_decode::{from_json, from_json_array, from_json_object};
pub use yaml_v2::to_yaml;
pub use yaml_v3::to_yaml_pretty;

/// Nesting depth past which the YAML encoders give up with an error instead of
/// recursing further (Go would exhaust its stack on a cyclic value).
const MAX_YAML_DEPTH: usize = 2000;

/// The error for values nested deeper than [`MAX_YAML_DEPTH`].
fn too_deep() -> crate::template::error::GoError {
    crate::template::error::GoError::new("yaml: value nested too deeply (or cyclic)")
}
