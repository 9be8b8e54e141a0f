//! Bad input through `insight ingest`: every kind is reported with its file, where in
//! the file, and what to do; nothing panics; the other files are still indexed; the exit
//! code is 2 when a file or row was skipped (0 when the problem only cost a value).

use crate::support::{exit_code, ingested_in_ram, search_all, stderr, stdout, Workspace};
use insight_index::InsightIndex;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What the bad input costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expected {
    /// The whole file is skipped: exit code 2.
    FileSkipped,
    /// The file is indexed without some rows: exit code 2.
    RowsSkipped,
    /// The file is indexed, a value is dropped with a warning: exit code 0.
    Warned,
}

impl Expected {
    fn exit_code(self) -> i32 {
        match self {
            Expected::FileSkipped | Expected::RowsSkipped => 2,
            Expected::Warned => 0,
        }
    }

    fn status(self) -> &'static str {
        match self {
            Expected::FileSkipped => "skipped",
            Expected::RowsSkipped | Expected::Warned => "indexed",
        }
    }

    fn severity(self) -> &'static str {
        match self {
            Expected::FileSkipped | Expected::RowsSkipped => "error",
            Expected::Warned => "warning",
        }
    }
}

/// Passages per file of the clean small fixture.
fn clean_passages() -> &'static BTreeMap<String, usize> {
    static CLEAN: OnceLock<BTreeMap<String, usize>> = OnceLock::new();
    CLEAN.get_or_init(|| {
        let (_, summary) = ingested_in_ram("small");
        summary
            .files
            .iter()
            .map(|report| (report.file.clone(), report.passages))
            .collect()
    })
}

/// A survey mapping for `surveys/bad.csv` with columns ID, Submitted and Comment.
const MAPPING: &str = r#"
[source]
title = "Bad survey"
visibility = "public"

[columns]
record_id = "ID"
date = "Submitted"
date_format = "%d/%m/%Y"
free_text = ["Comment"]
"#;

const SURVEY: &str = "surveys/bad.csv";

/// Adds `file` with `contents` to the small fixture and checks how ingest reports it.
fn check(
    file: &str,
    contents: impl AsRef<[u8]>,
    expected: Expected,
    location: Option<&str>,
    fragment: &str,
) -> Checked {
    check_files(
        &[(file, contents.as_ref())],
        file,
        expected,
        location,
        fragment,
    )
}

/// Adds `surveys/bad.csv` and its mapping and checks how ingest reports the export.
fn check_survey(
    csv: impl AsRef<[u8]>,
    mapping: &str,
    expected: Expected,
    location: Option<&str>,
    fragment: &str,
) -> Checked {
    check_files(
        &[
            (SURVEY, csv.as_ref()),
            ("surveys/bad.mapping.toml", mapping.as_bytes()),
        ],
        SURVEY,
        expected,
        location,
        fragment,
    )
}

/// What a check leaves for further assertions.
struct Checked {
    workspace: Workspace,
    /// The file's report in the JSON summary.
    report: Value,
    summary: Value,
}

impl Checked {
    /// The index written by the JSON run.
    fn index(&self) -> InsightIndex {
        InsightIndex::open(&self.workspace.dir.path().join("index-json")).unwrap()
    }
}

fn check_files(
    files: &[(&str, &[u8])],
    reported: &str,
    expected: Expected,
    location: Option<&str>,
    fragment: &str,
) -> Checked {
    let workspace = Workspace::with_fixture("small");
    for (path, contents) in files {
        workspace.write(path, contents);
    }

    // what a person reads
    let output = workspace.run(&["ingest", "corpus", "--index", "index"]);
    let printed = stderr(&output);
    assert!(!printed.contains("panicked"), "{printed}");
    assert_eq!(
        exit_code(&output),
        expected.exit_code(),
        "stdout: {}\nstderr: {printed}",
        stdout(&output)
    );
    let line = printed
        .lines()
        .find(|line| line.contains(reported) && line.contains(fragment))
        .unwrap_or_else(|| panic!("no line names {reported} with `{fragment}`:\n{printed}"));
    if let Some(location) = location {
        assert!(line.contains(location), "no `{location}` in: {line}");
    }

    // the same finding, structured; the other files are unaffected
    let output = workspace.run(&["ingest", "corpus", "--index", "index-json", "--json"]);
    assert_eq!(exit_code(&output), expected.exit_code());
    let summary: Value = serde_json::from_slice(&output.stdout).expect("JSON summary");
    let clean = clean_passages();
    assert_eq!(summary["files_found"], clean.len() + 1);
    for (file, passages) in clean {
        let report = file_report(&summary, file);
        assert_eq!(report["status"], "indexed", "{report}");
        assert_eq!(report["passages"], *passages, "{report}");
    }
    let report = file_report(&summary, reported).clone();
    assert_eq!(report["status"], expected.status(), "{report}");
    let diagnostics = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let diagnostic = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains(fragment))
        .unwrap_or_else(|| panic!("no diagnostic with `{fragment}`: {report:#}"));
    assert_eq!(diagnostic["file"], reported);
    assert_eq!(diagnostic["severity"], expected.severity());
    match location {
        Some(location) => assert!(
            diagnostic["location"]
                .as_str()
                .is_some_and(|l| l.contains(location)),
            "location is not `{location}`: {diagnostic}"
        ),
        None => assert!(diagnostic.get("location").is_none(), "{diagnostic}"),
    }
    if expected == Expected::FileSkipped {
        let reason = report["reason"]
            .as_str()
            .expect("a skipped file has a reason");
        assert!(reason.contains(fragment), "{reason}");
        assert_eq!(report["passages"], 0);
    }
    Checked {
        workspace,
        report,
        summary,
    }
}

fn file_report<'a>(summary: &'a Value, file: &str) -> &'a Value {
    let files = summary["files"].as_array().expect("files");
    let mut found = files.iter().filter(|report| report["file"] == file);
    let report = found
        .next()
        .unwrap_or_else(|| panic!("{file} is not in the summary"));
    assert!(found.next().is_none(), "{file} is reported twice");
    report
}

#[test]
fn invalid_utf8_in_markdown_skips_the_file() {
    check(
        "notes/bad-bytes.md",
        b"---\ntitle: Bad bytes\nvisibility: public\n---\n\n# Notes\n\nThe caf\xe9 was closed\n",
        Expected::FileSkipped,
        Some("line 8"),
        "text is not valid UTF-8; re-save the file as UTF-8",
    );
}

#[test]
fn invalid_utf8_in_a_csv_row_skips_the_row() {
    let checked = check_survey(
        b"ID,Submitted,Comment\n1,01/03/2025,The clinic was easy to reach\n2,02/03/2025,The caf\xe9 was shut\n3,03/03/2025,Parking cost too much\n",
        MAPPING,
        Expected::RowsSkipped,
        Some("line 3, column `Comment`"),
        "text is not valid UTF-8; re-save the export as \"CSV UTF-8\"",
    );
    assert_eq!(checked.report["survey"]["rows"], 3);
    assert_eq!(checked.report["survey"]["rows_skipped"], 1);
    assert_eq!(checked.report["passages"], 2);
    assert_eq!(checked.summary["survey_rows_skipped"], 1);
}

#[test]
fn broken_front_matter_yaml_names_the_line() {
    check(
        "reports/broken-yaml.md",
        "---\ntitle: Broken\nplaces: Riverton: Eastbank\nvisibility: public\n---\n\nSome text\n",
        Expected::FileSkipped,
        Some("line 3"),
        "front matter is not valid YAML: mapping values are not allowed in this context; check indentation, colons and quotes",
    );
}

#[test]
fn unclosed_front_matter_skips_the_file() {
    check(
        "reports/unclosed.md",
        "---\ntitle: Never closed\nplaces: [Riverton]\n\n# Report\n\nSome text\n",
        Expected::FileSkipped,
        Some("line 1"),
        "is never closed; add a `---` line after the metadata",
    );
}

#[test]
fn markdown_without_front_matter_skips_the_file() {
    check(
        "reports/no-front-matter.md",
        "# A report\n\nPeople said the bus was late.\n",
        Expected::FileSkipped,
        Some("line 1"),
        "no front matter: start the file with a `---` line",
    );
}

#[test]
fn plain_text_notes_without_header_skip_the_file() {
    check(
        "notes/no-header.txt",
        "people said the bus was late\n\n- and the clinic moved\n",
        Expected::FileSkipped,
        Some("line 1"),
        "no header: start plain-text notes with lines like `Title: ...`",
    );
}

#[test]
fn ragged_csv_rows_are_skipped_and_the_others_indexed() {
    let checked = check_survey(
        "ID,Submitted,Comment\n1,01/03/2025,The clinic was easy to reach\n2,02/03/2025,Parking, and the lifts, were awful\n3,03/03/2025\n4,04/03/2025,Reception was friendly\n",
        MAPPING,
        Expected::RowsSkipped,
        Some("line 3"),
        "row has 5 fields but the header has 3; check for an unquoted comma",
    );
    let diagnostics = checked.report["diagnostics"].as_array().unwrap();
    let short_row = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("row has 2 fields"))
        .expect("the short row is reported too");
    assert_eq!(short_row["location"], "line 4");
    assert_eq!(checked.report["survey"]["rows"], 4);
    assert_eq!(checked.report["survey"]["rows_skipped"], 2);
    assert_eq!(checked.summary["survey_rows_skipped"], 2);
    assert_eq!(checked.report["passages"], 2);
    let index = checked.index();
    assert_eq!(search_all(&index, "friendly").len(), 1);
    assert!(search_all(&index, "\"lifts\"").is_empty());
}

#[test]
fn unparseable_csv_date_keeps_the_row_without_a_date() {
    let checked = check_survey(
        "ID,Submitted,Comment\n1,01/03/2025,The clinic was easy to reach\n2,last Tuesday,Parking cost too much\n",
        MAPPING,
        Expected::Warned,
        Some("column `Submitted`, lines 3"),
        "dates such as `last Tuesday` do not match date_format `%d/%m/%Y`; those responses are indexed without a date",
    );
    assert_eq!(checked.report["passages"], 2);
    assert_eq!(checked.report["survey"]["rows_skipped"], 0);
    let index = checked.index();
    let undated = search_all(&index, "parking");
    assert_eq!(undated.len(), 1);
    assert_eq!(undated[0].date, None);
    let dated = search_all(&index, "\"easy to reach\"");
    assert_eq!(dated.len(), 1);
    assert!(dated[0].date.is_some());
}

#[test]
fn front_matter_date_that_is_not_a_date_is_dropped_with_a_warning() {
    let checked = check(
        "reports/bad-date.md",
        "---\ntitle: Undated report\nplaces: [Hillford]\ndate: next spring\nvisibility: public\n---\n\n## Findings\n\nThe pharmacy queue was long.\n",
        Expected::Warned,
        Some("metadata field `date`"),
        "`next spring` is not a date; write 2025-02-10 or 10/02/2025",
    );
    assert_eq!(checked.report["passages"], 1);
    let hits = search_all(&checked.index(), "\"pharmacy queue\"");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].date, None);
}

#[test]
fn mapping_naming_a_missing_column_skips_the_export() {
    check_survey(
        "ID,Submitted,Comment\n1,01/03/2025,The clinic was easy to reach\n",
        &MAPPING.replace("free_text = [\"Comment\"]", "free_text = [\"Comments\"]"),
        Expected::FileSkipped,
        Some("surveys/bad.mapping.toml [columns]"),
        "names columns the export does not have: `Comments` (free_text); the header has: `ID`, `Submitted`, `Comment`",
    );
}

#[test]
fn csv_without_mapping_is_skipped() {
    check(
        "surveys/orphan.csv",
        "ID,Comment\n1,The clinic was easy to reach\n",
        Expected::FileSkipped,
        None,
        "survey export without a mapping: create orphan.mapping.toml beside it",
    );
}

#[test]
fn empty_markdown_file_is_skipped() {
    check(
        "reports/empty.md",
        "",
        Expected::FileSkipped,
        None,
        "the file is empty; add its content or delete it",
    );
}

#[test]
fn blank_text_file_is_skipped() {
    check(
        "notes/blank.txt",
        "\n  \n",
        Expected::FileSkipped,
        None,
        "the file is empty; add its content or delete it",
    );
}

#[test]
fn empty_csv_is_skipped() {
    check_survey(
        "",
        MAPPING,
        Expected::FileSkipped,
        None,
        "the export is empty; export the survey again with its header row",
    );
}

#[test]
fn csv_with_only_a_header_is_skipped() {
    check_survey(
        "ID,Submitted,Comment\n",
        MAPPING,
        Expected::FileSkipped,
        None,
        "no row has a free-text answer to index; check free_text names the right columns",
    );
}

#[test]
fn unsupported_file_type_is_skipped() {
    check(
        "reports/annual-report.pptx",
        b"PK\x03\x04",
        Expected::FileSkipped,
        None,
        "unsupported file type; presentations are not read: save the slides as PDF",
    );
}

#[test]
fn damaged_pdf_is_skipped_with_the_extractors_reason() {
    check(
        "reports/annual-report.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        Expected::FileSkipped,
        None,
        "the PDF is damaged or not readable",
    );
}

#[test]
fn non_answers_are_counted_and_not_indexed() {
    let workspace = Workspace::with_fixture("small");
    workspace.write("surveys/bad.mapping.toml", MAPPING);
    workspace.write(
        SURVEY,
        "ID,Submitted,Comment\n1,01/03/2025,n/a\n2,02/03/2025,None\n3,03/03/2025,did not answer\n4,04/03/2025,-\n5,05/03/2025,The clinic was easy to reach\n6,06/03/2025,\n",
    );
    let (code, summary) = workspace.ingest_json();
    assert_eq!(code, 0, "{summary:#}");
    let report = file_report(&summary, SURVEY);
    assert_eq!(report["status"], "indexed");
    assert_eq!(report["passages"], 1);
    assert_eq!(report["survey"]["rows"], 6);
    assert_eq!(report["survey"]["rows_skipped"], 0);
    assert_eq!(report["survey"]["non_answers"], 4);
    assert_eq!(report["survey"]["empty_answers"], 1);
    let small_non_answers = 4;
    assert_eq!(summary["non_answers"], small_non_answers + 4);

    let index = InsightIndex::open(&workspace.index()).unwrap();
    let answers: Vec<String> = search_all(&index, "")
        .into_iter()
        .filter(|hit| hit.file == SURVEY)
        .map(|hit| hit.text)
        .collect();
    assert_eq!(answers, vec!["The clinic was easy to reach"]);
    assert!(search_all(&index, "\"did not answer\"").is_empty());
}
