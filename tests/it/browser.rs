//! The web page in a real browser: serves the bundled corpus on a free port and runs
//! `web/tests/browser.mjs` (playwright-core driving Debian's headless Chromium, and
//! axe-core) against it. `scripts/test.sh` installs Chromium and the npm packages.

use crate::support::{repo_root, Workspace};
use insight_index::InsightIndex;
use insight_ingest::IngestOptions;
use insight_server::AppState;
use std::ops::ControlFlow;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_page_works_in_headless_chromium() {
    let web = repo_root().join("web");
    assert!(
        web.join("node_modules/playwright-core").is_dir()
            && web.join("node_modules/nhsuk-frontend").is_dir(),
        "the web page's packages are missing: run scripts/test.sh (or npm ci --prefix web)"
    );
    let workspace = Workspace::with_fixture("corpus");
    let index = InsightIndex::open_or_create(&workspace.index()).unwrap();
    insight_ingest::ingest(&index, &IngestOptions::new(workspace.corpus()), |_| {
        ControlFlow::Continue(())
    })
    .unwrap();
    let mut state = AppState::new(Arc::new(index), Some(web.clone()));
    // a partner's key for the partner-access step
    const PARTNER_KEY: &str = "ik_browser_test_partner";
    // and a contributor's, for the Contribute page: contributions go into the copy's corpus
    const CONTRIBUTOR_KEY: &str = "ik_browser_test_contributor";
    let entries = [
        insight_server::key_entry(
            "browser-partner",
            insight_server::Role::Partner,
            Some("Carers Leeds"),
            &insight_server::hash_key(PARTNER_KEY),
            "2026-11-22",
        ),
        insight_server::key_entry(
            "browser-contributor",
            insight_server::Role::Contributor,
            Some("Carers Leeds"),
            &insight_server::hash_key(CONTRIBUTOR_KEY),
            "2026-12-07",
        ),
    ]
    .concat();
    state.keys = Arc::new(insight_server::KeyStore::parse(&entries).unwrap());
    state.contributions = Some(Arc::new(insight_server::Contributions::new(
        workspace.corpus(),
        Default::default(),
    )));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(insight_server::serve(listener, state, async {
        let _ = stopped.await;
    }));

    let script = web.join("tests/browser.mjs");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(script)
            .env("BASE_URL", format!("http://{address}"))
            .env("PARTNER_KEY", PARTNER_KEY)
            .env("CONTRIBUTOR_KEY", CONTRIBUTOR_KEY)
            .current_dir(&web)
            .output()
    })
    .await
    .unwrap()
    .expect("node runs (Node 20 is needed for the browser test)");
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser test failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    // every check's line, for `--no-capture`
    eprintln!("{stdout}");
    assert!(
        stdout.contains(" passed, 0 failed"),
        "browser test printed no result line:\n{stdout}\n{stderr}"
    );
}
