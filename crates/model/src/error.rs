//! Errors of the model crate: a taxonomy that cannot be read or makes no sense.

use std::path::PathBuf;

/// What went wrong while loading or using the shared vocabulary.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The taxonomy file could not be read from disk.
    #[error("cannot read taxonomy {path}: {source}")]
    ReadTaxonomy {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The taxonomy file is not valid TOML or does not have the expected shape.
    #[error("taxonomy {path} is not valid: {message}")]
    InvalidTaxonomy { path: PathBuf, message: String },
}

/// Result of the model crate.
pub type Result<T> = std::result::Result<T, Error>;
