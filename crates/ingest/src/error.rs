//! Errors of the ingest crate. Problems with one input file are not errors: they are
//! diagnostics in that file's outcome. Errors here stop the whole run.

use std::path::PathBuf;

/// What stops an ingest or a check as a whole.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The corpus folder does not exist or cannot be listed.
    #[error("cannot read corpus folder {path}: {source}")]
    CorpusFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The taxonomy is missing or invalid; nothing can be tagged without it.
    #[error(transparent)]
    Taxonomy(#[from] insight_model::Error),
    /// The learned model beside the taxonomy is damaged or was trained for another
    /// taxonomy; tagging with it would be wrong.
    #[error("model {path} {message}")]
    Model { path: PathBuf, message: String },
    /// The first-name list the redactor was given cannot be read: indexing without it
    /// would redact less than was asked for.
    #[error("first-name list {path} {message}; run scripts/dictionaries.sh to make it, or leave out --names")]
    NameList { path: PathBuf, message: String },
    /// The index could not be read or written.
    #[error(transparent)]
    Index(#[from] insight_index::Error),
}

/// Result of the ingest crate.
pub type Result<T> = std::result::Result<T, Error>;
