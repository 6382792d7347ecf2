//! The news dateline at the head of a wire story: "PARIS, 4 février 2020 (AFP) -",
//! "BAGHDAD (Reuters) —", "WASHINGTON, Jan. 8 (AP) -", "Bagdad, 9 janvier 2020 –".
//!
//! It gives three things: the date of the story (when the file has no metadata), the
//! agency that wrote it, and the place it was filed from, which is where the reporter
//! was, not where events happened, so the place is kept out of event linking.
//!
//! Recognition is strict, because a false dateline would date a whole article: within the
//! first three paragraphs, a paragraph must start with one to four words in capitals (or
//! capitalized words followed by a date or an agency in brackets), optionally a comma and
//! a second place ("GAZA CITY, Gaza Strip"), optionally a comma and a date, optionally an
//! agency in brackets, and then a dash or a colon. A bare "BAGHDAD -" counts only when
//! written in capitals.

use crate::document::PartialDate;
use crate::geoparse::tokens::{Case, Kind};

use super::analysis::Analysis;
use super::dates;

/// A dateline found at the head of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    /// Byte span of the whole dateline, dash included.
    pub start: usize,
    pub end: usize,
    /// Byte span of the place words.
    pub place_start: usize,
    pub place_end: usize,
    /// The date, when written (the year may be unknown).
    pub date: Option<PartialDate>,
    /// The agency or outlet in brackets.
    pub agency: Option<String>,
}

fn is_dash(s: &str) -> bool {
    matches!(s, "-" | "—" | "–" | ":")
}

/// Finds the dateline among the first three paragraphs.
pub fn find(an: &Analysis) -> Option<Dateline> {
    let mut seen_paragraphs = 0;
    let mut last_para = usize::MAX;
    for s in &an.sentences {
        if s.paragraph == last_para {
            continue;
        }
        last_para = s.paragraph;
        seen_paragraphs += 1;
        if seen_paragraphs > 3 {
            break;
        }
        if let Some(d) = at(an, s.tok_start, s.tok_end) {
            return Some(d);
        }
    }
    None
}

fn at(an: &Analysis, a: usize, b: usize) -> Option<Dateline> {
    let toks = &an.toks;
    // Place words.
    let mut i = a;
    let mut all_caps = true;
    while i < b && i - a < 4 && toks[i].kind == Kind::Word && toks[i].is_cap() {
        all_caps &= toks[i].case == Case::Upper || toks[i].key.chars().count() == 1;
        i += 1;
    }
    if i == a {
        return None;
    }
    let place_end_tok = i;
    // ", Second Place" (only before a date or an agency).
    let mut date = None;
    let mut agency = None;
    if toks.get(i).is_some_and(|t| t.key == ",") {
        let j = i + 1;
        if let Some(dh) = an.dates.iter().find(|d| d.start == j) {
            date = dates::resolve(dh.expr, None).map(|w| w.start);
            i = dh.end;
        } else {
            // A second place in title case, then a comma and a date.
            let mut k = j;
            while k < b && k - j < 3 && toks[k].kind == Kind::Word && toks[k].is_cap() {
                k += 1;
            }
            if k > j
                && toks.get(k).is_some_and(|t| t.key == ",")
                && let Some(dh) = an.dates.iter().find(|d| d.start == k + 1)
            {
                date = dates::resolve(dh.expr, None).map(|w| w.start);
                i = dh.end;
            }
        }
    }
    // "(AFP)"
    if toks.get(i).is_some_and(|t| t.key == "(") {
        let mut k = i + 1;
        while k < b && k - i < 6 && toks[k].key != ")" {
            k += 1;
        }
        if toks.get(k).is_some_and(|t| t.key == ")") && k > i + 1 {
            agency = Some(an.span_text(i + 1, k).to_string());
            i = k + 1;
        } else {
            return None;
        }
    }
    let dash = toks
        .get(i)
        .filter(|t| t.kind == Kind::Punct && is_dash(&t.key))?;
    // Without a date or an agency, only capitals make a dateline ("BAGHDAD -").
    if date.is_none() && agency.is_none() && !all_caps {
        return None;
    }
    Some(Dateline {
        start: toks[a].start,
        end: dash.end,
        place_start: toks[a].start,
        place_end: toks[place_end_tok - 1].end,
        date,
        agency,
    })
}
