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
    /// Passages with a learned sentiment, and those judged negative.
    pub judged: u64,
    pub negative: u64,
}

/// period -> theme ("" for all matches) -> tally.
pub type Tallies = BTreeMap<String, BTreeMap<String, Tally>>;

type SegmentTally = (u64, HashSet<u64>, u64, u64);

pub struct SegmentTimeline {
    interval: Interval,
    dates: Option<Column<DateTime>>,
    themes: FacetReader,
    sentiments: FacetReader,
    /// sentiment ord -> whether it is "negative"
    negative_ords: Vec<bool>,
    doc_ids: Option<StrColumn>,
    /// theme ord -> the theme's path
    theme_paths: Vec<String>,
    /// period -> theme ("" for all) -> (passages, document ords of this segment,
    /// judged, negative)
    counts: BTreeMap<String, BTreeMap<String, SegmentTally>>,
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
            theme_paths,
            counts: BTreeMap::new(),
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
        let Some(period) = self.interval.label(seconds) else {
            return;
        };
        let document = self
            .doc_ids
            .as_ref()
            .and_then(|column| column.term_ords(doc).next())
            .unwrap_or(u64::MAX);
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
        let slot = self.counts.entry(period).or_default();
        let add = |tally: &mut SegmentTally| {
            tally.0 += 1;
            tally.1.insert(document);
            tally.2 += judged;
            tally.3 += negative;
        };
        add(slot.entry(String::new()).or_default()); // "" = all matches of the period
        for ord in self.themes.facet_ords(doc) {
            if let Some(theme) = self.theme_paths.get(ord as usize) {
                add(slot.entry(theme.clone()).or_default());
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut names: BTreeMap<u64, String> = BTreeMap::new();
        let doc_ids = self.doc_ids;
        let mut name = |ord: u64| {
            names
                .entry(ord)
                .or_insert_with(|| {
                    let mut text = String::new();
                    if let Some(column) = &doc_ids {
                        let _ = column.ord_to_str(ord, &mut text);
                    }
                    text
                })
                .clone()
        };
        self.counts
            .into_iter()
            .map(|(period, themes)| {
                let themes = themes
                    .into_iter()
                    .map(|(theme, (passages, documents, judged, negative))| {
                        let sources = documents.into_iter().map(&mut name).collect();
                        (
                            theme,
                            Tally {
                                passages,
                                sources,
                                judged,
                                negative,
                            },
                        )
                    })
                    .collect();
                (period, themes)
            })
            .collect()
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
