//! Incremental sync (`/api/changes`): a consumer's copy of a themed slice, kept with
//! one small request after each re-ingest, equals a fresh export of the slice after
//! edits, removals, new files and a change of visibility; unchanged passages are not
//! sent again; cursors that cannot be continued are refused with the fix.

use crate::api::{get_with, Reply};
use crate::support::{ingest_with, Workspace};
use axum::http::{header, StatusCode};
use insight_index::{Error, FacetField, InsightIndex, SearchRequest};
use insight_ingest::IngestOptions;
use insight_server::AppState;
use std::collections::{BTreeMap, HashSet};
use std::ops::ControlFlow;
use std::sync::Arc;

const FOCUS_GROUP: &str = "notes/leeds-carers-hospital-discharge-focus-group-2025-03.txt";
const FRAILTY_WORKSHOP: &str = "notes/leeds-frailty-population-board-workshop-2024-11.md";

fn discharge_in_leeds() -> SearchRequest {
    let mut request = SearchRequest::default();
    request
        .filters
        .insert(FacetField::Theme, vec!["Discharge".into()]);
    request
        .filters
        .insert(FacetField::Place, vec!["Leeds".into()]);
    request
}

/// The slice as an export gives it: passage id -> text.
fn exported(index: &InsightIndex, request: &SearchRequest) -> BTreeMap<String, String> {
    let mut rows = BTreeMap::new();
    index
        .for_each_match(request, |hit| {
            rows.insert(hit.passage_id, hit.text);
            ControlFlow::Continue(())
        })
        .unwrap();
    rows
}

/// Applies every page of changes after `since` to `copy`; returns the new cursor and
/// the number of passages sent.
fn sync(
    index: &InsightIndex,
    request: &SearchRequest,
    since: Option<String>,
    copy: &mut BTreeMap<String, String>,
) -> (String, usize) {
    let mut since = since;
    let mut sent = 0;
    for _ in 0..1000 {
        let page = index.changes(request, since.as_deref(), 7).unwrap();
        let changed: HashSet<&str> = page.changed.iter().map(|h| h.passage_id.as_str()).collect();
        assert!(
            page.removed.iter().all(|id| !changed.contains(id.as_str())),
            "an id is both changed and removed in one answer"
        );
        sent += page.changed.len();
        for hit in page.changed {
            copy.insert(hit.passage_id, hit.text);
        }
        for id in page.removed {
            copy.remove(&id);
        }
        since = Some(page.cursor);
        if !page.more {
            return (since.unwrap(), sent);
        }
    }
    panic!("the changes never ended");
}

#[test]
fn a_copy_of_a_slice_follows_edits_removals_new_files_and_visibility() {
    let workspace = Workspace::with_fixture("corpus");
    let index = workspace.open_index();
    workspace.ingest(&index);
    let slice = discharge_in_leeds();

    let mut copy = BTreeMap::new();
    let (cursor, sent) = sync(&index, &slice, None, &mut copy);
    let first = exported(&index, &slice);
    assert!(first.len() > 20, "the slice is too small to test paging");
    assert_eq!(copy, first, "a first listing, page by page, is the export");
    assert_eq!(sent, first.len(), "a first listing sends each passage once");

    // nothing changed: nothing to send, and the cursor stays
    workspace.ingest(&index);
    let (same, sent) = sync(&index, &slice, Some(cursor.clone()), &mut copy);
    assert_eq!((same.as_str(), sent), (cursor.as_str(), 0));

    // an edit, a file made public, a file removed, a new file
    let focus_group = std::fs::read_to_string(workspace.corpus().join(FOCUS_GROUP)).unwrap();
    assert!(focus_group.contains("Visibility: partners"));
    workspace.write(
        FOCUS_GROUP,
        focus_group
            .replace(
                "commode arrived 4 days after discharge",
                "commode and a frame arrived 5 days after discharge",
            )
            .replace("Visibility: partners", "Visibility: public"),
    );
    workspace.remove(FRAILTY_WORKSHOP);
    workspace.write(
        "notes/leeds-discharge-lounge-drop-in-2026-02.md",
        "---\ntitle: Discharge lounge drop-in at St James's\norganisation: Healthwatch Leeds\nplaces: [Leeds]\nthemes: [Discharge]\nvisibility: public\ndate: 2026-02-10\n---\n## What people said\n\nWaited six hours in the discharge lounge for tablets to come up from pharmacy.\n\n## What staff said\n\nTransport is booked only once the medicines are ready.\n",
    );
    workspace.ingest(&index);
    let (_, sent) = sync(&index, &slice, Some(cursor), &mut copy);
    let after = exported(&index, &slice);
    assert_eq!(
        copy, after,
        "the synced copy is a fresh export of the slice"
    );
    assert!(after.values().any(|text| text.contains("six hours")));
    assert!(after.values().any(|text| text.contains("a frame arrived")));
    assert!(
        sent < after.len(),
        "only what changed is sent again: {sent} of {}",
        after.len()
    );
}

#[test]
fn one_edited_line_sends_one_passage() {
    let workspace = Workspace::with_fixture("corpus");
    let index = workspace.open_index();
    workspace.ingest(&index);
    // the focus group is for partners: a public caller sees the edit as a removal
    let everything = SearchRequest {
        access: insight_model::Access::Everything,
        ..SearchRequest::default()
    };
    let cursor = index.snapshot().unwrap().cursor().unwrap();
    let text = std::fs::read_to_string(workspace.corpus().join(FOCUS_GROUP)).unwrap();
    workspace.write(
        FOCUS_GROUP,
        text.replace("commode arrived 4 days", "commode arrived 6 days"),
    );
    workspace.ingest(&index);
    let changes = index.changes(&everything, Some(&cursor), 100).unwrap();
    assert_eq!(changes.changed.len(), 1, "{:?}", changes.changed);
    assert!(changes.changed[0].text.contains("6 days"));
    assert!(changes.removed.is_empty(), "{:?}", changes.removed);
    assert!(!changes.more);
    let public = index
        .changes(&SearchRequest::default(), Some(&cursor), 100)
        .unwrap();
    assert!(public.changed.is_empty());
    assert_eq!(public.removed, vec![changes.changed[0].passage_id.clone()]);
}

#[test]
fn cursors_that_cannot_be_continued_are_refused_with_the_fix() {
    let workspace = Workspace::with_fixture("small");
    let index = workspace.open_index();
    workspace.ingest(&index);
    let request = SearchRequest::default();
    let cursor = index.snapshot().unwrap().cursor().unwrap();
    assert!(index.changes(&request, Some(&cursor), 10).is_ok());

    let malformed = index.changes(&request, Some("yesterday"), 10).unwrap_err();
    assert!(matches!(malformed, Error::InvalidRequest(_)), "{malformed}");
    assert!(malformed.to_string().contains("leave `since` out"));

    let (_, position) = cursor.rsplit_once('-').unwrap();
    let elsewhere = index
        .changes(&request, Some(&format!("0123456789ab-{position}")), 10)
        .unwrap_err();
    assert!(matches!(elsewhere, Error::CursorExpired(_)), "{elsewhere}");
    assert!(elsewhere.to_string().contains("start again"));

    let ahead = index
        .changes(
            &request,
            Some(&cursor.replace(&format!("-{position}"), "-ffffffffffff")),
            10,
        )
        .unwrap_err();
    assert!(matches!(ahead, Error::CursorExpired(_)), "{ahead}");

    // a rebuild makes a new index for sync
    ingest_with(
        &index,
        &IngestOptions {
            rebuild: true,
            ..IngestOptions::new(workspace.corpus())
        },
    );
    let rebuilt = index.changes(&request, Some(&cursor), 10).unwrap_err();
    assert!(matches!(rebuilt, Error::CursorExpired(_)), "{rebuilt}");
    assert!(rebuilt.to_string().contains("rebuilt"));
}

async fn get(state: &AppState, uri: &str, headers: &[(&str, &str)]) -> Reply {
    get_with(state.clone(), uri, headers).await
}

#[tokio::test]
async fn the_api_gives_cursors_pages_and_refusals() {
    let workspace = Workspace::with_fixture("small");
    let index = Arc::new(workspace.open_index());
    workspace.ingest(&index);
    let state = AppState::new(index.clone(), None);

    let search = get(&state, "/api/search?q=discharge", &[]).await.json();
    let cursor = search["cursor"]
        .as_str()
        .expect("a search gives its cursor");
    let export = get(
        &state,
        "/api/export?q=discharge",
        &[("origin", "https://dashboard.example.org")],
    )
    .await;
    assert_eq!(export.headers["insight-cursor"], cursor);
    let exposed = export.headers["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        exposed.contains("insight-cursor") && exposed.contains("etag"),
        "{exposed}"
    );
    assert!(export.headers.contains_key(header::LAST_MODIFIED));

    // a whole listing, two passages a page
    let mut uri = "/api/changes?limit=2".to_string();
    let mut listed = 0;
    let total = get(&state, "/api/search", &[]).await.json()["total"]
        .as_u64()
        .unwrap();
    loop {
        let page = get(&state, &uri, &[]).await;
        assert_eq!(page.status, StatusCode::OK);
        let body = page.json();
        listed += body["changed"].as_array().unwrap().len() as u64;
        let next = body["cursor"].as_str().unwrap();
        if !body["more"].as_bool().unwrap() {
            assert_eq!(next, cursor, "the last page ends where a search stands");
            break;
        }
        uri = format!("/api/changes?limit=2&since={next}");
    }
    assert_eq!(listed, total);

    // nothing since: an empty page, and 304 for the same request with its ETag
    let since = format!("/api/changes?since={cursor}");
    let empty = get(&state, &since, &[]).await;
    assert_eq!(empty.json()["changed"], serde_json::json!([]));
    let etag = empty.headers[header::ETAG].to_str().unwrap().to_string();
    let again = get(&state, &since, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let modified = empty.headers[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_string();
    let again = get(&state, &since, &[("if-modified-since", &modified)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    let code = |reply: &Reply| reply.json()["error"]["code"].as_str().unwrap().to_string();
    let malformed = get(&state, "/api/changes?since=last-tuesday", &[]).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    let (_, position) = cursor.rsplit_once('-').unwrap();
    let elsewhere = get(
        &state,
        &format!("/api/changes?since=0123456789ab-{position}"),
        &[],
    )
    .await;
    assert_eq!(elsewhere.status, StatusCode::GONE);
    assert_eq!(code(&elsewhere), "cursor_expired");
    // a bad filter is the request's mistake, whatever the cursor
    let both = get(
        &state,
        &format!("/api/changes?place=Atlantis&since=0123456789ab-{position}"),
        &[],
    )
    .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&both), "unknown_facet_value");
    for bad in ["limit=0", "limit=1001", "limit=ten", "since=a&since=b"] {
        let reply = get(&state, &format!("/api/changes?{bad}"), &[]).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}
