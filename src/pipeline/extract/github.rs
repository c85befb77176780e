//! Extractor (in progress on this branch).

use crate::pipeline::model::Extraction;
use crate::pipeline::source::SourceFile;

/// Extracts the Helm invocations of the file.
pub fn extract(file: &SourceFile) -> Extraction {
    let _ = file;
    Extraction::default()
}
