//! The taxonomy: places (with a gazetteer), segments, themes and communities as
//! hierarchies of `/`-separated paths, with the synonyms and phrases that resolve
//! metadata values and let the tagger infer tags from text.

use crate::error::{Error, Result};
use crate::vocabulary::Facet;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// One value of a facet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyEntry {
    pub facet: Facet,
    /// Full path, e.g. `West Yorkshire/Leeds/Inner East`.
    pub path: String,
    /// The last path segment.
    pub label: String,
    /// Alternative names: accepted as metadata values and matched in text.
    pub synonyms: Vec<String>,
    /// Text that indicates the value: matched in text only.
    pub phrases: Vec<String>,
    /// Whether the tagger may infer this value from text (false for equality groups).
    pub infer: bool,
    /// What belongs under this value, for people choosing a filter.
    pub description: Option<String>,
    /// A community so wide that it qualifies others rather than naming people by itself
    /// (older people, parents and families, men, women): an activity for "South Asian
    /// women" is not for women as a whole, and a survey aimed at broad groups only is
    /// open to the public. Read by the duplicate engagement check.
    pub broad: bool,
}

impl TaxonomyEntry {
    /// The label, synonyms and phrases that indicate this value in free text.
    pub fn text_patterns(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.label.as_str())
            .chain(self.synonyms.iter().map(String::as_str))
            .chain(self.phrases.iter().map(String::as_str))
    }
}

/// How a metadata value was matched against the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one value matched: its full path.
    Found(String),
    /// Several values share this name: their paths.
    Ambiguous(Vec<String>),
    /// No value matched.
    Unknown,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    #[serde(default)]
    place: Vec<EntryFile>,
    #[serde(default)]
    segment: Vec<EntryFile>,
    #[serde(default)]
    theme: Vec<EntryFile>,
    #[serde(default)]
    community: Vec<EntryFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    path: String,
    #[serde(default)]
    synonyms: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    infer: Option<bool>,
    description: Option<String>,
    #[serde(default)]
    broad: bool,
}

/// The loaded taxonomy, with name lookups.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    entries: Vec<TaxonomyEntry>,
    /// (facet, normalised name) -> entry indexes, for labels, synonyms and full paths.
    names: HashMap<(Facet, String), Vec<usize>>,
    /// BLAKE3 of the file's bytes: a changed taxonomy means every passage is re-tagged.
    content_hash: String,
    /// The TOML it was parsed from.
    source: String,
}

/// Lowercase, `&` as "and", whitespace collapsed, so "Gipton & Harehills" matches
/// "gipton and  harehills".
fn normalise_name(name: &str) -> String {
    name.replace('&', " and ")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Taxonomy {
    /// Reads and validates a taxonomy file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::ReadTaxonomy {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text).map_err(|message| Error::InvalidTaxonomy {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses and validates taxonomy TOML; the error says what to fix.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let file: TaxonomyFile = toml::from_str(text).map_err(|error| error.to_string())?;
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        for (facet, list) in [
            (Facet::Place, file.place),
            (Facet::Segment, file.segment),
            (Facet::Theme, file.theme),
            (Facet::Community, file.community),
        ] {
            for entry in list {
                let segments: Vec<&str> = entry.path.split('/').map(str::trim).collect();
                if segments.iter().any(|segment| segment.is_empty()) {
                    problems.push(format!(
                        "{facet} path `{}` has an empty segment",
                        entry.path
                    ));
                    continue;
                }
                let path = segments.join("/");
                if entry.broad && facet != Facet::Community {
                    problems.push(format!(
                        "{facet} `{path}` says `broad = true`, which only a community can be; remove it"
                    ));
                }
                entries.push(TaxonomyEntry {
                    facet,
                    label: segments.last().map(|s| s.to_string()).unwrap_or_default(),
                    path,
                    synonyms: entry.synonyms,
                    phrases: entry.phrases,
                    infer: entry.infer.unwrap_or(true),
                    description: entry.description,
                    broad: entry.broad,
                });
            }
        }
        let mut seen = HashMap::new();
        for entry in &entries {
            if seen.insert((entry.facet, entry.path.clone()), ()).is_some() {
                problems.push(format!(
                    "{} `{}` is listed twice; keep one entry",
                    entry.facet, entry.path
                ));
            }
        }
        for entry in &entries {
            if let Some((parent, _)) = entry.path.rsplit_once('/') {
                if !seen.contains_key(&(entry.facet, parent.to_string())) {
                    problems.push(format!(
                        "{} `{}` has no parent entry `{parent}`; add it above",
                        entry.facet, entry.path
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        let mut names: HashMap<(Facet, String), Vec<usize>> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            let keys = std::iter::once(&entry.path)
                .chain(std::iter::once(&entry.label))
                .chain(entry.synonyms.iter());
            for key in keys {
                let slot = names.entry((entry.facet, normalise_name(key))).or_default();
                if !slot.contains(&index) {
                    slot.push(index);
                }
            }
        }
        Ok(Self {
            entries,
            names,
            content_hash: blake3::hash(text.as_bytes()).to_hex().to_string(),
            source: text.to_string(),
        })
    }

    pub fn entries(&self) -> &[TaxonomyEntry] {
        &self.entries
    }

    pub fn content_hash(&self) -> &str {
        &self.content_hash
    }

    /// The TOML text the taxonomy was read from.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn entry(&self, facet: Facet, path: &str) -> Option<&TaxonomyEntry> {
        self.entries
            .iter()
            .find(|entry| entry.facet == facet && entry.path == path)
    }

    /// Matches a metadata value (a full path, a label or a synonym, any case) to a value.
    pub fn resolve(&self, facet: Facet, value: &str) -> Resolution {
        self.resolve_where(facet, value, |_| true)
    }

    /// Like [`Taxonomy::resolve`], but only among the children of `group`
    /// ("Age band" + "65 to 74" -> `Age band/65-74`).
    pub fn resolve_under(&self, facet: Facet, group: &str, value: &str) -> Resolution {
        let prefix = format!("{group}/");
        match self.resolve_where(facet, &format!("{group}/{value}"), |entry| {
            entry.path.starts_with(&prefix)
        }) {
            Resolution::Unknown => {
                self.resolve_where(facet, value, |entry| entry.path.starts_with(&prefix))
            }
            found => found,
        }
    }

    fn resolve_where(
        &self,
        facet: Facet,
        value: &str,
        keep: impl Fn(&TaxonomyEntry) -> bool,
    ) -> Resolution {
        let Some(indexes) = self.names.get(&(facet, normalise_name(value))) else {
            return Resolution::Unknown;
        };
        let mut paths: Vec<String> = indexes
            .iter()
            .map(|&index| &self.entries[index])
            .filter(|entry| keep(entry))
            .map(|entry| entry.path.clone())
            .collect();
        paths.dedup();
        match paths.len() {
            0 => Resolution::Unknown,
            1 => Resolution::Found(paths.remove(0)),
            _ => Resolution::Ambiguous(paths),
        }
    }

    /// True when `path` is `ancestor` or lies beneath it.
    pub fn is_within(path: &str, ancestor: &str) -> bool {
        path == ancestor || (path.starts_with(ancestor) && path[ancestor.len()..].starts_with('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[[place]]
path = "West Yorkshire"
[[place]]
path = "West Yorkshire/Leeds"
synonyms = ["LS"]
[[place]]
path = "West Yorkshire/Leeds/Inner East/Gipton and Harehills"
[[place]]
path = "West Yorkshire/Leeds/Inner East"
[[community]]
path = "Age band"
infer = false
[[community]]
path = "Age band/65-74"
infer = false
synonyms = ["65 to 74"]
"#;

    #[test]
    fn resolves_paths_labels_and_synonyms() {
        let taxonomy = Taxonomy::parse(SAMPLE).unwrap();
        let leeds = Resolution::Found("West Yorkshire/Leeds".into());
        assert_eq!(taxonomy.resolve(Facet::Place, "leeds"), leeds);
        assert_eq!(taxonomy.resolve(Facet::Place, "LS"), leeds);
        assert_eq!(
            taxonomy.resolve(Facet::Place, "West Yorkshire/Leeds"),
            leeds
        );
        assert_eq!(
            taxonomy.resolve(Facet::Place, "Gipton & Harehills"),
            Resolution::Found("West Yorkshire/Leeds/Inner East/Gipton and Harehills".into())
        );
        assert_eq!(
            taxonomy.resolve(Facet::Place, "Bradford"),
            Resolution::Unknown
        );
        assert_eq!(taxonomy.resolve(Facet::Theme, "Leeds"), Resolution::Unknown);
        assert_eq!(
            taxonomy.resolve_under(Facet::Community, "Age band", "65 to 74"),
            Resolution::Found("Age band/65-74".into())
        );
    }

    #[test]
    fn rejects_orphans_and_duplicates() {
        let error = Taxonomy::parse(
            "[[theme]]\npath = \"Access/Waiting\"\n[[theme]]\npath = \"Access/Waiting\"",
        )
        .unwrap_err();
        assert!(error.contains("listed twice"), "{error}");
        assert!(error.contains("no parent entry `Access`"), "{error}");
        let error = Taxonomy::parse("[[theme]]\npath = \"x\"\nsynonym = []").unwrap_err();
        assert!(error.contains("unknown field"), "{error}");
        let error = Taxonomy::parse("[[theme]]\npath = \"x\"\nbroad = true").unwrap_err();
        assert!(error.contains("only a community"), "{error}");
        let taxonomy = Taxonomy::parse("[[community]]\npath = \"Men\"\nbroad = true").unwrap();
        assert!(taxonomy.entry(Facet::Community, "Men").unwrap().broad);
    }

    #[test]
    fn within() {
        assert!(Taxonomy::is_within("A/B/C", "A/B"));
        assert!(Taxonomy::is_within("A/B", "A/B"));
        assert!(!Taxonomy::is_within("A/BC", "A/B"));
    }
}
