//! The search page, rendered from the URL's query string exactly as the script reads
//! it (q, each facet value repeated, from, to, sort, page, group, expand_themes), by the
//! same search `/api/search` runs. Without JavaScript it is one GET form: the query,
//! the dates, the facet checkboxes with "Apply filters", sorting and grouping.

use super::dates::{canonical_query, read_filter_dates, DateRange};
use super::{problem, query_string, render, Problem};
use crate::caller::Caller;
use crate::error::ApiError;
use crate::routes::run_search;
use crate::wire::{FacetCountJson, HitJson, SearchResponse};
use crate::AppState;
use axum::extract::{Extension, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use insight_index::FacetField;
use serde::Serialize;

/// The facets of the sidebar, in order, with their display names (as in common.js).
pub(super) const FACETS: &[(&str, &str)] = &[
    ("place", "Place"),
    ("segment", "Population segment"),
    ("theme", "Theme"),
    ("community", "Community of interest"),
    ("kind", "Kind of source"),
    ("method", "Method"),
    ("organisation", "Organisation"),
    ("participation", "Participation level"),
    ("status", "Status"),
    ("sentiment", "Sentiment"),
];

/// A facet's display name: "community" -> "Community of interest".
pub(super) fn facet_name(facet: &str) -> String {
    FACETS
        .iter()
        .find(|(name, _)| *name == facet)
        .map(|(_, title)| title.to_string())
        .unwrap_or_else(|| super::sentence(facet))
}

/// The page's state as the URL gives it, read leniently (the search reads it strictly
/// and says what is wrong): what the form fields, chips and links show.
#[derive(Debug, Clone, Default, Serialize)]
struct PageQuery {
    q: String,
    /// (facet, value) in the URL's order.
    filters: Vec<(String, String)>,
    from: String,
    to: String,
    sort: String,
    page: usize,
    group: bool,
    expand_themes: bool,
}

impl PageQuery {
    /// The state, and the dates as typed (their parts, or `from` and `to`).
    fn read(raw: Option<&str>) -> (Self, DateRange) {
        let (pairs, dates) = read_filter_dates(raw);
        let mut query = PageQuery {
            sort: "relevance".into(),
            page: 1,
            expand_themes: true,
            from: dates.from.iso.clone(),
            to: dates.to.iso.clone(),
            ..Default::default()
        };
        for (key, value) in pairs {
            match key.as_str() {
                "q" => query.q = value,
                "sort" if !value.is_empty() => query.sort = value,
                "page" => query.page = value.parse().unwrap_or(1).max(1),
                "group" => query.group = value == "document",
                "expand_themes" => query.expand_themes = value != "false",
                facet if FacetField::from_name(facet).is_some() && !value.is_empty() => {
                    let pair = (facet.to_string(), value);
                    if !query.filters.contains(&pair) {
                        query.filters.push(pair);
                    }
                }
                _ => {}
            }
        }
        (query, dates)
    }

    /// The page's address for this state: only what differs from the defaults.
    fn href(&self) -> String {
        let page = self.page.to_string();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", &self.q));
        }
        pairs.extend(self.filters.iter().map(|(f, v)| (f.as_str(), v.as_str())));
        for (name, value) in [("from", &self.from), ("to", &self.to)] {
            if !value.is_empty() {
                pairs.push((name, value));
            }
        }
        if !self.expand_themes {
            pairs.push(("expand_themes", "false"));
        }
        if self.sort != "relevance" {
            pairs.push(("sort", &self.sort));
        }
        if self.page > 1 {
            pairs.push(("page", &page));
        }
        if self.group {
            pairs.push(("group", "document"));
        }
        let query = query_string(pairs);
        if query.is_empty() {
            "/".into()
        } else {
            format!("/?{query}")
        }
    }

    /// The same search changed by `change`, on its first page.
    fn with(&self, change: impl FnOnce(&mut PageQuery)) -> String {
        let mut next = self.clone();
        next.page = 1;
        change(&mut next);
        next.href()
    }
}

/// A selected filter, shown as a chip that removes it.
#[derive(Serialize)]
struct Chip {
    facet: String,
    label: String,
    title: String,
    href: String,
}

#[derive(Serialize)]
pub(super) struct FacetView {
    pub(super) name: &'static str,
    title: &'static str,
    selected: usize,
    pub(super) values: Vec<FacetValueView>,
}

#[derive(Serialize)]
pub(super) struct FacetValueView {
    pub(super) id: String,
    pub(super) value: String,
    label: String,
    /// The parent's name, said to screen readers ("No (Disability)").
    parent: Option<String>,
    title: Option<String>,
    count: u64,
    checked: bool,
    indent: usize,
}

/// A line about how the words were read, with at most one link.
#[derive(Serialize)]
struct Note {
    before: String,
    link: Option<(String, String)>,
    after: String,
}

#[derive(Serialize)]
struct HitView {
    #[serde(flatten)]
    hit: HitJson,
    href: String,
    position: usize,
    matches_href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct PageLink {
    pub(super) href: String,
    pub(super) page: usize,
}

#[derive(Serialize)]
struct Results {
    total: usize,
    count_text: String,
    notes: Vec<Note>,
    facets: Vec<FacetView>,
    hits: Vec<HitView>,
    range: Option<String>,
    pages: usize,
    previous: Option<PageLink>,
    next: Option<PageLink>,
    export_href: String,
    filtered: bool,
}

#[derive(Serialize)]
struct SearchPage {
    nav: &'static str,
    script: &'static str,
    form: PageQuery,
    chips: Vec<Chip>,
    clear_all: Option<String>,
    problems: Vec<Problem>,
    q_error: Option<String>,
    dates: DateRange,
    results: Option<Results>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Response {
    let (mut asked, dates) = PageQuery::read(raw.as_deref());
    let mut page = SearchPage {
        nav: "search",
        script: "app",
        form: asked.clone(),
        chips: Vec::new(),
        clear_all: None,
        problems: dates.problems(),
        q_error: None,
        results: None,
        dates,
    };
    if !page.problems.is_empty() {
        (page.chips, page.clear_all) = chips(&asked);
        return render(StatusCode::BAD_REQUEST, "search.html", page);
    }
    let query = canonical_query(raw.as_deref().unwrap_or(""), &page.dates);
    let response = match run_search(&state, caller, Some(&query)).await {
        Ok(response) => response,
        Err(error) => {
            let href = match &error {
                ApiError::BadRequest { code, .. } => match *code {
                    "invalid_query" => "#q",
                    "invalid_date" => "",
                    _ => "#active-filters",
                },
                _ => "#q",
            };
            let (status, mut problem) = problem(&error, href);
            match (&error, href) {
                (_, "#q") => page.q_error = Some(problem.text.clone()),
                (ApiError::BadRequest { message, .. }, "") => {
                    problem.href = page.dates.refuse(message, &problem.text);
                }
                _ => {}
            }
            page.problems.push(problem);
            (page.chips, page.clear_all) = chips(&asked);
            return render(status, "search.html", page);
        }
    };
    // a page past the end (an old link, or fewer matches since): the last page
    let count = response.total_documents.unwrap_or(response.total);
    if response.hits.is_empty() && count > 0 && asked.page > response.pages {
        asked.page = response.pages;
        return Redirect::to(&asked.href()).into_response();
    }
    // the filters as the search resolved them ("Leeds" -> "West Yorkshire/Leeds")
    asked.filters = resolved_filters(&asked, &response);
    page.form = asked.clone();
    (page.chips, page.clear_all) = chips(&asked);
    page.results = Some(results(&asked, response));
    render(StatusCode::OK, "search.html", page)
}

fn resolved_filters(asked: &PageQuery, response: &SearchResponse) -> Vec<(String, String)> {
    let mut filters = Vec::new();
    for field in FacetField::ALL {
        let name = field.name();
        match response.filters.get(name) {
            Some(values) => filters.extend(values.iter().map(|v| (name.to_string(), v.clone()))),
            None => filters.extend(asked.filters.iter().filter(|(f, _)| f == name).cloned()),
        }
    }
    filters
}

fn chips(asked: &PageQuery) -> (Vec<Chip>, Option<String>) {
    let mut chips: Vec<Chip> = asked
        .filters
        .iter()
        .map(|(facet, value)| Chip {
            facet: facet_name(facet),
            label: tag_label(facet, value),
            title: value.replace('/', " › "),
            href: asked.with(|next| next.filters.retain(|(f, v)| !(f == facet && v == value))),
        })
        .collect();
    for (name, value) in [("From", &asked.from), ("To", &asked.to)] {
        if !value.is_empty() {
            chips.push(Chip {
                facet: name.into(),
                label: super::long_date(value),
                title: value.clone(),
                href: asked.with(|next| {
                    if name == "From" {
                        next.from.clear()
                    } else {
                        next.to.clear()
                    }
                }),
            });
        }
    }
    let clear_all = (!chips.is_empty()).then(|| {
        asked.with(|next| {
            next.filters.clear();
            next.from.clear();
            next.to.clear();
        })
    });
    (chips, clear_all)
}

/// How a tag value reads on its own: its last part, with its group for community
/// equality values ("Disability/No" -> "Disability: No").
pub(super) fn tag_label(facet: &str, value: &str) -> String {
    let parts: Vec<&str> = value.split('/').collect();
    match parts.as_slice() {
        [.., group, last] if facet == "community" => format!("{group}: {last}"),
        [.., last] => last.to_string(),
        [] => String::new(),
    }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn results(asked: &PageQuery, response: SearchResponse) -> Results {
    let total = response.total;
    let mut count_text = match total {
        0 => "No passages match".to_string(),
        1 => "1 passage matches".to_string(),
        n => format!("{} match", plural(n, "passage", "passages")),
    };
    if !asked.q.is_empty() {
        count_text.push_str(&format!(" for ‘{}’", asked.q));
    }
    if let (true, Some(documents), true) = (asked.group, response.total_documents, total > 0) {
        count_text.push_str(&format!(
            " (in {})",
            plural(documents, "document", "documents")
        ));
    }
    let count = if asked.group {
        response.total_documents.unwrap_or(total)
    } else {
        total
    };
    let pages = count.div_ceil(response.per_page).max(1);
    let first = (response.page - 1) * response.per_page + 1;
    let range = (!response.hits.is_empty()).then(|| {
        let (one, many) = if asked.group {
            ("document", "documents")
        } else {
            ("passage", "passages")
        };
        format!(
            "Showing {} to {} of {}, page {} of {pages}",
            thousands(first),
            thousands(first + response.hits.len() - 1),
            plural(count, one, many),
            response.page
        )
    });
    let link = |target: usize| PageLink {
        href: {
            let mut next = asked.clone();
            next.page = target;
            next.href()
        },
        page: target,
    };
    let mut export = form_urlencoded::Serializer::new(String::new());
    if !asked.q.is_empty() {
        export.append_pair("q", &asked.q);
    }
    for (facet, value) in &asked.filters {
        export.append_pair(facet, value);
    }
    for (name, value) in [("from", &asked.from), ("to", &asked.to)] {
        if !value.is_empty() {
            export.append_pair(name, value);
        }
    }
    if !asked.expand_themes {
        export.append_pair("expand_themes", "false");
    }
    export.append_pair("format", "csv");
    Results {
        total,
        notes: notes(asked, &response),
        facets: facets(&asked.filters, &response, FACETS),
        range,
        pages,
        previous: (response.page > 1).then(|| link(response.page - 1)),
        next: (response.page < pages).then(|| link(response.page + 1)),
        export_href: format!("/api/export?{}", export.finish()),
        filtered: !asked.filters.is_empty() || !asked.from.is_empty() || !asked.to.is_empty(),
        hits: response
            .hits
            .into_iter()
            .enumerate()
            .map(|(i, hit)| {
                let id = query_string([("id", hit.doc_id.as_str())]);
                let passage = query_string([("passage", hit.passage_id.as_str())]);
                HitView {
                    href: format!("/document.html?{id}&{passage}#{}", hit.passage_id),
                    matches_href: (asked.group && hit.matches_in_document.is_some())
                        .then(|| format!("/document.html?{id}")),
                    position: first + i,
                    hit,
                }
            })
            .collect(),
        count_text,
    }
}

/// What the search did with the words (as app.js says it): themes also searched, fewer
/// words required, near spellings, "did you mean".
fn notes(asked: &PageQuery, response: &SearchResponse) -> Vec<Note> {
    let mut notes = Vec::new();
    let Some(read) = &response.interpretation else {
        return notes;
    };
    let text = |before: String| Note {
        before,
        link: None,
        after: String::new(),
    };
    if let Some(notice) = &read.notice {
        notes.push(text(format!("{}.", super::sentence(notice))));
    }
    if read.matching != "words" {
        return notes;
    }
    let names = |paths: &[String]| -> (String, &'static str) {
        let names: Vec<&str> = paths
            .iter()
            .map(|p| p.rsplit('/').next().unwrap_or(p))
            .collect();
        let noun = if names.len() == 1 { "theme" } else { "themes" };
        (names.join(", "), noun)
    };
    if !read.themes.is_empty() {
        let (names, noun) = names(&read.themes);
        let it = if read.themes.len() == 1 { "it" } else { "them" };
        notes.push(Note {
            before: format!(
                "Also searching the {noun} {names}: passages tagged with {it} count for your words. "
            ),
            link: Some((
                "Search only your words".into(),
                asked.with(|next| next.expand_themes = false),
            )),
            after: String::new(),
        });
    } else if !read.themes_not_added.is_empty() {
        let (names, noun) = names(&read.themes_not_added);
        notes.push(Note {
            before: "Searching only your words. ".into(),
            link: Some((
                format!("Also search the {noun} {names}"),
                asked.with(|next| next.expand_themes = true),
            )),
            after: String::new(),
        });
    }
    if read.words.len() > 1 && read.required < read.words.len() && response.total > 0 {
        notes.push(text(format!(
            "Few passages have all your words, so passages with at least {} of the {} ({}) are shown too, those with the most first.",
            read.required,
            read.words.len(),
            read.words.join(", ")
        )));
    }
    if !read.corrections.is_empty() {
        let pairs: Vec<String> = read
            .corrections
            .iter()
            .map(|c| format!("‘{}’ for ‘{}’", c.found, c.typed))
            .collect();
        notes.push(text(format!(
            "Including near spellings: {}.",
            pairs.join(", ")
        )));
    }
    if let (Some(suggestion), 0) = (&read.suggestion, response.total) {
        notes.push(Note {
            before: "Did you mean ".into(),
            link: Some((
                suggestion.clone(),
                asked.with(|next| next.q = suggestion.clone()),
            )),
            after: "?".into(),
        });
    }
    notes
}

/// The checkboxes of `shown` facets (name, title), in tree order, with the values the
/// search counted and those `chosen` (facet, value) even where none match.
pub(super) fn facets(
    chosen: &[(String, String)],
    response: &SearchResponse,
    shown: &[(&'static str, &'static str)],
) -> Vec<FacetView> {
    let mut views = Vec::new();
    for &(name, title) in shown {
        let selected: Vec<&str> = chosen
            .iter()
            .filter(|(f, _)| f == name)
            .map(|(_, v)| v.as_str())
            .collect();
        let mut values: Vec<(String, u64)> = response
            .facets
            .get(name)
            .map(|counts| {
                counts
                    .iter()
                    .map(|c: &FacetCountJson| (c.value.clone(), c.count))
                    .collect()
            })
            .unwrap_or_default();
        for value in &selected {
            if !values.iter().any(|(v, _)| v == value) {
                values.push((value.to_string(), 0));
            }
        }
        if values.is_empty() {
            continue;
        }
        let min_depth = values.iter().map(|(v, _)| depth(v)).min().unwrap_or(1);
        let sentence_case = matches!(name, "kind" | "method" | "participation" | "status");
        let values = tree_order(values)
            .into_iter()
            .enumerate()
            .map(|(i, (value, count))| {
                let parts: Vec<&str> = value.split('/').collect();
                let last = parts.last().copied().unwrap_or_default();
                FacetValueView {
                    id: format!("facet-{name}-{i}"),
                    label: if sentence_case {
                        super::sentence(last)
                    } else {
                        last.to_string()
                    },
                    parent: (parts.len() > 1).then(|| parts[parts.len() - 2].to_string()),
                    title: (parts.len() > 1).then(|| parts.join(" › ")),
                    count,
                    checked: selected.contains(&value.as_str()),
                    indent: depth(&value) - min_depth,
                    value,
                }
            })
            .collect();
        views.push(FacetView {
            name,
            title,
            selected: selected.len(),
            values,
        });
    }
    views
}

fn depth(value: &str) -> usize {
    value.split('/').count()
}

/// Facet values as a tree: each value followed by its children, siblings by count (most
/// first) then name; values whose parent is absent sit at the top level.
fn tree_order(values: Vec<(String, u64)>) -> Vec<(String, u64)> {
    let parent_of = |value: &str| -> Option<String> {
        let parts: Vec<&str> = value.split('/').collect();
        (1..parts.len())
            .rev()
            .map(|i| parts[..i].join("/"))
            .find(|candidate| values.iter().any(|(v, _)| v == candidate))
    };
    let parents: Vec<Option<String>> = values.iter().map(|(v, _)| parent_of(v)).collect();
    let mut out = Vec::with_capacity(values.len());
    fn walk(
        parent: Option<&str>,
        values: &[(String, u64)],
        parents: &[Option<String>],
        out: &mut Vec<(String, u64)>,
    ) {
        let mut children: Vec<&(String, u64)> = values
            .iter()
            .zip(parents)
            .filter(|(_, p)| p.as_deref() == parent)
            .map(|(v, _)| v)
            .collect();
        children.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for child in children {
            out.push(child.clone());
            walk(Some(&child.0), values, parents, out);
        }
    }
    walk(None, &values, &parents, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_round_trips_without_defaults() {
        let (query, _) = PageQuery::read(Some(
            "q=discharge&place=Leeds&community=Carers&from=&to=&sort=relevance&page=2",
        ));
        assert_eq!(
            query.href(),
            "/?q=discharge&place=Leeds&community=Carers&page=2"
        );
        assert_eq!(
            query.with(|next| next.filters.retain(|(f, _)| f != "place")),
            "/?q=discharge&community=Carers"
        );
        assert_eq!(PageQuery::read(None).0.href(), "/");
        // the date as typed goes back as the canonical date
        let (query, _) = PageQuery::read(Some(
            "q=x&from-day=1&from-month=3&from-year=2024&to-day=&to-month=&to-year=2024",
        ));
        assert_eq!(query.href(), "/?q=x&from=2024-03-01&to=2024-12-31");
    }

    #[test]
    fn facet_values_nest_under_their_parents() {
        let ordered = tree_order(vec![
            ("West Yorkshire/Leeds".into(), 3),
            ("West Yorkshire".into(), 5),
            ("West Yorkshire/Wakefield".into(), 4),
            ("Bradford".into(), 9),
        ]);
        let names: Vec<&str> = ordered.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(
            names,
            [
                "Bradford",
                "West Yorkshire",
                "West Yorkshire/Wakefield",
                "West Yorkshire/Leeds"
            ]
        );
        assert_eq!(tag_label("community", "Disability/No"), "Disability: No");
        assert_eq!(thousands(1524), "1,524");
    }
}
