//! Survey exports: a CSV or a spreadsheet as the survey tool wrote it plus a mapping file
//! beside it (`NAME.mapping.toml`) that says which columns are the record id, the date,
//! the free text answers, the tags and the plain attributes. Each non-empty answer to a
//! free-text question becomes one passage that keeps its record id.
//!
//! Two front ends read the rows (the `csv` reader here, `spreadsheet` for XLSX, XLSM,
//! ODS and XLS); one `SurveyReader` turns them into passages, so a mapping means
//! the same whatever the export was saved as. A row is named by its CSV line
//! (`line 7`) or its worksheet row (`sheet "Responses" row 7`).

use crate::metadata::{build_document, resolve_explicit, RawMetadata};
use crate::spreadsheet;
use crate::{FileOutcome, ParseContext};
use chrono::{NaiveDate, NaiveDateTime};
use insight_model::{
    stable_id, DateSpan, Diagnostic, Facet, Kind, Passage, Resolution, SourceDocument, TagOrigin,
    Tags, EQUALITY_ATTRIBUTE,
};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Answers that say nothing; compared after trimming, lowercasing and dropping
/// trailing punctuation. A mapping's `[options] non_answers` adds to these.
pub const NON_ANSWERS: &[&str] = &[
    "n/a",
    "na",
    "n.a",
    "none",
    "nil",
    "no comment",
    "no comments",
    "did not answer",
    "not answered",
    "-",
    "--",
    "nothing",
    "nothing to add",
    "nothing else",
    "not applicable",
    "no answer",
    "none given",
    "prefer not to say",
    "not sure",
    "dont know",
    "don't know",
    "idk",
    "?",
    ".",
    "x",
];

/// Equality answers that decline to say; kept as attributes, never as a group.
pub const DECLINED: &[&str] = &[
    "prefer not to say",
    "not known",
    "rather not say",
    "unknown",
    "not stated",
    "declined",
];

/// The mapping file of a survey export.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Metadata of the survey as a whole (title, organisation, method, ...).
    #[serde(default)]
    pub source: RawMetadata,
    /// Tags applied to every response.
    #[serde(default)]
    pub defaults: Defaults,
    pub columns: Columns,
    /// Column name -> community group (e.g. "Age" -> "Age band").
    #[serde(default)]
    pub equality: BTreeMap<String, String>,
    /// Column name -> (answer as exported -> taxonomy value).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub options: MappingOptions,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub segments: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub communities: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub record_id: String,
    pub date: Option<String>,
    pub date_format: Option<String>,
    pub free_text: Vec<String>,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub segments: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub communities: Vec<String>,
    #[serde(default)]
    pub attributes: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// The column saying which language each response is in (a code or a name).
    pub language: Option<String>,
    /// Long-format exports (one answer per row, as the NHS Friends and Family Test
    /// exports): the column naming the question each row answers; each answer's passage
    /// is headed by its own question instead of the free-text column's name.
    pub question: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingOptions {
    #[serde(default)]
    pub non_answers: Vec<String>,
    #[serde(default)]
    pub declined: Vec<String>,
    /// Field delimiter, one character; `,` unless given (`;` and tab are common too).
    /// CSV only.
    pub delimiter: Option<String>,
    /// Spreadsheets only: the worksheet to read, by name. Unless given, the first visible
    /// worksheet that has data (then the first hidden one). A name the workbook lacks is
    /// an error that lists the sheets it has.
    pub sheet: Option<String>,
    /// Spreadsheets only: the row number of the header, 1-based as the spreadsheet shows
    /// it (with `header_rows = 2`, the upper of the two rows). Unless given, the first row
    /// (of the first 30 with data) that holds the record_id column's name and at least
    /// half of the other mapped names; title rows above it are passed over.
    pub header_row: Option<u32>,
    /// Spreadsheets only: how many rows the header takes, 1 (the default) or 2. With 2,
    /// an upper row of group headers over a row of sub-headers is read as one header:
    /// a column is named `Group | Sub-header`, or by whichever of the two cells is not
    /// blank. A blank group cell inside a merged region takes the group written in the
    /// region's first cell; where the reader sees no merged regions on the upper row
    /// (ODS, or cells that were not merged), a group cell spreads rightwards over the
    /// blank group cells after it, as far as the sub-header row is not blank.
    pub header_rows: Option<u32>,
}

/// Row-level counts of one survey file, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SurveyCounts {
    /// Data rows read.
    pub rows: usize,
    /// Rows not indexed, each reported.
    pub rows_skipped: usize,
    /// Answers that were non-answers ("n/a", "none", ...).
    pub non_answers: usize,
    /// Free-text cells that were empty.
    pub empty_answers: usize,
    /// Rows read that gave at least one passage.
    pub rows_answered: usize,
    /// Rows read whose free-text cells were all empty or non-answers. `rows` is always
    /// `rows_answered + rows_unanswered + rows_skipped`; empty rows are not rows.
    pub rows_unanswered: usize,
}

fn squash_answer(text: &str) -> String {
    text.trim()
        .trim_end_matches(['.', '!', ' '])
        .trim()
        .to_lowercase()
        .replace('\u{2019}', "'")
}

/// The field delimiter a mapping names: `,` unless given, one character, or "tab".
pub(crate) fn delimiter_byte(option: Option<&str>) -> Result<u8, String> {
    match option {
        None => Ok(b','),
        Some("\\t") | Some("tab") => Ok(b'\t'),
        Some(text) if text.len() == 1 => Ok(text.as_bytes()[0]),
        Some(other) => Err(format!(
            "delimiter `{other}` must be one character such as \",\", \";\" or \"tab\""
        )),
    }
}

/// True for an answer that says nothing: punctuation only, or one of `non_answers`.
pub(crate) fn is_non_answer(text: &str, non_answers: &HashSet<String>) -> bool {
    let squashed = squash_answer(text);
    !squashed.chars().any(char::is_alphanumeric) || non_answers.contains(&squashed)
}

/// Parses a survey export with its mapping. The export is read as a spreadsheet when its
/// bytes say so (XLSX, XLSM, ODS, XLS), whatever its name, and as CSV otherwise; a file
/// named like a spreadsheet that is not one is skipped.
pub fn parse_survey(
    file: &str,
    bytes: &[u8],
    mapping_file: &str,
    mapping_text: &str,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    let Some(mapping) = read_mapping(mapping_file, mapping_text, outcome) else {
        return;
    };
    if let Some(container) = spreadsheet::sniff(bytes) {
        parse_spreadsheet(
            file,
            bytes,
            container,
            mapping_file,
            &mapping,
            context,
            outcome,
        );
    } else if spreadsheet::named_like_one(file) {
        outcome.fail(spreadsheet::not_a_spreadsheet(file, bytes), None);
    } else {
        parse_csv(file, bytes, mapping_file, &mapping, context, outcome);
    }
}

fn read_mapping(
    mapping_file: &str,
    mapping_text: &str,
    outcome: &mut FileOutcome,
) -> Option<Mapping> {
    let mapping: Mapping = match toml::from_str(mapping_text) {
        Ok(mapping) => mapping,
        Err(error) => {
            let location = error
                .span()
                .map(|span| format!("{mapping_file} line {}", line_at(mapping_text, span.start)));
            outcome.fail(format!("mapping {mapping_file} is not valid: {}; see the README's survey mapping reference", error.message()), location);
            return None;
        }
    };
    if let Some(rows) = mapping.options.header_rows {
        if !(1..=2).contains(&rows) {
            outcome.fail(
                format!("header_rows = {rows} is not supported; write 1 (one header row) or 2 (group headers above sub-headers)"),
                Some(format!("{mapping_file} [options]")),
            );
            return None;
        }
    }
    if mapping.options.header_row == Some(0) {
        outcome.fail(
            "header_row counts from 1, as the spreadsheet shows rows; write the header's row number".into(),
            Some(format!("{mapping_file} [options]")),
        );
        return None;
    }
    Some(mapping)
}

fn parse_spreadsheet(
    file: &str,
    bytes: &[u8],
    container: spreadsheet::Container,
    mapping_file: &str,
    mapping: &Mapping,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    let wanted: Vec<&str> = mapping
        .named_columns()
        .iter()
        .map(|(_, column)| *column)
        .collect();
    let request = spreadsheet::TableRequest {
        mapping_file,
        options: &mapping.options,
        wanted: &wanted,
    };
    let table = match spreadsheet::read_table(bytes, container, &request) {
        Ok(table) => table,
        Err(error) => {
            outcome.fail(error.message, error.location);
            return;
        }
    };
    for (location, message) in &table.warnings {
        outcome.diagnostics.push(Diagnostic::warning(
            file,
            Some(location.clone()),
            message.clone(),
        ));
    }
    let numbering = RowNumbering::Sheet(table.sheet.clone());
    let header_place = numbering.one(u64::from(table.header_row));
    let Some(column_index) = check_columns(
        file,
        mapping_file,
        mapping,
        &table.header,
        header_place,
        outcome,
    ) else {
        return;
    };
    let mut survey = SurveyReader::new(
        file,
        mapping_file,
        mapping,
        &column_index,
        numbering,
        context,
        outcome,
    );
    for (row, cells) in table.rows {
        survey.read_row(u64::from(row), &cells, outcome);
    }
    survey.finish(outcome);
}

fn parse_csv(
    file: &str,
    csv_bytes: &[u8],
    mapping_file: &str,
    mapping: &Mapping,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    let bytes = csv_bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(csv_bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        outcome.fail(
            "the export is empty; export the survey again with its header row".into(),
            None,
        );
        return;
    }
    let delimiter = match delimiter_byte(mapping.options.delimiter.as_deref()) {
        Ok(delimiter) => delimiter,
        Err(message) => {
            outcome.fail(message, Some(format!("{mapping_file} [options]")));
            return;
        }
    };
    let options = &mapping.options;
    if options.sheet.is_some() || options.header_row.is_some() || options.header_rows.is_some() {
        outcome.diagnostics.push(Diagnostic::warning(
            file,
            Some(format!("{mapping_file} [options]")),
            "sheet, header_row and header_rows apply to spreadsheets only and are ignored for a CSV, whose header is its first line; remove them",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let Some(header) = read_csv_header(&mut reader, outcome) else {
        return;
    };
    let Some(column_index) = check_columns(
        file,
        mapping_file,
        mapping,
        &header,
        "header".into(),
        outcome,
    ) else {
        return;
    };
    let mut survey = SurveyReader::new(
        file,
        mapping_file,
        mapping,
        &column_index,
        RowNumbering::Lines,
        context,
        outcome,
    );
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line() + 1;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                survey.skip_row(
                    line,
                    None,
                    format!("row cannot be read ({error}); the row is skipped"),
                    outcome,
                );
                continue;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        if record
            .iter()
            .all(|cell| cell.iter().all(u8::is_ascii_whitespace))
        {
            continue; // blank lines are not rows
        }
        if record.len() != header.len() {
            survey.skip_row(line, None, format!("row has {} fields but the header has {}; check for an unquoted comma or a line break outside quotes. The row is skipped", record.len(), header.len()), outcome);
            continue;
        }
        match record
            .iter()
            .enumerate()
            .map(|(i, cell)| String::from_utf8(cell.to_vec()).map_err(|_| i))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(cells) => survey.read_row(line, &cells, outcome),
            Err(index) => survey.skip_row(
                line,
                Some(&header[index]),
                "text is not valid UTF-8; re-save the export as \"CSV UTF-8\". The row is skipped"
                    .to_string(),
                outcome,
            ),
        }
    }
    survey.finish(outcome);
}

fn read_csv_header(
    reader: &mut csv::Reader<&[u8]>,
    outcome: &mut FileOutcome,
) -> Option<Vec<String>> {
    match reader.byte_headers() {
        Ok(header) => match header
            .iter()
            .map(|cell| String::from_utf8(cell.to_vec()))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(cells) => Some(cells.into_iter().map(|c| c.trim().to_string()).collect()),
            Err(_) => {
                outcome.fail(
                    "the header row is not valid UTF-8; re-save the export as \"CSV UTF-8\"".into(),
                    Some("line 1".into()),
                );
                None
            }
        },
        Err(error) => {
            outcome.fail(
                format!("cannot read the header row: {error}"),
                Some("line 1".into()),
            );
            None
        }
    }
}

/// How the rows of an export are named in locators and diagnostics: CSV lines, or the
/// rows of one worksheet, 1-based as the spreadsheet shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RowNumbering {
    Lines,
    Sheet(String),
}

impl RowNumbering {
    /// `line 7` or `sheet "Responses" row 7`.
    fn one(&self, number: u64) -> String {
        match self {
            RowNumbering::Lines => format!("line {number}"),
            RowNumbering::Sheet(sheet) => format!("sheet \"{sheet}\" row {number}"),
        }
    }

    /// `lines 3, 4, ...` or `sheet "Responses" rows 3, 4, ...`: the first five.
    fn some(&self, numbers: &[u64]) -> String {
        let mut list: Vec<String> = numbers.iter().take(5).map(u64::to_string).collect();
        if numbers.len() > 5 {
            list.push("...".into());
        }
        match self {
            RowNumbering::Lines => format!("lines {}", list.join(", ")),
            RowNumbering::Sheet(sheet) => format!("sheet \"{sheet}\" rows {}", list.join(", ")),
        }
    }
}

impl Mapping {
    /// Every column the mapping names, with its role; the record id first.
    fn named_columns(&self) -> Vec<(&'static str, &str)> {
        let columns = &self.columns;
        let mut named: Vec<(&str, &str)> = vec![("record_id", columns.record_id.as_str())];
        named.extend(columns.date.iter().map(|c| ("date", c.as_str())));
        named.extend(columns.language.iter().map(|c| ("language", c.as_str())));
        named.extend(columns.question.iter().map(|c| ("question", c.as_str())));
        for (role, list) in [
            ("free_text", &columns.free_text),
            ("places", &columns.places),
            ("segments", &columns.segments),
            ("themes", &columns.themes),
            ("communities", &columns.communities),
            ("attributes", &columns.attributes),
            ("ignore", &columns.ignore),
        ] {
            named.extend(list.iter().map(|c| (role, c.as_str())));
        }
        named.extend(self.equality.keys().map(|c| ("equality", c.as_str())));
        named
    }
}

/// The values of a tag or attribute cell. A multi-choice answer as Microsoft Forms and
/// others export it ("Option A;Option C;") is one value per part, empty parts dropped;
/// any other cell is one value.
pub(crate) fn cell_values(text: &str) -> Vec<&str> {
    if !text.contains(';') {
        return vec![text.trim()];
    }
    text.split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect()
}

/// Turns the rows of one export into passages, whichever reader read them: checks the
/// mapping against the header, then tags, dates and answers row by row, and keeps the
/// counts and the problems to report once at the end.
struct SurveyReader<'a> {
    file: &'a str,
    mapping_file: &'a str,
    mapping: &'a Mapping,
    context: &'a ParseContext<'a>,
    numbering: RowNumbering,
    column_index: &'a HashMap<&'a str, usize>,
    document: SourceDocument,
    default_tags: Tags,
    non_answers: HashSet<String>,
    declined: HashSet<String>,
    counts: SurveyCounts,
    record_ids: HashMap<String, usize>,
    /// One warning per (column, value), with how many rows had it and the first row.
    unknown_values: BTreeMap<(String, String), (usize, u64)>,
    /// Language values that name no known language: value -> (rows, first row).
    unknown_languages: BTreeMap<String, (usize, u64)>,
    bad_dates: Vec<u64>,
    first_bad_date: Option<String>,
    dates: Vec<NaiveDate>,
}

/// The tags and attributes one row gives its answers.
struct RowTags {
    tags: Tags,
    attributes: BTreeMap<String, String>,
}

impl<'a> SurveyReader<'a> {
    /// Builds the survey's document; `column_index` is what [`check_columns`] found.
    fn new(
        file: &'a str,
        mapping_file: &'a str,
        mapping: &'a Mapping,
        column_index: &'a HashMap<&'a str, usize>,
        numbering: RowNumbering,
        context: &'a ParseContext<'a>,
        outcome: &mut FileOutcome,
    ) -> Self {
        let (document, default_tags) =
            survey_document(file, mapping_file, mapping, context, outcome);
        let squashed = |builtin: &[&str], extra: &[String]| -> HashSet<String> {
            builtin
                .iter()
                .map(|s| s.to_string())
                .chain(extra.iter().map(|s| squash_answer(s)))
                .collect()
        };
        Self {
            file,
            mapping_file,
            mapping,
            context,
            numbering,
            column_index,
            document,
            default_tags,
            non_answers: squashed(NON_ANSWERS, &mapping.options.non_answers),
            declined: squashed(DECLINED, &mapping.options.declined),
            counts: SurveyCounts::default(),
            record_ids: HashMap::new(),
            unknown_values: BTreeMap::new(),
            unknown_languages: BTreeMap::new(),
            bad_dates: Vec::new(),
            first_bad_date: None,
            dates: Vec::new(),
        }
    }

    /// Counts a row that cannot be read and reports why it is skipped.
    fn skip_row(
        &mut self,
        number: u64,
        column: Option<&str>,
        message: String,
        outcome: &mut FileOutcome,
    ) {
        self.counts.rows += 1;
        self.counts.rows_skipped += 1;
        let mut location = self.numbering.one(number);
        if let Some(column) = column {
            location.push_str(&format!(", column `{column}`"));
        }
        outcome
            .diagnostics
            .push(Diagnostic::error(self.file, Some(location), message));
    }

    /// Turns one non-empty row (as many cells as the header) into its answers' passages.
    fn read_row(&mut self, number: u64, cells: &[String], outcome: &mut FileOutcome) {
        self.counts.rows += 1;
        let (index, columns) = (self.column_index, &self.mapping.columns);
        debug_assert!(
            index.values().all(|&i| i < cells.len()),
            "a row has every header column"
        );
        let cell = |column: &str| cells[index[column]].trim();
        let record_id = self.record_id(cell(&columns.record_id), number, outcome);
        let date = self.row_date(number, columns.date.as_deref().map(cell));
        let mut row = self.row_tags(number, &cell);
        // plain attribute columns are free text too ("Which GP? Dr Patel's"): redacted
        if !self.document.redaction_off {
            for column in &columns.attributes {
                if let Some(value) = row.attributes.get(column).cloned() {
                    row.attributes.insert(
                        column.clone(),
                        outcome.redact(self.context.redactor, &self.document, &value),
                    );
                }
            }
        }
        let language = self.row_language(number, columns.language.as_deref().map(cell));
        let question = columns.question.as_deref().map(cell);
        let place = self.numbering.one(number);
        let mut answered = false;
        for column in &columns.free_text {
            let answer = cell(column);
            if answer.is_empty() {
                self.counts.empty_answers += 1;
                continue;
            }
            if is_non_answer(answer, &self.non_answers) {
                self.counts.non_answers += 1;
                continue;
            }
            // free text is redacted before it is tagged or indexed
            let answer = if self.document.redaction_off {
                normalise_newlines(answer)
            } else {
                outcome.redact(
                    self.context.redactor,
                    &self.document,
                    &normalise_newlines(answer),
                )
            };
            let heading = match question {
                Some(question) if !question.is_empty() => normalise_newlines(question),
                _ => column.clone(),
            };
            let (passage_tags, sentiment) = self
                .context
                .tagger
                .tag_insight(&row.tags, &answer, &heading, &answer);
            outcome.passages.push(Passage {
                passage_id: stable_id("p", &[self.file, &record_id, column]),
                doc_id: self.document.doc_id.clone(),
                locator: format!("{place}, record {record_id}"),
                heading,
                text: answer,
                date,
                tags: passage_tags,
                attributes: row.attributes.clone(),
                organisation: None,
                visibility: None,
                methods: Vec::new(),
                status: None,
                links: Vec::new(),
                language: language.clone(),
                sentiment,
                respondent: Some(record_id.clone()),
            });
            answered = true;
        }
        if answered {
            self.counts.rows_answered += 1;
        } else {
            self.counts.rows_unanswered += 1;
        }
    }

    /// The row's record id: its cell, else its place; a repeated one gets `#2`, `#3`, ...
    fn record_id(&mut self, cell: &str, number: u64, outcome: &mut FileOutcome) -> String {
        let mut record_id = cell.to_string();
        if record_id.is_empty() {
            record_id = self.numbering.one(number);
        }
        let seen = self.record_ids.entry(record_id.clone()).or_insert(0);
        *seen += 1;
        if *seen > 1 {
            outcome.diagnostics.push(Diagnostic::warning(self.file, Some(self.numbering.one(number)), format!("record id `{record_id}` appears more than once; this one is indexed as `{record_id}#{seen}`")));
            record_id = format!("{record_id}#{seen}");
        }
        record_id
    }

    /// The row's date from the date column; the survey's own date when the cell is empty.
    fn row_date(&mut self, number: u64, cell: Option<&str>) -> Option<DateSpan> {
        match cell {
            None | Some("") => self.document.date,
            Some(text) => {
                match parse_cell_date(text, self.mapping.columns.date_format.as_deref()) {
                    Some(date) => {
                        self.dates.push(date);
                        Some(DateSpan::day(date))
                    }
                    None => {
                        self.bad_dates.push(number);
                        self.first_bad_date.get_or_insert_with(|| text.to_string());
                        None
                    }
                }
            }
        }
    }

    /// The values of a tag or attribute cell, each rewritten by `[values."COLUMN"]`. A
    /// rewrite of the whole cell wins over splitting it into choices.
    fn values(&self, column: &str, cell: &str) -> Vec<String> {
        let rewrites = self.mapping.values.get(column);
        let rewrite = |value: &str| -> Option<String> {
            let rewrites = rewrites?;
            rewrites
                .get(value)
                .or_else(|| {
                    rewrites
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(value))
                        .map(|(_, v)| v)
                })
                .cloned()
        };
        if let Some(whole) = rewrite(cell) {
            return vec![whole];
        }
        cell_values(cell)
            .into_iter()
            .filter(|value| !value.is_empty())
            .map(|value| rewrite(value).unwrap_or_else(|| value.to_string()))
            .collect()
    }

    fn row_tags<'c>(&mut self, number: u64, cell: &impl Fn(&str) -> &'c str) -> RowTags {
        let mapping = self.mapping;
        let columns = &mapping.columns;
        let taxonomy = self.context.taxonomy;
        let mut tags = self.default_tags.clone();
        let mut attributes = BTreeMap::new();
        for (facet, list) in [
            (Facet::Place, &columns.places),
            (Facet::Segment, &columns.segments),
            (Facet::Theme, &columns.themes),
            (Facet::Community, &columns.communities),
        ] {
            for column in list {
                let mut kept = Vec::new();
                for value in self.values(column, cell(column)) {
                    if value.is_empty() || is_non_answer(&value, &self.non_answers) {
                        continue;
                    }
                    match taxonomy.resolve(facet, &value) {
                        Resolution::Found(path) => tags.add(facet, &path, TagOrigin::Explicit),
                        _ => self.unknown_value(column, &value, number),
                    }
                    kept.push(value);
                }
                if !kept.is_empty() {
                    attributes.insert(column.clone(), kept.join("; "));
                }
            }
        }
        for (column, group) in &mapping.equality {
            let values: Vec<String> = self
                .values(column, cell(column))
                .into_iter()
                .filter(|value| !value.is_empty())
                .collect();
            if values.is_empty() {
                continue;
            }
            // equality answers are kept under a marked key: the API never shows them on
            // a single passage, only in suppressed counts
            attributes.insert(format!("{EQUALITY_ATTRIBUTE}{column}"), values.join("; "));
            for value in values {
                if self.declined.contains(&squash_answer(&value)) {
                    continue;
                }
                match taxonomy.resolve_under(Facet::Community, group, &value) {
                    Resolution::Found(path) => {
                        tags.add(Facet::Community, &path, TagOrigin::Explicit)
                    }
                    _ => self.unknown_value(column, &value, number),
                }
            }
        }
        for column in &columns.attributes {
            let values = cell_values(cell(column));
            if values.iter().any(|value| !value.is_empty()) {
                attributes.insert(column.clone(), values.join("; "));
            }
        }
        RowTags { tags, attributes }
    }

    fn unknown_value(&mut self, column: &str, value: &str, number: u64) {
        self.unknown_values
            .entry((column.to_string(), value.to_string()))
            .or_insert((0, number))
            .0 += 1;
    }

    fn row_language(&mut self, number: u64, cell: Option<&str>) -> Option<String> {
        let value = cell.filter(|value| !value.is_empty())?;
        let code = crate::language::language_code(value);
        if code.is_none() {
            self.unknown_languages
                .entry(value.to_string())
                .or_insert((0, number))
                .0 += 1;
        }
        code
    }

    /// Reports what was found across the rows and gives the outcome its document and counts.
    fn finish(mut self, outcome: &mut FileOutcome) {
        self.report_unknown_values(outcome);
        self.report_bad_dates(outcome);
        let mut document = self.document;
        if document.date.is_none() {
            if let (Some(first), Some(last)) = (self.dates.iter().min(), self.dates.iter().max()) {
                document.date = Some(DateSpan {
                    from: *first,
                    to: *last,
                });
            }
        }
        let counts = std::mem::take(&mut self.counts);
        debug_assert_eq!(
            counts.rows,
            counts.rows_answered + counts.rows_unanswered + counts.rows_skipped,
            "every row is answered, unanswered or skipped"
        );
        outcome.survey = Some(counts);
        if outcome.passages.is_empty() {
            outcome.fail(
                "no row has a free-text answer to index; check free_text names the right columns"
                    .to_string(),
                None,
            );
            return;
        }
        outcome.document = Some(document);
    }

    fn report_unknown_values(&mut self, outcome: &mut FileOutcome) {
        let (file, mapping_file) = (self.file, self.mapping_file);
        for ((column, value), (rows, first)) in std::mem::take(&mut self.unknown_values) {
            let group = self
                .mapping
                .equality
                .get(&column)
                .map(|g| format!(" under `{g}`"))
                .unwrap_or_default();
            outcome.diagnostics.push(Diagnostic::warning(
                file,
                Some(format!("column `{column}`, first at {}", self.numbering.one(first))),
                format!("value `{value}` ({rows} rows) is not in the taxonomy{group}; add it to taxonomy.toml, rewrite it under [values.\"{column}\"] in {mapping_file}, or list it under [options] declined. It is kept as a plain attribute"),
            ));
        }
        let language_column = self.mapping.columns.language.as_deref().unwrap_or("");
        for (value, (rows, first)) in std::mem::take(&mut self.unknown_languages) {
            outcome.diagnostics.push(Diagnostic::warning(
                file,
                Some(format!("column `{language_column}`, first at {}", self.numbering.one(first))),
                format!("language `{value}` ({rows} rows) is not known; write an ISO 639-1 code or the language's English name. Those answers' language is detected from their text"),
            ));
        }
    }

    fn report_bad_dates(&mut self, outcome: &mut FileOutcome) {
        let Some(example) = self.first_bad_date.take() else {
            return;
        };
        let columns = &self.mapping.columns;
        let format = columns
            .date_format
            .as_deref()
            .unwrap_or("dd/mm/yyyy or yyyy-mm-dd");
        outcome.diagnostics.push(Diagnostic::warning(
            self.file,
            Some(format!("column `{}`, {}", columns.date.as_deref().unwrap_or(""), self.numbering.some(&self.bad_dates))),
            format!("{} dates such as `{example}` do not match date_format `{format}`; those responses are indexed without a date. Correct date_format in {} or the cells", self.bad_dates.len(), self.mapping_file),
        ));
    }
}

/// Checks that every column the mapping names is in the header and warns of header
/// columns the mapping leaves out; the column positions by name, or `None` (the file
/// failed) when the mapping does not fit. `header_place` is where the header is: `header`
/// for a CSV (its first line), `sheet "NAME" row N` for a spreadsheet, named in messages.
fn check_columns<'h>(
    file: &str,
    mapping_file: &str,
    mapping: &Mapping,
    header: &'h [String],
    header_place: String,
    outcome: &mut FileOutcome,
) -> Option<HashMap<&'h str, usize>> {
    let column_index: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let named = mapping.named_columns();
    let missing: Vec<String> = named
        .iter()
        .filter(|(_, column)| !column_index.contains_key(column))
        .map(|(role, column)| format!("`{column}` ({role})"))
        .collect();
    if !missing.is_empty() {
        outcome.fail(
            format!(
                "{mapping_file} names columns the export does not have: {}; the header{} has: {}. Correct the names in the mapping (they must match exactly)",
                missing.join(", "),
                if header_place == "header" { String::new() } else { format!(" ({header_place})") },
                header.iter().filter(|h| !h.is_empty()).map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")
            ),
            Some(format!("{mapping_file} [columns]")),
        );
        return None;
    }
    if mapping.columns.free_text.is_empty() {
        outcome.fail(format!("{mapping_file} lists no free_text columns; name the questions whose answers should be searchable"), Some(format!("{mapping_file} [columns]")));
        return None;
    }
    let mapped: HashSet<&str> = named.iter().map(|(_, column)| *column).collect();
    let unmapped: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|h| !h.is_empty() && !mapped.contains(h))
        .collect();
    if !unmapped.is_empty() {
        outcome.diagnostics.push(Diagnostic::warning(
            file,
            Some(header_place),
            format!("columns not in {mapping_file} are not indexed: {}; list them under `attributes` to keep them or `ignore` to silence this", unmapped.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")),
        ));
    }
    Some(column_index)
}

/// The survey's document from the mapping's `[source]`, and the tags every response
/// gets (`[defaults]` and the document's own).
fn survey_document(
    file: &str,
    mapping_file: &str,
    mapping: &Mapping,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) -> (SourceDocument, Tags) {
    let mut document = build_document(
        &mapping.source,
        file,
        Kind::Survey,
        context.taxonomy,
        &mut outcome.diagnostics,
    );
    let mut default_tags = Tags::default();
    let mut document_attributes = std::mem::take(&mut document.attributes);
    for (facet, values) in [
        (Facet::Place, &mapping.defaults.places),
        (Facet::Segment, &mapping.defaults.segments),
        (Facet::Theme, &mapping.defaults.themes),
        (Facet::Community, &mapping.defaults.communities),
    ] {
        resolve_explicit(
            context.taxonomy,
            facet,
            values,
            file,
            &format!("{mapping_file} [defaults] {}", facet.plural()),
            (&mut default_tags, &mut document_attributes),
            &mut outcome.diagnostics,
        );
    }
    default_tags.extend(&document.tags);
    document.tags = default_tags.clone();
    document.attributes = document_attributes;
    (document, default_tags)
}

fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// ISO 8601 dates and date-times: what a spreadsheet's date cells are read as, so they
/// are accepted whatever the mapping's date_format says.
const ISO_DATE_FORMATS: &[&str] = &["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d"];

/// Parses a date cell with the mapping's chrono format, or with the usual UK and ISO
/// forms when the mapping gives none. ISO dates and date-times (`2025-04-03`,
/// `2025-04-03T09:00:00`) are always accepted.
pub fn parse_cell_date(text: &str, format: Option<&str>) -> Option<NaiveDate> {
    let uk_formats: &[&str] = &["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"];
    let formats: Vec<&str> = match format {
        Some(format) => std::iter::once(format)
            .chain(ISO_DATE_FORMATS.iter().copied())
            .collect(),
        None => uk_formats.iter().chain(ISO_DATE_FORMATS).copied().collect(),
    };
    formats.iter().find_map(|format| {
        NaiveDateTime::parse_from_str(text, format)
            .map(|dt| dt.date())
            .or_else(|_| NaiveDate::parse_from_str(text, format))
            .ok()
    })
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_uk_and_iso_forms() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            parse_cell_date("03/04/2025", Some("%d/%m/%Y")),
            day(2025, 4, 3)
        );
        assert_eq!(
            parse_cell_date("03/04/2025 14:22", Some("%d/%m/%Y %H:%M")),
            day(2025, 4, 3)
        );
        assert_eq!(
            parse_cell_date("2025-04-03T09:00:00", None),
            day(2025, 4, 3)
        );
        assert_eq!(parse_cell_date("03/04/2025", None), day(2025, 4, 3));
        assert_eq!(parse_cell_date("31/02/2025", None), None);
        assert_eq!(parse_cell_date("April", Some("%d/%m/%Y")), None);
        // a spreadsheet's date cells are ISO, whatever the mapping's format says
        assert_eq!(
            parse_cell_date("2025-04-03", Some("%d/%m/%Y")),
            day(2025, 4, 3)
        );
        assert_eq!(
            parse_cell_date("2025-04-03T14:22:05", Some("%d/%m/%Y %H:%M")),
            day(2025, 4, 3)
        );
        assert_eq!(
            parse_cell_date("2025-04-03T14:22:05.250", None),
            day(2025, 4, 3)
        );
    }

    #[test]
    fn multi_choice_cells_are_one_value_per_choice() {
        let check =
            |cell: &str, expected: &[&str]| assert_eq!(cell_values(cell), expected, "{cell}");
        check("Option A;Option C;", &["Option A", "Option C"]);
        check(" Carer ; Older person", &["Carer", "Older person"]);
        check("Leeds", &["Leeds"]);
        check("", &[""]);
        check(";", &[]);
    }

    #[test]
    fn rows_are_named_by_line_or_sheet_row() {
        let sheet = RowNumbering::Sheet("Responses".into());
        assert_eq!(RowNumbering::Lines.one(7), "line 7");
        assert_eq!(sheet.one(7), "sheet \"Responses\" row 7");
        assert_eq!(RowNumbering::Lines.some(&[3, 4]), "lines 3, 4");
        assert_eq!(
            sheet.some(&[1, 2, 3, 4, 5, 6]),
            "sheet \"Responses\" rows 1, 2, 3, 4, 5, ..."
        );
    }

    #[test]
    fn non_answers_are_recognised() {
        let list: HashSet<String> = NON_ANSWERS.iter().map(|s| s.to_string()).collect();
        for text in [
            "N/A",
            "none.",
            " No comment ",
            "Did not answer",
            "-",
            "Nothing to add!",
            ".",
            "...",
        ] {
            assert!(is_non_answer(text, &list), "{text}");
        }
        assert!(!is_non_answer("none of the staff listened", &list));
        assert!(!is_non_answer("ok", &list));
    }
}
