//! Finds the sources in a corpus folder: Markdown reports and notes, plain-text notes,
//! and survey exports with their mapping files. Everything else found is listed too, as
//! unsupported, so that every file is accounted for.

use crate::error::{Error, Result};
use crate::readers::DocumentFormat;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The taxonomy's file name at the top of a corpus folder.
pub const TAXONOMY_FILE: &str = "taxonomy.toml";
/// The learned tagger's model file beside the taxonomy (`insight model train`).
pub const MODEL_FILE: &str = "themes.model";
const MAPPING_SUFFIX: &str = ".mapping.toml";
/// A document's sidecar metadata: `NAME.meta.yaml` beside `NAME.pdf` (or `NAME.pdf.meta.yaml`).
const SIDECAR_SUFFIXES: &[&str] = &[".meta.yaml", ".meta.yml"];
/// The register of reports an engagement team keeps: one row per file of its folder and
/// the folders below, the nearest catalogue winning.
pub const CATALOGUE_FILES: &[&str] = &[
    "catalogue.csv",
    "catalogue.xlsx",
    "catalogue.ods",
    "catalog.csv",
    "catalog.xlsx",
];

/// How a source is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceFormat {
    /// Markdown with YAML front matter: a report, or workshop notes by its `kind`.
    Markdown,
    /// Plain-text workshop notes with a "Key: value" header.
    Text,
    /// A forward plan of engagement activities (`*.plan.csv`, `*.plan.yaml`).
    Plan,
    /// "You said, we did" records (`*.ysd.yaml`).
    YouSaidWeDid,
    /// A CSV survey export and the mapping beside it.
    Survey {
        mapping_path: PathBuf,
        mapping_rel_path: String,
    },
    /// A document read by one of the readers (PDF, Word, OpenDocument, web page), with
    /// the file that states its metadata, if any.
    Document {
        format: DocumentFormat,
        metadata: Option<MetadataFile>,
    },
    /// A file that cannot be ingested, and why.
    Unsupported(String),
}

/// Where a document's metadata is written, when the document carries none of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataFile {
    pub path: PathBuf,
    pub rel_path: String,
    /// A catalogue (one row per file, found by the file's path relative to the
    /// catalogue's folder) rather than a sidecar (the whole file is this document's).
    pub catalogue: bool,
}

/// One source found in the corpus folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Relative to the corpus folder, `/`-separated: the source's identity in the index.
    pub rel_path: String,
    pub format: SourceFormat,
}

/// Lists the sources under `root` in a stable order. Hidden files and folders, the
/// taxonomy file and the model file beside it are not sources.
pub fn discover(root: &Path) -> Result<Vec<SourceFile>> {
    let corpus_error = |source: std::io::Error| Error::CorpusFolder {
        path: root.to_path_buf(),
        source,
    };
    if !root.is_dir() {
        return Err(corpus_error(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "not a folder",
        )));
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = entry.map_err(|error| corpus_error(error.into()))?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    let rel = |path: &Path| -> String {
        path.strip_prefix(root)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    // the exports a mapping can describe, by their name without extension
    let export_stems: BTreeSet<PathBuf> = files
        .iter()
        .filter(|p| is_survey_export(p))
        .map(|p| p.with_extension(""))
        .collect();
    let file_set: HashSet<PathBuf> = files.iter().cloned().collect();
    let catalogues: HashMap<PathBuf, PathBuf> = files
        .iter()
        .filter(|f| {
            f.file_name().is_some_and(|n| {
                CATALOGUE_FILES
                    .iter()
                    .any(|c| n.to_string_lossy().eq_ignore_ascii_case(c))
            })
        })
        .filter_map(|f| Some((f.parent()?.to_path_buf(), f.clone())))
        .collect();
    let mut sources = Vec::new();
    for path in &files {
        let rel_path = rel(path);
        if rel_path == TAXONOMY_FILE || rel_path == MODEL_FILE {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let sidecar_of = SIDECAR_SUFFIXES
            .iter()
            .find_map(|suffix| strip_suffix_ignore_case(&name, suffix));
        let format = if let Some(stem) = sidecar_of {
            if document_of_sidecar(&file_set, path, stem) {
                continue; // read with its document
            }
            SourceFormat::Unsupported(format!("metadata sidecar without a document: no {stem}.pdf, .docx, .odt or .html beside it; add the document or remove the sidecar"))
        } else if CATALOGUE_FILES.iter().any(|c| name.eq_ignore_ascii_case(c)) {
            let folder = path.parent().unwrap_or(root);
            let describes_any = files.iter().any(|file| {
                file.starts_with(folder)
                    && file.extension().is_some_and(|e| {
                        DocumentFormat::from_extension(&e.to_string_lossy()).is_some()
                    })
            });
            if describes_any {
                continue; // read with the documents it describes
            }
            SourceFormat::Unsupported("a catalogue with no documents in its folder or below: add the PDF, Word, OpenDocument or HTML files it lists beside it, or remove it".into())
        } else if let Some(stem) = name.strip_suffix(MAPPING_SUFFIX) {
            if export_stems.contains(&path.with_file_name(stem)) {
                continue; // read with its export
            }
            SourceFormat::Unsupported(format!("survey mapping without an export: no {stem}.csv, .xlsx or .ods beside it; add the export or remove the mapping"))
        } else if ends_with_any(&name, &[".plan.csv", ".plan.yaml", ".plan.yml"]) {
            SourceFormat::Plan
        } else if ends_with_any(&name, &[".ysd.yaml", ".ysd.yml"]) {
            SourceFormat::YouSaidWeDid
        } else if has_extension(path, "md") || has_extension(path, "markdown") {
            SourceFormat::Markdown
        } else if has_extension(path, "txt") {
            SourceFormat::Text
        } else if is_survey_export(path) {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let mapping_path = path.with_file_name(format!("{stem}{MAPPING_SUFFIX}"));
            if mapping_path.is_file() {
                SourceFormat::Survey {
                    mapping_rel_path: rel(&mapping_path),
                    mapping_path,
                }
            } else {
                SourceFormat::Unsupported(format!("survey export without a mapping: create {stem}{MAPPING_SUFFIX} beside it (see the README's survey mapping reference)"))
            }
        } else if let Some(format) = path
            .extension()
            .and_then(|e| DocumentFormat::from_extension(&e.to_string_lossy()))
        {
            SourceFormat::Document {
                format,
                metadata: metadata_file(root, &file_set, &catalogues, path, &rel),
            }
        } else {
            let extension = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let hint = match extension.as_str() {
                "doc" => "old Word files (.doc) are not read: save the report as .docx or PDF",
                "ppt" | "pptx" => "presentations are not read: save the slides as PDF",
                _ => "only .md, .txt, .pdf, .docx, .odt, .html, .csv/.xlsx/.ods (with a .mapping.toml), .plan.csv, .plan.yaml and .ysd.yaml are ingested",
            };
            SourceFormat::Unsupported(format!("unsupported file type; {hint}"))
        };
        sources.push(SourceFile {
            path: path.clone(),
            rel_path,
            format,
        });
    }
    Ok(sources)
}

/// The sidecar or, failing that, the nearest catalogue of a document.
fn metadata_file(
    root: &Path,
    files: &HashSet<PathBuf>,
    catalogues: &HashMap<PathBuf, PathBuf>,
    document: &Path,
    rel: &dyn Fn(&Path) -> String,
) -> Option<MetadataFile> {
    let name = document.file_name()?.to_string_lossy().to_string();
    let stem = document.file_stem()?.to_string_lossy().to_string();
    for base in [stem.as_str(), name.as_str()] {
        for suffix in SIDECAR_SUFFIXES {
            let candidate = document.with_file_name(format!("{base}{suffix}"));
            if files.contains(&candidate) {
                return Some(MetadataFile {
                    rel_path: rel(&candidate),
                    path: candidate,
                    catalogue: false,
                });
            }
        }
    }
    for folder in document.ancestors().skip(1) {
        if let Some(found) = catalogues.get(folder) {
            return Some(MetadataFile {
                rel_path: rel(found),
                path: found.clone(),
                catalogue: true,
            });
        }
        if folder == root {
            break;
        }
    }
    None
}

/// The document a sidecar named `stem.meta.yaml` belongs to, if it is there.
fn document_of_sidecar(files: &HashSet<PathBuf>, sidecar: &Path, stem: &str) -> bool {
    let is_document = |name: &str| {
        Path::new(name)
            .extension()
            .is_some_and(|e| DocumentFormat::from_extension(&e.to_string_lossy()).is_some())
    };
    // `report.pdf.meta.yaml`, or `report.meta.yaml` beside `report.<any document extension>`
    if is_document(stem) && files.contains(&sidecar.with_file_name(stem)) {
        return true;
    }
    [
        "pdf", "docx", "docm", "odt", "html", "htm", "xhtml", "PDF", "DOCX", "ODT", "HTML", "HTM",
    ]
    .iter()
    .any(|extension| files.contains(&sidecar.with_file_name(format!("{stem}.{extension}"))))
}

fn strip_suffix_ignore_case<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let split = name.len().checked_sub(suffix.len())?;
    (name.is_char_boundary(split) && name[split..].eq_ignore_ascii_case(suffix))
        .then(|| &name[..split])
}

/// A survey export: CSV, or a spreadsheet calamine reads (Excel and OpenDocument).
fn is_survey_export(path: &Path) -> bool {
    ["csv", "xlsx", "xlsm", "xls", "ods"]
        .iter()
        .any(|extension| has_extension(path, extension))
}

fn ends_with_any(name: &str, suffixes: &[&str]) -> bool {
    let name = name.to_lowercase();
    suffixes.iter().any(|suffix| name.ends_with(suffix))
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}
