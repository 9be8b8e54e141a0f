//! The benchmark's engine protocol (`scripts/bench/PEERS.md`): the queries every engine
//! answers, what `check` prints for them, and the timing loop.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// The eleven facets, by their names in the passages file and the output.
pub const FACETS: [&str; 11] = [
    "place",
    "segment",
    "theme",
    "community",
    "kind",
    "method",
    "organisation",
    "participation",
    "visibility",
    "language",
    "status",
];

/// How many hits (or documents) a results page shows.
pub const PAGE: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    Relevance,
    Newest,
}

/// One query of the mix.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuerySpec {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub terms: Vec<String>,
    #[serde(default)]
    pub phrase: Option<Vec<String>>,
    /// Facet name -> values, OR'ed within a facet, AND'ed across.
    #[serde(default)]
    pub filters: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub group_by_document: bool,
    pub sort: Sort,
}

/// What `check` prints for one query.
#[derive(Debug, Clone, Serialize)]
pub struct CheckLine {
    pub name: String,
    pub total: u64,
    pub total_documents: Option<u64>,
    /// Facet -> value -> count (non-zero only; facets without values left out).
    pub facets: BTreeMap<String, BTreeMap<String, u64>>,
}

/// One engine opened on its index.
pub trait Engine {
    /// The counts of one query, for the agreement check.
    fn check(&mut self, query: &QuerySpec) -> Result<CheckLine>;
    /// Everything a results page needs: the total, every facet's counts and the first
    /// page of hits (or documents). Returns the number of hits on the page, so the work
    /// cannot be optimised away.
    fn page(&mut self, query: &QuerySpec) -> Result<usize>;
}

/// Reads the query mix, checking every filter names a known facet.
pub fn read_queries(path: &Path) -> Result<Vec<QuerySpec>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the queries file {}", path.display()))?;
    let queries: Vec<QuerySpec> = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a list of queries (see scripts/bench/PEERS.md)",
            path.display()
        )
    })?;
    for query in &queries {
        for facet in query.filters.keys() {
            anyhow::ensure!(
                FACETS.contains(&facet.as_str()),
                "{}: query `{}` filters on `{facet}`, which is not one of the facets {FACETS:?}",
                path.display(),
                query.name
            );
        }
    }
    Ok(queries)
}

/// Prints one `check` line per query.
pub fn check(engine: &mut dyn Engine, queries: &[QuerySpec]) -> Result<()> {
    for query in queries {
        let line = engine
            .check(query)
            .with_context(|| format!("query `{}`", query.name))?;
        println!("{}", serde_json::to_string(&line)?);
    }
    Ok(())
}

#[derive(Serialize)]
struct Timed<'a> {
    name: &'a str,
    kind: &'a str,
    ms: Vec<f64>,
}

/// Runs every query once to warm up, then the list `rounds` times, and prints every
/// timing.
pub fn time(
    engine_name: &str,
    engine: &mut dyn Engine,
    queries: &[QuerySpec],
    rounds: usize,
) -> Result<()> {
    let mut timed: Vec<Timed> = queries
        .iter()
        .map(|q| Timed {
            name: &q.name,
            kind: &q.kind,
            ms: Vec::with_capacity(rounds),
        })
        .collect();
    let mut shown = 0;
    for query in queries {
        shown += engine
            .page(query)
            .with_context(|| format!("query `{}`", query.name))?;
    }
    for _ in 0..rounds {
        for (query, slot) in queries.iter().zip(&mut timed) {
            let start = Instant::now();
            shown += engine.page(query)?;
            slot.ms.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    println!(
        "{}",
        serde_json::json!({"engine": engine_name, "rounds": rounds, "hits_shown": shown, "queries": timed})
    );
    Ok(())
}
