//! Incremental sync: what changed in a slice of the index since a cursor.
//!
//! Every commit that changes passages is a **generation**. Each passage carries `seq`,
//! its place in the index's change sequence: the generation that last changed it in
//! the high 32 bits, its order within that commit in the low ones (a rewrite that
//! changes nothing keeps it, see `write`). The commit's manifest keeps the ids each
//! generation removed. A **cursor** names a place in that sequence on one index,
//! `<index id>-<seq in hex>`; an answer lists the passages after it in `seq` order, a
//! page at a time, and gives the cursor after its last one, with the ids removed or
//! changed since that are not in the slice now (removed, or changed and no longer
//! matching: retagged, redated, hidden from the caller).
//!
//! Invariants: a snapshot's searcher and manifest are of the same commit (checked
//! segment by segment), so a cursor never claims a commit its answer did not see; the
//! changed passages of an answer and its removed ids never share an id, so a consumer
//! may apply them in any order (upsert the changed, delete the removed).

use crate::search::Hit;
use crate::write::Manifest;
use crate::{Error, InsightIndex, Result, SearchRequest};
use std::collections::{BTreeMap, HashSet};
use std::ops::Bound;
use std::sync::Arc;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery};
use tantivy::{Order, Searcher, Term};

/// The largest page of changes.
pub const MAX_CHANGES: usize = 1000;

/// What a reader sees: a searcher and the manifest of the same commit.
#[derive(Clone)]
pub struct Snapshot {
    pub(crate) searcher: Searcher,
    /// `None` when the reader could not be brought level with the latest commit (commits
    /// in quick succession); answers then carry no cursor.
    manifest: Option<Arc<Manifest>>,
}

impl Snapshot {
    /// The cursor of everything this snapshot holds.
    pub fn cursor(&self) -> Option<String> {
        self.manifest
            .as_ref()
            .map(|m| cursor(&m.index_id, complete(m.generation)))
    }

    /// When this snapshot's last change was committed (RFC 3339).
    pub fn changed_at(&self) -> Option<&str> {
        self.manifest.as_ref().and_then(|m| m.changed_at.as_deref())
    }

    /// The same for the same segments and deletions, different after any commit that
    /// changed them (and stable across restarts): what HTTP answers put in an `ETag`.
    pub fn content_version(&self) -> String {
        use std::hash::{Hash, Hasher};
        let mut segments: Vec<(String, u32)> = self
            .searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                (
                    segment.segment_id().uuid_string(),
                    segment.num_deleted_docs(),
                )
            })
            .collect();
        segments.sort();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        segments.hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    }
}

/// One page of changes.
#[derive(Debug, Clone)]
pub struct Changes {
    /// Passages added or changed after the cursor that are in the slice, in `seq` order.
    pub changed: Vec<Hit>,
    /// Ids of passages removed after the cursor, and of passages changed after it that
    /// are not in the slice now (retagged, redated, hidden from the caller): delete
    /// them from a copy if it holds them. Empty without a cursor (a first listing).
    pub removed: Vec<String>,
    /// The cursor to ask from next time.
    pub cursor: String,
    /// More changes follow: ask again at once with `cursor`.
    pub more: bool,
    /// When the index last changed (RFC 3339).
    pub changed_at: Option<String>,
}

/// The place after every passage of `generation`.
fn complete(generation: u64) -> u64 {
    (generation << 32) | u64::from(u32::MAX)
}

fn cursor(index_id: &str, seq: u64) -> String {
    format!("{index_id}-{seq:x}")
}

/// Reads a cursor against the manifest: its place in the change sequence.
fn position(given: &str, manifest: &Manifest) -> Result<u64> {
    let read = given
        .trim()
        .rsplit_once('-')
        .and_then(|(id, hex)| Some((id, u64::from_str_radix(hex, 16).ok()?)));
    let Some((index_id, seq)) = read else {
        return Err(Error::InvalidRequest(format!(
            "`since` `{given}` is not a cursor this server gave; pass the `cursor` of the previous answer unchanged, or leave `since` out to list everything"
        )));
    };
    let start_again = "start again: leave `since` out to list the whole slice, replace your copy with it, and keep the cursor it gives";
    if index_id != manifest.index_id {
        return Err(Error::CursorExpired(format!(
            "the cursor is of another index, or of this one before it was rebuilt; {start_again}"
        )));
    }
    let generation = seq >> 32;
    if generation > manifest.generation {
        return Err(Error::CursorExpired(format!(
            "the cursor is ahead of this index (was it restored from a backup?); {start_again}"
        )));
    }
    if generation < manifest.history_from {
        return Err(Error::CursorExpired(format!(
            "the cursor is older than the history of removals this index keeps (the last {} removed passages); {start_again}",
            crate::write::REMOVAL_HISTORY
        )));
    }
    Ok(seq)
}

impl InsightIndex {
    /// A searcher and the manifest of the same commit. The searcher follows commits a
    /// little late (its reload policy); when the committed segments differ from the
    /// searcher's, the reader is reloaded and compared again.
    pub fn snapshot(&self) -> Result<Snapshot> {
        for attempt in 0..4 {
            let searcher = self.reader.searcher();
            let generation = searcher.generation().generation_id();
            if let Some((seen, manifest)) = self
                .snapshot_cache
                .lock()
                .expect("snapshot cache lock")
                .as_ref()
            {
                if *seen == generation {
                    return Ok(Snapshot {
                        searcher,
                        manifest: Some(manifest.clone()),
                    });
                }
            }
            let metas = self.index.load_metas()?;
            let committed: BTreeMap<_, _> = metas
                .segments
                .iter()
                .map(|segment| (segment.id(), segment.delete_opstamp()))
                .collect();
            if committed == *searcher.generation().segments() {
                let manifest = Arc::new(match metas.payload {
                    None => Manifest::default(),
                    Some(payload) => serde_json::from_str(&payload)
                        .map_err(|error| Error::Manifest(error.to_string()))?,
                });
                *self.snapshot_cache.lock().expect("snapshot cache lock") =
                    Some((generation, manifest.clone()));
                return Ok(Snapshot {
                    searcher,
                    manifest: Some(manifest),
                });
            }
            if attempt < 3 {
                self.reader.reload()?;
            }
        }
        Ok(Snapshot {
            searcher: self.reader.searcher(),
            manifest: None,
        })
    }

    /// What changed in the slice `request` describes (its words, filters, dates and
    /// access; paging and sorting are ignored) after the cursor `since`, at most `limit`
    /// passages; without `since`, the whole slice from the start of the sequence.
    pub fn changes(
        &self,
        request: &SearchRequest,
        since: Option<&str>,
        limit: usize,
    ) -> Result<Changes> {
        self.changes_in(&self.snapshot()?, request, since, limit)
    }

    /// [`InsightIndex::changes`] on a snapshot taken before.
    pub fn changes_in(
        &self,
        snapshot: &Snapshot,
        request: &SearchRequest,
        since: Option<&str>,
        limit: usize,
    ) -> Result<Changes> {
        if limit == 0 || limit > MAX_CHANGES {
            return Err(Error::InvalidRequest(format!(
                "limit must be between 1 and {MAX_CHANGES}, not {limit}"
            )));
        }
        let Some(manifest) = snapshot.manifest.clone() else {
            return Err(Error::Busy);
        };
        let searcher = &snapshot.searcher;
        // the request's own mistakes first (an unknown filter value is a 400 whatever
        // the cursor), then the cursor
        let prepared = self.prepare(searcher, request)?;
        let after = since.map(|given| position(given, &manifest)).transpose()?;
        let slice = prepared.query(self, None);
        let seq_term = |seq: u64| Term::from_field_u64(self.fields.seq, seq);
        let seq_range = |low: Bound<u64>, high: Bound<u64>| -> Box<dyn Query> {
            Box::new(RangeQuery::new(low.map(seq_term), high.map(seq_term)))
        };
        let later: Box<dyn Query> = match after {
            Some(after) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, slice.box_clone()),
                (
                    Occur::Must,
                    seq_range(Bound::Excluded(after), Bound::Unbounded),
                ),
            ])),
            None => slice.box_clone(),
        };
        let mut page: Vec<(u64, tantivy::DocAddress)> = searcher
            .search(
                &*later,
                &TopDocs::with_limit(limit + 1).order_by_fast_field::<u64>("seq", Order::Asc),
            )?
            .into_iter()
            .map(|(seq, address)| (seq.unwrap_or(0), address))
            .collect();
        let more = page.len() > limit;
        page.truncate(limit);
        let changed = page
            .iter()
            .map(|(_, address)| self.hit(searcher, *address, None, None))
            .collect::<Result<Vec<Hit>>>()?;
        let mut removed = Vec::new();
        if let Some(after) = after {
            // the ids removed or changed in the generations this page enters, less those
            // whose passage is in the slice now (listed as changed, here or on a later
            // page): what is left was removed, or changed and may have left the slice
            let up_to = match page.last() {
                Some((seq, _)) if more => seq >> 32,
                _ => manifest.generation,
            };
            let superseded: Vec<&String> = manifest
                .removals
                .iter()
                .filter(|r| r.generation > after >> 32 && r.generation <= up_to)
                .flat_map(|r| &r.ids)
                .collect();
            if !superseded.is_empty() {
                let mut in_slice = HashSet::new();
                for address in searcher.search(&*later, &DocSetCollector)? {
                    let doc: tantivy::TantivyDocument = searcher.doc(address)?;
                    in_slice.insert(crate::search::stored_text(&doc, self.fields.passage_id));
                }
                let mut listed = HashSet::new();
                for id in superseded {
                    if !in_slice.contains(id) && listed.insert(id) {
                        removed.push(id.clone());
                    }
                }
            }
        }
        let next = match page.last() {
            Some((seq, _)) if more => *seq,
            _ => complete(manifest.generation),
        };
        Ok(Changes {
            changed,
            removed,
            cursor: cursor(&manifest.index_id, next),
            more,
            changed_at: manifest.changed_at.clone(),
        })
    }
}
