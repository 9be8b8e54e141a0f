//! Personal data redaction: free text from surveys and workshop notes is redacted before
//! it reaches the index. Emails, UK phone numbers, NHS numbers (only those whose
//! modulus-11 check digit is right), postcodes, dates of birth (a date after "DOB",
//! "date of birth" or "born") and names given in self-introductions ("my name is ...")
//! become markers: [email], [phone], [nhs number], [postcode], [date of birth], [name].
//! Bus and ward numbers, doses, times, appointment dates and 111/999 are left alone.

use regex::{Captures, Regex};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Counts of redactions by marker.
pub type RedactionCounts = BTreeMap<&'static str, usize>;

/// The compiled patterns; build once, share between threads.
pub struct Redactor {
    email: Regex,
    nhs_number: Regex,
    phone: Regex,
    postcode: Regex,
    date_of_birth: Regex,
    name: Regex,
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new()
    }
}

/// True when ten digits form a valid NHS number (modulus 11 check digit).
pub fn valid_nhs_number(digits: &[u32]) -> bool {
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .enumerate()
        .map(|(i, d)| d * (10 - i as u32))
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        check => check,
    };
    check == digits[9]
}

fn digits(text: &str) -> Vec<u32> {
    text.chars().filter_map(|c| c.to_digit(10)).collect()
}

/// Words that end a name after "my name is" ("my name is sharon and I ...").
const NOT_NAME: &[&str] = &[
    "and",
    "i",
    "i'm",
    "im",
    "i\u{2019}m",
    "not",
    "on",
    "in",
    "at",
    "the",
    "a",
    "an",
    "is",
    "was",
    "down",
    "important",
    "here",
    "speaking",
    "from",
    "of",
    "to",
    "with",
    "but",
    "so",
    "my",
    "for",
    "just",
    "still",
    "also",
    "back",
    "called",
    "now",
    "because",
    "as",
    "it",
    "it's",
    "every",
    "been",
    "being",
    "me",
    "by",
    "never",
    "always",
    "often",
    "usually",
    "regularly",
    "out",
    "up",
    "after",
    "about",
    "all",
    "too",
];

/// How many of the words after a self-introduction cue are the name: the first unless
/// it is a stop word, then those that start with a capital and are not stop words.
fn name_words(words: &str) -> usize {
    let mut taken = 0;
    for (index, word) in words.split_whitespace().enumerate() {
        let bare = word
            .trim_end_matches([',', '.', ';', ':', '!', '?', ')'])
            .to_lowercase();
        if NOT_NAME.contains(&bare.as_str()) || bare.is_empty() {
            break;
        }
        if index > 0 && !word.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        taken += 1;
        if word.ends_with([',', '.', ';', ':', '!', '?', ')']) {
            break;
        }
    }
    taken
}

/// A UK phone number: 0 and 9 or 10 more digits, or +44 and 9 or 10 digits.
fn valid_phone(candidate: &str) -> bool {
    let all = digits(&candidate.replace("(0)", ""));
    if candidate.trim_start().starts_with('+') {
        return all.starts_with(&[4, 4]) && (11..=12).contains(&all.len());
    }
    all.first() == Some(&0) && (10..=11).contains(&all.len()) && all.get(1) != Some(&0)
}

impl Redactor {
    pub fn new() -> Self {
        let date = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4})";
        Self {
            email: Regex::new(r"(?i)\b[a-z0-9][a-z0-9._%+'-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b").expect("valid pattern"),
            nhs_number: Regex::new(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b").expect("valid pattern"),
            phone: Regex::new(r"(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(0|\b0)\d[\d\s()-]{7,14}\d").expect("valid pattern"),
            postcode: Regex::new(r"(?i)\b[a-z]{1,2}\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{2}\b").expect("valid pattern"),
            date_of_birth: Regex::new(&format!(r"(?i)(\b(?:d\.?\s?o\.?\s?b\.?|date of birth|birth ?date|born(?: on)?)(?:\s+is)?\s*[:\-]?\s*){date}")).expect("valid pattern"),
            // the cue, then up to three words; which of them are the name is decided in
            // `name_words` (a stop word ends it)
            name: Regex::new(r"((?i:\bmy name is|\bmy name['\x{2019}]s|\bi['\x{2019}]m called|\bi am called|\bthis is)\s+)(\p{L}[\p{L}'\x{2019}\-]*(?:\s+\p{L}[\p{L}'\x{2019}\-]*){0,3})").expect("valid pattern"),
        }
    }

    /// The text with personal data replaced by markers, and what was replaced.
    pub fn redact<'a>(&self, text: &'a str) -> (Cow<'a, str>, RedactionCounts) {
        let mut counts = RedactionCounts::new();
        let mut current: Cow<'a, str> = Cow::Borrowed(text);
        let mut apply = |current: &mut Cow<'a, str>,
                         marker: &'static str,
                         regex: &Regex,
                         keep: &dyn Fn(&Captures) -> Option<String>| {
            let mut replaced = 0;
            let next = regex.replace_all(current, |captures: &Captures| match keep(captures) {
                Some(replacement) => {
                    replaced += 1;
                    replacement
                }
                None => captures[0].to_string(),
            });
            if replaced > 0 {
                *counts.entry(marker).or_default() += replaced;
                *current = Cow::Owned(next.into_owned());
            }
        };
        apply(&mut current, "email", &self.email, &|_| {
            Some("[email]".into())
        });
        apply(&mut current, "nhs number", &self.nhs_number, &|c| {
            valid_nhs_number(&digits(&c[0])).then(|| "[nhs number]".into())
        });
        apply(&mut current, "date of birth", &self.date_of_birth, &|c| {
            Some(format!("{}[date of birth]", &c[1]))
        });
        apply(&mut current, "phone", &self.phone, &|c| {
            // trim trailing digit groups that belong to the text, not the number
            let mut candidate = c[0].trim_end_matches([' ', '-', '(', ')']).to_string();
            loop {
                if valid_phone(&candidate) {
                    let rest = &c[0][candidate.len()..];
                    return Some(format!("[phone]{rest}"));
                }
                match candidate.rfind([' ', '-']) {
                    Some(cut) if digits(&candidate[..cut]).len() >= 10 => candidate.truncate(cut),
                    _ => return None,
                }
            }
        });
        apply(&mut current, "postcode", &self.postcode, &|_| {
            Some("[postcode]".into())
        });
        apply(&mut current, "name", &self.name, &|c| {
            let words = &c[2];
            let taken = name_words(words);
            // where the last word of the name ends, its trailing punctuation left out
            let last = words.split_whitespace().take(taken).last()?;
            let start = words
                .match_indices(|ch: char| !ch.is_whitespace())
                .map(|(i, _)| i)
                .filter(|i| *i == 0 || words[..*i].ends_with(char::is_whitespace))
                .nth(taken - 1)?;
            let end = start
                + last
                    .trim_end_matches([',', '.', ';', ':', '!', '?', ')'])
                    .len();
            let rest = &words[end..];
            // "this is X" is a name only when followed by "speaking" or "here"
            if c[1].trim_start().to_lowercase().starts_with("this is") {
                let next = rest.split_whitespace().next().map(str::to_lowercase);
                if !matches!(next.as_deref(), Some("speaking") | Some("here")) {
                    return None;
                }
            }
            Some(format!("{}[name]{rest}", &c[1]))
        });
        (current, counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(Redactor::new().redact(input).0, expected, "input: {input}");
    }

    #[test]
    fn redacts_personal_data() {
        check(
            "email me on jo.bloggs+nhs@Example.co.uk.",
            "email me on [email].",
        );
        check(
            "ring 07700 900123 or (0113) 496 0000",
            "ring [phone] or [phone]",
        );
        check(
            "my number is +44 7700 900123, ta",
            "my number is [phone], ta",
        );
        check("NHS no 943 476 5919", "NHS no [nhs number]");
        check(
            "lives at LS9 7TF near the park",
            "lives at [postcode] near the park",
        );
        check(
            "DOB 03/04/1961 and date of birth: 3 April 1961",
            "DOB [date of birth] and date of birth: [date of birth]",
        );
        check(
            "Hi, my name is Margaret Hill and I care for my husband",
            "Hi, my name is [name] and I care for my husband",
        );
        check("this is Dave Rowe speaking", "this is [name] speaking");
    }

    #[test]
    fn leaves_lookalikes_alone() {
        for text in [
            "the 16 bus to the LGI, ward 22",
            "appt on 03/04/2025 at 10:30",
            "metformin 500mg twice a day, co-codamol 30/500",
            "called 111 then rang 999, waited 111 minutes",
            "943 476 5918 is not valid",
            "my name was not on the list; I'm called back every week",
            "this is Harehills Lane",
            "the M62 and A1(M), LS99, COVID19",
            "discharged on 12/06/2024",
        ] {
            check(text, text);
        }
    }

    #[test]
    fn nhs_check_digit() {
        assert!(valid_nhs_number(&[9, 4, 3, 4, 7, 6, 5, 9, 1, 9]));
        assert!(!valid_nhs_number(&[9, 4, 3, 4, 7, 6, 5, 9, 1, 8]));
    }
}
