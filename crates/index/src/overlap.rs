//! The duplicate engagement check: given a proposed piece of engagement, rank the
//! forward-plan activities and the past insight that overlap it, each with a score, the
//! reasons behind it and a band.
//!
//! Each candidate is scored on five factors between 0 and 1 (see `Weights`): place (same
//! 1, one inside the other 0.8, or 0.6 when the outer one is the whole ICS, two areas of
//! the same place 0.5), audience (the best match of communities or segments, nesting
//! counted as 0.8), themes (the share of the proposal's themes the candidate shares,
//! nesting 0.7, a sibling 0.4), dates (overlapping, or past work from the year before the
//! proposal starts, 1; older past work fading to 0 over the two years after that; future
//! activities fading over one year after it ends) and
//! text (TF-IDF cosine similarity of the words, an equivalent of more-like-this). The
//! score is their weighted sum. Bands: "likely duplicate" when the score is at least
//! `LIKELY_DUPLICATE` and place, audience and themes all match at least half-way and
//! the dates are close (>= 0.5: overlapping, within a year after it, or within two years
//! before it); "related" from `RELATED`; below that "unrelated".
//! Themes and audiences the proposal leaves out are inferred from its text.

use crate::error::{Error, Result};
use crate::schema::FacetField;
use crate::search::Sort;
use crate::{Hit, InsightIndex};
use chrono::NaiveDate;
use insight_model::{
    Access, DateSpan, Facet, Kind, Resolution, SourceDocument, TagOrigin, Tags, Taxonomy,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet as TantivyFacet, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::Term;

/// Score from which a candidate is a likely duplicate (with every factor condition met).
pub const LIKELY_DUPLICATE: f32 = 0.70;
/// Score from which a candidate is related.
pub const RELATED: f32 = 0.45;
/// What each of place, audience and themes must reach for a likely duplicate.
pub const LIKELY_DUPLICATE_FACTOR: f32 = 0.5;
/// What the dates factor must reach for a likely duplicate.
pub const LIKELY_DUPLICATE_DATES: f32 = 0.5;

/// The weight of each factor in the score; they add up to 1.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Weights {
    pub place: f32,
    pub audience: f32,
    pub themes: f32,
    pub dates: f32,
    pub text: f32,
}

pub const WEIGHTS: Weights = Weights {
    place: 0.20,
    audience: 0.25,
    themes: 0.25,
    dates: 0.15,
    text: 0.15,
};

/// A proposed engagement to check.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, alias = "place")]
    pub places: Vec<String>,
    #[serde(default, alias = "segment")]
    pub segments: Vec<String>,
    /// Target audience: communities of interest.
    #[serde(default, alias = "audience", alias = "communities")]
    pub audiences: Vec<String>,
    #[serde(default, alias = "theme")]
    pub themes: Vec<String>,
    /// yyyy-mm-dd; empty or absent for none.
    #[serde(default, deserialize_with = "optional_day")]
    pub start: Option<NaiveDate>,
    #[serde(default, deserialize_with = "optional_day")]
    pub end: Option<NaiveDate>,
}

/// A yyyy-mm-dd date, or nothing for an empty string or null.
fn optional_day<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<NaiveDate>, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "`{text}` is not a date; write start and end as yyyy-mm-dd"
                ))
            }),
    }
}

/// How close a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    LikelyDuplicate,
    Related,
    Unrelated,
}

/// One factor of a candidate's score.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    /// place, audience, themes, dates or text.
    pub factor: &'static str,
    pub score: f32,
    pub weight: f32,
    /// What matched, in words.
    pub detail: String,
}

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateKind {
    /// A planned, live or closed forward-plan activity.
    Activity,
    /// A past report, survey or set of notes.
    Insight,
}

/// A candidate that overlaps the proposal.
#[derive(Debug, Clone, Serialize)]
pub struct OverlapMatch {
    pub kind: CandidateKind,
    /// The activity's ID, or the document's file path for past insight.
    pub id: String,
    pub doc_id: String,
    /// The activity's passage, or the document's best matching passage.
    pub passage_id: String,
    pub title: String,
    pub source_kind: String,
    pub organisation: Option<String>,
    pub status: Option<String>,
    pub contact: Option<String>,
    pub date: Option<DateSpan>,
    pub tags: Tags,
    pub score: f32,
    pub band: Band,
    pub reasons: Vec<Reason>,
}

/// The proposal as understood, and what overlaps it.
#[derive(Debug, Clone, Serialize)]
pub struct OverlapReport {
    /// The proposal's tags: given ones explicit, ones found in its text inferred.
    pub proposal_tags: Tags,
    /// Values of the proposal that are not in the taxonomy (ignored, with why).
    pub warnings: Vec<String>,
    pub activities: Vec<OverlapMatch>,
    pub insight: Vec<OverlapMatch>,
}

/// A candidate before scoring.
struct Candidate {
    kind: CandidateKind,
    hit: Hit,
    document: Option<SourceDocument>,
    text: String,
}

impl InsightIndex {
    /// Checks a proposal for overlaps; `today` decides which activities are current.
    /// Returns candidates with a band above unrelated first, at most `limit` of each kind.
    /// Only what `access` may see is a candidate.
    pub fn overlap(
        &self,
        proposal: &Proposal,
        limit: usize,
        access: &Access,
    ) -> Result<OverlapReport> {
        if proposal.title.trim().is_empty() && proposal.description.trim().is_empty() {
            return Err(Error::InvalidRequest(
                "a proposal needs a title or a description".into(),
            ));
        }
        if let (Some(start), Some(end)) = (proposal.start, proposal.end) {
            if end < start {
                return Err(Error::InvalidRequest(format!(
                    "the proposal ends ({end}) before it starts ({start}); swap them"
                )));
            }
        }
        let (taxonomy, tagger) = self.taxonomy_and_tagger()?;
        let mut warnings = Vec::new();
        let mut explicit = Tags::default();
        for (facet, values) in [
            (Facet::Place, &proposal.places),
            (Facet::Segment, &proposal.segments),
            (Facet::Community, &proposal.audiences),
            (Facet::Theme, &proposal.themes),
        ] {
            for value in values {
                match taxonomy.resolve(facet, value) {
                    Resolution::Found(path) if taxonomy.entry(facet, &path).is_some_and(|e| !e.infer && facet == Facet::Community) => warnings.push(format!(
                        "`{value}` is an equality-monitoring group, not an audience; it is ignored (use a community such as Young people or Older people)"
                    )),
                    Resolution::Found(path) => explicit.add(facet, &path, TagOrigin::Explicit),
                    Resolution::Ambiguous(paths) => warnings.push(format!(
                        "{facet} `{value}` could be {}; write the full path",
                        paths.join(", ")
                    )),
                    Resolution::Unknown => warnings.push(format!(
                        "{facet} `{value}` is not in the taxonomy; it is ignored"
                    )),
                }
            }
        }
        let proposal_text = format!("{}\n{}", proposal.title, proposal.description);
        let mut proposal_tags = tagger.tag(&explicit, &proposal_text);
        // what the proposal states wins: infer a facet only when it gives none
        for facet in [Facet::Theme, Facet::Community, Facet::Segment, Facet::Place] {
            if explicit.has(facet) {
                let kept: Vec<_> = proposal_tags
                    .iter()
                    .filter(|t| t.facet != facet || t.origin == TagOrigin::Explicit)
                    .cloned()
                    .collect();
                let mut only = Tags::default();
                for tag in kept {
                    only.add(tag.facet, &tag.path, tag.origin);
                }
                proposal_tags = only;
            }
        }
        let window = proposal_window(proposal);
        let searcher = self.reader.searcher();
        let text_vector = self.term_vector(&searcher, &proposal_text)?;

        let mut activities = Vec::new();
        let mut insight = Vec::new();
        for candidate in self.candidates(&searcher, &proposal_tags, &proposal_text, access)? {
            let candidate_vector = self.term_vector(&searcher, &candidate.text)?;
            let scored = score(
                &candidate,
                &proposal_tags,
                window,
                cosine(&text_vector, &candidate_vector),
            );
            match candidate.kind {
                CandidateKind::Activity => activities.push(scored),
                CandidateKind::Insight => insight.push(scored),
            }
        }
        for list in [&mut activities, &mut insight] {
            list.sort_by(|a, b| {
                a.band
                    .cmp(&b.band)
                    .then(b.score.total_cmp(&a.score))
                    .then(a.id.cmp(&b.id))
            });
            list.retain(|m| m.band != Band::Unrelated);
            list.truncate(limit);
        }
        Ok(OverlapReport {
            proposal_tags: proposal_tags.sorted(),
            warnings,
            activities,
            insight,
        })
    }

    /// Every forward-plan activity, and the documents of past insight that share a
    /// place, theme or audience with the proposal or match its words.
    fn candidates(
        &self,
        searcher: &tantivy::Searcher,
        tags: &Tags,
        text: &str,
        access: &Access,
    ) -> Result<Vec<Candidate>> {
        let kind_field = self.fields.facet(FacetField::Kind);
        let kind_term =
            |kind: Kind| Term::from_facet(kind_field, &TantivyFacet::from_path([kind.as_str()]));
        let mut candidates = Vec::new();
        let activity_query = self.visible(
            searcher,
            access,
            Box::new(TermQuery::new(
                kind_term(Kind::ForwardPlanActivity),
                IndexRecordOption::Basic,
            )),
        )?;
        for address in searcher.search(&*activity_query, &DocSetCollector)? {
            let hit = self.hit(searcher, address, None, None)?;
            let text = format!("{}\n{}", hit.heading, hit.text);
            candidates.push(Candidate {
                kind: CandidateKind::Activity,
                hit,
                document: None,
                text,
            });
        }

        // past insight: documents sharing a tag or words, best passage each
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for tag in tags.iter() {
            let field = match tag.facet {
                Facet::Place => FacetField::Place,
                Facet::Segment => FacetField::Segment,
                Facet::Theme => FacetField::Theme,
                Facet::Community => FacetField::Community,
            };
            let facet = TantivyFacet::from_path(tag.path.split('/'));
            should.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_facet(self.fields.facet(field), &facet),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let words: String = text
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        if !words.trim().is_empty() {
            let mut parser = tantivy::query::QueryParser::for_index(
                &self.index,
                vec![self.fields.title, self.fields.heading, self.fields.text],
            );
            parser.set_field_boost(self.fields.title, 2.0);
            let (query, _) = parser.parse_query_lenient(&words);
            should.push((Occur::Should, query));
        }
        if should.is_empty() {
            return Ok(candidates);
        }
        let not_insight = [Kind::ForwardPlanActivity, Kind::YouSaidWeDid]
            .into_iter()
            .map(|kind| {
                (
                    Occur::MustNot,
                    Box::new(TermQuery::new(kind_term(kind), IndexRecordOption::Basic))
                        as Box<dyn Query>,
                )
            });
        let query = self.visible(
            searcher,
            access,
            Box::new(BooleanQuery::new(
                vec![(
                    Occur::Must,
                    Box::new(BooleanQuery::new(should)) as Box<dyn Query>,
                )]
                .into_iter()
                .chain(not_insight)
                .collect(),
            )),
        )?;
        let groups = crate::search::grouped(searcher, &*query, Sort::Relevance)?;
        for group in groups.into_iter().take(200) {
            let hit = self.hit(searcher, group.best, None, None)?;
            let document = self.stored_document(searcher, &hit.doc_id)?;
            let text = format!("{}\n{}\n{}", hit.title, hit.heading, hit.text);
            candidates.push(Candidate {
                kind: CandidateKind::Insight,
                hit,
                document,
                text,
            });
        }
        Ok(candidates)
    }

    /// Term frequencies weighted by inverse document frequency, over the text field's
    /// analyzer (so stems agree with the index).
    fn term_vector(
        &self,
        searcher: &tantivy::Searcher,
        text: &str,
    ) -> Result<HashMap<String, f32>> {
        let mut analyzer = self.index.tokenizer_for_field(self.fields.text)?;
        let mut counts: HashMap<String, f32> = HashMap::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            *counts.entry(stream.token().text.clone()).or_default() += 1.0;
        }
        let total = searcher.num_docs().max(1) as f32;
        let mut vector = HashMap::with_capacity(counts.len());
        for (term, count) in counts {
            let frequency =
                searcher.doc_freq(&Term::from_field_text(self.fields.text, &term))? as f32;
            let idf = (1.0 + total / (1.0 + frequency)).ln();
            vector.insert(term, (1.0 + count.ln()) * idf);
        }
        Ok(vector)
    }
}

fn cosine(a: &HashMap<String, f32>, b: &HashMap<String, f32>) -> f32 {
    let dot: f32 = a
        .iter()
        .filter_map(|(term, weight)| b.get(term).map(|other| weight * other))
        .sum();
    let norm = |v: &HashMap<String, f32>| v.values().map(|w| w * w).sum::<f32>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

/// The proposal's dates; without them, from today for six months.
fn proposal_window(proposal: &Proposal) -> DateSpan {
    let today = chrono::Utc::now().date_naive();
    let from = proposal.start.or(proposal.end).unwrap_or(today);
    let to = proposal
        .end
        .or(proposal.start.map(|s| s + chrono::Days::new(90)))
        .unwrap_or(from + chrono::Days::new(182));
    DateSpan { from, to }
}

fn view(paths: &[String]) -> Vec<&str> {
    paths.iter().map(String::as_str).collect()
}

/// How close two taxonomy paths are: same 1, nested `nested`, siblings `sibling`.
fn closeness(a: &str, b: &str, nested: f32, sibling: f32) -> f32 {
    if a == b {
        return 1.0;
    }
    if Taxonomy::is_within(a, b) || Taxonomy::is_within(b, a) {
        return nested;
    }
    let parent = |p: &str| p.rsplit_once('/').map(|(head, _)| head.to_string());
    match (parent(a), parent(b)) {
        (Some(x), Some(y)) if x == y => sibling,
        _ => 0.0,
    }
}

/// The best pair between two sets of paths, and the pair.
fn best_pair<'a>(
    ours: &[&'a str],
    theirs: &[&'a str],
    nested: f32,
    sibling: f32,
) -> (f32, Option<(&'a str, &'a str)>) {
    let mut best = (0.0, None);
    for a in ours {
        for b in theirs {
            let value = closeness(a, b, nested, sibling);
            if value > best.0 {
                best = (value, Some((*a, *b)));
            }
        }
    }
    best
}

fn place_score(ours: &[&str], theirs: &[&str]) -> (f32, String) {
    if ours.is_empty() || theirs.is_empty() {
        return (0.3, "place unknown on one side".into());
    }
    let mut best = (0.0f32, String::from("no shared place"));
    for a in ours {
        for b in theirs {
            let (value, detail) = if a == b {
                (1.0, format!("same place: {a}"))
            } else if Taxonomy::is_within(a, b) || Taxonomy::is_within(b, a) {
                let outer = if a.len() < b.len() { a } else { b };
                let value = if outer.contains('/') { 0.8 } else { 0.6 };
                (value, format!("nested places: {a} and {b}"))
            } else if closeness(a, b, 0.0, 0.5) > 0.0 && a.matches('/').count() >= 2 {
                // two areas of one place (wards of Leeds); two places of the ICS are not close
                (0.5, format!("neighbouring areas of one place: {a} and {b}"))
            } else {
                (0.0, String::new())
            };
            if value > best.0 {
                best = (value, detail);
            }
        }
    }
    best
}

fn score(
    candidate: &Candidate,
    proposal: &Tags,
    window: DateSpan,
    text_similarity: f32,
) -> OverlapMatch {
    let hit = &candidate.hit;
    // past insight is judged on what its metadata states; activities on all their tags
    let tags: Tags = match &candidate.document {
        Some(document) if !document.tags.is_empty() => {
            let mut tags = document.tags.clone();
            for tag in hit.tags.iter().filter(|t| t.facet == Facet::Place) {
                tags.add(tag.facet, &tag.path, tag.origin);
            }
            tags
        }
        _ => hit.tags.clone(),
    };
    let paths = |tags: &Tags, facet: Facet| -> Vec<String> {
        tags.paths(facet).map(str::to_string).collect()
    };
    let (our_places, their_places) = (paths(proposal, Facet::Place), paths(&tags, Facet::Place));

    let (place, place_detail) = place_score(&view(&our_places), &view(&their_places));

    let (our_communities, their_communities) = (
        paths(proposal, Facet::Community),
        paths(&tags, Facet::Community),
    );
    let (our_segments, their_segments) = (
        paths(proposal, Facet::Segment),
        paths(&tags, Facet::Segment),
    );
    let (community, community_pair) =
        best_pair(&view(&our_communities), &view(&their_communities), 0.8, 0.0);
    let (segment, segment_pair) = best_pair(&view(&our_segments), &view(&their_segments), 0.8, 0.0);
    let (audience, audience_detail) = if community >= segment && community > 0.0 {
        let (a, b) = community_pair.expect("a pair gave the score");
        (
            community,
            if a == b {
                format!("shared audience: {a}")
            } else {
                format!("related audiences: {a} and {b}")
            },
        )
    } else if segment > 0.0 {
        let (a, b) = segment_pair.expect("a pair gave the score");
        (
            segment,
            if a == b {
                format!("same population segment: {a}")
            } else {
                format!("related segments: {a} and {b}")
            },
        )
    } else {
        (0.0, "no shared audience or segment".into())
    };

    let our_themes = paths(proposal, Facet::Theme);
    let their_themes = paths(&tags, Facet::Theme);
    let mut shared = Vec::new();
    let mut theme_total = 0.0;
    for theme in &our_themes {
        let (value, pair) = best_pair(&[theme.as_str()], &view(&their_themes), 0.7, 0.4);
        theme_total += value;
        if value >= 0.7 {
            if let Some((_, theirs)) = pair {
                shared.push(if theirs == theme {
                    theme.clone()
                } else {
                    format!("{theme} ~ {theirs}")
                });
            }
        }
    }
    let themes = if our_themes.is_empty() {
        0.0
    } else {
        theme_total / our_themes.len() as f32
    };
    let themes_detail = if shared.is_empty() {
        "no shared themes".into()
    } else {
        format!("shared themes: {}", shared.join(", "))
    };

    // past insight is dated by its document (the whole engagement), an activity by itself
    let candidate_date = match (&candidate.document, candidate.kind) {
        (Some(document), CandidateKind::Insight) => document.date.or(hit.date),
        _ => hit.date,
    };
    let (dates, dates_detail) = match candidate_date {
        None => (0.3, "no dates recorded".to_string()),
        Some(span) if span.from <= window.to && span.to >= window.from => (
            1.0,
            format!("overlapping dates: {} to {}", span.from, span.to),
        ),
        Some(span) if span.to < window.from => {
            // what was asked in the last year is as good as current; older fades out
            // over the two years after that
            let gap = (window.from - span.to).num_days() as f32;
            let value = if gap <= 365.0 {
                1.0
            } else {
                (1.0 - (gap - 365.0) / 730.0).max(0.0)
            };
            (
                value,
                format!(
                    "{} months before the proposal starts (ended {})",
                    (gap / 30.4).round(),
                    span.to
                ),
            )
        }
        Some(span) => {
            let gap = (span.from - window.to).num_days() as f32;
            let value = (1.0 - gap / 365.0).max(0.0);
            (
                value,
                format!(
                    "starts {} months after the proposal ends ({})",
                    (gap / 30.4).round(),
                    span.from
                ),
            )
        }
    };

    let text = (text_similarity / 0.3).min(1.0);
    let text_detail = format!("similar wording: cosine {text_similarity:.2}");

    let w = WEIGHTS;
    let total = w.place * place
        + w.audience * audience
        + w.themes * themes
        + w.dates * dates
        + w.text * text;
    let band = if total >= LIKELY_DUPLICATE
        && place >= LIKELY_DUPLICATE_FACTOR
        && audience >= LIKELY_DUPLICATE_FACTOR
        && themes >= LIKELY_DUPLICATE_FACTOR
        && dates >= LIKELY_DUPLICATE_DATES
    {
        Band::LikelyDuplicate
    } else if total >= RELATED {
        Band::Related
    } else {
        Band::Unrelated
    };
    let reasons = vec![
        Reason {
            factor: "place",
            score: place,
            weight: w.place,
            detail: place_detail,
        },
        Reason {
            factor: "audience",
            score: audience,
            weight: w.audience,
            detail: audience_detail,
        },
        Reason {
            factor: "themes",
            score: themes,
            weight: w.themes,
            detail: themes_detail,
        },
        Reason {
            factor: "dates",
            score: dates,
            weight: w.dates,
            detail: dates_detail,
        },
        Reason {
            factor: "text",
            score: text,
            weight: w.text,
            detail: text_detail,
        },
    ];
    let (id, title, organisation, source_kind) = match candidate.kind {
        CandidateKind::Activity => (
            hit.attributes
                .get("activity id")
                .cloned()
                .unwrap_or_else(|| hit.passage_id.clone()),
            hit.heading.clone(),
            hit.organisation.clone(),
            hit.kind.clone(),
        ),
        CandidateKind::Insight => (
            hit.file.clone(),
            hit.title.clone(),
            hit.organisation.clone(),
            hit.kind.clone(),
        ),
    };
    let date = candidate_date;
    OverlapMatch {
        kind: candidate.kind,
        id,
        doc_id: hit.doc_id.clone(),
        passage_id: hit.passage_id.clone(),
        title,
        source_kind,
        organisation,
        status: hit.status.clone(),
        contact: hit.attributes.get("contact").cloned(),
        date,
        tags,
        score: (total * 1000.0).round() / 1000.0,
        band,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_score_by_nesting() {
        let leeds = "West Yorkshire/Leeds";
        assert_eq!(place_score(&[leeds], &[leeds]).0, 1.0);
        assert_eq!(
            place_score(&["West Yorkshire/Leeds/Inner East"], &[leeds]).0,
            0.8
        );
        assert_eq!(place_score(&["West Yorkshire"], &[leeds]).0, 0.6);
        assert_eq!(
            place_score(
                &["West Yorkshire/Leeds/Inner East"],
                &["West Yorkshire/Leeds/Inner South"]
            )
            .0,
            0.5
        );
        assert_eq!(place_score(&["West Yorkshire/Kirklees"], &[leeds]).0, 0.0);
        assert_eq!(place_score(&[], &[leeds]).0, 0.3);
    }

    #[test]
    fn cosine_of_term_vectors() {
        let v = |pairs: &[(&str, f32)]| {
            pairs
                .iter()
                .map(|(t, w)| (t.to_string(), *w))
                .collect::<HashMap<_, _>>()
        };
        assert!((cosine(&v(&[("carer", 1.0)]), &v(&[("carer", 2.0)])) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&v(&[("carer", 1.0)]), &v(&[("dentist", 1.0)])), 0.0);
        assert_eq!(cosine(&v(&[]), &v(&[("dentist", 1.0)])), 0.0);
    }
}
