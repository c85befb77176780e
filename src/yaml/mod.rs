//! Our YAML layer: a located node tree, and Helm's YAML → values semantics.
//!
//! Two uses:
//! * **values** (`values.yaml`, `-f` files, `fromYaml`): [`to_value::load_values_v4`],
//!   [`to_value::yaml_to_value_first_doc`], [`to_value::yaml_to_map_first_doc`] and
//!   [`to_value::to_values`] give exactly the [`Value`](crate::template::value::Value)s
//!   Helm gets through `sigs.k8s.io/yaml` (go-yaml v2, YAML 1.1 resolution, JSON
//!   round trip: every number a `float64`);
//! * **manifests** (rendered templates, for linting): [`parse_documents`] gives every
//!   document of a stream as a tree of [`Node`]s, each with its byte span, 1-based
//!   line and column, tag, style and anchor. Mappings keep source order and duplicate
//!   keys, aliases stay aliases, comments are collected per document.
//!
//! Layers: [`events`](self) adapts the event parser (the only file naming the
//! `granit-parser` crate), `build` makes the node tree, [`resolve`] has go-yaml v2's
//! scalar resolution, `decode` go-yaml's decoding into Go values, [`to_value`] the
//! `sigs.k8s.io/yaml` key/JSON steps and Helm's `LoadValues`.
//!
//! Syntax is checked by a YAML 1.2 parser, not libyaml: inputs libyaml rejects are
//! almost always rejected too, but the wording of syntax errors differs, and the line
//! in an error's text is the parser's (1-based) line where libyaml sometimes reports
//! the line before. [`YamlError`]'s `line`/`col`/`offset` are always real positions.

mod build;
mod compat;
mod decode;
mod error;
mod events;
mod node;
pub mod resolve;
pub mod to_value;

pub use error::YamlError;
pub use node::{AliasRef, Anchor, Comment, Document, Node, NodeKind, Span, Style};

use build::{build, Base, BuildOptions};

/// Parses every document of a YAML stream (comments collected, a leading BOM skipped).
/// Fails at the first syntax error.
pub fn parse_documents(src: &str) -> Result<Vec<Document>, YamlError> {
    let opts = BuildOptions {
        comments: true,
        ..BuildOptions::default()
    };
    let built = build(src, Base::default(), opts);
    match built.errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(built.docs),
    }
}

/// [`parse_documents_lossy`] without collecting comments (what rules need of a
/// rendered manifest; faster).
pub fn parse_manifest(src: &str) -> (Vec<Document>, Vec<YamlError>) {
    let built = build(
        src,
        Base::default(),
        BuildOptions {
            lossy: true,
            ..BuildOptions::default()
        },
    );
    (built.docs, built.errors)
}

/// Parses every document of a stream, recovering from syntax errors: a document with
/// an error is returned with `broken: true` and no root, and parsing resumes at the
/// next `---` (or `...`) at column 0. Returns the documents and all errors.
pub fn parse_documents_lossy(src: &str) -> (Vec<Document>, Vec<YamlError>) {
    let opts = BuildOptions {
        comments: true,
        lossy: true,
        ..BuildOptions::default()
    };
    let built = build(src, Base::default(), opts);
    (built.docs, built.errors)
}
