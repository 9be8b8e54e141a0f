//! Finds the sources in a corpus folder: Markdown reports and notes, plain-text notes,
//! and survey exports with their mapping files. Everything else found is listed too, as
//! unsupported, so that every file is accounted for.

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The taxonomy's file name at the top of a corpus folder.
pub const TAXONOMY_FILE: &str = "taxonomy.toml";
/// The learned tagger's model file beside the taxonomy (`insight model train`).
pub const MODEL_FILE: &str = "themes.model";
const MAPPING_SUFFIX: &str = ".mapping.toml";

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
    /// A file that cannot be ingested, and why.
    Unsupported(String),
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
    let csv_files: BTreeSet<PathBuf> = files
        .iter()
        .filter(|p| has_extension(p, "csv"))
        .cloned()
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
        let format = if let Some(stem) = name.strip_suffix(MAPPING_SUFFIX) {
            if csv_files.contains(&path.with_file_name(format!("{stem}.csv"))) {
                continue; // read with its export
            }
            SourceFormat::Unsupported(format!("survey mapping without an export: no {stem}.csv beside it; add the export or remove the mapping"))
        } else if ends_with_any(&name, &[".plan.csv", ".plan.yaml", ".plan.yml"]) {
            SourceFormat::Plan
        } else if ends_with_any(&name, &[".ysd.yaml", ".ysd.yml"]) {
            SourceFormat::YouSaidWeDid
        } else if has_extension(path, "md") || has_extension(path, "markdown") {
            SourceFormat::Markdown
        } else if has_extension(path, "txt") {
            SourceFormat::Text
        } else if has_extension(path, "csv") {
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
        } else {
            let extension = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let hint = match extension.as_str() {
                "pdf" | "docx" | "doc" | "odt" => "PDF and Word files are not read yet: save the report as Markdown with front matter",
                "xlsx" | "xls" | "ods" => "spreadsheets are not read yet: save the sheet as CSV UTF-8 and add a mapping",
                _ => "only .md, .txt, .csv (with a .mapping.toml), .plan.csv, .plan.yaml and .ysd.yaml are ingested",
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

fn ends_with_any(name: &str, suffixes: &[&str]) -> bool {
    let name = name.to_lowercase();
    suffixes.iter().any(|suffix| name.ends_with(suffix))
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}
