//! From sentences to events: triggers, clauses, places, dates, actors, sources, and the
//! merging of sentences that tell the same event.
//!
//! # In a sentence
//!
//! 1. **Clauses.** A barrier word ("après", "en représailles à", "after", "in retaliation
//!    for", ", qui", "which") opens a subordinate clause that runs to the next comma;
//!    everything else is the main clause. A clause's words only go to events of the same clause, so in "Iran fired
//!    missiles at Al Asad, in retaliation for the drone strike that killed Soleimani at
//!    Baghdad airport", the airport belongs to the drone strike.
//! 2. **Triggers** (`event_types.tsv`), longest first, are dropped when a hedge or a negation
//!    sits in the four words before them ("d'éventuelles représailles", "n'ont pas quitté",
//!    "no Americans killed") or when they lie inside a date, a source's phrase or an
//!    organisation's name. Triggers of one family in one clause make one event, named by the
//!    highest-ranked type ("pris pour cible" + "missiles" → missile_strike). Qualifiers
//!    (weapons, launch verbs: "missiles", "fired", "tombées") name a type but only make an
//!    event with another word of their family ("fired missiles", not "sent missiles").
//! 3. **Places.** Each place mention of the clause is read with what governs it
//!    ([`Lookback`]) and its kind. A facility, base, airport or city is where a physical
//!    event happened; a country or a capital acts rather than locates when it is the subject
//!    (before the trigger, no preposition), after "de"/"of" ("l'attaque ... de Washington"),
//!    after "par"/"by", in a pair "Washington-Bagdad", or before "'s". For statements and
//!    political events only places after a locative preposition count ("en Irak"), since
//!    their objects are targets ("menaçant Bagdad de sanctions"). A demonym after a
//!    locative ("dans des bases irakiennes", "at Iraqi bases") places the event in that
//!    country, and a place after "au nord de", "north of", "à 20 km de" is a reference point;
//!    both only count when nothing better locates the event. A country before a group noun
//!    ("U.S. forces") is an actor. Places mentioned in the dateline, inside a source's
//!    phrase or an organisation's name ("Pentagone") never locate an event. Finally the most
//!    specific places win: a country or region is dropped when a city, base or airport of
//!    the same country is there ("la base d'Aïn al-Assad, à l'ouest de l'Irak" → the base).
//! 4. **Dates, places and actors** go to the nearest event of their clause, counting words
//!    before a trigger double and punctuation in between as four more words.
//!
//! # Across sentences
//!
//! * A denial ("a démenti l'annonce", "denied any role in the attack") is not an event of
//!   its own when what it denies is an event: one of its own sentence, or, when it refers
//!   back ("l'annonce", "the attack"), the last event of its paragraph (else the last event
//!   told). It adds its evidence and its sources, with the claim `denied`, to that event.
//!   A denial of something that is not an event ("Tehran denies arming the group") stays
//!   an event of its own.
//! * A physical event with no place ("elles ont fortifié leurs bases") merges with an
//!   event of the same family that has one in the next or previous sentence of the
//!   paragraph, when the types are the same or the later sentence refers back ("Il s'agit
//!   de ... barricades ... dans la ville d'Erbil"); or, when it refers back itself ("The
//!   Pentagon said the strike ..."), with the main event of the previous paragraph.
//! * A statement, announcement or political event with no written place takes the
//!   country of its nearest agent ("L'armée irakienne a annoncé" → Iraq), never the capital
//!   that stands for a government.
//! * Events of the same family at the same place (same entity, or within 10 km) with
//!   compatible dates are one event told twice; for statements and political events the
//!   type and either the date or an agent must agree too.
//! * Events with neither a place nor a date are dropped: nothing on the map or the
//!   timeline would show them.

use crate::gazetteer::{EntityId, Kind as PlaceKind, haversine_km};
use crate::geoparse::How;
use crate::geoparse::tokens::Kind as TokKind;
use crate::project::model::{Claim, When};
use crate::text::name_key;

use super::actors::{self, DocActor};
use super::analysis::{Analysis, Lookback};
use super::dateline::Dateline;
use super::dates;
use super::lexicon::{Context, Entry, Family};
use super::sentences::Sentence;
use super::sources::{self, FoundSource};

/// A place an event is tied to.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRef {
    /// The mention that names it, when there is one (index into the mentions given).
    pub mention: Option<usize>,
    pub entity: Option<EntityId>,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub(crate) kind: PlaceKind,
    pub(crate) country: Option<String>,
    /// Only a reference point ("north of Baghdad") or a weak reading (a demonym after a
    /// locative): kept only when nothing better locates the event.
    pub(crate) weak: bool,
}

impl PlaceRef {
    fn is_point(&self) -> bool {
        self.kind.is_point_like()
    }

    /// A country and a place in it.
    fn contains(&self, o: &PlaceRef) -> bool {
        self.kind == PlaceKind::Country
            && o.kind != PlaceKind::Country
            && self.country.is_some()
            && self.country == o.country
    }

    fn same_as(&self, o: &PlaceRef) -> bool {
        match (self.entity, o.entity) {
            (Some(a), Some(b)) if a == b => true,
            _ => haversine_km(self.lat, self.lon, o.lat, o.lon) < 10.0 && self.kind == o.kind,
        }
    }
}

/// A place mention read as an actor: (frame, mention, end and kind of the group noun
/// after it, as in "U.S. forces").
type ActorMention = (usize, usize, Option<(usize, u8)>);

/// An event while it is being built.
#[derive(Debug, Clone)]
pub struct Frame {
    pub sent: usize,
    pub para: usize,
    pub family: Family,
    pub ty: u16,
    pub rank: u8,
    /// Token spans of the triggers (of every sentence merged into this frame).
    pub spans: Vec<(usize, usize)>,
    pub places: Vec<PlaceRef>,
    /// (distance to a trigger, resolved date); the date may be unresolvable (None).
    pub date: Option<(usize, Option<When>)>,
    pub actors: Vec<DocActor>,
    pub sources: Vec<FoundSource>,
    /// Byte spans.
    pub evidence: Vec<(usize, usize)>,
    /// The evidence span that best tells the event (for the summary).
    pub main: (usize, usize),
    /// The sentence refers back to an event already told ("l'annonce", "the strike").
    pub anaphor: bool,
    /// The event is told in the sentence's main clause, not in a subordinate one.
    pub main_clause: bool,
    pub is_denial: bool,
}

impl Frame {
    fn when(&self) -> Option<When> {
        self.date.and_then(|(_, w)| w)
    }
}

fn place_of_mention(an: &Analysis, m: usize) -> Option<PlaceRef> {
    let men = an.mentions.get(m)?;
    let (lat, lon) = men.point?;
    let lang = if an.lang == "fr" { "fr" } else { "en" };
    let (kind, country, name) = match an.entity(m) {
        Some(e) => (
            e.kind(),
            e.country().map(str::to_string),
            e.name(lang).to_string(),
        ),
        None => (PlaceKind::Area, None, men.surface.clone()),
    };
    let kind = if men.how == How::Facility && !kind.is_point_like() {
        PlaceKind::Facility
    } else {
        kind
    };
    Some(PlaceRef {
        mention: Some(m),
        entity: men.entity,
        name,
        lat,
        lon,
        kind,
        country,
        weak: false,
    })
}

fn place_of_country(an: &Analysis, iso2: &str) -> Option<PlaceRef> {
    let e = an.gaz.country(iso2)?;
    let lang = if an.lang == "fr" { "fr" } else { "en" };
    // The mention of that country, when the text has one, so the pin is shared.
    let mention = an.mentions.iter().position(|m| m.entity == Some(e.id()));
    Some(PlaceRef {
        mention,
        entity: Some(e.id()),
        name: e.name(lang).to_string(),
        lat: e.lat(),
        lon: e.lon(),
        kind: PlaceKind::Country,
        country: Some(iso2.to_string()),
        weak: false,
    })
}

/// Keeps the most specific places: weak places go when a strong one is there, and areas
/// of a country where a point place lies go.
pub fn reduce(places: &mut Vec<PlaceRef>) {
    if places.iter().any(|p| !p.weak) {
        places.retain(|p| !p.weak);
    }
    let mut k = 0;
    while k < places.len() {
        if places[..k].iter().any(|q| q.same_as(&places[k])) {
            places.remove(k);
        } else {
            k += 1;
        }
    }
    // Point places are never removed here, so each area is judged against all of them.
    let mut k = 0;
    while k < places.len() {
        let p = &places[k];
        let covered = !p.is_point()
            && places.iter().any(|c| {
                c.is_point()
                    && (c.country.is_none() || p.country.is_none() || c.country == p.country)
            });
        if covered {
            places.remove(k);
        } else {
            k += 1;
        }
    }
}

/// Segment id of each token of a sentence: 0 for the main clause, 1.. for each clause
/// opened by a barrier word (up to the next comma or the next barrier).
fn segments(an: &Analysis, a: usize, b: usize, seg: &mut Vec<u16>) {
    seg.clear();
    seg.resize(b - a, 0);
    let mut next = 1u16;
    let mut i = a;
    while i < b {
        if an.starts_with(i, Context::Barrier) {
            let id = next;
            next = next.saturating_add(1);
            seg[i - a] = id;
            let mut k = i + 1;
            while k < b
                && !matches!(an.toks[k].key.as_str(), "," | ";" | ":")
                && !an.starts_with(k, Context::Barrier)
            {
                seg[k - a] = id;
                k += 1;
            }
            i = k;
            if i < b && an.starts_with(i, Context::Barrier) {
                continue;
            }
        }
        i += 1;
    }
}

/// True when a hedge or a negation ends in the four tokens before `t` (no punctuation in
/// between).
fn hedged(an: &Analysis, t: usize, floor: usize) -> bool {
    let mut k = t;
    for _ in 0..4 {
        if k <= floor {
            return false;
        }
        k -= 1;
        if an.is_punct(k) && !matches!(an.toks[k].key.as_str(), "-" | "'" | "’") {
            return false;
        }
        if an.ends_with(k, Context::Hedge) || an.ends_with(k, Context::Negation) {
            return true;
        }
    }
    false
}

/// How far a word is from an event's triggers, in tokens: words before a trigger count
/// double (places and dates tend to follow what they situate), and each punctuation mark
/// in between counts four more. `punct` holds, for each token of the sentence (from `a`),
/// the number of punctuation marks before it.
fn distance(tok: usize, spans: &[(usize, usize)], punct: &[u16], a: usize) -> usize {
    let p = |i: usize| usize::from(punct.get(i.saturating_sub(a)).copied().unwrap_or(0));
    spans
        .iter()
        .map(|&(t, _)| {
            let base = if tok >= t { tok - t } else { 2 * (t - tok) };
            base + 4 * p(tok).abs_diff(p(t))
        })
        .min()
        .unwrap_or(usize::MAX)
}

/// The first mention that ends after the start of sentence `sent`.
fn first_mention(an: &Analysis, sent: &Sentence) -> usize {
    an.mentions.partition_point(|m| m.end <= sent.start)
}

/// The place mentions of sentence `sent`, from mention `lo` ([`first_mention`]), that
/// align with its tokens, demonyms aside (adjectives and inhabitants are actor material,
/// read as demonyms): (mention, first token, end token).
fn sentence_mentions<'x>(
    an: &'x Analysis,
    sent: &Sentence,
    lo: usize,
) -> impl Iterator<Item = (usize, usize, usize)> + 'x {
    let (a, b, end) = (sent.tok_start, sent.tok_end, sent.end);
    (lo..an.mentions.len())
        .take_while(move |&m| an.mentions[m].start < end)
        .filter_map(move |m| {
            let (ms, me) = an.mention_toks.get(m).copied().unwrap_or((0, 0));
            (ms < me && ms >= a && me <= b && an.mentions[m].how != How::Demonym)
                .then_some((m, ms, me))
        })
}

/// Working buffers of [`sentence_frames`], kept across a document's sentences so that
/// each sentence does not allocate its own.
#[derive(Default)]
struct Scratch {
    /// Clause of each token of the sentence ([`segments`]).
    seg: Vec<u16>,
    /// What each token of the sentence belongs to (`SOURCE`, `DATE`, `ORG`, `MENTION`).
    marks: Vec<u8>,
    /// Punctuation marks before each token of the sentence (see [`distance`]).
    punct: Vec<u16>,
    /// Triggers: token span, event type, qualifier?
    trigs: Vec<(usize, usize, u16, bool)>,
    /// The sentence's events, with the clause each belongs to.
    frames: Vec<(u16, Frame)>,
    /// Per event: its count of full triggers and of qualifiers.
    counts: Vec<(usize, usize)>,
    actor_mentions: Vec<ActorMention>,
}

/// The events of one sentence, appended to `out`.
fn sentence_frames(
    an: &Analysis,
    si: usize,
    dateline: Option<&Dateline>,
    anchor: Option<crate::document::PartialDate>,
    scratch: &mut Scratch,
    out: &mut Vec<Frame>,
) {
    let Some(sent) = an.sentences.get(si).copied() else {
        return;
    };
    let (a, b) = (sent.tok_start, sent.tok_end);
    let hits = an.hits_in(a, b);
    // Most sentences tell no event: leave them before any other work. An event needs a
    // trigger or two qualifiers.
    let (mut triggers, mut qualifiers) = (0, 0);
    for h in hits {
        match h.entry {
            Entry::Event(_) => triggers += 1,
            Entry::Qualifier(_) => qualifiers += 1,
            _ => {}
        }
    }
    if triggers == 0 && qualifiers < 2 {
        return;
    }
    let Scratch {
        seg,
        marks,
        punct,
        trigs,
        frames,
        counts,
        actor_mentions,
    } = scratch;
    segments(an, a, b, seg);
    let seg = &*seg;
    let seg_of = |i: usize| seg.get(i.wrapping_sub(a)).copied().unwrap_or(u16::MAX);
    let srcs = sources::find(an, a, b);
    let d0 = an.dates.partition_point(|d| d.start < a);
    let d1 = an.dates.partition_point(|d| d.start < b);
    let dates_here = || an.dates[d0..d1].iter().filter(|d| d.end <= b);
    // What each token of the sentence belongs to.
    const SOURCE: u8 = 1;
    const DATE: u8 = 2;
    const ORG: u8 = 4;
    const MENTION: u8 = 8;
    marks.clear();
    marks.resize(b - a, 0);
    let mut mark = |s: usize, e: usize, m: u8| {
        for k in s.max(a)..e.min(b) {
            marks[k - a] |= m;
        }
    };
    for x in &srcs {
        mark(x.start, x.end, SOURCE);
    }
    for d in dates_here() {
        mark(d.start, d.end, DATE);
    }
    for h in hits {
        if matches!(h.entry, Entry::Org(_)) {
            mark(h.start, h.end, ORG);
        }
    }
    let lo = first_mention(an, &sent);
    for (_, ms, me) in sentence_mentions(an, &sent, lo) {
        mark(ms, me, MENTION);
    }
    let marks = &*marks;
    let has = |i: usize, m: u8| marks.get(i.wrapping_sub(a)).is_some_and(|x| x & m != 0);
    let in_source = |i: usize| has(i, SOURCE);
    let in_date = |i: usize| has(i, DATE);
    let org_at = |i: usize| has(i, ORG);
    // Triggers (and qualifiers, which need company).
    trigs.clear();
    for h in hits {
        let (ty, qualifier) = match h.entry {
            Entry::Event(ty) => (ty, false),
            Entry::Qualifier(ty) => (ty, true),
            _ => continue,
        };
        if trigs.last().is_some_and(|&(_, e, _, _)| h.start < e) {
            continue;
        }
        if (h.start..h.end).any(|k| in_date(k) || in_source(k) || org_at(k)) {
            continue;
        }
        if hedged(an, h.start, a) {
            continue;
        }
        trigs.push((h.start, h.end, ty, qualifier));
    }
    if trigs.is_empty() {
        return;
    }
    let anaphor = hits
        .iter()
        .any(|h| h.entry == Entry::Context(Context::Anaphor));
    // One frame per (clause, family), with its count of full triggers and qualifiers.
    frames.clear();
    counts.clear();
    for &(s, e, ty, qualifier) in trigs.iter() {
        let Some(et) = an.lex.event_type(ty) else {
            continue;
        };
        let sg = seg_of(s);
        let k = match frames
            .iter()
            .position(|(g, f)| *g == sg && f.family == et.family)
        {
            Some(k) => {
                let f = &mut frames[k].1;
                f.spans.push((s, e));
                if et.rank > f.rank {
                    f.rank = et.rank;
                    f.ty = ty;
                    f.is_denial = et.code == "denial";
                }
                k
            }
            None => {
                frames.push((
                    sg,
                    Frame {
                        sent: si,
                        para: sent.paragraph,
                        family: et.family,
                        ty,
                        rank: et.rank,
                        spans: vec![(s, e)],
                        places: Vec::new(),
                        date: None,
                        actors: Vec::new(),
                        sources: Vec::new(),
                        evidence: vec![(sent.start, sent.end)],
                        main: (sent.start, sent.end),
                        anaphor,
                        main_clause: sg == 0,
                        is_denial: et.code == "denial",
                    },
                ));
                counts.push((0, 0));
                frames.len() - 1
            }
        };
        if let Some(c) = counts.get_mut(k) {
            if qualifier {
                c.1 += 1;
            } else {
                c.0 += 1;
            }
        }
    }
    let mut k = 0;
    frames.retain(|_| {
        let (full, quals) = counts.get(k).copied().unwrap_or((0, 0));
        k += 1;
        full > 0 || quals >= 2
    });
    // Every event of the sentence has the sentence's sources.
    let Some(((_, last), rest)) = frames.split_last_mut() else {
        return;
    };
    for (_, f) in rest {
        f.sources = srcs.clone();
    }
    last.sources = srcs;
    punct.clear();
    let mut count = 0u16;
    punct.extend(an.toks[a..b].iter().map(|t| {
        let before = count;
        if t.kind == TokKind::Punct && !matches!(t.key.as_str(), "'" | "’" | "-") {
            count = count.saturating_add(1);
        }
        before
    }));
    let punct = &*punct;
    let nearest = |sg: u16, tok: usize, frames: &[(u16, Frame)]| -> Option<usize> {
        frames
            .iter()
            .enumerate()
            .filter(|(_, (g, _))| *g == sg)
            .min_by_key(|(_, (_, f))| distance(tok, &f.spans, punct, a))
            .map(|(k, _)| k)
    };
    // Dates.
    for d in dates_here() {
        if in_source(d.start) {
            continue;
        }
        if let Some(k) = nearest(seg_of(d.start), d.start, frames) {
            let f = &mut frames[k].1;
            let dist = distance(d.start, &f.spans, punct, a);
            if f.date.is_none_or(|(old, _)| dist < old) {
                f.date = Some((dist, dates::resolve(d.expr, anchor)));
            }
        }
    }
    // Place mentions.
    actor_mentions.clear();
    let in_dateline = |byte: usize| dateline.is_some_and(|d| d.start <= byte && byte < d.end);
    for (m, ms, me) in sentence_mentions(an, &sent, lo) {
        let men = &an.mentions[m];
        if men.point.is_none()
            || in_dateline(men.start)
            || (ms..me).any(|k| in_source(k) || org_at(k))
        {
            continue;
        }
        let Some(k) = nearest(seg_of(ms), ms, frames) else {
            continue;
        };
        let f = &frames[k].1;
        let country_like = an.is_country_like(m);
        let physical = f.family.is_physical();
        let first_trig = f.spans.iter().map(|s| s.0).min().unwrap_or(ms);
        let paired = {
            let next_glued = an.toks.get(me).is_some_and(|t| {
                t.gap == crate::geoparse::tokens::Gap::Hyphen
                    && an.mention_toks.get(m + 1).is_some_and(|&(s, _)| s == me)
            });
            let prev_glued = an.toks[ms].gap == crate::geoparse::tokens::Gap::Hyphen
                && m > 0
                && an.mention_toks.get(m - 1).is_some_and(|&(_, e)| e == ms);
            next_glued || prev_glued
        };
        let possessive = an.toks.get(me).is_some_and(|t| t.kind == TokKind::Clitic);
        // "U.S. forces", "Iran's army": a country before a group noun is an attribute.
        let group = (country_like && me < b)
            .then(|| an.noun_start.get(me).copied().flatten())
            .flatten()
            .map(|(end, kind)| (end as usize, kind));
        // "the U.S. drone strike", "une frappe américaine" aside: a country right before a
        // trigger of its event is who did it, not where.
        let before_trigger = country_like && f.spans.iter().any(|&(s, _)| s == me);
        // "among U.S. or Iraqi personnel": a country coordinated with a demonym.
        let coordinated = country_like
            && an
                .toks
                .get(me)
                .is_some_and(|t| matches!(t.key.as_str(), "or" | "and" | "et" | "ou"))
            && an.demonym_at.get(me + 1).copied().flatten().is_some();
        let attributive = group.is_some() || before_trigger || coordinated;
        let lb = an.lookback(ms, a);
        #[derive(PartialEq)]
        enum Role {
            Place,
            Reference,
            Actor,
            Neither,
        }
        let role = if paired || (possessive && country_like) || attributive {
            Role::Actor
        } else {
            match lb {
                Lookback::Origin => Role::Neither,
                Lookback::Relative => Role::Reference,
                Lookback::Agentive => {
                    if country_like {
                        Role::Actor
                    } else {
                        Role::Neither
                    }
                }
                Lookback::Locative | Lookback::PlaceNoun => Role::Place,
                Lookback::Target => {
                    if physical {
                        Role::Place
                    } else if country_like {
                        Role::Actor
                    } else {
                        Role::Neither
                    }
                }
                Lookback::Genitive if country_like => Role::Actor,
                Lookback::Genitive | Lookback::Nothing => {
                    if country_like {
                        if ms < first_trig || !physical {
                            Role::Actor
                        } else {
                            Role::Place
                        }
                    } else if physical || men.how == How::Facility {
                        Role::Place
                    } else {
                        Role::Neither
                    }
                }
            }
        };
        match role {
            Role::Place | Role::Reference => {
                if let Some(mut p) = place_of_mention(an, m) {
                    p.weak = role == Role::Reference;
                    frames[k].1.places.push(p);
                }
            }
            Role::Actor => actor_mentions.push((k, m, group)),
            Role::Neither => {}
        }
    }
    // Demonyms after a locative: "dans des bases irakiennes", "at Iraqi bases".
    for i in a..b {
        let Some((ci, noun, _)) = an.demonym_at.get(i).copied().flatten() else {
            continue;
        };
        if noun || in_source(i) || an.lookback(i, a) != Lookback::Locative {
            continue;
        }
        if let (Some(iso), Some(k)) = (an.country_code(ci), nearest(seg_of(i), i, frames))
            && let Some(mut p) = place_of_country(an, iso)
        {
            p.weak = true;
            frames[k].1.places.push(p);
        }
    }
    // Actors (found once for the sentence), each to the nearest event of its clause.
    let found = actors::find(an, a, b, &|i: usize| has(i, SOURCE | MENTION));
    for mut x in found {
        let Some(k) = nearest(seg_of(x.tok), x.tok, frames) else {
            continue;
        };
        let f = &mut frames[k].1;
        if x.role.is_empty() {
            x.role = actors::role(an, x.tok, &f.spans, a).into();
        }
        f.actors.push(x);
    }
    for &(k, m, group) in actor_mentions.iter() {
        let Some((_, f)) = frames.get_mut(k) else {
            continue;
        };
        let (ms, _) = an.mention_toks.get(m).copied().unwrap_or((a, a));
        let Some(iso) = an.actor_country(m) else {
            continue;
        };
        let role = actors::role(an, ms, &f.spans, a).to_string();
        let actor = match group {
            // "U.S. forces": a group of that country.
            Some((end, kind)) => DocActor {
                name: an.span_text(ms, end).to_string(),
                role,
                kind: an
                    .lex
                    .actor_kinds
                    .get(usize::from(kind))
                    .cloned()
                    .unwrap_or_else(|| "group".into()),
                country: Some(iso),
                title: None,
                tok: ms,
            },
            None => {
                // A capital standing for its government keeps its name: "États-Unis
                // (Washington)".
                let country = an.country_name(&iso);
                let name = match an.entity(m) {
                    Some(e) if e.kind() == PlaceKind::City => {
                        format!("{country} ({})", an.mentions[m].surface)
                    }
                    _ => country,
                };
                DocActor {
                    name,
                    role,
                    kind: "country".into(),
                    country: Some(iso),
                    title: None,
                    tok: ms,
                }
            }
        };
        f.actors.push(actor);
    }
    for (_, f) in frames.iter_mut() {
        f.actors.sort_by_key(|x| x.tok);
        let mut k = 0;
        while k < f.actors.len() {
            let dup = f.actors[..k]
                .iter()
                .any(|y| y.name == f.actors[k].name && y.role == f.actors[k].role);
            if dup {
                f.actors.remove(k);
            } else {
                k += 1;
            }
        }
        reduce(&mut f.places);
    }
    out.extend(frames.drain(..).map(|(_, f)| f));
}

fn dates_compatible(a: Option<When>, b: Option<When>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => {
            let (xs, xe) = (x.start, x.end.unwrap_or(x.start));
            let (ys, ye) = (y.start, y.end.unwrap_or(y.start));
            // Same start, or overlapping day ranges, or one contains the other's month/year.
            if xs == ys {
                return true;
            }
            let key = |d: crate::document::PartialDate| {
                (
                    d.year.unwrap_or(0),
                    d.month.unwrap_or(0),
                    d.day.unwrap_or(0),
                )
            };
            let coarse = |d: crate::document::PartialDate, o: crate::document::PartialDate| {
                (d.day.is_none() || o.day.is_none())
                    && d.month.zip(o.month).is_none_or(|(p, q)| p == q)
                    && d.year.zip(o.year).is_none_or(|(p, q)| p == q)
            };
            (key(xs) <= key(ye) && key(ys) <= key(xe)) || coarse(xs, ys)
        }
        _ => true,
    }
}

fn date_rank(w: Option<When>) -> u8 {
    match w {
        None => 0,
        Some(w) if w.end.is_some() => 2,
        Some(w) => match w.start.precision() {
            crate::document::Precision::Day => 4,
            crate::document::Precision::Month => 2,
            crate::document::Precision::Year => 1,
            crate::document::Precision::Unknown => 0,
        },
    }
}

/// Merges `src` into `dst`.
fn absorb(dst: &mut Frame, src: Frame) {
    if src.rank > dst.rank {
        dst.rank = src.rank;
        dst.ty = src.ty;
    }
    if date_rank(src.when()) > date_rank(dst.when()) || dst.date.is_none() {
        dst.date = src.date;
    }
    dst.places.extend(src.places);
    reduce(&mut dst.places);
    for a in src.actors {
        if !dst.actors.iter().any(|x| x.name == a.name) {
            dst.actors.push(a);
        }
    }
    for s in src.sources {
        if !dst
            .sources
            .iter()
            .any(|x| x.name == s.name && x.claim == s.claim)
        {
            dst.sources.push(s);
        }
    }
    dst.evidence.extend(src.evidence);
    dst.evidence.sort_unstable();
    dst.evidence.dedup();
    dst.spans.extend(src.spans);
}

fn nearest_agent_country(f: &Frame) -> Option<String> {
    let first = f.spans.iter().map(|s| s.0).min().unwrap_or(0);
    f.actors
        .iter()
        .filter(|a| a.role == "agent" && a.country.is_some() && a.tok < first)
        .max_by_key(|a| a.tok)
        .or_else(|| {
            f.actors
                .iter()
                .find(|a| a.role == "agent" && a.country.is_some())
        })
        .and_then(|a| a.country.clone())
}

fn agents(f: &Frame) -> Vec<String> {
    f.actors
        .iter()
        .filter(|a| a.role == "agent")
        .map(|a| name_key(&a.name))
        .collect()
}

fn same_event(e: &Frame, f: &Frame) -> bool {
    if e.family != f.family || e.places.is_empty() || f.places.is_empty() {
        return false;
    }
    // A strike "in Iraq" (a headline) and the same strike on a base in Iraq are one event:
    // for physical events, a country matches the places inside it.
    let physical = e.family.is_physical();
    if !e.places.iter().any(|p| {
        f.places
            .iter()
            .any(|q| p.same_as(q) || (physical && (p.contains(q) || q.contains(p))))
    }) {
        return false;
    }
    if !dates_compatible(e.when(), f.when()) {
        return false;
    }
    if physical {
        return true;
    }
    if e.ty != f.ty {
        return false;
    }
    let both_dated = e.when().is_some() && f.when().is_some();
    // Undated statements, demands...: the same when an agent is the same, by name or by
    // country ("Bagdad" and "le gouvernement irakien" both speak for Iraq).
    both_dated
        || {
            let fa = agents(f);
            agents(e).iter().any(|a| fa.contains(a))
        }
        || agent_countries(e).any(|c| agent_countries(f).any(|d| d == c))
}

fn agent_countries(f: &Frame) -> impl Iterator<Item = &str> + '_ {
    f.actors
        .iter()
        .filter(|a| a.role == "agent")
        .filter_map(|a| a.country.as_deref())
}

/// All events of a document, merged.
pub fn document_frames(
    an: &Analysis,
    dateline: Option<&Dateline>,
    anchor: Option<crate::document::PartialDate>,
) -> Vec<Frame> {
    let mut frames: Vec<Frame> = Vec::new();
    let mut scratch = Scratch::default();
    for si in 0..an.sentences.len() {
        sentence_frames(an, si, dateline, anchor, &mut scratch, &mut frames);
    }
    // Denials join the event they deny.
    let mut k = 0;
    while k < frames.len() {
        if !frames[k].is_denial {
            k += 1;
            continue;
        }
        // What is denied: an event of the same sentence ("denied attacking the base"),
        // or, when the denial refers back ("l'annonce", "the attack"), the last event of
        // the paragraph, else the last event told.
        let d = &frames[k];
        let same_sentence =
            (0..frames.len()).find(|&j| !frames[j].is_denial && frames[j].sent == d.sent);
        let target = same_sentence.or_else(|| {
            if !d.anaphor {
                return None;
            }
            (0..k)
                .rev()
                .find(|&j| !frames[j].is_denial && frames[j].para == d.para)
                .or_else(|| (0..k).rev().find(|&j| !frames[j].is_denial))
        });
        match target {
            Some(j) => {
                let d = frames.remove(k);
                let j = if j > k { j - 1 } else { j };
                let t = &mut frames[j];
                for mut s in d.sources {
                    // The speaker of a denial denies.
                    if s.claim == Claim::Reported && d.sent != t.sent {
                        s.claim = Claim::Denied;
                    }
                    if !t
                        .sources
                        .iter()
                        .any(|x| x.name == s.name && x.claim == s.claim)
                    {
                        t.sources.push(s);
                    }
                }
                t.evidence.extend(d.evidence);
                t.evidence.sort_unstable();
                t.evidence.dedup();
            }
            None => k += 1,
        }
    }
    // Physical events without a place join a neighbour of the same family that has one:
    // in an adjacent sentence of the paragraph when the later sentence refers back ("Il
    // s'agit de barricades ... à Erbil") or the type is the same, or, when the placeless
    // sentence refers back ("the strike"), the main event of the previous paragraph.
    let mut k = 0;
    while k < frames.len() {
        let f = &frames[k];
        if !(f.family.is_physical() && f.places.is_empty()) {
            k += 1;
            continue;
        }
        let adjacent = |j: usize| {
            let g = &frames[j];
            let later_refers = if g.sent > f.sent {
                g.anaphor
            } else {
                f.anaphor
            };
            j != k
                && g.para == f.para
                && g.family == f.family
                && !g.places.is_empty()
                && g.sent.abs_diff(f.sent) == 1
                && (later_refers || g.ty == f.ty)
                && dates_compatible(g.when(), f.when())
        };
        let target = (k + 1..frames.len())
            .find(|&j| adjacent(j))
            .or_else(|| (0..k).rev().find(|&j| adjacent(j)))
            .or_else(|| {
                if !f.anaphor || f.para == 0 {
                    return None;
                }
                let prev_para = (0..k).rev().map(|j| frames[j].para).find(|&p| p < f.para)?;
                let cands: Vec<usize> = (0..k)
                    .filter(|&j| {
                        let g = &frames[j];
                        g.para == prev_para
                            && g.family == f.family
                            && !g.places.is_empty()
                            && dates_compatible(g.when(), f.when())
                    })
                    .collect();
                cands
                    .iter()
                    .copied()
                    .find(|&j| frames[j].main_clause)
                    .or_else(|| cands.last().copied())
            });
        match target {
            Some(j) => {
                let f = frames.remove(k);
                let j = if j > k { j - 1 } else { j };
                absorb(&mut frames[j], f);
            }
            None => k += 1,
        }
    }
    // Statements and political events take their agent's country.
    for f in &mut frames {
        if f.places.is_empty()
            && !f.family.is_physical()
            && let Some(iso) = nearest_agent_country(f)
            && let Some(p) = place_of_country(an, &iso)
        {
            f.places.push(p);
        }
    }
    // Sentences that tell the same event.
    let mut out: Vec<Frame> = Vec::new();
    for f in frames {
        match out.iter_mut().find(|e| same_event(e, &f)) {
            Some(e) => absorb(e, f),
            None => out.push(f),
        }
    }
    out.retain(|f| !f.places.is_empty() || f.when().is_some());
    out
}

/// The one-line summary of an event: its main sentence on one line, shortened to about
/// 200 characters at a word boundary.
pub fn summary(text: &str, span: (usize, usize)) -> String {
    const MAX: usize = 200;
    let s = text.get(span.0..span.1).unwrap_or("");
    let mut flat = String::with_capacity(s.len());
    // Words are copied in runs: a run ends where the white space between two words is not
    // a single space. `chars` counts what `flat` and the pending run hold; once past MAX
    // the rest of the sentence is cut anyway.
    let mut run: Option<usize> = None;
    let mut space: Option<usize> = None;
    let mut chars = 0;
    let mut i = 0;
    let bytes = s.as_bytes();
    while i < s.len() {
        // Inside a word, plain ASCII needs no decision: skip it in one go, never past MAX.
        if run.is_some() && space.is_none() {
            let lim = s.len().min(i + MAX.saturating_sub(chars));
            let from = i;
            while i < lim && bytes[i] > b' ' && bytes[i].is_ascii() {
                i += 1;
            }
            chars += i - from;
            if i >= s.len() {
                break;
            }
        }
        // White space as `char::is_whitespace` has it, ASCII without decoding.
        let (white, len) = match bytes[i] {
            b if b.is_ascii() => (matches!(b, b'\t'..=b'\r' | b' '), 1),
            _ => s[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        };
        let at = i;
        i += len;
        if white {
            space.get_or_insert(at);
            continue;
        }
        if chars > MAX {
            space.get_or_insert(at);
            break;
        }
        match (run, space.take()) {
            (None, _) => run = Some(at),
            (Some(r), Some(w)) => {
                chars += 1;
                if &s[w..at] != " " {
                    flat.push_str(&s[r..w]);
                    flat.push(' ');
                    run = Some(at);
                }
            }
            (Some(_), None) => {}
        }
        chars += 1;
    }
    if let Some(r) = run {
        flat.push_str(&s[r..space.unwrap_or(s.len())]);
    }
    if chars > MAX
        && let Some((b, _)) = flat.char_indices().nth(MAX)
    {
        let cut = flat[..b].rfind(' ').unwrap_or(b);
        flat.truncate(cut);
        flat.push('…');
    }
    flat
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::PartialDate;

    fn when(s: &str, e: Option<&str>) -> Option<When> {
        Some(When {
            start: PartialDate::parse(s)?,
            end: e.and_then(PartialDate::parse),
        })
    }

    #[test]
    fn summaries_are_one_line_and_short() {
        let text = "Le 8 janvier,\n  l'Iran a tiré.";
        assert_eq!(
            summary(text, (0, text.len())),
            "Le 8 janvier, l'Iran a tiré."
        );
        let long = "mot ".repeat(100);
        let s = summary(&long, (0, long.len()));
        assert!(s.ends_with('…'));
        assert!(s.chars().count() <= 201);
        assert!(!s.contains("  "));
        assert_eq!(summary("abc", (2, 99)), "");
        // Any white space (tabs, line breaks, no-break spaces) between words is one space.
        let text = " Le\u{a0}8 janvier,\t\tl'Iran\r\n a tiré. ";
        assert_eq!(
            summary(text, (0, text.len())),
            "Le 8 janvier, l'Iran a tiré."
        );
        // Cut at the last word boundary before the 200th character of the flattened text.
        let long = format!("{}\n\n{}", "é ".repeat(99), "mot  ".repeat(30));
        let flat: Vec<&str> = long.split_whitespace().collect();
        let joined = flat.join(" ");
        let cut = joined[..joined.char_indices().nth(200).unwrap().0]
            .rfind(' ')
            .unwrap();
        assert_eq!(
            summary(&long, (0, long.len())),
            format!("{}…", &joined[..cut])
        );
    }

    /// The summary is the sentence's words joined by single spaces, cut at the last word
    /// boundary before the 200th character when longer.
    fn summary_reference(s: &str) -> String {
        let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
        match joined.char_indices().nth(200) {
            Some((b, _)) => {
                let cut = joined[..b].rfind(' ').unwrap_or(b);
                format!("{}…", &joined[..cut])
            }
            None => joined,
        }
    }

    proptest::proptest! {
        #[test]
        fn summaries_join_words_and_cut_at_a_boundary(
            s in "([a-zé]{1,12}[ \t\n\u{a0}]{1,3}){0,60}[a-z]{0,30}"
        ) {
            proptest::prop_assert_eq!(summary(&s, (0, s.len())), summary_reference(&s));
        }
    }

    #[test]
    fn compatible_dates() {
        let day = when("2020-01-09", None);
        assert!(dates_compatible(day, None));
        assert!(dates_compatible(
            day,
            when("2020-01-06", Some("2020-01-12"))
        ));
        assert!(dates_compatible(day, when("2020-01", None)));
        assert!(dates_compatible(
            when("--01-08", None),
            when("--01-08", None)
        ));
        assert!(!dates_compatible(day, when("2020-01-10", None)));
        assert!(!dates_compatible(day, when("2020-02", None)));
        assert!(!dates_compatible(
            when("2021-03-10", None),
            when("2021-03-03", Some("2021-03-08"))
        ));
    }
}
