//! Survey exports saved as spreadsheets (XLSX, XLS, ODS), read with calamine into the
//! same rows the CSV reader gives, so one mapping describes either.
