//! The `insight` binary: ingest and search the bundled corpus, JSON and human output,
//! error messages and exit codes (0 done, 1 failed, 2 something skipped).

use crate::support::{exit_code, stderr, stdout, Workspace};
use insight_model::Taxonomy;
use serde_json::Value;
use std::process::{Command, Stdio};

fn json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}\nstderr: {}",
            stdout(output),
            stderr(output)
        )
    })
}

/// The small fixture, ingested with the binary.
fn small_ingested() -> Workspace {
    let workspace = Workspace::with_fixture("small");
    let (code, _) = workspace.ingest_json();
    assert_eq!(code, 0);
    workspace
}

#[test]
fn ingest_then_search_the_bundled_corpus() {
    let workspace = Workspace::with_fixture("corpus");
    let (code, summary) = workspace.ingest_json();
    assert_eq!(code, 0, "{summary:#}");
    for field in [
        "corpus",
        "files_found",
        "indexed",
        "unchanged",
        "skipped",
        "removed",
        "passages_written",
        "passages_in_index",
        "survey_rows",
        "survey_rows_skipped",
        "non_answers",
        "warnings",
        "errors",
        "taxonomy_changed",
        "interrupted",
        "commits",
        "files",
    ] {
        assert!(summary.get(field).is_some(), "no `{field}` in {summary:#}");
    }
    let files_found = summary["files_found"].as_u64().unwrap();
    assert!(files_found > 0);
    assert_eq!(summary["indexed"], files_found);
    assert_eq!(summary["skipped"], 0);
    assert_eq!(
        summary["files"].as_array().unwrap().len() as u64,
        files_found
    );
    assert_eq!(summary["passages_written"], summary["passages_in_index"]);
    assert_eq!(summary["interrupted"], false);
    assert_eq!(summary["commits"], 1);

    let output = workspace.run(&["search", "discharge carers", "--place", "Leeds", "--json"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let body = json(&output);
    assert_eq!(body["query"], "discharge carers");
    let results = &body["results"];
    assert_eq!(results["filters"]["place"][0], "West Yorkshire/Leeds");
    let hits = results["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 10);
    assert!(results["total"].as_u64().unwrap() > 10);
    for hit in hits {
        let places: Vec<&str> = hit["tags"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|tag| tag["facet"] == "place")
            .map(|tag| tag["path"].as_str().unwrap())
            .collect();
        assert!(
            places
                .iter()
                .any(|place| Taxonomy::is_within(place, "West Yorkshire/Leeds")),
            "{} has places {places:?}",
            hit["passage_id"]
        );
        let snippet = hit["snippet"]["text"].as_str().unwrap();
        let highlights = hit["snippet"]["highlights"].as_array().unwrap();
        assert!(!highlights.is_empty(), "nothing highlighted in {snippet}");
        for range in highlights {
            let start = range[0].as_u64().unwrap() as usize;
            let end = range[1].as_u64().unwrap() as usize;
            let word = snippet[start..end].to_lowercase();
            assert!(
                word.starts_with("discharg") || word.starts_with("carer"),
                "`{word}` is highlighted in {snippet}"
            );
        }
    }

    let output = workspace.run(&["search", "discharge carers", "--place", "Leeds"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let printed = stdout(&output);
    let title = hits[0]["title"].as_str().unwrap();
    assert!(printed.contains(title), "no `{title}` in:\n{printed}");
    assert!(printed.contains("\n   tags: "), "no tags in:\n{printed}");
    assert!(printed.contains("place West Yorkshire/Leeds"), "{printed}");
}

#[test]
fn query_syntax_that_cannot_be_read_is_searched_as_words_and_said_so() {
    let workspace = small_ingested();
    for query in [
        "\"unbalanced carers",
        "carers AND",
        "(carers",
        "theme:\"open carers",
    ] {
        let output = workspace.run(&["search", query]);
        assert_eq!(exit_code(&output), 0, "{query}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(
            message.starts_with("note: the query's syntax could not be read"),
            "{query}: {message}"
        );
        assert!(
            message.contains("its words were searched"),
            "{query}: {message}"
        );
    }
    // a query with no words says so, and lists nothing
    let output = workspace.run(&["search", "?! ;"]);
    assert_eq!(exit_code(&output), 0);
    assert!(
        stderr(&output).contains("no words to search for"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn unknown_place_exits_1_naming_it() {
    let workspace = small_ingested();
    let output = workspace.run(&["search", "bus", "--place", "Atlantis"]);
    assert_eq!(exit_code(&output), 1);
    let message = stderr(&output);
    assert!(
        message.starts_with("error: no place `Atlantis` in the index"),
        "{message}"
    );
    assert!(
        message.contains("Northshire"),
        "lists the values: {message}"
    );
}

#[test]
fn search_without_an_index_says_to_ingest_first() {
    let workspace = Workspace::with_fixture("small");
    let output = workspace.run(&["search", "bus"]);
    assert_eq!(exit_code(&output), 1);
    let message = stderr(&output);
    assert!(message.starts_with("error: no index at index"), "{message}");
    assert!(message.contains("run `insight ingest` first"), "{message}");
}

#[test]
fn search_into_a_closed_pipe_does_not_panic() {
    let workspace = small_ingested();
    let mut child = Command::new(env!("CARGO_BIN_EXE_insight"))
        .args(["search", "", "--limit", "100"])
        .current_dir(workspace.dir.path())
        .env_remove("INSIGHT_INDEX")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // like `insight search ... | head -0`: the reader is gone before anything is printed
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let message = stderr(&output);
    assert!(!message.contains("panicked"), "{message}");
    assert_ne!(output.status.code(), Some(101), "{message}");
}

#[test]
fn check_passes_on_the_bundled_corpus() {
    let workspace = Workspace::with_fixture("corpus");
    let output = workspace.run(&["check", "corpus"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("0 would be skipped"));
    assert!(stdout(&output).contains(" 0 errors"));
    assert!(!workspace.index().exists(), "check writes no index");
}

#[test]
fn check_exits_2_on_a_corpus_with_a_broken_file() {
    let workspace = Workspace::with_fixture("corpus");
    workspace.write(
        "reports/broken.md",
        "---\ntitle: Broken\nplaces: Leeds: Armley\n---\n\nText\n",
    );
    let output = workspace.run(&["check", "corpus", "--json"]);
    assert_eq!(exit_code(&output), 2, "{}", stderr(&output));
    let summary = json(&output);
    assert_eq!(summary["skipped"], 1);
    assert_eq!(summary["errors"], 1);

    let output = workspace.run(&["check", "corpus"]);
    assert_eq!(exit_code(&output), 2);
    let message = stderr(&output);
    assert!(
        message.contains("skipped reports/broken.md: line 3: front matter is not valid YAML"),
        "{message}"
    );
}

#[test]
fn broken_taxonomy_stops_the_ingest_with_exit_1() {
    let workspace = Workspace::with_fixture("small");
    workspace.write(
        "taxonomy.toml",
        "[[theme]]\npath = \"Access/Waiting times\"\n",
    );
    let output = workspace.run(&["ingest", "corpus", "--index", "index"]);
    assert_eq!(exit_code(&output), 1, "{}", stdout(&output));
    let message = stderr(&output);
    assert!(message.starts_with("error: "), "{message}");
    assert!(message.contains("taxonomy.toml is not valid"), "{message}");
    assert!(
        message.contains("has no parent entry `Access`; add it above"),
        "{message}"
    );
}

#[test]
fn report_summarises_a_place_in_three_formats() {
    let workspace = Workspace::with_fixture("corpus");
    let ingest = workspace.run(&["ingest", "corpus", "--index", "index"]);
    assert!(
        ingest.status.success(),
        "{}",
        String::from_utf8_lossy(&ingest.stderr)
    );
    let markdown = workspace.run(&[
        "report",
        "--place",
        "Leeds",
        "--from",
        "2024-01-01",
        "--to",
        "2025-12-31",
        "--index",
        "index",
    ]);
    assert!(
        markdown.status.success(),
        "{}",
        String::from_utf8_lossy(&markdown.stderr)
    );
    let text = String::from_utf8(markdown.stdout).unwrap();
    for heading in [
        "# Insight summary: Leeds, 2024-01-01 to 2025-12-31",
        "## Top themes",
        "## Emerging themes",
        "## Who has not been heard",
        "## What people said",
    ] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    assert!(text.contains("> \""), "no quote:\n{text}");
    let html = workspace.run(&[
        "report",
        "--place",
        "Leeds",
        "--format",
        "html",
        "--out",
        "leeds.html",
        "--index",
        "index",
    ]);
    assert!(html.status.success());
    let page = std::fs::read_to_string(workspace.dir.path().join("leeds.html")).unwrap();
    assert!(
        page.starts_with("<!doctype html>")
            && page.contains("<h2>Top themes</h2>")
            && !page.contains("<script")
    );
    let csv = workspace.run(&[
        "report",
        "--place",
        "Wakefield",
        "--format",
        "csv",
        "--index",
        "index",
    ]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("section,item,value,detail"));
    assert!(csv.lines().any(|l| l.starts_with("top theme,")));
    let unknown = workspace.run(&["report", "--place", "Atlantis", "--index", "index"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no place `Atlantis`"));
}
