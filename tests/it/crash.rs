//! Crash safety: an `insight ingest` killed with SIGKILL at many points of a long run
//! leaves an index that opens at its last commit, searches, and agrees with its
//! manifest; the next ingest ends with exactly the passages of a clean ingest, nothing
//! lost and nothing twice. Searches during an ingest see whole files only.

use crate::ingest::{hits_by_file, manifest_by_file};
use crate::support::{ingested_in_ram, passage_ids, search_all, Workspace};
use insight_index::InsightIndex;
use insight_ingest::IngestOptions;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The files under the index folder and their sizes: changes as segments are written.
fn index_state(dir: &Path) -> (Vec<(String, u64)>, String) {
    let mut files: Vec<(String, u64)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    Some((
                        e.file_name().to_string_lossy().into_owned(),
                        e.metadata().ok()?.len(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let meta = std::fs::read_to_string(dir.join("meta.json")).unwrap_or_default();
    (files, meta)
}

fn start_ingest(workspace: &Workspace) -> Child {
    Command::new(env!("CARGO_BIN_EXE_insight"))
        .args([
            "ingest",
            "corpus",
            "--index",
            "index",
            "--commit-every",
            "3",
            "--json",
        ])
        .current_dir(workspace.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start insight ingest")
}

/// Waits until the index folder has changed `changes` times (a segment file written or
/// a commit made) or the ingest ended; true when it is still running.
fn wait_for_changes(child: &mut Child, dir: &Path, changes: usize) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut last = index_state(dir);
    let mut seen = 0;
    while seen < changes {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        assert!(
            Instant::now() < deadline,
            "the ingest made no progress for two minutes"
        );
        std::thread::sleep(Duration::from_millis(2));
        let now = index_state(dir);
        if now != last {
            seen += 1;
            last = now;
        }
    }
    true
}

/// What a reader of a killed ingest's index must find: it opens, it searches, and
/// every committed file is whole and listed in the manifest with its passage count.
fn check_consistent(dir: &Path, round: usize) -> usize {
    let index = InsightIndex::open(dir)
        .unwrap_or_else(|e| panic!("round {round}: the index does not open: {e}"));
    let manifest = manifest_by_file(&index);
    assert_eq!(
        hits_by_file(&index),
        manifest
            .clone()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect::<BTreeMap<_, _>>(),
        "round {round}: the passages and the manifest disagree"
    );
    let ids = passage_ids(&index);
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(
        ids.len(),
        unique.len(),
        "round {round}: a passage is in the index twice"
    );
    assert_eq!(index.passage_count() as usize, ids.len());
    search_all(&index, "discharge");
    ids.len()
}

#[test]
fn ingest_killed_at_many_points_resumes_to_exactly_a_clean_index() {
    let workspace = Workspace::with_fixture("corpus");
    let index_dir = workspace.index();
    // kill points: after this many changes to the index folder, from a seeded sequence
    let mut seed: u64 = 0x5eed_1234;
    let mut kills = 0;
    let mut committed = Vec::new();
    for round in 0..12 {
        let mut child = start_ingest(&workspace);
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let changes = 4 + (seed >> 33) as usize % 80;
        if wait_for_changes(&mut child, &index_dir, changes) {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
        committed.push(check_consistent(&index_dir, round));
    }
    assert!(
        kills >= 6,
        "only {kills} of the rounds were killed mid-ingest ({committed:?})"
    );
    assert!(
        committed.windows(2).any(|w| w[0] != w[1]),
        "the kills all landed at the same commit: {committed:?}"
    );

    eprintln!("{kills} kills; passages committed after each round: {committed:?}");
    // the next ingest finishes, and the index equals a clean one
    let finished = workspace.run(&["ingest", "corpus", "--index", "index", "--json"]);
    assert!(
        finished.status.success(),
        "{}",
        String::from_utf8_lossy(&finished.stderr)
    );
    let resumed = InsightIndex::open(&index_dir).unwrap();
    let (clean, _) = ingested_in_ram("corpus");
    assert_eq!(
        passage_ids(&resumed),
        passage_ids(&clean),
        "passages lost or doubled"
    );
    assert_eq!(manifest_by_file(&resumed), manifest_by_file(&clean));
}

/// Passages per file from one search (one searcher, so one commit): grouped by
/// document, each group counts its matching passages. (Paging through every passage
/// takes one searcher per page, and a commit between pages shifts the pages.)
fn passages_per_file(index: &InsightIndex) -> BTreeMap<String, usize> {
    let results = index
        .search(&insight_index::SearchRequest {
            group_by_document: true,
            limit: insight_index::MAX_LIMIT,
            ..crate::support::everything()
        })
        .unwrap();
    assert!(results.total_documents.unwrap() < insight_index::MAX_LIMIT);
    results
        .hits
        .into_iter()
        .map(|hit| (hit.file, hit.matches_in_document.unwrap()))
        .collect()
}

#[test]
fn searches_during_an_ingest_see_whole_files_only() {
    let workspace = Workspace::with_fixture("corpus");
    let (clean, _) = ingested_in_ram("corpus");
    let complete = hits_by_file(&clean);
    let index = workspace.open_index();
    let reader = index.clone();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let searching = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut looks = Vec::new();
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                reader.reload().unwrap();
                let seen = passages_per_file(&reader);
                for (file, passages) in &seen {
                    assert_eq!(
                        Some(passages),
                        complete.get(file),
                        "{file} was seen half-written"
                    );
                }
                looks.push(seen.len());
            }
            looks
        })
    };
    let mut options = IngestOptions::new(workspace.corpus());
    options.commit_every = 2;
    insight_ingest::ingest(&index, &options, |_| ControlFlow::Continue(())).unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let looks = searching
        .join()
        .expect("a search saw an inconsistent index");
    assert!(looks.len() > 1, "the searches ran during the ingest");
    assert!(
        looks.windows(2).all(|w| w[0] <= w[1]),
        "files appeared then vanished: {looks:?}"
    );
}
