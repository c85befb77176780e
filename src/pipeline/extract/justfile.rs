//! WIP
use crate::pipeline::{model::Extraction, source::SourceFile};
/// WIP
pub fn extract(_f: &SourceFile) -> Extraction {
    Extraction::default()
}
