//! Text primitives shared by the gazetteer and the geoparser: the name key, character
//! classes, and byte-to-character offset conversion; and the XML escaping of the SVG and
//! KML writers.
//!
//! # The name key
//!
//! A place name in the gazetteer and a run of words in an article meet through one
//! function, [`name_key`]. It lower-cases, removes diacritics (Aïn → ain, Téhéran →
//! teheran), folds the letters that Unicode does not decompose (ß, æ, œ, ø, ł, đ, ı),
//! unifies apostrophes (’ ‘ ʼ ´ → '), turns hyphens and dashes into spaces (so
//! "Saint-Denis" and "Saint Denis" meet), drops full stops and commas ("U.S." → "us",
//! "Washington, D.C." → "washington dc") and collapses spaces. Both sides must use the
//! same function: the gazetteer is built with it and the geoparser looks up with it.
//!
//! The key is deliberately lossy: it trades a few false meetings (the key "us" is both
//! "U.S." and the pronoun "us") for recall across spellings; the geoparser takes care of
//! case and context, the key only decides which names can meet at all.
//!
//! # Offsets
//!
//! Rust strings are indexed in bytes; the outside world (the evaluation, W3C Web
//! Annotation, Python) counts Unicode scalar values. [`CharIndex`] converts byte offsets
//! to character offsets in O(log n) after one O(n) pass.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Appends the folded form of one character to `out` (see the module doc).
#[inline]
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        match c {
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            '-' | '_' | '/' => out.push(' '),
            '.' | ',' => {}
            '`' => out.push('\''),
            c if c.is_ascii_whitespace() => out.push(' '),
            c => out.push(c),
        }
        return;
    }
    match c {
        '’' | '‘' | 'ʼ' | '´' | 'ʻ' | '′' | 'ʹ' => out.push('\''),
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => out.push(' '),
        'ß' | 'ẞ' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
        'ı' => out.push('i'),
        'þ' | 'Þ' => out.push_str("th"),
        'ħ' | 'Ħ' => out.push('h'),
        '\u{a0}' | '\u{2009}' | '\u{202f}' => out.push(' '),
        c => {
            for d in c.nfd() {
                if is_combining_mark(d) {
                    continue;
                }
                for l in d.to_lowercase() {
                    out.push(l);
                }
            }
        }
    }
}

/// The lookup key of a name: see the module documentation.
pub fn name_key(s: &str) -> String {
    let mut raw = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char_into(c, &mut raw);
    }
    collapse_spaces(&raw)
}

/// Trims and collapses runs of spaces into one.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// True when a word starts with an upper-case letter.
#[inline]
pub fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// True when every letter of the word is upper case and it has at least one letter.
pub fn is_all_caps(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars() {
        if c.is_alphabetic() {
            if c.is_lowercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters > 0
}

/// True for letters of the Latin script (and digits, spaces, punctuation): the names a
/// French or English article can contain as written.
pub fn is_latin_text(s: &str) -> bool {
    s.chars().all(|c| {
        !c.is_alphabetic()
            || c.is_ascii_alphabetic()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    })
}

/// Converts byte offsets of one string into character (Unicode scalar) offsets.
pub struct CharIndex {
    /// Byte offsets of every non-ASCII character, with the count of extra bytes
    /// accumulated before it; empty for ASCII text, where the mapping is the identity.
    marks: Vec<(usize, usize)>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut marks = Vec::new();
        let mut extra = 0;
        for (b, c) in text.char_indices() {
            let l = c.len_utf8();
            if l > 1 {
                extra += l - 1;
                marks.push((b, extra));
            }
        }
        CharIndex { marks }
    }

    /// The character offset of byte offset `byte` (which must be a char boundary).
    pub fn char_of(&self, byte: usize) -> usize {
        // Number of extra bytes from characters that start before `byte`.
        let i = self.marks.partition_point(|&(b, _)| b < byte);
        if i == 0 {
            byte
        } else {
            byte - self.marks[i - 1].1
        }
    }
}

/// Converts a character offset to a byte offset (clamped to the end of the text).
pub fn byte_of_char(text: &str, ch: usize) -> usize {
    text.char_indices().nth(ch).map_or(text.len(), |(b, _)| b)
}

/// Writes `n` with `sep` between groups of three digits: 50000001 with ' ' gives
/// "50 000 001".
pub fn group_digits(n: u64, sep: char) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3 * sep.len_utf8());
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Appends `s` escaped for XML text and attribute values (`&`, `<`, `>`, `"`, `'`),
/// leaving out the control characters XML 1.0 cannot hold (tab and line breaks stay).
/// Shared by the SVG and KML writers.
pub fn xml_escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

/// [`xml_escape_into`] a new string.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    xml_escape_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_accents_case_and_punctuation() {
        assert_eq!(name_key("Aïn al-Assad"), "ain al assad");
        assert_eq!(name_key("Téhéran"), "teheran");
        assert_eq!(name_key("U.S."), "us");
        assert_eq!(name_key("Washington, D.C."), "washington dc");
        assert_eq!(name_key("Côte d’Ivoire"), "cote d'ivoire");
        assert_eq!(name_key("  Saint–Denis  "), "saint denis");
        assert_eq!(name_key("Straße"), "strasse");
        assert_eq!(name_key("Łódź"), "lodz");
        assert_eq!(name_key("Œuf"), "oeuf");
        assert_eq!(name_key("İstanbul"), "istanbul");
        assert_eq!(name_key("ÉTATS-UNIS"), "etats unis");
    }

    #[test]
    fn nfd_input_gets_the_same_key() {
        let composed = "Bogotá";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(name_key(composed), name_key(&decomposed));
    }

    #[test]
    fn capitalization() {
        assert!(is_capitalized("Erbil"));
        assert!(is_capitalized("États"));
        assert!(!is_capitalized("nord"));
        assert!(is_all_caps("UK"));
        assert!(is_all_caps("U.S."));
        assert!(!is_all_caps("Us"));
        assert!(!is_all_caps("123"));
    }

    #[test]
    fn latin_script() {
        assert!(is_latin_text("Bagdad"));
        assert!(is_latin_text("Łódź, São Paulo"));
        assert!(!is_latin_text("بغداد"));
        assert!(!is_latin_text("Москва"));
    }

    #[test]
    fn char_index_matches_char_counts() {
        let t = "l’Irak à Bagdad — Erbil";
        let ci = CharIndex::new(t);
        for (b, _) in t.char_indices() {
            assert_eq!(ci.char_of(b), t[..b].chars().count());
        }
        assert_eq!(ci.char_of(t.len()), t.chars().count());
        assert_eq!(byte_of_char(t, 2), "l’".len());
    }

    #[test]
    fn digit_groups() {
        assert_eq!(group_digits(0, ' '), "0");
        assert_eq!(group_digits(999, ' '), "999");
        assert_eq!(group_digits(50_000_001, ' '), "50 000 001");
        assert_eq!(group_digits(9926, '\u{202f}'), "9\u{202f}926");
    }
}
