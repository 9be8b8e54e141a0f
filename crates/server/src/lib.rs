//! The HTTP face of the insight bank: a JSON API described by OpenAPI, and the web pages
//! (rendered by the server through one layout, enhanced by their scripts).
//! `router(state)` builds everything so tests drive it in-process; `serve` runs it on a
//! bound listener until `shutdown` resolves.
//!
//! Invariants: user input never causes a 500 (every bad parameter is a 400 in the one
//! error shape); searches and exports run on the blocking pool, never on the async
//! workers; the index is only read, and a re-ingest is picked up without a restart;
//! every index read carries the caller's access, so what a key may not see exists
//! nowhere in its answers; every request is logged with its key's id, never the key.

mod caller;
mod contribute;
mod error;
mod keys;
mod openapi;
mod pages;
mod params;
mod privacy;
mod routes;
mod wire;

pub use caller::{Caller, KEY_HEADER};
pub use contribute::{Contributions, MAX_UPLOAD_BYTES};
pub use error::{ApiError, ErrorBody};
pub use keys::{hash_key, key_entry, new_key, ApiKey, KeyFileError, KeyStore, Role};
pub use params::{MAX_PAGE, MAX_PER_PAGE};

use axum::http::{Method, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use insight_index::InsightIndex;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub index: Arc<InsightIndex>,
    /// Counts drawn from equality monitoring from 1 to this minus one are suppressed.
    pub suppress_below: u64,
    /// The web page's folder (`web/`): `public/` is served at `/`, and the NHS.UK
    /// frontend package from `node_modules` at `/vendor/nhsuk/`.
    pub web_dir: Option<PathBuf>,
    /// The API keys accepted; without a key a request sees public material only.
    pub keys: Arc<KeyStore>,
    /// Where partners' contributions go (the corpus folder), when the server takes them.
    pub contributions: Option<Arc<Contributions>>,
}

impl AppState {
    /// State with the default suppression threshold.
    pub fn new(index: Arc<InsightIndex>, web_dir: Option<PathBuf>) -> Self {
        Self {
            index,
            suppress_below: insight_index::DEFAULT_THRESHOLD,
            web_dir,
            keys: Arc::new(KeyStore::default()),
            contributions: None,
        }
    }
}

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Time allowed to produce a response's headers.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Time allowed for a contribution: the upload, and reading the file.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(120);

/// Builds the whole application.
pub fn router(state: AppState) -> Router {
    // uploads get their own size cap and time (a PDF is read in a child process of up
    // to a minute); everything else keeps the small body and the short timeout
    let api = routes::api_routes()
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .merge(
            contribute::routes()
                .layer(axum::extract::DefaultBodyLimit::disable())
                .layer(RequestBodyLimitLayer::new(MAX_UPLOAD_BYTES + 64 * 1024))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    UPLOAD_TIMEOUT,
                )),
        )
        .fallback(|| async {
            ApiError::NotFound("no such API endpoint; see /api/openapi.json".into())
        });
    let mut app = Router::new().nest("/api", api).with_state(state.clone());
    match &state.web_dir {
        Some(web) if web.join("public").is_dir() => {
            // the pages, rendered through the one layout; then the static assets
            pages::compile();
            // the same small body and short timeout as the API (the check form posts)
            app = app.merge(
                pages::routes()
                    .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
                    .layer(TimeoutLayer::with_status_code(
                        StatusCode::REQUEST_TIMEOUT,
                        REQUEST_TIMEOUT,
                    ))
                    .with_state(state.clone()),
            );
            // Chart.js for the analytics page's charts
            app = app.nest_service(
                "/vendor/chartjs",
                ServeDir::new(web.join("node_modules/chart.js/dist")),
            );
            // the frontend's CSS refers to its icons at /assets/...
            app = app
                .nest_service(
                    "/assets",
                    ServeDir::new(web.join("node_modules/nhsuk-frontend/dist/nhsuk/assets")),
                )
                .nest_service(
                    "/vendor/nhsuk",
                    ServeDir::new(web.join("node_modules/nhsuk-frontend/dist/nhsuk")),
                )
                .fallback_service(ServeDir::new(web.join("public")));
        }
        _ => {
            app = app.fallback(|| async {
                (StatusCode::NOT_FOUND, "the web page is not installed here; the API is at /api (see /api/openapi.json)").into_response()
            });
        }
    }
    app.layer(CompressionLayer::new())
        .layer(
            CorsLayer::new()
                .allow_methods([Method::GET])
                .allow_headers([
                    axum::http::header::AUTHORIZATION,
                    axum::http::HeaderName::from_static(KEY_HEADER),
                    axum::http::header::IF_NONE_MATCH,
                    axum::http::header::IF_MODIFIED_SINCE,
                ])
                // a dashboard in a browser reads the validators and an export's cursor
                .expose_headers([
                    axum::http::header::ETAG,
                    axum::http::header::LAST_MODIFIED,
                    axum::http::HeaderName::from_static(routes::CURSOR_HEADER),
                ])
                .allow_origin(Any),
        )
        .layer(axum::middleware::from_fn_with_state(
            state,
            caller::identify_and_log,
        ))
}

/// Serves on a bound listener until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
