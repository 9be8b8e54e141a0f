//! Test helpers: temporary corpora and indexes, and the `insight` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary workspace: `corpus/` (a copy of a fixture) and `index/`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    /// Copies `tests/data/<fixture>` (or the bundled `corpus/` when fixture is "corpus")
    /// into a fresh temporary folder.
    pub fn with_fixture(fixture: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = if fixture == "corpus" {
            repo_root().join("corpus")
        } else {
            repo_root().join("tests/data").join(fixture)
        };
        copy_dir(&source, &dir.path().join("corpus"));
        Self { dir }
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Writes (or overwrites) a file under the corpus.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.corpus().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.corpus().join(relative)).unwrap();
    }

    /// Runs the `insight` binary with `args`, in the workspace folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_insight"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("INSIGHT_INDEX")
            .env_remove("INSIGHT_CORPUS")
            .output()
            .expect("run insight")
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

// --- In-process ingest and search, exit codes, child processes -----------------------
// (used by the ingest, bad_input, cli and search modules)

use insight_index::{Hit, InsightIndex, SearchRequest, MAX_LIMIT};
use insight_ingest::{FileReport, IngestOptions, IngestSummary};
use std::ops::ControlFlow;
use std::time::Duration;

impl Workspace {
    /// Opens the workspace's `index/` folder, creating an empty index there.
    pub fn open_index(&self) -> InsightIndex {
        InsightIndex::open_or_create(&self.index()).expect("open the index")
    }

    /// Ingests the workspace's corpus into `index`, in-process, to the end.
    pub fn ingest(&self, index: &InsightIndex) -> IngestSummary {
        ingest_with(index, &IngestOptions::new(self.corpus()))
    }

    /// Runs `insight ingest corpus --index index --json`: the exit code and the summary.
    pub fn ingest_json(&self) -> (i32, serde_json::Value) {
        let output = self.run(&["ingest", "corpus", "--index", "index", "--json"]);
        let summary = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
            panic!(
                "ingest --json printed no JSON ({error}); stdout: {}; stderr: {}",
                stdout(&output),
                stderr(&output)
            )
        });
        (exit_code(&output), summary)
    }
}

/// Ingests with `options` to the end (the progress callback never breaks).
pub fn ingest_with(index: &InsightIndex, options: &IngestOptions) -> IngestSummary {
    insight_ingest::ingest(index, options, |_| ControlFlow::Continue(())).expect("ingest")
}

/// The bundled corpus or a fixture ingested into a fresh in-memory index.
pub fn ingested_in_ram(fixture: &str) -> (InsightIndex, IngestSummary) {
    let workspace = Workspace::with_fixture(fixture);
    let index = InsightIndex::create_in_ram().expect("index in RAM");
    let summary = workspace.ingest(&index);
    (index, summary)
}

/// Every passage matching `request` (ignoring its paging); fails when there are more
/// than one page of [`MAX_LIMIT`] can hold.
pub fn all_hits(index: &InsightIndex, request: &SearchRequest) -> Vec<Hit> {
    let request = SearchRequest {
        offset: 0,
        limit: MAX_LIMIT,
        ..request.clone()
    };
    let results = index.search(&request).expect("search");
    assert!(
        results.total <= MAX_LIMIT,
        "{} matches do not fit one page",
        results.total
    );
    assert_eq!(results.hits.len(), results.total);
    results.hits
}

/// Every passage matching the query text.
pub fn search_all(index: &InsightIndex, query: &str) -> Vec<Hit> {
    all_hits(index, &query_request(query))
}

/// A request that sees everything (as the command line does), no filters.
pub fn everything() -> SearchRequest {
    SearchRequest {
        access: insight_model::Access::Everything,
        ..SearchRequest::default()
    }
}

/// A request for `query` with no filters.
pub fn query_request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.to_string(),
        ..everything()
    }
}

/// Every passage in the index, page by page (for indexes larger than one page).
pub fn every_passage(index: &InsightIndex) -> Vec<Hit> {
    let mut hits = Vec::new();
    loop {
        let request = SearchRequest {
            offset: hits.len(),
            limit: MAX_LIMIT,
            ..everything()
        };
        let results = index.search(&request).expect("search");
        let page = results.hits.len();
        hits.extend(results.hits);
        if page < MAX_LIMIT {
            assert_eq!(hits.len(), results.total);
            return hits;
        }
    }
}

/// The passage ids of every passage in the index, sorted (duplicates kept).
pub fn passage_ids(index: &InsightIndex) -> Vec<String> {
    let mut ids: Vec<String> = every_passage(index)
        .into_iter()
        .map(|hit| hit.passage_id)
        .collect();
    ids.sort();
    ids
}

/// The report of one file in a summary.
pub fn report<'a>(summary: &'a IngestSummary, file: &str) -> &'a FileReport {
    let mut found = summary.files.iter().filter(|report| report.file == file);
    let report = found
        .next()
        .unwrap_or_else(|| panic!("{file} is not in the summary"));
    assert!(found.next().is_none(), "{file} is reported twice");
    report
}

pub fn exit_code(output: &Output) -> i32 {
    output
        .status
        .code()
        .unwrap_or_else(|| panic!("insight was killed by a signal: {:?}", output.status))
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Set in the environment of a test re-run by [`run_test_in_child`].
pub const CHILD_ENV: &str = "INSIGHT_IT_CHILD";

/// True inside a child started by [`run_test_in_child`].
pub fn in_child() -> bool {
    std::env::var_os(CHILD_ENV).is_some()
}

/// Runs one test of this binary (its full path, e.g. `ingest::name`) alone in a child
/// process with [`CHILD_ENV`] set, so that a hang cannot block the other tests (a stuck
/// ingest holds rayon's global pool). Returns the child's output, or an error when it
/// has not finished within `limit` (then it is killed).
pub fn run_test_in_child(test: &str, limit: Duration) -> Result<Output, String> {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([test, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD_ENV, "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the child test");
    let mut child_stdout = child.stdout.take().expect("piped stdout");
    let mut child_stderr = child.stderr.take().expect("piped stderr");
    let (done, finished) = std::sync::mpsc::channel();
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut child_stderr, &mut bytes).ok();
        bytes
    });
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut child_stdout, &mut bytes).ok();
        done.send(bytes).ok();
    });
    // the pipes close when the child exits: waiting for that is the watchdog
    match finished.recv_timeout(limit) {
        Ok(out) => {
            let status = child.wait().expect("wait for the child test");
            let err = err_reader.join().unwrap_or_default();
            Ok(Output {
                status,
                stdout: out,
                stderr: err,
            })
        }
        Err(_) => {
            child.kill().ok();
            child.wait().ok();
            Err(format!("{test} did not finish within {limit:?}"))
        }
    }
}
