//! The web pages, rendered by the server: one layout (`web/templates/layout.html`) holds
//! the head, header, navigation and footer, and each page is a template that extends it.
//! Templates are embedded in the binary and compiled once, when the router is built.
//! The search, document and forward plan pages are filled here from the same code the
//! API answers with, so they work without JavaScript; the scripts then enhance them.
//!
//! Invariants: every value is HTML-escaped (autoescape for `.html`); the only markup
//! inserted unescaped is a snippet's, which `wire` escapes; bad input gives the page
//! with an NHS.UK error summary, never a 500; no page makes a request of its own.

mod document;
mod plan;
mod search;

use crate::error::ApiError;
use crate::AppState;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use minijinja::{Environment, Value};
use serde::Serialize;
use std::sync::LazyLock;

/// Every template, by name, as embedded at build time.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "layout.html",
        include_str!("../../../../web/templates/layout.html"),
    ),
    (
        "macros.html",
        include_str!("../../../../web/templates/macros.html"),
    ),
    (
        "search.html",
        include_str!("../../../../web/templates/search.html"),
    ),
    (
        "document.html",
        include_str!("../../../../web/templates/document.html"),
    ),
    (
        "plan.html",
        include_str!("../../../../web/templates/plan.html"),
    ),
    (
        "check.html",
        include_str!("../../../../web/templates/check.html"),
    ),
    (
        "insights.html",
        include_str!("../../../../web/templates/insights.html"),
    ),
    (
        "coverage.html",
        include_str!("../../../../web/templates/coverage.html"),
    ),
    (
        "contribute.html",
        include_str!("../../../../web/templates/contribute.html"),
    ),
];

/// The pages whose content is filled by their script alone: (path, template and script).
const SCRIPTED_PAGES: &[(&str, &str, &str)] = &[
    ("check", "check.html", "check"),
    ("insights", "insights.html", "insights"),
    ("coverage", "coverage.html", "coverage"),
    ("contribute", "contribute.html", "contribute"),
];

static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut environment = Environment::new();
    for (name, source) in TEMPLATES {
        environment
            .add_template(name, source)
            .unwrap_or_else(|error| panic!("template {name} does not compile: {error:#}"));
    }
    environment.add_filter("long_date", long_date);
    environment.add_filter("sentence", sentence);
    environment.add_filter("fixed2", |value: f64| format!("{value:.2}"));
    environment.add_filter("paragraphs", paragraphs);
    environment
});

/// Compiles every template now (the router calls it at start, so a broken template
/// stops the server at once, not on a reader's first visit).
pub(crate) fn compile() {
    LazyLock::force(&ENVIRONMENT);
}

/// The page routes; every page answers at `/name` and at `/name.html`, which the
/// scripts and links use.
pub(crate) fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route("/", get(search::page))
        .route("/index.html", get(search::page))
        .route("/document", get(document::page))
        .route("/document.html", get(document::page))
        .route("/plan", get(plan::page))
        .route("/plan.html", get(plan::page));
    for &(path, template, script) in SCRIPTED_PAGES {
        let page =
            move || async move { render(StatusCode::OK, template, Scripted { nav: path, script }) };
        router = router
            .route(&format!("/{path}"), get(page))
            .route(&format!("/{path}.html"), get(page));
    }
    router
}

#[derive(Serialize)]
struct Scripted {
    nav: &'static str,
    script: &'static str,
}

/// Renders a template; a template that fails (a bug, never input) is logged and
/// answered with a plain 500 page.
fn render(status: StatusCode, name: &str, context: impl Serialize) -> Response {
    let rendered = ENVIRONMENT
        .get_template(name)
        .and_then(|template| template.render(Value::from_serialize(&context)));
    match rendered {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!("rendering {name}: {error:#}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!DOCTYPE html><title>Sorry, there is a problem with the service</title><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"),
            )
                .into_response()
        }
    }
}

/// One line of an NHS.UK error summary, linking to the field it is about.
#[derive(Debug, Serialize)]
struct Problem {
    text: String,
    href: &'static str,
}

/// What a page shows for an API error: its status, and the message for people
/// (capitalised, with ‘quotes’ for `backticks`). Internal details stay in the log.
fn problem(error: &ApiError, href: &'static str) -> (StatusCode, Problem) {
    let (status, message) = match error {
        ApiError::BadRequest { message, .. } => (StatusCode::BAD_REQUEST, message.clone()),
        ApiError::NotFound(message) => (StatusCode::NOT_FOUND, message.clone()),
        ApiError::Refused {
            status, message, ..
        } => (*status, message.clone()),
        ApiError::Unauthorized(message) => (StatusCode::UNAUTHORIZED, message.clone()),
        ApiError::Internal(detail) => {
            tracing::error!("page: {detail}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "sorry, there is a problem with the service; try again later".to_string(),
            )
        }
    };
    let mut text = String::new();
    let mut open = true;
    for c in message.chars() {
        if c == '`' {
            text.push(if open { '‘' } else { '’' });
            open = !open;
        } else {
            text.push(c);
        }
    }
    (
        status,
        Problem {
            text: sentence(&text),
            href,
        },
    )
}

/// "2024-09-02" -> "2 September 2024"; anything else unchanged.
fn long_date(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|date| date.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

/// The first letter in capitals ("engagement report" -> "Engagement report").
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Plain text split into paragraphs at blank lines.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n").trim().to_string());
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n").trim().to_string());
    }
    out
}

/// A query string (`a=1&b=2`, without `?`) from pairs, form-encoded.
fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        serializer.append_pair(key, value);
    }
    serializer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        compile();
        assert_eq!(long_date("2024-09-02"), "2 September 2024");
        assert_eq!(paragraphs("a\nb\n\n \nc"), vec!["a\nb", "c"]);
        let (status, problem) = problem(&ApiError::bad("x", "unknown `colour`"), "#q");
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(problem.text, "Unknown ‘colour’");
    }
}
