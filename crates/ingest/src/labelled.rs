//! Labelled examples for the learned tagger: a CSV export with a text column, an
//! optional heading (question) column, an optional sentiment column, and one 0/1 column
//! per theme (wide), read as its mapping file (`*.labels.toml`) says. The NHS Friends and
//! Family Test exports labelled with the QDC framework have this shape: one row per
//! answer, the question in a column.

use crate::survey::{delimiter_byte, is_non_answer};
use crate::NON_ANSWERS;
use insight_model::learn::{Example, LabelledSet};
use insight_model::{Facet, Resolution, Sentiment, Taxonomy};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// How to read a labelled export.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelMapping {
    /// The column of the text to learn from.
    pub text: String,
    /// The column of the question each text answers, if any.
    pub heading: Option<String>,
    /// Columns that are neither text nor labels (ids, dates, ratings, ...).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Theme columns resolve within this branch of the taxonomy (e.g.
    /// "Patient experience (QDC)"), so a label shared with another branch is not ambiguous.
    pub branch: Option<String>,
    /// Column -> theme, for columns whose name is not a theme's label or synonym.
    #[serde(default)]
    pub themes: BTreeMap<String, String>,
    pub sentiment: Option<SentimentColumn>,
    /// Field delimiter, one character; `,` unless given.
    pub delimiter: Option<String>,
}

/// The labelled sentiment: which values of the column mean what.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentimentColumn {
    pub column: String,
    pub positive: Vec<String>,
    pub neutral: Vec<String>,
    pub negative: Vec<String>,
}

/// What reading a labelled export found besides the examples.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LabelledCounts {
    pub rows: usize,
    /// Rows whose text was empty or a non-answer ("n/a", "nothing", ...).
    pub non_answers: usize,
    /// Rows with an empty sentiment cell.
    pub without_sentiment: usize,
}

/// A labelled export that cannot be learned from: where, what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", location.as_deref().map(|l| format!(" {l}")).unwrap_or_default())]
pub struct LabelledError {
    pub file: String,
    pub location: Option<String>,
    pub message: String,
}

/// Reads a labelled export (`csv` is its bytes) as `mapping` says, resolving theme
/// columns through the taxonomy.
pub fn read_labelled(
    file: &str,
    csv: &[u8],
    mapping_file: &str,
    mapping: &str,
    taxonomy: &Taxonomy,
) -> Result<(LabelledSet, LabelledCounts), LabelledError> {
    let fail = |location: Option<String>, message: String| LabelledError {
        file: file.to_string(),
        location,
        message,
    };
    let mapping: LabelMapping = toml::from_str(mapping).map_err(|error| LabelledError {
        file: mapping_file.to_string(),
        location: None,
        message: format!("is not a valid labels mapping: {}", error.message()),
    })?;
    let delimiter =
        delimiter_byte(mapping.delimiter.as_deref()).map_err(|message| LabelledError {
            file: mapping_file.to_string(),
            location: None,
            message,
        })?;
    let bytes = csv.strip_prefix(b"\xef\xbb\xbf").unwrap_or(csv);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|error| {
            fail(
                Some("line 1".into()),
                format!("the header row cannot be read ({error}); save the export as CSV UTF-8"),
            )
        })?
        .iter()
        .map(|cell| cell.trim().to_string())
        .collect();
    let column = |name: &str, what: &str| {
        header.iter().position(|h| h == name.trim()).ok_or_else(|| {
            fail(
                Some("line 1".into()),
                format!(
                    "no {what} column `{name}` in the header; the columns are: {}",
                    header.join(", ")
                ),
            )
        })
    };
    let text_column = column(&mapping.text, "text")?;
    let heading_column = mapping
        .heading
        .as_deref()
        .map(|h| column(h, "heading"))
        .transpose()?;
    let sentiment_column = mapping
        .sentiment
        .as_ref()
        .map(|s| column(&s.column, "sentiment"))
        .transpose()?;
    for name in mapping.ignore.iter().chain(mapping.themes.keys()) {
        column(name, "mapped")?;
    }
    let mut themes: Vec<String> = Vec::new();
    let mut theme_columns: Vec<(usize, usize)> = Vec::new();
    let used: HashSet<usize> = [Some(text_column), heading_column, sentiment_column]
        .into_iter()
        .flatten()
        .collect();
    for (index, name) in header.iter().enumerate() {
        if used.contains(&index) || mapping.ignore.iter().any(|i| i.trim() == name) {
            continue;
        }
        let wanted = mapping.themes.get(name).map(String::as_str).unwrap_or(name);
        let path = resolve_theme(taxonomy, mapping.branch.as_deref(), wanted).map_err(|why| {
            fail(
                Some(format!("line 1, column {} `{name}`", index + 1)),
                format!("{why}; map it under [themes] in {mapping_file}, add it to taxonomy.toml, or list it in `ignore`"),
            )
        })?;
        let position = themes.iter().position(|t| *t == path).unwrap_or_else(|| {
            themes.push(path);
            themes.len() - 1
        });
        theme_columns.push((index, position));
    }
    let non_answers: HashSet<String> = NON_ANSWERS.iter().map(|s| s.to_string()).collect();
    let mut counts = LabelledCounts::default();
    let mut examples = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|error| {
            let line = error.position().map_or(row + 2, |p| p.line() as usize);
            fail(
                Some(format!("line {line}")),
                format!("the row cannot be read ({error}); save the export as CSV UTF-8"),
            )
        })?;
        let line = record.position().map_or(row + 2, |p| p.line() as usize);
        counts.rows += 1;
        let cell = |index: usize| record.get(index).unwrap_or("").trim();
        let text = cell(text_column);
        if is_non_answer(text, &non_answers) {
            counts.non_answers += 1;
            continue;
        }
        let mut example = Example {
            heading: heading_column
                .map(|c| cell(c).to_string())
                .unwrap_or_default(),
            text: text.to_string(),
            themes: Vec::new(),
            sentiment: None,
        };
        for &(index, theme) in &theme_columns {
            match cell(index) {
                "" | "0" | "0.0" => {}
                "1" | "1.0" => {
                    if !example.themes.contains(&theme) {
                        example.themes.push(theme);
                    }
                }
                other => {
                    return Err(fail(
                        Some(format!("line {line}, column {} `{}`", index + 1, header[index])),
                        format!("label `{other}` is not 0 or 1; a theme column holds 1 where the text carries the theme, else 0 or nothing"),
                    ))
                }
            }
        }
        if let (Some(index), Some(rule)) = (sentiment_column, mapping.sentiment.as_ref()) {
            example.sentiment = sentiment_of(cell(index), rule).map_err(|value| {
                fail(
                    Some(format!("line {line}, column {} `{}`", index + 1, header[index])),
                    format!("sentiment `{value}` is none of the values [sentiment] in {mapping_file} lists; add it to positive, neutral or negative"),
                )
            })?;
            counts.without_sentiment += usize::from(example.sentiment.is_none());
        }
        examples.push(example);
    }
    let source = file.rsplit('/').next().unwrap_or(file).to_string();
    Ok((
        LabelledSet {
            source,
            themes,
            examples,
        },
        counts,
    ))
}

/// The theme a label column names: its path, label or synonym, within `branch` if given.
fn resolve_theme(taxonomy: &Taxonomy, branch: Option<&str>, name: &str) -> Result<String, String> {
    let resolution = match branch {
        Some(branch) => taxonomy.resolve_under(Facet::Theme, branch, name),
        None => taxonomy.resolve(Facet::Theme, name),
    };
    match resolution {
        Resolution::Found(path) => Ok(path),
        Resolution::Ambiguous(paths) => Err(format!(
            "column names several themes ({}); say which",
            paths.join(", ")
        )),
        Resolution::Unknown => Err(match branch {
            Some(branch) => format!("is not a theme under `{branch}` in the taxonomy"),
            None => "is not a theme in the taxonomy".to_string(),
        }),
    }
}

fn sentiment_of(value: &str, rule: &SentimentColumn) -> Result<Option<Sentiment>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    let has = |list: &[String]| list.iter().any(|v| v.trim().eq_ignore_ascii_case(value));
    if has(&rule.positive) {
        Ok(Some(Sentiment::Positive))
    } else if has(&rule.neutral) {
        Ok(Some(Sentiment::Neutral))
    } else if has(&rule.negative) {
        Ok(Some(Sentiment::Negative))
    } else {
        Err(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAXONOMY: &str = r#"
[[theme]]
path = "Experience"
[[theme]]
path = "Experience/Parking"
[[theme]]
path = "Experience/Waiting"
synonyms = ["Waiting time"]
[[theme]]
path = "Discharge"
[[theme]]
path = "Experience/Discharge"
"#;

    const MAPPING: &str = r#"
text = "Comment"
heading = "Question"
ignore = ["ID"]
[sentiment]
column = "Tone"
positive = ["1", "2"]
neutral = ["3"]
negative = ["4", "5"]
"#;

    fn read(csv: &str, mapping: &str) -> Result<(LabelledSet, LabelledCounts), LabelledError> {
        let taxonomy = Taxonomy::parse(TAXONOMY).unwrap();
        read_labelled(
            "labels.csv",
            csv.as_bytes(),
            "labels.labels.toml",
            mapping,
            &taxonomy,
        )
    }

    fn check_error(csv: &str, mapping: &str, location: &str, says: &str) {
        let error = read(csv, mapping).unwrap_err();
        assert_eq!(error.location.as_deref(), Some(location), "{error}");
        assert!(error.message.contains(says), "{error}");
        assert!(error.to_string().starts_with("labels"), "{error}");
    }

    #[test]
    fn reads_examples_themes_and_sentiment() {
        let csv = "ID,Question,Comment,Tone,Parking,Waiting time\n\
                   1,Why?,No spaces in the car park,4,1,\n\
                   2,Why?,n/a,3,,\n\
                   3,Why?,Seen on time,,0,1\n";
        let (set, counts) = read(csv, MAPPING).unwrap();
        assert_eq!(set.themes, ["Experience/Parking", "Experience/Waiting"]);
        assert_eq!(set.examples.len(), 2);
        assert_eq!(set.examples[0].themes, [0]);
        assert_eq!(set.examples[0].heading, "Why?");
        assert_eq!(set.examples[0].sentiment, Some(Sentiment::Negative));
        assert_eq!(set.examples[1].themes, [1]);
        assert_eq!(set.examples[1].sentiment, None);
        assert_eq!(counts.non_answers, 1);
        assert_eq!(counts.without_sentiment, 1);
    }

    #[test]
    fn bad_files_name_the_line_and_column_and_the_fix() {
        let header = "ID,Question,Comment,Tone,Parking";
        check_error(
            &format!("{header},Food\n1,Why?,x,1,1,\n"),
            MAPPING,
            "line 1, column 6 `Food`",
            "is not a theme in the taxonomy; map it under [themes]",
        );
        check_error(
            "ID,Question,Text,Tone,Parking\n1,Why?,x,1,1\n",
            MAPPING,
            "line 1",
            "no text column `Comment`",
        );
        check_error(
            &format!("{header}\n1,Why?,fine,1,1\n2,Why?,slow,1,yes\n"),
            MAPPING,
            "line 3, column 5 `Parking`",
            "label `yes` is not 0 or 1",
        );
        check_error(
            &format!("{header}\n1,Why?,fine,7,1\n"),
            MAPPING,
            "line 2, column 4 `Tone`",
            "sentiment `7`",
        );
        // a label two branches share must be placed
        check_error(
            &format!("{header},Discharge\n1,Why?,x,1,1,1\n"),
            MAPPING,
            "line 1, column 6 `Discharge`",
            "names several themes",
        );
        let with_branch = format!("branch = \"Experience\"\n{MAPPING}");
        let (set, _) = read(
            &format!("{header},Discharge\n1,Why?,x,1,1,1\n"),
            &with_branch,
        )
        .unwrap();
        assert_eq!(set.themes[1], "Experience/Discharge");
        let error = read("a\n", "text = 3").unwrap_err();
        assert_eq!(error.file, "labels.labels.toml");
    }
}
