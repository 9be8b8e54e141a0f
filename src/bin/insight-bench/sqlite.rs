//! The SQLite FTS5 peer of the benchmark (`scripts/bench/PEERS.md`): `ingest` builds one
//! database file from the passages NDJSON; queries are plain SQL over it.
//!
//! The database (`peer.sqlite3` in the index directory) holds:
//!
//! * `passages(rowid, id, doc_id, date_to)`: one narrow row a passage, `rowid` counting
//!   from 1 in input order, `date_to` in days since 1970-01-01 or NULL; indexed by
//!   `date_to` (the newest page) and by `doc_id` (grouping by document).
//! * `fts`: FTS5 over `title`, `heading`, `text`, `attributes`, rowid = the passage's,
//!   tokenised as PEERS.md asks (`porter unicode61 remove_diacritics 2`: split on what is
//!   not a letter or digit, lowercase, fold accents, Porter stemming). It keeps its own
//!   copy of the text (FTS5's ordinary content table) rather than being contentless:
//!   like our index, which stores the text for snippets, it can show what matched
//!   (`snippet()`, `highlight()`), so the two indexes hold the same information and their
//!   sizes compare fairly; and keeping the text out of `passages` keeps that table narrow
//!   for the date and document scans. External content would only move the text into
//!   `passages`, widening it, for no gain.
//! * `facet_values(id, facet, value, passages)`: every distinct facet value, numbered,
//!   with the number of passages that have it (which `Sqlite` uses to choose how to
//!   count, see `seek_matching`); and
//!   `facets(passage, value_id)`: one row a passage and value (ancestors included, as in
//!   the input), clustered by passage (`WITHOUT ROWID`, primary key
//!   `(passage, value_id)`) to count the values of a set of passages, and indexed by
//!   `value_id` (covering, as the primary key rides along) to filter on a value and to
//!   count every passage's values in index order, without sorting. The values are
//!   numbered rather than repeated as text in every row because SQLite groups by
//!   sorting: on 100k passages (2M facet rows) integers made the two facet tables 43 MiB
//!   instead of 141 MiB and a `GROUP BY` over 15k matches a third faster.
//!
//! A query becomes a set of matching rowids: the `fts MATCH` of its words, each matched
//! passage looked up in the passages of each filter; or, without words, the `INTERSECT`
//! of the filters' passages. Then one `COUNT`, one `GROUP BY value_id` for the facets
//! without a filter, one per filtered facet over the set with that facet's own filter
//! lifted (multi-select), and the page. Every statement is prepared once and reused
//! (`prepare_cached`): its text depends only on the query's shape, the words and values
//! are bound parameters. SQLite's planner cannot know how many rows an `IN (SELECT ...)`
//! holds, and twice chose plans 8 and 70 times slower than the obvious one; a unary `+`
//! on a column (which keeps SQLite from using that column's index) makes the intended
//! plan the only one, and the comments at each say why it is the one.

use crate::protocol::{CheckLine, Engine, QuerySpec, Sort, FACETS, PAGE};
use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, params_from_iter, Connection, OpenFlags};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;

/// The database file in the index directory.
const DATABASE: &str = "peer.sqlite3";

/// Passages a load transaction writes: large, so that commits are rare (FTS5 flushes its
/// pending terms at each one).
const PASSAGES_PER_TRANSACTION: u64 = 50_000;

/// Page cache, in KiB (a negative `cache_size`; SQLite's default is 2 MiB). The load
/// appends to its b-trees and the operating system caches the file, so a bigger cache
/// only costs memory: on 100k passages, 16 MiB loaded as fast as 256 MiB with a peak of
/// 61 MB instead of 267 MB. It also bounds the `CREATE INDEX` sorter's memory.
const CACHE_KIB: i64 = 32 * 1024;

/// FTS5's buffer of pending terms, in bytes (option `hashsize`, 1 MiB by default; FTS5
/// 3.50 reads it from the `fts_config` table though fts5.html does not list it): a
/// bigger buffer writes fewer, bigger level-0 segments, so less merging. 16 MiB cut the
/// load of 100k passages from 5.6 s to 4.7 s; it is what tantivy's writer memory budget
/// is to our engine.
const FTS5_HASH_BYTES: i64 = 16 * 1024 * 1024;

/// `1970-01-01` as days since 0001-01-01 (chrono's `num_days_from_ce`).
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// The pragmas of the bulk load. The file is new and a failed ingest starts again from
/// nothing, so there is nothing to roll back to: no journal (`journal_mode = OFF`) and no
/// fsync per commit (`synchronous = OFF`); durability comes from one fsync of the
/// finished file (`ingest` syncs it and its directory). `locking_mode = EXCLUSIVE` takes
/// the file lock once rather than per transaction. Temporary files (the sorter of
/// `CREATE INDEX`) stay on disk so that memory stays bounded however big the corpus.
const LOAD_PRAGMAS: &str = "
    PRAGMA journal_mode = OFF;
    PRAGMA synchronous = OFF;
    PRAGMA locking_mode = EXCLUSIVE;
";

const SCHEMA: &str = "
    CREATE TABLE passages (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        date_to INTEGER
    );
    CREATE VIRTUAL TABLE fts USING fts5 (
        title, heading, text, attributes,
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TABLE facet_values (
        id INTEGER PRIMARY KEY,
        facet TEXT NOT NULL,
        value TEXT NOT NULL,
        passages INTEGER NOT NULL,
        UNIQUE (facet, value)
    );
    CREATE TABLE facets (
        passage INTEGER NOT NULL,
        value_id INTEGER NOT NULL,
        PRIMARY KEY (passage, value_id)
    ) WITHOUT ROWID;
";

/// Built once every passage is in: bulk-building an index from a full table is a sort,
/// cheaper than keeping it up to date row by row. Then FTS5 merges its segments into one
/// (what a bulk load ends with: the query side reads one b-tree a term) and `ANALYZE`
/// gives the planner the tables' statistics (for instance, whether to walk
/// `passages_by_date` newest first or to sort the matches), sampled
/// (`analysis_limit`, as SQLite advises for `PRAGMA optimize`) so that it does not read
/// every index whole.
const AFTER_LOAD: &str = "
    CREATE INDEX facets_by_value ON facets (value_id);
    CREATE INDEX passages_by_date ON passages (date_to);
    CREATE INDEX passages_by_document ON passages (doc_id, date_to);
    INSERT INTO fts (fts) VALUES ('optimize');
    PRAGMA analysis_limit = 1000;
    ANALYZE;
";

/// One line of the passages file (PEERS.md, input 1). `date_from` is not needed.
#[derive(Deserialize)]
struct PassageLine {
    id: String,
    doc_id: String,
    title: String,
    heading: String,
    text: String,
    attributes: String,
    date_to: Option<NaiveDate>,
    #[serde(default)]
    facets: BTreeMap<String, Vec<String>>,
}

/// Builds a fresh database in `dir` from the passages NDJSON, read a line at a time;
/// returns the number of passages written.
pub fn ingest(passages: &Path, dir: &Path) -> Result<u64> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let database = dir.join(DATABASE);
    for stale in [
        DATABASE,
        "peer.sqlite3-journal",
        "peer.sqlite3-wal",
        "peer.sqlite3-shm",
    ] {
        let path = dir.join(stale);
        match std::fs::remove_file(&path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(error)
                    .with_context(|| format!("cannot remove the old {}", path.display()))
            }
            _ => {}
        }
    }
    let input = std::fs::File::open(passages)
        .with_context(|| format!("cannot read the passages file {}", passages.display()))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, input);

    let connection = Connection::open(&database)
        .with_context(|| format!("cannot create the database {}", database.display()))?;
    connection.execute_batch(LOAD_PRAGMAS)?;
    connection.pragma_update(None, "cache_size", -CACHE_KIB)?;
    connection.execute_batch(SCHEMA)?;
    connection.execute(
        "INSERT INTO fts (fts, rank) VALUES ('hashsize', ?1)",
        [FTS5_HASH_BYTES],
    )?;

    let mut count = 0u64;
    {
        let mut insert_passage = connection
            .prepare("INSERT INTO passages (rowid, id, doc_id, date_to) VALUES (?1, ?2, ?3, ?4)")?;
        let mut insert_text = connection.prepare(
            "INSERT INTO fts (rowid, title, heading, text, attributes) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        // OR IGNORE: a value listed twice for a passage is one value of it.
        let mut insert_facet = connection
            .prepare("INSERT OR IGNORE INTO facets (passage, value_id) VALUES (?1, ?2)")?;
        // Facet -> value -> (id, passages), written to `facet_values` at the end.
        let mut values: HashMap<String, HashMap<String, (i64, i64)>> = HashMap::new();
        let mut next_value_id = 1;
        let mut line = String::new();
        let mut line_number = 0u64;
        connection.execute_batch("BEGIN")?;
        loop {
            line.clear();
            line_number += 1;
            let read = reader.read_line(&mut line).with_context(|| {
                format!("{} line {line_number}: cannot read it", passages.display())
            })?;
            if read == 0 {
                break;
            }
            if line.trim().is_empty() {
                continue;
            }
            let passage: PassageLine = serde_json::from_str(&line).with_context(|| {
                format!(
                    "{} line {line_number}: not a passage as scripts/bench/PEERS.md describes",
                    passages.display()
                )
            })?;
            if let Some(facet) = passage
                .facets
                .keys()
                .find(|facet| !FACETS.contains(&facet.as_str()))
            {
                anyhow::bail!(
                    "{} line {line_number}: `{facet}` is not one of the facets {FACETS:?}",
                    passages.display()
                );
            }
            let rowid = count as i64 + 1;
            let date_to = passage
                .date_to
                .map(|date| date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE);
            insert_passage.execute(params![rowid, passage.id, passage.doc_id, date_to])?;
            insert_text.execute(params![
                rowid,
                passage.title,
                passage.heading,
                passage.text,
                passage.attributes
            ])?;
            for (facet, list) in passage.facets {
                let facet_values = values.entry(facet).or_default();
                for value in list {
                    let (value_id, passages) = facet_values.entry(value).or_insert_with(|| {
                        next_value_id += 1;
                        (next_value_id - 1, 0)
                    });
                    *passages += insert_facet.execute(params![rowid, *value_id])? as i64;
                }
            }
            count += 1;
            if count.is_multiple_of(PASSAGES_PER_TRANSACTION) {
                connection.execute_batch("COMMIT; BEGIN")?;
            }
        }
        let mut insert_value = connection.prepare(
            "INSERT INTO facet_values (id, facet, value, passages) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (facet, facet_values) in &values {
            for (value, (value_id, passages)) in facet_values {
                insert_value.execute(params![value_id, facet, value, passages])?;
            }
        }
        connection.execute_batch("COMMIT")?;
    }
    connection.execute_batch(&format!("BEGIN; {AFTER_LOAD} COMMIT;"))?;
    connection
        .close()
        .map_err(|(_, error)| error)
        .with_context(|| format!("cannot close {}", database.display()))?;
    // The durable commit: the file's pages, then its name in the directory.
    std::fs::File::open(&database)
        .and_then(|file| file.sync_all())
        .with_context(|| format!("cannot sync {}", database.display()))?;
    std::fs::File::open(dir)
        .and_then(|directory| directory.sync_all())
        .with_context(|| format!("cannot sync {}", dir.display()))?;
    Ok(count)
}

/// The database opened read-only, with a statement cache that holds the whole query mix.
pub struct Sqlite {
    connection: Connection,
    /// Facet -> value -> passages with it, from `facet_values`.
    value_passages: HashMap<String, HashMap<String, u64>>,
    /// Facet -> its rows in `facets`.
    facet_rows: HashMap<String, u64>,
}

impl Sqlite {
    pub fn open(dir: &Path) -> Result<Self> {
        let database = dir.join(DATABASE);
        anyhow::ensure!(
            database.is_file(),
            "there is no SQLite peer database in {}; build it with `insight-bench ingest --engine sqlite PASSAGES {}`",
            dir.display(),
            dir.display()
        );
        let connection = Connection::open_with_flags(
            &database,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("cannot open {}", database.display()))?;
        // Reads through a memory map (as our index reads its files; SQLite caps it at
        // 2 GiB unless built otherwise), and keeps the GROUP BY, DISTINCT and IN
        // b-trees of a query in memory.
        connection.pragma_update(None, "mmap_size", 1i64 << 40)?;
        connection.pragma_update(None, "cache_size", -CACHE_KIB)?;
        connection.execute_batch("PRAGMA temp_store = MEMORY")?;
        connection.set_prepared_statement_cache_capacity(1024);
        let mut value_passages: HashMap<String, HashMap<String, u64>> = HashMap::new();
        let mut facet_rows: HashMap<String, u64> = HashMap::new();
        {
            let mut statement =
                connection.prepare("SELECT facet, value, passages FROM facet_values")?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                let (facet, value, passages): (String, String, i64) =
                    (row.get(0)?, row.get(1)?, row.get(2)?);
                *facet_rows.entry(facet.clone()).or_default() += passages as u64;
                value_passages
                    .entry(facet)
                    .or_default()
                    .insert(value, passages as u64);
            }
        }
        Ok(Self {
            connection,
            value_passages,
            facet_rows,
        })
    }

    /// The total, the number of documents (when grouping) and every facet's counts.
    fn counts(&self, query: &QuerySpec) -> Result<CheckLine> {
        let plan = Plan::new(query);
        let (total, total_documents) = self.totals(&plan, query.group_by_document)?;
        let mut facets: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();

        // The facets without a filter, counted over the passages that match everything.
        if plan.filters.len() < FACETS.len() {
            let mut parameters = Vec::new();
            let mut conditions = Vec::new();
            if let Some(rowids) = plan.matching(None, &mut parameters).rowids() {
                conditions.push(format!("passage IN ({rowids})"));
            }
            if !plan.filters.is_empty() {
                conditions.push(format!(
                    "value_id NOT IN (SELECT id FROM facet_values WHERE facet IN ({}))",
                    placeholders(plan.filters.len())
                ));
                parameters.extend(plan.filters.iter().map(|(facet, _)| facet.to_string()));
            }
            let sql = counts_sql(&conditions);
            let mut statement = self.connection.prepare_cached(&sql)?;
            let mut rows = statement.query(params_from_iter(&parameters))?;
            while let Some(row) = rows.next()? {
                let count: i64 = row.get(2)?;
                facets
                    .entry(row.get(0)?)
                    .or_default()
                    .insert(row.get(1)?, count as u64);
            }
        }

        // Each filtered facet, over the passages that match everything but its own filter.
        for (facet, _) in &plan.filters {
            let mut parameters = vec![facet.to_string()];
            let matching = plan.matching(Some(facet), &mut parameters);
            // `+` marks the column whose index is not to be used: either each matching
            // passage's rows (by primary key), kept when of this facet; or this facet's
            // rows (by `value_id`, so in group order), kept when of a matching passage.
            let conditions = match matching.rowids() {
                None => vec!["value_id IN (SELECT id FROM facet_values WHERE facet = ?)".into()],
                Some(rowids) if self.seek_matching(&plan, facet) => vec![
                    "+value_id IN (SELECT id FROM facet_values WHERE facet = ?)".into(),
                    format!("passage IN ({rowids})"),
                ],
                Some(rowids) => vec![
                    "value_id IN (SELECT id FROM facet_values WHERE facet = ?)".into(),
                    format!("+passage IN ({rowids})"),
                ],
            };
            let sql = counts_sql(&conditions);
            let mut statement = self.connection.prepare_cached(&sql)?;
            let mut rows = statement.query(params_from_iter(&parameters))?;
            let mut values = BTreeMap::new();
            while let Some(row) = rows.next()? {
                let count: i64 = row.get(2)?;
                values.insert(row.get(1)?, count as u64);
            }
            if !values.is_empty() {
                facets.insert(facet.to_string(), values);
            }
        }

        Ok(CheckLine {
            name: query.name.clone(),
            total,
            total_documents,
            facets,
        })
    }

    /// Whether to count a filtered facet's values over the passages that match the rest
    /// of the query by reading each such passage's rows, rather than by reading all the
    /// facet's rows and keeping those of matching passages. Left to itself SQLite does
    /// neither: it seeks every pair of value and passage. On 100k passages, reading a
    /// passage's rows cost about 3.4 µs, and reading one row of a facet and looking its
    /// passage up 0.17 µs, so passages win while they are fewer than a twentieth of the
    /// facet's rows. Words are taken to be that selective; for filters alone, the
    /// smallest filter's number of passages bounds the matches.
    fn seek_matching(&self, plan: &Plan, lifted: &str) -> bool {
        if plan.text.is_some() {
            return true;
        }
        let passages_of = |facet: &str, value: &String| {
            self.value_passages
                .get(facet)
                .and_then(|values| values.get(value))
                .copied()
                .unwrap_or(0)
        };
        let bound = plan
            .filters
            .iter()
            .filter(|(facet, _)| *facet != lifted)
            .map(|(facet, values)| {
                values
                    .iter()
                    .map(|value| passages_of(facet, value))
                    .sum::<u64>()
            })
            .min()
            .unwrap_or(u64::MAX);
        let rows = self.facet_rows.get(lifted).copied().unwrap_or(0);
        bound.saturating_mul(20) < rows
    }

    /// Matching passages and, when grouping, matching distinct documents.
    fn totals(&self, plan: &Plan, group_by_document: bool) -> Result<(u64, Option<u64>)> {
        let mut parameters = Vec::new();
        let matching = plan.matching(None, &mut parameters);
        if !group_by_document {
            let sql = match matching.rowids() {
                Some(rowids) => format!("SELECT COUNT(*) FROM ({rowids})"),
                None => "SELECT COUNT(*) FROM passages".to_string(),
            };
            let mut statement = self.connection.prepare_cached(&sql)?;
            let total: i64 =
                statement.query_row(params_from_iter(&parameters), |row| row.get(0))?;
            return Ok((total as u64, None));
        }
        let sql = format!(
            "SELECT COUNT(*), COUNT(DISTINCT doc_id) FROM {}",
            matching.passages()
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        let (total, documents): (i64, i64) = statement
            .query_row(params_from_iter(&parameters), |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        Ok((total as u64, Some(documents as u64)))
    }

    /// The ids of the first page: the best `PAGE` passages, or with `group_by_document`
    /// the best passage of each of the best `PAGE` documents.
    fn page_ids(&self, query: &QuerySpec) -> Result<Vec<String>> {
        let plan = Plan::new(query);
        let mut parameters = Vec::new();
        let matching = plan.matching(None, &mut parameters);
        let sql = match (query.sort, &matching, query.group_by_document) {
            // `rank` is `bm25(fts)` with every column weighted 1; FTS5 sorts by it itself.
            (Sort::Relevance, Matching::Text(text), false) => format!(
                "SELECT passages.id FROM (SELECT rowid, rank FROM {text} ORDER BY rank LIMIT {PAGE}) AS top \
                 JOIN passages ON passages.rowid = top.rowid ORDER BY top.rank"
            ),
            // A document's score is its best passage's; the bare `id` is that passage's.
            (Sort::Relevance, Matching::Text(text), true) => format!(
                "SELECT passages.id, MIN(top.rank) AS best FROM (SELECT rowid, rank FROM {text}) AS top \
                 JOIN passages ON passages.rowid = top.rowid \
                 GROUP BY passages.doc_id ORDER BY best, passages.doc_id LIMIT {PAGE}"
            ),
            // No words, no score: input order, as our engine's all-match ties fall.
            (Sort::Relevance, _, false) => format!(
                "SELECT id FROM {} ORDER BY rowid LIMIT {PAGE}",
                matching.passages()
            ),
            (Sort::Relevance, _, true) => format!(
                "SELECT id, MIN(rowid) AS first FROM {} GROUP BY doc_id ORDER BY first LIMIT {PAGE}",
                matching.passages()
            ),
            (Sort::Newest, _, false) => format!(
                "SELECT id FROM {} ORDER BY date_to DESC NULLS LAST, rowid LIMIT {PAGE}",
                matching.passages()
            ),
            (Sort::Newest, _, true) => format!(
                "SELECT id, MAX(date_to) AS newest FROM {} GROUP BY doc_id \
                 ORDER BY newest DESC NULLS LAST, doc_id LIMIT {PAGE}",
                matching.passages()
            ),
        };
        let mut statement = self.connection.prepare_cached(&sql)?;
        let ids = statement
            .query_map(params_from_iter(&parameters), |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }
}

impl Engine for Sqlite {
    fn check(&mut self, query: &QuerySpec) -> Result<CheckLine> {
        self.counts(query)
    }

    fn page(&mut self, query: &QuerySpec) -> Result<usize> {
        self.counts(query)?;
        Ok(self.page_ids(query)?.len())
    }
}

/// A query as the pieces of SQL it needs.
struct Plan<'q> {
    /// The FTS5 MATCH expression, if there are words.
    text: Option<String>,
    /// Facet -> values (OR'ed), in the query's order.
    filters: Vec<(&'q str, &'q [String])>,
}

/// The matching passages as a `FROM` clause (the table and its `WHERE`).
enum Matching {
    /// Every passage.
    Everything,
    /// Filters only: a `SELECT` of the matching rowids, each once.
    Filters(String),
    /// Words, maybe filters: `fts WHERE fts MATCH ? ...`, so that `rank` is at hand.
    Text(String),
}

impl Matching {
    /// A `SELECT` of the matching rowids, each once; `None` when every passage matches.
    fn rowids(&self) -> Option<String> {
        match self {
            Matching::Everything => None,
            Matching::Filters(select) => Some(select.clone()),
            Matching::Text(from) => Some(format!("SELECT rowid FROM {from}")),
        }
    }

    /// The matching rows of `passages`, as a `FROM` clause.
    fn passages(&self) -> String {
        match self.rowids() {
            None => "passages".to_string(),
            Some(rowids) => format!("passages WHERE rowid IN ({rowids})"),
        }
    }
}

impl<'q> Plan<'q> {
    fn new(query: &'q QuerySpec) -> Self {
        Self {
            text: match_expression(&query.terms, query.phrase.as_deref()),
            filters: query
                .filters
                .iter()
                .map(|(facet, values)| (facet.as_str(), values.as_slice()))
                .collect(),
        }
    }

    /// The passages matching the text and every filter but `lift`'s; pushes the bound
    /// parameters in the order of their placeholders.
    fn matching(&self, lift: Option<&str>, parameters: &mut Vec<String>) -> Matching {
        let mut text = Vec::new();
        if let Some(expression) = &self.text {
            text.push("fts MATCH ?".to_string());
            parameters.push(expression.clone());
        }
        // Each filter's passages, read from `facets` in `value_id` order. An empty list
        // ORs nothing: `IN ()` is false, as a filter on no value is.
        let mut filters = Vec::new();
        for (facet, values) in &self.filters {
            if Some(*facet) == lift {
                continue;
            }
            filters.push(format!(
                "SELECT passage FROM facets WHERE value_id IN \
                 (SELECT id FROM facet_values WHERE facet = ? AND value IN ({}))",
                placeholders(values.len())
            ));
            parameters.push(facet.to_string());
            parameters.extend(values.iter().cloned());
        }
        if self.text.is_none() {
            return match filters.len() {
                0 => Matching::Everything,
                // a passage with two of the values is listed twice
                1 => Matching::Filters(filters[0].replacen("SELECT", "SELECT DISTINCT", 1)),
                _ => Matching::Filters(filters.join(" INTERSECT ")),
            };
        }
        // Under a MATCH, the filters are lists that each passage matched is looked up
        // in. `+rowid` keeps them from FTS5: given `rowid IN (list)`, SQLite would run the
        // whole MATCH again for each listed passage (`rowid = ?`).
        for filter in filters {
            text.push(format!("+rowid IN ({filter})"));
        }
        Matching::Text(format!("fts WHERE {}", text.join(" AND ")))
    }
}

/// Counts the facet values of the `facets` rows that meet every condition: `facet`,
/// `value`, `count` a row. Grouping the numbers, then naming the few groups, sorts far
/// less than grouping the names.
fn counts_sql(conditions: &[String]) -> String {
    let mut counts = String::from("SELECT value_id, COUNT(*) AS count FROM facets");
    if !conditions.is_empty() {
        counts.push_str(" WHERE ");
        counts.push_str(&conditions.join(" AND "));
    }
    format!(
        "SELECT facet_values.facet, facet_values.value, counts.count \
         FROM ({counts} GROUP BY value_id) AS counts \
         JOIN facet_values ON facet_values.id = counts.value_id"
    )
}

/// `?, ?, ?` for `count` parameters.
fn placeholders(count: usize) -> String {
    vec!["?"; count].join(", ")
}

/// Every term AND the phrase, each as an FTS5 string (double-quoted, quotes doubled), so
/// that no punctuation or keyword (`AND`, `NEAR`, `*`, `:`, `^`) is read as syntax; the
/// tokenizer splits a quoted string into words that must be adjacent, which is what a
/// phrase, or a term that is several words (`joined-up`), means. A term or phrase with
/// no letter or digit has no words under PEERS.md's analysis and is left out. `None`
/// when nothing is left: every passage matches.
fn match_expression(terms: &[String], phrase: Option<&[String]>) -> Option<String> {
    let quote = |words: &str| format!("\"{}\"", words.replace('"', "\"\""));
    let has_word = |words: &str| words.chars().any(char::is_alphanumeric);
    let mut parts: Vec<String> = terms
        .iter()
        .filter(|term| has_word(term))
        .map(|term| quote(term))
        .collect();
    if let Some(phrase) = phrase {
        let words = phrase.join(" ");
        if has_word(&words) {
            parts.push(quote(&words));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Five passages of three documents, worked by hand below. Porter stems `waiting`,
    /// `waits`, `waited` to `wait`; `Café` and `Résumé` fold to `cafe`, `resume`.
    const PASSAGES: &str = r#"{"id":"p1","doc_id":"A","title":"Leeds surgery survey","heading":"","text":"Long waits at the surgery.","attributes":"","date_from":"2023-04-01","date_to":"2023-06-30","facets":{"place":["West Yorkshire","West Yorkshire/Leeds"],"theme":["Access","Access/Waiting times"],"kind":["survey"]}}
{"id":"p2","doc_id":"A","title":"Leeds surgery survey","heading":"Staff","text":"The staff were kind and helpful.","attributes":"","date_from":"2023-04-01","date_to":"2023-06-30","facets":{"place":["West Yorkshire","West Yorkshire/Leeds"],"theme":["Care quality"],"kind":["survey"]}}
{"id":"p3","doc_id":"B","title":"Bradford voices","heading":"Transport","text":"I waited a long time for the bus.","attributes":"Ward: Manningham","date_from":"2024-01-15","date_to":"2024-01-15","facets":{"place":["West Yorkshire","West Yorkshire/Bradford"],"theme":["Access","Access/Transport"],"kind":["workshop notes"]}}

{"id":"p4","doc_id":"C","title":"Café chat","heading":"Waiting","text":"Résumé of the naïve discussion.","attributes":"","date_from":null,"date_to":null,"facets":{"place":["West Yorkshire","West Yorkshire/Leeds"],"theme":["Access"],"kind":["survey"]}}
{"id":"p5","doc_id":"C","title":"Café chat","heading":"","text":"The women's group said waiting lists are long.","attributes":"","date_from":null,"date_to":null,"facets":{"place":["West Yorkshire","West Yorkshire/Leeds"],"theme":["Access","Access/Waiting times"],"kind":["survey"],"community":["Women"]}}
"#;

    fn ingested(passages: &str) -> (tempfile::TempDir, Result<u64>) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("passages.ndjson");
        std::fs::File::create(&file)
            .unwrap()
            .write_all(passages.as_bytes())
            .unwrap();
        let written = ingest(&file, &dir.path().join("sqlite"));
        (dir, written)
    }

    fn engine() -> (tempfile::TempDir, Sqlite) {
        let (dir, written) = ingested(PASSAGES);
        assert_eq!(written.unwrap(), 5);
        let engine = Sqlite::open(&dir.path().join("sqlite")).unwrap();
        (dir, engine)
    }

    /// A query from its JSON form, as in `queries.json`.
    fn query(json: serde_json::Value) -> QuerySpec {
        let mut json = json;
        let object = json.as_object_mut().unwrap();
        object.entry("name").or_insert("test".into());
        object.entry("kind").or_insert("test".into());
        object.entry("sort").or_insert("relevance".into());
        serde_json::from_value(json).unwrap()
    }

    /// Checks a query's total, documents, and the facets named in `facets`, each compared
    /// whole (`{}`: the facet is absent).
    fn check(
        engine: &mut Sqlite,
        spec: serde_json::Value,
        total: u64,
        total_documents: Option<u64>,
        facets: serde_json::Value,
    ) {
        let line = engine.check(&query(spec.clone())).unwrap();
        assert_eq!(
            (line.total, line.total_documents),
            (total, total_documents),
            "{spec}"
        );
        for (facet, expected) in facets.as_object().unwrap() {
            let expected: BTreeMap<String, u64> = serde_json::from_value(expected.clone()).unwrap();
            let actual = line.facets.get(facet).cloned().unwrap_or_default();
            assert_eq!(actual, expected, "facet `{facet}` of {spec}");
        }
    }

    #[test]
    fn every_passage_without_words_or_filters() {
        let (_dir, mut engine) = engine();
        check(
            &mut engine,
            serde_json::json!({}),
            5,
            None,
            serde_json::json!({
                "place": {"West Yorkshire": 5, "West Yorkshire/Leeds": 4, "West Yorkshire/Bradford": 1},
                "theme": {"Access": 4, "Access/Waiting times": 2, "Access/Transport": 1, "Care quality": 1},
                "kind": {"survey": 4, "workshop notes": 1},
                "community": {"Women": 1},
                "segment": {},
            }),
        );
        let line = engine.check(&query(serde_json::json!({}))).unwrap();
        assert_eq!(
            line.facets.keys().collect::<Vec<_>>(),
            ["community", "kind", "place", "theme"],
            "facets without values are left out"
        );
    }

    #[test]
    fn words_are_stemmed_folded_and_match_in_any_field() {
        let (_dir, mut engine) = engine();
        // text (p1 waits, p3 waited, p5 waiting), heading (p4); not p2
        check(
            &mut engine,
            serde_json::json!({"terms": ["waiting"]}),
            4,
            None,
            serde_json::json!({}),
        );
        check(
            &mut engine,
            serde_json::json!({"terms": ["cafe", "resume"]}),
            1,
            None,
            serde_json::json!({}),
        );
        check(
            &mut engine,
            serde_json::json!({"terms": ["women"]}),
            1,
            None,
            serde_json::json!({}),
        );
        check(
            &mut engine,
            serde_json::json!({"terms": ["manningham"]}),
            1,
            None,
            serde_json::json!({}),
        );
        // every term: waiting AND long is p1, p3, p5; punctuation is no syntax
        check(
            &mut engine,
            serde_json::json!({"terms": ["waiting)", "(LONG", "\"", "*"]}),
            3,
            None,
            serde_json::json!({}),
        );
        check(
            &mut engine,
            serde_json::json!({"terms": ["NEAR", "AND"]}),
            0,
            None,
            serde_json::json!({}),
        );
    }

    #[test]
    fn a_phrase_is_adjacent_words_in_order() {
        let (_dir, mut engine) = engine();
        check(
            &mut engine,
            serde_json::json!({"phrase": ["long", "time"]}),
            1,
            None,
            serde_json::json!({}),
        );
        check(
            &mut engine,
            serde_json::json!({"phrase": ["time", "long"]}),
            0,
            None,
            serde_json::json!({}),
        );
        check(
            &mut engine,
            serde_json::json!({"terms": ["group"], "phrase": ["waiting", "lists"]}),
            1,
            None,
            serde_json::json!({}),
        );
        // `long waits` in p1, and `long` then `wait`ed is not adjacent in p3
        check(
            &mut engine,
            serde_json::json!({"phrase": ["long", "wait"]}),
            1,
            None,
            serde_json::json!({}),
        );
    }

    #[test]
    fn a_filtered_facet_is_counted_with_its_own_filter_lifted() {
        let (_dir, mut engine) = engine();
        // "waiting" is p1, p3, p4, p5; Leeds leaves p1, p4, p5.
        check(
            &mut engine,
            serde_json::json!({"terms": ["waiting"], "filters": {"place": ["West Yorkshire/Leeds"]}}),
            3,
            None,
            serde_json::json!({
                "place": {"West Yorkshire": 4, "West Yorkshire/Leeds": 3, "West Yorkshire/Bradford": 1},
                "theme": {"Access": 3, "Access/Waiting times": 2},
                "kind": {"survey": 3},
                "community": {"Women": 1},
            }),
        );
        // Two facets: Leeds AND (waiting times OR transport) is p1, p5; place is counted
        // over the theme filter alone (p1, p3, p5), theme over Leeds alone (p1, p2, p4, p5).
        check(
            &mut engine,
            serde_json::json!({"filters": {
                "place": ["West Yorkshire/Leeds"],
                "theme": ["Access/Waiting times", "Access/Transport"]}}),
            2,
            None,
            serde_json::json!({
                "place": {"West Yorkshire": 3, "West Yorkshire/Leeds": 2, "West Yorkshire/Bradford": 1},
                "theme": {"Access": 3, "Access/Waiting times": 2, "Care quality": 1},
                "kind": {"survey": 2},
                "community": {"Women": 1},
            }),
        );
        // A passage with two of the values is one passage.
        check(
            &mut engine,
            serde_json::json!({"filters": {"theme": ["Access", "Access/Waiting times"]}}),
            4,
            None,
            serde_json::json!({"kind": {"survey": 3, "workshop notes": 1}}),
        );
        // A facet filtered on no value matches nothing, but its own counts are lifted.
        check(
            &mut engine,
            serde_json::json!({"filters": {"kind": []}}),
            0,
            None,
            serde_json::json!({"kind": {"survey": 4, "workshop notes": 1}, "place": {}}),
        );
    }

    #[test]
    fn grouping_counts_documents_and_pages_one_hit_each() {
        let (_dir, mut engine) = engine();
        check(
            &mut engine,
            serde_json::json!({"terms": ["waiting"], "group_by_document": true}),
            4,
            Some(3),
            serde_json::json!({"place": {"West Yorkshire": 4, "West Yorkshire/Leeds": 3, "West Yorkshire/Bradford": 1}}),
        );
        check(
            &mut engine,
            serde_json::json!({"group_by_document": true}),
            5,
            Some(3),
            serde_json::json!({}),
        );

        let newest = engine
            .page_ids(&query(serde_json::json!({"terms": ["waiting"], "sort": "newest", "group_by_document": true})))
            .unwrap();
        assert_eq!(newest.len(), 3);
        assert_eq!(
            &newest[..2],
            ["p3", "p1"],
            "dated documents first, newest first"
        );
        assert!(["p4", "p5"].contains(&newest[2].as_str()));

        let browse = engine
            .page_ids(&query(serde_json::json!({"group_by_document": true})))
            .unwrap();
        assert_eq!(browse, ["p1", "p3", "p4"]);

        let relevance = engine
            .page_ids(&query(
                serde_json::json!({"terms": ["bus"], "group_by_document": true}),
            ))
            .unwrap();
        assert_eq!(relevance, ["p3"]);
        assert_eq!(
            engine
                .page(&query(
                    serde_json::json!({"terms": ["waiting"], "group_by_document": true})
                ))
                .unwrap(),
            3
        );
    }

    #[test]
    fn pages_by_relevance_and_by_date() {
        let (_dir, mut engine) = engine();
        let newest = engine
            .page_ids(&query(
                serde_json::json!({"terms": ["waiting"], "sort": "newest"}),
            ))
            .unwrap();
        assert_eq!(newest, ["p3", "p1", "p4", "p5"], "undated passages last");
        let relevance = engine
            .page_ids(&query(serde_json::json!({"terms": ["waiting"], "filters": {"place": ["West Yorkshire/Leeds"]}})))
            .unwrap();
        assert_eq!(relevance.len(), 3);
        assert_eq!(engine.page(&query(serde_json::json!({}))).unwrap(), 5);
    }

    #[test]
    fn a_malformed_line_is_named() {
        let lines: Vec<&str> = PASSAGES.lines().collect();
        let broken = format!(
            "{}\n{}\n{{\"id\": \"p3\", \"doc_id\": \n",
            lines[0], lines[1]
        );
        let (dir, written) = ingested(&broken);
        let message = format!("{:#}", written.unwrap_err());
        let file = dir.path().join("passages.ndjson");
        assert!(
            message.contains(&format!("{} line 3:", file.display())),
            "{message}"
        );

        let unknown = PASSAGES.replacen("\"kind\":", "\"sort\":", 1);
        let (_dir, written) = ingested(&unknown);
        let message = format!("{:#}", written.unwrap_err());
        assert!(
            message.contains("line 1: `sort` is not one of the facets"),
            "{message}"
        );
    }

    #[test]
    fn ingest_replaces_an_old_database() {
        let (dir, written) = ingested(PASSAGES);
        assert_eq!(written.unwrap(), 5);
        let file = dir.path().join("passages.ndjson");
        let one = PASSAGES.lines().next().unwrap();
        std::fs::write(&file, format!("{one}\n")).unwrap();
        assert_eq!(ingest(&file, &dir.path().join("sqlite")).unwrap(), 1);
        let mut engine = Sqlite::open(&dir.path().join("sqlite")).unwrap();
        assert_eq!(
            engine.check(&query(serde_json::json!({}))).unwrap().total,
            1
        );
    }

    #[test]
    fn match_expressions_quote_every_part() {
        let terms = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(match_expression(&[], None), None);
        assert_eq!(match_expression(&terms(&["-", "\""]), None), None);
        assert_eq!(
            match_expression(&terms(&["a\"b", "c"]), Some(&terms(&["long", "wait"]))),
            Some(r#""a""b" AND "c" AND "long wait""#.to_string())
        );
    }
}
