//! Source metadata shared by every format: YAML front matter, the "Key: value" header of
//! plain-text notes and a survey mapping's `[source]` and `[defaults]` all become a
//! [`RawMetadata`], which [`build_document`] checks against the vocabulary and taxonomy.

use chrono::{Datelike, NaiveDate};
use insight_model::{
    stable_id, DateSpan, Diagnostic, Facet, Kind, Method, Participation, Resolution,
    SourceDocument, TagOrigin, Tags, Taxonomy, Visibility,
};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A value written either as one string or as a list of strings.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn values(&self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(value) => split_list(value),
            OneOrMany::Many(values) => values
                .iter()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
        }
    }
}

/// "a, b; c" -> ["a", "b", "c"]; a single value stays whole.
fn split_list(value: &str) -> Vec<String> {
    value
        .split([',', ';'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// A date or a period as written: `2025-02-10`, `10/02/2025`, `2025-02`, `2025`, or
/// `{ from: ..., to: ... }`, or `2024-09-01 to 2024-12-15`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum DateValue {
    Text(String),
    Year(i64),
    Range { from: String, to: Option<String> },
}

/// Metadata as written, before it is checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawMetadata {
    pub title: Option<String>,
    pub kind: Option<String>,
    #[serde(alias = "organization", alias = "lead organisation")]
    pub organisation: Option<String>,
    #[serde(default, alias = "partner")]
    pub partners: OneOrMany,
    #[serde(default, alias = "place")]
    pub places: OneOrMany,
    #[serde(default, alias = "segment")]
    pub segments: OneOrMany,
    #[serde(default, alias = "theme")]
    pub themes: OneOrMany,
    #[serde(default, alias = "community")]
    pub communities: OneOrMany,
    #[serde(default, alias = "methods")]
    pub method: OneOrMany,
    #[serde(alias = "participation level")]
    pub participation: Option<String>,
    pub participants: Option<serde_json::Value>,
    pub date: Option<DateValue>,
    pub period: Option<DateValue>,
    pub published: Option<DateValue>,
    pub visibility: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub facilitator: Option<String>,
    /// A line saying what the source is (catalogues often have one); kept as an attribute.
    #[serde(alias = "description", alias = "abstract")]
    pub summary: Option<String>,
    pub session: Option<String>,
    /// `off` keeps a public source's free text as written (no redaction); refused for a
    /// source that is not public.
    pub redaction: Option<String>,
    /// Public figures whose names stay in a public source's redacted free text.
    #[serde(default, alias = "public figures", alias = "public_figure")]
    pub public_figures: OneOrMany,
    /// Anything else: reported as a warning, kept as an attribute.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

impl RawMetadata {
    pub fn facet_values(&self, facet: Facet) -> Vec<String> {
        match facet {
            Facet::Place => self.places.values(),
            Facet::Segment => self.segments.values(),
            Facet::Theme => self.themes.values(),
            Facet::Community => self.communities.values(),
        }
    }
}

/// Parses one date as people write it in UK documents. Returns the span it covers:
/// a day, a month (`2025-02`) or a year (`2025`).
pub fn parse_date_span(text: &str) -> Option<DateSpan> {
    let text = text.trim();
    for format in [
        "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y",
    ] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(DateSpan::day(date));
        }
    }
    if let Some((year, month)) = text.split_once('-') {
        if let (Ok(year), Ok(month)) = (year.parse::<i32>(), month.parse::<u32>()) {
            let from = NaiveDate::from_ymd_opt(year, month, 1)?;
            let to = from
                .checked_add_months(chrono::Months::new(1))?
                .pred_opt()?;
            return Some(DateSpan { from, to });
        }
    }
    for format in ["%B %Y", "%b %Y"] {
        if let Ok(from) = NaiveDate::parse_from_str(&format!("1 {text}"), &format!("%d {format}")) {
            let to = from
                .checked_add_months(chrono::Months::new(1))?
                .pred_opt()?;
            return Some(DateSpan { from, to });
        }
    }
    if text.len() == 4 {
        if let Ok(year) = text.parse::<i32>() {
            return Some(DateSpan {
                from: NaiveDate::from_ymd_opt(year, 1, 1)?,
                to: NaiveDate::from_ymd_opt(year, 12, 31)?,
            });
        }
    }
    None
}

fn date_value_span(value: &DateValue) -> Result<DateSpan, String> {
    let bad = |text: &str| {
        format!("`{text}` is not a date; write 2025-02-10 or 10/02/2025 (a month 2025-02 or a year 2025 also works)")
    };
    match value {
        DateValue::Year(year) => {
            parse_date_span(&year.to_string()).ok_or_else(|| bad(&year.to_string()))
        }
        DateValue::Text(text) => {
            if let Some((from, to)) = text.split_once(" to ") {
                let from = parse_date_span(from).ok_or_else(|| bad(from))?;
                let to = parse_date_span(to).ok_or_else(|| bad(to))?;
                return ordered(from.from, to.to);
            }
            parse_date_span(text).ok_or_else(|| bad(text))
        }
        DateValue::Range { from, to } => {
            let from = parse_date_span(from).ok_or_else(|| bad(from))?;
            let to = match to {
                Some(to) => parse_date_span(to).ok_or_else(|| bad(to))?,
                None => from,
            };
            ordered(from.from, to.to)
        }
    }
}

fn ordered(from: NaiveDate, to: NaiveDate) -> Result<DateSpan, String> {
    if to < from {
        return Err(format!(
            "the period ends ({to}) before it starts ({from}); swap `from` and `to`"
        ));
    }
    Ok(DateSpan { from, to })
}

/// Resolves metadata values of one facet to taxonomy paths, as explicit tags; values
/// that are not in the taxonomy are reported and kept in `attributes`.
pub fn resolve_explicit(
    taxonomy: &Taxonomy,
    facet: Facet,
    values: &[String],
    file: &str,
    location: &str,
    (tags, attributes): (&mut Tags, &mut BTreeMap<String, String>),
    diagnostics: &mut Vec<Diagnostic>,
) {
    for value in values {
        match taxonomy.resolve(facet, value) {
            Resolution::Found(path) => tags.add(facet, &path, TagOrigin::Explicit),
            Resolution::Ambiguous(paths) => {
                diagnostics.push(Diagnostic::warning(
                    file,
                    Some(location.to_string()),
                    format!("{facet} `{value}` matches several taxonomy values ({}); write the full path. It is kept as a plain attribute", paths.join(", ")),
                ));
                append_attribute(attributes, &format!("unresolved {facet}"), value);
            }
            Resolution::Unknown => {
                diagnostics.push(Diagnostic::warning(
                    file,
                    Some(location.to_string()),
                    format!("{facet} `{value}` is not in the taxonomy; add it to taxonomy.toml or correct the spelling. It is kept as a plain attribute"),
                ));
                append_attribute(attributes, &format!("unknown {facet}"), value);
            }
        }
    }
}

/// Adds `value` to a `; `-separated attribute.
pub fn append_attribute(attributes: &mut BTreeMap<String, String>, key: &str, value: &str) {
    attributes
        .entry(key.to_string())
        .and_modify(|existing| {
            existing.push_str("; ");
            existing.push_str(value);
        })
        .or_insert_with(|| value.to_string());
}

/// Checks raw metadata and builds the document. Problems become diagnostics; the
/// document is always built (with defaults) so its passages are not lost.
pub fn build_document(
    raw: &RawMetadata,
    file: &str,
    default_kind: Kind,
    taxonomy: &Taxonomy,
    diagnostics: &mut Vec<Diagnostic>,
) -> SourceDocument {
    let at = |field: &str| Some(format!("metadata field `{field}`"));
    let mut attributes = BTreeMap::new();
    let title = match raw
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(title) => title.to_string(),
        None => {
            diagnostics.push(Diagnostic::warning(
                file,
                at("title"),
                "no title; the file name is used instead. Add `title:`",
            ));
            file.rsplit('/').next().unwrap_or(file).to_string()
        }
    };
    let kind = match raw.kind.as_deref() {
        None => default_kind,
        Some(text) => text
            .parse()
            .unwrap_or_else(|error: insight_model::VocabularyError| {
                diagnostics.push(Diagnostic::warning(
                    file,
                    at("kind"),
                    format!("{error}; `{default_kind}` is used"),
                ));
                default_kind
            }),
    };
    let methods = raw
        .method
        .values()
        .iter()
        .filter_map(|text| match text.parse::<Method>() {
            Ok(method) => Some(method),
            Err(error) => {
                diagnostics.push(Diagnostic::warning(
                    file,
                    at("method"),
                    format!("{error}. It is kept as a plain attribute"),
                ));
                append_attribute(&mut attributes, "unknown method", text);
                None
            }
        })
        .collect();
    let participation =
        raw.participation
            .as_deref()
            .and_then(|text| match text.parse::<Participation>() {
                Ok(level) => Some(level),
                Err(error) => {
                    diagnostics.push(Diagnostic::warning(
                        file,
                        at("participation"),
                        error.to_string(),
                    ));
                    None
                }
            });
    let stated_language = raw
        .language
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .and_then(|stated| {
            let code = crate::language::language_code(stated);
            if code.is_none() {
                diagnostics.push(Diagnostic::warning(file, at("language"), format!("language `{stated}` is not known; write an ISO 639-1 code (en, zh, ja, ko, pl, ur, ...) or the language's English name. The language is detected from the text instead")));
            }
            code
        });
    let visibility = match raw.visibility.as_deref() {
        None => {
            // fail closed: nobody outside the owning organisation sees it until it says so
            diagnostics.push(Diagnostic::warning(file, at("visibility"), "no visibility; treated as restricted to its organisation, so only its own keys and admins see it. Add `visibility: public`, `partners` or `restricted`"));
            Visibility::Restricted
        }
        Some(text) => text
            .parse()
            .unwrap_or_else(|error: insight_model::VocabularyError| {
                diagnostics.push(Diagnostic::warning(
                    file,
                    at("visibility"),
                    format!("{error}; treated as restricted until corrected"),
                ));
                Visibility::Restricted
            }),
    };
    let participants = raw.participants.as_ref().and_then(|value| match value {
        serde_json::Value::Number(number) => number.as_u64().and_then(|n| u32::try_from(n).ok()),
        serde_json::Value::String(text) => text.trim().replace(',', "").parse().ok(),
        _ => None,
    });
    if raw.participants.is_some() && participants.is_none() {
        diagnostics.push(Diagnostic::warning(
            file,
            at("participants"),
            "participants is not a whole number; write e.g. `participants: 64`",
        ));
    }
    let mut date = None;
    for (field, value) in [("period", &raw.period), ("date", &raw.date)] {
        if let Some(value) = value {
            match date_value_span(value) {
                Ok(span) if date.is_none() => date = Some(span),
                Ok(_) => {}
                Err(message) => diagnostics.push(Diagnostic::warning(
                    file,
                    at(field),
                    format!("{message}. The source is indexed without this date"),
                )),
            }
        }
    }
    if let Some(published) = &raw.published {
        match date_value_span(published) {
            Ok(span) => {
                attributes.insert("published".to_string(), span.from.to_string());
                date.get_or_insert(span);
            }
            Err(message) => diagnostics.push(Diagnostic::warning(file, at("published"), message)),
        }
    }
    if let Some(span) = date {
        if span.from.year() < 1990 || span.to.year() > 2100 {
            diagnostics.push(Diagnostic::warning(
                file,
                at("date"),
                format!("date {} looks wrong; check the year", span.from),
            ));
        }
    }
    let mut tags = Tags::default();
    for facet in Facet::ALL {
        resolve_explicit(
            taxonomy,
            *facet,
            &raw.facet_values(*facet),
            file,
            &format!("metadata field `{}`", facet.plural()),
            (&mut tags, &mut attributes),
            diagnostics,
        );
    }
    for (key, value) in [
        ("facilitator", &raw.facilitator),
        ("session", &raw.session),
        ("summary", &raw.summary),
    ] {
        if let Some(value) = value {
            attributes.insert(key.to_string(), value.clone());
        }
    }
    for (key, value) in &raw.other {
        diagnostics.push(Diagnostic::warning(
            file,
            at(key),
            format!("`{key}` is not a known metadata field (see the README's front matter reference); it is kept as a plain attribute"),
        ));
        let text = match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        attributes.insert(key.clone(), text);
    }
    let redaction_off = match raw.redaction.as_deref().map(|r| r.trim().to_lowercase()) {
        None => false,
        Some(value) if matches!(value.as_str(), "on" | "yes" | "true") => false,
        Some(value) if matches!(value.as_str(), "off" | "no" | "false") => {
            if visibility == Visibility::Public {
                diagnostics.push(Diagnostic::warning(
                    file,
                    at("redaction"),
                    "redaction is off, as the metadata says: the source is public, so its free text is indexed as written",
                ));
                true
            } else {
                diagnostics.push(Diagnostic::warning(
                    file,
                    at("redaction"),
                    format!("`redaction: off` is only allowed for a public source; this one is {visibility}, so its free text is redacted. Make it public or remove the line"),
                ));
                false
            }
        }
        Some(value) => {
            diagnostics.push(Diagnostic::warning(
                file,
                at("redaction"),
                format!("redaction `{value}` is not understood; write `off` (public sources only) or leave it out. The text is redacted"),
            ));
            false
        }
    };
    let mut public_figures = raw.public_figures.values();
    if !public_figures.is_empty() && visibility != Visibility::Public {
        diagnostics.push(Diagnostic::warning(
            file,
            at("public_figures"),
            format!("`public_figures` is only honoured for a public source; this one is {visibility}, so every name in its free text is redacted. Make it public or remove the line"),
        ));
        public_figures.clear();
    }
    SourceDocument {
        redaction_off,
        public_figures,
        doc_id: stable_id("d", &[file]),
        file: file.to_string(),
        kind,
        title,
        organisation: raw.organisation.clone().filter(|o| !o.trim().is_empty()),
        partners: raw.partners.values(),
        methods,
        participation,
        participants,
        date,
        visibility,
        url: raw.url.clone(),
        language: stated_language.clone().unwrap_or_else(|| "en".to_string()),
        language_stated: stated_language.is_some(),
        tags,
        attributes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Option<(String, String)> {
        parse_date_span(text).map(|s| (s.from.to_string(), s.to.to_string()))
    }

    #[test]
    fn parses_uk_and_iso_dates() {
        let day = |d: &str| Some((d.to_string(), d.to_string()));
        assert_eq!(span("2025-02-10"), day("2025-02-10"));
        assert_eq!(span("10/02/2025"), day("2025-02-10"));
        assert_eq!(span("3 March 2024"), day("2024-03-03"));
        assert_eq!(
            span("2024-02"),
            Some(("2024-02-01".into(), "2024-02-29".into()))
        );
        assert_eq!(
            span("March 2025"),
            Some(("2025-03-01".into(), "2025-03-31".into()))
        );
        assert_eq!(
            span("2023"),
            Some(("2023-01-01".into(), "2023-12-31".into()))
        );
        assert_eq!(span("31/02/2025"), None);
        assert_eq!(span("soon"), None);
    }

    #[test]
    fn periods_must_be_ordered() {
        let value = DateValue::Range {
            from: "2025-03-01".into(),
            to: Some("2025-01-01".into()),
        };
        assert!(date_value_span(&value)
            .unwrap_err()
            .contains("before it starts"));
        let value = DateValue::Text("2024-09-01 to 15/12/2024".into());
        assert_eq!(
            date_value_span(&value).unwrap().to.to_string(),
            "2024-12-15"
        );
    }
}
