//! Word normalisation shared by the tagger and the taxonomy: lowercase, apostrophes
//! dropped inside words, English stemming, so "carer's", "Carers" and "carer" agree.

/// An English stemmer; cheap to create, safe to share between threads.
pub struct Stemmer(rust_stemmers::Stemmer);

impl Default for Stemmer {
    fn default() -> Self {
        Self(rust_stemmers::Stemmer::create(
            rust_stemmers::Algorithm::English,
        ))
    }
}

/// Most words recur (word frequencies are Zipfian), so each thread remembers the stems
/// it has made, up to this many words.
const STEM_CACHE_WORDS: usize = 50_000;

thread_local! {
    static STEMS: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

impl Stemmer {
    /// The English stem of a lowercase word (remembered per thread: stemming was a
    /// third of a survey's parsing time).
    pub fn stem(&self, word: &str) -> String {
        STEMS.with(|stems| {
            let mut stems = stems.borrow_mut();
            if let Some(stem) = stems.get(word) {
                return stem.clone();
            }
            let stem = self.0.stem(word).into_owned();
            if stems.len() < STEM_CACHE_WORDS {
                stems.insert(word.to_string(), stem.clone());
            }
            stem
        })
    }
}

/// Splits text into normalised words: runs of letters and digits, lowercased, with
/// apostrophes inside a word removed, each stemmed.
pub fn normalise_words(text: &str, stemmer: &Stemmer) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for character in text.chars() {
        if character.is_alphanumeric() {
            current.extend(character.to_lowercase());
        } else if matches!(character, '\'' | '\u{2019}') && !current.is_empty() {
            // "carer's" -> "carers": keep the word whole
        } else if !current.is_empty() {
            words.push(stemmer.stem(&current));
            current.clear();
        }
    }
    if !current.is_empty() {
        words.push(stemmer.stem(&current));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        assert_eq!(normalise_words(input, &Stemmer::default()), expected);
    }

    #[test]
    fn normalises_words() {
        check("Carer's assessment", &["carer", "assess"]);
        check("carers  ASSESSMENTS!", &["carer", "assess"]);
        check("A&E at the walk-in", &["a", "e", "at", "the", "walk", "in"]);
        check("waited 3 months", &["wait", "3", "month"]);
        check("", &[]);
    }
}
