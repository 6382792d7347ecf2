//! Sentence segmentation over the geoparser's tokens.
//!
//! A sentence ends at `.`, `!`, `?`, `…` or `;` that is followed by white space (and, optionally,
//! closing quotes or brackets) and then by something that can start a sentence: a capital,
//! a digit, an opening quote or dash, or the end of the text. It does not end when the full
//! stop belongs to an abbreviation: the tokenizer already keeps the stop of initials and
//! titles (`M.`, `U.S.`, `Gen.`), and `abbreviations.txt` lists the others (`Jan.`, `env.`).
//!
//! Line breaks: a blank line always ends a sentence and a paragraph; a single line break
//! does too (plain-text articles put one paragraph per line, headlines stand alone), unless
//! it obviously wraps a sentence: the line ends on a comma, or on a lower-case word and the
//! next line starts in lower case.
//!
//! A semicolon ends a sentence too: for events it separates independent clauses ("drone
//! strike hits convoy; Tehran denies arming the group") whose sources must not mix.
//!
//! Trade-offs: no statistical model (Punkt-style) and no language model, so "in the U.S. He
//! said" stays one sentence, and a quote with inner full stops is cut inside the quote. For
//! event extraction a sentence that is slightly too long costs little (the event's clauses
//! decide its place), while a sentence cut after "M." would separate a source from its verb.

use crate::geoparse::tokens::{Gap, Kind, Token};

use super::lexicon::EventLexicon;

/// A sentence: tokens `tok_start..tok_end`, bytes `start..end`, and its paragraph number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tok_start: usize,
    pub tok_end: usize,
    pub paragraph: usize,
}

const CLOSERS: [&str; 8] = ["»", "\"", "”", "’", "'", ")", "]", "›"];
const OPENERS: [&str; 9] = ["«", "\"", "“", "‘", "(", "[", "—", "–", "-"];

fn newlines_between(text: &str, a: usize, b: usize) -> usize {
    text.get(a..b)
        .map_or(0, |s| s.bytes().filter(|&c| c == b'\n').count())
}

fn starts_upper_or_digit(text: &str, t: &Token) -> bool {
    text.get(t.start..t.end)
        .unwrap_or("")
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Splits `text` (already tokenized into `toks`) into sentences written in `lang`.
pub fn split(text: &str, toks: &[Token], lex: &EventLexicon, lang: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    if toks.is_empty() {
        return out;
    }
    let mut paragraph = 0;
    let mut begin = 0;
    let mut i = 0;
    while i < toks.len() {
        // A line break before token i + 1?
        let next = i + 1;
        // Only a `Break` gap can hold a line break.
        if next < toks.len() && toks[next].gap == Gap::Break {
            let nl = newlines_between(text, toks[i].end, toks[next].start);
            if nl > 0 {
                let prev = &toks[i];
                let wraps = nl == 1
                    && (prev.key == ","
                        || (prev.kind == Kind::Word
                            && !prev.is_cap()
                            && toks[next].kind == Kind::Word
                            && !starts_upper_or_digit(text, &toks[next])));
                if !wraps {
                    push(&mut out, toks, begin, next, paragraph);
                    paragraph += 1;
                    begin = next;
                    i = next;
                    continue;
                }
            }
        }
        let t = &toks[i];
        if t.kind == Kind::Punct && matches!(t.key.as_str(), "." | "!" | "?" | "…" | ";") {
            // An abbreviation's full stop: "Jan. 8".
            let abbrev = t.key == "."
                && i > 0
                && toks[i - 1].end == t.start
                && toks[i - 1].kind == Kind::Word
                && lex.is_abbreviation(lang, &toks[i - 1].key);
            // Closing quotes and brackets stay with the sentence.
            let mut j = next;
            while j < toks.len()
                && toks[j].kind == Kind::Punct
                && (CLOSERS.contains(&toks[j].key.as_str())
                    || matches!(toks[j].key.as_str(), "." | "!" | "?" | "…"))
                // A straight quote after a space opens the next sentence.
                && (toks[j].start == toks[j - 1].end
                    || !matches!(toks[j].key.as_str(), "\"" | "'"))
                && newlines_between(text, toks[j - 1].end, toks[j].start) == 0
            {
                j += 1;
            }
            let spaced = j >= toks.len() || toks[j - 1].end < toks[j].start;
            let starts = j >= toks.len()
                || t.key == ";"
                || starts_upper_or_digit(text, &toks[j])
                || OPENERS.contains(&toks[j].key.as_str());
            if !abbrev && spaced && starts {
                push(&mut out, toks, begin, j, paragraph);
                if j < toks.len() && newlines_between(text, toks[j - 1].end, toks[j].start) > 0 {
                    paragraph += 1;
                }
                begin = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    push(&mut out, toks, begin, toks.len(), paragraph);
    out
}

fn push(out: &mut Vec<Sentence>, toks: &[Token], a: usize, b: usize, paragraph: usize) {
    if a >= b {
        return;
    }
    out.push(Sentence {
        start: toks[a].start,
        end: toks[b - 1].end,
        tok_start: a,
        tok_end: b,
        paragraph,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::tokens::tokenize;

    fn lex() -> EventLexicon {
        EventLexicon::from_texts(&[
            ("fr", "abbreviations.txt", "janv.\nenv.\n"),
            ("en", "abbreviations.txt", "Jan.\nFeb.\nNo.\n"),
        ])
        .unwrap()
    }

    fn sentences(text: &str, lang: &str) -> Vec<(String, usize)> {
        let toks = tokenize(text);
        split(text, &toks, &lex(), lang)
            .into_iter()
            .map(|s| (text[s.start..s.end].to_string(), s.paragraph))
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let s = sentences(
            "M. Dupont est arrivé le 3 janv. à Paris. Mme Martin l'attendait. Il pleuvait !",
            "fr",
        );
        assert_eq!(
            s,
            vec![
                ("M. Dupont est arrivé le 3 janv. à Paris.".into(), 0),
                ("Mme Martin l'attendait.".into(), 0),
                ("Il pleuvait !".into(), 0),
            ]
        );
        let s = sentences(
            "U.S. forces left on Jan. 8. Gen. Smith said so. The No. 2 official agreed.",
            "en",
        );
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[0].0, "U.S. forces left on Jan. 8.");
        assert_eq!(s[1].0, "Gen. Smith said so.");
    }

    #[test]
    fn quotes_and_lines() {
        let s = sentences(
            "« Nous partirons. » Il l'a dit.\n\nNouveau paragraphe\nLigne suivante; fin.",
            "fr",
        );
        assert_eq!(
            s,
            vec![
                ("« Nous partirons. »".into(), 0),
                ("Il l'a dit.".into(), 0),
                ("Nouveau paragraphe".into(), 1),
                ("Ligne suivante;".into(), 2),
                ("fin.".into(), 2),
            ]
        );
        let s = sentences("He left. \"We stay.\" They said so.", "en");
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[1].0, "\"We stay.\"");
        // A wrapped line is one sentence.
        let s = sentences("The talks, held\nin Geneva,\nPeace ended. Then rain.", "en");
        assert_eq!(s[0].0, "The talks, held\nin Geneva,\nPeace ended.");
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn decimals_and_lowercase_do_not_split() {
        let s = sentences("Prices rose 3.5 per cent. oil fell. Then it rose.", "en");
        // "cent. oil": a lower-case word after the stop does not start a sentence.
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].0.ends_with("oil fell."));
    }
}
