//! Document readers: each format is one reader that turns a file's bytes into a
//! [`StructuredDocument`] (what the file says about itself, and its blocks of text under
//! their heading paths, tables kept whole). Everything after a reader is shared
//! (`documents::finish_structured`): metadata from a sidecar or a catalogue row, sections
//! to passages, language, tagging. Adding a format is one new file here and one line in
//! [`DocumentFormat`].
//!
//! Readers never panic on bad input and never guess silently: a file that cannot be
//! read yields a [`ReadError`] that says why and what to do, and the rest of the ingest
//! goes on.

mod docx;
mod html;
mod odt;
mod pdf;

use crate::markdown::Block;
use serde_json::{Map, Value};

pub use pdf::PdfOptions;

/// A binary or web document format, recognised by its extension and checked by its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentFormat {
    Pdf,
    Docx,
    Odt,
    Html,
}

impl DocumentFormat {
    /// The format a file name's extension claims, if any.
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "pdf" => Some(Self::Pdf),
            "docx" | "docm" => Some(Self::Docx),
            "odt" => Some(Self::Odt),
            "html" | "htm" | "xhtml" => Some(Self::Html),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Docx => "Word (DOCX)",
            Self::Odt => "OpenDocument text (ODT)",
            Self::Html => "web page (HTML)",
        }
    }
}

/// What a reader found in a document.
#[derive(Debug, Default)]
pub struct StructuredDocument {
    /// What the document says about itself (title, author, date on its cover or in its
    /// properties), as front-matter keys; every value here is inferred, and a sidecar or
    /// catalogue row overrides it.
    pub metadata: Map<String, Value>,
    /// Blocks of text in reading order, each under its heading path; `Block::line` counts
    /// in `unit`.
    pub blocks: Vec<Block>,
    /// What a block's position counts: "page", "paragraph" or "line".
    pub unit: &'static str,
    /// Things the reader could not keep or was unsure of, for the ingest's warnings.
    pub warnings: Vec<String>,
}

/// Why a document could not be read: the reason, with what to do, for the skip report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How sources are read: the PDF extractor's limits, and the redactor's international
/// first-name list (`dictionaries/names/first-names.txt`; without it, the built-in list).
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub pdf: PdfOptions,
    pub first_names: Option<std::path::PathBuf>,
}

/// Reads a document of `format` from its bytes, after checking the bytes are that format.
pub fn read(
    format: DocumentFormat,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<StructuredDocument, ReadError> {
    if let Some(actual) = sniff_mismatch(format, bytes) {
        return Err(ReadError(format!(
            "not a {}: the file's content is {actual}; save it again in the format its name says, or rename it",
            format.name()
        )));
    }
    match format {
        DocumentFormat::Pdf => pdf::read(bytes, &options.pdf),
        DocumentFormat::Docx => docx::read(bytes),
        DocumentFormat::Odt => odt::read(bytes),
        DocumentFormat::Html => html::read(bytes),
    }
}

/// What the bytes are when they are not `format` (type sniffing: the extension is not
/// trusted), or `None` when they are.
fn sniff_mismatch(format: DocumentFormat, bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(1024)];
    let is_pdf = head.windows(5).any(|w| w == b"%PDF-");
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let is_html = text.contains("<html") || text.contains("<!doctype html");
    let describe = || {
        if bytes.is_empty() {
            "empty"
        } else if is_pdf {
            "a PDF"
        } else if is_zip {
            "a zip archive (an Office or OpenDocument file?)"
        } else if is_ole {
            "an old binary Office file (.doc or .xls): save it as .docx or .xlsx"
        } else if is_html {
            "a web page (HTML)"
        } else if std::str::from_utf8(head).is_ok() {
            "plain text"
        } else {
            "not a format this reads"
        }
    };
    let matches = match format {
        DocumentFormat::Pdf => is_pdf,
        DocumentFormat::Docx | DocumentFormat::Odt => is_zip,
        DocumentFormat::Html => !is_pdf && !is_zip && !is_ole && !bytes.is_empty(),
    };
    (!matches).then(describe)
}

/// Collapses runs of white space to one space and trims.
pub(crate) fn squash_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Heading stack bookkeeping shared by the readers: a heading of `level` (1 = top)
/// replaces everything at its level and below.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    stack: Vec<(usize, String)>,
}

impl Outline {
    pub fn heading(&mut self, level: usize, text: String) {
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            self.stack.pop();
        }
        self.stack.push((level, text));
    }

    pub fn path(&self) -> Vec<String> {
        self.stack.iter().map(|(_, t)| t.clone()).collect()
    }
}
