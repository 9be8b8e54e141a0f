//! The duplicate engagement check against a labelled set of proposals
//! (`tests/data/overlap/proposals.yaml`): precision and recall of "likely duplicate"
//! must both be at least 0.8 on the bundled corpus and its forward plan.

use crate::support::Workspace;
use insight_index::{Band, InsightIndex, Proposal};
use insight_ingest::IngestOptions;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::ops::ControlFlow;

#[derive(Deserialize)]
struct Labelled {
    name: String,
    proposal: Proposal,
    #[serde(default)]
    duplicates: Vec<String>,
    #[serde(default)]
    not_duplicates: Vec<String>,
}

fn labelled_set() -> Vec<Labelled> {
    let path = crate::support::repo_root().join("tests/data/overlap/proposals.yaml");
    serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn likely_duplicates_have_precision_and_recall_of_at_least_0_8() {
    let workspace = Workspace::with_fixture("corpus");
    let index = InsightIndex::open_or_create(&workspace.index()).unwrap();
    insight_ingest::ingest(&index, &IngestOptions::new(workspace.corpus()), |_| {
        ControlFlow::Continue(())
    })
    .unwrap();
    let set = labelled_set();
    assert!(
        set.len() >= 25,
        "the labelled set needs at least 25 proposals"
    );
    let (mut true_positives, mut false_positives, mut false_negatives) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for case in &set {
        let report = index
            .overlap(&case.proposal, 100, &insight_model::Access::Everything)
            .unwrap();
        let predicted: BTreeSet<String> = report
            .activities
            .iter()
            .chain(&report.insight)
            .filter(|m| m.band == Band::LikelyDuplicate)
            .map(|m| m.id.clone())
            .collect();
        let expected: BTreeSet<String> = case.duplicates.iter().cloned().collect();
        for id in &predicted {
            if expected.contains(id) {
                true_positives += 1;
            } else {
                false_positives += 1;
                let labelled_not = if case.not_duplicates.contains(id) {
                    " (labelled not a duplicate)"
                } else {
                    ""
                };
                misses.push(format!(
                    "{}: {id} predicted but not expected{labelled_not}",
                    case.name
                ));
            }
        }
        for id in expected.difference(&predicted) {
            false_negatives += 1;
            misses.push(format!("{}: {id} expected but not predicted", case.name));
        }
    }
    let precision = true_positives as f64 / (true_positives + false_positives).max(1) as f64;
    let recall = true_positives as f64 / (true_positives + false_negatives).max(1) as f64;
    println!("likely duplicate over {} proposals: precision {precision:.3}, recall {recall:.3} (tp {true_positives}, fp {false_positives}, fn {false_negatives})", set.len());
    for miss in &misses {
        println!("  {miss}");
    }
    assert!(
        precision >= 0.8 && recall >= 0.8,
        "precision {precision:.3} recall {recall:.3}:\n{}",
        misses.join("\n")
    );
}
