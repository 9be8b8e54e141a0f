//! The web pages, rendered by the server: one layout (`web/templates/layout.html`) holds
//! the head, header, navigation and footer, and each page is a template that extends it.
//! Templates are embedded in the binary and compiled once, when the router is built.
//! The search, document, forward plan, check, emerging themes and coverage pages are
//! filled here from the same code the API answers with, so they work without
//! JavaScript; the scripts then enhance them. Only the contribute page is still an empty
//! shell its script fills (contributing needs a key, which only the script holds).
//!
//! Invariants: every value is HTML-escaped (autoescape for `.html`); the only markup
//! inserted unescaped is a snippet's, which `wire` escapes; bad input gives the page
//! with an NHS.UK error summary, never a 500; no page makes a request of its own.

mod check;
mod coverage;
mod dates;
mod document;
mod insights;
mod plan;
mod search;

use crate::caller::Caller;
use crate::error::ApiError;
use crate::routes::run_facets;
use crate::wire::TaxonomyValueJson;
use crate::AppState;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use dates::DateRange;
use minijinja::{Environment, Value};
use serde::Serialize;
use std::collections::BTreeMap;
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
const SCRIPTED_PAGES: &[(&str, &str, &str)] = &[("contribute", "contribute.html", "contribute")];

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
    environment.add_filter("thousands", |n: u64| search::thousands(n as usize));
    environment.add_filter("count_meaning", count_meaning);
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
        .route("/plan.html", get(plan::page))
        .route("/check", get(check::page).post(check::submit))
        .route("/check.html", get(check::page).post(check::submit))
        .route("/insights", get(insights::page))
        .route("/insights.html", get(insights::page))
        .route("/coverage", get(coverage::page))
        .route("/coverage.html", get(coverage::page));
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
    href: String,
}

/// What a page shows for an API error: its status, and the message for people
/// (capitalised, with ‘quotes’ for `backticks`). Internal details stay in the log.
fn problem(error: &ApiError, href: &str) -> (StatusCode, Problem) {
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
    (
        status,
        Problem {
            text: for_people(&message),
            href: href.to_string(),
        },
    )
}

/// An API message for people (as common.js's friendlyMessage): capitalised, with
/// ‘quotes’ for `backticks`.
fn for_people(message: &str) -> String {
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
    sentence(&text)
}

/// What a suppressed count means, in words (as common.js's countMeaning): "<5" ->
/// "fewer than 5", "[c]" -> why it is hidden; anything else as it is.
fn count_meaning(count: &str) -> String {
    match count.trim() {
        "[c]" => "hidden ([c]) so that a small count cannot be worked out".to_string(),
        text => match text.strip_prefix('<').map(str::trim) {
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                format!("fewer than {n}")
            }
            _ => text.to_string(),
        },
    }
}

/// One option of a list filter of the analysis pages.
#[derive(Debug, Serialize)]
struct SelectOption {
    value: String,
    label: String,
    /// The whole path ("West Yorkshire › Leeds"), for a value under another.
    title: Option<String>,
    selected: bool,
}

/// The value of `values` that `wanted` names: the same path, or the same last part,
/// ignoring case ("leeds" -> "West Yorkshire/Leeds"), as common.js's matchOption.
fn matching_value<'a>(values: &'a [TaxonomyValueJson], wanted: &str) -> Option<&'a str> {
    if wanted.is_empty() {
        return None;
    }
    let want = wanted.to_lowercase();
    let last = |value: &str| value.rsplit('/').next().unwrap_or(value).to_lowercase();
    values
        .iter()
        .find(|v| v.value.to_lowercase() == want)
        .or_else(|| values.iter().find(|v| last(&v.value) == want))
        .map(|v| v.value.as_str())
}

/// A list filter's options in taxonomy order, each indented under its parent (as
/// common.js's fillTaxonomySelect), the one `chosen` names selected.
fn select_options(
    values: &[TaxonomyValueJson],
    chosen: &str,
    label: impl Fn(&TaxonomyValueJson) -> String,
) -> Vec<SelectOption> {
    let selected = matching_value(values, chosen);
    let min_depth = values.iter().map(|v| v.depth).min().unwrap_or(1);
    values
        .iter()
        .map(|value| SelectOption {
            label: format!(
                "{}{}",
                "\u{a0}\u{a0}\u{a0}".repeat(value.depth.saturating_sub(min_depth)),
                label(value)
            ),
            title: (value.depth > 1).then(|| value.value.replace('/', " › ")),
            selected: selected == Some(value.value.as_str()),
            value: value.value.clone(),
        })
        .collect()
}

/// A query string's or form body's pairs, each value trimmed.
fn trimmed_pairs(encoded: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    form_urlencoded::parse(encoded).map(|(key, value)| (key.into_owned(), value.trim().to_string()))
}

/// Every facet's values, as `/api/facets` answers the caller, for the lists of a page's
/// filters or form; none when they cannot be read (the page then offers no list).
async fn facet_values(
    state: &AppState,
    caller: &Caller,
) -> BTreeMap<String, Vec<TaxonomyValueJson>> {
    run_facets(state, caller.clone())
        .await
        .map(|response| response.facets)
        .unwrap_or_default()
}

/// The values asked of the `names` lists as the lists have them ("Leeds" ->
/// "West Yorkshire/Leeds"); a value no list has is kept, for the API to name.
fn resolve_values(
    facets: &BTreeMap<String, Vec<TaxonomyValueJson>>,
    names: &[&str],
    values: &mut [String],
) {
    for (name, value) in names.iter().zip(values.iter_mut()) {
        if let Some(found) = facets
            .get(*name)
            .and_then(|list| matching_value(list, value))
        {
            *value = found.to_string();
        }
    }
}

/// An analysis page (emerging themes, who has been heard): its filters' form, the
/// sentence that sums up what it shows, and the results or what is wrong.
#[derive(Serialize)]
struct AnalysisPage<F, R> {
    nav: &'static str,
    script: &'static str,
    problems: Vec<Problem>,
    dates: DateRange,
    summary: String,
    form: F,
    results: Option<R>,
}

impl<F: Serialize, R: Serialize> AnalysisPage<F, R> {
    /// The page `name` (its template, script and navigation item) with its form.
    fn new(name: &'static str, form: F, dates: DateRange) -> Self {
        AnalysisPage {
            nav: name,
            script: name,
            problems: Vec::new(),
            dates,
            summary: String::new(),
            form,
            results: None,
        }
    }

    /// Whether its dates as typed are wrong (the page is then [`Self::dates_refused`]).
    fn dates_wrong(&self) -> bool {
        self.dates.from.error.is_some() || self.dates.to.error.is_some()
    }

    /// The page with what is wrong with its dates as typed, and `summary` in place of
    /// the results.
    fn dates_refused(mut self, summary: &str) -> Response {
        self.problems = self.dates.problems();
        self.summary = summary.to_string();
        render(StatusCode::BAD_REQUEST, &format!("{}.html", self.nav), self)
    }

    /// The page with its results.
    fn answer(mut self, summary: String, results: R) -> Response {
        self.summary = summary;
        self.results = Some(results);
        render(StatusCode::OK, &format!("{}.html", self.nav), self)
    }

    /// The page with what is wrong with its filters, linked to the field (`fields` as
    /// [`filter_problem`] takes them), and `summary` in place of the results.
    fn refused(mut self, error: &ApiError, fields: &[&'static str], summary: &str) -> Response {
        let (status, problem) = filter_problem(error, fields, &mut self.dates);
        self.problems.push(problem);
        self.summary = summary.to_string();
        render(status, &format!("{}.html", self.nav), self)
    }
}

/// The list filters with a value (`names` and their `values`, in order), then the dates:
/// what an analysis page asks with and its links to the search carry.
fn filter_pairs<'a>(
    names: &[&'a str],
    values: &'a [String],
    from: &'a str,
    to: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut pairs: Vec<(&str, &str)> = names
        .iter()
        .zip(values)
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    pairs.extend([("from", from), ("to", to)]);
    pairs.retain(|(_, value)| !value.is_empty());
    pairs
}

/// One checkbox of a list of taxonomy values (the themes drawn, a proposal's lists),
/// indented under its parent, as common.js's facetItem draws it without a count.
#[derive(Debug, Serialize)]
struct Checkbox {
    id: String,
    value: String,
    label: String,
    /// The value's parent, said after its name to screen readers.
    parent: Option<String>,
    /// The whole path, for a value under another.
    title: Option<String>,
    indent: usize,
    checked: bool,
}

impl Checkbox {
    fn new(id: String, value: &str, indent: usize, checked: bool) -> Self {
        let parts: Vec<&str> = value.split('/').collect();
        Checkbox {
            id,
            value: value.to_string(),
            label: parts.last().copied().unwrap_or_default().to_string(),
            parent: (parts.len() > 1).then(|| parts[parts.len() - 2].to_string()),
            title: (parts.len() > 1).then(|| parts.join(" › ")),
            indent,
            checked,
        }
    }
}

/// The kinds of source that are not insight: the analyses leave them out unless a kind
/// is chosen (as common.js's NOT_INSIGHT_KINDS).
const NOT_INSIGHT_KINDS: &[&str] = &["forward plan activity", "you said we did"];

/// The kinds of insight among the kind facet's values.
fn insight_kinds(kinds: Option<&Vec<TaxonomyValueJson>>) -> Vec<String> {
    kinds
        .into_iter()
        .flatten()
        .map(|kind| kind.value.clone())
        .filter(|kind| !NOT_INSIGHT_KINDS.contains(&kind.as_str()))
        .collect()
}

/// The search page's address for an analysis's filters (facet, value; from and to last),
/// limited to the kinds of insight unless a kind is among them, so that its total is the
/// analysis's count (as common.js's searchHref).
fn search_href(filters: &[(&str, &str)], kinds: &[String]) -> String {
    let (dates, facets): (Vec<_>, Vec<_>) = filters
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .partition(|(name, _)| *name == "from" || *name == "to");
    let mut pairs: Vec<(&str, &str)> = facets;
    if !pairs.iter().any(|(name, _)| *name == "kind") {
        pairs.extend(kinds.iter().map(|kind| ("kind", kind.as_str())));
    }
    pairs.extend(dates);
    format!("/?{}", query_string(pairs))
}

/// The problem of an analysis page's filters: the field it is about (a date, shown on
/// the date too, or the first of `fields` after the first that its message names, else
/// the first).
fn filter_problem(
    error: &ApiError,
    fields: &[&'static str],
    dates: &mut DateRange,
) -> (StatusCode, Problem) {
    let mut href = fields
        .first()
        .copied()
        .unwrap_or("#maincontent")
        .to_string();
    if let ApiError::BadRequest { code, message } = error {
        if *code == "invalid_date" {
            let (status, mut problem) = problem(error, "");
            problem.href = dates.refuse(message, &problem.text);
            return (status, problem);
        }
        if let Some(field) = fields
            .iter()
            .skip(1)
            .find(|field| message.contains(field.trim_start_matches('#')))
        {
            href = field.to_string();
        }
    }
    problem(error, &href)
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

/// `path`, with the pairs as its query string when there are any.
fn with_query<'a>(path: &str, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let query = query_string(pairs);
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
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
