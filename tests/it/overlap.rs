//! The duplicate engagement check against three labelled sets of proposals on the bundled
//! corpus and its forward plan: `tests/data/overlap/proposals.yaml` (written with the
//! scorer), `tests/data/overlap-blind/proposals.yaml` (written blind, from the definition
//! only, by a helper who saw neither the code nor its weights; measured once, then tuned
//! on in the second round) and `tests/data/overlap-blind-2/proposals.yaml` (written blind
//! the same way by another helper; measured, never tuned on). Precision and recall of
//! "likely duplicate", and on the blind sets (whose labels say what is related) of
//! "likely duplicate or related". For tuning on the first two: `OVERLAP_MISSES=1` prints
//! the first blind set's hits and misses with their reasons, and `OVERLAP_DUMP=FILE`
//! (`OVERLAP_DUMP_OLD=FILE` for the old set) writes every candidate's factors as TSV.

use crate::support::Workspace;
use insight_index::{Band, InsightIndex, Proposal};
use insight_ingest::IngestOptions;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::ops::ControlFlow;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct Labelled {
    name: String,
    proposal: Proposal,
    #[serde(default)]
    duplicates: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    not_duplicates: Vec<String>,
}

fn labelled_set(path: &str) -> Vec<Labelled> {
    let path = crate::support::repo_root().join(path);
    serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn corpus_index() -> &'static InsightIndex {
    static INDEX: OnceLock<(Workspace, InsightIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let workspace = Workspace::with_fixture("corpus");
            let index = InsightIndex::open_or_create(&workspace.index()).unwrap();
            insight_ingest::ingest(&index, &IngestOptions::new(workspace.corpus()), |_| {
                ControlFlow::Continue(())
            })
            .unwrap();
            (workspace, index)
        })
        .1
}

/// Precision and recall of predicting `bands` for the ids labelled `expected`.
struct Figures {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
    misses: Vec<String>,
    /// The true positives with their reasons, to see what the misses lack.
    hits: Vec<String>,
}

impl Figures {
    fn precision(&self) -> f64 {
        self.true_positives as f64 / (self.true_positives + self.false_positives).max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.true_positives as f64 / (self.true_positives + self.false_negatives).max(1) as f64
    }

    fn line(&self, what: &str, set: &str, proposals: usize) -> String {
        format!(
            "{what} on the {set} set ({proposals} proposals): precision {:.3}, recall {:.3} (tp {}, fp {}, fn {})",
            self.precision(),
            self.recall(),
            self.true_positives,
            self.false_positives,
            self.false_negatives
        )
    }
}

fn measure(
    set: &[Labelled],
    bands: &[Band],
    expected: impl Fn(&Labelled) -> BTreeSet<String>,
) -> Figures {
    let index = corpus_index();
    let mut figures = Figures {
        true_positives: 0,
        false_positives: 0,
        false_negatives: 0,
        misses: Vec::new(),
        hits: Vec::new(),
    };
    for case in set {
        let report = index
            .overlap(&case.proposal, 200, &insight_model::Access::Everything)
            .unwrap();
        let predicted: BTreeSet<String> = report
            .activities
            .iter()
            .chain(&report.insight)
            .filter(|m| bands.contains(&m.band))
            .map(|m| m.id.clone())
            .collect();
        let expected = expected(case);
        let why = |id: &str| {
            report
                .activities
                .iter()
                .chain(&report.insight)
                .find(|m| m.id == id)
                .map(|m| {
                    let reasons: Vec<String> = m
                        .reasons
                        .iter()
                        .map(|r| format!("{} {:.2} ({})", r.factor, r.score, r.detail))
                        .collect();
                    format!(" [{:?}: {}]", m.band, reasons.join("; "))
                })
                .unwrap_or_else(|| " [not a candidate]".into())
        };
        for id in &predicted {
            if expected.contains(id) {
                figures.true_positives += 1;
                figures
                    .hits
                    .push(format!("{}: {id} found{}", case.name, why(id)));
            } else {
                figures.false_positives += 1;
                let labelled_not = if case.not_duplicates.contains(id) {
                    " (labelled not a duplicate)"
                } else {
                    ""
                };
                figures.misses.push(format!(
                    "{}: {id} predicted but not expected{labelled_not}{}",
                    case.name,
                    why(id)
                ));
            }
        }
        for id in expected.difference(&predicted) {
            figures.false_negatives += 1;
            figures.misses.push(format!(
                "{}: {id} expected but not predicted{}",
                case.name,
                why(id)
            ));
        }
    }
    figures
}

fn duplicates(case: &Labelled) -> BTreeSet<String> {
    case.duplicates.iter().cloned().collect()
}

#[test]
fn likely_duplicates_have_precision_and_recall_of_at_least_0_8() {
    let set = labelled_set("tests/data/overlap/proposals.yaml");
    assert!(
        set.len() >= 25,
        "the labelled set needs at least 25 proposals"
    );
    if let Some(path) = std::env::var_os("OVERLAP_DUMP_OLD") {
        dump(&set, std::path::Path::new(&path));
    }
    let figures = measure(&set, &[Band::LikelyDuplicate], duplicates);
    println!("{}", figures.line("likely duplicate", "old", set.len()));
    for miss in &figures.misses {
        println!("  {miss}");
    }
    assert!(
        figures.precision() >= 0.8 && figures.recall() >= 0.8,
        "precision {:.3} recall {:.3}:\n{}",
        figures.precision(),
        figures.recall(),
        figures.misses.join("\n")
    );
}

/// The first blind set: measured once (see BENCHMARKS.md), then the set the second round
/// was tuned on, so its misses are printed like the old set's.
#[test]
fn the_first_blind_set_is_measured() {
    let set = labelled_set("tests/data/overlap-blind/proposals.yaml");
    assert!(set.len() >= 40, "the blind set needs at least 40 proposals");
    let (likely, either) = blind_figures(&set);
    println!(
        "{}",
        likely.line("likely duplicate", "first blind", set.len())
    );
    println!(
        "{}",
        either.line("likely duplicate or related", "first blind", set.len())
    );
    if let Some(path) = std::env::var_os("OVERLAP_DUMP") {
        dump(&set, std::path::Path::new(&path));
    }
    if std::env::var_os("OVERLAP_MISSES").is_some() {
        for line in likely
            .hits
            .iter()
            .chain(&likely.misses)
            .chain(&either.misses)
        {
            println!("  {line}");
        }
    }
}

/// The second blind set, written after the first was tuned on: its figures are printed,
/// never its individual misses (the scorer's constants are not to be fitted to them).
#[test]
fn the_second_blind_set_is_measured() {
    let set = labelled_set("tests/data/overlap-blind-2/proposals.yaml");
    assert!(set.len() >= 40, "the blind set needs at least 40 proposals");
    let (likely, either) = blind_figures(&set);
    println!(
        "{}",
        likely.line("likely duplicate", "second blind", set.len())
    );
    println!(
        "{}",
        either.line("likely duplicate or related", "second blind", set.len())
    );
    // a floor under the first measurement (0.575 / 0.781, 2026-12-07), against regressions;
    // the 0.8 is not met (BENCHMARKS.md says by how much and why)
    assert!(
        likely.precision() >= 0.5 && likely.recall() >= 0.7,
        "likely duplicate on the second blind set fell: precision {:.3}, recall {:.3}",
        likely.precision(),
        likely.recall()
    );
}

/// Every candidate of every proposal with its label and factor scores, one per line
/// (tab-separated), for tuning on this set.
fn dump(set: &[Labelled], path: &std::path::Path) {
    let index = corpus_index();
    let mut out = String::from("case\tid\tlabel\tband\tplace\taudience\tthemes\tdates\tcosine\taudience_detail\tthemes_detail\n");
    for case in set {
        let report = index
            .overlap(&case.proposal, 500, &insight_model::Access::Everything)
            .unwrap();
        for m in report.activities.iter().chain(&report.insight) {
            let label = if case.duplicates.contains(&m.id) {
                "duplicate"
            } else if case.related.contains(&m.id) {
                "related"
            } else {
                "neither"
            };
            let factor = |name: &str| m.reasons.iter().find(|r| r.factor == name).unwrap();
            let cosine = factor("text")
                .detail
                .rsplit(' ')
                .next()
                .unwrap()
                .to_string();
            out.push_str(&format!(
                "{}\t{}\t{label}\t{:?}\t{}\t{}\t{}\t{}\t{cosine}\t{}\t{}\n",
                case.name,
                m.id,
                m.band,
                factor("place").score,
                factor("audience").score,
                factor("themes").score,
                factor("dates").score,
                factor("audience").detail,
                factor("themes").detail
            ));
        }
    }
    std::fs::write(path, out).unwrap();
}

/// Likely duplicates, and likely duplicates or related, against a blind set's labels.
fn blind_figures(set: &[Labelled]) -> (Figures, Figures) {
    let likely = measure(set, &[Band::LikelyDuplicate], duplicates);
    let either = measure(set, &[Band::LikelyDuplicate, Band::Related], |case| {
        case.duplicates
            .iter()
            .chain(&case.related)
            .cloned()
            .collect()
    });
    (likely, either)
}

fn proposal(yaml: &str) -> Proposal {
    serde_yaml_ng::from_str(yaml).unwrap()
}

#[test]
fn overlaps_the_caller_cannot_see_are_counted_and_whom_to_ask_named() {
    let index = corpus_index();
    let asked = proposal(
        "title: GP registration for Eastern European residents\n\
         description: Interviews with Eastern European people in Kirklees about being refused registration at a GP practice and whether interpreters are offered.\n\
         places: [Kirklees]\naudiences: [Eastern European communities]\n\
         start: 2027-01-11\nend: 2027-03-26\n",
    );
    let everything = index
        .overlap(&asked, 50, &insight_model::Access::Everything)
        .unwrap();
    let partners_only = everything
        .activities
        .iter()
        .find(|m| m.id == "FP-2026-015")
        .expect("the partners-only repeat check is a candidate");
    assert_eq!(partners_only.band, Band::LikelyDuplicate);
    assert_eq!(everything.hidden.activities, 0);

    let public = index
        .overlap(&asked, 50, &insight_model::Access::Public)
        .unwrap();
    assert!(public.activities.iter().all(|m| m.id != "FP-2026-015"));
    assert!(public.hidden.activities >= 1, "{:?}", public.hidden);
    assert!(
        public
            .hidden
            .ask
            .iter()
            .any(|a| a.contains("Healthwatch Kirklees") && a.contains("@")),
        "{:?}",
        public.hidden.ask
    );
    // nothing of the hidden activity's own text is given
    let shown = serde_json::to_string(&public).unwrap();
    assert!(!shown.contains("Registered? Repeat check"));
}

#[test]
fn an_undated_proposal_is_compared_without_dates() {
    let index = corpus_index();
    let undated = proposal(
        "title: Carers and hospital discharge in Leeds\n\
         description: Talking with unpaid carers about the day their relative came home from hospital.\n\
         places: [Leeds]\naudiences: [Carers]\n",
    );
    let report = index
        .overlap(&undated, 50, &insight_model::Access::Everything)
        .unwrap();
    assert!(!report.activities.is_empty());
    for matched in report.activities.iter().chain(&report.insight) {
        let dates = matched
            .reasons
            .iter()
            .find(|r| r.factor == "dates")
            .unwrap();
        assert_eq!(
            dates.detail,
            "the proposal has no dates: compared without them"
        );
    }
    assert!(report
        .activities
        .iter()
        .any(|m| m.band == Band::LikelyDuplicate));
}

#[test]
fn people_not_segments_make_the_same_audience() {
    let index = corpus_index();
    // Deaf BSL users in Leeds on mental health crisis support: activities for other
    // communities in the mental health segment are never duplicates
    let deaf = proposal(
        "title: Crisis support for Deaf BSL users\n\
         description: Sessions in BSL with Deaf people in Leeds about getting help in a mental health crisis.\n\
         places: [Leeds]\naudiences: [Deaf people]\nsegments: [Mental health]\n\
         start: 2027-02-01\nend: 2027-04-30\n",
    );
    let report = index
        .overlap(&deaf, 100, &insight_model::Access::Everything)
        .unwrap();
    for matched in report.activities.iter().chain(&report.insight) {
        let audience = matched
            .reasons
            .iter()
            .find(|r| r.factor == "audience")
            .unwrap();
        if matched.band == Band::LikelyDuplicate {
            assert!(
                audience.detail.starts_with("shared audience"),
                "{}: {}",
                matched.id,
                audience.detail
            );
        }
        if audience.detail.starts_with("same population segment only") {
            assert!(audience.score < 0.5);
        }
    }
    // a survey of "patients registered with a GP practice" is for the general public
    let public = proposal(
        "title: Getting a GP appointment\n\
         description: A survey of patients registered with GP practices in Kirklees about getting an appointment.\n\
         places: [Kirklees]\nstart: 2027-09-06\nend: 2027-11-26\n",
    );
    let report = index
        .overlap(&public, 100, &insight_model::Access::Everything)
        .unwrap();
    assert!(report.general_public);
}
