//! The language of a passage: stated (front matter `language:`, a survey's language
//! column), or detected from its text. Chinese, Japanese and Korean are told apart by
//! their scripts (whatlang calls kanji-only Japanese Mandarin, and kana settles it);
//! other languages by whatlang, trusted only when it is sure and the text is long
//! enough, since short English answers ("GP was great") are often misread, and asked
//! only about text with letters outside ASCII (plain ASCII stays the document's
//! language: whatlang would otherwise dominate the cost of parsing).

/// Letters below which a Latin-script detection is not trusted.
const MIN_DETECT_CHARS: usize = 40;

/// The ISO 639-1 code of a stated language: a code (`ja`, `jpn`) or an English name
/// ("Japanese", "Chinese (Traditional)", "Cantonese"); `None` when it is not known.
pub fn language_code(stated: &str) -> Option<String> {
    let lower = stated.trim().to_lowercase();
    let name = lower
        .split(['(', ',', '/', '-'])
        .next()
        .unwrap_or_default()
        .trim();
    let code = match name {
        "en" | "eng" | "english" => "en",
        "zh" | "zho" | "chi" | "cmn" | "yue" | "chinese" | "mandarin" | "cantonese" => "zh",
        "ja" | "jpn" | "japanese" => "ja",
        "ko" | "kor" | "korean" => "ko",
        "pl" | "pol" | "polish" => "pl",
        "ur" | "urd" | "urdu" => "ur",
        "pa" | "pan" | "punjabi" | "panjabi" => "pa",
        "bn" | "ben" | "bengali" | "bangla" => "bn",
        "ar" | "ara" | "arabic" => "ar",
        "ro" | "ron" | "rum" | "romanian" => "ro",
        "sk" | "slk" | "slovak" => "sk",
        "cs" | "ces" | "czech" => "cs",
        "lt" | "lit" | "lithuanian" => "lt",
        "lv" | "lav" | "latvian" => "lv",
        "bg" | "bul" | "bulgarian" => "bg",
        "hu" | "hun" | "hungarian" => "hu",
        "fa" | "fas" | "per" | "farsi" | "persian" => "fa",
        "ku" | "kur" | "kurdish" | "sorani" | "kurmanji" => "ku",
        "ti" | "tir" | "tigrinya" => "ti",
        "so" | "som" | "somali" => "so",
        "fr" | "fra" | "fre" | "french" => "fr",
        "es" | "spa" | "spanish" => "es",
        "pt" | "por" | "portuguese" => "pt",
        "it" | "ita" | "italian" => "it",
        "de" | "deu" | "ger" | "german" => "de",
        "tr" | "tur" | "turkish" => "tr",
        "gu" | "guj" | "gujarati" => "gu",
        "hi" | "hin" | "hindi" => "hi",
        "ta" | "tam" | "tamil" => "ta",
        "cy" | "cym" | "wel" | "welsh" => "cy",
        "uk" | "ukr" | "ukrainian" => "uk",
        "ru" | "rus" | "russian" => "ru",
        _ => return None,
    };
    Some(code.to_string())
}

fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)
}

/// The language a text is written in, when it can be told: `None` for text too short
/// or too mixed to call (the document's language stands).
pub fn detect(text: &str) -> Option<String> {
    let (mut kana, mut han, mut hangul, mut letters) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if is_kana(c) {
            kana += 1;
        } else if is_han(c) {
            han += 1;
        } else if is_hangul(c) {
            hangul += 1;
        }
    }
    let cjk = kana + han + hangul;
    // a passage mostly in English with a CJK name in it stays English
    if cjk >= 2 && cjk * 4 >= letters {
        return Some(
            if hangul >= kana + han {
                "ko"
            } else if kana > 0 {
                "ja"
            } else {
                "zh"
            }
            .to_string(),
        );
    }
    // whatlang is the costliest step of parsing (70% of a survey's time when it ran on
    // every answer); letters all in ASCII are read as the document's language
    // (English unless stated), which misses other languages typed without their
    // accents
    if letters < MIN_DETECT_CHARS || text.chars().all(|c| c.is_ascii() || !c.is_alphabetic()) {
        return None;
    }
    let info = whatlang::detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    language_code(info.lang().code())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<&str>) {
        assert_eq!(detect(text).as_deref(), expected, "{text}");
    }

    #[test]
    fn scripts_settle_chinese_japanese_and_korean() {
        check("我等了三个星期才看到医生", Some("zh"));
        check("我等了三個星期才看到醫生", Some("zh"));
        check("病院の待ち時間が長すぎて困っています", Some("ja"));
        check("병원 대기 시간이 너무 길어요", Some("ko"));
        check(
            "GP 등록하는 데 3주 걸렸어요. NHS app도 어려웠어요",
            Some("ko"),
        );
        check("paracetamolをもらうのに111に電話しました", Some("ja"));
    }

    #[test]
    fn short_or_unclear_text_is_left_to_the_document() {
        check("GP was great", None);
        check("Couldn't get a GP appointment for 3 weeks", None);
        check("We met Mr 王 at the Chinese community centre in Leeds on Tuesday afternoon to talk about GP access", Some("en"));
        check(
            "Everything was fine and the staff at the practice were kind and helpful to my mum",
            None,
        );
        check("Les infirmières étaient très gentilles mais l'attente aux urgences était beaucoup trop longue", Some("fr"));
        check("Czekałam trzy tygodnie na wizytę u lekarza rodzinnego, a potem odwołali termin bez słowa wyjaśnienia", Some("pl"));
    }

    #[test]
    fn stated_languages_become_codes() {
        for (stated, code) in [
            ("Chinese (Traditional)", Some("zh")),
            ("Cantonese", Some("zh")),
            ("ja", Some("ja")),
            ("Korean", Some("ko")),
            ("English", Some("en")),
            ("jpn", Some("ja")),
            ("Klingon", None),
        ] {
            assert_eq!(language_code(stated).as_deref(), code, "{stated}");
        }
    }
}
