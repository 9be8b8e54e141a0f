//! Analytics over the matches of a search: theme trends with the emerging themes, and
//! the coverage of communities by place or segment with its gaps.
//!
//! Counts drawn from survey equality monitoring are published in one place only: the
//! coverage table, where small numbers are suppressed across the whole table (see
//! `suppress`). Searches, facet counts and exports never carry them, and equality groups
//! cannot filter a search (`prepare` refuses them), so no second table can be set beside
//! the coverage table to work a suppressed count out by subtraction.

use crate::error::{Error, Result};
use crate::schema::FacetField;
use crate::suppress::{Shown, Suppressor};
use crate::timeline::{Interval, TimelineCounter};
use crate::{InsightIndex, SearchRequest};
use insight_model::{Facet, Kind, Tagger, Taxonomy};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::fastfield::FacetReader;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::Facet as TantivyFacet;
use tantivy::schema::IndexRecordOption;
use tantivy::Term;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Below this many passages in the latest period a theme is not called emerging.
pub const DEFAULT_MIN_TREND_COUNT: u64 = 10;
/// Coverage cells with fewer passages than this are gaps.
pub const DEFAULT_GAP_THRESHOLD: u64 = 5;

/// One theme's passages per period.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeSeries {
    pub theme: String,
    /// One per period, in the order of `Trends::periods`.
    pub counts: Vec<u64>,
    /// The sources (documents) those passages come from, per period.
    pub sources: Vec<u64>,
    /// The survey respondents who gave those passages (answers), per period: people,
    /// where a respondent's answers to several questions are several passages.
    pub respondents: Vec<u64>,
    /// Passages the learned model gave a sentiment, and those it judged negative.
    pub judged: Vec<u64>,
    pub negative: Vec<u64>,
    /// negative / judged, where at least `min_count` passages were judged; `None`
    /// (null) where fewer were: too few to give a share.
    pub negative_share: Vec<Option<f64>>,
}

/// How many periods before the latest make its baseline.
pub const BASELINE_PERIODS: usize = 4;
/// The fewest distinct sources a theme needs in the latest period to be emerging.
pub const DEFAULT_MIN_SOURCES: u64 = 3;
/// The false discovery rate of the emerging themes: the Benjamini-Hochberg adjusted
/// p-value (`q_value`) of each is at most this.
pub const EMERGING_FDR: f64 = 0.05;

/// A theme whose share of the passages rose in the latest period against the periods
/// before, by more than chance would give, in enough sources; with the figures behind
/// the claim.
#[derive(Debug, Clone, Serialize)]
pub struct Emerging {
    pub theme: String,
    pub period: String,
    pub previous_period: String,
    pub count: u64,
    pub previous_count: u64,
    /// Share of the period's passages carrying the theme.
    pub share: f64,
    pub previous_share: f64,
    /// share - baseline_share, in percentage points.
    pub change_points: f64,
    /// Distinct sources (documents) of the theme's passages in the latest period.
    pub sources: u64,
    /// Distinct survey respondents among them (0 when none is a survey answer).
    pub respondents: u64,
    /// The periods compared with: up to [`BASELINE_PERIODS`] before the latest.
    pub baseline_periods: Vec<String>,
    /// The theme's passages and all passages in those periods.
    pub baseline_count: u64,
    pub baseline_total: u64,
    pub baseline_share: f64,
    /// The one-sided two-proportion z-test of the latest share against the baseline's.
    pub z: f64,
    pub p_value: f64,
    /// p adjusted for testing every theme at once (Benjamini-Hochberg).
    pub q_value: f64,
}

/// A theme whose share rose but that is not claimed as emerging, and why.
#[derive(Debug, Clone, Serialize)]
pub struct HeldBack {
    #[serde(flatten)]
    pub figures: Emerging,
    /// "sources": fewer than `min_sources` sources; "chance": the rise is within what
    /// chance gives (q above the false discovery rate).
    pub reason: &'static str,
}

/// Themes over time.
#[derive(Debug, Clone, Serialize)]
pub struct Trends {
    pub interval: Interval,
    pub periods: Vec<String>,
    /// All matching passages dated in each period.
    pub totals: Vec<u64>,
    /// The sources (documents) of those passages, per period.
    pub total_sources: Vec<u64>,
    /// The survey respondents among those passages, per period.
    pub total_respondents: Vec<u64>,
    pub themes: Vec<ThemeSeries>,
    /// Themes whose share rose in the latest period against the baseline, significantly
    /// (q at most [`EMERGING_FDR`]), with at least `min_count` passages and
    /// `min_sources` sources in it; the lowest q first.
    pub emerging: Vec<Emerging>,
    /// Themes whose share rose but that are not claimed, with the reason.
    pub held_back: Vec<HeldBack>,
    pub min_count: u64,
    pub min_sources: u64,
}

/// What coverage is broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CoverageBy {
    Place,
    Segment,
}

/// One cell: the passages and the sources (documents) of a community in a column.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageCell {
    pub column: String,
    pub passages: Shown,
    pub sources: Shown,
    /// Fewer passages than the gap threshold (a suppressed cell is always a gap).
    pub gap: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    pub community: String,
    pub label: String,
    pub depth: usize,
    /// From survey equality monitoring: its small passage counts are suppressed (source
    /// counts are counts of documents, not people, and are shown).
    pub equality: bool,
    pub cells: Vec<CoverageCell>,
    pub total_passages: Shown,
    pub total_sources: Shown,
}

/// Who has been heard, by place or segment.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub by: CoverageBy,
    pub columns: Vec<String>,
    pub rows: Vec<CoverageRow>,
    pub gap_threshold: u64,
    pub suppression_threshold: u64,
    /// Column -> communities of the taxonomy (not equality groups) with no insight at
    /// all there under the filters.
    pub unheard: BTreeMap<String, Vec<String>>,
}

impl InsightIndex {
    /// The query of an analysis: the request's, limited to insight (reports, surveys,
    /// notes) unless it filters on kind itself: planned activities and "You said, we did"
    /// records are not what people said.
    pub(crate) fn insight_query(&self, prepared: &crate::search::Prepared) -> Box<dyn Query> {
        let query = prepared.query(self, None);
        if prepared.filters.contains_key(&FacetField::Kind) {
            return query;
        }
        let kind_field = self.fields.facet(FacetField::Kind);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        for kind in [Kind::ForwardPlanActivity, Kind::YouSaidWeDid] {
            let term = Term::from_facet(kind_field, &TantivyFacet::from_path([kind.as_str()]));
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The taxonomy stored with the last commit, parsed once per reader generation.
    pub fn taxonomy(&self) -> Result<Arc<Taxonomy>> {
        Ok(self.taxonomy_and_tagger()?.0)
    }

    /// The taxonomy of the last commit and the rule tagger built from it (the overlap
    /// check tags proposals with it), built once per reader generation.
    pub(crate) fn taxonomy_and_tagger(&self) -> Result<(Arc<Taxonomy>, Arc<Tagger>)> {
        // a new taxonomy comes only with a commit, and a commit makes a new generation
        let generation = self.reader.searcher().generation().generation_id();
        let mut cache = self.taxonomy_cache.lock().expect("taxonomy cache lock");
        if let Some((cached, taxonomy, tagger)) = cache.as_ref() {
            if *cached == generation {
                return Ok((taxonomy.clone(), tagger.clone()));
            }
        }
        let manifest = self.manifest()?;
        let taxonomy = Arc::new(
            Taxonomy::parse(&manifest.taxonomy_toml)
                .map_err(|error| Error::Manifest(format!("stored taxonomy: {error}")))?,
        );
        let tagger = Arc::new(Tagger::new(&taxonomy));
        *cache = Some((generation, taxonomy.clone(), tagger.clone()));
        Ok((taxonomy, tagger))
    }

    /// The community paths that come from equality monitoring (`infer = false`).
    pub fn equality_paths(&self) -> Result<BTreeSet<String>> {
        let taxonomy = self.taxonomy()?;
        Ok(taxonomy
            .entries()
            .iter()
            .filter(|e| e.facet == Facet::Community && !e.infer)
            .map(|e| e.path.clone())
            .collect())
    }

    /// Theme counts per period and the emerging themes.
    pub fn trends(
        &self,
        request: &SearchRequest,
        interval: Interval,
        min_count: u64,
        min_sources: u64,
    ) -> Result<Trends> {
        let searcher = self.reader.searcher();
        let prepared = self.prepare(&searcher, request)?;
        let query = self.insight_query(&prepared);
        let counter = TimelineCounter {
            interval,
            theme_field: FacetField::Theme.name(),
        };
        let counts = searcher.search(&*query, &counter)?;
        // every period from the first to the last, empty ones too, so that the baseline
        // is the periods just before
        let mut periods: Vec<String> = Vec::new();
        if let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) {
            let mut period = first.clone();
            while period <= *last && periods.len() < 10_000 {
                periods.push(period.clone());
                period = interval.next(&period);
            }
        }
        let tally = |period: &String, theme: &str| counts.get(period).and_then(|m| m.get(theme));
        let totals: Vec<u64> = periods
            .iter()
            .map(|p| tally(p, "").map_or(0, |t| t.passages))
            .collect();
        let total_sources: Vec<u64> = periods
            .iter()
            .map(|p| tally(p, "").map_or(0, |t| t.sources.len() as u64))
            .collect();
        let total_respondents: Vec<u64> = periods
            .iter()
            .map(|p| tally(p, "").map_or(0, |t| t.respondents.len() as u64))
            .collect();
        let themes: BTreeSet<&String> = counts
            .values()
            .flat_map(|m| m.keys())
            .filter(|t| !t.is_empty())
            .collect();
        let series: Vec<ThemeSeries> = themes
            .iter()
            .map(|theme| ThemeSeries {
                theme: (*theme).clone(),
                counts: periods
                    .iter()
                    .map(|p| tally(p, theme).map_or(0, |t| t.passages))
                    .collect(),
                sources: periods
                    .iter()
                    .map(|p| tally(p, theme).map_or(0, |t| t.sources.len() as u64))
                    .collect(),
                respondents: periods
                    .iter()
                    .map(|p| tally(p, theme).map_or(0, |t| t.respondents.len() as u64))
                    .collect(),
                judged: periods
                    .iter()
                    .map(|p| tally(p, theme).map_or(0, |t| t.judged))
                    .collect(),
                negative: periods
                    .iter()
                    .map(|p| tally(p, theme).map_or(0, |t| t.negative))
                    .collect(),
                negative_share: periods
                    .iter()
                    .map(|p| {
                        tally(p, theme)
                            .filter(|t| t.judged >= min_count.max(1))
                            .map(|t| {
                                (t.negative as f64 / t.judged as f64 * 1000.0).round() / 1000.0
                            })
                    })
                    .collect(),
            })
            .collect();
        let (emerging, held_back) =
            emerging_themes(&periods, &totals, &series, min_count, min_sources);
        Ok(Trends {
            interval,
            totals,
            total_sources,
            total_respondents,
            themes: series,
            periods,
            emerging,
            held_back,
            min_count,
            min_sources,
        })
    }

    /// Passages and sources by community and place (the five places) or segment.
    pub fn coverage(
        &self,
        request: &SearchRequest,
        by: CoverageBy,
        gap_threshold: u64,
        threshold: u64,
    ) -> Result<Coverage> {
        let searcher = self.reader.searcher();
        let prepared = self.prepare(&searcher, request)?;
        let query = self.insight_query(&prepared);
        let taxonomy = self.taxonomy()?;
        let column_facet = match by {
            CoverageBy::Place => Facet::Place,
            CoverageBy::Segment => Facet::Segment,
        };
        // places: the places of the ICS (the second level); segments: every segment
        let columns: Vec<String> = taxonomy
            .entries()
            .iter()
            .filter(|e| {
                e.facet == column_facet
                    && (by == CoverageBy::Segment || e.path.matches('/').count() == 1)
            })
            .map(|e| e.path.clone())
            .collect();
        let counter = CoverageCounter {
            column_field: match by {
                CoverageBy::Place => "place",
                CoverageBy::Segment => "segment",
            },
            columns: columns.iter().cloned().collect(),
        };
        let counted = searcher.search(&*query, &counter)?;

        let equality = self.equality_paths()?;
        let communities: Vec<&insight_model::TaxonomyEntry> = taxonomy
            .entries()
            .iter()
            .filter(|e| e.facet == Facet::Community)
            .collect();
        let mut suppressor = Suppressor::default();
        struct RowCells {
            passages: Vec<usize>,
            sources: Vec<usize>,
            total_passages: usize,
            total_sources: usize,
        }
        let mut row_cells = Vec::new();
        for entry in &communities {
            let sensitive = equality.contains(&entry.path);
            let get = |column: &str| {
                counted
                    .cells
                    .get(&(entry.path.clone(), column.to_string()))
                    .map(|(p, s)| (*p, s.len() as u64))
                    .unwrap_or((0, 0))
            };
            let passages: Vec<usize> = columns
                .iter()
                .map(|c| suppressor.cell(get(c).0, sensitive))
                .collect();
            let sources: Vec<usize> = columns
                .iter()
                // sources count documents (survey files, reports), not people
                .map(|c| suppressor.cell(get(c).1, false))
                .collect();
            let (total_p, total_s) = counted
                .totals
                .get(&entry.path)
                .map(|(p, s)| (*p, s.len() as u64))
                .unwrap_or((0, 0));
            let total_passages = suppressor.cell(total_p, sensitive);
            let total_sources = suppressor.cell(total_s, false);
            row_cells.push(RowCells {
                passages,
                sources,
                total_passages,
                total_sources,
            });
        }
        // lines: each row with its total; each equality group's values with the group, per column
        for cells in &row_cells {
            suppressor.line(
                cells
                    .passages
                    .iter()
                    .copied()
                    .chain([cells.total_passages])
                    .collect(),
            );
            suppressor.line(
                cells
                    .sources
                    .iter()
                    .copied()
                    .chain([cells.total_sources])
                    .collect(),
            );
        }
        for (group_index, group) in communities.iter().enumerate() {
            let children: Vec<usize> = communities
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e.path
                        .rsplit_once('/')
                        .is_some_and(|(parent, _)| parent == group.path)
                })
                .map(|(i, _)| i)
                .collect();
            if children.is_empty() || !equality.contains(&group.path) {
                continue;
            }
            for column in 0..=columns.len() {
                let pick =
                    |cells: &RowCells, sources: bool| match (column == columns.len(), sources) {
                        (true, false) => cells.total_passages,
                        (true, true) => cells.total_sources,
                        (false, false) => cells.passages[column],
                        (false, true) => cells.sources[column],
                    };
                for sources in [false, true] {
                    let mut line = vec![pick(&row_cells[group_index], sources)];
                    line.extend(
                        children
                            .iter()
                            .map(|child| pick(&row_cells[*child], sources)),
                    );
                    suppressor.line(line);
                }
            }
        }
        let shown = suppressor.run(threshold);

        let mut unheard: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let rows = communities
            .iter()
            .zip(&row_cells)
            .map(|(entry, cells)| {
                let is_equality = equality.contains(&entry.path);
                let cells_out = columns
                    .iter()
                    .enumerate()
                    .map(|(i, column)| {
                        let passages = shown[cells.passages[i]];
                        if !is_equality && passages == Shown::Count(0) {
                            unheard
                                .entry(column.clone())
                                .or_default()
                                .push(entry.path.clone());
                        }
                        CoverageCell {
                            column: column.clone(),
                            passages,
                            sources: shown[cells.sources[i]],
                            gap: passages.value().is_none_or(|p| p < gap_threshold),
                        }
                    })
                    .collect();
                CoverageRow {
                    community: entry.path.clone(),
                    label: entry.label.clone(),
                    depth: entry.path.split('/').count(),
                    equality: is_equality,
                    cells: cells_out,
                    total_passages: shown[cells.total_passages],
                    total_sources: shown[cells.total_sources],
                }
            })
            .collect();
        Ok(Coverage {
            by,
            columns,
            rows,
            gap_threshold,
            suppression_threshold: threshold,
            unheard,
        })
    }
}

/// Per (community, column): passages, and the documents they come from; per community:
/// the same over every match.
#[derive(Default)]
struct Counted {
    cells: HashMap<(String, String), (u64, HashSet<String>)>,
    totals: HashMap<String, (u64, HashSet<String>)>,
}

struct CoverageCounter {
    column_field: &'static str,
    columns: HashSet<String>,
}

struct SegmentCoverage {
    communities: FacetReader,
    community_paths: Vec<String>,
    columns: FacetReader,
    /// column facet ord -> the column it counts for
    column_of: Vec<Option<usize>>,
    columns_by_index: Vec<String>,
    doc_ids: Option<StrColumn>,
    /// (community ord, column index or usize::MAX for the row total) -> (passages,
    /// document ordinals): ordinals of this segment, turned into ids at harvest
    counts: HashMap<(u64, usize), (u64, HashSet<u64>)>,
}

impl Collector for CoverageCounter {
    type Fruit = Counted;
    type Child = SegmentCoverage;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let communities = reader.facet_reader("community")?;
        let community_paths = crate::facets::facet_paths(&communities)?;
        let columns = reader.facet_reader(self.column_field)?;
        let mut columns_by_index = Vec::new();
        let column_of = crate::facets::facet_paths(&columns)?
            .into_iter()
            .map(|path| {
                self.columns.contains(&path).then(|| {
                    columns_by_index.push(path);
                    columns_by_index.len() - 1
                })
            })
            .collect();
        let doc_ids = reader.fast_fields().str("doc_id")?;
        Ok(SegmentCoverage {
            communities,
            community_paths,
            columns,
            column_of,
            columns_by_index,
            doc_ids,
            counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counted>) -> tantivy::Result<Counted> {
        let mut merged = Counted::default();
        for fruit in fruits {
            for (key, (passages, sources)) in fruit.cells {
                let slot = merged.cells.entry(key).or_default();
                slot.0 += passages;
                slot.1.extend(sources);
            }
            for (key, (passages, sources)) in fruit.totals {
                let slot = merged.totals.entry(key).or_default();
                slot.0 += passages;
                slot.1.extend(sources);
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentCoverage {
    type Fruit = Counted;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let document = self
            .doc_ids
            .as_ref()
            .and_then(|column| column.term_ords(doc).next())
            .unwrap_or(u64::MAX);
        let columns: Vec<usize> = self
            .columns
            .facet_ords(doc)
            .filter_map(|ord| self.column_of.get(ord as usize).copied().flatten())
            .collect();
        for community in self.communities.facet_ords(doc) {
            for column in columns.iter().copied().chain([usize::MAX]) {
                let cell = self.counts.entry((community, column)).or_default();
                cell.0 += 1;
                cell.1.insert(document);
            }
        }
    }

    fn harvest(self) -> Counted {
        let mut counted = Counted::default();
        let names = crate::facets::DocIdNames::read(
            self.doc_ids.as_ref(),
            self.counts
                .values()
                .flat_map(|(_, documents)| documents.iter().copied()),
        );
        let id = |ord: u64| names.get(ord);
        for ((community, column), (passages, documents)) in self.counts {
            let community = self.community_paths[community as usize].clone();
            let documents: HashSet<String> = documents.into_iter().map(id).collect();
            if column == usize::MAX {
                counted.totals.insert(community, (passages, documents));
            } else {
                counted.cells.insert(
                    (community, self.columns_by_index[column].clone()),
                    (passages, documents),
                );
            }
        }
        counted
    }
}

/// The latest period's themes tested against the baseline: a one-sided two-proportion
/// z-test of each theme's share of the passages, the p-values of all themes tested
/// adjusted together (Benjamini-Hochberg); a theme is emerging when it has `min_count`
/// passages and `min_sources` sources in the latest period, its share rose and q is at
/// most [`EMERGING_FDR`]. Themes that rose but fail on sources or on chance are held
/// back with the reason.
fn emerging_themes(
    periods: &[String],
    totals: &[u64],
    series: &[ThemeSeries],
    min_count: u64,
    min_sources: u64,
) -> (Vec<Emerging>, Vec<HeldBack>) {
    if periods.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let latest = periods.len() - 1;
    let first_base = latest.saturating_sub(BASELINE_PERIODS);
    let base = first_base..latest;
    let baseline_total: u64 = totals[base.clone()].iter().sum();
    let total = totals[latest];
    if total == 0 || baseline_total < min_count {
        return (Vec::new(), Vec::new());
    }
    let mut tested: Vec<Emerging> = Vec::new();
    for theme in series {
        let count = theme.counts[latest];
        if count < min_count {
            continue;
        }
        let baseline_count: u64 = theme.counts[base.clone()].iter().sum();
        let share = count as f64 / total as f64;
        let baseline_share = baseline_count as f64 / baseline_total as f64;
        let previous = latest - 1;
        let previous_share = if totals[previous] == 0 {
            0.0
        } else {
            theme.counts[previous] as f64 / totals[previous] as f64
        };
        let z = rise_z(count, total, baseline_count, baseline_total);
        tested.push(Emerging {
            theme: theme.theme.clone(),
            period: periods[latest].clone(),
            previous_period: periods[previous].clone(),
            count,
            previous_count: theme.counts[previous],
            share: round(share, 3),
            previous_share: round(previous_share, 3),
            change_points: round((share - baseline_share) * 100.0, 1),
            sources: theme.sources[latest],
            respondents: theme.respondents[latest],
            baseline_periods: periods[base.clone()].to_vec(),
            baseline_count,
            baseline_total,
            baseline_share: round(baseline_share, 3),
            z: round(z, 2),
            p_value: normal_upper_tail(z),
            q_value: 1.0,
        });
    }
    let p_values: Vec<f64> = tested.iter().map(|t| t.p_value).collect();
    for (figures, q) in tested.iter_mut().zip(benjamini_hochberg(&p_values)) {
        figures.q_value = q;
    }
    let mut emerging = Vec::new();
    let mut held_back = Vec::new();
    for mut figures in tested {
        if figures.change_points <= 0.0 {
            continue;
        }
        let significant = figures.q_value <= EMERGING_FDR;
        figures.p_value = significant_figures(figures.p_value);
        figures.q_value = significant_figures(figures.q_value);
        if figures.sources < min_sources {
            held_back.push(HeldBack {
                figures,
                reason: "sources",
            });
        } else if !significant {
            held_back.push(HeldBack {
                figures,
                reason: "chance",
            });
        } else {
            emerging.push(figures);
        }
    }
    emerging.sort_by(|a, b| {
        a.q_value
            .total_cmp(&b.q_value)
            .then(b.change_points.total_cmp(&a.change_points))
            .then(a.theme.cmp(&b.theme))
    });
    emerging.truncate(10);
    held_back.sort_by(|a, b| {
        b.figures
            .change_points
            .total_cmp(&a.figures.change_points)
            .then(a.figures.theme.cmp(&b.figures.theme))
    });
    held_back.truncate(10);
    (emerging, held_back)
}

/// The z of a one-sided two-proportion test: is `count` of `total` a larger share than
/// `baseline_count` of `baseline_total`? (pooled variance; 0 when there is none)
pub(crate) fn rise_z(count: u64, total: u64, baseline_count: u64, baseline_total: u64) -> f64 {
    let (total, baseline_total) = (total as f64, baseline_total as f64);
    let share = count as f64 / total;
    let baseline_share = baseline_count as f64 / baseline_total;
    let pooled = (count + baseline_count) as f64 / (total + baseline_total);
    let spread = (pooled * (1.0 - pooled) * (1.0 / total + 1.0 / baseline_total)).sqrt();
    if spread > 0.0 {
        (share - baseline_share) / spread
    } else {
        0.0
    }
}

/// Benjamini-Hochberg adjusted p-values (q), in the order of `p_values`.
pub(crate) fn benjamini_hochberg(p_values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p_values.len()).collect();
    order.sort_by(|a, b| p_values[*a].total_cmp(&p_values[*b]));
    let tests = p_values.len() as f64;
    let mut q_values = vec![1.0; p_values.len()];
    let mut running = 1.0f64;
    for (rank, index) in order.iter().enumerate().rev() {
        running = running
            .min(p_values[*index] * tests / (rank + 1) as f64)
            .min(1.0);
        q_values[*index] = running;
    }
    q_values
}

/// `x` rounded to `places` decimals, for figures people read.
pub(crate) fn round(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

/// P(Z >= z) for a standard normal Z (Abramowitz and Stegun 7.1.26, error below 1.5e-7).
pub(crate) fn normal_upper_tail(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    let erfc = |x: f64| {
        let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
        let poly = t
            * (0.254_829_592
                + t * (-0.284_496_736
                    + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
        let value = poly * (-x * x).exp();
        if x >= 0.0 {
            value
        } else {
            2.0 - value
        }
    };
    (erfc(x) / 2.0).clamp(0.0, 1.0)
}

/// A p-value to three significant figures (so 0.000123 stays readable).
pub(crate) fn significant_figures(p: f64) -> f64 {
    format!("{p:.2e}").parse().unwrap_or(p)
}
