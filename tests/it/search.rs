//! Search through the `InsightIndex` API on the small fixture: filters, multi-select
//! facet counts checked against a brute-force count, date ranges, sorting, phrases,
//! stemming and paging.

use crate::support::{
    all_hits, ingest_with, ingested_in_ram, query_request, search_all, Workspace,
};
use chrono::NaiveDate;
use insight_index::{FacetField, Hit, InsightIndex, SearchRequest, SearchResults, Sort};
use insight_ingest::IngestOptions;
use insight_model::{Facet, Taxonomy};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The small fixture, ingested once into memory for every test here (read-only).
fn small() -> &'static InsightIndex {
    static INDEX: OnceLock<InsightIndex> = OnceLock::new();
    INDEX.get_or_init(|| ingested_in_ram("small").0)
}

/// The small fixture with one commit per file: one segment per file, so that counts
/// and pages are merged across segments.
fn small_in_segments() -> &'static InsightIndex {
    static INDEX: OnceLock<InsightIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let workspace = Workspace::with_fixture("small");
        let index = InsightIndex::create_in_ram().unwrap();
        let mut options = IngestOptions::new(workspace.corpus());
        options.commit_every = 1;
        let summary = ingest_with(&index, &options);
        assert_eq!(summary.commits, summary.files_found + 1);
        index
    })
}

fn request(query: &str, filters: &[(FacetField, &[&str])]) -> SearchRequest {
    let mut request = query_request(query);
    for (facet, values) in filters {
        request
            .filters
            .insert(*facet, values.iter().map(|v| v.to_string()).collect());
    }
    request
}

fn ids(hits: &[Hit]) -> BTreeSet<String> {
    hits.iter().map(|hit| hit.passage_id.clone()).collect()
}

/// The passages of `hits` for which `keep` holds.
fn ids_where(hits: &[Hit], keep: impl Fn(&Hit) -> bool) -> BTreeSet<String> {
    hits.iter()
        .filter(|hit| keep(hit))
        .map(|hit| hit.passage_id.clone())
        .collect()
}

fn has_tag_within(hit: &Hit, facet: Facet, ancestor: &str) -> bool {
    hit.tags
        .paths(facet)
        .any(|path| Taxonomy::is_within(path, ancestor))
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn values_of_one_facet_are_ored() {
    let index = small();
    let everything = search_all(index, "");
    let transport_or_medicines = all_hits(
        index,
        &request("", &[(FacetField::Theme, &["Transport", "Medicines"])]),
    );
    let expected = ids_where(&everything, |hit| {
        has_tag_within(hit, Facet::Theme, "Transport")
            || has_tag_within(hit, Facet::Theme, "Medicines")
    });
    assert_eq!(ids(&transport_or_medicines), expected);
    for single in ["Transport", "Medicines"] {
        let one = all_hits(index, &request("", &[(FacetField::Theme, &[single])]));
        assert!(!one.is_empty());
        assert!(one.len() < expected.len(), "{single}");
    }
}

#[test]
fn different_facets_are_anded() {
    let index = small();
    let everything = search_all(index, "");
    let hits = all_hits(
        index,
        &request(
            "",
            &[
                (FacetField::Place, &["Hillford"]),
                (FacetField::Theme, &["Transport"]),
            ],
        ),
    );
    let expected = ids_where(&everything, |hit| {
        has_tag_within(hit, Facet::Place, "Northshire/Hillford")
            && has_tag_within(hit, Facet::Theme, "Transport")
    });
    assert!(!expected.is_empty());
    assert_eq!(ids(&hits), expected);
    let hillford = all_hits(index, &request("", &[(FacetField::Place, &["Hillford"])]));
    let transport = all_hits(index, &request("", &[(FacetField::Theme, &["Transport"])]));
    assert!(hits.len() < hillford.len() && hits.len() < transport.len());
}

#[test]
fn parent_place_includes_its_children() {
    let index = small();
    let everything = search_all(index, "");
    let riverton = all_hits(index, &request("", &[(FacetField::Place, &["Riverton"])]));
    let expected = ids_where(&everything, |hit| {
        has_tag_within(hit, Facet::Place, "Northshire/Riverton")
    });
    assert_eq!(ids(&riverton), expected);
    // answers tagged only with the Eastbank ward are found under Riverton
    assert!(riverton.iter().any(|hit| {
        hit.tags
            .paths(Facet::Place)
            .all(|path| path != "Northshire/Riverton")
    }));
    let results = small()
        .search(&request("", &[(FacetField::Place, &["Riverton"])]))
        .unwrap();
    assert_eq!(results.filters["place"], vec!["Northshire/Riverton"]);
}

/// Values and counts of one facet in the results.
fn counted(results: &SearchResults, facet: FacetField) -> BTreeMap<String, u64> {
    results.facets[facet.name()]
        .iter()
        .map(|count| (count.value.clone(), count.count))
        .collect()
}

/// Counts one facet over `hits` the slow way: each passage once per value it carries,
/// a hierarchical value counting for its ancestors too.
fn brute_force(hits: &[Hit], facet: FacetField) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for hit in hits {
        let values: BTreeSet<String> = match facet {
            FacetField::Kind => BTreeSet::from([hit.kind.clone()]),
            FacetField::Organisation => hit.organisation.iter().cloned().collect(),
            _ => {
                let model_facet: Facet = facet.name().parse().unwrap();
                let mut values = BTreeSet::new();
                for path in hit.tags.paths(model_facet) {
                    let segments: Vec<&str> = path.split('/').collect();
                    for depth in 1..=segments.len() {
                        values.insert(segments[..depth].join("/"));
                    }
                }
                values
            }
        };
        for value in values {
            *counts.entry(value).or_default() += 1;
        }
    }
    counts
}

const COUNTED: [FacetField; 6] = [
    FacetField::Place,
    FacetField::Segment,
    FacetField::Theme,
    FacetField::Community,
    FacetField::Kind,
    FacetField::Organisation,
];

#[test]
fn facet_counts_equal_a_brute_force_count() {
    check_facet_counts(small());
}

#[test]
fn facet_counts_add_up_across_segments() {
    check_facet_counts(small_in_segments());
}

fn check_facet_counts(index: &InsightIndex) {
    let mut dated = request(
        "bus OR clinic OR discharge",
        &[(FacetField::Theme, &["Transport", "Medicines", "Discharge"])],
    );
    dated.from = Some(day("2024-02-01"));
    let requests = [
        request("", &[]),
        request("discharge", &[]),
        request("", &[(FacetField::Theme, &["Discharge"])]),
        request(
            "",
            &[
                (FacetField::Place, &["Riverton"]),
                (FacetField::Community, &["Carers"]),
            ],
        ),
        request(
            "",
            &[
                (FacetField::Place, &["Eastbank", "Hillford"]),
                (FacetField::Kind, &["survey"]),
            ],
        ),
        dated,
    ];
    for request in &requests {
        let results = index.search(request).unwrap();
        assert_eq!(results.total, all_hits(index, request).len());
        for facet in COUNTED {
            // a filtered facet is counted as if its own filter were lifted
            let mut lifted = request.clone();
            lifted.filters.remove(&facet);
            let expected = brute_force(&all_hits(index, &lifted), facet);
            assert_eq!(
                counted(&results, facet),
                expected,
                "{} counts for {request:?}",
                facet.name()
            );
        }
    }
}

#[test]
fn filtered_facet_still_counts_its_other_values() {
    let index = small();
    let unfiltered = index.search(&request("", &[])).unwrap();
    let hillford = index
        .search(&request("", &[(FacetField::Place, &["Hillford"])]))
        .unwrap();
    let places = counted(&hillford, FacetField::Place);
    assert_eq!(places, counted(&unfiltered, FacetField::Place));
    assert!(places["Northshire/Riverton"] > 0);
    assert_eq!(hillford.total as u64, places["Northshire/Hillford"]);
    // the other facets count the filtered result set only
    let themes = counted(&hillford, FacetField::Theme);
    assert!(themes["Transport"] < counted(&unfiltered, FacetField::Theme)["Transport"]);
}

#[test]
fn date_range_finds_passages_whose_period_overlaps_it() {
    let index = small();
    let everything = search_all(index, "");
    let ranged = |from: Option<&str>, to: Option<&str>| -> BTreeSet<String> {
        let request = SearchRequest {
            from: from.map(day),
            to: to.map(day),
            ..crate::support::everything()
        };
        ids(&all_hits(index, &request))
    };
    let overlapping = |from: Option<&str>, to: Option<&str>| -> BTreeSet<String> {
        ids_where(&everything, |hit| {
            hit.date.is_some_and(|span| {
                from.is_none_or(|from| span.to >= day(from))
                    && to.is_none_or(|to| span.from <= day(to))
            })
        })
    };
    let hillford = ids_where(&everything, |hit| {
        hit.file == "reports/hillford-transport.md"
    });
    assert_eq!(hillford.len(), 2);
    // the Hillford report covers 2024-01-01 to 2024-03-31
    for (from, to, includes_hillford) in [
        (Some("2024-03-31"), None, true),
        (Some("2024-04-01"), None, false),
        (None, Some("2024-01-01"), true),
        (None, Some("2023-12-31"), false),
        (Some("2024-02-01"), Some("2024-02-29"), true),
        (Some("2023-06-01"), Some("2025-02-03"), true),
        (Some("2025-02-04"), Some("2025-02-05"), false),
    ] {
        let found = ranged(from, to);
        assert_eq!(found, overlapping(from, to), "{from:?} to {to:?}");
        assert_eq!(
            hillford.is_subset(&found),
            includes_hillford,
            "{from:?} to {to:?}"
        );
    }
    // two survey answers were given on 4 and 5 February 2025
    assert_eq!(ranged(Some("2025-02-04"), Some("2025-02-05")).len(), 2);
    // a date filter leaves out undated passages
    let undated = ids_where(&everything, |hit| hit.date.is_none());
    assert!(!undated.is_empty());
    assert!(ranged(Some("1990-01-01"), None).is_disjoint(&undated));
}

#[test]
fn sort_by_newest_and_oldest() {
    check_sort(small());
}

#[test]
fn sort_by_date_across_segments() {
    check_sort(small_in_segments());
}

fn check_sort(index: &InsightIndex) {
    let sorted = |sort: Sort| -> Vec<Hit> {
        all_hits(
            index,
            &SearchRequest {
                sort,
                ..crate::support::everything()
            },
        )
    };
    let newest = sorted(Sort::Newest);
    let oldest = sorted(Sort::Oldest);
    assert_eq!(newest.len(), search_all(index, "").len());
    for (name, hits) in [("newest", &newest), ("oldest", &oldest)] {
        let dated = hits.iter().take_while(|hit| hit.date.is_some()).count();
        assert!(
            hits[dated..].iter().all(|hit| hit.date.is_none()),
            "{name}: undated passages come last"
        );
        assert!(dated > 1);
    }
    let ends: Vec<NaiveDate> = newest.iter().filter_map(|h| h.date.map(|d| d.to)).collect();
    assert!(ends.windows(2).all(|pair| pair[0] >= pair[1]), "{ends:?}");
    let starts: Vec<NaiveDate> = oldest
        .iter()
        .filter_map(|h| h.date.map(|d| d.from))
        .collect();
    assert!(
        starts.windows(2).all(|pair| pair[0] <= pair[1]),
        "{starts:?}"
    );
    assert_eq!(newest[0].file, "notes/riverton-carers-workshop.txt");
    assert_eq!(oldest[0].file, "reports/hillford-transport.md");
}

#[test]
fn phrase_matches_adjacent_words_only() {
    let index = small();
    let phrase = search_all(index, "\"discharge lounge\"");
    let words = search_all(index, "discharge lounge");
    assert!(!phrase.is_empty());
    for hit in &phrase {
        assert!(
            hit.text.to_lowercase().contains("discharge lounge"),
            "{}",
            hit.text
        );
    }
    assert!(ids(&phrase).is_subset(&ids(&words)));
    // "The discharge letter ... the lounge chairs": both words, not the phrase
    let apart: Vec<&Hit> = words
        .iter()
        .filter(|hit| !ids(&phrase).contains(&hit.passage_id))
        .collect();
    assert!(
        apart
            .iter()
            .any(|hit| hit.text.starts_with("The discharge letter")),
        "{apart:?}"
    );
}

#[test]
fn stemming_matches_word_forms() {
    let index = small();
    let carer = search_all(index, "carer");
    let carers = search_all(index, "carers");
    assert_eq!(ids(&carer), ids(&carers));
    // the report summary says "carers" and never "carer"
    let summary = carer
        .iter()
        .find(|hit| hit.text.starts_with("Twelve carers"))
        .expect("carer finds carers");
    let words: Vec<String> = summary
        .text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    assert!(!words.iter().any(|word| word == "carer"));
    let highlighted =
        &summary.snippet.text[summary.snippet.highlights[0].0..summary.snippet.highlights[0].1];
    assert_eq!(highlighted, "carers");
    assert_eq!(
        ids(&search_all(index, "waited")),
        ids(&search_all(index, "waiting"))
    );
}

#[test]
fn pages_are_disjoint_and_cover_every_match() {
    check_pages(small());
}

#[test]
fn pages_are_disjoint_across_segments() {
    check_pages(small_in_segments());
}

fn check_pages(index: &InsightIndex) {
    for sort in [Sort::Relevance, Sort::Newest, Sort::Oldest] {
        for query in ["", "the"] {
            let all = all_hits(
                index,
                &SearchRequest {
                    query: query.to_string(),
                    sort,
                    ..crate::support::everything()
                },
            );
            let mut seen = BTreeSet::new();
            let mut in_order = Vec::new();
            let mut offset = 0;
            loop {
                let page = index
                    .search(&SearchRequest {
                        query: query.to_string(),
                        sort,
                        offset,
                        limit: 3,
                        ..crate::support::everything()
                    })
                    .unwrap();
                assert_eq!(page.total, all.len());
                for hit in &page.hits {
                    assert!(
                        seen.insert(hit.passage_id.clone()),
                        "{} on two pages ({sort:?}, {query:?})",
                        hit.passage_id
                    );
                    in_order.push(hit.passage_id.clone());
                }
                offset += 3;
                if page.hits.len() < 3 {
                    break;
                }
            }
            assert_eq!(seen, ids(&all), "{sort:?}, {query:?}");
            let one_page: Vec<String> = all.iter().map(|h| h.passage_id.clone()).collect();
            assert_eq!(in_order, one_page, "{sort:?}, {query:?}");
        }
    }
}
