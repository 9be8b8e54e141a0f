//! Sources and their passages: the unit of search is a passage (a report section, one
//! survey answer, one workshop discussion point) that always knows where it came from.

use crate::vocabulary::{Facet, Kind, Method, Participation, Sentiment, Visibility};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a tag came from. The order is the precedence: what the source states beats
/// what a model learned from labelled examples, which beats the taxonomy's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagOrigin {
    /// Stated by the source's metadata.
    Explicit,
    /// Suggested by the learned model, with a confidence.
    Learned,
    /// Inferred from the text by the taxonomy's rules (labels, synonyms, phrases).
    Inferred,
}

/// A model's probability, kept in thousandths so tags stay comparable and hashable;
/// written as a number between 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "f64", from = "f64")]
pub struct Confidence(u16);

impl From<f32> for Confidence {
    fn from(probability: f32) -> Self {
        Confidence((probability.clamp(0.0, 1.0) * 1000.0).round() as u16)
    }
}

impl From<f64> for Confidence {
    fn from(probability: f64) -> Self {
        Confidence((probability.clamp(0.0, 1.0) * 1000.0).round() as u16)
    }
}

impl From<Confidence> for f64 {
    fn from(confidence: Confidence) -> f64 {
        f64::from(confidence.0) / 1000.0
    }
}

impl Confidence {
    /// The probability, 0 to 1, to three decimals.
    pub fn value(self) -> f64 {
        self.into()
    }
}

/// One tag: a taxonomy path in one facet, e.g. place `West Yorkshire/Leeds/Inner East`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Tag {
    pub facet: Facet,
    pub path: String,
    pub origin: TagOrigin,
    /// The model's confidence, for a learned tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

/// A passage's sentiment, as the learned model judged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentimentTag {
    pub value: Sentiment,
    pub confidence: Confidence,
}

/// The tags of a passage or document: at most one tag per (facet, path), explicit winning
/// over learned, and learned over inferred, when they say the same thing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tags(Vec<Tag>);

impl Tags {
    /// Adds a tag; when the same facet and path is already there, the stronger origin
    /// wins (explicit, then learned, then inferred).
    pub fn add(&mut self, facet: Facet, path: &str, origin: TagOrigin) {
        self.add_tag(Tag {
            facet,
            path: path.to_string(),
            origin,
            confidence: None,
        });
    }

    /// Adds a tag the learned model suggested with `confidence`.
    pub fn add_learned(&mut self, facet: Facet, path: &str, confidence: f32) {
        self.add_tag(Tag {
            facet,
            path: path.to_string(),
            origin: TagOrigin::Learned,
            confidence: Some(confidence.into()),
        });
    }

    fn add_tag(&mut self, tag: Tag) {
        if let Some(existing) = self
            .0
            .iter_mut()
            .find(|existing| existing.facet == tag.facet && existing.path == tag.path)
        {
            if tag.origin < existing.origin {
                *existing = tag;
            }
            return;
        }
        self.0.push(tag);
    }

    /// Keeps only the tags for which `keep` is true.
    pub fn retain(&mut self, keep: impl Fn(&Tag) -> bool) {
        self.0.retain(keep);
    }

    /// Adds every tag of `other`.
    pub fn extend(&mut self, other: &Tags) {
        for tag in &other.0 {
            self.add_tag(tag.clone());
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Tag> {
        self.0.iter()
    }

    /// The paths of one facet, in insertion order.
    pub fn paths(&self, facet: Facet) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |tag| tag.facet == facet)
            .map(|tag| tag.path.as_str())
    }

    pub fn has(&self, facet: Facet) -> bool {
        self.0.iter().any(|tag| tag.facet == facet)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted copy, for stable output.
    pub fn sorted(&self) -> Tags {
        let mut tags = self.0.clone();
        tags.sort();
        Tags(tags)
    }
}

/// A date or a period; a single date is a period of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateSpan {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DateSpan {
    pub fn day(date: NaiveDate) -> Self {
        Self {
            from: date,
            to: date,
        }
    }
}

/// One ingested file: its metadata, shared by all its passages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceDocument {
    /// Stable id derived from the file path.
    pub doc_id: String,
    /// Path relative to the corpus folder, with `/` separators.
    pub file: String,
    pub kind: Kind,
    pub title: String,
    pub organisation: Option<String>,
    pub partners: Vec<String>,
    pub methods: Vec<Method>,
    pub participation: Option<Participation>,
    pub participants: Option<u32>,
    pub date: Option<DateSpan>,
    pub visibility: Visibility,
    pub url: Option<String>,
    /// ISO 639-1 code: stated by the metadata, else the most common of its passages'
    /// detected languages, else `en`.
    pub language: String,
    /// Whether the metadata stated the language (then it is every passage's too, unless
    /// a passage states its own).
    #[serde(default)]
    pub language_stated: bool,
    /// Tags stated by the metadata for the whole document (all explicit).
    pub tags: Tags,
    /// Other metadata worth keeping: values outside the taxonomy, published date, ...
    pub attributes: BTreeMap<String, String>,
    /// The source states `redaction: off` and is public: its free text is indexed as
    /// written.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redaction_off: bool,
    /// Public figures named in a public source's free text (an MP, a councillor, a chief
    /// executive), as its metadata lists them: their names are not redacted. Empty for
    /// a source that is not public.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_figures: Vec<String>,
}

/// One searchable passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Stable id derived from the file path and the locator.
    pub passage_id: String,
    pub doc_id: String,
    /// Where in the file: the heading path of a section, or the row and record id of an
    /// answer; human-readable.
    pub locator: String,
    /// Heading path ("What people told us > Getting home"), or the survey question.
    pub heading: String,
    pub text: String,
    /// The passage's own date (a survey response) or the document's.
    pub date: Option<DateSpan>,
    pub tags: Tags,
    /// Plain attributes (survey columns that are not tags).
    pub attributes: BTreeMap<String, String>,
    /// The passage's own lead organisation, where it differs from its document's (each
    /// activity of a forward plan has its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The passage's own visibility, where it differs from its document's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// The passage's own methods, where they differ from its document's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<Method>,
    /// Status of a forward-plan activity (planned, live, closed) or of a "You said, we
    /// did" action (planned, in progress, done, not taken forward).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The passage's sentiment, where the learned model judged it (insight only: not
    /// forward-plan activities or "You said, we did" records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<SentimentTag>,
    /// Ids of the documents and passages this passage refers to (the insight behind a
    /// "You said, we did" record, the report of a closed activity).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// The passage's own language (ISO 639-1), stated (a survey's language column) or
    /// detected, where it differs from its document's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The person who gave this answer, for a survey answer: the row's record id (one
    /// respondent's answers to several questions are several passages), so that counts
    /// can be of people as well as of passages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent: Option<String>,
}

/// A short stable id: `prefix` + 16 hex digits of the BLAKE3 hash of the parts.
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update(&[0x1f]);
    }
    let hex = hasher.finalize().to_hex();
    format!("{prefix}{}", &hex[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_wins_over_inferred() {
        let mut tags = Tags::default();
        tags.add(Facet::Theme, "Discharge", TagOrigin::Inferred);
        tags.add(Facet::Theme, "Discharge", TagOrigin::Explicit);
        tags.add(Facet::Theme, "Discharge", TagOrigin::Inferred);
        assert_eq!(tags.iter().count(), 1);
        assert_eq!(tags.iter().next().unwrap().origin, TagOrigin::Explicit);
    }

    #[test]
    fn learned_wins_over_inferred_and_keeps_its_confidence() {
        let mut tags = Tags::default();
        tags.add(Facet::Theme, "Parking", TagOrigin::Inferred);
        tags.add_learned(Facet::Theme, "Parking", 0.8234);
        tags.add(Facet::Theme, "Parking", TagOrigin::Inferred);
        let tag = tags.iter().next().unwrap();
        assert_eq!(tag.origin, TagOrigin::Learned);
        assert_eq!(tag.confidence.map(Confidence::value), Some(0.823));
        let json = serde_json::to_string(&tags).unwrap();
        assert!(
            json.contains(r#""origin":"learned","confidence":0.823"#),
            "{json}"
        );
        tags.add(Facet::Theme, "Parking", TagOrigin::Explicit);
        assert_eq!(tags.iter().next().unwrap().confidence, None);
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(
            stable_id("p", &["a.md", "x"]),
            stable_id("p", &["a.md", "x"])
        );
        assert_ne!(
            stable_id("p", &["a.md", "x"]),
            stable_id("p", &["a.mdx", ""])
        );
        assert_eq!(stable_id("d", &["a"]).len(), 17);
    }
}
