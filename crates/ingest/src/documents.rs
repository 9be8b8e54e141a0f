//! Engagement reports and workshop notes: Markdown with front matter, or plain-text
//! notes with a "Key: value" header, turned into passages. A report gives one passage
//! per section; notes give one per discussion point, table or question.

use crate::catalogue::Catalogue;
use crate::discover::MetadataFile;
use crate::frontmatter;
use crate::markdown::{self, Block, BlockKind};
use crate::metadata::{build_document, RawMetadata};
use crate::readers::{self, DocumentFormat};
use crate::{FileOutcome, ParseContext};
use insight_model::{stable_id, Diagnostic, Kind, Passage, SourceDocument};
use std::collections::HashMap;

/// Parses a Markdown report or notes file.
pub fn parse_markdown(
    file: &str,
    text: &str,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    let split = match frontmatter::split(text) {
        Ok(Some(split)) => split,
        Ok(None) => {
            outcome.fail("no front matter: start the file with a `---` line, the metadata (title, places, themes, ...), and another `---` line; see the README's front matter reference".to_string(), Some("line 1".into()));
            return;
        }
        Err(error) => {
            outcome.fail(error.message, Some(format!("line {}", error.line)));
            return;
        }
    };
    let raw = match frontmatter::parse(split.yaml) {
        Ok(raw) => raw,
        Err(error) => {
            outcome.fail(error.message, Some(format!("line {}", error.line)));
            return;
        }
    };
    let document = build_document(
        &raw,
        file,
        Kind::EngagementReport,
        context.taxonomy,
        &mut outcome.diagnostics,
    );
    let blocks = markdown::blocks(split.body, split.body_line_offset);
    finish(document, blocks, "line", context, outcome);
}

/// Parses a document read by one of the readers (PDF, Word, OpenDocument, web page):
/// its metadata is what its sidecar or catalogue row states, over what the document
/// says of itself (inferred); then sections become passages as for Markdown.
pub fn parse_document(
    file: &str,
    format: DocumentFormat,
    bytes: &[u8],
    metadata_file: Option<(&MetadataFile, &[u8])>,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    let structured = match readers::read(format, bytes, context.readers) {
        Ok(structured) => structured,
        Err(error) => {
            outcome.fail(error.0, None);
            return;
        }
    };
    if structured.blocks.is_empty() {
        let reason = structured
            .warnings
            .first()
            .cloned()
            .unwrap_or_else(|| "the document has no text to index".to_string());
        outcome.fail(reason, None);
        return;
    }
    for warning in &structured.warnings {
        outcome
            .diagnostics
            .push(Diagnostic::warning(file, None, warning.clone()));
    }
    let mut fields = structured.metadata;
    let stated = match metadata_file {
        Some((metadata_file, bytes)) => match stated_metadata(file, metadata_file, bytes) {
            Ok(stated) => stated,
            Err((reason, location)) => {
                outcome.fail(reason, Some(location));
                return;
            }
        },
        None => None,
    };
    let source = match (stated, metadata_file) {
        (Some(stated), Some((metadata_file, _))) => {
            fields.extend(stated);
            metadata_file.rel_path.clone()
        }
        _ => {
            let found: Vec<&str> = ["title", "date"]
                .into_iter()
                .filter(|key| fields.contains_key(*key))
                .collect();
            let wanted = match metadata_file {
                Some((catalogue, _)) => format!("a row for it in {}", catalogue.rel_path),
                None => format!(
                    "{}.meta.yaml beside it, or a row in a catalogue.csv",
                    file_stem(file)
                ),
            };
            outcome.diagnostics.push(Diagnostic::warning(
                file,
                None,
                format!(
                    "no metadata stated for this document: {} taken from the document itself (inferred), places and themes from its text, visible to its organisation only (restricted); add {wanted} to state its title, organisation, date, places and visibility",
                    if found.is_empty() { "no title or date".to_string() } else { found.join(" and ") }
                ),
            ));
            // said above: no second warning about the missing visibility
            fields.insert(
                "visibility".into(),
                serde_json::Value::String("restricted".into()),
            );
            "the document itself".to_string()
        }
    };
    let raw: RawMetadata = match serde_json::from_value(serde_json::Value::Object(fields)) {
        Ok(raw) => raw,
        Err(error) => {
            outcome.fail(
                format!("the document's metadata cannot be read: {error}; correct its sidecar or catalogue row"),
                metadata_file.map(|(m, _)| m.rel_path.clone()),
            );
            return;
        }
    };
    let mut document = build_document(
        &raw,
        file,
        Kind::EngagementReport,
        context.taxonomy,
        &mut outcome.diagnostics,
    );
    document
        .attributes
        .insert("metadata from".to_string(), source);
    finish(
        document,
        structured.blocks,
        structured.unit,
        context,
        outcome,
    );
}

fn file_stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// What a sidecar, or the document's catalogue row, states, as front-matter keys;
/// `None` when a catalogue has no row for the file. An error says what and where.
fn stated_metadata(
    file: &str,
    metadata_file: &MetadataFile,
    bytes: &[u8],
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, (String, String)> {
    let at = metadata_file.rel_path.clone();
    if metadata_file.catalogue {
        let catalogue =
            Catalogue::read(&metadata_file.rel_path, bytes).map_err(|reason| (reason, at))?;
        return Ok(catalogue.row_for(file).map(|row| row.fields.clone()));
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err((format!("{at} is not valid UTF-8; re-save it as UTF-8"), at));
    };
    frontmatter::check_yaml_nesting(text)
        .map_err(|e| (e.message, format!("{at} line {}", e.line)))?;
    let value: serde_json::Value = serde_yaml_ng::from_str(text).map_err(|e| {
        let line = e.location().map_or(1, |l| l.line());
        (format!("sidecar {at} is not valid YAML: {e}; write it like front matter (title: ..., places: [...])"), format!("{at} line {line}"))
    })?;
    match value {
        serde_json::Value::Object(map) => Ok(Some(map)),
        serde_json::Value::Null => Ok(Some(Default::default())),
        _ => Err((
            format!("sidecar {at} must be a mapping of keys (title: ..., date: ...)"),
            at,
        )),
    }
}

/// Parses plain-text workshop notes: a "Key: value" header, a blank line, the notes.
pub fn parse_text_notes(
    file: &str,
    text: &str,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut header = serde_json::Map::new();
    let mut body_start_line = 0;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            body_start_line = index + 1;
            break;
        }
        let Some((key, value)) = line.split_once(':').filter(|(key, _)| is_header_key(key)) else {
            if index == 0 {
                outcome.fail("no header: start plain-text notes with lines like `Title: ...`, `Place: ...`, `Date: dd/mm/yyyy`, then a blank line".to_string(), Some("line 1".into()));
                return;
            }
            outcome.fail(format!("line {} is not a `Key: value` header line; end the header with a blank line before the notes", index + 1), Some(format!("line {}", index + 1)));
            return;
        };
        header.insert(
            key.trim().to_lowercase(),
            serde_json::Value::String(value.trim().to_string()),
        );
        body_start_line = index + 1;
    }
    let raw: RawMetadata = match serde_json::from_value(serde_json::Value::Object(header)) {
        Ok(raw) => raw,
        Err(error) => {
            outcome.fail(
                format!("header cannot be read: {error}"),
                Some("header".into()),
            );
            return;
        }
    };
    let document = build_document(
        &raw,
        file,
        Kind::WorkshopNotes,
        context.taxonomy,
        &mut outcome.diagnostics,
    );
    let body: Vec<&str> = text.lines().skip(body_start_line).collect();
    let blocks = text_blocks(&body, body_start_line);
    finish(document, blocks, "line", context, outcome);
}

fn is_header_key(key: &str) -> bool {
    let key = key.trim();
    !key.is_empty()
        && key.len() <= 30
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '_')
}

/// Lines of plain-text notes to blocks: question and table lines become headings,
/// bullets become points, other lines make paragraphs.
fn text_blocks(lines: &[&str], first_line: usize) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut heading: Option<String> = None;
    let mut open: Option<Block> = None;
    let close = |open: &mut Option<Block>, blocks: &mut Vec<Block>| {
        if let Some(block) = open.take() {
            if !block.text.trim().is_empty() {
                blocks.push(block);
            }
        }
    };
    for (index, raw_line) in lines.iter().enumerate() {
        let line = raw_line.trim();
        let number = first_line + index + 1;
        if line.is_empty() {
            close(&mut open, &mut blocks);
            continue;
        }
        if is_question_or_table(line) {
            close(&mut open, &mut blocks);
            heading = Some(line.to_string());
            continue;
        }
        let headings: Vec<String> = heading.iter().cloned().collect();
        if let Some(point) = bullet_text(line) {
            close(&mut open, &mut blocks);
            open = Some(Block {
                kind: BlockKind::ListItem,
                text: point.to_string(),
                headings,
                line: number,
            });
            continue;
        }
        match &mut open {
            Some(block) => {
                block.text.push(' ');
                block.text.push_str(line);
            }
            None => {
                open = Some(Block {
                    kind: BlockKind::Paragraph,
                    text: line.to_string(),
                    headings,
                    line: number,
                })
            }
        }
    }
    close(&mut open, &mut blocks);
    blocks
}

fn bullet_text(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "• ", "– ", "o "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 3 {
        if let Some(rest) = line[digits..].strip_prefix(") ") {
            return Some(rest.trim());
        }
    }
    None
}

fn is_question_or_table(line: &str) -> bool {
    let lower = line.to_lowercase();
    let numbered = |prefix: &str| {
        lower
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    };
    numbered("q")
        || numbered("question")
        || numbered("table")
        || numbered("group")
        || numbered("session")
        || (line.ends_with('?') && bullet_text(line).is_none() && line.len() < 200)
        || (line.ends_with(':') && line.len() < 80 && bullet_text(line).is_none())
}

/// Turns blocks into passages (per section for reports, per point for notes), tags them
/// and completes the outcome.
fn finish(
    document: SourceDocument,
    blocks: Vec<Block>,
    unit: &str,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    let per_point = document.kind == Kind::WorkshopNotes;
    let redact = !document.redaction_off
        && (per_point || document.visibility != insight_model::Visibility::Public);
    // the title of what is redacted is redacted too
    let mut document = document;
    if redact {
        let title = document.title.clone();
        document.title = outcome.redact(context.redactor, &document, &title);
    }
    // a top heading that repeats the title, or its first part (the short title a report
    // prints again over its first page: "When the chemist closed" of "When the chemist
    // closed: pharmacy closures in Hemsworth"), adds nothing to each heading path
    let title = document.title.trim().to_lowercase();
    let repeats_title = |top: &str| {
        let top = top.trim().to_lowercase();
        top == title
            || (top.split_whitespace().count() >= 2
                && title
                    .strip_prefix(top.as_str())
                    .is_some_and(|rest| rest.starts_with([':', ' ', '-', '–', '.'])))
    };
    let blocks = blocks
        .into_iter()
        .map(|mut block| {
            if block.headings.first().is_some_and(|top| repeats_title(top)) {
                block.headings.remove(0);
            }
            block
        })
        .collect();
    let groups = if per_point {
        group_points(blocks)
    } else {
        group_sections(blocks)
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for group in groups {
        let heading = if group.headings.is_empty() {
            "Introduction".to_string()
        } else {
            group.headings.join(" > ")
        };
        // workshop notes are free text written down from people, and a report that is not
        // public is not a published document: both are redacted like survey answers,
        // headings too (a facilitator's name and email in a notes heading); public
        // reports stay as written. The id counts the heading as stored.
        let (heading, text) = if redact {
            (
                outcome.redact(context.redactor, &document, &heading),
                outcome.redact(context.redactor, &document, &group.text),
            )
        } else {
            (heading, group.text)
        };
        let occurrence = seen
            .entry(heading.clone())
            .and_modify(|n| *n += 1)
            .or_insert(1);
        let locator = format!("{unit} {}", group.line);
        let (tags, sentiment) = context.tagger.tag_insight(
            &document.tags,
            &format!("{heading}\n{text}"),
            &heading,
            &text,
        );
        outcome.passages.push(Passage {
            passage_id: stable_id("p", &[&document.file, &heading, &occurrence.to_string()]),
            doc_id: document.doc_id.clone(),
            locator,
            heading,
            text,
            date: document.date,
            tags,
            attributes: Default::default(),
            organisation: None,
            visibility: None,
            methods: Vec::new(),
            status: None,
            links: Vec::new(),
            language: None,
            respondent: None,
            sentiment,
        });
    }
    if outcome.passages.is_empty() {
        outcome.fail(
            "the file has metadata but no text to index; add the report's sections or the notes"
                .to_string(),
            None,
        );
        return;
    }
    outcome.document = Some(document);
}

/// Consecutive blocks under the same headings make one section.
fn group_sections(blocks: Vec<Block>) -> Vec<Block> {
    let mut groups: Vec<Block> = Vec::new();
    for block in blocks {
        match groups.last_mut() {
            Some(last) if last.headings == block.headings => {
                last.text.push_str("\n\n");
                last.text.push_str(&block.text);
            }
            _ => groups.push(block),
        }
    }
    groups
}

/// Each list item and table stands alone; prose under one heading is one passage.
fn group_points(blocks: Vec<Block>) -> Vec<Block> {
    let mut groups: Vec<Block> = Vec::new();
    let mut prose_of_heading: HashMap<Vec<String>, usize> = HashMap::new();
    for block in blocks {
        match block.kind {
            BlockKind::ListItem | BlockKind::Table => groups.push(block),
            BlockKind::Paragraph | BlockKind::Quote | BlockKind::Code => {
                match prose_of_heading.get(&block.headings) {
                    Some(&index) => {
                        groups[index].text.push_str("\n\n");
                        groups[index].text.push_str(&block.text);
                    }
                    None => {
                        prose_of_heading.insert(block.headings.clone(), groups.len());
                        groups.push(block);
                    }
                }
            }
        }
    }
    groups
}
