//! The JSON wire format of the API: the only place that knows it. Index types are
//! converted here; offsets are in characters (Unicode scalar values), and snippet
//! markup is escaped HTML with `<mark>` around highlights.

use insight_index::{FacetCount, Hit};
use insight_model::{DateSpan, SentimentTag, SourceDocument, Tags};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct DateRange {
    /// First day, yyyy-mm-dd.
    pub from: String,
    /// Last day, yyyy-mm-dd (same as `from` for a single date).
    pub to: String,
}

impl From<DateSpan> for DateRange {
    fn from(span: DateSpan) -> Self {
        Self {
            from: span.from.to_string(),
            to: span.to.to_string(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagJson {
    /// place, segment, theme or community.
    pub facet: String,
    /// Full taxonomy path, e.g. `West Yorkshire/Leeds`.
    pub value: String,
    /// explicit (stated by the source's metadata), learned (suggested by the learned
    /// model, see `confidence`) or inferred (by the taxonomy's rules, from the text).
    pub origin: String,
    /// For a learned tag: the model's probability, 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// A passage's sentiment as the learned model judged it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentimentJson {
    /// positive, neutral (mixed or neutral) or negative.
    pub value: String,
    /// The model's probability, 0 to 1.
    pub confidence: f64,
}

pub fn sentiment(sentiment: Option<SentimentTag>) -> Option<SentimentJson> {
    sentiment.map(|s| SentimentJson {
        value: s.value.to_string(),
        confidence: s.confidence.value(),
    })
}

pub fn tags(tags: &Tags) -> Vec<TagJson> {
    tags.sorted()
        .iter()
        .map(|tag| TagJson {
            facet: tag.facet.to_string(),
            value: tag.path.clone(),
            origin: match tag.origin {
                insight_model::TagOrigin::Explicit => "explicit".into(),
                insight_model::TagOrigin::Learned => "learned".into(),
                insight_model::TagOrigin::Inferred => "inferred".into(),
            },
            confidence: tag.confidence.map(|c| c.value()),
        })
        .collect()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SnippetJson {
    /// Plain text of the extract.
    pub text: String,
    /// [start, end) character offsets of highlighted words in `text`.
    pub highlights: Vec<[usize; 2]>,
    /// The extract as escaped HTML with `<mark>` around highlights.
    pub html: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SourceRef {
    /// File path relative to the corpus folder.
    pub file: String,
    /// Where in the file: heading path with line, or row and record id.
    pub locator: String,
    pub url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HitJson {
    pub passage_id: String,
    pub doc_id: String,
    /// Title of the source document.
    pub title: String,
    /// Heading path of the passage, or the survey question.
    pub heading: String,
    pub source: SourceRef,
    pub kind: String,
    pub organisation: Option<String>,
    /// ISO 639-1 code of the passage's language (stated, or detected from its text).
    pub language: String,
    pub date: Option<DateRange>,
    /// Relevance score (BM25) when sorted by relevance.
    pub score: Option<f32>,
    pub snippet: SnippetJson,
    pub tags: Vec<TagJson>,
    /// The passage's sentiment, where the learned model judged it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<SentimentJson>,
    pub attributes: BTreeMap<String, String>,
    /// Status of a forward-plan activity or a "You said, we did" action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// With group=document: how many passages of this document match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matches_in_document: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCountJson {
    /// Full path, e.g. `West Yorkshire/Leeds/Inner East`.
    pub value: String,
    /// Last path segment, for display.
    pub label: String,
    /// 1 for a top-level value; a value of depth n sits under the value of depth n-1
    /// that its path starts with.
    pub depth: usize,
    pub count: u64,
}

pub fn facet_counts<'a>(counts: impl Iterator<Item = &'a FacetCount>) -> Vec<FacetCountJson> {
    counts
        .map(|c| FacetCountJson {
            value: c.value.clone(),
            label: c.value.rsplit('/').next().unwrap_or(&c.value).to_string(),
            depth: c.value.split('/').count(),
            count: c.count,
        })
        .collect()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    pub query: String,
    /// Matching passages.
    pub total: usize,
    /// Matching documents, with group=document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_documents: Option<usize>,
    pub page: usize,
    pub per_page: usize,
    /// Number of pages of hits (of documents with group=document); 0 when nothing matches.
    pub pages: usize,
    /// The filters as applied, resolved to full values.
    pub filters: BTreeMap<String, Vec<String>>,
    pub hits: Vec<HitJson>,
    /// For every facet, the counts of its values over the whole result set; a filtered
    /// facet is counted with its own filter lifted, so its other values stay visible.
    pub facets: BTreeMap<String, Vec<FacetCountJson>>,
    /// How the query text was read; absent without query text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interpretation: Option<InterpretationJson>,
    pub took_ms: u64,
    /// The sync cursor of what this answer saw: `/api/changes?since=` it lists what
    /// changed after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// A page of changes to a slice since a cursor.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangesResponse {
    /// The cursor asked from (absent for a whole listing).
    pub since: Option<String>,
    /// Where this page ends: ask with it as `since` next time (at once while `more`).
    pub cursor: String,
    /// More changes follow this page.
    pub more: bool,
    /// When the index last changed (RFC 3339).
    pub changed_at: Option<String>,
    /// Passages added or changed since the cursor that are in the slice, in the order
    /// they changed (as in the NDJSON export): replace your copy of each.
    pub changed: Vec<PassageJson>,
    /// Ids of passages removed since the cursor, or changed so that they are not in the
    /// slice now: delete them from your copy if it holds them. Never an id of `changed`.
    pub removed: Vec<String>,
}

/// How the query text was read, so a page can say what it searched.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterpretationJson {
    /// `words`: a plain query, matched gracefully (passages with all the words first,
    /// then with most of them; the themes the words name; near spellings of rare words).
    /// `exact`: query syntax (quotes, AND/OR/NOT, +/-, brackets, field:, wildcards) or
    /// `exact=true`: every word required as written.
    #[schema(example = "words")]
    pub matching: String,
    /// The words searched, as typed.
    pub words: Vec<String>,
    /// Words left out: common words ("the", "to"), and the least distinctive words of a
    /// query longer than 16 words.
    pub ignored: Vec<String>,
    /// Every hit has at least this many of `words` (all of them, unless fewer than 10
    /// passages had them all).
    pub required: usize,
    /// Themes also searched: passages tagged with them count for the words naming them.
    pub themes: Vec<String>,
    /// Themes the words name that were not added, because `expand_themes=false`.
    pub themes_not_added: Vec<String>,
    /// Rare or unknown words also matched as the near spelling most passages hold.
    pub corrections: Vec<CorrectionJson>,
    /// When nothing matched: the query with unknown words replaced by near spellings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Said about the query: its syntax could not be read (so its words were searched),
    /// or it has no words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CorrectionJson {
    pub typed: String,
    pub found: String,
}

pub fn interpretation(read: insight_index::Interpretation) -> InterpretationJson {
    InterpretationJson {
        matching: read.matching.to_string(),
        words: read.words,
        ignored: read.ignored,
        required: read.required,
        themes: read.themes,
        themes_not_added: read.themes_not_added,
        corrections: read
            .corrections
            .into_iter()
            .map(|c| CorrectionJson {
                typed: c.typed,
                found: c.found,
            })
            .collect(),
        suggestion: read.suggestion,
        notice: read.notice,
    }
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn snippet(text: &str, byte_ranges: &[(usize, usize)]) -> SnippetJson {
    let mut html = String::new();
    let mut highlights = Vec::new();
    let mut last = 0;
    for &(start, end) in byte_ranges {
        if start < last
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        html.push_str(&escape(&text[last..start]));
        html.push_str("<mark>");
        html.push_str(&escape(&text[start..end]));
        html.push_str("</mark>");
        highlights.push([text[..start].chars().count(), text[..end].chars().count()]);
        last = end;
    }
    html.push_str(&escape(&text[last..]));
    SnippetJson {
        text: text.to_string(),
        highlights,
        html,
    }
}

pub fn hit(hit: Hit) -> HitJson {
    HitJson {
        snippet: snippet(&hit.snippet.text, &hit.snippet.highlights),
        passage_id: hit.passage_id,
        doc_id: hit.doc_id,
        title: hit.title,
        heading: hit.heading,
        source: SourceRef {
            file: hit.file,
            locator: hit.locator,
            url: hit.url,
        },
        kind: hit.kind,
        organisation: hit.organisation,
        language: hit.language,
        date: hit.date.map(DateRange::from),
        score: hit.score,
        tags: tags(&hit.tags),
        sentiment: sentiment(hit.sentiment),
        attributes: hit.attributes,
        status: hit.status,
        matches_in_document: hit.matches_in_document,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PassageJson {
    pub passage_id: String,
    pub doc_id: String,
    pub title: String,
    pub heading: String,
    pub source: SourceRef,
    pub kind: String,
    /// The passage's lead organisation (its own, for a forward-plan activity).
    pub organisation: Option<String>,
    /// ISO 639-1 code of the passage's language (stated, or detected from its text).
    pub language: String,
    /// Status of a forward-plan activity or a "You said, we did" action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub date: Option<DateRange>,
    pub text: String,
    pub tags: Vec<TagJson>,
    /// The passage's sentiment, where the learned model judged it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<SentimentJson>,
    pub attributes: BTreeMap<String, String>,
}

pub fn passage(hit: Hit) -> PassageJson {
    PassageJson {
        passage_id: hit.passage_id,
        doc_id: hit.doc_id,
        title: hit.title,
        heading: hit.heading,
        source: SourceRef {
            file: hit.file,
            locator: hit.locator,
            url: hit.url,
        },
        kind: hit.kind,
        organisation: hit.organisation,
        language: hit.language,
        status: hit.status,
        date: hit.date.map(DateRange::from),
        text: hit.text,
        tags: tags(&hit.tags),
        sentiment: sentiment(hit.sentiment),
        attributes: hit.attributes,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentJson {
    pub doc_id: String,
    pub title: String,
    pub kind: String,
    pub file: String,
    pub organisation: Option<String>,
    pub partners: Vec<String>,
    pub methods: Vec<String>,
    pub participation: Option<String>,
    pub participants: Option<u32>,
    pub date: Option<DateRange>,
    pub visibility: String,
    pub url: Option<String>,
    pub language: String,
    /// Tags stated by the document's metadata.
    pub tags: Vec<TagJson>,
    pub attributes: BTreeMap<String, String>,
    /// All passages of the document.
    pub passage_count: usize,
    /// The page of passages returned, its size and the number of pages.
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
    /// One page of passages, in file order.
    pub passages: Vec<PassageJson>,
    /// "You said, we did" records that link to this document or its passages: what
    /// changed because of it, newest first.
    pub changes: Vec<ChangeJson>,
    /// Forward-plan activities whose report is this document: the engagement that
    /// produced it.
    pub activities: Vec<ChangeJson>,
}

/// A passage linked to a document: a "You said, we did" record, or an activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeJson {
    pub passage_id: String,
    /// The document holding the record or activity.
    pub doc_id: String,
    /// you said we did, or forward plan activity.
    pub kind: String,
    pub title: String,
    /// "You said: ... Decision: ... We did: ..."
    pub text: String,
    /// planned, in progress, done or not taken forward.
    pub status: Option<String>,
    pub date: Option<DateRange>,
    pub organisation: Option<String>,
}

pub fn change(hit: Hit) -> ChangeJson {
    ChangeJson {
        passage_id: hit.passage_id,
        doc_id: hit.doc_id,
        kind: hit.kind,
        title: hit.heading,
        text: hit.text,
        status: hit.status,
        date: hit.date.map(DateRange::from),
        organisation: hit.organisation,
    }
}

pub fn document(
    document: SourceDocument,
    passages: Vec<Hit>,
    changes: Vec<Hit>,
    activities: Vec<Hit>,
    page: usize,
    per_page: usize,
) -> DocumentJson {
    let passage_count = passages.len();
    let pages = passage_count.div_ceil(per_page);
    let page_of_passages = passages
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page);
    DocumentJson {
        passage_count,
        page,
        per_page,
        pages,
        doc_id: document.doc_id,
        title: document.title,
        kind: document.kind.to_string(),
        file: document.file,
        organisation: document.organisation,
        partners: document.partners,
        methods: document.methods.iter().map(|m| m.to_string()).collect(),
        participation: document.participation.map(|p| p.to_string()),
        participants: document.participants,
        date: document.date.map(DateRange::from),
        visibility: document.visibility.to_string(),
        url: document.url,
        language: document.language,
        tags: tags(&document.tags),
        attributes: document.attributes,
        passages: page_of_passages.map(passage).collect(),
        changes: changes.into_iter().map(change).collect(),
        activities: activities.into_iter().map(change).collect(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TaxonomyValueJson {
    /// Full path.
    pub value: String,
    /// Last segment, for display.
    pub label: String,
    /// 1 for a top-level value.
    pub depth: usize,
    /// Passages carrying this value (or one beneath it).
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetsResponse {
    /// For the taxonomy facets, every value of the taxonomy (count 0 included), in
    /// taxonomy order; for the others, every value in the index.
    pub facets: BTreeMap<String, Vec<TaxonomyValueJson>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthResponse {
    /// "ok" when the index is readable.
    pub status: String,
    /// Passages and documents this request may see.
    pub passages: u64,
    pub documents: u64,
    pub schema_version: u32,
    /// What this request may see: `public`, `partner: ORGANISATION` or `everything`.
    pub access: String,
    /// The id of the API key presented, if any.
    pub key: Option<String>,
    /// How Chinese, Japanese and Korean text is split into words.
    pub dictionaries: Vec<DictionaryJson>,
}

/// One language's word segmentation.
#[derive(Debug, Serialize, ToSchema)]
pub struct DictionaryJson {
    /// zh, ja or ko.
    pub language: String,
    pub segmenter: String,
    /// False: the language's text is found through character bigrams only.
    pub loaded: bool,
    pub note: String,
}

/// How a reader's access is described to them.
pub fn access(access: &insight_model::Access) -> String {
    match access {
        insight_model::Access::Public => "public".into(),
        insight_model::Access::Partner { organisation } => format!("partner: {organisation}"),
        insight_model::Access::Everything => "everything".into(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelinePeriod {
    /// 2025, 2025-Q2 or 2025-04.
    pub period: String,
    /// All matching passages dated in the period.
    pub total: u64,
    /// Matching passages per top-level theme.
    pub themes: BTreeMap<String, u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineResponse {
    pub interval: String,
    pub periods: Vec<TimelinePeriod>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonJson {
    /// place, audience, themes, dates or text.
    pub factor: String,
    /// 0 to 1.
    pub score: f32,
    /// The factor's weight in the total score.
    pub weight: f32,
    pub detail: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverlapMatchJson {
    /// activity or insight.
    pub kind: String,
    /// The activity's ID, or the source file of past insight.
    pub id: String,
    pub doc_id: String,
    pub passage_id: String,
    pub title: String,
    pub source_kind: String,
    pub organisation: Option<String>,
    /// planned, live or closed, for an activity.
    pub status: Option<String>,
    pub contact: Option<String>,
    pub date: Option<DateRange>,
    pub tags: Vec<TagJson>,
    /// Weighted sum of the reasons' scores, 0 to 1.
    pub score: f32,
    /// likely_duplicate, related or unrelated.
    pub band: String,
    pub reasons: Vec<ReasonJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverlapThresholds {
    /// What the place factor must reach for the same or a nested place.
    pub place_match: f32,
    /// What the audience factor must reach for the same people.
    pub same_people: f32,
    /// What the themes factor must reach for the same subject (the related band).
    pub same_subject: f32,
    /// What the cosine of the subject words must reach for the same subject (the related
    /// band), where the themes do not.
    pub same_wording: f32,
    /// What the themes factor and the cosine must reach together for the subject of a
    /// likely duplicate.
    pub duplicate_subject: f32,
    /// Past work that ended up to this many months before the proposal starts is recent.
    pub recent_months: u32,
    pub rule: String,
}

/// Likely duplicates the caller may not see: how many, and whom to ask; never their
/// titles or text.
#[derive(Debug, Serialize, ToSchema)]
pub struct HiddenJson {
    pub activities: usize,
    pub sources: usize,
    /// Engagement teams to ask, with their contact where a public activity gives it.
    pub ask: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverlapResponse {
    /// The proposal's tags: given (explicit) and found in its text (inferred).
    pub proposal_tags: Vec<TagJson>,
    pub warnings: Vec<String>,
    /// Planned, live and closed forward-plan activities, closest first.
    pub activities: Vec<OverlapMatchJson>,
    /// Past reports, surveys and notes, closest first.
    pub insight: Vec<OverlapMatchJson>,
    /// Likely duplicates among what the caller may not see.
    pub hidden: HiddenJson,
    /// Whether the proposal was read as aimed at the general public.
    pub general_public: bool,
    pub thresholds: OverlapThresholds,
}

fn overlap_match(m: insight_index::OverlapMatch) -> OverlapMatchJson {
    let text = |value: serde_json::Value| value.as_str().unwrap_or_default().to_string();
    OverlapMatchJson {
        kind: text(serde_json::to_value(m.kind).unwrap_or_default()),
        band: text(serde_json::to_value(m.band).unwrap_or_default()),
        id: m.id,
        doc_id: m.doc_id,
        passage_id: m.passage_id,
        title: m.title,
        source_kind: m.source_kind,
        organisation: m.organisation,
        status: m.status,
        contact: m.contact,
        date: m.date.map(DateRange::from),
        tags: tags(&m.tags),
        score: m.score,
        reasons: m
            .reasons
            .into_iter()
            .map(|r| ReasonJson {
                factor: r.factor.to_string(),
                score: (r.score * 1000.0).round() / 1000.0,
                weight: r.weight,
                detail: r.detail,
            })
            .collect(),
    }
}

pub fn overlap(report: insight_index::OverlapReport) -> OverlapResponse {
    OverlapResponse {
        proposal_tags: tags(&report.proposal_tags),
        warnings: report.warnings,
        activities: report.activities.into_iter().map(overlap_match).collect(),
        insight: report.insight.into_iter().map(overlap_match).collect(),
        hidden: HiddenJson {
            activities: report.hidden.activities,
            sources: report.hidden.sources,
            ask: report.hidden.ask,
        },
        general_public: report.general_public,
        thresholds: OverlapThresholds {
            place_match: insight_index::PLACE_MATCH,
            same_people: insight_index::SAME_PEOPLE,
            same_subject: insight_index::SAME_SUBJECT,
            same_wording: insight_index::SAME_WORDING,
            duplicate_subject: insight_index::DUPLICATE_SUBJECT,
            recent_months: (insight_index::RECENT_DAYS as f32 / 30.44).round() as u32,
            rule: "likely duplicate: the same people (audience >= same_people, in a place >= place_match) about substantially the same subject (themes + cosine >= duplicate_subject), overlapping or ended within recent_months before the proposal starts (or the proposal has no dates); related: the same subject (themes >= same_subject or cosine >= same_wording) anywhere or any time, or the same people; the score orders candidates within a band".into(),
        },
    }
}
