//! Query-string parsing for the search-like endpoints. Parameters are parsed by hand
//! (not serde) so that repeated facet parameters work, unknown names are refused by
//! name, and every bad value gets the API's error shape.

use crate::error::ApiError;
use chrono::NaiveDate;
use insight_index::{FacetField, Interval, SearchRequest, Sort};
use std::collections::BTreeMap;

/// The largest page size.
pub const MAX_PER_PAGE: usize = 100;
/// Pages beyond this are refused: narrow the search instead.
pub const MAX_PAGE: usize = 1000;
/// The page size of changes when `limit` is not given.
pub const DEFAULT_CHANGES: usize = 200;
/// The longest query text accepted.
pub const MAX_QUERY_CHARS: usize = 1000;

const COMMON: &[&str] = &["q", "from", "to"];

/// A parsed search-like request plus the extras some endpoints take.
#[derive(Debug)]
pub struct Params {
    pub request: SearchRequest,
    pub page: usize,
    pub per_page: usize,
    pub format: Option<String>,
    pub interval: Interval,
    /// Whether `interval` was given (endpoints differ in their default).
    pub interval_given: bool,
    /// The sync cursor to list changes after.
    pub since: Option<String>,
    /// The page size of changes.
    pub limit: usize,
}

/// Takes an endpoint's own parameters (`names`) out of a query string, returning the
/// rest for [`parse`] and the values taken.
pub fn split_extra(
    raw: Option<&str>,
    names: &[&str],
) -> Result<(String, BTreeMap<String, String>), ApiError> {
    let mut rest = form_urlencoded::Serializer::new(String::new());
    let mut extra = BTreeMap::new();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if names.contains(&key.as_ref()) {
            if extra
                .insert(key.clone().into_owned(), value.trim().to_string())
                .is_some()
            {
                return Err(given_twice(&key));
            }
        } else {
            rest.append_pair(&key, &value);
        }
    }
    Ok((rest.finish(), extra))
}

/// The one rule for a parameter given more than once: the facet filters repeat (their
/// values are OR'ed); every other parameter is refused by name.
pub fn given_twice(name: &str) -> ApiError {
    ApiError::bad(
        "repeated_parameter",
        format!("`{name}` is given more than once; give it once (only the facet filters, such as place or theme, repeat)"),
    )
}

/// Refuses any parameter at all, by name, for endpoints that take none.
pub fn no_parameters(raw: Option<&str>) -> Result<(), ApiError> {
    if let Some((key, _)) = form_urlencoded::parse(raw.unwrap_or("").as_bytes()).next() {
        return Err(ApiError::bad(
            "unknown_parameter",
            format!("unknown parameter `{key}`; this endpoint takes no parameters"),
        ));
    }
    Ok(())
}

/// Which extra parameters an endpoint accepts besides q, facets, from, to and the
/// paging ones (sort, page, per_page, group). Every search-like endpoint accepts those
/// so that a page's query string can be forwarded unchanged; endpoints without pages
/// check them and ignore them (an export streams every match, in index order).
pub struct Accepts {
    pub format: bool,
    pub interval: bool,
    /// `since` and `limit` (incremental sync).
    pub changes: bool,
}

pub fn parse(raw: Option<&str>, accepts: Accepts) -> Result<Params, ApiError> {
    let mut request = SearchRequest::default();
    let mut page = 1;
    let mut per_page = 20;
    let mut format = None;
    let mut interval = Interval::Year;
    let mut interval_given = false;
    let mut since = None;
    let mut limit = DEFAULT_CHANGES;
    let mut filters: BTreeMap<FacetField, Vec<String>> = BTreeMap::new();
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let value = value.trim().to_string();
        if let Some(facet) = FacetField::from_name(&key) {
            if !value.is_empty() {
                filters.entry(facet).or_default().push(value);
            }
            continue;
        }
        if seen.iter().any(|k| *k == key) {
            return Err(given_twice(&key));
        }
        seen.push(key.to_string());
        // an empty text parameter is no parameter (a form sends `from=` for a blank
        // field); numbers must be numbers
        let text_parameter = !matches!(key.as_ref(), "page" | "per_page" | "limit");
        if value.is_empty() && text_parameter {
            let known = matches!(
                key.as_ref(),
                "q" | "from" | "to" | "sort" | "group" | "exact" | "expand_themes"
            ) || (key == "format" && accepts.format)
                || (key == "interval" && accepts.interval)
                || (key == "since" && accepts.changes);
            if known {
                continue;
            }
        }
        match key.as_ref() {
            "q" => {
                if value.chars().count() > MAX_QUERY_CHARS {
                    return Err(ApiError::bad(
                        "invalid_query",
                        format!(
                            "the query is longer than {MAX_QUERY_CHARS} characters; shorten it"
                        ),
                    ));
                }
                request.query = value;
            }
            "from" => request.from = Some(date("from", &value)?),
            "to" => request.to = Some(date("to", &value)?),
            "sort" => {
                request.sort = match value.as_str() {
                    "relevance" | "" => Sort::Relevance,
                    "newest" => Sort::Newest,
                    "oldest" => Sort::Oldest,
                    other => {
                        return Err(ApiError::bad(
                            "invalid_parameter",
                            format!("sort `{other}` is not known; use relevance, newest or oldest"),
                        ))
                    }
                }
            }
            "page" => page = number("page", &value, 1, MAX_PAGE)?,
            "per_page" => per_page = number("per_page", &value, 1, MAX_PER_PAGE)?,
            "group" => {
                request.group_by_document = match value.as_str() {
                    "document" => true,
                    "" | "passage" | "none" => false,
                    other => {
                        return Err(ApiError::bad(
                            "invalid_parameter",
                            format!(
                                "group `{other}` is not known; use group=document or leave it out"
                            ),
                        ))
                    }
                }
            }
            "exact" => request.exact = boolean("exact", &value)?,
            "expand_themes" => request.expand_themes = boolean("expand_themes", &value)?,
            "format" if accepts.format => format = Some(value),
            "since" if accepts.changes => since = Some(value),
            "limit" if accepts.changes => {
                limit = number("limit", &value, 1, insight_index::MAX_CHANGES)?
            }
            "interval" if accepts.interval => {
                interval_given = true;
                interval = match value.as_str() {
                    "year" => Interval::Year,
                    "quarter" => Interval::Quarter,
                    "month" => Interval::Month,
                    other => {
                        return Err(ApiError::bad(
                            "invalid_parameter",
                            format!("interval `{other}` is not known; use year, quarter or month"),
                        ))
                    }
                }
            }
            other => {
                let mut known: Vec<&str> = COMMON.to_vec();
                known.extend(FacetField::ALL.iter().map(|f| f.name()));
                known.extend([
                    "sort",
                    "page",
                    "per_page",
                    "group",
                    "exact",
                    "expand_themes",
                ]);
                if accepts.format {
                    known.push("format");
                }
                if accepts.interval {
                    known.push("interval");
                }
                if accepts.changes {
                    known.extend(["since", "limit"]);
                }
                return Err(ApiError::bad(
                    "unknown_parameter",
                    format!(
                        "unknown parameter `{other}`; this endpoint takes: {}",
                        known.join(", ")
                    ),
                ));
            }
        }
    }
    request.filters = filters;
    request.limit = per_page;
    request.offset = (page - 1) * per_page;
    Ok(Params {
        request,
        page,
        per_page,
        format,
        interval,
        interval_given,
        since,
        limit,
    })
}

/// Paging of a document's passages.
pub struct DocumentPaging {
    pub page: usize,
    pub per_page: usize,
    pub passage: Option<String>,
}

pub fn document_paging(raw: Option<&str>) -> Result<DocumentPaging, ApiError> {
    let mut paging = DocumentPaging {
        page: 1,
        per_page: 200,
        passage: None,
    };
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "page" => paging.page = number("page", &value, 1, 100_000)?,
            "per_page" => paging.per_page = number("per_page", &value, 1, 1000)?,
            "passage" => paging.passage = Some(value.trim().to_string()),
            other => {
                return Err(ApiError::bad(
                    "unknown_parameter",
                    format!(
                        "unknown parameter `{other}`; this endpoint takes: page, per_page, passage"
                    ),
                ))
            }
        }
    }
    Ok(paging)
}

fn boolean(name: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        other => Err(ApiError::bad(
            "invalid_parameter",
            format!("{name} `{other}` is not true or false"),
        )),
    }
}

fn date(name: &str, value: &str) -> Result<NaiveDate, ApiError> {
    ["%Y-%m-%d", "%d/%m/%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(value, format).ok())
        .ok_or_else(|| {
            ApiError::bad(
                "invalid_date",
                format!("`{name}` must be a date like 2025-03-31, not `{value}`"),
            )
        })
}

fn number(name: &str, value: &str, min: usize, max: usize) -> Result<usize, ApiError> {
    match value.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ApiError::bad(
            "invalid_parameter",
            format!("`{name}` must be a whole number from {min} to {max}, not `{value}`"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEARCH: Accepts = Accepts {
        format: false,
        interval: false,
        changes: false,
    };

    #[test]
    fn repeated_facets_and_paging() {
        let params = parse(Some("q=discharge&place=Leeds&place=Wakefield&theme=Discharge&page=2&per_page=5&from=2024-01-01"), SEARCH).unwrap();
        assert_eq!(
            params.request.filters[&FacetField::Place],
            vec!["Leeds", "Wakefield"]
        );
        assert_eq!(params.request.offset, 5);
        assert_eq!(params.request.limit, 5);
        assert_eq!(params.request.from, NaiveDate::from_ymd_opt(2024, 1, 1));
    }

    #[test]
    fn refusals_name_the_problem() {
        let message = |raw: &str| match parse(Some(raw), SEARCH) {
            Err(ApiError::BadRequest { code, message }) => format!("{code}: {message}"),
            other => panic!("{raw}: {other:?}"),
        };
        assert!(message("colour=red").starts_with("unknown_parameter: unknown parameter `colour`"));
        assert!(message("per_page=1000").starts_with("invalid_parameter: `per_page` must be"));
        assert!(message("page=0").starts_with("invalid_parameter"));
        assert!(message("from=yesterday").starts_with("invalid_date"));
        assert!(message("format=csv").starts_with("unknown_parameter"));
        let export = Accepts {
            format: true,
            interval: false,
            changes: false,
        };
        assert!(parse(
            Some("q=x&sort=newest&page=2&group=document&format=csv"),
            export
        )
        .is_ok());
    }
}
