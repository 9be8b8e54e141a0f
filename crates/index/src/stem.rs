//! English stemming for the `insight_en` analyzer, remembering stems.
//!
//! Stemming was a sixth of an ingest's CPU time (perf, 100k generated passages), and
//! as much of a search's, whose snippets re-analyse the hits' text: every token went
//! through the Snowball stemmer although word frequencies are Zipfian and most tokens
//! are words already seen. The filter uses the model's stemmer, which remembers stems
//! per thread (the tagger's words share that memory).

use insight_model::Stemmer;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// A token filter: the Snowball English (Porter2) stem of each lowercase token.
#[derive(Clone, Copy, Default)]
pub struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stemmer: std::sync::Arc::new(Stemmer::default()),
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    stemmer: std::sync::Arc<Stemmer>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &self.stemmer,
            buffer: String::new(),
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    stemmer: &'a Stemmer,
    buffer: String,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let buffer = &mut self.buffer;
        self.stemmer.with_stem(&token.text, |stem| {
            buffer.clear();
            buffer.push_str(stem);
        });
        std::mem::swap(&mut token.text, buffer);
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
