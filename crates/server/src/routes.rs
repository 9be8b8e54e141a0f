//! The API's handlers. Each parses its parameters, does the index work on the
//! blocking pool, and converts the result to the wire format.

use crate::caller::Caller;
use crate::error::ApiError;
use crate::params::{self, Accepts};
use crate::privacy::Privacy;
use crate::wire::{
    self, FacetsResponse, HealthResponse, SearchResponse, TaxonomyValueJson, TimelinePeriod,
    TimelineResponse,
};
use crate::AppState;
use axum::body::Body;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use insight_index::{FacetField, Hit, InsightIndex, DEFAULT_MIN_TREND_COUNT, SCHEMA_VERSION};
use insight_model::{Facet, Kind};
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Instant;

pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/search", get(search))
        .route("/passages/{id}", get(passage))
        .route("/documents/{id}", get(document))
        .route("/facets", get(facets))
        .route("/timeline", get(timeline))
        .route("/export", get(export))
        .route("/changes", get(changes))
        .route("/health", get(health))
        .route("/overlap", post(overlap))
        .route("/trends", get(trends))
        .route("/topics", get(topics))
        .route("/coverage", get(coverage))
        .route("/openapi.json", get(crate::openapi::document))
}

/// Runs index work off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    index: &Arc<InsightIndex>,
    work: impl FnOnce(&InsightIndex) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let index = index.clone();
    tokio::task::spawn_blocking(move || work(&index))
        .await
        .map_err(|error| ApiError::Internal(format!("search task failed: {error}")))?
}

/// Search passages
///
/// Words, "phrases", AND/OR/NOT and field:value in `q`; repeatable facet filters (values
/// of one facet OR'ed, facets AND'ed, a parent value includes its children); dates;
/// sorting; paging; grouping by document; and facet counts for the whole result set.
#[utoipa::path(get, path = "/api/search", params(crate::openapi::SearchParams),
    responses((status = 200, body = SearchResponse), (status = 400, body = crate::ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    Ok(Json(run_search(&state, caller, raw.as_deref()).await?))
}

/// A search as the API answers it, for `/api/search` and the server-rendered search
/// page alike: the query string's parameters read and checked, the index searched with
/// the caller's access, equality answers scrubbed.
pub(crate) async fn run_search(
    state: &AppState,
    caller: Caller,
    raw: Option<&str>,
) -> Result<SearchResponse, ApiError> {
    let started = Instant::now();
    let params = params::parse(
        raw,
        Accepts {
            format: false,
            interval: false,
            changes: false,
        },
    )?;
    let mut request = params.request;
    request.access = caller.access;
    let query = request.query.clone();
    let (results, privacy) = blocking(&state.index, move |index| {
        Ok((index.search(&request)?, Privacy::of(index)?))
    })
    .await?;
    let pages = results
        .total_documents
        .unwrap_or(results.total)
        .div_ceil(params.per_page);
    Ok(SearchResponse {
        query,
        pages,
        interpretation: results.interpretation.clone().map(wire::interpretation),
        total: results.total,
        total_documents: results.total_documents,
        page: params.page,
        per_page: params.per_page,
        filters: results
            .filters
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        hits: results
            .hits
            .into_iter()
            .map(|hit| wire::hit(privacy.scrub(hit)))
            .collect(),
        // equality groups are counted only in /api/coverage
        facets: results
            .facets
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    wire::facet_counts(v.iter().filter(|c| !privacy.is_equality(&c.value))),
                )
            })
            .collect(),
        took_ms: started.elapsed().as_millis() as u64,
        cursor: results.cursor,
    })
}

fn well_formed_id(prefix: char, id: &str) -> bool {
    id.len() == 17 && id.starts_with(prefix) && id[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// One passage
#[utoipa::path(get, path = "/api/passages/{id}", params(("id" = String, Path, description = "passage id from a search hit")),
    responses((status = 200, body = wire::PassageJson), (status = 400, body = crate::ErrorBody, description = "a parameter was given: this endpoint takes none"), (status = 404, body = crate::ErrorBody)))]
pub async fn passage(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<wire::PassageJson>, ApiError> {
    params::no_parameters(raw.as_deref())?;
    let missing = || {
        ApiError::NotFound(format!(
            "no passage `{id}`; passage ids come from /api/search hits"
        ))
    };
    if !well_formed_id('p', &id) {
        return Err(missing());
    }
    let lookup = id.clone();
    let found = blocking(&state.index, move |index| {
        let privacy = Privacy::of(index)?;
        Ok(index
            .passage(&lookup, &caller.access)?
            .map(|hit| privacy.scrub(hit)))
    })
    .await?;
    found
        .map(|hit| Json(wire::passage(hit)))
        .ok_or_else(missing)
}

/// A document and its passages
///
/// Metadata and the passages in file order, a page at a time (a survey export can have
/// thousands): `page` and `per_page` (1-1000, default 200), or `passage=ID` for the page
/// that holds that passage.
#[utoipa::path(get, path = "/api/documents/{id}", params(
        ("id" = String, Path, description = "document id from a search hit"),
        ("page" = Option<usize>, Query, description = "1-based page of passages"),
        ("per_page" = Option<usize>, Query, description = "passages per page, 1-1000, default 200"),
        ("passage" = Option<String>, Query, description = "a passage id: return the page holding it")),
    responses((status = 200, body = wire::DocumentJson), (status = 400, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn document(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<wire::DocumentJson>, ApiError> {
    Ok(Json(
        load_document(&state, caller, id, raw.as_deref()).await?,
    ))
}

/// A document and a page of its passages as the API answers them, for
/// `/api/documents/{id}` and the server-rendered document page alike.
pub(crate) async fn load_document(
    state: &AppState,
    caller: Caller,
    id: String,
    raw: Option<&str>,
) -> Result<wire::DocumentJson, ApiError> {
    let missing = || {
        ApiError::NotFound(format!(
            "no document `{id}`; document ids come from /api/search hits"
        ))
    };
    if !well_formed_id('d', &id) {
        return Err(missing());
    }
    let paging = params::document_paging(raw)?;
    let lookup = id.clone();
    let found = blocking(&state.index, move |index| {
        let privacy = Privacy::of(index)?;
        let access = &caller.access;
        let Some((mut document, passages)) = index.document(&lookup, access)? else {
            return Ok(None);
        };
        document.tags = privacy.scrub_tags(&document.tags);
        let passages: Vec<Hit> = passages.into_iter().map(|hit| privacy.scrub(hit)).collect();
        let ids: Vec<String> = passages.iter().map(|p| p.passage_id.clone()).collect();
        let changes = index.linked_to(Kind::YouSaidWeDid, &lookup, &ids, access)?;
        let activities = index.linked_to(Kind::ForwardPlanActivity, &lookup, &ids, access)?;
        Ok(Some((document, passages, changes, activities)))
    })
    .await?;
    let (document, passages, changes, activities) = found.ok_or_else(missing)?;
    let per_page = paging.per_page;
    let page = match &paging.passage {
        Some(passage_id) => {
            let position = passages
                .iter()
                .position(|p| &p.passage_id == passage_id)
                .ok_or_else(|| {
                    ApiError::NotFound(format!("document `{id}` has no passage `{passage_id}`"))
                })?;
            position / per_page + 1
        }
        None => paging.page,
    };
    Ok(wire::document(
        document, passages, changes, activities, page, per_page,
    ))
}

/// The taxonomy with counts
///
/// Every value of the taxonomy's four facets (with zero counts too) and every value of
/// the other facets present in the index, each with its number of passages.
#[utoipa::path(get, path = "/api/facets", responses((status = 200, body = FacetsResponse), (status = 400, body = crate::ErrorBody, description = "a parameter was given: this endpoint takes none")))]
pub async fn facets(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Json<FacetsResponse>, ApiError> {
    params::no_parameters(raw.as_deref())?;
    Ok(Json(run_facets(&state, caller).await?))
}

/// Every value of every facet with its count as the API answers it, for `/api/facets`
/// and the lists of the server-rendered analysis and check pages alike.
pub(crate) async fn run_facets(
    state: &AppState,
    caller: Caller,
) -> Result<FacetsResponse, ApiError> {
    blocking(&state.index, move |index| {
        let results = index.search(&insight_index::SearchRequest {
            limit: 1,
            access: caller.access,
            ..Default::default()
        })?;
        let privacy = Privacy::of(index)?;
        let taxonomy = index.taxonomy().ok();
        let mut facets = BTreeMap::new();
        for field in FacetField::ALL {
            let counts: BTreeMap<&str, u64> = results
                .facets
                .get(field.name())
                .map(|list| list.iter().map(|c| (c.value.as_str(), c.count)).collect())
                .unwrap_or_default();
            let taxonomy_facet = match field {
                FacetField::Place => Some(Facet::Place),
                FacetField::Segment => Some(Facet::Segment),
                FacetField::Theme => Some(Facet::Theme),
                FacetField::Community => Some(Facet::Community),
                _ => None,
            };
            // every taxonomy value, in taxonomy order, then values the taxonomy lacks
            let mut pairs: Vec<(String, u64)> = match (&taxonomy, taxonomy_facet) {
                (Some(taxonomy), Some(facet)) => taxonomy
                    .entries()
                    .iter()
                    .filter(|e| e.facet == facet)
                    .map(|e| {
                        (
                            e.path.clone(),
                            counts.get(e.path.as_str()).copied().unwrap_or(0),
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for (path, count) in &counts {
                if !pairs.iter().any(|(value, _)| value == path) {
                    pairs.push((path.to_string(), *count));
                }
            }
            // equality groups are counted only in /api/coverage
            let values = pairs
                .iter()
                .filter(|(path, _)| !(field == FacetField::Community && privacy.is_equality(path)))
                .map(|(path, count)| TaxonomyValueJson {
                    value: path.clone(),
                    label: path.rsplit('/').next().unwrap_or(path).to_string(),
                    depth: path.split('/').count(),
                    count: *count,
                })
                .collect();
            facets.insert(field.name().to_string(), values);
        }
        Ok(FacetsResponse { facets })
    })
    .await
}

/// Matches over time by theme
///
/// Counts of matching passages per period (by their start date), in total and per
/// top-level theme, with the same q and filters as /api/search.
#[utoipa::path(get, path = "/api/timeline", params(crate::openapi::FilterParams, ("interval" = Option<String>, Query, pattern = "^(year|quarter|month)?$", description = "year (default), quarter or month; empty is the default")),
    responses((status = 200, body = TimelineResponse), (status = 400, body = crate::ErrorBody)))]
pub async fn timeline(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TimelineResponse>, ApiError> {
    Ok(Json(run_timeline(&state, caller, raw.as_deref()).await?))
}

/// Matches counted by period and top-level theme as the API answers them, for
/// `/api/timeline` and the forward plan page's list of months alike.
pub(crate) async fn run_timeline(
    state: &AppState,
    caller: Caller,
    raw: Option<&str>,
) -> Result<TimelineResponse, ApiError> {
    let params = params::parse(
        raw,
        Accepts {
            format: false,
            interval: true,
            changes: false,
        },
    )?;
    let interval = params.interval;
    let mut request = params.request;
    request.access = caller.access;
    let trends = blocking(&state.index, move |index| {
        Ok(index.trends(
            &request,
            interval,
            DEFAULT_MIN_TREND_COUNT,
            insight_index::DEFAULT_MIN_SOURCES,
        )?)
    })
    .await?;
    // the chart shows top-level themes
    let periods = trends
        .periods
        .iter()
        .enumerate()
        .map(|(i, period)| TimelinePeriod {
            period: period.clone(),
            total: trends.totals[i],
            themes: trends
                .themes
                .iter()
                .filter(|t| !t.theme.contains('/'))
                .map(|t| (t.theme.clone(), t.counts[i]))
                .collect(),
        })
        .collect();
    let interval = serde_json::to_value(interval)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Ok(TimelineResponse { interval, periods })
}

/// Export every match
///
/// Streams every passage matching q and the filters (not just a page) as CSV (default)
/// or NDJSON (`format=ndjson`).
#[utoipa::path(get, path = "/api/export", params(crate::openapi::FilterParams, crate::openapi::WordParams, ("format" = Option<String>, Query, pattern = "^(csv|ndjson|jsonl)?$", description = "csv (default) or ndjson; empty is the default")),
    responses((status = 200, description = "CSV or NDJSON stream; its `ETag` names the index's content and the request, `Last-Modified` the index's last change, `insight-cursor` where `/api/changes` continues from", content(("text/csv"), ("application/x-ndjson"))),
        (status = 304, description = "not modified: `If-None-Match` named the current `ETag` (or `If-Modified-Since` is no earlier than the last change), so the index has not changed for this request"),
        (status = 400, body = crate::ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let params = params::parse(
        raw.as_deref(),
        Accepts {
            format: true,
            interval: false,
            changes: false,
        },
    )?;
    let ndjson = match params.format.as_deref() {
        None | Some("") | Some("csv") => false,
        Some("ndjson") | Some("jsonl") => true,
        Some(other) => {
            return Err(ApiError::bad(
                "invalid_parameter",
                format!("format `{other}` is not known; use csv or ndjson"),
            ))
        }
    };
    let mut request = params.request;
    request.access = caller.access;
    let check = request.clone();
    let (privacy, snapshot) = blocking(&state.index, move |index| {
        index.validate(&check)?;
        Ok((Privacy::of(index)?, index.snapshot()?))
    })
    .await?;
    let (validators, unchanged) = validators(raw.as_deref(), &request, &snapshot, &headers);
    if unchanged {
        return Ok((axum::http::StatusCode::NOT_MODIFIED, validators).into_response());
    }
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    let index = state.index.clone();
    tokio::task::spawn_blocking(move || {
        let mut buffer = Vec::with_capacity(64 * 1024);
        if !ndjson {
            buffer.extend_from_slice(&csv_row(&CSV_HEADER.map(String::from)));
        }
        let result = index.for_each_match_in(&snapshot, &request, |hit| {
            let hit = privacy.scrub(hit);
            if ndjson {
                serde_json::to_writer(&mut buffer, &wire::passage(hit))
                    .expect("passages serialise");
                buffer.push(b'\n');
            } else {
                buffer.extend_from_slice(&csv_row(&csv_record(hit)));
            }
            if buffer.len() >= 60 * 1024
                && sender
                    .blocking_send(Ok(Bytes::from(std::mem::take(&mut buffer))))
                    .is_err()
            {
                return ControlFlow::Break(()); // the client went away
            }
            ControlFlow::Continue(())
        });
        match result {
            Ok(_) => {
                let _ = sender.blocking_send(Ok(Bytes::from(buffer)));
            }
            Err(error) => {
                tracing::error!(%error, "export failed part-way");
                let _ = sender.blocking_send(Err(std::io::Error::other(error.to_string())));
            }
        }
    });
    let (content_type, name) = if ndjson {
        ("application/x-ndjson", "insight-export.ndjson")
    } else {
        ("text/csv; charset=utf-8", "insight-export.csv")
    };
    let body = Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(receiver));
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        validators,
        body,
    )
        .into_response())
}

/// The header naming the sync cursor of an export (its body has no place for it).
pub const CURSOR_HEADER: &str = "insight-cursor";

/// The validators of an answer over a snapshot: an `ETag` naming the index's content,
/// the request and the caller; `Last-Modified` from the index's last change; the sync
/// cursor. The flag is true when the request shows the caller has this answer already
/// (`If-None-Match` names the `ETag`, or, without it, `If-Modified-Since` is no earlier
/// than the last change).
fn validators(
    raw: Option<&str>,
    request: &insight_index::SearchRequest,
    snapshot: &insight_index::Snapshot,
    headers: &axum::http::HeaderMap,
) -> (axum::http::HeaderMap, bool) {
    use axum::http::HeaderValue;
    // the same index content, query and caller give the same answer
    let etag = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (raw.unwrap_or(""), format!("{:?}", request.access)).hash(&mut hasher);
        format!(
            "\"{}-{:016x}\"",
            snapshot.content_version(),
            hasher.finish()
        )
    };
    let changed = snapshot
        .changed_at()
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .map(|at| at.with_timezone(&chrono::Utc));
    let mut out = axum::http::HeaderMap::new();
    let mut put = |name: header::HeaderName, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            out.insert(name, value);
        }
    };
    put(header::ETAG, etag.clone());
    if let Some(changed) = changed {
        put(
            header::LAST_MODIFIED,
            changed.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
        );
    }
    if let Some(cursor) = snapshot.cursor() {
        put(header::HeaderName::from_static(CURSOR_HEADER), cursor);
    }
    let tags: Vec<&str> = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let unchanged = if tags.is_empty() {
        let since = headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| chrono::DateTime::parse_from_rfc2822(value).ok());
        matches!((since, changed), (Some(since), Some(changed)) if changed.timestamp() <= since.timestamp())
    } else {
        tags.iter()
            .any(|tag| *tag == "*" || tag.trim_start_matches("W/") == etag)
    };
    (out, unchanged)
}

/// What changed since a cursor
///
/// Incremental sync of a slice (the same `q` and filters as search and export): the
/// passages added or changed after the cursor `since`, in the order they changed, a
/// page of `limit` at a time, and the ids of passages removed since, or changed so that
/// they are no longer in the slice. Without `since`, the whole slice. Keep the answer's
/// `cursor` and ask with it next time (at once while `more` is true). A cursor of
/// another index, of before a rebuild or a change of taxonomy, or older than the
/// history kept is refused with 410: start again without `since`.
#[utoipa::path(get, path = "/api/changes", params(crate::openapi::FilterParams, crate::openapi::WordParams,
        ("since" = Option<String>, Query, pattern = "^([0-9a-f]{12}-[0-9a-f]{1,16})?$", description = "the `cursor` of the previous answer (or the `cursor` of a search, or the `insight-cursor` header of an export); empty or absent lists the whole slice"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 1000, description = "passages per page (default 200)")),
    responses((status = 200, body = wire::ChangesResponse, description = "a page of changes; `ETag`, `Last-Modified` and `insight-cursor` headers as for export"),
        (status = 304, description = "not modified: `If-None-Match` named the current `ETag` (or `If-Modified-Since` is no earlier than the last change)"),
        (status = 400, body = crate::ErrorBody, description = "a malformed cursor or another bad parameter"),
        (status = 410, body = crate::ErrorBody, description = "the cursor cannot be continued (another index, a rebuild, a new taxonomy, or older than the history kept): list again without `since`"),
        (status = 503, body = crate::ErrorBody, description = "the index was being written; ask again in a moment")))]
pub async fn changes(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let params = params::parse(
        raw.as_deref(),
        Accepts {
            format: false,
            interval: false,
            changes: true,
        },
    )?;
    let mut request = params.request;
    request.access = caller.access;
    let since = params.since;
    let limit = params.limit;
    let answer = blocking(&state.index, move |index| {
        let snapshot = index.snapshot()?;
        let (validators, unchanged) = validators(raw.as_deref(), &request, &snapshot, &headers);
        if unchanged {
            return Ok((validators, None));
        }
        let changes = index.changes_in(&snapshot, &request, since.as_deref(), limit)?;
        let privacy = Privacy::of(index)?;
        Ok((
            validators,
            Some(wire::ChangesResponse {
                since,
                cursor: changes.cursor,
                more: changes.more,
                changed_at: changes.changed_at,
                changed: changes
                    .changed
                    .into_iter()
                    .map(|hit| wire::passage(privacy.scrub(hit)))
                    .collect(),
                removed: changes.removed,
            }),
        ))
    })
    .await?;
    Ok(match answer {
        (validators, None) => (axum::http::StatusCode::NOT_MODIFIED, validators).into_response(),
        (validators, Some(body)) => (validators, Json(body)).into_response(),
    })
}

const CSV_HEADER: [&str; 19] = [
    "passage_id",
    "doc_id",
    "title",
    "heading",
    "kind",
    "organisation",
    "date_from",
    "date_to",
    "places",
    "segments",
    "themes",
    "communities",
    "text",
    "file",
    "locator",
    "url",
    "learned_themes",
    "sentiment",
    "sentiment_confidence",
];

fn csv_record(hit: Hit) -> [String; 19] {
    let joined = |facet: Facet| hit.tags.paths(facet).collect::<Vec<_>>().join("; ");
    // the themes the learned model suggested, each with its confidence
    let learned: Vec<String> = hit
        .tags
        .iter()
        .filter_map(|tag| {
            let confidence = tag.confidence?;
            Some(format!("{} ({:.2})", tag.path, confidence.value()))
        })
        .collect();
    [
        hit.passage_id.clone(),
        hit.doc_id.clone(),
        hit.title.clone(),
        hit.heading.clone(),
        hit.kind.clone(),
        hit.organisation.clone().unwrap_or_default(),
        hit.date.map(|d| d.from.to_string()).unwrap_or_default(),
        hit.date.map(|d| d.to.to_string()).unwrap_or_default(),
        joined(Facet::Place),
        joined(Facet::Segment),
        joined(Facet::Theme),
        joined(Facet::Community),
        hit.text.clone(),
        hit.file.clone(),
        hit.locator.clone(),
        hit.url.clone().unwrap_or_default(),
        learned.join("; "),
        hit.sentiment
            .map(|s| s.value.to_string())
            .unwrap_or_default(),
        hit.sentiment
            .map(|s| format!("{:.3}", s.confidence.value()))
            .unwrap_or_default(),
    ]
}

fn csv_row(fields: &[String; 19]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(fields).expect("writing to memory");
    writer.into_inner().expect("writing to memory")
}

/// Index status
#[utoipa::path(get, path = "/api/health", responses((status = 200, body = HealthResponse), (status = 400, body = crate::ErrorBody, description = "a parameter was given: this endpoint takes none")))]
pub async fn health(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Json<HealthResponse>, ApiError> {
    params::no_parameters(raw.as_deref())?;
    let response = blocking(&state.index, move |index| {
        let visible = index.visible_counts(&caller.access)?;
        Ok(HealthResponse {
            status: "ok".into(),
            passages: visible.passages,
            documents: visible.documents,
            schema_version: SCHEMA_VERSION,
            access: wire::access(&caller.access),
            key: caller.key_id,
            dictionaries: index
                .dictionaries()
                .status()
                .iter()
                .map(|d| wire::DictionaryJson {
                    language: d.language.to_string(),
                    segmenter: d.segmenter.clone(),
                    loaded: d.loaded,
                    note: d.note.clone(),
                })
                .collect(),
        })
    })
    .await?;
    Ok(Json(response))
}

/// The most candidates of each kind an overlap check returns.
const OVERLAP_LIMIT: usize = 25;

/// Check a proposed engagement for overlaps
///
/// Takes a proposal (title, description, places, segments, audiences, themes, start,
/// end; themes and audiences left out are inferred from the text) and returns the
/// forward-plan activities and past insight that overlap it, ranked, each with its
/// score, its reasons and a band (likely_duplicate, related).
#[utoipa::path(post, path = "/api/overlap", request_body = crate::openapi::ProposalDoc,
    responses((status = 200, body = wire::OverlapResponse), (status = 400, body = crate::ErrorBody)))]
pub async fn overlap(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Json<wire::OverlapResponse>, ApiError> {
    let proposal: insight_index::Proposal = serde_json::from_slice(&body)
        .map_err(|error| ApiError::bad("invalid_body", format!("the proposal is not valid JSON of the expected shape: {error}; send title, description, places, segments, audiences, themes, start, end")))?;
    Ok(Json(run_overlap(&state, caller, proposal).await?))
}

/// An overlap check as the API answers it, for `/api/overlap` and the server-rendered
/// check page alike: the caller's access, equality answers scrubbed from the tags.
pub(crate) async fn run_overlap(
    state: &AppState,
    caller: Caller,
    proposal: insight_index::Proposal,
) -> Result<wire::OverlapResponse, ApiError> {
    let report = blocking(&state.index, move |index| {
        let privacy = Privacy::of(index)?;
        let mut report = index.overlap(&proposal, OVERLAP_LIMIT, &caller.access)?;
        for matched in report
            .activities
            .iter_mut()
            .chain(report.insight.iter_mut())
        {
            matched.tags = privacy.scrub_tags(&matched.tags);
        }
        Ok(report)
    })
    .await?;
    Ok(wire::overlap(report))
}

/// Themes over time and the emerging themes
///
/// Passages and sources per theme (every level) per period, with the same q and
/// filters as /api/search, and the emerging themes: those whose share of the passages in
/// the latest period is higher than in the baseline (up to four periods before) by more
/// than chance gives (one-sided two-proportion z-test, Benjamini-Hochberg over every
/// theme tested, q at most 0.05), with at least `min_count` passages (default 10) and
/// `min_sources` sources (default 3) in the latest period; each with its figures
/// (counts, sources, baseline, z, p, q). `held_back` lists the themes that rose but are
/// not claimed, with the reason (`sources` or `chance`). Counts of a search filtered on
/// an equality group are suppressed below `suppress_below`.
#[utoipa::path(get, path = "/api/trends", params(crate::openapi::FilterParams,
        ("interval" = Option<String>, Query, pattern = "^(year|quarter|month)?$", description = "year, quarter (default) or month; empty is the default"),
        ("min_count" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "least passages in the latest period for a theme to be emerging, default 10"),
        ("min_sources" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "least distinct sources (documents) in the latest period for a theme to be emerging, default 3")),
    responses((status = 200, body = Object), (status = 400, body = crate::ErrorBody)))]
pub async fn trends(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Json<insight_index::Trends>, ApiError> {
    Ok(Json(run_trends(&state, caller, raw.as_deref()).await?))
}

/// Themes over time and the emerging themes as the API answers them, for `/api/trends`
/// and the server-rendered emerging themes page alike.
pub(crate) async fn run_trends(
    state: &AppState,
    caller: Caller,
    raw: Option<&str>,
) -> Result<insight_index::Trends, ApiError> {
    let Analysis {
        request,
        interval,
        min_count,
        min_sources,
    } = analysis(raw, &caller)?;
    blocking(&state.index, move |index| {
        Ok(index.trends(&request, interval, min_count, min_sources)?)
    })
    .await
}

/// The parameters of the trends and topics endpoints.
struct Analysis {
    request: insight_index::SearchRequest,
    interval: insight_index::Interval,
    min_count: u64,
    min_sources: u64,
}

/// Reads the trends and topics parameters: the filters, `interval` (quarter by
/// default), `min_count` and `min_sources`; the caller's access goes into the request.
fn analysis(raw: Option<&str>, caller: &Caller) -> Result<Analysis, ApiError> {
    let (raw, extra) = params::split_extra(raw, &["min_count", "min_sources"])?;
    let params = params::parse(
        Some(&raw),
        Accepts {
            format: false,
            interval: true,
            changes: false,
        },
    )?;
    let interval = if params.interval_given {
        params.interval
    } else {
        insight_index::Interval::Quarter
    };
    let (min_count, min_sources) = minimums(&extra)?;
    let mut request = params.request;
    request.access = caller.access.clone();
    Ok(Analysis {
        request,
        interval,
        min_count,
        min_sources,
    })
}

/// `min_count` and `min_sources` of the trends and topics endpoints (1 to 100000; empty
/// is the default).
fn minimums(extra: &BTreeMap<String, String>) -> Result<(u64, u64), ApiError> {
    let at_least = |name: &str, default: u64| -> Result<u64, ApiError> {
        match extra.get(name).filter(|value| !value.is_empty()) {
            None => Ok(default),
            Some(value) => value
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| {
                    ApiError::bad(
                        "invalid_parameter",
                        format!("`{name}` must be a whole number from 1 to 100000, not `{value}`"),
                    )
                }),
        }
    };
    Ok((
        at_least("min_count", DEFAULT_MIN_TREND_COUNT)?,
        at_least("min_sources", insight_index::DEFAULT_MIN_SOURCES)?,
    ))
}

/// New topics: words that rose and that the taxonomy does not know
///
/// Words whose use rose in the latest period against the periods before (as for the
/// emerging themes: a one-sided two-proportion z-test, Benjamini-Hochberg over every
/// word tested, q at most 0.05), with at least `min_count` passages and `min_sources`
/// sources in the latest period, that are no word of any taxonomy label, synonym or
/// phrase: candidates for new themes, each with example passages from different sources
/// and the lines to add to `taxonomy.toml`. Same q and filters as /api/search ("what is
/// new in Wakefield this year?": `place=Wakefield&interval=year`); insight only.
#[utoipa::path(get, path = "/api/topics", params(crate::openapi::FilterParams,
        ("interval" = Option<String>, Query, pattern = "^(year|quarter|month)?$", description = "year, quarter (default) or month; empty is the default"),
        ("min_count" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "least passages using the word in the latest period, default 10"),
        ("min_sources" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "least distinct sources using it in the latest period, default 3")),
    responses((status = 200, body = Object), (status = 400, body = crate::ErrorBody)))]
pub async fn topics(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Json<insight_index::NewTopics>, ApiError> {
    Ok(Json(run_topics(&state, caller, raw.as_deref()).await?))
}

/// New topics as the API answers them, for `/api/topics` and the server-rendered
/// emerging themes page alike.
pub(crate) async fn run_topics(
    state: &AppState,
    caller: Caller,
    raw: Option<&str>,
) -> Result<insight_index::NewTopics, ApiError> {
    let Analysis {
        request,
        interval,
        min_count,
        min_sources,
    } = analysis(raw, &caller)?;
    blocking(&state.index, move |index| {
        Ok(index.new_topics(&request, interval, min_count, min_sources)?)
    })
    .await
}

/// Who has been heard: coverage by community and place or segment
///
/// Passages and sources (documents) per community of the taxonomy and per place of the
/// ICS (`by=place`, default) or segment (`by=segment`), with the same q and filters as
/// /api/search. Cells under `gap_below` passages (default 5) are gaps; `unheard` lists,
/// per column, the communities with no insight at all. Counts of equality groups are
/// suppressed below `suppress_below`, with the counts that would give them away.
#[utoipa::path(get, path = "/api/coverage", params(crate::openapi::FilterParams,
        ("by" = Option<String>, Query, pattern = "^(place|segment)?$", description = "place (default) or segment; empty is the default"),
        ("gap_below" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "cells with fewer passages are gaps, default 5"),
        ("format" = Option<String>, Query, pattern = "^(json|csv)?$", description = "json (default) or csv: one row per community and column, counts as shown; empty is the default")),
    responses((status = 200, description = "the table as JSON, or as CSV with format=csv", content((Object = "application/json"), ("text/csv"))), (status = 400, body = crate::ErrorBody)))]
pub async fn coverage(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (coverage, csv) = run_coverage(&state, caller, raw.as_deref()).await?;
    if !csv {
        return Ok(Json(coverage).into_response());
    }
    coverage_csv(&coverage)
}

/// The coverage table as the API answers it (suppressed as it publishes it), for
/// `/api/coverage` and the server-rendered "who has been heard" page alike; with whether
/// `format=csv` asked for it as CSV.
pub(crate) async fn run_coverage(
    state: &AppState,
    caller: Caller,
    raw: Option<&str>,
) -> Result<(insight_index::Coverage, bool), ApiError> {
    let (raw, extra) = params::split_extra(raw, &["by", "gap_below"])?;
    let params = params::parse(
        Some(&raw),
        Accepts {
            format: true,
            interval: false,
            changes: false,
        },
    )?;
    let csv = match params.format.as_deref() {
        None | Some("") | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::bad(
                "invalid_parameter",
                format!("format `{other}` is not known; use json or csv"),
            ))
        }
    };
    let by = match extra.get("by").map(String::as_str) {
        None | Some("") | Some("place") => insight_index::CoverageBy::Place,
        Some("segment") => insight_index::CoverageBy::Segment,
        Some(other) => {
            return Err(ApiError::bad(
                "invalid_parameter",
                format!("`by` must be place or segment, not `{other}`"),
            ))
        }
    };
    let gap_below = match extra.get("gap_below") {
        None => insight_index::DEFAULT_GAP_THRESHOLD,
        Some(value) => value
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| {
                ApiError::bad(
                    "invalid_parameter",
                    format!("`gap_below` must be a whole number from 1 to 100000, not `{value}`"),
                )
            })?,
    };
    let mut request = params.request;
    request.access = caller.access;
    let threshold = state.suppress_below;
    let coverage = blocking(&state.index, move |index| {
        Ok(index.coverage(&request, by, gap_below, threshold)?)
    })
    .await?;
    Ok((coverage, csv))
}

/// The suppressed coverage table as CSV, as the page and the report show it.
fn coverage_csv(coverage: &insight_index::Coverage) -> Result<Response, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "community",
        "equality monitoring",
        "column",
        "passages",
        "sources",
        "gap",
    ];
    writer
        .write_record(header)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    for row in &coverage.rows {
        let cells = row
            .cells
            .iter()
            .map(|c| (c.column.as_str(), c.passages, c.sources, c.gap));
        let total = std::iter::once(("all", row.total_passages, row.total_sources, false));
        for (column, passages, sources, gap) in cells.chain(total) {
            let record = [
                row.community.clone(),
                row.equality.to_string(),
                column.to_string(),
                passages.display(),
                sources.display(),
                gap.to_string(),
            ];
            writer
                .write_record(&record)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
        }
    }
    let body = writer
        .into_inner()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"insight-coverage.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
