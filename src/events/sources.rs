//! Attributed sources: who, in a sentence, says what it reports, and with what claim.
//!
//! # Rules
//!
//! * A preposition cue ("selon", "d'après", "citant", "according to", "citing") is followed
//!   by its source: "selon le Pentagone", "citing two senior officials".
//! * A verb cue ("a déclaré", "a démenti", "said", "denied") has its source before it ("un
//!   porte-parole a aussitôt démenti", "the Pentagon said"), skipping auxiliaries and adverbs
//!   listed as `skip`; when the verb comes right after a comma, a quote or the start of the
//!   sentence, the order is inverted and the source follows ("», a souligné l'AP", "..., said
//!   Mr. Paris", "a rapporté une agence de presse américaine").
//! * Reading backwards, a preposition cue's own source is stepped over: in "Associated Press
//!   citant deux responsables rapporte que", the subject of "rapporte" is the agency.
//! * A news agency or outlet named anywhere in the sentence ("une base visitée par l'AP",
//!   "à la télévision d'État") is a source too.
//!
//! The claim comes from the cue (`reported`, `claimed`, `confirmed`, `denied`); an outlet
//! named in a sentence with a denial carries the denial ("a démenti l'annonce à la
//! télévision d'État").
//!
//! # The source's name and kind
//!
//! The source is a short noun phrase: at most ten tokens, stopped by punctuation, by a
//! relative or completive word ("que", "qui", "that", "who"), by another cue or skip word,
//! and, reading forwards, by a preposition that opens a new complement ("à", "dans", "in").
//! A listed organisation inside it gives the name and kind ("le Pentagone" → Pentagone,
//! military); otherwise the phrase itself is the name, without its article, and its head
//! noun (`head` lines: "porte-parole", "officials", "agence") gives the kind. Pronouns are
//! not sources. Trade-off: no parser, so a long appositive may be cut or kept whole; the
//! evidence span always lets the reader check.

use crate::project::model::Claim;

use super::analysis::Analysis;
use super::lexicon::{Context, Entry, Hit};

/// A source found in a sentence: its name, kind, claim and token span.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundSource {
    pub name: String,
    pub kind: String,
    pub claim: Claim,
    pub start: usize,
    pub end: usize,
}

const PRONOUNS: [&str; 16] = [
    "il", "elle", "ils", "elles", "on", "he", "she", "they", "it", "we", "nous", "lui", "je", "i",
    "you", "vous",
];

const STOP_WORDS: [&str; 16] = [
    "que", "qu'", "qui", "dont", "ou", "lequel", "laquelle", "that", "who", "which", "whom",
    "whose", "where", "when", "while", "alors",
];

/// Articles dropped from the front of a source's name.
const ARTICLES: [&str; 11] = [
    "le", "la", "les", "l'", "un", "une", "des", "du", "the", "a", "an",
];

/// Words that open a new complement after a source read forwards.
const FORWARD_STOPS: [&str; 22] = [
    "a", "au", "aux", "dans", "sur", "pour", "lors", "avec", "sous", "en", "in", "on", "at", "to",
    "for", "with", "during", "after", "before", "apres", "avant", "since",
];

struct Cue {
    start: usize,
    end: usize,
    claim: Claim,
    prep: bool,
}

/// Sources of the sentence of tokens `a..b`.
pub fn find(an: &Analysis, a: usize, b: usize) -> Vec<FoundSource> {
    let hits = an.hits_in(a, b);
    let mut cues: Vec<Cue> = Vec::new();
    for h in hits {
        if let Entry::Cue { claim, prep } = h.entry {
            // Keep the longest cue at each place; drop cues inside another.
            if cues.last().is_some_and(|c| h.start < c.end) {
                continue;
            }
            cues.push(Cue {
                start: h.start,
                end: h.end,
                claim,
                prep,
            });
        }
    }
    let denial = cues.iter().any(|c| c.claim == Claim::Denied);
    let mut out: Vec<FoundSource> = Vec::new();
    for (k, c) in cues.iter().enumerate() {
        let span = if c.prep {
            forward(an, c.end, b)
        } else {
            // Inverted order: the verb right after a comma, a quote or the sentence start.
            let before = skip_back(hits, c.start, a);
            let inverted = before <= a
                || an
                    .toks
                    .get(before - 1)
                    .is_some_and(|t| matches!(t.key.as_str(), "," | "»" | "\"" | "”" | "«" | "“"));
            if inverted {
                forward(an, c.end, b)
            } else {
                let prev_cue_end = if k > 0 { cues[k - 1].end } else { a };
                backward(an, &cues, before, prev_cue_end.max(a))
            }
        };
        if let Some((s, e)) = span
            && let Some(src) = describe(an, hits, s, e, c.claim)
        {
            out.push(src);
        }
    }
    // Agencies and outlets named in the sentence.
    for h in hits {
        if let Entry::Org(o) = h.entry
            && let Some(org) = an.lex.organisations.get(usize::from(o))
            && org.is_media()
            && !out.iter().any(|s| s.start <= h.start && h.end <= s.end)
            && !out.iter().any(|s| s.name == org.name)
        {
            out.push(FoundSource {
                name: org.name.clone(),
                kind: org.kind.clone(),
                claim: if denial {
                    Claim::Denied
                } else {
                    Claim::Reported
                },
                start: h.start,
                end: h.end,
            });
        }
    }
    out
}

/// The end of the longest skip phrase starting at token `i`.
fn is_skip(an: &Analysis, i: usize) -> Option<usize> {
    an.hits_in(i, i + 1)
        .iter()
        .filter(|h| h.entry == Entry::Skip)
        .map(|h| h.end)
        .max()
}

fn skip_ending_at(hits: &[Hit], end: usize) -> Option<usize> {
    hits.iter()
        .filter(|h| h.end == end && h.entry == Entry::Skip)
        .map(|h| h.start)
        .min()
}

/// The first token before `i` that is not a skip word (returns the exclusive end).
fn skip_back(hits: &[Hit], mut i: usize, floor: usize) -> usize {
    while i > floor {
        match skip_ending_at(hits, i) {
            Some(s) if s < i => i = s,
            _ => break,
        }
    }
    i
}

fn is_cue_at(an: &Analysis, i: usize) -> bool {
    an.hits_in(i, i + 1)
        .iter()
        .any(|h| matches!(h.entry, Entry::Cue { .. }))
}

fn stops(an: &Analysis, i: usize) -> bool {
    let Some(t) = an.toks.get(i) else {
        return true;
    };
    if an.is_punct(i) && !matches!(t.key.as_str(), "-" | "'" | "’") {
        return true;
    }
    STOP_WORDS.contains(&t.key.as_str()) || an.starts_with(i, Context::Barrier)
}

/// The noun phrase starting at `i` (after skip words and a leading preposition such as "à"
/// in "a déclaré à l'AP un responsable": the addressee is skipped only if it is not
/// followed by more words).
fn forward(an: &Analysis, mut i: usize, b: usize) -> Option<(usize, usize)> {
    while i < b {
        match is_skip(an, i) {
            Some(e) if e > i => i = e,
            _ => break,
        }
    }
    let start = i;
    let mut j = i;
    while j < b && j - start < 10 {
        if stops(an, j) || is_cue_at(an, j) || (j > start && is_skip(an, j).is_some()) {
            break;
        }
        let key = an.toks[j].key.as_str();
        if j > start && FORWARD_STOPS.contains(&key) {
            break;
        }
        j += 1;
    }
    (j > start).then_some((start, j))
}

/// The noun phrase ending at `end` (exclusive), read backwards down to `floor`.
fn backward(an: &Analysis, cues: &[Cue], end: usize, floor: usize) -> Option<(usize, usize)> {
    let mut end = end;
    // "X citant Y rapporte": step over the preposition cue and its phrase.
    if let Some(c) = cues
        .iter()
        .rev()
        .find(|c| c.prep && c.end <= end && c.end >= floor)
    {
        let between_is_np = (c.end..end).all(|k| !stops(an, k));
        if between_is_np && c.start > floor {
            end = c.start;
        }
    }
    let mut j = end;
    while j > floor && end - j < 10 {
        let k = j - 1;
        if stops(an, k) || is_cue_at(an, k) || FORWARD_STOPS.contains(&an.toks[k].key.as_str()) {
            break;
        }
        j = k;
    }
    (j < end).then_some((j, end))
}

/// Names a source from its phrase; `None` for pronouns and empty phrases.
fn describe(an: &Analysis, hits: &[Hit], s: usize, e: usize, claim: Claim) -> Option<FoundSource> {
    // A listed organisation inside the phrase names it.
    for h in hits {
        if h.start >= s
            && h.end <= e
            && let Entry::Org(o) = h.entry
            && let Some(org) = an.lex.organisations.get(usize::from(o))
        {
            return Some(FoundSource {
                name: org.name.clone(),
                kind: org.kind.clone(),
                claim,
                start: s,
                end: e,
            });
        }
    }
    // Drop a leading article (numerals and possessives stay: "deux responsables").
    let mut a = s;
    while a < e && ARTICLES.contains(&an.toks[a].key.as_str()) {
        a += 1;
    }
    if a >= e {
        return None;
    }
    if e - a == 1 && PRONOUNS.contains(&an.toks[a].key.as_str()) {
        return None;
    }
    let words = (a..e).filter(|&k| an.toks[k].is_word()).count();
    if words == 0 {
        return None;
    }
    // The head noun gives the kind: the first in French, the last in English.
    let heads: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.start >= a && h.end <= e && matches!(h.entry, Entry::SourceHead(_)))
        .collect();
    let head = if an.lang == "en" {
        heads.last()
    } else {
        heads.first()
    };
    // A country or a capital speaks for its government ("Tehran denies").
    let place_speaker = an.mentions.iter().enumerate().any(|(m, men)| {
        an.mention_toks.get(m) == Some(&(a, e))
            && men.how != crate::geoparse::How::Demonym
            && an.is_country_like(m)
    });
    let kind = match head.map(|h| h.entry) {
        _ if place_speaker => "government".into(),
        Some(Entry::SourceHead(k)) => an
            .lex
            .source_kinds
            .get(usize::from(k))
            .cloned()
            .unwrap_or_else(|| "unknown".into()),
        _ => {
            if an.toks[a..e].iter().all(|t| t.is_cap() || !t.is_word()) {
                // "Mr. Paris", "Jordan Smith": a named person or body.
                "person".into()
            } else {
                "unknown".into()
            }
        }
    };
    Some(FoundSource {
        name: an.span_text(a, e).to_string(),
        kind,
        claim,
        start: s,
        end: e,
    })
}
