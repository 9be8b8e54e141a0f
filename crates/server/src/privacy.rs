//! What the API never shows: a single passage's equality-monitoring answers (as tags or
//! attributes), or counts of equality groups anywhere but the coverage table, where
//! small ones are suppressed.

use insight_index::{Hit, InsightIndex};
use insight_model::{Facet, Tags, EQUALITY_ATTRIBUTE};
use std::collections::{BTreeMap, BTreeSet};

/// The equality groups of the index's taxonomy.
pub struct Privacy {
    pub equality: BTreeSet<String>,
}

impl Privacy {
    pub fn of(index: &InsightIndex) -> insight_index::Result<Self> {
        Ok(Self {
            equality: index.equality_paths()?,
        })
    }

    pub fn is_equality(&self, community: &str) -> bool {
        self.equality.contains(community)
    }

    pub fn scrub_tags(&self, tags: &Tags) -> Tags {
        let mut kept = tags.clone();
        kept.retain(|t| !(t.facet == Facet::Community && self.is_equality(&t.path)));
        kept
    }

    pub fn scrub_attributes(
        &self,
        attributes: BTreeMap<String, String>,
    ) -> BTreeMap<String, String> {
        attributes
            .into_iter()
            .filter(|(key, _)| !key.starts_with(EQUALITY_ATTRIBUTE))
            .collect()
    }

    /// A passage without its equality answers.
    pub fn scrub(&self, mut hit: Hit) -> Hit {
        hit.tags = self.scrub_tags(&hit.tags);
        hit.attributes = self.scrub_attributes(std::mem::take(&mut hit.attributes));
        hit
    }
}
