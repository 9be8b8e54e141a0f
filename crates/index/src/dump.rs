//! Every passage as the index holds it: the four text fields as indexed, the dates and
//! every facet value (ancestors included). The benchmark feeds this to other engines so
//! that they index exactly what ours does (`scripts/bench/PEERS.md`).

use crate::error::Error;
use crate::search::{stored_passage, stored_text};
use crate::write::attribute_text;
use crate::InsightIndex;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::TantivyDocument;

/// One passage, flattened.
#[derive(Debug, Clone, Serialize)]
pub struct IndexedPassage {
    pub id: String,
    pub doc_id: String,
    pub title: String,
    pub heading: String,
    pub text: String,
    /// The attribute values as the `attributes` field indexes them (passage's, then
    /// document's, one a line).
    pub attributes: String,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    /// Facet name -> `/`-separated values, ancestors included.
    pub facets: BTreeMap<&'static str, Vec<String>>,
}

impl InsightIndex {
    /// Calls `each` with every passage of the last commit, segment by segment, holding
    /// one passage in memory at a time (and the segment's facet table, which searches
    /// share). Everything is included, whatever its visibility:
    /// this is the index owner's view.
    pub fn for_each_passage<E: From<Error>>(
        &self,
        mut each: impl FnMut(IndexedPassage) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let searcher = self.reader.searcher();
        let fields = &self.fields;
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(64)
                .map_err(|e| Error::from(tantivy::TantivyError::from(e)))?;
            let table = self.facet_cache.get(segment, fields).map_err(Error::from)?;
            for doc_id in segment.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id).map_err(Error::from)?;
                let (document, stored) = stored_passage(&doc, fields)?;
                let mut facets: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
                for (facet, value) in table.values_of(doc_id) {
                    facets.entry(facet.name()).or_default().push(value.clone());
                }
                each(IndexedPassage {
                    id: stored_text(&doc, fields.passage_id),
                    doc_id: document.doc_id,
                    title: document.title,
                    heading: stored_text(&doc, fields.heading),
                    text: stored_text(&doc, fields.text),
                    attributes: attribute_text(&stored.attributes, &document.attributes),
                    date_from: stored.date.map(|span| span.from),
                    date_to: stored.date.map(|span| span.to),
                    facets,
                })?;
            }
        }
        Ok(())
    }
}
