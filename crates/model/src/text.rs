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
        self.with_stem(word, str::to_string)
    }

    /// Calls `f` with the stem of a lowercase word, without copying a remembered stem.
    pub fn with_stem<R>(&self, word: &str, f: impl FnOnce(&str) -> R) -> R {
        STEMS.with(|stems| {
            let mut stems = stems.borrow_mut();
            if let Some(stem) = stems.get(word) {
                return f(stem);
            }
            let stem = self.0.stem(word).into_owned();
            let result = f(&stem);
            if stems.len() < STEM_CACHE_WORDS {
                stems.insert(word.to_string(), stem);
            }
            result
        })
    }
}

/// Calls `each` with every normalised word of `text` in order: runs of letters and
/// digits, lowercased, with apostrophes inside a word removed, stemmed. Nothing is
/// allocated per word (the tagger runs this over every passage).
pub fn for_each_word(text: &str, stemmer: &Stemmer, mut each: impl FnMut(&str)) {
    for_each_word_span(text, stemmer, |word, _| each(word));
}

/// As [`for_each_word`], with the byte range of each word in `text` (a search query's
/// words are matched to the taxonomy's phrases by where they stand).
pub fn for_each_word_span(
    text: &str,
    stemmer: &Stemmer,
    mut each: impl FnMut(&str, std::ops::Range<usize>),
) {
    let mut current = String::new();
    let mut start = 0;
    let mut end = 0;
    for (at, character) in text.char_indices() {
        let next = at + character.len_utf8();
        if character.is_ascii_alphanumeric() {
            if current.is_empty() {
                start = at;
            }
            current.push(character.to_ascii_lowercase());
            end = next;
        } else if character.is_alphanumeric() {
            if current.is_empty() {
                start = at;
            }
            current.extend(character.to_lowercase());
            end = next;
        } else if matches!(character, '\'' | '\u{2019}') && !current.is_empty() {
            // "carer's" -> "carers": keep the word whole
        } else if !current.is_empty() {
            stemmer.with_stem(&current, |stem| each(stem, start..end));
            current.clear();
        }
    }
    if !current.is_empty() {
        stemmer.with_stem(&current, |stem| each(stem, start..end));
    }
}

/// The normalised words of `text` (see [`for_each_word`]).
pub fn normalise_words(text: &str, stemmer: &Stemmer) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(text, stemmer, |word| words.push(word.to_string()));
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
