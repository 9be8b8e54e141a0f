//! Trends and coverage against brute-force counts over every matching passage, and
//! small-number suppression: no suppressed count can be worked out from the coverage
//! table or from any other endpoint.

use crate::support::Workspace;
use insight_index::{CoverageBy, FacetField, Hit, InsightIndex, Interval, SearchRequest, Shown};
use insight_ingest::IngestOptions;
use insight_server::{router, AppState};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;
use std::sync::{Arc, OnceLock};

fn corpus() -> Arc<InsightIndex> {
    static INDEX: OnceLock<(Workspace, Arc<InsightIndex>)> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let workspace = Workspace::with_fixture("corpus");
            let index = InsightIndex::open_or_create(&workspace.index()).unwrap();
            insight_ingest::ingest(&index, &IngestOptions::new(workspace.corpus()), |_| {
                ControlFlow::Continue(())
            })
            .unwrap();
            (workspace, Arc::new(index))
        })
        .1
        .clone()
}

fn request(filters: &[(FacetField, &str)]) -> SearchRequest {
    let mut request = crate::support::everything();
    for (facet, value) in filters {
        request
            .filters
            .entry(*facet)
            .or_default()
            .push(value.to_string());
    }
    request
}

/// Every matching passage of insight (not activities or records), with its raw tags.
fn insight_matches(index: &InsightIndex, request: &SearchRequest) -> Vec<Hit> {
    let mut hits = Vec::new();
    index
        .for_each_match(request, |hit| {
            if hit.kind != "forward plan activity" && hit.kind != "you said we did" {
                hits.push(hit);
            }
            ControlFlow::Continue(())
        })
        .unwrap();
    hits
}

/// A tag's path and all its ancestors.
fn with_ancestors(path: &str) -> Vec<String> {
    let parts: Vec<&str> = path.split('/').collect();
    (1..=parts.len())
        .map(|depth| parts[..depth].join("/"))
        .collect()
}

fn values(hit: &Hit, facet: insight_model::Facet) -> BTreeSet<String> {
    hit.tags.paths(facet).flat_map(with_ancestors).collect()
}

#[test]
fn trends_match_a_brute_force_count() {
    let index = corpus();
    let request = request(&[(FacetField::Place, "Leeds")]);
    let trends = index.trends(&request, Interval::Year, 10, 3).unwrap();
    let mut totals: BTreeMap<String, u64> = BTreeMap::new();
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    // (judged, negative) per year and theme
    let mut feeling: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    // survey respondents (document, record id from the locator) per year and theme, ""
    // for all
    let mut people: BTreeMap<(String, String), BTreeSet<(String, String)>> = BTreeMap::new();
    for hit in insight_matches(&index, &request) {
        let Some(date) = hit.date else { continue };
        let year = date.from.format("%Y").to_string();
        *totals.entry(year.clone()).or_default() += 1;
        let respondent = (hit.kind == "survey").then(|| {
            let record = hit.locator.rsplit_once(", record ").unwrap().1;
            (hit.doc_id.clone(), record.to_string())
        });
        if let Some(respondent) = &respondent {
            people
                .entry((year.clone(), String::new()))
                .or_default()
                .insert(respondent.clone());
        }
        for theme in values(&hit, insight_model::Facet::Theme) {
            if let Some(respondent) = &respondent {
                people
                    .entry((year.clone(), theme.clone()))
                    .or_default()
                    .insert(respondent.clone());
            }
            *counts.entry((year.clone(), theme.clone())).or_default() += 1;
            if let Some(sentiment) = hit.sentiment {
                let slot = feeling.entry((year.clone(), theme)).or_default();
                slot.0 += 1;
                slot.1 += u64::from(sentiment.value == insight_model::Sentiment::Negative);
            }
        }
    }
    // the negative share per theme and year: from the learned sentiments, given only
    // where at least min_count passages were judged
    let mut shares = 0;
    for series in &trends.themes {
        for (i, period) in trends.periods.iter().enumerate() {
            let (judged, negative) = feeling
                .get(&(period.clone(), series.theme.clone()))
                .copied()
                .unwrap_or_default();
            assert_eq!((series.judged[i], series.negative[i]), (judged, negative));
            match series.negative_share[i] {
                Some(share) => {
                    shares += 1;
                    assert!(judged >= 10);
                    assert!((share - negative as f64 / judged as f64).abs() < 0.001);
                }
                None => assert!(judged < 10),
            }
        }
    }
    assert!(
        shares > 0,
        "the sample corpus has themes with judged passages"
    );
    // every year from the first to the last, empty ones included
    let first: i32 = totals.keys().next().unwrap().parse().unwrap();
    let last: i32 = totals.keys().next_back().unwrap().parse().unwrap();
    assert_eq!(
        trends.periods,
        (first..=last).map(|y| y.to_string()).collect::<Vec<_>>()
    );
    let expected_totals: Vec<u64> = trends
        .periods
        .iter()
        .map(|p| totals.get(p).copied().unwrap_or(0))
        .collect();
    assert_eq!(trends.totals, expected_totals);
    for series in &trends.themes {
        for (period, count) in trends.periods.iter().zip(&series.counts) {
            assert_eq!(
                *count,
                counts
                    .get(&(period.clone(), series.theme.clone()))
                    .copied()
                    .unwrap_or(0),
                "{} in {period}",
                series.theme
            );
        }
    }
    let themes: BTreeSet<&String> = counts.keys().map(|(_, theme)| theme).collect();
    assert_eq!(themes.len(), trends.themes.len());
    // people: each survey respondent once, however many of their answers match
    let respondents = |period: &String, theme: &str| {
        people
            .get(&(period.clone(), theme.to_string()))
            .map_or(0, |set| set.len() as u64)
    };
    let expected: Vec<u64> = trends.periods.iter().map(|p| respondents(p, "")).collect();
    assert_eq!(trends.total_respondents, expected);
    assert!(
        trends.total_respondents.iter().sum::<u64>() > 0,
        "Leeds has survey answers"
    );
    for series in &trends.themes {
        for (i, period) in trends.periods.iter().enumerate() {
            assert_eq!(series.respondents[i], respondents(period, &series.theme));
            assert!(series.respondents[i] <= series.counts[i]);
        }
    }
    // emerging and held back (over all insight): the figures behind each claim are the
    // brute-force counts of the latest period and of the up to four before it
    let all = crate::support::everything();
    let trends = index.trends(&all, Interval::Year, 10, 3).unwrap();
    let mut totals: BTreeMap<String, u64> = BTreeMap::new();
    for hit in insight_matches(&index, &all) {
        if let Some(date) = hit.date {
            *totals
                .entry(date.from.format("%Y").to_string())
                .or_default() += 1;
        }
    }
    let latest = trends.periods.len() - 1;
    let baseline: Vec<&String> = trends.periods[latest.saturating_sub(4)..latest]
        .iter()
        .collect();
    let baseline_total: u64 = baseline
        .iter()
        .map(|p| totals.get(*p).copied().unwrap_or(0))
        .sum();
    let claims: Vec<&insight_index::Emerging> = trends
        .emerging
        .iter()
        .chain(trends.held_back.iter().map(|h| &h.figures))
        .collect();
    assert!(!claims.is_empty(), "the sample corpus has rising themes");
    for claim in &claims {
        assert_eq!(claim.period, trends.periods[latest]);
        assert!(claim.count >= 10);
        assert_eq!(claim.baseline_total, baseline_total);
        assert_eq!(claim.baseline_periods.len(), baseline.len());
        let series = trends
            .themes
            .iter()
            .find(|t| t.theme == claim.theme)
            .unwrap();
        assert_eq!(claim.sources, series.sources[latest]);
        assert_eq!(claim.respondents, series.respondents[latest]);
        assert_eq!(
            claim.baseline_count,
            series.counts[latest.saturating_sub(4)..latest]
                .iter()
                .sum::<u64>()
        );
        let share = claim.count as f64 / totals[&trends.periods[latest]] as f64;
        let baseline_share = claim.baseline_count as f64 / baseline_total as f64;
        assert!((claim.change_points - (share - baseline_share) * 100.0).abs() < 0.1);
        assert!(claim.change_points > 0.0);
        assert!((0.0..=1.0).contains(&claim.q_value) && claim.q_value >= claim.p_value * 0.999);
    }
    for emerging in &trends.emerging {
        assert!(emerging.sources >= 3 && emerging.q_value <= insight_index::EMERGING_FDR);
    }
    for held in &trends.held_back {
        match held.reason {
            "sources" => assert!(held.figures.sources < 3),
            "chance" => assert!(held.figures.q_value > insight_index::EMERGING_FDR),
            other => panic!("unknown reason {other}"),
        }
    }
    // below the minimum no trend is claimed
    let strict = index.trends(&all, Interval::Year, 100_000, 3).unwrap();
    assert!(strict.emerging.is_empty());
}

/// A generated corpus with planted rises: a theme rising in many sources is found, one
/// rising in a single long report is held back for its sources, steady themes are not
/// claimed.
#[test]
fn planted_rises_are_found_and_a_one_source_rise_is_not() {
    let workspace = Workspace::with_fixture("small");
    for folder in ["reports", "notes", "surveys"] {
        std::fs::remove_dir_all(workspace.corpus().join(folder)).unwrap();
    }
    let quarters = [
        "2025-02-10",
        "2025-05-10",
        "2025-08-10",
        "2025-11-10",
        "2026-02-10",
    ];
    let report = |name: &str, date: &str, themes: &str, sections: usize| {
        let mut text = format!(
            "---\ntitle: Listening event {name}\nkind: engagement report\norganisation: Group {name}\nplaces: [Riverton]\nthemes: [{themes}]\ndate: {date}\nvisibility: public\n---\n"
        );
        for section in 0..sections {
            text.push_str(&format!(
                "## Part {section}\n\nPeople talked about the service and what would help next time.\n\n"
            ));
        }
        workspace.write(&format!("reports/{name}.md"), text);
    };
    for (q, date) in quarters.iter().enumerate() {
        let latest = q == quarters.len() - 1;
        for k in 0..12 {
            // steady noise: Access and Transport alternate; Discharge in one report a
            // quarter until the latest, where it is in eight
            let mut themes = vec![if k % 2 == 0 { "Access" } else { "Transport" }];
            if k == 0 || (latest && k < 8) {
                themes.push("Discharge");
            }
            report(&format!("q{q}-r{k}"), date, &themes.join(", "), 4);
        }
    }
    // one long report in the latest quarter: many passages, one source
    report("q4-long", quarters[4], "Medicines", 40);
    let index = workspace.open_index();
    workspace.ingest(&index);
    let trends = index
        .trends(&crate::support::everything(), Interval::Quarter, 10, 3)
        .unwrap();
    assert_eq!(trends.periods.last().map(String::as_str), Some("2026-Q1"));
    let emerging: Vec<&str> = trends.emerging.iter().map(|e| e.theme.as_str()).collect();
    assert_eq!(emerging, vec!["Discharge"], "{:#?}", trends.emerging);
    let discharge = &trends.emerging[0];
    assert_eq!((discharge.count, discharge.sources), (32, 8));
    assert_eq!(discharge.baseline_periods.len(), 4);
    assert_eq!(
        (discharge.baseline_count, discharge.baseline_total),
        (16, 192)
    );
    assert!(discharge.q_value < 0.001, "{discharge:?}");
    let medicines = trends
        .held_back
        .iter()
        .find(|h| h.figures.theme == "Medicines")
        .expect("the one-source rise is held back");
    assert_eq!(medicines.reason, "sources");
    assert_eq!(
        (medicines.figures.count, medicines.figures.sources),
        (40, 1)
    );
    // steady themes fell in share (the latest quarter is longer): never claimed
    for steady in ["Access", "Transport"] {
        assert!(!emerging.contains(&steady));
    }
}

#[test]
fn coverage_matches_a_brute_force_count() {
    let index = corpus();
    let request = request(&[(FacetField::Theme, "Access")]);
    let coverage = index.coverage(&request, CoverageBy::Place, 5, 0).unwrap();
    let mut cells: BTreeMap<(String, String), (u64, BTreeSet<String>)> = BTreeMap::new();
    for hit in insight_matches(&index, &request) {
        let places: Vec<String> = values(&hit, insight_model::Facet::Place)
            .into_iter()
            .filter(|p| p.matches('/').count() == 1)
            .collect();
        for community in values(&hit, insight_model::Facet::Community) {
            for place in &places {
                let cell = cells.entry((community.clone(), place.clone())).or_default();
                cell.0 += 1;
                cell.1.insert(hit.doc_id.clone());
            }
        }
    }
    assert_eq!(coverage.columns.len(), 5);
    let mut checked = 0;
    for row in &coverage.rows {
        for cell in &row.cells {
            let (passages, sources) = cells
                .get(&(row.community.clone(), cell.column.clone()))
                .map(|(p, s)| (*p, s.len() as u64))
                .unwrap_or((0, 0));
            assert_eq!(
                cell.passages,
                Shown::Count(passages),
                "{} in {}",
                row.community,
                cell.column
            );
            assert_eq!(
                cell.sources,
                Shown::Count(sources),
                "{} in {}",
                row.community,
                cell.column
            );
            assert_eq!(cell.gap, passages < 5);
            checked += usize::from(passages > 0);
        }
    }
    assert!(checked > 50, "{checked}");
    // the unheard: communities (not equality groups) with no passage in a place
    for (place, communities) in &coverage.unheard {
        for community in communities {
            assert!(
                !cells.contains_key(&(community.clone(), place.clone())),
                "{community} in {place}"
            );
        }
    }
}

#[test]
fn small_equality_counts_and_their_giveaways_are_suppressed() {
    let index = corpus();
    let equality = index.equality_paths().unwrap();
    let raw = index
        .coverage(&crate::support::everything(), CoverageBy::Place, 5, 0)
        .unwrap();
    let shown = index
        .coverage(&crate::support::everything(), CoverageBy::Place, 5, 5)
        .unwrap();
    let mut primary = 0;
    for (raw_row, row) in raw.rows.iter().zip(&shown.rows) {
        assert_eq!(row.equality, equality.contains(&row.community));
        for (raw_cell, cell) in raw_row.cells.iter().zip(&row.cells) {
            let value = raw_cell.passages.value().unwrap();
            match cell.passages {
                Shown::Count(count) => {
                    assert_eq!(count, value);
                    assert!(
                        !row.equality || count == 0 || count >= 5,
                        "{} {}: {count} shown",
                        row.community,
                        cell.column
                    );
                }
                Shown::Hidden { primary: true, .. } => {
                    assert!(row.equality && (1..5).contains(&value));
                    primary += 1;
                }
                Shown::Hidden { primary: false, .. } => assert!(row.equality && value > 0),
            }
        }
        // a row and its total: never exactly one hidden
        let hidden = row
            .cells
            .iter()
            .map(|c| c.passages)
            .chain([row.total_passages])
            .filter(|s| s.value().is_none())
            .count();
        assert_ne!(
            hidden, 1,
            "row {} gives away its hidden count",
            row.community
        );
    }
    assert!(
        primary > 0,
        "the sample corpus has small equality counts to suppress"
    );
    // each equality group and its values, per column: never exactly one hidden
    for group in shown.rows.iter().filter(|r| r.equality && r.depth == 1) {
        let children: Vec<_> = shown
            .rows
            .iter()
            .filter(|r| r.community.starts_with(&format!("{}/", group.community)))
            .collect();
        for column in 0..shown.columns.len() {
            let hidden = std::iter::once(group)
                .chain(children.iter().copied())
                .filter(|r| r.cells[column].passages.value().is_none())
                .count();
            assert_ne!(
                hidden, 1,
                "{} in {} gives away its hidden count",
                group.community, shown.columns[column]
            );
        }
    }
}

async fn get(uri: &str) -> (u16, serde_json::Value, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = router(AppState::new(corpus(), None))
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    let text = String::from_utf8(body).unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        text,
    )
}

#[tokio::test]
async fn no_other_endpoint_publishes_equality_counts() {
    let is_equality = |value: &str| corpus().equality_paths().unwrap().contains(value);
    // the coverage table is where they are, suppressed
    let (status, coverage, _) = get("/api/coverage").await;
    assert_eq!(status, 200);
    let cells: Vec<&serde_json::Value> = coverage["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["equality"] == true)
        .flat_map(|r| r["cells"].as_array().unwrap())
        .collect();
    assert!(cells.iter().any(|c| c["passages"] == "<5"));
    assert!(cells
        .iter()
        .all(|c| c["passages"].as_u64().is_none_or(|n| n == 0 || n >= 5)));
    // the CSV export of the table shows the same suppressed cells
    let (status, _, csv) = get("/api/coverage?format=csv").await;
    assert_eq!(status, 200);
    let mut shown_in_csv = BTreeMap::new();
    for record in ::csv::Reader::from_reader(csv.as_bytes()).records() {
        let record = record.unwrap();
        shown_in_csv.insert(
            (record[0].to_string(), record[2].to_string()),
            record[3].to_string(),
        );
    }
    for row in coverage["rows"].as_array().unwrap() {
        for cell in row["cells"].as_array().unwrap() {
            let display = match &cell["passages"] {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            assert_eq!(
                shown_in_csv[&(
                    row["community"].as_str().unwrap().to_string(),
                    cell["column"].as_str().unwrap().to_string()
                )],
                display
            );
        }
    }
    // searches and the facet list leave them out
    for uri in [
        "/api/search?per_page=1",
        "/api/search?place=Calderdale&per_page=1",
        "/api/search?q=waiting&theme=Access&per_page=1",
    ] {
        let (_, body, _) = get(uri).await;
        let communities = body["facets"]["community"].as_array().unwrap();
        assert!(!communities.is_empty());
        assert!(
            communities
                .iter()
                .all(|c| !is_equality(c["value"].as_str().unwrap())),
            "{uri}"
        );
    }
    let (_, facets, _) = get("/api/facets").await;
    assert!(facets["facets"]["community"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| !is_equality(c["value"].as_str().unwrap())));
    // no single passage carries them: hits, exports, documents
    let (_, survey, _) = get("/api/search?kind=survey&per_page=50").await;
    for hit in survey["hits"].as_array().unwrap() {
        assert!(hit["tags"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| !is_equality(t["value"].as_str().unwrap())));
        assert!(hit["attributes"]
            .as_object()
            .unwrap()
            .keys()
            .all(|k| !k.starts_with(insight_model::EQUALITY_ATTRIBUTE)));
    }
    let (_, _, export) = get("/api/export?kind=survey&format=ndjson").await;
    assert!(!export.is_empty());
    for line in export.lines() {
        let passage: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(passage["tags"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| !is_equality(t["value"].as_str().unwrap())));
        assert!(passage["attributes"]
            .as_object()
            .unwrap()
            .keys()
            .all(|k| !k.starts_with(insight_model::EQUALITY_ATTRIBUTE)));
    }
    let doc_id = survey["hits"][0]["doc_id"].as_str().unwrap();
    let (_, document, _) = get(&format!("/api/documents/{doc_id}?per_page=1000")).await;
    for passage in document["passages"].as_array().unwrap() {
        assert!(passage["tags"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| !is_equality(t["value"].as_str().unwrap())));
    }
    // and no endpoint takes them as a filter, so no second table can be set beside it
    for uri in [
        "/api/search?community=Age%20band/85%2B",
        "/api/export?community=Ethnicity",
        "/api/timeline?community=Disability/Yes",
        "/api/trends?community=Age%20band/18-24",
        "/api/coverage?community=Gender/Woman",
        "/api/search?q=community:%22Age%20band%2F65-74%22",
    ] {
        let (status, body, text) = get(uri).await;
        assert_eq!(status, 400, "{uri}: {text}");
        assert_eq!(body["error"]["code"], "equality_filter", "{uri}: {text}");
    }
}

/// New topics on a generated corpus: a new word spreading across sources is offered with
/// examples and the taxonomy lines to add, and in the board paper; a word from one report only, a word the
/// taxonomy knows and the steady words are not.
#[test]
fn a_new_word_spreading_across_sources_is_offered_as_a_topic() {
    let workspace = Workspace::with_fixture("small");
    for folder in ["reports", "notes", "surveys"] {
        std::fs::remove_dir_all(workspace.corpus().join(folder)).unwrap();
    }
    let quarters = [
        "2025-02-10",
        "2025-05-10",
        "2025-08-10",
        "2025-11-10",
        "2026-02-10",
    ];
    let report = |name: &str, date: &str, sections: &[&str]| {
        let mut text = format!(
            "---\ntitle: Listening event {name}\nkind: engagement report\norganisation: Group {name}\nplaces: [Riverton]\ndate: {date}\nvisibility: public\n---\n"
        );
        for (i, section) in sections.iter().enumerate() {
            text.push_str(&format!("## Part {i}\n\n{section}\n\n"));
        }
        workspace.write(&format!("reports/{name}.md"), text);
    };
    let steady = "People talked about the service and what would help next time.";
    for (q, date) in quarters.iter().enumerate() {
        let latest = q == quarters.len() - 1;
        for k in 0..12 {
            let mut sections = vec![steady; 3];
            if latest && k < 11 {
                sections.push("Several asked about Mounjaro and where to get it; one was told to wait for discharge first.");
                sections.push("Others said the booking portal kept logging them out.");
            } else {
                sections.push(steady);
            }
            report(&format!("q{q}-r{k}"), date, &sections);
        }
    }
    report(
        "q4-long",
        quarters[4],
        &["Zepbound came up again and again in this one group."; 30],
    );
    let index = workspace.open_index();
    workspace.ingest(&index);
    let topics = index
        .new_topics(&crate::support::everything(), Interval::Quarter, 5, 3)
        .unwrap();
    assert_eq!(topics.period.as_deref(), Some("2026-Q1"));
    assert_eq!(topics.baseline_periods.len(), 4);
    let words: Vec<&str> = topics.topics.iter().map(|t| t.word.as_str()).collect();
    assert!(words.contains(&"mounjaro"), "{words:?}");
    let mounjaro = topics.topics.iter().find(|t| t.word == "mounjaro").unwrap();
    assert_eq!(
        (mounjaro.count, mounjaro.sources, mounjaro.baseline_count),
        (11, 11, 0)
    );
    assert!(mounjaro.q_value <= insight_index::EMERGING_FDR);
    assert_eq!(mounjaro.examples.len(), 3);
    let example_sources: BTreeSet<&str> = mounjaro
        .examples
        .iter()
        .map(|e| e.doc_id.as_str())
        .collect();
    assert_eq!(
        example_sources.len(),
        3,
        "examples come from different sources"
    );
    assert!(mounjaro.examples.iter().all(|e| {
        let (from, to) = e.snippet.highlights[0];
        e.snippet.text[from..to].eq_ignore_ascii_case("mounjaro")
    }));
    assert!(mounjaro.taxonomy_toml.contains("phrases = [\"mounjaro\"]"));
    // a word mostly written beside the same word is offered as the phrase; one written
    // between stop words is not
    assert_eq!(mounjaro.phrase, None);
    let portal = topics.topics.iter().find(|t| t.word == "portal").unwrap();
    assert_eq!(portal.phrase.as_deref(), Some("booking portal"));
    assert!(portal
        .taxonomy_toml
        .contains("phrases = [\"booking portal\"]"));
    // one source, a taxonomy word, steady words: never offered
    for absent in ["zepbound", "discharg", "discharge", "service", "people"] {
        assert!(!words.contains(&absent), "{absent} in {words:?}");
    }
    // the board paper lists it with its evidence
    drop(index);
    let output = workspace.run(&["report", "--place", "Riverton", "--index", "index"]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(report.contains("## New topics"), "{report}");
    assert!(
        report.contains("- **mounjaro**: 11 passages from 11 sources"),
        "{report}"
    );
    assert!(
        report.contains("- **booking portal**: 11 passages from 11 sources"),
        "{report}"
    );
}
