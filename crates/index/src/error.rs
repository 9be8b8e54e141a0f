//! Errors of the index crate: what the user asked wrong (a bad query, an unknown facet
//! value) apart from what broke (tantivy, the disk).

use std::path::PathBuf;

/// Index and search errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The query text cannot be parsed.
    #[error("cannot understand the query `{query}`: {reason}")]
    InvalidQuery { query: String, reason: String },
    /// A filter names a facet that does not exist.
    #[error("there is no facet `{name}`; use one of: {choices}")]
    UnknownFacet { name: String, choices: String },
    /// A filter value matches no value of its facet in the index.
    #[error("no {facet} `{value}` in the index{suggestions}")]
    UnknownFacetValue {
        facet: String,
        value: String,
        suggestions: String,
    },
    /// A filter value matches several values of its facet.
    #[error("{facet} `{value}` is ambiguous: it could be {choices}; write the full path")]
    AmbiguousFacetValue {
        facet: String,
        value: String,
        choices: String,
    },
    /// A filter names an equality-monitoring group, which only the coverage table counts.
    #[error("{facet} `{value}` is an equality-monitoring group: it cannot filter a search, so that its small numbers cannot be worked out; see who has been heard in /api/coverage, or filter on a community such as Young people or Older people")]
    EqualityFilter { facet: String, value: String },
    /// Paging or another request parameter is out of range.
    #[error("{0}")]
    InvalidRequest(String),
    /// A sync cursor this index cannot continue from: another index's, one from before
    /// a rebuild, or older than the history kept. The consumer must start again.
    #[error("{0}")]
    CursorExpired(String),
    /// The reader could not be brought level with the latest commit (commits in quick
    /// succession); asking again in a moment works.
    #[error("the index is being written; ask again in a moment")]
    Busy,
    /// No index at the given folder.
    #[error("no index at {path}; run `insight ingest` first (or pass --index)")]
    Missing { path: PathBuf },
    /// The index was written by a different version of the schema.
    #[error("the index at {path} has schema version {found} but this build needs {expected}; rebuild it with `insight ingest --rebuild`")]
    SchemaVersion {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    /// The index folder could not be created or read.
    #[error("cannot use index folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A CJK dictionary cannot be built.
    #[error("dictionary: {0}")]
    Dictionary(String),
    /// Tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The commit payload (the manifest of ingested files) is unreadable.
    #[error("index manifest is damaged: {0}; rebuild with `insight ingest --rebuild`")]
    Manifest(String),
}

impl Error {
    /// True when the error is the caller's: a bad query or parameter, not a failure.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::InvalidQuery { .. }
                | Error::UnknownFacet { .. }
                | Error::UnknownFacetValue { .. }
                | Error::AmbiguousFacetValue { .. }
                | Error::EqualityFilter { .. }
                | Error::InvalidRequest(_)
                | Error::CursorExpired(_)
        )
    }
}

/// Result of the index crate.
pub type Result<T> = std::result::Result<T, Error>;
