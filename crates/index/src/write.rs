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
    /// Names this index: a rebuild (or a new schema) makes a new one, so that a sync
    /// cursor of another index, or of before a rebuild, is told apart and refused.
    #[serde(default)]
    pub index_id: String,
    /// How many commits changed passages so far: the high half of every passage's
    /// `seq`, and of the cursor an answer gives.
    #[serde(default)]
    pub generation: u64,
    /// When the last change was committed (RFC 3339), for `Last-Modified`.
    #[serde(default)]
    pub changed_at: Option<String>,
    /// The ids of the passages each generation removed or changed (whose old version may
    /// have been in a slice the new one is not), oldest first, for incremental sync; at
    /// most [`REMOVAL_HISTORY`] ids in all, the oldest generations dropped first.
    #[serde(default)]
    pub removals: Vec<Removal>,
    /// A cursor of an earlier generation than this is refused: the removals after it
    /// were dropped from the history.
    #[serde(default)]
    pub history_from: u64,
}

/// The passages one commit removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub generation: u64,
    pub ids: Vec<String>,
}

/// How many removed passage ids the manifest keeps for sync (about 2 MB of JSON); a
/// cursor older than the history kept must start again.
pub const REMOVAL_HISTORY: usize = 100_000;

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
    /// Passages written in the pending generation so far (the low half of `seq`).
    written: u32,
    /// Whether the pending generation changed anything.
    changed: bool,
    /// The index was cleared in this session: the last commit's passages are gone.
    cleared: bool,
    /// Ids removed or changed in the pending generation.
    superseded: Vec<String>,
    /// The sync history started again in this session (a rebuild or a new taxonomy):
    /// no cursor can reach back past it, so nothing superseded needs recording.
    history_restarted: bool,
}

const WRITER_MEMORY: usize = 128 * 1024 * 1024;

impl IndexSession {
    pub(crate) fn new(index: &InsightIndex) -> Result<Self> {
        let writer = index.index.writer(WRITER_MEMORY)?;
        let mut manifest = index.manifest()?;
        manifest.schema_version = SCHEMA_VERSION;
        if manifest.index_id.is_empty() {
            manifest.index_id = new_index_id();
        }
        Ok(Self {
            writer,
            fields: index.fields.clone(),
            manifest,
            reader: index.reader.clone(),
            dictionaries: index.dictionaries.clone(),
            written: 0,
            changed: false,
            cleared: false,
            superseded: Vec::new(),
            history_restarted: false,
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Records the taxonomy (with the parser and model: what shaped the passages) used
    /// from now on. A different one re-reads every file and may retag most passages, so
    /// the sync history starts again (a new index id): consumers list their slice anew
    /// rather than take a removal for every passage.
    pub fn set_taxonomy(&mut self, hash: &str, toml: &str) {
        if !self.manifest.taxonomy_hash.is_empty() && self.manifest.taxonomy_hash != hash {
            self.manifest.index_id = new_index_id();
            self.manifest.removals.clear();
            self.manifest.history_from = 0;
            self.changed = true;
            self.history_restarted = true;
        }
        self.manifest.taxonomy_hash = hash.to_string();
        self.manifest.taxonomy_toml = toml.to_string();
    }

    /// Replaces every passage of `document.file` with `passages`. A passage whose id
    /// and content are as before keeps its place in the change sequence; the others
    /// take the next places, and ids no longer there are recorded as removed.
    pub fn replace_file(
        &mut self,
        content_hash: &str,
        document: &SourceDocument,
        passages: &[Passage],
    ) -> Result<()> {
        let before = self.committed_passages(&document.file)?;
        self.writer
            .delete_term(Term::from_field_text(self.fields.file, &document.file));
        let document_json = serde_json::to_string(document).expect("documents serialise");
        let mut kept = std::collections::HashSet::with_capacity(passages.len());
        for (ordinal, passage) in passages.iter().enumerate() {
            debug_assert_eq!(passage.doc_id, document.doc_id);
            let (mut doc, version) =
                self.tantivy_document(document, &document_json, passage, ordinal);
            let seq = match before.get(&passage.passage_id) {
                Some((old_version, old_seq)) if *old_version == version => *old_seq,
                Some(_) => {
                    // its old version may have been in a slice this one is not in
                    self.superseded.push(passage.passage_id.clone());
                    self.next_seq()
                }
                None => self.next_seq(),
            };
            doc.add_u64(self.fields.seq, seq);
            doc.add_text(self.fields.version, &version);
            self.writer.add_document(doc)?;
            kept.insert(passage.passage_id.as_str());
        }
        for id in before.keys() {
            if !kept.contains(id.as_str()) {
                self.superseded.push(id.clone());
                self.changed = true;
            }
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

    /// Drops every passage and forgets every file (for a rebuild): the index is a new
    /// one for sync, so every earlier cursor is refused.
    pub fn clear(&mut self) -> Result<()> {
        self.writer.delete_all_documents()?;
        let taxonomy = (
            std::mem::take(&mut self.manifest.taxonomy_hash),
            std::mem::take(&mut self.manifest.taxonomy_toml),
        );
        self.manifest = Manifest {
            schema_version: SCHEMA_VERSION,
            taxonomy_hash: taxonomy.0,
            taxonomy_toml: taxonomy.1,
            index_id: new_index_id(),
            ..Manifest::default()
        };
        self.cleared = true;
        self.changed = true;
        self.history_restarted = true;
        self.written = 0;
        self.superseded.clear();
        Ok(())
    }

    /// Removes a file's passages (the file was deleted or can no longer be read).
    pub fn remove_file(&mut self, file: &str) -> Result<()> {
        let before = self.committed_passages(file)?;
        self.writer
            .delete_term(Term::from_field_text(self.fields.file, file));
        self.manifest.files.remove(file);
        if !before.is_empty() {
            self.superseded.extend(before.into_keys());
            self.changed = true;
        }
        Ok(())
    }

    /// The next place in the change sequence, in the pending generation.
    fn next_seq(&mut self) -> u64 {
        self.changed = true;
        let seq = ((self.manifest.generation + 1) << 32) | u64::from(self.written);
        self.written = self.written.saturating_add(1);
        seq
    }

    /// A file's passages in the last commit: id -> (version, seq).
    fn committed_passages(
        &self,
        file: &str,
    ) -> Result<std::collections::HashMap<String, (String, u64)>> {
        let mut found = std::collections::HashMap::new();
        if self.cleared {
            return Ok(found);
        }
        let searcher = self.reader.searcher();
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(self.fields.file, file),
            tantivy::schema::IndexRecordOption::Basic,
        );
        for address in searcher.search(&query, &tantivy::collector::DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| crate::search::stored_text(&doc, field);
            let seq = doc
                .get_first(self.fields.seq)
                .and_then(|value| tantivy::schema::Value::as_u64(&value))
                .unwrap_or(0);
            found.insert(
                text(self.fields.passage_id),
                (text(self.fields.version), seq),
            );
        }
        Ok(found)
    }

    /// Makes everything written so far durable and visible, with the manifest.
    pub fn commit(&mut self) -> Result<()> {
        if self.changed {
            let generation = self.manifest.generation + 1;
            self.manifest.generation = generation;
            self.manifest.changed_at = Some(chrono::Utc::now().to_rfc3339());
            if self.history_restarted {
                self.superseded.clear();
            }
            if !self.superseded.is_empty() {
                let ids = std::mem::take(&mut self.superseded);
                self.manifest.removals.push(Removal { generation, ids });
            }
            let mut kept: usize = self.manifest.removals.iter().map(|r| r.ids.len()).sum();
            while kept > REMOVAL_HISTORY && !self.manifest.removals.is_empty() {
                let dropped = self.manifest.removals.remove(0);
                kept -= dropped.ids.len();
                self.manifest.history_from = dropped.generation;
            }
            self.changed = false;
            self.cleared = false;
            self.written = 0;
        }
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

    /// The tantivy document of a passage (without its `seq`) and its version: BLAKE3
    /// of everything stored, so equal versions answer alike.
    fn tantivy_document(
        &self,
        document: &SourceDocument,
        document_json: &str,
        passage: &Passage,
        ordinal: usize,
    ) -> (TantivyDocument, String) {
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
        if let Some(respondent) = &passage.respondent {
            doc.add_u64(
                fields.respondent,
                respondent_key(&document.doc_id, respondent),
            );
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
        let passage_json = serde_json::to_string(&stored).expect("passages serialise");
        let mut version = blake3::Hasher::new();
        for part in [
            passage.passage_id.as_str(),
            passage.heading.as_str(),
            passage.text.as_str(),
            passage_json.as_str(),
            document_json,
        ] {
            version.update(&(part.len() as u64).to_le_bytes());
            version.update(part.as_bytes());
        }
        let version = version.finalize().to_hex()[..32].to_string();
        doc.add_text(fields.passage_json, passage_json);
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
        (doc, version)
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

/// A new index's name: unique enough that two indexes (or one before and after a
/// rebuild) never share it.
fn new_index_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static MADE: AtomicU64 = AtomicU64::new(0);
    let mut hasher = blake3::Hasher::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.update(&now.to_le_bytes());
    hasher.update(&std::process::id().to_le_bytes());
    hasher.update(&MADE.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    hasher.finalize().to_hex()[..12].to_string()
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

/// A respondent as a number: the first eight bytes of the BLAKE3 hash of the document
/// and the record id (the chance of two of a million respondents sharing one is about
/// 3 in 100 million).
pub(crate) fn respondent_key(doc_id: &str, respondent: &str) -> u64 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(doc_id.as_bytes());
    hasher.update(&[0x1f]);
    hasher.update(respondent.as_bytes());
    let bytes = hasher.finalize();
    u64::from_le_bytes(bytes.as_bytes()[..8].try_into().expect("eight bytes"))
}
