//! YAML front matter between `---` lines at the top of a Markdown file.

use crate::metadata::RawMetadata;

/// Front matter split from the body.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body: &'a str,
    /// Lines before the body starts (the front matter and its fences).
    pub body_line_offset: usize,
}

/// A problem with the front matter, with the file line it concerns.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

/// Splits `---\n yaml \n---\n body`. `Ok(None)` when the file has no front matter.
pub fn split(text: &str) -> Result<Option<Split<'_>>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(None);
    };
    if first.trim_end() != "---" {
        return Ok(None);
    }
    let mut offset = first.len();
    let yaml_start = offset;
    for (index, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &text[yaml_start..offset];
            let body = &text[offset + line.len()..];
            return Ok(Some(Split {
                yaml,
                body,
                body_line_offset: index + 2,
            }));
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        message: "the front matter opened with `---` on line 1 is never closed; add a `---` line after the metadata".into(),
    })
}

/// Parses the YAML of the front matter into metadata.
pub fn parse(yaml: &str) -> Result<RawMetadata, FrontMatterError> {
    if yaml.trim().is_empty() {
        return Ok(RawMetadata::default());
    }
    serde_yaml_ng::from_str::<RawMetadata>(yaml).map_err(|error| {
        let line = error.location().map(|l| l.line() + 1).unwrap_or(1);
        let mut message = error.to_string();
        if let Some(position) = message.find(" at line ") {
            message.truncate(position);
        }
        FrontMatterError {
            line,
            message: format!("front matter is not valid YAML: {message}; check indentation, colons and quotes (values containing `: ` need quotes)"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_parses() {
        let text = "\u{feff}---\ntitle: A\nthemes: [Discharge, Carers' support]\n---\n# Body\n";
        let split = split(text).unwrap().unwrap();
        assert_eq!(split.body, "# Body\n");
        assert_eq!(split.body_line_offset, 4);
        let raw = parse(split.yaml).unwrap();
        assert_eq!(raw.title.as_deref(), Some("A"));
        assert_eq!(raw.themes.values(), vec!["Discharge", "Carers' support"]);
    }

    #[test]
    fn no_front_matter_and_unclosed() {
        assert!(split("# Just markdown\n").unwrap().is_none());
        assert!(split("").unwrap().is_none());
        assert!(split("---\ntitle: a\n")
            .unwrap_err()
            .message
            .contains("never closed"));
    }

    #[test]
    fn broken_yaml_names_the_line() {
        let error = parse("title: a\nthemes: [unclosed\nplace: b\n").unwrap_err();
        assert!(error.line >= 2, "{error:?}");
        assert!(
            error.message.starts_with("front matter is not valid YAML"),
            "{}",
            error.message
        );
    }
}
