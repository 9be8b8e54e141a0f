//! The API against its own OpenAPI document, by an off-the-shelf fuzzer: schemathesis
//! (PyPI, installed by scripts/fuzz/setup.sh, which the test command runs) generates
//! requests from `/api/openapi.json` and runs its standard checks (no server error;
//! status codes, content types and bodies as documented; requests the document allows
//! are answered, requests it forbids are refused). A fixed seed and a bounded number
//! of examples per operation, so a run is the same every time; once without a key and
//! once with a partner key, which sees more.

use crate::support::{repo_root, Workspace};
use insight_index::InsightIndex;
use insight_ingest::IngestOptions;
use insight_server::AppState;
use std::ops::ControlFlow;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_nothing_against_our_document() {
    let fuzzer = repo_root().join("target/fuzz/venv/bin/schemathesis");
    assert!(
        fuzzer.is_file(),
        "schemathesis is missing: run scripts/fuzz/setup.sh (scripts/test.sh does)"
    );
    let workspace = Workspace::with_fixture("corpus");
    let index = InsightIndex::open_or_create(&workspace.index()).unwrap();
    insight_ingest::ingest(&index, &IngestOptions::new(workspace.corpus()), |_| {
        ControlFlow::Continue(())
    })
    .unwrap();
    let mut state = AppState::new(Arc::new(index), None);
    const PARTNER_KEY: &str = "ik_fuzz_test_partner";
    let entry = insight_server::key_entry(
        "fuzz-partner",
        insight_server::Role::Partner,
        Some("Carers Leeds"),
        &insight_server::hash_key(PARTNER_KEY),
        "2026-12-07",
    );
    state.keys = Arc::new(insight_server::KeyStore::parse(&entry).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(insight_server::serve(listener, state, async {
        let _ = stopped.await;
    }));

    let scratch = workspace.dir.path().to_path_buf();
    let url = format!("http://{address}/api/openapi.json");
    let mut failures = Vec::new();
    for key in [None, Some(PARTNER_KEY)] {
        let (fuzzer, url, scratch) = (fuzzer.clone(), url.clone(), scratch.clone());
        let output = tokio::task::spawn_blocking(move || {
            let mut command = std::process::Command::new(fuzzer);
            let config = repo_root().join("tests/fuzz/schemathesis.toml");
            command
                .arg("--config-file")
                .arg(config)
                .args(["run", &url, "--seed", "42", "--max-examples", "10"])
                .args(["--no-color", "--request-timeout", "30"])
                .current_dir(scratch);
            if let Some(key) = key {
                command.args(["--header", &format!("Authorization: Bearer {key}")]);
            }
            command.output()
        })
        .await
        .unwrap()
        .expect("schemathesis runs");
        if !output.status.success() {
            failures.push(format!(
                "schemathesis {} a key failed:\n{}\n{}",
                if key.is_some() { "with" } else { "without" },
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
