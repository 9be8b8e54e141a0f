//! Diagnostics: what a parser or check found wrong with an input, and where, and what to do.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was kept but may not be what the author meant (an unknown theme).
    Warning,
    /// Something was not indexed: a row, or the whole file.
    Error,
}

/// One finding about one input, located as precisely as the parser could.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path of the file, relative to the corpus folder.
    pub file: String,
    /// Where in the file: "line 4", "row 17", "front matter field `themes`".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// What is wrong and what to do about it; lowercase, no trailing period.
    pub message: String,
}

impl Diagnostic {
    pub fn error(
        file: impl Into<String>,
        location: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            location,
            message: message.into(),
        }
    }

    pub fn warning(
        file: impl Into<String>,
        location: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            file: file.into(),
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match &self.location {
            Some(location) => write!(f, "{label}: {} ({location}): {}", self.file, self.message),
            None => write!(f, "{label}: {}: {}", self.file, self.message),
        }
    }
}
