//! Text to features: the stemmed words and word pairs of a passage and the words of its
//! heading (a survey's question says a lot: "What could we do better?"), hashed to
//! feature numbers, weighted by TF-IDF and scaled to unit length.
//!
//! Hashing means a model holds numbers, not the words of the comments it learned from.

use crate::text::for_each_word;
use crate::Stemmer;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Feature numbers are hashes already: a map keyed by them only spreads them over its
/// buckets (one multiplication) instead of hashing them again with SipHash, which was a
/// quarter of tagging's time.
#[derive(Default)]
pub struct FeatureHasher(u64);

impl Hasher for FeatureHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.0 = u64::from(value).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A map from feature numbers.
pub type FeatureMap<V> = HashMap<u32, V, BuildHasherDefault<FeatureHasher>>;

/// Feature numbers are the low bits of a 64-bit FNV-1a hash.
pub const HASH_BITS: u32 = 22;

/// One passage as (column, weight) pairs, without repeats.
pub type SparseVector = Vec<(u32, f32)>;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

fn fnv(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
}

fn to_feature(hash: u64) -> u32 {
    (fnv(hash, 0x1f) & ((1u64 << HASH_BITS) - 1)) as u32
}

/// FNV-1a over a tag byte and the parts, each ended by a separator, so "a b" and "ab"
/// differ.
fn feature_of(tag: u8, parts: &[&str]) -> u32 {
    let mut hash = fnv(FNV_OFFSET, tag);
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            hash = fnv(hash, 0x1f);
        }
        hash = part.bytes().fold(hash, fnv);
    }
    to_feature(hash)
}

/// Letter pieces are read from texts of at most this many bytes unless a trainer says
/// otherwise: short answers gain most from them, long report sections would cost most.
pub const LETTERS_UP_TO: usize = 400;

/// Which features a model uses (kept in its header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct FeatureSet {
    /// Also the 4-letter pieces of each word, padded with a space at both ends (as
    /// scikit-learn's `char_wb`), so spelling slips and word forms share pieces; for
    /// texts of at most this many bytes (0: never). Short answers gain most from them,
    /// and long report sections would pay the most for them.
    #[serde(default)]
    pub letters_up_to: usize,
}

/// The letters of a word piece (spaces included). Measured on the NHS England FFT data
/// (BENCHMARKS.md): pieces of 4 alone tag as well as pieces of 3, 4 and 5 together, at a
/// third of the cost.
const PIECE: usize = 4;

/// Counts the 4-letter pieces of each lowercase word of `text`, padded with a space at
/// both ends (a word of one or two letters is a piece of its own).
fn count_letter_pieces(text: &str, counts: &mut FeatureMap<u32>) {
    let mut word: Vec<char> = vec![' '];
    let flush = |word: &mut Vec<char>, counts: &mut FeatureMap<u32>| {
        if word.len() > 1 {
            word.push(' ');
            let mut buffer = [0u8; 4];
            for piece in word.windows(PIECE.min(word.len())) {
                let hash = piece.iter().fold(fnv(FNV_OFFSET, b'c'), |hash, character| {
                    character.encode_utf8(&mut buffer).bytes().fold(hash, fnv)
                });
                *counts.entry(to_feature(hash)).or_default() += 1;
            }
        }
        word.truncate(1);
    };
    for character in text.chars() {
        if character.is_alphanumeric() {
            word.extend(character.to_lowercase());
        } else if !matches!(character, '\'' | '\u{2019}') {
            flush(&mut word, counts);
        }
    }
    flush(&mut word, counts);
}

/// The features of a passage with their raw counts.
pub fn count_features(
    heading: &str,
    text: &str,
    stemmer: &Stemmer,
    set: FeatureSet,
) -> FeatureMap<u32> {
    let mut counts: FeatureMap<u32> = FeatureMap::default();
    if text.len() <= set.letters_up_to {
        count_letter_pieces(text, &mut counts);
    }
    let mut previous = String::new();
    for_each_word(text, stemmer, |word| {
        *counts.entry(feature_of(b'w', &[word])).or_default() += 1;
        if !previous.is_empty() {
            *counts
                .entry(feature_of(b'b', &[&previous, word]))
                .or_default() += 1;
        }
        previous.clear();
        previous.push_str(word);
    });
    for_each_word(heading, stemmer, |word| {
        counts.entry(feature_of(b'h', &[word])).or_insert(1);
    });
    counts
}

/// A passage's TF-IDF vector over a model's columns: sublinear term frequency
/// (1 + ln count) times the column's IDF, scaled to unit length; features the model
/// has no column for (never seen in training) are dropped. Training and tagging both
/// read passages through this.
pub fn vectorise(counts: &FeatureMap<u32>, columns: &FeatureMap<u32>, idf: &[f32]) -> SparseVector {
    let mut vector: SparseVector = counts
        .iter()
        .filter_map(|(feature, &count)| {
            let column = *columns.get(feature)?;
            Some((column, (1.0 + (count as f32).ln()) * idf[column as usize]))
        })
        .collect();
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, weight) in &mut vector {
            *weight /= norm;
        }
    }
    vector
}

/// Smoothed inverse document frequency of every feature seen in at least `min_df`
/// documents: ln((1 + n) / (1 + df)) + 1, as scikit-learn's TfidfVectorizer.
pub fn idf_table(documents: &[FeatureMap<u32>], min_df: u32) -> FeatureMap<f32> {
    let mut df: FeatureMap<u32> = FeatureMap::default();
    for counts in documents {
        for feature in counts.keys() {
            *df.entry(*feature).or_default() += 1;
        }
    }
    let n = documents.len() as f32;
    df.into_iter()
        .filter(|(_, count)| *count >= min_df)
        .map(|(feature, count)| (feature, ((1.0 + n) / (1.0 + count as f32)).ln() + 1.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_pairs_and_heading_are_distinct_features() {
        let stemmer = Stemmer::default();
        let counts = count_features(
            "Why?",
            "staff were lovely, lovely staff",
            &stemmer,
            FeatureSet::default(),
        );
        // staff, were, love(ly) + 4 pairs + heading "whi"; "staff" twice
        assert_eq!(counts.len(), 3 + 4 + 1);
        assert_eq!(counts[&feature_of(b'w', &["staff"])], 2);
        assert_ne!(feature_of(b'w', &["ab"]), feature_of(b'b', &["a", "b"]));
    }

    #[test]
    fn letter_pieces_are_counted_per_padded_word() {
        let mut counts = FeatureMap::default();
        count_letter_pieces("Ab cd, nurse", &mut counts);
        // " ab ", " cd " whole; " nurse ": " nur", "nurs", "urse", "rse "
        assert_eq!(counts.values().sum::<u32>(), 6);
        assert_eq!(counts[&feature_of(b'c', &[" ab "])], 1);
        assert_eq!(counts[&feature_of(b'c', &["rse "])], 1);
    }

    #[test]
    fn weighed_vectors_have_unit_length_and_drop_unknown_features() {
        let stemmer = Stemmer::default();
        let documents = vec![
            count_features("", "kind staff", &stemmer, FeatureSet::default()),
            count_features("", "rude staff", &stemmer, FeatureSet::default()),
        ];
        let idf = idf_table(&documents, 2);
        assert_eq!(idf.len(), 1, "only `staff` is in both");
        let columns: FeatureMap<u32> = idf.keys().map(|feature| (*feature, 0)).collect();
        let vector = vectorise(
            &count_features("", "kind staff", &stemmer, FeatureSet::default()),
            &columns,
            &idf.values().copied().collect::<Vec<_>>(),
        );
        assert_eq!(vector.len(), 1);
        assert!((vector[0].1 - 1.0).abs() < 1e-6);
    }
}
