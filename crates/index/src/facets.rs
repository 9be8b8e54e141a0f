//! Facet counting: a tantivy collector that counts, for each requested facet field,
//! how many matching passages carry each value. Hierarchical values are written with
//! their ancestors, so a parent's count is the number of passages under it.

use crate::schema::{FacetField, Fields};
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// A facet value and how many passages of the result set carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The full path, `/`-separated, e.g. `West Yorkshire/Leeds`.
    pub value: String,
    pub count: u64,
}

/// Counts values of the given facet fields over the matching documents.
pub struct FacetCounter {
    pub fields: Vec<FacetField>,
    pub schema_fields: Fields,
}

pub struct SegmentFacetCounter {
    readers: Vec<(FacetField, FacetReader, Vec<u64>)>,
}

impl Collector for FacetCounter {
    type Fruit = BTreeMap<FacetField, BTreeMap<String, u64>>;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let mut readers = Vec::with_capacity(self.fields.len());
        for facet in &self.fields {
            let name = segment
                .schema()
                .get_field_name(self.schema_fields.facet(*facet))
                .to_string();
            let reader = segment.facet_reader(&name)?;
            let counts = vec![0u64; reader.num_facets()];
            readers.push((*facet, reader, counts));
        }
        Ok(SegmentFacetCounter { readers })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut merged: Self::Fruit = BTreeMap::new();
        for fruit in fruits {
            for (facet, values) in fruit {
                let slot = merged.entry(facet).or_default();
                for (value, count) in values {
                    *slot.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = BTreeMap<FacetField, BTreeMap<String, u64>>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (_, reader, counts) in &mut self.readers {
            for ord in reader.facet_ords(doc) {
                counts[ord as usize] += 1;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut fruit = BTreeMap::new();
        for (facet, reader, counts) in self.readers {
            let mut values = BTreeMap::new();
            let mut scratch = Facet::root();
            for (ord, count) in counts.into_iter().enumerate() {
                if count == 0 {
                    continue;
                }
                if reader.facet_from_ord(ord as u64, &mut scratch).is_ok() {
                    values.insert(scratch.to_path().join("/"), count);
                }
            }
            fruit.insert(facet, values);
        }
        fruit
    }
}

/// Sorted for display: by count, then by value.
pub fn ranked(values: BTreeMap<String, u64>) -> Vec<FacetCount> {
    let mut counts: Vec<FacetCount> = values
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    counts
}

/// The `/`-separated path of every facet ordinal of a segment, indexed by ordinal.
pub(crate) fn facet_paths(reader: &FacetReader) -> tantivy::Result<Vec<String>> {
    let mut scratch = Facet::root();
    let mut paths = Vec::with_capacity(reader.num_facets());
    for ord in 0..reader.num_facets() as u64 {
        reader.facet_from_ord(ord, &mut scratch)?;
        paths.push(scratch.to_path().join("/"));
    }
    Ok(paths)
}
