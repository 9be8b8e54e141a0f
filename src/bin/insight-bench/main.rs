//! `insight-bench`: the in-process engines of the national-scale benchmark
//! (`scripts/bench/suite.py` drives it; the protocol is `scripts/bench/PEERS.md`).
//!
//! * `dump`: writes every passage of an ingested index as the peers' input;
//! * `ingest`: builds a peer's index from that input (SQLite FTS5);
//! * `check` / `time`: answers the query mix with one engine (ours or SQLite FTS5);
//! * `redact`: times the redactor over the passages of a dump that ingest redacts.

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
    /// Time the redactor over the passages of a dump (`dump`'s output) that ingest
    /// redacts; prints JSON.
    Redact {
        passages: PathBuf,
        /// The international first-name list, as ingest uses it when it is there.
        #[arg(long)]
        names: Option<PathBuf>,
    },
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

/// What `redact` measures, for BENCHMARKS.md.
#[derive(serde::Serialize)]
struct RedactTiming {
    passages: usize,
    redacted: usize,
    bytes: usize,
    seconds: f64,
    passages_per_second: f64,
    markers: usize,
}

/// The redactor over the heading and text of every passage ingest redacts (survey
/// answers, workshop notes, reports that are not public), as ingest builds it (the
/// international first-name list when given), on one thread.
fn redact(passages: &std::path::Path, names: Option<&std::path::Path>) -> Result<()> {
    let mut redactor = insight_ingest::Redactor::new();
    if let Some(names) = names {
        redactor = redactor
            .with_first_names_file(names)
            .map_err(|why| anyhow::anyhow!("{}: {why}", names.display()))?;
    }
    // the dump is read a line at a time (it is 1.5 GB at a million passages); only the
    // texts to redact are kept
    let file =
        std::fs::File::open(passages).with_context(|| format!("reading {}", passages.display()))?;
    let mut inputs: Vec<String> = Vec::new();
    let mut total = 0;
    for (number, line) in std::io::BufRead::lines(std::io::BufReader::new(file)).enumerate() {
        let line = line.with_context(|| format!("reading {}", passages.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        total += 1;
        let passage: serde_json::Value = serde_json::from_str(&line).with_context(|| {
            format!("{} line {}: not a passage", passages.display(), number + 1)
        })?;
        let first = |facet: &str| {
            passage["facets"][facet][0]
                .as_str()
                .unwrap_or_default()
                .to_string()
        };
        let kind = first("kind");
        if kind == "survey" || kind == "workshop notes" || first("visibility") != "public" {
            for field in ["heading", "text"] {
                inputs.push(passage[field].as_str().unwrap_or_default().to_string());
            }
        }
    }
    let bytes = inputs.iter().map(String::len).sum();
    let start = Instant::now();
    let mut markers = 0;
    for input in &inputs {
        let (_, counts) = redactor.redact(input);
        markers += counts.values().sum::<usize>();
    }
    let seconds = start.elapsed().as_secs_f64();
    let timing = RedactTiming {
        passages: total,
        redacted: inputs.len() / 2,
        bytes,
        seconds,
        passages_per_second: (inputs.len() / 2) as f64 / seconds.max(1e-9),
        markers,
    };
    println!("{}", serde_json::to_string(&timing)?);
    Ok(())
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
        Command::Redact { passages, names } => redact(&passages, names.as_deref()),
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
