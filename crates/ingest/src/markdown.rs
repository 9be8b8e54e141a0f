//! Markdown to readable blocks: walks pulldown-cmark events and yields paragraphs, list
//! items, tables, quotes and code as plain text, each with its heading path and line.
//! Reports group the blocks into sections; workshop notes keep points apart.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What a block was in the Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// A top-level list item, with its nested lists inside its text.
    ListItem,
    Table,
    Quote,
    Code,
}

/// A block of readable text under a heading path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// Headings above the block, outermost first.
    pub headings: Vec<String>,
    /// 1-based line of the block's start in the Markdown given.
    pub line: usize,
}

struct Walker {
    blocks: Vec<Block>,
    headings: Vec<(usize, String)>,
    heading_text: Option<(usize, String)>,
    text: String,
    start: usize,
    list_depth: usize,
    quote_depth: usize,
    in_table: bool,
    row: Vec<String>,
    cell: String,
}

/// Splits Markdown into blocks; `line_offset` is added to line numbers (front matter).
pub fn blocks(markdown: &str, line_offset: usize) -> Vec<Block> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of =
        |offset: usize| line_starts.partition_point(|&start| start <= offset) + line_offset;
    let mut walker = Walker {
        blocks: Vec::new(),
        headings: Vec::new(),
        heading_text: None,
        text: String::new(),
        start: 0,
        list_depth: 0,
        quote_depth: 0,
        in_table: false,
        row: Vec::new(),
        cell: String::new(),
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        walker.event(event, line_of(range.start));
    }
    walker.flush(BlockKind::Paragraph);
    walker.blocks
}

impl Walker {
    fn push_text(&mut self, text: &str) {
        if let Some((_, heading)) = &mut self.heading_text {
            heading.push_str(text);
        } else if self.in_table {
            self.cell.push_str(text);
        } else {
            self.text.push_str(text);
        }
    }

    fn flush(&mut self, kind: BlockKind) {
        let text = tidy(&self.text);
        self.text.clear();
        if text.is_empty() {
            return;
        }
        self.blocks.push(Block {
            kind,
            text,
            headings: self.headings.iter().map(|(_, h)| h.clone()).collect(),
            line: self.start,
        });
    }

    fn begin(&mut self, line: usize) {
        if self.text.trim().is_empty() {
            self.start = line;
        }
    }

    fn event(&mut self, event: Event<'_>, line: usize) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush(BlockKind::Paragraph);
                self.heading_text = Some((level as usize, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = self.heading_text.take() {
                    self.headings.retain(|(l, _)| *l < level);
                    self.headings.push((level, tidy(&text)));
                }
            }
            Event::Start(Tag::Paragraph) => {
                if self.list_depth == 0 && self.quote_depth == 0 {
                    self.flush(BlockKind::Paragraph);
                    self.start = line;
                } else {
                    self.begin(line);
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if self.list_depth == 0 && self.quote_depth == 0 {
                    self.flush(BlockKind::Paragraph);
                } else {
                    self.text.push('\n');
                }
            }
            Event::Start(Tag::List(_)) => {
                if self.list_depth == 0 && self.quote_depth == 0 {
                    self.flush(BlockKind::Paragraph);
                }
                self.list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => self.list_depth = self.list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                if self.list_depth == 1 && self.quote_depth == 0 {
                    self.flush(BlockKind::Paragraph);
                    self.start = line;
                } else {
                    self.text.push('\n');
                    self.text
                        .push_str(&"  ".repeat(self.list_depth.saturating_sub(1)));
                    self.text.push_str("- ");
                }
            }
            Event::End(TagEnd::Item) if self.list_depth == 1 && self.quote_depth == 0 => {
                self.flush(BlockKind::ListItem);
            }
            Event::Start(Tag::BlockQuote(_)) => {
                if self.quote_depth == 0 && self.list_depth == 0 {
                    self.flush(BlockKind::Paragraph);
                    self.start = line;
                }
                self.quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.quote_depth = self.quote_depth.saturating_sub(1);
                if self.quote_depth == 0 && self.list_depth == 0 {
                    self.flush(BlockKind::Quote);
                }
            }
            Event::Start(Tag::CodeBlock(_)) if self.list_depth == 0 && self.quote_depth == 0 => {
                self.flush(BlockKind::Paragraph);
                self.start = line;
            }
            Event::End(TagEnd::CodeBlock) if self.list_depth == 0 && self.quote_depth == 0 => {
                self.flush(BlockKind::Code);
            }
            Event::Start(Tag::Table(_)) => {
                self.flush(BlockKind::Paragraph);
                self.start = line;
                self.in_table = true;
            }
            Event::End(TagEnd::Table) => {
                self.in_table = false;
                self.flush(BlockKind::Table);
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                let row = std::mem::take(&mut self.row);
                self.text.push_str(&row.join(" | "));
                self.text.push('\n');
            }
            Event::End(TagEnd::TableCell) => {
                let cell = tidy(&std::mem::take(&mut self.cell));
                self.row.push(cell);
            }
            Event::Text(text) | Event::Code(text) => self.push_text(&text),
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_text("\n"),
            Event::Html(html) | Event::InlineHtml(html) => {
                // Comments and tags carry no insight; keep any visible text between them.
                let visible = strip_tags(&html);
                self.push_text(&visible);
            }
            Event::FootnoteReference(label) => self.push_text(&format!("[{label}]")),
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => self.flush(BlockKind::Paragraph),
            _ => {}
        }
    }
}

fn strip_tags(html: &str) -> String {
    if html.trim_start().starts_with("<!--") {
        return String::new();
    }
    let mut out = String::new();
    let mut inside = false;
    for character in html.chars() {
        match character {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Trims each line's end, drops blank runs, and trims the whole.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(markdown: &str) -> Vec<(BlockKind, String, String, usize)> {
        blocks(markdown, 0)
            .into_iter()
            .map(|b| (b.kind, b.headings.join(" > "), b.text, b.line))
            .collect()
    }

    #[test]
    fn keeps_headings_lists_tables_and_quotes() {
        let markdown = "Intro line.\n\n# Report\n\n## What people told us\n\nFirst para\nwraps.\n\n- point one\n  - nested\n- point *two*\n\n> \"I waited\n> hours\"\n\n### Getting home\n\n| Area | People |\n|---|---|\n| Armley | 12 |\n\n## Next\n\nText <!-- hidden --> here.\n";
        assert_eq!(
            summary(markdown),
            vec![
                (BlockKind::Paragraph, "".into(), "Intro line.".into(), 1),
                (
                    BlockKind::Paragraph,
                    "Report > What people told us".into(),
                    "First para wraps.".into(),
                    7
                ),
                (
                    BlockKind::ListItem,
                    "Report > What people told us".into(),
                    "point one\n  - nested".into(),
                    10
                ),
                (
                    BlockKind::ListItem,
                    "Report > What people told us".into(),
                    "point two".into(),
                    12
                ),
                (
                    BlockKind::Quote,
                    "Report > What people told us".into(),
                    "\"I waited hours\"".into(),
                    14
                ),
                (
                    BlockKind::Table,
                    "Report > What people told us > Getting home".into(),
                    "Area | People\nArmley | 12".into(),
                    19
                ),
                (
                    BlockKind::Paragraph,
                    "Report > Next".into(),
                    "Text  here.".into(),
                    25
                ),
            ]
        );
    }

    #[test]
    fn empty_and_odd_input_gives_no_blocks() {
        assert!(blocks("", 0).is_empty());
        assert!(blocks("#\n\n---\n", 0).is_empty());
    }
}
