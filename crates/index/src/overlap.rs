//! The duplicate engagement check: given a proposed piece of engagement, rank the
//! forward-plan activities and the past insight that overlap it, each with a score, the
//! reasons behind it and a band.
//!
//! The definition it implements: *a duplicate asks substantially the same people (the same
//! community, or the same general public, in the same place or one nested in it) about
//! the same subject, overlapping in time or ending within 18 months before the proposal
//! starts. Same subject or same people but not both, or older, is related.* So the band
//! is a rule over four judgements, and the score (a weighted sum of five factors between 0
//! and 1, see `Weights`) orders candidates within a band:
//!
//! - **place**: same 1, one inside the other 0.8 (0.6 when the outer is the whole ICS),
//!   two areas of one place 0.5; a place match is 0.6 or more;
//! - **audience** (people, not segments): shared communities with their hierarchy (same 1,
//!   a community inside the other's 0.7: related people). The proposal's people are its
//!   specific communities: the taxonomy's *broad* ones (older people, men, women, parents
//!   and families, people in the most deprived areas) qualify them, so a proposal for
//!   South Asian women sharing only "Women" with an activity scores 0.5; a proposal naming
//!   only broad groups is matched on them. Both aimed at the general public 1: a proposal
//!   stating it, saying it in words such as "residents", "patients", "people registered
//!   with a GP", naming no audience, or naming only two or more broad groups; past work
//!   whose metadata names no community or only two or more broad groups, or a survey or
//!   public event naming broad groups for at least half of its audience (priorities of a
//!   public exercise). One public and the other a specific community 0.3; a shared
//!   population segment alone 0.3 (weak: a segment holds many different communities).
//!   Same people: 0.8 or more;
//! - **subject**: themes and text. Themes: the share of the proposal's themes the
//!   candidate shares (nested 0.7, siblings 0.3), each weighted by how specific it is
//!   (from the share of passages carrying it: 1 at 2% or fewer, about 0.4 at a fifth, so
//!   "information" or "joined-up care", said of almost everything, weigh little) and how
//!   central to the proposal (stated, in the title or said twice 1; inferred from one
//!   mention 0.5), over at least 1, so one theme inferred in passing cannot by itself make
//!   the same subject; a candidate's theme counts in full when its metadata states it, at
//!   0.6 when only inferred. Text: TF-IDF cosine of the subject words of the two texts over
//!   the index's analyser: names of places, communities and segments blanked (they are
//!   judged by the place and audience factors, and left in they made any two texts on
//!   Hyde Park students alike), the labels of the themes their words name appended (so
//!   "A&E" meets "urgent and emergency care"); the text factor is 1 from a cosine of 0.4.
//!   The same subject (for related): themes 0.5 or more, or a cosine of 0.3 or more;
//!   substantially the same subject (for a likely duplicate): themes plus cosine 0.5 or
//!   more, so neither a weak shared theme nor the wording alone is enough;
//! - **dates**: overlapping, or ended within 18 months before the proposal starts: recent
//!   (1); older work fades over the two years after that, and work starting after the
//!   proposal ends fades over a year; neither is recent. A proposal without dates is
//!   compared without dates (the reason says so), never against today's date.
//!
//! Likely duplicate: place match, same people, substantially the same subject and recent
//! (or undated).
//! Related: same subject (anywhere, any time), or the same people in a matching place.
//! Themes and audiences the proposal leaves out are inferred from its text.

use crate::error::{Error, Result};
use crate::schema::FacetField;
use crate::search::Sort;
use crate::{Hit, InsightIndex};
use chrono::NaiveDate;
use insight_model::{
    same_organisation, Access, DateSpan, Facet, Kind, Method, Resolution, SourceDocument,
    TagOrigin, Tagger, Tags, Taxonomy,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet as TantivyFacet, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::Term;

/// What the place factor must reach for the same or a nested place.
pub const PLACE_MATCH: f32 = 0.6;
/// What the audience factor must reach for the same people.
pub const SAME_PEOPLE: f32 = 0.8;
/// What the themes factor must reach for the same subject (or the wording, see
/// [`SAME_WORDING`]).
pub const SAME_SUBJECT: f32 = 0.5;
/// What the themes factor and the cosine of the wording must reach together for the
/// same subject of a likely duplicate (the same people and time already agree).
pub const DUPLICATE_SUBJECT: f32 = 0.5;
/// Past work ending this many days before the proposal starts is still recent.
pub const RECENT_DAYS: i64 = 548;
/// Cosine similarity of the texts that scores the text factor 1.
const TEXT_FULL: f32 = 0.4;
/// Cosine similarity of the texts that makes the same subject by itself, where the
/// themes do not (the taxonomy has no theme for "bowel screening" or a kind of ward).
pub const SAME_WORDING: f32 = 0.3;
/// The share of passages at or under which a theme counts as fully specific.
const RARE_THEME: f32 = 0.02;
/// Words that say a proposal or an activity is for the general public.
const PUBLIC_WORDS: &[&str] = &[
    "general public",
    "the public",
    "members of the public",
    "public",
    "residents",
    "resident",
    "patients",
    "everyone",
    "anyone",
    "all adults",
    "local people",
    "people registered",
    "registered with",
    "registered patients",
    "service users",
    "population",
    "citizens",
    "households",
    "people who use",
    "the community",
];

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
    themes: 0.20,
    dates: 0.15,
    text: 0.20,
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
    /// Likely duplicates the caller may not see: counted, never shown.
    pub hidden: Hidden,
    /// Whether the proposal was taken as aimed at the general public.
    pub general_public: bool,
}

/// Likely duplicates among what the caller may not see, and whom to ask about them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Hidden {
    pub activities: usize,
    pub sources: usize,
    /// The engagement teams to ask: the organisation and its contact as a public
    /// forward-plan activity gives them, or else the ICB's.
    pub ask: Vec<String>,
}

/// The proposal as the scorer reads it.
struct Read {
    tags: Tags,
    /// Theme path -> weight (specificity times centrality).
    themes: Vec<(String, f32)>,
    public: bool,
    /// The taxonomy's broad communities (older people, men, ...): they qualify the
    /// people an activity is for, they do not name them alone.
    broad: Vec<String>,
    /// None: the proposal has no dates.
    window: Option<DateSpan>,
    vector: HashMap<String, f32>,
}

/// A candidate before scoring.
struct Candidate {
    kind: CandidateKind,
    hit: Hit,
    document: Option<SourceDocument>,
    text: String,
    /// Gathered by a survey or a public event: open to anyone, whatever groups it names
    /// as priorities.
    open_method: bool,
}

/// The methods open to anyone who comes, unlike an invited focus group or interview.
const OPEN_METHODS: [Method; 2] = [Method::Survey, Method::PublicEvent];

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
        // an end before the start is read the other way round, and said so (the document
        // cannot say that one date must follow the other)
        let mut warnings = Vec::new();
        let mut proposal = proposal.clone();
        if let (Some(start), Some(end)) = (proposal.start, proposal.end) {
            if end < start {
                warnings.push(format!(
                    "the proposal ends ({end}) before it starts ({start}): it was checked from {end} to {start}; swap them if that is wrong"
                ));
                proposal.start = Some(end);
                proposal.end = Some(start);
            }
        }
        let proposal = &proposal;
        let (taxonomy, tagger) = self.taxonomy_and_tagger()?;
        let mut explicit = Tags::default();
        let mut stated_public = false;
        for (facet, values) in [
            (Facet::Place, &proposal.places),
            (Facet::Segment, &proposal.segments),
            (Facet::Community, &proposal.audiences),
            (Facet::Theme, &proposal.themes),
        ] {
            for value in values {
                let resolved = taxonomy.resolve(facet, value);
                if facet == Facet::Community
                    && matches!(resolved, Resolution::Unknown)
                    && is_public_words(value)
                {
                    stated_public = true;
                    continue;
                }
                match resolved {
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
            let stated = explicit.has(facet) || (facet == Facet::Community && stated_public);
            if stated {
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
        let broad: Vec<String> = taxonomy
            .entries()
            .iter()
            .filter(|e| e.facet == Facet::Community && e.broad)
            .map(|e| e.path.clone())
            .collect();
        let our_communities: Vec<String> = proposal_tags
            .paths(Facet::Community)
            .map(str::to_string)
            .collect();
        let public = stated_public
            || (!proposal_tags.has(Facet::Community)
                && (is_public_words(&proposal_text) || proposal.audiences.is_empty()))
            || mostly_broad(&our_communities, &broad, false);
        let searcher = self.reader.searcher();
        let specificity = |path: &str| self.theme_specificity(&searcher, path);
        let themes = theme_weights(
            &proposal_tags,
            &tagger,
            &proposal.title,
            &proposal_text,
            specificity,
        )?;
        let read = Read {
            window: proposal_window(proposal),
            vector: self.term_vector(&searcher, &subject_words(&tagger, &proposal_text))?,
            tags: proposal_tags,
            themes,
            public,
            broad,
        };

        let (activities, insight) =
            self.scored(&searcher, &read, &tagger, &proposal_text, access)?;
        let hidden = if *access == Access::Everything {
            Hidden::default()
        } else {
            let seen: std::collections::HashSet<&str> = activities
                .iter()
                .chain(&insight)
                .map(|m| m.passage_id.as_str())
                .collect();
            let (all_activities, all_insight) = self.scored(
                &searcher,
                &read,
                &tagger,
                &proposal_text,
                &Access::Everything,
            )?;
            let unseen = |list: &[OverlapMatch]| -> Vec<OverlapMatch> {
                list.iter()
                    .filter(|m| {
                        m.band == Band::LikelyDuplicate && !seen.contains(m.passage_id.as_str())
                    })
                    .cloned()
                    .collect()
            };
            let (hidden_activities, hidden_insight) =
                (unseen(&all_activities), unseen(&all_insight));
            let ask =
                self.whom_to_ask(&searcher, hidden_activities.iter().chain(&hidden_insight))?;
            Hidden {
                activities: hidden_activities.len(),
                sources: hidden_insight.len(),
                ask,
            }
        };
        let keep = |mut list: Vec<OverlapMatch>| {
            list.retain(|m| m.band != Band::Unrelated);
            list.truncate(limit);
            list
        };
        Ok(OverlapReport {
            proposal_tags: read.tags.sorted(),
            warnings,
            activities: keep(activities),
            insight: keep(insight),
            hidden,
            general_public: read.public,
        })
    }

    /// Every candidate `access` may see, scored and sorted (band, then score).
    fn scored(
        &self,
        searcher: &tantivy::Searcher,
        read: &Read,
        tagger: &Tagger,
        proposal_text: &str,
        access: &Access,
    ) -> Result<(Vec<OverlapMatch>, Vec<OverlapMatch>)> {
        let mut activities = Vec::new();
        let mut insight = Vec::new();
        for candidate in self.candidates(searcher, &read.tags, proposal_text, access)? {
            let candidate_vector =
                self.term_vector(searcher, &subject_words(tagger, &candidate.text))?;
            let scored = score(
                &candidate,
                read,
                tagger,
                cosine(&read.vector, &candidate_vector),
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
        }
        Ok((activities, insight))
    }

    /// Whom to ask about overlaps the caller cannot see: each organisation with the
    /// contact its public forward-plan activities give, else the ICB's engagement team
    /// (the contact of the ICB's public activities), without titles or text.
    fn whom_to_ask<'a>(
        &self,
        searcher: &tantivy::Searcher,
        hidden: impl Iterator<Item = &'a OverlapMatch>,
    ) -> Result<Vec<String>> {
        let kind_term = Term::from_facet(
            self.fields.facet(FacetField::Kind),
            &TantivyFacet::from_path([Kind::ForwardPlanActivity.as_str()]),
        );
        let public_activities = self.visible(
            searcher,
            &Access::Public,
            Box::new(TermQuery::new(kind_term, IndexRecordOption::Basic)),
        )?;
        let mut contacts: Vec<(String, String)> = Vec::new();
        for address in searcher.search(&*public_activities, &DocSetCollector)? {
            let hit = self.hit(searcher, address, None, None)?;
            if let (Some(organisation), Some(contact)) = (
                hit.organisation.clone(),
                hit.attributes.get("contact").cloned(),
            ) {
                if !contacts.iter().any(|(o, _)| *o == organisation) {
                    contacts.push((organisation, contact));
                }
            }
        }
        contacts.sort();
        let icb = contacts.iter().find(|(organisation, _)| {
            let lower = organisation.to_lowercase();
            lower.contains("integrated care board") || lower.split_whitespace().any(|w| w == "icb")
        });
        let mut ask = Vec::new();
        for matched in hidden {
            let organisation = matched.organisation.clone().unwrap_or_default();
            let line = match contacts
                .iter()
                .find(|(o, _)| same_organisation(o, &organisation))
            {
                Some((o, contact)) => format!("{o} ({contact})"),
                None => match icb {
                    Some((o, contact)) => format!("{o} ({contact})"),
                    None => "the Integrated Care Board's engagement team".to_string(),
                },
            };
            if !ask.contains(&line) {
                ask.push(line);
            }
        }
        Ok(ask)
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
        // activities gathered by an open method (the method facet is indexed, not
        // stored); only activities, so the set stays the size of the forward plan
        let open_methods = BooleanQuery::new(
            OPEN_METHODS
                .iter()
                .map(|method| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_facet(
                                self.fields.facet(FacetField::Method),
                                &TantivyFacet::from_path([method.as_str()]),
                            ),
                            IndexRecordOption::Basic,
                        )) as Box<dyn Query>,
                    )
                })
                .collect(),
        );
        let open_query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    kind_term(Kind::ForwardPlanActivity),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (Occur::Must, Box::new(open_methods)),
        ]);
        let open = searcher.search(&open_query, &DocSetCollector)?;
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
                open_method: open.contains(&address),
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
            let open_method = document
                .as_ref()
                .is_some_and(|d| d.methods.iter().any(|m| OPEN_METHODS.contains(m)));
            candidates.push(Candidate {
                kind: CandidateKind::Insight,
                hit,
                document,
                text,
                open_method,
            });
        }
        Ok(candidates)
    }

    /// How specific a theme is, from the share of passages that carry it: a theme on
    /// [`RARE_THEME`] of the passages or fewer weighs 1, on a fifth about 0.4, on half
    /// about 0.2 (a theme said of almost everything, such as information, says little
    /// about what a piece of work is about).
    fn theme_specificity(&self, searcher: &tantivy::Searcher, path: &str) -> Result<f32> {
        let facet = TantivyFacet::from_path(path.split('/'));
        let carrying = searcher.doc_freq(&Term::from_facet(
            self.fields.facet(FacetField::Theme),
            &facet,
        ))? as f32;
        if carrying == 0.0 {
            return Ok(1.0);
        }
        let passages = searcher.num_docs().max(1) as f32;
        Ok(((passages / carrying).ln() / (1.0 / RARE_THEME).ln()).clamp(0.1, 1.0))
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

/// The proposal's dates; `None` without any (then compared without dates, never from
/// today's date). A start alone lasts three months; an end alone is a day.
fn proposal_window(proposal: &Proposal) -> Option<DateSpan> {
    let from = proposal.start.or(proposal.end)?;
    let to = proposal.end.unwrap_or_else(|| from + chrono::Days::new(90));
    Some(DateSpan { from, to })
}

/// Whether `text` speaks of the general public ("residents", "patients", "people
/// registered with a GP practice", ...), as whole words.
fn is_public_words(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let joined = format!(" {} ", words.join(" "));
    PUBLIC_WORDS
        .iter()
        .any(|phrase| joined.contains(&format!(" {phrase} ")))
}

/// The words of `text` that say what it is about: the names of places, communities and
/// segments are blanked (they say where and whom, which the place and audience factors
/// judge; left in, "students in Hyde Park" makes any two texts on Hyde Park students
/// alike), and the labels of the themes its words name are appended, so that an
/// abbreviation or synonym ("A&E", "CAMHS") meets the words it stands for.
fn subject_words(tagger: &Tagger, text: &str) -> String {
    let spans = tagger.infer_spans(text);
    let mut out: String = text.to_string();
    for (facet, _, range) in &spans {
        // the ranges are the tagger's word spans: on character boundaries, and blanking
        // with as many spaces keeps the later ones in place
        if *facet != Facet::Theme {
            out.replace_range(range.clone(), &" ".repeat(range.len()));
        }
    }
    let mut added: Vec<&str> = Vec::new();
    for (facet, path, _) in &spans {
        let label = path.rsplit('/').next().unwrap_or(path);
        if *facet == Facet::Theme && !added.contains(&label) {
            out.push('\n');
            out.push_str(label);
            added.push(label);
        }
    }
    out
}

/// Whether an audience is the public with priority groups: two or more broad groups
/// (older people, parents and families, ...) and nothing else, or, for a survey or public
/// event (`open`), broad groups for at least half of those it names.
fn mostly_broad(communities: &[String], broad: &[String], open: bool) -> bool {
    let count = communities.iter().filter(|c| broad.contains(c)).count();
    count >= 2 && (count == communities.len() || (open && count * 2 >= communities.len()))
}

/// The proposal's themes with their weights: specificity times centrality (stated, in
/// the title, or said twice: 1; inferred from one mention: 0.5).
fn theme_weights(
    tags: &Tags,
    tagger: &Tagger,
    title: &str,
    text: &str,
    specificity: impl Fn(&str) -> Result<f32>,
) -> Result<Vec<(String, f32)>> {
    let in_title: Vec<String> = tagger
        .infer_spans(title)
        .into_iter()
        .filter(|(facet, _, _)| *facet == Facet::Theme)
        .map(|(_, path, _)| path)
        .collect();
    let mentions = tagger.infer_spans(text);
    tags.iter()
        .filter(|tag| tag.facet == Facet::Theme)
        .map(|tag| {
            let said = mentions
                .iter()
                .filter(|(facet, path, _)| *facet == Facet::Theme && *path == tag.path)
                .count();
            let central =
                tag.origin == TagOrigin::Explicit || in_title.contains(&tag.path) || said >= 2;
            let centrality = if central { 1.0 } else { 0.5 };
            Ok((tag.path.clone(), specificity(&tag.path)? * centrality))
        })
        .collect()
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
    read: &Read,
    tagger: &Tagger,
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
    let proposal = &read.tags;
    let paths = |tags: &Tags, facet: Facet| -> Vec<String> {
        tags.paths(facet).map(str::to_string).collect()
    };
    let (our_places, their_places) = (paths(proposal, Facet::Place), paths(&tags, Facet::Place));
    let (place, place_detail) = place_score(&view(&our_places), &view(&their_places));

    // audience: people (communities, or the general public), a segment only weakly
    let stated_communities: Vec<String> = tags
        .iter()
        .filter(|t| t.facet == Facet::Community && t.origin != TagOrigin::Inferred)
        .map(|t| t.path.clone())
        .collect();
    let their_communities = if stated_communities.is_empty() {
        paths(&tags, Facet::Community)
    } else {
        stated_communities
    };
    let our_communities = paths(proposal, Facet::Community);
    // a candidate's audience is what its metadata states: the words of a long report
    // ("patients", "residents") say whom it mentions, not whom it asked; a survey or public
    // event naming broad groups as priorities is open to the public
    let candidate_public = mostly_broad(&their_communities, &read.broad, candidate.open_method)
        || their_communities.is_empty();
    // the proposal's people are what names them: its broad groups qualify the others (a
    // proposal for South Asian women is not for women as a whole), unless it names only
    // broad groups; a community inside another is related people, not the same ones
    // (South Asian women and "ethnic minority communities")
    let core = |communities: &[String]| -> Vec<String> {
        let specific: Vec<String> = communities
            .iter()
            .filter(|c| !read.broad.contains(c))
            .cloned()
            .collect();
        if specific.is_empty() {
            communities.to_vec()
        } else {
            specific
        }
    };
    let our_core = core(&our_communities);
    let (community, community_pair) =
        best_pair(&view(&our_core), &view(&their_communities), 0.7, 0.0);
    let (_, broad_pair) = best_pair(&view(&our_communities), &view(&their_communities), 1.0, 0.0);
    let (our_segments, their_segments) = (
        paths(proposal, Facet::Segment),
        paths(&tags, Facet::Segment),
    );
    let (segment, segment_pair) = best_pair(&view(&our_segments), &view(&their_segments), 1.0, 0.0);
    let (audience, audience_detail) = if community > 0.0 {
        let (a, b) = community_pair.expect("a pair gave the score");
        (
            community,
            if a == b {
                format!("shared audience: {a}")
            } else {
                format!("related audiences: {a} and {b}")
            },
        )
    } else if read.public && candidate_public {
        (1.0, "both aimed at the general public".to_string())
    } else if let Some((a, _)) = broad_pair {
        (
            0.5,
            format!("only a broad group in common ({a}): the communities each is for differ"),
        )
    } else if read.public != candidate_public && (read.public || !our_communities.is_empty()) {
        let detail = if read.public {
            format!(
                "the proposal is for the general public; this is for {}",
                their_communities.join(", ")
            )
        } else {
            format!(
                "the proposal is for {}; this is for the general public",
                our_communities.join(", ")
            )
        };
        (0.3, detail)
    } else if segment > 0.0 {
        let (a, _) = segment_pair.expect("a pair gave the score");
        (
            0.3,
            format!("same population segment only ({a}): different communities, weak evidence"),
        )
    } else {
        (0.0, "no shared audience".into())
    };

    // subject: the proposal's weighted themes, and the wording
    let their_themes: Vec<(String, f32)> = tags
        .iter()
        .filter(|t| t.facet == Facet::Theme)
        .map(|t| {
            let stated = if t.origin == TagOrigin::Inferred {
                0.6
            } else {
                1.0
            };
            (t.path.clone(), stated)
        })
        .collect();
    let mut shared = Vec::new();
    let mut theme_total = 0.0;
    let mut weight_total = 0.0;
    for (theme, weight) in &read.themes {
        weight_total += weight;
        let mut best = (0.0f32, None);
        for (theirs, stated) in &their_themes {
            let value = closeness(theme, theirs, 0.7, 0.3) * stated;
            if value > best.0 {
                best = (value, Some(theirs));
            }
        }
        theme_total += weight * best.0;
        if best.0 >= 0.6 {
            if let Some(theirs) = best.1 {
                shared.push(if theirs == theme {
                    theme.clone()
                } else {
                    format!("{theme} ~ {theirs}")
                });
            }
        }
    }
    let themes = theme_total / weight_total.max(1.0);
    let themes_detail = if shared.is_empty() {
        "no shared themes".into()
    } else {
        format!("shared themes: {}", shared.join(", "))
    };
    let text = (text_similarity / TEXT_FULL).min(1.0);
    let text_detail = format!("similar wording: cosine {text_similarity:.2}");
    let _ = tagger;

    // past insight is dated by its document (the whole engagement), an activity by itself
    let candidate_date = match (&candidate.document, candidate.kind) {
        (Some(document), CandidateKind::Insight) => document.date.or(hit.date),
        _ => hit.date,
    };
    let (dates, recent, dates_detail) = match (read.window, candidate_date) {
        (None, _) => (
            0.5,
            true,
            "the proposal has no dates: compared without them".to_string(),
        ),
        (Some(_), None) => (0.5, true, "no dates recorded".to_string()),
        (Some(window), Some(span)) if span.from <= window.to && span.to >= window.from => (
            1.0,
            true,
            format!("overlapping dates: {} to {}", span.from, span.to),
        ),
        (Some(window), Some(span)) if span.to < window.from => {
            let gap = (window.from - span.to).num_days();
            let months = (gap as f32 / 30.4).round();
            if gap <= RECENT_DAYS {
                (
                    1.0,
                    true,
                    format!(
                        "ended {months} months before the proposal starts ({}): recent",
                        span.to
                    ),
                )
            } else {
                let value = (1.0 - (gap - RECENT_DAYS) as f32 / 730.0).max(0.0);
                (
                    value,
                    false,
                    format!(
                        "ended {months} months before the proposal starts ({}): more than 18 months, so older work",
                        span.to
                    ),
                )
            }
        }
        (Some(window), Some(span)) => {
            let gap = (span.from - window.to).num_days() as f32;
            (
                (1.0 - gap / 365.0).max(0.0),
                false,
                format!(
                    "starts {} months after the proposal ends ({})",
                    (gap / 30.4).round(),
                    span.from
                ),
            )
        }
    };

    let w = WEIGHTS;
    let total = w.place * place
        + w.audience * audience
        + w.themes * themes
        + w.dates * dates
        + w.text * text;
    let place_match = place >= PLACE_MATCH;
    let same_people = audience >= SAME_PEOPLE && place_match;
    let same_subject = themes >= SAME_SUBJECT || text_similarity >= SAME_WORDING;
    // the same people about substantially the same subject: the themes and the wording
    // together, so neither one weak shared theme nor the wording alone makes a duplicate
    let duplicate_subject = themes + text_similarity >= DUPLICATE_SUBJECT;
    let band = if same_people && duplicate_subject && recent {
        Band::LikelyDuplicate
    } else if same_subject || same_people {
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
        date: candidate_date,
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
    fn broad_groups_make_the_public_only_together() {
        let broad = vec![
            "Older people".to_string(),
            "Parents and families".to_string(),
        ];
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(mostly_broad(
            &list(&["Older people", "Parents and families"]),
            &broad,
            false
        ));
        assert!(!mostly_broad(&list(&["Older people"]), &broad, true));
        let with_carers = list(&["Older people", "Parents and families", "Carers"]);
        assert!(!mostly_broad(&with_carers, &broad, false));
        assert!(mostly_broad(&with_carers, &broad, true));
        let mostly_specific = list(&["Older people", "Carers", "Deaf people"]);
        assert!(!mostly_broad(&mostly_specific, &broad, true));
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
