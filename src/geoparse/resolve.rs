//! Choosing the place each candidate refers to.
//!
//! A reading's score is `prior + name quality + local cues + document context - doubt`:
//!
//! * prior: by kind (countries and continents high, regions next, cities by population,
//!   with a bonus for capitals and places Natural Earth ranks as important);
//! * name quality: curated, preferred or tagged in the text's language (better) versus an
//!   untagged GeoNames alternate name (worse);
//! * local cues: "City, Region" pairs and a preposition of place before the name;
//! * document context, recomputed over two passes from the current choices: the share of
//!   the document's places lying in the reading's country and first-level region, and the
//!   distance to the other places.
//!
//! Then one sense per discourse (mentions with the same key pool their scores and share the
//! winner), a floor below which a candidate is not reported (a village reached through an
//! alternate name with nothing in the text to support it), and the placing of "X County"
//! phrases the gazetteer lacks, at the county's namesake town or its region.

use std::collections::HashMap;

use super::spans::Candidate;
use super::tokens::Token;
use super::{Alternative, Geoparser, How, Mention};
use crate::gazetteer::{Entity, EntityId, Kind, NameFlags};

/// Readings kept per candidate, best priors first ("Springfield" has dozens).
const MAX_READINGS: usize = 40;

/// Readings whose own evidence (before document context) is below this are not
/// reported: context can choose between readings, not make a weak name a place.
const BASE_FLOOR: f32 = 4.0;

/// Scores below this are not reported.
const FLOOR: f32 = 7.0;

fn prior(e: &Entity) -> f32 {
    let rank = e.rank().min(12) as f32;
    match e.kind() {
        Kind::Country => 10.0,
        Kind::Continent => 9.5,
        Kind::Region => 7.0 - rank * 0.15,
        Kind::City => {
            let pop = e.population() as f32;
            let mut s = 1.0 + 1.3 * (pop + 10.0).log10();
            if e.is_capital() {
                s += 1.5;
            }
            if e.rank() <= 10 {
                s += (10.0 - rank) * 0.15;
            }
            s
        }
        Kind::Airport => 6.5 - e.rank() as f32 / 40.0,
        Kind::MilitaryBase => 6.5,
        Kind::Sea | Kind::Strait => 8.0 - rank * 0.3,
        Kind::Water | Kind::Landform => 6.0 - rank * 0.3,
        Kind::District | Kind::Facility | Kind::Area | Kind::Disputed | Kind::Other => 7.5,
    }
}

fn quality(f: NameFlags, lang: &str) -> f32 {
    let mut q = 0.0;
    if f.has(NameFlags::CURATED) {
        q += 1.5;
    }
    if f.has(NameFlags::PREFERRED) {
        q += 1.0;
    }
    if f.in_language(lang) {
        q += 1.0;
    } else if f.has(NameFlags::EN) || f.has(NameFlags::FR) || f.has(NameFlags::OTHER_LANG) {
        q += 0.3;
    }
    let tagged = NameFlags::EN
        | NameFlags::FR
        | NameFlags::OTHER_LANG
        | NameFlags::PREFERRED
        | NameFlags::CURATED;
    if f.0 & tagged == 0 {
        q -= 2.0;
    }
    q
}

struct Reading {
    id: EntityId,
    kind: Kind,
    base: f32,
    country: Option<[u8; 2]>,
    region: Option<EntityId>,
    lat: f64,
    lon: f64,
    score: f32,
    /// A city named like a country in the text's language ("China", Maine): the document's
    /// context counts half for it.
    shadowed: bool,
}

struct Slot {
    readings: Vec<Reading>,
    pick: Option<usize>,
    conf: f32,
}

fn softmax_best(rs: &[Reading]) -> Vec<f32> {
    let m = rs.iter().map(|r| r.score).fold(f32::MIN, f32::max);
    let ex: Vec<f32> = rs.iter().map(|r| ((r.score - m) / 1.5).exp()).collect();
    let sum: f32 = ex.iter().sum();
    ex.iter().map(|x| x / sum.max(1e-9)).collect()
}

fn code(c: Option<&str>) -> Option<[u8; 2]> {
    c.and_then(|s| s.as_bytes().try_into().ok())
}

pub(crate) fn resolve(
    gp: &Geoparser,
    text: &str,
    toks: &[Token],
    lang: &str,
    cands: Vec<Candidate>,
) -> Vec<Mention> {
    let g = &gp.gaz;
    let mut slots: Vec<Slot> = cands
        .iter()
        .map(|c| {
            let readings = c
                .readings
                .iter()
                .map(|&(id, f)| {
                    let e = g.entity(id);
                    let region = if e.kind() == Kind::Region {
                        Some(id)
                    } else {
                        e.parent()
                    };
                    let mut base = prior(&e) + quality(f, lang) - c.doubt;
                    if c.prep {
                        base += 0.5;
                    }
                    Reading {
                        id,
                        kind: e.kind(),
                        base,
                        country: code(e.country()),
                        region,
                        lat: e.lat(),
                        lon: e.lon(),
                        score: base,
                        shadowed: false,
                    }
                })
                .collect::<Vec<Reading>>();
            let mut readings = readings;
            // A country outranks the cities that bear its name in the text's language:
            // English "Mexico" is the country, not Mexico City (French "Mexico" is the
            // city: the country is "Mexique" there). Context can still move the pin.
            let country_base = c
                .readings
                .iter()
                .zip(&readings)
                .filter(|((_, f), r)| r.kind == Kind::Country && f.in_language(lang))
                .map(|(_, r)| r.base)
                .reduce(f32::max);
            if let Some(cb) = country_base {
                for r in &mut readings {
                    if r.kind == Kind::City {
                        r.shadowed = true;
                        if r.base > cb - 1.0 {
                            r.base = cb - 1.0;
                            r.score = r.base;
                        }
                    }
                }
            }
            if readings.len() > MAX_READINGS {
                readings.sort_by(|a, b| b.base.total_cmp(&a.base).then(a.id.cmp(&b.id)));
                readings.truncate(MAX_READINGS);
            }
            Slot {
                readings,
                pick: None,
                conf: 0.0,
            }
        })
        .collect();

    // "City, Region" and "City, Country": the second name vouches for the first.
    for k in 0..cands.len().saturating_sub(1) {
        let (a, b) = (&cands[k], &cands[k + 1]);
        if b.t0 != a.t1 + 1 || toks.get(a.t1).is_none_or(|t| t.key != ",") {
            continue;
        }
        let (left, right) = slots.split_at_mut(k + 1);
        let (sa, sb) = (&mut left[k], &mut right[0]);
        let mut matched_b = Vec::new();
        for ra in &mut sa.readings {
            for (jb, rb) in sb.readings.iter().enumerate() {
                let eb = g.entity(rb.id);
                let fits = match eb.kind() {
                    Kind::Region => ra.region == Some(rb.id),
                    Kind::Country => {
                        ra.country.is_some() && ra.country == rb.country && ra.id != rb.id
                    }
                    _ => false,
                };
                if fits {
                    ra.base += 6.0;
                    matched_b.push(jb);
                }
            }
        }
        for jb in matched_b {
            sb.readings[jb].base += 3.0;
        }
    }

    for r in slots.iter_mut().flat_map(|s| s.readings.iter_mut()) {
        r.score = r.base;
    }
    pick_all(&mut slots);
    for _pass in 0..2 {
        // Context from the current choices.
        let mut countries: HashMap<[u8; 2], f32> = HashMap::new();
        let mut regions: HashMap<EntityId, f32> = HashMap::new();
        let mut total = 0.0f32;
        #[allow(clippy::type_complexity)] // (country, region, weight, lat, lon) per mention
        let mut contrib: Vec<Option<(Option<[u8; 2]>, Option<EntityId>, f32, f64, f64)>> =
            Vec::with_capacity(slots.len());
        for s in &slots {
            let Some(p) = s.pick else {
                contrib.push(None);
                continue;
            };
            let r = &s.readings[p];
            let w = s.conf;
            if let Some(c) = r.country {
                *countries.entry(c).or_default() += w;
            }
            if let Some(reg) = r.region {
                *regions.entry(reg).or_default() += w;
            }
            total += w;
            contrib.push(Some((r.country, r.region, w, r.lat, r.lon)));
        }
        let anchors: Vec<(usize, f64, f64, f64)> = contrib
            .iter()
            .enumerate()
            .filter_map(|(k, o)| {
                o.filter(|o| o.2 >= 0.5)
                    .map(|o| (k, o.3, o.4, o.3.to_radians().cos()))
            })
            .collect();
        for (k, s) in slots.iter_mut().enumerate() {
            let own = contrib[k];
            let own_w = own.map_or(0.0, |o| o.2);
            let others = (total - own_w).max(0.0);
            for r in &mut s.readings {
                let mut ctx = 0.0;
                if others > 0.0 {
                    if let Some(c) = r.country {
                        let mut w = countries.get(&c).copied().unwrap_or(0.0);
                        if own.is_some_and(|o| o.0 == Some(c)) {
                            w -= own_w;
                        }
                        ctx += 5.0 * (w / others).clamp(0.0, 1.0);
                    }
                    if let Some(reg) = r.region {
                        let mut w = regions.get(&reg).copied().unwrap_or(0.0);
                        if own.is_some_and(|o| o.1 == Some(reg)) {
                            w -= own_w;
                        }
                        ctx +=
                            3.0 * (w / others).clamp(0.0, 1.0) + if w >= 0.5 { 1.0 } else { 0.0 };
                    }
                    // Proximity to the other confidently placed mentions.
                    let mut best = f64::MAX;
                    for a in anchors.iter().filter(|a| a.0 != k) {
                        best = best.min(approx_km(r.lat, r.lon, a.1, a.2, a.3));
                    }
                    ctx += if best < 50.0 {
                        1.5
                    } else if best < 200.0 {
                        1.0
                    } else if best < 1000.0 {
                        0.4
                    } else {
                        0.0
                    };
                }
                r.score = r.base + if r.shadowed { 0.5 * ctx } else { ctx };
            }
        }
        one_sense_per_discourse(&cands, &mut slots);
        pick_all(&mut slots);
    }

    // Dominant region of the document, for approximate places.
    let mut region_w: HashMap<EntityId, f32> = HashMap::new();
    for s in &slots {
        if let Some(p) = s.pick
            && let Some(reg) = s.readings[p].region
        {
            *region_w.entry(reg).or_default() += s.conf;
        }
    }
    let dominant = region_w
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&r, _)| r);

    let mut out = Vec::with_capacity(cands.len());
    for (c, s) in cands.iter().zip(&slots) {
        let surface = text[c.start..c.end].to_string();
        if c.how == How::Approximate && s.readings.is_empty() {
            if let Some((point, entity)) = approximate(gp, c, toks, text, dominant) {
                out.push(Mention {
                    start: c.start,
                    end: c.end,
                    surface,
                    entity,
                    point: Some(point),
                    confidence: 0.3,
                    alternatives: Vec::new(),
                    how: How::Approximate,
                });
            }
            continue;
        }
        let Some(p) = s.pick else { continue };
        let best = &s.readings[p];
        let floor = match c.how {
            How::Name | How::Approximate => FLOOR,
            How::Demonym | How::Facility => 0.0,
        };
        if best.score < floor || (c.how == How::Name && best.base < BASE_FLOOR) {
            continue;
        }
        let probs = softmax_best(&s.readings);
        let mut order: Vec<usize> = (0..s.readings.len()).filter(|&i| i != p).collect();
        order.sort_by(|&a, &b| {
            probs[b]
                .total_cmp(&probs[a])
                .then(s.readings[a].id.cmp(&s.readings[b].id))
        });
        let e = g.entity(best.id);
        out.push(Mention {
            start: c.start,
            end: c.end,
            surface,
            entity: Some(best.id),
            point: Some((e.lat(), e.lon())),
            confidence: probs[p],
            alternatives: order
                .into_iter()
                .take(5)
                .map(|i| Alternative {
                    entity: s.readings[i].id,
                    score: probs[i],
                })
                .collect(),
            how: c.how,
        });
    }
    out
}

/// Distance in km on an equirectangular approximation: good enough to compare with the
/// context thresholds, and free of trigonometry in the inner loop.
fn approx_km(lat: f64, lon: f64, alat: f64, alon: f64, acos: f64) -> f64 {
    let mut dlon = (lon - alon).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    let dx = dlon * acos;
    let dy = lat - alat;
    (dx * dx + dy * dy).sqrt() * 111.2
}

fn pick_all(slots: &mut [Slot]) {
    for s in slots {
        if s.readings.is_empty() {
            s.pick = None;
            continue;
        }
        let mut best = 0;
        for (i, r) in s.readings.iter().enumerate() {
            let b = &s.readings[best];
            if r.score > b.score || (r.score == b.score && r.id < b.id) {
                best = i;
            }
        }
        let probs = softmax_best(&s.readings);
        s.pick = Some(best);
        s.conf = probs[best];
    }
}

/// Mentions with the same key pool their evidence: each reading's score becomes the
/// mean over the group, so the same name means the same place throughout a document.
fn one_sense_per_discourse(cands: &[Candidate], slots: &mut [Slot]) {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, c) in cands.iter().enumerate() {
        if c.how != How::Approximate {
            groups.entry(c.key.as_str()).or_default().push(k);
        }
    }
    for (_, members) in groups {
        if members.len() < 2 {
            continue;
        }
        let mut sum: HashMap<EntityId, (f32, u32)> = HashMap::new();
        for &k in &members {
            for r in &slots[k].readings {
                let e = sum.entry(r.id).or_default();
                e.0 += r.score;
                e.1 += 1;
            }
        }
        for &k in &members {
            for r in &mut slots[k].readings {
                if let Some(&(s, n)) = sum.get(&r.id) {
                    r.score = s / n as f32;
                }
            }
        }
    }
}

/// A point for a county the gazetteer lacks: its namesake town in the region the text
/// names right after it ("Horry County, SC") or in the document's dominant region, else
/// that region's own point.
fn approximate(
    gp: &Geoparser,
    c: &Candidate,
    toks: &[Token],
    text: &str,
    dominant: Option<EntityId>,
) -> Option<((f64, f64), Option<EntityId>)> {
    let g = &gp.gaz;
    // "X County, ST": the region after the comma.
    let mut region = None;
    if toks.get(c.t1).is_some_and(|t| t.key == ",")
        && let Some(t) = toks.get(c.t1 + 1)
    {
        let key = t.key.as_str();
        region = g
            .lookup_key(key)
            .find(|(id, _)| g.entity(*id).kind() == Kind::Region)
            .map(|(id, _)| id);
    }
    let region = region.or(dominant)?;
    let words: Vec<&str> = toks[c.t0..c.t1 - 1]
        .iter()
        .map(|t| t.key.as_str())
        .collect();
    let name = words.join(" ");
    let _ = text;
    let town = g
        .lookup_key(&name)
        .filter(|(id, _)| {
            let e = g.entity(*id);
            e.kind() == Kind::City && e.parent() == Some(region)
        })
        .max_by_key(|(id, _)| g.entity(*id).population())
        .map(|(id, _)| id);
    let e = g.entity(town.unwrap_or(region));
    Some(((e.lat(), e.lon()), None))
}
