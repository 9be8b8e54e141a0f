//! The forward plan page, rendered from the URL's query string exactly as plan.js reads
//! it (status, place and community, each value repeated; month=yyyy-mm; page), by the
//! same search `/api/search` runs for the script (forward plan activities, oldest first,
//! 100 a page), and its months by the timeline `/api/timeline` counts. Without
//! JavaScript it is one GET form with "Apply filters".

use super::search::{facets, plural, FacetView, PageLink};
use super::{problem, query_string, render, trimmed_pairs, with_query, Problem};
use crate::caller::Caller;
use crate::error::ApiError;
use crate::routes::{run_search, run_timeline};
use crate::wire::{HitJson, SearchResponse};
use crate::AppState;
use axum::extract::{Extension, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

const KIND: &str = "forward plan activity";
const PER_PAGE: usize = 100;
/// The filters of this page, in the order shown, with their display names (as plan.js).
const PLAN_FACETS: &[(&str, &str)] = &[
    ("status", "Status"),
    ("place", "Place"),
    ("community", "Target audience"),
];
const STATUS_ORDER: &[&str] = &["planned", "live", "closed"];

/// The page's state as the URL gives it: what the form and links show.
#[derive(Debug, Clone, Default)]
struct PlanQuery {
    /// (facet, value) in the URL's order.
    filters: Vec<(String, String)>,
    month: String,
    /// As given, for the search to check (it names a bad one).
    page: String,
}

impl PlanQuery {
    fn read(raw: Option<&str>) -> Self {
        let mut query = PlanQuery::default();
        for (key, value) in trimmed_pairs(raw.unwrap_or("").as_bytes()) {
            match key.as_str() {
                "month" => query.month = value,
                "page" => query.page = value,
                facet if PLAN_FACETS.iter().any(|(name, _)| *name == facet) => {
                    let pair = (facet.to_string(), value);
                    if !pair.1.is_empty() && !query.filters.contains(&pair) {
                        query.filters.push(pair);
                    }
                }
                _ => {}
            }
        }
        query
    }

    /// The first and last day of the month, or what is wrong with it.
    fn month_range(&self) -> Result<Option<(NaiveDate, NaiveDate)>, String> {
        if self.month.is_empty() {
            return Ok(None);
        }
        let first = NaiveDate::parse_from_str(&format!("{}-01", self.month), "%Y-%m-%d")
            .ok()
            .filter(|_| self.month.len() == 7);
        let Some(first) = first else {
            return Err(format!(
                "the month `{}` is not a month; choose one from the list",
                self.month
            ));
        };
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(first);
        Ok(Some((first, next.pred_opt().unwrap_or(first))))
    }

    /// The `/api/search` query string plan.js sends for this state.
    fn search_query(&self, range: Option<(NaiveDate, NaiveDate)>) -> String {
        let (from, to) = range
            .map(|(from, to)| (from.to_string(), to.to_string()))
            .unwrap_or_default();
        let per_page = PER_PAGE.to_string();
        let mut pairs = vec![("kind", KIND)];
        pairs.extend(self.filters.iter().map(|(f, v)| (f.as_str(), v.as_str())));
        if range.is_some() {
            pairs.extend([("from", from.as_str()), ("to", to.as_str())]);
        }
        pairs.extend([("sort", "oldest"), ("per_page", per_page.as_str())]);
        if !self.page.is_empty() {
            pairs.push(("page", &self.page));
        }
        query_string(pairs)
    }

    /// The page's address for this state on page `page`: only what differs from the defaults.
    fn href(&self, page: usize) -> String {
        let page = page.to_string();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        pairs.extend(self.filters.iter().map(|(f, v)| (f.as_str(), v.as_str())));
        if !self.month.is_empty() {
            pairs.push(("month", &self.month));
        }
        if page != "1" {
            pairs.push(("page", &page));
        }
        with_query("/plan.html", pairs)
    }

    /// "Check a plan against this", with the place and audience chosen here.
    fn check_href(&self) -> String {
        let pairs = self
            .filters
            .iter()
            .filter(|(f, _)| f == "place" || f == "community")
            .map(|(f, v)| (f.as_str(), v.as_str()));
        with_query("/check.html", pairs)
    }
}

#[derive(Serialize)]
struct MonthGroup {
    year: String,
    months: Vec<MonthOption>,
}

#[derive(Serialize)]
struct MonthOption {
    value: String,
    label: String,
    selected: bool,
}

/// A report link: a web address or a document; anything else (a corpus path, a
/// passage id) is shown as text, as plan.js shows it until it finds the document.
#[derive(Serialize)]
struct ReportPart {
    text: String,
    href: Option<String>,
    /// Said to screen readers after the text (the address of a web link).
    hidden: Option<String>,
}

#[derive(Serialize)]
struct ActivityView {
    #[serde(flatten)]
    hit: HitJson,
    href: String,
    position: usize,
    activity_id: Option<String>,
    description: Option<String>,
    partners: Option<String>,
    contact: Option<String>,
    contact_email: bool,
    report: Vec<ReportPart>,
}

#[derive(Serialize)]
struct Results {
    total: usize,
    count_text: String,
    facets: Vec<FacetView>,
    activities: Vec<ActivityView>,
    pages: usize,
    previous: Option<PageLink>,
    next: Option<PageLink>,
}

#[derive(Serialize)]
struct PlanPage {
    nav: &'static str,
    script: &'static str,
    problems: Vec<Problem>,
    month_error: Option<String>,
    months: Vec<MonthGroup>,
    any_month: bool,
    filtered: bool,
    check_href: String,
    results: Option<Results>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut asked = PlanQuery::read(raw.as_deref());
    let mut page = PlanPage {
        nav: "plan",
        script: "plan",
        problems: Vec::new(),
        month_error: None,
        months: Vec::new(),
        any_month: asked.month.is_empty(),
        filtered: !asked.filters.is_empty() || !asked.month.is_empty(),
        check_href: asked.check_href(),
        results: None,
    };
    let timeline = query_string([("kind", KIND), ("interval", "month")]);
    let periods = match run_timeline(&state, caller.clone(), Some(&timeline)).await {
        Ok(timeline) => timeline.periods.into_iter().map(|p| p.period).collect(),
        Err(_) => Vec::new(), // the list falls back to the year around today
    };
    let today = chrono::Utc::now().date_naive();
    page.months = month_options(&periods, &asked.month, today);
    let range = match asked.month_range() {
        Ok(range) => range,
        Err(message) => {
            let (status, problem) = problem(&ApiError::bad("invalid_date", message), "#month");
            page.month_error = Some(problem.text.clone());
            page.problems.push(problem);
            return render(status, "plan.html", page);
        }
    };
    let response = match run_search(&state, caller, Some(&asked.search_query(range))).await {
        Ok(response) => response,
        Err(error) if no_plan(&error) => {
            page.results = Some(Results {
                total: 0,
                count_text: count_text(&asked, 0),
                facets: Vec::new(),
                activities: Vec::new(),
                pages: 1,
                previous: None,
                next: None,
            });
            return render(StatusCode::OK, "plan.html", page);
        }
        Err(error) => {
            let (status, problem) = problem(&error, "#facets");
            page.problems.push(problem);
            return render(status, "plan.html", page);
        }
    };
    let page_number = response.page;
    // a page past the end (an old link, or fewer activities since): the last page
    if response.hits.is_empty() && response.total > 0 && page_number > response.pages {
        return Redirect::to(&asked.href(response.pages)).into_response();
    }
    // the filters as the search resolved them ("Leeds" -> "West Yorkshire/Leeds")
    asked.filters = resolved_filters(&asked, &response);
    page.check_href = asked.check_href();
    page.results = Some(results(&asked, response));
    render(StatusCode::OK, "plan.html", page)
}

/// Whether the search was refused only because the index holds no forward plan at all
/// (the kind is then unknown): an empty plan, not a mistake of the reader's.
fn no_plan(error: &ApiError) -> bool {
    matches!(error, ApiError::BadRequest { code: "unknown_facet_value", message }
        if message.starts_with(&format!("no kind `{KIND}`")))
}

fn resolved_filters(asked: &PlanQuery, response: &SearchResponse) -> Vec<(String, String)> {
    let mut filters = Vec::new();
    for &(name, _) in PLAN_FACETS {
        match response.filters.get(name) {
            Some(values) => filters.extend(values.iter().map(|v| (name.to_string(), v.clone()))),
            None => filters.extend(asked.filters.iter().filter(|(f, _)| f == name).cloned()),
        }
    }
    filters
}

/// The months of the list, by year: from the first month an activity runs in (or
/// today's, if earlier) to six months after the last (or today's, if later), as plan.js
/// fills it, with the chosen month even outside that range.
fn month_options(periods: &[String], chosen: &str, today: NaiveDate) -> Vec<MonthGroup> {
    let month_of = |period: &str| NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d");
    let mut months: Vec<NaiveDate> = periods
        .iter()
        .filter(|p| p.len() == 7)
        .filter_map(|p| month_of(p).ok())
        .collect();
    months.sort();
    let this_month = today.with_day(1).unwrap_or(today);
    let add = |date: NaiveDate, n: u32| {
        date.checked_add_months(chrono::Months::new(n))
            .unwrap_or(date)
    };
    let (first, last) = match (months.first(), months.last()) {
        (Some(&first), Some(&last)) => (first.min(this_month), add(last.max(this_month), 6)),
        _ => (
            this_month
                .checked_sub_months(chrono::Months::new(6))
                .unwrap_or(this_month),
            add(this_month, 6),
        ),
    };
    let mut all = Vec::new();
    let mut month = first;
    while month <= last {
        all.push(month);
        month = add(month, 1);
    }
    if let Ok(chosen) = month_of(chosen).map(|date| date.with_day(1).unwrap_or(date)) {
        if !all.contains(&chosen) {
            all.push(chosen);
            all.sort();
        }
    }
    let mut groups: Vec<MonthGroup> = Vec::new();
    for month in all {
        let year = month.year().to_string();
        let value = month.format("%Y-%m").to_string();
        let option = MonthOption {
            label: month.format("%B %Y").to_string(),
            selected: value == chosen,
            value,
        };
        match groups.last_mut() {
            Some(group) if group.year == year => group.months.push(option),
            _ => groups.push(MonthGroup {
                year,
                months: vec![option],
            }),
        }
    }
    groups
}

fn month_label(month: &str) -> String {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(|date| date.format("%B %Y").to_string())
        .unwrap_or_else(|_| month.to_string())
}

/// "3 activities running in October 2025 match your filters", as plan.js says it.
fn count_text(asked: &PlanQuery, total: usize) -> String {
    let mut count_text = match total {
        0 => "No activities".to_string(),
        n => plural(n, "activity", "activities"),
    };
    if !asked.month.is_empty() {
        count_text.push_str(&format!(" running in {}", month_label(&asked.month)));
    }
    if !asked.filters.is_empty() {
        count_text.push_str(if total == 1 {
            " matches your filters"
        } else {
            " match your filters"
        });
    } else if asked.month.is_empty() {
        count_text.push_str(" in the forward plan");
    }
    count_text
}

fn results(asked: &PlanQuery, response: SearchResponse) -> Results {
    let total = response.total;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let link = |target: usize| PageLink {
        href: asked.href(target),
        page: target,
    };
    let mut facets = facets(&asked.filters, &response, PLAN_FACETS);
    for facet in facets.iter_mut().filter(|facet| facet.name == "status") {
        facet.values.sort_by_key(|value| rank(&value.value));
        for (i, value) in facet.values.iter_mut().enumerate() {
            value.id = format!("facet-status-{i}");
        }
    }
    let first = (response.page - 1) * response.per_page + 1;
    Results {
        total,
        count_text: count_text(asked, total),
        facets,
        pages,
        previous: (response.page > 1).then(|| link(response.page - 1)),
        next: (response.page < pages).then(|| link(response.page + 1)),
        activities: response
            .hits
            .into_iter()
            .enumerate()
            .map(|(i, hit)| activity(hit, first + i))
            .collect(),
    }
}

fn rank(status: &str) -> usize {
    STATUS_ORDER
        .iter()
        .position(|s| *s == status)
        .unwrap_or(STATUS_ORDER.len())
}

fn activity(hit: HitJson, position: usize) -> ActivityView {
    let attribute = |name: &str| {
        hit.attributes
            .get(name)
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
    };
    let contact = attribute("contact");
    ActivityView {
        href: format!(
            "/document.html?{}#{}",
            query_string([("id", hit.doc_id.as_str())]),
            hit.passage_id
        ),
        position,
        activity_id: attribute("activity id"),
        description: description(&hit.snippet.text),
        partners: attribute("partner organisations").map(|partners| {
            partners
                .split(';')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(", ")
        }),
        contact_email: contact.as_deref().is_some_and(is_email),
        contact,
        report: attribute("report").map(|r| report(&r)).unwrap_or_default(),
        hit,
    }
}

/// The hit's extract, with an ellipsis where it was cut (plan.js then shows the whole
/// description, from the export).
fn description(extract: &str) -> Option<String> {
    let text = extract.trim();
    if text.is_empty() {
        return None;
    }
    let ends = ['.', '!', '?', '…', '"', '\'', '”', '’', ')', ']'];
    let cut = text.len() >= 200 && !text.ends_with(ends);
    Some(if cut {
        format!("{text}…")
    } else {
        text.to_string()
    })
}

pub(super) fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let clean = |part: &str| !part.is_empty() && !part.contains(['@', '<', '>']);
    !text.contains(char::is_whitespace)
        && clean(local)
        && clean(domain)
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
}

fn report(value: &str) -> Vec<ReportPart> {
    let parts: Vec<&str> = value
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let many = parts.len() > 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let lower = part.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                ReportPart {
                    text: if many {
                        format!("Report {}", i + 1)
                    } else {
                        "Read the report".into()
                    },
                    href: Some(part.to_string()),
                    hidden: Some(format!(" ({part})")),
                }
            } else if part.len() == 17
                && part.starts_with('d')
                && part[1..].bytes().all(|b| b.is_ascii_hexdigit())
            {
                ReportPart {
                    text: "Read the report".into(),
                    href: Some(format!("/document.html?id={part}")),
                    hidden: None,
                }
            } else {
                ReportPart {
                    text: part.to_string(),
                    href: None,
                    hidden: None,
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_reads_as_plan_js_writes_it() {
        let query = PlanQuery::read(Some(
            "status=planned&place=Leeds&q=ignored&month=2027-02&page=2",
        ));
        assert_eq!(
            query.href(2),
            "/plan.html?status=planned&place=Leeds&month=2027-02&page=2"
        );
        assert_eq!(query.check_href(), "/check.html?place=Leeds");
        let range = query.month_range().unwrap();
        assert_eq!(
            query.search_query(range),
            "kind=forward+plan+activity&status=planned&place=Leeds&from=2027-02-01&to=2027-02-28&sort=oldest&per_page=100&page=2"
        );
        assert!(PlanQuery::read(Some("month=2027-13"))
            .month_range()
            .is_err());
        assert!(PlanQuery::read(Some("month=2027-1")).month_range().is_err());
        assert_eq!(PlanQuery::read(None).href(1), "/plan.html");
    }

    #[test]
    fn months_run_from_the_first_activity_to_six_months_after_the_last() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let groups = month_options(&["2026-11".into(), "2027-01".into()], "2027-02", today);
        let values: Vec<&str> = groups
            .iter()
            .flat_map(|g| g.months.iter().map(|m| m.value.as_str()))
            .collect();
        assert_eq!(values.first(), Some(&"2026-11"));
        assert_eq!(values.last(), Some(&"2027-07"));
        assert_eq!(
            groups.iter().map(|g| g.year.as_str()).collect::<Vec<_>>(),
            ["2026", "2027"]
        );
        let chosen = groups[1].months.iter().find(|m| m.selected).unwrap();
        assert_eq!(chosen.label, "February 2027");
        assert!(is_email("voices@example.org") && !is_email("call 0113"));
        assert_eq!(description("Short."), Some("Short.".into()));
    }
}
