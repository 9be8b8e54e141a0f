//! The emerging themes page, rendered from the URL's query string exactly as insights.js
//! reads it (place, segment, community, from, to, interval, `show` repeated, min_count),
//! by the trends and new topics `/api/trends` and `/api/topics` answer with (asked with
//! the query insights.js sends), and its lists by `/api/facets`'s. Without JavaScript it
//! is one GET form with "Apply filters"; the rising themes, those held back and the new
//! topics are tables and lists with their figures, and the passages over time a table
//! of the themes ticked (the script draws the chart from the same numbers).

use super::dates::{read_filter_dates, DateRange};
use super::search::{tag_label, thousands};
use super::{
    facet_values, insight_kinds, problem, query_string, resolve_values, search_href,
    select_options, with_query, AnalysisPage, Checkbox, SelectOption,
};
use crate::caller::Caller;
use crate::routes::{run_topics, run_trends};
use crate::AppState;
use axum::extract::{Extension, RawQuery, State};
use axum::response::Response;
use insight_index::{Interval, NewTopics, Trends};
use serde::Serialize;

/// The list filters, in the form's order.
const FILTERS: [&str; 3] = ["place", "segment", "community"];
const INTERVALS: &[(&str, &str)] = &[("quarter", "Quarter"), ("year", "Year"), ("month", "Month")];
const DEFAULT_INTERVAL: &str = "quarter";
/// Top-level themes drawn at first.
const DEFAULT_THEMES: usize = 6;
/// The fields an error can be about, the default first (as insights.js points them).
const FIELDS: &[&str] = &["#place", "#community", "#segment", "#interval"];

/// The page's state as the URL gives it.
#[derive(Debug, Clone, Default)]
struct InsightsQuery {
    /// place, segment and community, in [`FILTERS`] order.
    filters: [String; 3],
    from: String,
    to: String,
    interval: String,
    /// The themes ticked; `None` for the default ones.
    show: Option<Vec<String>>,
    min_count: String,
}

impl InsightsQuery {
    /// The state, and the dates as typed (their parts, or `from` and `to`).
    fn read(raw: Option<&str>) -> (Self, DateRange) {
        let (pairs, dates) = read_filter_dates(raw);
        let mut query = InsightsQuery {
            from: dates.from.iso.clone(),
            to: dates.to.iso.clone(),
            ..Default::default()
        };
        for (key, value) in pairs {
            match key.as_str() {
                "interval" => query.interval = value,
                "min_count" => query.min_count = value,
                "show" => {
                    let show = query.show.get_or_insert_with(Vec::new);
                    if !value.is_empty() && !show.contains(&value) {
                        show.push(value);
                    }
                }
                name => {
                    if let Some(i) = FILTERS.iter().position(|f| *f == name) {
                        query.filters[i] = value;
                    }
                }
            }
        }
        (query, dates)
    }

    /// The interval asked for, or the page's default.
    fn interval(&self) -> &str {
        if self.interval.is_empty() {
            DEFAULT_INTERVAL
        } else {
            &self.interval
        }
    }

    /// The filters with a value, then the dates: what links to the search carry.
    fn filter_pairs(&self) -> Vec<(&str, &str)> {
        super::filter_pairs(&FILTERS, &self.filters, &self.from, &self.to)
    }

    /// The `/api/trends` and `/api/topics` query string insights.js sends for this state.
    fn api_query(&self) -> String {
        let mut pairs = self.filter_pairs();
        pairs.push(("interval", self.interval()));
        if !self.min_count.is_empty() {
            pairs.push(("min_count", &self.min_count));
        }
        query_string(pairs)
    }

    /// "Clear all filters": the same interval and themes, no filters.
    fn clear_href(&self) -> String {
        let mut pairs = Vec::new();
        if self.interval() != DEFAULT_INTERVAL {
            pairs.push(("interval", self.interval()));
        }
        for theme in self.show.iter().flatten() {
            pairs.push(("show", theme.as_str()));
        }
        with_query("/insights.html", pairs)
    }
}

#[derive(Serialize)]
struct Form {
    places: Vec<SelectOption>,
    segments: Vec<SelectOption>,
    communities: Vec<SelectOption>,
    intervals: Vec<SelectOption>,
    filtered: bool,
    clear_href: String,
}

#[derive(Serialize)]
struct EmergingRow {
    theme: String,
    name: String,
    href: String,
    count: u64,
    sources: u64,
    respondents: u64,
    share: f64,
    baseline_share: f64,
    change_points: f64,
    q_value: f64,
    share_text: String,
    baseline_text: String,
    change_text: String,
    q_text: String,
}

#[derive(Serialize)]
struct HeldBackItem {
    name: String,
    href: String,
    why: String,
}

#[derive(Serialize)]
struct TopicItem {
    word: String,
    /// The phrase it is mostly written in, else the word.
    name: String,
    href: String,
    figures: String,
    examples: String,
    taxonomy_toml: String,
}

#[derive(Serialize)]
struct TableRow {
    period: String,
    label: String,
    total: u64,
    counts: Vec<u64>,
}

/// One period of the negative share: per theme drawn, "34.2% of 120" where at least
/// `min_count` passages were judged, "–" where fewer.
#[derive(Serialize)]
struct SentimentRow {
    period: String,
    label: String,
    cells: Vec<String>,
}

#[derive(Serialize)]
struct Results {
    periods: usize,
    unit: &'static str,
    /// The latest period and its baseline, in words (empty without two periods).
    latest: String,
    baseline: String,
    min_count: u64,
    min_sources: u64,
    emerging_period: String,
    emerging: Vec<EmergingRow>,
    no_emerging: Option<String>,
    held_back: Vec<HeldBackItem>,
    topics: Vec<TopicItem>,
    no_topics: Option<String>,
    topics_error: Option<String>,
    choices: Vec<Checkbox>,
    drawn: Vec<(String, String)>,
    table: Vec<TableRow>,
    /// The negative share over time for the themes drawn; empty when the learned model
    /// judged no passage (no model beside the taxonomy).
    sentiment: Vec<SentimentRow>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Response {
    let (mut asked, dates) = InsightsQuery::read(raw.as_deref());
    let facets = facet_values(&state, &caller).await;
    let values = |name: &str| facets.get(name).map(Vec::as_slice).unwrap_or_default();
    resolve_values(&facets, &FILTERS, &mut asked.filters);
    let label = |facet: &'static str| {
        move |v: &crate::wire::TaxonomyValueJson| {
            if facet == "community" && v.depth > 1 {
                tag_label(facet, &v.value)
            } else {
                v.label.clone()
            }
        }
    };
    let form = Form {
        places: select_options(values("place"), &asked.filters[0], label("place")),
        segments: select_options(values("segment"), &asked.filters[1], label("segment")),
        communities: select_options(values("community"), &asked.filters[2], label("community")),
        intervals: INTERVALS
            .iter()
            .map(|(value, label)| SelectOption {
                value: value.to_string(),
                label: label.to_string(),
                title: None,
                selected: *value == asked.interval(),
            })
            .collect(),
        filtered: !asked.filter_pairs().is_empty(),
        clear_href: asked.clear_href(),
    };
    let page = AnalysisPage::new("insights", form, dates);
    if page.dates_wrong() {
        return page.dates_refused("The themes could not be counted");
    }
    let query = asked.api_query();
    let (trends, topics) = tokio::join!(
        run_trends(&state, caller.clone(), Some(&query)),
        run_topics(&state, caller, Some(&query))
    );
    let trends = match trends {
        Ok(trends) => trends,
        Err(error) => return page.refused(&error, FIELDS, "The themes could not be counted"),
    };
    let topics = topics.map_err(|error| problem(&error, "#topics").1.text);
    let kinds = insight_kinds(facets.get("kind"));
    let theme_order: Vec<&str> = values("theme").iter().map(|v| v.value.as_str()).collect();
    let results = results(&asked, &trends, topics, &kinds, &theme_order);
    page.answer(summary(&trends), results)
}

fn unit(interval: Interval) -> &'static str {
    match interval {
        Interval::Year => "year",
        Interval::Quarter => "quarter",
        Interval::Month => "month",
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A period as people read it (as insights.js's periodLabel): "2024-Q1" -> "Jan to Mar
/// 2024", "2024-03" -> "March 2024", "2024" -> "2024"; anything else as it is.
fn period_label(period: &str) -> String {
    let number = |text: &str| text.parse::<usize>().ok();
    if let Some((year, quarter)) = period.split_once("-Q") {
        if let (Some(_), Some(q @ 1..=4)) = (number(year), number(quarter)) {
            let first = (q - 1) * 3;
            return format!(
                "{} to {} {year}",
                &MONTHS[first][..3],
                &MONTHS[first + 2][..3]
            );
        }
    } else if let Some((year, month)) = period.split_once('-') {
        if let (Some(_), Some(m @ 1..=12), 2) = (number(year), number(month), month.len()) {
            return format!("{} {year}", MONTHS[m - 1]);
        }
    }
    period.to_string()
}

/// Every period from the first to the last, with those the API left out (no dated
/// passages) in between, each with its index in the API's list (as insights.js's
/// evenPeriods), so that the table has no holes.
fn even_periods(periods: &[String], interval: Interval) -> Vec<(String, Option<usize>)> {
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Vec::new();
    };
    let mut all = Vec::new();
    let mut period = first.clone();
    while all.len() < 2000 {
        let index = periods.iter().position(|p| *p == period);
        let done = period == *last;
        all.push((period.clone(), index));
        if done {
            return all;
        }
        period = interval.next(&period);
    }
    // labels the interval did not make: the API's periods as they are
    periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.clone(), Some(i)))
        .collect()
}

fn summary(trends: &Trends) -> String {
    let periods = &trends.periods;
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return "No dated passages of insight match these filters.".into();
    };
    let unit = unit(trends.interval);
    let mut text = if periods.len() == 1 {
        format!(
            "Passages dated in {}, counted by {unit}. ",
            period_label(first)
        )
    } else {
        format!(
            "Passages dated from {} to {}, counted by {unit}. ",
            period_label(first),
            period_label(last)
        )
    };
    text.push_str(&match trends.emerging.len() {
        0 => "No theme is emerging.".to_string(),
        1 => "1 theme is emerging.".to_string(),
        n => format!("{} themes are emerging.", thousands(n)),
    });
    text
}

/// A share as a percentage with one decimal.
fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// q (or p) as a reader takes it in: "< 0.001" below that, else three decimals.
fn chance(q: f64) -> String {
    if q < 0.001 {
        "< 0.001".into()
    } else {
        format!("{q:.3}")
    }
}

/// A change in percentage points with its sign ("+2.5", "−1.0").
fn points(change: f64) -> String {
    let text = format!("{:.1}", change.abs());
    if change > 0.0 {
        format!("+{text}")
    } else if change < 0.0 {
        format!("−{text}")
    } else {
        text
    }
}

fn theme_name(theme: &str) -> String {
    theme.replace('/', " › ")
}

fn results(
    asked: &InsightsQuery,
    trends: &Trends,
    topics: Result<NewTopics, String>,
    kinds: &[String],
    theme_order: &[&str],
) -> Results {
    let periods = &trends.periods;
    let latest = periods.last().map(|p| period_label(p)).unwrap_or_default();
    let baseline = &periods[periods.len().saturating_sub(5)..periods.len().saturating_sub(1)];
    let baseline = match baseline {
        [] => String::new(),
        [one] => period_label(one),
        [first, .., last] => format!("{} to {}", period_label(first), period_label(last)),
    };
    let theme_href = |theme: &str| {
        let mut pairs = vec![("theme", theme)];
        pairs.extend(asked.filter_pairs());
        search_href(&pairs, kinds)
    };
    let (min_count, min_sources) = (
        thousands(trends.min_count as usize),
        thousands(trends.min_sources as usize),
    );
    let no_emerging = trends.emerging.is_empty().then(|| {
        if periods.len() < 2 {
            "There is only one period with dated passages, so there is nothing to compare it with.".to_string()
        } else {
            format!("No theme with at least {min_count} passages from {min_sources} sources in {latest} rose by more than chance against {baseline}.")
        }
    });
    let emerging = trends
        .emerging
        .iter()
        .map(|row| EmergingRow {
            theme: row.theme.clone(),
            name: theme_name(&row.theme),
            href: theme_href(&row.theme),
            count: row.count,
            sources: row.sources,
            respondents: row.respondents,
            share: row.share,
            baseline_share: row.baseline_share,
            change_points: row.change_points,
            q_value: row.q_value,
            share_text: percent(row.share),
            baseline_text: percent(row.baseline_share),
            change_text: points(row.change_points),
            q_text: chance(row.q_value),
        })
        .collect();
    let held_back = trends
        .held_back
        .iter()
        .map(|held| {
            let figures = &held.figures;
            HeldBackItem {
                name: theme_name(&figures.theme),
                href: theme_href(&figures.theme),
                why: if held.reason == "sources" {
                    format!(
                        " ({} passages from {} {})",
                        thousands(figures.count as usize),
                        thousands(figures.sources as usize),
                        if figures.sources == 1 {
                            "source"
                        } else {
                            "sources"
                        }
                    )
                } else {
                    format!(" (within chance: q = {})", chance(figures.q_value))
                },
            }
        })
        .collect();
    let (drawn, choices, table) = over_time(asked, trends, theme_order);
    let sentiment = sentiment_over_time(&drawn, trends);
    let mut results = Results {
        periods: periods.len(),
        unit: unit(trends.interval),
        latest,
        baseline,
        min_count: trends.min_count,
        min_sources: trends.min_sources,
        emerging_period: trends
            .emerging
            .first()
            .map(|e| period_label(&e.period))
            .unwrap_or_default(),
        emerging,
        no_emerging,
        held_back,
        topics: Vec::new(),
        no_topics: None,
        topics_error: None,
        choices,
        drawn,
        table,
        sentiment,
    };
    match topics {
        Ok(topics) => {
            (results.topics, results.no_topics) = topic_items(asked, &topics, kinds);
        }
        Err(message) => {
            results.topics_error = Some(format!("New topics could not be found: {message}"))
        }
    }
    results
}

fn topic_items(
    asked: &InsightsQuery,
    topics: &NewTopics,
    kinds: &[String],
) -> (Vec<TopicItem>, Option<String>) {
    let period = topics
        .period
        .as_deref()
        .map(period_label)
        .unwrap_or_default();
    if topics.topics.is_empty() {
        let why = if topics.period.is_some() {
            format!(
                "No word outside the taxonomy rose by more than chance in {period}, with at least {} passages from {} sources.",
                thousands(topics.min_count as usize),
                thousands(topics.min_sources as usize)
            )
        } else {
            "There are not two periods with dated passages to compare.".to_string()
        };
        return (Vec::new(), Some(why));
    }
    let search = search_href(&asked.filter_pairs(), kinds);
    let items = topics
        .topics
        .iter()
        .map(|topic| TopicItem {
            word: topic.word.clone(),
            name: topic.name().to_string(),
            href: format!("{search}&{}", query_string([("q", topic.name())])),
            figures: format!(
                " – {} passages from {} sources in {period} ({} of passages, against {} before; q {}{}). For example in: ",
                thousands(topic.count as usize),
                thousands(topic.sources as usize),
                percent(topic.share),
                percent(topic.baseline_share),
                if topic.q_value < 0.001 { "" } else { "= " },
                chance(topic.q_value)
            ),
            examples: topic
                .examples
                .iter()
                .map(|e| e.title.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            taxonomy_toml: topic.taxonomy_toml.clone(),
        })
        .collect();
    (items, None)
}

/// The themes drawn: those ticked in the URL, else the six top-level themes with the
/// most passages (as insights.js chooses them); only themes the trends counted.
fn drawn_themes(asked: &InsightsQuery, trends: &Trends) -> Vec<String> {
    let available = |theme: &String| trends.themes.iter().any(|t| t.theme == *theme);
    if let Some(show) = &asked.show {
        return show.iter().filter(|t| available(t)).cloned().collect();
    }
    let mut ranked: Vec<(&str, u64)> = trends
        .themes
        .iter()
        .filter(|t| !t.theme.contains('/'))
        .map(|t| (t.theme.as_str(), t.counts.iter().sum()))
        .filter(|(_, rank)| *rank > 0 || trends.themes.len() <= DEFAULT_THEMES)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    ranked
        .into_iter()
        .take(DEFAULT_THEMES)
        .map(|(theme, _)| theme.to_string())
        .collect()
}

/// The passages over time: the themes drawn (theme, name), the choice of themes in
/// taxonomy order, and one row per period with the total and each drawn theme's count.
fn over_time(
    asked: &InsightsQuery,
    trends: &Trends,
    theme_order: &[&str],
) -> (Vec<(String, String)>, Vec<Checkbox>, Vec<TableRow>) {
    let drawn = drawn_themes(asked, trends);
    let mut themes: Vec<&str> = trends.themes.iter().map(|t| t.theme.as_str()).collect();
    let position = |theme: &str| {
        theme_order
            .iter()
            .position(|t| *t == theme)
            .unwrap_or(usize::MAX)
    };
    themes.sort_by(|a, b| position(a).cmp(&position(b)).then_with(|| a.cmp(b)));
    let min_depth = themes
        .iter()
        .map(|t| t.split('/').count())
        .min()
        .unwrap_or(1);
    let choices = themes
        .iter()
        .enumerate()
        .map(|(i, theme)| {
            let indent = theme.split('/').count() - min_depth;
            let checked = drawn.iter().any(|d| d == theme);
            Checkbox::new(format!("show-{i}"), theme, indent, checked)
        })
        .collect();
    let series: Vec<&Vec<u64>> = drawn_series(drawn.iter(), trends)
        .map(|t| &t.counts)
        .collect();
    let at =
        |list: &[u64], index: Option<usize>| index.and_then(|i| list.get(i)).copied().unwrap_or(0);
    let table = even_periods(&trends.periods, trends.interval)
        .into_iter()
        .map(|(period, index)| TableRow {
            label: period_label(&period),
            total: at(&trends.totals, index),
            counts: series.iter().map(|counts| at(counts, index)).collect(),
            period,
        })
        .collect();
    let drawn = drawn.into_iter().map(|t| (theme_name(&t), t)).collect();
    (drawn, choices, table)
}

/// The trends' series of the themes drawn, in their order.
fn drawn_series<'a>(
    drawn: impl Iterator<Item = &'a String>,
    trends: &'a Trends,
) -> impl Iterator<Item = &'a insight_index::ThemeSeries> {
    drawn.filter_map(|theme| trends.themes.iter().find(|t| t.theme == *theme))
}

/// The share of negative comments per period for the themes drawn, as the API gives it
/// (`negative_share`, null where fewer than `min_count` passages were judged).
fn sentiment_over_time(drawn: &[(String, String)], trends: &Trends) -> Vec<SentimentRow> {
    let series: Vec<&insight_index::ThemeSeries> =
        drawn_series(drawn.iter().map(|(_, theme)| theme), trends).collect();
    if !series.iter().any(|t| t.judged.iter().any(|j| *j > 0)) {
        return Vec::new();
    }
    even_periods(&trends.periods, trends.interval)
        .into_iter()
        .map(|(period, index)| SentimentRow {
            label: period_label(&period),
            cells: series
                .iter()
                .map(|t| {
                    negative_text(index.and_then(|i| Some((t.negative_share[i]?, t.judged[i]))))
                })
                .collect(),
            period,
        })
        .collect()
}

/// "34.2% of 120", or "–" (too few judged to give a share).
fn negative_text(share: Option<(f64, u64)>) -> String {
    match share {
        Some((share, judged)) => format!("{} of {}", percent(share), thousands(judged as usize)),
        None => "–".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_shares_read_with_their_base() {
        assert_eq!(negative_text(Some((0.342, 120))), "34.2% of 120");
        assert_eq!(negative_text(None), "–");
    }

    #[test]
    fn the_query_string_reads_as_insights_js_writes_it() {
        let (asked, _) = InsightsQuery::read(Some(
            "place=Leeds&community=Carers&interval=year&show=Access&show=&show=Access&min_count=3&from=2024-01-01&q=ignored",
        ));
        assert_eq!(
            asked.api_query(),
            "place=Leeds&community=Carers&from=2024-01-01&interval=year&min_count=3"
        );
        assert_eq!(asked.show, Some(vec!["Access".to_string()]));
        assert_eq!(
            asked.clear_href(),
            "/insights.html?interval=year&show=Access"
        );
        let (plain, _) = InsightsQuery::read(None);
        assert_eq!(plain.api_query(), "interval=quarter");
        assert_eq!(plain.clear_href(), "/insights.html");
        assert_eq!(plain.show, None);
    }

    #[test]
    fn periods_read_as_words_and_run_without_holes() {
        assert_eq!(period_label("2024-Q1"), "Jan to Mar 2024");
        assert_eq!(period_label("2024-03"), "March 2024");
        assert_eq!(period_label("2024"), "2024");
        assert_eq!(period_label("2024-Q7"), "2024-Q7");
        let periods = ["2024-Q3".to_string(), "2025-Q1".to_string()];
        let even = even_periods(&periods, Interval::Quarter);
        assert_eq!(
            even,
            [
                ("2024-Q3".to_string(), Some(0)),
                ("2024-Q4".to_string(), None),
                ("2025-Q1".to_string(), Some(1))
            ]
        );
        assert!(even_periods(&[], Interval::Year).is_empty());
        assert_eq!([chance(0.0004), chance(0.01234)], ["< 0.001", "0.012"]);
        assert_eq!(
            [points(2.46), points(-1.0), points(0.0)],
            ["+2.5", "−1.0", "0.0"]
        );
    }
}
