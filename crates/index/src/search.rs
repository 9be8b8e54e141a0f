//! Search: parses the query, applies facet and date filters, ranks or sorts, and
//! returns hits with snippets plus facet counts that stay correct under filters
//! (each filtered facet is counted with its own filter lifted: multi-select faceting).

use crate::error::{Error, Result};
use crate::facets::{self, FacetCount};
use crate::group::DocumentGroup;
use crate::relax::{self, Interpretation, PlainQuery};
use crate::schema::FacetField;
use crate::write::day_start;
use crate::InsightIndex;
use chrono::NaiveDate;
use insight_model::{Access, DateSpan, SentimentTag, SourceDocument, Tags};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::ops::ControlFlow;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 1000;
/// The longest query text, in characters.
pub const MAX_QUERY_CHARS: usize = 10_000;
/// The deepest nesting of brackets in a query (tantivy's parser recurses per level).
pub const MAX_QUERY_NESTING: usize = 100;
const SNIPPET_CHARS: usize = 240;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Oldest,
}

/// A search: query text, filters, dates, order and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// Words, "phrases", AND/OR/NOT, field:value; empty matches everything.
    pub query: String,
    /// Values of one facet are OR'ed, different facets AND'ed. A value may be a full
    /// path or its last segment; a hierarchical value includes its children.
    pub filters: BTreeMap<FacetField, Vec<String>>,
    /// Passages whose date or period overlaps [from, to].
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
    /// Collapse passages by source document: one hit per document (its best passage),
    /// `limit` and `offset` count documents.
    pub group_by_document: bool,
    /// Who is asking: passages they may not see are left out of hits and counts alike.
    pub access: Access,
    /// Every word required as written: no relaxation, themes or near spellings (query
    /// syntax always means this).
    pub exact: bool,
    /// A plain query also finds passages tagged with the themes its words name.
    pub expand_themes: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        Self {
            query: String::new(),
            filters: BTreeMap::new(),
            from: None,
            to: None,
            sort: Sort::Relevance,
            offset: 0,
            limit: 10,
            group_by_document: false,
            access: Access::Public,
            exact: false,
            expand_themes: true,
        }
    }
}

/// A highlighted extract of a passage; `highlights` are byte ranges into `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// One matching passage.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub passage_id: String,
    pub doc_id: String,
    pub file: String,
    pub locator: String,
    pub title: String,
    pub heading: String,
    pub kind: String,
    pub organisation: Option<String>,
    pub url: Option<String>,
    pub date: Option<DateSpan>,
    /// BM25 score when ranked by relevance.
    pub score: Option<f32>,
    pub snippet: Snippet,
    pub text: String,
    pub tags: Tags,
    pub attributes: BTreeMap<String, String>,
    /// Position of the passage in its file.
    pub ordinal: usize,
    /// Status of a forward-plan activity or a "You said, we did" action.
    pub status: Option<String>,
    /// Ids of the documents and passages the passage refers to.
    pub links: Vec<String>,
    /// ISO 639-1 code of the passage's language, stated or detected.
    pub language: String,
    /// The passage's sentiment, where the learned model judged it.
    pub sentiment: Option<SentimentTag>,
    /// When grouped by document: how many passages of the document match.
    pub matches_in_document: Option<usize>,
}

/// Hits of one page, the total, and the facet counts of the whole result set.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Matching passages.
    pub total: usize,
    /// Matching documents, when grouped by document.
    pub total_documents: Option<usize>,
    pub hits: Vec<Hit>,
    /// Facet name -> values with counts, most frequent first.
    pub facets: BTreeMap<&'static str, Vec<FacetCount>>,
    /// The filters as applied: facet name -> resolved full paths.
    pub filters: BTreeMap<&'static str, Vec<String>>,
    /// How the query text was read; `None` without query text.
    pub interpretation: Option<Interpretation>,
    /// The sync cursor of what this answer saw (see `changes`): give it as `since` to
    /// list what changed after it.
    pub cursor: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct StoredPassage {
    #[serde(default)]
    pub(crate) ordinal: usize,
    #[serde(default)]
    pub(crate) organisation: Option<String>,
    #[serde(default)]
    pub(crate) status: Option<String>,
    #[serde(default)]
    pub(crate) links: Vec<String>,
    pub(crate) locator: String,
    pub(crate) tags: Tags,
    pub(crate) attributes: BTreeMap<String, String>,
    pub(crate) date: Option<DateSpan>,
    #[serde(default)]
    pub(crate) language: Option<String>,
    #[serde(default)]
    pub(crate) sentiment: Option<SentimentTag>,
}

impl InsightIndex {
    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        if request.limit == 0 || request.limit > MAX_LIMIT {
            return Err(Error::InvalidRequest(format!(
                "limit must be between 1 and {MAX_LIMIT}, not {}",
                request.limit
            )));
        }
        if request.offset > 100_000 {
            return Err(Error::InvalidRequest(
                "offset must be at most 100000; narrow the search with filters instead".into(),
            ));
        }
        let snapshot = self.snapshot()?;
        let searcher = snapshot.searcher.clone();
        let mut prepared = self.prepare(&searcher, request)?;
        let query = prepared.query(self, None);
        let unfiltered_facets: Vec<FacetField> = FacetField::ALL
            .into_iter()
            .filter(|f| !prepared.filters.contains_key(f))
            .collect();
        let (total, mut facet_values) = if prepared.everything {
            // counted once per reader generation and access
            let visible = self.seen_by(&searcher, &request.access)?;
            (visible.passages, visible.facets.clone())
        } else {
            let counter = self.facet_counter(&searcher, unfiltered_facets);
            searcher.search(&*query, &(Count, counter))?
        };
        for facet in prepared.filters.keys() {
            let lifted = prepared.query(self, Some(*facet));
            let counter = self.facet_counter(&searcher, vec![*facet]);
            facet_values.extend(searcher.search(&*lifted, &counter)?);
        }

        if total == 0 {
            if let Some(plain) = prepared.plain.as_mut() {
                plain.suggest(self, &searcher, &request.query)?;
            }
        }
        let interpretation = prepared
            .plain
            .take()
            .map(|plain| plain.interpretation)
            .or(prepared.exact_interpretation.take());
        let mut total_documents = None;
        let addresses: Vec<(Option<f32>, DocAddress, Option<usize>)> = if request.group_by_document
        {
            let groups = grouped(&searcher, &*query, request.sort)?;
            total_documents = Some(groups.len());
            groups
                .into_iter()
                .skip(request.offset)
                .take(request.limit)
                .map(|group| {
                    (
                        Some(group.score).filter(|_| request.sort == Sort::Relevance),
                        group.best,
                        Some(group.matches),
                    )
                })
                .collect()
        } else {
            let page = TopDocs::with_limit(request.limit).and_offset(request.offset);
            match request.sort {
                Sort::Relevance => searcher
                    .search(&*query, &page.order_by_score())?
                    .into_iter()
                    .map(|(score, address)| (Some(score), address, None))
                    .collect(),
                Sort::Newest => searcher
                    .search(
                        &*query,
                        &page.order_by_fast_field::<tantivy::DateTime>("date_to", Order::Desc),
                    )?
                    .into_iter()
                    .map(|(_, a)| (None, a, None))
                    .collect(),
                Sort::Oldest => searcher
                    .search(
                        &*query,
                        &page.order_by_fast_field::<tantivy::DateTime>("date_from", Order::Asc),
                    )?
                    .into_iter()
                    .map(|(_, a)| (None, a, None))
                    .collect(),
            }
        };
        let snippets = Snippets::new(&searcher, &*query, &self.fields)?;
        let hits = addresses
            .into_iter()
            .map(|(score, address, matches)| {
                let mut hit = self.hit(&searcher, address, score, Some(&snippets))?;
                hit.matches_in_document = matches;
                Ok(hit)
            })
            .collect::<Result<Vec<_>>>()?;
        let facets = facet_values
            .into_iter()
            .map(|(facet, values)| (facet.name(), facets::ranked(values)))
            .collect();
        let filters = prepared
            .filters
            .into_iter()
            .map(|(facet, values)| {
                (
                    facet.name(),
                    values.iter().map(|f| f.to_path().join("/")).collect(),
                )
            })
            .collect();
        Ok(SearchResults {
            total,
            total_documents,
            hits,
            facets,
            filters,
            interpretation,
            cursor: snapshot.cursor(),
        })
    }

    /// Validates a request and builds its parts: the text query, the resolved filters
    /// and the date range.
    pub(crate) fn prepare(&self, searcher: &Searcher, request: &SearchRequest) -> Result<Prepared> {
        // a `to` before `from` is an empty period: nothing matches (the command line and
        // the page say "swap them" before they ask)
        let inverted = matches!((request.from, request.to), (Some(from), Some(to)) if to < from);
        check_query_size(&request.query)?;
        // syntax that cannot be read is searched as its words, and said so
        let mut unreadable: Option<String> = None;
        let (mut text, mut filters) = match extract_facet_terms(&request.query) {
            Ok(read) => read,
            Err(Error::InvalidQuery { reason, .. }) => {
                unreadable = Some(reason);
                (relax::strip_syntax(&request.query), BTreeMap::new())
            }
            Err(other) => return Err(other),
        };
        for (facet, values) in &request.filters {
            filters
                .entry(*facet)
                .or_default()
                .extend(values.iter().cloned());
        }
        let all_text = matches_all_text(&text);
        let mut resolved: BTreeMap<FacetField, Vec<Facet>> = BTreeMap::new();
        let seen = self.seen_by(searcher, &request.access)?;
        for (facet, values) in &filters {
            let known = seen
                .facets
                .get(facet)
                .map(|values| values.keys().collect())
                .unwrap_or_default();
            let mut facets = Vec::new();
            for value in values {
                let facet_value = resolve_value(*facet, value, &known)?;
                if !facets.contains(&facet_value) {
                    facets.push(facet_value);
                }
            }
            resolved.insert(*facet, facets);
        }
        if let Some(values) = resolved.get(&FacetField::Community) {
            let equality = self.equality_paths()?;
            if let Some(value) = values
                .iter()
                .map(|v| v.to_path().join("/"))
                .find(|path| equality.contains(path))
            {
                return Err(Error::EqualityFilter {
                    facet: "community".into(),
                    value,
                });
            }
        }
        let dates = if inverted {
            Some(Box::new(tantivy::query::EmptyQuery) as Box<dyn Query>)
        } else {
            self.date_query(request.from, request.to)
        };
        let access = self.access_query(searcher, &request.access)?;
        let mut plain = None;
        let mut exact_interpretation = None;
        let mut text_query = None;
        if unreadable.is_none() && !all_text && (request.exact || !relax::is_plain(&text)) {
            match self.text_query(&text, &request.query) {
                Ok(query) => {
                    exact_interpretation = Some(Interpretation {
                        matching: "exact",
                        ..Interpretation::default()
                    });
                    text_query = Some(query);
                }
                Err(Error::InvalidQuery { reason, .. }) => {
                    unreadable = Some(reason);
                    text = relax::strip_syntax(&text);
                }
                Err(other) => return Err(other),
            }
        }
        let text_query = match text_query {
            Some(query) => query,
            None if all_text && unreadable.is_none() => self.text_query(&text, &request.query)?,
            None => {
                let mut read = self.plain_query(
                    searcher,
                    &text,
                    request.expand_themes,
                    resolved.contains_key(&FacetField::Kind),
                    seen.facets.get(&FacetField::Theme),
                )?;
                if let Some(reason) = &unreadable {
                    read.notice(format!(
                        "the query's syntax could not be read ({reason}), so its words were searched"
                    ));
                }
                let query: Box<dyn Query> = if read.is_empty() {
                    read.notice(
                        "the query has no words to search for: type some words, or leave it empty to list everything"
                            .into(),
                    );
                    Box::new(tantivy::query::EmptyQuery)
                } else {
                    self.relaxed(&mut read, |candidate| {
                        let whole = self.combine(
                            candidate,
                            &resolved,
                            dates.as_deref(),
                            access.as_deref(),
                            None,
                        );
                        Ok(searcher.search(&*whole, &Count)?)
                    })?
                };
                plain = Some(read);
                query
            }
        };
        Ok(Prepared {
            everything: all_text && plain.is_none() && resolved.is_empty() && dates.is_none(),
            text: text_query,
            filters: resolved,
            dates,
            access,
            plain,
            exact_interpretation,
        })
    }

    /// The passages of one kind that link to a document or any of its passages,
    /// newest first: the "You said, we did" records answering it (what changed because
    /// of it), or the forward-plan activities that produced it.
    pub fn linked_to(
        &self,
        kind: insight_model::Kind,
        doc_id: &str,
        passage_ids: &[String],
        access: &Access,
    ) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let terms = std::iter::once(doc_id)
            .chain(passage_ids.iter().map(String::as_str))
            .map(|id| Term::from_field_text(self.fields.links, id));
        let kind_term = Term::from_facet(
            self.fields.facet(FacetField::Kind),
            &Facet::from_path([kind.as_str()]),
        );
        let query: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(tantivy::query::TermSetQuery::new(terms)) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(kind_term, IndexRecordOption::Basic)),
            ),
        ]));
        let query = self.visible(&searcher, access, query)?;
        let mut hits = searcher
            .search(&*query, &DocSetCollector)?
            .into_iter()
            .map(|address| self.hit(&searcher, address, None, None))
            .collect::<Result<Vec<_>>>()?;
        hits.sort_by(|a, b| {
            b.date
                .map(|d| d.to)
                .cmp(&a.date.map(|d| d.to))
                .then(a.passage_id.cmp(&b.passage_id))
        });
        Ok(hits)
    }

    /// Checks a request (query syntax, filter values, dates) without running it.
    pub fn validate(&self, request: &SearchRequest) -> Result<()> {
        let searcher = self.reader.searcher();
        self.prepare(&searcher, request).map(|_| ())
    }

    /// The passage with this id, if `access` may see it.
    pub fn passage(&self, passage_id: &str, access: &Access) -> Result<Option<Hit>> {
        let searcher = self.reader.searcher();
        let query = Box::new(TermQuery::new(
            Term::from_field_text(self.fields.passage_id, passage_id),
            IndexRecordOption::Basic,
        ));
        let query = self.visible(&searcher, access, query)?;
        let found = searcher.search(&*query, &TopDocs::with_limit(1).order_by_score())?;
        found
            .into_iter()
            .next()
            .map(|(_, address)| self.hit(&searcher, address, None, None))
            .transpose()
    }

    /// A document's metadata and the passages of it that `access` may see, in file
    /// order; `None` when it may see none.
    pub fn document(
        &self,
        doc_id: &str,
        access: &Access,
    ) -> Result<Option<(SourceDocument, Vec<Hit>)>> {
        let searcher = self.reader.searcher();
        let query = Box::new(TermQuery::new(
            Term::from_field_text(self.fields.doc_id, doc_id),
            IndexRecordOption::Basic,
        ));
        let query = self.visible(&searcher, access, query)?;
        let addresses = searcher.search(&*query, &DocSetCollector)?;
        let mut passages = addresses
            .into_iter()
            .map(|address| self.hit(&searcher, address, None, None))
            .collect::<Result<Vec<_>>>()?;
        if passages.is_empty() {
            return Ok(None);
        }
        passages.sort_by_key(|hit| hit.ordinal);
        let document = self.stored_document(&searcher, doc_id)?;
        Ok(document.map(|document| (document, passages)))
    }

    pub(crate) fn stored_document(
        &self,
        searcher: &Searcher,
        doc_id: &str,
    ) -> Result<Option<SourceDocument>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.doc_id, doc_id),
            IndexRecordOption::Basic,
        );
        let Some((_, address)) = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address)?;
        let json = doc
            .get_first(self.fields.document_json)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        serde_json::from_str(json)
            .map(Some)
            .map_err(|error| Error::Manifest(format!("stored document: {error}")))
    }

    /// Calls `each` with every passage matching the request's query, filters and dates
    /// (paging and sorting are ignored), in index order; stops when `each` breaks.
    /// Memory: the set of matching addresses, not the passages.
    pub fn for_each_match(
        &self,
        request: &SearchRequest,
        each: impl FnMut(Hit) -> ControlFlow<()>,
    ) -> Result<usize> {
        self.for_each_match_in(&self.snapshot()?, request, each)
    }

    /// [`InsightIndex::for_each_match`] on a snapshot taken before (whose cursor and
    /// version an answer states before it streams).
    pub fn for_each_match_in(
        &self,
        snapshot: &crate::Snapshot,
        request: &SearchRequest,
        mut each: impl FnMut(Hit) -> ControlFlow<()>,
    ) -> Result<usize> {
        let searcher = &snapshot.searcher;
        let prepared = self.prepare(searcher, request)?;
        let query = prepared.query(self, None);
        let mut addresses: Vec<DocAddress> = searcher
            .search(&*query, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        let mut sent = 0;
        for address in addresses {
            if each(self.hit(searcher, address, None, None)?).is_break() {
                break;
            }
            sent += 1;
        }
        Ok(sent)
    }

    /// Every value of a facet present in the index, as `/`-separated paths.
    pub fn facet_values(&self, searcher: &Searcher, facet: FacetField) -> Result<BTreeSet<String>> {
        let mut values = BTreeSet::new();
        let mut scratch = Facet::root();
        for segment in searcher.segment_readers() {
            let reader = segment.facet_reader(facet.name())?;
            for ord in 0..reader.num_facets() as u64 {
                reader.facet_from_ord(ord, &mut scratch)?;
                values.insert(scratch.to_path().join("/"));
            }
        }
        Ok(values)
    }

    fn text_query(&self, text: &str, original: &str) -> Result<Box<dyn Query>> {
        if matches_all_text(text) {
            return Ok(Box::new(AllQuery));
        }
        let text = text.trim();
        let fields = &self.fields;
        let mut parser = QueryParser::for_index(
            &self.index,
            vec![
                fields.title,
                fields.heading,
                fields.text,
                fields.attributes,
                fields.text_zh,
                fields.text_ja,
                fields.text_ko,
                fields.text_cjk,
            ],
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.title, 2.0);
        parser.set_field_boost(fields.heading, 1.5);
        parser
            .parse_query(text)
            .map_err(|error| Error::InvalidQuery {
                query: original.to_string(),
                reason: explain(error),
            })
    }

    fn date_query(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(from) = from {
            let lower = Term::from_field_date_for_search(self.fields.date_to, day_start(from));
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Included(lower), Bound::Unbounded)),
            ));
        }
        if let Some(to) = to {
            let upper = Term::from_field_date_for_search(self.fields.date_from, day_start(to));
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Unbounded, Bound::Included(upper))),
            ));
        }
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    /// The text query AND each facet's values (OR'ed) AND the dates AND what the reader
    /// may see; `lift` leaves one
    /// facet's filter out, to count that facet's other values.
    fn combine(
        &self,
        text: &dyn Query,
        filters: &BTreeMap<FacetField, Vec<Facet>>,
        dates: Option<&dyn Query>,
        access: Option<&dyn Query>,
        lift: Option<FacetField>,
    ) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.box_clone())];
        for (facet, values) in filters {
            if Some(*facet) == lift {
                continue;
            }
            let field = self.fields.facet(*facet);
            let any: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|value| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_facet(field, value),
                            IndexRecordOption::Basic,
                        )) as Box<dyn Query>,
                    )
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        for extra in [dates, access].into_iter().flatten() {
            clauses.push((Occur::Must, extra.box_clone()));
        }
        if clauses.len() == 1 {
            return clauses.remove(0).1;
        }
        Box::new(BooleanQuery::new(clauses))
    }

    pub(crate) fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: Option<f32>,
        snippets: Option<&Snippets>,
    ) -> Result<Hit> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let fields = &self.fields;
        let text_of = |field| stored_text(&doc, field);
        let (document, stored) = stored_passage(&doc, fields)?;
        let text = text_of(fields.text);
        let generated = snippets.map(|snippets| snippets.of(&text));
        let snippet = if generated.as_ref().is_none_or(|g| g.is_empty()) {
            let end = text
                .char_indices()
                .map(|(i, c)| i + c.len_utf8())
                .take_while(|end| *end <= SNIPPET_CHARS)
                .last()
                .unwrap_or(0);
            Snippet {
                text: text[..end].to_string(),
                highlights: Vec::new(),
            }
        } else {
            let generated = generated.expect("checked above");
            Snippet {
                text: generated.fragment().to_string(),
                highlights: merged(generated.highlighted().iter().map(|r| (r.start, r.end))),
            }
        };
        Ok(Hit {
            passage_id: text_of(fields.passage_id),
            doc_id: document.doc_id.clone(),
            file: document.file.clone(),
            locator: stored.locator,
            title: document.title.clone(),
            heading: text_of(fields.heading),
            kind: document.kind.to_string(),
            organisation: stored
                .organisation
                .clone()
                .or_else(|| document.organisation.clone()),
            url: document.url.clone(),
            date: stored.date,
            score,
            snippet,
            text,
            tags: stored.tags,
            attributes: stored.attributes,
            ordinal: stored.ordinal,
            status: stored.status,
            links: stored.links,
            language: stored.language.unwrap_or_else(|| document.language.clone()),
            sentiment: stored.sentiment,
            matches_in_document: None,
        })
    }
}

/// Snippet makers: from the English field, and from the character bigrams for text in
/// Chinese, Japanese or Korean (whose words the English field cannot see).
pub(crate) struct Snippets {
    english: SnippetGenerator,
    cjk: SnippetGenerator,
}

impl Snippets {
    fn new(searcher: &Searcher, query: &dyn Query, fields: &crate::Fields) -> Result<Self> {
        let make = |field| {
            SnippetGenerator::create(searcher, query, field).map(|mut generator| {
                generator.set_max_num_chars(SNIPPET_CHARS);
                generator
            })
        };
        Ok(Self {
            english: make(fields.text)?,
            cjk: make(fields.text_cjk)?,
        })
    }

    fn of(&self, text: &str) -> tantivy::snippet::Snippet {
        if crate::language::has_cjk(text) {
            let snippet = self.cjk.snippet(text);
            if !snippet.is_empty() {
                return snippet;
            }
        }
        self.english.snippet(text)
    }
}

/// Highlight ranges in order, overlapping and touching ones joined (a word's bigrams
/// overlap).
fn merged(ranges: impl Iterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = ranges.collect();
    ranges.sort();
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match joined.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => joined.push((start, end)),
        }
    }
    joined
}

/// The parts of a validated request.
pub(crate) struct Prepared {
    /// No words, filters or dates: the search is everything the reader may see.
    everything: bool,
    text: Box<dyn Query>,
    pub(crate) filters: BTreeMap<FacetField, Vec<Facet>>,
    dates: Option<Box<dyn Query>>,
    /// What the reader may see; `None` for everything.
    access: Option<Box<dyn Query>>,
    /// A plain query as read (words, themes, near spellings).
    plain: Option<PlainQuery>,
    /// The reading of a query with syntax, or of `exact`.
    exact_interpretation: Option<Interpretation>,
}

impl Prepared {
    /// The whole query, or with one facet's filter lifted.
    pub(crate) fn query(&self, index: &InsightIndex, lift: Option<FacetField>) -> Box<dyn Query> {
        index.combine(
            &*self.text,
            &self.filters,
            self.dates.as_deref(),
            self.access.as_deref(),
            lift,
        )
    }
}

/// Groups every match by document: best passage, score and number of matches; ordered
/// by best score, or by date for the date sorts.
pub(crate) fn grouped(
    searcher: &Searcher,
    query: &dyn Query,
    sort: Sort,
) -> Result<Vec<DocumentGroup>> {
    let mut groups: Vec<DocumentGroup> = searcher
        .search(query, &crate::group::GroupCollector)?
        .into_values()
        .collect();
    match sort {
        Sort::Relevance => {
            groups.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.best.cmp(&b.best)))
        }
        Sort::Newest => groups.sort_by(|a, b| b.date.cmp(&a.date).then(a.best.cmp(&b.best))),
        Sort::Oldest => groups.sort_by(|a, b| {
            a.date
                .is_none()
                .cmp(&b.date.is_none())
                .then(a.date.cmp(&b.date))
                .then(a.best.cmp(&b.best))
        }),
    }
    Ok(groups)
}

/// A stored text field of a passage (empty when absent).
pub(crate) fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|value| value.as_str())
        .unwrap_or_default()
        .to_string()
}

/// The document and passage JSON stored with a passage.
pub(crate) fn stored_passage(
    doc: &TantivyDocument,
    fields: &crate::Fields,
) -> Result<(SourceDocument, StoredPassage)> {
    let document = serde_json::from_str(&stored_text(doc, fields.document_json))
        .map_err(|error| Error::Manifest(format!("stored document: {error}")))?;
    let stored = serde_json::from_str(&stored_text(doc, fields.passage_json))
        .map_err(|error| Error::Manifest(format!("stored passage: {error}")))?;
    Ok((document, stored))
}

/// Whether query text (facet terms taken out) asks for every passage.
fn matches_all_text(text: &str) -> bool {
    let text = text.trim();
    text.is_empty() || text == "*"
}

/// Turns tantivy's parser errors into advice.
fn explain(error: QueryParserError) -> String {
    match error {
        QueryParserError::SyntaxError(_) => "check that quotes and brackets are balanced and that AND, OR and NOT stand between words".into(),
        QueryParserError::FieldDoesNotExist(field) => format!("there is no field `{field}`; search text with title:, heading:, text: (or text_zh:, text_ja:, text_ko:, text_cjk: for Chinese, Japanese or Korean words and character pairs), or filter with place:, segment:, theme:, community:, kind:, method:, organisation:, participation:, language:"),
        QueryParserError::AllButQueryForbidden => "a query cannot only exclude words; add a word to look for before NOT or -".into(),
        other => other.to_string(),
    }
}

/// Refuses queries too long or too deeply nested to parse safely.
fn check_query_size(query: &str) -> Result<()> {
    let refuse = |reason: String| {
        Err(Error::InvalidQuery {
            query: query.chars().take(200).collect(),
            reason,
        })
    };
    if query.chars().count() > MAX_QUERY_CHARS {
        return refuse(format!(
            "the query is longer than {MAX_QUERY_CHARS} characters; shorten it, or use filters"
        ));
    }
    let mut depth = 0usize;
    let mut in_quotes = false;
    for c in query.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '(' if !in_quotes => {
                depth += 1;
                if depth > MAX_QUERY_NESTING {
                    return refuse(format!(
                        "brackets nest more than {MAX_QUERY_NESTING} deep; simplify the query"
                    ));
                }
            }
            ')' if !in_quotes => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Splits `facet:value` and `facet:"two words"` out of the query text as filters, and
/// neutralises other `word:` that name no field (people type "A&E: long waits").
fn extract_facet_terms(query: &str) -> Result<(String, BTreeMap<FacetField, Vec<String>>)> {
    const TEXT_FIELDS: [&str; 8] = [
        "title",
        "heading",
        "text",
        "attributes",
        "text_zh",
        "text_ja",
        "text_ko",
        "text_cjk",
    ];
    let mut text = String::with_capacity(query.len());
    let mut filters: BTreeMap<FacetField, Vec<String>> = BTreeMap::new();
    let chars: Vec<char> = query.chars().collect();
    let mut index = 0;
    let mut in_quotes = false;
    while index < chars.len() {
        let at_word_start = index == 0
            || chars[index - 1].is_whitespace()
            || matches!(chars[index - 1], '(' | '+' | '-');
        if chars[index] == '"' {
            in_quotes = !in_quotes;
            text.push('"');
            index += 1;
            continue;
        }
        if !in_quotes && at_word_start && chars[index].is_alphabetic() {
            let mut end = index;
            while end < chars.len()
                && !chars[end].is_whitespace()
                && chars[end] != ':'
                && chars[end] != '"'
                && chars[end] != ')'
            {
                end += 1;
            }
            if end < chars.len() && chars[end] == ':' {
                let name: String = chars[index..end].iter().collect();
                if let Some(facet) = FacetField::from_name(&name) {
                    let mut value_end = end + 1;
                    let value: String = if chars.get(value_end) == Some(&'"') {
                        let close = chars[value_end + 1..]
                            .iter()
                            .position(|c| *c == '"')
                            .map(|p| value_end + 1 + p);
                        let Some(close) = close else {
                            return Err(Error::InvalidQuery {
                                query: query.into(),
                                reason: format!("the quote after `{name}:` is never closed"),
                            });
                        };
                        value_end = close + 1;
                        chars[end + 2..close].iter().collect()
                    } else {
                        while value_end < chars.len()
                            && !chars[value_end].is_whitespace()
                            && chars[value_end] != ')'
                        {
                            value_end += 1;
                        }
                        chars[end + 1..value_end].iter().collect()
                    };
                    if value.trim().is_empty() {
                        return Err(Error::InvalidQuery {
                            query: query.into(),
                            reason: format!("`{name}:` needs a value, e.g. {name}:\"...\""),
                        });
                    }
                    filters.entry(facet).or_default().push(value);
                    index = value_end;
                    continue;
                }
                let known = TEXT_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(&name));
                if known
                    && chars.get(end + 1) == Some(&'*')
                    && chars
                        .get(end + 2)
                        .is_none_or(|c| c.is_whitespace() || *c == ')')
                {
                    // tantivy reads `field:*` as "has a value", which text fields cannot answer
                    return Err(Error::InvalidQuery {
                        query: query.into(),
                        reason: format!("`{name}:*` is not a search; give a word after `{name}:`, or leave the query empty to list everything"),
                    });
                }
                text.extend(&chars[index..end]);
                text.push(if known { ':' } else { ' ' });
                index = end + 1;
                continue;
            }
        }
        text.push(chars[index]);
        index += 1;
    }
    Ok((text, filters))
}

/// Matches a filter value to a facet value in the index: a full path (any case, with
/// or without a leading `/`), a trailing part of a path, or the last segment.
fn resolve_value(facet: FacetField, value: &str, known: &BTreeSet<&String>) -> Result<Facet> {
    let wanted = value.trim().trim_start_matches('/').to_lowercase();
    if wanted.is_empty() {
        return Err(Error::InvalidRequest(format!(
            "an empty {} filter value; give a value or leave the filter out",
            facet.name()
        )));
    }
    let to_facet = |path: &str| Facet::from_path(path.split('/'));
    if let Some(exact) = known
        .iter()
        .copied()
        .find(|path| path.to_lowercase() == wanted)
    {
        return Ok(if facet.is_hierarchical() {
            to_facet(exact)
        } else {
            Facet::from_path([exact.as_str()])
        });
    }
    let suffix = format!("/{wanted}");
    let candidates: Vec<&String> = known
        .iter()
        .copied()
        .filter(|path| facet.is_hierarchical() && path.to_lowercase().ends_with(&suffix))
        .collect();
    match candidates.len() {
        1 => Ok(to_facet(candidates[0])),
        0 => {
            let near: Vec<&str> = known
                .iter()
                .copied()
                .filter(|path| {
                    path.to_lowercase().contains(&wanted)
                        || wanted.contains(&path.rsplit('/').next().unwrap_or("").to_lowercase())
                })
                .take(8)
                .map(|path| path.as_str())
                .collect();
            let suggestions = if near.is_empty() {
                let some: Vec<&str> = known
                    .iter()
                    .copied()
                    .filter(|p| p.matches('/').count() <= 1)
                    .take(12)
                    .map(|path| path.as_str())
                    .collect();
                if some.is_empty() {
                    "; the index has no values for it yet".to_string()
                } else {
                    format!("; values include: {}", some.join(", "))
                }
            } else {
                format!("; did you mean: {}", near.join(", "))
            };
            Err(Error::UnknownFacetValue {
                facet: facet.name().into(),
                value: value.into(),
                suggestions,
            })
        }
        _ => Err(Error::AmbiguousFacetValue {
            facet: facet.name().into(),
            value: value.into(),
            choices: candidates
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_terms_become_filters() {
        let (text, filters) = extract_facet_terms(
            "discharge place:Leeds theme:\"Carers' support\" A&E: waits title:home",
        )
        .unwrap();
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            vec!["discharge", "A&E", "waits", "title:home"]
        );
        assert_eq!(filters[&FacetField::Place], vec!["Leeds"]);
        assert_eq!(filters[&FacetField::Theme], vec!["Carers' support"]);
        let (text, filters) = extract_facet_terms("\"place: of safety\"").unwrap();
        assert_eq!(text, "\"place: of safety\"");
        assert!(filters.is_empty());
        assert!(extract_facet_terms("theme:\"open").is_err());
        assert!(extract_facet_terms("carers title:*").is_err());
        assert!(extract_facet_terms("title:car*").is_ok());
    }

    #[test]
    fn values_resolve_by_path_suffix_or_label() {
        let owned: BTreeSet<String> = [
            "West Yorkshire",
            "West Yorkshire/Leeds",
            "West Yorkshire/Leeds/Inner East",
            "Access",
            "Access/Waiting times",
            "Communication",
            "Communication/Information",
            "Other/Information",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let known: BTreeSet<&String> = owned.iter().collect();
        let path = |f: Facet| f.to_path().join("/");
        assert_eq!(
            path(resolve_value(FacetField::Place, "leeds", &known).unwrap()),
            "West Yorkshire/Leeds"
        );
        assert_eq!(
            path(resolve_value(FacetField::Place, "/West Yorkshire/Leeds", &known).unwrap()),
            "West Yorkshire/Leeds"
        );
        assert_eq!(
            path(resolve_value(FacetField::Place, "Leeds/Inner East", &known).unwrap()),
            "West Yorkshire/Leeds/Inner East"
        );
        assert!(matches!(
            resolve_value(FacetField::Theme, "information", &known),
            Err(Error::AmbiguousFacetValue { .. })
        ));
        let error = resolve_value(FacetField::Theme, "waiting", &known)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("did you mean: Access/Waiting times"),
            "{error}"
        );
    }
}
