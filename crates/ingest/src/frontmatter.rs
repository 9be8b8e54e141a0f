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

/// Deepest `[`/`{` nesting accepted in YAML: metadata needs two or three levels, and
/// the YAML parser slows down steeply on thousands.
pub const MAX_YAML_NESTING: usize = 64;

/// Refuses YAML whose flow collections nest deeper than [`MAX_YAML_NESTING`]: where it
/// happens (1-based line) and what to do. Quoted text is not counted.
pub fn check_yaml_nesting(yaml: &str) -> Result<(), FrontMatterError> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (number, line) in yaml.lines().enumerate() {
        for c in line.chars() {
            match (quote, c) {
                (Some(open), c) if c == open => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_YAML_NESTING {
                        return Err(FrontMatterError {
                            line: number + 1,
                            message: format!("brackets nest more than {MAX_YAML_NESTING} deep; metadata needs a list or two, so check for brackets that are never closed"),
                        });
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                (None, '#') => break,
                _ => {}
            }
        }
        // a quote does not run past its line in metadata
        quote = None;
    }
    Ok(())
}

/// Parses the YAML of the front matter into metadata.
pub fn parse(yaml: &str) -> Result<RawMetadata, FrontMatterError> {
    if yaml.trim().is_empty() {
        return Ok(RawMetadata::default());
    }
    check_yaml_nesting(yaml)?;
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
