//! Plain queries: the words a person types, with no operators. They are matched so that
//! results degrade gracefully instead of vanishing:
//!
//! - **coverage first**: each word the passage covers adds [`COVERAGE`] to its score,
//!   in proportion to how rare the word is (its inverse document frequency against the
//!   rarest word's), so passages with every word rank above those with most of them,
//!   a passage missing only common words above one missing a rare word, and BM25 orders
//!   passages of the same coverage; when fewer than [`RELAX_BELOW`] passages have every word,
//!   the number of words required steps down (all, all but one, three quarters, half,
//!   one);
//! - **themes**: a query word that is part of a theme's label, synonym or phrase in the
//!   taxonomy is also covered by passages tagged with that theme (explicitly, by the
//!   rules or by the learned model);
//! - **typos**: a word of five letters or more that is rare in the index also matches
//!   words one edit away (two from nine letters), at half the coverage, so exact matches
//!   come first;
//! - **proximity and kind**: words close together, and insight (reports, notes, survey
//!   answers) over plan activities and "You said, we did" records, add small bonuses.
//!
//! Quotes, brackets, AND/OR/NOT, +/-, wildcards and `field:` keep tantivy's exact
//! meaning: such a query, or a request with `exact`, goes to the query parser unchanged.

use crate::error::{Error, Result};
use crate::facets::{FacetCache, SegmentFacets};
use crate::schema::FacetField;
use crate::schema::Fields;
use crate::InsightIndex;
use insight_model::{Facet as TagFacet, Kind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, TermQuery,
};
use tantivy::query::{EnableScoring, Explanation, Scorer, Weight};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader};
use tantivy::{Searcher, TantivyDocument, Term};

/// Score added per query word a passage covers: larger than any BM25 sum, so the number
/// of words covered orders results first.
pub const COVERAGE: f32 = 1000.0;
/// Most near spellings searched for one word (those most passages hold).
const TYPO_TERMS: usize = 4;
/// How far apart the words of the proximity phrase may be.
const PROXIMITY_SLOP: u32 = 3;
/// The environment variable that overrides [`Ranking`]'s weights, for evaluation.
pub const RANKING_ENV: &str = "INSIGHT_RANKING";

/// The weights of plain-query ranking. The defaults are the shipped ranking; the
/// relevance benchmark (`scripts/eval/relevance.py --tune`) tries others through
/// [`RANKING_ENV`] (`INSIGHT_RANKING="theme_share=0.8,rarity=0.5"`), read once when the
/// index is opened, so that weights are chosen on some folds and measured on others
/// without a rebuild.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranking {
    /// Share of [`COVERAGE`] for a word matched only within a typo's distance.
    pub typo_share: f32,
    /// Share of [`COVERAGE`] for a word covered only by a theme tag: a passage with the
    /// word itself ranks first, then passages with the theme but not the word.
    pub theme_share: f32,
    /// Added for each query word whose theme a passage is tagged with (on top of BM25
    /// for the word itself, if present).
    pub theme_bonus: f32,
    /// Weight of BM25 for near spellings of a word, against the word as typed.
    pub typo_boost: f32,
    /// Weight of the phrase score of the words in order, a few words apart.
    pub proximity_boost: f32,
    /// How much a word's coverage depends on its rarity: its share of [`COVERAGE`] is
    /// (its inverse document frequency / the rarest word's) to this power, so at 0 every
    /// word covers alike and at 1 a passage missing a common word ranks well above one
    /// missing a rare one.
    pub rarity: f32,
    /// Weight of BM25 in a title and in a heading, against the passage's text.
    pub title_boost: f32,
    pub heading_boost: f32,
}

impl Default for Ranking {
    fn default() -> Self {
        Self {
            typo_share: 0.5,
            theme_share: 0.9,
            theme_bonus: 8.0,
            typo_boost: 0.5,
            proximity_boost: 1.0,
            rarity: 0.5,
            title_boost: 2.0,
            heading_boost: 1.5,
        }
    }
}

impl Ranking {
    /// The defaults, with the weights [`RANKING_ENV`] names, if it is set.
    pub fn from_env() -> Result<Self> {
        match std::env::var(RANKING_ENV) {
            Ok(spec) => Self::parse(&spec),
            Err(_) => Ok(Self::default()),
        }
    }

    /// `name=value` pairs separated by commas, over the defaults.
    pub fn parse(spec: &str) -> Result<Self> {
        let mut ranking = Self::default();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = |why: &str| {
                Error::InvalidRequest(format!(
                    "{RANKING_ENV}: `{pair}` {why}; write name=number pairs separated by commas, names among {}, or unset it for the shipped ranking",
                    Self::WEIGHTS.map(|(name, _)| name).join(", ")
                ))
            };
            let (name, value) = pair.split_once('=').ok_or_else(|| bad("has no `=`"))?;
            let value: f32 = value
                .trim()
                .parse()
                .ok()
                .filter(|v: &f32| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| bad("is not a number of 0 or more"))?;
            let (_, slot) = Self::WEIGHTS
                .iter()
                .find(|(known, _)| *known == name.trim())
                .ok_or_else(|| bad("names no weight"))?;
            *slot(&mut ranking) = value;
        }
        Ok(ranking)
    }

    /// Every weight by the name `INSIGHT_RANKING` gives it.
    #[allow(clippy::type_complexity)]
    const WEIGHTS: [(&'static str, fn(&mut Ranking) -> &mut f32); 8] = [
        ("typo_share", |r| &mut r.typo_share),
        ("theme_share", |r| &mut r.theme_share),
        ("theme_bonus", |r| &mut r.theme_bonus),
        ("typo_boost", |r| &mut r.typo_boost),
        ("proximity_boost", |r| &mut r.proximity_boost),
        ("rarity", |r| &mut r.rarity),
        ("title_boost", |r| &mut r.title_boost),
        ("heading_boost", |r| &mut r.heading_boost),
    ];
}

/// When fewer passages than this have every word, fewer words are required.
pub const RELAX_BELOW: usize = 10;
/// Most words searched from one plain query (the rarest in the index are kept).
pub const MAX_WORDS: usize = 16;
/// A word is considered for typos when fewer passages than this hold it, or fewer than
/// one in [`TYPO_RARE_SHARE`] of all passages.
const TYPO_RARE_MIN: u64 = 3;
const TYPO_RARE_SHARE: u64 = 50_000;

/// Kind -> score added to its passages in plain searches that do not filter on kind.
pub const KIND_BALANCE: [(Kind, f32); 6] = [
    (Kind::EngagementReport, 12.0),
    (Kind::ConsultationReport, 12.0),
    (Kind::WorkshopNotes, 10.0),
    (Kind::Survey, 8.0),
    (Kind::ForwardPlanActivity, 0.0),
    (Kind::YouSaidWeDid, 0.0),
];

/// Words people type that say nothing about what they look for.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for",
    "from", "get", "got", "had", "has", "have", "having", "he", "her", "here", "him", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "most", "my", "of", "on",
    "or", "our", "out", "over", "she", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "too", "up", "us", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
    "with", "would", "you", "your",
];

/// How a query was read: shown to the user ("also searching the theme ...", "showing
/// passages with 3 of your 4 words", "including discharge for dischrage").
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Interpretation {
    /// `words` (a plain query, matched gracefully) or `exact` (query syntax, or
    /// `exact=true`: every word required as written).
    pub matching: &'static str,
    /// The words searched, as typed.
    pub words: Vec<String>,
    /// Words left out: common words, and words beyond the most distinctive
    /// [`MAX_WORDS`] of a long text.
    pub ignored: Vec<String>,
    /// Hits cover at least this many of `words` (all of them unless relaxed).
    pub required: usize,
    /// Themes whose tagged passages also count for the words naming them, as paths.
    pub themes: Vec<String>,
    /// Themes named by the query but not added, because the request turned themes off.
    pub themes_not_added: Vec<String>,
    /// Typed words also matched as near spellings: (as typed, the spelling found most).
    pub corrections: Vec<Correction>,
    /// A query to try instead, when nothing matched and near spellings exist.
    pub suggestion: Option<String>,
    /// What to tell the person about their query: its syntax could not be read (so its
    /// words were searched), or it had no words.
    pub notice: Option<String>,
}

/// A word matched also as a near spelling.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correction {
    pub typed: String,
    pub found: String,
}

/// One word of a plain query.
struct Word {
    /// As typed.
    surface: String,
    /// As indexed (lowercased, folded, stemmed).
    term: String,
    /// Passages holding it in the text field.
    frequency: u64,
    /// Byte range in the query text.
    range: std::ops::Range<usize>,
    /// Edit distance allowed, when it is rare enough to be a typo.
    typo: Option<u8>,
    /// Near spellings in the index (as indexed), most frequent first.
    near: Vec<String>,
    /// Theme paths covering this word.
    themes: Vec<String>,
    /// Its share of [`COVERAGE`]: its inverse document frequency against the rarest
    /// word's, so a passage missing a common word ranks above one missing a rare one.
    weight: f32,
}

/// A plain query, read: its words and how they are matched.
pub(crate) struct PlainQuery {
    words: Vec<Word>,
    kind_balance: bool,
    pub(crate) interpretation: Interpretation,
}

/// The words of a query whose syntax could not be read: quotes, brackets, operators,
/// field names and wildcards become spaces.
pub(crate) fn strip_syntax(query: &str) -> String {
    let spaced: String = query
        .chars()
        .map(|c| {
            if matches!(
                c,
                '"' | '(' | ')' | '[' | ']' | '{' | '}' | ':' | '^' | '*' | '~' | '\\'
            ) {
                ' '
            } else {
                c
            }
        })
        .collect();
    spaced
        .split_whitespace()
        .map(|token| token.trim_start_matches(['+', '-']))
        .filter(|token| !token.is_empty() && !matches!(*token, "AND" | "OR" | "NOT" | "&&" | "||"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether query text (facet terms already taken out) uses no query syntax.
pub(crate) fn is_plain(text: &str) -> bool {
    if text.chars().any(|c| {
        matches!(
            c,
            '"' | '(' | ')' | '[' | ']' | '{' | '}' | ':' | '^' | '*' | '~'
        )
    }) || crate::language::has_cjk(text)
    {
        return false;
    }
    !text.split_whitespace().any(|token| {
        matches!(token, "AND" | "OR" | "NOT" | "&&" | "||")
            || token.starts_with('+')
            || token.starts_with('-')
    })
}

impl InsightIndex {
    /// Reads a plain query: its words (common ones left out unless nothing else is
    /// left), their frequencies, typo allowances and covering themes.
    pub(crate) fn plain_query(
        &self,
        searcher: &Searcher,
        text: &str,
        expand_themes: bool,
        kind_filtered: bool,
        visible_themes: Option<&BTreeMap<String, u64>>,
    ) -> Result<PlainQuery> {
        let mut analyzer = self.index.tokenizer_for_field(self.fields.text)?;
        let mut all: Vec<Word> = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            let surface = text[token.offset_from..token.offset_to].to_string();
            if all.iter().any(|w| w.term == token.text) {
                continue;
            }
            all.push(Word {
                surface,
                term: token.text.clone(),
                frequency: 0,
                range: token.offset_from..token.offset_to,
                typo: None,
                near: Vec::new(),
                themes: Vec::new(),
                weight: 1.0,
            });
        }
        let mut ignored: Vec<String> = Vec::new();
        let content = all
            .iter()
            .any(|w| !STOP_WORDS.contains(&w.surface.to_lowercase().as_str()));
        if content {
            let (kept, stop): (Vec<Word>, Vec<Word>) = all
                .into_iter()
                .partition(|w| !STOP_WORDS.contains(&w.surface.to_lowercase().as_str()));
            ignored.extend(stop.into_iter().map(|w| w.surface));
            all = kept;
        }
        let passages = searcher.num_docs();
        let rare = TYPO_RARE_MIN.max(passages / TYPO_RARE_SHARE);
        for word in &mut all {
            word.frequency = searcher.doc_freq(&self.term(self.fields.text, &word.term))?;
            let letters = word.surface.chars().count();
            if word.frequency < rare && letters >= 5 {
                let distance = if letters >= 9 { 2 } else { 1 };
                word.typo = Some(distance);
                word.near = self
                    .near_terms(searcher, &word.term, distance)?
                    .into_iter()
                    .filter(|(term, _)| *term != word.term)
                    .take(TYPO_TERMS)
                    .map(|(term, _)| term)
                    .collect();
            }
        }
        if all.len() > MAX_WORDS {
            // the most distinctive words: present in the index, then the rarest
            let mut order: Vec<usize> = (0..all.len()).collect();
            order.sort_by_key(|&i| (all[i].frequency == 0, all[i].frequency));
            let keep: Vec<usize> = order[..MAX_WORDS].to_vec();
            let mut kept = Vec::new();
            for (index, word) in all.into_iter().enumerate() {
                if keep.contains(&index) {
                    kept.push(word);
                } else {
                    ignored.push(word.surface);
                }
            }
            all = kept;
        }
        let idf = |frequency: u64| {
            let frequency = frequency as f32;
            (1.0 + (passages as f32 - frequency + 0.5) / (frequency + 0.5)).ln()
        };
        let mut near_frequency: Vec<u64> = Vec::with_capacity(all.len());
        for word in &all {
            let near = if word.near.is_empty() {
                0
            } else {
                searcher.doc_freq(&self.term(self.fields.text, &word.near[0]))?
            };
            near_frequency.push(word.frequency.max(near));
        }
        let rarest = near_frequency
            .iter()
            .map(|f| idf(*f))
            .fold(f32::MIN, f32::max);
        for (word, frequency) in all.iter_mut().zip(&near_frequency) {
            word.weight = if rarest > 0.0 {
                (idf(*frequency) / rarest)
                    .powf(self.ranking.rarity)
                    .clamp(0.1, 1.0)
            } else {
                1.0
            };
        }
        let mut themes: Vec<String> = Vec::new();
        let mut themes_not_added: Vec<String> = Vec::new();
        let (_, tagger) = self.taxonomy_and_tagger()?;
        for (facet, path, span) in tagger.infer_spans(text) {
            if facet != TagFacet::Theme || !visible_themes.is_some_and(|v| v.contains_key(&path)) {
                continue;
            }
            if !expand_themes {
                if !themes_not_added.contains(&path) {
                    themes_not_added.push(path);
                }
                continue;
            }
            let mut covers = false;
            for word in all
                .iter_mut()
                .filter(|w| w.range.start >= span.start && w.range.end <= span.end)
            {
                if !word.themes.contains(&path) {
                    word.themes.push(path.clone());
                }
                covers = true;
            }
            if covers && !themes.contains(&path) {
                themes.push(path);
            }
        }
        let interpretation = Interpretation {
            matching: "words",
            words: all.iter().map(|w| w.surface.clone()).collect(),
            ignored,
            required: all.len(),
            themes,
            themes_not_added,
            corrections: Vec::new(),
            suggestion: None,
            notice: None,
        };
        let mut plain = PlainQuery {
            words: all,
            kind_balance: !kind_filtered,
            interpretation,
        };
        for word in plain.words.iter().filter(|w| !w.near.is_empty()) {
            plain.interpretation.corrections.push(Correction {
                typed: word.surface.clone(),
                found: self.spelling(searcher, &word.near[0])?,
            });
        }
        Ok(plain)
    }

    /// The query requiring `required` of the plain query's words.
    pub(crate) fn plain_text_query(&self, plain: &PlainQuery, required: usize) -> Box<dyn Query> {
        let fields = &self.fields;
        let ranking = &self.ranking;
        let theme_field = fields.facet(FacetField::Theme);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // all words required, none with near spellings or themes: coverage is the same
        // for every match, so the words are simply intersected (as fast as the parser's)
        let every_word_plainly = required >= plain.words.len()
            && plain
                .words
                .iter()
                .all(|w| w.near.is_empty() && w.themes.is_empty());
        for word in &plain.words {
            let exact_terms: Vec<(tantivy::schema::Field, f32)> = vec![
                (fields.title, ranking.title_boost),
                (fields.heading, ranking.heading_boost),
                (fields.text, 1.0),
                (fields.attributes, 1.0),
            ];
            let bm25: Vec<(Occur, Box<dyn Query>)> = exact_terms
                .iter()
                .map(|(field, boost)| {
                    let query: Box<dyn Query> = Box::new(TermQuery::new(
                        self.term(*field, &word.term),
                        IndexRecordOption::WithFreqs,
                    ));
                    let query: Box<dyn Query> = if *boost == 1.0 {
                        query
                    } else {
                        Box::new(BoostQuery::new(query, *boost))
                    };
                    (Occur::Should, query)
                })
                .collect();
            let anywhere = any_of(
                exact_terms
                    .iter()
                    .map(|(field, _)| self.term(*field, &word.term)),
            );
            let covered = COVERAGE * word.weight;
            let mut coverage: Vec<Box<dyn Query>> =
                vec![Box::new(ConstScoreQuery::new(Box::new(anywhere), covered))];
            let mut parts: Vec<(Occur, Box<dyn Query>)> = bm25;
            if !word.near.is_empty() {
                let near: Vec<Term> = word
                    .near
                    .iter()
                    .map(|term| self.term(fields.text, term))
                    .collect();
                for term in &near {
                    parts.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                            ranking.typo_boost,
                        )),
                    ));
                }
                coverage.push(Box::new(ConstScoreQuery::new(
                    any_of(near),
                    covered * ranking.typo_share,
                )));
            }
            let tagged: Vec<Term> = word
                .themes
                .iter()
                .map(|path| Term::from_facet(theme_field, &Facet::from_path(path.split('/'))))
                .collect();
            if !tagged.is_empty() {
                coverage.push(Box::new(ConstScoreQuery::new(
                    any_of(tagged.clone()),
                    covered * ranking.theme_share,
                )));
                parts.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(any_of(tagged), ranking.theme_bonus)),
                ));
            }
            if every_word_plainly {
                // every passage covers every word alike: an intersection, no coverage
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(parts))));
                continue;
            }
            parts.push((Occur::Should, Box::new(DisjunctionMaxQuery::new(coverage))));
            clauses.push((Occur::Should, Box::new(BooleanQuery::new(parts))));
        }
        let core: Box<dyn Query> = if every_word_plainly {
            Box::new(BooleanQuery::new(clauses))
        } else {
            Box::new(BooleanQuery::with_minimum_required_clauses(
                clauses,
                required.max(1),
            ))
        };
        let mut outer: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, core)];
        let present: Vec<(usize, Term)> = plain
            .words
            .iter()
            .filter(|w| w.frequency > 0)
            .enumerate()
            .map(|(at, w)| (at, self.term(fields.text, &w.term)))
            .collect();
        if present.len() >= 2 {
            outer.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(PhraseQuery::new_with_offset_and_slop(
                        present,
                        PROXIMITY_SLOP,
                    )),
                    ranking.proximity_boost,
                )),
            ));
        }
        let query: Box<dyn Query> = Box::new(BooleanQuery::new(outer));
        if plain.kind_balance {
            Box::new(KindBalanced {
                inner: query,
                cache: self.facet_cache.clone(),
                fields: self.fields.clone(),
            })
        } else {
            query
        }
    }

    /// How many words to require, from all down to one, and the query: steps down while
    /// fewer than [`RELAX_BELOW`] passages match (`count` counts a query with the
    /// request's filters, dates and access).
    pub(crate) fn relaxed(
        &self,
        plain: &mut PlainQuery,
        mut count: impl FnMut(&dyn Query) -> Result<usize>,
    ) -> Result<Box<dyn Query>> {
        let n = plain.words.len();
        let mut steps: Vec<usize> = vec![
            n,
            n.saturating_sub(1),
            (3 * n).div_ceil(4),
            n.div_ceil(2),
            1,
        ];
        steps.retain(|s| *s >= 1 && *s <= n);
        steps.sort_unstable_by(|a, b| b.cmp(a));
        steps.dedup();
        let mut chosen = n.max(1);
        for (index, required) in steps.iter().enumerate() {
            chosen = *required;
            if index + 1 == steps.len() {
                break;
            }
            let query = self.plain_text_query(plain, *required);
            if count(&*query)? >= RELAX_BELOW {
                break;
            }
        }
        plain.interpretation.required = chosen.min(n);
        Ok(self.plain_text_query(plain, chosen))
    }

    /// Near spellings of the words the index does not hold (of three letters or more):
    /// the spelling most passages hold.
    fn corrections(&self, searcher: &Searcher, words: &[Word]) -> Result<Vec<Correction>> {
        let mut found = Vec::new();
        for word in words.iter().filter(|w| w.frequency == 0) {
            let letters = word.surface.chars().count();
            if letters < 3 {
                continue;
            }
            let distance = word.typo.unwrap_or(1);
            if let Some((best, _)) = self
                .near_terms(searcher, &word.term, distance)?
                .into_iter()
                .next()
            {
                found.push(Correction {
                    typed: word.surface.clone(),
                    found: self.spelling(searcher, &best)?,
                });
            }
        }
        Ok(found)
    }

    /// Indexed words within `distance` of `term`, with how many passages hold each,
    /// most first.
    fn near_terms(
        &self,
        searcher: &Searcher,
        term: &str,
        distance: u8,
    ) -> Result<Vec<(String, u64)>> {
        let query = FuzzyTermQuery::new(self.term(self.fields.text, term), distance, true);
        let automaton = query.automaton()?;
        let mut frequencies: BTreeMap<String, u64> = BTreeMap::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.text)?;
            let mut stream = inverted
                .terms()
                .search(&automaton)
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                *frequencies
                    .entry(String::from_utf8_lossy(stream.key()).into_owned())
                    .or_default() += u64::from(stream.value().doc_freq);
            }
        }
        let mut near: Vec<(String, u64)> = frequencies.into_iter().collect();
        near.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(near)
    }

    /// An indexed word (a stem) as a passage holding it spells it.
    fn spelling(&self, searcher: &Searcher, best: &str) -> Result<String> {
        let best = best.to_string();
        // the stem is not a word: find how a passage holding it spells it
        let holder = searcher.search(
            &TermQuery::new(self.term(self.fields.text, &best), IndexRecordOption::Basic),
            &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
        )?;
        let Some((_, address)) = holder.into_iter().next() else {
            return Ok(best);
        };
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = crate::search::stored_text(&doc, self.fields.text);
        let mut analyzer = self.index.tokenizer_for_field(self.fields.text)?;
        let mut stream = analyzer.token_stream(&text);
        while let Some(token) = stream.next() {
            if token.text == best {
                return Ok(text[token.offset_from..token.offset_to].to_lowercase());
            }
        }
        Ok(best)
    }

    fn term(&self, field: tantivy::schema::Field, text: &str) -> Term {
        Term::from_field_text(field, text)
    }
}

impl PlainQuery {
    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Says something about the query to the person.
    pub(crate) fn notice(&mut self, notice: String) {
        self.interpretation.notice = Some(notice);
    }

    /// "Did you mean": the query with every unknown word replaced by its nearest
    /// spelling, when there is one.
    pub(crate) fn suggest(
        &mut self,
        index: &InsightIndex,
        searcher: &Searcher,
        query: &str,
    ) -> Result<()> {
        let corrections = index.corrections(searcher, &self.words)?;
        if corrections.is_empty() {
            return Ok(());
        }
        let mut suggestion = query.to_string();
        for correction in &corrections {
            if let Some(at) = find_word(&suggestion, &correction.typed) {
                suggestion.replace_range(at..at + correction.typed.len(), &correction.found);
            }
        }
        self.interpretation.suggestion = Some(suggestion);
        Ok(())
    }
}

/// A query whose scores gain each passage's kind bonus ([`KIND_BALANCE`]), read from the
/// segment's facet table ([`crate::facets::FacetCache`], a byte per passage): as SHOULD
/// clauses, the kinds' postings (one per passage) cost a union over the whole index on
/// every search.
struct KindBalanced {
    inner: Box<dyn Query>,
    cache: FacetCache,
    fields: Fields,
}

impl std::fmt::Debug for KindBalanced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KindBalanced")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl Clone for KindBalanced {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.box_clone(),
            cache: self.cache.clone(),
            fields: self.fields.clone(),
        }
    }
}

impl Query for KindBalanced {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(KindBalancedWeight {
            inner: self.inner.weight(scoring)?,
            cache: self.cache.clone(),
            fields: self.fields.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct KindBalancedWeight {
    inner: Box<dyn Weight>,
    cache: FacetCache,
    fields: Fields,
}

impl Weight for KindBalancedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, boost)?;
        let table = self.cache.get(reader, &self.fields)?;
        let bonus = table
            .kinds()
            .1
            .iter()
            .map(|name| {
                KIND_BALANCE
                    .iter()
                    .find(|(kind, _)| kind.as_str() == name)
                    .map_or(0.0, |(_, bonus)| *bonus)
            })
            .collect();
        Ok(Box::new(KindBalancedScorer {
            inner,
            table,
            bonus,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct KindBalancedScorer {
    inner: Box<dyn Scorer>,
    table: Arc<SegmentFacets>,
    /// Kind number in the segment -> bonus.
    bonus: Vec<f32>,
}

impl DocSet for KindBalancedScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for KindBalancedScorer {
    fn score(&mut self) -> Score {
        let kind = self.table.kinds().0[self.inner.doc() as usize];
        self.inner.score() + self.bonus.get(usize::from(kind)).copied().unwrap_or(0.0)
    }
}

/// Passages holding any of `terms`: a union of their postings (tantivy's TermSetQuery
/// fills a bitset as large as the segment, which costs milliseconds at a million
/// passages for a word that a handful hold).
fn any_of(terms: impl IntoIterator<Item = Term>) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .into_iter()
        .map(|term| {
            (
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    if clauses.len() == 1 {
        return clauses.remove(0).1;
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Where `word` stands in `text` as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranking_weights_are_read_or_refused_by_name() {
        assert_eq!(Ranking::parse("").unwrap(), Ranking::default());
        let ranking = Ranking::parse(" theme_share=0.8 , rarity=0").unwrap();
        assert_eq!(ranking.theme_share, 0.8);
        assert_eq!(ranking.rarity, 0.0);
        assert_eq!(ranking.theme_bonus, Ranking::default().theme_bonus);
        for (bad, says) in [
            ("colour=1", "names no weight"),
            ("rarity", "has no `=`"),
            ("rarity=-1", "not a number"),
            ("rarity=NaN", "not a number"),
        ] {
            let message = Ranking::parse(bad).unwrap_err().to_string();
            assert!(
                message.contains(says) && message.contains("INSIGHT_RANKING"),
                "{message}"
            );
        }
    }

    #[test]
    fn syntax_keeps_its_meaning() {
        for plain in [
            "the ambulance took ages to come",
            "discharge carers",
            "A&E waits",
            "Bradford's GP",
        ] {
            assert!(is_plain(plain), "{plain}");
        }
        for syntax in [
            "\"long waits\"",
            "discharge AND carers",
            "carers OR cares",
            "waits NOT dental",
            "+discharge carers",
            "-dental waits",
            "title:discharge",
            "disch*",
            "(a b)",
            "医生",
        ] {
            assert!(!is_plain(syntax), "{syntax}");
        }
    }
}
