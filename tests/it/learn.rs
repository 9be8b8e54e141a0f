//! The learned tagger end to end: training from a labelled CSV with `insight model
//! train`, the model tagging its own examples, learned tags and sentiment reaching the
//! index and the API with their provenance, and bad models refused at ingest with the
//! fix. Fixtures: `tests/data/labels/` (fictional labelled comments) and
//! `tests/data/learn/` (a tiny corpus with a long-format feedback export).

use crate::support::{exit_code, repo_root, stderr, stdout, Workspace};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use insight_index::InsightIndex;
use insight_model::learn::ThemeModel;
use insight_model::{Stemmer, Taxonomy};
use insight_server::{router, AppState};
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

fn labels() -> String {
    repo_root()
        .join("tests/data/labels/labelled.csv")
        .display()
        .to_string()
}

/// Trains on the labelled fixture into the workspace's corpus; returns the model path.
fn train(workspace: &Workspace) -> std::path::PathBuf {
    let output = workspace.run(&[
        "model",
        "train",
        &labels(),
        "--taxonomy",
        "corpus/taxonomy.toml",
        "--min-examples",
        "5",
    ]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).contains("4 themes learned"),
        "{}",
        stdout(&output)
    );
    workspace.corpus().join("themes.model")
}

#[test]
fn a_model_trained_on_the_fixture_tags_its_own_examples() {
    let workspace = Workspace::with_fixture("learn");
    let model = ThemeModel::from_bytes(&std::fs::read(train(&workspace)).unwrap()).unwrap();
    let taxonomy = Taxonomy::load(&workspace.corpus().join("taxonomy.toml")).unwrap();
    let csv = std::fs::read(labels()).unwrap();
    let mapping =
        std::fs::read_to_string(repo_root().join("tests/data/labels/labelled.labels.toml"))
            .unwrap();
    let (set, _) = insight_ingest::read_labelled(
        "labelled.csv",
        &csv,
        "labelled.labels.toml",
        &mapping,
        &taxonomy,
    )
    .unwrap();
    assert_eq!(set.examples.len(), 90);
    let stemmer = Stemmer::default();
    let (mut right, mut wrong, mut missed, mut sentiments) = (0, 0, 0, 0);
    for example in &set.examples {
        let suggestions = model.suggest(&example.heading, &example.text, &stemmer);
        for (index, theme) in set.themes.iter().enumerate() {
            let said = suggestions.themes.iter().any(|(path, _)| path == theme);
            match (said, example.themes.contains(&index)) {
                (true, true) => right += 1,
                (true, false) => wrong += 1,
                (false, true) => missed += 1,
                _ => {}
            }
        }
        sentiments += usize::from(suggestions.sentiment.map(|s| s.0) == example.sentiment);
    }
    let f1 = 2.0 * right as f64 / (2 * right + wrong + missed) as f64;
    assert!(
        f1 > 0.9,
        "micro F1 on its own examples {f1:.3} ({right} right, {wrong} wrong, {missed} missed)"
    );
    assert!(
        sentiments >= 80,
        "{sentiments} of 90 sentiments right on its own examples"
    );
}

async fn get(index: &Arc<InsightIndex>, uri: &str) -> Value {
    let response = router(AppState::new(index.clone(), None))
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&body).unwrap()
}

fn record_ids(body: &Value) -> Vec<String> {
    let mut ids: Vec<String> = body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            hit["source"]["locator"]
                .as_str()
                .unwrap()
                .rsplit(' ')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn learned_themes_and_sentiment_reach_the_api_with_their_provenance() {
    let workspace = Workspace::with_fixture("learn");
    train(&workspace);
    let (code, summary) = workspace.ingest_json();
    assert_eq!(code, 0, "{summary}");
    let index = Arc::new(InsightIndex::open(&workspace.index()).unwrap());

    let parking = get(&index, "/api/search?theme=Parking&sort=oldest").await;
    let ids = record_ids(&parking);
    assert!(ids.contains(&"NF-4".to_string()), "{parking}");
    let nf4 = parking["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["source"]["locator"].as_str().unwrap().ends_with("NF-4"))
        .unwrap();
    let tag = nf4["tags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|tag| tag["value"] == "Experience/Parking")
        .unwrap()
        .clone();
    // the rule ("car park") and the model agree: the learned tag wins, with its confidence
    assert_eq!(tag["origin"], "learned", "{tag}");
    let confidence = tag["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&confidence), "{tag}");
    // each answer is headed by its own question (long format)
    assert_eq!(nf4["heading"], "What could we do better?");

    let negative = get(&index, "/api/search?sentiment=negative").await;
    let ids = record_ids(&negative);
    for expected in ["NF-1", "NF-2", "NF-4"] {
        assert!(
            ids.contains(&expected.to_string()),
            "{expected} not negative: {ids:?}"
        );
    }
    assert!(!ids.contains(&"NF-5".to_string()), "{ids:?}");
    let hit = &negative["hits"][0];
    assert_eq!(hit["sentiment"]["value"], "negative", "{hit}");
    let counts = &negative["facets"]["sentiment"];
    assert!(
        counts
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["value"] == "positive"),
        "multi-select keeps the other values: {counts}"
    );

    // the passage endpoint carries them too
    let id = hit["passage_id"].as_str().unwrap();
    let passage = get(&index, &format!("/api/passages/{id}")).await;
    assert_eq!(passage["sentiment"]["value"], "negative", "{passage}");
}

#[test]
fn a_new_model_retags_every_file_on_the_next_ingest() {
    let workspace = Workspace::with_fixture("learn");
    let (code, first) = workspace.ingest_json();
    assert_eq!(code, 0, "{first}");
    train(&workspace);
    let (code, second) = workspace.ingest_json();
    assert_eq!(code, 0, "{second}");
    assert_eq!(
        second["unchanged"], 0,
        "a new model re-parses every file: {second}"
    );
    assert_eq!(second["indexed"], 1, "{second}");
    let output = workspace.run(&[
        "search",
        "--index",
        "index",
        "--sentiment",
        "positive",
        "--json",
    ]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let body: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(body["results"]["total"].as_u64().unwrap() >= 1, "{body}");
}

#[test]
fn a_damaged_model_or_one_for_another_taxonomy_is_refused_with_the_fix() {
    let workspace = Workspace::with_fixture("learn");
    let model = train(&workspace);
    let mut bytes = std::fs::read(&model).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&model, &bytes).unwrap();
    let output = workspace.run(&["ingest", "corpus", "--index", "index"]);
    assert_eq!(exit_code(&output), 1);
    let message = stderr(&output);
    assert!(
        message.contains("themes.model")
            && message.contains("damaged")
            && message.contains("insight model train"),
        "{message}"
    );

    std::fs::write(&model, b"not a model").unwrap();
    let output = workspace.run(&["ingest", "corpus", "--index", "index"]);
    assert!(
        stderr(&output).contains("not an insight model file"),
        "{}",
        stderr(&output)
    );

    // a model trained for these themes, moved beside a taxonomy that lacks them
    let other = Workspace::with_fixture("small");
    let trained = Workspace::with_fixture("learn");
    std::fs::copy(train(&trained), other.corpus().join("themes.model")).unwrap();
    let output = other.run(&["ingest", "corpus", "--index", "index"]);
    assert_eq!(exit_code(&output), 1);
    let message = stderr(&output);
    assert!(
        message.contains("trained for another taxonomy")
            && message.contains("Experience/")
            && message.contains("retrain"),
        "{message}"
    );
}

#[test]
fn evaluate_scores_rules_model_and_both() {
    let workspace = Workspace::with_fixture("learn");
    let output = workspace.run(&[
        "model",
        "evaluate",
        &labels(),
        "--taxonomy",
        "corpus/taxonomy.toml",
        "--min-examples",
        "5",
        "--min-scored",
        "5",
        "--json",
    ]);
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let evaluation: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(evaluation["examples"], 90);
    assert_eq!(
        evaluation["learned"]["per_theme"].as_array().unwrap().len(),
        4
    );
    for tagger in ["rules", "learned", "combined"] {
        let f1 = evaluation[tagger]["micro_f1"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&f1), "{tagger}: {f1}");
    }
    // the model generalises beyond the rules' three phrases on unseen folds
    assert!(
        evaluation["learned"]["micro_f1"].as_f64().unwrap()
            > evaluation["rules"]["micro_f1"].as_f64().unwrap(),
        "{evaluation}"
    );
}
