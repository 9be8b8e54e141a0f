//! Catalogues: the register of reports an engagement team keeps (`catalogue.csv`), one
//! row per file, stating the metadata of files that carry none. A row names its file by
//! the path relative to the catalogue's folder, or by its name alone when that is
//! unique; the other columns are front-matter keys (Title, Organisation, Date, Places,
//! Themes, Visibility, ...).

use serde_json::{Map, Value};

/// The columns that may name a row's file.
const FILE_COLUMNS: &[&str] = &["file", "filename", "file name", "document", "path"];

/// One row: its line, the file it names and its metadata as front-matter keys.
#[derive(Debug, Clone)]
pub struct CatalogueRow {
    pub line: u64,
    pub file: String,
    pub fields: Map<String, Value>,
}

#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The catalogue's folder, relative to the corpus ("" at the top).
    folder: String,
    /// What a row's number counts: "line" in a CSV, "row" in a spreadsheet.
    pub unit: &'static str,
    pub rows: Vec<CatalogueRow>,
}

impl Catalogue {
    /// Reads a catalogue file: a spreadsheet (XLSX, ODS, XLS: its first sheet) or CSV
    /// text in UTF-8. An error says what is wrong and what to do.
    pub fn read(rel_path: &str, bytes: &[u8]) -> Result<Self, String> {
        if crate::spreadsheet::sniff(bytes).is_some() {
            let rows = crate::spreadsheet::first_sheet_rows(bytes)
                .map_err(|e| format!("catalogue {rel_path} cannot be read: {e}"))?;
            let mut rows = rows.into_iter();
            let Some((_, header)) = rows.next() else {
                return Err(format!("catalogue {rel_path} is empty; its first row must name the columns (File, Title, ...)"));
            };
            let mut catalogue = Self::from_rows(rel_path, header, rows.map(Ok))?;
            catalogue.unit = "row";
            return Ok(catalogue);
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(format!(
                "catalogue {rel_path} is not valid UTF-8; save it as CSV UTF-8 or as XLSX"
            ));
        };
        Self::parse(rel_path, text)
    }

    /// Reads a catalogue's CSV text; an error says what is wrong and what to do.
    pub fn parse(rel_path: &str, text: &str) -> Result<Self, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format!("catalogue {rel_path}: the header row cannot be read ({e})"))?
            .iter()
            .map(str::to_string)
            .collect();
        let rows = reader.into_records().map(|record| match record {
            Ok(record) => Ok((
                record.position().map_or(0, |p| p.line()),
                record.iter().map(str::to_string).collect::<Vec<_>>(),
            )),
            Err(e) => Err(format!(
                "catalogue {rel_path}: a row cannot be read ({e}); fix the row"
            )),
        });
        Self::from_rows(rel_path, header, rows)
    }

    /// A catalogue from its header and its rows (each with its line or row number).
    fn from_rows(
        rel_path: &str,
        header: Vec<String>,
        records: impl Iterator<Item = Result<(u64, Vec<String>), String>>,
    ) -> Result<Self, String> {
        let folder = rel_path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let Some(file_column) = header
            .iter()
            .position(|h| FILE_COLUMNS.contains(&h.as_str()))
        else {
            return Err(format!("catalogue {rel_path} has no `File` column; its header must name the file of each row (File, Filename or Document), then its metadata (Title, Organisation, Date, Places, Themes, Visibility, ...)"));
        };
        let mut rows = Vec::new();
        for record in records {
            let (line, record) = record?;
            let file = record
                .get(file_column)
                .map(String::as_str)
                .unwrap_or("")
                .trim()
                .replace('\\', "/");
            let file = file.trim_start_matches("./").to_string();
            if file.is_empty() {
                continue;
            }
            let fields = header
                .iter()
                .zip(record.iter().map(String::as_str))
                .enumerate()
                .filter(|(i, (_, value))| *i != file_column && !value.trim().is_empty())
                .map(|(_, (key, value))| (key.clone(), Value::String(value.trim().to_string())))
                .collect();
            rows.push(CatalogueRow { line, file, fields });
        }
        Ok(Self {
            folder: folder.to_string(),
            unit: "line",
            rows,
        })
    }

    /// `file` (relative to the corpus) as the catalogue's rows name it: relative to the
    /// catalogue's folder.
    fn relative<'a>(&self, file: &'a str) -> &'a str {
        if self.folder.is_empty() {
            file
        } else {
            file.strip_prefix(self.folder.as_str())
                .and_then(|r| r.strip_prefix('/'))
                .unwrap_or(file)
        }
    }

    /// The row describing `file` (a path relative to the corpus): the row naming its
    /// path, else the one row naming its file name.
    pub fn row_for(&self, file: &str) -> Option<&CatalogueRow> {
        let relative = self.relative(file);
        if let Some(row) = self
            .rows
            .iter()
            .find(|r| r.file.eq_ignore_ascii_case(relative))
        {
            return Some(row);
        }
        let name = relative.rsplit('/').next().unwrap_or(relative);
        let mut by_name = self.rows.iter().filter(|r| {
            r.file
                .rsplit('/')
                .next()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        });
        match (by_name.next(), by_name.next()) {
            (Some(row), None) => Some(row),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_found_by_path_or_unique_name() {
        let catalogue = Catalogue::parse(
            "library/catalogue.csv",
            "\u{feff}File,Title,Places\n2024/a.pdf,A,Leeds\nb.docx,B,\n,,\nsub\\c.pdf,C,Wakefield\n",
        )
        .unwrap();
        assert_eq!(catalogue.rows.len(), 3);
        assert_eq!(
            catalogue.row_for("library/2024/a.pdf").unwrap().fields["title"],
            "A"
        );
        assert_eq!(catalogue.row_for("library/other/b.docx").unwrap().line, 3);
        assert!(!catalogue
            .row_for("library/b.docx")
            .unwrap()
            .fields
            .contains_key("places"));
        assert_eq!(
            catalogue.row_for("library/sub/c.pdf").unwrap().fields["places"],
            "Wakefield"
        );
        assert!(catalogue.row_for("library/d.pdf").is_none());
        assert!(Catalogue::parse("catalogue.csv", "Title\nA\n")
            .unwrap_err()
            .contains("no `File` column"));
    }
}
