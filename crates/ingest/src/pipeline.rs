//! The ingest run: discover sources, parse the new and changed ones in parallel (rayon),
//! write them through one index writer, remove deleted ones, commit with the manifest,
//! and account for every file. `check` runs the same parsing without an index.

use crate::discover::{discover, SourceFile, SourceFormat, MODEL_FILE, TAXONOMY_FILE};
use crate::error::{Error, Result};
use crate::survey::SurveyCounts;
use crate::{parse_source, FileOutcome, ParseContext};
use insight_index::{IndexSession, InsightIndex, Manifest};
use insight_model::learn::ThemeModel;
use insight_model::{Diagnostic, Facet, Severity, Tagger, Taxonomy};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

/// Bumped whenever parsing or tagging changes what passages a file gives, so that the
/// next ingest parses every file again instead of keeping the old passages.
pub const PARSER_VERSION: u32 = 9;

/// How to run an ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// The corpus folder, with `taxonomy.toml` at its top.
    pub corpus: PathBuf,
    /// Commit after this many written files, so an interrupted run keeps its progress.
    pub commit_every: usize,
    /// Drop everything in the index and ingest every file again.
    pub rebuild: bool,
    /// Settings of the document readers (the PDF extractor's limits).
    pub readers: crate::ReadOptions,
}

impl IngestOptions {
    pub fn new(corpus: impl Into<PathBuf>) -> Self {
        Self {
            corpus: corpus.into(),
            commit_every: 500,
            rebuild: false,
            readers: crate::ReadOptions::default(),
        }
    }
}

/// Progress reported to the caller, always from the calling thread. Returning
/// `ControlFlow::Break` stops the run: what was committed stays, the rest is dropped.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    Started {
        total: usize,
    },
    File {
        done: usize,
        total: usize,
        file: &'a str,
    },
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// New or changed, parsed and written (or, for `check`, parsed without errors).
    Indexed,
    /// Same content and taxonomy as at the last ingest: not parsed, not rewritten.
    Unchanged,
    /// Could not be ingested; the reason is in the report. A previous good version, if
    /// any, stays in the index until the file is fixed or deleted.
    Skipped,
    /// Gone from the corpus folder: its passages were removed.
    Removed,
}

/// The account of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub file: String,
    pub status: FileStatus,
    pub passages: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Whether a previous version of a skipped file is still in the index.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub previous_version_kept: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub survey: Option<SurveyCounts>,
    /// Personal data redacted from this file's text, by marker.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub redactions: crate::RedactionCounts,
}

impl FileReport {
    /// The account of a file that was not parsed: unchanged, or removed.
    fn unparsed(file: &str, status: FileStatus, passages: usize) -> Self {
        Self {
            file: file.to_string(),
            status,
            passages,
            reason: None,
            previous_version_kept: false,
            diagnostics: Vec::new(),
            survey: None,
            redactions: Default::default(),
        }
    }
}

/// The account of a whole run. Always: `files_found == indexed + unchanged + skipped`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestSummary {
    pub corpus: String,
    pub files_found: usize,
    pub indexed: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub removed: usize,
    /// Passages written by this run.
    pub passages_written: usize,
    /// Passages in the index after the run (all files).
    pub passages_in_index: u64,
    /// Survey rows read, rows skipped with a reason, and answers that were non-answers.
    pub survey_rows: usize,
    pub survey_rows_skipped: usize,
    pub non_answers: usize,
    pub warnings: usize,
    pub errors: usize,
    /// Personal data redacted from survey answers and workshop notes, by marker
    /// ([email], [phone], [nhs number], [postcode], [date of birth], [name]).
    pub redactions: crate::RedactionCounts,
    /// True when the taxonomy (or the parser) changed, so every file was parsed again.
    pub taxonomy_changed: bool,
    /// True when the run was stopped before it finished; the last commit stands.
    pub interrupted: bool,
    /// Commits made (0 when nothing changed).
    pub commits: usize,
    /// How Chinese, Japanese and Korean text was split into words: the dictionaries
    /// loaded, and the languages that fell back to character bigrams.
    pub dictionaries: Vec<insight_index::DictionaryStatus>,
    /// The international first-name list the redactor used besides its built-in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_names: Option<String>,
    pub files: Vec<FileReport>,
    /// The catalogues that state documents' metadata: rows read, rows that describe a
    /// file found, and a warning for each row naming a file that is not there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub catalogues: Vec<CatalogueReport>,
}

/// What came of one catalogue (`catalogue.csv`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct CatalogueReport {
    pub file: String,
    pub rows: usize,
    /// Rows that describe a document in the corpus.
    pub described: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl IngestSummary {
    /// Accounts for the catalogues the documents use: a row naming a file that is not
    /// there (not received yet, renamed, a typo) is a warning, never silently ignored.
    fn report_catalogues(&mut self, sources: &[SourceFile]) {
        let mut catalogues: BTreeMap<String, (PathBuf, Vec<&str>)> = BTreeMap::new();
        for source in sources {
            if let SourceFormat::Document {
                metadata: Some(metadata),
                ..
            } = &source.format
            {
                if metadata.catalogue {
                    catalogues
                        .entry(metadata.rel_path.clone())
                        .or_insert_with(|| (metadata.path.clone(), Vec::new()))
                        .1
                        .push(&source.rel_path);
                }
            }
        }
        for (rel_path, (path, documents)) in catalogues {
            let mut report = CatalogueReport {
                file: rel_path.clone(),
                ..Default::default()
            };
            let parsed = std::fs::read(&path)
                .map_err(|e| format!("cannot read {rel_path}: {e}"))
                .and_then(|bytes| crate::catalogue::Catalogue::read(&rel_path, &bytes));
            match parsed {
                Err(reason) => {
                    // each document it describes is skipped with this reason too
                    report
                        .diagnostics
                        .push(Diagnostic::error(&rel_path, None, reason));
                }
                Ok(catalogue) => {
                    report.rows = catalogue.rows.len();
                    let used: HashSet<u64> = documents
                        .iter()
                        .filter_map(|file| catalogue.row_for(file).map(|row| row.line))
                        .collect();
                    report.described = used.len();
                    for row in catalogue
                        .rows
                        .iter()
                        .filter(|row| !used.contains(&row.line))
                    {
                        report.diagnostics.push(Diagnostic::warning(
                            &rel_path,
                            Some(format!("{} {}", catalogue.unit, row.line)),
                            format!("names `{}`, which is not in the corpus (not received yet, renamed, or a typo); add the file, or correct or remove the row", row.file),
                        ));
                    }
                }
            }
            for diagnostic in &report.diagnostics {
                match diagnostic.severity {
                    Severity::Warning => self.warnings += 1,
                    Severity::Error => self.errors += 1,
                }
            }
            self.catalogues.push(report);
        }
    }

    /// True when any file or row was skipped: the exit code says so.
    pub fn has_skips(&self) -> bool {
        self.skipped > 0 || self.survey_rows_skipped > 0
    }

    fn record(&mut self, report: FileReport) {
        match report.status {
            FileStatus::Indexed => self.indexed += 1,
            FileStatus::Unchanged => self.unchanged += 1,
            FileStatus::Skipped => self.skipped += 1,
            FileStatus::Removed => self.removed += 1,
        }
        if report.status == FileStatus::Indexed {
            self.passages_written += report.passages;
        }
        if let Some(counts) = &report.survey {
            self.survey_rows += counts.rows;
            self.survey_rows_skipped += counts.rows_skipped;
            self.non_answers += counts.non_answers;
        }
        for (marker, count) in &report.redactions {
            *self.redactions.entry(marker).or_default() += count;
        }
        for diagnostic in &report.diagnostics {
            match diagnostic.severity {
                Severity::Warning => self.warnings += 1,
                Severity::Error => self.errors += 1,
            }
        }
        self.files.push(report);
    }

    fn finish(&mut self) {
        self.files.sort_by(|a, b| a.file.cmp(&b.file));
        debug_assert!(
            self.interrupted || self.files_found == self.indexed + self.unchanged + self.skipped
        );
    }
}

/// A parsed (or unchanged) source on its way to the writer.
enum Parsed {
    Unchanged {
        file: String,
        passages: usize,
    },
    Outcome {
        content_hash: String,
        outcome: Box<FileOutcome>,
    },
}

fn load_taxonomy(corpus: &Path) -> Result<Taxonomy> {
    Ok(Taxonomy::load(&corpus.join(TAXONOMY_FILE))?)
}

/// The learned model beside the taxonomy, if there is one; a damaged model, or one
/// trained for themes this taxonomy lacks, stops the ingest with the fix.
pub fn load_model(corpus: &Path, taxonomy: &Taxonomy) -> Result<Option<Arc<ThemeModel>>> {
    let path = corpus.join(MODEL_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(Error::Model {
                path,
                message: format!("cannot be read: {error}"),
            })
        }
    };
    let model = ThemeModel::from_bytes(&bytes).map_err(|error| Error::Model {
        path: path.clone(),
        message: error.to_string(),
    })?;
    let missing: Vec<&str> = model
        .header()
        .themes
        .iter()
        .filter(|theme| taxonomy.entry(Facet::Theme, theme).is_none())
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(Error::Model {
            path,
            message: format!(
                "was trained for another taxonomy: {} of its themes are not in {TAXONOMY_FILE} ({}); retrain it for this taxonomy with `insight model train`, or remove it to tag by the rules alone",
                missing.len(),
                missing.iter().take(5).copied().collect::<Vec<_>>().join(", ")
            ),
        });
    }
    Ok(Some(Arc::new(model)))
}

/// The redactor for this taxonomy, with the international first-name list when one is
/// named; a list named but not readable stops the run rather than redact less.
fn load_redactor(taxonomy: &Taxonomy, readers: &crate::ReadOptions) -> Result<crate::Redactor> {
    let redactor = crate::Redactor::for_taxonomy(taxonomy);
    match &readers.first_names {
        None => Ok(redactor),
        Some(path) => redactor
            .with_first_names_file(path)
            .map_err(|message| Error::NameList {
                path: path.clone(),
                message,
            }),
    }
}

/// The taxonomy's rules and the corpus's learned model, if any.
fn load_tagger(corpus: &Path, taxonomy: &Taxonomy) -> Result<Tagger> {
    Ok(Tagger::with_model(taxonomy, load_model(corpus, taxonomy)?))
}

/// Parses one document that is not (yet) in the corpus's sources, as ingest would:
/// `file` is read with its sidecar `NAME.meta.yaml` beside it, if any, and `rel_path`
/// is the identity it will have in the corpus. For contributions: a partner sees what
/// a file gives before publishing it. Markdown, PDF, Word, OpenDocument and web pages.
pub fn preview(
    corpus: &Path,
    file: &Path,
    rel_path: &str,
    readers: &crate::ReadOptions,
) -> Result<FileOutcome> {
    let taxonomy = load_taxonomy(corpus)?;
    let tagger = load_tagger(corpus, &taxonomy)?;
    let redactor = load_redactor(&taxonomy, readers)?;
    let context = ParseContext {
        taxonomy: &taxonomy,
        tagger: &tagger,
        redactor: &redactor,
        readers,
    };
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let sidecar = file.with_extension("meta.yaml");
    let format = match crate::DocumentFormat::from_extension(&extension) {
        Some(format) => SourceFormat::Document {
            format,
            metadata: sidecar.is_file().then(|| crate::MetadataFile {
                rel_path: format!("{}.meta.yaml", rel_path.rsplit_once('.').map_or(rel_path, |(stem, _)| stem)),
                path: sidecar.clone(),
                catalogue: false,
            }),
        },
        _ if extension == "md" || extension == "markdown" => SourceFormat::Markdown,
        _ => SourceFormat::Unsupported(format!(
            "`.{extension}` files cannot be contributed; send a PDF, Word (.docx), OpenDocument (.odt), web page (.html) or Markdown file"
        )),
    };
    let source = SourceFile {
        path: file.to_path_buf(),
        rel_path: rel_path.to_string(),
        format,
    };
    Ok(match read(&source) {
        Ok((bytes, companion, _)) => parse_source(&source, &bytes, companion.as_deref(), &context),
        Err(reason) => {
            let mut outcome = FileOutcome::new(rel_path);
            outcome.fail(reason, None);
            outcome
        }
    })
}

/// A source's bytes, its companion's bytes (a survey's mapping, a document's sidecar or
/// catalogue) and their content hash: changing the companion re-reads the source.
type ReadSource = (Vec<u8>, Option<Vec<u8>>, String);

fn read(source: &SourceFile) -> std::result::Result<ReadSource, String> {
    let bytes =
        std::fs::read(&source.path).map_err(|error| format!("cannot read the file: {error}"))?;
    let mut hasher = blake3::Hasher::new();
    hasher.update(&bytes);
    let companion = match &source.format {
        SourceFormat::Survey {
            mapping_path,
            mapping_rel_path,
        } => Some((mapping_path, mapping_rel_path)),
        SourceFormat::Document {
            metadata: Some(metadata),
            ..
        } => Some((&metadata.path, &metadata.rel_path)),
        _ => None,
    };
    let mapping = match companion {
        Some((path, rel_path)) => {
            let companion =
                std::fs::read(path).map_err(|error| format!("cannot read {rel_path}: {error}"))?;
            hasher.update(&[0]);
            hasher.update(&companion);
            Some(companion)
        }
        None => None,
    };
    Ok((bytes, mapping, hasher.finalize().to_hex().to_string()))
}

fn parse_one(
    source: &SourceFile,
    context: &ParseContext<'_>,
    manifest: Option<&Manifest>,
) -> Parsed {
    let (bytes, mapping, content_hash) = match read(source) {
        Ok(read) => read,
        Err(reason) => {
            let mut outcome = FileOutcome::new(&source.rel_path);
            outcome.fail(reason, None);
            return Parsed::Outcome {
                content_hash: String::new(),
                outcome: Box::new(outcome),
            };
        }
    };
    if let Some(entry) = manifest.and_then(|m| m.files.get(&source.rel_path)) {
        if entry.content_hash == content_hash {
            return Parsed::Unchanged {
                file: source.rel_path.clone(),
                passages: entry.passages,
            };
        }
    }
    let outcome = parse_source(source, &bytes, mapping.as_deref(), context);
    Parsed::Outcome {
        content_hash,
        outcome: Box::new(outcome),
    }
}

/// Parses every source in parallel and hands each result to `sink` on the calling
/// thread, in completion order. `sink` returning Break stops the producers.
fn parse_all(
    sources: &[SourceFile],
    context: &ParseContext<'_>,
    manifest: Option<&Manifest>,
    mut sink: impl FnMut(Parsed) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let stop = AtomicBool::new(false);
    // bounded: parsed files wait for the writer instead of piling up in memory
    let (sender, receiver) = mpsc::sync_channel::<Parsed>(32);
    std::thread::scope(|scope| {
        let stop = &stop;
        scope.spawn(move || {
            sources.par_iter().for_each_with(sender, |sender, source| {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let parsed = parse_one(source, context, manifest);
                if sender.send(parsed).is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
            });
        });
        // the receiver lives in this closure: dropping it on a break makes every
        // producer's pending send fail, so they stop instead of waiting forever
        let receiver = receiver;
        for parsed in receiver.iter() {
            if sink(parsed).is_break() {
                stop.store(true, Ordering::Relaxed);
                drop(receiver);
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    })
}

fn report_of(outcome: FileOutcome, previous_version_kept: bool) -> FileReport {
    let status = if outcome.document.is_some() {
        FileStatus::Indexed
    } else {
        FileStatus::Skipped
    };
    let reason = outcome.skip_reason().map(|d| match &d.location {
        Some(location) => format!("{location}: {}", d.message),
        None => d.message.clone(),
    });
    FileReport {
        file: outcome.file,
        status,
        passages: outcome.passages.len(),
        reason,
        previous_version_kept: status == FileStatus::Skipped && previous_version_kept,
        diagnostics: outcome.diagnostics,
        survey: outcome.survey,
        redactions: outcome.redactions,
    }
}

/// Ingests a corpus folder into the index, incrementally.
pub fn ingest(
    index: &InsightIndex,
    options: &IngestOptions,
    mut progress: impl FnMut(Progress<'_>) -> ControlFlow<()>,
) -> Result<IngestSummary> {
    let taxonomy = load_taxonomy(&options.corpus)?;
    let tagger = load_tagger(&options.corpus, &taxonomy)?;
    let redactor = load_redactor(&taxonomy, &options.readers)?;
    let context = ParseContext {
        taxonomy: &taxonomy,
        tagger: &tagger,
        redactor: &redactor,
        readers: &options.readers,
    };
    let sources = discover(&options.corpus)?;
    let mut session: IndexSession = index.session()?;
    let mut summary = IngestSummary {
        corpus: options.corpus.display().to_string(),
        files_found: sources.len(),
        first_names: context
            .readers
            .first_names
            .as_ref()
            .map(|p| p.display().to_string()),
        ..Default::default()
    };
    summary.report_catalogues(&sources);
    let mut dirty = false;
    if options.rebuild {
        session.clear()?;
        dirty = true;
    }
    let previous = session.manifest().clone();
    // a change of taxonomy, parser or CJK dictionaries changes what files give
    summary.dictionaries = index.dictionaries().status().to_vec();
    let fingerprint = format!(
        "{}+parser{PARSER_VERSION}+{}+model:{}",
        taxonomy.content_hash(),
        index.dictionaries().fingerprint(),
        tagger.model().map_or("none", |model| model.content_hash())
    );
    summary.taxonomy_changed = !previous.files.is_empty() && previous.taxonomy_hash != fingerprint;
    if previous.taxonomy_hash != fingerprint {
        session.set_taxonomy(&fingerprint, taxonomy.source());
        dirty = true;
    }
    // a changed taxonomy changes every inferred tag: nothing counts as unchanged
    let reusable = (!summary.taxonomy_changed).then_some(&previous);

    if progress(Progress::Started {
        total: sources.len(),
    })
    .is_break()
    {
        summary.interrupted = true;
        session.rollback()?;
        return Ok(summary);
    }
    let mut written_since_commit = 0;
    let mut done = 0;
    let mut failure: Option<crate::Error> = None;
    let flow = parse_all(&sources, &context, reusable, |parsed| {
        let (file, report) = match parsed {
            Parsed::Unchanged { file, passages } => {
                let report = FileReport::unparsed(&file, FileStatus::Unchanged, passages);
                (file, report)
            }
            Parsed::Outcome {
                content_hash,
                outcome,
            } => {
                let file = outcome.file.clone();
                if let Some(document) = &outcome.document {
                    if let Err(error) =
                        session.replace_file(&content_hash, document, &outcome.passages)
                    {
                        failure = Some(error.into());
                        return ControlFlow::Break(());
                    }
                    dirty = true;
                    written_since_commit += 1;
                }
                let kept = previous.files.contains_key(&file);
                (file, report_of(*outcome, kept))
            }
        };
        summary.record(report);
        done += 1;
        if written_since_commit >= options.commit_every {
            if let Err(error) = session.commit() {
                failure = Some(error.into());
                return ControlFlow::Break(());
            }
            summary.commits += 1;
            written_since_commit = 0;
        }
        progress(Progress::File {
            done,
            total: sources.len(),
            file: &file,
        })
    });
    if let Some(error) = failure {
        session.rollback()?;
        return Err(error);
    }
    if flow.is_break() {
        summary.interrupted = true;
        session.rollback()?;
        summary.passages_in_index = index.passage_count();
        summary.finish();
        return Ok(summary);
    }

    let present: BTreeSet<&str> = sources.iter().map(|s| s.rel_path.as_str()).collect();
    let gone: Vec<String> = previous
        .files
        .keys()
        .filter(|file| !present.contains(file.as_str()))
        .cloned()
        .collect();
    for file in gone {
        let passages = previous.files[&file].passages;
        session.remove_file(&file)?;
        dirty = true;
        summary.record(FileReport::unparsed(&file, FileStatus::Removed, passages));
    }
    if dirty {
        session.commit()?;
        summary.commits += 1;
    }
    session.finish()?;
    index.reload()?;
    summary.passages_in_index = index.passage_count();
    summary.finish();
    Ok(summary)
}

/// Parses and validates every source and the taxonomy without touching an index.
pub fn check(corpus: &Path, readers: &crate::ReadOptions) -> Result<IngestSummary> {
    let taxonomy = load_taxonomy(corpus)?;
    let tagger = load_tagger(corpus, &taxonomy)?;
    let redactor = load_redactor(&taxonomy, readers)?;
    let context = ParseContext {
        taxonomy: &taxonomy,
        tagger: &tagger,
        redactor: &redactor,
        readers,
    };
    let sources = discover(corpus)?;
    let mut summary = IngestSummary {
        corpus: corpus.display().to_string(),
        files_found: sources.len(),
        first_names: context
            .readers
            .first_names
            .as_ref()
            .map(|p| p.display().to_string()),
        ..Default::default()
    };
    summary.report_catalogues(&sources);
    let _ = parse_all(&sources, &context, None, |parsed| {
        if let Parsed::Outcome { outcome, .. } = parsed {
            summary.record(report_of(*outcome, false));
        }
        ControlFlow::Continue(())
    });
    summary.finish();
    Ok(summary)
}
