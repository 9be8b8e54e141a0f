//! The document page: `/document.html?id=DOC_ID` (with `page=N`, or `passage=ID` for
//! the page of passages holding it) shows a document's metadata, tags, what changed
//! because of it and its passages, from the same code `/api/documents/{id}` runs.

use super::{problem, query_string, render, Problem};
use crate::caller::Caller;
use crate::error::ApiError;
use crate::params;
use crate::routes::load_document;
use crate::wire::DocumentJson;
use crate::AppState;
use axum::extract::{Extension, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

#[derive(Serialize)]
struct PageLink {
    href: String,
    page: usize,
}

#[derive(Serialize)]
struct DocumentPage {
    nav: &'static str,
    script: &'static str,
    problems: Vec<Problem>,
    document: Option<DocumentJson>,
    /// The number of the first passage of the page shown.
    first: usize,
    previous: Option<PageLink>,
    next: Option<PageLink>,
    /// "You said, we did" records among the document's linked passages.
    has_records: bool,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut page = DocumentPage {
        nav: "",
        script: "document",
        problems: Vec::new(),
        document: None,
        first: 1,
        previous: None,
        next: None,
        has_records: false,
    };
    match load(&state, caller, raw.as_deref()).await {
        Ok(document) => {
            let link = |target: usize| PageLink {
                href: format!(
                    "/document.html?{}",
                    query_string([
                        ("id", document.doc_id.as_str()),
                        ("page", target.to_string().as_str())
                    ])
                ),
                page: target,
            };
            page.first = (document.page - 1) * document.per_page + 1;
            page.previous = (document.page > 1).then(|| link(document.page - 1));
            page.next = (document.page < document.pages).then(|| link(document.page + 1));
            page.has_records = !document.changes.is_empty();
            page.document = Some(document);
            render(StatusCode::OK, "document.html", page)
        }
        Err(error) => {
            let (status, problem) = problem(&error, "#back-link");
            page.problems.push(problem);
            render(status, "document.html", page)
        }
    }
}

/// The document the query string names, its `id` taken out and the rest (page,
/// per_page, passage) read as the API reads them.
async fn load(
    state: &AppState,
    caller: Caller,
    raw: Option<&str>,
) -> Result<DocumentJson, ApiError> {
    let (rest, mut extra) = params::split_extra(raw, &["id"])?;
    let id = extra
        .remove("id")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            ApiError::bad(
                "invalid_parameter",
                "no document was chosen: open a document from the search results",
            )
        })?;
    load_document(state, caller, id, Some(&rest)).await
}
