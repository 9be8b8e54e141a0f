//! The HTTP API driven in-process with `tower::ServiceExt::oneshot`: every endpoint,
//! every error, snapshots of responses, and facet counts checked against a brute-force
//! count over every matching passage.

use crate::support::Workspace;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use insight_index::InsightIndex;
use insight_ingest::IngestOptions;
use insight_server::{router, AppState};
use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

/// The bundled corpus, ingested once for all API tests (read-only).
fn corpus_state() -> AppState {
    static STATE: OnceLock<(Workspace, Arc<InsightIndex>)> = OnceLock::new();
    let (_, index) = STATE.get_or_init(|| {
        let workspace = Workspace::with_fixture("corpus");
        let index = InsightIndex::open_or_create(&workspace.index()).unwrap();
        insight_ingest::ingest(&index, &IngestOptions::new(workspace.corpus()), |_| {
            ControlFlow::Continue(())
        })
        .unwrap();
        (workspace, Arc::new(index))
    });
    AppState::new(index.clone(), None)
}

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: axum::http::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

pub(crate) async fn get_with(state: AppState, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router(state)
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(uri: &str) -> Reply {
    get_with(corpus_state(), uri, &[]).await
}

fn error_code(reply: &Reply) -> String {
    reply.json()["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn search_finds_carers_on_discharge_in_leeds() {
    let reply =
        get("/api/search?q=discharge%20carers&place=Leeds&kind=engagement%20report&per_page=5")
            .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    // without a key: the public reports only (the carers' focus group is for partners)
    assert!(body["total"].as_u64().unwrap() >= 10, "{body}");
    assert_eq!(body["filters"]["place"][0], "West Yorkshire/Leeds");
    for hit in body["hits"].as_array().unwrap() {
        let tags = hit["tags"].as_array().unwrap();
        assert!(
            tags.iter().any(|t| t["facet"] == "place"
                && t["value"]
                    .as_str()
                    .unwrap()
                    .starts_with("West Yorkshire/Leeds")),
            "{hit}"
        );
        let html = hit["snippet"]["html"].as_str().unwrap();
        assert!(html.contains("<mark>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }
    insta::assert_json_snapshot!("search_discharge_carers_leeds", body["hits"][0], { ".score" => "[score]" });
}

#[tokio::test]
async fn errors_have_one_shape_and_the_right_status() {
    let cases = [
        (
            "/api/search?colour=red",
            StatusCode::BAD_REQUEST,
            "unknown_parameter",
        ),
        (
            "/api/search?place=Atlantis",
            StatusCode::BAD_REQUEST,
            "unknown_facet_value",
        ),
        (
            "/api/search?from=31-31-2024",
            StatusCode::BAD_REQUEST,
            "invalid_date",
        ),
        (
            "/api/search?per_page=500",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/search?page=0",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/search?page=99999",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/search?sort=best",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/search?group=theme",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/export?format=xlsx",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/timeline?interval=week",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/api/passages/p0000000000000000",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/passages/..%2F..%2Fetc%2Fpasswd",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/api/documents/nope", StatusCode::NOT_FOUND, "not_found"),
        ("/api/nothing-here", StatusCode::NOT_FOUND, "not_found"),
    ];
    for (uri, status, code) in cases {
        let reply = get(uri).await;
        assert_eq!(reply.status, status, "{uri}: {}", reply.text());
        assert_eq!(error_code(&reply), code, "{uri}: {}", reply.text());
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            !message.is_empty() && !message.ends_with('.'),
            "{uri}: {message}"
        );
    }
    insta::assert_json_snapshot!(
        "error_unknown_place",
        get("/api/search?place=Atlantis").await.json()
    );
    let long_query = format!("/api/search?q={}", "a".repeat(2000));
    assert_eq!(error_code(&get(&long_query).await), "invalid_query");
}

#[tokio::test]
async fn passages_and_documents_round_trip() {
    let body = get("/api/search?q=%22discharge%20lounge%22&kind=engagement%20report&per_page=1")
        .await
        .json();
    let hit = &body["hits"][0];
    let passage = get(&format!(
        "/api/passages/{}",
        hit["passage_id"].as_str().unwrap()
    ))
    .await;
    assert_eq!(passage.status, StatusCode::OK);
    let passage = passage.json();
    assert!(passage["text"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("discharge lounge"));
    let document = get(&format!(
        "/api/documents/{}",
        hit["doc_id"].as_str().unwrap()
    ))
    .await
    .json();
    let passages = document["passages"].as_array().unwrap();
    assert!(passages.len() > 1);
    assert!(passages
        .iter()
        .any(|p| p["passage_id"] == hit["passage_id"]));
    assert_eq!(document["title"], hit["title"]);
    let mut metadata = document.clone();
    metadata["passages"] = Value::from(passages.len());
    insta::assert_json_snapshot!("document_discharge_lounge", metadata);

    // a survey export has thousands of passages: they come a page at a time
    let survey = get("/api/search?kind=survey&q=carer&per_page=1")
        .await
        .json();
    let doc_id = survey["hits"][0]["doc_id"].as_str().unwrap().to_string();
    let first = get(&format!("/api/documents/{doc_id}?per_page=50"))
        .await
        .json();
    let count = first["passage_count"].as_u64().unwrap() as usize;
    assert!(count > 500, "{count}");
    assert_eq!(first["passages"].as_array().unwrap().len(), 50);
    assert_eq!(
        first["pages"].as_u64().unwrap() as usize,
        count.div_ceil(50)
    );
    let last_page = count.div_ceil(50);
    let last = get(&format!(
        "/api/documents/{doc_id}?per_page=50&page={last_page}"
    ))
    .await
    .json();
    let last_id = last["passages"].as_array().unwrap().last().unwrap()["passage_id"]
        .as_str()
        .unwrap()
        .to_string();
    let around = get(&format!(
        "/api/documents/{doc_id}?per_page=50&passage={last_id}"
    ))
    .await
    .json();
    assert_eq!(around["page"].as_u64().unwrap() as usize, last_page);
    let unknown = get(&format!(
        "/api/documents/{doc_id}?passage=p0000000000000000"
    ))
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        error_code(&get(&format!("/api/documents/{doc_id}?per_page=0")).await),
        "invalid_parameter"
    );
    assert!(document["tags"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["origin"] == "explicit"));
}

/// Every matching passage, through the NDJSON export.
async fn all_matches(query: &str) -> Vec<Value> {
    let reply = get(&format!("/api/export?format=ndjson&{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply
        .text()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// Counts facet values (with their ancestors) over passages, as the API should.
fn brute_force_counts(passages: &[Value], facet: &str) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for passage in passages {
        let mut values = std::collections::BTreeSet::new();
        for tag in passage["tags"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["facet"] == facet)
        {
            let path = tag["value"].as_str().unwrap();
            let parts: Vec<&str> = path.split('/').collect();
            for depth in 1..=parts.len() {
                values.insert(parts[..depth].join("/"));
                assert!(
                    !is_equality(&parts[..depth].join("/")),
                    "an export shows an equality tag"
                );
            }
        }
        for value in values {
            *counts.entry(value).or_default() += 1;
        }
    }
    counts
}

/// The equality-monitoring groups of the sample taxonomy: their counts are suppressed
/// and never shown per passage, so they are checked apart (`suppression.rs`).
const EQUALITY_GROUPS: [&str; 6] = [
    "Age band",
    "Ethnicity",
    "Disability",
    "Sexual orientation",
    "Gender",
    "Deprivation decile",
];

fn is_equality(value: &str) -> bool {
    EQUALITY_GROUPS
        .iter()
        .any(|group| value == *group || value.starts_with(&format!("{group}/")))
}

fn api_counts(body: &Value, facet: &str) -> BTreeMap<String, u64> {
    body["facets"][facet]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !is_equality(c["value"].as_str().unwrap()))
        .map(|c| {
            (
                c["value"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn facet_counts_match_a_brute_force_count() {
    // unfiltered facets count the result set; a filtered facet counts with its own filter lifted
    let filters = "q=waiting&place=Leeds&place=Wakefield&theme=Access";
    let body = get(&format!("/api/search?{filters}&per_page=1"))
        .await
        .json();
    let matches = all_matches(filters).await;
    assert_eq!(body["total"].as_u64().unwrap() as usize, matches.len());
    for facet in ["segment", "community"] {
        assert_eq!(
            api_counts(&body, facet),
            brute_force_counts(&matches, facet),
            "{facet}"
        );
    }
    let without_place = all_matches("q=waiting&theme=Access").await;
    assert_eq!(
        api_counts(&body, "place"),
        brute_force_counts(&without_place, "place")
    );
    let without_theme = all_matches("q=waiting&place=Leeds&place=Wakefield").await;
    assert_eq!(
        api_counts(&body, "theme"),
        brute_force_counts(&without_theme, "theme")
    );
    // OR within a facet, AND across facets
    let leeds = get("/api/search?q=waiting&place=Leeds&theme=Access&per_page=1")
        .await
        .json()["total"]
        .as_u64()
        .unwrap();
    let wakefield = get("/api/search?q=waiting&place=Wakefield&theme=Access&per_page=1")
        .await
        .json()["total"]
        .as_u64()
        .unwrap();
    let both = body["total"].as_u64().unwrap();
    assert!(
        both >= leeds.max(wakefield) && both <= leeds + wakefield,
        "{leeds} {wakefield} {both}"
    );
}

#[tokio::test]
async fn export_streams_every_match_as_csv() {
    let total = get("/api/search?theme=Discharge&place=Leeds&per_page=1")
        .await
        .json()["total"]
        .as_u64()
        .unwrap();
    let reply = get("/api/export?theme=Discharge&place=Leeds").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(reply.body.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "passage_id");
    let themes = headers.iter().position(|h| h == "themes").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len() as u64, total);
    assert!(total > 20, "{total}");
    assert!(rows.iter().all(|row| row[themes].contains("Discharge")));
}

#[tokio::test]
async fn grouping_sorting_and_paging() {
    let grouped = get("/api/search?q=discharge&group=document&per_page=100")
        .await
        .json();
    let hits = grouped["hits"].as_array().unwrap();
    let documents: std::collections::BTreeSet<&str> =
        hits.iter().map(|h| h["doc_id"].as_str().unwrap()).collect();
    assert_eq!(documents.len(), hits.len(), "one hit per document");
    assert_eq!(
        grouped["total_documents"].as_u64().unwrap() as usize,
        hits.len()
    );
    let matched: u64 = hits
        .iter()
        .map(|h| h["matches_in_document"].as_u64().unwrap())
        .sum();
    assert_eq!(matched, grouped["total"].as_u64().unwrap());

    let newest = get("/api/search?q=discharge&sort=newest&per_page=50")
        .await
        .json();
    let ends: Vec<&str> = newest["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"]["to"].as_str())
        .collect();
    assert!(ends.windows(2).all(|w| w[0] >= w[1]), "{ends:?}");

    let first = get("/api/search?q=waiting&per_page=10&page=1").await.json();
    let second = get("/api/search?q=waiting&per_page=10&page=2").await.json();
    let ids = |body: &Value| {
        body["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["passage_id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(ids(&first).iter().all(|id| !ids(&second).contains(id)));
}

#[tokio::test]
async fn facets_timeline_health_and_openapi() {
    let facets = get("/api/facets").await.json();
    let places = facets["facets"]["place"].as_array().unwrap();
    assert!(places
        .iter()
        .any(|p| p["value"] == "West Yorkshire/Leeds" && p["count"].as_u64().unwrap() > 100));
    assert_eq!(places.len(), 49, "every place of the taxonomy is listed");
    let communities = facets["facets"]["community"].as_array().unwrap();
    assert!(
        communities.iter().any(
            |c| c["value"] == "Ethnic minority communities/Chinese communities"
                && c["count"].as_u64().unwrap() > 0
        ),
        "the Chinese elders' conversation is counted"
    );

    // analyses count insight, not forward-plan activities or "You said, we did" records
    let insight_kinds =
        "kind=engagement%20report&kind=survey&kind=workshop%20notes&kind=consultation%20report";
    let timeline = get(&format!(
        "/api/timeline?q=discharge&interval=year&{insight_kinds}"
    ))
    .await
    .json();
    let periods = timeline["periods"].as_array().unwrap();
    assert!(!periods.is_empty());
    let dated_total: u64 = periods.iter().map(|p| p["total"].as_u64().unwrap()).sum();
    let undated = all_matches(&format!("q=discharge&{insight_kinds}"))
        .await
        .iter()
        .filter(|p| p["date"].is_null())
        .count() as u64;
    let total = get(&format!(
        "/api/search?q=discharge&per_page=1&{insight_kinds}"
    ))
    .await
    .json()["total"]
        .as_u64()
        .unwrap();
    assert_eq!(dated_total + undated, total);

    let health = get("/api/health").await.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["access"], "public");
    // what the public sees: the documents and passages an anonymous export holds
    let export = get("/api/export?format=ndjson").await.text();
    let documents: std::collections::BTreeSet<String> = export
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["doc_id"].to_string())
        .collect();
    assert_eq!(health["documents"], documents.len());
    assert_eq!(health["passages"], export.lines().count());
    assert!(
        documents.len() > 40 && documents.len() < 68,
        "partners and restricted sources are not counted"
    );

    let openapi = get("/api/openapi.json").await.json();
    for path in [
        "/api/search",
        "/api/passages/{id}",
        "/api/documents/{id}",
        "/api/facets",
        "/api/export",
        "/api/changes",
        "/api/health",
        "/api/timeline",
        "/api/sources",
        "/api/sources/{name}",
        "/api/sources/{name}/publish",
        "/api/sources/{name}/metadata",
    ] {
        assert!(
            openapi["paths"].get(path).is_some(),
            "{path} missing from OpenAPI"
        );
    }
}

#[tokio::test]
async fn cors_and_compression() {
    let reply = get_with(
        corpus_state(),
        "/api/search?q=carers",
        &[
            ("origin", "https://dashboard.example.org"),
            ("accept-encoding", "gzip"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["access-control-allow-origin"], "*");
    assert_eq!(reply.headers[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn a_reingest_is_seen_without_restart_and_searches_work_during_it() {
    let workspace = Workspace::with_fixture("small");
    let index = Arc::new(InsightIndex::open_or_create(&workspace.index()).unwrap());
    insight_ingest::ingest(&index, &IngestOptions::new(workspace.corpus()), |_| {
        ControlFlow::Continue(())
    })
    .unwrap();
    let state = AppState::new(index.clone(), None);
    let before = get_with(state.clone(), "/api/health", &[]).await.json()["passages"]
        .as_u64()
        .unwrap();
    workspace.write(
        "reports/new-zebra-report.md",
        "---\ntitle: Zebra crossings and the walk to the surgery\nplaces: [Leeds]\nvisibility: public\ndate: 2025-05-01\n---\n## What people said\n\nThe zebra crossing outside the surgery is dangerous.\n",
    );
    // a second process-like writer: ingest on another thread while searches run here
    let writer = {
        let corpus = workspace.corpus();
        let index_dir = workspace.index();
        std::thread::spawn(move || {
            let writer_index = InsightIndex::open_or_create(&index_dir).unwrap();
            insight_ingest::ingest(&writer_index, &IngestOptions::new(corpus), |_| {
                ControlFlow::Continue(())
            })
            .unwrap()
        })
    };
    while !writer.is_finished() {
        let reply = get_with(state.clone(), "/api/search?q=surgery", &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    }
    assert_eq!(writer.join().unwrap().indexed, 1);
    // the reader follows commits by itself; wait for it, bounded
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let total = get_with(state.clone(), "/api/search?q=zebra", &[])
            .await
            .json()["total"]
            .as_u64()
            .unwrap();
        if total == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server never saw the re-ingest"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let after = get_with(state, "/api/health", &[]).await.json()["passages"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 1);
}

async fn post_json(uri: &str, body: &str) -> Reply {
    post_with(corpus_state(), uri, body).await
}

/// A JSON POST to `state`'s router.
pub(crate) async fn post_with(state: AppState, uri: &str, body: &str) -> Reply {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = router(state).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

#[tokio::test]
async fn overlap_check_ranks_activities_and_insight_with_reasons() {
    let proposal = r#"{"title": "Carers and hospital discharge", "description": "We want to hear from unpaid carers in Leeds about their relative coming home from hospital and the package of care.", "places": ["Leeds"], "start": "2026-01-01", "end": "2026-03-31"}"#;
    let reply = post_json("/api/overlap", proposal).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    let tags = body["proposal_tags"].as_array().unwrap();
    assert!(tags
        .iter()
        .any(|t| t["facet"] == "place" && t["origin"] == "explicit"));
    assert!(
        tags.iter()
            .any(|t| t["value"] == "Discharge" && t["origin"] == "inferred"),
        "{tags:?}"
    );
    assert!(
        tags.iter()
            .any(|t| t["value"] == "Carers" && t["origin"] == "inferred"),
        "{tags:?}"
    );
    let insight = body["insight"].as_array().unwrap();
    assert!(!insight.is_empty());
    let best = &insight[0];
    assert_eq!(best["band"], "likely_duplicate", "{best}");
    assert!(
        best["id"].as_str().unwrap().starts_with("reports/leeds-")
            || best["id"].as_str().unwrap().contains("leeds"),
        "{best}"
    );
    let factors: Vec<&str> = best["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["factor"].as_str().unwrap())
        .collect();
    assert_eq!(factors, ["place", "audience", "themes", "dates", "text"]);
    let scores: Vec<f64> = insight
        .iter()
        .map(|m| m["score"].as_f64().unwrap())
        .collect();
    let bands: Vec<&str> = insight
        .iter()
        .map(|m| m["band"].as_str().unwrap())
        .collect();
    assert!(
        bands.windows(2).all(|w| w[0] <= w[1]),
        "likely duplicates first: {bands:?}"
    );
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
    assert!(body["activities"].is_array());
    assert_eq!(body["thresholds"]["recent_months"], 18);
    assert_eq!(body["thresholds"]["same_people"], 0.8);
    // without a key: the partners-only carers' discharge activities are counted, not shown
    assert!(
        body["hidden"]["activities"].as_u64().unwrap() >= 1,
        "{}",
        body["hidden"]
    );
    assert!(!body["hidden"]["ask"].as_array().unwrap().is_empty());
    assert!(!body.to_string().contains("FP-2027-001"));
    assert!(body["general_public"].is_boolean());
}

#[tokio::test]
async fn overlap_refuses_bad_proposals() {
    for (body, code) in [
        ("{not json", "invalid_body"),
        (r#"{"title": "x", "colour": "red"}"#, "invalid_body"),
        (r#"{"title": "x", "start": "31/12/2026"}"#, "invalid_body"),
        (r#"{"title": "x", "start": "2027-13-01"}"#, "invalid_body"),
        (r#"{"title": "", "description": ""}"#, "invalid_parameter"),
    ] {
        let reply = post_json("/api/overlap", body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            reply.text()
        );
        assert_eq!(error_code(&reply), code, "{body}: {}", reply.text());
    }
    let empty_dates = post_json(
        "/api/overlap",
        r#"{"title": "Carers", "start": "", "end": null}"#,
    )
    .await;
    assert_eq!(empty_dates.status, StatusCode::OK, "{}", empty_dates.text());
    // an end before the start is read the other way round, with a warning
    let swapped = post_json(
        "/api/overlap",
        r#"{"title": "x", "start": "2026-05-01", "end": "2026-01-01"}"#,
    )
    .await;
    assert_eq!(swapped.status, StatusCode::OK, "{}", swapped.text());
    assert!(swapped.json()["warnings"][0]
        .as_str()
        .unwrap()
        .contains("it was checked from 2026-01-01 to 2026-05-01"));
    let huge = format!(r#"{{"title": "{}"}}"#, "a".repeat(200_000));
    assert_eq!(
        post_json("/api/overlap", &huge).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
}

#[tokio::test]
async fn you_said_we_did_shows_on_the_documents_it_answers() {
    let records = get("/api/search?kind=you%20said%20we%20did&per_page=100")
        .await
        .json();
    let hits = records["hits"].as_array().unwrap();
    assert!(hits.len() >= 10, "{records}");
    let record = &hits[0];
    let insight = record["attributes"]["insight"].as_str().unwrap();
    let first_file = insight.split("; ").next().unwrap();
    let doc_id = insight_model::stable_id("d", &[first_file]);
    let document = get(&format!("/api/documents/{doc_id}")).await.json();
    let changes = document["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["passage_id"] == record["passage_id"]),
        "{document}"
    );
    // filterable like everything else
    let done = get("/api/search?kind=you%20said%20we%20did&status=done&per_page=100")
        .await
        .json();
    assert!(done["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["status"] == "done"));
    // the forward plan: activities with status and their own lead organisation
    let plan = get("/api/search?kind=forward%20plan%20activity&status=planned&per_page=100")
        .await
        .json();
    assert!(plan["total"].as_u64().unwrap() >= 5, "{plan}");
    assert!(plan["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["status"] == "planned" && h["organisation"].is_string()));
}

/// One rule for every endpoint: an empty text parameter is no parameter, a number must
/// be a number in its documented range, only the facet filters repeat, and an endpoint
/// that takes no parameters refuses them by name; the document says each of these.
#[tokio::test]
async fn parameters_follow_one_documented_rule() {
    for uri in [
        "/api/search?q=&from=&to=&sort=&group=&exact=&expand_themes=",
        "/api/export?q=&format=&from=",
        "/api/timeline?interval=&to=",
        "/api/trends?interval=&from=",
        "/api/coverage?by=&format=",
    ] {
        let reply = get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text());
    }
    for (uri, code) in [
        ("/api/search?page=0", "invalid_parameter"),
        ("/api/search?per_page=0", "invalid_parameter"),
        ("/api/search?page=", "invalid_parameter"),
        ("/api/search?q=a&q=b", "repeated_parameter"),
        ("/api/export?format=csv&format=ndjson", "repeated_parameter"),
        ("/api/coverage?by=place&by=segment", "repeated_parameter"),
        ("/api/facets?colour=red", "unknown_parameter"),
        ("/api/health?verbose=1", "unknown_parameter"),
        ("/api/trends?min_count=0", "invalid_parameter"),
    ] {
        let reply = get(uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(reply.json()["error"]["code"], code, "{uri}");
    }
    // a `to` before `from` is an empty period, not an error
    let reply = get("/api/search?from=2025-06-01&to=2024-06-01").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["total"], 0);
    // facet filters repeat, their values OR'ed
    let reply = get("/api/search?place=Leeds&place=Wakefield").await;
    assert_eq!(reply.status, StatusCode::OK);
    // and the document says so
    let doc = get("/api/openapi.json").await.json();
    let search = &doc["paths"]["/api/search"]["get"]["parameters"];
    let param = |name: &str| {
        search
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("no parameter {name}"))
            .clone()
    };
    assert_eq!(param("page")["schema"]["minimum"], 1);
    assert_eq!(param("per_page")["schema"]["maximum"], 100);
    assert!(param("sort")["schema"]["pattern"]
        .as_str()
        .unwrap()
        .contains("newest"));
    assert!(param("status").is_object() && param("sentiment").is_object());
}

/// A consumer pulling a themed slice every night downloads it again only when the index
/// changed: the export's ETag names the index's content and the request.
#[tokio::test]
async fn an_unchanged_export_answers_304() {
    let uri = "/api/export?theme=Discharge&place=Leeds";
    let first = get(uri).await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = first.headers[axum::http::header::ETAG]
        .to_str()
        .unwrap()
        .to_string();
    let again = get_with(corpus_state(), uri, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.headers[axum::http::header::ETAG], etag.as_str());
    // another slice, or a stale tag, is sent in full
    let other = get("/api/export?theme=Discharge&place=Wakefield").await;
    assert_ne!(other.headers[axum::http::header::ETAG], etag.as_str());
    let stale = get_with(corpus_state(), uri, &[("if-none-match", "\"0-0\"")]).await;
    assert_eq!(stale.status, StatusCode::OK);
    assert_eq!(stale.body, first.body);
}

/// Any query text is an answer, not an error: syntax that cannot be read is searched as
/// its words, a query without words finds nothing, and the interpretation says which.
#[tokio::test]
async fn unreadable_queries_are_answered_with_a_notice() {
    for (uri, searched) in [
        ("/api/search?q=%22unbalanced%20carers", true),
        ("/api/search?q=carers%20AND", true),
        ("/api/search?q=AND", false),
        ("/api/search?q=%3F%21", false),
    ] {
        let reply = get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text());
        let body = reply.json();
        let notice = body["interpretation"]["notice"]
            .as_str()
            .unwrap_or_default();
        if searched {
            assert!(
                notice.contains("its words were searched"),
                "{uri}: {notice}"
            );
            assert!(body["total"].as_u64().unwrap() > 0, "{uri}");
        } else {
            assert!(notice.contains("no words"), "{uri}: {notice}");
            assert_eq!(body["total"], 0, "{uri}");
        }
    }
}
