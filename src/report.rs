//! `insight report`: a short insight summary for a place and period that an officer can
//! put in a board paper: top and emerging themes, who has not been heard, and example
//! quotes with their sources, as Markdown, HTML or CSV. Equality-monitoring counts
//! appear only as the coverage table gives them (small numbers suppressed).

use insight_index::{CoverageBy, FacetField, InsightIndex, Interval, SearchRequest, Sort};
use std::fmt::Write as _;

/// The summary's content, independent of its format.
pub struct Report {
    pub title: String,
    pub passages: usize,
    pub sources: usize,
    /// (theme, passages)
    pub top_themes: Vec<(String, u64)>,
    /// The emerging themes with the figures behind each (see `insight_index::Emerging`).
    pub emerging: Vec<insight_index::Emerging>,
    /// New topics: rising words the taxonomy does not know (see `insight_index::NewTopic`).
    pub topics: Vec<insight_index::NewTopic>,
    /// Communities with no insight in the place.
    pub unheard: Vec<String>,
    /// Communities with fewer passages than the gap threshold (shown counts).
    pub thin: Vec<(String, String)>,
    /// (theme, quote, source)
    pub quotes: Vec<(String, String, String)>,
}

pub fn build(
    index: &InsightIndex,
    place: &str,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    suppress_below: u64,
    access: &insight_model::Access,
) -> insight_index::Result<Report> {
    let mut request = SearchRequest {
        from,
        to,
        limit: 1,
        access: access.clone(),
        ..Default::default()
    };
    request
        .filters
        .insert(FacetField::Place, vec![place.to_string()]);
    // insight only: what people said, not plans or records (the kinds the index holds:
    // a filter on a kind it lacks is refused)
    let present: Vec<String> = index
        .search(&insight_index::SearchRequest {
            access: access.clone(),
            limit: 1,
            ..Default::default()
        })?
        .facets
        .get("kind")
        .map(|counts| counts.iter().map(|c| c.value.clone()).collect())
        .unwrap_or_default();
    let held = |wanted: &[&str]| -> Vec<String> {
        wanted
            .iter()
            .filter(|kind| present.iter().any(|p| p == *kind))
            .map(|kind| kind.to_string())
            .collect()
    };
    let kinds = held(&[
        "engagement report",
        "consultation report",
        "survey",
        "workshop notes",
    ]);
    if kinds.is_empty() {
        return Err(insight_index::Error::InvalidRequest(
            "the index holds no insight (reports, surveys or workshop notes) to report on".into(),
        )
        .into());
    }
    let quote_kinds = held(&["survey", "workshop notes"]);
    request.filters.insert(FacetField::Kind, kinds);
    let mut grouped = request.clone();
    grouped.group_by_document = true;
    let results = index.search(&grouped)?;
    let resolved_place = results
        .filters
        .get("place")
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_else(|| place.to_string());
    let top_themes: Vec<(String, u64)> = results
        .facets
        .get("theme")
        .map(|counts| {
            counts
                .iter()
                .take(8)
                .map(|c| (c.value.clone(), c.count))
                .collect()
        })
        .unwrap_or_default();

    let trends = index.trends(
        &request,
        Interval::Quarter,
        insight_index::DEFAULT_MIN_TREND_COUNT,
        insight_index::DEFAULT_MIN_SOURCES,
    )?;
    let emerging = trends.emerging.iter().take(5).cloned().collect();
    let topics = index
        .new_topics(
            &request,
            Interval::Quarter,
            insight_index::DEFAULT_MIN_TREND_COUNT,
            insight_index::DEFAULT_MIN_SOURCES,
        )?
        .topics
        .into_iter()
        .take(5)
        .collect();

    // coverage of the place's communities over all places, to read its own column
    let mut everywhere = request.clone();
    everywhere.filters.remove(&FacetField::Place);
    let coverage = index.coverage(
        &everywhere,
        CoverageBy::Place,
        insight_index::DEFAULT_GAP_THRESHOLD,
        suppress_below,
    )?;
    let column = coverage
        .columns
        .iter()
        .position(|c| resolved_place == *c || resolved_place.starts_with(&format!("{c}/")));
    let mut unheard = Vec::new();
    let mut thin = Vec::new();
    if let Some(column) = column {
        for row in coverage.rows.iter().filter(|r| !r.equality) {
            let cell = &row.cells[column];
            match cell.passages.value() {
                Some(0) => unheard.push(row.community.clone()),
                _ if cell.gap => thin.push((row.community.clone(), cell.passages.display())),
                _ => {}
            }
        }
    }

    let mut quotes = Vec::new();
    for (theme, _) in top_themes.iter().filter(|(t, _)| !t.contains('/')).take(3) {
        let mut quote_request = request.clone();
        quote_request
            .filters
            .insert(FacetField::Theme, vec![theme.clone()]);
        if quote_kinds.is_empty() {
            break;
        }
        quote_request
            .filters
            .insert(FacetField::Kind, quote_kinds.clone());
        quote_request.sort = Sort::Newest;
        quote_request.limit = 2;
        for hit in index.search(&quote_request)?.hits {
            let text: String = hit.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let quote = if text.chars().count() > 280 {
                format!("{}...", text.chars().take(277).collect::<String>())
            } else {
                text
            };
            quotes.push((
                theme.clone(),
                quote,
                format!("{} ({}, {})", hit.title, hit.file, hit.locator),
            ));
        }
    }
    let period = match (from, to) {
        (Some(from), Some(to)) => format!("{from} to {to}"),
        (Some(from), None) => format!("from {from}"),
        (None, Some(to)) => format!("to {to}"),
        (None, None) => "all dates".into(),
    };
    Ok(Report {
        title: format!(
            "Insight summary: {}, {period}",
            resolved_place.rsplit('/').next().unwrap_or(&resolved_place)
        ),
        passages: results.total,
        sources: results.total_documents.unwrap_or(0),
        top_themes,
        emerging,
        topics,
        unheard,
        thin,
        quotes,
    })
}

pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", report.title);
    let _ = writeln!(
        out,
        "{} passages from {} sources (reports, surveys, workshop notes).\n",
        report.passages, report.sources
    );
    let _ = writeln!(out, "## Top themes\n\n| Theme | Passages |\n|---|---|");
    for (theme, count) in &report.top_themes {
        let _ = writeln!(out, "| {theme} | {count} |");
    }
    let _ = writeln!(out, "\n## Emerging themes\n");
    if report.emerging.is_empty() {
        let _ = writeln!(
            out,
            "No theme rose significantly in the latest quarter with at least {} passages from {} sources.",
            insight_index::DEFAULT_MIN_TREND_COUNT,
            insight_index::DEFAULT_MIN_SOURCES
        );
    }
    for e in &report.emerging {
        let _ = writeln!(out, "- **{}**: {}", e.theme, evidence(e));
    }
    if !report.emerging.is_empty() {
        let _ = writeln!(out, "\n{METHOD}");
    }
    if !report.topics.is_empty() {
        let _ = writeln!(out, "\n## New topics\n\n{TOPICS}\n");
        for t in &report.topics {
            let _ = writeln!(out, "- **{}**: {}", t.name(), topic_evidence(t));
        }
    }
    let _ = writeln!(out, "\n## Who has not been heard\n");
    if report.unheard.is_empty() && report.thin.is_empty() {
        let _ = writeln!(out, "Every community of the taxonomy has been heard here.");
    }
    if !report.unheard.is_empty() {
        let _ = writeln!(
            out,
            "No insight at all from: {}.\n",
            report.unheard.join("; ")
        );
    }
    if !report.thin.is_empty() {
        let thin: Vec<String> = report
            .thin
            .iter()
            .map(|(c, n)| format!("{c} ({n})"))
            .collect();
        let _ = writeln!(
            out,
            "Fewer than {} passages from: {}.",
            insight_index::DEFAULT_GAP_THRESHOLD,
            thin.join("; ")
        );
    }
    let _ = writeln!(out, "\n## What people said\n");
    for (theme, quote, source) in &report.quotes {
        let _ = writeln!(out, "> \"{quote}\"\n>\n> {theme}; {source}\n");
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn html(report: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{0}</title>\n<style>body{{font-family:Arial,sans-serif;max-width:50em;margin:2em auto;color:#212b32}}table{{border-collapse:collapse}}td,th{{border:1px solid #d8dde0;padding:.3em .6em;text-align:left}}blockquote{{border-left:4px solid #005eb8;margin:1em 0;padding:.2em 1em}}</style></head><body>\n<h1>{0}</h1>\n<p>{1} passages from {2} sources (reports, surveys, workshop notes).</p>\n",
        escape(&report.title),
        report.passages,
        report.sources
    );
    let _ = writeln!(out, "<h2>Top themes</h2>\n<table><thead><tr><th>Theme</th><th>Passages</th></tr></thead><tbody>");
    for (theme, count) in &report.top_themes {
        let _ = writeln!(out, "<tr><td>{}</td><td>{count}</td></tr>", escape(theme));
    }
    let _ = writeln!(out, "</tbody></table>\n<h2>Emerging themes</h2>\n<ul>");
    for e in &report.emerging {
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>: {}</li>",
            escape(&e.theme),
            escape(&evidence(e))
        );
    }
    let _ = writeln!(out, "</ul>");
    if !report.emerging.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(METHOD));
    }
    if !report.topics.is_empty() {
        let _ = writeln!(out, "<h2>New topics</h2>\n<p>{}</p>\n<ul>", escape(TOPICS));
        for t in &report.topics {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong>: {}</li>",
                escape(t.name()),
                escape(&topic_evidence(t))
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "<h2>Who has not been heard</h2>");
    if !report.unheard.is_empty() {
        let _ = writeln!(
            out,
            "<p>No insight at all from: {}.</p>",
            escape(&report.unheard.join("; "))
        );
    }
    if !report.thin.is_empty() {
        let thin: Vec<String> = report
            .thin
            .iter()
            .map(|(c, n)| format!("{c} ({n})"))
            .collect();
        let _ = writeln!(
            out,
            "<p>Fewer than {} passages from: {}.</p>",
            insight_index::DEFAULT_GAP_THRESHOLD,
            escape(&thin.join("; "))
        );
    }
    let _ = writeln!(out, "<h2>What people said</h2>");
    for (theme, quote, source) in &report.quotes {
        let _ = writeln!(
            out,
            "<blockquote><p>\u{201c}{}\u{201d}</p><footer>{}; {}</footer></blockquote>",
            escape(quote),
            escape(theme),
            escape(source)
        );
    }
    out.push_str("</body></html>\n");
    out
}

pub fn csv(report: &Report) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let mut rows: Vec<[String; 4]> = vec![[
        "section".into(),
        "item".into(),
        "value".into(),
        "detail".into(),
    ]];
    rows.push([
        "summary".into(),
        "passages".into(),
        report.passages.to_string(),
        String::new(),
    ]);
    rows.push([
        "summary".into(),
        "sources".into(),
        report.sources.to_string(),
        String::new(),
    ]);
    rows.extend(
        report
            .top_themes
            .iter()
            .map(|(t, c)| ["top theme".into(), t.clone(), c.to_string(), String::new()]),
    );
    rows.extend(report.emerging.iter().map(|e| {
        [
            "emerging theme".into(),
            e.theme.clone(),
            e.count.to_string(),
            evidence(e),
        ]
    }));
    rows.extend(report.topics.iter().map(|t| {
        [
            "new topic".into(),
            t.name().to_string(),
            t.count.to_string(),
            topic_evidence(t),
        ]
    }));
    rows.extend(
        report
            .unheard
            .iter()
            .map(|c| ["not heard".into(), c.clone(), "0".into(), String::new()]),
    );
    rows.extend(
        report
            .thin
            .iter()
            .map(|(c, n)| ["few passages".into(), c.clone(), n.clone(), String::new()]),
    );
    rows.extend(
        report
            .quotes
            .iter()
            .map(|(t, q, s)| ["quote".into(), t.clone(), q.clone(), s.clone()]),
    );
    for row in rows {
        writer.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("csv is UTF-8")
}

/// How a theme is called emerging, for a reader of the report.
const METHOD: &str = "Emerging means: the theme's share of all passages in the latest quarter is higher than in the four quarters before, by more than chance would give when every theme is tested at once (a two-proportion test, Benjamini-Hochberg false discovery rate 5%), with at least 10 passages from at least 3 sources.";

/// The figures behind one emerging theme, in a sentence.
fn evidence(e: &insight_index::Emerging) -> String {
    let baseline = match (e.baseline_periods.first(), e.baseline_periods.last()) {
        (Some(first), Some(last)) if first != last => format!("{first} to {last}"),
        (Some(first), _) => first.clone(),
        _ => String::new(),
    };
    // people, where survey answers are among the passages
    let respondents = match e.respondents {
        0 => String::new(),
        1 => " (1 survey respondent)".to_string(),
        n => format!(" ({n} survey respondents)"),
    };
    format!(
        "{} passages from {} sources{respondents} in {} ({:.1}% of passages) against {} of {} in {baseline} ({:.1}%); up {:.1} points, q = {}",
        e.count,
        e.sources,
        e.period,
        e.share * 100.0,
        e.baseline_count,
        e.baseline_total,
        e.baseline_share * 100.0,
        e.change_points,
        e.q_value
    )
}

/// What the new topics are, for a reader of the report.
const TOPICS: &str = "Words whose use rose in the latest quarter in the same way, that no theme of the taxonomy covers yet: candidates for new themes.";

/// The figures behind one new topic, with where it was said.
fn topic_evidence(t: &insight_index::NewTopic) -> String {
    let titles: Vec<&str> = t.examples.iter().map(|e| e.title.as_str()).collect();
    format!(
        "{} passages from {} sources ({:.1}% of passages, against {:.1}% before); up {:.1} points, q = {}; for example in {}",
        t.count,
        t.sources,
        t.share * 100.0,
        t.baseline_share * 100.0,
        t.change_points,
        t.q_value,
        titles.join("; ")
    )
}
