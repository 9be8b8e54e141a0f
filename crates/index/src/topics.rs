//! New topics: words whose use rose in the latest period against the periods before,
//! in enough sources, that no value of the taxonomy covers: candidates for new themes.
//!
//! The latest period and its baseline are found as `trends` finds them (the same
//! request, insight only), from each matching passage's period. Every segment's term dictionary of the English `text` field is walked once;
//! each term's postings are counted in the passages of the latest period and of the
//! baseline (a byte per passage says which), so the cost is one pass over the postings
//! of the terms that are frequent enough. A term is tested as the themes are (one-sided
//! two-proportion z-test, Benjamini-Hochberg over every term tested) and offered when q
//! is at most [`crate::EMERGING_FDR`], with `min_count` passages and `min_sources`
//! sources in the latest period, when it is no word of any taxonomy label, synonym or
//! phrase, and when it is a word (letters, four or more).

use crate::analytics::{
    benjamini_hochberg, normal_upper_tail, rise_z, round, significant_figures, BASELINE_PERIODS,
    EMERGING_FDR,
};
use crate::search::Snippet;
use crate::timeline::{Interval, PeriodLabels};
use crate::{InsightIndex, Result, SearchRequest};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// At most this many topics are offered.
const MAX_TOPICS: usize = 20;
/// Example passages per topic.
const EXAMPLES: usize = 3;

/// A passage that uses a new topic's word.
#[derive(Debug, Clone, Serialize)]
pub struct TopicExample {
    pub passage_id: String,
    pub doc_id: String,
    pub title: String,
    pub snippet: Snippet,
}

/// A word whose use rose, that the taxonomy does not cover.
#[derive(Debug, Clone, Serialize)]
pub struct NewTopic {
    /// The word as people wrote it most often.
    pub word: String,
    /// The two words it is mostly written in ("booking portal"), when most of the example
    /// passages read have the same neighbour beside it (not a stop word); else null.
    pub phrase: Option<String>,
    /// The indexed form (stemmed, lower case), as the search finds it.
    pub term: String,
    /// Passages using it in the latest period, and their sources.
    pub count: u64,
    pub sources: u64,
    pub share: f64,
    pub baseline_count: u64,
    pub baseline_share: f64,
    pub change_points: f64,
    pub z: f64,
    pub p_value: f64,
    pub q_value: f64,
    pub examples: Vec<TopicExample>,
    /// What to add to `taxonomy.toml` to make it a theme (a starting point: choose its
    /// place in the tree and its name).
    pub taxonomy_toml: String,
}

impl NewTopic {
    /// What to call it: its phrase where it has one, else the word.
    pub fn name(&self) -> &str {
        self.phrase.as_deref().unwrap_or(&self.word)
    }
}

/// The new topics of the latest period.
#[derive(Debug, Clone, Serialize)]
pub struct NewTopics {
    pub interval: Interval,
    /// The latest period, and the periods compared with (empty without two periods).
    pub period: Option<String>,
    pub baseline_periods: Vec<String>,
    /// All matching insight passages in them.
    pub total: u64,
    pub baseline_total: u64,
    pub topics: Vec<NewTopic>,
    /// How many words were tested (so the correction can be judged).
    pub words_tested: usize,
    pub min_count: u64,
    pub min_sources: u64,
}

/// The period of each matching passage: per segment, an index into the segment's
/// period labels for each passage (`u32::MAX` when it does not match or has no date).
struct PeriodOf {
    interval: Interval,
}

struct SegmentPeriods {
    segment: SegmentOrdinal,
    interval: Interval,
    dates: Option<tantivy::columnar::Column<tantivy::DateTime>>,
    periods: PeriodLabels,
    of: Vec<u32>,
}

/// Per segment: its ordinal, each passage's label index, the labels.
type Periods = Vec<(SegmentOrdinal, Vec<u32>, Vec<String>)>;

impl Collector for PeriodOf {
    type Fruit = Periods;
    type Child = SegmentPeriods;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPeriods> {
        Ok(SegmentPeriods {
            segment,
            interval: self.interval,
            dates: reader.fast_fields().date("date_from").ok(),
            periods: PeriodLabels::default(),
            of: vec![u32::MAX; reader.max_doc() as usize],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Periods>) -> tantivy::Result<Periods> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentPeriods {
    type Fruit = Periods;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(seconds) = self
            .dates
            .as_ref()
            .and_then(|dates| dates.first(doc))
            .map(|d| d.into_timestamp_secs())
        else {
            return;
        };
        let Some(index) = self.periods.index(self.interval, seconds) else {
            return;
        };
        self.of[doc as usize] = index as u32;
    }

    fn harvest(self) -> Periods {
        vec![(self.segment, self.of, self.periods.labels)]
    }
}

/// One term's counts over the segments.
#[derive(Default)]
struct TermCount {
    latest: u64,
    baseline: u64,
    sources: HashSet<String>,
    examples: Vec<DocAddress>,
}

impl InsightIndex {
    /// Words whose use rose in the latest period of `interval` against the periods
    /// before (as for the emerging themes) and that the taxonomy does not cover.
    pub fn new_topics(
        &self,
        request: &SearchRequest,
        interval: Interval,
        min_count: u64,
        min_sources: u64,
    ) -> Result<NewTopics> {
        let mut answer = NewTopics {
            interval,
            period: None,
            baseline_periods: Vec::new(),
            total: 0,
            baseline_total: 0,
            topics: Vec::new(),
            words_tested: 0,
            min_count,
            min_sources,
        };
        let searcher = self.reader.searcher();
        let prepared = self.prepare(&searcher, request)?;
        let query = self.insight_query(&prepared);
        let periods_of = searcher.search(&*query, &PeriodOf { interval })?;
        // the periods from the first to the last, as for trends
        let mut totals: HashMap<&str, u64> = HashMap::new();
        for (_, of, labels) in &periods_of {
            for index in of.iter().filter(|i| **i != u32::MAX) {
                *totals.entry(labels[*index as usize].as_str()).or_default() += 1;
            }
        }
        let (Some(first), Some(last)) = (totals.keys().min(), totals.keys().max()) else {
            return Ok(answer);
        };
        let mut periods: Vec<String> = Vec::new();
        let mut period = first.to_string();
        while period.as_str() <= *last && periods.len() < 10_000 {
            periods.push(period.clone());
            period = interval.next(&period);
        }
        if periods.len() < 2 {
            return Ok(answer);
        }
        let latest = periods.len() - 1;
        let base = latest.saturating_sub(BASELINE_PERIODS)..latest;
        let total_of = |p: &String| totals.get(p.as_str()).copied().unwrap_or(0);
        answer.period = Some(periods[latest].clone());
        answer.baseline_periods = periods[base.clone()].to_vec();
        answer.total = total_of(&periods[latest]);
        answer.baseline_total = periods[base].iter().map(total_of).sum();
        if answer.total < min_count || answer.baseline_total < min_count {
            return Ok(answer);
        }
        // 1 in the latest period, 2 in the baseline, 0 otherwise
        let members: Vec<(SegmentOrdinal, Vec<u8>)> = periods_of
            .iter()
            .map(|(segment, of, labels)| {
                let mark_of: Vec<u8> = labels
                    .iter()
                    .map(|label| {
                        if Some(label) == answer.period.as_ref() {
                            1
                        } else if answer.baseline_periods.contains(label) {
                            2
                        } else {
                            0
                        }
                    })
                    .collect();
                let marks = of
                    .iter()
                    .map(|i| {
                        if *i == u32::MAX {
                            0
                        } else {
                            mark_of[*i as usize]
                        }
                    })
                    .collect();
                (*segment, marks)
            })
            .collect();
        let covered = self.taxonomy_terms()?;
        // first pass: every term's passages in the latest period and in the baseline,
        // the terms shared between two threads by their ordinal (a search runs on both
        // cores too): split by term, not by segment, the halves stay even when one
        // segment holds most of the index
        let segments: Vec<&(SegmentOrdinal, Vec<u8>)> = members
            .iter()
            .filter(|(_, marks)| marks.contains(&1))
            .collect();
        let halves = std::thread::scope(|scope| {
            let workers: Vec<_> = [0u64, 1]
                .into_iter()
                .map(|half| {
                    let (searcher, covered, fields, segments) =
                        (&searcher, &covered, &self.fields, &segments);
                    scope.spawn(move || count_terms(searcher, fields, covered, segments, half))
                })
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().expect("a term counter panicked"))
                .collect::<Vec<_>>()
        });
        let mut counts: HashMap<String, TermCount> = HashMap::new();
        for half in halves {
            for (term, (latest, baseline)) in half? {
                let entry = counts.entry(term).or_default();
                entry.latest += latest;
                entry.baseline += baseline;
            }
        }

        let (total, baseline_total) = (answer.total as f64, answer.baseline_total as f64);
        let mut tested: Vec<(String, TermCount, f64, f64, f64, f64)> = Vec::new();
        for (term, count) in counts {
            if count.latest < min_count {
                continue;
            }
            let share = count.latest as f64 / total;
            let baseline_share = count.baseline as f64 / baseline_total;
            let z = rise_z(
                count.latest,
                answer.total,
                count.baseline,
                answer.baseline_total,
            );
            tested.push((term, count, share, baseline_share, z, normal_upper_tail(z)));
        }
        answer.words_tested = tested.len();
        // each segment's source column, opened once for every candidate below
        let doc_ids: Vec<Option<tantivy::columnar::StrColumn>> = members
            .iter()
            .map(|(segment_ord, _)| {
                searcher
                    .segment_reader(*segment_ord)
                    .fast_fields()
                    .str("doc_id")
            })
            .collect::<tantivy::Result<_>>()?;
        // the stop words a topic's phrase may not have beside it
        let stop: HashSet<&str> = stop_words::get(stop_words::LANGUAGE::English)
            .iter()
            .copied()
            .collect();
        // Benjamini-Hochberg over every word tested
        tested.sort_by(|a, b| a.5.total_cmp(&b.5).then(a.0.cmp(&b.0)));
        let p_values: Vec<f64> = tested.iter().map(|t| t.5).collect();
        let q_values = benjamini_hochberg(&p_values);
        for ((term, mut count, share, baseline_share, z, p), q) in tested.into_iter().zip(q_values)
        {
            if q > EMERGING_FDR || share <= baseline_share {
                continue;
            }
            // second pass, for the candidates only: their sources and example passages
            self.latest_uses(&searcher, &members, &doc_ids, &term, &mut count)?;
            if (count.sources.len() as u64) < min_sources {
                continue;
            }
            let (word, phrase, examples) =
                self.topic_examples(&searcher, &term, &count.examples, &stop)?;
            let named = phrase.as_deref().unwrap_or(&word);
            answer.topics.push(NewTopic {
                taxonomy_toml: format!(
                    "[[theme]]\npath = \"New topics/{}\"\nphrases = [\"{}\"]\n",
                    capitalised(named),
                    named
                ),
                word,
                phrase,
                term,
                count: count.latest,
                sources: count.sources.len() as u64,
                share: round(share, 3),
                baseline_count: count.baseline,
                baseline_share: round(baseline_share, 3),
                change_points: round((share - baseline_share) * 100.0, 1),
                z: round(z, 2),
                p_value: significant_figures(p),
                q_value: significant_figures(q),
                examples,
            });
            if answer.topics.len() >= MAX_TOPICS {
                break;
            }
        }
        Ok(answer)
    }

    /// The sources of a term's passages in the latest period, and some of them.
    fn latest_uses(
        &self,
        searcher: &tantivy::Searcher,
        members: &[(SegmentOrdinal, Vec<u8>)],
        doc_id_columns: &[Option<tantivy::columnar::StrColumn>],
        term: &str,
        count: &mut TermCount,
    ) -> Result<()> {
        let term = tantivy::Term::from_field_text(self.fields.text, term);
        for ((segment_ord, marks), doc_ids) in members.iter().zip(doc_id_columns) {
            let reader = searcher.segment_reader(*segment_ord);
            let inverted = reader.inverted_index(self.fields.text)?;
            let Some(info) = inverted.get_term_info(&term).map_err(io)? else {
                continue;
            };
            let Some(doc_ids) = doc_ids else {
                continue;
            };
            let mut block = inverted
                .read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)
                .map_err(io)?;
            let mut ords = HashSet::new();
            // a document's passages come together: its source is looked up once per run
            let mut last: Option<u64> = None;
            loop {
                let docs = block.docs();
                if docs.is_empty() {
                    break;
                }
                for &doc in docs {
                    if marks[doc as usize] != 1 {
                        continue;
                    }
                    let Some(ord) = doc_ids.term_ords(doc).next() else {
                        continue;
                    };
                    if last == Some(ord) {
                        continue;
                    }
                    last = Some(ord);
                    // one example passage per source, from the first dozen sources
                    if ords.insert(ord) && count.examples.len() < 12 {
                        count.examples.push(DocAddress::new(*segment_ord, doc));
                    }
                }
                block.advance();
            }
            count
                .sources
                .extend(crate::facets::DocIdNames::read(Some(doc_ids), ords).ids());
        }
        Ok(())
    }

    /// The stems of every word of the taxonomy's labels, synonyms and phrases, and of
    /// the English stop words (Stopwords ISO and NLTK, from the `stop-words` crate, and
    /// the query's own): a topic is a word the taxonomy lacks that says something.
    fn taxonomy_terms(&self) -> Result<HashSet<String>> {
        let taxonomy = self.taxonomy()?;
        let mut analyzer = self
            .index
            .tokenizers()
            .get(crate::schema::ENGLISH)
            .expect("the English analyzer is registered");
        let mut terms = HashSet::new();
        let stop: Vec<String> = stop_words::get(stop_words::LANGUAGE::English)
            .iter()
            .map(|w| w.to_string())
            .chain(crate::relax::STOP_WORDS.iter().map(|w| w.to_string()))
            .collect();
        for word in &stop {
            let mut stream = analyzer.token_stream(word);
            while stream.advance() {
                terms.insert(stream.token().text.clone());
            }
            // "isn't" is indexed as "isnt"
            let joined: String = word.chars().filter(|c| c.is_alphabetic()).collect();
            terms.insert(joined);
        }
        for entry in taxonomy.entries() {
            for text in std::iter::once(&entry.label)
                .chain(&entry.synonyms)
                .chain(&entry.phrases)
            {
                let mut stream = analyzer.token_stream(text);
                while stream.advance() {
                    terms.insert(stream.token().text.clone());
                }
            }
        }
        Ok(terms)
    }

    /// The word as written most often in the passages found (one per source), and up to
    /// three of them with a snippet around it.
    fn topic_examples(
        &self,
        searcher: &tantivy::Searcher,
        term: &str,
        addresses: &[DocAddress],
        stop: &HashSet<&str>,
    ) -> Result<(String, Option<String>, Vec<TopicExample>)> {
        let mut analyzer = self
            .index
            .tokenizers()
            .get(crate::schema::ENGLISH)
            .expect("the English analyzer is registered");
        let mut written: HashMap<String, usize> = HashMap::new();
        // two-word phrases with the word, by the passages that hold them
        let mut phrases: HashMap<String, usize> = HashMap::new();
        let mut examples: Vec<TopicExample> = Vec::new();
        let mut seen_sources = HashSet::new();
        let mut read = 0;
        for address in addresses.iter().take(12) {
            let hit = self.hit(searcher, *address, None, None)?;
            read += 1;
            let mut first: Option<(usize, usize)> = None;
            // (indexed form, surface) of every word, in order
            let mut tokens: Vec<(String, String)> = Vec::new();
            let mut stream = analyzer.token_stream(&hit.text);
            while stream.advance() {
                let token = stream.token();
                let surface = hit.text[token.offset_from..token.offset_to].to_lowercase();
                if token.text == term {
                    *written.entry(surface.clone()).or_default() += 1;
                    first.get_or_insert((token.offset_from, token.offset_to));
                }
                tokens.push((token.text.clone(), surface));
            }
            let mut here: HashSet<String> = HashSet::new();
            let content = |surface: &str| {
                surface.chars().count() >= 3
                    && surface.chars().all(char::is_alphabetic)
                    && !stop.contains(&surface)
            };
            for (i, (indexed, surface)) in tokens.iter().enumerate() {
                if indexed != term {
                    continue;
                }
                if let Some((_, before)) = i.checked_sub(1).and_then(|j| tokens.get(j)) {
                    if content(before) {
                        here.insert(format!("{before} {surface}"));
                    }
                }
                if let Some((_, after)) = tokens.get(i + 1) {
                    if content(after) {
                        here.insert(format!("{surface} {after}"));
                    }
                }
            }
            for phrase in here {
                *phrases.entry(phrase).or_default() += 1;
            }
            if examples.len() < EXAMPLES && seen_sources.insert(hit.doc_id.clone()) {
                let (from, to) = first.unwrap_or((0, 0));
                examples.push(TopicExample {
                    passage_id: hit.passage_id.clone(),
                    doc_id: hit.doc_id.clone(),
                    title: hit.title.clone(),
                    snippet: around(&hit.text, from, to),
                });
            }
        }
        let word = written
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(word, _)| word)
            .unwrap_or_else(|| term.to_string());
        // a phrase when at least three passages, and most of those read, have it
        let phrase = phrases
            .into_iter()
            .filter(|(_, passages)| *passages >= 3 && *passages * 5 >= read * 3)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(phrase, _)| phrase);
        Ok((word, phrase, examples))
    }
}

/// Each term's passages in the latest period and in the baseline, for the terms whose
/// ordinal in a segment has the parity `half` (the other worker takes the rest). The
/// postings are read a block at a time (128 passages), not passage by passage.
fn count_terms(
    searcher: &tantivy::Searcher,
    fields: &crate::Fields,
    covered: &HashSet<String>,
    segments: &[&(SegmentOrdinal, Vec<u8>)],
    half: u64,
) -> Result<HashMap<String, (u64, u64)>> {
    let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
    for (segment_ord, marks) in segments {
        let reader = searcher.segment_reader(*segment_ord);
        let inverted = reader.inverted_index(fields.text)?;
        let mut stream = inverted.terms().stream().map_err(io)?;
        while stream.advance() {
            if stream.term_ord() % 2 != half {
                continue;
            }
            let info = stream.value();
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if term.chars().count() < 4
                || !term.chars().all(char::is_alphabetic)
                || covered.contains(term)
            {
                continue;
            }
            let mut block = inverted
                .read_block_postings_from_terminfo(info, IndexRecordOption::Basic)
                .map_err(io)?;
            let (mut latest, mut baseline) = (0u64, 0u64);
            loop {
                let docs = block.docs();
                if docs.is_empty() {
                    break;
                }
                for doc in docs {
                    match marks[*doc as usize] {
                        1 => latest += 1,
                        2 => baseline += 1,
                        _ => {}
                    }
                }
                block.advance();
            }
            if latest > 0 {
                let entry = counts.entry(term.to_string()).or_default();
                entry.0 += latest;
                entry.1 += baseline;
            }
        }
    }
    Ok(counts)
}

/// About 200 characters of `text` around the byte range, the range highlighted.
fn around(text: &str, from: usize, to: usize) -> Snippet {
    let mut start = from.saturating_sub(100);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (to + 100).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Snippet {
        text: text[start..end].to_string(),
        highlights: if to > from {
            vec![(from - start, to - start)]
        } else {
            Vec::new()
        },
    }
}

/// A read of the index's files that failed.
fn io(error: std::io::Error) -> crate::Error {
    crate::Error::Tantivy(tantivy::TantivyError::from(error))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
