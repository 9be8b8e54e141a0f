//! Survey exports saved as spreadsheets (`tests/data/spreadsheets/`, made by
//! `scripts/fixtures/make_spreadsheets.py`): the same mappings as CSV, with sheets, title
//! rows, two-row headers, date cells, Microsoft Forms multi-choice answers, long format,
//! and a CSV under an .xlsx name.

use crate::support::{every_passage, ingested_in_ram, report, Workspace};
use chrono::NaiveDate;
use insight_index::{Hit, InsightIndex};
use insight_ingest::{FileStatus, IngestSummary, SurveyCounts};
use insight_model::{DateSpan, Facet, Severity, TagOrigin};

const MATERNITY: &str = "leeds-maternity-options-2025.xlsx";
const FORMS: &str = "leeds-gp-access-forms-2025.xlsx";
const FFT: &str = "leeds-community-fft-2025.xlsx";
const URGENT_CARE: &str = "wakefield-urgent-care-2024.ods";
const BROKEN: &str = "bradford-broken-export.xlsx";

fn passages_of(index: &InsightIndex, file: &str) -> Vec<Hit> {
    let mut hits: Vec<Hit> = every_passage(index)
        .into_iter()
        .filter(|hit| hit.file == file)
        .collect();
    hits.sort_by(|a, b| a.locator.cmp(&b.locator).then(a.heading.cmp(&b.heading)));
    hits
}

/// The one passage of `file` whose text contains `words`.
fn passage_with(index: &InsightIndex, file: &str, words: &str) -> Hit {
    let mut found = passages_of(index, file)
        .into_iter()
        .filter(|hit| hit.text.contains(words));
    let hit = found
        .next()
        .unwrap_or_else(|| panic!("no passage of {file} says {words:?}"));
    assert!(found.next().is_none(), "{words:?} is in two passages");
    hit
}

fn explicit(hit: &Hit, facet: Facet, path: &str) -> bool {
    hit.tags
        .iter()
        .any(|tag| tag.facet == facet && tag.path == path && tag.origin == TagOrigin::Explicit)
}

fn day(year: i32, month: u32, day: u32) -> Option<DateSpan> {
    Some(DateSpan::day(
        NaiveDate::from_ymd_opt(year, month, day).unwrap(),
    ))
}

fn counts(summary: &IngestSummary, file: &str) -> SurveyCounts {
    let report = report(summary, file);
    assert_eq!(
        report.status,
        FileStatus::Indexed,
        "{file}: {:?}",
        report.diagnostics
    );
    report.survey.clone().expect("survey counts")
}

#[test]
fn merged_group_headers_title_rows_and_date_cells() {
    let (index, summary) = ingested_in_ram("spreadsheets");
    let hits = passages_of(&index, MATERNITY);
    let headings: Vec<(&str, &str)> = hits
        .iter()
        .map(|hit| (hit.locator.as_str(), hit.heading.as_str()))
        .collect();
    assert_eq!(
        headings,
        [
            (
                "sheet \"Responses\" row 10, record MAT-005",
                "What matters to you | Option B"
            ),
            (
                "sheet \"Responses\" row 10, record MAT-005",
                "What matters to you | Other (please specify)"
            ),
            (
                "sheet \"Responses\" row 5, record MAT-001",
                "Anything else?"
            ),
            (
                "sheet \"Responses\" row 5, record MAT-001",
                "What matters to you | Option A"
            ),
            (
                "sheet \"Responses\" row 5, record MAT-001",
                "What matters to you | Option B"
            ),
            (
                "sheet \"Responses\" row 6, record MAT-002",
                "What matters to you | Option B"
            ),
            (
                "sheet \"Responses\" row 6, record MAT-002",
                "What matters to you | Other (please specify)"
            ),
            (
                "sheet \"Responses\" row 8, record MAT-003",
                "What matters to you | Option A"
            ),
        ]
    );
    assert_eq!(report(&summary, MATERNITY).passages, 8);

    // a date cell, and a date-time cell, give the answer its day
    let first = passage_with(&index, MATERNITY, "on the bus");
    assert_eq!(first.date, day(2025, 3, 3));
    let second = passage_with(&index, MATERNITY, "Evening antenatal clinics");
    assert_eq!(second.date, day(2025, 3, 4));
    // the area and the age band are explicit tags; a declined age is no group
    assert!(explicit(
        &first,
        Facet::Place,
        "West Yorkshire/Leeds/Inner East"
    ));
    assert!(explicit(&first, Facet::Community, "Age band/25-34"));
    assert!(explicit(&first, Facet::Segment, "Maternity"));
    assert!(explicit(
        &second,
        Facet::Place,
        "West Yorkshire/Leeds/Inner South"
    ));

    // the #N/A in Area is read as empty, and reported once for its column
    let error_cell = passage_with(&index, MATERNITY, "knows my history");
    assert!(
        !error_cell.attributes.contains_key("Area"),
        "{:?}",
        error_cell.attributes
    );
    let diagnostics = &report(&summary, MATERNITY).diagnostics;
    let warning = diagnostics
        .iter()
        .find(|d| d.message.contains("spreadsheet error such as `#N/A`"))
        .unwrap_or_else(|| panic!("no #N/A warning: {diagnostics:?}"));
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(
        warning.location.as_deref(),
        Some("column `Area`, first at sheet \"Responses\" row 8")
    );
    assert!(
        warning.message.starts_with("1 cells"),
        "{}",
        warning.message
    );
}

#[test]
fn every_spreadsheet_row_is_accounted_for() {
    let (_, summary) = ingested_in_ram("spreadsheets");
    let reconciles = |counts: &SurveyCounts| {
        counts.rows == counts.rows_answered + counts.rows_unanswered + counts.rows_skipped
    };
    // five responses; the empty row between them is not a row
    let maternity = counts(&summary, MATERNITY);
    assert_eq!(
        (
            maternity.rows,
            maternity.rows_answered,
            maternity.rows_unanswered,
            maternity.rows_skipped
        ),
        (5, 4, 1, 0)
    );
    assert_eq!((maternity.non_answers, maternity.empty_answers), (5, 7));
    for file in [MATERNITY, FORMS, FFT, URGENT_CARE] {
        let counts = counts(&summary, file);
        assert!(reconciles(&counts), "{file}: {counts:?}");
    }
    let forms = counts(&summary, FORMS);
    assert_eq!(
        (forms.rows, forms.rows_answered, forms.non_answers),
        (3, 3, 1)
    );
    let fft = counts(&summary, FFT);
    assert_eq!(
        (fft.rows, fft.rows_answered, fft.rows_unanswered),
        (4, 3, 1)
    );
    let spreadsheet_rows: usize = [MATERNITY, FORMS, FFT, URGENT_CARE]
        .iter()
        .map(|file| counts(&summary, file).rows)
        .sum();
    assert_eq!(summary.survey_rows, spreadsheet_rows);
}

#[test]
fn microsoft_forms_multi_choice_answers_are_tags() {
    let (index, summary) = ingested_in_ram("spreadsheets");
    assert_eq!(report(&summary, FORMS).passages, 5);
    let hit = passage_with(&index, FORMS, "every appointment had gone");
    assert_eq!(
        hit.heading,
        "Tell us about the last time you tried to see your GP"
    );
    // integer ids stored as numbers read without ".0"
    assert_eq!(hit.locator, "sheet \"Sheet1\" row 2, record 1");
    // the completion time's day
    assert_eq!(hit.date, day(2025, 2, 3));
    // "Carer;Older person;" is two communities; "Phoning at 8am;Transport;" two themes
    assert!(explicit(&hit, Facet::Community, "Carers"));
    assert!(explicit(&hit, Facet::Community, "Older people"));
    assert!(explicit(&hit, Facet::Theme, "Access"));
    assert!(explicit(&hit, Facet::Theme, "Transport"));
    assert!(explicit(
        &hit,
        Facet::Place,
        "West Yorkshire/Leeds/Inner East"
    ));
    assert_eq!(
        hit.attributes
            .get("Which of these describe you?")
            .map(String::as_str),
        Some("Carers; Older people")
    );
    let young = passage_with(&index, FORMS, "timing out on my phone");
    assert!(explicit(&young, Facet::Community, "Young people"));
    assert!(explicit(&young, Facet::Theme, "Digital exclusion"));
    assert!(!explicit(&young, Facet::Community, "Carers"));
    // the ignored columns (an email address, names) are not kept
    assert!(!young.attributes.contains_key("Email"));
}

#[test]
fn long_format_answers_are_headed_by_their_question() {
    let (index, summary) = ingested_in_ram("spreadsheets");
    assert_eq!(report(&summary, FFT).passages, 3);
    let why = passage_with(&index, FFT, "did not rush me");
    assert_eq!(why.heading, "Please tell us why you gave this answer");
    assert_eq!(
        why.locator,
        "sheet \"FFT comments\" row 2, record FFT-0001-1"
    );
    // a date cell is read although the mapping's date_format is dd/mm/yyyy
    assert_eq!(why.date, day(2025, 1, 6));
    assert_eq!(why.attributes.get("Rating").map(String::as_str), Some("5"));
    assert!(explicit(
        &why,
        Facet::Place,
        "West Yorkshire/Leeds/Inner East"
    ));
    let better = passage_with(&index, FFT, "running late");
    assert_eq!(better.heading, "What could we have done better?");
    assert!(explicit(
        &better,
        Facet::Place,
        "West Yorkshire/Leeds/Inner South"
    ));
}

#[test]
fn opendocument_group_headers_spread_over_their_columns() {
    let (index, summary) = ingested_in_ram("spreadsheets");
    assert_eq!(report(&summary, URGENT_CARE).passages, 3);
    let hit = passage_with(&index, URGENT_CARE, "sorted my wrist");
    assert_eq!(hit.heading, "Where did you go? | What happened");
    assert_eq!(hit.locator, "sheet \"Survey\" row 4, record WUC-01");
    assert_eq!(hit.date, day(2024, 10, 7));
    assert_eq!(
        hit.attributes
            .get("Where did you go? | Which service")
            .map(String::as_str),
        Some("Urgent treatment centre, Pontefract")
    );
    let comment = passage_with(&index, URGENT_CARE, "nowhere quiet");
    assert_eq!(comment.heading, "Comments");
}

#[test]
fn a_csv_named_xlsx_is_skipped_and_the_rest_ingested() {
    let (index, summary) = ingested_in_ram("spreadsheets");
    let broken = report(&summary, BROKEN);
    assert_eq!(broken.status, FileStatus::Skipped);
    let reason = broken.reason.as_deref().unwrap_or_default();
    assert!(
        reason.starts_with("not a spreadsheet: the file is named .xlsx but its content is text"),
        "{reason}"
    );
    assert!(reason.contains("re-save as XLSX or CSV"), "{reason}");
    assert!(passages_of(&index, BROKEN).is_empty());
    assert_eq!(summary.skipped, 1);
    assert_eq!(summary.indexed, 4);
    assert_eq!(summary.files_found, summary.indexed + summary.skipped);
}

#[test]
fn a_sheet_the_workbook_lacks_is_named_with_the_sheets_it_has() {
    let workspace = Workspace::with_fixture("spreadsheets");
    let mapping = "leeds-maternity-options-2025.mapping.toml";
    let text = std::fs::read_to_string(workspace.corpus().join(mapping)).unwrap();
    workspace.write(
        mapping,
        text.replace("sheet = \"Responses\"", "sheet = \"Answers\""),
    );
    let index = InsightIndex::create_in_ram().unwrap();
    let summary = workspace.ingest(&index);
    let skipped = report(&summary, MATERNITY);
    assert_eq!(skipped.status, FileStatus::Skipped);
    assert_eq!(
        skipped.reason.as_deref(),
        Some("leeds-maternity-options-2025.mapping.toml [options]: the workbook has no sheet \"Answers\"; its sheets are \"About this export\", \"Responses\". Correct [options] sheet")
    );
    // without a sheet option, the first sheet with data is read: the notes, which have
    // no header the mapping fits
    workspace.write(mapping, text.replace("sheet = \"Responses\"\n", ""));
    let summary = workspace.ingest(&index);
    let reason = report(&summary, MATERNITY)
        .reason
        .clone()
        .unwrap_or_default();
    assert!(
        reason.starts_with("sheet \"About this export\": no header row found"),
        "{reason}"
    );
    assert!(
        reason.contains("row 1: \"Leeds maternity options survey 2025: export notes\"; row 2: "),
        "{reason}"
    );
}
