//! The passage index: a tantivy index with one document per passage, written
//! incrementally file by file, and searched with filters, facet counts and snippets.
//!
//! Invariants: the manifest of ingested files (path -> content hash) travels in the
//! tantivy commit payload, so the committed index and the manifest never disagree; a
//! file's passages are replaced as a whole (delete by file, then add) within one commit.

mod access;
mod analytics;
mod changes;
mod dump;
mod error;
mod facets;
mod group;
mod language;
mod overlap;
mod relax;
mod schema;
mod search;
mod stem;
mod suppress;
mod timeline;
mod topics;
mod write;

pub use access::VisibleCounts;
pub use analytics::{
    Coverage, CoverageBy, CoverageCell, CoverageRow, Emerging, HeldBack, ThemeSeries, Trends,
    BASELINE_PERIODS, DEFAULT_GAP_THRESHOLD, DEFAULT_MIN_SOURCES, DEFAULT_MIN_TREND_COUNT,
    EMERGING_FDR,
};
pub use changes::{Changes, Snapshot, MAX_CHANGES};
pub use dump::IndexedPassage;
pub use error::{Error, Result};
pub use facets::FacetCount;
pub use language::{
    build_dictionary, has_cjk, Dictionaries, DictionaryLanguage, DictionaryStatus, DICTIONARIES_ENV,
};
pub use overlap::{
    Band, CandidateKind, Hidden, OverlapMatch, OverlapReport, Proposal, Reason, Weights,
    DUPLICATE_SUBJECT, PLACE_MATCH, RECENT_DAYS, SAME_PEOPLE, SAME_SUBJECT, SAME_WORDING, WEIGHTS,
};
pub use relax::{Correction, Interpretation, Ranking, KIND_BALANCE, RANKING_ENV};
pub use schema::{FacetField, Fields, SCHEMA_VERSION};
pub use search::{Hit, SearchRequest, SearchResults, Snippet, Sort, MAX_LIMIT};
pub use suppress::{Shown, Suppressor, DEFAULT_THRESHOLD};
pub use timeline::Interval;
pub use topics::{NewTopic, NewTopics, TopicExample};
pub use write::{IndexSession, Manifest, ManifestEntry, Removal, REMOVAL_HISTORY};

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

/// The taxonomy of the last commit and the rule tagger built from it, with the reader
/// generation they were read at.
type TaxonomyCache = Arc<
    Mutex<
        Option<(
            u64,
            Arc<insight_model::Taxonomy>,
            Arc<insight_model::Tagger>,
        )>,
    >,
>;

/// What each access sees, counted, for one reader generation: (generation, access ->
/// counts).
type VisibleCache = Arc<
    Mutex<(
        u64,
        std::collections::HashMap<insight_model::Access, Arc<access::Visible>>,
    )>,
>;

/// An opened passage index.
#[derive(Clone)]
pub struct InsightIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    location: Option<PathBuf>,
    reset: bool,
    /// The taxonomy of the last commit and its rule tagger, built once per generation.
    taxonomy_cache: TaxonomyCache,
    /// What each access sees, per reader, so filters resolve and searches for
    /// everything answer without a count per request.
    visible_cache: VisibleCache,
    /// The word segmenters of Chinese, Japanese and Korean text.
    dictionaries: Arc<Dictionaries>,
    /// Every segment's facet values in memory, for counting.
    facet_cache: facets::FacetCache,
    /// The manifest of the reader's generation, once checked to be of the same commit
    /// (see `changes::Snapshot`).
    snapshot_cache: SnapshotCache,
    /// The weights of plain-query ranking (`INSIGHT_RANKING` overrides the defaults).
    ranking: relax::Ranking,
}

/// (reader generation, the manifest of its commit).
type SnapshotCache = Arc<Mutex<Option<(u64, Arc<Manifest>)>>>;

impl InsightIndex {
    /// Opens the index in `dir` for writing, creating an empty one if the folder has
    /// none. An index written by another schema version is derived data: its files are
    /// removed and a new empty index is made (the next ingest fills it), and
    /// [`InsightIndex::was_reset`] says so.
    /// The CJK dictionaries come from `INSIGHT_DICTIONARIES` (default `dictionaries`).
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        Self::open_or_create_with(dir, Dictionaries::from_env())
    }

    /// [`InsightIndex::open_or_create`] with these dictionaries.
    pub fn open_or_create_with(dir: &Path, dictionaries: Dictionaries) -> Result<Self> {
        let dictionaries = Arc::new(dictionaries);
        match Self::open_or_create_once(dir, &dictionaries) {
            Err(Error::SchemaVersion { .. })
            | Err(Error::Tantivy(tantivy::TantivyError::SchemaError(_))) => {
                remove_index_files(dir)?;
                let mut index = Self::open_or_create_once(dir, &dictionaries)?;
                index.reset = true;
                Ok(index)
            }
            other => other,
        }
    }

    /// True when opening found an index of another schema version and replaced it with
    /// an empty one.
    pub fn was_reset(&self) -> bool {
        self.reset
    }

    fn open_or_create_once(dir: &Path, dictionaries: &Arc<Dictionaries>) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
        let (schema, fields) = schema::build_schema();
        let directory = MmapDirectory::open(dir).map_err(|error| Error::Folder {
            path: dir.to_path_buf(),
            source: std::io::Error::other(error.to_string()),
        })?;
        let index = Index::open_or_create(directory, schema)?;
        Self::wrap(index, fields, Some(dir.to_path_buf()), dictionaries.clone())
    }

    /// Opens an existing index; a clear error when there is none. The CJK dictionaries
    /// come from `INSIGHT_DICTIONARIES` (default `dictionaries`).
    pub fn open(dir: &Path) -> Result<Self> {
        Self::open_with(dir, Dictionaries::from_env())
    }

    /// [`InsightIndex::open`] with these dictionaries.
    pub fn open_with(dir: &Path, dictionaries: Dictionaries) -> Result<Self> {
        if !dir.join("meta.json").is_file() {
            return Err(Error::Missing {
                path: dir.to_path_buf(),
            });
        }
        let index = Index::open_in_dir(dir)?;
        let (_, fields) = schema::build_schema();
        Self::wrap(
            index,
            fields,
            Some(dir.to_path_buf()),
            Arc::new(dictionaries),
        )
    }

    /// An index in memory, for tests, with the dictionaries of `INSIGHT_DICTIONARIES`.
    pub fn create_in_ram() -> Result<Self> {
        Self::create_in_ram_with(Dictionaries::from_env())
    }

    /// An index in memory with these dictionaries.
    pub fn create_in_ram_with(dictionaries: Dictionaries) -> Result<Self> {
        let (schema, fields) = schema::build_schema();
        Self::wrap(
            Index::create_in_ram(schema),
            fields,
            None,
            Arc::new(dictionaries),
        )
    }

    /// The word segmenters this index reads and writes CJK text with.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dictionaries
    }

    fn wrap(
        mut index: Index,
        fields: Fields,
        location: Option<PathBuf>,
        dictionaries: Arc<Dictionaries>,
    ) -> Result<Self> {
        schema::register_analyzers(&index, &dictionaries);
        // a search collects its segments on every core: at a million passages a broad
        // query's facet counts are most of its time, and segments count independently
        index.set_default_multithread_executor()?;
        // an index on disk follows commits made by other processes (a re-ingest while
        // the server runs); searches keep the snapshot they started with
        let policy = if location.is_some() {
            ReloadPolicy::OnCommitWithDelay
        } else {
            ReloadPolicy::Manual
        };
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        let opened = Self {
            index,
            reader,
            fields,
            location,
            reset: false,
            taxonomy_cache: Arc::new(Mutex::new(None)),
            visible_cache: Arc::new(Mutex::new((u64::MAX, Default::default()))),
            dictionaries,
            facet_cache: facets::FacetCache::default(),
            snapshot_cache: Arc::new(Mutex::new(None)),
            ranking: relax::Ranking::from_env()?,
        };
        let manifest = opened.manifest()?;
        if manifest.schema_version != 0 && manifest.schema_version != SCHEMA_VERSION {
            return Err(Error::SchemaVersion {
                path: opened.location.clone().unwrap_or_default(),
                found: manifest.schema_version,
                expected: SCHEMA_VERSION,
            });
        }
        Ok(opened)
    }

    /// The manifest of the last commit (empty for a new index).
    pub fn manifest(&self) -> Result<Manifest> {
        let metas = self.index.load_metas()?;
        match metas.payload {
            None => Ok(Manifest::default()),
            Some(payload) => {
                serde_json::from_str(&payload).map_err(|error| Error::Manifest(error.to_string()))
            }
        }
    }

    /// Sees the latest commit (for a long-running reader such as the server).
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// Number of passages visible to searches.
    pub fn passage_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Starts writing. Only one session may write at a time (tantivy's lock file).
    pub fn session(&self) -> Result<IndexSession> {
        IndexSession::new(self)
    }
}

/// Removes tantivy's files (and nothing else) from an index folder.
fn remove_index_files(dir: &Path) -> Result<()> {
    let folder_error = |source| Error::Folder {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(folder_error)? {
        let path = entry.map_err(folder_error)?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let tantivy_file = name == "meta.json"
            || name == ".managed.json"
            || name.ends_with(".lock")
            || ["idx", "pos", "term", "store", "fast", "fieldnorm", "del"]
                .iter()
                .any(|ext| name.ends_with(&format!(".{ext}")));
        if tantivy_file && path.is_file() {
            std::fs::remove_file(&path).map_err(folder_error)?;
        }
    }
    Ok(())
}
