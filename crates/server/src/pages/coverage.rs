//! The "who has been heard" page, rendered from the URL's query string exactly as
//! coverage.js reads it (by, segment, theme, kind, from, to, gap_below), by the table
//! `/api/coverage` answers with (asked with the query coverage.js sends, so it is
//! suppressed exactly as the API publishes it), and its lists by `/api/facets`'s.
//! Without JavaScript it is one GET form with "Apply filters"; the heat map is the same
//! HTML table the script draws, each cell linking to its search.

use super::dates::{read_filter_dates, DateRange};
use super::search::thousands;
use super::{
    facet_values, insight_kinds, resolve_values, search_href, select_options, sentence, with_query,
    AnalysisPage, SelectOption,
};
use crate::caller::Caller;
use crate::routes::run_coverage;
use crate::wire::TaxonomyValueJson;
use crate::AppState;
use axum::extract::{Extension, RawQuery, State};
use axum::response::Response;
use insight_index::{Coverage, CoverageBy, CoverageRow, Shown};
use serde::Serialize;

/// The list filters, in the form's order.
const SELECTS: [&str; 3] = ["segment", "theme", "kind"];
/// The fields an error can be about, the default first (as coverage.js points them).
const FIELDS: &[&str] = &["#segment", "#theme", "#kind"];
/// Heat levels by passages: the lower bound of each level above 0 (as coverage.js).
const LEVELS: [(u64, &str); 5] = [
    (1, "1 to 4"),
    (5, "5 to 19"),
    (20, "20 to 99"),
    (100, "100 to 499"),
    (500, "500 or more"),
];

/// The page's state as the URL gives it.
#[derive(Debug, Clone, Default)]
struct CoverageQuery {
    by: String,
    /// segment, theme and kind, in [`SELECTS`] order.
    selects: [String; 3],
    from: String,
    to: String,
    gap_below: String,
}

impl CoverageQuery {
    /// The state, and the dates as typed (their parts, or `from` and `to`).
    fn read(raw: Option<&str>) -> (Self, DateRange) {
        let (pairs, dates) = read_filter_dates(raw);
        let mut query = CoverageQuery {
            from: dates.from.iso.clone(),
            to: dates.to.iso.clone(),
            ..Default::default()
        };
        for (key, value) in pairs {
            match key.as_str() {
                "by" => query.by = value,
                "gap_below" => query.gap_below = value,
                name => {
                    if let Some(i) = SELECTS.iter().position(|s| *s == name) {
                        query.selects[i] = value;
                    }
                }
            }
        }
        // by segment, the segments are the columns: no segment filter
        if query.by_segment() {
            query.selects[0].clear();
        }
        (query, dates)
    }

    fn by_segment(&self) -> bool {
        self.by == "segment"
    }

    /// The filters shared by the page, the API and the cells' search links.
    fn filter_pairs(&self) -> Vec<(&str, &str)> {
        super::filter_pairs(&SELECTS, &self.selects, &self.from, &self.to)
    }

    /// The `/api/coverage` query string coverage.js sends for this state.
    fn api_query(&self) -> String {
        let mut pairs = self.filter_pairs();
        pairs.push((
            "by",
            if self.by.is_empty() {
                "place"
            } else {
                &self.by
            },
        ));
        if !self.gap_below.is_empty() {
            pairs.push(("gap_below", &self.gap_below));
        }
        super::query_string(pairs)
    }

    /// "Clear all filters": the same columns, no filters.
    fn clear_href(&self) -> String {
        let by = self.by_segment().then_some(("by", "segment"));
        with_query("/coverage.html", by)
    }
}

#[derive(Serialize)]
struct Form {
    by_segment: bool,
    segments: Vec<SelectOption>,
    themes: Vec<SelectOption>,
    kinds: Vec<SelectOption>,
    filtered: bool,
    clear_href: String,
}

#[derive(Serialize)]
struct CellView {
    column: String,
    /// What screen readers hear first: "Carers, Leeds: ".
    said: String,
    passages: Shown,
    sources: Shown,
    /// The raw values, for the data attributes (as the API writes them).
    passages_text: String,
    sources_text: String,
    level: String,
    gap: bool,
    gap_words: Option<String>,
    href: Option<String>,
}

#[derive(Serialize)]
struct RowView {
    community: String,
    equality: bool,
    indent: usize,
    /// The group of a value under another ("Age band" of "Age band/18-24"), said first.
    group: Option<String>,
    label: String,
    cells: Vec<CellView>,
    total: CellView,
}

#[derive(Serialize)]
struct UnheardView {
    column: String,
    label: String,
    count: usize,
    communities: Vec<(String, String)>,
}

#[derive(Serialize)]
struct Results {
    word: &'static str,
    words: &'static str,
    columns: Vec<(String, String, String)>,
    rows: Vec<RowView>,
    equality_rows: Vec<RowView>,
    equality_linked: bool,
    gap_threshold: u64,
    suppression_threshold: u64,
    levels: Vec<&'static str>,
    unheard: Vec<UnheardView>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Response {
    let (mut asked, dates) = CoverageQuery::read(raw.as_deref());
    let facets = facet_values(&state, &caller).await;
    let values = |name: &str| facets.get(name).map(Vec::as_slice).unwrap_or_default();
    resolve_values(&facets, &SELECTS, &mut asked.selects);
    let last = |v: &TaxonomyValueJson| v.label.clone();
    let form = Form {
        by_segment: asked.by_segment(),
        segments: select_options(values("segment"), &asked.selects[0], last),
        themes: select_options(values("theme"), &asked.selects[1], last),
        kinds: select_options(values("kind"), &asked.selects[2], |v| sentence(&v.value)),
        filtered: !asked.filter_pairs().is_empty(),
        clear_href: asked.clear_href(),
    };
    let page = AnalysisPage::new("coverage", form, dates);
    if page.dates_wrong() {
        return page.dates_refused("The table could not be made");
    }
    let coverage = match run_coverage(&state, caller, Some(&asked.api_query())).await {
        Ok((coverage, _)) => coverage,
        Err(error) => return page.refused(&error, FIELDS, "The table could not be made"),
    };
    let kinds = insight_kinds(facets.get("kind"));
    let searchable = |row: &CoverageRow| {
        !row.equality || values("community").iter().any(|v| v.value == row.community)
    };
    let results = results(&asked, &coverage, &kinds, searchable);
    page.answer(summary(&coverage), results)
}

fn words(by: CoverageBy) -> (&'static str, &'static str) {
    match by {
        CoverageBy::Place => ("place", "places"),
        CoverageBy::Segment => ("segment", "segments"),
    }
}

fn summary(coverage: &Coverage) -> String {
    let (word, _) = words(coverage.by);
    let main: Vec<&CoverageRow> = coverage.rows.iter().filter(|r| !r.equality).collect();
    let gaps: usize = main
        .iter()
        .map(|r| r.cells.iter().filter(|c| c.gap).count())
        .sum();
    let mut unheard: Vec<&String> = coverage.unheard.values().flatten().collect();
    unheard.sort();
    unheard.dedup();
    format!(
        "{} communities of interest by {word}: {} (fewer than {} passages), and {} not heard from in at least one {word}.",
        thousands(main.len()),
        if gaps == 1 { "1 gap".to_string() } else { format!("{} gaps", thousands(gaps)) },
        thousands(coverage.gap_threshold as usize),
        if unheard.len() == 1 {
            "1 community".to_string()
        } else {
            format!("{} communities", thousands(unheard.len()))
        },
    )
}

/// The heat level of a count (as coverage.js's heatLevel): "0" for none, "1" to "5" by
/// size, "1" for "<N" (from 1 to N-1), "hidden" for "[c]".
fn heat_level(count: Shown) -> String {
    match count {
        Shown::Count(n) => LEVELS
            .iter()
            .filter(|(min, _)| n >= *min)
            .count()
            .to_string(),
        Shown::Hidden { primary: true, .. } => "1".into(),
        Shown::Hidden { primary: false, .. } => "hidden".into(),
    }
}

/// What a gap means: fewer passages than the threshold, or a hidden count.
fn gap_words(passages: Shown, threshold: u64) -> String {
    match passages {
        Shown::Hidden { primary: false, .. } => {
            "Gap: the number is hidden, so it is counted as a gap".into()
        }
        _ => format!("Gap: fewer than {threshold} passages"),
    }
}

/// The last part of a column ("West Yorkshire/Leeds" -> "Leeds").
fn last_part(value: &str) -> String {
    value.rsplit('/').next().unwrap_or(value).to_string()
}

fn results(
    asked: &CoverageQuery,
    coverage: &Coverage,
    kinds: &[String],
    searchable: impl Fn(&CoverageRow) -> bool,
) -> Results {
    let (word, words) = words(coverage.by);
    let cell_href = |row: &CoverageRow, column: Option<&str>| {
        searchable(row).then(|| {
            let mut pairs = vec![("community", row.community.as_str())];
            pairs.extend(asked.filter_pairs());
            if let Some(column) = column {
                pairs.push((word, column));
            }
            search_href(&pairs, kinds)
        })
    };
    let row_view = |row: &CoverageRow| {
        let parts: Vec<&str> = row.community.split('/').collect();
        let name = if row.depth > 1 {
            super::search::tag_label("community", &row.community)
        } else {
            row.label.clone()
        };
        let cells = row
            .cells
            .iter()
            .map(|cell| CellView {
                said: format!("{name}, {}: ", last_part(&cell.column)),
                passages: cell.passages,
                sources: cell.sources,
                passages_text: cell.passages.display(),
                sources_text: cell.sources.display(),
                level: heat_level(cell.passages),
                gap: cell.gap,
                gap_words: cell
                    .gap
                    .then(|| gap_words(cell.passages, coverage.gap_threshold)),
                href: cell_href(row, Some(&cell.column)),
                column: cell.column.clone(),
            })
            .collect();
        RowView {
            community: row.community.clone(),
            equality: row.equality,
            indent: row.depth.saturating_sub(1),
            group: (row.depth > 1 && parts.len() > 1).then(|| parts[parts.len() - 2].to_string()),
            label: if row.label.is_empty() {
                last_part(&row.community)
            } else {
                row.label.clone()
            },
            cells,
            total: CellView {
                column: String::new(),
                said: format!("{name}, all: "),
                passages: row.total_passages,
                sources: row.total_sources,
                passages_text: row.total_passages.display(),
                sources_text: row.total_sources.display(),
                level: String::new(),
                gap: false,
                gap_words: None,
                href: cell_href(row, None),
            },
        }
    };
    let rows: Vec<RowView> = coverage
        .rows
        .iter()
        .filter(|r| !r.equality)
        .map(row_view)
        .collect();
    let equality: Vec<&CoverageRow> = coverage.rows.iter().filter(|r| r.equality).collect();
    Results {
        word,
        words,
        columns: coverage
            .columns
            .iter()
            .map(|c| (c.clone(), last_part(c), c.replace('/', " › ")))
            .collect(),
        rows,
        equality_linked: equality.iter().any(|row| searchable(row)),
        equality_rows: equality.into_iter().map(row_view).collect(),
        gap_threshold: coverage.gap_threshold,
        suppression_threshold: coverage.suppression_threshold,
        levels: LEVELS.iter().map(|(_, label)| *label).collect(),
        unheard: coverage
            .columns
            .iter()
            .map(|column| {
                let list = coverage.unheard.get(column).cloned().unwrap_or_default();
                UnheardView {
                    column: column.clone(),
                    label: last_part(column),
                    count: list.len(),
                    communities: list
                        .into_iter()
                        .map(|c| (super::search::tag_label("community", &c), c))
                        .collect(),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_reads_as_coverage_js_writes_it() {
        let (asked, _) = CoverageQuery::read(Some(
            "by=segment&segment=Frailty&theme=Discharge&kind=&from=2024-01-01&gap_below=3&q=x",
        ));
        assert_eq!(
            asked.api_query(),
            "theme=Discharge&from=2024-01-01&by=segment&gap_below=3"
        );
        assert_eq!(asked.clear_href(), "/coverage.html?by=segment");
        let (plain, _) = CoverageQuery::read(Some("segment=Frailty"));
        assert_eq!(plain.api_query(), "segment=Frailty&by=place");
        assert_eq!(plain.clear_href(), "/coverage.html");
    }

    #[test]
    fn heat_levels_and_gaps_read_as_the_script_shows_them() {
        let small = Shown::Hidden {
            primary: true,
            threshold: 5,
        };
        let hidden = Shown::Hidden {
            primary: false,
            threshold: 5,
        };
        let levels: Vec<String> = [
            Shown::Count(0),
            Shown::Count(4),
            Shown::Count(20),
            Shown::Count(900),
            small,
            hidden,
        ]
        .into_iter()
        .map(heat_level)
        .collect();
        assert_eq!(levels, ["0", "1", "3", "5", "1", "hidden"]);
        assert_eq!(gap_words(small, 5), "Gap: fewer than 5 passages");
        assert!(gap_words(hidden, 5).contains("hidden"));
    }
}
