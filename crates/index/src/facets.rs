//! Facet counting: a tantivy collector that counts, for each requested facet field,
//! how many matching passages carry each value. Hierarchical values are written with
//! their ancestors, so a parent's count is the number of passages under it.

use crate::schema::{FacetField, Fields};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

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
    pub cache: FacetCache,
}

/// Every facet value of every passage of one segment, all facet fields, in memory as
/// one table (compressed rows: a passage's values are `ords[starts[doc]..starts[doc+1]]`,
/// numbered across fields). Counting reads this instead of tantivy's facet columns:
/// a column lookup per passage and field made "all facet counts" of a broad query cost
/// tens of milliseconds at a million passages. Built once per segment (segments never
/// change) and kept while the segment is in use.
pub struct SegmentFacets {
    starts: Vec<u32>,
    ords: Ords,
    /// Number across fields -> the facet and its `/`-separated path.
    values: Vec<(FacetField, String)>,
    /// Each passage's kind, as a number into `kind_names` (`u8::MAX`: none), so that
    /// ranking can weigh a passage by its kind without a column lookup.
    kinds: Vec<u8>,
    kind_names: Vec<String>,
}

enum Ords {
    /// Fewer than 65,536 distinct values in the segment, the usual case: half the memory.
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl SegmentFacets {
    fn build(segment: &SegmentReader, schema_fields: &Fields) -> tantivy::Result<Self> {
        let mut readers = Vec::with_capacity(FacetField::ALL.len());
        let mut values = Vec::new();
        let mut kind_reader = None;
        let mut kind_names = Vec::new();
        for facet in FacetField::ALL {
            let name = segment
                .schema()
                .get_field_name(schema_fields.facet(facet))
                .to_string();
            let reader = segment.facet_reader(&name)?;
            if facet == FacetField::Kind {
                kind_names = facet_paths(&reader)?;
                kind_reader = Some(segment.facet_reader(&name)?);
            }
            let base = values.len() as u64;
            for path in facet_paths(&reader)? {
                values.push((facet, path));
            }
            readers.push((reader, base));
        }
        let max_doc = segment.max_doc();
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ords: Vec<u32> = Vec::new();
        let mut kinds = Vec::with_capacity(max_doc as usize);
        starts.push(0);
        for doc in 0..max_doc {
            for (reader, base) in &readers {
                ords.extend(reader.facet_ords(doc).map(|ord| (base + ord) as u32));
            }
            starts.push(ords.len() as u32);
            kinds.push(
                kind_reader
                    .as_ref()
                    .and_then(|reader| reader.facet_ords(doc).next())
                    .filter(|ord| *ord < u64::from(u8::MAX))
                    .map_or(u8::MAX, |ord| ord as u8),
            );
        }
        let ords = if values.len() <= usize::from(u16::MAX) + 1 {
            Ords::Narrow(ords.into_iter().map(|ord| ord as u16).collect())
        } else {
            Ords::Wide(ords)
        };
        Ok(Self {
            starts,
            ords,
            values,
            kinds,
            kind_names,
        })
    }

    /// The kinds of the segment's passages (numbered), and their names.
    pub(crate) fn kinds(&self) -> (&[u8], &[String]) {
        (&self.kinds, &self.kind_names)
    }
}

impl SegmentFacets {
    /// The facet values of one passage of the segment, in facet order.
    pub(crate) fn values_of(&self, doc: DocId) -> impl Iterator<Item = &(FacetField, String)> {
        let range = self.starts[doc as usize] as usize..self.starts[doc as usize + 1] as usize;
        let ords: Box<dyn Iterator<Item = usize> + '_> = match &self.ords {
            Ords::Narrow(ords) => Box::new(ords[range].iter().map(|ord| usize::from(*ord))),
            Ords::Wide(ords) => Box::new(ords[range].iter().map(|ord| *ord as usize)),
        };
        ords.map(|ord| &self.values[ord])
    }
}

/// The facet tables of the segments in use, shared by every clone of the index.
#[derive(Clone, Default)]
pub struct FacetCache(Arc<Mutex<HashMap<SegmentId, Arc<SegmentFacets>>>>);

impl FacetCache {
    pub(crate) fn get(
        &self,
        segment: &SegmentReader,
        fields: &Fields,
    ) -> tantivy::Result<Arc<SegmentFacets>> {
        let mut tables = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(table) = tables.get(&segment.segment_id()) {
            return Ok(table.clone());
        }
        let table = Arc::new(SegmentFacets::build(segment, fields)?);
        tables.insert(segment.segment_id(), table.clone());
        Ok(table)
    }

    /// Forgets the tables of segments the searcher no longer has (merged or deleted).
    pub fn keep_only(&self, searcher: &Searcher) {
        let live: HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.segment_id())
            .collect();
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .retain(|id, _| live.contains(id));
    }
}

pub struct SegmentFacetCounter {
    table: Arc<SegmentFacets>,
    counts: Vec<u32>,
    fields: Vec<FacetField>,
}

impl Collector for FacetCounter {
    type Fruit = BTreeMap<FacetField, BTreeMap<String, u64>>;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let table = self.cache.get(segment, &self.schema_fields)?;
        Ok(SegmentFacetCounter {
            counts: vec![0; table.values.len()],
            table,
            fields: self.fields.clone(),
        })
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
        let range =
            self.table.starts[doc as usize] as usize..self.table.starts[doc as usize + 1] as usize;
        match &self.table.ords {
            Ords::Narrow(ords) => {
                for ord in &ords[range] {
                    self.counts[usize::from(*ord)] += 1;
                }
            }
            Ords::Wide(ords) => {
                for ord in &ords[range] {
                    self.counts[*ord as usize] += 1;
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut fruit: Self::Fruit = self
            .fields
            .iter()
            .map(|facet| (*facet, BTreeMap::new()))
            .collect();
        for (ord, count) in self.counts.into_iter().enumerate() {
            if count == 0 {
                continue;
            }
            let (facet, path) = &self.table.values[ord];
            if let Some(values) = fruit.get_mut(facet) {
                values.insert(path.clone(), u64::from(count));
            }
        }
        fruit
    }
}

impl crate::InsightIndex {
    /// A counter of these facets over the tables of the searcher's segments.
    pub(crate) fn facet_counter(
        &self,
        searcher: &Searcher,
        fields: Vec<FacetField>,
    ) -> FacetCounter {
        self.facet_cache.keep_only(searcher);
        FacetCounter {
            fields,
            schema_fields: self.fields.clone(),
            cache: self.facet_cache.clone(),
        }
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

/// The ids of a segment's documents for their numbers in the `doc_id` column's
/// dictionary, read in one ordered walk of the dictionary: a lookup per number decodes a
/// block of it each time, which was most of a trends, coverage or new-topics request at
/// a million passages.
pub(crate) struct DocIdNames {
    /// Sorted, without repeats; `ids[i]` is the id of `ords[i]`.
    ords: Vec<u64>,
    ids: Vec<String>,
}

impl DocIdNames {
    /// The ids of `ords` (any order, repeats allowed; `u64::MAX`, no document, is left
    /// out); none without a column.
    pub(crate) fn read(
        column: Option<&tantivy::columnar::StrColumn>,
        ords: impl IntoIterator<Item = u64>,
    ) -> Self {
        let mut ords: Vec<u64> = ords.into_iter().filter(|o| *o != u64::MAX).collect();
        ords.sort_unstable();
        ords.dedup();
        let mut ids = Vec::with_capacity(ords.len());
        if let Some(column) = column {
            let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |id| {
                ids.push(String::from_utf8_lossy(id).into_owned());
            });
        }
        Self { ords, ids }
    }

    /// The id of `ord` ("" when it was not read).
    pub(crate) fn get(&self, ord: u64) -> String {
        self.ords
            .binary_search(&ord)
            .ok()
            .and_then(|at| self.ids.get(at).cloned())
            .unwrap_or_default()
    }

    /// Every id read.
    pub(crate) fn ids(self) -> Vec<String> {
        self.ids
    }
}
