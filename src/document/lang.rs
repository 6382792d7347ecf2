//! Language tags: normalising declared ones and detecting undeclared ones.
//!
//! Every language in a [`Document`](super::Document) is a lowercase ISO 639-1
//! code (`fr`, `en`) when one exists, or `und` ("undetermined", the ISO 639-2
//! code for it) when the language is unknown. Region and script subtags are
//! dropped: the geoparser's rules are per language, not per country.
//!
//! Detection uses `whatlang`, a trigram model that needs no data files. It is
//! good on a paragraph and unreliable on a line, so short texts and detections
//! that whatlang itself marks as unsure give `und` rather than a guess. Only the
//! first 20,000 characters are looked at: a news article's language does not
//! change halfway, and a 50 MB file should not take seconds.

use whatlang::Lang;

/// The code for an undetermined language.
pub const UNDETERMINED: &str = "und";

/// Fewer letters than this and we do not guess.
const MIN_LETTERS: usize = 40;

/// How many characters detection looks at.
const SAMPLE_CHARS: usize = 20_000;

/// Detects the language of `text`: an ISO 639-1 code such as `fr` or `en`, or
/// `und` when the text is too short or the detection unsure.
pub fn detect_language(text: &str) -> String {
    let end = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let sample = &text[..end];
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return UNDETERMINED.to_string();
    }
    // whatlang's own "reliable" threshold (0.9) rejects most short paragraphs;
    // its confidence already accounts for the text length, so a lower bar is
    // enough for the few hundred characters of a news brief.
    let enough = if letters >= 200 { 0.5 } else { 0.8 };
    match whatlang::detect(sample).filter(|i| i.confidence() >= enough || i.is_reliable()) {
        Some(info) => iso639_1(info.lang()).to_string(),
        // No detection, or an unsure one on a short text: French and English differ in
        // their commonest words.
        None => function_word_vote(sample)
            .unwrap_or(UNDETERMINED)
            .to_string(),
    }
}

/// French or English by their function words, when one clearly outnumbers the other
/// (at least three hits and twice as many as the other language).
fn function_word_vote(sample: &str) -> Option<&'static str> {
    const FR: [&str; 16] = [
        "le", "la", "les", "des", "du", "un", "une", "et", "est", "dans", "pour", "sur", "qui",
        "que", "au", "aux",
    ];
    const EN: [&str; 16] = [
        "the", "of", "and", "to", "in", "is", "was", "for", "on", "that", "with", "by", "at",
        "from", "his", "her",
    ];
    let (mut fr, mut en) = (0usize, 0usize);
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let w = w.to_lowercase();
        fr += FR.contains(&w.as_str()) as usize;
        en += EN.contains(&w.as_str()) as usize;
    }
    if fr >= 3 && fr >= 2 * en {
        Some("fr")
    } else if en >= 3 && en >= 2 * fr {
        Some("en")
    } else {
        None
    }
}

/// Normalises a declared language tag (`fr-FR`, `fr_FR`, `FR`, `fra`, `fre`)
/// to its primary language as ISO 639-1 (`fr`). Returns `None` for tags that
/// name no language (`und`, `mul`, `zxx`, `x-default`, empty, junk).
pub fn normalize_language_tag(tag: &str) -> Option<String> {
    let primary = tag
        .trim()
        .split(['-', '_', ',', ';', ' '])
        .next()?
        .to_ascii_lowercase();
    if !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    match primary.len() {
        2 => Some(primary),
        3 => {
            if matches!(primary.as_str(), "und" | "mul" | "zxx" | "mis") {
                return None;
            }
            let code = match primary.as_str() {
                // ISO 639-2/B codes, still found in old metadata.
                "fre" => "fra",
                "ger" => "deu",
                "dut" => "nld",
                "cze" => "ces",
                "gre" => "ell",
                "chi" | "zho" => "cmn",
                "per" | "fas" => "pes",
                "rum" => "ron",
                "arm" => "hye",
                "geo" => "kat",
                "mac" => "mkd",
                "slo" => "slk",
                "wel" => "cym",
                "nor" => "nob",
                other => other,
            };
            // A three-letter code with a two-letter equivalent becomes that;
            // others (e.g. "ast") stay as they are.
            Some(match Lang::from_code(code) {
                Some(lang) => iso639_1(lang).to_string(),
                None => primary,
            })
        }
        _ => None,
    }
}

/// The ISO 639-1 code of a whatlang language.
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_french_and_english() {
        let fr = "Le gouvernement a annoncé mardi la fermeture de l'aéroport pendant \
                  trois jours, selon un communiqué publié dans la soirée par le ministère.";
        let en = "The government announced on Tuesday that the airport would close for \
                  three days, according to a statement released by the ministry.";
        assert_eq!(detect_language(fr), "fr");
        assert_eq!(detect_language(en), "en");
        let de = "Die Regierung hat am Dienstag angekündigt, dass der Flughafen für drei \
                  Tage geschlossen wird, wie das Ministerium am Abend mitteilte.";
        assert_eq!(detect_language(de), "de");
    }

    #[test]
    fn short_or_empty_text_is_undetermined() {
        assert_eq!(detect_language(""), "und");
        assert_eq!(detect_language("Paris"), "und");
        assert_eq!(detect_language("12 345 678 -- 9"), "und");
        assert_eq!(detect_language("Bagdad, 8 janvier."), "und");
    }

    #[test]
    fn function_words_decide_short_texts() {
        assert_eq!(
            function_word_vote("Le maire de Tours et les élus sont dans la rue."),
            Some("fr")
        );
        assert_eq!(
            function_word_vote("The mayor of Tours was in the town hall."),
            Some("en")
        );
        assert_eq!(function_word_vote("Tours, Paris, Lyon"), None);
    }

    #[test]
    fn every_whatlang_language_has_a_two_letter_code() {
        for &lang in Lang::all() {
            let code = iso639_1(lang);
            assert_eq!(code.len(), 2, "{lang:?}");
            assert_eq!(normalize_language_tag(lang.code()).as_deref(), Some(code));
        }
    }

    #[test]
    fn normalizes_declared_tags() {
        let cases = [
            ("fr-FR", Some("fr")),
            ("fr_FR", Some("fr")),
            (" EN-gb ", Some("en")),
            ("fr", Some("fr")),
            ("fre", Some("fr")),
            ("fra", Some("fr")),
            ("ger", Some("de")),
            ("zh-Hant-TW", Some("zh")),
            ("ast", Some("ast")),
            ("und", None),
            ("x-default", None),
            ("", None),
            ("français", None),
            ("e", None),
            ("1234", None),
        ];
        for (tag, want) in cases {
            assert_eq!(normalize_language_tag(tag).as_deref(), want, "{tag:?}");
        }
    }
}
