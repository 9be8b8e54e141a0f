//! Ingest: finds the sources in a corpus folder, parses each into a document and its
//! passages, tags them with the taxonomy, and writes them incrementally to the index.
//!
//! Parsing a bad file never panics and never stops the others: it yields an outcome
//! with what could be read and diagnostics saying what is wrong, where, and what to do.

mod catalogue;
mod discover;
mod documents;
mod error;
mod frontmatter;
mod labelled;
mod language;
mod markdown;
mod metadata;
mod names;
mod pipeline;
mod plan;
mod readers;
mod redact;
mod spreadsheet;
mod survey;

pub use discover::{
    discover, MetadataFile, SourceFile, SourceFormat, CATALOGUE_FILES, MODEL_FILE, TAXONOMY_FILE,
};
pub use error::{Error, Result};
pub use insight_model::Tagger;
pub use labelled::{read_labelled, LabelMapping, LabelledCounts, LabelledError};
pub use language::{detect as detect_language, language_code};
pub use metadata::{parse_date_span, RawMetadata};
pub use pipeline::{
    check, ingest, load_model, preview, CatalogueReport, FileReport, FileStatus, IngestOptions,
    IngestSummary, Progress,
};
pub use plan::{ACTION_STATUSES, ACTIVITY_STATUSES};
pub use readers::{DocumentFormat, PdfOptions, ReadOptions};
pub use redact::{valid_nhs_number, RedactionCounts, Redactor};
pub use survey::{SurveyCounts, DECLINED, NON_ANSWERS};

use insight_model::{Diagnostic, Passage, Severity, SourceDocument, Taxonomy};

/// What every parser needs: the taxonomy, the tagger built from it, the redactor and
/// the document readers' settings.
pub struct ParseContext<'a> {
    pub taxonomy: &'a Taxonomy,
    pub tagger: &'a Tagger,
    pub redactor: &'a Redactor,
    pub readers: &'a ReadOptions,
}

/// The result of parsing one source: a document with passages, or nothing, and the
/// diagnostics either way.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    /// Path relative to the corpus folder.
    pub file: String,
    /// `None` when the file was skipped; the reason is in `diagnostics`.
    pub document: Option<SourceDocument>,
    pub passages: Vec<Passage>,
    pub diagnostics: Vec<Diagnostic>,
    /// Row counts, for survey exports.
    pub survey: Option<SurveyCounts>,
    /// Personal data redacted from the text, by marker.
    pub redactions: RedactionCounts,
}

impl FileOutcome {
    pub fn new(file: &str) -> Self {
        Self {
            file: file.to_string(),
            document: None,
            passages: Vec::new(),
            diagnostics: Vec::new(),
            survey: None,
            redactions: RedactionCounts::new(),
        }
    }

    /// Redacts personal data from free text, counting what was replaced; the names of
    /// the source's `public_figures` stay.
    pub fn redact(&mut self, redactor: &Redactor, document: &SourceDocument, text: &str) -> String {
        let (redacted, counts) = redactor.redact_keeping(text, &document.public_figures);
        for (marker, count) in counts {
            *self.redactions.entry(marker).or_default() += count;
        }
        redacted.into_owned()
    }

    /// Marks the whole file as skipped, for `reason`.
    pub fn fail(&mut self, reason: String, location: Option<String>) {
        self.document = None;
        self.passages.clear();
        self.diagnostics
            .push(Diagnostic::error(self.file.clone(), location, reason));
    }

    /// The reason the file was skipped, if it was.
    pub fn skip_reason(&self) -> Option<&Diagnostic> {
        if self.document.is_some() {
            return None;
        }
        self.diagnostics
            .iter()
            .rev()
            .find(|d| d.severity == Severity::Error)
    }
}

/// Parses one source from its bytes and its companion's bytes: a survey's mapping, or a
/// document's sidecar or catalogue.
pub fn parse_source(
    source: &SourceFile,
    bytes: &[u8],
    companion: Option<&[u8]>,
    context: &ParseContext<'_>,
) -> FileOutcome {
    let mut outcome = parse_by_format(source, bytes, companion, context);
    assign_languages(&mut outcome);
    outcome
}

/// Gives each passage its language: its own stated one, else the document's stated
/// one, else the one detected from its text. A document that states none takes the
/// most common language of its passages (English when nothing is detected).
fn assign_languages(outcome: &mut FileOutcome) {
    let Some(document) = outcome.document.as_mut() else {
        return;
    };
    if document.language_stated {
        return;
    }
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for passage in &mut outcome.passages {
        if passage.language.is_none() {
            passage.language = language::detect(&passage.text);
        }
        *counts
            .entry(passage.language.clone().unwrap_or_else(|| "en".into()))
            .or_default() += 1;
    }
    if let Some((most, _)) = counts
        .iter()
        .max_by_key(|(code, n)| (**n, code.as_str() == "en"))
    {
        document.language = most.clone();
    }
}

fn parse_by_format(
    source: &SourceFile,
    bytes: &[u8],
    companion: Option<&[u8]>,
    context: &ParseContext<'_>,
) -> FileOutcome {
    let mut outcome = FileOutcome::new(&source.rel_path);
    let file = source.rel_path.as_str();
    match &source.format {
        SourceFormat::Unsupported(reason) => outcome.fail(reason.clone(), None),
        SourceFormat::Document { format, metadata } => {
            let metadata = metadata
                .as_ref()
                .map(|m| (m, companion.unwrap_or_default()));
            documents::parse_document(file, *format, bytes, metadata, context, &mut outcome);
        }
        SourceFormat::Survey {
            mapping_rel_path, ..
        } => {
            let Some(mapping) = companion else {
                outcome.fail(
                    format!("mapping {mapping_rel_path} could not be read"),
                    None,
                );
                return outcome;
            };
            match std::str::from_utf8(mapping) {
                Ok(mapping_text) => survey::parse_survey(file, bytes, mapping_rel_path, mapping_text, context, &mut outcome),
                Err(error) => outcome.fail(
                    format!("mapping {mapping_rel_path} is not valid UTF-8 (at byte {}); save it as UTF-8", error.valid_up_to()),
                    None,
                ),
            }
        }
        SourceFormat::Plan | SourceFormat::YouSaidWeDid => {
            // the corpus folder: the source's path without its relative path
            let depth = source.rel_path.split('/').count();
            let corpus = source
                .path
                .ancestors()
                .nth(depth)
                .unwrap_or(&source.path)
                .to_path_buf();
            let lower = source.rel_path.to_lowercase();
            if lower.ends_with(".csv") {
                plan::parse_plan_csv(file, bytes, &corpus, context, &mut outcome);
                return outcome;
            }
            let Ok(text) = std::str::from_utf8(bytes) else {
                outcome.fail(
                    "text is not valid UTF-8; re-save the file as UTF-8".into(),
                    None,
                );
                return outcome;
            };
            if text.trim().is_empty() {
                outcome.fail(
                    "the file is empty; add its content or delete it".into(),
                    None,
                );
            } else if source.format == SourceFormat::Plan {
                plan::parse_plan_yaml(file, text, &corpus, context, &mut outcome);
            } else {
                plan::parse_you_said(file, text, &corpus, context, &mut outcome);
            }
        }
        SourceFormat::Markdown | SourceFormat::Text => {
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => text,
                Err(error) => {
                    let line = bytes[..error.valid_up_to()]
                        .iter()
                        .filter(|b| **b == b'\n')
                        .count()
                        + 1;
                    outcome.fail("text is not valid UTF-8; re-save the file as UTF-8 (in Word: Save as, Plain text, Unicode UTF-8)".into(), Some(format!("line {line}")));
                    return outcome;
                }
            };
            if text.trim_start_matches('\u{feff}').trim().is_empty() {
                outcome.fail(
                    "the file is empty; add its content or delete it".into(),
                    None,
                );
                return outcome;
            }
            if source.format == SourceFormat::Markdown {
                documents::parse_markdown(file, text, context, &mut outcome);
            } else {
                documents::parse_text_notes(file, text, context, &mut outcome);
            }
        }
    }
    debug_assert!(
        outcome.document.is_some() || outcome.skip_reason().is_some(),
        "a skipped file always has a reason"
    );
    outcome
}
