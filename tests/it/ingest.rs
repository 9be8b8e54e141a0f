//! Ingest end to end: every file accounted for, incremental runs (unchanged, added,
//! changed, deleted files, a changed taxonomy), interrupted runs, and explicit versus
//! inferred tags.

use crate::support::{
    all_hits, every_passage, in_child, ingested_in_ram, passage_ids, query_request, report,
    run_test_in_child, search_all, Workspace,
};
use insight_index::{Hit, InsightIndex};
use insight_ingest::{FileStatus, IngestOptions, IngestSummary, Progress};
use insight_model::{Facet, Severity, TagOrigin};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;
use std::path::Path;
use std::time::Duration;

const DISCHARGE_REPORT: &str = "reports/riverton-discharge.md";

/// Every file under `root`, relative, `/`-separated.
fn files_under(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.push(parts.join("/"));
            }
        }
    }
    files.sort();
    files
}

/// Passages per file, as the summary reports them (files that have passages).
fn passages_by_file(summary: &IngestSummary) -> BTreeMap<String, usize> {
    summary
        .files
        .iter()
        .filter(|report| matches!(report.status, FileStatus::Indexed | FileStatus::Unchanged))
        .map(|report| (report.file.clone(), report.passages))
        .collect()
}

/// Searchable passages per file.
pub(crate) fn hits_by_file(index: &InsightIndex) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for hit in every_passage(index) {
        *counts.entry(hit.file).or_default() += 1;
    }
    counts
}

/// Manifest passages per file.
pub(crate) fn manifest_by_file(index: &InsightIndex) -> BTreeMap<String, usize> {
    let manifest = index.manifest().expect("manifest");
    manifest
        .files
        .iter()
        .map(|(file, entry)| (file.clone(), entry.passages))
        .collect()
}

#[test]
fn bundled_corpus_is_fully_accounted_for() {
    let workspace = Workspace::with_fixture("corpus");
    let index = workspace.open_index();
    let summary = workspace.ingest(&index);

    assert_eq!(
        summary.files_found,
        summary.indexed + summary.unchanged + summary.skipped
    );
    let skipped: Vec<_> = summary
        .files
        .iter()
        .filter(|report| report.status == FileStatus::Skipped)
        .map(|report| (&report.file, &report.reason))
        .collect();
    assert!(skipped.is_empty(), "skipped: {skipped:?}");
    assert_eq!(summary.indexed, summary.files_found);

    let per_file: usize = summary.files.iter().map(|report| report.passages).sum();
    assert_eq!(per_file, summary.passages_written);
    assert_eq!(index.passage_count(), per_file as u64);
    assert_eq!(summary.passages_in_index, per_file as u64);

    // each file once; a survey mapping is accounted for by its export's report
    let reported: Vec<&str> = summary.files.iter().map(|r| r.file.as_str()).collect();
    let unique: BTreeSet<&str> = reported.iter().copied().collect();
    assert_eq!(unique.len(), reported.len(), "a file is reported twice");
    let mut expected = BTreeSet::new();
    for file in files_under(&workspace.corpus()) {
        // the taxonomy and the learned model beside it are not sources
        if file == "taxonomy.toml" || file == "themes.model" {
            continue;
        }
        if file.ends_with("catalogue.csv") {
            // accounted for by its own report: rows, rows describing a file, warnings
            let catalogue = summary
                .catalogues
                .iter()
                .find(|c| c.file == file)
                .unwrap_or_else(|| panic!("{file} is not in the summary"));
            assert!(catalogue.described >= 1, "{catalogue:?}");
            assert_eq!(
                catalogue.rows,
                catalogue.described + catalogue.diagnostics.len(),
                "every row describes a file or is reported: {catalogue:?}"
            );
            continue;
        }
        if let Some(stem) = file.strip_suffix(".meta.yaml") {
            assert!(
                unique.iter().any(|f| f.starts_with(&format!("{stem}."))),
                "{file} has no document"
            );
            continue;
        }
        match file.strip_suffix(".mapping.toml") {
            Some(stem) => assert!(
                unique.contains(format!("{stem}.csv").as_str()),
                "{file} has no survey export in the summary"
            ),
            None => {
                expected.insert(file);
            }
        }
    }
    let reported: BTreeSet<String> = unique.iter().map(|f| f.to_string()).collect();
    assert_eq!(reported, expected);

    assert!(
        summary.survey_rows >= 3000,
        "only {} survey rows",
        summary.survey_rows
    );

    // the committed manifest and the searchable passages say the same
    drop(index);
    let reopened = InsightIndex::open(&workspace.index()).unwrap();
    assert_eq!(manifest_by_file(&reopened), passages_by_file(&summary));
    assert_eq!(reopened.passage_count(), per_file as u64);
}

#[test]
fn second_ingest_of_an_unchanged_corpus_writes_nothing() {
    let workspace = Workspace::with_fixture("corpus");
    let index = workspace.open_index();
    let first = workspace.ingest(&index);
    let meta = workspace.index().join("meta.json");
    let before = std::fs::read(&meta).unwrap();

    let second = workspace.ingest(&index);
    assert_eq!(second.commits, 0);
    assert_eq!(second.indexed, 0);
    assert_eq!(second.skipped, 0);
    assert_eq!(second.removed, 0);
    assert_eq!(second.unchanged, second.files_found);
    assert_eq!(second.files_found, first.files_found);
    assert_eq!(second.passages_written, 0);
    assert_eq!(second.passages_in_index, first.passages_in_index);
    assert!(!second.taxonomy_changed);
    assert!(
        std::fs::read(&meta).unwrap() == before,
        "meta.json changed although nothing was written"
    );
}

#[test]
fn added_file_is_the_only_one_indexed() {
    let workspace = Workspace::with_fixture("small");
    let index = workspace.open_index();
    let first = workspace.ingest(&index);

    workspace.write(
        "notes/eastbank-drop-in.md",
        "---\ntitle: Eastbank drop-in\nkind: workshop notes\nplaces: [Eastbank]\nvisibility: public\n---\n\n## Table 1\n\n- the pharmacy closes at five\n- no bus after six\n",
    );
    let second = workspace.ingest(&index);

    let added = report(&second, "notes/eastbank-drop-in.md");
    assert_eq!(added.status, FileStatus::Indexed);
    assert_eq!(added.passages, 2);
    assert_eq!(second.indexed, 1);
    assert_eq!(second.unchanged, first.files_found);
    assert_eq!(second.files_found, first.files_found + 1);
    assert_eq!(second.passages_written, added.passages);
    assert_eq!(
        index.passage_count(),
        first.passages_in_index + added.passages as u64
    );
    assert_eq!(second.passages_in_index, index.passage_count());
}

#[test]
fn changed_file_is_replaced_not_duplicated() {
    let workspace = Workspace::with_fixture("small");
    let index = workspace.open_index();
    let first = workspace.ingest(&index);
    let old_passages = report(&first, DISCHARGE_REPORT).passages;
    assert_eq!(search_all(&index, "marmalade").len(), 1);

    let original = std::fs::read_to_string(workspace.corpus().join(DISCHARGE_REPORT)).unwrap();
    let (kept, _getting_home) = original.split_once("## Getting home").unwrap();
    workspace.write(DISCHARGE_REPORT, kept.replace("marmalade", "tangerine"));
    let second = workspace.ingest(&index);

    let changed = report(&second, DISCHARGE_REPORT);
    assert_eq!(changed.status, FileStatus::Indexed);
    assert_eq!(changed.passages, old_passages - 1);
    assert_eq!(second.indexed, 1);
    assert_eq!(second.unchanged, second.files_found - 1);
    assert_eq!(
        index.passage_count(),
        first.passages_in_index - old_passages as u64 + changed.passages as u64
    );
    let new_word: Vec<Hit> = search_all(&index, "tangerine");
    assert_eq!(new_word.len(), 1);
    assert_eq!(new_word[0].file, DISCHARGE_REPORT);
    assert!(search_all(&index, "marmalade").is_empty());
    assert_eq!(hits_by_file(&index)[DISCHARGE_REPORT], changed.passages);
    let ids = passage_ids(&index);
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate passages");
}

#[test]
fn deleted_file_loses_its_passages() {
    let workspace = Workspace::with_fixture("small");
    let index = workspace.open_index();
    let first = workspace.ingest(&index);
    let passages = report(&first, DISCHARGE_REPORT).passages;

    workspace.remove(DISCHARGE_REPORT);
    let second = workspace.ingest(&index);

    let removed = report(&second, DISCHARGE_REPORT);
    assert_eq!(removed.status, FileStatus::Removed);
    assert_eq!(removed.passages, passages);
    assert_eq!(second.removed, 1);
    assert_eq!(second.files_found, first.files_found - 1);
    assert_eq!(second.unchanged, second.files_found);
    assert_eq!(
        index.passage_count(),
        first.passages_in_index - passages as u64
    );
    assert!(!hits_by_file(&index).contains_key(DISCHARGE_REPORT));
    assert!(!manifest_by_file(&index).contains_key(DISCHARGE_REPORT));
    assert!(search_all(&index, "marmalade").is_empty());
}

#[test]
fn changed_mapping_reindexes_its_export() {
    const SURVEY: &str = "surveys/riverton-patient-survey.csv";
    const MAPPING: &str = "surveys/riverton-patient-survey.mapping.toml";
    let workspace = Workspace::with_fixture("small");
    let index = workspace.open_index();
    let first = workspace.ingest(&index);

    let mapping = std::fs::read_to_string(workspace.corpus().join(MAPPING)).unwrap();
    workspace.write(
        MAPPING,
        mapping.replace("themes = []", "themes = [\"Access\"]"),
    );
    let second = workspace.ingest(&index);

    assert_eq!(report(&second, SURVEY).status, FileStatus::Indexed);
    assert_eq!(second.indexed, 1);
    assert_eq!(second.unchanged, first.files_found - 1);
    assert_eq!(index.passage_count(), first.passages_in_index);
    let answers: Vec<Hit> = search_all(&index, "")
        .into_iter()
        .filter(|hit| hit.file == SURVEY)
        .collect();
    assert_eq!(answers.len(), report(&first, SURVEY).passages);
    for answer in &answers {
        assert_eq!(
            origin(answer, Facet::Theme, "Access"),
            Some(TagOrigin::Explicit)
        );
    }
}

#[test]
fn broken_file_keeps_its_previous_version_until_deleted() {
    let workspace = Workspace::with_fixture("small");
    let index = workspace.open_index();
    let first = workspace.ingest(&index);
    let passages = report(&first, DISCHARGE_REPORT).passages;

    let original = std::fs::read_to_string(workspace.corpus().join(DISCHARGE_REPORT)).unwrap();
    workspace.write(DISCHARGE_REPORT, original.replacen("---\n", "", 1));
    let broken = workspace.ingest(&index);
    let skipped = report(&broken, DISCHARGE_REPORT);
    assert_eq!(skipped.status, FileStatus::Skipped);
    assert!(skipped.previous_version_kept);
    assert!(broken.has_skips());
    assert_eq!(index.passage_count(), first.passages_in_index);
    assert_eq!(hits_by_file(&index)[DISCHARGE_REPORT], passages);
    assert_eq!(search_all(&index, "marmalade").len(), 1);

    workspace.remove(DISCHARGE_REPORT);
    let deleted = workspace.ingest(&index);
    assert_eq!(
        report(&deleted, DISCHARGE_REPORT).status,
        FileStatus::Removed
    );
    assert_eq!(
        index.passage_count(),
        first.passages_in_index - passages as u64
    );
    assert!(search_all(&index, "marmalade").is_empty());
}

#[test]
fn changed_taxonomy_retags_every_file() {
    let workspace = Workspace::with_fixture("small");
    let index = workspace.open_index();
    let first = workspace.ingest(&index);
    let respite = |index: &InsightIndex| -> Vec<String> {
        search_all(index, "respite")
            .into_iter()
            .filter(|hit| hit.tags.paths(Facet::Theme).any(|path| path == "Respite"))
            .map(|hit| hit.passage_id)
            .collect()
    };
    assert!(respite(&index).is_empty());

    let taxonomy = std::fs::read_to_string(workspace.corpus().join("taxonomy.toml")).unwrap();
    workspace.write(
        "taxonomy.toml",
        format!("{taxonomy}\n[[theme]]\npath = \"Respite\"\nphrases = [\"day centre\"]\n"),
    );
    let second = workspace.ingest(&index);

    assert!(second.taxonomy_changed);
    assert_eq!(second.indexed, second.files_found);
    assert_eq!(second.unchanged, 0);
    assert_eq!(second.files_found, first.files_found);
    assert_eq!(index.passage_count(), first.passages_in_index);
    // the survey answer and the workshop note that mention respite are now tagged
    let retagged = respite(&index);
    assert_eq!(retagged.len(), 2, "{retagged:?}");
}

/// Ingests with a commit after every file and breaks off after `files` files.
fn interrupted_ingest(workspace: &Workspace, index: &InsightIndex, files: usize) -> IngestSummary {
    let mut options = IngestOptions::new(workspace.corpus());
    options.commit_every = 1;
    let mut done = 0;
    insight_ingest::ingest(index, &options, |progress| {
        if let Progress::File { .. } = progress {
            done += 1;
            if done == files {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    })
    .expect("interrupted ingest")
}

/// An interrupted ingest leaves the index at its last commit (the committed files'
/// passages, the manifest saying so); the next ingest parses only the rest. Returns the
/// resumed index and its summary.
fn interrupt_and_resume(
    workspace: &Workspace,
    break_after: usize,
) -> (InsightIndex, IngestSummary) {
    let index = workspace.open_index();
    let interrupted = interrupted_ingest(workspace, &index, break_after);
    assert!(interrupted.interrupted);
    assert_eq!(interrupted.files.len(), break_after);
    let committed = passages_by_file(&interrupted);
    assert_eq!(committed.len(), break_after, "{:?}", interrupted.files);
    drop(index);

    let reopened = InsightIndex::open(&workspace.index()).unwrap();
    assert_eq!(manifest_by_file(&reopened), committed);
    assert_eq!(hits_by_file(&reopened), committed);
    assert_eq!(
        reopened.passage_count(),
        committed.values().sum::<usize>() as u64
    );

    let resumed = workspace.ingest(&reopened);
    assert!(!resumed.interrupted);
    assert_eq!(resumed.unchanged, break_after);
    assert_eq!(resumed.indexed, resumed.files_found - break_after);
    for file in committed.keys() {
        assert_eq!(report(&resumed, file).status, FileStatus::Unchanged);
    }
    assert_eq!(manifest_by_file(&reopened), passages_by_file(&resumed));
    assert_eq!(
        reopened.passage_count(),
        resumed.files.iter().map(|r| r.passages).sum::<usize>() as u64
    );
    (reopened, resumed)
}

#[test]
fn interrupted_ingest_keeps_its_last_commit_and_resumes_exactly() {
    let workspace = Workspace::with_fixture("small");
    let (resumed_index, resumed) = interrupt_and_resume(&workspace, 2);
    // nothing lost, nothing twice: the same passages as a clean ingest
    let (fresh, clean) = ingested_in_ram("small");
    assert_eq!(resumed.passages_in_index, clean.passages_in_index);
    assert_eq!(manifest_by_file(&resumed_index), manifest_by_file(&fresh));
    assert_eq!(passage_ids(&resumed_index), passage_ids(&fresh));
}

/// Breaking off an ingest of more files than the parsers can queue ahead of the writer
/// must return; run in a child process because a hang holds rayon's global pool.
#[test]
fn breaking_off_an_ingest_of_many_files_returns() {
    if in_child() {
        interrupt_and_resume(&Workspace::with_fixture("corpus"), 3);
        return;
    }
    let output = run_test_in_child(
        "ingest::breaking_off_an_ingest_of_many_files_returns",
        Duration::from_secs(60),
    )
    .unwrap_or_else(|timeout| {
        panic!("ingest hung after the progress callback returned Break: {timeout}")
    });
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn origin(hit: &Hit, facet: Facet, path: &str) -> Option<TagOrigin> {
    hit.tags
        .iter()
        .find(|tag| tag.facet == facet && tag.path == path)
        .map(|tag| tag.origin)
}

#[test]
fn front_matter_tags_are_explicit_and_text_tags_inferred() {
    let (index, _) = ingested_in_ram("small");
    let hits = search_all(&index, "\"home assessment\"");
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.file, DISCHARGE_REPORT);
    assert_eq!(hit.heading, "What people told us");

    let explicit = Some(TagOrigin::Explicit);
    let inferred = Some(TagOrigin::Inferred);
    assert_eq!(origin(hit, Facet::Place, "Northshire/Riverton"), explicit);
    assert_eq!(origin(hit, Facet::Segment, "Frailty"), explicit);
    assert_eq!(origin(hit, Facet::Theme, "Discharge"), explicit);
    assert_eq!(origin(hit, Facet::Community, "Carers"), explicit);
    // "waiting list" is a phrase of Access/Waiting times; Eastbank lies in Riverton
    assert_eq!(origin(hit, Facet::Theme, "Access/Waiting times"), inferred);
    assert_eq!(
        origin(hit, Facet::Place, "Northshire/Riverton/Eastbank"),
        inferred
    );

    // a survey answer: explicit tags from its columns, inferred ones from its text
    let hits = search_all(&index, "\"bus to the clinic\"");
    assert_eq!(hits.len(), 1);
    let answer = &hits[0];
    assert_eq!(
        origin(answer, Facet::Place, "Northshire/Riverton/Eastbank"),
        explicit
    );
    assert_eq!(origin(answer, Facet::Community, "Age band/18-34"), explicit);
    assert_eq!(origin(answer, Facet::Theme, "Transport"), inferred);
}

#[test]
fn unknown_metadata_value_warns_and_stays_searchable() {
    let workspace = Workspace::with_fixture("small");
    let index = InsightIndex::create_in_ram().unwrap();
    let summary = workspace.ingest(&index);

    let discharge = report(&summary, DISCHARGE_REPORT);
    assert_eq!(discharge.status, FileStatus::Indexed);
    let warning = discharge
        .diagnostics
        .iter()
        .find(|d| {
            d.message
                .contains("`Lighthouse visits` is not in the taxonomy")
        })
        .unwrap_or_else(|| panic!("no warning: {:?}", discharge.diagnostics));
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.file, DISCHARGE_REPORT);
    assert_eq!(warning.location.as_deref(), Some("metadata field `themes`"));
    assert!(warning.message.contains("add it to taxonomy.toml"));

    // kept as an attribute: the word is in no passage's text, yet finds the report
    let hits = search_all(&index, "lighthouse");
    assert_eq!(hits.len(), discharge.passages);
    for hit in &hits {
        assert_eq!(hit.file, DISCHARGE_REPORT);
        assert!(!hit.text.to_lowercase().contains("lighthouse"));
        assert!(!hit.tags.iter().any(|tag| tag.path.contains("Lighthouse")));
    }
    let everything = all_hits(&index, &query_request(""));
    assert!(everything.iter().all(|hit| !hit
        .tags
        .paths(Facet::Theme)
        .any(|p| p.contains("Lighthouse"))));
}

#[test]
fn personal_data_is_redacted_before_indexing_and_counted() {
    let workspace = Workspace::with_fixture("small");
    let csv = std::fs::read_to_string(
        workspace
            .corpus()
            .join("surveys/riverton-patient-survey.csv"),
    )
    .unwrap();
    workspace.write(
        "surveys/riverton-patient-survey.csv",
        format!("{csv}R90,05/02/2025 09:00,Hillford,65 or over,\"My name is Doreen Pratt, ring me on 07700 900456 or doreen.p@example.com\",My NHS number is 943 476 5919 and I live at LS9 7TF\n"),
    );
    workspace.write(
        "notes/riverton-phone-notes.txt",
        "Title: Phone line notes\nPlace: Riverton\nDate: 01/03/2025\nVisibility: public\n\n- caller gave DOB 03/04/1961 and asked for a call back on (0113) 496 0000\n- the 16 bus to ward 22 is always late; appt on 03/04/2025 at 10:30\n",
    );
    let index = workspace.open_index();
    let summary = workspace.ingest(&index);
    let counted: Vec<(&str, usize)> = summary
        .redactions
        .iter()
        .map(|(marker, count)| (*marker, *count))
        .collect();
    assert_eq!(
        counted,
        vec![
            ("date of birth", 1),
            ("email", 1),
            ("name", 1),
            ("nhs number", 1),
            ("phone", 2),
            ("postcode", 1)
        ]
    );
    let texts: Vec<String> = every_passage(&index)
        .into_iter()
        .map(|hit| hit.text)
        .collect();
    let all = texts.join("\n");
    for secret in [
        "Doreen",
        "07700",
        "doreen.p@",
        "943 476 5919",
        "LS9 7TF",
        "03/04/1961",
        "496 0000",
    ] {
        assert!(!all.contains(secret), "{secret} reached the index");
    }
    assert!(all.contains("My name is [name], ring me on [phone] or [email]"));
    assert!(all.contains("the 16 bus to ward 22 is always late; appt on 03/04/2025 at 10:30"));
    // the redacted words cannot be found either
    assert!(search_all(&index, "Doreen").is_empty());
}
