//! The bounded load test (`scripts/load_test.py`) in its quick form, so the harness
//! cannot rot: mixed searches, exports, overlap checks and document pages from
//! anonymous and keyed clients while an ingest commits in a loop, with no failed
//! request and the server's memory under its bound. Its timings go to BENCHMARKS.md
//! from the full run, never into a pass mark here.

use crate::support::repo_root;

#[test]
fn mixed_load_during_ingests_has_no_errors_and_bounded_memory() {
    let output = std::process::Command::new("python3")
        .arg(repo_root().join("scripts/load_test.py"))
        .args([
            "--binary",
            env!("CARGO_BIN_EXE_insight"),
            "--seconds",
            "8",
            "--clients",
            "4",
            "--max-rss-mib",
            "512",
        ])
        .output()
        .expect("python3 runs the load test");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: serde_json::Value =
        serde_json::from_str(&report).expect("the load test prints JSON");
    assert_eq!(result["errors"], 0, "{report}");
    assert!(result["requests"].as_u64().unwrap() > 50, "{report}");
    assert!(result["ingest_runs"].as_u64().unwrap() >= 1, "{report}");
    assert_eq!(
        result["requests_logged"], result["requests"],
        "every request is logged"
    );
}
