//! k-fold cross-validation of the learned tagger, the rules and both together: per theme
//! precision, recall and F1, micro and macro F1, label ranking average precision
//! (LRAP, as scikit-learn computes it) and sentiment accuracy.

use super::{Example, LabelledSet, ThemeModel, TrainOptions};
use crate::{Facet, Stemmer, Tagger};
use serde::Serialize;

/// Scores of one way of tagging.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub micro_precision: f64,
    pub micro_recall: f64,
    pub micro_f1: f64,
    pub macro_f1: f64,
    /// Over the examples with at least one evaluated theme.
    pub lrap: f64,
    pub per_theme: Vec<LabelScores>,
}

/// Scores of one theme.
#[derive(Debug, Clone, Serialize)]
pub struct LabelScores {
    pub theme: String,
    pub examples: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The result of a cross-validation.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub folds: usize,
    pub examples: usize,
    /// Themes with at least this many examples are evaluated.
    pub min_examples: usize,
    pub learned: Scores,
    pub rules: Scores,
    /// A theme is tagged when the model or a rule tags it.
    pub combined: Scores,
    pub sentiment_examples: usize,
    pub sentiment_accuracy: Option<f64>,
    /// The thresholds the folds' models chose.
    pub thresholds: Vec<f32>,
}

/// Which of `folds` folds each of `count` examples is in: a seeded shuffle, so every
/// run (and every tool) splits alike.
pub fn fold_of_each(count: usize, folds: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    super::solver::shuffle(&mut order, &mut 0x2545_f491_4f6c_dd1du64);
    let mut assignment = vec![0; count];
    for (position, example) in order.into_iter().enumerate() {
        assignment[example] = position % folds.max(1);
    }
    assignment
}

/// Cross-validates: for each fold, trains on the others and tags the fold.
pub fn evaluate(
    set: &LabelledSet,
    folds: usize,
    options: &TrainOptions,
    rules: &Tagger,
    min_examples: usize,
) -> Evaluation {
    let stemmer = Stemmer::default();
    let count = set.examples.len();
    let assignment = fold_of_each(count, folds);
    let themes = set.themes.len();
    let mut learned_scores = vec![vec![0.0f32; themes]; count];
    let mut sentiment_right = 0usize;
    let mut sentiment_total = 0usize;
    let mut thresholds = Vec::new();
    let mut learned_tags = vec![vec![false; themes]; count];
    for fold in 0..folds {
        let part = |inside: bool| LabelledSet {
            source: set.source.clone(),
            themes: set.themes.clone(),
            examples: (0..count)
                .filter(|i| (assignment[*i] == fold) != inside)
                .map(|i| set.examples[i].clone())
                .collect(),
        };
        let (model, _) = ThemeModel::train(&part(true), options);
        thresholds.push(model.header().threshold);
        let outputs: Vec<usize> = model
            .header()
            .themes
            .iter()
            .map(|path| {
                set.themes
                    .iter()
                    .position(|t| t == path)
                    .expect("a theme of the set")
            })
            .collect();
        for i in (0..count).filter(|i| assignment[*i] == fold) {
            let example = &set.examples[i];
            let probabilities =
                model.theme_probabilities(&example.heading, &example.text, &stemmer);
            for (output, probability) in outputs.iter().zip(probabilities) {
                learned_scores[i][*output] = probability;
                learned_tags[i][*output] = probability >= model.header().threshold;
            }
            if let (Some(truth), Some((guess, _))) = (
                example.sentiment,
                model
                    .suggest(&example.heading, &example.text, &stemmer)
                    .sentiment,
            ) {
                sentiment_total += 1;
                sentiment_right += usize::from(truth == guess);
            }
        }
    }
    let rule_tags: Vec<Vec<bool>> = set
        .examples
        .iter()
        .map(|e| rule_labels(set, rules, e))
        .collect();
    let truth: Vec<Vec<bool>> = set
        .examples
        .iter()
        .map(|e| (0..themes).map(|t| e.themes.contains(&t)).collect())
        .collect();
    let mut examples_per_theme = vec![0usize; themes];
    for row in &truth {
        for (t, yes) in row.iter().enumerate() {
            examples_per_theme[t] += usize::from(*yes);
        }
    }
    let evaluated: Vec<usize> = (0..themes)
        .filter(|t| examples_per_theme[*t] >= min_examples)
        .collect();
    let as_scores = |tags: &[Vec<bool>]| -> Vec<Vec<f32>> {
        tags.iter()
            .map(|row| row.iter().map(|yes| f32::from(u8::from(*yes))).collect())
            .collect()
    };
    let combined_tags: Vec<Vec<bool>> = learned_tags
        .iter()
        .zip(&rule_tags)
        .map(|(a, b)| a.iter().zip(b).map(|(x, y)| *x || *y).collect())
        .collect();
    // the rules rank first what they tag, then the model's order
    let combined_scores: Vec<Vec<f32>> = learned_scores
        .iter()
        .zip(&rule_tags)
        .map(|(scores, rules)| {
            scores
                .iter()
                .zip(rules)
                .map(|(s, r)| s + f32::from(u8::from(*r)))
                .collect()
        })
        .collect();
    let score = |tags: &[Vec<bool>], ranking: &[Vec<f32>]| {
        scores(set, &truth, tags, ranking, &evaluated, &examples_per_theme)
    };
    Evaluation {
        folds,
        examples: count,
        min_examples,
        learned: score(&learned_tags, &learned_scores),
        rules: score(&rule_tags, &as_scores(&rule_tags)),
        combined: score(&combined_tags, &combined_scores),
        sentiment_examples: sentiment_total,
        sentiment_accuracy: (sentiment_total > 0)
            .then(|| sentiment_right as f64 / sentiment_total as f64),
        thresholds,
    }
}

/// The set's themes the taxonomy's rules find in an example.
fn rule_labels(set: &LabelledSet, rules: &Tagger, example: &Example) -> Vec<bool> {
    let found = rules.infer(&format!("{}\n{}", example.heading, example.text));
    set.themes
        .iter()
        .map(|theme| {
            found
                .iter()
                .any(|(facet, path)| *facet == Facet::Theme && path == theme)
        })
        .collect()
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn scores(
    set: &LabelledSet,
    truth: &[Vec<bool>],
    tags: &[Vec<bool>],
    ranking: &[Vec<f32>],
    evaluated: &[usize],
    examples_per_theme: &[usize],
) -> Scores {
    let (mut all_tp, mut all_fp, mut all_fn) = (0, 0, 0);
    let mut per_theme = Vec::new();
    for &theme in evaluated {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (row, tagged) in truth.iter().zip(tags) {
            match (tagged[theme], row[theme]) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                _ => {}
            }
        }
        all_tp += tp;
        all_fp += fp;
        all_fn += fn_;
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        per_theme.push(LabelScores {
            theme: set.themes[theme].clone(),
            examples: examples_per_theme[theme],
            precision,
            recall,
            f1: f1(precision, recall),
        });
    }
    let micro_precision = ratio(all_tp, all_tp + all_fp);
    let micro_recall = ratio(all_tp, all_tp + all_fn);
    Scores {
        micro_precision,
        micro_recall,
        micro_f1: f1(micro_precision, micro_recall),
        macro_f1: per_theme.iter().map(|s| s.f1).sum::<f64>() / per_theme.len().max(1) as f64,
        lrap: lrap(truth, ranking, evaluated),
        per_theme,
    }
}

/// Label ranking average precision: for each true label, the share of the labels
/// ranked at or above it that are true, averaged over true labels and examples; ties
/// count against (as scikit-learn's `label_ranking_average_precision_score`).
fn lrap(truth: &[Vec<bool>], ranking: &[Vec<f32>], evaluated: &[usize]) -> f64 {
    let mut total = 0.0;
    let mut examples = 0usize;
    for (row, scores) in truth.iter().zip(ranking) {
        let relevant: Vec<usize> = evaluated.iter().copied().filter(|t| row[*t]).collect();
        if relevant.is_empty() {
            continue;
        }
        let mut sum = 0.0;
        for &label in &relevant {
            let at_or_above = |t: &usize| scores[*t] >= scores[label];
            let rank = evaluated.iter().filter(|t| at_or_above(t)).count();
            let relevant_rank = relevant.iter().filter(|t| at_or_above(t)).count();
            sum += relevant_rank as f64 / rank as f64;
        }
        total += sum / relevant.len() as f64;
        examples += 1;
    }
    if examples == 0 {
        0.0
    } else {
        total / examples as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lrap_matches_scikit_learns_example() {
        // sklearn docs: y_true [[1,0,0],[0,0,1]], y_score [[.75,.5,1],[1,.2,.1]] -> 0.41666
        let truth = vec![vec![true, false, false], vec![false, false, true]];
        let ranking = vec![vec![0.75, 0.5, 1.0], vec![1.0, 0.2, 0.1]];
        let value = lrap(&truth, &ranking, &[0, 1, 2]);
        assert!((value - 0.416_666).abs() < 1e-4, "{value}");
    }

    #[test]
    fn folds_are_balanced_and_repeatable() {
        let folds = fold_of_each(103, 5);
        assert_eq!(folds, fold_of_each(103, 5));
        for fold in 0..5 {
            let size = folds.iter().filter(|f| **f == fold).count();
            assert!((20..=21).contains(&size));
        }
    }
}
