//! Visibility and API keys: for every role, every endpoint answers with what that role
//! may see and nothing else, in hits, snippets, counts, exports, analytics, document
//! pages, linked records and overlap candidates; and the real server logs each request
//! with its key's id, never the key, and writes nowhere but its log.
//!
//! Every passage of the fixture (`tests/data/visibility`) carries a marker word naming
//! its source, so a leak shows as a marker in a response that may not hold it.

use crate::support::Workspace;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use insight_index::InsightIndex;
use insight_ingest::IngestOptions;
use insight_server::{hash_key, key_entry, router, AppState, KeyStore, Role};
use serde_json::Value;
use std::collections::BTreeSet;
use std::ops::ControlFlow;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

/// Public report, plan activity and record; partners report; material restricted to
/// Riverton Hospitals Trust; material restricted to Hillford Council.
const PUBLIC: [&str; 3] = ["zebrapublic", "heronplanpublic", "wrenysdpublic"];
const PARTNERS: &str = "otterpartners";
const RIVERTON: [&str; 2] = ["lynxriverton", "moleysdriverton"];
const HILLFORD: [&str; 2] = ["yakhillford", "ibexplanhillford"];
/// The markers of the reports (insight, as analytics count it).
const REPORTS: [&str; 4] = [
    "zebrapublic",
    "otterpartners",
    "lynxriverton",
    "yakhillford",
];

struct Reader {
    name: &'static str,
    key: Option<&'static str>,
    sees: Vec<&'static str>,
}

fn roles() -> Vec<Reader> {
    let with = |extra: &[&'static str]| PUBLIC.iter().chain(extra).copied().collect();
    vec![
        Reader {
            name: "anonymous",
            key: None,
            sees: with(&[]),
        },
        Reader {
            name: "public key",
            key: Some("ik_test_public"),
            sees: with(&[]),
        },
        Reader {
            name: "riverton partner",
            key: Some("ik_test_riverton"),
            sees: with(&[PARTNERS, RIVERTON[0], RIVERTON[1]]),
        },
        Reader {
            name: "hillford partner",
            key: Some("ik_test_hillford"),
            sees: with(&[PARTNERS, HILLFORD[0], HILLFORD[1]]),
        },
        Reader {
            name: "admin",
            key: Some("ik_test_admin"),
            sees: with(&[PARTNERS, RIVERTON[0], RIVERTON[1], HILLFORD[0], HILLFORD[1]]),
        },
    ]
}

fn all_markers() -> BTreeSet<&'static str> {
    roles().into_iter().flat_map(|r| r.sees).collect()
}

fn keys() -> KeyStore {
    let text = [
        key_entry(
            "public-api",
            Role::Public,
            None,
            &hash_key("ik_test_public"),
            "2026-11-22",
        ),
        // the organisation as a person might type it
        key_entry(
            "riverton",
            Role::Partner,
            Some("riverton  HOSPITALS trust"),
            &hash_key("ik_test_riverton"),
            "2026-11-22",
        ),
        key_entry(
            "hillford",
            Role::Partner,
            Some("Hillford Council"),
            &hash_key("ik_test_hillford"),
            "2026-11-22",
        ),
        key_entry(
            "admin",
            Role::Admin,
            None,
            &hash_key("ik_test_admin"),
            "2026-11-22",
        ),
    ]
    .concat();
    KeyStore::parse(&text).unwrap()
}

fn state() -> AppState {
    static STATE: OnceLock<(Workspace, Arc<InsightIndex>, Arc<KeyStore>)> = OnceLock::new();
    let (_, index, keys) = STATE.get_or_init(|| {
        let workspace = Workspace::with_fixture("visibility");
        let index = InsightIndex::open_or_create(&workspace.index()).unwrap();
        insight_ingest::ingest(&index, &IngestOptions::new(workspace.corpus()), |_| {
            ControlFlow::Continue(())
        })
        .unwrap();
        (workspace, Arc::new(index), Arc::new(keys()))
    });
    let mut state = AppState::new(index.clone(), None);
    state.keys = keys.clone();
    state
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    fn markers(&self) -> BTreeSet<&'static str> {
        all_markers()
            .into_iter()
            .filter(|m| self.text.contains(m))
            .collect()
    }
}

async fn send(method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if method == "POST" {
        request = request.header("content-type", "application/json");
    }
    let response = router(state())
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get_as(role: &Reader, uri: &str) -> Reply {
    let bearer = role.key.map(|key| format!("Bearer {key}"));
    let headers: Vec<(&str, &str)> = bearer
        .iter()
        .map(|b| ("authorization", b.as_str()))
        .collect();
    let reply = send("GET", uri, &headers, "").await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{} {uri}: {}",
        role.name,
        reply.text
    );
    reply
}

/// Every passage of the fixture, as the admin sees it: (passage id, doc id, marker).
async fn every_passage() -> Vec<(String, String, &'static str)> {
    let admin = roles().pop().unwrap();
    get_as(&admin, "/api/export?format=ndjson")
        .await
        .text
        .lines()
        .map(|line| {
            let passage: Value = serde_json::from_str(line).unwrap();
            let text = passage.to_string();
            let marker = all_markers()
                .into_iter()
                .find(|m| text.contains(m))
                .unwrap_or_else(|| panic!("a fixture passage without a marker: {text}"));
            (
                passage["passage_id"].as_str().unwrap().to_string(),
                passage["doc_id"].as_str().unwrap().to_string(),
                marker,
            )
        })
        .collect()
}

fn set(markers: &[&'static str]) -> BTreeSet<&'static str> {
    markers.iter().copied().collect()
}

#[tokio::test]
async fn every_endpoint_answers_each_role_with_only_what_it_may_see() {
    let passages = every_passage().await;
    assert_eq!(passages.len(), 10, "the fixture's passages");
    for role in roles() {
        let name = role.name;
        let sees = set(&role.sees);
        let visible: Vec<&(String, String, &str)> = passages
            .iter()
            .filter(|(_, _, m)| sees.contains(m))
            .collect();
        let visible_reports = visible
            .iter()
            .filter(|(_, _, m)| REPORTS.contains(m))
            .count() as u64;

        // search: hits, totals, grouped, and facet counts
        let search = get_as(&role, "/api/search?per_page=100").await;
        assert_eq!(search.markers(), sees, "{name}: search");
        let body = search.json();
        assert_eq!(body["total"], visible.len(), "{name}: search total");
        let visibility_total: u64 = body["facets"]["visibility"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["count"].as_u64().unwrap())
            .sum();
        assert_eq!(
            visibility_total,
            visible.len() as u64,
            "{name}: visibility counts"
        );
        // grouped: one hit (the best seen passage) per seen document
        let grouped = get_as(&role, "/api/search?group=document&per_page=100").await;
        assert!(grouped.markers().is_subset(&sees), "{name}: grouped search");
        let documents: BTreeSet<&String> = visible.iter().map(|(_, d, _)| d).collect();
        assert_eq!(
            grouped.json()["total_documents"],
            documents.len(),
            "{name}: grouped"
        );

        // a word of an unseen source finds nothing and counts nothing
        for marker in all_markers().difference(&sees) {
            let reply = get_as(&role, &format!("/api/search?q={marker}")).await;
            let body = reply.json();
            assert_eq!(body["total"], 0, "{name}: {marker}");
            assert!(
                body["facets"]
                    .as_object()
                    .unwrap()
                    .values()
                    .all(|v| v.as_array().unwrap().is_empty()),
                "{name}: {marker} counted in {}",
                body["facets"]
            );
        }

        // organisations in the facet list are those of seen material
        let facets = get_as(&role, "/api/facets").await;
        let organisations: BTreeSet<String> = facets.json()["facets"]["organisation"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["value"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            organisations.contains("Hillford Council"),
            sees.contains("yakhillford"),
            "{name}: {organisations:?}"
        );
        // a taxonomy value is listed even when none of the caller's material has it
        let transport = facets.json()["facets"]["theme"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["value"] == "Transport")
            .map(|v| v["count"].as_u64().unwrap());
        let expected = if sees.contains("lynxriverton") { 2 } else { 0 };
        assert_eq!(transport, Some(expected), "{name}: Transport");

        // exports
        let ndjson = get_as(&role, "/api/export?format=ndjson").await;
        assert_eq!(ndjson.markers(), sees, "{name}: ndjson export");
        assert_eq!(
            ndjson.text.lines().count(),
            visible.len(),
            "{name}: ndjson rows"
        );
        let csv = get_as(&role, "/api/export").await;
        assert_eq!(csv.markers(), sees, "{name}: csv export");

        // analytics count only seen insight
        let timeline = get_as(&role, "/api/timeline?interval=month").await.json();
        let timeline_total: u64 = timeline["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["total"].as_u64().unwrap())
            .sum();
        assert_eq!(timeline_total, visible_reports, "{name}: timeline");
        let trends = get_as(&role, "/api/trends?interval=month&min_count=1").await;
        let trends_total: u64 = trends.json()["totals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_u64().unwrap())
            .sum();
        assert_eq!(trends_total, visible_reports, "{name}: trends");
        let coverage = get_as(&role, "/api/coverage?format=csv").await;
        let carers_total = coverage
            .text
            .lines()
            .find(|line| line.starts_with("Carers,") && line.contains(",all,"))
            .unwrap_or_else(|| panic!("{name}: no Carers total in {}", coverage.text))
            .split(',')
            .nth(3)
            .unwrap()
            .to_string();
        let carers_reports = visible
            .iter()
            .filter(|(_, _, m)| ["zebrapublic", "lynxriverton"].contains(m))
            .count();
        assert_eq!(
            carers_total,
            carers_reports.to_string(),
            "{name}: coverage of carers"
        );

        // lookups by id: a passage or document not seen is not found, and a document
        // page lists only the seen records and activities linked to it
        for (passage_id, doc_id, marker) in &passages {
            let headers: Vec<(&str, String)> = role
                .key
                .map(|k| ("authorization", format!("Bearer {k}")))
                .into_iter()
                .collect();
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let passage = send("GET", &format!("/api/passages/{passage_id}"), &headers, "").await;
            let document = send("GET", &format!("/api/documents/{doc_id}"), &headers, "").await;
            if sees.contains(marker) {
                assert_eq!(passage.status, StatusCode::OK, "{name}: passage {marker}");
                assert_eq!(document.status, StatusCode::OK, "{name}: document {marker}");
                assert!(
                    document.markers().is_subset(&sees),
                    "{name}: document of {marker} shows {:?}",
                    document.markers()
                );
            } else {
                assert_eq!(
                    passage.status,
                    StatusCode::NOT_FOUND,
                    "{name}: passage {marker}"
                );
                assert!(!passage.text.contains(marker));
                if document.status == StatusCode::OK {
                    // a document with passages of several visibilities (the plan) shows
                    // the seen ones only
                    assert!(
                        document.markers().is_subset(&sees),
                        "{name}: {:?}",
                        document.markers()
                    );
                } else {
                    assert_eq!(
                        document.status,
                        StatusCode::NOT_FOUND,
                        "{name}: document {marker}"
                    );
                }
            }
        }

        // the overlap check proposes only seen activities and insight
        let proposal = r#"{"title": "Carers, discharge, transport and waiting lists",
            "description": "Workshops with carers and young people about discharge, the waiting list, medicines and the taxi home",
            "places": ["Riverton", "Hillford"], "start": "2025-10-01", "end": "2025-12-31"}"#;
        let headers: Vec<(&str, String)> = role
            .key
            .map(|k| ("x-api-key", k.to_string()))
            .into_iter()
            .collect();
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let overlap = send("POST", "/api/overlap", &headers, proposal).await;
        assert_eq!(overlap.status, StatusCode::OK, "{name}: {}", overlap.text);
        assert!(
            overlap.markers().is_subset(&sees),
            "{name}: overlap shows {:?}",
            overlap.markers()
        );
        if role.name == "admin" {
            assert!(
                overlap.markers().contains("ibexplanhillford"),
                "{}",
                overlap.text
            );
        }

        // health counts what the caller sees
        let health = get_as(&role, "/api/health").await.json();
        assert_eq!(health["passages"], visible.len(), "{name}: health");
        assert_eq!(health["documents"], documents.len(), "{name}: health");
    }
}

#[tokio::test]
async fn an_unknown_or_malformed_key_is_refused_everywhere() {
    for uri in [
        "/api/search",
        "/api/facets",
        "/api/export",
        "/api/timeline",
        "/api/trends",
        "/api/coverage",
        "/api/health",
        "/api/passages/p0000000000000000",
    ] {
        for (header, value) in [
            ("authorization", "Bearer ik_not_a_key"),
            ("authorization", "Basic dXNlcjpwYXNz"),
            ("authorization", "ik_test_admin"),
            ("x-api-key", "ik_test_admin2"),
        ] {
            let reply = send("GET", uri, &[(header, value)], "").await;
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{uri} {header}: {value}"
            );
            assert_eq!(reply.json()["error"]["code"], "invalid_key");
            assert_eq!(reply.headers["www-authenticate"], "Bearer");
            assert!(!reply.text.contains("zebrapublic"));
        }
    }
    let reply = send("POST", "/api/overlap", &[("x-api-key", "wrong")], "{}").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    // the key header works for reading as well as Authorization
    let reply = send("GET", "/api/health", &[("x-api-key", "ik_test_admin")], "").await;
    assert_eq!(reply.json()["access"], "everything");
    assert_eq!(reply.json()["key"], "admin");
    let openapi = send("GET", "/api/openapi.json", &[], "").await.json();
    let schemes = &openapi["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer", "{schemes}");
    assert_eq!(schemes["api_key"]["name"], "x-api-key", "{schemes}");
}

#[tokio::test]
async fn filters_and_suggestions_never_name_unseen_values() {
    let anonymous = &roles()[0];
    let hillford = &roles()[3];
    // an unseen organisation is unknown to the public, and not suggested either
    let reply = send("GET", "/api/search?organisation=Council", &[], "").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(!reply.text.contains("Hillford Council"), "{}", reply.text);
    let reply = send(
        "GET",
        "/api/search?organisation=Hillford%20Council",
        &[],
        "",
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"]["code"], "unknown_facet_value");
    // what the public can see still resolves
    let reply = get_as(anonymous, "/api/search?organisation=northshire%20voices").await;
    assert!(reply.json()["total"].as_u64().unwrap() > 0);
    // the owning organisation filters on itself
    let reply = get_as(hillford, "/api/search?organisation=Hillford%20Council").await;
    assert_eq!(reply.json()["total"], 2);
    assert_eq!(reply.markers(), set(&HILLFORD));
}

/// One HTTP/1.1 GET over a plain socket: (status line, body).
fn http_get(address: &str, path: &str, key: Option<&str>) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    let key_header = key
        .map(|k| format!("Authorization: Bearer {k}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\n{key_header}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (
        head.lines().next().unwrap_or_default().to_string(),
        body.to_string(),
    )
}

/// Names, sizes and modification times of every file under `dir`.
fn listing(dir: &std::path::Path) -> BTreeSet<(String, u64, std::time::SystemTime)> {
    walk(dir)
        .into_iter()
        .map(|path| {
            let meta = std::fs::metadata(&path).unwrap();
            (
                path.display().to_string(),
                meta.len(),
                meta.modified().unwrap(),
            )
        })
        .collect()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// A child process that is killed when the test ends, passed or failed.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

#[test]
fn the_server_logs_each_request_with_its_key_id_and_writes_nothing_else() {
    use std::io::BufRead;
    let workspace = Workspace::with_fixture("visibility");
    assert!(workspace
        .run(&["ingest", "corpus", "--index", "index"])
        .status
        .success());
    // a key made the way an administrator makes one
    let added = workspace.run(&[
        "keys",
        "add",
        "riverton-engagement",
        "--role",
        "partner",
        "--organisation",
        "Riverton Hospitals Trust",
        "--keys",
        "keys.toml",
    ]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let key = String::from_utf8(added.stdout).unwrap().trim().to_string();
    assert!(key.starts_with("ik_"));
    let keys_file = std::fs::read_to_string(workspace.dir.path().join("keys.toml")).unwrap();
    assert!(
        !keys_file.contains(&key),
        "the keys file holds the hash, not the key"
    );
    let refused = workspace.run(&[
        "keys",
        "add",
        "no-organisation",
        "--role",
        "partner",
        "--keys",
        "keys.toml",
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("needs the organisation"));
    // a contributor key is made the same way, and needs its organisation too
    let contributor = workspace.run(&[
        "keys",
        "add",
        "riverton-contributor",
        "--role",
        "contributor",
        "--organisation",
        "Riverton Hospitals Trust",
        "--keys",
        "keys.toml",
    ]);
    assert!(contributor.status.success());
    let refused = workspace.run(&[
        "keys",
        "add",
        "x",
        "--role",
        "contributor",
        "--keys",
        "keys.toml",
    ]);
    assert!(String::from_utf8_lossy(&refused.stderr)
        .contains("a contributor key needs the organisation"));
    let listed = workspace.run(&["keys", "list", "--keys", "keys.toml"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains("riverton-engagement\tpartner\tRiverton Hospitals Trust"));
    assert!(listed.contains("riverton-contributor\tcontributor\tRiverton Hospitals Trust"));

    let before = listing(workspace.dir.path());
    let mut server = KillOnDrop(
        std::process::Command::new(env!("CARGO_BIN_EXE_insight"))
            .args([
                "serve",
                "--index",
                "index",
                "--addr",
                "127.0.0.1:0",
                "--keys",
                "keys.toml",
                "--log-file",
                "requests.log",
                "--web",
                "no-web",
            ])
            .current_dir(workspace.dir.path())
            .env_remove("INSIGHT_LOG")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut first_line = String::new();
    std::io::BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let address = first_line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first_line:?}"))
        .to_string();

    let (status, body) = http_get(&address, "/api/search?q=lynxriverton", Some(&key));
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("lynxriverton"));
    let (status, body) = http_get(&address, "/api/search?q=lynxriverton", None);
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("\"total\":0"), "{body}");
    let (status, _) = http_get(&address, "/api/health", Some("ik_wrong"));
    assert!(status.contains("401"), "{status}");
    let (status, _) = http_get(&address, "/api/nowhere", None);
    assert!(status.contains("404"), "{status}");
    drop(server);

    let log = std::fs::read_to_string(workspace.dir.path().join("requests.log")).unwrap();
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("insight::access"))
        .collect();
    assert_eq!(lines.len(), 4, "{log}");
    assert!(
        lines[0].contains("method=GET")
            && lines[0].contains("path=/api/search")
            && lines[0].contains("status=200")
            && lines[0].contains("key=riverton-engagement")
            && lines[0].contains("ms="),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("key=-"), "{}", lines[1]);
    assert!(
        lines[2].contains("status=401") && lines[2].contains("key=unknown"),
        "{}",
        lines[2]
    );
    assert!(lines[3].contains("status=404"), "{}", lines[3]);
    assert!(
        !log.contains(&key) && !log.contains("ik_wrong"),
        "a key was logged: {log}"
    );
    assert!(
        !log.contains("lynxriverton"),
        "the query text is not logged: {log}"
    );

    // nothing was written but the log
    let after = listing(workspace.dir.path());
    let log_path = workspace
        .dir
        .path()
        .join("requests.log")
        .display()
        .to_string();
    let changed: Vec<_> = after
        .symmetric_difference(&before)
        .filter(|(path, _, _)| *path != log_path)
        .collect();
    assert!(changed.is_empty(), "the server wrote {changed:?}");
}
