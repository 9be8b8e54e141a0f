//! Our engine in the benchmark: the index opened read-only, asked through the same
//! `search` that the CLI and the API use, as the index's owner (everything visible).

use crate::protocol::{CheckLine, Engine, QuerySpec, Sort, PAGE};
use anyhow::{Context, Result};
use insight_index::{FacetField, InsightIndex, SearchRequest};
use insight_model::Access;
use std::path::Path;

pub struct Insight {
    index: InsightIndex,
    /// Terms read as a plain query (the default of the page and the API) rather than
    /// with the protocol's every-word matching.
    plain: bool,
}

impl Insight {
    pub fn open(dir: &Path) -> Result<Self> {
        let index = InsightIndex::open(dir)
            .with_context(|| format!("cannot open the index in {}", dir.display()))?;
        Ok(Self {
            index,
            plain: false,
        })
    }

    pub fn open_plain(dir: &Path) -> Result<Self> {
        Ok(Self {
            plain: true,
            ..Self::open(dir)?
        })
    }

    fn request(&self, query: &QuerySpec) -> Result<SearchRequest> {
        let mut text: Vec<String> = query.terms.clone();
        if let Some(phrase) = &query.phrase {
            text.push(format!("\"{}\"", phrase.join(" ")));
        }
        let mut filters = std::collections::BTreeMap::new();
        for (facet, values) in &query.filters {
            let field = FacetField::from_name(facet)
                .with_context(|| format!("`{facet}` is not a facet"))?;
            filters.insert(field, values.clone());
        }
        Ok(SearchRequest {
            query: text.join(" "),
            filters,
            sort: match query.sort {
                Sort::Relevance => insight_index::Sort::Relevance,
                Sort::Newest => insight_index::Sort::Newest,
            },
            limit: PAGE,
            group_by_document: query.group_by_document,
            access: Access::Everything,
            // the protocol's matching: every word, as written
            exact: !self.plain,
            ..SearchRequest::default()
        })
    }
}

impl Engine for Insight {
    fn check(&mut self, query: &QuerySpec) -> Result<CheckLine> {
        let results = self.index.search(&self.request(query)?)?;
        Ok(CheckLine {
            name: query.name.clone(),
            total: results.total as u64,
            total_documents: results.total_documents.map(|n| n as u64),
            facets: results
                .facets
                .into_iter()
                .filter(|(_, values)| !values.is_empty())
                .map(|(facet, values)| {
                    (
                        facet.to_string(),
                        values.into_iter().map(|v| (v.value, v.count)).collect(),
                    )
                })
                .collect(),
        })
    }

    fn page(&mut self, query: &QuerySpec) -> Result<usize> {
        Ok(self.index.search(&self.request(query)?)?.hits.len())
    }
}
