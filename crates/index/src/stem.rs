//! English stemming for the `insight_en` analyzer, remembering stems.
//!
//! Stemming was a sixth of an ingest's CPU time (perf, 100k generated passages): every
//! token went through the Snowball stemmer although word frequencies are Zipfian and
//! most tokens are words already seen. Each analyzer instance (tantivy clones one per
//! segment writer and per query parser) keeps the stems it has made, up to a bound.

use std::collections::HashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Distinct words one analyzer remembers; beyond this, new words are stemmed each time.
const REMEMBERED_WORDS: usize = 100_000;

/// A token filter: the Snowball English (Porter2) stem of each lowercase token.
#[derive(Clone, Copy, Default)]
pub struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stems: Stems::default(),
        }
    }
}

struct Stems {
    stemmer: rust_stemmers::Stemmer,
    remembered: HashMap<String, String>,
}

impl Default for Stems {
    fn default() -> Self {
        Self {
            stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
            remembered: HashMap::new(),
        }
    }
}

/// A clone starts with an empty memory (clones are made per segment writer).
impl Clone for Stems {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl Stems {
    /// Replaces `word` with its stem.
    fn stem_in_place(&mut self, word: &mut String) {
        if let Some(stem) = self.remembered.get(word.as_str()) {
            word.clear();
            word.push_str(stem);
            return;
        }
        let stem = self.stemmer.stem(word).into_owned();
        if self.remembered.len() < REMEMBERED_WORDS {
            self.remembered.insert(word.clone(), stem.clone());
        }
        *word = stem;
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    stems: Stems,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    stems: &'a mut Stems,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.stems.stem_in_place(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    fn stems(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn stems_like_snowball_english_on_first_and_remembered_sight() {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedEnglishStemmer)
            .build();
        let text = "Waiting carers waited; the carers' assessments";
        let expected = ["wait", "carer", "wait", "the", "carer", "assess"];
        assert_eq!(stems(&mut analyzer, text), expected);
        // the second pass is answered from memory and must not differ
        assert_eq!(stems(&mut analyzer, text), expected);
    }
}
