//! The `insight` binary: parses the command line and wires ingest, index and output.
//! Exit codes: 0 done; 1 failed; 2 done, but some files or rows were skipped (ingest)
//! or have errors (check).

mod cli;
mod model;
mod output;
mod report;

use anyhow::Context;
use clap::Parser;
use cli::{
    CheckArgs, Cli, Command, IngestArgs, KeysCommand, OverlapArgs, ReportArgs, SearchArgs,
    ServeArgs,
};
use indicatif::{ProgressBar, ProgressStyle};
use insight_index::{FacetField, InsightIndex, SearchRequest, Sort};
use insight_ingest::{IngestOptions, Progress};
use std::collections::BTreeMap;
use std::io::Write;
use std::ops::ControlFlow;
use std::process::ExitCode;

fn main() -> ExitCode {
    if let Err(error) = apply_config_file() {
        eprintln!("error: {error:#}");
        return ExitCode::from(1);
    }
    let cli = Cli::parse();
    let log_file = match &cli.command {
        Command::Serve(args) => args.log_file.as_deref(),
        _ => None,
    };
    if let Err(error) = start_logging(log_file) {
        eprintln!("error: {error:#}");
        return ExitCode::from(1);
    }
    let result = match cli.command {
        Command::Ingest(args) => ingest(args),
        Command::Search(args) => search(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::Overlap(args) => overlap(args),
        Command::Report(args) => report(args),
        Command::Keys(KeysCommand::Add(args)) => keys_add(args),
        Command::Keys(KeysCommand::List(args)) => keys_list(args),
        Command::Dictionaries(cli::DictionariesCommand::Build(args)) => dictionaries_build(args),
        Command::Dictionaries(cli::DictionariesCommand::Status(args)) => dictionaries_status(args),
        Command::Model(cli::ModelCommand::Train(args)) => model::train(args),
        Command::Model(cli::ModelCommand::Evaluate(args)) => model::evaluate(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// Logs warnings, and the server's request log (`insight::access`), to standard error
/// or appended to `file`; `INSIGHT_LOG` (e.g. `info` or `debug`) changes the levels.
fn start_logging(file: Option<&std::path::Path>) -> anyhow::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("INSIGHT_LOG")
        .unwrap_or_else(|_| "warn,insight::access=info,lindera_dictionary=error".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match file {
        None => builder.with_writer(std::io::stderr).init(),
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .with_context(|| format!("opening the log file {}", path.display()))?;
            builder
                .with_ansi(false)
                .with_writer(std::sync::Mutex::new(file))
                .init();
        }
    }
    Ok(())
}

/// Writes to stdout; a closed pipe (`insight search ... | head`) ends the output
/// quietly instead of failing.
fn write_stdout(
    write: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

/// Settings from a config file (`insight.toml` in the working folder, or the file named
/// by `INSIGHT_CONFIG`) become `INSIGHT_*` variables where those are not set, so the
/// order of precedence is: config file < environment < flags.
fn apply_config_file() -> anyhow::Result<()> {
    const KEYS: [&str; 7] = [
        "index",
        "corpus",
        "addr",
        "web",
        "commit_every",
        "rebuild",
        "dictionaries",
    ];
    let (path, required) = match std::env::var_os("INSIGHT_CONFIG") {
        Some(path) => (std::path::PathBuf::from(path), true),
        None => (std::path::PathBuf::from("insight.toml"), false),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !required => return Ok(()),
        Err(error) => {
            return Err(error).with_context(|| format!("reading config file {}", path.display()))
        }
    };
    let table: toml::Table = toml::from_str(&text)
        .with_context(|| format!("config file {} is not valid TOML", path.display()))?;
    for (key, value) in table {
        if !KEYS.contains(&key.as_str()) {
            anyhow::bail!(
                "config file {}: unknown setting `{key}`; use {}",
                path.display(),
                KEYS.join(", ")
            );
        }
        let variable = format!("INSIGHT_{}", key.to_uppercase());
        if std::env::var_os(&variable).is_none() {
            let text = match value {
                toml::Value::String(text) => text,
                other => other.to_string(),
            };
            std::env::set_var(variable, text);
        }
    }
    Ok(())
}

fn ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let index =
        InsightIndex::open_or_create_with(&args.index.index, args.index.load_dictionaries())
            .with_context(|| format!("opening index at {}", args.index.index.display()))?;
    if index.was_reset() {
        eprintln!(
            "the index at {} was made by another version: it is rebuilt from scratch",
            args.index.index.display()
        );
    }
    let mut options = IngestOptions::new(&args.dir);
    options.rebuild = args.rebuild;
    options.commit_every = args.commit_every as usize;
    options.readers = args.readers.options();
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} files {wide_bar} {msg}")
            .expect("valid template"),
    );
    let summary = insight_ingest::ingest(&index, &options, |progress| {
        match progress {
            Progress::Started { total } => bar.set_length(total as u64),
            Progress::File { done, file, .. } => {
                bar.set_position(done as u64);
                bar.set_message(file.to_string());
            }
        }
        ControlFlow::Continue(())
    })
    .with_context(|| format!("ingesting {}", args.dir.display()))?;
    bar.finish_and_clear();
    write_stdout(|out| {
        if args.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)
        } else {
            output::print_ingest_summary(out, &summary, &args.index.index)
        }
    })?;
    Ok(if summary.has_skips() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let summary = insight_ingest::check(&args.dir, &args.readers.options())
        .with_context(|| format!("checking {}", args.dir.display()))?;
    write_stdout(|out| {
        if args.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)
        } else {
            output::print_check_summary(out, &summary)
        }
    })?;
    Ok(if summary.errors > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if to < from {
            anyhow::bail!("`--to` ({to}) is before `--from` ({from}); swap them");
        }
    }
    let index = InsightIndex::open_with(&args.index.index, args.index.load_dictionaries())?;
    let mut filters = BTreeMap::new();
    for (facet, values) in [
        (FacetField::Place, args.place),
        (FacetField::Segment, args.segment),
        (FacetField::Theme, args.theme),
        (FacetField::Community, args.community),
        (FacetField::Sentiment, args.sentiment),
        (FacetField::Kind, args.kind),
        (FacetField::Method, args.method),
        (FacetField::Organisation, args.organisation),
    ] {
        if !values.is_empty() {
            filters.insert(facet, values);
        }
    }
    let request = SearchRequest {
        query: args.query.clone(),
        filters,
        from: args.from,
        to: args.to,
        sort: match args.sort.as_str() {
            "newest" => Sort::Newest,
            "oldest" => Sort::Oldest,
            _ => Sort::Relevance,
        },
        offset: args.offset as usize,
        limit: args.limit as usize,
        group_by_document: args.by_document,
        access: args.audience.clone(),
        exact: args.exact,
        expand_themes: !args.no_themes,
    };
    let results = index.search(&request)?;
    if let Some(notice) = results
        .interpretation
        .as_ref()
        .and_then(|i| i.notice.as_ref())
    {
        eprintln!("note: {notice}");
    }
    write_stdout(|out| {
        if args.json {
            let body = serde_json::json!({ "query": args.query, "results": results });
            writeln!(out, "{}", serde_json::to_string_pretty(&body)?)
        } else {
            output::print_search_results(out, &args.query, &request, &results)
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let index = InsightIndex::open_with(&args.index.index, args.index.load_dictionaries())?;
    let web_dir = args.web.join("public").is_dir().then_some(args.web.clone());
    if web_dir.is_none() {
        eprintln!(
            "warning: no web page at {}/public; serving the API only",
            args.web.display()
        );
    }
    let mut state = insight_server::AppState::new(std::sync::Arc::new(index), web_dir);
    state.suppress_below = args.suppress_below;
    match &args.keys {
        Some(path) => {
            let keys = insight_server::KeyStore::load(path)
                .context("loading the API keys (fix the file, or leave out --keys to serve public material only)")?;
            eprintln!("{} API keys from {}", keys.keys().len(), path.display());
            state.keys = std::sync::Arc::new(keys);
        }
        None => eprintln!("no API keys (--keys): every request sees public material only"),
    }
    if let Some(corpus) = &args.corpus {
        if !corpus.join(insight_ingest::TAXONOMY_FILE).is_file() {
            anyhow::bail!(
                "--corpus {}: no {} there; name the corpus folder the index was ingested from",
                corpus.display(),
                insight_ingest::TAXONOMY_FILE
            );
        }
        eprintln!(
            "contributions: contributor keys may add sources, stored in {}/contributions/",
            corpus.display()
        );
        state.contributions = Some(std::sync::Arc::new(insight_server::Contributions::new(
            corpus.clone(),
            args.readers.options(),
        )));
    }
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("listening on {}", args.addr))?;
        let address = listener.local_addr()?;
        println!("insight bank serving {} on http://{address}/ (API at http://{address}/api/search); Ctrl-C stops", args.index.index.display());
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        insight_server::serve(listener, state, shutdown).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}

fn overlap(args: OverlapArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.proposal)
        .with_context(|| format!("reading proposal {}", args.proposal.display()))?;
    let proposal: insight_index::Proposal = serde_yaml_ng::from_str(&text).with_context(|| {
        format!("proposal {} is not valid: give title, description, places, segments, audiences, themes, start and end (yyyy-mm-dd) as YAML or JSON", args.proposal.display())
    })?;
    let index = InsightIndex::open_with(&args.index.index, args.index.load_dictionaries())?;
    let report = index.overlap(&proposal, args.limit as usize, &args.audience)?;
    write_stdout(|out| {
        if args.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)
        } else {
            output::print_overlap(out, &report)
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn report(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let index = InsightIndex::open_with(&args.index.index, args.index.load_dictionaries())?;
    let summary = report::build(
        &index,
        &args.place,
        args.from,
        args.to,
        args.suppress_below,
        &args.audience,
    )?;
    let text = match args.format.as_str() {
        "html" => report::html(&summary),
        "csv" => report::csv(&summary),
        _ => report::markdown(&summary),
    };
    match &args.out {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("writing the report to {}", path.display()))?,
        None => write_stdout(|out| out.write_all(text.as_bytes()))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn keys_add(args: cli::KeysAddArgs) -> anyhow::Result<ExitCode> {
    use insight_server::{hash_key, key_entry, new_key, KeyStore, Role};
    let role: Role = args.role.parse().map_err(anyhow::Error::msg)?;
    let existing = match std::fs::read_to_string(&args.keys) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::from(
            "# insight API keys: one [[key]] table per key, with the key's BLAKE3 hash, never\n# the key itself. `insight keys add` appends keys; delete a table to revoke its key\n# (restart the server to apply).\n",
        ),
        Err(error) => {
            return Err(error).with_context(|| format!("reading the keys file {}", args.keys.display()))
        }
    };
    let key = new_key().context("drawing random bytes for the key")?;
    let today = chrono::Local::now().date_naive().to_string();
    let updated = existing
        + &key_entry(
            args.id.trim(),
            role,
            args.organisation.as_deref().map(str::trim),
            &hash_key(&key),
            &today,
        );
    // the whole file must still load, so a bad id or a missing organisation stops here
    KeyStore::parse(&updated)
        .map_err(|message| anyhow::anyhow!("the key was not added: {message}"))?;
    write_private(&args.keys, &updated)
        .with_context(|| format!("writing the keys file {}", args.keys.display()))?;
    eprintln!(
        "added key `{}` ({role}) to {}; it is shown once, here, and cannot be recovered:",
        args.id.trim(),
        args.keys.display()
    );
    write_stdout(|out| writeln!(out, "{key}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a file readable only by its owner (where the system has such permissions).
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let temporary = path.with_extension("toml.new");
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    std::fs::rename(&temporary, path)
}

fn keys_list(args: cli::KeysListArgs) -> anyhow::Result<ExitCode> {
    let keys = insight_server::KeyStore::load(&args.keys)?;
    let rows: Vec<serde_json::Value> = keys
        .keys()
        .iter()
        .map(|key| {
            serde_json::json!({
                "id": key.id,
                "role": key.role.as_str(),
                "organisation": key.organisation,
                "created": key.created,
            })
        })
        .collect();
    write_stdout(|out| {
        if args.json {
            return writeln!(out, "{}", serde_json::to_string_pretty(&rows)?);
        }
        if rows.is_empty() {
            return writeln!(out, "no keys in {}", args.keys.display());
        }
        for key in keys.keys() {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                key.id,
                key.role,
                key.organisation.as_deref().unwrap_or("-"),
                key.created.as_deref().unwrap_or("-")
            )?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn dictionaries_build(args: cli::DictionariesBuildArgs) -> anyhow::Result<ExitCode> {
    use insight_index::DictionaryLanguage;
    if args.ipadic.is_none() && args.ko_dic.is_none() {
        anyhow::bail!("give --ipadic and/or --ko-dic: the source folders (scripts/dictionaries.sh fetches them)");
    }
    for (language, source) in [
        (DictionaryLanguage::Japanese, &args.ipadic),
        (DictionaryLanguage::Korean, &args.ko_dic),
    ] {
        let Some(source) = source else { continue };
        let out = args.out.join(language.code());
        let started = std::time::Instant::now();
        // build beside, then swap in, so a failed build leaves the old dictionary
        let building = args.out.join(format!("{}.building", language.code()));
        let _ = std::fs::remove_dir_all(&building);
        insight_index::build_dictionary(language, source, &building)?;
        let _ = std::fs::remove_dir_all(&out);
        std::fs::rename(&building, &out)
            .with_context(|| format!("moving the dictionary into {}", out.display()))?;
        eprintln!(
            "built the {} dictionary from {} into {} in {:.1} s",
            language.code(),
            source.display(),
            out.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn dictionaries_status(args: cli::DictionariesStatusArgs) -> anyhow::Result<ExitCode> {
    let dictionaries = insight_index::Dictionaries::load(&args.dictionaries);
    write_stdout(|out| {
        if args.json {
            return writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(dictionaries.status())?
            );
        }
        for status in dictionaries.status() {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                status.language,
                if status.loaded { "loaded" } else { "missing" },
                status.segmenter,
                status.note
            )?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
