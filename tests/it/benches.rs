//! Every case the criterion benches time (`benches/cases.rs`), run once, so a change
//! that breaks a bench breaks the suite; the timings come from `cargo bench` only.

#[path = "../../benches/cases.rs"]
mod cases;

#[test]
fn every_bench_case_runs() {
    let parsing = cases::Parsing::load();
    for file in [cases::REPORT, cases::SURVEY, cases::NOTES] {
        let file_read = cases::SampleFile::read(file);
        assert!(parsing.parse(&file_read, true) > 0, "{file}");
        assert!(parsing.parse(&file_read, false) > 0, "{file}");
    }
    assert!(
        parsing.tag(cases::TAG_TEXT) >= 3,
        "place, theme and community are inferred"
    );
    assert!(
        parsing.tag_learned(cases::TAG_TEXT) > parsing.tag(cases::TAG_TEXT),
        "the model adds themes or a sentiment"
    );
    let index = cases::sample_index();
    for (name, request) in cases::queries() {
        let results = index
            .search(&request)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(results.total > 0, "{name} finds passages");
    }
}

/// The national-scale suite (`scripts/bench/suite.py`) in its quick mode, with the test
/// build's binaries: a generated 10k corpus through our ingest and the three peers'
/// (SQLite FTS5, Lucene 8, Typesense), every engine answering the query mix with the
/// same counts, then the latency rounds and wrk at 32 connections. The timings are not
/// judged here (a debug build on a shared CI machine); the run fails on any error, any
/// disagreement between engines, or any failed request under load.
#[test]
fn national_scale_suite_quick_mode_runs_and_engines_agree() {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_insight"))
        .parent()
        .expect("binaries have a folder")
        .to_path_buf();
    let work = tempfile::tempdir().expect("temporary folder");
    let output = std::process::Command::new("python3")
        .arg(crate::support::repo_root().join("scripts/bench/suite.py"))
        .arg("--quick")
        .arg("--bin")
        .arg(&bin)
        .arg("--work")
        .arg(work.path())
        .output()
        .expect("python3 runs the suite");
    let report = String::from_utf8_lossy(&output.stdout);
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{report}\n{log}");
    let results: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(work.path().join("results.json")).expect("results.json"),
    )
    .expect("results are JSON");
    assert_eq!(
        results["engines"],
        serde_json::json!(["insight", "sqlite", "lucene", "typesense"]),
        "every peer took part: {report}"
    );
    assert_eq!(results["ingest"]["insight"]["passages"], 10_000, "{report}");
    let agreement = &results["agreement"];
    assert_eq!(agreement["queries"], 20, "{report}");
    assert_eq!(
        agreement["disagreements"],
        serde_json::json!([]),
        "{report}"
    );
    assert!(
        agreement["totals"]
            .as_object()
            .unwrap()
            .values()
            .all(|total| total.as_u64().unwrap() > 0),
        "every query finds passages, so agreement means something: {report}"
    );
    for engine in ["insight", "typesense"] {
        assert!(
            results["http"][engine]["requests"].as_u64().unwrap() > 0,
            "{engine} served requests under load: {report}"
        );
    }
}
