//! PDF reader. The text comes from poppler's `pdftotext -bbox-layout` (Debian's
//! `poppler-utils`), run as a separate process with a time limit and a memory cap, so a
//! file that hangs, crashes or balloons the extractor fails alone with a clear reason.
//! Poppler gives words with their boxes, grouped into lines, blocks and flows in reading
//! order (two columns come out column by column); this file makes a document of them:
//!
//! - furniture goes: a line in the top or bottom tenth of a page that recurs (digits
//!   aside) on at least half the pages is a running header or footer; a lone page number
//!   ("7", "Page 7 of 12", "- 7 -") there goes too;
//! - a table of contents goes: lines with dotted leaders and a page number, and a
//!   "Contents" page's numbered entries;
//! - headings come from size: the body size is the most common line height (weighted by
//!   letters); a short line clearly taller than it is a heading, and the distinct heading
//!   sizes, largest first, are levels 1, 2, 3; the largest text of page 1 is the title
//!   when that size is not used as a heading later;
//! - words hyphenated at a line end are joined, and a paragraph broken by a column or page
//!   end (no closing punctuation, the next starting in lower case) is joined again;
//! - a table (blocks that line up in rows of two or more cells) stays one block with
//!   its rows as `a | b | c` lines.
//!
//! PDFs carry no reliable weight information through `pdftotext`, so headings set in
//! bold at body size are read as paragraphs; structure tags are not read either.

use super::{squash_spaces, Outline, ReadError, StructuredDocument};
use crate::markdown::{Block, BlockKind};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Limits of the extractor process.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// The `pdftotext` program; found on `PATH` when not given.
    pub program: Option<PathBuf>,
    /// Wall-clock limit per file.
    pub timeout: Duration,
    /// Address-space cap of the extractor, in MiB.
    pub memory_mib: u64,
}

impl Default for PdfOptions {
    fn default() -> Self {
        Self {
            program: None,
            timeout: Duration::from_secs(60),
            memory_mib: 1024,
        }
    }
}

pub fn read(bytes: &[u8], options: &PdfOptions) -> Result<StructuredDocument, ReadError> {
    let (xml, bold) = extract(bytes, options)?;
    let (mut pages, info) = parse_bbox(&xml)?;
    mark_bold(&mut pages, &bold);
    Ok(build(pages, info))
}

/// Runs `pdftotext -bbox-layout` on the bytes in a temporary folder and returns its
/// XHTML, and the bold runs `pdftohtml -xml` finds (empty when it cannot run: headings
/// then come from size alone).
fn extract(bytes: &[u8], options: &PdfOptions) -> Result<(String, Vec<BoldRun>), ReadError> {
    let failed = |what: String| ReadError(what);
    let folder = tempfile::tempdir().map_err(|e| {
        failed(format!(
            "cannot make a temporary folder for the PDF extractor: {e}"
        ))
    })?;
    let input = folder.path().join("in.pdf");
    let output = folder.path().join("out.html");
    std::fs::write(&input, bytes)
        .map_err(|e| failed(format!("cannot write the PDF to a temporary file: {e}")))?;
    let program = options
        .program
        .clone()
        .unwrap_or_else(|| PathBuf::from("pdftotext"));
    let started = Instant::now();
    let (ok, stderr) = run_capped(
        &program,
        &[
            "-bbox-layout".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            input.as_os_str(),
            output.as_os_str(),
        ],
        folder.path(),
        options,
        options.timeout,
    )?;
    let stderr_lower = stderr.to_lowercase();
    if let Err(code) = ok {
        let reason = if stderr_lower.contains("password") || stderr_lower.contains("encrypt") {
            "the PDF is encrypted (it needs a password to open); save an unprotected copy and add that".to_string()
        } else if code == Some(127) || stderr_lower.contains("not found") {
            "the PDF extractor pdftotext is not installed; install poppler-utils (apt-get install poppler-utils) or set INSIGHT_PDFTOTEXT".to_string()
        } else if code.is_none()
            || stderr_lower.contains("memory")
            || stderr_lower.contains("bad_alloc")
        {
            format!("the PDF extractor stopped (out of its {} MiB memory cap or crashed); the file is skipped; check that it opens, or raise --pdf-memory", options.memory_mib)
        } else {
            let detail = stderr
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("no message");
            format!("the PDF is damaged or not readable ({}); open and re-save it (Print to PDF) and add it again", detail.trim())
        };
        return Err(failed(reason));
    }
    let xml = std::fs::read_to_string(&output)
        .map_err(|e| failed(format!("the PDF extractor wrote no readable text ({e})")))?;
    // the weights: pdftohtml beside pdftotext, within what is left of the time
    let fonts_program = program.with_file_name("pdftohtml");
    let fonts_program = if program.parent().is_some_and(|p| !p.as_os_str().is_empty()) {
        fonts_program
    } else {
        PathBuf::from("pdftohtml")
    };
    let fonts_output = folder.path().join("fonts.xml");
    let remaining = options.timeout.saturating_sub(started.elapsed());
    let bold = match run_capped(
        &fonts_program,
        &[
            "-xml".as_ref(),
            "-zoom".as_ref(),
            "1".as_ref(),
            "-i".as_ref(),
            "-q".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            input.as_os_str(),
            fonts_output.as_os_str(),
        ],
        folder.path(),
        options,
        remaining.max(Duration::from_millis(100)),
    ) {
        Ok((Ok(()), _)) => std::fs::read_to_string(&fonts_output)
            .map(|xml| bold_runs(&xml))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok((xml, bold))
}

/// Runs a poppler program under the memory cap and a time limit; its exit (`Err` with
/// the code, `None` when killed by a signal) and what it wrote to stderr.
fn run_capped(
    program: &std::path::Path,
    args: &[&std::ffi::OsStr],
    folder: &std::path::Path,
    options: &PdfOptions,
    timeout: Duration,
) -> Result<(Result<(), Option<i32>>, String), ReadError> {
    let errors = folder.join("err.txt");
    // the memory cap: the shell's ulimit, then exec, so the child is the program itself
    let mut command = if cfg!(unix) {
        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            .arg("ulimit -v \"$1\" 2>/dev/null; shift; exec \"$@\"")
            .arg("sh")
            .arg((options.memory_mib * 1024).to_string())
            .arg(program);
        command
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(
            std::fs::File::create(&errors)
                .map(Stdio::from)
                .unwrap_or_else(|_| Stdio::null()),
        );
    let mut child = command.spawn().map_err(|e| {
        ReadError(format!(
            "cannot run the PDF extractor `{}` ({e}); install poppler-utils (apt-get install poppler-utils) or set INSIGHT_PDFTOTEXT",
            program.display()
        ))
    })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ReadError(format!(
                    "reading the PDF took longer than {} s and was stopped (a damaged or very large file?); check that it opens, or raise --pdf-timeout",
                    options.timeout.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                return Err(ReadError(format!(
                    "the PDF extractor could not be watched: {e}"
                )))
            }
        }
    };
    let stderr = std::fs::read_to_string(&errors).unwrap_or_default();
    let exit = if status.success() {
        Ok(())
    } else {
        Err(status.code())
    };
    Ok((exit, stderr))
}

/// A run of text set in bold, as pdftohtml places it (points, page from 1).
#[derive(Debug, Clone)]
struct BoldRun {
    page: usize,
    top: f32,
    left: f32,
    right: f32,
}

/// The text elements of `pdftohtml -xml` whose whole text is bold.
fn bold_runs(xml: &str) -> Vec<BoldRun> {
    let body = match xml.find("<pdf2xml") {
        Some(start) => &xml[start..],
        None => return Vec::new(),
    };
    let Ok(document) = roxmltree::Document::parse(body) else {
        return Vec::new();
    };
    let number = |node: roxmltree::Node, name: &str| {
        node.attribute(name)
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or(0.0)
    };
    let mut runs = Vec::new();
    for page in document.descendants().filter(|n| n.has_tag_name("page")) {
        let page_number = page
            .attribute("number")
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        for text in page.children().filter(|n| n.has_tag_name("text")) {
            let all: String = text.descendants().filter_map(|n| n.text()).collect();
            let bold: String = text
                .descendants()
                .filter(|n| n.has_tag_name("b"))
                .flat_map(|b| b.descendants().filter_map(|n| n.text()))
                .collect();
            if !all.trim().is_empty() && bold.trim().len() == all.trim().len() {
                let left = number(text, "left");
                runs.push(BoldRun {
                    page: page_number,
                    top: number(text, "top"),
                    left,
                    right: left + number(text, "width"),
                });
            }
        }
    }
    runs
}

#[derive(Debug, Clone)]
struct Line {
    text: String,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    /// Median word height: the font size, near enough.
    size: f32,
    /// Set wholly in bold (when pdftohtml could tell).
    bold: bool,
}

#[derive(Debug, Clone)]
struct PBlock {
    page: usize,
    lines: Vec<Line>,
}

struct Page {
    height: f32,
    blocks: Vec<PBlock>,
}

/// Pages of blocks, and the document's info (title and the other `<meta>` of poppler).
fn parse_bbox(xml: &str) -> Result<(Vec<Page>, BTreeMap<String, String>), ReadError> {
    // poppler writes an XHTML DOCTYPE with an external DTD; drop it before parsing
    let body = match (xml.find("<!DOCTYPE"), xml.find("<html")) {
        (Some(_), Some(start)) => &xml[start..],
        _ => xml,
    };
    let document = roxmltree::Document::parse(body).map_err(|e| {
        ReadError(format!(
            "the PDF extractor's output could not be read ({e}); the file is skipped"
        ))
    })?;
    let mut info = BTreeMap::new();
    let mut pages = Vec::new();
    let attr = |node: roxmltree::Node, name: &str| -> f32 {
        node.attribute(name)
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or(0.0)
    };
    for node in document.descendants() {
        match node.tag_name().name() {
            "title" => {
                if let Some(text) = node.text() {
                    info.insert("title".to_string(), text.trim().to_string());
                }
            }
            "meta" => {
                if let (Some(name), Some(content)) =
                    (node.attribute("name"), node.attribute("content"))
                {
                    info.insert(name.to_lowercase(), content.trim().to_string());
                }
            }
            "page" => {
                let number = pages.len() + 1;
                let mut blocks = Vec::new();
                for block in node.descendants().filter(|n| {
                    n.has_tag_name(("http://www.w3.org/1999/xhtml", "block"))
                        || n.tag_name().name() == "block"
                }) {
                    let mut lines = Vec::new();
                    for line in block.children().filter(|n| n.tag_name().name() == "line") {
                        let words: Vec<(String, f32)> = line
                            .children()
                            .filter(|n| n.tag_name().name() == "word")
                            .map(|w| {
                                (
                                    w.text().unwrap_or("").to_string(),
                                    attr(w, "yMax") - attr(w, "yMin"),
                                )
                            })
                            .filter(|(t, _)| !t.trim().is_empty())
                            .collect();
                        if words.is_empty() {
                            continue;
                        }
                        let mut sizes: Vec<f32> = words.iter().map(|(_, s)| *s).collect();
                        sizes.sort_by(f32::total_cmp);
                        lines.push(Line {
                            text: words
                                .iter()
                                .map(|(t, _)| t.as_str())
                                .collect::<Vec<_>>()
                                .join(" "),
                            x0: attr(line, "xMin"),
                            y0: attr(line, "yMin"),
                            x1: attr(line, "xMax"),
                            y1: attr(line, "yMax"),
                            size: sizes[sizes.len() / 2],
                            bold: false,
                        });
                    }
                    if !lines.is_empty() {
                        blocks.push(PBlock {
                            page: number,
                            lines,
                        });
                    }
                }
                pages.push(Page {
                    height: attr(node, "height"),
                    blocks,
                });
            }
            _ => {}
        }
    }
    Ok((pages, info))
}

/// Marks the lines that a bold run of pdftohtml covers (same page, same top within
/// 4 points, overlapping across).
fn mark_bold(pages: &mut [Page], bold: &[BoldRun]) {
    for (index, page) in pages.iter_mut().enumerate() {
        let runs: Vec<&BoldRun> = bold.iter().filter(|r| r.page == index + 1).collect();
        if runs.is_empty() {
            continue;
        }
        for line in page.blocks.iter_mut().flat_map(|b| b.lines.iter_mut()) {
            line.bold = runs.iter().any(|r| {
                (r.top - line.y0).abs() <= 4.0
                    && r.left < line.x1
                    && r.right > line.x0
                    && (r.right - r.left) >= (line.x1 - line.x0) * 0.9
            });
        }
    }
}

/// Digits to `#`, lower case, single spaces: how furniture is recognised across pages.
fn furniture_key(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    let mut key = squash_spaces(&text);
    while key.contains("##") {
        key = key.replace("##", "#");
    }
    key
}

fn is_page_number(text: &str) -> bool {
    let key = furniture_key(text);
    let key = key.trim_matches(|c: char| c == '-' || c == '–' || c == ' ' || c == '|');
    matches!(
        key,
        "#" | "page #" | "page # of #" | "# of #" | "#/#" | "p. #" | "p #"
    )
}

fn has_leader(text: &str) -> bool {
    let trimmed = text.trim_end();
    let ends_number = trimmed.ends_with(|c: char| c.is_ascii_digit());
    let dots = trimmed.matches("...").count()
        + trimmed.matches(". . .").count()
        + trimmed.matches('…').count();
    ends_number && dots >= 1
}

fn is_contents_title(text: &str) -> bool {
    matches!(
        squash_spaces(text).to_lowercase().as_str(),
        "contents" | "table of contents" | "content"
    )
}

fn ends_with_page_number(text: &str) -> bool {
    let last = text.split_whitespace().last().unwrap_or("");
    !last.is_empty() && last.len() <= 3 && last.chars().all(|c| c.is_ascii_digit())
}

fn build(mut pages: Vec<Page>, info: BTreeMap<String, String>) -> StructuredDocument {
    let mut document = StructuredDocument {
        unit: "page",
        ..Default::default()
    };
    let page_count = pages.len();

    // running headers and footers: recurring lines near the top or bottom of a page
    let in_margin = |line: &Line, height: f32| {
        height > 0.0 && (line.y1 < height * 0.1 || line.y0 > height * 0.9)
    };
    let mut pages_with: HashMap<String, HashSet<usize>> = HashMap::new();
    for (index, page) in pages.iter().enumerate() {
        for block in &page.blocks {
            for line in &block.lines {
                if in_margin(line, page.height) {
                    pages_with
                        .entry(furniture_key(&line.text))
                        .or_default()
                        .insert(index);
                }
            }
        }
    }
    let recurring = |key: &str| {
        page_count >= 2
            && pages_with
                .get(key)
                .is_some_and(|p| p.len() >= 2 && p.len() * 2 >= page_count)
    };
    let mut furniture_removed = 0;
    let mut contents_removed = 0;
    for page in &mut pages {
        let height = page.height;
        let contents_page = page
            .blocks
            .iter()
            .flat_map(|b| &b.lines)
            .any(|l| is_contents_title(&l.text));
        for block in &mut page.blocks {
            block.lines.retain(|line| {
                let furniture = in_margin(line, height)
                    && (is_page_number(&line.text) || recurring(&furniture_key(&line.text)));
                let contents = has_leader(&line.text)
                    || (contents_page
                        && (is_contents_title(&line.text) || ends_with_page_number(&line.text)));
                furniture_removed += usize::from(furniture);
                contents_removed += usize::from(contents && !furniture);
                !(furniture || contents)
            });
        }
        page.blocks.retain(|b| !b.lines.is_empty());
    }

    // the body size: the line height that carries most letters
    let mut letters_by_size: BTreeMap<i32, usize> = BTreeMap::new();
    for line in pages.iter().flat_map(|p| &p.blocks).flat_map(|b| &b.lines) {
        *letters_by_size
            .entry((line.size * 2.0).round() as i32)
            .or_default() += line.text.chars().filter(|c| c.is_alphabetic()).count();
    }
    let body = letters_by_size
        .iter()
        .max_by_key(|(size, letters)| (**letters, -**size))
        .map(|(size, _)| *size as f32 / 2.0)
        .unwrap_or(10.0);
    // a cover page (few words, with the title) holds the title, the organisation and
    // the date in large type: none of it starts a section
    let cover_words: usize = pages
        .first()
        .map(|p| {
            p.blocks
                .iter()
                .flat_map(|b| &b.lines)
                .map(|l| l.text.split_whitespace().count())
                .sum()
        })
        .unwrap_or(0);
    let has_cover = pages.len() > 1 && cover_words < 100;
    let is_heading_line = |line: &Line| {
        line.size >= body * 1.1 - 0.05
            && line.text.split_whitespace().count() <= 16
            && line.text.chars().any(char::is_alphabetic)
    };

    // heading sizes, largest first; the largest on page 1 alone is the title
    let size_key = |line: &Line| line.size.round() as i32;
    let mut heading_sizes: BTreeMap<i32, HashSet<usize>> = BTreeMap::new();
    let mut lines_of_size: HashMap<i32, usize> = HashMap::new();
    for page in &pages {
        for line in page.blocks.iter().flat_map(|b| &b.lines) {
            *lines_of_size.entry(size_key(line)).or_default() += 1;
            if is_heading_line(line) {
                heading_sizes
                    .entry(size_key(line))
                    .or_default()
                    .insert(page.blocks[0].page);
            }
        }
    }
    if has_cover {
        // the cover's large type counts only as the title's
        let cover_sizes: Vec<i32> = heading_sizes
            .iter()
            .filter(|(_, pages)| pages.len() == 1 && pages.contains(&1))
            .map(|(size, _)| *size)
            .collect();
        let largest = heading_sizes.keys().next_back().copied();
        for size in cover_sizes {
            if Some(size) != largest {
                heading_sizes.remove(&size);
            }
        }
    }
    let title_size = heading_sizes
        .iter()
        .next_back()
        .filter(|(_, pages)| pages.len() == 1 && pages.contains(&1))
        .map(|(size, _)| *size);
    let mut levels: Vec<i32> = heading_sizes
        .keys()
        .copied()
        .filter(|s| Some(*s) != title_size)
        .collect();
    levels.sort_by(|a, b| b.cmp(a));
    let level_of = |size: i32| {
        levels
            .iter()
            .position(|s| *s == size)
            .map_or(3, |p| (p + 1).min(3))
    };
    // a heading set in bold at about the body size stands alone as a short block, below
    // the headings set larger
    let bold_level = (levels.len() + 1).min(4);
    let is_bold_heading = |block: &PBlock| {
        let words: usize = block
            .lines
            .iter()
            .map(|l| l.text.split_whitespace().count())
            .sum();
        block.lines.len() <= 3
            && (1..=20).contains(&words)
            && block.lines.iter().all(|l| l.bold && l.size >= body * 0.95)
            && block
                .lines
                .iter()
                .any(|l| l.text.chars().any(char::is_alphabetic))
            && !block
                .lines
                .last()
                .is_some_and(|l| l.text.trim_end().ends_with(['.', ',', ';', ':']))
    };

    let mut outline = Outline::default();
    let mut title_parts: Vec<String> = Vec::new();
    let mut first_page_text = String::new();
    for page in &pages {
        let mut blocks = reading_order(page.blocks.clone());
        for block in &blocks {
            if block.page == 1 {
                for line in &block.lines {
                    first_page_text.push_str(&line.text);
                    first_page_text.push('\n');
                }
            }
        }
        // a table: consecutive blocks of short lines that line up in rows
        let mut index = 0;
        while index < blocks.len() {
            if let Some((rows, used)) = table_at(&blocks[index..], &is_heading_line) {
                push_block(
                    &mut document.blocks,
                    BlockKind::Table,
                    rows.join("\n"),
                    outline.path(),
                    page_number(&blocks[index]),
                );
                index += used;
                continue;
            }
            let block = &mut blocks[index];
            index += 1;
            if is_bold_heading(block)
                && !block.lines.iter().any(&is_heading_line)
                && !(has_cover && block.page == 1)
            {
                let text = squash_spaces(
                    &block
                        .lines
                        .iter()
                        .map(|l| l.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                outline.heading(bold_level, text);
                continue;
            }
            let mut paragraph: Vec<&Line> = Vec::new();
            let mut lines = block.lines.iter().peekable();
            while let Some(line) = lines.next() {
                let on_cover = has_cover && block.page == 1 && Some(size_key(line)) != title_size;
                // a bold line opening a block of body text is that section's heading
                let bold_opening = paragraph.is_empty()
                    && line.bold
                    && !on_cover
                    && !is_heading_line(line)
                    && line.size >= body * 0.95
                    && line.text.split_whitespace().count() <= 16
                    && !line.text.trim_end().ends_with(['.', ',', ';', ':'])
                    && lines.peek().is_some_and(|next| !next.bold);
                if bold_opening {
                    outline.heading(bold_level, squash_spaces(&line.text));
                    continue;
                }
                if is_heading_line(line) && !on_cover {
                    flush(&mut document.blocks, &mut paragraph, &outline, block.page);
                    // a heading set over several lines of one size is one heading
                    let mut text = line.text.clone();
                    while let Some(next) = lines.peek() {
                        if is_heading_line(next)
                            && size_key(next) == size_key(line)
                            && (next.y0 - line.y1) < line.size
                        {
                            text.push(' ');
                            text.push_str(&next.text);
                            lines.next();
                        } else {
                            break;
                        }
                    }
                    let text = squash_spaces(&text);
                    // a subtitle: the one line of its size, right under the title
                    // before any text, continues the title
                    let subtitle = !title_parts.is_empty()
                        && document.blocks.is_empty()
                        && outline.path().is_empty()
                        && lines_of_size.get(&size_key(line)) == Some(&1);
                    if Some(size_key(line)) == title_size {
                        title_parts.push(text);
                    } else if subtitle {
                        let last = title_parts.pop().unwrap_or_default();
                        title_parts.push(format!("{}: {text}", last.trim_end_matches(':')));
                    } else {
                        outline.heading(level_of(size_key(line)), text);
                    }
                } else {
                    paragraph.push(line);
                }
            }
            flush(&mut document.blocks, &mut paragraph, &outline, block.page);
        }
    }
    document.blocks = join_broken_paragraphs(std::mem::take(&mut document.blocks));

    let stated_title = info
        .get("title")
        .filter(|t| !t.is_empty() && !looks_like_file_name(t))
        .cloned();
    // the title as printed beats the file's Title property, which is often a template's
    let printed_title = (!title_parts.is_empty()).then(|| title_parts.join(" "));
    if let Some(title) = printed_title.or(stated_title) {
        document
            .metadata
            .insert("title".into(), Value::String(title));
    }
    if let Some(date) = cover_date(&first_page_text) {
        document.metadata.insert("date".into(), Value::String(date));
    }
    if furniture_removed > 0 {
        tracing::debug!(furniture_removed, contents_removed, "PDF furniture dropped");
    }
    if document.blocks.is_empty() {
        document.warnings.push(if pages.is_empty() {
            "the PDF has no pages".into()
        } else {
            "the PDF has no text layer (a scanned document?); run it through OCR (for example ocrmypdf) and add the result".into()
        });
    }
    document
}

/// A block's box: left, top, right, bottom.
fn bounds(block: &PBlock) -> (f32, f32, f32, f32) {
    block.lines.iter().fold(
        (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
        |(x0, y0, x1, y1), l| (x0.min(l.x0), y0.min(l.y0), x1.max(l.x1), y1.max(l.y1)),
    )
}

/// Orders a page's blocks for reading by recursive XY-cut: where a vertical gap runs
/// through every block of a region, the region is columns, read left then right; else
/// it is cut across at one horizontal gap (one next to a block wider than most of the
/// region, else the widest gap) and each part is read in turn. Poppler's own order
/// interleaves columns on some layouts; this does not.
fn reading_order(blocks: Vec<PBlock>) -> Vec<PBlock> {
    let mut out = Vec::with_capacity(blocks.len());
    xy_cut(blocks, &mut out, 0);
    out
}

fn xy_cut(mut blocks: Vec<PBlock>, out: &mut Vec<PBlock>, depth: usize) {
    if blocks.len() <= 1 || depth > 64 {
        blocks.sort_by(|a, b| bounds(a).1.total_cmp(&bounds(b).1));
        out.extend(blocks);
        return;
    }
    let boxes: Vec<(f32, f32, f32, f32)> = blocks.iter().map(bounds).collect();
    // a vertical gap: sweep the blocks' x-extents left to right
    let mut by_x: Vec<usize> = (0..blocks.len()).collect();
    by_x.sort_by(|a, b| boxes[*a].0.total_cmp(&boxes[*b].0));
    let mut reach = boxes[by_x[0]].2;
    let mut best_x: Option<(f32, f32)> = None; // (gap width, cut position)
    for &index in &by_x[1..] {
        let (x0, _, x1, _) = boxes[index];
        if x0 - reach >= 4.0 && best_x.is_none_or(|(width, _)| x0 - reach > width) {
            best_x = Some((x0 - reach, (x0 + reach) / 2.0));
        }
        reach = reach.max(x1);
    }
    if let Some((_, cut)) = best_x {
        let (left, right): (Vec<PBlock>, Vec<PBlock>) =
            blocks.into_iter().partition(|b| bounds(b).2 <= cut);
        xy_cut(left, out, depth + 1);
        xy_cut(right, out, depth + 1);
        return;
    }
    // a horizontal gap
    let width = boxes.iter().map(|b| b.2).fold(f32::MIN, f32::max)
        - boxes.iter().map(|b| b.0).fold(f32::MAX, f32::min);
    let mut by_y: Vec<usize> = (0..blocks.len()).collect();
    by_y.sort_by(|a, b| boxes[*a].1.total_cmp(&boxes[*b].1));
    let mut reach = boxes[by_y[0]].3;
    let mut above_widest = boxes[by_y[0]].2 - boxes[by_y[0]].0;
    let mut best_y: Option<(bool, f32, f32)> = None; // (next to a wide block, gap, cut)
    for &index in &by_y[1..] {
        let (x0, y0, x1, y1) = boxes[index];
        if y0 - reach >= 0.5 {
            let wide = above_widest >= width * 0.7 || (x1 - x0) >= width * 0.7;
            let candidate = (wide, y0 - reach, (y0 + reach) / 2.0);
            if best_y.is_none_or(|(w, gap, _)| (wide, y0 - reach) > (w, gap)) {
                best_y = Some(candidate);
            }
            above_widest = 0.0;
        }
        above_widest = above_widest.max(x1 - x0);
        reach = reach.max(y1);
    }
    match best_y {
        Some((_, _, cut)) => {
            let (top, bottom): (Vec<PBlock>, Vec<PBlock>) =
                blocks.into_iter().partition(|b| bounds(b).3 <= cut);
            xy_cut(top, out, depth + 1);
            xy_cut(bottom, out, depth + 1);
        }
        None => {
            blocks.sort_by(|a, b| {
                let (a, b) = (bounds(a), bounds(b));
                a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0))
            });
            out.extend(blocks);
        }
    }
}

fn page_number(block: &PBlock) -> usize {
    block.page
}

fn push_block(
    blocks: &mut Vec<Block>,
    kind: BlockKind,
    text: String,
    headings: Vec<String>,
    page: usize,
) {
    if text.trim().is_empty() {
        return;
    }
    blocks.push(Block {
        kind,
        text,
        headings,
        line: page,
    });
}

/// Joins the lines of a paragraph, mending words hyphenated at a line end.
fn flush(blocks: &mut Vec<Block>, lines: &mut Vec<&Line>, outline: &Outline, page: usize) {
    if lines.is_empty() {
        return;
    }
    let text = join_lines(lines.iter().map(|l| l.text.as_str()));
    lines.clear();
    push_block(blocks, BlockKind::Paragraph, text, outline.path(), page);
}

fn join_lines<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut text = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let hyphenated = text.ends_with('-')
            && text[..text.len() - 1].ends_with(char::is_alphabetic)
            && line.starts_with(|c: char| c.is_lowercase());
        if hyphenated {
            text.pop();
        } else if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(line);
    }
    text
}

/// A paragraph cut by a column or page end continues in the next block of the same
/// section when it has no closing punctuation and the next starts in lower case.
fn join_broken_paragraphs(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for block in blocks {
        if let Some(last) = out.last_mut() {
            let open = !last
                .text
                .trim_end()
                .ends_with(['.', '!', '?', ':', ';', '"', '”', ')', '’']);
            if last.kind == BlockKind::Paragraph
                && block.kind == BlockKind::Paragraph
                && last.headings == block.headings
                && open
                && block.text.starts_with(|c: char| c.is_lowercase())
            {
                let joined = join_lines([last.text.as_str(), block.text.as_str()].into_iter());
                last.text = joined;
                continue;
            }
        }
        out.push(block);
    }
    out
}

/// Rows of a table starting at the first block, and how many blocks it used: at least
/// four blocks of short lines (cells) that fall into at least two rows of two or more
/// cells each, the rows agreeing on their number of cells.
fn table_at(blocks: &[PBlock], is_heading: &dyn Fn(&Line) -> bool) -> Option<(Vec<String>, usize)> {
    let is_cell = |b: &PBlock| {
        b.lines.len() <= 4
            && b.lines
                .iter()
                .all(|l| !is_heading(l) && l.text.split_whitespace().count() <= 14)
    };
    let page = blocks.first()?.page;
    let run = blocks
        .iter()
        .take_while(|b| b.page == page && is_cell(b))
        .count();
    if run < 4 {
        return None;
    }
    // cells: (top, bottom, left, text)
    let cells: Vec<(f32, f32, f32, String)> = blocks[..run]
        .iter()
        .map(|b| {
            let top = b.lines.iter().map(|l| l.y0).fold(f32::MAX, f32::min);
            let bottom = b.lines.iter().map(|l| l.y1).fold(f32::MIN, f32::max);
            let left = b.lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
            let _right = b.lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
            (
                top,
                bottom,
                left,
                join_lines(b.lines.iter().map(|l| l.text.as_str())),
            )
        })
        .collect();
    // rows: cells whose first lines overlap vertically
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|a, b| cells[*a].0.total_cmp(&cells[*b].0));
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for index in order {
        let (top, _, _, _) = cells[index];
        match rows.last_mut() {
            Some(row) if (cells[row[0]].0 - top).abs() < 3.0 => row.push(index),
            _ => rows.push(vec![index]),
        }
    }
    if rows.first().is_none_or(|row| row.len() < 2) {
        return None; // a lone line above is a heading or a caption, not a row
    }
    let wide: Vec<&Vec<usize>> = rows.iter().filter(|r| r.len() >= 2).collect();
    if wide.len() < 2 || wide.len() * 3 < rows.len() * 2 {
        return None;
    }
    let columns = wide[0].len();
    if wide.iter().any(|r| r.len().abs_diff(columns) > 1) {
        return None;
    }
    // columns: the left edges of the widest row; each cell goes to the last column that
    // starts at or before it (right-aligned numbers start late in theirs), so an empty
    // cell stays an empty column
    let widest = rows.iter().max_by_key(|r| r.len()).expect("rows");
    let mut lefts: Vec<f32> = widest.iter().map(|i| cells[*i].2).collect();
    lefts.sort_by(f32::total_cmp);
    let column_of = |left: f32| lefts.iter().rposition(|l| *l <= left + 2.0).unwrap_or(0);
    let mut grid: Vec<Vec<String>> = Vec::new();
    for row in &rows {
        let mut line = vec![String::new(); lefts.len()];
        for index in row {
            let column = column_of(cells[*index].2);
            if !line[column].is_empty() {
                line[column].push(' ');
            }
            line[column].push_str(&cells[*index].3);
        }
        // a lone cell under a full row is the wrapped end of a cell above it
        let filled = line.iter().filter(|c| !c.is_empty()).count();
        if filled == 1 && lefts.len() > 1 {
            if let Some(previous) = grid.last_mut() {
                for (cell, more) in previous.iter_mut().zip(&line) {
                    if !more.is_empty() {
                        *cell = join_lines([cell.as_str(), more.as_str()].into_iter());
                    }
                }
                continue;
            }
        }
        grid.push(line);
    }
    let lines = grid.iter().map(|row| row.join(" | ")).collect();
    Some((lines, run))
}

fn looks_like_file_name(title: &str) -> bool {
    let lower = title.to_lowercase();
    lower.starts_with("microsoft word - ")
        || [".doc", ".docx", ".pdf", ".odt", ".indd"]
            .iter()
            .any(|e| lower.ends_with(e))
        || matches!(
            lower.as_str(),
            "untitled" | "(anonymous)" | "anonymous" | "title" | "document"
        )
}

/// A date written on the cover ("March 2025", "12 March 2025", "2025-03-12").
fn cover_date(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect();
    for (index, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        if let Some(month) = MONTHS.iter().position(|m| *m == lower) {
            let Some(year) = words.get(index + 1).filter(|y| {
                y.len() == 4 && y.parse::<u32>().is_ok_and(|y| (1990..2100).contains(&y))
            }) else {
                continue;
            };
            let day = index
                .checked_sub(1)
                .and_then(|i| words.get(i))
                .map(|d| d.trim_end_matches(|c: char| c.is_alphabetic()))
                .and_then(|d| d.parse::<u32>().ok())
                .filter(|d| (1..=31).contains(d));
            return Some(match day {
                Some(day) => format!("{year}-{:02}-{day:02}", month + 1),
                None => format!("{year}-{:02}", month + 1),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_and_leaders() {
        assert!(is_page_number("Page 3 of 12"));
        assert!(is_page_number("- 4 -"));
        assert!(is_page_number("17"));
        assert!(!is_page_number("17 people told us"));
        assert!(has_leader("Introduction ........ 3"));
        assert!(has_leader("What we heard . . . . . 12"));
        assert!(!has_leader("We spoke to 42 people."));
        assert_eq!(
            furniture_key("Healthwatch Leeds | Page 12"),
            "healthwatch leeds | page #"
        );
    }

    #[test]
    fn hyphenation_joins_only_broken_words() {
        assert_eq!(
            join_lines(["the commu-", "nity centre"].into_iter()),
            "the community centre"
        );
        assert_eq!(
            join_lines(["a well-", "Known place"].into_iter()),
            "a well- Known place"
        );
        assert_eq!(
            join_lines(["ends here", "and goes on"].into_iter()),
            "ends here and goes on"
        );
    }

    #[test]
    fn cover_dates() {
        assert_eq!(
            cover_date("Healthwatch Leeds\nMarch 2025\n").as_deref(),
            Some("2025-03")
        );
        assert_eq!(
            cover_date("Published 12th May 2024").as_deref(),
            Some("2024-05-12")
        );
        assert_eq!(cover_date("may we ask 2 questions"), None);
    }
}
