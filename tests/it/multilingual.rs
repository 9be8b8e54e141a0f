//! Chinese, Japanese and Korean: real sentences found by one-word queries that a
//! whitespace tokenizer would miss, phrases, mixed English and CJK passages, the
//! language facet, and the fallback to character bigrams when a dictionary is missing.
//! The fixture is `tests/data/multilingual`; the queries and the passages they must
//! find are in `tests/data/multilingual-queries.tsv`.

use crate::support::{everything, repo_root, Workspace};
use insight_index::{Dictionaries, InsightIndex, SearchRequest};
use insight_ingest::IngestOptions;
use std::ops::ControlFlow;

struct Case {
    language: String,
    query: String,
    expected: String,
    kind: String,
}

fn cases() -> Vec<Case> {
    let text =
        std::fs::read_to_string(repo_root().join("tests/data/multilingual-queries.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            Case {
                language: cells[0].into(),
                query: cells[1].into(),
                expected: cells[2].into(),
                kind: cells[3].into(),
            }
        })
        .collect()
}

/// The fixture ingested with these dictionaries.
fn ingested(dictionaries: Dictionaries) -> (InsightIndex, insight_ingest::IngestSummary) {
    let workspace = Workspace::with_fixture("multilingual");
    let index = InsightIndex::create_in_ram_with(dictionaries).unwrap();
    let summary = insight_ingest::ingest(&index, &IngestOptions::new(workspace.corpus()), |_| {
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(summary.skipped, 0, "{:?}", summary.files);
    (index, summary)
}

fn texts(index: &InsightIndex, query: &str) -> Vec<String> {
    let results = index
        .search(&SearchRequest {
            query: query.to_string(),
            limit: 100,
            ..everything()
        })
        .unwrap_or_else(|error| panic!("{query}: {error}"));
    results.hits.into_iter().map(|hit| hit.text).collect()
}

/// Every case of the table: a word or phrase finds the passage holding its expected
/// text; an absent word finds nothing.
fn check_cases(index: &InsightIndex, how: &str) {
    let mut failures = Vec::new();
    for case in cases() {
        let found = texts(index, &case.query);
        let ok = match case.kind.as_str() {
            "absent" => found.is_empty(),
            _ => found.iter().any(|text| text.contains(&case.expected)),
        };
        if !ok {
            failures.push(format!(
                "{} {} {:?}: found {found:?}",
                case.language, case.kind, case.query
            ));
        }
    }
    assert!(failures.is_empty(), "{how}:\n{}", failures.join("\n"));
}

fn repo_dictionaries() -> Dictionaries {
    let dictionaries = Dictionaries::load(&repo_root().join("dictionaries"));
    let missing: Vec<&str> = dictionaries
        .status()
        .iter()
        .filter(|d| !d.loaded)
        .map(|d| d.language)
        .collect();
    assert!(
        missing.is_empty(),
        "no dictionary for {missing:?} under dictionaries/: run `bash scripts/dictionaries.sh cargo run --` (scripts/test.sh does)"
    );
    dictionaries
}

#[test]
fn words_and_phrases_in_each_language_are_found_with_the_dictionaries() {
    let (index, summary) = ingested(repo_dictionaries());
    assert!(
        summary.dictionaries.iter().all(|d| d.loaded),
        "{:?}",
        summary.dictionaries
    );
    check_cases(&index, "with dictionaries");
    // the dictionary words are in the language fields (not only the bigrams): a
    // Japanese noun phrase split by lindera, a Chinese word by jieba
    for (query, expected) in [
        ("text_ja:待ち時間", "二時間近く"),
        ("text_zh:医生", "排了一个小时"),
        ("text_ko:병원", "먼저 GP에"),
    ] {
        assert!(
            texts(&index, query).iter().any(|t| t.contains(expected)),
            "{query}"
        );
    }
    // Traditional characters find Simplified text (jieba folds both)
    assert!(texts(&index, "醫生")
        .iter()
        .any(|t| t.contains("排了一个小时")));
}

#[test]
fn a_whitespace_tokenizer_would_miss_these_words() {
    let (index, _) = ingested(Dictionaries::none());
    for case in cases()
        .iter()
        .filter(|c| c.kind == "word" && insight_index::has_cjk(&c.query))
    {
        let passage = texts(&index, &case.query)
            .into_iter()
            .find(|t| t.contains(&case.expected))
            .unwrap_or_else(|| panic!("{} not found", case.query));
        assert!(
            !passage.split_whitespace().any(|word| word == case.query),
            "{} stands alone between spaces; pick a harder case",
            case.query
        );
    }
}

#[test]
fn without_dictionaries_character_bigrams_still_find_them() {
    let (index, summary) = ingested(Dictionaries::none());
    let missing: Vec<_> = summary.dictionaries.iter().filter(|d| !d.loaded).collect();
    assert_eq!(missing.len(), 2, "{:?}", summary.dictionaries);
    assert!(missing.iter().all(|d| d.note.contains("bigrams")));
    check_cases(&index, "bigrams only");
}

#[test]
fn each_passage_carries_its_language() {
    let (index, _) = ingested(Dictionaries::none());
    let results = index
        .search(&SearchRequest {
            limit: 1,
            ..everything()
        })
        .unwrap();
    let languages: Vec<(String, u64)> = results.facets["language"]
        .iter()
        .map(|c| (c.value.clone(), c.count))
        .collect();
    for code in ["zh", "ja", "ko"] {
        assert!(
            languages.iter().any(|(l, n)| l == code && *n >= 2),
            "{languages:?}"
        );
    }
    // a filter on the language facet
    let korean = index
        .search(&SearchRequest {
            filters: [(insight_index::FacetField::Language, vec!["ko".to_string()])].into(),
            limit: 100,
            ..everything()
        })
        .unwrap();
    assert!(korean.total >= 2);
    assert!(korean.hits.iter().all(|h| h
        .text
        .chars()
        .any(|c| ('\u{AC00}'..='\u{D7AF}').contains(&c))));
}
