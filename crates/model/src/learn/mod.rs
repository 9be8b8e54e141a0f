//! Learned tagging: themes and sentiment learned from labelled examples (such as NHS
//! Friends and Family Test comments labelled with the patient experience QDC
//! framework), so passages are tagged by what they say, not only by the taxonomy's
//! phrases. A model is data with a version: trained by `insight model train`, stored
//! beside the taxonomy, loaded once, and named in the ingest fingerprint.

mod evaluate;
mod features;
mod model;
mod solver;

pub use evaluate::{evaluate, fold_of_each, Evaluation, LabelScores, Scores};
pub use features::{FeatureSet, LETTERS_UP_TO};
pub use model::{ModelFileError, ModelHeader, Suggestions, ThemeModel, TrainOptions, TrainReport};
pub use solver::Settings as SolverSettings;

use crate::Sentiment;

/// One labelled example: a passage's heading (a survey question) and text, the themes
/// it carries (indexes into [`LabelledSet::themes`]) and its sentiment if labelled.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub heading: String,
    pub text: String,
    pub themes: Vec<usize>,
    pub sentiment: Option<Sentiment>,
}

/// Labelled examples and the themes (taxonomy paths) their labels name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelledSet {
    /// Where the examples came from (a file name), recorded in the model.
    pub source: String,
    pub themes: Vec<String>,
    pub examples: Vec<Example>,
}
