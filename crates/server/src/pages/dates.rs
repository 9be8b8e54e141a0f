//! Dates as people type them into the NHS.UK date input: three fields, `NAME-day`,
//! `NAME-month` and `NAME-year`, read beside the canonical `NAME=yyyy-mm-dd` that the API,
//! the links and the scripts use. The parts win when the form sent them; the date they
//! make goes back into every link as `NAME`. A year alone, or a month and year, is the
//! whole period: its first day when it starts a range, its last day when it ends one.
//! Mistakes are named as the NHS.UK design system names them ("Date from must include a
//! month", "Date from must be a real date"), on the part that is wrong.

use super::Problem;
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

/// The three parts, in order (the suffixes of their names and ids).
pub(super) const PARTS: [&str; 3] = ["day", "month", "year"];

/// Which end of a range a date is: a partial date is filled in towards it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Bound {
    Start,
    End,
}

/// What is wrong with a typed date, and which parts it is about.
#[derive(Debug, PartialEq)]
pub(super) struct Mistake {
    /// What follows the date's name: "must include a month".
    pub(super) says: String,
    /// The parts to mark ("day", "month", "year"), in order.
    pub(super) parts: Vec<&'static str>,
}

impl Mistake {
    fn new(says: impl Into<String>, parts: Vec<&'static str>) -> Self {
        Mistake {
            says: says.into(),
            parts,
        }
    }

    fn not_real(parts: Vec<&'static str>) -> Self {
        Mistake::new("must be a real date", parts)
    }
}

/// The date that day, month and year (as typed, trimmed) make, filled in towards `bound`
/// when only the year, or the month and year, are given; none when all are empty.
pub(super) fn parse_parts(
    day: &str,
    month: &str,
    year: &str,
    bound: Bound,
) -> Result<Option<NaiveDate>, Mistake> {
    let given = [day, month, year].map(|part| !part.is_empty());
    if given == [false; 3] {
        return Ok(None);
    }
    // a day needs its month and year; a month needs its year
    let mut missing = Vec::new();
    if given[0] && !given[1] {
        missing.push("month");
    }
    if (given[0] || given[1]) && !given[2] {
        missing.push("year");
    }
    if !missing.is_empty() {
        return Err(Mistake::new(
            format!("must include a {}", missing.join(" and ")),
            missing,
        ));
    }
    let mut wrong = Vec::new();
    let day_number = number(day).filter(|n| (1..=31).contains(n));
    if given[0] && day_number.is_none() {
        wrong.push("day");
    }
    let month_number = month_number(month);
    if given[1] && month_number.is_none() {
        wrong.push("month");
    }
    let year_number = number(year).filter(|_| year.len() == 4 && year != "0000");
    if year_number.is_none() {
        wrong.push("year");
    }
    if !wrong.is_empty() {
        return Err(Mistake::not_real(wrong));
    }
    let year = year_number.unwrap_or_default() as i32;
    let (first_month, last_month) = match month_number {
        Some(month) => (month, month),
        None => (1, 12),
    };
    let date = match (day_number, bound) {
        (Some(day), _) => NaiveDate::from_ymd_opt(year, first_month, day),
        (None, Bound::Start) => NaiveDate::from_ymd_opt(year, first_month, 1),
        (None, Bound::End) => NaiveDate::from_ymd_opt(year, last_month, 1)
            .and_then(|first| first.checked_add_months(Months::new(1)))
            .and_then(|next| next.pred_opt()),
    };
    // 31 February: the day is what does not fit
    date.map(Some).ok_or_else(|| Mistake::not_real(vec!["day"]))
}

/// A whole number of digits only (leading zeros allowed).
fn number(text: &str) -> Option<u32> {
    (!text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// A month as a number (3, 03) or its name (March, Mar, Sept).
fn month_number(text: &str) -> Option<u32> {
    if let Some(n) = number(text).filter(|n| (1..=12).contains(n)) {
        return Some(n);
    }
    let word = text.trim_end_matches('.').to_lowercase();
    if word == "sept" {
        return Some(9);
    }
    word.parse::<chrono::Month>()
        .ok()
        .map(|month| month.number_from_month())
}

/// One date input of a form: its name (the canonical parameter, and the prefix of its
/// parts' names and ids), what it is called, the parts as they are shown, and its mistake.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DateInput {
    /// `from`, `to`, `start`, `end`.
    pub(super) name: &'static str,
    /// How the legend and the messages name it: "Date from".
    pub(super) legend: &'static str,
    /// The example in its hint: "15 3 2024".
    pub(super) example: &'static str,
    pub(super) day: String,
    pub(super) month: String,
    pub(super) year: String,
    /// The message when it is wrong, and the parts it marks.
    pub(super) error: Option<String>,
    pub(super) wrong: Vec<&'static str>,
    /// The date (yyyy-mm-dd) for the API and the links; a canonical value that is not a
    /// date is kept as it was given, for the API to name.
    pub(super) iso: String,
    #[serde(skip)]
    pub(super) date: Option<NaiveDate>,
    /// Whether the parts were sent (they then win over the canonical value).
    #[serde(skip)]
    pub(super) typed: bool,
}

impl DateInput {
    /// The date named `name` in a query string's or form's `pairs`: its three parts when
    /// any of them was sent, else the canonical value.
    pub(super) fn read(
        pairs: &[(String, String)],
        name: &'static str,
        legend: &'static str,
        example: &'static str,
        bound: Bound,
    ) -> Self {
        let value = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, value)| value.clone())
        };
        let parts = PARTS.map(|part| value(&format!("{name}-{part}")));
        let mut input = DateInput {
            name,
            legend,
            example,
            day: String::new(),
            month: String::new(),
            year: String::new(),
            error: None,
            wrong: Vec::new(),
            iso: String::new(),
            date: None,
            typed: parts.iter().any(Option::is_some),
        };
        if input.typed {
            let [day, month, year] = parts.map(Option::unwrap_or_default);
            match parse_parts(&day, &month, &year, bound) {
                Ok(date) => input.set_date(date),
                Err(mistake) => input.mark(&mistake.says, mistake.parts),
            }
            (input.day, input.month, input.year) = (day, month, year);
            return input;
        }
        let given = value(name).unwrap_or_default();
        match canonical(&given) {
            Some(date) => {
                input.set_date(Some(date));
                (input.day, input.month, input.year) = (
                    date.day().to_string(),
                    date.month().to_string(),
                    date.year().to_string(),
                );
            }
            None => input.iso = given,
        }
        input
    }

    fn set_date(&mut self, date: Option<NaiveDate>) {
        self.date = date;
        self.iso = date.map(|d| d.to_string()).unwrap_or_default();
    }

    /// Marks the date wrong: "{legend} {says}" on `parts` (all three when empty).
    pub(super) fn mark(&mut self, says: &str, parts: Vec<&'static str>) {
        self.error = Some(format!("{} {says}", self.legend));
        self.wrong = if parts.is_empty() {
            PARTS.to_vec()
        } else {
            parts
        };
        self.date = None;
    }

    /// Shows an error found elsewhere (the API's) on the whole date.
    pub(super) fn refuse(&mut self, message: &str) {
        self.error = Some(message.to_string());
        self.wrong = PARTS.to_vec();
    }

    /// The error summary's line: the message, linking to the first wrong part.
    pub(super) fn problem(&self) -> Option<Problem> {
        self.error.as_ref().map(|text| Problem {
            text: text.clone(),
            href: self.first_part_href(),
        })
    }

    /// `#from-day`: where a link about this date goes.
    pub(super) fn first_part_href(&self) -> String {
        format!("#{}-{}", self.name, self.wrong.first().unwrap_or(&"day"))
    }
}

/// A canonical date as the API reads it (yyyy-mm-dd, or dd/mm/yyyy).
fn canonical(text: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%d/%m/%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
}

/// A range of two date inputs: the analysis and search pages' from and to, the check
/// form's start and end.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DateRange {
    pub(super) from: DateInput,
    pub(super) to: DateInput,
}

/// A page's query string as pairs (values trimmed), with its "Date from" and "Date to".
pub(super) fn read_filter_dates(raw: Option<&str>) -> (Vec<(String, String)>, DateRange) {
    let pairs: Vec<(String, String)> = super::trimmed_pairs(raw.unwrap_or("").as_bytes()).collect();
    let dates = DateRange::filters(&pairs);
    (pairs, dates)
}

impl DateRange {
    /// The search and analysis pages' "Date from" and "Date to".
    pub(super) fn filters(pairs: &[(String, String)]) -> Self {
        Self::read(
            pairs,
            ("from", "Date from", "15 3 2024"),
            ("to", "Date to", "31 3 2025"),
            "date from",
        )
    }

    /// Reads both dates and checks their order: the second may not be before the first
    /// (`first_named` is how its message names the first date).
    pub(super) fn read(
        pairs: &[(String, String)],
        (from, from_legend, from_example): (&'static str, &'static str, &'static str),
        (to, to_legend, to_example): (&'static str, &'static str, &'static str),
        first_named: &str,
    ) -> Self {
        let mut range = DateRange {
            from: DateInput::read(pairs, from, from_legend, from_example, Bound::Start),
            to: DateInput::read(pairs, to, to_legend, to_example, Bound::End),
        };
        if let (Some(start), Some(end)) = (range.from.date, range.to.date) {
            if end < start {
                range.to.mark(
                    &format!("must be the same as or after {first_named}"),
                    Vec::new(),
                );
            }
        }
        range
    }

    /// Marks a canonical date that is not one (where no API is asked to name it).
    pub(super) fn refuse_unreadable(&mut self) {
        for input in [&mut self.from, &mut self.to] {
            if input.date.is_none() && input.error.is_none() && !input.iso.is_empty() {
                input.mark("must be a real date", Vec::new());
            }
        }
    }

    /// The error summary's lines, in the page's order.
    pub(super) fn problems(&self) -> Vec<Problem> {
        [&self.from, &self.to]
            .into_iter()
            .filter_map(DateInput::problem)
            .collect()
    }

    /// The date the API's `message` is about: `to` when it names it, else `from`.
    fn named_by(&mut self, message: &str) -> &mut DateInput {
        if message.contains(&format!("`{}`", self.to.name)) {
            &mut self.to
        } else {
            &mut self.from
        }
    }

    /// Shows the API's date error (`message`, said to people as `text`) on the date it
    /// names, and gives the error summary's link to it.
    pub(super) fn refuse(&mut self, message: &str, text: &str) -> String {
        let input = self.named_by(message);
        input.refuse(text);
        input.first_part_href()
    }
}

/// A query string with the dates' parts taken out and their dates put in as `from` and
/// `to` (where parts were sent; a canonical value stays as it was given, once): what the
/// API is asked with.
pub(super) fn canonical_query(raw: &str, range: &DateRange) -> String {
    let inputs = [&range.from, &range.to];
    let is_part = |key: &str| {
        inputs.iter().any(|input| {
            key.strip_prefix(input.name)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|part| PARTS.contains(&part))
        })
    };
    // a canonical date is replaced where parts were sent, else kept as given (even
    // repeated, for the API to refuse)
    let replaced = |key: &str| inputs.iter().any(|input| input.typed && key == input.name);
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        if !is_part(&key) && !replaced(&key) {
            serializer.append_pair(&key, &value);
        }
    }
    for input in inputs {
        if input.typed && !input.iso.is_empty() {
            serializer.append_pair(input.name, &input.iso);
        }
    }
    serializer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(day: &str, month: &str, year: &str, bound: Bound, expected: Result<&str, &str>) {
        let got = parse_parts(day, month, year, bound)
            .map(|date| date.map(|d| d.to_string()).unwrap_or_default())
            .map_err(|mistake| format!("{} on {}", mistake.says, mistake.parts.join(" ")));
        assert_eq!(
            got,
            expected.map(str::to_string).map_err(str::to_string),
            "{day}/{month}/{year}"
        );
    }

    #[test]
    fn whole_and_partial_dates() {
        use Bound::*;
        check("15", "3", "2024", Start, Ok("2024-03-15"));
        check("05", "03", "2024", End, Ok("2024-03-05"));
        check("1", "Sept", "2024", Start, Ok("2024-09-01"));
        check("1", "march", "2024", Start, Ok("2024-03-01"));
        check("1", "Mar.", "2024", Start, Ok("2024-03-01"));
        check("", "", "", Start, Ok(""));
        check("", "", "2024", Start, Ok("2024-01-01"));
        check("", "", "2024", End, Ok("2024-12-31"));
        check("", "2", "2024", Start, Ok("2024-02-01"));
        check("", "2", "2024", End, Ok("2024-02-29"));
        check("", "12", "2024", End, Ok("2024-12-31"));
    }

    #[test]
    fn mistakes_name_the_part() {
        use Bound::*;
        check(
            "15",
            "",
            "2024",
            Start,
            Err("must include a month on month"),
        );
        check("15", "3", "", Start, Err("must include a year on year"));
        check(
            "15",
            "",
            "",
            End,
            Err("must include a month and year on month year"),
        );
        check("", "3", "", End, Err("must include a year on year"));
        check("31", "2", "2024", Start, Err("must be a real date on day"));
        check(
            "32",
            "13",
            "2024",
            Start,
            Err("must be a real date on day month"),
        );
        check("1", "1", "24", Start, Err("must be a real date on year"));
        check("x", "1", "2024", Start, Err("must be a real date on day"));
        check(
            "1",
            "Smarch",
            "2024",
            Start,
            Err("must be a real date on month"),
        );
        check("", "", "0000", Start, Err("must be a real date on year"));
    }

    fn pairs(query: &str) -> Vec<(String, String)> {
        super::super::trimmed_pairs(query.as_bytes()).collect()
    }

    #[test]
    fn the_parts_win_and_go_back_as_canonical_dates() {
        let query = "q=x&from=2020-01-01&from-day=&from-month=3&from-year=2024&to-day=&to-month=&to-year=2024&page=2";
        let range = DateRange::filters(&pairs(query));
        assert_eq!(
            (range.from.iso.as_str(), range.to.iso.as_str()),
            ("2024-03-01", "2024-12-31")
        );
        assert!(range.problems().is_empty());
        assert_eq!(
            canonical_query(query, &range),
            "q=x&page=2&from=2024-03-01&to=2024-12-31"
        );
        // the canonical date alone fills the parts
        let range = DateRange::filters(&pairs("from=2024-03-05"));
        assert_eq!(
            (range.from.day.as_str(), range.from.month.as_str()),
            ("5", "3")
        );
        assert_eq!(range.to.iso, "");
        // a canonical date that is not one goes to the API as it was
        let range = DateRange::filters(&pairs("from=yesterday"));
        assert_eq!(canonical_query("from=yesterday", &range), "from=yesterday");
    }

    #[test]
    fn the_end_may_not_come_before_the_start() {
        let range = DateRange::filters(&pairs(
            "from-day=2&from-month=3&from-year=2024&to-day=1&to-month=3&to-year=2024",
        ));
        let problems = range.problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].text,
            "Date to must be the same as or after date from"
        );
        assert_eq!(problems[0].href, "#to-day");
        let range = DateRange::filters(&pairs("from-day=2&from-month=&from-year=2024"));
        assert_eq!(range.problems()[0].text, "Date from must include a month");
        assert_eq!(range.problems()[0].href, "#from-month");
    }
}
