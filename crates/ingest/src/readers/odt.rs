//! OpenDocument text (ODT) reader: the zip's `content.xml` walked in order, titles from
//! `meta.xml`. Headings are `text:h` with their outline level (LibreOffice writes every
//! heading style so); a paragraph whose style is, or is based on, a "Heading N" or
//! "Title" style counts too. Lists give one paragraph per item; tables one row per
//! line, cells joined by ` | `; sections are walked into; the table of contents, the
//! index and drawing frames (text boxes) are skipped, as are notes' citations.

use super::docx::{open_zip, parse_xml, zip_text};
use super::{squash_spaces, Outline, ReadError, StructuredDocument};
use crate::markdown::{Block, BlockKind};
use roxmltree::Node;
use serde_json::Value;
use std::collections::HashMap;

const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const STYLE: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";

pub fn read(bytes: &[u8]) -> Result<StructuredDocument, ReadError> {
    let mut archive = open_zip(bytes)?;
    let Some(content_xml) = zip_text(&mut archive, "content.xml")? else {
        return Err(ReadError(
            "not an OpenDocument file: the zip has no content.xml".into(),
        ));
    };
    let styles_xml = zip_text(&mut archive, "styles.xml")?;
    let meta_xml = zip_text(&mut archive, "meta.xml")?;
    let content = parse_xml("content.xml", &content_xml)?;
    let mut document = StructuredDocument {
        unit: "paragraph",
        ..Default::default()
    };
    let mut parents: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
    let styles_doc = match &styles_xml {
        Some(text) => Some(parse_xml("styles.xml", text)?),
        None => None,
    };
    for doc in std::iter::once(&content).chain(styles_doc.as_ref()) {
        for style in doc
            .descendants()
            .filter(|n| n.has_tag_name((STYLE, "style")))
        {
            if let Some(name) = style.attribute((STYLE, "name")) {
                parents.insert(
                    name.to_string(),
                    (
                        style
                            .attribute((STYLE, "parent-style-name"))
                            .map(str::to_string),
                        style.attribute((STYLE, "display-name")).map(str::to_string),
                    ),
                );
            }
        }
    }
    if let Some(meta) = &meta_xml {
        let meta = parse_xml("meta.xml", meta)?;
        if let Some(title) = meta
            .descendants()
            .find(|n| n.tag_name().name() == "title")
            .and_then(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            document
                .metadata
                .insert("title".into(), Value::String(title.to_string()));
        }
    }
    let Some(body) = content
        .descendants()
        .find(|n| n.has_tag_name((OFFICE, "text")))
    else {
        return Err(ReadError(
            "the OpenDocument file has no text body (is it a spreadsheet or a presentation?)"
                .into(),
        ));
    };
    let mut walker = Walker {
        parents: &parents,
        outline: Outline::default(),
        document: &mut document,
        number: 0,
        title: None,
    };
    walker.walk(body);
    if let Some(title) = walker.title.take() {
        document
            .metadata
            .entry("title")
            .or_insert(Value::String(title));
    }
    Ok(document)
}

struct Walker<'a> {
    parents: &'a HashMap<String, (Option<String>, Option<String>)>,
    outline: Outline,
    document: &'a mut StructuredDocument,
    number: usize,
    title: Option<String>,
}

impl Walker<'_> {
    fn walk(&mut self, parent: Node) {
        for node in parent.children().filter(|n| n.is_element()) {
            match (node.tag_name().namespace(), node.tag_name().name()) {
                (Some(TEXT), "h") => {
                    self.number += 1;
                    let level = node
                        .attribute((TEXT, "outline-level"))
                        .and_then(|l| l.parse::<usize>().ok())
                        .unwrap_or(1);
                    let text = squash_spaces(&inline_text(node));
                    if !text.is_empty() {
                        self.outline.heading(level, text);
                    }
                }
                (Some(TEXT), "p") => {
                    self.number += 1;
                    let text = squash_spaces(&inline_text(node));
                    if text.is_empty() {
                        continue;
                    }
                    match node
                        .attribute((TEXT, "style-name"))
                        .and_then(|s| self.style_level(s))
                    {
                        Some(0) => {
                            self.title.get_or_insert(text);
                        }
                        Some(level) => self.outline.heading(level, text),
                        None => self.push(BlockKind::Paragraph, text),
                    }
                }
                (Some(TEXT), "list") => {
                    for item in node
                        .children()
                        .filter(|n| n.has_tag_name((TEXT, "list-item")))
                    {
                        self.number += 1;
                        let text = squash_spaces(&block_text(item));
                        if !text.is_empty() {
                            self.push(BlockKind::ListItem, text);
                        }
                    }
                }
                (Some(TABLE), "table") => {
                    self.number += 1;
                    let rows: Vec<String> = node
                        .descendants()
                        .filter(|n| n.has_tag_name((TABLE, "table-row")))
                        .filter_map(|row| {
                            let cells: Vec<String> = row
                                .children()
                                .filter(|n| n.has_tag_name((TABLE, "table-cell")))
                                .map(|cell| squash_spaces(&block_text(cell)))
                                .collect();
                            cells
                                .iter()
                                .any(|c| !c.is_empty())
                                .then(|| cells.join(" | "))
                        })
                        .collect();
                    if !rows.is_empty() {
                        self.push(BlockKind::Table, rows.join("\n"));
                    }
                }
                (Some(TEXT), "section") => self.walk(node),
                // tables of contents and indexes repeat the headings; skipped
                _ => {}
            }
        }
    }

    fn push(&mut self, kind: BlockKind, text: String) {
        self.document.blocks.push(Block {
            kind,
            text,
            headings: self.outline.path(),
            line: self.number,
        });
    }

    /// 0 for a title style, 1.. for "Heading N" styles, following parent styles.
    fn style_level(&self, name: &str) -> Option<usize> {
        let mut current = Some(name.to_string());
        for _ in 0..10 {
            let name = current?;
            let (parent, display) = self.parents.get(&name).cloned().unwrap_or((None, None));
            for label in [Some(name.clone()), display].into_iter().flatten() {
                let label = label.replace("_20_", " ").to_lowercase();
                if label == "title" {
                    return Some(0);
                }
                if let Some(level) = label
                    .strip_prefix("heading ")
                    .and_then(|l| l.trim().parse::<usize>().ok())
                {
                    return Some(level);
                }
            }
            current = parent;
        }
        None
    }
}

/// The text of paragraphs and lists inside a node (a cell, a list item), space-joined.
fn block_text(node: Node) -> String {
    let mut parts = Vec::new();
    for child in node
        .descendants()
        .filter(|n| n.has_tag_name((TEXT, "p")) || n.has_tag_name((TEXT, "h")))
    {
        parts.push(inline_text(child));
    }
    parts.join(" ")
}

/// A paragraph's text: spans and links walked into, `text:s` as spaces, tabs and line
/// breaks as a space, notes and frames left out.
fn inline_text(node: Node) -> String {
    let mut out = String::new();
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or(""));
            continue;
        }
        match (child.tag_name().namespace(), child.tag_name().name()) {
            (Some(TEXT), "s") => {
                let count = child
                    .attribute((TEXT, "c"))
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(8);
                out.push_str(&" ".repeat(count));
            }
            (Some(TEXT), "tab" | "line-break") => out.push(' '),
            (Some(TEXT), "note" | "bookmark-ref" | "reference-mark") => {}
            (Some(TEXT), _) => out.push_str(&inline_text(child)),
            _ => {} // frames, drawings
        }
    }
    out
}
