//! Every passage as the index holds it: the four text fields as indexed, the dates and
//! every facet value (ancestors included). The benchmark feeds this to other engines so
//! that they index exactly what ours does (`scripts/bench/PEERS.md`).

use crate::error::Error;
use crate::schema::FacetField;
use crate::InsightIndex;
use chrono::NaiveDate;
use insight_model::SourceDocument;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tantivy::schema::{Facet, Value};
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

#[derive(Deserialize)]
struct StoredPassage {
    attributes: BTreeMap<String, String>,
    date: Option<insight_model::DateSpan>,
}

impl InsightIndex {
    /// Calls `each` with every passage of the last commit, segment by segment, holding
    /// one passage in memory at a time. Everything is included, whatever its visibility:
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
            let mut facet_readers = Vec::with_capacity(FacetField::ALL.len());
            for facet in FacetField::ALL {
                let name = segment
                    .schema()
                    .get_field_name(fields.facet(facet))
                    .to_string();
                facet_readers.push((facet, segment.facet_reader(&name).map_err(Error::from)?));
            }
            let mut scratch = Facet::root();
            for doc_id in segment.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id).map_err(Error::from)?;
                let text_of = |field| {
                    doc.get_first(field)
                        .and_then(|value| value.as_str())
                        .unwrap_or_default()
                        .to_string()
                };
                let document: SourceDocument = serde_json::from_str(&text_of(fields.document_json))
                    .map_err(|error| Error::Manifest(format!("stored document: {error}")))?;
                let stored: StoredPassage = serde_json::from_str(&text_of(fields.passage_json))
                    .map_err(|error| Error::Manifest(format!("stored passage: {error}")))?;
                let attributes: Vec<&str> = stored
                    .attributes
                    .values()
                    .chain(document.attributes.values())
                    .map(String::as_str)
                    .collect();
                let mut facets = BTreeMap::new();
                for (facet, reader) in &facet_readers {
                    let mut values = Vec::new();
                    for ord in reader.facet_ords(doc_id) {
                        reader
                            .facet_from_ord(ord, &mut scratch)
                            .map_err(Error::from)?;
                        values.push(scratch.to_path().join("/"));
                    }
                    if !values.is_empty() {
                        facets.insert(facet.name(), values);
                    }
                }
                each(IndexedPassage {
                    id: text_of(fields.passage_id),
                    doc_id: document.doc_id,
                    title: document.title,
                    heading: text_of(fields.heading),
                    text: text_of(fields.text),
                    attributes: attributes.join("\n"),
                    date_from: stored.date.map(|span| span.from),
                    date_to: stored.date.map(|span| span.to),
                    facets,
                })?;
            }
        }
        Ok(())
    }
}
