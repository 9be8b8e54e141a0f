//! `insight-bench`: the in-process engines of the national-scale benchmark
//! (`scripts/bench/suite.py` drives it; the protocol is `scripts/bench/PEERS.md`).
//!
//! * `dump`: writes every passage of an ingested index as the peers' input;
//! * `ingest`: builds a peer's index from that input (SQLite FTS5);
//! * `check` / `time`: answers the query mix with one engine (ours or SQLite FTS5).

mod insight;
mod protocol;
mod sqlite;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "insight-bench", about = "The benchmark's in-process engines")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum EngineName {
    Insight,
    Sqlite,
}

#[derive(Subcommand)]
enum Command {
    /// Write every passage of an index as NDJSON (the peers' input).
    Dump {
        #[arg(long)]
        index: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Build a peer's index from the passages NDJSON.
    Ingest {
        #[arg(long, value_enum)]
        engine: EngineName,
        passages: PathBuf,
        index: PathBuf,
    },
    /// Print each query's hit count, document count and facet counts.
    Check {
        #[arg(long, value_enum)]
        engine: EngineName,
        queries: PathBuf,
        index: PathBuf,
    },
    /// Time the query mix: a warm-up, then `rounds` rounds.
    Time {
        #[arg(long, value_enum)]
        engine: EngineName,
        queries: PathBuf,
        index: PathBuf,
        #[arg(long, default_value_t = 20)]
        rounds: usize,
        /// Our engine only: read the terms as a person's plain query (fewer words when
        /// few passages have them all, themes, near spellings), as the search page and
        /// the API do by default, instead of the protocol's every-word matching.
        #[arg(long)]
        plain: bool,
    },
}

fn open(engine: EngineName, index: &std::path::Path) -> Result<Box<dyn protocol::Engine>> {
    Ok(match engine {
        EngineName::Insight => Box::new(insight::Insight::open(index)?),
        EngineName::Sqlite => Box::new(sqlite::Sqlite::open(index)?),
    })
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Dump { index, out } => dump(&index, &out),
        Command::Ingest {
            engine,
            passages,
            index,
        } => match engine {
            EngineName::Sqlite => {
                let start = Instant::now();
                let count = sqlite::ingest(&passages, &index)?;
                println!(
                    "{}",
                    serde_json::json!({"engine": "sqlite", "passages": count,
                        "seconds": start.elapsed().as_secs_f64()})
                );
                Ok(())
            }
            EngineName::Insight => {
                anyhow::bail!("our engine ingests the corpus itself: run `insight ingest CORPUS`")
            }
        },
        Command::Check {
            engine,
            queries,
            index,
        } => protocol::check(
            &mut *open(engine, &index)?,
            &protocol::read_queries(&queries)?,
        ),
        Command::Time {
            engine,
            queries,
            index,
            rounds,
            plain,
        } => {
            let name = match engine {
                EngineName::Insight => "insight",
                EngineName::Sqlite => "sqlite",
            };
            let mut engine: Box<dyn protocol::Engine> = match engine {
                EngineName::Insight if plain => Box::new(insight::Insight::open_plain(&index)?),
                _ => open(engine, &index)?,
            };
            protocol::time(
                name,
                &mut *engine,
                &protocol::read_queries(&queries)?,
                rounds,
            )
        }
    }
}

fn dump(index: &std::path::Path, out: &std::path::Path) -> Result<()> {
    let index = insight_index::InsightIndex::open(index)
        .with_context(|| format!("cannot open the index in {}", index.display()))?;
    let file =
        std::fs::File::create(out).with_context(|| format!("cannot write {}", out.display()))?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut count = 0u64;
    index.for_each_passage(|passage| -> Result<()> {
        serde_json::to_writer(&mut writer, &passage)?;
        writer.write_all(b"\n")?;
        count += 1;
        Ok(())
    })?;
    writer.flush()?;
    eprintln!("{count} passages written to {}", out.display());
    Ok(())
}
