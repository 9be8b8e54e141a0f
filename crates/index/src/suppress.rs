//! Small-number suppression: counts drawn from survey equality attributes (age band,
//! ethnicity, disability, sexual orientation, gender, deprivation: the taxonomy's
//! communities with `infer = false`) between 1 and N-1 are not shown, and neither is
//! any other count that would let them be worked out by differencing.
//!
//! Primary suppression hides each sensitive count from 1 to N-1. Then, for every line
//! of counts that add up or nearly do (a group's total and its values; a row and its
//! total), a line with exactly one hidden count would give it away by subtraction, so
//! the smallest other non-zero count of that line is hidden too (secondary
//! suppression), until no line has exactly one. Zero is shown: it is not a small number
//! of people.

use serde::{Serialize, Serializer};

/// The default threshold: counts from 1 to 4 are suppressed.
pub const DEFAULT_THRESHOLD: u64 = 5;

/// A count as it may be shown: serialised as the number, or as "<N" for a small count
/// and "[c]" for one hidden so that a small count cannot be worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    Hidden { primary: bool, threshold: u64 },
}

impl Serialize for Shown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Count(count) => serializer.serialize_u64(*count),
            hidden => serializer.serialize_str(&hidden.display()),
        }
    }
}

impl Shown {
    /// The text to show: the count, "<N" or "[c]".
    pub fn display(&self) -> String {
        match self {
            Shown::Count(count) => count.to_string(),
            Shown::Hidden {
                primary: true,
                threshold,
            } => format!("<{threshold}"),
            Shown::Hidden { primary: false, .. } => "[c]".to_string(),
        }
    }

    pub fn value(&self) -> Option<u64> {
        match self {
            Shown::Count(count) => Some(*count),
            Shown::Hidden { .. } => None,
        }
    }
}

/// A table of counts to suppress: cells, which are sensitive, and the lines between them.
#[derive(Debug, Default)]
pub struct Suppressor {
    values: Vec<u64>,
    sensitive: Vec<bool>,
    lines: Vec<Vec<usize>>,
}

impl Suppressor {
    /// Adds a cell; returns its index.
    pub fn cell(&mut self, value: u64, sensitive: bool) -> usize {
        self.values.push(value);
        self.sensitive.push(sensitive);
        self.values.len() - 1
    }

    /// Declares cells that together (with a total among them) allow differencing.
    pub fn line(&mut self, cells: Vec<usize>) {
        if cells.len() > 1 {
            self.lines.push(cells);
        }
    }

    /// Suppresses with threshold `n` (n <= 1 suppresses nothing).
    pub fn run(self, n: u64) -> Vec<Shown> {
        let mut hidden: Vec<Option<bool>> = self
            .values
            .iter()
            .zip(&self.sensitive)
            .map(|(value, sensitive)| (*sensitive && *value >= 1 && *value < n).then_some(true))
            .collect();
        if n > 1 {
            loop {
                let mut changed = false;
                for line in &self.lines {
                    let count = line.iter().filter(|&&cell| hidden[cell].is_some()).count();
                    if count != 1 {
                        continue;
                    }
                    let next = line
                        .iter()
                        .copied()
                        .filter(|&cell| hidden[cell].is_none() && self.values[cell] > 0)
                        .min_by_key(|&cell| (self.values[cell], cell));
                    if let Some(cell) = next {
                        hidden[cell] = Some(false);
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
        }
        self.values
            .iter()
            .zip(hidden)
            .map(|(value, hidden)| match hidden {
                None => Shown::Count(*value),
                Some(primary) => Shown::Hidden {
                    primary,
                    threshold: n,
                },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(values: &[(u64, bool)], lines: &[&[usize]], expected: &[&str]) {
        let mut suppressor = Suppressor::default();
        for (value, sensitive) in values {
            suppressor.cell(*value, *sensitive);
        }
        for line in lines {
            suppressor.line(line.to_vec());
        }
        let shown: Vec<String> = suppressor.run(5).iter().map(Shown::display).collect();
        assert_eq!(shown, expected);
    }

    #[test]
    fn small_counts_and_their_giveaways_are_hidden() {
        // a group total of 20 with values 12, 6, 2: hiding only the 2 would leave 20-12-6
        check(
            &[(20, true), (12, true), (6, true), (2, true)],
            &[&[0, 1, 2, 3]],
            &["20", "12", "[c]", "<5"],
        );
        // two small ones hide each other; zero stays
        check(
            &[(9, true), (3, true), (4, true), (0, true), (2, false)],
            &[&[0, 1, 2, 3]],
            &["9", "<5", "<5", "0", "2"],
        );
        // not sensitive: shown however small
        check(&[(3, false), (1, false)], &[&[0, 1]], &["3", "1"]);
        // chained lines: a secondary in one line makes a second line need one too
        check(
            &[(10, true), (2, true), (8, true), (7, true), (15, true)],
            &[&[0, 1, 2], &[2, 3, 4]],
            &["10", "<5", "[c]", "[c]", "15"],
        );
    }
}
