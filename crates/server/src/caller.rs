//! Who is asking: the outermost layer reads the request's API key (`Authorization:
//! Bearer KEY` or `X-API-Key: KEY`), refuses an unknown one, hands the handlers a
//! [`Caller`] saying what it may see, and logs every request with the key's id (never
//! the key): method, path, status and time.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use insight_model::Access;
use std::time::Instant;

/// The reader of a request, as the handlers see it.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub access: Access,
    /// The id of the key presented, if any.
    pub key_id: Option<String>,
    /// The key's role and organisation, if a key was presented.
    pub role: Option<crate::Role>,
    pub organisation: Option<String>,
}

/// The header a browser or script sends the key in.
pub const KEY_HEADER: &str = "x-api-key";

/// The key presented, if any; an `Authorization` header of another scheme is an error.
fn presented_key(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let unreadable = || {
        ApiError::Unauthorized(
            "the API key header is not readable text; send `Authorization: Bearer KEY`".into(),
        )
    };
    if let Some(value) = headers.get(axum::http::header::AUTHORIZATION) {
        let value = value.to_str().map_err(|_| unreadable())?;
        let Some((scheme, key)) = value.trim().split_once(' ') else {
            return Err(ApiError::Unauthorized(
                "the Authorization header needs the Bearer scheme: `Authorization: Bearer KEY`"
                    .into(),
            ));
        };
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(ApiError::Unauthorized(format!(
                "the Authorization scheme `{scheme}` is not supported; send `Authorization: Bearer KEY`"
            )));
        }
        return Ok(Some(key.trim()));
    }
    match headers.get(KEY_HEADER) {
        Some(value) => Ok(Some(value.to_str().map_err(|_| unreadable())?.trim())),
        None => Ok(None),
    }
}

/// Identifies the caller, runs the request, and logs it.
pub async fn identify_and_log(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let identified = presented_key(request.headers()).and_then(|presented| match presented {
        None => Ok(Caller::default()),
        Some(key) => state
            .keys
            .authenticate(key)
            .map(|key| Caller {
                access: key.access(),
                key_id: Some(key.id.clone()),
                role: Some(key.role),
                organisation: key.organisation.clone(),
            })
            .ok_or_else(|| {
                ApiError::Unauthorized(
                    "the API key is not known to this server; check it, or ask the administrator for a new one (without a key you see public material)".into(),
                )
            }),
    });
    let (response, key_id) = match identified {
        Ok(caller) => {
            let key_id = caller.key_id.clone().unwrap_or_else(|| "-".into());
            request.extensions_mut().insert(caller);
            (next.run(request).await, key_id)
        }
        Err(error) => (error.into_response(), "unknown".to_string()),
    };
    tracing::info!(
        target: "insight::access",
        %method,
        path = %path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        key = %key_id,
    );
    response
}
