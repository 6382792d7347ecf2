//! The on-disk form of the gazetteer, and the builder that writes it.
//!
//! ```text
//! header   HEADER_LEN bytes: magic, version, entity count, section lengths
//! records  RECORD_LEN bytes per entity (little endian):
//!          0 lat f32 · 4 lon f32 · 8 population u32 · 12 geonameid u32 (0: none)
//!          16 parent u32 (u32::MAX: none) · 20 names offset u32 · 24 kind u8
//!          25 flags u8 (bit 0 capital) · 26 country [u8; 2] · 28 rank u8 · 29..32 zero
//! strings  per entity: u8 count, then count × (u8 tag, u16 length, UTF-8 bytes);
//!          tag 0 main name, 1..=6 DISPLAY_LANGS, SOURCE_TAG the source id
//! postings per name key: u32 count, then count × u32 (entity id << 8 | NameFlags)
//! fst      name key → byte offset of its postings
//! ```
//!
//! Everything is written in a deterministic order (entities in the order they were added,
//! keys sorted, postings sorted by entity), so the same sources give a byte-identical file.

use std::collections::BTreeMap;

use super::{EntityId, Gazetteer, Kind};

pub(super) const MAGIC: &[u8; 8] = b"DLGAZ\0\0\0";
pub(super) const VERSION: u32 = 1;
pub(super) const HEADER_LEN: usize = 32;
pub(super) const RECORD_LEN: usize = 32;
pub(super) const SOURCE_TAG: u8 = 255;

pub(super) fn u32_at(b: &[u8], off: usize) -> u32 {
    b.get(off..off + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

/// Everything known about one entity, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityData {
    pub kind: Kind,
    pub lat: f64,
    pub lon: f64,
    pub population: u32,
    pub geonameid: Option<u32>,
    /// ISO 3166-1 alpha-2, or empty.
    pub country: String,
    pub parent: Option<EntityId>,
    pub capital: bool,
    /// 0 (world-famous) .. 255 (unknown).
    pub rank: u8,
    /// The source's own main name.
    pub main_name: String,
    /// Display names: (language of DISPLAY_LANGS, name).
    pub display: Vec<(String, String)>,
    /// `geonames:98182`, `curated:...`.
    pub source: String,
}

impl EntityData {
    pub fn new(kind: Kind, main_name: &str, lat: f64, lon: f64, source: &str) -> EntityData {
        EntityData {
            kind,
            lat,
            lon,
            population: 0,
            geonameid: None,
            country: String::new(),
            parent: None,
            capital: false,
            rank: 255,
            main_name: main_name.to_string(),
            display: Vec::new(),
            source: source.to_string(),
        }
    }
}

/// Collects entities and names, then writes the file or opens it in memory.
#[derive(Default)]
pub struct Builder {
    entities: Vec<EntityData>,
    names: BTreeMap<String, BTreeMap<EntityId, u8>>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    pub fn entity(&self, id: EntityId) -> &EntityData {
        &self.entities[id as usize]
    }

    pub fn entity_mut(&mut self, id: EntityId) -> &mut EntityData {
        &mut self.entities[id as usize]
    }

    /// All entities with their ids, in order.
    pub fn entities_iter(&self) -> impl Iterator<Item = (EntityId, &EntityData)> {
        self.entities
            .iter()
            .enumerate()
            .map(|(i, e)| (i as EntityId, e))
    }

    /// Adds an entity and returns its id.
    pub fn add(&mut self, e: EntityData) -> EntityId {
        self.entities.push(e);
        (self.entities.len() - 1) as EntityId
    }

    /// Adds a name of an entity; flags from several sources of the same name are merged.
    /// Names whose key is empty or longer than 80 bytes are ignored.
    pub fn add_name(&mut self, id: EntityId, name: &str, flags: u8) {
        let key = crate::text::name_key(name);
        if key.is_empty() || key.len() > 80 {
            return;
        }
        *self.names.entry(key).or_default().entry(id).or_insert(0) |= flags;
    }

    /// Number of distinct name keys so far.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Serializes to the file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut strings: Vec<u8> = Vec::new();
        let mut records: Vec<u8> = Vec::with_capacity(self.entities.len() * RECORD_LEN);
        for e in &self.entities {
            let names_off = strings.len() as u32;
            let mut items: Vec<(u8, &str)> = vec![(0, e.main_name.as_str())];
            for (lang, name) in &e.display {
                if let Some(i) = super::DISPLAY_LANGS.iter().position(|l| l == lang) {
                    items.push((i as u8 + 1, name.as_str()));
                }
            }
            items.push((SOURCE_TAG, e.source.as_str()));
            strings.push(items.len().min(255) as u8);
            for (tag, s) in items.into_iter().take(255) {
                let s = truncate(s, u16::MAX as usize);
                strings.push(tag);
                strings.extend_from_slice(&(s.len() as u16).to_le_bytes());
                strings.extend_from_slice(s.as_bytes());
            }
            records.extend_from_slice(&(e.lat as f32).to_le_bytes());
            records.extend_from_slice(&(e.lon as f32).to_le_bytes());
            records.extend_from_slice(&e.population.to_le_bytes());
            records.extend_from_slice(&e.geonameid.unwrap_or(0).to_le_bytes());
            records.extend_from_slice(&e.parent.unwrap_or(u32::MAX).to_le_bytes());
            records.extend_from_slice(&names_off.to_le_bytes());
            records.push(e.kind as u8);
            records.push(u8::from(e.capital));
            let c = e.country.as_bytes();
            if c.len() == 2 {
                records.extend_from_slice(c);
            } else {
                records.extend_from_slice(b"\0\0");
            }
            records.push(e.rank);
            records.extend_from_slice(&[0, 0, 0]);
        }
        let mut postings: Vec<u8> = Vec::new();
        let mut fst_builder = fst::MapBuilder::memory();
        for (key, ents) in &self.names {
            let off = postings.len() as u64;
            postings.extend_from_slice(&(ents.len() as u32).to_le_bytes());
            for (&id, &flags) in ents {
                postings.extend_from_slice(&((id << 8) | flags as u32).to_le_bytes());
            }
            // Keys come sorted from the BTreeMap, so insertion cannot fail on order.
            let _ = fst_builder.insert(key.as_bytes(), off);
        }
        let fst_bytes = fst_builder.into_inner().unwrap_or_default();
        let mut out = Vec::with_capacity(
            HEADER_LEN + records.len() + strings.len() + postings.len() + fst_bytes.len(),
        );
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(self.entities.len() as u32).to_le_bytes());
        out.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        out.extend_from_slice(&(postings.len() as u32).to_le_bytes());
        out.extend_from_slice(&(fst_bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(&[0u8; 4]);
        debug_assert_eq!(out.len(), HEADER_LEN);
        out.extend_from_slice(&records);
        out.extend_from_slice(&strings);
        out.extend_from_slice(&postings);
        out.extend_from_slice(&fst_bytes);
        out
    }

    /// Builds the gazetteer in memory (tests, and build-assets' own checks).
    pub fn build(&self) -> Gazetteer {
        // The bytes come from `to_bytes`, so they are well formed.
        match open(self.to_bytes()) {
            Ok(g) => g,
            Err(why) => panic!("Builder produced an unreadable gazetteer: {why}"),
        }
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Checks the header and splits the sections.
pub(super) fn open(mut data: Vec<u8>) -> Result<Gazetteer, String> {
    if data.len() < HEADER_LEN || &data[..8] != MAGIC {
        return Err("bad magic number".into());
    }
    let version = u32_at(&data, 8);
    if version != VERSION {
        return Err(format!(
            "format version {version}, this program reads {VERSION}"
        ));
    }
    let n = u32_at(&data, 12);
    let slen = u32_at(&data, 16) as usize;
    let plen = u32_at(&data, 20) as usize;
    let flen = u32_at(&data, 24) as usize;
    let rec_end = HEADER_LEN + n as usize * RECORD_LEN;
    let strings = rec_end..rec_end + slen;
    let postings = strings.end..strings.end + plen;
    if postings.end + flen != data.len() {
        return Err(format!(
            "section lengths add up to {} bytes, the file has {}",
            postings.end + flen,
            data.len()
        ));
    }
    let fst_bytes = data.split_off(postings.end);
    let fst = fst::Map::new(fst_bytes).map_err(|e| format!("name index: {e}"))?;
    let mut g = Gazetteer {
        data,
        n,
        strings,
        postings,
        fst,
        by_country: Vec::new(),
    };
    let mut by_country = Vec::new();
    for e in g.entities() {
        if e.kind() == Kind::Country
            && let Some(c) = e.country()
        {
            let c: [u8; 2] = c.as_bytes().try_into().unwrap_or([0, 0]);
            by_country.push((c, e.id()));
        }
    }
    by_country.sort();
    by_country.dedup_by_key(|(c, _)| *c);
    g.by_country = by_country;
    Ok(g)
}

/// Iterates over the (tag, string) items of one entity's string block.
pub(super) struct NamesIter<'a> {
    b: &'a [u8],
    pos: usize,
    left: u8,
}

impl<'a> NamesIter<'a> {
    pub(super) fn new(b: &'a [u8], off: usize) -> NamesIter<'a> {
        let left = b.get(off).copied().unwrap_or(0);
        NamesIter {
            b,
            pos: off + 1,
            left,
        }
    }
}

impl<'a> Iterator for NamesIter<'a> {
    type Item = (u8, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 || self.pos + 3 > self.b.len() {
            return None;
        }
        self.left -= 1;
        let tag = self.b[self.pos];
        let len = u16::from_le_bytes([self.b[self.pos + 1], self.b[self.pos + 2]]) as usize;
        let start = self.pos + 3;
        let end = (start + len).min(self.b.len());
        self.pos = end;
        Some((tag, std::str::from_utf8(&self.b[start..end]).unwrap_or("")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::NameFlags;

    fn sample() -> Builder {
        let mut b = Builder::new();
        let mut iq = EntityData::new(Kind::Country, "Iraq", 33.0, 44.0, "country:IQ");
        iq.country = "IQ".into();
        iq.population = 38_000_000;
        iq.display = vec![("en".into(), "Iraq".into()), ("fr".into(), "Irak".into())];
        let iq = b.add(iq);
        let mut bg = EntityData::new(Kind::City, "Baghdad", 33.34058, 44.40088, "geonames:98182");
        bg.country = "IQ".into();
        bg.geonameid = Some(98182);
        bg.capital = true;
        bg.population = 7_216_000;
        let bg = b.add(bg);
        b.add_name(iq, "Iraq", NameFlags::EN | NameFlags::PREFERRED);
        b.add_name(iq, "Irak", NameFlags::FR);
        b.add_name(bg, "Baghdad", NameFlags::EN | NameFlags::PREFERRED);
        b.add_name(bg, "Bagdad", NameFlags::FR);
        b.add_name(bg, "Bagdad", NameFlags::OTHER_LANG);
        b
    }

    #[test]
    fn round_trip() {
        let g = sample().build();
        assert_eq!(g.len(), 2);
        let iq = g.entity(0);
        assert_eq!(iq.kind(), Kind::Country);
        assert_eq!(iq.name("fr"), "Irak");
        assert_eq!(iq.name("de"), "Iraq");
        assert_eq!(iq.source(), "country:IQ");
        assert_eq!(g.country("IQ").map(|e| e.id()), Some(0));
        let bg = g.entity(1);
        assert!(bg.is_capital());
        assert_eq!(bg.geonameid(), Some(98182));
        assert!((bg.lat() - 33.34058).abs() < 1e-4);
        let hits: Vec<_> = g.lookup("BAGDAD").collect();
        assert_eq!(
            hits,
            vec![(1, NameFlags(NameFlags::FR | NameFlags::OTHER_LANG))]
        );
        assert_eq!(g.lookup("Bagdadi").count(), 0);
    }

    #[test]
    fn cursor_walks_word_by_word() {
        let g = sample().build();
        let c = g.advance(g.cursor(), b"bag").expect("prefix");
        assert!(g.at(c).is_none());
        let c = g.advance(c, b"dad").expect("name");
        assert_eq!(g.at(c).map(|p| p.count()), Some(1));
        assert!(g.advance(g.cursor(), b"paris").is_none());
    }

    #[test]
    fn deterministic_bytes() {
        assert_eq!(sample().to_bytes(), sample().to_bytes());
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let bytes = sample().to_bytes();
        for cut in [0, 7, 31, 40, bytes.len() - 1] {
            assert!(open(bytes[..cut].to_vec()).is_err(), "cut at {cut}");
        }
        let mut bad = bytes.clone();
        bad[8] = 99;
        assert!(open(bad).is_err());
    }
}
