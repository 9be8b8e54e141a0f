//! Visibility at query time: every read of the index (searches, counts, exports,
//! analytics, lookups by id, linked records, overlap candidates) is ANDed with the query
//! of what the reader may see, so unseen passages do not exist for them, in hits and
//! counts alike.

use crate::error::Result;
use crate::schema::FacetField;
use crate::InsightIndex;
use insight_model::{same_organisation, Access, Visibility};
use std::collections::BTreeMap;
use std::sync::Arc;
use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Searcher, Term};

/// What one access sees in one reader generation, counted.
pub(crate) struct Visible {
    pub passages: usize,
    pub facets: BTreeMap<FacetField, BTreeMap<String, u64>>,
}

/// Passages and documents a reader can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisibleCounts {
    pub passages: u64,
    pub documents: u64,
}

impl InsightIndex {
    /// The query matching what `access` may see; `None` when it sees everything.
    pub(crate) fn access_query(
        &self,
        searcher: &Searcher,
        access: &Access,
    ) -> Result<Option<Box<dyn Query>>> {
        let visibility_field = self.fields.facet(FacetField::Visibility);
        let visibility = |value: Visibility| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_facet(visibility_field, &Facet::from_path([value.as_str()])),
                IndexRecordOption::Basic,
            ))
        };
        match access {
            Access::Everything => Ok(None),
            Access::Public => Ok(Some(visibility(Visibility::Public))),
            Access::Partner { organisation } => {
                let mut seen = vec![
                    (Occur::Should, visibility(Visibility::Public)),
                    (Occur::Should, visibility(Visibility::Partners)),
                ];
                // the organisation as the index spells it, whatever the key's case
                let organisation_field = self.fields.facet(FacetField::Organisation);
                let owned: Vec<(Occur, Box<dyn Query>)> = self
                    .facet_values(searcher, FacetField::Organisation)?
                    .into_iter()
                    .filter(|value| same_organisation(value, organisation))
                    .map(|value| {
                        let term = Term::from_facet(organisation_field, &Facet::from_path([value]));
                        (
                            Occur::Should,
                            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
                                as Box<dyn Query>,
                        )
                    })
                    .collect();
                if !owned.is_empty() {
                    seen.push((
                        Occur::Should,
                        Box::new(BooleanQuery::new(vec![
                            (Occur::Must, visibility(Visibility::Restricted)),
                            (Occur::Must, Box::new(BooleanQuery::new(owned))),
                        ])),
                    ));
                }
                Ok(Some(Box::new(BooleanQuery::new(seen))))
            }
        }
    }

    /// `query` limited to what `access` may see.
    pub(crate) fn visible(
        &self,
        searcher: &Searcher,
        access: &Access,
        query: Box<dyn Query>,
    ) -> Result<Box<dyn Query>> {
        Ok(match self.access_query(searcher, access)? {
            None => query,
            Some(seen) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Must, seen),
            ])),
        })
    }

    /// Everything `access` may see, counted: the number of passages and every facet's
    /// values with their counts. It is what filter values resolve against, what "did
    /// you mean" suggests (so neither names an unseen value), and the answer to a search
    /// with no words, filters or dates. Computed once per reader generation and access.
    pub(crate) fn seen_by(&self, searcher: &Searcher, access: &Access) -> Result<Arc<Visible>> {
        let generation = searcher.generation().generation_id();
        {
            let cache = self.visible_cache.lock().expect("visible cache lock");
            if cache.0 == generation {
                if let Some(visible) = cache.1.get(access) {
                    return Ok(visible.clone());
                }
            }
        }
        let seen: Box<dyn Query> = match self.access_query(searcher, access)? {
            Some(seen) => seen,
            None => Box::new(AllQuery),
        };
        let counter = self.facet_counter(searcher, FacetField::ALL.to_vec());
        let (passages, facets) = searcher.search(&*seen, &(Count, counter))?;
        let visible = Arc::new(Visible { passages, facets });
        let mut cache = self.visible_cache.lock().expect("visible cache lock");
        if cache.0 != generation {
            *cache = (generation, Default::default());
        }
        cache.1.insert(access.clone(), visible.clone());
        Ok(visible)
    }

    /// How many passages and documents `access` may see.
    pub fn visible_counts(&self, access: &Access) -> Result<VisibleCounts> {
        let searcher = self.reader.searcher();
        let all: Box<dyn Query> = Box::new(tantivy::query::AllQuery);
        let query = self.visible(&searcher, access, all)?;
        // one pass: each document's group counts its passages
        let groups = searcher.search(&*query, &crate::group::GroupCollector)?;
        Ok(VisibleCounts {
            passages: groups.values().map(|g| g.matches as u64).sum(),
            documents: groups.len() as u64,
        })
    }
}
