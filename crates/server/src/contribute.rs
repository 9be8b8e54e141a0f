//! Contributions: partner organisations add their own reports with a `contributor` key.
//!
//! A contributed file lives in the corpus under its organisation's folder,
//! `contributions/<organisation>/NAME.pdf` with its sidecar `NAME.meta.yaml`; a draft
//! waits in `.drafts/<organisation>/` (a hidden folder, so ingest never reads it) until
//! it is published. Publishing or withdrawing runs an incremental ingest in the
//! background (one at a time; requests that arrive meanwhile are folded into one more
//! run), so the file is searchable, or gone, a moment later.
//!
//! Limits: the upload's size, its type sniffed from its bytes by the reader (not its
//! name), names reduced to safe characters, and an organisation only ever reaches its own
//! folders: the folder comes from the key, never from the request. Every change is
//! logged with the key's id (`insight::contributions`) and appended to
//! `.contributions.jsonl` in the corpus.

use crate::caller::Caller;
use crate::error::ApiError;
use crate::keys::Role;
use crate::wire::{self, DateRange, TagJson};
use crate::AppState;
use axum::extract::{Extension, Multipart, Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use insight_ingest::{FileOutcome, IngestOptions, ReadOptions};
use insight_model::Severity;
use serde::Serialize;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use utoipa::ToSchema;

/// Largest contributed file.
pub const MAX_UPLOAD_BYTES: usize = 25 * 1024 * 1024;
const CONTRIBUTIONS: &str = "contributions";
const DRAFTS: &str = ".drafts";
const LOG_FILE: &str = ".contributions.jsonl";
const EXTENSIONS: &[&str] = &["pdf", "docx", "odt", "html", "htm", "md"];

/// Where contributions go and how they are ingested; shared by every request.
pub struct Contributions {
    pub corpus: PathBuf,
    pub readers: ReadOptions,
    /// Largest file taken, in bytes ([`MAX_UPLOAD_BYTES`] unless set lower).
    pub max_bytes: usize,
    ingest: Mutex<IngestState>,
}

#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct IngestState {
    /// An ingest is running now.
    pub running: bool,
    /// Another run is due when this one ends (changes arrived meanwhile).
    #[serde(skip)]
    pending: bool,
    /// Ingest runs finished since the server started.
    pub runs: u64,
    /// How the last run ended: files indexed, skipped, or the error.
    pub last: Option<String>,
}

impl Contributions {
    pub fn new(corpus: PathBuf, readers: ReadOptions) -> Self {
        Self {
            corpus,
            readers,
            max_bytes: MAX_UPLOAD_BYTES,
            ingest: Mutex::new(IngestState::default()),
        }
    }

    fn state(&self) -> IngestState {
        self.ingest.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sources", get(list).post(upload))
        .route("/sources/{name}", get(show).delete(withdraw))
        .route("/sources/{name}/publish", post(publish))
        .route("/sources/{name}/metadata", put(set_metadata))
}

/// One contributed source, as its organisation sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceJson {
    /// The file name within the organisation's folder: the source's id in this API.
    pub name: String,
    /// draft (only its organisation sees it; not searchable) or published.
    pub status: String,
    /// The path in the corpus once published, e.g. `contributions/healthwatch-leeds/x.pdf`.
    pub file: String,
    pub bytes: u64,
    /// Passages of it in the index now (0 for a draft, or until the ingest has run).
    pub indexed_passages: usize,
}

/// What a file gives: its document, passages with tags, and the warnings.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewJson {
    pub source: SourceJson,
    /// Why the file cannot be indexed, when it cannot.
    pub skipped: Option<String>,
    pub title: Option<String>,
    pub organisation: Option<String>,
    pub date: Option<DateRange>,
    pub visibility: Option<String>,
    /// The document's tags (stated by its metadata).
    pub tags: Vec<TagJson>,
    /// The metadata as stated in the sidecar, to edit and send back.
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub passages: Vec<PreviewPassage>,
    pub warnings: Vec<String>,
    /// The background ingest after a publish or withdrawal.
    pub ingest: IngestState,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewPassage {
    pub heading: String,
    pub locator: String,
    pub text: String,
    pub tags: Vec<TagJson>,
    pub sentiment: Option<wire::SentimentJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SourcesJson {
    pub organisation: String,
    pub sources: Vec<SourceJson>,
    pub ingest: IngestState,
}

/// The organisation a caller contributes for, and its folder name.
fn contributor(
    state: &AppState,
    caller: &Caller,
) -> Result<(Arc<Contributions>, String, String), ApiError> {
    let Some(contributions) = state.contributions.clone() else {
        return Err(ApiError::refused(
            StatusCode::NOT_FOUND,
            "contributions_off",
            "this server does not take contributions (start it with --corpus to allow them)",
        ));
    };
    let (Some(Role::Contributor), Some(organisation)) = (caller.role, caller.organisation.clone())
    else {
        return Err(ApiError::refused(
            StatusCode::FORBIDDEN,
            "not_a_contributor",
            "adding sources needs a contributor key of your organisation; ask the administrator for one (insight keys add ID --role contributor --organisation ORG)",
        ));
    };
    let slug = slug(&organisation);
    if slug.is_empty() {
        return Err(ApiError::refused(
            StatusCode::FORBIDDEN,
            "not_a_contributor",
            "the key's organisation has no letters or digits to name its folder; fix it in the keys file",
        ));
    }
    Ok((contributions, organisation, slug))
}

/// `Healthwatch Leeds` -> `healthwatch-leeds`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A safe file name from an uploaded one: its last path part, letters, digits, `-`,
/// `_` and `.`, a known extension in lower case; or why not.
fn safe_name(name: &str) -> Result<String, ApiError> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let Some((stem, extension)) = base.rsplit_once('.') else {
        return Err(ApiError::bad(
            "invalid_file",
            format!("`{base}` has no extension; send a PDF, .docx, .odt, .html or .md file"),
        ));
    };
    let extension = extension.to_ascii_lowercase();
    if !EXTENSIONS.contains(&extension.as_str()) {
        return Err(ApiError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
            format!("`.{extension}` files cannot be contributed; send a PDF, Word (.docx), OpenDocument (.odt), web page (.html) or Markdown (.md) file"),
        ));
    }
    let mut clean = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            clean.push(c);
        } else if !clean.ends_with('-') {
            clean.push('-');
        }
    }
    let clean = clean
        .trim_matches('-')
        .chars()
        .take(100)
        .collect::<String>();
    if clean.is_empty() || clean.ends_with(".meta") {
        return Err(ApiError::bad(
            "invalid_file",
            format!("`{base}` needs a name with letters or digits"),
        ));
    }
    Ok(format!("{clean}.{extension}"))
}

struct Paths {
    draft: PathBuf,
    published: PathBuf,
    rel_published: String,
}

fn paths(contributions: &Contributions, slug: &str, name: &str) -> Paths {
    Paths {
        draft: contributions.corpus.join(DRAFTS).join(slug).join(name),
        published: contributions
            .corpus
            .join(CONTRIBUTIONS)
            .join(slug)
            .join(name),
        rel_published: format!("{CONTRIBUTIONS}/{slug}/{name}"),
    }
}

fn sidecar_of(file: &std::path::Path) -> PathBuf {
    file.with_extension("meta.yaml")
}

fn io_error(what: &str, error: std::io::Error) -> ApiError {
    ApiError::Internal(format!("{what}: {error}"))
}

/// Appends a change to the audit log and the request log.
fn audit(
    contributions: &Contributions,
    caller: &Caller,
    organisation: &str,
    action: &str,
    name: &str,
) {
    let key = caller.key_id.as_deref().unwrap_or("-");
    tracing::info!(target: "insight::contributions", key, organisation, action, name);
    let line = serde_json::json!({
        "at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "key": key,
        "organisation": organisation,
        "action": action,
        "name": name,
    });
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(contributions.corpus.join(LOG_FILE))
        .and_then(|mut file| writeln!(file, "{line}"));
    if let Err(error) = written {
        tracing::error!(%error, "cannot append to the contributions log");
    }
}

/// The metadata fields a form may send one by one (the rest go in `metadata`).
const FIELDS: &[&str] = &[
    "title",
    "date",
    "period",
    "places",
    "segments",
    "themes",
    "communities",
    "method",
    "participation",
    "participants",
    "visibility",
    "url",
    "language",
    "partners",
];

/// Add a source (multipart)
///
/// Fields: `file` (the document: PDF, DOCX, ODT, HTML or Markdown), optionally
/// `metadata` (YAML or JSON, the sidecar's keys) and single fields `title`, `date`,
/// `places`, `themes`, `visibility`, ...; `publish` = `false` keeps it as a draft to
/// check first. The organisation is the key's. Answers with what the file gives.
#[utoipa::path(post, path = "/api/sources", request_body(content_type = "multipart/form-data", description = "file, metadata, title, date, places, themes, visibility, publish"),
    responses((status = 201, body = PreviewJson), (status = 400, body = crate::ErrorBody), (status = 403, body = crate::ErrorBody),
        (status = 409, body = crate::ErrorBody), (status = 413, body = crate::ErrorBody), (status = 415, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody, description = "contributions are off: the server runs without --corpus")))]
pub async fn upload(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<PreviewJson>), ApiError> {
    let (contributions, organisation, slug) = contributor(&state, &caller)?;
    let mut form = form.map_err(|rejection| {
        ApiError::bad(
            "invalid_body",
            format!("{rejection}; send multipart/form-data with a `file` part"),
        )
    })?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut metadata = serde_json::Map::new();
    let mut publish = true;
    let max_bytes = contributions.max_bytes.min(MAX_UPLOAD_BYTES);
    let form_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(max_bytes)
        } else {
            ApiError::bad(
                "invalid_form",
                format!(
                    "the form cannot be read ({e}); send multipart/form-data with a `file` field"
                ),
            )
        }
    };
    while let Some(field) = form.next_field().await.map_err(form_error)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" => {
                let file_name = field.file_name().unwrap_or("").to_string();
                let bytes = field.bytes().await.map_err(form_error)?;
                if bytes.len() > max_bytes {
                    return Err(too_large(max_bytes));
                }
                file = Some((file_name, bytes.to_vec()));
            }
            "metadata" | "sidecar" => {
                let text = field.text().await.map_err(form_error)?;
                if !text.trim().is_empty() {
                    metadata.extend(parse_metadata(&text)?);
                }
            }
            "publish" => {
                let text = field.text().await.map_err(form_error)?;
                publish = !matches!(
                    text.trim().to_lowercase().as_str(),
                    "false" | "0" | "no" | "draft"
                );
            }
            field_name if FIELDS.contains(&field_name) => {
                let text = field.text().await.map_err(form_error)?;
                if !text.trim().is_empty() {
                    metadata.insert(
                        field_name.to_string(),
                        serde_json::Value::String(text.trim().to_string()),
                    );
                }
            }
            "organisation" | "organization" => {
                return Err(ApiError::bad(
                    "invalid_field",
                    "the organisation is your key's; leave it out",
                ));
            }
            other => {
                return Err(ApiError::bad(
                    "invalid_field",
                    format!(
                        "unknown form field `{other}`; send file, metadata, publish, or one of: {}",
                        FIELDS.join(", ")
                    ),
                ));
            }
        }
    }
    let Some((file_name, bytes)) = file else {
        return Err(ApiError::bad(
            "invalid_form",
            "no `file` field; attach the document as `file`",
        ));
    };
    let name = safe_name(&file_name)?;
    let paths = paths(&contributions, &slug, &name);
    if paths.published.exists() {
        return Err(ApiError::refused(
            StatusCode::CONFLICT,
            "exists",
            format!("your organisation already has a published source named {name}; withdraw it first (DELETE /api/sources/{name}) or send the file under another name"),
        ));
    }
    metadata.insert(
        "organisation".into(),
        serde_json::Value::String(organisation.clone()),
    );
    let outcome = {
        let contributions = contributions.clone();
        let paths_draft = paths.draft.clone();
        let rel = paths.rel_published.clone();
        tokio::task::spawn_blocking(move || -> Result<FileOutcome, ApiError> {
            let folder = paths_draft.parent().expect("a draft is in a folder");
            std::fs::create_dir_all(folder)
                .map_err(|e| io_error("cannot make the drafts folder", e))?;
            std::fs::write(&paths_draft, &bytes)
                .map_err(|e| io_error("cannot store the draft", e))?;
            write_sidecar(&sidecar_of(&paths_draft), &metadata)?;
            let outcome = insight_ingest::preview(
                &contributions.corpus,
                &paths_draft,
                &rel,
                &contributions.readers,
            )
            .map_err(|e| ApiError::Internal(format!("cannot check the file: {e}")))?;
            if outcome.document.is_none() {
                // nothing usable: nothing kept
                let _ = std::fs::remove_file(&paths_draft);
                let _ = std::fs::remove_file(sidecar_of(&paths_draft));
            }
            Ok(outcome)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("checking task failed: {e}")))??
    };
    if let Some(reason) = outcome.skip_reason() {
        return Err(ApiError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unreadable_file",
            format!("{name} cannot be indexed: {}", reason.message),
        ));
    }
    audit(&contributions, &caller, &organisation, "upload", &name);
    if publish {
        move_to_published(&paths)?;
        audit(&contributions, &caller, &organisation, "publish", &name);
        schedule_ingest(&state, &contributions);
    }
    let preview = preview_json(&state, &contributions, &slug, &name, outcome).await?;
    Ok((StatusCode::CREATED, Json(preview)))
}

fn too_large(max_bytes: usize) -> ApiError {
    let limit = if max_bytes >= 1024 * 1024 {
        format!("{} MB", max_bytes / 1024 / 1024)
    } else {
        format!("{} KB", max_bytes.div_ceil(1024))
    };
    ApiError::refused(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("the file is over {limit}; send a smaller copy (a PDF saved for the web, say)"),
    )
}

/// YAML (or JSON, which is YAML) to a map of front-matter keys.
fn parse_metadata(text: &str) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    let value: serde_json::Value = serde_yaml_ng::from_str(text).map_err(|e| {
        ApiError::bad("invalid_metadata", format!("the metadata is not valid YAML or JSON: {e}; write keys like front matter (title: ..., places: [Leeds])"))
    })?;
    match value {
        serde_json::Value::Object(map) => Ok(map),
        serde_json::Value::Null => Ok(Default::default()),
        _ => Err(ApiError::bad(
            "invalid_metadata",
            "the metadata must be a mapping of keys (title: ..., date: ...)",
        )),
    }
}

fn write_sidecar(
    path: &std::path::Path,
    metadata: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), ApiError> {
    let yaml = serde_yaml_ng::to_string(metadata)
        .map_err(|e| ApiError::Internal(format!("cannot write the sidecar: {e}")))?;
    std::fs::write(path, yaml).map_err(|e| io_error("cannot write the sidecar", e))
}

fn read_sidecar(path: &std::path::Path) -> serde_json::Map<String, serde_json::Value> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| parse_metadata(&text).ok())
        .unwrap_or_default()
}

fn move_to_published(paths: &Paths) -> Result<(), ApiError> {
    let folder = paths.published.parent().expect("a source is in a folder");
    std::fs::create_dir_all(folder)
        .map_err(|e| io_error("cannot make the organisation's folder", e))?;
    // the sidecar first: the document must never be found without its metadata
    std::fs::rename(sidecar_of(&paths.draft), sidecar_of(&paths.published))
        .map_err(|e| io_error("cannot publish the sidecar", e))?;
    std::fs::rename(&paths.draft, &paths.published)
        .map_err(|e| io_error("cannot publish the file", e))
}

/// Runs an incremental ingest in the background; one at a time, and changes that
/// arrive meanwhile get one more run after it.
fn schedule_ingest(state: &AppState, contributions: &Arc<Contributions>) {
    {
        let Ok(mut ingest) = contributions.ingest.lock() else {
            return;
        };
        if ingest.running {
            ingest.pending = true;
            return;
        }
        ingest.running = true;
    }
    let index = state.index.clone();
    let contributions = contributions.clone();
    tokio::task::spawn_blocking(move || loop {
        let mut options = IngestOptions::new(&contributions.corpus);
        options.readers = contributions.readers.clone();
        let last = match insight_ingest::ingest(&index, &options, |_| ControlFlow::Continue(())) {
            Ok(summary) => format!(
                "{} files: {} indexed, {} unchanged, {} skipped, {} removed",
                summary.files_found,
                summary.indexed,
                summary.unchanged,
                summary.skipped,
                summary.removed
            ),
            Err(error) => {
                tracing::error!(%error, "ingest after a contribution failed");
                format!("failed: {error}; the files are stored and the next ingest will take them")
            }
        };
        let Ok(mut ingest) = contributions.ingest.lock() else {
            return;
        };
        ingest.runs += 1;
        ingest.last = Some(last);
        if ingest.pending {
            ingest.pending = false;
            continue;
        }
        ingest.running = false;
        return;
    });
}

fn source_json(
    index: &insight_index::InsightIndex,
    contributions: &Contributions,
    slug: &str,
    name: &str,
) -> Option<SourceJson> {
    let paths = paths(contributions, slug, name);
    let (status, path) = if paths.published.is_file() {
        ("published", &paths.published)
    } else if paths.draft.is_file() {
        ("draft", &paths.draft)
    } else {
        return None;
    };
    let indexed_passages = index
        .manifest()
        .ok()
        .and_then(|m| m.files.get(&paths.rel_published).map(|e| e.passages))
        .unwrap_or(0);
    Some(SourceJson {
        name: name.to_string(),
        status: status.to_string(),
        file: paths.rel_published.clone(),
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        indexed_passages: if status == "published" {
            indexed_passages
        } else {
            0
        },
    })
}

async fn preview_json(
    state: &AppState,
    contributions: &Arc<Contributions>,
    slug: &str,
    name: &str,
    outcome: FileOutcome,
) -> Result<PreviewJson, ApiError> {
    let index = state.index.clone();
    let contributions = contributions.clone();
    let (slug, name) = (slug.to_string(), name.to_string());
    tokio::task::spawn_blocking(move || {
        let source = source_json(&index, &contributions, &slug, &name)
            .ok_or_else(|| ApiError::NotFound(format!("no source named {name}")))?;
        let paths = paths(&contributions, &slug, &name);
        let file = if source.status == "published" {
            &paths.published
        } else {
            &paths.draft
        };
        let metadata = read_sidecar(&sidecar_of(file));
        let document = outcome.document.as_ref();
        Ok(PreviewJson {
            skipped: outcome.skip_reason().map(|d| d.message.clone()),
            title: document.map(|d| d.title.clone()),
            organisation: document.and_then(|d| d.organisation.clone()),
            date: document.and_then(|d| d.date).map(DateRange::from),
            visibility: document.map(|d| d.visibility.to_string()),
            tags: document.map(|d| wire::tags(&d.tags)).unwrap_or_default(),
            metadata,
            passages: outcome
                .passages
                .iter()
                .map(|p| PreviewPassage {
                    heading: p.heading.clone(),
                    locator: p.locator.clone(),
                    text: p.text.clone(),
                    tags: wire::tags(&p.tags),
                    sentiment: wire::sentiment(p.sentiment),
                })
                .collect(),
            warnings: outcome
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .map(|d| match &d.location {
                    Some(location) => format!("{location}: {}", d.message),
                    None => d.message.clone(),
                })
                .collect(),
            ingest: contributions.state(),
            source,
        })
    })
    .await
    .map_err(|e| ApiError::Internal(format!("preview task failed: {e}")))?
}

/// The current file of a source (published, else draft) and what it gives.
async fn reparse(
    state: &AppState,
    contributions: &Arc<Contributions>,
    slug: &str,
    name: &str,
) -> Result<PreviewJson, ApiError> {
    let name = safe_name(name)?;
    let paths = paths(contributions, slug, &name);
    let file = if paths.published.is_file() {
        paths.published.clone()
    } else if paths.draft.is_file() {
        paths.draft.clone()
    } else {
        return Err(ApiError::NotFound(format!(
            "your organisation has no source named {name}"
        )));
    };
    let outcome = {
        let contributions = contributions.clone();
        let rel = paths.rel_published.clone();
        tokio::task::spawn_blocking(move || {
            insight_ingest::preview(&contributions.corpus, &file, &rel, &contributions.readers)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("checking task failed: {e}")))?
        .map_err(|e| ApiError::Internal(format!("cannot check the file: {e}")))?
    };
    preview_json(state, contributions, slug, &name, outcome).await
}

/// List your organisation's sources
#[utoipa::path(get, path = "/api/sources", responses((status = 200, body = SourcesJson), (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody, description = "contributions are off: the server runs without --corpus")))]
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<SourcesJson>, ApiError> {
    let (contributions, organisation, slug) = contributor(&state, &caller)?;
    let index = state.index.clone();
    let listed = contributions.clone();
    let sources = tokio::task::spawn_blocking(move || {
        let mut names = std::collections::BTreeSet::new();
        for folder in [
            listed.corpus.join(CONTRIBUTIONS).join(&slug),
            listed.corpus.join(DRAFTS).join(&slug),
        ] {
            for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                if !name.ends_with(".meta.yaml") && safe_name(&name).is_ok_and(|n| n == name) {
                    names.insert(name);
                }
            }
        }
        names
            .iter()
            .filter_map(|name| source_json(&index, &listed, &slug, name))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| ApiError::Internal(format!("listing task failed: {e}")))?;
    Ok(Json(SourcesJson {
        organisation,
        sources,
        ingest: contributions.state(),
    }))
}

/// One of your sources: what it gives
#[utoipa::path(get, path = "/api/sources/{name}", params(("name" = String, Path, description = "the file name")),
    responses((status = 200, body = PreviewJson), (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(name): Path<String>,
) -> Result<Json<PreviewJson>, ApiError> {
    let (contributions, _, slug) = contributor(&state, &caller)?;
    Ok(Json(reparse(&state, &contributions, &slug, &name).await?))
}

/// Publish a draft: it is ingested and searchable a moment later
#[utoipa::path(post, path = "/api/sources/{name}/publish", params(("name" = String, Path, description = "the file name")),
    responses((status = 200, body = PreviewJson), (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(name): Path<String>,
) -> Result<Json<PreviewJson>, ApiError> {
    let (contributions, organisation, slug) = contributor(&state, &caller)?;
    let name = safe_name(&name)?;
    let paths = paths(&contributions, &slug, &name);
    if !paths.published.is_file() {
        if !paths.draft.is_file() {
            return Err(ApiError::NotFound(format!(
                "your organisation has no draft named {name}"
            )));
        }
        move_to_published(&paths)?;
        audit(&contributions, &caller, &organisation, "publish", &name);
        schedule_ingest(&state, &contributions);
    }
    Ok(Json(reparse(&state, &contributions, &slug, &name).await?))
}

/// Replace a source's metadata (the sidecar's keys, as JSON)
///
/// The organisation stays the key's. A published source is re-ingested.
#[utoipa::path(put, path = "/api/sources/{name}/metadata", params(("name" = String, Path, description = "the file name")),
    request_body(content = Object, description = "front-matter keys: title, date, places, themes, visibility, ..."),
    responses((status = 200, body = PreviewJson), (status = 400, body = crate::ErrorBody), (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn set_metadata(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(name): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<PreviewJson>, ApiError> {
    let (contributions, organisation, slug) = contributor(&state, &caller)?;
    let name = safe_name(&name)?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad("invalid_metadata", "the metadata is not UTF-8 text"))?;
    let mut metadata = parse_metadata(text)?;
    metadata.insert(
        "organisation".into(),
        serde_json::Value::String(organisation.clone()),
    );
    let paths = paths(&contributions, &slug, &name);
    let published = paths.published.is_file();
    let file = if published {
        &paths.published
    } else if paths.draft.is_file() {
        &paths.draft
    } else {
        return Err(ApiError::NotFound(format!(
            "your organisation has no source named {name}"
        )));
    };
    write_sidecar(&sidecar_of(file), &metadata)?;
    audit(&contributions, &caller, &organisation, "metadata", &name);
    if published {
        schedule_ingest(&state, &contributions);
    }
    Ok(Json(reparse(&state, &contributions, &slug, &name).await?))
}

/// Withdraw a source: a draft is deleted; a published one leaves the index at the next
/// commit (a moment later)
#[utoipa::path(delete, path = "/api/sources/{name}", params(("name" = String, Path, description = "the file name")),
    responses((status = 204), (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    let (contributions, organisation, slug) = contributor(&state, &caller)?;
    let name = safe_name(&name)?;
    let paths = paths(&contributions, &slug, &name);
    let mut removed = false;
    for file in [&paths.published, &paths.draft] {
        if file.is_file() {
            std::fs::remove_file(file).map_err(|e| io_error("cannot remove the file", e))?;
            let _ = std::fs::remove_file(sidecar_of(file));
            removed = true;
        }
    }
    if !removed {
        return Err(ApiError::NotFound(format!(
            "your organisation has no source named {name}"
        )));
    }
    audit(&contributions, &caller, &organisation, "withdraw", &name);
    schedule_ingest(&state, &contributions);
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe() {
        assert_eq!(slug("Healthwatch Leeds"), "healthwatch-leeds");
        assert_eq!(slug("  Leeds & York NHS FT "), "leeds-york-nhs-ft");
        assert_eq!(
            safe_name("C:\\Users\\x\\Our Report (final).PDF").unwrap(),
            "Our-Report-final.pdf"
        );
        assert_eq!(safe_name("../../etc/passwd.md").unwrap(), "passwd.md");
        assert!(safe_name("..").is_err());
        assert!(safe_name("x.exe").is_err());
        assert!(safe_name(".pdf").is_err());
    }
}
