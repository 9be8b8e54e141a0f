//! Personal data redaction: free text from surveys, workshop notes and reports that are
//! not public is redacted before it reaches the index. What becomes a marker:
//!
//! - `[email]`: email addresses, also spelt out ("jo dot smith at example dot com");
//! - `[handle]`: social media handles (`@jo_b`) and profile links (facebook.com/...);
//! - `[nhs number]`: ten digits whose modulus-11 check digit is right;
//! - `[ni number]`: National Insurance numbers (two letters, six digits, A-D);
//! - `[hospital number]`: a number after MRN, hospital or unit number, patient id;
//! - `[date of birth]`: a date after DOB, date of birth or born (a few words between);
//! - `[phone]`: UK numbers, spaced with spaces, dashes, dots or brackets, or +44;
//! - `[postcode]`, `[vehicle reg]` (current and prefix-style plates);
//! - `[address]`: a house or flat number with a street ("Flat 3, 22 Roundhay Road");
//! - `[name]`: a name given in a self-introduction ("my name is ...", "I'm called ..."),
//!   after a title (Mr, Mrs, Dr: the title stays), or after a relation or a role ("my
//!   neighbour Brenda", "the nurse, Tomasz,": the role stays).
//!
//! Bus and ward numbers, doses, times, appointment dates, 111/999, street names without
//! a house number, and staff roles without a name are left alone.

use crate::names::NameFinder;
use regex::{Captures, Regex};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Counts of redactions by marker.
pub type RedactionCounts = BTreeMap<&'static str, usize>;

/// The compiled patterns; build once, share between threads.
pub struct Redactor {
    email: Regex,
    spelt_email: Regex,
    profile: Regex,
    handle: Regex,
    nhs_number: Regex,
    ni_number: Regex,
    hospital_number: Regex,
    hospital_code: Regex,
    phone: Regex,
    postcode: Regex,
    vehicle: Regex,
    /// Registrations in any case or the older style ("yk66xwp", "ABC 123D"), taken only
    /// in a text that speaks of a registration, a plate or a car.
    vehicle_cued: Regex,
    vehicle_cue: Regex,
    address: Regex,
    date_of_birth: Regex,
    /// A full date right after a name, in brackets or after a comma ("Irene Walsh,
    /// 21/11/1936"): whose birth date it is goes without saying.
    date_after_name: Regex,
    name: Regex,
    names: NameFinder,
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
    /// The redactor, knowing `words` (the taxonomy's place names, say) are not names.
    pub fn with_known_words(words: impl IntoIterator<Item = String>) -> Self {
        Self {
            names: NameFinder::new(words),
            ..Self::new()
        }
    }

    /// The redactor for a corpus: the taxonomy's place names and their synonyms are
    /// words, not names ("Morley said no" is the town).
    pub fn for_taxonomy(taxonomy: &insight_model::Taxonomy) -> Self {
        let words = taxonomy
            .entries()
            .iter()
            .filter(|entry| entry.facet == insight_model::Facet::Place)
            .flat_map(|entry| {
                std::iter::once(entry.label.clone()).chain(entry.synonyms.iter().cloned())
            })
            .flat_map(|name| {
                name.split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            });
        Self::with_known_words(words)
    }

    /// Adds the first names of a list file (one per line, lower case) to the built-in
    /// list; an error says why the file cannot be used.
    pub fn with_first_names_file(mut self, path: &std::path::Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot be read ({e})"))?;
        let names: Vec<String> = text
            .lines()
            .map(|l| l.trim().to_lowercase())
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        if names.len() < 100 {
            return Err(format!(
                "holds {} names, not a first-name list",
                names.len()
            ));
        }
        self.names.add_first_names(names);
        // the English words beside it, if there
        if let Ok(words) = std::fs::read_to_string(path.with_file_name("english-words.txt")) {
            self.names.add_english_words(
                words
                    .lines()
                    .map(|w| w.trim().to_string())
                    .filter(|w| !w.is_empty()),
            );
        }
        Ok(self)
    }

    pub fn new() -> Self {
        let month = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
        // day month year ("2nd Jan '39"), month day year ("march 3rd 1966"), numeric
        let ordinal = r"(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))";
        let date = format!(
            r"(?:{ordinal}\s+(?:of\s+)?{month},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month},?\s+(?:\d{{4}}|['\x{{2019}}]\d{{2}})|{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
        );
        Self {
            email: Regex::new(r"(?i)\b[a-z0-9][a-z0-9._%+'-]*(?:@| @ )[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b").expect("valid pattern"),
            nhs_number: Regex::new(r"\b\d{3}[ .-]?\d{3}[ .-]?\d{4}\b").expect("valid pattern"),
            phone: Regex::new(r"(?:\+44[\s.-]?(?:\(0\)[\s.-]?)?|\(0|\b0)\d[\d\s().-]{7,14}\d").expect("valid pattern"),
            postcode: Regex::new(r"(?i)\b[a-z]{1,2}\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{2}\b").expect("valid pattern"),
            // the cue, then up to three short words ("is", "it's", "on the") or punctuation
            // the cue, then up to eight words in the same sentence ("born, if I remember
            // right, on", "date of birth (for the records)")
            date_of_birth: Regex::new(&format!(r"(?i)(\b(?:d[./]?\s?o[./]?\s?b\.?|date of birth|birth ?date|birthday|born)(?:\s*[:,\-]?\s*(?:is|was|it's|it\x{{2019}}s|its|it is|on|of|:|-)\b)*(?:\s*[:,\-\x{{2013}}\x{{2014}}()]?\s*[a-z'\x{{2019}}]{{1,10}}\b){{0,8}}?\s*[:,\-\x{{2013}}\x{{2014}}()]?\s*)(?:the\s+)?{date}")).expect("valid pattern"),
            date_after_name: Regex::new(&format!(r"(\[name\]\s*(?:,|\()\s*)(?:the\s+)?{date}")).expect("valid pattern"),
            spelt_email: Regex::new(r"(?i)\b[a-z0-9][a-z0-9_-]*(?:\s*(?:\.|\bdot\b|\[dot\]|\(dot\)|\bunderscore\b|\bdash\b|\bhyphen\b)\s*[a-z0-9_-]+)*\s*(?:\bat\b|\[at\]|\(at\))\s*[a-z0-9-]+(?:\s*(?:\bdot\b|\[dot\]|\(dot\))\s*[a-z]{2,})+\b").expect("valid pattern"),
            profile: Regex::new(r"(?i)\b(?:https?://)?(?:www\.|m\.|[a-z]{2}\.)?(?:facebook|fb|instagram|twitter|x|tiktok|linkedin|youtube|threads|snapchat)\.com/[^\s,;)\]]+").expect("valid pattern"),
            handle: Regex::new(r"(?:^|[\s(\[,;:])(@[A-Za-z_][A-Za-z0-9_.]{1,29}[A-Za-z0-9_])").expect("valid pattern"),
            ni_number: Regex::new(r"(?i)\b[a-z]{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?[a-d]\b").expect("valid pattern"),
            hospital_number: Regex::new(r"(?i)(\b(?:mrn|m\.r\.n\.?|hospital\s+(?:no|number|num|id)|hosp\.?\s+no|unit\s+(?:no|number)|patient\s+(?:id|no|number)|case\s+(?:note\s+)?(?:no|number)|k\s+number|wristband)\.?(?:\s+[a-z]{1,5}){0,4}?\s*(?:is|was)?\s*[:#\-]?\s*)([a-z]{0,3}-?(?:\d{0,2}\s?\d{5,10}|\d{3,5}\s\d{3,5})[a-z]?)\b").expect("valid pattern"),
            // unlabelled: letters then six to nine digits ("RR81234567", "MY5512098")
            hospital_code: Regex::new(r"\b[A-Z]{1,4}\d{6,9}\b").expect("valid pattern"),
            vehicle: Regex::new(r"\b(?:[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-HJ-PR-Y]\d{1,3}\s?[A-Z]{3})\b").expect("valid pattern"),
            vehicle_cued: Regex::new(r"(?i)\b(?:[a-z]{2}\d{2}\s?[a-z]{3}|[a-z]{3}\s?\d{1,3}\s?[a-z])\b").expect("valid pattern"),
            vehicle_cue: Regex::new(r"(?i)\b(?:reg|registration|number ?plate|plate|car|van|vehicle|pcn|penalty charge)\b").expect("valid pattern"),
            // a flat and its building ("Flat 11, Cedar Court, 2 Spen Lane"), "no. 8", then
            // a number and a street with its kind, or a Yorkshire "-gate" ("19 Westgate")
            address: Regex::new(r"(?i)\b(?:(?:flat|apartment|apt|unit|room)\s*\d+[a-z]?\s*,?\s+(?:(?:block|floor|house|building)\s+[a-z0-9]+\s*,?\s+)?(?:(?:[\p{L}'\x{2019}-]+\s+){1,3}(?:court|house|mansions|heights|towers?|lodge|mill|point|buildings)\s*,?\s+)?)?(?:no\.?\s*)?\d{1,4}[a-z]?(?:-\d{1,4}[a-z]?)?\s*,?\s+(?:(?:[\p{L}'\x{2019}-]+\s+){1,3}(?:road|rd|street|st|lane|ln|avenue|ave|drive|dr|close|crescent|cres|grove|gardens|gdns|terrace|terr|place|pl|way|court|ct|view|mount|walk|rise|green|square|sq|row|parade|mews|fold|croft|vale|approach|garth|wynd|chase|hill)|\p{Lu}\p{Ll}+gate)\b").expect("valid pattern"),
            // the cue, then up to three words; which of them are the name is decided in
            // `name_words` (a stop word ends it)
            names: NameFinder::new(Vec::new()),
            name: Regex::new(r"((?i:\bmy name is|\bmy name['\x{2019}]s|\bi['\x{2019}]m called|\bi am called|\bthis is)\s+)(\p{L}[\p{L}'\x{2019}\-]*(?:\s+\p{L}[\p{L}'\x{2019}\-]*){0,3})").expect("valid pattern"),
        }
    }

    /// The text with personal data replaced by markers, and what was replaced.
    pub fn redact<'a>(&self, text: &'a str) -> (Cow<'a, str>, RedactionCounts) {
        self.redact_keeping(text, &[])
    }

    /// [`Redactor::redact`], leaving the names of `public_figures` (a public source's
    /// list) as written: a name found stays when its words are a run of the words of one
    /// of them ("Brabin" and "Tracy Brabin" for "Tracy Brabin").
    pub fn redact_keeping<'a>(
        &self,
        text: &'a str,
        public_figures: &[String],
    ) -> (Cow<'a, str>, RedactionCounts) {
        let mut counts = RedactionCounts::new();
        let mut current: Cow<'a, str> = Cow::Borrowed(text);
        // most patterns need a digit, an "@" or a spelt "dot": text without them skips
        // those passes (most answers have no personal data at all)
        let has_digit = text.bytes().any(|b| b.is_ascii_digit());
        let has_at = text.contains('@');
        let lower_dot = text.contains("dot") || text.contains("DOT") || text.contains("Dot");
        let has_link = text.contains(".com/");
        let mut apply = |needed: bool,
                         current: &mut Cow<'a, str>,
                         marker: &'static str,
                         regex: &Regex,
                         keep: &dyn Fn(&Captures) -> Option<String>| {
            if !needed {
                return;
            }
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
        apply(has_at, &mut current, "email", &self.email, &|_| {
            Some("[email]".into())
        });
        apply(lower_dot, &mut current, "email", &self.spelt_email, &|c| {
            // spelt out: an "at" and a "dot" in words, not "meet at the station"
            let lower = c[0].to_lowercase();
            (lower.contains("dot") || lower.contains('.')).then(|| "[email]".into())
        });
        apply(has_link, &mut current, "handle", &self.profile, &|_| {
            Some("[handle]".into())
        });
        apply(has_at, &mut current, "handle", &self.handle, &|c| {
            let whole = &c[0];
            let handle = &c[1];
            Some(format!("{}[handle]", &whole[..whole.len() - handle.len()]))
        });
        apply(
            has_digit,
            &mut current,
            "nhs number",
            &self.nhs_number,
            &|c| valid_nhs_number(&digits(&c[0])).then(|| "[nhs number]".into()),
        );
        apply(
            has_digit,
            &mut current,
            "ni number",
            &self.ni_number,
            &|_| Some("[ni number]".into()),
        );
        apply(
            has_digit,
            &mut current,
            "hospital number",
            &self.hospital_number,
            &|c| Some(format!("{}[hospital number]", &c[1])),
        );
        let before_code = current.clone().into_owned();
        apply(
            has_digit,
            &mut current,
            "hospital number",
            &self.hospital_code,
            &|c| {
                // a form's, leaflet's or order's reference is not a patient's number
                let start = c.get(0).map_or(0, |m| m.start());
                let mut from = start.saturating_sub(30);
                while !before_code.is_char_boundary(from) {
                    from -= 1;
                }
                let window = before_code[from..start].to_lowercase();
                let reference = [
                    "ref", "form", "leaflet", "code", "version", "invoice", "order", "booking",
                    "tracking", "policy", "account",
                ]
                .iter()
                .any(|w| window.contains(w));
                (!reference).then(|| "[hospital number]".into())
            },
        );
        apply(
            has_digit,
            &mut current,
            "date of birth",
            &self.date_of_birth,
            &|c| Some(format!("{}[date of birth]", &c[1])),
        );
        apply(has_digit, &mut current, "phone", &self.phone, &|c| {
            // trim trailing digit groups that belong to the text, not the number
            // "(0113 496 0671)": a bracket round the whole number stays outside it
            let (open, whole) = match c[0].strip_prefix('(') {
                Some(rest) if !rest.contains(')') => ("(", rest),
                _ => ("", &c[0]),
            };
            let mut candidate = whole
                .trim_end_matches([' ', '-', '(', ')', '.'])
                .to_string();
            loop {
                if valid_phone(&candidate) {
                    let rest = &whole[candidate.len()..];
                    return Some(format!("{open}[phone]{rest}"));
                }
                match candidate.rfind([' ', '-', '.']) {
                    Some(cut) if digits(&candidate[..cut]).len() >= 10 => candidate.truncate(cut),
                    _ => return None,
                }
            }
        });
        apply(has_digit, &mut current, "postcode", &self.postcode, &|_| {
            Some("[postcode]".into())
        });
        apply(
            has_digit,
            &mut current,
            "vehicle reg",
            &self.vehicle,
            &|_| Some("[vehicle reg]".into()),
        );
        let cued = has_digit && self.vehicle_cue.is_match(&current);
        apply(
            cued,
            &mut current,
            "vehicle reg",
            &self.vehicle_cued,
            &|_| Some("[vehicle reg]".into()),
        );
        apply(has_digit, &mut current, "address", &self.address, &|c| {
            // "20 minutes up the road", "2 of us walked the lane": a number with words that
            // are not a street's name
            let text = c[0].to_lowercase();
            let skip = [
                "minutes", "minute", "min", "mins", "hours", "hour", "hr", "hrs", "of", "times",
                "time", "weeks", "week", "days", "day", "years", "year", "people", "buses", "bus",
                "ward", "bed", "route", "number", "miles", "mile", "yards", "yard", "metres",
                "metre", "steps", "stops", "stop", "the", "a", "up", "down", "along", "on", "in",
                "to", "from", "and", "at", "or", "was", "is", "we", "i",
            ];
            let words: Vec<&str> = text
                .split(|ch: char| !ch.is_alphanumeric() && ch != '\'')
                .filter(|w| !w.is_empty() && !w.chars().all(|ch| ch.is_ascii_digit()))
                .collect();
            // "19 Westgate": the street is one word
            if words.len() == 1
                || (words.len() == 2
                    && ["no", "flat", "apartment", "apt", "unit", "room"].contains(&words[0]))
            {
                return words
                    .last()
                    .is_some_and(|w| w.ends_with("gate") && w.len() > 5)
                    .then(|| "[address]".into());
            }
            let street_words = &words[..words.len().saturating_sub(1)];
            let named = street_words
                .iter()
                .filter(|w| !["flat", "apartment", "apt", "unit", "room"].contains(w))
                .collect::<Vec<_>>();
            (!named.is_empty() && !named.iter().any(|w| skip.contains(w)))
                .then(|| "[address]".into())
        });
        apply(true, &mut current, "name", &self.name, &|c| {
            let words = &c[2];
            // "My name is Mud": an everyday word, when the word list knows it
            if words.split_whitespace().next().is_some_and(|first| {
                self.names
                    .is_everyday_word(first.trim_end_matches([',', '.', ';', ':', '!', '?']))
            }) {
                return None;
            }
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
        // names in context and from the first-name list (`names`)
        let mut spans = self.names.find(&current);
        if !public_figures.is_empty() {
            let words = |text: &str| {
                let words: Vec<String> = text
                    .split(|c: char| {
                        !c.is_alphanumeric() && c != '\'' && c != '\u{2019}' && c != '-'
                    })
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                format!(" {} ", words.join(" "))
            };
            let figures: Vec<String> = public_figures.iter().map(|f| words(f)).collect();
            spans.retain(|(start, end)| {
                let name = words(&current[*start..*end]);
                name.trim().is_empty() || !figures.iter().any(|f| f.contains(&name))
            });
        }
        let names_found = spans.len();
        if !spans.is_empty() {
            let mut text = current.into_owned();
            for (start, end) in spans.into_iter().rev() {
                text.replace_range(start..end, "[name]");
            }
            current = Cow::Owned(text);
            apply(
                has_digit,
                &mut current,
                "date of birth",
                &self.date_after_name,
                &|c| Some(format!("{}[date of birth]", &c[1])),
            );
        }
        if names_found > 0 {
            *counts.entry("name").or_default() += names_found;
        }
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
