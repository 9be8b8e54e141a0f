//! The API's one error type: every failure becomes a status and a stable JSON body
//! `{"error": {"code": "...", "message": "..."}}`. User mistakes are 4xx with advice;
//! internal failures are 500 with the details logged, not shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// An error answered to an API client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is wrong: a bad query, parameter, date or facet.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// The request presented a key the server does not know.
    #[error("{0}")]
    Unauthorized(String),
    /// The id names nothing in the index.
    #[error("{0}")]
    NotFound(String),
    /// The request is understood but refused: not allowed (403), in conflict (409), too
    /// large (413), of a type not taken (415), not usable (422).
    #[error("{message}")]
    Refused {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
    /// Something broke inside; the message is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: invalid_query, unknown_parameter, unknown_facet_value,
    /// ambiguous_facet_value, invalid_parameter, invalid_date, invalid_key, not_found, cursor_expired, busy, internal, ...
    pub code: String,
    /// What is wrong and what to do; for people.
    pub message: String,
}

impl ApiError {
    pub fn refused(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Refused {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }
}

impl From<insight_index::Error> for ApiError {
    fn from(error: insight_index::Error) -> Self {
        use insight_index::Error as E;
        let code = match &error {
            E::InvalidQuery { .. } => "invalid_query",
            E::UnknownFacet { .. } => "unknown_facet",
            E::UnknownFacetValue { .. } => "unknown_facet_value",
            E::AmbiguousFacetValue { .. } => "ambiguous_facet_value",
            E::InvalidRequest(_) => "invalid_parameter",
            E::EqualityFilter { .. } => "equality_filter",
            E::CursorExpired(_) => {
                return ApiError::refused(StatusCode::GONE, "cursor_expired", error.to_string())
            }
            E::Busy => {
                return ApiError::refused(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "busy",
                    error.to_string(),
                )
            }
            _ => return ApiError::Internal(error.to_string()),
        };
        ApiError::bad(code, error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ApiError::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message),
            ApiError::Refused {
                status,
                code,
                message,
            } => (status, code, message),
            ApiError::Unauthorized(message) => {
                let body = Json(ErrorBody {
                    error: ErrorDetail {
                        code: "invalid_key".into(),
                        message,
                    },
                });
                return (
                    StatusCode::UNAUTHORIZED,
                    [(axum::http::header::WWW_AUTHENTICATE, "Bearer")],
                    body,
                )
                    .into_response();
            }
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error answering a request");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "something went wrong inside the server; it has been logged".to_string(),
                )
            }
        };
        (
            status,
            Json(ErrorBody {
                error: ErrorDetail {
                    code: code.to_string(),
                    message,
                },
            }),
        )
            .into_response()
    }
}
