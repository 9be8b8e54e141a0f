//! The server-rendered web pages, driven in-process: the search, document, forward plan,
//! emerging themes, coverage and check pages rendered for the small fixture (snapshots
//! of their main content; the plan's activities also for the visibility fixture, which
//! has a plan), each checked against the API answer it is made from, the check form
//! POSTed, escaping of what people type, bad input answered with an error summary, and
//! every page through the one layout.

use crate::api::get_with;
use crate::support::{ingested_in_ram, repo_root};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use insight_index::InsightIndex;
use insight_server::AppState;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

/// The small fixture, ingested once, served with the web folder.
fn state() -> AppState {
    static INDEX: OnceLock<Arc<InsightIndex>> = OnceLock::new();
    let index = INDEX.get_or_init(|| Arc::new(ingested_in_ram("small").0));
    AppState::new(index.clone(), Some(repo_root().join("web")))
}

/// The visibility fixture, whose forward plan has one public and one restricted activity.
fn visibility_state() -> AppState {
    static INDEX: OnceLock<Arc<InsightIndex>> = OnceLock::new();
    let index = INDEX.get_or_init(|| Arc::new(ingested_in_ram("visibility").0));
    AppState::new(index.clone(), Some(repo_root().join("web")))
}

/// A page's status and HTML.
async fn page(uri: &str) -> (StatusCode, String) {
    page_of(state(), uri).await
}

async fn page_of(state: AppState, uri: &str) -> (StatusCode, String) {
    let reply = get_with(state, uri, &[]).await;
    (reply.status, String::from_utf8(reply.body).unwrap())
}

/// The page a form POSTs to: its status and HTML.
async fn post_form(uri: &str, body: &str) -> (StatusCode, String) {
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = insight_server::router(state())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

/// An API answer as JSON.
async fn api(uri: &str) -> serde_json::Value {
    let reply = get_with(state(), uri, &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{uri}");
    reply.json()
}

/// The forward plan's month list runs to six months after today: its months are left
/// out of the snapshots (`month_options` is tested with a fixed day).
fn without_months(html: &str) -> String {
    match (html.find("<optgroup"), html.rfind("</optgroup>")) {
        (Some(start), Some(end)) => format!(
            "{}[months]{}",
            &html[..start],
            &html[end + "</optgroup>".len()..]
        ),
        _ => html.to_string(),
    }
}

/// The page's <main> element: what the page itself says, without the layout.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

#[tokio::test]
async fn search_page_lists_results_without_javascript() {
    let (status, html) = page("/?q=discharge&place=Riverton&community=Carers").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("needs JavaScript"));
    insta::assert_snapshot!("search_discharge_riverton_carers", main_of(&html));
}

#[tokio::test]
async fn document_page_shows_metadata_and_passages_without_javascript() {
    let search = get_with(state(), "/api/search?q=discharge+lounge&per_page=1", &[]).await;
    let hit = &search.json()["hits"][0];
    let doc_id = hit["doc_id"].as_str().unwrap();
    let (status, html) = page(&format!("/document.html?id={doc_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<title>Coming home from Riverton General – Insight bank</title>"));
    insta::assert_snapshot!("document_riverton_discharge", main_of(&html));
    // the same page at its short address
    let (status, short) = page(&format!("/document?id={doc_id}")).await;
    assert_eq!((status, short), (StatusCode::OK, html));
}

#[tokio::test]
async fn plan_page_lists_activities_without_javascript() {
    let (status, html) = page("/plan").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("needs JavaScript"));
    insta::assert_snapshot!("plan_small", without_months(main_of(&html)));
    // a plan with activities: the public one only, as /api/search lists it
    let (status, html) = page_of(visibility_state(), "/plan.html").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("heronplanpublic") && !html.contains("ibexplanhillford"));
    insta::assert_snapshot!("plan_visibility", without_months(main_of(&html)));
    // filtered from the URL, with the filter ticked and the month chosen
    let (status, html) = page_of(
        visibility_state(),
        "/plan?status=planned&place=Riverton&month=2025-10",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("1 activity running in October 2025 matches your filters"),
        "{html}"
    );
    assert!(
        html.contains(r#"value="2025-10" selected>October 2025"#),
        "{html}"
    );
    // the place as the search resolved it, ticked, and carried to "Check a plan"
    assert!(
        html.contains(r#"value="Northshire&#x2f;Riverton" checked>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"href="&#x2f;check.html?place=Northshire%2FRiverton""#),
        "{html}"
    );
    let (_, html) = page_of(visibility_state(), "/plan?month=2026-03").await;
    assert!(
        html.contains("No activities running in March 2026"),
        "{html}"
    );
}

#[tokio::test]
async fn insights_page_shows_the_trends_without_javascript() {
    let (status, html) = page("/insights").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("needs JavaScript"));
    insta::assert_snapshot!("insights_small", main_of(&html));
    // what the page shows is what /api/trends and /api/topics answer for the same filters
    let trends = api("/api/trends?interval=quarter").await;
    let periods = trends["periods"].as_array().unwrap();
    assert!(!periods.is_empty());
    for period in periods {
        let row = format!(
            r#"<tr class="nhsuk-table__row" data-period="{}">"#,
            period.as_str().unwrap()
        );
        assert!(html.contains(&row), "{row}");
    }
    for emerging in trends["emerging"].as_array().unwrap() {
        let row = format!(r#"data-theme="{}">"#, emerging["theme"].as_str().unwrap());
        assert!(html.contains(&row), "{row}");
    }
    let minimum = format!(
        "A theme needs at least {} passages in the latest period, from at least {} sources",
        trends["min_count"], trends["min_sources"]
    );
    assert!(html.contains(&minimum), "{minimum}");
    let topics = api("/api/topics?interval=quarter").await;
    for topic in topics["topics"].as_array().unwrap() {
        assert!(html.contains(&format!(
            r#"data-word="{}""#,
            topic["word"].as_str().unwrap()
        )));
    }
    // filtered from the URL: the place as the list has it, the interval chosen, a theme drawn
    let (status, html) = page("/insights.html?place=riverton&interval=year&show=Discharge").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(
            r#"<option value="Northshire&#x2f;Riverton" title="Northshire › Riverton" selected>"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"<option value="year" selected>Year</option>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"value="Discharge" form="trend-filters" checked>"#),
        "{html}"
    );
    let year = api("/api/trends?place=Riverton&interval=year").await;
    for period in year["periods"].as_array().unwrap() {
        assert!(html.contains(&format!(r#"data-period="{}""#, period.as_str().unwrap())));
    }
    assert!(
        !html.contains(r#"id="clear-filters-wrapper" hidden"#),
        "a filter can be cleared"
    );
}

#[tokio::test]
async fn coverage_page_shows_the_suppressed_table_without_javascript() {
    let (status, html) = page("/coverage").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("needs JavaScript"));
    insta::assert_snapshot!("coverage_small", main_of(&html));
    // every cell as /api/coverage shows it, small numbers suppressed exactly as there
    let coverage = api("/api/coverage?by=place").await;
    let shown = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let mut cells = 0;
    for row in coverage["rows"].as_array().unwrap() {
        let community = row["community"].as_str().unwrap();
        let start = html
            .find(&format!(
                r#"<tr data-community="{}""#,
                community.replace('/', "&#x2f;")
            ))
            .unwrap_or_else(|| panic!("no row for {community}"));
        let end = start + html[start..].find("</tr>").unwrap();
        let tr = &html[start..end];
        for cell in row["cells"].as_array().unwrap() {
            cells += 1;
            let expected = format!(
                r#"data-column="{}" data-passages="{}" data-sources="{}" data-gap="{}""#,
                cell["column"].as_str().unwrap().replace('/', "&#x2f;"),
                shown(&cell["passages"]).replace('<', "&lt;"),
                shown(&cell["sources"]).replace('<', "&lt;"),
                cell["gap"]
            );
            assert!(tr.contains(&expected), "{community}: {expected} in {tr}");
        }
    }
    assert_eq!(
        html.matches(r#"<td class="app-heat app-heat--"#).count(),
        cells
    );
    // by segment: the segments are the columns, the segment list is not offered
    let (status, html) = page("/coverage?by=segment&segment=Frailty").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"id="segment-group" hidden"#), "{html}");
    assert!(html.contains(r#"value="segment" checked>"#), "{html}");
    let by_segment = api("/api/coverage?by=segment").await;
    for column in by_segment["columns"].as_array().unwrap() {
        let th = format!(
            r#"<th scope="col" class="app-coverage__column" data-column="{}""#,
            column.as_str().unwrap().replace('/', "&#x2f;")
        );
        assert!(html.contains(&th), "{th}");
    }
}

#[tokio::test]
async fn check_page_checks_a_plan_without_javascript() {
    let (status, html) = page("/check").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("needs JavaScript"));
    assert!(html.contains(r#"<form id="check-form" class="app-check-form" action="/check" method="post" novalidate>"#), "{html}");
    insta::assert_snapshot!("check_small_form", main_of(&html));
    // pre-filled from the URL, as the forward plan's "Check a plan against this" sends it
    let (_, html) = page("/check.html?place=Riverton&title=Carers").await;
    assert!(
        html.contains(r#"name="title" type="text" value="Carers""#),
        "{html}"
    );
    assert!(
        html.contains(r#"name="places" type="checkbox" value="Northshire&#x2f;Riverton" checked>"#),
        "{html}"
    );
    // sent: the results the overlap check gives for the same proposal
    let form = "title=Carers+and+hospital+discharge&description=Unpaid+carers+in+Riverton+about+coming+home+from+hospital&places=Riverton&start=2026-01-01&end=2026-03-31";
    let (status, html) = post_form("/check", form).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let reply = crate::api::post_with(
        state(),
        "/api/overlap",
        r#"{"title": "Carers and hospital discharge", "description": "Unpaid carers in Riverton about coming home from hospital", "places": ["Riverton"], "start": "2026-01-01", "end": "2026-03-31"}"#,
    )
    .await;
    let overlap = reply.json();
    let insight = overlap["insight"].as_array().unwrap();
    assert!(!insight.is_empty());
    assert!(
        html.contains(&format!(
            "Past insight <span class=\"app-heading-count\">({})</span>",
            insight.len()
        )),
        "{html}"
    );
    for (i, found) in insight.iter().enumerate() {
        let card = format!(
            r#"data-passage-id="{}""#,
            found["passage_id"].as_str().unwrap()
        );
        let at = html.find(&card).unwrap_or_else(|| panic!("{card}"));
        let previous = insight[..i].iter().map(|f| {
            html.find(&format!(
                r#"data-passage-id="{}""#,
                f["passage_id"].as_str().unwrap()
            ))
            .unwrap()
        });
        assert!(previous.into_iter().all(|p| p < at), "in the API's order");
    }
    assert!(
        html.contains(r#"id="check-results" aria-labelledby="results-heading">"#),
        "shown"
    );
    assert!(
        html.contains(r#"value="Carers and hospital discharge""#),
        "the title is kept"
    );
    assert!(html.contains("1 January 2026"), "the dates as understood");
    insta::assert_snapshot!("check_small_results", main_of(&html));
    // the same page at its .html address
    let (status, _) = post_form("/check.html", form).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn check_form_mistakes_are_named_beside_their_fields() {
    let (status, html) = post_form("/check", "title=&description=+&places=Riverton").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains(
            r##"<li><a href="#title">Enter a title or a description of your engagement</a></li>"##
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"<span class="nhsuk-error-message" id="title-error">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"value="Northshire&#x2f;Riverton" checked>"#),
        "the place stays ticked"
    );
    assert!(html.contains(r#"id="check-results" aria-labelledby="results-heading" hidden>"#));
    // the NHS.UK date input's parts: the wrong part marked, the values kept
    let (status, html) = post_form(
        "/check",
        "title=Survey&start-day=2&start-month=3&start-year=2027&end-day=30&end-month=2&end-year=2027",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains(r##"<li><a href="#end-day">End date must be a real date</a></li>"##),
        "{html}"
    );
    assert!(
        html.contains(r#"nhsuk-input--width-2 nhsuk-input--error" id="end-day" name="end-day" type="text" inputmode="numeric" value="30""#),
        "the day is marked, the value kept: {html}"
    );
    assert!(
        html.contains(r#"nhsuk-input--width-2" id="end-month" name="end-month" type="text" inputmode="numeric" value="2""#),
        "the month is not marked: {html}"
    );
    assert!(html.contains(r#"nhsuk-form-group app-date nhsuk-form-group--error" id="end-group""#));
    assert!(html.contains(r#"aria-describedby="dates-hint end-hint end-error""#));
    let (status, html) = post_form(
        "/check",
        "title=Survey&start-day=1&start-month=&start-year=2027&end-day=&end-month=&end-year=",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains(r##"<li><a href="#start-month">Start date must include a month</a></li>"##),
        "{html}"
    );
    // the canonical names still work, as the API's
    let (status, html) = post_form("/check", "title=Survey&start=2027-03-02&end=2027-03-01").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("End date must be the same as or after the start date"),
        "{html}"
    );
    // not form-encoded at all: read as an empty form, never a 500
    let (status, html) = post_form("/check", "%%%\u{0}").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("</footer>"));
    // a body over the API's limit is refused as the API refuses it
    let huge = format!(
        "title=Survey&description={}",
        "a".repeat(insight_server::MAX_BODY_BYTES)
    );
    let (status, _) = post_form("/check", &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn what_people_type_is_escaped() {
    let (status, html) = page("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&place=%3Cb%3EX").await;
    // an unknown place is bad input: the page says so
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<b>X"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;"));
    let (status, html) = page("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<script>alert"), "{html}");
    for uri in ["/plan?place=%3Cb%3EX", "/plan?month=%3Cb%3EX"] {
        let (status, html) = page(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(!html.contains("<b>X"), "{html}");
        assert!(html.contains("&lt;b&gt;X"), "{html}");
    }
    // a date's parts come back as text in their fields
    let (status, html) = page("/?from-day=%22%3E%3Cb%3EX&from-month=1&from-year=2024").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!html.contains("\"><b>X"), "{html}");
    assert!(html.contains(r#"value="&quot;&gt;&lt;b&gt;X""#), "{html}");
    for uri in [
        "/insights?place=%3Cb%3EX",
        "/insights?from=%3Cb%3EX",
        "/coverage?theme=%3Cb%3EX",
        "/coverage?by=segment&to=%3Cb%3EX",
    ] {
        let (status, html) = page(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(!html.contains("<b>X"), "{html}");
        assert!(html.contains("&lt;b&gt;X"), "{html}");
    }
    // what people type into the check form comes back as text, in the form and the results
    let (status, html) = post_form(
        "/check",
        "title=%3Cscript%3Ealert(1)%3C%2Fscript%3E&description=%3C%2Ftextarea%3E%3Cb%3EX&audiences=%3Ci%3EY",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        !html.contains("<script>alert") && !html.contains("<b>X") && !html.contains("<i>Y"),
        "{html}"
    );
    assert!(
        html.contains("&lt;&#x2f;textarea&gt;&lt;b&gt;X</textarea>"),
        "{html}"
    );
    let (status, html) = page("/check?title=%22%3E%3Cscript%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("\"><script>"), "{html}");
    let (status, html) = page("/document.html?id=%3Cscript%3E").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!main_of(&html).contains("<script>"), "{html}");
}

/// The NHS.UK date input: the three parts are read (they win over `from` and `to`), the
/// date they make goes back into every link as `from`/`to`, and mistakes are named on
/// the part that is wrong.
#[tokio::test]
async fn date_parts_are_read_and_go_back_as_from_and_to() {
    // a month and year alone: the whole month; the parts win over `from`
    let (status, html) = page(
        "/?q=discharge&from=2000-01-01&from-day=&from-month=3&from-year=2024&to-day=&to-month=&to-year=2025&group=document",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let direct = api("/api/search?q=discharge&from=2024-03-01&to=2025-12-31&group=document").await;
    assert!(
        html.contains(&format!(r#"data-total="{}""#, direct["total"])),
        "the search the canonical dates make: {html}"
    );
    // the parts shown as typed, the chips and their links with the canonical dates
    assert!(
        html.contains(
            r#"id="from-month" name="from-month" type="text" inputmode="numeric" value="3""#
        ),
        "{html}"
    );
    assert!(
        html.contains(
            r#"id="to-year" name="to-year" type="text" inputmode="numeric" value="2025""#
        ),
        "{html}"
    );
    assert!(
        html.contains("1 March 2024") && html.contains("31 December 2025"),
        "{html}"
    );
    assert!(
        html.contains(r#"href="&#x2f;?q=discharge&amp;to=2025-12-31&amp;group=document""#),
        "removing the start keeps the end, as `to`: {html}"
    );
    assert!(
        !html.contains("from-month=3&amp;"),
        "no part in a link: {html}"
    );
    // a canonical date fills the parts
    let (_, html) = page("/insights?from=2024-03-05").await;
    assert!(
        html.contains(r#"id="from-day" name="from-day" type="text" inputmode="numeric" value="5""#),
        "{html}"
    );
    // each mistake, in the summary linking to the part and beside the date
    let cases = [
        (
            "/?from-day=15&from-month=&from-year=2024",
            "#from-month",
            "Date from must include a month",
        ),
        (
            "/?from-day=15&from-month=3&from-year=",
            "#from-year",
            "Date from must include a year",
        ),
        (
            "/insights?from-day=31&from-month=2&from-year=2024",
            "#from-day",
            "Date from must be a real date",
        ),
        (
            "/coverage?to-day=1&to-month=13&to-year=2024",
            "#to-month",
            "Date to must be a real date",
        ),
        (
            "/coverage?to-day=1&to-month=1&to-year=24",
            "#to-year",
            "Date to must be a real date",
        ),
        (
            "/?from-day=2&from-month=3&from-year=2024&to-day=1&to-month=3&to-year=2024",
            "#to-day",
            "Date to must be the same as or after date from",
        ),
        (
            "/?from=2024-03-02&to=2024-03-01",
            "#to-day",
            "Date to must be the same as or after date from",
        ),
    ];
    for (uri, href, text) in cases {
        let (status, html) = page(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            html.contains(&format!(r#"<li><a href="{href}">{text}</a></li>"#)),
            "{uri}: {html}"
        );
        assert!(
            html.contains(&format!(
                r#"<span class="nhsuk-u-visually-hidden">Error: </span>{text}</span>"#
            )),
            "{uri}: the message beside the date"
        );
        let part = href.trim_start_matches('#');
        assert!(
            html.contains(&format!(r#"nhsuk-input--error" id="{part}""#)),
            "{uri}: {part} is marked"
        );
    }
    // the API's own refusal of a canonical date is shown on that date
    let (status, html) = page("/coverage?to=soon").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains(r##"<a href="#to-day">"##), "{html}");
    assert!(
        html.contains(r#"nhsuk-form-group app-date nhsuk-form-group--error" id="to-group""#),
        "{html}"
    );
}

/// Bad input gives the page with an NHS.UK error summary naming the problem.
#[tokio::test]
async fn bad_input_is_named_in_an_error_summary() {
    let long = "a".repeat(1001);
    let cases = [
        ("/?place=Atlantis".to_string(), "Atlantis"),
        ("/?q=x&page=0".to_string(), "page"),
        ("/?page=abc".to_string(), "page"),
        (format!("/?q={long}"), "longer than 1000 characters"),
        ("/?from=yesterday".to_string(), "yesterday"),
        ("/?colour=red".to_string(), "colour"),
        ("/?sort=sideways".to_string(), "sideways"),
        ("/plan?place=Atlantis".to_string(), "Atlantis"),
        ("/plan.html?month=2027-13".to_string(), "2027-13"),
        ("/plan?status=planned&page=0".to_string(), "page"),
        ("/insights?place=Atlantis".to_string(), "Atlantis"),
        ("/insights.html?community=Atlantis".to_string(), "Atlantis"),
        ("/insights?from=yesterday".to_string(), "yesterday"),
        ("/insights?interval=weekly".to_string(), "weekly"),
        ("/insights?min_count=0".to_string(), "min_count"),
        ("/coverage?theme=Atlantis".to_string(), "Atlantis"),
        ("/coverage.html?by=colour".to_string(), "colour"),
        ("/coverage?to=soon".to_string(), "soon"),
        ("/coverage?gap_below=many".to_string(), "gap_below"),
        ("/document.html".to_string(), "No document was chosen"),
        (
            "/document.html?id=d0000000000000000".to_string(),
            "d0000000000000000",
        ),
        (
            "/document.html?id=d0000000000000000&page=0".to_string(),
            "page",
        ),
    ];
    for (uri, named) in cases {
        let (status, html) = page(&uri).await;
        assert!(status.is_client_error(), "{uri}: {status}");
        let summary = html
            .split("nhsuk-error-summary__list")
            .nth(1)
            .unwrap_or_else(|| panic!("{uri}: no error summary"));
        let summary = &summary[..summary.find("</ul>").unwrap()];
        assert!(summary.contains(named), "{uri}: {summary}");
        assert!(html.contains("</footer>"), "{uri}: the page is whole");
    }
    // a page past the end goes to the last page
    let reply = get_with(state(), "/?q=discharge&page=900", &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
}

/// Every page has the one layout, at its short address and at its .html one.
#[tokio::test]
async fn every_page_is_rendered_through_the_layout() {
    let pages = [
        ("/", "Search"),
        ("/plan", "Forward plan"),
        ("/check", "Check my plan"),
        ("/insights", "Emerging themes"),
        ("/coverage", "Who has been heard"),
        ("/contribute", "Contribute"),
    ];
    for (path, current) in pages {
        let uris = if path == "/" {
            vec!["/".to_string(), "/index.html".to_string()]
        } else {
            vec![path.to_string(), format!("{path}.html")]
        };
        for uri in uris {
            let (status, html) = page(&uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            assert!(html.starts_with("<!DOCTYPE html>"), "{uri}");
            let current_item = format!(
                "aria-current=\"page\"><strong class=\"nhsuk-header__navigation-item-current-fallback\">{current}</strong>"
            );
            assert!(
                html.contains(&current_item),
                "{uri}: {current} is not current"
            );
            assert_eq!(html.matches("aria-current=\"page\"").count(), 1, "{uri}");
            assert!(html.contains("<footer class=\"nhsuk-footer\""), "{uri}");
        }
    }
    // the static assets are still served
    let reply = get_with(state(), "/app.js", &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
}
