//! Writing: replace or remove a file's passages, and commit with the manifest as the
//! commit payload, so an interrupted ingest leaves the last commit whole.

use crate::schema::{FacetField, Fields, SCHEMA_VERSION};
use crate::{InsightIndex, Result};
use chrono::NaiveDate;
use insight_model::{Facet, Passage, SourceDocument};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use tantivy::schema::Facet as TantivyFacet;
use tantivy::{DateTime, IndexWriter, TantivyDocument, Term};

/// What the index holds, per source file; stored in each commit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// Fingerprint of what shaped the passages: the taxonomy they were tagged with and
    /// the parser version. When it changes, every file is parsed again.
    pub taxonomy_hash: String,
    /// The taxonomy's TOML itself, so readers of the index (the server) know every
    /// value, including those with no passages yet.
    #[serde(default)]
    pub taxonomy_toml: String,
    pub files: BTreeMap<String, ManifestEntry>,
}

/// One indexed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// BLAKE3 of the file's bytes (and its mapping's, for a survey).
    pub content_hash: String,
    pub doc_id: String,
    pub passages: usize,
}

/// A writing session: one tantivy writer and the manifest it will commit.
pub struct IndexSession {
    writer: IndexWriter,
    fields: Fields,
    manifest: Manifest,
    reader: tantivy::IndexReader,
    dictionaries: std::sync::Arc<crate::Dictionaries>,
}

const WRITER_MEMORY: usize = 128 * 1024 * 1024;

impl IndexSession {
    pub(crate) fn new(index: &InsightIndex) -> Result<Self> {
        let writer = index.index.writer(WRITER_MEMORY)?;
        let mut manifest = index.manifest()?;
        manifest.schema_version = SCHEMA_VERSION;
        Ok(Self {
            writer,
            fields: index.fields.clone(),
            manifest,
            reader: index.reader.clone(),
            dictionaries: index.dictionaries.clone(),
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Records the taxonomy used from now on.
    pub fn set_taxonomy(&mut self, hash: &str, toml: &str) {
        self.manifest.taxonomy_hash = hash.to_string();
        self.manifest.taxonomy_toml = toml.to_string();
    }

    /// Replaces every passage of `document.file` with `passages`.
    pub fn replace_file(
        &mut self,
        content_hash: &str,
        document: &SourceDocument,
        passages: &[Passage],
    ) -> Result<()> {
        self.writer
            .delete_term(Term::from_field_text(self.fields.file, &document.file));
        let document_json = serde_json::to_string(document).expect("documents serialise");
        for (ordinal, passage) in passages.iter().enumerate() {
            debug_assert_eq!(passage.doc_id, document.doc_id);
            self.writer.add_document(self.tantivy_document(
                document,
                &document_json,
                passage,
                ordinal,
            ))?;
        }
        self.manifest.files.insert(
            document.file.clone(),
            ManifestEntry {
                content_hash: content_hash.to_string(),
                doc_id: document.doc_id.clone(),
                passages: passages.len(),
            },
        );
        Ok(())
    }

    /// Drops every passage and forgets every file (for a rebuild).
    pub fn clear(&mut self) -> Result<()> {
        self.writer.delete_all_documents()?;
        self.manifest.files.clear();
        Ok(())
    }

    /// Removes a file's passages (the file was deleted or can no longer be read).
    pub fn remove_file(&mut self, file: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.file, file));
        self.manifest.files.remove(file);
    }

    /// Makes everything written so far durable and visible, with the manifest.
    pub fn commit(&mut self) -> Result<()> {
        let payload = serde_json::to_string(&self.manifest).expect("manifest serialises");
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Drops everything since the last commit.
    pub fn rollback(mut self) -> Result<()> {
        self.writer.rollback()?;
        Ok(())
    }

    /// Waits for tantivy's merge threads to finish, releasing the writer lock.
    pub fn finish(self) -> Result<()> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }

    fn tantivy_document(
        &self,
        document: &SourceDocument,
        document_json: &str,
        passage: &Passage,
        ordinal: usize,
    ) -> TantivyDocument {
        let fields = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.passage_id, &passage.passage_id);
        doc.add_text(fields.doc_id, &document.doc_id);
        doc.add_text(fields.file, &document.file);
        doc.add_text(fields.title, &document.title);
        doc.add_text(fields.heading, &passage.heading);
        doc.add_text(fields.text, &passage.text);
        let language = passage.language.as_deref().unwrap_or(&document.language);
        if crate::language::has_cjk(&passage.text) {
            doc.add_text(fields.text_cjk, &passage.text);
            match self.dictionaries.word_field(language) {
                Some(crate::language::CHINESE) => doc.add_text(fields.text_zh, &passage.text),
                Some(crate::language::JAPANESE) => doc.add_text(fields.text_ja, &passage.text),
                Some(crate::language::KOREAN) => doc.add_text(fields.text_ko, &passage.text),
                _ => {}
            }
        }
        if !(passage.attributes.is_empty() && document.attributes.is_empty()) {
            doc.add_text(
                fields.attributes,
                attribute_text(&passage.attributes, &document.attributes),
            );
        }
        if let Some(span) = passage.date {
            doc.add_date(fields.date_from, day_start(span.from));
            doc.add_date(fields.date_to, day_start(span.to));
        }
        for link in &passage.links {
            doc.add_text(fields.links, link);
        }
        let stored = StoredPassage {
            ordinal,
            organisation: passage.organisation.as_deref(),
            status: passage.status.as_deref(),
            links: &passage.links,
            locator: &passage.locator,
            tags: &passage.tags,
            attributes: &passage.attributes,
            date: passage.date,
            language,
            sentiment: passage.sentiment,
        };
        doc.add_text(
            fields.passage_json,
            serde_json::to_string(&stored).expect("passages serialise"),
        );
        doc.add_text(fields.document_json, document_json);

        // Hierarchical facets are written with all their ancestors, deduplicated, so
        // that counting a facet column counts each passage once per value at every level.
        for (facet, field) in [
            (Facet::Place, FacetField::Place),
            (Facet::Segment, FacetField::Segment),
            (Facet::Theme, FacetField::Theme),
            (Facet::Community, FacetField::Community),
        ] {
            let mut paths = BTreeSet::new();
            for path in passage.tags.paths(facet) {
                let segments: Vec<&str> = path.split('/').collect();
                for depth in 1..=segments.len() {
                    paths.insert(segments[..depth].to_vec());
                }
            }
            for segments in paths {
                doc.add_facet(fields.facet(field), TantivyFacet::from_path(segments));
            }
        }
        let mut flat = |field: FacetField, value: &str| {
            doc.add_facet(fields.facet(field), TantivyFacet::from_path([value]))
        };
        flat(FacetField::Kind, document.kind.as_str());
        let methods = if passage.methods.is_empty() {
            &document.methods
        } else {
            &passage.methods
        };
        for method in methods {
            flat(FacetField::Method, method.as_str());
        }
        if let Some(organisation) = passage
            .organisation
            .as_ref()
            .or(document.organisation.as_ref())
        {
            flat(FacetField::Organisation, organisation);
        }
        if let Some(status) = &passage.status {
            flat(FacetField::Status, status);
        }
        if let Some(level) = document.participation {
            flat(FacetField::Participation, level.as_str());
        }
        flat(
            FacetField::Visibility,
            passage.visibility.unwrap_or(document.visibility).as_str(),
        );
        flat(FacetField::Language, language);
        if let Some(sentiment) = passage.sentiment {
            flat(FacetField::Sentiment, sentiment.value.as_str());
        }
        doc
    }
}

/// What a hit needs from a passage beyond its text fields.
#[derive(Serialize)]
struct StoredPassage<'a> {
    /// Position of the passage in its file.
    ordinal: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    links: &'a [String],
    locator: &'a str,
    tags: &'a insight_model::Tags,
    attributes: &'a BTreeMap<String, String>,
    date: Option<insight_model::DateSpan>,
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sentiment: Option<insight_model::SentimentTag>,
}

pub(crate) fn day_start(date: NaiveDate) -> DateTime {
    // tantivy keeps nanoseconds in an i64 (1678 to 2261): a date beyond that, which no
    // passage has, is taken at the nearest end, so a filter on it means the same
    let earliest = NaiveDate::from_ymd_opt(1700, 1, 1).expect("a real day");
    let latest = NaiveDate::from_ymd_opt(2250, 12, 31).expect("a real day");
    let seconds = date
        .clamp(earliest, latest)
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp();
    DateTime::from_timestamp_secs(seconds)
}

/// What the `attributes` field indexes: the passage's attribute values, then its
/// document's, one a line.
pub(crate) fn attribute_text(
    passage: &BTreeMap<String, String>,
    document: &BTreeMap<String, String>,
) -> String {
    let values: Vec<&str> = passage
        .values()
        .chain(document.values())
        .map(String::as_str)
        .collect();
    values.join("\n")
}
