//! The learned tagger: one logistic regression per theme and per sentiment over hashed
//! word features, its training (with the confidence threshold chosen by cross-validation
//! on the training data), its predictions, and its file format.
//!
//! File format (little-endian): the magic line `INSIGHT-MODEL\n`, the length of a JSON
//! header (u32), the header ([`ModelHeader`]), then one bias (f32) and one weight scale
//! (f32) per output, then per feature its hash (u32), its IDF (f32) and one weight per
//! output as a signed byte (times the output's scale), then the BLAKE3 hash of
//! everything before it, so a truncated or altered file is refused. Weights in bytes
//! keep the file a quarter of the size; a trained model is written and read back before
//! it is used or evaluated, so what is measured is what ingest uses.

use super::features::{
    count_features, idf_table, vectorise, FeatureMap, FeatureSet, SparseVector, HASH_BITS,
};
use super::solver::{self, sigmoid, Linear, Settings};
use super::{Example, LabelledSet};
use crate::{Sentiment, Stemmer};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

const MAGIC: &[u8] = b"INSIGHT-MODEL\n";
/// Bumped when the features or the file layout change; older files are refused.
pub const FORMAT_VERSION: u32 = 2;
/// The sentiment outputs, in this order, after the themes.
const SENTIMENTS: [Sentiment; 3] = [Sentiment::Positive, Sentiment::Neutral, Sentiment::Negative];

/// What the model file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelHeader {
    pub format: u32,
    pub hash_bits: u32,
    /// Which features it reads.
    #[serde(default)]
    pub feature_set: FeatureSet,
    /// The theme paths it learned, in output order.
    pub themes: Vec<String>,
    /// Positive training examples of each theme.
    pub theme_examples: Vec<usize>,
    /// Whether it also learned sentiment (three outputs after the themes).
    pub sentiment: bool,
    /// A theme is suggested when its probability reaches this.
    pub threshold: f32,
    /// Where the examples came from (a file name), and how many there were.
    pub trained_on: String,
    pub examples: usize,
    pub features: usize,
}

/// A loaded or trained model.
#[derive(Debug, Clone)]
pub struct ThemeModel {
    header: ModelHeader,
    /// Feature hash -> column.
    columns: FeatureMap<u32>,
    idf: Vec<f32>,
    /// Column-major: the outputs' weights of column `c` are `weights[c * outputs..]`.
    weights: Vec<f32>,
    bias: Vec<f32>,
    /// BLAKE3 of the file bytes: part of the ingest fingerprint.
    content_hash: String,
}

/// What the model says about one passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestions {
    /// Themes whose probability reached the threshold, most likely first.
    pub themes: Vec<(String, f32)>,
    /// The most likely sentiment and its probability, when the model learned sentiment.
    pub sentiment: Option<(Sentiment, f32)>,
}

/// How training went: what was learned and what was left to the rules.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    pub examples: usize,
    pub themes_learned: Vec<(String, usize)>,
    /// Themes with too few positive examples to learn: (path, examples).
    pub themes_too_few: Vec<(String, usize)>,
    pub sentiment_examples: usize,
    pub threshold: f32,
    pub features: usize,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// A theme needs at least this many positive examples to be learned.
    pub min_examples: usize,
    /// A feature must occur in this many examples to be kept.
    pub min_df: u32,
    /// Folds of the inner cross-validation that chooses the threshold.
    pub threshold_folds: usize,
    pub solver: Settings,
    pub features: FeatureSet,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            min_examples: 10,
            min_df: 2,
            threshold_folds: 3,
            solver: Settings::default(),
            features: FeatureSet {
                letters_up_to: super::features::LETTERS_UP_TO,
            },
        }
    }
}

/// Why a model file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelFileError {
    /// Not a model file at all.
    #[error("not an insight model file (it does not start with INSIGHT-MODEL); train one with `insight model train`")]
    NotAModel,
    /// Made by another version of the program.
    #[error("model format {found} is not this program's ({FORMAT_VERSION}); retrain it with `insight model train`")]
    Format { found: u32 },
    /// Cut short or altered after it was written.
    #[error("model file is damaged ({0}); copy it again or retrain it with `insight model train`")]
    Damaged(String),
}

impl ThemeModel {
    pub fn header(&self) -> &ModelHeader {
        &self.header
    }

    pub fn content_hash(&self) -> &str {
        &self.content_hash
    }

    fn outputs(&self) -> usize {
        self.bias.len()
    }

    /// The probability of every output for one passage.
    fn probabilities(&self, heading: &str, text: &str, stemmer: &Stemmer) -> Vec<f32> {
        let counts = count_features(heading, text, stemmer, self.header.feature_set);
        let outputs = self.outputs();
        let mut scores = self.bias.clone();
        for (column, value) in vectorise(&counts, &self.columns, &self.idf) {
            let start = column as usize * outputs;
            let weights = &self.weights[start..start + outputs];
            for (score, weight) in scores.iter_mut().zip(weights) {
                *score += weight * value;
            }
        }
        scores.into_iter().map(sigmoid).collect()
    }

    /// The themes and sentiment the model suggests for a passage.
    pub fn suggest(&self, heading: &str, text: &str, stemmer: &Stemmer) -> Suggestions {
        let probabilities = self.probabilities(heading, text, stemmer);
        let themes_count = self.header.themes.len();
        let mut themes: Vec<(String, f32)> = probabilities[..themes_count]
            .iter()
            .enumerate()
            .filter(|(_, p)| **p >= self.header.threshold)
            .map(|(index, p)| (self.header.themes[index].clone(), *p))
            .collect();
        themes.sort_by(|a, b| b.1.total_cmp(&a.1));
        let sentiment = self.header.sentiment.then(|| {
            let scores = &probabilities[themes_count..themes_count + 3];
            let total: f32 = scores.iter().sum();
            let (best, score) = scores
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .expect("three sentiment outputs");
            (
                SENTIMENTS[best],
                if total > 0.0 { score / total } else { 0.0 },
            )
        });
        Suggestions { themes, sentiment }
    }

    /// Every theme's probability, in the order of `header().themes`.
    pub fn theme_probabilities(&self, heading: &str, text: &str, stemmer: &Stemmer) -> Vec<f32> {
        let mut probabilities = self.probabilities(heading, text, stemmer);
        probabilities.truncate(self.header.themes.len());
        probabilities
    }

    /// Learns a model from labelled examples.
    pub fn train(set: &LabelledSet, options: &TrainOptions) -> (ThemeModel, TrainReport) {
        let stemmer = Stemmer::default();
        let counts: Vec<FeatureMap<u32>> = set
            .examples
            .par_iter()
            .map(|example| {
                count_features(&example.heading, &example.text, &stemmer, options.features)
            })
            .collect();
        let mut examples_per_theme = vec![0usize; set.themes.len()];
        for example in &set.examples {
            for theme in &example.themes {
                examples_per_theme[*theme] += 1;
            }
        }
        let learned: Vec<usize> = (0..set.themes.len())
            .filter(|theme| examples_per_theme[*theme] >= options.min_examples)
            .collect();
        let all: Vec<usize> = (0..set.examples.len()).collect();
        let threshold = choose_threshold(set, &counts, &learned, options);
        let fitted = fit(set, &counts, &all, &learned, options);
        let report = TrainReport {
            examples: set.examples.len(),
            themes_learned: learned
                .iter()
                .map(|t| (set.themes[*t].clone(), examples_per_theme[*t]))
                .collect(),
            themes_too_few: (0..set.themes.len())
                .filter(|t| !learned.contains(t))
                .map(|t| (set.themes[t].clone(), examples_per_theme[t]))
                .collect(),
            sentiment_examples: set
                .examples
                .iter()
                .filter(|e| e.sentiment.is_some())
                .count(),
            threshold,
            features: fitted.idf.len(),
        };
        let header = ModelHeader {
            format: FORMAT_VERSION,
            hash_bits: HASH_BITS,
            feature_set: options.features,
            themes: learned.iter().map(|t| set.themes[*t].clone()).collect(),
            theme_examples: learned.iter().map(|t| examples_per_theme[*t]).collect(),
            sentiment: fitted.sentiment,
            threshold,
            trained_on: set.source.clone(),
            examples: set.examples.len(),
            features: fitted.idf.len(),
        };
        // written and read back: what is evaluated and used is what the file holds
        let model = Self::from_bytes(&fitted.into_model(header).to_bytes())
            .expect("a model reads back what it wrote");
        (model, report)
    }

    /// The model as the bytes of a model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = serde_json::to_vec(&self.header).expect("the header serialises");
        let outputs = self.outputs();
        let mut bytes = Vec::with_capacity(
            MAGIC.len() + 4 + header.len() + self.idf.len() * (8 + outputs) + 64,
        );
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(header.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&header);
        let scales: Vec<f32> = (0..outputs)
            .map(|output| {
                let largest = (0..self.idf.len())
                    .map(|column| self.weights[column * outputs + output].abs())
                    .fold(0.0f32, f32::max);
                if largest > 0.0 {
                    largest / 127.0
                } else {
                    1.0
                }
            })
            .collect();
        for (bias, scale) in self.bias.iter().zip(&scales) {
            bytes.extend_from_slice(&bias.to_le_bytes());
            bytes.extend_from_slice(&scale.to_le_bytes());
        }
        let mut by_column: Vec<(u32, u32)> = self.columns.iter().map(|(h, c)| (*h, *c)).collect();
        by_column.sort_unstable_by_key(|(_, column)| *column);
        for (hash, column) in by_column {
            bytes.extend_from_slice(&hash.to_le_bytes());
            bytes.extend_from_slice(&self.idf[column as usize].to_le_bytes());
            let start = column as usize * outputs;
            for (weight, scale) in self.weights[start..start + outputs].iter().zip(&scales) {
                bytes.push(((weight / scale).round().clamp(-127.0, 127.0) as i8) as u8);
            }
        }
        let checksum = blake3::hash(&bytes);
        bytes.extend_from_slice(checksum.as_bytes());
        bytes
    }

    /// Reads a model file's bytes, refusing anything damaged or of another format.
    pub fn from_bytes(bytes: &[u8]) -> Result<ThemeModel, ModelFileError> {
        let body = bytes.strip_prefix(MAGIC).ok_or(ModelFileError::NotAModel)?;
        if body.len() < 36 {
            return Err(ModelFileError::Damaged("it is too short".into()));
        }
        let (content, checksum) = bytes.split_at(bytes.len() - 32);
        if blake3::hash(content).as_bytes() != checksum {
            return Err(ModelFileError::Damaged(
                "its checksum does not match".into(),
            ));
        }
        let mut reader = Reader(&content[MAGIC.len()..]);
        let header_length = reader.u32()? as usize;
        let header_bytes = reader.take(header_length)?;
        let header: ModelHeader = serde_json::from_slice(header_bytes)
            .map_err(|error| ModelFileError::Damaged(format!("its header: {error}")))?;
        if header.format != FORMAT_VERSION || header.hash_bits != HASH_BITS {
            return Err(ModelFileError::Format {
                found: header.format,
            });
        }
        let outputs = header.themes.len() + if header.sentiment { 3 } else { 0 };
        let mut bias = Vec::with_capacity(outputs);
        let mut scales = Vec::with_capacity(outputs);
        for _ in 0..outputs {
            bias.push(reader.f32()?);
            scales.push(reader.f32()?);
        }
        let mut columns = FeatureMap::with_capacity_and_hasher(header.features, Default::default());
        let mut idf = Vec::with_capacity(header.features);
        let mut weights = Vec::with_capacity(header.features * outputs);
        for column in 0..header.features {
            columns.insert(reader.u32()?, column as u32);
            idf.push(reader.f32()?);
            for (byte, scale) in reader.take(outputs)?.iter().zip(&scales) {
                weights.push(f32::from(*byte as i8) * scale);
            }
        }
        if !reader.0.is_empty() {
            return Err(ModelFileError::Damaged(
                "it has bytes after its weights".into(),
            ));
        }
        Ok(ThemeModel {
            header,
            columns,
            idf,
            weights,
            bias,
            content_hash: blake3::hash(bytes).to_hex().to_string(),
        })
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, length: usize) -> Result<&'a [u8], ModelFileError> {
        if self.0.len() < length {
            return Err(ModelFileError::Damaged("it ends early".into()));
        }
        let (head, rest) = self.0.split_at(length);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, ModelFileError> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes(bytes.try_into().expect("four bytes")))
    }

    fn f32(&mut self) -> Result<f32, ModelFileError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

/// Linear models for the learned themes (and sentiment) on some examples.
struct Fitted {
    columns: FeatureMap<u32>,
    idf: Vec<f32>,
    themes: Vec<Linear>,
    sentiment: bool,
    sentiments: Vec<Linear>,
}

impl Fitted {
    fn into_model(self, header: ModelHeader) -> ThemeModel {
        let outputs: Vec<&Linear> = self.themes.iter().chain(&self.sentiments).collect();
        let mut weights = Vec::with_capacity(self.idf.len() * outputs.len());
        for column in 0..self.idf.len() {
            for output in &outputs {
                weights.push(output.weights[column]);
            }
        }
        ThemeModel {
            header,
            columns: self.columns,
            idf: self.idf,
            weights,
            bias: outputs.iter().map(|o| o.bias).collect(),
            content_hash: String::new(),
        }
    }

    /// Theme probabilities of an example (features counted already).
    fn theme_probabilities(&self, counts: &FeatureMap<u32>) -> Vec<f32> {
        let row = self.row(counts);
        self.themes.iter().map(|t| sigmoid(t.score(&row))).collect()
    }

    fn row(&self, counts: &FeatureMap<u32>) -> SparseVector {
        vectorise(counts, &self.columns, &self.idf)
    }
}

/// Trains on the examples `rows` of the set.
fn fit(
    set: &LabelledSet,
    counts: &[FeatureMap<u32>],
    rows: &[usize],
    learned: &[usize],
    options: &TrainOptions,
) -> Fitted {
    let chosen: Vec<FeatureMap<u32>> = rows.iter().map(|i| counts[*i].clone()).collect();
    let idf_by_hash = idf_table(&chosen, options.min_df);
    let mut hashes: Vec<u32> = idf_by_hash.keys().copied().collect();
    hashes.sort_unstable();
    let columns: FeatureMap<u32> = hashes
        .iter()
        .enumerate()
        .map(|(column, hash)| (*hash, column as u32))
        .collect();
    let idf: Vec<f32> = hashes.iter().map(|hash| idf_by_hash[hash]).collect();
    let vectors: Vec<SparseVector> = chosen
        .iter()
        .map(|counts| vectorise(counts, &columns, &idf))
        .collect();
    let examples: Vec<&Example> = rows.iter().map(|i| &set.examples[*i]).collect();
    let themes: Vec<Linear> = learned
        .par_iter()
        .map(|theme| {
            let labels: Vec<bool> = examples.iter().map(|e| e.themes.contains(theme)).collect();
            solver::train(&vectors, &labels, idf.len(), options.solver)
        })
        .collect();
    let with_sentiment: Vec<usize> = (0..examples.len())
        .filter(|i| examples[*i].sentiment.is_some())
        .collect();
    let sentiment = with_sentiment.len() >= options.min_examples;
    let sentiments: Vec<Linear> = if sentiment {
        let sentiment_rows: Vec<SparseVector> =
            with_sentiment.iter().map(|i| vectors[*i].clone()).collect();
        SENTIMENTS
            .par_iter()
            .map(|wanted| {
                let labels: Vec<bool> = with_sentiment
                    .iter()
                    .map(|i| examples[*i].sentiment == Some(*wanted))
                    .collect();
                solver::train(&sentiment_rows, &labels, idf.len(), options.solver)
            })
            .collect()
    } else {
        Vec::new()
    };
    Fitted {
        columns,
        idf,
        themes,
        sentiment,
        sentiments,
    }
}

/// The threshold that gives the best micro F1 over the learned themes, on predictions
/// made by models that did not see the example (inner cross-validation).
fn choose_threshold(
    set: &LabelledSet,
    counts: &[FeatureMap<u32>],
    learned: &[usize],
    options: &TrainOptions,
) -> f32 {
    const DEFAULT: f32 = 0.3;
    let folds = options.threshold_folds;
    if learned.is_empty() || folds < 2 || set.examples.len() < folds * 2 {
        return DEFAULT;
    }
    let assignment = super::evaluate::fold_of_each(set.examples.len(), folds);
    let mut predictions: Vec<Vec<f32>> = vec![Vec::new(); set.examples.len()];
    for fold in 0..folds {
        let train: Vec<usize> = (0..set.examples.len())
            .filter(|i| assignment[*i] != fold)
            .collect();
        let fitted = fit(set, counts, &train, learned, options);
        for i in (0..set.examples.len()).filter(|i| assignment[*i] == fold) {
            predictions[i] = fitted.theme_probabilities(&counts[i]);
        }
    }
    let truth: Vec<Vec<bool>> = set
        .examples
        .iter()
        .map(|e| learned.iter().map(|t| e.themes.contains(t)).collect())
        .collect();
    best_threshold(&predictions, &truth).unwrap_or(DEFAULT)
}

/// The threshold in 0.05..0.95 with the best micro F1.
pub(crate) fn best_threshold(predictions: &[Vec<f32>], truth: &[Vec<bool>]) -> Option<f32> {
    (1..=38)
        .map(|step| step as f32 * 0.025)
        .map(|threshold| {
            let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
            for (p, t) in predictions.iter().zip(truth) {
                for (p, t) in p.iter().zip(t) {
                    match (*p >= threshold, *t) {
                        (true, true) => tp += 1,
                        (true, false) => fp += 1,
                        (false, true) => fn_ += 1,
                        _ => {}
                    }
                }
            }
            let f1 = if tp == 0 {
                0.0
            } else {
                2.0 * tp as f32 / (2 * tp + fp + fn_) as f32
            };
            (threshold, f1)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.total_cmp(&a.0)))
        .map(|(threshold, _)| threshold)
}
