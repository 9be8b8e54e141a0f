//! Forward plans and "You said, we did" records: files an engagement team keeps.
//!
//! A forward plan (`*.plan.csv`, or `*.plan.yaml` as a list) has one activity per row:
//! ID, title, description, lead and partner organisations, place, segment, target
//! audience, themes, method, start and end dates, status, contact, report. Each
//! activity becomes one passage of kind "forward plan activity".
//!
//! A "You said, we did" file (`*.ysd.yaml`) is a list of records linking insight (corpus
//! paths or document and passage ids) to a decision and an action with a status and a
//! date. Each record becomes one passage of kind "you said we did".

use crate::metadata::{parse_date_span, resolve_explicit};
use crate::{FileOutcome, ParseContext};
use insight_model::{
    stable_id, DateSpan, Diagnostic, Facet, Kind, Method, Passage, SourceDocument, Tags, Visibility,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Statuses of a forward-plan activity.
pub const ACTIVITY_STATUSES: &[&str] = &["planned", "live", "closed"];
/// Statuses of a "You said, we did" action.
pub const ACTION_STATUSES: &[&str] = &["planned", "in progress", "done", "not taken forward"];

/// One activity as written in a plan (CSV headers are matched loosely: case, spaces,
/// "organisation"/"organization", singular or plural).
#[derive(Debug, Default, Deserialize)]
struct ActivityRow {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(
        default,
        alias = "lead",
        alias = "lead_organization",
        alias = "organisation"
    )]
    lead_organisation: String,
    #[serde(default, alias = "partners", alias = "partner_organizations")]
    partner_organisations: String,
    #[serde(default, alias = "places")]
    place: String,
    #[serde(default, alias = "segments")]
    segment: String,
    #[serde(default, alias = "audience", alias = "communities")]
    target_audience: String,
    #[serde(default, alias = "theme")]
    themes: String,
    #[serde(default, alias = "methods")]
    method: String,
    #[serde(default, alias = "start")]
    start_date: String,
    #[serde(default, alias = "end")]
    end_date: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    contact: String,
    #[serde(default, alias = "report_link")]
    report: String,
    #[serde(default)]
    visibility: String,
}

/// CSV header -> field name: lowercase, spaces and hyphens as underscores.
fn field_name(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .replace("organization", "organisation")
        .replace([' ', '-'], "_")
}

fn split(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// A title from the file name: "west-yorkshire-forward-plan.plan.csv" -> "West Yorkshire
/// Forward Plan".
fn pretty_title(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name.split('.').next().unwrap_or(name);
    stem.split(['-', '_', ' '])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn plan_document(file: &str, kind: Kind, title: String) -> SourceDocument {
    SourceDocument {
        doc_id: stable_id("d", &[file]),
        file: file.to_string(),
        kind,
        title,
        organisation: None,
        partners: Vec::new(),
        methods: Vec::new(),
        participation: None,
        participants: None,
        date: None,
        visibility: Visibility::Public,
        url: None,
        language: "en".into(),
        language_stated: false,
        tags: Tags::default(),
        attributes: BTreeMap::new(),
        redaction_off: false,
        public_figures: Vec::new(),
    }
}

/// Parses a forward plan exported as CSV.
pub fn parse_plan_csv(
    file: &str,
    bytes: &[u8],
    corpus: &Path,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        outcome.fail(
            "the plan is not valid UTF-8; re-save it as \"CSV UTF-8\"".into(),
            None,
        );
        return;
    };
    if text.trim().is_empty() {
        outcome.fail(
            "the plan is empty; export it again with its header row".into(),
            None,
        );
        return;
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(field_name).collect(),
        Err(error) => {
            outcome.fail(
                format!("cannot read the header row: {error}"),
                Some("line 1".into()),
            );
            return;
        }
    };
    for required in ["id", "title", "status"] {
        if !headers.iter().any(|h| h == required) {
            outcome.fail(
                format!("the plan has no `{required}` column; the header needs at least ID, Title and Status (see the README's forward plan reference)"),
                Some("line 1".into()),
            );
            return;
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                outcome.diagnostics.push(Diagnostic::error(
                    file,
                    None,
                    format!("row cannot be read ({error}); it is skipped"),
                ));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.len() != headers.len() {
            outcome.diagnostics.push(Diagnostic::error(
                file,
                Some(format!("line {line}")),
                format!("row has {} fields but the header has {}; check for an unquoted comma. The activity is skipped", record.len(), headers.len()),
            ));
            continue;
        }
        let map: BTreeMap<String, String> = headers
            .iter()
            .cloned()
            .zip(record.iter().map(|c| c.trim().to_string()))
            .collect();
        match serde_json::from_value::<ActivityRow>(
            serde_json::to_value(&map).expect("strings serialise"),
        ) {
            Ok(row) => rows.push((format!("line {line}"), row, map)),
            Err(error) => outcome.diagnostics.push(Diagnostic::error(
                file,
                Some(format!("line {line}")),
                format!("row cannot be read: {error}"),
            )),
        }
    }
    finish_plan(file, rows, corpus, context, outcome);
}

/// Parses a forward plan written as a YAML list of activities.
pub fn parse_plan_yaml(
    file: &str,
    text: &str,
    corpus: &Path,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    if let Err(error) = crate::frontmatter::check_yaml_nesting(text) {
        outcome.fail(
            format!("the plan is not a usable YAML list: {}", error.message),
            Some(format!("line {}", error.line)),
        );
        return;
    }
    let values: Vec<serde_yaml_ng::Value> = match serde_yaml_ng::from_str(text) {
        Ok(values) => values,
        Err(error) => {
            let line = error.location().map(|l| l.line()).unwrap_or(1);
            outcome.fail(
                format!("the plan is not a valid YAML list of activities: {error}"),
                Some(format!("line {line}")),
            );
            return;
        }
    };
    let mut rows = Vec::new();
    for (index, value) in values.into_iter().enumerate() {
        let map: BTreeMap<String, String> = match value {
            serde_yaml_ng::Value::Mapping(mapping) => mapping
                .into_iter()
                .filter_map(|(k, v)| {
                    let key = field_name(k.as_str()?);
                    let text = match v {
                        serde_yaml_ng::Value::String(s) => s,
                        serde_yaml_ng::Value::Sequence(items) => items
                            .iter()
                            .filter_map(|i| i.as_str().map(str::to_string))
                            .collect::<Vec<_>>()
                            .join("; "),
                        serde_yaml_ng::Value::Null => String::new(),
                        other => serde_yaml_ng::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
                    Some((key, text))
                })
                .collect(),
            _ => {
                outcome.diagnostics.push(Diagnostic::error(
                    file,
                    Some(format!("activity {}", index + 1)),
                    "an activity must be a mapping of fields; it is skipped",
                ));
                continue;
            }
        };
        match serde_json::from_value::<ActivityRow>(
            serde_json::to_value(&map).expect("strings serialise"),
        ) {
            Ok(row) => rows.push((format!("activity {}", index + 1), row, map)),
            Err(error) => outcome.diagnostics.push(Diagnostic::error(
                file,
                Some(format!("activity {}", index + 1)),
                format!("cannot be read: {error}"),
            )),
        }
    }
    finish_plan(file, rows, corpus, context, outcome);
}

const KNOWN_ACTIVITY_FIELDS: &[&str] = &[
    "id",
    "title",
    "description",
    "lead_organisation",
    "lead",
    "organisation",
    "partner_organisations",
    "partners",
    "place",
    "places",
    "segment",
    "segments",
    "target_audience",
    "audience",
    "communities",
    "themes",
    "theme",
    "method",
    "methods",
    "start_date",
    "start",
    "end_date",
    "end",
    "status",
    "contact",
    "report",
    "report_link",
    "visibility",
];

fn finish_plan(
    file: &str,
    rows: Vec<(String, ActivityRow, BTreeMap<String, String>)>,
    corpus: &Path,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    let mut document = plan_document(file, Kind::ForwardPlanActivity, pretty_title(file));
    let mut seen = std::collections::HashSet::new();
    let mut dates: Vec<DateSpan> = Vec::new();
    for (location, row, map) in rows {
        let at = Some(location.clone());
        if row.id.is_empty() {
            outcome.diagnostics.push(Diagnostic::error(file, at, "the activity has no ID; give every activity a unique ID such as FP-2026-001. It is skipped"));
            continue;
        }
        if !seen.insert(row.id.clone()) {
            outcome.diagnostics.push(Diagnostic::error(
                file,
                at,
                format!(
                    "ID `{}` is used twice; IDs must be unique. This one is skipped",
                    row.id
                ),
            ));
            continue;
        }
        let status = row.status.trim().to_lowercase();
        let status = if ACTIVITY_STATUSES.contains(&status.as_str()) {
            Some(status)
        } else {
            outcome.diagnostics.push(Diagnostic::warning(
                file,
                at.clone(),
                format!(
                    "status `{}` of {} is not one of planned, live, closed; it is left unset",
                    row.status, row.id
                ),
            ));
            None
        };
        let date = activity_dates(file, &location, &row, &mut outcome.diagnostics);
        dates.extend(date);
        let mut tags = Tags::default();
        let mut attributes = BTreeMap::new();
        for (facet, cell) in [
            (Facet::Place, &row.place),
            (Facet::Segment, &row.segment),
            (Facet::Community, &row.target_audience),
            (Facet::Theme, &row.themes),
        ] {
            resolve_explicit(
                context.taxonomy,
                facet,
                &split(cell),
                file,
                &format!("{location} ({})", row.id),
                (&mut tags, &mut attributes),
                &mut outcome.diagnostics,
            );
        }
        let methods: Vec<Method> = split(&row.method)
            .iter()
            .filter_map(|m| match m.parse::<Method>() {
                Ok(method) => Some(method),
                Err(error) => {
                    outcome.diagnostics.push(Diagnostic::warning(
                        file,
                        at.clone(),
                        format!("{error}; kept as an attribute"),
                    ));
                    attributes.insert("method".into(), m.clone());
                    None
                }
            })
            .collect();
        let visibility = match row.visibility.trim() {
            "" => None,
            text => match text.parse::<Visibility>() {
                Ok(visibility) => Some(visibility),
                Err(error) => {
                    outcome.diagnostics.push(Diagnostic::warning(
                        file,
                        at.clone(),
                        format!("{error}; treated as restricted until corrected"),
                    ));
                    Some(Visibility::Restricted)
                }
            },
        };
        attributes.insert("activity id".into(), row.id.clone());
        for (key, value) in [
            ("partner organisations", &row.partner_organisations),
            ("target audience", &row.target_audience),
            ("contact", &row.contact),
            ("report", &row.report),
        ] {
            if !value.is_empty() {
                attributes.insert(key.into(), value.clone());
            }
        }
        for (key, value) in &map {
            if !KNOWN_ACTIVITY_FIELDS.contains(&key.as_str()) && !value.is_empty() {
                attributes.insert(key.replace('_', " "), value.clone());
            }
        }
        let links = link_ids(
            file,
            &location,
            &split(&row.report),
            corpus,
            &mut outcome.diagnostics,
        );
        let text = if row.description.is_empty() {
            row.title.clone()
        } else {
            row.description.clone()
        };
        let tags = context
            .tagger
            .tag(&tags, &format!("{}\n{}", row.title, text));
        outcome.passages.push(Passage {
            passage_id: stable_id("p", &[file, &row.id]),
            doc_id: document.doc_id.clone(),
            locator: format!("{location}, activity {}", row.id),
            heading: if row.title.is_empty() {
                row.id.clone()
            } else {
                row.title.clone()
            },
            text,
            date,
            tags,
            attributes,
            organisation: Some(row.lead_organisation.clone()).filter(|o| !o.is_empty()),
            visibility,
            methods,
            status,
            links,
            language: None,
            respondent: None,
            sentiment: None,
        });
    }
    document.date = span_of(&dates);
    if outcome.passages.is_empty() {
        outcome.fail(
            "the plan has no activity that could be read; see the errors above".into(),
            None,
        );
        return;
    }
    outcome.document = Some(document);
}

fn span_of(dates: &[DateSpan]) -> Option<DateSpan> {
    let from = dates.iter().map(|d| d.from).min()?;
    let to = dates.iter().map(|d| d.to).max()?;
    Some(DateSpan { from, to })
}

fn activity_dates(
    file: &str,
    location: &str,
    row: &ActivityRow,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<DateSpan> {
    let parse = |text: &str, which: &str, diagnostics: &mut Vec<Diagnostic>| {
        if text.trim().is_empty() {
            return None;
        }
        let span = parse_date_span(text);
        if span.is_none() {
            diagnostics.push(Diagnostic::warning(file, Some(location.to_string()), format!("{which} date `{text}` of {} is not a date; write dd/mm/yyyy. The activity is kept without it", row.id)));
        }
        span
    };
    let start = parse(&row.start_date, "start", diagnostics);
    let end = parse(&row.end_date, "end", diagnostics);
    match (start, end) {
        (Some(start), Some(end)) if end.to < start.from => {
            diagnostics.push(Diagnostic::warning(
                file,
                Some(location.to_string()),
                format!("{} ends before it starts; the dates are swapped", row.id),
            ));
            Some(DateSpan {
                from: end.from,
                to: start.to,
            })
        }
        (Some(start), Some(end)) => Some(DateSpan {
            from: start.from,
            to: end.to,
        }),
        (Some(one), None) | (None, Some(one)) => Some(one),
        (None, None) => None,
    }
}

/// Corpus paths, document ids and passage ids to ids; paths that name no corpus file
/// are reported. URLs are not links to the index and are skipped.
fn link_ids(
    file: &str,
    location: &str,
    values: &[String],
    corpus: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let is_id = |v: &str, prefix: char| {
        v.len() == 17 && v.starts_with(prefix) && v[1..].bytes().all(|b| b.is_ascii_hexdigit())
    };
    let mut ids = Vec::new();
    for value in values {
        let value = value.trim();
        if value.starts_with("http://") || value.starts_with("https://") || value.is_empty() {
            continue;
        }
        if is_id(value, 'p') || is_id(value, 'd') {
            ids.push(value.to_string());
            continue;
        }
        let path = value.trim_start_matches("./").trim_start_matches("corpus/");
        if !corpus.join(path).is_file() {
            diagnostics.push(Diagnostic::warning(file, Some(location.to_string()), format!("`{value}` is not a file of the corpus; give its path relative to the corpus folder (e.g. reports/name.md), or a document or passage id")));
        }
        ids.push(stable_id("d", &[path]));
    }
    ids
}

/// One "You said, we did" record.
#[derive(Debug, Deserialize)]
struct YouSaidRecord {
    id: Option<String>,
    title: Option<String>,
    you_said: Option<String>,
    decision: Option<String>,
    action: Option<String>,
    #[serde(alias = "we_did")]
    we_did: Option<String>,
    status: Option<String>,
    date: Option<serde_yaml_ng::Value>,
    organisation: Option<String>,
    #[serde(default, alias = "place")]
    places: crate::metadata::OneOrMany,
    #[serde(default, alias = "segment")]
    segments: crate::metadata::OneOrMany,
    #[serde(default, alias = "theme")]
    themes: crate::metadata::OneOrMany,
    #[serde(default, alias = "community")]
    communities: crate::metadata::OneOrMany,
    #[serde(default)]
    insight: crate::metadata::OneOrMany,
    visibility: Option<String>,
    #[serde(flatten)]
    other: BTreeMap<String, serde_yaml_ng::Value>,
}

/// Parses a `*.ysd.yaml` file of "You said, we did" records.
pub fn parse_you_said(
    file: &str,
    text: &str,
    corpus: &Path,
    context: &ParseContext<'_>,
    outcome: &mut FileOutcome,
) {
    if let Err(error) = crate::frontmatter::check_yaml_nesting(text) {
        outcome.fail(
            format!(
                "not a usable YAML list of \"You said, we did\" records: {}",
                error.message
            ),
            Some(format!("line {}", error.line)),
        );
        return;
    }
    let records: Vec<YouSaidRecord> = match serde_yaml_ng::from_str(text) {
        Ok(records) => records,
        Err(error) => {
            let line = error.location().map(|l| l.line()).unwrap_or(1);
            outcome.fail(format!("not a valid YAML list of \"You said, we did\" records: {error}; see the README's reference"), Some(format!("line {line}")));
            return;
        }
    };
    let mut document = plan_document(file, Kind::YouSaidWeDid, pretty_title(file));
    let mut dates = Vec::new();
    for (index, record) in records.into_iter().enumerate() {
        let id = record
            .id
            .clone()
            .unwrap_or_else(|| format!("record {}", index + 1));
        let location = format!("record {} ({id})", index + 1);
        let at = Some(location.clone());
        let you_said = record.you_said.clone().unwrap_or_default();
        let action = record
            .action
            .clone()
            .or(record.we_did.clone())
            .unwrap_or_default();
        if you_said.trim().is_empty() || action.trim().is_empty() {
            outcome.diagnostics.push(Diagnostic::error(
                file,
                at,
                "a record needs `you_said` and `action` (or `we_did`); it is skipped",
            ));
            continue;
        }
        let status = record.status.as_deref().map(|s| s.trim().to_lowercase());
        let status = match status {
            Some(status) if ACTION_STATUSES.contains(&status.as_str()) => Some(status),
            Some(other) => {
                outcome.diagnostics.push(Diagnostic::warning(
                    file,
                    at.clone(),
                    format!(
                        "status `{other}` is not one of {}; it is left unset",
                        ACTION_STATUSES.join(", ")
                    ),
                ));
                None
            }
            None => None,
        };
        let date = match &record.date {
            None => None,
            Some(value) => {
                let text = match value {
                    serde_yaml_ng::Value::String(s) => s.clone(),
                    other => serde_yaml_ng::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                let span = parse_date_span(&text);
                if span.is_none() {
                    outcome.diagnostics.push(Diagnostic::warning(
                        file,
                        at.clone(),
                        format!("date `{text}` is not a date; write yyyy-mm-dd"),
                    ));
                }
                span
            }
        };
        dates.extend(date);
        let mut tags = Tags::default();
        let mut attributes = BTreeMap::new();
        for (facet, values) in [
            (Facet::Place, &record.places),
            (Facet::Segment, &record.segments),
            (Facet::Theme, &record.themes),
            (Facet::Community, &record.communities),
        ] {
            resolve_explicit(
                context.taxonomy,
                facet,
                &values.values(),
                file,
                &location,
                (&mut tags, &mut attributes),
                &mut outcome.diagnostics,
            );
        }
        let visibility = record.visibility.as_deref().map(|v| {
            v.parse::<Visibility>().unwrap_or_else(|error| {
                outcome.diagnostics.push(Diagnostic::warning(
                    file,
                    at.clone(),
                    format!("{error}; treated as restricted until corrected"),
                ));
                Visibility::Restricted
            })
        });
        for key in record.other.keys() {
            outcome.diagnostics.push(Diagnostic::warning(file, at.clone(), format!("`{key}` is not a known field of a record (id, title, you_said, decision, action, status, date, organisation, places, segments, themes, communities, insight, visibility); it is ignored")));
        }
        let insight = record.insight.values();
        if insight.is_empty() {
            outcome.diagnostics.push(Diagnostic::warning(
                file,
                at.clone(),
                "the record links to no insight; list the documents it answers under `insight`",
            ));
        }
        let links = link_ids(file, &location, &insight, corpus, &mut outcome.diagnostics);
        attributes.insert("record id".into(), id.clone());
        attributes.insert("insight".into(), insight.join("; "));
        let mut text = format!("You said: {}", you_said.trim());
        if let Some(decision) = record.decision.as_deref().filter(|d| !d.trim().is_empty()) {
            text.push_str(&format!("\n\nDecision: {}", decision.trim()));
        }
        text.push_str(&format!("\n\nWe did: {}", action.trim()));
        let heading = record.title.clone().unwrap_or_else(|| id.clone());
        let tags = context.tagger.tag(&tags, &format!("{heading}\n{text}"));
        outcome.passages.push(Passage {
            passage_id: stable_id("p", &[file, &id]),
            doc_id: document.doc_id.clone(),
            locator: location,
            heading,
            text,
            date,
            tags,
            attributes,
            organisation: record.organisation.clone(),
            visibility,
            methods: Vec::new(),
            status,
            links,
            language: None,
            respondent: None,
            sentiment: None,
        });
    }
    document.date = span_of(&dates);
    if outcome.passages.is_empty() {
        outcome.fail("no record could be read; see the errors above".into(), None);
        return;
    }
    outcome.document = Some(document);
}

#[cfg(test)]
mod tests {
    use super::*;
    use insight_model::{Severity, Tagger, Taxonomy};

    const TAXONOMY: &str = r#"
[[place]]
path = "West Yorkshire"
[[place]]
path = "West Yorkshire/Leeds"
[[theme]]
path = "Discharge"
phrases = ["coming home from hospital"]
[[community]]
path = "Carers"
[[community]]
path = "Young people"
"#;

    fn run(file: &str, bytes: &[u8]) -> FileOutcome {
        let taxonomy = Taxonomy::parse(TAXONOMY).unwrap();
        let tagger = Tagger::new(&taxonomy);
        let redactor = crate::Redactor::new();
        let context = ParseContext {
            taxonomy: &taxonomy,
            tagger: &tagger,
            redactor: &redactor,
            readers: &Default::default(),
        };
        let corpus = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(corpus.path().join("reports")).unwrap();
        std::fs::write(corpus.path().join("reports/carers.md"), "x").unwrap();
        let mut outcome = FileOutcome::new(file);
        if file.ends_with(".csv") {
            parse_plan_csv(file, bytes, corpus.path(), &context, &mut outcome);
        } else if file.ends_with(".plan.yaml") {
            parse_plan_yaml(
                file,
                std::str::from_utf8(bytes).unwrap(),
                corpus.path(),
                &context,
                &mut outcome,
            );
        } else {
            parse_you_said(
                file,
                std::str::from_utf8(bytes).unwrap(),
                corpus.path(),
                &context,
                &mut outcome,
            );
        }
        outcome
    }

    #[test]
    fn plan_rows_become_activities() {
        let csv = "ID,Title,Description,Lead organisation,Place,Target audience,Themes,Method,Start date,End date,Status,Contact,Report,Budget\n\
FP-1,Carers and discharge,Talking to carers about coming home from hospital,Healthwatch Leeds,Leeds,Carers,,focus group,01/02/2026,31/03/2026,Planned,hw@example.org,reports/carers.md,£500\n\
FP-1,Duplicate id,,x,Leeds,,,,,,live,,,\n\
,No id,,x,Leeds,,,,,,live,,,\n\
FP-2,Odd status,,Leeds City Council,Atlantis,Young people,,survey,2026-05-01,,someday,,reports/missing.md,\n";
        let outcome = run("plan/wy.plan.csv", csv.as_bytes());
        assert!(outcome.document.is_some(), "{:?}", outcome.diagnostics);
        assert_eq!(outcome.passages.len(), 2);
        let first = &outcome.passages[0];
        assert_eq!(first.status.as_deref(), Some("planned"));
        assert_eq!(first.organisation.as_deref(), Some("Healthwatch Leeds"));
        assert_eq!(first.date.unwrap().from.to_string(), "2026-02-01");
        assert_eq!(first.attributes["budget"], "£500");
        assert_eq!(first.links, vec![stable_id("d", &["reports/carers.md"])]);
        let tags: Vec<(Facet, &str, insight_model::TagOrigin)> = first
            .tags
            .iter()
            .map(|t| (t.facet, t.path.as_str(), t.origin))
            .collect();
        assert!(
            tags.contains(&(
                Facet::Theme,
                "Discharge",
                insight_model::TagOrigin::Inferred
            )),
            "{tags:?}"
        );
        assert!(
            tags.contains(&(
                Facet::Community,
                "Carers",
                insight_model::TagOrigin::Explicit
            )),
            "{tags:?}"
        );
        let messages: Vec<String> = outcome
            .diagnostics
            .iter()
            .map(|d| format!("{:?} {}", d.severity, d.message))
            .collect();
        let has = |fragment: &str| messages.iter().any(|m| m.contains(fragment));
        assert!(has("is used twice"), "{messages:?}");
        assert!(has("has no ID"), "{messages:?}");
        assert!(has("status `someday`"), "{messages:?}");
        assert!(
            has("place `Atlantis` is not in the taxonomy"),
            "{messages:?}"
        );
        assert!(
            has("`reports/missing.md` is not a file of the corpus"),
            "{messages:?}"
        );
        assert_eq!(
            outcome
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            2
        );
    }

    #[test]
    fn plans_without_their_columns_are_refused() {
        let outcome = run("plan/x.plan.csv", b"Name,When\nA,today\n");
        assert!(outcome.document.is_none());
        assert!(outcome
            .skip_reason()
            .unwrap()
            .message
            .contains("no `id` column"));
        let outcome = run(
            "plan/x.plan.yaml",
            b"- id: A1\n  title: Walk and talk\n  status: live\n  places: [Leeds]\n",
        );
        assert_eq!(outcome.passages.len(), 1, "{:?}", outcome.diagnostics);
    }

    #[test]
    fn you_said_we_did_records() {
        let yaml = r#"
- id: YSD-1
  title: Carers rung before discharge
  you_said: Carers found out at the last minute
  decision: The trust board agreed a standard
  action: Wards now ring the named carer
  status: In progress
  date: 2025-06-30
  organisation: Leeds Teaching Hospitals NHS Trust
  places: [Leeds]
  communities: [Carers]
  insight: [reports/carers.md, p0123456789abcdef]
- id: YSD-2
  you_said: Something
"#;
        let outcome = run("ysd/records.ysd.yaml", yaml.as_bytes());
        assert_eq!(outcome.passages.len(), 1, "{:?}", outcome.diagnostics);
        let record = &outcome.passages[0];
        assert_eq!(record.status.as_deref(), Some("in progress"));
        assert!(record.text.starts_with("You said: Carers found out"));
        assert!(record.text.contains("We did: Wards now ring"));
        assert_eq!(
            record.links,
            vec![
                stable_id("d", &["reports/carers.md"]),
                "p0123456789abcdef".to_string()
            ]
        );
        assert!(outcome
            .diagnostics
            .iter()
            .any(|d| d.message.contains("needs `you_said` and `action`")));
        let broken = run("ysd/broken.ysd.yaml", b"- id: [unclosed\n");
        assert!(broken.document.is_none());
    }
}
