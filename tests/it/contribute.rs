//! Contributions: a partner with a contributor key uploads a report, checks what it
//! gives as a draft, fixes its metadata, publishes it and finds it in search a moment
//! later, then withdraws it; another organisation can neither see nor touch it.

use crate::support::{repo_root, Workspace};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use insight_index::InsightIndex;
use insight_server::{hash_key, key_entry, router, AppState, Contributions, KeyStore, Role};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const LEEDS: &str = "ik_test_contributor_leeds";
const WAKEFIELD: &str = "ik_test_contributor_wakefield";
const PARTNER: &str = "ik_test_partner_leeds";

fn state(workspace: &Workspace) -> AppState {
    let index = InsightIndex::open_or_create(&workspace.index()).unwrap();
    crate::support::ingest_with(
        &index,
        &insight_ingest::IngestOptions::new(workspace.corpus()),
    );
    let mut state = AppState::new(Arc::new(index), None);
    let keys = [
        key_entry(
            "leeds-contributor",
            Role::Contributor,
            Some("Healthwatch Leeds"),
            &hash_key(LEEDS),
            "2026-12-07",
        ),
        key_entry(
            "wakefield-contributor",
            Role::Contributor,
            Some("Healthwatch Wakefield"),
            &hash_key(WAKEFIELD),
            "2026-12-07",
        ),
        key_entry(
            "leeds-partner",
            Role::Partner,
            Some("Healthwatch Leeds"),
            &hash_key(PARTNER),
            "2026-12-07",
        ),
    ]
    .concat();
    state.keys = Arc::new(KeyStore::parse(&keys).unwrap());
    let mut contributions = Contributions::new(workspace.corpus(), Default::default());
    contributions.max_bytes = 200 * 1024;
    state.contributions = Some(Arc::new(contributions));
    state
}

struct Reply {
    status: StatusCode,
    body: Value,
}

async fn send(state: &AppState, request: Request<Body>) -> Reply {
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).to_string()))
    };
    Reply { status, body }
}

/// A multipart form: (name, file name, bytes) parts.
fn form(key: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Request<Body> {
    let boundary = "----insight-test-boundary-7d93";
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend(format!("--{boundary}\r\n").as_bytes());
        match file_name {
            Some(file_name) => body.extend(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend(*bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    Request::post("/api/sources")
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

fn get(key: Option<&str>, uri: &str) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    request.body(Body::empty()).unwrap()
}

fn with_key(method: &str, key: &str, uri: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn document(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/data/documents").join(name)).unwrap()
}

/// Public search hits for `query` in contributed files.
async fn contributed_hits(state: &AppState, query: &str) -> usize {
    let reply = send(
        state,
        get(None, &format!("/api/search?q={query}&per_page=50")),
    )
    .await;
    reply.body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|hit| {
            hit["source"]["file"]
                .as_str()
                .unwrap_or("")
                .starts_with("contributions/")
        })
        .count()
}

async fn wait_for(state: &AppState, query: &str, want_found: bool) {
    let started = Instant::now();
    loop {
        let found = contributed_hits(state, query).await > 0;
        if found == want_found {
            return;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let sources = send(state, get(Some(LEEDS), "/api/sources")).await;
            let search = send(state, get(None, &format!("/api/search?q={query}"))).await;
            let became = if want_found { "searchable" } else { "gone" };
            panic!(
                "`{query}` never became {became}: {}\n{}",
                sources.body, search.body
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partner_uploads_checks_publishes_finds_and_withdraws_a_report() {
    let workspace = Workspace::with_fixture("small");
    let state = state(&workspace);
    let docx = document("styled.docx");

    // a draft first: what the file gives, not yet searchable
    let reply = send(
        &state,
        form(
            LEEDS,
            &[
                ("file", Some("Dementia carers (final).docx"), &docx),
                (
                    "metadata",
                    None,
                    b"title: Caring on your own\nplaces: [Riverton]\n",
                ),
                ("visibility", None, b"public"),
                ("publish", None, b"false"),
            ],
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let name = reply.body["source"]["name"].as_str().unwrap().to_string();
    assert_eq!(name, "Dementia-carers-final.docx");
    assert_eq!(reply.body["source"]["status"], "draft");
    assert_eq!(reply.body["title"], "Caring on your own");
    assert_eq!(
        reply.body["organisation"], "Healthwatch Leeds",
        "the key's organisation"
    );
    assert_eq!(reply.body["visibility"], "public");
    let passages = reply.body["passages"].as_array().unwrap();
    assert!(passages.len() > 5, "{}", reply.body);
    assert!(passages
        .iter()
        .any(|p| p["heading"].as_str().unwrap().contains("Respite")));
    assert!(reply.body["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["value"].as_str().unwrap().ends_with("Riverton")));
    assert_eq!(
        contributed_hits(&state, "respite").await,
        0,
        "a draft is not searchable"
    );

    // listed for its organisation only
    let mine = send(&state, get(Some(LEEDS), "/api/sources")).await;
    assert_eq!(mine.body["sources"][0]["name"], name.as_str());
    let theirs = send(&state, get(Some(WAKEFIELD), "/api/sources")).await;
    assert_eq!(theirs.body["sources"].as_array().unwrap().len(), 0);
    // another organisation can neither read, publish nor withdraw it
    for request in [
        get(Some(WAKEFIELD), &format!("/api/sources/{name}")),
        with_key(
            "POST",
            WAKEFIELD,
            &format!("/api/sources/{name}/publish"),
            "",
        ),
        with_key("DELETE", WAKEFIELD, &format!("/api/sources/{name}"), ""),
    ] {
        assert_eq!(send(&state, request).await.status, StatusCode::NOT_FOUND);
    }

    // fix the metadata, then publish: searchable a moment later
    let fixed = send(&state, with_key("PUT", LEEDS, &format!("/api/sources/{name}/metadata"), r#"{"title": "Caring on your own: dementia carers", "places": ["Riverton"], "visibility": "public", "organisation": "Someone Else"}"#)).await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
    assert_eq!(fixed.body["title"], "Caring on your own: dementia carers");
    assert_eq!(fixed.body["organisation"], "Healthwatch Leeds");
    let published = send(
        &state,
        with_key("POST", LEEDS, &format!("/api/sources/{name}/publish"), ""),
    )
    .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    assert_eq!(published.body["source"]["status"], "published");
    assert_eq!(
        published.body["source"]["file"],
        format!("contributions/healthwatch-leeds/{name}")
    );
    wait_for(&state, "respite", true).await;
    assert!(workspace
        .corpus()
        .join("contributions/healthwatch-leeds")
        .join(&name)
        .is_file());

    // the same name again is refused, not overwritten
    let again = send(
        &state,
        form(
            LEEDS,
            &[("file", Some("Dementia carers (final).docx"), &docx)],
        ),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);

    // withdrawn: gone from search a moment later
    let withdrawn = send(
        &state,
        with_key("DELETE", LEEDS, &format!("/api/sources/{name}"), ""),
    )
    .await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);
    wait_for(&state, "respite", false).await;

    // every change is in the audit log with the key's id
    let log = std::fs::read_to_string(workspace.corpus().join(".contributions.jsonl")).unwrap();
    for action in ["upload", "metadata", "publish", "withdraw"] {
        assert!(
            log.lines()
                .any(|l| l.contains(&format!("\"action\":\"{action}\""))
                    && l.contains("leeds-contributor")),
            "{action} not logged:\n{log}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_uploads_are_refused_with_the_reason_and_nothing_is_kept() {
    let workspace = Workspace::with_fixture("small");
    let state = state(&workspace);
    let cases: Vec<(&str, Request<Body>, StatusCode, &str)> = vec![
        (
            "a partner key",
            form(
                PARTNER,
                &[("file", Some("r.docx"), &document("styled.docx"))],
            ),
            StatusCode::FORBIDDEN,
            "contributor key",
        ),
        (
            "no key",
            {
                let mut request =
                    form(LEEDS, &[("file", Some("r.docx"), &document("styled.docx"))]);
                request.headers_mut().remove(header::AUTHORIZATION);
                request
            },
            StatusCode::FORBIDDEN,
            "contributor key",
        ),
        (
            "a web page named .pdf",
            form(
                LEEDS,
                &[("file", Some("report.pdf"), &document("not-really.pdf"))],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not a PDF",
        ),
        (
            "an encrypted PDF",
            form(
                LEEDS,
                &[("file", Some("locked.pdf"), &document("encrypted.pdf"))],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "encrypted",
        ),
        (
            "a program",
            form(LEEDS, &[("file", Some("setup.exe"), b"MZ")]),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "cannot be contributed",
        ),
        (
            "no file",
            form(LEEDS, &[("title", None, b"x")]),
            StatusCode::BAD_REQUEST,
            "no `file` field",
        ),
        (
            "too large",
            form(
                LEEDS,
                &[("file", Some("big.html"), &vec![b'a'; 300 * 1024])],
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "over 200 KB",
        ),
        (
            "bad metadata",
            form(
                LEEDS,
                &[
                    ("file", Some("r.docx"), &document("styled.docx")),
                    ("metadata", None, b"title: [unclosed"),
                ],
            ),
            StatusCode::BAD_REQUEST,
            "not valid YAML",
        ),
        (
            "another organisation named",
            form(
                LEEDS,
                &[
                    ("file", Some("r.docx"), &document("styled.docx")),
                    ("organisation", None, b"NHS England"),
                ],
            ),
            StatusCode::BAD_REQUEST,
            "your key's",
        ),
    ];
    for (what, request, status, message) in cases {
        let reply = send(&state, request).await;
        assert_eq!(reply.status, status, "{what}: {}", reply.body);
        let text = reply.body["error"]["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{what}: `{text}` lacks `{message}`");
    }
    let stored: Vec<_> = walk(&workspace.corpus().join(".drafts"))
        .into_iter()
        .chain(walk(&workspace.corpus().join("contributions")))
        .collect();
    assert!(stored.is_empty(), "refused uploads left {stored:?}");
}

fn walk(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn a_server_without_a_corpus_takes_no_contributions() {
    let workspace = Workspace::with_fixture("small");
    let mut state = state(&workspace);
    state.contributions = None;
    let reply = send(&state, get(Some(LEEDS), "/api/sources")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--corpus"));
}
