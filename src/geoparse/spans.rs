//! Candidate spans: which runs of words may be toponyms, and which readings each has.
//!
//! The scan goes left to right. At each word that can start a name, it walks the
//! gazetteer's name automaton word by word and keeps every complete name (longest first),
//! looks for demonyms, facility phrases and "X County", and judges each match against the
//! recognition rules of the module documentation. An accepted match consumes its words; a
//! match that belongs to a person or an organisation consumes the whole capitalized run, so
//! that "Adel Abdel Mahdi" or "Washington Post" yield nothing at all.

use std::collections::HashSet;

use super::lexicon::DemonymKind;
use super::tokens::{Case, Gap, Kind as TokKind, Token};
use super::{Geoparser, How};
use crate::gazetteer::{EntityId, Kind, NameFlags};

/// Readings of a candidate: entity, name flags.
pub(crate) type Readings = Vec<(EntityId, NameFlags)>;

#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Token range, end exclusive.
    pub t0: usize,
    pub t1: usize,
    /// Byte span of the surface.
    pub start: usize,
    pub end: usize,
    /// The name key shared by mentions of the same name (one sense per discourse).
    pub key: String,
    pub readings: Readings,
    pub how: How,
    /// Doubt about recognition, subtracted from the score (capitalized common word...).
    pub doubt: f32,
    /// A preposition of place comes right before ("in", "à", "near").
    pub prep: bool,
}

/// Lower-case words that may sit inside a multi-word name.
const CONNECTORS: [&str; 38] = [
    "of", "the", "and", "upon", "on", "de", "du", "des", "la", "le", "les", "l'", "d'", "et", "y",
    "al", "el", "ad", "an", "as", "ash", "at", "az", "ul", "bin", "ibn", "sur", "en", "am", "im",
    "an der", "di", "da", "do", "dos", "das", "del", "van",
];

/// Lower-case words that continue a run of capitalized words (a person's or an
/// organisation's name): particles and "of"/"de", not "and", "at" or "on", which join
/// two names rather than build one ("Soleimani at Baghdad").
const RUN_CONNECTORS: [&str; 24] = [
    "of", "de", "du", "des", "la", "le", "les", "al", "el", "ad", "az", "ash", "ul", "bin", "ibn",
    "di", "da", "do", "dos", "das", "del", "van", "von", "y",
];

const PREPOSITIONS: [&str; 24] = [
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "across",
    "outside",
    "inside",
    "throughout",
    "toward",
    "towards",
    "a",
    "au",
    "aux",
    "en",
    "dans",
    "pres",
    "vers",
    "depuis",
    "jusqu'a",
    "via",
    "entre",
    "between",
];

/// Nouns that take a place's name after "de" or "of" ("le maire de Tours", "the mayor of
/// Reading"), keys.
const NAME_HEADS: &[&str] = &[
    "maire",
    "mairie",
    "prefet",
    "prefecture",
    "ville",
    "commune",
    "habitants",
    "agglomeration",
    "environs",
    "banlieue",
    "gare",
    "depute",
    "senateur",
    "eveque",
    "archeveque",
    "diocese",
    "mayor",
    "outskirts",
    "suburbs",
    "residents",
];

/// Month names and abbreviations, English and French (keys), as a dateline writes them.
const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// Words after a name that make it a street ("Clinton Street", "Main St.").
const STREETS: [&str; 30] = [
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "drive",
    "dr",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "highway",
    "hwy",
    "parkway",
    "pkwy",
    "terrace",
    "circle",
    "pike",
    "expressway",
    "freeway",
    "turnpike",
    "alley",
    "court",
    "ct",
    "place",
    "pl",
    "way",
    "crescent",
    "row",
];

/// French street words, written before the name: "rue Balzac", "quai de la Tournelle".
const FR_STREETS: [&str; 16] = [
    "rue",
    "avenue",
    "boulevard",
    "bd",
    "quai",
    "place",
    "impasse",
    "allee",
    "chemin",
    "route",
    "cours",
    "passage",
    "square",
    "faubourg",
    "ruelle",
    "villa",
];

/// Words before a place name that qualify it rather than start another name.
const MODIFIERS: [&str; 40] = [
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "central",
    "greater",
    "upper",
    "lower",
    "metro",
    "metropolitan",
    "downtown",
    "historic",
    "old",
    "inner",
    "outer",
    "mid",
    "middle",
    "far",
    "coastal",
    "rural",
    "suburban",
    "uptown",
    "midtown",
    "occupied",
    "nord",
    "sud",
    "est",
    "ouest",
];

const DETERMINERS: [&str; 14] = [
    "the", "a", "an", "this", "that", "le", "la", "les", "un", "une", "ce", "cette", "in", "at",
];

/// Whether a word is a determiner in the text's language: French "à" folds to "a", which is
/// a preposition there, not the English article.
fn is_determiner(key: &str, lang: &str) -> bool {
    DETERMINERS.contains(&key) && !(key == "a" && lang == "fr")
}

/// "St. Patrick", "Saint Francis": a saint, not a place (unless the whole is a place name).
const SAINTS: [&str; 5] = ["st", "saint", "ste", "sainte", "san"];

/// Lower-case generic words that begin geographic names in French (and a few in
/// English): "mer Rouge", "golfe Persique", "détroit d'Ormuz", "bande de Gaza".
const GENERIC_HEADS: [&str; 34] = [
    "mer",
    "mers",
    "golfe",
    "detroit",
    "bande",
    "canal",
    "lac",
    "mont",
    "monts",
    "ile",
    "iles",
    "cap",
    "baie",
    "fleuve",
    "ocean",
    "desert",
    "plateau",
    "vallee",
    "presqu'ile",
    "peninsule",
    "massif",
    "plaine",
    "delta",
    "riviere",
    "chaine",
    "cote",
    "hauteurs",
    "territoires",
    "territoire",
    "centrale",
    "barrage",
    "place",
    "base",
    "camp",
];

/// Lower-case particles of surnames after a given name ("John dos Passos", "Vasco da
/// Gama", "Ludwig van Beethoven"). French "de" and "du" are left out: "Anne de Bretagne"
/// names a place as often as a family.
const SURNAME_PARTICLES: &[&str] = &[
    "da", "das", "del", "della", "der", "di", "do", "dos", "ten", "ter", "van", "von", "zu",
];

/// What the document tells about its own words before any place is judged.
pub(crate) struct DocInfo {
    /// Keys of words that appear in lower case somewhere in the text.
    pub lower: HashSet<String>,
    /// Keys of words used as a person's surname (after a given name or a title).
    pub surnames: HashSet<String>,
    /// Token index → the token lies on a line written all in capitals.
    pub shouting: Vec<bool>,
    /// Keys of names that the text gives to a river or a lake somewhere ("la crue de la
    /// Loire", "the banks of the Thames"): every mention of them is the water.
    pub waters: HashSet<String>,
}

/// Nouns that make the name after them ("de la", "of the") a river or a lake, keys.
const WATER_HEADS: &[&str] = &[
    "crue",
    "crues",
    "rive",
    "rives",
    "berge",
    "berges",
    "bords",
    "embouchure",
    "estuaire",
    "affluent",
    "amont",
    "aval",
    "flood",
    "floods",
    "banks",
    "bank",
    "mouth",
    "estuary",
    "tributary",
];

/// The capitalized name after a water noun at token `head` and "de (la)", "of (the)":
/// "crue de la Loire", "bords du Rhône".
fn river_after(toks: &[Token], head: usize) -> Option<&Token> {
    let mut j = head + 1;
    if !toks
        .get(j)
        .is_some_and(|x| matches!(x.key.as_str(), "de" | "d'" | "du" | "des" | "of"))
    {
        return None;
    }
    j += 1;
    if toks
        .get(j)
        .is_some_and(|x| matches!(x.key.as_str(), "la" | "l'" | "le" | "the"))
    {
        j += 1;
    }
    toks.get(j).filter(|n| n.is_word() && n.is_cap())
}

impl DocInfo {
    fn new(gp: &Geoparser, text: &str, toks: &[Token], lang: &str) -> DocInfo {
        let mut lower = HashSet::new();
        // Names given to a river somewhere: "crue de la Loire", "banks of the Thames".
        let mut waters = HashSet::new();
        for (i, t) in toks.iter().enumerate() {
            if t.kind == TokKind::Word && t.case == Case::Lower {
                lower.insert(t.key.clone());
            }
            if t.is_word()
                && WATER_HEADS.contains(&t.key.as_str())
                && let Some(n) = river_after(toks, i)
            {
                waters.insert(n.key.clone());
            }
        }
        let mut surnames = HashSet::new();
        for (i, t) in toks.iter().enumerate() {
            // A surname may be written in capitals: "Jean DUPONT", "John dos PASSOS".
            if i == 0
                || !t.is_word()
                || !matches!(t.case, Case::Title | Case::Upper)
                || t.gap != Gap::Space
            {
                continue;
            }
            let given = |p: &Token| {
                p.is_word()
                    && p.case == Case::Title
                    && gp.lex.is_given_name(&p.key)
                    && !gp.lex.ambiguous_given_names.contains(&p.key)
            };
            let p = &toks[i - 1];
            // "John dos Passos", "Ludwig van Beethoven": a surname particle between.
            let after_given = given(p)
                || (i >= 2
                    && p.is_word()
                    && p.case == Case::Lower
                    && p.gap == Gap::Space
                    && SURNAME_PARTICLES.contains(&p.key.as_str())
                    && given(&toks[i - 2]));
            let after_title = p.is_word()
                && gp.lex.is_title(lang, &p.key)
                && !t.sentence_start
                && t.case == Case::Title;
            if after_given || after_title {
                // The last word of the capitalized run is the surname.
                let mut j = i;
                while j + 1 < toks.len()
                    && toks[j + 1].gap == Gap::Space
                    && toks[j + 1].is_word()
                    && toks[j + 1].case == Case::Title
                {
                    j += 1;
                }
                surnames.insert(toks[j].key.clone());
            }
        }
        // Lines in capitals (headlines, datelines): case says nothing there.
        let mut shouting = vec![false; toks.len()];
        let mut line_start = 0;
        for i in 0..=toks.len() {
            let at_break = i == toks.len()
                || (i > 0
                    && toks[i].gap == Gap::Break
                    && has_newline(text, toks[i - 1].end, toks[i].start));
            if at_break {
                let words: Vec<&Token> =
                    toks[line_start..i].iter().filter(|t| t.is_word()).collect();
                let upper = words.iter().filter(|t| t.case == Case::Upper).count();
                if words.len() >= 3 && upper * 10 >= words.len() * 8 {
                    for s in &mut shouting[line_start..i] {
                        *s = true;
                    }
                }
                line_start = i;
            }
        }
        DocInfo {
            lower,
            surnames,
            shouting,
            waters,
        }
    }
}

fn has_newline(text: &str, a: usize, b: usize) -> bool {
    a <= b && text.get(a..b).is_some_and(|s| s.contains('\n'))
}

/// Can a name start at token `i`?
fn can_start(t: &Token) -> bool {
    t.kind == TokKind::Word && matches!(t.case, Case::Title | Case::Upper)
}

/// The separator to put in a key before token `j`, or None when a name cannot go on.
fn joiner(toks: &[Token], j: usize) -> Option<&'static str> {
    let t = &toks[j];
    if !matches!(t.kind, TokKind::Word | TokKind::Elision | TokKind::Number) {
        return None;
    }
    match t.gap {
        Gap::Space | Gap::Hyphen => Some(" "),
        Gap::None if toks[j - 1].kind == TokKind::Elision => Some(""),
        _ => None,
    }
}

/// All gazetteer names starting at token `i`: (end token exclusive, readings), longest first.
fn name_matches(gp: &Geoparser, toks: &[Token], i: usize) -> Vec<(usize, Readings)> {
    name_matches_from(gp, toks, i, "")
}

/// French contractions hide the article of a name: "au Caire" is "le Caire", "du Mans"
/// is "le Mans". The article to put back before token `i`, if any.
fn hidden_article(toks: &[Token], i: usize) -> Option<&'static str> {
    if i == 0 || toks[i].gap == Gap::Break {
        return None;
    }
    match toks[i - 1].key.as_str() {
        "au" | "du" => Some("le "),
        "aux" | "des" => Some("les "),
        _ => None,
    }
}

/// Like [`name_matches`], with `prefix` (an article) walked first.
fn name_matches_from(
    gp: &Geoparser,
    toks: &[Token],
    i: usize,
    prefix: &str,
) -> Vec<(usize, Readings)> {
    let g = &gp.gaz;
    let mut out = Vec::new();
    let Some(mut cur) = g
        .advance(g.cursor(), prefix.as_bytes())
        .and_then(|c| g.advance(c, toks[i].key.as_bytes()))
    else {
        return out;
    };
    let mut j = i + 1;
    let mut lower_adjective = false;
    loop {
        if let Some(p) = g.at(cur)
            && can_end(&toks[j - 1])
        {
            let readings: Readings = if lower_adjective {
                p.filter(|(e, _)| area_like(g.entity(*e).kind())).collect()
            } else {
                p.collect()
            };
            if !readings.is_empty() {
                out.push((j, readings));
            }
        }
        if j >= toks.len() || j - i >= 8 {
            break;
        }
        let Some(sep) = joiner(toks, j) else { break };
        let t = &toks[j];
        // Inside a name, lower-case words must be connectors or elisions, or adjectives of
        // the names of countries, regions and waters ("Arabie saoudite", "Émirats arabes
        // unis", "Golfe persique"), checked when the name ends.
        let adjective = t.case == Case::Lower
            && t.kind == TokKind::Word
            && !CONNECTORS.contains(&t.key.as_str());
        let Some(c) = g
            .advance(cur, sep.as_bytes())
            .and_then(|c| g.advance(c, t.key.as_bytes()))
        else {
            break;
        };
        cur = c;
        j += 1;
        if adjective {
            lower_adjective = true;
            if let Some(p) = g.at(cur) {
                let readings: Readings =
                    p.filter(|(e, _)| area_like(g.entity(*e).kind())).collect();
                if !readings.is_empty() {
                    out.push((j, readings));
                }
            }
        }
    }
    out.reverse();
    out
}

/// "IIIe", "XVe", "IVème", "XIX": Roman numerals (centuries, arrondissements, kings), which
/// the gazetteer knows as alternate names of numbered districts.
fn is_roman_ordinal(surface: &str) -> bool {
    let s = surface.trim_end_matches(['e', 'è', 'm', 'r']);
    s.chars().count() >= 2 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
}

/// Kinds whose names may hold lower-case adjectives.
fn area_like(k: Kind) -> bool {
    matches!(
        k,
        Kind::Country
            | Kind::Region
            | Kind::Sea
            | Kind::Strait
            | Kind::Water
            | Kind::Disputed
            | Kind::Area
            | Kind::Continent
            | Kind::Landform
    )
}

fn can_end(t: &Token) -> bool {
    t.kind == TokKind::Word && matches!(t.case, Case::Title | Case::Upper)
}

/// The end (exclusive) of the capitalized run that contains tokens `i..end`.
fn run_end(toks: &[Token], end: usize) -> usize {
    let mut j = end;
    while j < toks.len() {
        let t = &toks[j];
        if !matches!(t.gap, Gap::Space | Gap::Hyphen) || !t.is_word() {
            break;
        }
        if t.is_cap() {
            j += 1;
            continue;
        }
        // "of"/"de" followed by a capitalized word continues the run.
        if RUN_CONNECTORS.contains(&t.key.as_str())
            && j + 1 < toks.len()
            && toks[j + 1].is_cap()
            && toks[j + 1].gap == Gap::Space
        {
            j += 2;
            continue;
        }
        break;
    }
    j
}

enum Verdict {
    Accept(Box<Candidate>),
    /// Not a place; skip to this token.
    Skip(usize),
    /// Not this reading; try a shorter one.
    Next,
}

/// Scans the text and returns the candidate toponyms, in order.
pub(crate) fn find(gp: &Geoparser, text: &str, toks: &[Token], lang: &str) -> Vec<Candidate> {
    let doc = DocInfo::new(gp, text, toks, lang);
    let mut out: Vec<Candidate> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((c, next)) = french_facility(gp, text, toks, i, lang, &doc) {
            out.push(c);
            i = next;
            continue;
        }
        if toks[i].kind == TokKind::Word
            && toks[i].case == Case::Lower
            && GENERIC_HEADS.contains(&toks[i].key.as_str())
        {
            // "mer Rouge", "golfe Persique", "détroit d'Ormuz", "bande de Gaza".
            if let Some((end, readings)) = name_matches(gp, toks, i)
                .into_iter()
                .find(|(end, _)| *end > i + 1)
                && let Verdict::Accept(c) =
                    judge(gp, text, toks, i, end, readings, How::Name, lang, &doc)
            {
                out.push(*c);
                i = end;
                continue;
            }
        }
        if !can_start(&toks[i]) {
            i += 1;
            continue;
        }
        let mut advanced = false;
        let mut names = name_matches(gp, toks, i);
        if lang != "en"
            && let Some(article) = hidden_article(toks, i)
        {
            let with = name_matches_from(gp, toks, i, article);
            if with.first().map_or(0, |m| m.0) >= names.first().map_or(0, |m| m.0)
                && !with.is_empty()
            {
                names = with;
            }
        }
        let longest_name = names.first().map_or(0, |(end, _)| end - i);
        // Demonyms (English and other languages that capitalize them), unless a longer
        // place name starts here ("Saudi Arabia" over "Saudi").
        if lang != "fr" {
            for len in [2usize, 1] {
                if i + len > toks.len() {
                    continue;
                }
                if (len == 2 && joiner(toks, i + 1).is_none()) || len < longest_name {
                    continue;
                }
                if toks[i + len - 1].case == Case::Lower {
                    continue;
                }
                let two;
                let key: &str = if len == 1 {
                    &toks[i].key
                } else {
                    two = format!("{} {}", toks[i].key, toks[i + 1].key);
                    &two
                };
                // Adjectives point to a place ("Iraqi officials"); plural nouns name people
                // ("Iraqis"), who are actors, not places.
                let readings_of = gp.lex.demonym(lang, key);
                let any_adj = readings_of
                    .clone()
                    .any(|d| d.kind == DemonymKind::Adjective);
                let places: Vec<&str> = readings_of
                    .filter(|d| {
                        d.kind == DemonymKind::Adjective || (!any_adj && !key.ends_with('s'))
                    })
                    .map(|d| d.place.as_str())
                    .collect();
                if places.is_empty() {
                    continue;
                }
                let readings = demonym_readings(gp, &places);
                if readings.is_empty() {
                    continue;
                }
                match judge(
                    gp,
                    text,
                    toks,
                    i,
                    i + len,
                    readings,
                    How::Demonym,
                    lang,
                    &doc,
                ) {
                    Verdict::Accept(c) => {
                        out.push(*c);
                        i += len;
                        advanced = true;
                    }
                    Verdict::Skip(n) => {
                        i = n;
                        advanced = true;
                    }
                    Verdict::Next => {}
                }
                break;
            }
            if advanced {
                continue;
            }
        }
        if let Some(c) = result_country(gp, text, toks, i) {
            out.push(c);
            i += 1;
            continue;
        }
        if let Some((c, next)) = county(gp, text, toks, i) {
            out.push(c);
            i = next;
            continue;
        }
        for (end, readings) in names {
            if let Some((c, next)) = english_facility(gp, text, toks, i, end, &readings) {
                out.push(c);
                i = next;
                advanced = true;
                break;
            }
            match judge(gp, text, toks, i, end, readings, How::Name, lang, &doc) {
                Verdict::Accept(c) => {
                    out.push(*c);
                    i = end;
                    advanced = true;
                    break;
                }
                Verdict::Skip(n) => {
                    i = n.max(i + 1);
                    advanced = true;
                    break;
                }
                Verdict::Next => {}
            }
        }
        if !advanced {
            i += 1;
        }
    }
    out
}

/// The readings a demonym's place reference stands for.
fn demonym_readings(gp: &Geoparser, places: &[&str]) -> Readings {
    let g = &gp.gaz;
    let mut out: Readings = Vec::new();
    for &p in places {
        let flags = NameFlags(NameFlags::PREFERRED | NameFlags::EN);
        if p.len() == 2 {
            if let Some(e) = g.country(p) {
                out.push((e.id(), flags));
            }
            continue;
        }
        let Some((scope, name)) = p.split_once(':') else {
            continue;
        };
        let best = match scope {
            "us-state" | "ca-prov" => {
                let country = if scope == "us-state" { "US" } else { "CA" };
                let want = format!("admin1:{country}-{name}");
                g.lookup(name)
                    .find(|(id, _)| g.entity(*id).source() == want)
                    .map(|(id, _)| id)
            }
            _ => {
                let want_city = scope == "city";
                g.lookup(name)
                    .filter(|(id, _)| (g.entity(*id).kind() == Kind::City) == want_city)
                    .max_by(|a, b| {
                        let (ea, eb) = (g.entity(a.0), g.entity(b.0));
                        (-(ea.rank() as i32), ea.population())
                            .cmp(&(-(eb.rank() as i32), eb.population()))
                    })
                    .map(|(id, _)| id)
            }
        };
        if let Some(id) = best
            && !out.iter().any(|(e, _)| *e == id)
        {
            out.push((id, flags));
        }
    }
    out
}

/// Lower-case words inside hyphenated place names ("Aix-en-Provence", "Châlons-sur-Marne",
/// "Stratford-upon-Avon", "Saint-Martin-d'Hères").
const COMPOUND_LINKS: &[&str] = &[
    "en", "sur", "sous", "le", "la", "les", "lès", "lez", "de", "du", "des", "d'", "aux", "au",
    "et", "upon", "on", "under", "in", "the", "by", "am", "an", "im", "bei", "ob", "y", "del",
    "di", "da", "do", "dos", "das", "ben", "el", "al", "ed", "ad", "sul",
];

/// Titles of nobility that make "<title> de <name>" a person's name (keys, folded).
const NOBILITY: &[&str] = &[
    "prince",
    "princesse",
    "duc",
    "duchesse",
    "archiduc",
    "archiduchesse",
    "comte",
    "comtesse",
    "vicomte",
    "vicomtesse",
    "marquis",
    "marquise",
    "baron",
    "baronne",
];

/// Abbreviated flags of ships in French shipping news ("fr.", "ang.", "esp.").
const SHIP_FLAGS: &[&str] = &[
    "all", "am", "amer", "ang", "angl", "aut", "autr", "belg", "br", "bres", "dan", "esp", "fr",
    "gr", "grec", "holl", "it", "ital", "jap", "norv", "port", "rus", "russ", "sued",
];

/// When the name ending at token `end` (with any hyphenated words after it) is followed by
/// a ship's flag (", fr.,"), the token after the flag.
fn ship_flag_after(toks: &[Token], end: usize) -> Option<usize> {
    let mut j = end;
    while toks
        .get(j)
        .is_some_and(|t| t.gap == Gap::Hyphen && t.is_word())
    {
        j += 1;
    }
    let comma = toks.get(j)?;
    let flag = toks.get(j + 1)?;
    let dot = toks.get(j + 2)?;
    (comma.key == ","
        && flag.is_word()
        && flag.case == Case::Lower
        && SHIP_FLAGS.contains(&flag.key.as_str())
        && dot.start == flag.end
        && matches!(dot.key.as_str(), "." | ","))
    .then_some(j + 3)
}

/// A country, a continent, a first-level region, a sea or a city of at least 100 000
/// people.
fn is_major(gp: &Geoparser, e: EntityId) -> bool {
    let e = gp.gaz.entity(e);
    match e.kind() {
        Kind::Country | Kind::Continent | Kind::Region | Kind::Sea | Kind::Strait => true,
        Kind::City => e.population() >= 100_000,
        _ => false,
    }
}

/// The places the word `t` alone names, if any.
fn places_named<'g>(gp: &'g Geoparser, t: &Token) -> Option<crate::gazetteer::Postings<'g>> {
    let g = &gp.gaz;
    g.advance(g.cursor(), t.key.as_bytes())
        .and_then(|c| g.at(c))
}

/// True when the word `t` alone is the name of a major place ([`is_major`]).
fn names_a_major_place(gp: &Geoparser, t: &Token) -> bool {
    places_named(gp, t).is_some_and(|mut postings| postings.any(|(e, _)| is_major(gp, e)))
}

/// English verbs of saying that follow their speaker: "Robertson said", "Conway wrote".
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "wrote",
    "writes",
    "explained",
    "explains",
    "added",
    "adds",
    "asked",
    "noted",
    "replied",
    "recalled",
    "stated",
    "testified",
    "insisted",
    "argued",
    "acknowledged",
    "admitted",
    "declared",
    "warned",
];

/// Checks one match `i..end` against the recognition rules.
#[allow(clippy::too_many_arguments)]
fn judge(
    gp: &Geoparser,
    text: &str,
    toks: &[Token],
    i: usize,
    end: usize,
    mut readings: Readings,
    how: How,
    lang: &str,
    doc: &DocInfo,
) -> Verdict {
    let lex = &gp.lex;
    let g = &gp.gaz;
    let first = &toks[i];
    let single = end - i == 1;
    let surface = &text[first.start..toks[end - 1].end];
    let key: String = crate::text::name_key(surface);
    let all_caps = crate::text::is_all_caps(surface);

    // Abbreviations must be written in capitals; codes only count as "City, ST".
    let after_comma_place =
        i >= 2 && toks[i - 1].key == "," && toks[i - 2].is_cap() && toks[i].gap == Gap::Break;
    readings.retain(|(_, f)| {
        (!f.has(NameFlags::ABBREV) || all_caps) && (!f.has(NameFlags::CODE) || after_comma_place)
    });
    // French uses country abbreviations as adjectives, after the noun: "les forces US".
    if lang == "fr"
        && i > 0
        && first.gap == Gap::Space
        && toks[i - 1].kind == TokKind::Word
        && toks[i - 1].case == Case::Lower
        && !PREPOSITIONS.contains(&toks[i - 1].key.as_str())
    {
        readings.retain(|(_, f)| !f.has(NameFlags::ABBREV));
    }
    // A word that is a demonym of the document's language names a place only in that
    // language: French "Italien" is an Italian, not the German name of Italy, and "Russe"
    // not a Bulgarian city.
    if single
        && how != How::Demonym
        && matches!(lang, "fr" | "en")
        && lex.demonym(lang, &first.key).next().is_some()
    {
        readings.retain(|(_, f)| f.in_language(lang));
    }
    // A name the text gives to a river somewhere is the river everywhere.
    if single
        && doc.waters.contains(&first.key)
        && readings
            .iter()
            .any(|(e, _)| g.entity(*e).kind() == Kind::Water)
    {
        readings.retain(|(e, _)| g.entity(*e).kind() == Kind::Water);
    }
    if readings.is_empty() {
        return Verdict::Next;
    }
    if lex.is_stop_place(lang, &key) || (single && is_roman_ordinal(surface)) {
        return Verdict::Next;
    }
    let run = run_end(toks, end);
    // The word right before, on the same line; the word right after, on the same line or
    // across a wrapped line (a line break between two words that does not start a sentence:
    // "du Centre\nlaïque"). A line before a name is too often a heading or a list in scanned
    // pages ("Cours du Havre\nLE HAVRE") to say what the name is part of.
    let prev = (i > 0 && matches!(first.gap, Gap::Space | Gap::Hyphen)).then(|| &toks[i - 1]);
    let next = toks.get(end).filter(|n| {
        matches!(n.gap, Gap::Space | Gap::Hyphen)
            || (n.gap == Gap::Break && !n.sentence_start && n.is_word() && toks[end - 1].is_word())
    });
    let prev_cap = prev.filter(|p| p.kind == TokKind::Word && p.is_cap());
    let next_cap = next.filter(|n| n.kind == TokKind::Word && n.is_cap());
    // A country or a continent stands where nothing else does.
    let country_like = readings
        .iter()
        .any(|(e, _)| matches!(g.entity(*e).kind(), Kind::Country | Kind::Continent));
    // Readings that stand on their own even inside a longer name: countries, regions,
    // seas, big cities, curated places.
    let important = readings.iter().any(|(e, f)| {
        let e = g.entity(*e);
        let tagged = f.0 & (NameFlags::EN | NameFlags::FR | NameFlags::CURATED) != 0
            || (f.has(NameFlags::PREFERRED) && e.kind() != Kind::Region);
        tagged
            && (matches!(
                e.kind(),
                Kind::Country
                    | Kind::Continent
                    | Kind::Region
                    | Kind::Sea
                    | Kind::Strait
                    | Kind::Disputed
            ) || f.has(NameFlags::CURATED)
                || (e.kind() == Kind::City && e.population() >= 1_000_000))
    });

    // Some reading is a major place ([`is_major`]); read only by the rules that need it.
    let major = || readings.iter().any(|(e, _)| is_major(gp, *e));

    // A title or a given name alone is a person ("Mme", "Louis", "Gaston"), unless the
    // name is also a major place ("Jordan", "Florence"). In English, towns named like
    // people are too common for that ("Lawrence", "Marion"): there a given name listed as
    // a place keeps its place.
    if single
        && (lex.is_title(lang, &key)
            || (lex.is_given_name(&key)
                && (!lex.ambiguous_given_names.contains(&key) || (lang == "fr" && !major()))))
        && !important
    {
        return Verdict::Next;
    }
    // Scanned text: a word glued to a line-end hyphen ("¬") that the tokenizer could not
    // join ("Cham¬» bre", "Ebo¬T.S.F."), or in French a minor place glued to a hyphen and a
    // lower-case tail that is no part of a compound name ("Norman-die"), is a fragment of a
    // longer word. English "Iran-backed", "Erbil-based" keep their place.
    if let Some(n) = toks.get(end)
        && ((n.kind == TokKind::Punct && n.key == "¬" && n.start == toks[end - 1].end)
            || (lang == "fr"
                && !important
                && n.gap == Gap::Hyphen
                && n.is_word()
                && n.case == Case::Lower
                && !COMPOUND_LINKS.contains(&n.key.as_str())))
    {
        return Verdict::Next;
    }
    // Shipping news: a ship's name is followed by its flag, "Patria, fr., New-York",
    // "Isla-de-Panay, esp., Marseille". A country or a big city keeps its place.
    if lang == "fr"
        && !important
        && let Some(after) = ship_flag_after(toks, end)
    {
        return Verdict::Skip(after);
    }
    // Directions in pairs: "du Nord au Sud", "from East to West", "du Levant au Ponant".
    if single && cardinal_pair(toks, i) {
        return Verdict::Skip(end);
    }
    // A word alone before "!" opening a sentence is an exclamation: "— Hou !".
    if single
        && (first.sentence_start || prev.is_none_or(|p| p.kind == TokKind::Punct))
        && toks
            .get(end)
            .is_some_and(|t| t.kind == TokKind::Punct && t.key == "!")
        && !country_like
    {
        return Verdict::Next;
    }
    // A name particle is a person's name: "Abu Bakr", "Ibn Saud".
    if single && next_cap.is_some() && lex.name_particles.contains(&key) {
        return Verdict::Skip(run);
    }
    // Persons: a title right before ("President Trump", "le général Soleimani"). English
    // titles are capitalized before a name; French ones are not.
    let is_title = |t: &Token| {
        t.kind == TokKind::Word && (t.is_cap() || lang == "fr") && lex.is_title(lang, &t.key)
    };
    if let Some(p) = prev
        && is_title(p)
    {
        return Verdict::Skip(run);
    }
    if i >= 2 && prev.is_some() && toks[i - 2].is_word() && (toks[i - 2].is_cap() || lang == "fr") {
        let two = format!("{} {}", toks[i - 2].key, toks[i - 1].key);
        if lex.is_title(lang, &two) {
            return Verdict::Skip(run);
        }
    }
    // A title of nobility and "de": "le prince de Bismarck", "le comte de Méran" name a
    // person. A sovereign's country ("le roi de Pologne") and a country or a region after
    // any title ("le prince des Asturies") keep their place.
    if !important
        && i >= 2
        && matches!(toks[i - 1].key.as_str(), "de" | "d'" | "des" | "du")
        && NOBILITY.contains(&toks[i - 2].key.as_str())
    {
        return Verdict::Skip(run);
    }
    // A speaker: "Robertson said", "St. Clair said". Countries, regions and big cities
    // speak for their governments ("China said", "Tamil Nadu said") and stay places.
    if lang != "fr"
        && next.is_some_and(|n| n.case == Case::Lower && SPEECH_VERBS.contains(&n.key.as_str()))
        && !major()
    {
        return Verdict::Skip(end);
    }
    // A given name or a particle right before: "Jeremy Watson", "Abdel Mahdi".
    if let Some(p) = prev_cap
        && (lex.is_given_name(&p.key) || lex.name_particles.contains(&p.key))
        && (!lex.ambiguous_given_names.contains(&p.key) || p.sentence_start)
    {
        return Verdict::Skip(run);
    }
    if let Some(n) = next_cap {
        // "Adel Abdel Mahdi": a name particle after.
        if lex.name_particles.contains(&n.key) {
            return Verdict::Skip(run_end(toks, end + 1));
        }
        // "Paris Hilton", "Jordan Smith", "Léon Werth": a given name followed by a word that
        // names no place, or only a minor one (a hamlet called Werth does not make "Léon
        // Werth" two places).
        if single
            && lex.is_given_name(&key)
            && !lex.is_title(lang, &n.key)
            && !names_a_major_place(gp, n)
        {
            return Verdict::Skip(run);
        }
        // Streets are not in the gazetteer: "Clinton Street", "Wichita Drive".
        if STREETS.contains(&n.key.as_str()) {
            return Verdict::Skip(run);
        }
    }
    // French streets: "rue Balzac", "boulevard Sébastopol", "rue de Bagnolet".
    if i > 0 && lang != "en" {
        let p = &toks[i - 1];
        let pp = if i >= 2 { Some(&toks[i - 2]) } else { None };
        let street = |t: &Token| t.case == Case::Lower && FR_STREETS.contains(&t.key.as_str());
        if street(p)
            || (matches!(p.key.as_str(), "de" | "du" | "des" | "d'") && pp.is_some_and(street))
        {
            return Verdict::Skip(run);
        }
    }
    // A surname seen elsewhere in the text ("Soleimani", "Lord said").
    if single
        && doc.surnames.contains(&key)
        && !readings
            .iter()
            .any(|(e, _)| g.entity(*e).kind() == Kind::Country)
    {
        return Verdict::Skip(run);
    }
    // The tail of a longer name: "Sunny Meadow", "Medical Center", "St. Patrick", "Time
    // Warner". Modifiers ("Western Pennsylvania", "Metro Vancouver"), determiners and
    // acronyms ("HSBC Malta") do not count, nor do readings that stand on their own.
    if let Some(p) = prev_cap
        && !p.sentence_start
        && !MODIFIERS.contains(&p.key.as_str())
        && !is_determiner(&p.key, lang)
        && (p.case != Case::Upper || p.key.chars().count() > 5)
        && (!important || SAINTS.contains(&p.key.as_str()))
    {
        return Verdict::Skip(end);
    }
    // The head of a longer name in French: "Wickham Steed", "Manhattan Transfer": a minor
    // place right before a capitalized word that names no place and is no common word,
    // outside a shouted line. French puts the generic word first ("aéroport de Bagdad"),
    // so such a name is a person's or a brand's; English names places that way ("Oxford
    // Crown Court", "Columbia Metropolitan Airport"), where the place is still meant.
    if single
        && lang == "fr"
        && !important
        && !doc.shouting[i]
        && !lex.is_common_word(lang, &first.key)
        && !is_determiner(&first.key, lang)
        && let Some(n) = next_cap
        && n.case == Case::Title
        && !n.sentence_start
        && !lex.is_common_word(lang, &n.key)
        && !is_determiner(&n.key, lang)
        && places_named(gp, n).is_none()
    {
        return Verdict::Skip(run);
    }
    let prep = i > 0 && {
        let p = &toks[i - 1];
        let pk = if p.kind == TokKind::Elision {
            ""
        } else {
            p.key.as_str()
        };
        PREPOSITIONS.contains(&pk)
            || (i >= 2
                && p.kind == TokKind::Elision
                && PREPOSITIONS.contains(&toks[i - 2].key.as_str()))
            // "le maire de Tours", "the mayor of Reading": a noun that takes a place's name.
            || (i >= 2
                && matches!(p.key.as_str(), "de" | "d'" | "du" | "of")
                && NAME_HEADS.contains(&toks[i - 2].key.as_str()))
    };
    // Capitalized common words.
    let mut doubt = 0.0;
    let common = first.case != Case::Lower
        && readings.iter().all(|(_, f)| !f.has(NameFlags::CURATED))
        && toks[i..end]
            .iter()
            .all(|t| lex.is_common_word(lang, &t.key) || t.case == Case::Lower);
    if common {
        // "Interior Ministry", "Superior Court", "East Bank": part of another name.
        let case_says_nothing = first.sentence_start || doc.shouting[i] || all_caps;
        if !important && !case_says_nothing && (next_cap.is_some() || prev_cap.is_some()) {
            return Verdict::Skip(run);
        }
        // « Justice », "Far too often": a common word opening a quotation is capitalized
        // for the quotation, not for a name.
        let quoted = i > 0
            && toks[i - 1].kind == TokKind::Punct
            && matches!(toks[i - 1].key.as_str(), "«" | "\"" | "“" | "<" | "‹");
        if quoted && !important {
            return Verdict::Next;
        }
        // "l'Union", "le Sénat", "the Empire": an institution, not a place.
        let after_article = i > 0
            && (toks[i - 1].kind == TokKind::Elision
                || is_determiner(&toks[i - 1].key, lang)
                || matches!(toks[i - 1].key.as_str(), "du" | "au" | "aux" | "des"));
        if after_article && !important {
            return Verdict::Next;
        }
        // "du Centre laïque", "la Côte occidentale": in French, a common word that names only
        // a region or a small town, with a lower-case word after it (French puts adjectives
        // after the noun), is the noun. A demonym after it makes a region ("le Nord
        // sibérien").
        if single
            && lang == "fr"
            && next.is_some_and(|n| {
                n.is_word()
                    && n.case == Case::Lower
                    && n.gap != Gap::Hyphen
                    && n.key.chars().count() >= 4
                    && !PREPOSITIONS.contains(&n.key.as_str())
                    && !is_determiner(&n.key, lang)
                    && lex.demonym(lang, &n.key).next().is_none()
            })
            && readings.iter().all(|(e, _)| match g.entity(*e).kind() {
                Kind::Region => true,
                Kind::City => !is_major(gp, *e),
                _ => false,
            })
        {
            return Verdict::Next;
        }
        let used_lower = toks[i..end]
            .iter()
            .any(|t| t.case != Case::Lower && doc.lower.contains(&t.key));
        if case_says_nothing || used_lower {
            // A news dateline: "TOURS, 3 mars 2021 -", "READING, Jan. 8 -". The capitals
            // say nothing there, the position does.
            let dateline = (i == 0 || (first.gap == Gap::Break && first.sentence_start))
                && toks.get(end).is_some_and(|t| t.key == ",")
                && toks.get(end + 1).is_some_and(|t| {
                    t.key.bytes().all(|b| b.is_ascii_digit()) || MONTHS.contains(&t.key.as_str())
                });
            // "à Tours", "entre Tours et Paris": a place preposition before a capital
            // outside a sentence start says the word is a name even if the text also
            // uses it in lower case.
            let prep_says_name = (prep && !case_says_nothing) || dateline;
            if !important && !prep_says_name {
                return Verdict::Next;
            }
            // "Nord, sud, centre : ..." or "— Sucre brut" opening a sentence: the capital
            // says nothing, and a common word naming a region somewhere (Sucre is a state
            // of Venezuela) is still a word. Only a country or a continent stands without
            // a preposition of place.
            if case_says_nothing && !country_like && !prep && !dateline {
                return Verdict::Next;
            }
        }
        doubt += 2.0;
    }
    if all_caps
        && single
        && first.key.chars().count() <= 3
        && readings.iter().all(|(_, f)| !f.has(NameFlags::ABBREV))
    {
        // A short word in capitals that is not a known abbreviation: an acronym.
        doubt += 3.0;
    }
    Verdict::Accept(Box::new(Candidate {
        t0: i,
        t1: end,
        start: first.start,
        end: toks[end - 1].end,
        key,
        readings,
        how,
        doubt,
        prep,
    }))
}

/// Airports and military airfields near a city, best first.
fn airports_near(gp: &Geoparser, city: EntityId, max_km: f64) -> Vec<EntityId> {
    let g = &gp.gaz;
    let c = g.entity(city);
    let (lat, lon) = (c.lat(), c.lon());
    let city_key = crate::text::name_key(c.name("en"));
    let mut found: Vec<(f64, EntityId)> = gp
        .airports
        .iter()
        .filter_map(|&a| {
            let e = g.entity(a);
            if (e.lat() - lat).abs() > 1.0 {
                return None;
            }
            let d = e.distance_km(lat, lon);
            if d > max_km {
                return None;
            }
            let named = crate::text::name_key(e.name("en")).contains(&city_key);
            let score = e.rank() as f64 + d * 1.5 - if named { 40.0 } else { 0.0 };
            Some((score, a))
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found.into_iter().map(|(_, a)| a).collect()
}

/// Airport readings for the city readings of a name.
fn airport_readings(gp: &Geoparser, readings: &Readings) -> Readings {
    let g = &gp.gaz;
    let mut out: Readings = Vec::new();
    for &(id, f) in readings {
        let e = g.entity(id);
        match e.kind() {
            Kind::Airport | Kind::MilitaryBase => out.push((id, f)),
            Kind::City | Kind::District | Kind::Region => {
                if let Some(&a) = airports_near(gp, id, 45.0).first()
                    && !out.iter().any(|(x, _)| *x == a)
                {
                    out.push((a, f));
                }
            }
            _ => {}
        }
    }
    out
}

/// "X airport", "X International Airport", "X Air Base", "X airbase" in English.
fn english_facility(
    gp: &Geoparser,
    text: &str,
    toks: &[Token],
    i: usize,
    end: usize,
    readings: &Readings,
) -> Option<(Candidate, usize)> {
    let mut j = end;
    let word = |k: usize| {
        toks.get(k)
            .filter(|t| t.is_word() && t.gap == Gap::Space)
            .map(|t| t.key.as_str())
    };
    if word(j) == Some("international") {
        j += 1;
    }
    let (is_base, head_len) = match (word(j), word(j + 1), word(j + 2)) {
        (Some("airport"), _, _) => (false, 1),
        (Some("airbase" | "afb"), _, _) => (true, 1),
        (Some("air"), Some("base"), _) => (true, 2),
        (Some("air"), Some("force"), Some("base")) => (true, 3),
        _ => return None,
    };
    let head_cap = toks[j].is_cap();
    let mut rd = airport_readings(gp, readings);
    if is_base {
        rd.retain(|(id, _)| gp.gaz.entity(*id).kind() == Kind::MilitaryBase);
    }
    if rd.is_empty() {
        return None;
    }
    // "Dulles International Airport" is a name; "Heathrow airport" is a place plus a noun.
    let last = if head_cap { j + head_len } else { end };
    let start = toks[i].start;
    let stop = toks[last - 1].end;
    Some((
        Candidate {
            t0: i,
            t1: last,
            start,
            end: stop,
            key: crate::text::name_key(&text[start..stop]),
            readings: rd,
            how: How::Facility,
            doubt: 0.0,
            prep: false,
        },
        j + head_len,
    ))
}

/// "l'aéroport (international) de Bagdad", "la base (aérienne|militaire ...) d'Aïn al-Assad".
fn french_facility(
    gp: &Geoparser,
    text: &str,
    toks: &[Token],
    i: usize,
    lang: &str,
    doc: &DocInfo,
) -> Option<(Candidate, usize)> {
    if lang == "en" {
        return None;
    }
    let t = &toks[i];
    if !t.is_word() {
        return None;
    }
    let is_airport = t.key == "aeroport";
    let is_base = t.key == "base";
    if !is_airport && !is_base {
        return None;
    }
    // Skip adjectives: international, militaire, aérienne, américaine...
    let mut j = i + 1;
    while j < toks.len()
        && j - i <= 4
        && toks[j].is_word()
        && toks[j].case == Case::Lower
        && toks[j].gap == Gap::Space
    {
        let k = toks[j].key.as_str();
        if matches!(k, "de" | "du" | "des") {
            break;
        }
        j += 1;
    }
    // "de", "du", "d'"
    let conn = toks.get(j)?;
    let ok_conn = matches!(conn.key.as_str(), "de" | "du" | "d'");
    if !ok_conn {
        return None;
    }
    let k = j + 1;
    if k >= toks.len() || !can_start(&toks[k]) {
        return None;
    }
    let (end, readings) = name_matches(gp, toks, k).into_iter().next()?;
    let mut rd: Readings;
    if is_airport {
        rd = airport_readings(gp, &readings);
    } else {
        // A base: its own name first; else the military airfield of the named town.
        rd = readings
            .iter()
            .copied()
            .filter(|(id, _)| {
                matches!(
                    gp.gaz.entity(*id).kind(),
                    Kind::MilitaryBase | Kind::Airport
                )
            })
            .collect();
        if rd.is_empty() {
            rd = airport_readings(gp, &readings);
            rd.retain(|(id, _)| gp.gaz.entity(*id).kind() == Kind::MilitaryBase);
        }
    }
    if rd.is_empty() {
        return None;
    }
    let _ = doc;
    // The airport's surface is the whole phrase (it is the airport's name in French); a
    // base keeps its own name.
    let start = if is_airport { t.start } else { toks[k].start };
    let stop = toks[end - 1].end;
    Some((
        Candidate {
            t0: if is_airport { i } else { k },
            t1: end,
            start,
            end: stop,
            key: crate::text::name_key(&text[start..stop]),
            readings: rd,
            how: How::Facility,
            doubt: 0.0,
            prep: false,
        },
        end,
    ))
}

/// Points of the compass and their old names, which pair up as directions.
const CARDINALS: [&str; 13] = [
    "nord", "sud", "est", "ouest", "levant", "ponant", "midi", "orient", "occident", "north",
    "south", "east", "west",
];

/// Whether the word at `i` is a point of the compass paired with another as a direction:
/// "du Nord au Sud", "de l'Est à l'Ouest", "Nord et Sud", "from East to West".
fn cardinal_pair(toks: &[Token], i: usize) -> bool {
    const LINKS: [&str; 6] = ["au", "a", "et", "to", "and", "vers"];
    let is_cardinal = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.is_word() && CARDINALS.contains(&t.key.as_str()))
    };
    if !is_cardinal(i) {
        return false;
    }
    // Up to two words between: the link and an elided or plain article.
    let link_at = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.is_word() && LINKS.contains(&t.key.as_str()))
    };
    let article = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.kind == TokKind::Elision || matches!(t.key.as_str(), "le" | "la" | "the")
        })
    };
    let after = link_at(i + 1) && (is_cardinal(i + 2) || (article(i + 2) && is_cardinal(i + 3)));
    let before = i >= 2
        && ((link_at(i - 1) && is_cardinal(i - 2))
            || (i >= 3 && article(i - 1) && link_at(i - 2) && is_cardinal(i - 3)));
    after || before
}

/// A country abbreviation of a sports result, in parentheses right after a capitalized
/// name: "Olano (Esp)", "Tchmil (Be, 4")", "Indurain (ESP)".
fn result_country(gp: &Geoparser, text: &str, toks: &[Token], i: usize) -> Option<Candidate> {
    let t = toks.get(i)?;
    let (open, name, close) = (
        toks.get(i.checked_sub(1)?)?,
        toks.get(i.checked_sub(2)?)?,
        toks.get(i + 1)?,
    );
    let punct = |x: &Token, s: &[&str]| x.kind == TokKind::Punct && s.contains(&x.text(text));
    let shaped = t.is_word()
        && t.is_cap()
        && t.end - t.start <= 4
        && punct(open, &["("])
        && punct(close, &[")", ","])
        && name.is_word()
        && name.is_cap();
    if !shaped {
        return None;
    }
    let code = gp.lex.result_countries.get(&t.key)?;
    let readings = demonym_readings(gp, &[code.as_str()]);
    if readings.is_empty() {
        return None;
    }
    Some(Candidate {
        t0: i,
        t1: i + 1,
        start: t.start,
        end: t.end,
        key: t.key.clone(),
        readings,
        how: How::Name,
        doubt: 0.0,
        prep: false,
    })
}

/// Administrative units below the region that the gazetteer lacks.
const COUNTY_HEADS: [&str; 4] = ["county", "parish", "township", "borough"];

/// "Laurel County", "HORRY COUNTY", "Orleans Parish": counties the gazetteer lacks.
fn county(gp: &Geoparser, text: &str, toks: &[Token], i: usize) -> Option<(Candidate, usize)> {
    let mut j = i;
    while j < toks.len() && j - i < 3 && toks[j].is_cap() && (j == i || toks[j].gap == Gap::Space) {
        if COUNTY_HEADS.contains(&toks[j].key.as_str()) {
            break;
        }
        j += 1;
    }
    if j == i
        || j >= toks.len()
        || toks[j].gap != Gap::Space
        || !COUNTY_HEADS.contains(&toks[j].key.as_str())
        || !toks[j].is_cap()
    {
        return None;
    }
    let start = toks[i].start;
    let stop = toks[j].end;
    let key = crate::text::name_key(&text[start..stop]);
    // The gazetteer may know it after all.
    let readings: Readings = gp.gaz.lookup_key(&key).collect();
    Some((
        Candidate {
            t0: i,
            t1: j + 1,
            start,
            end: stop,
            key,
            readings,
            how: How::Approximate,
            doubt: 0.0,
            prep: false,
        },
        j + 1,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn roman_ordinals() {
        for s in ["IIIe", "XVe", "XIX", "IVème", "XXer"] {
            assert!(super::is_roman_ordinal(s), "{s}");
        }
        for s in ["Ile", "Vic", "I", "Lille", "Civ", "Cl"] {
            assert!(!super::is_roman_ordinal(s), "{s}");
        }
    }
}
