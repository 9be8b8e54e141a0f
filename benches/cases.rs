//! The hot paths the criterion benches time, shared with the test suite, which runs
//! each case once (`tests/it/benches.rs`) so that the benches cannot rot. Fixtures are
//! the bundled sample corpus, read and ingested the same way every time.

#![allow(dead_code)]

use insight_index::{Dictionaries, FacetField, InsightIndex, SearchRequest, Sort};
use insight_ingest::{parse_source, ParseContext, Redactor, SourceFile, SourceFormat, Tagger};
use insight_model::{Access, Tags, Taxonomy};
use std::path::PathBuf;

pub fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The sample corpus in an in-memory index, as an anonymous reader would search it.
pub fn sample_index() -> InsightIndex {
    let dictionaries =
        Dictionaries::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dictionaries"));
    let index = InsightIndex::create_in_ram_with(dictionaries).expect("index in RAM");
    insight_ingest::ingest(
        &index,
        &insight_ingest::IngestOptions::new(corpus()),
        |_| std::ops::ControlFlow::Continue(()),
    )
    .expect("ingest the sample corpus");
    index
}

/// The query mix of issue 6: (name, request).
pub fn queries() -> Vec<(&'static str, SearchRequest)> {
    let base = SearchRequest {
        access: Access::Public,
        ..SearchRequest::default()
    };
    let filters = |pairs: &[(FacetField, &str)]| {
        let mut map = std::collections::BTreeMap::new();
        for (facet, value) in pairs {
            map.entry(*facet)
                .or_insert_with(Vec::new)
                .push(value.to_string());
        }
        map
    };
    vec![
        (
            "one term",
            SearchRequest {
                query: "discharge".into(),
                ..base.clone()
            },
        ),
        (
            "two terms",
            SearchRequest {
                query: "discharge carers".into(),
                ..base.clone()
            },
        ),
        (
            "phrase",
            SearchRequest {
                query: "\"package of care\"".into(),
                ..base.clone()
            },
        ),
        (
            "two facet filters",
            SearchRequest {
                query: "waiting".into(),
                filters: filters(&[(FacetField::Place, "Leeds"), (FacetField::Theme, "Access")]),
                ..base.clone()
            },
        ),
        (
            "all facet counts",
            SearchRequest {
                query: String::new(),
                ..base.clone()
            },
        ),
        (
            "grouped by document",
            SearchRequest {
                query: "carers".into(),
                group_by_document: true,
                ..base.clone()
            },
        ),
        (
            "date sorted",
            SearchRequest {
                query: "GP".into(),
                sort: Sort::Newest,
                ..base.clone()
            },
        ),
        (
            "chinese word",
            SearchRequest {
                query: "傳譯".into(),
                ..base.clone()
            },
        ),
        (
            "everything, partner",
            SearchRequest {
                query: "discharge".into(),
                access: Access::Partner {
                    organisation: "Carers Leeds".into(),
                },
                ..base
            },
        ),
    ]
}

/// What parsing needs, built from the sample taxonomy and its learned model (as ingest
/// does), and the rules alone, to measure what the model costs.
pub struct Parsing {
    pub taxonomy: Taxonomy,
    pub tagger: Tagger,
    pub rules: Tagger,
    pub redactor: Redactor,
}

impl Parsing {
    pub fn load() -> Self {
        let text = std::fs::read_to_string(corpus().join("taxonomy.toml")).expect("taxonomy");
        let taxonomy = Taxonomy::parse(&text).expect("valid taxonomy");
        let model = insight_ingest::load_model(&corpus(), &taxonomy).expect("the sample model");
        assert!(model.is_some(), "corpus/themes.model is missing");
        Self {
            tagger: Tagger::with_model(&taxonomy, model),
            rules: Tagger::new(&taxonomy),
            taxonomy,
            redactor: Redactor::new(),
        }
    }

    /// Parses a sample file read beforehand (no I/O in the timed part), tagging with the
    /// model or by the rules alone; the number of passages.
    pub fn parse(&self, file: &SampleFile, with_model: bool) -> usize {
        let context = ParseContext {
            taxonomy: &self.taxonomy,
            tagger: if with_model {
                &self.tagger
            } else {
                &self.rules
            },
            redactor: &self.redactor,
            readers: &Default::default(),
        };
        let outcome = parse_source(&file.source, &file.bytes, file.mapping.as_deref(), &context);
        assert!(
            outcome.document.is_some(),
            "{} parses",
            file.source.rel_path
        );
        outcome.passages.len()
    }

    /// Tags a passage of text (explicit tags none) by the rules: the number of tags.
    pub fn tag(&self, text: &str) -> usize {
        self.rules.tag(&Tags::default(), text).iter().count()
    }

    /// Tags a passage of text by the rules and the learned model: the number of tags,
    /// counting the sentiment as one.
    pub fn tag_learned(&self, text: &str) -> usize {
        let (tags, sentiment) = self.tagger.tag_insight(&Tags::default(), text, "", text);
        tags.iter().count() + usize::from(sentiment.is_some())
    }
}

/// A sample file, classified as ingest classifies it, with its bytes (and mapping).
pub struct SampleFile {
    pub source: SourceFile,
    pub bytes: Vec<u8>,
    pub mapping: Option<Vec<u8>>,
}

impl SampleFile {
    pub fn read(relative: &str) -> Self {
        let source = insight_ingest::discover(&corpus())
            .expect("the sample corpus")
            .into_iter()
            .find(|s| s.rel_path == relative)
            .expect("a sample file");
        let bytes = std::fs::read(&source.path).expect("sample file");
        let mapping = match &source.format {
            SourceFormat::Survey { mapping_path, .. } => {
                Some(std::fs::read(mapping_path).expect("mapping"))
            }
            _ => None,
        };
        Self {
            source,
            bytes,
            mapping,
        }
    }
}

/// Sample files for the parsing benches: a long report, the largest survey, notes.
pub const REPORT: &str = "reports/leeds-healthwatch-coming-home-carers-discharge.md";
pub const SURVEY: &str = "surveys/kirklees-gp-access-2024.csv";
pub const NOTES: &str = "notes/leeds-carers-hospital-discharge-focus-group-2025-03.txt";
pub const TAG_TEXT: &str = "My dad was discharged from St James's at 9pm with no transport and his tablets were not ready; as his unpaid carer I had to take time off work and nobody at the GP practice in Armley knew what had changed.";
