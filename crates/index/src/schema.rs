//! The tantivy schema: one tantivy document per passage, with the text fields searched,
//! the facets filtered and counted, the dates, and the stored JSON that rebuilds a hit.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer};
use tantivy::Index;

/// Bumped whenever the schema or what is written into it changes; an index with another
/// version must be rebuilt.
pub const SCHEMA_VERSION: u32 = 8;

/// The English analyzer: words, lowercased, accents folded, stemmed; other languages
/// written with spaces get it too (lowercase and accent folding, and a stemmer that
/// leaves their words mostly alone). Chinese, Japanese and Korean have fields of their
/// own (see `language`), searched from the same query.
pub const ENGLISH: &str = "insight_en";

/// A facet that can filter searches and is counted for every result set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FacetField {
    Place,
    Segment,
    Theme,
    Community,
    Kind,
    Method,
    Organisation,
    Participation,
    Visibility,
    Language,
    Status,
    /// Positive, neutral (mixed or neutral) or negative, where the learned model judged it.
    Sentiment,
}

impl FacetField {
    pub const ALL: [FacetField; 12] = [
        FacetField::Place,
        FacetField::Segment,
        FacetField::Theme,
        FacetField::Community,
        FacetField::Kind,
        FacetField::Method,
        FacetField::Organisation,
        FacetField::Participation,
        FacetField::Visibility,
        FacetField::Language,
        FacetField::Status,
        FacetField::Sentiment,
    ];

    /// The name in the schema, the CLI and the API.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Place => "place",
            FacetField::Segment => "segment",
            FacetField::Theme => "theme",
            FacetField::Community => "community",
            FacetField::Kind => "kind",
            FacetField::Method => "method",
            FacetField::Organisation => "organisation",
            FacetField::Participation => "participation",
            FacetField::Visibility => "visibility",
            FacetField::Language => "language",
            FacetField::Status => "status",
            FacetField::Sentiment => "sentiment",
        }
    }

    /// Whether values are `/`-separated paths (the taxonomy facets).
    pub fn is_hierarchical(self) -> bool {
        matches!(
            self,
            FacetField::Place | FacetField::Segment | FacetField::Theme | FacetField::Community
        )
    }

    pub fn from_name(name: &str) -> Option<FacetField> {
        FacetField::ALL
            .into_iter()
            .find(|field| field.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// The fields of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    pub passage_id: Field,
    pub doc_id: Field,
    pub file: Field,
    pub title: Field,
    pub heading: Field,
    pub text: Field,
    pub attributes: Field,
    pub date_from: Field,
    pub date_to: Field,
    /// Ids of the documents and passages a passage refers to (indexed, not stored:
    /// they are in `passage_json`).
    pub links: Field,
    /// A CJK passage's text as Chinese, Japanese or Korean words, and as character
    /// bigrams (indexed, not stored: the text is in `text`).
    pub text_zh: Field,
    pub text_ja: Field,
    pub text_ko: Field,
    pub text_cjk: Field,
    /// Stored JSON: the passage's locator, tags and attributes.
    pub passage_json: Field,
    /// Stored JSON: the source document's metadata.
    pub document_json: Field,
    /// The passage's place in the index's change sequence (see `changes`): the
    /// generation of the commit that last changed it in the high 32 bits, its order
    /// within that commit in the low ones. A rewrite that changes nothing keeps it.
    pub seq: Field,
    /// BLAKE3 of everything an answer shows of the passage (stored), so that a rewrite
    /// can tell a changed passage from an unchanged one.
    pub version: Field,
    /// A survey answer's respondent, as a number (BLAKE3 of the document and the record
    /// id), so that trends count people without a string per passage; absent elsewhere.
    pub respondent: Field,
    facets: Vec<(FacetField, Field)>,
}

impl Fields {
    pub fn facet(&self, facet: FacetField) -> Field {
        self.facets
            .iter()
            .find(|(f, _)| *f == facet)
            .map(|(_, field)| *field)
            .expect("every facet field is in the schema")
    }
}

/// Builds the schema and the handles of its fields.
pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let english = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(ENGLISH)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let date = DateOptions::default()
        .set_indexed()
        .set_fast()
        .set_stored()
        .set_precision(DateTimePrecision::Seconds);
    let passage_id = builder.add_text_field("passage_id", STRING | STORED);
    let doc_id = builder.add_text_field("doc_id", STRING | STORED | FAST);
    let file = builder.add_text_field("file", STRING | STORED);
    let title = builder.add_text_field("title", english(true));
    let heading = builder.add_text_field("heading", english(true));
    let text = builder.add_text_field("text", english(true));
    let attributes = builder.add_text_field("attributes", english(false));
    let date_from = builder.add_date_field("date_from", date.clone());
    let date_to = builder.add_date_field("date_to", date);
    let links = builder.add_text_field("links", STRING);
    let words = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let text_zh = builder.add_text_field("text_zh", words(crate::language::CHINESE));
    let text_ja = builder.add_text_field("text_ja", words(crate::language::JAPANESE));
    let text_ko = builder.add_text_field("text_ko", words(crate::language::KOREAN));
    let text_cjk = builder.add_text_field("text_cjk", words(crate::language::BIGRAMS));
    let passage_json = builder.add_text_field("passage_json", STORED);
    let document_json = builder.add_text_field("document_json", STORED);
    let seq = builder.add_u64_field("seq", INDEXED | FAST | STORED);
    let version = builder.add_text_field("version", STORED);
    let respondent = builder.add_u64_field("respondent", FAST);
    let facets = FacetField::ALL
        .iter()
        .map(|facet| {
            (
                *facet,
                builder.add_facet_field(facet.name(), FacetOptions::default()),
            )
        })
        .collect();
    let fields = Fields {
        passage_id,
        doc_id,
        file,
        title,
        heading,
        text,
        attributes,
        date_from,
        date_to,
        links,
        text_zh,
        text_ja,
        text_ko,
        text_cjk,
        passage_json,
        document_json,
        seq,
        version,
        respondent,
        facets,
    };
    (builder.build(), fields)
}

/// Registers the analyzers the schema names.
pub fn register_analyzers(index: &Index, dictionaries: &crate::Dictionaries) {
    dictionaries.register(index);
    let english = TextAnalyzer::builder(crate::language::WordTokenizer)
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(crate::stem::CachedEnglishStemmer)
        .build();
    index.tokenizers().register(ENGLISH, english);
}
