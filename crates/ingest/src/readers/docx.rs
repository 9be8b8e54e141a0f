//! Word (DOCX) reader: the zip's `word/document.xml` walked in order, with the styles of
//! `word/styles.xml` and the properties of `docProps/core.xml`.
//!
//! - A paragraph is a heading when its style, or a style it is based on (followed up to
//!   ten steps), is "Heading N" or has an outline level, or when the paragraph itself
//!   has one; "Title" gives the title.
//! - Where the author used no heading styles at all, a short paragraph (up to 16 words,
//!   no closing full stop) whose text is all bold is a heading.
//! - Tables come in document order, one row per line, cells joined by ` | `.
//! - Hyperlinks keep their text; deleted text (tracked changes), field codes, the
//!   text-box fallbacks Word writes for old readers (`mc:Fallback`) and the table of
//!   contents (TOC styles, or a "Table of Contents" content control) are skipped.

use super::{squash_spaces, Outline, ReadError, StructuredDocument};
use crate::markdown::{Block, BlockKind};
use roxmltree::Node;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Read;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads one member of a zip archive as text, within a size cap (a zip bomb fails alone).
pub(super) fn zip_text(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, ReadError> {
    const CAP: u64 = 200 * 1024 * 1024;
    let Ok(member) = archive.by_name(name) else {
        return Ok(None);
    };
    let mut text = String::new();
    member
        .take(CAP + 1)
        .read_to_string(&mut text)
        .map_err(|e| ReadError(format!("`{name}` inside the file cannot be read ({e}); the file is damaged: open and re-save it")))?;
    if text.len() as u64 > CAP {
        return Err(ReadError(format!(
            "`{name}` inside the file is over 200 MB uncompressed; it is skipped"
        )));
    }
    Ok(Some(text))
}

pub(super) fn open_zip(bytes: &[u8]) -> Result<zip::ZipArchive<std::io::Cursor<&[u8]>>, ReadError> {
    zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        ReadError(format!(
            "the file is damaged: its zip container cannot be read ({e}); open and re-save it"
        ))
    })
}

pub(super) fn parse_xml<'a>(
    name: &str,
    text: &'a str,
) -> Result<roxmltree::Document<'a>, ReadError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        ReadError(format!("`{name}` inside the file is not valid XML ({e}); the file is damaged: open and re-save it"))
    })
}

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<usize>,
    bold: bool,
}

pub fn read(bytes: &[u8]) -> Result<StructuredDocument, ReadError> {
    let mut archive = open_zip(bytes)?;
    let Some(body_xml) = zip_text(&mut archive, "word/document.xml")? else {
        return Err(ReadError(
            "not a Word document: the zip has no word/document.xml (is it another Office file?)"
                .into(),
        ));
    };
    let styles_xml = zip_text(&mut archive, "word/styles.xml")?;
    let core_xml = zip_text(&mut archive, "docProps/core.xml")?;
    let styles = match &styles_xml {
        Some(text) => read_styles(&parse_xml("word/styles.xml", text)?),
        None => HashMap::new(),
    };
    let body = parse_xml("word/document.xml", &body_xml)?;
    let mut document = StructuredDocument {
        unit: "paragraph",
        ..Default::default()
    };
    if let Some(core) = &core_xml {
        core_properties(&parse_xml("docProps/core.xml", core)?, &mut document);
    }
    let Some(root) = body
        .root_element()
        .children()
        .find(|n| n.has_tag_name((W, "body")))
    else {
        return Err(ReadError("the Word document has no body".into()));
    };
    let mut walker = Walker {
        styles: &styles,
        styled_headings: false,
        paragraphs: Vec::new(),
    };
    walker.walk(root);
    let styled = walker.styled_headings;
    // without heading styles, the sizes of the bold short paragraphs give the levels:
    // largest first (the first of all is the title), unsized bold last
    let mut bold_sizes: Vec<u32> = walker
        .paragraphs
        .iter()
        .filter_map(|item| match item {
            Item::Paragraph {
                text,
                bold: true,
                size,
                level: None,
            } if is_short_heading(text) => Some(size.unwrap_or(0)),
            _ => None,
        })
        .skip(1)
        .collect();
    bold_sizes.sort_unstable_by(|a, b| b.cmp(a));
    bold_sizes.dedup();
    let mut outline = Outline::default();
    let mut title = None;
    for (index, item) in walker.paragraphs.into_iter().enumerate() {
        let number = index + 1;
        match item {
            Item::Table(rows) => document.blocks.push(Block {
                kind: BlockKind::Table,
                text: rows.join("\n"),
                headings: outline.path(),
                line: number,
            }),
            Item::Paragraph {
                text,
                level,
                bold,
                size,
            } => {
                let level = match level {
                    Some(level) => Some(level),
                    // no heading styles anywhere: short all-bold paragraphs are headings
                    None if !styled && bold && is_short_heading(&text) => {
                        let size = size.unwrap_or(0);
                        Some(
                            bold_sizes
                                .iter()
                                .position(|s| *s == size)
                                .map_or(1, |p| p + 1),
                        )
                    }
                    None => None,
                };
                match level {
                    Some(0) => {
                        title.get_or_insert(text);
                    }
                    Some(_)
                        if !styled
                            && title.is_none()
                            && document.blocks.is_empty()
                            && outline.path().is_empty() =>
                    {
                        // the first bold line of an unstyled document is its title
                        title = Some(text);
                    }
                    Some(level) => outline.heading(level, text),
                    None => document.blocks.push(Block {
                        kind: BlockKind::Paragraph,
                        text,
                        headings: outline.path(),
                        line: number,
                    }),
                }
            }
        }
    }
    if let Some(title) = title {
        document
            .metadata
            .entry("title")
            .or_insert(Value::String(title));
    }
    Ok(document)
}

fn is_short_heading(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=16).contains(&words) && !text.trim_end().ends_with(['.', ',', ';'])
}

fn read_styles(styles: &roxmltree::Document) -> HashMap<String, Style> {
    let mut out = HashMap::new();
    for style in styles
        .descendants()
        .filter(|n| n.has_tag_name((W, "style")))
    {
        let Some(id) = style.attribute((W, "styleId")) else {
            continue;
        };
        let child_val = |name: &str| {
            style
                .descendants()
                .find(|n| n.has_tag_name((W, name)))
                .and_then(|n| n.attribute((W, "val")))
                .map(str::to_string)
        };
        out.insert(
            id.to_string(),
            Style {
                name: child_val("name").unwrap_or_else(|| id.to_string()),
                based_on: child_val("basedOn"),
                outline: child_val("outlineLvl").and_then(|v| v.parse().ok()),
                bold: style
                    .descendants()
                    .find(|n| n.has_tag_name((W, "b")))
                    .is_some_and(|b| toggle_on(b)),
            },
        );
    }
    out
}

fn toggle_on(node: Node) -> bool {
    !matches!(node.attribute((W, "val")), Some("0" | "false" | "off"))
}

fn core_properties(core: &roxmltree::Document, document: &mut StructuredDocument) {
    for node in core.descendants().filter(|n| n.is_element()) {
        let text = node.text().map(str::trim).unwrap_or("");
        if text.is_empty() {
            continue;
        }
        if node.tag_name().name() == "title" {
            document
                .metadata
                .insert("title".into(), Value::String(text.to_string()));
        }
    }
}

enum Item {
    Paragraph {
        text: String,
        /// 0 for the title, 1.. for headings.
        level: Option<usize>,
        bold: bool,
        /// The largest run size, in half-points, where the runs state one.
        size: Option<u32>,
    },
    Table(Vec<String>),
}

struct Walker<'a> {
    styles: &'a HashMap<String, Style>,
    styled_headings: bool,
    paragraphs: Vec<Item>,
}

impl Walker<'_> {
    fn walk(&mut self, parent: Node) {
        for node in parent.children().filter(|n| n.is_element()) {
            match (node.tag_name().namespace(), node.tag_name().name()) {
                (Some(W), "p") => self.paragraph(node),
                (Some(W), "tbl") => {
                    let rows = table_rows(node);
                    if !rows.is_empty() {
                        self.paragraphs.push(Item::Table(rows));
                    }
                }
                (Some(W), "sdt") if !is_toc_control(node) => {
                    if let Some(content) =
                        node.children().find(|n| n.has_tag_name((W, "sdtContent")))
                    {
                        self.walk(content);
                    }
                }
                (Some(MC), "AlternateContent") => {
                    if let Some(choice) = node.children().find(|n| n.has_tag_name((MC, "Choice"))) {
                        self.walk(choice);
                    }
                }
                (Some(W), "customXml" | "smartTag" | "ins") => self.walk(node),
                _ => {}
            }
        }
    }

    /// The style chain's heading level: 0 for a title, 1.. for headings; and whether a
    /// style in the chain is a table-of-contents style.
    fn style_level(&self, id: &str) -> (Option<usize>, bool, bool) {
        let mut current = Some(id.to_string());
        let mut bold = false;
        for _ in 0..10 {
            let Some(style) = current.as_deref().and_then(|id| self.styles.get(id)) else {
                break;
            };
            let name = style.name.to_lowercase();
            bold |= style.bold;
            if name.starts_with("toc") || name.starts_with("table of contents") {
                return (None, true, bold);
            }
            if name == "title" {
                return (Some(0), false, bold);
            }
            if let Some(level) = name
                .strip_prefix("heading ")
                .and_then(|n| n.trim().parse::<usize>().ok())
            {
                return (Some(level), false, bold);
            }
            if let Some(outline) = style.outline.filter(|l| *l < 9) {
                return (Some(outline + 1), false, bold);
            }
            current = style.based_on.clone();
        }
        (None, false, bold)
    }

    fn paragraph(&mut self, node: Node) {
        let properties = node.children().find(|n| n.has_tag_name((W, "pPr")));
        let style_id = properties
            .and_then(|p| p.children().find(|n| n.has_tag_name((W, "pStyle"))))
            .and_then(|s| s.attribute((W, "val")));
        let (mut level, toc, style_bold) =
            style_id.map_or((None, false, false), |id| self.style_level(id));
        if toc {
            return;
        }
        if let Some(outline) = properties
            .and_then(|p| p.children().find(|n| n.has_tag_name((W, "outlineLvl"))))
            .and_then(|o| o.attribute((W, "val")))
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|l| *l < 9)
        {
            level = Some(outline + 1);
        }
        let mut text = String::new();
        let mut all_bold = true;
        let mut any_text = false;
        collect_runs(node, style_bold, &mut text, &mut all_bold, &mut any_text);
        let size = node
            .descendants()
            .filter(|n| {
                n.has_tag_name((W, "sz")) && n.parent().is_some_and(|p| p.has_tag_name((W, "rPr")))
            })
            .filter_map(|n| n.attribute((W, "val")).and_then(|v| v.parse::<u32>().ok()))
            .max();
        let text = squash_spaces(&text);
        if text.is_empty() {
            return;
        }
        if level.is_some_and(|l| l > 0) {
            self.styled_headings = true;
        }
        self.paragraphs.push(Item::Paragraph {
            text,
            level,
            bold: any_text && all_bold,
            size,
        });
    }
}

/// The text of a paragraph's runs (hyperlinks included), and whether every run with
/// text is bold.
fn collect_runs(
    node: Node,
    style_bold: bool,
    text: &mut String,
    all_bold: &mut bool,
    any: &mut bool,
) {
    for child in node.children().filter(|n| n.is_element()) {
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(W), "r") => {
                let bold = child
                    .children()
                    .find(|n| n.has_tag_name((W, "rPr")))
                    .and_then(|p| p.children().find(|n| n.has_tag_name((W, "b"))))
                    .map_or(style_bold, toggle_on);
                let mut run_text = String::new();
                for part in child.children().filter(|n| n.is_element()) {
                    match (part.tag_name().namespace(), part.tag_name().name()) {
                        (Some(W), "t") => run_text.push_str(part.text().unwrap_or("")),
                        (Some(W), "tab" | "br" | "cr") => run_text.push(' '),
                        (Some(W), "noBreakHyphen") => run_text.push('-'),
                        (Some(MC), "AlternateContent") => {} // text boxes: their own paragraphs, skipped
                        _ => {}
                    }
                }
                if run_text.chars().any(|c| !c.is_whitespace()) {
                    *any = true;
                    *all_bold &= bold;
                }
                text.push_str(&run_text);
            }
            (Some(W), "hyperlink" | "smartTag" | "customXml" | "ins" | "fldSimple") => {
                collect_runs(child, style_bold, text, all_bold, any)
            }
            (Some(W), "sdt") => {
                if let Some(content) = child.children().find(|n| n.has_tag_name((W, "sdtContent")))
                {
                    collect_runs(content, style_bold, text, all_bold, any);
                }
            }
            _ => {} // w:del (deleted text), w:pPr, bookmarks, ...
        }
    }
}

fn table_rows(table: Node) -> Vec<String> {
    table
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .filter_map(|row| {
            let cells: Vec<String> = row
                .children()
                .filter(|n| n.has_tag_name((W, "tc")))
                .map(|cell| {
                    let mut parts = Vec::new();
                    for paragraph in cell.descendants().filter(|n| n.has_tag_name((W, "p"))) {
                        let mut text = String::new();
                        let (mut bold, mut any) = (true, false);
                        collect_runs(paragraph, false, &mut text, &mut bold, &mut any);
                        let text = squash_spaces(&text);
                        if !text.is_empty() {
                            parts.push(text);
                        }
                    }
                    parts.join(" ")
                })
                .collect();
            cells
                .iter()
                .any(|c| !c.is_empty())
                .then(|| cells.join(" | "))
        })
        .collect()
}

fn is_toc_control(sdt: Node) -> bool {
    sdt.children()
        .find(|n| n.has_tag_name((W, "sdtPr")))
        .and_then(|p| {
            p.descendants()
                .find(|n| n.has_tag_name((W, "docPartGallery")))
        })
        .and_then(|g| g.attribute((W, "val")))
        .is_some_and(|v| v.to_lowercase().contains("table of contents"))
}
