//! Saved web page (HTML) reader, with scraper (html5ever's parser, as browsers parse).
//! Only the main content is read: the first of `<main>`, `[role=main]`, `<article>`,
//! `#content`/`#main-content`, else the whole `<body>`. Inside it, navigation, page
//! headers and footers, asides, forms, scripts and styles are skipped, and so is
//! anything whose class or id names a cookie banner, breadcrumbs, a menu, sharing
//! buttons or a skip link. Headings `<h1>`..`<h6>` are the structure (the first `<h1>`
//! is the title when the page's `<title>` is missing); paragraphs, list items,
//! quotes and preformatted text are blocks; a table is one block of `a | b` rows.

use super::{squash_spaces, Outline, ReadError, StructuredDocument};
use crate::markdown::{Block, BlockKind};
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

const SKIPPED: &[&str] = &[
    "nav", "header", "footer", "aside", "script", "style", "noscript", "form", "template", "svg",
    "button", "iframe", "select", "dialog", "head", "input", "label",
];
const NOISE: &[&str] = &[
    "cookie",
    "consent",
    "breadcrumb",
    "skip-link",
    "skiplink",
    "share",
    "social",
    "menu",
    "navbar",
    "site-header",
    "site-footer",
    "banner",
    "newsletter",
    "visually-hidden",
    "sr-only",
    "related",
];

pub fn read(bytes: &[u8]) -> Result<StructuredDocument, ReadError> {
    let text = String::from_utf8_lossy(bytes);
    let page = Html::parse_document(&text);
    let mut document = StructuredDocument {
        unit: "paragraph",
        ..Default::default()
    };
    let select = |css: &str| Selector::parse(css).ok();
    let first = |css: &str| select(css).and_then(|s| page.select(&s).next());
    if let Some(title) = first("title").map(|t| squash_spaces(&t.text().collect::<String>())) {
        // "Report name - Site name": the part before the site's name
        let title = title
            .split(" | ")
            .next()
            .map(str::trim)
            .unwrap_or("")
            .to_string();
        if !title.is_empty() {
            document
                .metadata
                .insert("title".into(), Value::String(title));
        }
    }
    for css in [
        "meta[property='article:published_time']",
        "meta[name='date']",
        "meta[name='DC.date']",
        "meta[name='dcterms.date']",
        "time[datetime]",
    ] {
        let Some(element) = first(css) else { continue };
        let value = element
            .value()
            .attr("content")
            .or_else(|| element.value().attr("datetime"))
            .unwrap_or("");
        let date: String = value.chars().take(10).collect();
        if crate::metadata::parse_date_span(&date).is_some() {
            document.metadata.insert("date".into(), Value::String(date));
            break;
        }
    }
    let root = [
        "main",
        "[role=main]",
        "article",
        "#content",
        "#main-content",
        ".main-content",
        "body",
    ]
    .iter()
    .find_map(|css| first(css));
    let Some(root) = root else {
        return Ok(document);
    };
    let mut walker = Walker {
        outline: Outline::default(),
        blocks: Vec::new(),
        inline: String::new(),
        number: 0,
        h1: None,
    };
    walker.walk(root, true);
    walker.flush();
    if !document.metadata.contains_key("title") {
        if let Some(h1) = walker.h1.clone() {
            document.metadata.insert("title".into(), Value::String(h1));
        }
    }
    document.blocks = walker.blocks;
    Ok(document)
}

struct Walker {
    outline: Outline,
    blocks: Vec<Block>,
    /// Loose text of the current container, between block elements.
    inline: String,
    number: usize,
    h1: Option<String>,
}

fn is_noise(element: &ElementRef) -> bool {
    let value = element.value();
    if value.attr("hidden").is_some() || value.attr("aria-hidden") == Some("true") {
        return true;
    }
    let role = value.attr("role").unwrap_or("");
    if matches!(
        role,
        "navigation" | "banner" | "contentinfo" | "search" | "complementary"
    ) {
        return true;
    }
    let names = format!(
        "{} {}",
        value.attr("class").unwrap_or(""),
        value.attr("id").unwrap_or("")
    )
    .to_lowercase();
    names
        .split(|c: char| c.is_whitespace())
        .any(|name| NOISE.iter().any(|noise| name.contains(noise)))
}

impl Walker {
    fn push(&mut self, kind: BlockKind, text: String) {
        let text = if kind == BlockKind::Table || kind == BlockKind::Code {
            text
        } else {
            squash_spaces(&text)
        };
        if text.trim().is_empty() {
            return;
        }
        self.number += 1;
        self.blocks.push(Block {
            kind,
            text,
            headings: self.outline.path(),
            line: self.number,
        });
    }

    fn flush(&mut self) {
        let text = std::mem::take(&mut self.inline);
        self.push(BlockKind::Paragraph, text);
    }

    fn walk(&mut self, element: ElementRef, is_root: bool) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.inline.push_str(text),
                Node::Element(_) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    self.element(child, is_root);
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, element: ElementRef, _parent_is_root: bool) {
        let name = element.value().name();
        if is_noise(&element) {
            return;
        }
        // an article's own header holds its title: kept; the site's header is skipped
        let holds_heading = || {
            Selector::parse("h1, h2")
                .is_ok_and(|headings| element.select(&headings).next().is_some())
        };
        if SKIPPED.contains(&name) && !(name == "header" && holds_heading()) {
            return;
        }
        let text = || squash_spaces(&element.text().collect::<Vec<_>>().join(" "));
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = usize::from(name.as_bytes()[1] - b'0');
                let heading = text();
                if heading.is_empty() {
                    return;
                }
                if level == 1 && self.h1.is_none() {
                    self.h1 = Some(heading.clone());
                }
                self.outline.heading(level, heading);
            }
            "p" | "blockquote" | "dd" | "dt" | "figcaption" | "address" => {
                self.flush();
                let kind = if name == "blockquote" {
                    BlockKind::Quote
                } else {
                    BlockKind::Paragraph
                };
                if name == "blockquote"
                    && element
                        .children()
                        .any(|c| c.value().as_element().is_some_and(|e| e.name() == "p"))
                {
                    self.walk(element, false);
                    self.flush();
                } else {
                    let text = text();
                    self.push(kind, text);
                }
            }
            "li" => {
                self.flush();
                let text = text();
                self.push(BlockKind::ListItem, text);
            }
            "pre" => {
                self.flush();
                let text: String = element.text().collect();
                self.push(BlockKind::Code, text.trim().to_string());
            }
            "table" => {
                self.flush();
                let rows = table_rows(element);
                if !rows.is_empty() {
                    self.push(BlockKind::Table, rows.join("\n"));
                }
            }
            "br" => self.inline.push(' '),
            "ul" | "ol" | "div" | "section" | "article" | "main" | "dl" | "figure" | "details"
            | "summary" | "center" | "header" => {
                self.flush();
                self.walk(element, false);
                self.flush();
            }
            _ => self.walk(element, false), // inline: a, span, strong, em, ...
        }
    }
}

fn table_rows(table: ElementRef) -> Vec<String> {
    let Ok(rows) = Selector::parse("tr") else {
        return Vec::new();
    };
    let Ok(cells) = Selector::parse("th, td") else {
        return Vec::new();
    };
    table
        .select(&rows)
        .filter_map(|row| {
            let cells: Vec<String> = row
                .select(&cells)
                .map(|cell| squash_spaces(&cell.text().collect::<Vec<_>>().join(" ")))
                .collect();
            cells
                .iter()
                .any(|c| !c.is_empty())
                .then(|| cells.join(" | "))
        })
        .collect()
}
