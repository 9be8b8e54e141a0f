//! The mechanics of plain queries on a fixture of our own (never a tuned score): fewer
//! words required when few passages have them all, in order of coverage; themes named by
//! the words; near spellings of rare words, exact spellings first; "did you mean"; and
//! query syntax keeping its exact meaning.

use crate::support::{ingest_with, query_request, Workspace};
use insight_index::{Hit, InsightIndex, SearchRequest, SearchResults};
use insight_ingest::IngestOptions;
use std::sync::OnceLock;

const CLEANLINESS: &str = r#"
[[theme]]
path = "Cleanliness"
synonyms = ["hygiene"]
phrases = ["filthy", "spotless", "dirty"]
"#;

const REPORT: &str = "---
title: Clinic visits in Hillford
kind: engagement report
organisation: Hillford Community Trust
places: [Hillford]
visibility: public
---

# Clinic visits in Hillford

## Minibus

The minibus timetable is pinned up at the surgery every week.

## Timetable only

Nobody could find a timetable for the surgery.

## Lonely minibus

A minibus would help.

## Toilets

The toilets near the waiting room were filthy on both visits.

## Posters

Hand hygiene posters were on every door.

## Typed fast

The dischrage letter never came.

## Unrelated

People praised the reception staff.
";

fn index() -> &'static InsightIndex {
    static INDEX: OnceLock<(Workspace, InsightIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let workspace = Workspace::with_fixture("small");
            let taxonomy =
                std::fs::read_to_string(workspace.corpus().join("taxonomy.toml")).unwrap();
            workspace.write("taxonomy.toml", taxonomy + CLEANLINESS);
            workspace.write("reports/hillford-clinic-visits.md", REPORT);
            let index = InsightIndex::create_in_ram().unwrap();
            let summary = ingest_with(&index, &IngestOptions::new(workspace.corpus()));
            assert_eq!(summary.errors, 0);
            (workspace, index)
        })
        .1
}

fn search(request: &SearchRequest) -> SearchResults {
    index().search(request).unwrap()
}

fn plain(query: &str) -> SearchResults {
    search(&SearchRequest {
        limit: 50,
        ..query_request(query)
    })
}

fn headings(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|hit| hit.heading.as_str()).collect()
}

fn covers(hit: &Hit, words: &[&str]) -> usize {
    let text = hit.text.to_lowercase();
    words.iter().filter(|w| text.contains(*w)).count()
}

#[test]
fn passages_with_every_word_come_first_then_those_with_most() {
    let results = plain("minibus timetable surgery");
    let read = results.interpretation.clone().unwrap();
    assert_eq!(read.matching, "words");
    assert_eq!(read.words, ["minibus", "timetable", "surgery"]);
    // one passage has all three: fewer than ten, so fewer words are required
    assert!(read.required < 3, "{read:?}");
    let words = ["minibus", "timetable", "surgery"];
    let coverage: Vec<usize> = results.hits.iter().map(|hit| covers(hit, &words)).collect();
    assert!(
        coverage.windows(2).all(|pair| pair[0] >= pair[1]),
        "hits must come in order of words covered: {coverage:?} {:?}",
        headings(&results.hits)
    );
    assert!(coverage.iter().all(|c| *c >= read.required));
    assert_eq!(coverage[0], 3, "{:?}", headings(&results.hits));
    assert_eq!(results.total, results.hits.len());
    // common words are left out, and said so
    let results = plain("the minibus and the timetable");
    let read = results.interpretation.unwrap();
    assert_eq!(read.words, ["minibus", "timetable"]);
    assert_eq!(read.ignored, ["the", "and"]);
}

#[test]
fn a_word_naming_a_theme_also_finds_passages_tagged_with_it() {
    let results = plain("hygiene");
    let read = results.interpretation.clone().unwrap();
    assert_eq!(read.themes, ["Cleanliness"]);
    let found = headings(&results.hits);
    assert!(found.contains(&"Toilets"), "{found:?}");
    // the word itself ranks above the theme alone
    assert_eq!(found[0], "Posters", "{found:?}");
    assert!(!found.contains(&"Unrelated"));

    let words_only = search(&SearchRequest {
        expand_themes: false,
        limit: 50,
        ..query_request("hygiene")
    });
    let read = words_only.interpretation.unwrap();
    assert!(read.themes.is_empty());
    assert_eq!(read.themes_not_added, ["Cleanliness"]);
    assert_eq!(headings(&words_only.hits), ["Posters"]);
}

#[test]
fn a_rare_long_word_also_matches_near_spellings_the_exact_one_first() {
    let results = plain("dischrage");
    let read = results.interpretation.clone().unwrap();
    assert_eq!(read.corrections.len(), 1, "{read:?}");
    assert_eq!(read.corrections[0].typed, "dischrage");
    assert_eq!(read.corrections[0].found, "discharge");
    assert_eq!(results.hits[0].heading, "Typed fast");
    assert!(
        results.hits.len() > 1
            && results.hits[1..]
                .iter()
                .all(|hit| hit.text.to_lowercase().contains("discharg")),
        "{:?}",
        headings(&results.hits)
    );
    // a misspelt word of the same length with no twin in the index
    let results = plain("minibsu");
    assert!(results
        .hits
        .iter()
        .all(|hit| hit.text.to_lowercase().contains("minibus")));
    assert_eq!(results.hits.len(), 3);
    // short words are not stretched: no hits, and a suggestion
    let results = plain("bsu timetible");
    assert!(
        results.total > 0,
        "timetible is long enough for a near spelling"
    );
    let results = plain("bsu");
    assert_eq!(results.total, 0);
    let read = results.interpretation.unwrap();
    assert_eq!(read.suggestion.as_deref(), Some("bus"), "{read:?}");
}

#[test]
fn query_syntax_and_exact_keep_every_word_required() {
    let all_three = |hits: &[Hit]| {
        hits.iter()
            .all(|hit| covers(hit, &["minibus", "timetable", "surgery"]) == 3)
    };
    for (query, total) in [
        ("minibus AND timetable AND surgery", 2),
        ("+minibus +timetable +surgery", 2),
        ("\"minibus timetable\" surgery", 1),
    ] {
        let results = plain(query);
        assert_eq!(results.interpretation.unwrap().matching, "exact", "{query}");
        assert_eq!(results.total, total, "{query}");
        assert!(all_three(&results.hits));
    }
    let exact = search(&SearchRequest {
        exact: true,
        limit: 50,
        ..query_request("minibus timetable surgery")
    });
    assert_eq!(exact.total, 2);
    assert!(all_three(&exact.hits));
    // exact spelling only: no near spellings
    let exact = search(&SearchRequest {
        exact: true,
        ..query_request("minibsu")
    });
    assert_eq!(exact.total, 0);
    // OR and NOT as written
    let either = plain("minibus OR hygiene");
    assert_eq!(either.total, 4);
    let not = plain("minibus NOT timetable");
    assert_eq!(not.total, 1);
}

#[test]
fn awkward_queries_get_a_result_or_a_clear_reason() {
    // only common words: searched as they are
    assert!(plain("the of and").interpretation.is_some());
    // nothing to search: an empty answer that says why
    let nothing = plain("?! ... ;");
    assert_eq!(nothing.total, 0);
    let notice = nothing.interpretation.unwrap().notice.unwrap();
    assert!(notice.contains("no words to search"), "{notice}");
    // text pasted from an email: the most distinctive words are searched
    let pasted = "Hi all, following on from Tuesday, I was wondering whether anyone has looked at \
        what people said about the minibus timetable at the surgery in Hillford, because the \
        board asked whether the new community transport pilot should run on clinic days, and \
        I would like to include the views of residents and carers who rely on it. Thanks, and \
        apologies for the long email. "
        .repeat(4);
    let results = plain(&pasted);
    let read = results.interpretation.unwrap();
    assert!(read.words.len() <= 16, "{read:?}");
    assert!(!read.ignored.is_empty());
    assert!(results.total > 0);
    // unbalanced quotes: the words are searched, and the notice says what was wrong
    let unbalanced = plain("\"minibus timetable");
    assert_eq!(
        unbalanced.interpretation.as_ref().unwrap().matching,
        "words"
    );
    let notice = unbalanced.interpretation.unwrap().notice.unwrap();
    assert!(notice.contains("quotes"), "{notice}");
    assert!(unbalanced.total > 0);
}
