//! Visibility at query time: every read of the index (searches, counts, exports,
//! analytics, lookups by id, linked records, overlap candidates) is ANDed with the query
//! of what the reader may see, so unseen passages do not exist for them, in hits and
//! counts alike.

use crate::error::Result;
use crate::schema::FacetField;
use crate::InsightIndex;
use insight_model::{same_organisation, Access, Visibility};
use std::collections::BTreeSet;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Searcher, Term};

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

    /// The values of a facet on passages `access` may see: what filter values resolve
    /// against and what "did you mean" suggests, so neither names an unseen value.
    /// Computed once per reader generation, access and facet.
    pub(crate) fn visible_facet_values(
        &self,
        searcher: &Searcher,
        facet: FacetField,
        access: &Access,
    ) -> Result<std::sync::Arc<BTreeSet<String>>> {
        let generation = searcher.generation().generation_id();
        let key = (access.clone(), facet);
        {
            let cache = self.visible_values_cache.lock().expect("values cache lock");
            if cache.0 == generation {
                if let Some(values) = cache.1.get(&key) {
                    return Ok(values.clone());
                }
            }
        }
        let values = std::sync::Arc::new(self.count_visible_values(searcher, facet, access)?);
        let mut cache = self.visible_values_cache.lock().expect("values cache lock");
        if cache.0 != generation {
            *cache = (generation, Default::default());
        }
        cache.1.insert(key, values.clone());
        Ok(values)
    }

    fn count_visible_values(
        &self,
        searcher: &Searcher,
        facet: FacetField,
        access: &Access,
    ) -> Result<BTreeSet<String>> {
        let Some(seen) = self.access_query(searcher, access)? else {
            return self.facet_values(searcher, facet);
        };
        let counter = self.facet_counter(&searcher, vec![facet]);
        let counts = searcher.search(&*seen, &counter)?;
        Ok(counts
            .into_values()
            .flat_map(|values| values.into_keys())
            .collect())
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
