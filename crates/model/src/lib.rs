//! The shared vocabulary of the insight bank: sources, passages, tags, the taxonomy and
//! the diagnostics that parsing reports. Every other crate speaks in these types.

mod access;
mod diagnostic;
mod error;
pub mod learn;
mod passage;
mod tagger;
mod taxonomy;
mod text;
mod vocabulary;

pub use access::{same_organisation, Access};
pub use diagnostic::{Diagnostic, Severity};
pub use error::{Error, Result};
pub use passage::{
    stable_id, Confidence, DateSpan, Passage, SentimentTag, SourceDocument, Tag, TagOrigin, Tags,
};
pub use tagger::Tagger;
pub use taxonomy::{Resolution, Taxonomy, TaxonomyEntry};
pub use text::{normalise_words, Stemmer};
pub use vocabulary::{Facet, Kind, Method, Participation, Sentiment, Visibility, VocabularyError};

/// Prefix of the attributes that hold a survey respondent's equality-monitoring answers
/// (age band, ethnicity, ...): never shown on a single passage, only in suppressed counts.
pub const EQUALITY_ATTRIBUTE: &str = "equality: ";
