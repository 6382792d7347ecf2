//! Actors: who takes part in an event.
//!
//! Four kinds, found in the clause of the event's trigger:
//!
//! * **Countries** from place mentions that act rather than locate ("l'Iran a pris pour
//!   cible", "de Washington", the pair "Washington-Bagdad"; the link module decides which
//!   mentions act), named by the country (a capital stands for its country).
//! * **Groups** from a group noun and a demonym or country: "les forces américaines",
//!   "le Parlement irakien", "Iraqi army", "U.S. forces" (`actor_nouns.tsv` + the shared
//!   `demonyms.tsv`); a plural demonym noun ("les Américains", "Iranians") or an adjective
//!   alone ("missiles iraniens", "Iranian missiles") gives the country.
//! * **Organisations** from `organisations.tsv` (Daech, Force Qods, Pentagone), except
//!   agencies and outlets, which are sources, not actors.
//! * **People**: a title followed by capitalized words ("le général Soleimani", "President
//!   Donald Trump"), or a known given name followed by capitalized words and name particles
//!   ("Adel Abdel Mahdi"); a title up to four words before the name, across one comma, is
//!   kept as the person's title ("le Premier ministre sortant irakien, Adel Abdel Mahdi").
//!
//! Roles are positional: before the trigger an actor is the `agent`; after it, an actor
//! introduced by "par"/"by" (or a country after "de"/"of") is the `agent` too, one after
//! "contre"/"against" is the `target`, and others are `other`. This is crude but
//! predictable; the evidence span is always there to check.

use crate::geoparse::tokens::{Gap, Kind as TokKind};

use super::analysis::{AMBIGUOUS, Analysis, GIVEN, Lookback, PARTICLE};
use super::lexicon::{Context, Entry};

/// A participant in an event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocActor {
    pub name: String,
    /// agent, target, other.
    pub role: String,
    /// country, person, or a group or organisation kind (military, government, armed_group...).
    pub kind: String,
    /// ISO 3166-1 alpha-2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// A person's title ("général", "President").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// First token, for ordering and roles.
    #[serde(skip)]
    pub(crate) tok: usize,
}

/// Role of an actor at token `tok` relative to the triggers `trigs` (token spans).
pub fn role(an: &Analysis, tok: usize, trigs: &[(usize, usize)], floor: usize) -> &'static str {
    let first = trigs.iter().map(|t| t.0).min().unwrap_or(tok);
    if tok < first {
        return "agent";
    }
    match an.lookback(tok, floor) {
        Lookback::Agentive => "agent",
        Lookback::Genitive if genitive_of_trigger(an, tok, trigs, floor) => "agent",
        Lookback::Target => "target",
        _ => "other",
    }
}

/// "l'attaque du 3 janvier de Washington", "the vote of the Iraqi parliament": the "de"
/// before `tok` hangs on a trigger (across a date and at most one other word).
fn genitive_of_trigger(an: &Analysis, tok: usize, trigs: &[(usize, usize)], floor: usize) -> bool {
    let mut k = tok;
    // Determiners, then the genitive.
    let mut saw_gen = false;
    while k > floor {
        let j = k - 1;
        if an.ends_with(j, Context::Genitive) {
            saw_gen = true;
            k = j;
            break;
        }
        if an.ends_with(j, Context::Determiner) {
            k = j;
            continue;
        }
        break;
    }
    if !saw_gen {
        return false;
    }
    let mut others = 0;
    while k > floor {
        let j = k - 1;
        if trigs.iter().any(|&(s, e)| s <= j && j < e) {
            return true;
        }
        // Dates are sorted and do not overlap.
        let di = an.dates.partition_point(|d| d.end <= j);
        if an.dates.get(di).is_some_and(|d| d.start <= j) {
            k = j;
            continue;
        }
        others += 1;
        if others > 1 || an.is_punct(j) {
            return false;
        }
        k = j;
    }
    false
}

/// Demonyms, groups, organisations and people in tokens `a..b`, skipping tokens that
/// `excluded` marks (sources, place mentions). Roles are left empty: the caller knows the
/// events and sets them with [`role`]. Adjectives alone get the role `other` already.
pub fn find(an: &Analysis, a: usize, b: usize, excluded: &dyn Fn(usize) -> bool) -> Vec<DocActor> {
    let mut out: Vec<DocActor> = Vec::new();
    let english = an.lang == "en";
    let mut used = vec![false; b.saturating_sub(a)];
    let mark = |used: &mut Vec<bool>, s: usize, e: usize| {
        for k in s..e {
            if let Some(u) = used.get_mut(k.wrapping_sub(a)) {
                *u = true;
            }
        }
    };
    let kind_name = |k: u8| {
        an.lex
            .actor_kinds
            .get(usize::from(k))
            .cloned()
            .unwrap_or_else(|| "group".into())
    };
    // Demonyms, with a group noun before (French, up to two words between) or after
    // (English).
    for i in a..b {
        let Some((ci, noun, dend)) = an.demonym_at.get(i).copied().flatten() else {
            continue;
        };
        if excluded(i) || used[i - a] {
            continue;
        }
        let Some(country) = an.country_code(ci) else {
            continue;
        };
        let dend = (dend as usize).min(b);
        let mut group: Option<(usize, usize, u8)> = None;
        if english {
            for j in dend..(dend + 2).min(b) {
                if let Some((end, kind)) = an.noun_start.get(j).copied().flatten() {
                    group = Some((i, (end as usize).min(b), kind));
                    break;
                }
            }
        } else {
            let mut j = i;
            while j > a && j + 3 > i {
                j -= 1;
                if an.is_punct(j) {
                    break;
                }
                if let Some((start, kind)) = an.noun_end.get(j).copied().flatten() {
                    group = Some((start as usize, dend, kind));
                    break;
                }
            }
        }
        let country = country.to_string();
        match group {
            Some((s, e, kind)) if !(s..e).any(excluded) => {
                out.push(DocActor {
                    name: an.span_text(s, e).to_string(),
                    role: String::new(),
                    kind: kind_name(kind),
                    country: Some(country),
                    title: None,
                    tok: s,
                });
                mark(&mut used, s, e);
            }
            _ => {
                // An adjective alone describes something ("les demandes irakiennes"); an
                // inhabitant noun ("les Iraniens") acts.
                out.push(DocActor {
                    name: an.country_name(&country),
                    role: if noun { String::new() } else { "other".into() },
                    kind: "country".into(),
                    country: Some(country),
                    title: None,
                    tok: i,
                });
                mark(&mut used, i, dend);
            }
        }
    }
    // Organisations (not media: those are sources).
    for h in an.hits_in(a, b) {
        if let Entry::Org(o) = h.entry
            && h.end <= b
            && let Some(org) = an.lex.organisations.get(usize::from(o))
            && !org.is_media()
            && !(h.start..h.end).any(|k| excluded(k) || used.get(k - a).copied().unwrap_or(true))
        {
            out.push(DocActor {
                name: org.name.clone(),
                role: String::new(),
                kind: org.kind.clone(),
                country: org.country.clone(),
                title: None,
                tok: h.start,
            });
            mark(&mut used, h.start, h.end);
        }
    }
    // People.
    let mut i = a;
    while i < b {
        if !may_start_person(an, i) || excluded(i) || used[i - a] {
            i += 1;
            continue;
        }
        match person_at(an, i, b, a) {
            Some((p, next)) => {
                if !(p.tok..next).any(excluded) {
                    mark(&mut used, i, next);
                    out.push(p);
                }
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out.sort_by_key(|x| x.tok);
    out
}

/// The length of the title starting at token `i` (0 when none), within `..b`.
fn title_len_at(an: &Analysis, i: usize, b: usize) -> usize {
    let end = an.title_end.get(i).copied().unwrap_or(0) as usize;
    if end > i && end <= b { end - i } else { 0 }
}

/// Whether a person may start at token `i`: [`person_at`] needs a title or a given name
/// there. A quick test that spares most tokens the full one.
fn may_start_person(an: &Analysis, i: usize) -> bool {
    an.title_end.get(i).is_some_and(|&e| e > 0)
        || an
            .name_flags
            .get(i)
            .is_some_and(|&f| f & (GIVEN | AMBIGUOUS) != 0)
}

/// A person starting at token `i`: (actor, next token).
fn person_at(an: &Analysis, i: usize, b: usize, floor: usize) -> Option<(DocActor, usize)> {
    let toks = &an.toks;
    let flags = |k: usize| an.name_flags.get(k).copied().unwrap_or(0);
    let name_word = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.kind == TokKind::Word && (t.is_cap() || flags(k) & PARTICLE != 0 || t.key == "al")
        })
    };
    let tl = title_len_at(an, i, b);
    let (name_start, title) = if tl > 0 {
        // Titles can chain: "Major General Qassem Soleimani".
        let mut k = i + tl;
        while k < b {
            let more = title_len_at(an, k, b);
            if more == 0 {
                break;
            }
            k += more;
        }
        if !(k < b && toks[k].is_cap() && toks[k].kind == TokKind::Word) {
            return None;
        }
        (k, Some(an.span_text(i, k).to_string()))
    } else {
        let t = &toks[i];
        if !(t.is_cap() && t.kind == TokKind::Word && flags(i) & (GIVEN | AMBIGUOUS) != 0) {
            return None;
        }
        // "Jordan" may be the country: only "Adel Abdel ..." or three names make a person.
        if flags(i) & GIVEN == 0
            && flags(i + 1) & PARTICLE == 0
            && !(name_word(i + 1) && name_word(i + 2))
        {
            return None;
        }
        // A given name alone, or followed by a lower-case word, is not enough.
        if !name_word(i + 1) || toks.get(i + 1).is_none_or(|t| t.gap == Gap::Break) {
            return None;
        }
        (i, None)
    };
    let mut e = name_start;
    while e < b && e - name_start < 5 && name_word(e) {
        if e > name_start && toks[e].gap == Gap::Break {
            break;
        }
        e += 1;
    }
    // Trailing particles are not names.
    while e > name_start + 1 && !toks[e - 1].is_cap() {
        e -= 1;
    }
    if e == name_start {
        return None;
    }
    // A title a few words before, across a comma: "le Premier ministre irakien, Adel...".
    let title = title.or_else(|| {
        let lo = name_start.saturating_sub(6).max(floor);
        (lo..name_start)
            .rev()
            .take_while(|&k| !matches!(toks[k].key.as_str(), "." | ";" | ":"))
            .find_map(|k| {
                let tl = title_len_at(an, k, name_start);
                if tl == 0 {
                    return None;
                }
                // "Premier ministre" rather than "ministre".
                let s = if k > lo && title_len_at(an, k - 1, name_start) > 1 {
                    k - 1
                } else {
                    k
                };
                Some(an.span_text(s, k + tl).to_string())
            })
    });
    Some((
        DocActor {
            name: an.span_text(name_start, e).to_string(),
            role: String::new(),
            kind: "person".into(),
            country: None,
            title,
            tok: name_start,
        },
        e,
    ))
}
