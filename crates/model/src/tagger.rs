//! Infers place, segment, theme and community tags from text with the taxonomy's labels,
//! synonyms, gazetteer names and phrases, matched as stemmed word sequences; and, with a
//! learned model, the themes and sentiment the model suggests.

use crate::learn::ThemeModel;
use crate::text::for_each_word_span;
use crate::{normalise_words, Facet, SentimentTag, Stemmer, TagOrigin, Tags, Taxonomy};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

struct Pattern {
    /// Ids of the stemmed words after the first.
    rest: Vec<u32>,
    facet: Facet,
    path: String,
}

/// A phrase matcher built once from the taxonomy and shared by all parser threads.
pub struct Tagger {
    stemmer: Stemmer,
    /// Every stemmed word of any pattern -> its id, so a passage's words become ids
    /// (or none) without an allocation per word.
    ids: HashMap<String, u32>,
    /// Id of the first word -> the patterns starting with it.
    by_first: HashMap<u32, Vec<Pattern>>,
    /// The learned model, if the corpus has one.
    model: Option<Arc<ThemeModel>>,
}

impl Tagger {
    pub fn new(taxonomy: &Taxonomy) -> Self {
        let stemmer = Stemmer::default();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut by_first: HashMap<u32, Vec<Pattern>> = HashMap::new();
        // (first word, other words, facet, path) already added
        let mut added: HashSet<(u32, Vec<u32>, Facet, String)> = HashSet::new();
        for entry in taxonomy.entries().iter().filter(|entry| entry.infer) {
            for pattern in entry.text_patterns() {
                let mut words: Vec<u32> = normalise_words(pattern, &stemmer)
                    .into_iter()
                    .map(|word| {
                        let next = ids.len() as u32;
                        *ids.entry(word).or_insert(next)
                    })
                    .collect();
                if words.is_empty() {
                    continue;
                }
                let first = words.remove(0);
                if added.insert((first, words.clone(), entry.facet, entry.path.clone())) {
                    by_first.entry(first).or_default().push(Pattern {
                        rest: words,
                        facet: entry.facet,
                        path: entry.path.clone(),
                    });
                }
            }
        }
        Self {
            stemmer,
            ids,
            by_first,
            model: None,
        }
    }

    /// A tagger that also asks a learned model (already checked against the taxonomy).
    pub fn with_model(taxonomy: &Taxonomy, model: Option<Arc<ThemeModel>>) -> Self {
        Self {
            model,
            ..Self::new(taxonomy)
        }
    }

    pub fn model(&self) -> Option<&ThemeModel> {
        self.model.as_deref()
    }

    /// The tags of an insight passage (a report section, an answer, a workshop point):
    /// the rules' tags over `rules_text` (as [`Tagger::tag`]), then the learned model's
    /// themes over the heading and text, and its sentiment.
    pub fn tag_insight(
        &self,
        explicit: &Tags,
        rules_text: &str,
        heading: &str,
        text: &str,
    ) -> (Tags, Option<SentimentTag>) {
        let mut tags = self.tag(explicit, rules_text);
        let Some(model) = &self.model else {
            return (tags, None);
        };
        let suggestions = model.suggest(heading, text, &self.stemmer);
        for (path, confidence) in &suggestions.themes {
            if !stated_within(explicit, Facet::Theme, path) {
                tags.add_learned(Facet::Theme, path, *confidence);
            }
        }
        let sentiment = suggestions
            .sentiment
            .map(|(value, confidence)| SentimentTag {
                value,
                confidence: confidence.into(),
            });
        (tags, sentiment)
    }

    /// Every (facet, path) whose patterns occur in `text`, in order of first occurrence.
    pub fn infer(&self, text: &str) -> Vec<(Facet, String)> {
        let mut found: Vec<(Facet, String)> = Vec::new();
        for (facet, path, _) in self.infer_spans(text) {
            if !found.iter().any(|(f, p)| *f == facet && *p == path) {
                found.push((facet, path));
            }
        }
        found
    }

    /// Every occurrence of a pattern in `text`: its (facet, path) and the byte range of
    /// the words it covers, in order of where it starts.
    pub fn infer_spans(&self, text: &str) -> Vec<(Facet, String, std::ops::Range<usize>)> {
        // each word as the id of a pattern word, or None for a word no pattern has
        let mut words: Vec<(Option<u32>, std::ops::Range<usize>)> = Vec::new();
        for_each_word_span(text, &self.stemmer, |word, range| {
            words.push((self.ids.get(word).copied(), range))
        });
        let mut found = Vec::new();
        for (index, (word, range)) in words.iter().enumerate() {
            let Some(patterns) = word.and_then(|id| self.by_first.get(&id)) else {
                continue;
            };
            for pattern in patterns {
                let end = index + 1 + pattern.rest.len();
                if end <= words.len()
                    && words[index + 1..end]
                        .iter()
                        .zip(&pattern.rest)
                        .all(|((word, _), id)| *word == Some(*id))
                {
                    let last = &words[end - 1].1;
                    found.push((pattern.facet, pattern.path.clone(), range.start..last.end));
                }
            }
        }
        found
    }

    /// The tags of a passage: the explicit ones, plus what the text implies. Inferred
    /// places are kept only when they refine an explicit place (a ward inside the
    /// stated city), so a report about Leeds that mentions Bradford in passing stays a
    /// Leeds report; other facets add inferred values beside the explicit ones.
    pub fn tag(&self, explicit: &Tags, text: &str) -> Tags {
        let mut tags = explicit.clone();
        let explicit_places: Vec<&str> = explicit.paths(Facet::Place).collect();
        for (facet, path) in self.infer(text) {
            if facet == Facet::Place && !explicit_places.is_empty() {
                let refines = explicit_places
                    .iter()
                    .any(|place| Taxonomy::is_within(&path, place) && path != *place);
                if !refines {
                    continue;
                }
            }
            if stated_within(explicit, facet, &path) {
                continue;
            }
            tags.add(facet, &path, TagOrigin::Inferred);
        }
        tags
    }
}

/// Whether the metadata already states `path` or a value beneath it: then the text (or
/// the model) naming it adds nothing.
fn stated_within(explicit: &Tags, facet: Facet, path: &str) -> bool {
    explicit
        .paths(facet)
        .any(|stated| Taxonomy::is_within(stated, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAXONOMY: &str = r#"
[[place]]
path = "West Yorkshire"
[[place]]
path = "West Yorkshire/Leeds"
[[place]]
path = "West Yorkshire/Leeds/Inner East"
synonyms = ["Harehills"]
[[place]]
path = "West Yorkshire/Bradford District and Craven"
synonyms = ["Bradford"]
[[theme]]
path = "Discharge"
phrases = ["sent home", "discharge lounge", "package of care"]
[[theme]]
path = "Access"
[[theme]]
path = "Access/Urgent and emergency care"
synonyms = ["A&E"]
[[community]]
path = "Carers"
phrases = ["caring for", "unpaid carer"]
[[community]]
path = "Age band"
infer = false
"#;

    fn tagger() -> Tagger {
        Tagger::new(&Taxonomy::parse(TAXONOMY).unwrap())
    }

    fn check(explicit: &[(Facet, &str)], text: &str, expected: &[(Facet, &str, TagOrigin)]) {
        let mut tags = Tags::default();
        for (facet, path) in explicit {
            tags.add(*facet, path, TagOrigin::Explicit);
        }
        let got: Vec<(Facet, String, TagOrigin)> = tagger()
            .tag(&tags, text)
            .sorted()
            .iter()
            .map(|t| (t.facet, t.path.clone(), t.origin))
            .collect();
        let mut expected: Vec<(Facet, String, TagOrigin)> = expected
            .iter()
            .map(|(f, p, o)| (*f, p.to_string(), *o))
            .collect();
        expected.sort();
        assert_eq!(got, expected, "text: {text}");
    }

    #[test]
    fn infers_from_stemmed_phrases_and_synonyms() {
        use Facet::*;
        use TagOrigin::*;
        check(
            &[],
            "Mum was SENT HOME from A&E with no package of care; I'm an unpaid carer",
            &[
                (Theme, "Discharge", Inferred),
                (Theme, "Access/Urgent and emergency care", Inferred),
                (Community, "Carers", Inferred),
            ],
        );
        check(
            &[],
            "Carers in Harehills",
            &[
                (Community, "Carers", Inferred),
                (Place, "West Yorkshire/Leeds/Inner East", Inferred),
            ],
        );
        check(&[], "nothing to see", &[]);
    }

    #[test]
    fn explicit_metadata_wins() {
        use Facet::*;
        use TagOrigin::*;
        // a Leeds report mentioning Bradford stays Leeds; a Leeds ward refines it
        check(
            &[(Place, "West Yorkshire/Leeds")],
            "unlike Bradford, in Harehills we",
            &[
                (Place, "West Yorkshire/Leeds", Explicit),
                (Place, "West Yorkshire/Leeds/Inner East", Inferred),
            ],
        );
        // stated discharge is not repeated as inferred; carers still inferred
        check(
            &[(Theme, "Discharge")],
            "the discharge lounge, caring for dad",
            &[
                (Theme, "Discharge", Explicit),
                (Community, "Carers", Inferred),
            ],
        );
    }
}
