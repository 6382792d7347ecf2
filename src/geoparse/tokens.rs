//! Splitting text into the tokens the geoparser reasons about.
//!
//! A token is a word (letters, digits and combining marks), an abbreviation with its full
//! stops (`U.S.`, `D.C.`, `St.`), a French elision (`l'`, `d’`, `qu'`), an English clitic
//! (`'s`) or one punctuation character. Each token keeps its byte span in the original
//! text, its folded key (see [`crate::text::name_key`]), its case, whether it starts a
//! sentence, and what separates it from the previous token (a space, a hyphen, nothing,
//! or something that breaks a name: punctuation, a line break).
//!
//! The text is never modified: spans point into the caller's string, so offsets survive.

use crate::text::fold_char_into;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// First letter upper case, some lower case letters: `Erbil`, `McAllen`.
    Title,
    /// Every letter upper case: `UK`, `BAGHDAD`, `U.S.`.
    Upper,
    /// First letter lower case: `nord`, `al`.
    Lower,
    /// No letter: numbers, punctuation.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// A French elision: `l'`, `d’`, `qu'`, `jusqu'`.
    Elision,
    /// An English clitic: `'s`, `’s`.
    Clitic,
    Number,
    Punct,
}

/// What lies between a token and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Nothing (after an elision, or the very first token).
    None,
    /// Spaces or tabs on one line.
    Space,
    /// A hyphen (with no spaces around it).
    Hyphen,
    /// A line break or anything else.
    Break,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub case: Case,
    pub gap: Gap,
    /// First token of a sentence (after . ! ? : or a line break, or at the start).
    pub sentence_start: bool,
    /// Folded form, for lookups.
    pub key: String,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn is_cap(&self) -> bool {
        matches!(self.case, Case::Title | Case::Upper)
    }
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

const ELISIONS: [&str; 13] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Words written with a full stop that belongs to them ("St. Louis", "Mt. Hood"). "me"
/// (French "Me", Maître) only counts capitalized: English "told me." ends a sentence.
const DOTTED: [&str; 30] = [
    "st", "ste", "mt", "ft", "pt", "dr", "mr", "mrs", "ms", "jr", "sr", "gen", "gov", "sen", "rep",
    "col", "lt", "sgt", "capt", "prof", "rev", "hon", "mm", "mme", "mmes", "mlle", "me", "pr",
    "adm", "maj",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

fn case_of(s: &str) -> Case {
    let mut first = None;
    let mut any_lower = false;
    let mut any_letter = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            any_letter = true;
            if first.is_none() {
                first = Some(c.is_uppercase());
            }
            if c.is_lowercase() {
                any_lower = true;
            }
        }
    }
    match (any_letter, first) {
        (false, _) => Case::None,
        (true, Some(true)) if !any_lower => Case::Upper,
        (true, Some(true)) => Case::Title,
        _ => Case::Lower,
    }
}

fn key_of(s: &str) -> String {
    let mut k = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char_into(c, &mut k);
    }
    k
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 5);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let mut i = 0;
    let mut gap = Gap::None;
    let mut sentence_start = true;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            // Line breaks in the run ("\r\n" counts once, a lone "\r" too).
            let mut lines = 0;
            while i < n && chars[i].1.is_whitespace() {
                let c = chars[i].1;
                if c == '\n' || (c == '\r' && chars.get(i + 1).is_none_or(|x| x.1 != '\n')) {
                    lines += 1;
                }
                i += 1;
            }
            if lines > 0 {
                gap = Gap::Break;
                // A line break starts a sentence after a blank line or where the line
                // before ended one ("." and the like set that already). A wrapped line
                // (newspapers, plain-text mail) goes on with its sentence: its first word
                // is capitalized only if it is a name.
                if lines > 1 || out.is_empty() {
                    sentence_start = true;
                }
            } else if gap != Gap::Break {
                gap = Gap::Space;
            }
            continue;
        }
        if is_word_char(c) {
            // A run of word characters, possibly with inner apostrophes.
            let s = i;
            let mut j = i;
            // Letters and digits glued together in scanned text ("615Allemagne") are two
            // tokens.
            let digit = c.is_numeric();
            while j < n
                && is_word_char(chars[j].1)
                && (chars[j].1.is_numeric() == digit || !chars[j].1.is_alphanumeric())
            {
                j += 1;
            }
            // A word broken at the end of a line with "¬" ("Allema¬ gne") is one word.
            if j < n && chars[j].1 == '¬' && !digit {
                let mut k = j + 1;
                while k < n && chars[k].1.is_whitespace() {
                    k += 1;
                }
                if k < n && chars[k].1.is_lowercase() {
                    let mut e = k;
                    while e < n && is_word_char(chars[e].1) && !chars[e].1.is_numeric() {
                        e += 1;
                    }
                    let mut key = key_of(&text[byte_at(s)..byte_at(j)]);
                    key.push_str(&key_of(&text[byte_at(k)..byte_at(e)]));
                    let w = &text[byte_at(s)..byte_at(j)];
                    out.push(Token {
                        start: byte_at(s),
                        end: byte_at(e),
                        kind: Kind::Word,
                        case: case_of(w),
                        gap,
                        sentence_start,
                        key,
                    });
                    sentence_start = false;
                    gap = Gap::Space;
                    i = e;
                    continue;
                }
            }
            let word = &text[byte_at(s)..byte_at(j)];
            // French elision: l'Irak, d’Erbil, qu'il.
            if j + 1 < n && is_apostrophe(chars[j].1) && is_word_char(chars[j + 1].1) {
                let lower = word.to_lowercase();
                // "L'Irak" and "D'autres" start sentences; "N'Djamena" is one name.
                let name_like = word.chars().next().is_some_and(char::is_uppercase)
                    && !matches!(
                        lower.as_str(),
                        "l" | "d" | "qu" | "jusqu" | "lorsqu" | "puisqu"
                    )
                    && chars[j + 1].1.is_uppercase();
                if ELISIONS.contains(&lower.as_str()) && !name_like {
                    let mut key = lower.clone();
                    key.push('\'');
                    out.push(Token {
                        start: byte_at(s),
                        end: byte_at(j + 1),
                        kind: Kind::Elision,
                        case: case_of(word),
                        gap,
                        sentence_start,
                        key,
                    });
                    sentence_start = false;
                    gap = Gap::None;
                    i = j + 1;
                    continue;
                }
                // English clitic 's: Iraq's.
                let k = j + 1;
                let mut e = k;
                while e < n && is_word_char(chars[e].1) {
                    e += 1;
                }
                let rest = &text[byte_at(k)..byte_at(e)];
                if rest == "s" || rest == "S" {
                    push_word(&mut out, text, byte_at(s), byte_at(j), gap, sentence_start);
                    out.push(Token {
                        start: byte_at(j),
                        end: byte_at(e),
                        kind: Kind::Clitic,
                        case: Case::Lower,
                        gap: Gap::None,
                        sentence_start: false,
                        key: "'s".into(),
                    });
                    sentence_start = false;
                    gap = Gap::Space;
                    i = e;
                    continue;
                }
                // O'Hare, Xi'an, N'Djamena: one word.
                push_word(&mut out, text, byte_at(s), byte_at(e), gap, sentence_start);
                sentence_start = false;
                gap = Gap::Space;
                i = e;
                continue;
            }
            // Abbreviations with full stops: U.S., D.C., N.Y., St.
            if j < n && chars[j].1 == '.' {
                let single_upper = j - s == 1 && c.is_uppercase();
                if single_upper {
                    // Extend over X.Y.Z.
                    let mut e = j + 1;
                    while e + 1 < n && chars[e].1.is_uppercase() && chars[e + 1].1 == '.' {
                        e += 2;
                    }
                    if e > j + 1 {
                        push_word(&mut out, text, byte_at(s), byte_at(e), gap, sentence_start);
                        // A sentence may end on the abbreviation ("... in the U.S. He said"):
                        // the next token starts a sentence only if capitalized after a space
                        // and the abbreviation is not a common prefix; we leave it false.
                        sentence_start = false;
                        gap = Gap::Space;
                        i = e;
                        continue;
                    }
                }
                let lower = word.to_lowercase();
                let dotted =
                    DOTTED.contains(&lower.as_str()) && (lower != "me" || c.is_uppercase());
                // An initial ("George W. Bush", "M. Gambetta") keeps its stop and does not
                // end the sentence.
                if dotted || single_upper {
                    push_word(
                        &mut out,
                        text,
                        byte_at(s),
                        byte_at(j + 1),
                        gap,
                        sentence_start,
                    );
                    sentence_start = false;
                    gap = Gap::Space;
                    i = j + 1;
                    continue;
                }
            }
            push_word(&mut out, text, byte_at(s), byte_at(j), gap, sentence_start);
            sentence_start = false;
            gap = Gap::Space;
            i = j;
            continue;
        }
        // Punctuation.
        if is_hyphen(c) && gap == Gap::Space && out.last().is_some_and(|t| t.end == byte_at(i)) {
            // A hyphen glued to the previous word and the next: a hyphenated compound.
            if i + 1 < n && is_word_char(chars[i + 1].1) {
                gap = Gap::Hyphen;
                i += 1;
                continue;
            }
        }
        let start = byte_at(i);
        let end = byte_at(i + 1);
        out.push(Token {
            start,
            end,
            kind: Kind::Punct,
            case: Case::None,
            gap,
            sentence_start: false,
            key: text[start..end].to_string(),
        });
        if matches!(c, '.' | '!' | '?' | ':' | ';' | '…' | '•') {
            sentence_start = true;
        } else if !matches!(
            c,
            '"' | '«' | '»' | '“' | '”' | '(' | '[' | '\'' | '‘' | '’' | '-' | '—' | '–'
        ) {
            sentence_start = false;
        }
        gap = Gap::Break;
        i += 1;
    }
    out
}

fn push_word(out: &mut Vec<Token>, text: &str, s: usize, e: usize, gap: Gap, sentence_start: bool) {
    let w = &text[s..e];
    let kind = if w.chars().all(|c| c.is_ascii_digit()) {
        Kind::Number
    } else {
        Kind::Word
    };
    out.push(Token {
        start: s,
        end: e,
        kind,
        case: case_of(w),
        gap,
        sentence_start,
        key: key_of(w),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<(String, Kind, Gap)> {
        tokenize(t)
            .into_iter()
            .map(|k| (t[k.start..k.end].to_string(), k.kind, k.gap))
            .collect()
    }

    #[test]
    fn elisions_either_apostrophe() {
        let w = words("l'Irak et d’Erbil, qu’il");
        assert_eq!(w[0], ("l'".into(), Kind::Elision, Gap::None));
        assert_eq!(w[1], ("Irak".into(), Kind::Word, Gap::None));
        assert_eq!(w[3], ("d’".into(), Kind::Elision, Gap::Space));
        assert_eq!(w[4], ("Erbil".into(), Kind::Word, Gap::None));
        assert_eq!(w[6].1, Kind::Elision);
    }

    #[test]
    fn hyphenated_pairs_and_names() {
        let w = words("Washington-Bagdad et Aïn al-Assad");
        assert_eq!(w[0].0, "Washington");
        assert_eq!(w[1], ("Bagdad".into(), Kind::Word, Gap::Hyphen));
        assert_eq!(w[4], ("al".into(), Kind::Word, Gap::Space));
        assert_eq!(w[5], ("Assad".into(), Kind::Word, Gap::Hyphen));
    }

    #[test]
    fn abbreviations_keep_their_stops() {
        let w = words("the U.S. and St. Louis, Washington, D.C.");
        assert!(w.iter().any(|x| x.0 == "U.S."));
        assert!(w.iter().any(|x| x.0 == "St."));
        assert!(w.iter().any(|x| x.0 == "D.C."));
    }

    #[test]
    fn clitics_and_inner_apostrophes() {
        let w = words("Iraq's oil and O'Hare in N'Djamena");
        assert_eq!(w[0].0, "Iraq");
        assert_eq!(w[1].1, Kind::Clitic);
        assert!(w.iter().any(|x| x.0 == "O'Hare"));
        assert!(w.iter().any(|x| x.0 == "N'Djamena"));
    }

    #[test]
    fn sentence_starts() {
        let t = tokenize("Il pleut. Tours est loin.\nNord");
        let starts: Vec<&str> = t
            .iter()
            .filter(|k| k.sentence_start)
            .map(|k| k.key.as_str())
            .collect();
        assert_eq!(starts, ["il", "tours", "nord"]);
        assert!(t[0].sentence_start);
        assert!(
            t.iter()
                .find(|k| k.key == "tours")
                .is_some_and(|k| k.sentence_start)
        );
    }

    #[test]
    fn a_wrapped_line_goes_on_with_its_sentence() {
        let starts = |t: &str| -> Vec<String> {
            tokenize(t)
                .into_iter()
                .filter(|k| k.sentence_start)
                .map(|k| t[k.start..k.end].to_string())
                .collect()
        };
        // A line wrapped mid-sentence, "\r\n" or not.
        assert_eq!(starts("Ils regagnent les\nGrands Moulins."), ["Ils"]);
        assert_eq!(starts("Ils regagnent les\r\nGrands Moulins."), ["Ils"]);
        // After a full stop, a blank line or a lone "\r", a line starts a sentence.
        assert_eq!(starts("Fin.\nNord"), ["Fin", "Nord"]);
        assert_eq!(starts("Titre\n\nNord"), ["Titre", "Nord"]);
        assert_eq!(starts("Titre\r\n\r\nNord"), ["Titre", "Nord"]);
        assert_eq!(starts("Titre\r\rNord"), ["Titre", "Nord"]);
    }

    #[test]
    fn lower_case_me_ends_a_sentence() {
        let t = tokenize("He told me. Then Paris fell.");
        let starts: Vec<&str> = t
            .iter()
            .filter(|k| k.sentence_start)
            .map(|k| k.key.as_str())
            .collect();
        assert_eq!(starts, ["he", "then"]);
        assert!(t.iter().any(|k| k.key == "me" && k.end - k.start == 2));
        // French "Me" (Maître) keeps its stop and does not end the sentence.
        let w = words("Selon Me. Dupont, non.");
        assert!(w.iter().any(|x| x.0 == "Me."));
        assert!(
            tokenize("Selon Me. Dupont, non.")
                .iter()
                .all(|k| k.key != "dupont" || !k.sentence_start)
        );
    }

    #[test]
    fn scanned_text_quirks() {
        let w = words("547.888France et l'Allema¬ gne");
        assert!(w.iter().any(|x| x.0 == "France"));
        let t = tokenize("l'Allema¬ gne");
        assert!(t.iter().any(|k| k.key == "allemagne"));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "", "'", "l'", "-", "a-", "U.", "’s", "\u{301}", "x\r\ny", "...", "a¬", "a¬ ", "1¬b",
            "¬",
        ] {
            let _ = tokenize(t);
        }
    }
}
