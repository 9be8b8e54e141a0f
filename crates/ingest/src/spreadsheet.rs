//! Survey exports saved as spreadsheets (XLSX, XLSM, XLSB, ODS, XLS), read with calamine
//! into the same rows the CSV reader gives, so one mapping describes either.
//!
//! The workbook is opened from memory, chosen by the bytes it starts with, never by its
//! name. One worksheet is read (`[options] sheet`, else the first with data); its header
//! is found by the mapped column names below any title rows (or given as `header_row`),
//! and may take two rows, group headers over sub-headers (`header_rows = 2`). Cells
//! become text as the spreadsheet shows them: numbers without a spurious `.0`, dates as
//! ISO `yyyy-mm-dd` (with `Thh:mm:ss` when they have a time), booleans `TRUE`/`FALSE`,
//! error cells (`#N/A`) as empty with a warning per column.

use crate::survey::MappingOptions;
use calamine::{Data, Dimensions, ExcelDateTime, Ods, Reader, SheetType, SheetVisible, Sheets};
use calamine::{Xls, Xlsb, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;

/// What a spreadsheet's bytes are packed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    /// A zip archive: XLSX, XLSM, XLSB or ODS.
    Zip,
    /// An OLE compound file: XLS (or a password-protected XLSX).
    Ole,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];
/// How many rows with data the header is looked for in.
const HEADER_SEARCH_ROWS: usize = 30;
/// How many rows an error listing the first rows shows, and how many cells of each.
const ROWS_SHOWN: usize = 5;
const CELLS_SHOWN: usize = 8;

/// The container the bytes start with, if they are a spreadsheet's.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Container> {
    if bytes.starts_with(ZIP_MAGIC) {
        Some(Container::Zip)
    } else if bytes.starts_with(OLE_MAGIC) {
        Some(Container::Ole)
    } else {
        None
    }
}

/// True when the file's name says spreadsheet (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`).
pub(crate) fn named_like_one(file: &str) -> bool {
    extension(file).is_some_and(|extension| EXTENSIONS.contains(&extension.as_str()))
}

fn extension(file: &str) -> Option<String> {
    let name = file.rsplit('/').next().unwrap_or(file);
    let (_, extension) = name.rsplit_once('.')?;
    Some(extension.to_ascii_lowercase())
}

/// The skip reason of a file named like a spreadsheet whose bytes are not one.
pub(crate) fn not_a_spreadsheet(file: &str, bytes: &[u8]) -> String {
    let extension = extension(file).unwrap_or_default();
    let sample = &bytes[..bytes.len().min(4096)];
    let is_text = !sample.contains(&0)
        && match std::str::from_utf8(sample) {
            Ok(_) => true,
            Err(error) => error.error_len().is_none(), // cut inside a character
        };
    let content = if bytes.is_empty() {
        "empty"
    } else if is_text {
        "text (a CSV saved under the wrong name?)"
    } else {
        "neither an Excel nor an OpenDocument workbook"
    };
    format!("not a spreadsheet: the file is named .{extension} but its content is {content}; re-save as XLSX or CSV (a CSV named .csv)")
}

/// The mapping's wishes for reading a workbook.
pub(crate) struct TableRequest<'a> {
    pub mapping_file: &'a str,
    pub options: &'a MappingOptions,
    /// Every column name the mapping names, the record id first.
    pub wanted: &'a [&'a str],
}

/// One worksheet read as a header and rows of text cells.
#[derive(Debug)]
pub(crate) struct Table {
    pub sheet: String,
    /// The header's first row, 1-based.
    pub header_row: u32,
    /// Column names, one per column from A; blank where a column has no name.
    pub header: Vec<String>,
    /// The rows below the header that hold something: (1-based row number, one cell per
    /// header column).
    pub rows: Vec<(u32, Vec<String>)>,
    /// Warnings: (location, message).
    pub warnings: Vec<(String, String)>,
}

/// Why a workbook cannot be read: the file is skipped.
#[derive(Debug)]
pub(crate) struct TableError {
    pub message: String,
    pub location: Option<String>,
}

impl TableError {
    fn new(message: String, location: Option<String>) -> Self {
        Self { message, location }
    }
}

/// Reads the worksheet the mapping asks for. Never panics: a reader that fails on the
/// file's content, even by panicking, yields an error naming what to do.
pub(crate) fn read_table(
    bytes: &[u8],
    container: Container,
    request: &TableRequest<'_>,
) -> Result<Table, TableError> {
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_workbook(bytes, container, request)
    }));
    read.unwrap_or_else(|_| {
        Err(TableError::new(
            "the spreadsheet reader failed on this workbook; open it in Excel or LibreOffice and save it again as XLSX, or save the sheet as CSV UTF-8".into(),
            None,
        ))
    })
}

type Workbook<'b> = Sheets<Cursor<&'b [u8]>>;

fn read_workbook(
    bytes: &[u8],
    container: Container,
    request: &TableRequest<'_>,
) -> Result<Table, TableError> {
    let mut workbook = open(bytes, container).map_err(|message| TableError::new(message, None))?;
    let (sheet, grid) = choose_sheet(&mut workbook, request)?;
    let header_rows = request.options.header_rows.unwrap_or(1);
    let merges = merged_regions(&mut workbook, &sheet);
    let at = |row: u32| format!("sheet \"{sheet}\" row {}", row + 1);
    let first_row = match request.options.header_row {
        Some(row) => {
            let row = row.saturating_sub(1);
            if !grid.contains_key(&row) {
                return Err(TableError::new(
                    format!("header_row {} is empty in sheet \"{sheet}\"; give the row that holds the column names", row + 1),
                    Some(format!("{} [options]", request.mapping_file)),
                ));
            }
            row
        }
        None => find_header(&grid, header_rows, merges.as_deref(), request.wanted).map_err(
            |first_rows| {
                TableError::new(
                    format!(
                        "no header row found: no row among the first {HEADER_SEARCH_ROWS} with data holds the record_id column `{}` and at least half of the other mapped column names. Its first rows are: {first_rows}. Correct the names in {} or give [options] header_row (and header_rows = 2 for group headers over sub-headers)",
                        request.wanted.first().copied().unwrap_or(""),
                        request.mapping_file,
                    ),
                    Some(format!("sheet \"{sheet}\"")),
                )
            },
        )?,
    };
    let header = header_names(&grid, first_row, header_rows, merges.as_deref());
    let last_header_row = first_row + header_rows - 1;
    let mut table = Table {
        header_row: first_row + 1,
        header,
        rows: Vec::new(),
        warnings: Vec::new(),
        sheet: sheet.clone(),
    };
    read_rows(&grid, last_header_row, &mut table, &at);
    Ok(table)
}

fn open(bytes: &[u8], container: Container) -> Result<Workbook<'_>, String> {
    let cursor = Cursor::new(bytes);
    let resave =
        "open it in Excel or LibreOffice and save it again as XLSX, or save the sheet as CSV UTF-8";
    match container {
        Container::Ole => calamine::open_workbook_from_rs::<Xls<_>, _>(cursor)
            .map(Sheets::Xls)
            .map_err(|error| format!("cannot open the workbook as XLS ({error}); if it has a password, remove it; else {resave}")),
        Container::Zip => match calamine::open_workbook_from_rs::<Xlsx<_>, _>(cursor.clone()) {
            Ok(xlsx) => Ok(Sheets::Xlsx(xlsx)),
            Err(xlsx_error) => calamine::open_workbook_from_rs::<Ods<_>, _>(cursor.clone())
                .map(Sheets::Ods)
                .or_else(|_| calamine::open_workbook_from_rs::<Xlsb<_>, _>(cursor).map(Sheets::Xlsb))
                .map_err(|_| format!("cannot open the workbook: it is a zip archive but not an XLSX, XLSB or ODS workbook ({xlsx_error}); {resave}")),
        },
    }
}

/// The rows of a workbook's first sheet, each with its 1-based row number, cells as the
/// spreadsheet shows them (blank for empty or error cells): for catalogues kept as
/// spreadsheets. Any failure, even a panic in calamine, is an error to report.
pub(crate) fn first_sheet_rows(bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, String> {
    let Some(container) = sniff(bytes) else {
        return Err("it is not a spreadsheet (no XLSX, ODS or XLS signature)".into());
    };
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut workbook = open(bytes, container)?;
        let Some(name) = workbook.sheet_names().first().cloned() else {
            return Err("the workbook has no sheets".to_string());
        };
        let grid = read_grid(&mut workbook, &name)?;
        Ok(grid
            .iter()
            .map(|(row, cells)| {
                let width = cells.last().map_or(0, |(column, _)| *column as usize + 1);
                let mut line = vec![String::new(); width];
                for (column, cell) in cells {
                    if let Cell::Text(text) = cell {
                        line[*column as usize] = text.clone();
                    }
                }
                (u64::from(*row) + 1, line)
            })
            .collect())
    }));
    read.unwrap_or_else(|_| {
        Err("the spreadsheet reader failed on this workbook; save it again as XLSX or CSV".into())
    })
}

/// A cell that holds something: its text, or the error it shows (`#N/A`).
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Error(String),
}

/// The cells of one worksheet that hold something, by 0-based row; each row's cells by
/// 0-based column, in order. Sparse, so a stray cell far off costs nothing.
type Grid = BTreeMap<u32, Vec<(u32, Cell)>>;

/// The sheet the mapping names, or the first worksheet with data (visible ones first).
fn choose_sheet(
    workbook: &mut Workbook<'_>,
    request: &TableRequest<'_>,
) -> Result<(String, Grid), TableError> {
    let sheets: Vec<calamine::Sheet> = workbook.sheets_metadata().to_vec();
    let names = || {
        sheets
            .iter()
            .map(|s| format!("\"{}\"", s.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let unreadable = |name: &str, error: String| {
        TableError::new(
            format!("sheet \"{name}\" cannot be read ({error}); open the workbook in Excel or LibreOffice and save it again as XLSX, or save the sheet as CSV UTF-8"),
            None,
        )
    };
    if let Some(wanted) = request.options.sheet.as_deref() {
        let found = sheets.iter().find(|s| s.name == wanted).or_else(|| {
            sheets
                .iter()
                .find(|s| s.name.trim().eq_ignore_ascii_case(wanted.trim()))
        });
        let Some(sheet) = found else {
            return Err(TableError::new(
                format!("the workbook has no sheet \"{wanted}\"; its sheets are {}. Correct [options] sheet", names()),
                Some(format!("{} [options]", request.mapping_file)),
            ));
        };
        let grid =
            read_grid(workbook, &sheet.name).map_err(|error| unreadable(&sheet.name, error))?;
        return Ok((sheet.name.clone(), grid));
    }
    let mut worksheets: Vec<&calamine::Sheet> = sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .collect();
    worksheets.sort_by_key(|s| s.visible != SheetVisible::Visible); // stable: workbook order
    let mut first_error = None;
    for sheet in worksheets {
        match read_grid(workbook, &sheet.name) {
            Ok(grid) if !grid.is_empty() => return Ok((sheet.name.clone(), grid)),
            Ok(_) => {}
            Err(error) => {
                first_error.get_or_insert_with(|| unreadable(&sheet.name, error));
            }
        }
    }
    Err(first_error.unwrap_or_else(|| {
        TableError::new(
            format!(
                "no worksheet has data (the sheets are {}); export the survey again",
                names()
            ),
            None,
        )
    }))
}

fn read_grid(workbook: &mut Workbook<'_>, sheet: &str) -> Result<Grid, String> {
    let mut grid = Grid::new();
    let mut put = |row: u32, column: u32, value: Data| {
        if let Some(cell) = cell_of(value) {
            grid.entry(row).or_default().push((column, cell));
        }
    };
    match workbook {
        // streamed: a range would hold every cell of the sheet's bounding box
        Sheets::Xlsx(xlsx) => {
            let mut cells = xlsx
                .worksheet_cells_reader(sheet)
                .map_err(|error| error.to_string())?;
            while let Some(cell) = cells.next_cell().map_err(|error| error.to_string())? {
                let (row, column) = cell.get_position();
                put(row, column, Data::from(cell.get_value().clone()));
            }
        }
        other => {
            let range = other
                .worksheet_range(sheet)
                .map_err(|error| error.to_string())?;
            let (first_row, first_column) = range.start().unwrap_or((0, 0));
            for (row, column, value) in range.used_cells() {
                let (Ok(row), Ok(column)) = (u32::try_from(row), u32::try_from(column)) else {
                    continue;
                };
                put(first_row + row, first_column + column, value.clone());
            }
        }
    }
    for cells in grid.values_mut() {
        cells.sort_by_key(|(column, _)| *column);
    }
    Ok(grid)
}

/// A cell's text as the spreadsheet shows it; `None` for an empty or blank cell.
fn cell_of(value: Data) -> Option<Cell> {
    let text = match value {
        Data::Empty => return None,
        Data::Error(error) => return Some(Cell::Error(error.to_string())),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text,
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(number),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(date_time) => date_time_text(&date_time),
    };
    (!text.trim().is_empty()).then_some(Cell::Text(text))
}

/// A number as a person wrote it: `3`, not `3.0`.
fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        number.to_string()
    }
}

/// A date cell as ISO `yyyy-mm-dd`, with `Thh:mm:ss` when it has a time; a time of day
/// alone as `hh:mm:ss`; a duration as `h:mm:ss`.
fn date_time_text(date_time: &ExcelDateTime) -> String {
    if date_time.is_duration() {
        let seconds = (date_time.as_f64() * 86_400.0).round() as i64;
        let sign = if seconds < 0 { "-" } else { "" };
        let seconds = seconds.abs();
        return format!(
            "{sign}{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
    }
    let Some(value) = date_time.as_datetime() else {
        return number_text(date_time.as_f64());
    };
    if (0.0..1.0).contains(&date_time.as_f64()) {
        value.format("%H:%M:%S").to_string()
    } else if value.time() == chrono::NaiveTime::MIN {
        value.format("%Y-%m-%d").to_string()
    } else {
        value.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// The merged regions of a sheet, where the format keeps them (XLSX, XLS).
fn merged_regions(workbook: &mut Workbook<'_>, sheet: &str) -> Option<Vec<Dimensions>> {
    match workbook {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(sheet).ok(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(sheet).ok(),
        Sheets::Xlsb(_) | Sheets::Ods(_) => None,
    }
}

/// A header cell's name: its text with runs of spaces and line breaks made one space.
fn name_of(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.split_whitespace().collect::<Vec<_>>().join(" "),
        Cell::Error(_) => String::new(),
    }
}

/// One row's names, one per column from A.
fn row_names(grid: &Grid, row: u32) -> Vec<String> {
    let Some(cells) = grid.get(&row) else {
        return Vec::new();
    };
    let width = cells.last().map_or(0, |(column, _)| *column as usize + 1);
    let mut names = vec![String::new(); width];
    for (column, cell) in cells {
        names[*column as usize] = name_of(cell);
    }
    names
}

/// The column names of the header starting at `first_row` (0-based), one or two rows.
fn header_names(
    grid: &Grid,
    first_row: u32,
    rows: u32,
    merges: Option<&[Dimensions]>,
) -> Vec<String> {
    let upper = row_names(grid, first_row);
    if rows < 2 {
        return upper;
    }
    let lower = row_names(grid, first_row + 1);
    combine_header_rows(&upper, &lower, first_row, merges)
}

/// Joins a row of group headers over a row of sub-headers: `Group | Sub-header`, or
/// whichever of the two is not blank. A blank group cell takes, inside a merged region
/// of the upper row, the nearest group to its left within the region; when the upper row
/// has no merged region the reader knows of, the nearest group to its left, as long as
/// every column between has a sub-header (a column with a group and no sub-header, such
/// as a vertically merged "Response ID", stands alone and ends the group).
fn combine_header_rows(
    upper: &[String],
    lower: &[String],
    upper_row: u32,
    merges: Option<&[Dimensions]>,
) -> Vec<String> {
    let width = upper.len().max(lower.len());
    let cell = |names: &[String], column: usize| names.get(column).cloned().unwrap_or_default();
    let upper_merges: Vec<&Dimensions> = merges
        .unwrap_or_default()
        .iter()
        .filter(|region| {
            (region.start.0..=region.end.0).contains(&upper_row) && region.end.1 > region.start.1
        })
        .collect();
    let mut spreading: Option<String> = None;
    let mut names = Vec::with_capacity(width);
    for column in 0..width {
        let (up, low) = (cell(upper, column), cell(lower, column));
        let group = if !up.is_empty() {
            spreading = (!low.is_empty()).then(|| up.clone());
            up
        } else if !upper_merges.is_empty() {
            group_in_region(upper, &upper_merges, upper_row, column)
        } else if low.is_empty() {
            spreading = None;
            String::new()
        } else {
            spreading.clone().unwrap_or_default()
        };
        names.push(match (group.is_empty(), low.is_empty()) {
            (false, false) if group != low => format!("{group} | {low}"),
            (false, _) => group,
            (true, _) => low,
        });
    }
    names
}

/// The nearest non-blank upper cell to the left of `column` within the merged region
/// that holds it, if any.
fn group_in_region(upper: &[String], regions: &[&Dimensions], row: u32, column: usize) -> String {
    let Ok(column_number) = u32::try_from(column) else {
        return String::new();
    };
    let Some(region) = regions
        .iter()
        .find(|region| region.contains(row, column_number))
    else {
        return String::new();
    };
    (region.start.1 as usize..column)
        .rev()
        .filter_map(|left| upper.get(left))
        .find(|name| !name.is_empty())
        .cloned()
        .unwrap_or_default()
}

/// The first row (0-based) among the first rows with data whose names (joined with the
/// next row's when the header takes two) hold the record id and at least half of the
/// other wanted names. Err: the first rows' contents, for the message.
fn find_header(
    grid: &Grid,
    rows: u32,
    merges: Option<&[Dimensions]>,
    wanted: &[&str],
) -> Result<u32, String> {
    let Some((record_id, others)) = wanted.split_first() else {
        return Err(String::new());
    };
    for &row in grid.keys().take(HEADER_SEARCH_ROWS) {
        let names = header_names(grid, row, rows, merges);
        if !names.iter().any(|name| name == record_id) {
            continue;
        }
        let found = others
            .iter()
            .filter(|other| names.iter().any(|name| name == *other))
            .count();
        if found * 2 >= others.len() {
            return Ok(row);
        }
    }
    Err(first_rows(grid))
}

/// `row 1: "Title"; row 3: "ID", "Date", ...`: the first rows with data, for messages.
fn first_rows(grid: &Grid) -> String {
    let rows: Vec<String> = grid
        .iter()
        .take(ROWS_SHOWN)
        .map(|(row, cells)| {
            let mut shown: Vec<String> = cells
                .iter()
                .take(CELLS_SHOWN)
                .map(|(_, cell)| {
                    let name = name_of(cell);
                    match name.char_indices().nth(60) {
                        Some((end, _)) => format!("\"{}...\"", &name[..end]),
                        None => format!("\"{name}\""),
                    }
                })
                .collect();
            if cells.len() > CELLS_SHOWN {
                shown.push("...".into());
            }
            format!("row {}: {}", row + 1, shown.join(", "))
        })
        .collect();
    if rows.is_empty() {
        "none".into()
    } else {
        rows.join("; ")
    }
}

/// The rows below the header, as text cells under the header's columns. Rows with
/// nothing in a named column are not rows; error cells are read as empty and cells in
/// columns without a name are left out, each reported once.
fn read_rows(grid: &Grid, last_header_row: u32, table: &mut Table, at: &dyn Fn(u32) -> String) {
    let width = table.header.len();
    // per column: (error cells, first row, an example)
    let mut errors: BTreeMap<usize, (usize, u32, String)> = BTreeMap::new();
    let mut unnamed: Option<(usize, u32)> = None;
    for (&row, cells) in grid.range(last_header_row.saturating_add(1)..) {
        let mut texts = vec![String::new(); width];
        let mut has_text = false;
        for (column, cell) in cells {
            let column = *column as usize;
            if column >= width || table.header[column].is_empty() {
                unnamed.get_or_insert((0, row)).0 += 1;
                continue;
            }
            match cell {
                Cell::Text(text) => {
                    texts[column] = text.clone();
                    has_text = true;
                }
                Cell::Error(shown) => {
                    errors.entry(column).or_insert((0, row, shown.clone())).0 += 1;
                }
            }
        }
        if has_text {
            table.rows.push((row + 1, texts));
        }
    }
    for (column, (count, first, shown)) in errors {
        table.warnings.push((
            format!("column `{}`, first at {}", table.header[column], at(first)),
            format!("{count} cells show a spreadsheet error such as `{shown}` and are read as empty; correct the formulas, or paste the values in place of the formulas"),
        ));
    }
    if let Some((count, first)) = unnamed {
        table.warnings.push((
            format!("first at {}", at(first)),
            format!("{count} cells are in columns without a name in the header and are not read; name those columns in the header (and map them) or clear them"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn sniffs_the_container_not_the_name() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Some(Container::Zip));
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Some(Container::Ole)
        );
        assert_eq!(sniff(b"ID,Comment\n1,ok\n"), None);
        assert_eq!(sniff(b""), None);
        assert!(named_like_one("surveys/a.XLSX"));
        assert!(named_like_one("b.ods"));
        assert!(!named_like_one("surveys.xlsx/c.csv"));
        let text = not_a_spreadsheet("s/a.xlsx", b"ID,Comment\n1,ok\n");
        assert!(
            text.starts_with("not a spreadsheet: the file is named .xlsx but its content is text"),
            "{text}"
        );
        assert!(text.contains("re-save as XLSX or CSV"), "{text}");
        let binary = not_a_spreadsheet("s/a.xls", &[0, 159, 146, 150]);
        assert!(
            binary.contains("neither an Excel nor an OpenDocument workbook"),
            "{binary}"
        );
    }

    #[test]
    fn cells_read_as_the_spreadsheet_shows_them() {
        let check = |value: Data, expected: Option<Cell>| {
            assert_eq!(cell_of(value.clone()), expected, "{value:?}")
        };
        let text = |t: &str| Some(Cell::Text(t.into()));
        check(Data::Float(3.0), text("3"));
        check(Data::Float(2.5), text("2.5"));
        check(Data::Int(-4), text("-4"));
        check(Data::Bool(true), text("TRUE"));
        check(Data::String("  ".into()), None);
        check(Data::Empty, None);
        check(
            Data::Error(calamine::CellErrorType::NA),
            Some(Cell::Error("#N/A".into())),
        );
        let date = |serial: f64| {
            Data::DateTime(ExcelDateTime::new(
                serial,
                calamine::ExcelDateTimeType::DateTime,
                false,
            ))
        };
        check(date(45_658.0), text("2025-01-01"));
        check(date(45_658.5), text("2025-01-01T12:00:00"));
        check(date(0.25), text("06:00:00"));
        check(Data::DateTimeIso("2025-03-04".into()), text("2025-03-04"));
    }

    #[test]
    fn two_header_rows_follow_merged_regions() {
        let upper = names(&[
            "Response ID",
            "Date",
            "What matters to you",
            "",
            "",
            "Comments",
        ]);
        let lower = names(&["", "", "Option A", "Option B", "Other (please specify)", ""]);
        let merged = [
            Dimensions::new((2, 2), (2, 4)),
            Dimensions::new((2, 0), (3, 0)),
        ];
        let expected = names(&[
            "Response ID",
            "Date",
            "What matters to you | Option A",
            "What matters to you | Option B",
            "What matters to you | Other (please specify)",
            "Comments",
        ]);
        assert_eq!(
            combine_header_rows(&upper, &lower, 2, Some(&merged)),
            expected
        );
        // no merged regions: the group spreads over the blank group cells after it
        assert_eq!(combine_header_rows(&upper, &lower, 2, None), expected);
        // a merged region ends the group even where the sub-headers go on
        let lower = names(&[
            "",
            "",
            "Option A",
            "Option B",
            "Other (please specify)",
            "Why?",
        ]);
        let upper = names(&["Response ID", "Date", "What matters to you", "", "", ""]);
        let names_found = combine_header_rows(&upper, &lower, 2, Some(&merged));
        assert_eq!(names_found[5], "Why?");
        assert_eq!(
            combine_header_rows(&upper, &lower, 2, None)[5],
            "What matters to you | Why?"
        );
    }

    #[test]
    fn header_is_found_below_title_rows() {
        let mut grid = Grid::new();
        let text = |t: &str| Cell::Text(t.into());
        grid.insert(0, vec![(0, text("Leeds carers survey 2025"))]);
        grid.insert(1, vec![(0, text("Exported 01/04/2025"))]);
        grid.insert(
            3,
            vec![(0, text("ID")), (1, text("Date")), (2, text("Comment"))],
        );
        grid.insert(4, vec![(0, text("1")), (2, text("Fine"))]);
        assert_eq!(
            find_header(&grid, 1, None, &["ID", "Date", "Comment"]),
            Ok(3)
        );
        let error = find_header(&grid, 1, None, &["Ref", "Date"]).unwrap_err();
        assert!(
            error.starts_with("row 1: \"Leeds carers survey 2025\"; row 2: "),
            "{error}"
        );
        assert!(
            error.contains("row 4: \"ID\", \"Date\", \"Comment\""),
            "{error}"
        );
    }

    const MATERNITY: &[u8] =
        include_bytes!("../../../tests/data/spreadsheets/leeds-maternity-options-2025.xlsx");
    const URGENT_CARE: &[u8] =
        include_bytes!("../../../tests/data/spreadsheets/wakefield-urgent-care-2024.ods");

    #[test]
    fn xlsx_merged_regions_are_read() {
        let mut workbook = open(MATERNITY, Container::Zip).unwrap();
        let regions = merged_regions(&mut workbook, "Responses").unwrap();
        assert!(
            regions.contains(&Dimensions::new((2, 4), (2, 6))),
            "{regions:?}"
        );
        assert!(
            regions.contains(&Dimensions::new((2, 0), (3, 0))),
            "{regions:?}"
        );
    }

    #[test]
    fn damaged_workbooks_are_errors_not_panics() {
        let options = MappingOptions::default();
        let request = TableRequest {
            mapping_file: "x.mapping.toml",
            options: &options,
            wanted: &["Ref"],
        };
        for bytes in [MATERNITY, URGENT_CARE] {
            for cut in [4, 30, 200, bytes.len() / 2, bytes.len() - 10] {
                let damaged = &bytes[..cut];
                let container = sniff(damaged).unwrap();
                let error = read_table(damaged, container, &request).unwrap_err();
                assert!(
                    error.message.contains("save it again as XLSX"),
                    "{}",
                    error.message
                );
            }
        }
        let ole = [OLE_MAGIC, &[0; 600]].concat();
        let error = read_table(&ole, Container::Ole, &request).unwrap_err();
        assert!(
            error.message.contains("if it has a password, remove it"),
            "{}",
            error.message
        );
    }
}
