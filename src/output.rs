//! Human-readable output of the commands; JSON output is the serde form of the same
//! structures.

use insight_index::{SearchRequest, SearchResults};
use insight_ingest::{FileStatus, IngestSummary};
use insight_model::{Severity, TagOrigin};
use std::io::{self, IsTerminal, Write};
use std::path::Path;

fn print_diagnostics(summary: &IngestSummary) {
    for report in &summary.files {
        if report.status == FileStatus::Skipped {
            let kept = if report.previous_version_kept {
                " (the previous version stays in the index)"
            } else {
                ""
            };
            eprintln!(
                "skipped {}{kept}: {}",
                report.file,
                report.reason.as_deref().unwrap_or("no reason recorded")
            );
        }
        for diagnostic in &report.diagnostics {
            let is_reason = report.status == FileStatus::Skipped
                && diagnostic.severity == Severity::Error
                && report
                    .reason
                    .as_deref()
                    .is_some_and(|r| r.ends_with(&diagnostic.message));
            if !is_reason {
                eprintln!("{diagnostic}");
            }
        }
    }
    for catalogue in &summary.catalogues {
        for diagnostic in &catalogue.diagnostics {
            eprintln!("{diagnostic}");
        }
    }
}

pub fn print_ingest_summary(
    out: &mut impl Write,
    summary: &IngestSummary,
    index: &Path,
) -> io::Result<()> {
    print_diagnostics(summary);
    if summary.interrupted {
        writeln!(
            out,
            "ingest interrupted: the index keeps its last commit; run the ingest again to finish"
        )?;
    }
    writeln!(out, "ingested {} into {}", summary.corpus, index.display())?;
    writeln!(
        out,
        "  {} files found: {} indexed, {} unchanged, {} skipped; {} removed",
        summary.files_found, summary.indexed, summary.unchanged, summary.skipped, summary.removed
    )?;
    writeln!(
        out,
        "  {} passages written; {} passages in the index",
        summary.passages_written, summary.passages_in_index
    )?;
    if summary.survey_rows > 0 {
        writeln!(
            out,
            "  survey rows: {} read, {} skipped; {} non-answers left out",
            summary.survey_rows, summary.survey_rows_skipped, summary.non_answers
        )?;
    }
    if !summary.redactions.is_empty() {
        let redactions: Vec<String> = summary
            .redactions
            .iter()
            .map(|(marker, count)| format!("{count} [{marker}]"))
            .collect();
        writeln!(out, "  personal data redacted: {}", redactions.join(", "))?;
    }
    match &summary.first_names {
        Some(list) => writeln!(out, "  names redacted with the built-in first-name list and {list}")?,
        None => writeln!(out, "  names redacted with the built-in first-name list only (scripts/dictionaries.sh makes the international one)")?,
    }
    let words: Vec<String> = summary
        .dictionaries
        .iter()
        .map(|d| {
            if d.loaded {
                format!("{} words ({})", d.language, d.segmenter)
            } else {
                format!("{} character bigrams (no dictionary)", d.language)
            }
        })
        .collect();
    if !words.is_empty() {
        writeln!(out, "  CJK text: {}", words.join("; "))?;
    }
    if summary.taxonomy_changed {
        writeln!(out, "  the taxonomy changed: every file was re-tagged")?;
    }
    writeln!(
        out,
        "  {} warnings, {} errors; {} commits",
        summary.warnings, summary.errors, summary.commits
    )?;
    Ok(())
}

pub fn print_check_summary(out: &mut impl Write, summary: &IngestSummary) -> io::Result<()> {
    print_diagnostics(summary);
    let passages: usize = summary.files.iter().map(|f| f.passages).sum();
    writeln!(out,
        "checked {}: {} files, {} would be indexed ({} passages), {} would be skipped; {} warnings, {} errors",
        summary.corpus, summary.files_found, summary.indexed, passages, summary.skipped, summary.warnings, summary.errors
    )?;
    Ok(())
}

pub fn print_search_results(
    out: &mut impl Write,
    query: &str,
    request: &SearchRequest,
    results: &SearchResults,
) -> io::Result<()> {
    let bold = std::io::stdout().is_terminal();
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let filters: Vec<String> = results
        .filters
        .iter()
        .map(|(facet, values)| format!("{facet}: {}", values.join(" or ")))
        .collect();
    let shown = if query.trim().is_empty() {
        "everything".to_string()
    } else {
        format!("\"{query}\"")
    };
    let filtered = if filters.is_empty() {
        String::new()
    } else {
        format!(" where {}", filters.join("; "))
    };
    match results.total_documents {
        Some(documents) => writeln!(
            out,
            "{} passages in {documents} documents match {shown}{filtered}",
            results.total
        )?,
        None => writeln!(out, "{} passages match {shown}{filtered}", results.total)?,
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        let date = hit
            .date
            .map(|d| {
                if d.from == d.to {
                    d.from.to_string()
                } else {
                    format!("{} to {}", d.from, d.to)
                }
            })
            .unwrap_or_else(|| "undated".into());
        writeln!(out)?;
        writeln!(
            out,
            "{}. {} - {}",
            request.offset + rank + 1,
            hit.title,
            hit.heading
        )?;
        writeln!(
            out,
            "   {}, {date}; {} ({})",
            hit.kind, hit.file, hit.locator
        )?;
        if let Some(matches) = hit.matches_in_document {
            writeln!(out, "   {matches} matching passages in this document")?;
        }
        let mut snippet = String::new();
        let mut last = 0;
        for (start, end) in &hit.snippet.highlights {
            snippet.push_str(&hit.snippet.text[last..*start]);
            snippet.push_str(open);
            snippet.push_str(&hit.snippet.text[*start..*end]);
            snippet.push_str(close);
            last = *end;
        }
        snippet.push_str(&hit.snippet.text[last..]);
        writeln!(out, "   {}", snippet.replace('\n', " "))?;
        let tags: Vec<String> = hit.tags.sorted().iter().map(tag_text).collect();
        if !tags.is_empty() {
            writeln!(out, "   tags: {}", tags.join("; "))?;
        }
        if let Some(sentiment) = hit.sentiment {
            writeln!(
                out,
                "   sentiment: {} (learned, {:.2})",
                sentiment.value,
                sentiment.confidence.value()
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "facets:")?;
    for (facet, counts) in &results.facets {
        if counts.is_empty() {
            continue;
        }
        let top: Vec<String> = counts
            .iter()
            .take(8)
            .map(|c| format!("{} ({})", c.value, c.count))
            .collect();
        let more = if counts.len() > 8 {
            format!(", and {} more", counts.len() - 8)
        } else {
            String::new()
        };
        writeln!(out, "  {facet}: {}{more}", top.join(", "))?;
    }
    Ok(())
}

/// "theme Discharge", with "(inferred)" for a rule's tag and "(learned 0.82)" for the
/// model's.
fn tag_text(tag: &insight_model::Tag) -> String {
    let origin = match (tag.origin, tag.confidence) {
        (TagOrigin::Inferred, _) => " (inferred)".to_string(),
        (TagOrigin::Learned, Some(confidence)) => format!(" (learned {:.2})", confidence.value()),
        (TagOrigin::Learned, None) => " (learned)".to_string(),
        (TagOrigin::Explicit, _) => String::new(),
    };
    format!("{} {}{origin}", tag.facet, tag.path)
}

pub fn print_overlap(
    out: &mut impl Write,
    report: &insight_index::OverlapReport,
) -> io::Result<()> {
    for warning in &report.warnings {
        writeln!(out, "warning: {warning}")?;
    }
    let tags: Vec<String> = report.proposal_tags.iter().map(tag_text).collect();
    writeln!(
        out,
        "the proposal: {}",
        if tags.is_empty() {
            "no tags".to_string()
        } else {
            tags.join("; ")
        }
    )?;
    for (heading, matches) in [
        ("planned, live and closed activities", &report.activities),
        ("past insight", &report.insight),
    ] {
        writeln!(out)?;
        if matches.is_empty() {
            writeln!(out, "{heading}: no overlap")?;
            continue;
        }
        writeln!(out, "{heading}:")?;
        for m in matches {
            let band = match m.band {
                insight_index::Band::LikelyDuplicate => "LIKELY DUPLICATE",
                insight_index::Band::Related => "related",
                insight_index::Band::Unrelated => "unrelated",
            };
            let status = m
                .status
                .as_deref()
                .map(|s| format!(", {s}"))
                .unwrap_or_default();
            let date = m
                .date
                .map(|d| format!(", {} to {}", d.from, d.to))
                .unwrap_or_default();
            writeln!(
                out,
                "  {band} ({:.2}) {}: {}{status}{date}",
                m.score, m.id, m.title
            )?;
            if let Some(organisation) = &m.organisation {
                let contact = m
                    .contact
                    .as_deref()
                    .map(|c| format!("; contact {c}"))
                    .unwrap_or_default();
                writeln!(out, "    {organisation}{contact}")?;
            }
            for reason in &m.reasons {
                writeln!(
                    out,
                    "    {:<8} {:.2} x {:.2}  {}",
                    reason.factor, reason.score, reason.weight, reason.detail
                )?;
            }
        }
    }
    Ok(())
}
