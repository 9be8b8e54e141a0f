//! The "check my plan" page. GET shows the form (pre-filled from the query string as
//! check.js pre-fills it: title, description, start, end, and place, segment, community
//! and theme values, by facet or by the proposal's field name, as the forward plan's
//! "Check a plan against this" link sends them); POST (form-urlencoded, the same field
//! names) checks the proposal by the overlap check `/api/overlap` runs and renders the
//! results as check.js does. The form's own checks are check.js's: a title or a
//! description, real dates, the end not before the start; a mistake gives the form back
//! with the values kept, an error summary and the field's message (status 400).

use super::dates::DateRange;
use super::plan::is_email;
use super::{
    facet_values, for_people, long_date, problem, render, sentence, trimmed_pairs, Checkbox,
    Problem,
};
use crate::caller::Caller;
use crate::routes::run_overlap;
use crate::wire::{OverlapMatchJson, OverlapResponse, TagJson, TaxonomyValueJson};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Extension, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The taxonomy lists of a proposal: facet, the proposal's field, legend, hint.
const CHOICES: [(&str, &str, &str, &str); 4] = [
    ("place", "places", "Place", "Where the engagement will happen: a place, or a locality or ward inside it. “West Yorkshire” is the whole ICS."),
    ("segment", "segments", "Population segment", "The population board or group with similar health and care needs."),
    ("community", "audiences", "Target audience", "The communities of interest you want to hear from."),
    ("theme", "themes", "Themes", "What you want to ask people about."),
];
/// Lists longer than this scroll inside their box.
const SCROLL_AFTER: usize = 10;
const FACTORS: &[(&str, &str)] = &[
    ("place", "Place"),
    ("audience", "Audience"),
    ("themes", "Themes"),
    ("dates", "Dates"),
    ("text", "Wording"),
];

/// What the form holds, as typed.
#[derive(Debug, Clone)]
struct CheckForm {
    title: String,
    description: String,
    /// The values chosen in each list of [`CHOICES`], in order.
    chosen: [Vec<String>; 4],
    /// The start and end, as their parts (or `start` and `end`, yyyy-mm-dd) give them.
    dates: DateRange,
}

impl CheckForm {
    /// Reads a form body or a query string: a list's values by facet or by field name.
    fn read(encoded: &[u8]) -> Self {
        let pairs: Vec<(String, String)> = trimmed_pairs(encoded).collect();
        let mut dates = DateRange::read(
            &pairs,
            ("start", "Start date", "1 3 2027"),
            ("end", "End date", "31 5 2027"),
            "the start date",
        );
        dates.refuse_unreadable();
        let mut form = CheckForm {
            title: String::new(),
            description: String::new(),
            chosen: Default::default(),
            dates,
        };
        for (key, value) in pairs {
            match key.as_str() {
                "title" => form.title = value,
                "description" => form.description = value,
                name => {
                    let list = CHOICES
                        .iter()
                        .position(|(facet, field, ..)| *facet == name || *field == name);
                    if let Some(i) = list {
                        if !value.is_empty() && !form.chosen[i].contains(&value) {
                            form.chosen[i].push(value);
                        }
                    }
                }
            }
        }
        form
    }

    /// The proposal the API takes, or the form's mistakes (check.js's checks), each
    /// linking to its field.
    fn proposal(&self) -> Result<insight_index::Proposal, Vec<Problem>> {
        let mut problems = Vec::new();
        if self.title.is_empty() && self.description.is_empty() {
            problems.push(Problem {
                text: TITLE_MISSING.into(),
                href: "#title".into(),
            });
        }
        problems.extend(self.dates.problems());
        if !problems.is_empty() {
            return Err(problems);
        }
        let [places, segments, audiences, themes] = self.chosen.clone();
        Ok(insight_index::Proposal {
            title: self.title.clone(),
            description: self.description.clone(),
            places,
            segments,
            audiences,
            themes,
            start: self.dates.from.date,
            end: self.dates.to.date,
        })
    }
}

const TITLE_MISSING: &str = "Enter a title or a description of your engagement";

#[derive(Serialize)]
struct ChoiceList {
    facet: &'static str,
    field: &'static str,
    legend: &'static str,
    hint: &'static str,
    scroll: bool,
    count: usize,
    items: Vec<Checkbox>,
    /// "Selected: Leeds, Wakefield", or that none was.
    selected: String,
}

#[derive(Serialize)]
struct FormView {
    title: String,
    description: String,
    dates: DateRange,
    lists: Vec<ChoiceList>,
    title_error: Option<&'static str>,
}

#[derive(Serialize)]
struct UnderstoodRow {
    facet: &'static str,
    legend: &'static str,
    given: Vec<TagJson>,
    found: Vec<TagJson>,
}

#[derive(Serialize)]
struct MetaView {
    key: &'static str,
    text: String,
    /// How the value is shown: text, status, dates, email.
    shape: &'static str,
}

#[derive(Serialize)]
struct ReasonView {
    factor: String,
    label: String,
    weight: u32,
    fill: u32,
    score: String,
    detail: String,
}

#[derive(Serialize)]
struct MatchView {
    key: String,
    kind: String,
    band: String,
    likely: bool,
    passage_id: String,
    doc_id: String,
    href: String,
    title: String,
    score: f32,
    score_text: String,
    meta: Vec<MetaView>,
    date: Option<crate::wire::DateRange>,
    reasons: Vec<ReasonView>,
}

#[derive(Serialize)]
struct Section {
    id: &'static str,
    title: &'static str,
    empty: &'static str,
    matches: Vec<MatchView>,
}

#[derive(Serialize)]
struct Results {
    summary: String,
    understood: Vec<UnderstoodRow>,
    start: Option<String>,
    end: Option<String>,
    warnings: Vec<String>,
    sections: Vec<Section>,
    /// "2 activities and 1 piece of past insight", with whom to ask, when any is hidden.
    hidden: Option<String>,
    ask: Vec<String>,
    thresholds: crate::wire::OverlapThresholds,
}

#[derive(Serialize)]
struct CheckPage {
    nav: &'static str,
    script: &'static str,
    problems: Vec<Problem>,
    form: FormView,
    results: Option<Results>,
}

/// The form, empty or pre-filled from the query string.
pub(super) async fn page(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Response {
    let form = CheckForm::read(raw.unwrap_or_default().as_bytes());
    let mut page = check_page(&state, &caller, &form).await;
    // a link's date that is not one is named at once
    page.problems = form.dates.problems();
    render(StatusCode::OK, "check.html", page)
}

/// The form sent: the results, or the form again with what is wrong.
pub(super) async fn submit(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Response {
    let form = CheckForm::read(&body);
    let mut page = check_page(&state, &caller, &form).await;
    let proposal = match form.proposal() {
        Ok(proposal) => proposal,
        Err(problems) => {
            if problems.iter().any(|p| p.href == "#title") {
                page.form.title_error = Some(TITLE_MISSING);
            }
            page.problems = problems;
            return render(StatusCode::BAD_REQUEST, "check.html", page);
        }
    };
    let (start, end) = (proposal.start, proposal.end);
    match run_overlap(&state, caller, proposal).await {
        Ok(response) => {
            page.results = Some(results(response, start, end));
            render(StatusCode::OK, "check.html", page)
        }
        Err(error) => {
            let (status, problem) = problem(&error, "#title");
            page.problems.push(problem);
            render(status, "check.html", page)
        }
    }
}

async fn check_page(state: &AppState, caller: &Caller, form: &CheckForm) -> CheckPage {
    let facets = facet_values(state, caller).await;
    CheckPage {
        nav: "check",
        script: "check",
        problems: Vec::new(),
        form: FormView {
            title: form.title.clone(),
            description: form.description.clone(),
            dates: form.dates.clone(),
            lists: lists(&facets, form),
            title_error: None,
        },
        results: None,
    }
}

/// The four lists of checkboxes (every value of the taxonomy, in its order), those the
/// form names ticked: the same path or the same last part, ignoring case.
fn lists(facets: &BTreeMap<String, Vec<TaxonomyValueJson>>, form: &CheckForm) -> Vec<ChoiceList> {
    let mut lists = Vec::new();
    for (i, &(facet, field, legend, hint)) in CHOICES.iter().enumerate() {
        let values = facets.get(facet).map(Vec::as_slice).unwrap_or_default();
        if values.is_empty() {
            continue;
        }
        let wanted: Vec<String> = form.chosen[i].iter().map(|w| w.to_lowercase()).collect();
        let min_depth = values.iter().map(|v| v.depth).min().unwrap_or(1);
        let items: Vec<Checkbox> = values
            .iter()
            .enumerate()
            .map(|(n, value)| {
                let last = value.value.rsplit('/').next().unwrap_or_default();
                let checked = wanted
                    .iter()
                    .any(|w| *w == value.value.to_lowercase() || *w == last.to_lowercase());
                let indent = value.depth.saturating_sub(min_depth);
                Checkbox::new(format!("choice-{facet}-{n}"), &value.value, indent, checked)
            })
            .collect();
        let chosen: Vec<String> = items
            .iter()
            .filter(|item| item.checked)
            .map(|item| super::search::tag_label(facet, &item.value))
            .collect();
        lists.push(ChoiceList {
            facet,
            field,
            legend,
            hint,
            scroll: values.len() > SCROLL_AFTER,
            count: values.len(),
            selected: if chosen.is_empty() {
                "None selected: taken from your description.".into()
            } else {
                format!("Selected: {}", chosen.join(", "))
            },
            items,
        });
    }
    lists
}

fn plural(n: usize, one: &str, many: &str) -> String {
    super::search::plural(n, one, many)
}

/// "2 activities in the forward plan and 1 piece of past insight overlap your plan, 1 of
/// them a likely duplicate.", as check.js says it.
fn summary(response: &OverlapResponse) -> String {
    let (activities, insight) = (response.activities.len(), response.insight.len());
    if activities == 0 && insight == 0 {
        return "Nothing in the forward plan or the insight bank overlaps your plan.".into();
    }
    let likely = response
        .activities
        .iter()
        .chain(&response.insight)
        .filter(|m| m.band == "likely_duplicate")
        .count();
    let mut text = format!(
        "{} in the forward plan and {} of past insight overlap your plan",
        plural(activities, "activity", "activities"),
        plural(insight, "piece", "pieces")
    );
    if likely > 0 {
        text.push_str(&format!(
            ", {}",
            plural(
                likely,
                "of them a likely duplicate",
                "of them likely duplicates"
            )
        ));
    }
    text + "."
}

/// A reason's detail for people (check.js's readableDetail): paths as "A › B", dates
/// written out, the first letter in capitals.
fn readable_detail(detail: &str) -> String {
    let chars: Vec<char> = detail.chars().collect();
    let mut spaced = String::new();
    for (i, c) in chars.iter().enumerate() {
        let solid = |j: Option<&char>| j.is_some_and(|c| !c.is_whitespace());
        if *c == '/' && i > 0 && solid(chars.get(i - 1)) && solid(chars.get(i + 1)) {
            spaced.push_str(" › ");
        } else {
            spaced.push(*c);
        }
    }
    let mut out = String::new();
    let mut rest = spaced.as_str();
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        let candidate = rest[at..].get(..10).unwrap_or("");
        let boundary_before = rest[..at]
            .chars()
            .last()
            .is_none_or(|c| !c.is_alphanumeric());
        let boundary_after = rest[at + candidate.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if candidate.len() == 10
            && boundary_before
            && boundary_after
            && NaiveDate::parse_from_str(candidate, "%Y-%m-%d").is_ok()
        {
            out.push_str(&rest[..at]);
            out.push_str(&long_date(candidate));
            rest = &rest[at + 10..];
        } else {
            let next = at + rest[at..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&rest[..next]);
            rest = &rest[next..];
        }
    }
    out.push_str(rest);
    sentence(&out)
}

fn match_view(m: OverlapMatchJson, key: String) -> MatchView {
    let activity = m.kind == "activity";
    let mut meta = vec![if activity {
        MetaView {
            key: "Activity",
            text: m.id.clone(),
            shape: "text",
        }
    } else {
        MetaView {
            key: "Kind of source",
            text: sentence(&m.source_kind),
            shape: "text",
        }
    }];
    if let Some(organisation) = &m.organisation {
        let key = if activity {
            "Lead organisation"
        } else {
            "Organisation"
        };
        meta.push(MetaView {
            key,
            text: organisation.clone(),
            shape: "text",
        });
    }
    if let Some(status) = &m.status {
        meta.push(MetaView {
            key: "Status",
            text: status.clone(),
            shape: "status",
        });
    }
    meta.push(MetaView {
        key: "Dates",
        text: String::new(),
        shape: "dates",
    });
    if let Some(contact) = m
        .contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let shape = if is_email(contact) { "email" } else { "text" };
        meta.push(MetaView {
            key: "Contact",
            text: contact.to_string(),
            shape,
        });
    }
    if !activity {
        meta.push(MetaView {
            key: "Source",
            text: m.id.clone(),
            shape: "text",
        });
    }
    let reasons = m
        .reasons
        .iter()
        .map(|reason| ReasonView {
            label: FACTORS
                .iter()
                .find(|(factor, _)| *factor == reason.factor)
                .map(|(_, label)| label.to_string())
                .unwrap_or_else(|| sentence(&reason.factor)),
            factor: reason.factor.clone(),
            weight: (reason.weight * 100.0).round() as u32,
            fill: (reason.score.clamp(0.0, 1.0) * 100.0).round() as u32,
            score: format!("{:.2}", reason.score),
            detail: readable_detail(&reason.detail),
        })
        .collect();
    MatchView {
        key,
        likely: m.band == "likely_duplicate",
        href: format!(
            "/document.html?{}#{}",
            super::query_string([("id", m.doc_id.as_str())]),
            m.passage_id
        ),
        score_text: format!("{:.2}", m.score),
        kind: m.kind,
        band: m.band,
        passage_id: m.passage_id,
        doc_id: m.doc_id,
        title: m.title,
        score: m.score,
        meta,
        date: m.date,
        reasons,
    }
}

fn results(response: OverlapResponse, start: Option<NaiveDate>, end: Option<NaiveDate>) -> Results {
    let summary = summary(&response);
    let understood = CHOICES
        .iter()
        .map(|&(facet, _, legend, _)| {
            let of_facet = || {
                response
                    .proposal_tags
                    .iter()
                    .filter(move |t| t.facet == facet)
            };
            let copy = |t: &TagJson| TagJson {
                facet: t.facet.clone(),
                value: t.value.clone(),
                origin: t.origin.clone(),
                confidence: t.confidence,
            };
            UnderstoodRow {
                facet,
                legend,
                given: of_facet()
                    .filter(|t| t.origin != "inferred")
                    .map(copy)
                    .collect(),
                found: of_facet()
                    .filter(|t| t.origin == "inferred")
                    .map(copy)
                    .collect(),
            }
        })
        .collect();
    let hidden = &response.hidden;
    let hidden_text = (hidden.activities + hidden.sources > 0).then(|| {
        let mut parts = Vec::new();
        if hidden.activities > 0 {
            parts.push(plural(hidden.activities, "activity", "activities"));
        }
        if hidden.sources > 0 {
            parts.push(plural(hidden.sources, "piece", "pieces") + " of past insight");
        }
        format!(
            "{} that you cannot see with your access also look like duplicates of your plan. To find out more, ask:",
            sentence(&parts.join(" and "))
        )
    });
    let ask = if hidden.ask.is_empty() {
        vec!["the Integrated Care Board's engagement team".to_string()]
    } else {
        hidden.ask.clone()
    };
    let section = |id: &'static str,
                   title: &'static str,
                   empty: &'static str,
                   matches: Vec<OverlapMatchJson>| Section {
        id,
        title,
        empty,
        matches: matches
            .into_iter()
            .enumerate()
            .map(|(i, m)| match_view(m, format!("{id}-{}", i + 1)))
            .collect(),
    };
    Results {
        summary,
        understood,
        start: start.map(|d| d.to_string()),
        end: end.map(|d| d.to_string()),
        warnings: response.warnings.iter().map(|w| for_people(w)).collect(),
        sections: vec![
            section(
                "activities",
                "Planned, live and closed activities",
                "Nothing in the forward plan overlaps your plan.",
                response.activities,
            ),
            section(
                "insight",
                "Past insight",
                "No past reports, surveys or notes overlap your plan.",
                response.insight,
            ),
        ],
        hidden: hidden_text,
        ask,
        thresholds: response.thresholds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_lists_by_facet_or_field_and_keeps_what_was_typed() {
        let form = CheckForm::read(
            b"title=Young+people&description=&places=West+Yorkshire%2FLeeds&place=Leeds&audiences=Carers&audiences=Carers&start=2027-03-01&end=&colour=red",
        );
        assert_eq!(form.title, "Young people");
        assert_eq!(form.chosen[0], ["West Yorkshire/Leeds", "Leeds"]);
        assert_eq!(form.chosen[2], ["Carers"]);
        let proposal = form.proposal().unwrap();
        assert_eq!(proposal.audiences, ["Carers"]);
        assert_eq!(proposal.start, NaiveDate::from_ymd_opt(2027, 3, 1));
        assert_eq!(proposal.end, None);
    }

    #[test]
    fn mistakes_are_named_as_check_js_names_them() {
        let mistakes = |body: &[u8]| -> Vec<(String, String)> {
            CheckForm::read(body)
                .proposal()
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|p| (p.href, p.text))
                .collect()
        };
        let hrefs = |body: &[u8]| -> Vec<String> {
            mistakes(body).into_iter().map(|(href, _)| href).collect()
        };
        assert_eq!(hrefs(b"title=&description=+"), ["#title"]);
        assert_eq!(
            hrefs(b"title=x&start=2027-02-30&end=soon"),
            ["#start-day", "#end-day"]
        );
        assert_eq!(
            mistakes(b"title=x&start=2027-03-02&end=2027-03-01"),
            [(
                "#end-day".to_string(),
                "End date must be the same as or after the start date".to_string()
            )]
        );
        assert!(hrefs(b"description=x&start=01/03/2027&end=2027-03-01").is_empty());
        // the parts as the form sends them: a month and year alone is the whole month
        let form = CheckForm::read(
            b"title=x&start-day=&start-month=3&start-year=2027&end-day=&end-month=5&end-year=2027",
        );
        let proposal = form.proposal().unwrap();
        assert_eq!(proposal.start, NaiveDate::from_ymd_opt(2027, 3, 1));
        assert_eq!(proposal.end, NaiveDate::from_ymd_opt(2027, 5, 31));
        assert_eq!(
            mistakes(b"title=x&start-day=1&start-month=&start-year=2027"),
            [(
                "#start-month".to_string(),
                "Start date must include a month".to_string()
            )]
        );
    }

    #[test]
    fn details_read_as_people_write() {
        assert_eq!(
            readable_detail("same place West Yorkshire/Leeds from 2027-03-01"),
            "Same place West Yorkshire › Leeds from 1 March 2027"
        );
        assert_eq!(readable_detail("a / b 2027-13-01"), "A / b 2027-13-01");
    }
}
