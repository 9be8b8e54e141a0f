//! Matches over time: counts of matching passages per period (by their start date) and
//! theme, at every level of the theme hierarchy.

use chrono::{DateTime as ChronoDateTime, Datelike};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::fastfield::FacetReader;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

/// The length of one period of a timeline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    #[default]
    Year,
    Quarter,
    Month,
}

impl Interval {
    /// The period label of a date: `2025`, `2025-Q2` or `2025-04`.
    pub fn label(self, seconds: i64) -> Option<String> {
        let date = ChronoDateTime::from_timestamp(seconds, 0)?.date_naive();
        Some(match self {
            Interval::Year => format!("{}", date.year()),
            Interval::Quarter => format!("{}-Q{}", date.year(), date.month0() / 3 + 1),
            Interval::Month => format!("{}-{:02}", date.year(), date.month()),
        })
    }
}

impl Interval {
    /// The period after `label` (a label this interval made).
    pub fn next(self, label: &str) -> String {
        let number = |text: &str| text.parse::<i32>().unwrap_or(0);
        match self {
            Interval::Year => format!("{}", number(label) + 1),
            Interval::Quarter => {
                let (year, quarter) = label.split_once("-Q").unwrap_or((label, "4"));
                let (year, quarter) = (number(year), number(quarter));
                if quarter >= 4 {
                    format!("{}-Q1", year + 1)
                } else {
                    format!("{year}-Q{}", quarter + 1)
                }
            }
            Interval::Month => {
                let (year, month) = label.split_once('-').unwrap_or((label, "12"));
                let (year, month) = (number(year), number(month));
                if month >= 12 {
                    format!("{}-01", year + 1)
                } else {
                    format!("{year}-{:02}", month + 1)
                }
            }
        }
    }
}

/// Numbers the periods of dates in the order met. A document's passages share their
/// date, so a run of one date is labelled once, not once per passage.
#[derive(Default)]
pub(crate) struct PeriodLabels {
    pub(crate) labels: Vec<String>,
    last: Option<(i64, usize)>,
}

impl PeriodLabels {
    /// The number of the period of a date (seconds since 1970).
    pub(crate) fn index(&mut self, interval: Interval, seconds: i64) -> Option<usize> {
        if let Some((date, index)) = self.last {
            if date == seconds {
                return Some(index);
            }
        }
        let label = interval.label(seconds)?;
        let index = match self.labels.iter().position(|known| *known == label) {
            Some(known) => known,
            None => {
                self.labels.push(label);
                self.labels.len() - 1
            }
        };
        self.last = Some((seconds, index));
        Some(index)
    }
}

pub struct TimelineCounter {
    pub interval: Interval,
    pub theme_field: &'static str,
}

/// What a period holds of one theme (or, under "", of everything): passages, and the
/// sources (documents) they come from.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub passages: u64,
    pub sources: HashSet<String>,
    /// The survey respondents among them (see `Fields::respondent`).
    pub respondents: Respondents,
    /// Passages with a learned sentiment, and those judged negative.
    pub judged: u64,
    pub negative: u64,
}

/// A set of respondents: their keys are already BLAKE3 bits, so they are their own hash
/// (SipHash over them was a third of a trends request at a million passages).
pub type Respondents = HashSet<u64, std::hash::BuildHasherDefault<KeyIsHash>>;

/// The hasher of [`Respondents`]: the u64 key as it is.
#[derive(Default)]
pub struct KeyIsHash(u64);

impl std::hash::Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // only u64 keys are hashed; anything else is folded in, to stay correct
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// period -> theme ("" for all matches) -> tally.
pub type Tallies = BTreeMap<String, BTreeMap<String, Tally>>;

/// One slot of a segment: passages, document ords (with the last one added, since a
/// document's passages come together), judged, negative.
#[derive(Default)]
struct SegmentTally {
    passages: u64,
    documents: HashSet<u64>,
    last_document: Option<u64>,
    respondents: Respondents,
    last_respondent: Option<u64>,
    judged: u64,
    negative: u64,
}

pub struct SegmentTimeline {
    interval: Interval,
    dates: Option<Column<DateTime>>,
    themes: FacetReader,
    sentiments: FacetReader,
    /// sentiment ord -> whether it is "negative"
    negative_ords: Vec<bool>,
    doc_ids: Option<StrColumn>,
    respondents: Option<Column<u64>>,
    /// theme ord -> the theme's path
    theme_paths: Vec<String>,
    periods: PeriodLabels,
    /// [period][0 for all matches, theme ord + 1] -> tally
    slots: Vec<Vec<SegmentTally>>,
}

impl Collector for TimelineCounter {
    type Fruit = Tallies;
    type Child = SegmentTimeline;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let themes = reader.facet_reader(self.theme_field)?;
        let theme_paths = crate::facets::facet_paths(&themes)?;
        let dates = reader.fast_fields().date("date_from").ok();
        let doc_ids = reader.fast_fields().str("doc_id")?;
        let respondents = reader.fast_fields().u64("respondent").ok();
        let sentiments = reader.facet_reader(crate::FacetField::Sentiment.name())?;
        let negative_ords = crate::facets::facet_paths(&sentiments)?
            .iter()
            .map(|path| path == "negative")
            .collect();
        Ok(SegmentTimeline {
            interval: self.interval,
            dates,
            themes,
            sentiments,
            negative_ords,
            doc_ids,
            respondents,
            theme_paths,
            periods: PeriodLabels::default(),
            slots: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut merged: Self::Fruit = BTreeMap::new();
        for fruit in fruits {
            for (period, themes) in fruit {
                let slot = merged.entry(period).or_default();
                for (theme, tally) in themes {
                    let into = slot.entry(theme).or_default();
                    into.passages += tally.passages;
                    into.sources.extend(tally.sources);
                    into.respondents.extend(tally.respondents);
                    into.judged += tally.judged;
                    into.negative += tally.negative;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentTimeline {
    type Fruit = Tallies;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(seconds) = self
            .dates
            .as_ref()
            .and_then(|dates| dates.first(doc))
            .map(|d| d.into_timestamp_secs())
        else {
            return;
        };
        let Some(period) = self.periods.index(self.interval, seconds) else {
            return;
        };
        if self.slots.len() <= period {
            self.slots.resize_with(period + 1, Vec::new);
        }
        let document = self
            .doc_ids
            .as_ref()
            .and_then(|column| column.term_ords(doc).next())
            .unwrap_or(u64::MAX);
        let respondent = self
            .respondents
            .as_ref()
            .and_then(|column| column.first(doc));
        let (mut judged, mut negative) = (0, 0);
        for ord in self.sentiments.facet_ords(doc) {
            judged = 1;
            if self
                .negative_ords
                .get(ord as usize)
                .copied()
                .unwrap_or(false)
            {
                negative = 1;
            }
        }
        let slots = &mut self.slots[period];
        let mut add = |index: usize| {
            if slots.len() <= index {
                slots.resize_with(index + 1, SegmentTally::default);
            }
            let tally = &mut slots[index];
            tally.passages += 1;
            if tally.last_document != Some(document) {
                tally.documents.insert(document);
                tally.last_document = Some(document);
            }
            // a respondent's answers come together too
            if respondent.is_some() && tally.last_respondent != respondent {
                tally.respondents.extend(respondent);
                tally.last_respondent = respondent;
            }
            tally.judged += judged;
            tally.negative += negative;
        };
        add(0); // all matches of the period
        for ord in self.themes.facet_ords(doc) {
            if (ord as usize) < self.theme_paths.len() {
                add(ord as usize + 1);
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let names = crate::facets::DocIdNames::read(
            self.doc_ids.as_ref(),
            self.slots
                .iter()
                .flatten()
                .flat_map(|slot| slot.documents.iter().copied()),
        );
        let name = |ord: u64| names.get(ord);
        let theme_paths = self.theme_paths;
        let mut tallies: Tallies = BTreeMap::new();
        for (period, slots) in self.periods.labels.into_iter().zip(self.slots) {
            let themes = tallies.entry(period).or_default();
            for (index, slot) in slots.into_iter().enumerate() {
                if slot.passages == 0 {
                    continue;
                }
                let theme = if index == 0 {
                    String::new()
                } else {
                    theme_paths[index - 1].clone()
                };
                themes.insert(
                    theme,
                    Tally {
                        passages: slot.passages,
                        sources: slot.documents.into_iter().map(name).collect(),
                        respondents: slot.respondents,
                        judged: slot.judged,
                        negative: slot.negative,
                    },
                );
            }
        }
        tallies
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_follow_each_other() {
        assert_eq!(Interval::Year.next("2025"), "2026");
        assert_eq!(Interval::Quarter.next("2025-Q3"), "2025-Q4");
        assert_eq!(Interval::Quarter.next("2025-Q4"), "2026-Q1");
        assert_eq!(Interval::Month.next("2025-09"), "2025-10");
        assert_eq!(Interval::Month.next("2025-12"), "2026-01");
    }
}
