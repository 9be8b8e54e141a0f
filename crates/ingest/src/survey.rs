//! Survey exports: a CSV as the survey tool wrote it plus a mapping file beside it
//! (`NAME.mapping.toml`) that says which columns are the record id, the date, the free
//! text answers, the tags and the plain attributes. Each non-empty answer to a free-text
//! question becomes one passage that keeps its record id.

use crate::metadata::{build_document, resolve_explicit, RawMetadata};
use crate::{FileOutcome, ParseContext};
use chrono::{NaiveDate, NaiveDateTime};
use insight_model::{
    stable_id, DateSpan, Diagnostic, Facet, Kind, Passage, Resolution, TagOrigin, Tags,
    EQUALITY_ATTRIBUTE,
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
    pub delimiter: Option<String>,
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

/// Parses a survey export with its mapping.
pub fn parse_survey(
    file: &str,
    csv_bytes: &[u8],
    mapping_file: &str,
    mapping_text: &str,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    let mapping: Mapping = match toml::from_str(mapping_text) {
        Ok(mapping) => mapping,
        Err(error) => {
            let location = error
                .span()
                .map(|span| format!("{mapping_file} line {}", line_at(mapping_text, span.start)));
            outcome.fail(format!("mapping {mapping_file} is not valid: {}; see the README's survey mapping reference", error.message()), location);
            return;
        }
    };
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
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let header: Vec<String> = match reader.byte_headers() {
        Ok(header) => match header
            .iter()
            .map(|cell| String::from_utf8(cell.to_vec()))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(cells) => cells.into_iter().map(|c| c.trim().to_string()).collect(),
            Err(_) => {
                outcome.fail(
                    "the header row is not valid UTF-8; re-save the export as \"CSV UTF-8\"".into(),
                    Some("line 1".into()),
                );
                return;
            }
        },
        Err(error) => {
            outcome.fail(
                format!("cannot read the header row: {error}"),
                Some("line 1".into()),
            );
            return;
        }
    };
    let column_index: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();

    // every column the mapping names must exist
    let columns = &mapping.columns;
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
    named.extend(mapping.equality.keys().map(|c| ("equality", c.as_str())));
    let missing: Vec<String> = named
        .iter()
        .filter(|(_, column)| !column_index.contains_key(column))
        .map(|(role, column)| format!("`{column}` ({role})"))
        .collect();
    if !missing.is_empty() {
        outcome.fail(
            format!(
                "{mapping_file} names columns the export does not have: {}; the header has: {}. Correct the names in the mapping (they must match exactly)",
                missing.join(", "),
                header.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")
            ),
            Some(format!("{mapping_file} [columns]")),
        );
        return;
    }
    if columns.free_text.is_empty() {
        outcome.fail(format!("{mapping_file} lists no free_text columns; name the questions whose answers should be searchable"), Some(format!("{mapping_file} [columns]")));
        return;
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
            Some("header".into()),
            format!("columns not in {mapping_file} are not indexed: {}; list them under `attributes` to keep them or `ignore` to silence this", unmapped.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")),
        ));
    }

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

    let non_answers: HashSet<String> = NON_ANSWERS
        .iter()
        .map(|s| s.to_string())
        .chain(mapping.options.non_answers.iter().map(|s| squash_answer(s)))
        .collect();
    let declined: HashSet<String> = DECLINED
        .iter()
        .map(|s| s.to_string())
        .chain(mapping.options.declined.iter().map(|s| squash_answer(s)))
        .collect();
    let mut counts = SurveyCounts::default();
    let mut record_ids: HashMap<String, usize> = HashMap::new();
    // one warning per (column, value), with how many rows had it
    let mut unknown_values: BTreeMap<(String, String), (usize, u64)> = BTreeMap::new();
    // language values that name no known language: value -> (rows, first line)
    let mut unknown_languages: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    let mut bad_dates: Vec<u64> = Vec::new();
    let mut first_bad_date: Option<String> = None;
    let mut dates: Vec<NaiveDate> = Vec::new();

    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line() + 1;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                counts.rows += 1;
                counts.rows_skipped += 1;
                outcome.diagnostics.push(Diagnostic::error(
                    file,
                    Some(format!("line {line}")),
                    format!("row cannot be read ({error}); the row is skipped"),
                ));
                continue;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        counts.rows += 1;
        if record
            .iter()
            .all(|cell| cell.iter().all(u8::is_ascii_whitespace))
        {
            counts.rows -= 1; // blank lines are not rows
            continue;
        }
        if record.len() != header.len() {
            counts.rows_skipped += 1;
            outcome.diagnostics.push(Diagnostic::error(
                file,
                Some(format!("line {line}")),
                format!("row has {} fields but the header has {}; check for an unquoted comma or a line break outside quotes. The row is skipped", record.len(), header.len()),
            ));
            continue;
        }
        let cells: Vec<String> = match record
            .iter()
            .enumerate()
            .map(|(i, cell)| String::from_utf8(cell.to_vec()).map_err(|_| i))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(cells) => cells,
            Err(index) => {
                counts.rows_skipped += 1;
                outcome.diagnostics.push(Diagnostic::error(
                    file,
                    Some(format!("line {line}, column `{}`", header[index])),
                    "text is not valid UTF-8; re-save the export as \"CSV UTF-8\". The row is skipped".to_string(),
                ));
                continue;
            }
        };
        let cell = |column: &str| cells[column_index[column]].trim();
        let rewrite = |column: &str, value: &str| -> String {
            mapping
                .values
                .get(column)
                .and_then(|rewrites| {
                    rewrites.get(value).or_else(|| {
                        rewrites
                            .iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case(value))
                            .map(|(_, v)| v)
                    })
                })
                .cloned()
                .unwrap_or_else(|| value.to_string())
        };

        let mut record_id = cell(&columns.record_id).to_string();
        if record_id.is_empty() {
            record_id = format!("line {line}");
        }
        let seen = record_ids.entry(record_id.clone()).or_insert(0);
        *seen += 1;
        if *seen > 1 {
            outcome.diagnostics.push(Diagnostic::warning(file, Some(format!("line {line}")), format!("record id `{record_id}` appears more than once; this one is indexed as `{record_id}#{seen}`")));
            record_id = format!("{record_id}#{seen}");
        }

        let date = match columns.date.as_deref().map(&cell) {
            None | Some("") => document.date,
            Some(text) => match parse_cell_date(text, columns.date_format.as_deref()) {
                Some(date) => {
                    dates.push(date);
                    Some(DateSpan::day(date))
                }
                None => {
                    bad_dates.push(line);
                    first_bad_date.get_or_insert_with(|| text.to_string());
                    None
                }
            },
        };

        let mut tags = default_tags.clone();
        let mut attributes = BTreeMap::new();
        for (facet, list) in [
            (Facet::Place, &columns.places),
            (Facet::Segment, &columns.segments),
            (Facet::Theme, &columns.themes),
            (Facet::Community, &columns.communities),
        ] {
            for column in list {
                let value = rewrite(column, cell(column));
                if value.is_empty() || is_non_answer(&value, &non_answers) {
                    continue;
                }
                match context.taxonomy.resolve(facet, &value) {
                    Resolution::Found(path) => tags.add(facet, &path, TagOrigin::Explicit),
                    _ => {
                        let entry = unknown_values
                            .entry((column.clone(), value.clone()))
                            .or_insert((0, line));
                        entry.0 += 1;
                    }
                }
                attributes.insert(column.clone(), value);
            }
        }
        for (column, group) in &mapping.equality {
            let raw = cell(column);
            let value = rewrite(column, raw);
            if value.is_empty() {
                continue;
            }
            // equality answers are kept under a marked key: the API never shows them on
            // a single passage, only in suppressed counts
            attributes.insert(format!("{EQUALITY_ATTRIBUTE}{column}"), value.clone());
            if declined.contains(&squash_answer(&value)) {
                continue;
            }
            match context
                .taxonomy
                .resolve_under(Facet::Community, group, &value)
            {
                Resolution::Found(path) => tags.add(Facet::Community, &path, TagOrigin::Explicit),
                _ => {
                    let entry = unknown_values
                        .entry((column.clone(), value.clone()))
                        .or_insert((0, line));
                    entry.0 += 1;
                }
            }
        }
        for column in &columns.attributes {
            let value = cell(column);
            if !value.is_empty() {
                attributes.insert(column.clone(), value.to_string());
            }
        }
        let language = columns.language.as_ref().and_then(|column| {
            let value = cell(column);
            if value.is_empty() {
                return None;
            }
            let code = crate::language::language_code(value);
            if code.is_none() {
                unknown_languages
                    .entry(value.to_string())
                    .or_insert((0, line))
                    .0 += 1;
            }
            code
        });

        for column in &columns.free_text {
            let answer = cell(column);
            if answer.is_empty() {
                counts.empty_answers += 1;
                continue;
            }
            if is_non_answer(answer, &non_answers) {
                counts.non_answers += 1;
                continue;
            }
            // free text is redacted before it is tagged or indexed
            let answer = outcome.redact(context.redactor, &normalise_newlines(answer));
            let heading = match columns.question.as_deref().map(&cell) {
                Some(question) if !question.is_empty() => normalise_newlines(question),
                _ => column.clone(),
            };
            let (passage_tags, sentiment) = context
                .tagger
                .tag_insight(&tags, &answer, &heading, &answer);
            outcome.passages.push(Passage {
                passage_id: stable_id("p", &[file, &record_id, column]),
                doc_id: document.doc_id.clone(),
                locator: format!("line {line}, record {record_id}"),
                heading,
                text: answer,
                date,
                tags: passage_tags,
                attributes: attributes.clone(),
                organisation: None,
                visibility: None,
                methods: Vec::new(),
                status: None,
                links: Vec::new(),
                language: language.clone(),
                sentiment,
            });
        }
    }

    for ((column, value), (rows, first_line)) in unknown_values {
        let group = mapping
            .equality
            .get(&column)
            .map(|g| format!(" under `{g}`"))
            .unwrap_or_default();
        outcome.diagnostics.push(Diagnostic::warning(
            file,
            Some(format!("column `{column}`, first at line {first_line}")),
            format!("value `{value}` ({rows} rows) is not in the taxonomy{group}; add it to taxonomy.toml, rewrite it under [values.\"{column}\"] in {mapping_file}, or list it under [options] declined. It is kept as a plain attribute"),
        ));
    }
    for (value, (rows, first_line)) in unknown_languages {
        outcome.diagnostics.push(Diagnostic::warning(
            file,
            Some(format!("column `{}`, first at line {first_line}", columns.language.as_deref().unwrap_or(""))),
            format!("language `{value}` ({rows} rows) is not known; write an ISO 639-1 code or the language's English name. Those answers' language is detected from their text"),
        ));
    }
    if let Some(example) = first_bad_date {
        let format = columns
            .date_format
            .as_deref()
            .unwrap_or("dd/mm/yyyy or yyyy-mm-dd");
        let lines: Vec<String> = bad_dates.iter().take(5).map(|l| l.to_string()).collect();
        outcome.diagnostics.push(Diagnostic::warning(
            file,
            Some(format!("column `{}`, lines {}{}", columns.date.as_deref().unwrap_or(""), lines.join(", "), if bad_dates.len() > 5 { ", ..." } else { "" })),
            format!("{} dates such as `{example}` do not match date_format `{format}`; those responses are indexed without a date. Correct date_format in {mapping_file} or the cells", bad_dates.len()),
        ));
    }
    if document.date.is_none() {
        if let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) {
            document.date = Some(DateSpan {
                from: *first,
                to: *last,
            });
        }
    }
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

fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Parses a date cell with the mapping's chrono format, or with the usual UK and ISO
/// forms when the mapping gives none.
pub fn parse_cell_date(text: &str, format: Option<&str>) -> Option<NaiveDate> {
    let formats: Vec<&str> = match format {
        Some(format) => vec![format],
        None => vec![
            "%d/%m/%Y %H:%M:%S",
            "%d/%m/%Y %H:%M",
            "%d/%m/%Y",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d",
        ],
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
