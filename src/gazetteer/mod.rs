//! The place index: every place Dateline can put on a map, and every name it is known by.
//!
//! # What is in it
//!
//! Entities (countries, first-level regions, cities, airports and military bases, seas and
//! straits, physical regions, continents, and the curated layer of `assets/curated/`) with a
//! point, a kind, a country, a parent region, a population, a rank and display names in
//! English, French, Spanish, German, Arabic and Russian. `build-assets` builds it from the raw
//! sources and writes one file, `assets/gazetteer.bin`.
//!
//! # How it is stored, and why
//!
//! The file is read into memory in one go and used in place: fixed-size entity records,
//! a string area, a postings area and an [`fst`] map from name key (see
//! [`crate::text::name_key`]) to the offset of that key's postings. Nothing is parsed or
//! hashed at load time, so loading costs one file read (a few milliseconds for ~20 MB)
//! instead of building a hash map of a million names, and lookups walk the automaton
//! byte by byte, which lets the geoparser extend a candidate name word by word and stop
//! as soon as no name starts that way ([`Cursor`]).
//!
//! A posting is an entity id with [`NameFlags`] saying where the name comes from (which
//! language tagged it, whether it is the place's preferred name, an untagged alternate
//! name, an abbreviation that must be written in capitals, or a code such as a US state's
//! postal code that only counts in "City, ST" position). The geoparser weighs them.

mod format;

pub use format::{Builder, EntityData};

use std::fmt;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// What kind of place an entity is. The order of the variants is the file format.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Kind {
    Country = 0,
    Region = 1,
    City = 2,
    District = 3,
    Airport = 4,
    MilitaryBase = 5,
    Facility = 6,
    Sea = 7,
    Strait = 8,
    Area = 9,
    Disputed = 10,
    Continent = 11,
    Water = 12,
    Landform = 13,
    Other = 14,
}

impl Kind {
    pub const ALL: [Kind; 15] = [
        Kind::Country,
        Kind::Region,
        Kind::City,
        Kind::District,
        Kind::Airport,
        Kind::MilitaryBase,
        Kind::Facility,
        Kind::Sea,
        Kind::Strait,
        Kind::Area,
        Kind::Disputed,
        Kind::Continent,
        Kind::Water,
        Kind::Landform,
        Kind::Other,
    ];

    pub fn from_u8(v: u8) -> Kind {
        Kind::ALL.get(v as usize).copied().unwrap_or(Kind::Other)
    }

    /// The name used in files and JSON output (`military_base`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Region => "region",
            Kind::City => "city",
            Kind::District => "district",
            Kind::Airport => "airport",
            Kind::MilitaryBase => "military_base",
            Kind::Facility => "facility",
            Kind::Sea => "sea",
            Kind::Strait => "strait",
            Kind::Area => "area",
            Kind::Disputed => "disputed",
            Kind::Continent => "continent",
            Kind::Water => "water",
            Kind::Landform => "landform",
            Kind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    /// Places that are a point on the ground rather than an area: a pin, not a region.
    pub fn is_point_like(self) -> bool {
        matches!(
            self,
            Kind::City | Kind::District | Kind::Airport | Kind::MilitaryBase | Kind::Facility
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a name of an entity comes from; several may be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct NameFlags(pub u8);

impl NameFlags {
    /// Tagged as an English name.
    pub const EN: u8 = 1;
    /// Tagged as a French name.
    pub const FR: u8 = 2;
    /// Tagged in another language (es, de, it, ...).
    pub const OTHER_LANG: u8 = 4;
    /// The entity's main or official name in some source.
    pub const PREFERRED: u8 = 8;
    /// An untagged alternate name (GeoNames alternatenames): the least trusted.
    pub const ALT: u8 = 16;
    /// An abbreviation (UK, USA, DRC): only counts when written in capitals.
    pub const ABBREV: u8 = 32;
    /// A code (US state postal code TX): only counts after "City," or in a dateline.
    pub const CODE: u8 = 64;
    /// A name from the curated layer (checked by hand).
    pub const CURATED: u8 = 128;

    pub fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    /// Tagged in the text's language: English for "en", French for "fr", either for any
    /// other language.
    pub fn in_language(self, lang: &str) -> bool {
        match lang {
            "en" => self.has(Self::EN),
            "fr" => self.has(Self::FR),
            _ => self.has(Self::EN) || self.has(Self::FR),
        }
    }
}

/// Index of an entity in the gazetteer.
pub type EntityId = u32;

/// Languages of the display names, in file order.
pub const DISPLAY_LANGS: [&str; 6] = ["en", "fr", "es", "de", "ar", "ru"];

/// Errors while loading the gazetteer.
#[derive(Debug, Error)]
pub enum GazetteerError {
    #[error("{path}: cannot read the gazetteer: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: not a Dateline gazetteer or a damaged one ({why}); rebuild it with `cargo run --bin build-assets`"
    )]
    Format { path: PathBuf, why: String },
    #[error(
        "no gazetteer found: none of {looked} holds gazetteer.bin; rebuild it with `cargo run --release --bin build-assets` or set DATELINE_ASSETS to the folder holding it"
    )]
    NoAssets { looked: String },
}

/// One entity, borrowed from the gazetteer.
#[derive(Clone, Copy)]
pub struct Entity<'g> {
    g: &'g Gazetteer,
    id: EntityId,
    rec: &'g [u8],
}

impl<'g> Entity<'g> {
    pub fn id(&self) -> EntityId {
        self.id
    }
    pub fn lat(&self) -> f64 {
        f32::from_le_bytes(self.rec[0..4].try_into().unwrap_or_default()) as f64
    }
    pub fn lon(&self) -> f64 {
        f32::from_le_bytes(self.rec[4..8].try_into().unwrap_or_default()) as f64
    }
    pub fn population(&self) -> u32 {
        format::u32_at(self.rec, 8)
    }
    /// The GeoNames id, when the entity comes from GeoNames.
    pub fn geonameid(&self) -> Option<u32> {
        Some(format::u32_at(self.rec, 12)).filter(|&v| v != 0)
    }
    /// The first-level region the entity lies in, when known.
    pub fn parent(&self) -> Option<EntityId> {
        Some(format::u32_at(self.rec, 16)).filter(|&v| v != u32::MAX)
    }
    pub fn kind(&self) -> Kind {
        Kind::from_u8(self.rec[24])
    }
    /// Bit 0: the capital of its country.
    pub fn is_capital(&self) -> bool {
        self.rec[25] & 1 != 0
    }
    /// ISO 3166-1 alpha-2 code of the country, if the place is in one country.
    pub fn country(&self) -> Option<&'g str> {
        let c = &self.rec[26..28];
        if c == b"\0\0" {
            None
        } else {
            std::str::from_utf8(c).ok()
        }
    }
    /// Importance rank 0 (world-famous) .. 255 (obscure), from Natural Earth scale ranks or
    /// the curated layer; 255 when unknown.
    pub fn rank(&self) -> u8 {
        self.rec[28]
    }
    /// The display name in `lang` (one of [`DISPLAY_LANGS`]), else the English name, else
    /// the source's own name.
    pub fn name(&self, lang: &str) -> &'g str {
        let names = self.g.names_block(format::u32_at(self.rec, 20));
        let want = DISPLAY_LANGS
            .iter()
            .position(|l| *l == lang)
            .map(|i| i as u8 + 1);
        let mut fallback_en = None;
        let mut fallback_main = "";
        for (l, s) in names {
            if Some(l) == want {
                return s;
            }
            if l == 1 {
                fallback_en = Some(s);
            }
            if l == 0 {
                fallback_main = s;
            }
        }
        fallback_en.unwrap_or(fallback_main)
    }
    /// All display names: (language code or "" for the source's main name, name).
    pub fn display_names(&self) -> Vec<(&'static str, &'g str)> {
        self.g
            .names_block(format::u32_at(self.rec, 20))
            .filter_map(|(l, s)| match l {
                0 => Some(("", s)),
                1..=6 => Some((DISPLAY_LANGS[l as usize - 1], s)),
                _ => None,
            })
            .collect()
    }
    /// Where the entity comes from: `geonames:98182`, `curated:al-asad-air-base`,
    /// `airport:ORAA`, `ne:...`, `country:IQ`.
    pub fn source(&self) -> &'g str {
        self.g
            .names_block(format::u32_at(self.rec, 20))
            .find(|(l, _)| *l == format::SOURCE_TAG)
            .map_or("", |(_, s)| s)
    }
    /// Great-circle distance in kilometres to a point.
    pub fn distance_km(&self, lat: f64, lon: f64) -> f64 {
        haversine_km(self.lat(), self.lon(), lat, lon)
    }
}

impl fmt::Debug for Entity<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "#{} {} ({}, {}, {:.4},{:.4}, pop {})",
            self.id,
            self.name("en"),
            self.kind(),
            self.country().unwrap_or("-"),
            self.lat(),
            self.lon(),
            self.population()
        )
    }
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dlat = p2 - p1;
    let dlon = (lon2 - lon1).to_radians();
    let a = (dlat / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// The loaded place index.
pub struct Gazetteer {
    data: Vec<u8>,
    n: u32,
    strings: std::ops::Range<usize>,
    postings: std::ops::Range<usize>,
    fst: fst::Map<Vec<u8>>,
    by_country: Vec<([u8; 2], EntityId)>,
}

/// A position in the name automaton: the geoparser extends a candidate name one piece at a
/// time and asks whether the text so far is a name, or the start of one.
#[derive(Clone, Copy)]
pub struct Cursor {
    addr: fst::raw::CompiledAddr,
    out: u64,
}

impl Gazetteer {
    /// Loads `gazetteer.bin` from an assets folder.
    pub fn load(assets: &Path) -> Result<Gazetteer, GazetteerError> {
        let path = assets.join("gazetteer.bin");
        let data = std::fs::read(&path).map_err(|source| GazetteerError::Io {
            path: path.clone(),
            source,
        })?;
        format::open(data).map_err(|why| GazetteerError::Format { path, why })
    }

    /// Loads the gazetteer from the default assets folder (see [`assets_dir`]).
    pub fn load_default() -> Result<Gazetteer, GazetteerError> {
        Gazetteer::load(&assets_dir()?)
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.n as usize
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Number of distinct name keys.
    pub fn name_count(&self) -> usize {
        self.fst.len()
    }

    /// Size of the loaded index in bytes.
    pub fn size_bytes(&self) -> usize {
        self.data.len() + self.fst.as_fst().as_bytes().len()
    }

    /// The entity with this id. Panics on an id not from this gazetteer (a programming
    /// error, not an input error).
    pub fn entity(&self, id: EntityId) -> Entity<'_> {
        let off = format::HEADER_LEN + id as usize * format::RECORD_LEN;
        Entity {
            g: self,
            id,
            rec: &self.data[off..off + format::RECORD_LEN],
        }
    }

    /// Iterates over all entities.
    pub fn entities(&self) -> impl Iterator<Item = Entity<'_>> {
        (0..self.n).map(move |i| self.entity(i))
    }

    /// The country entity with this ISO 3166-1 alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<Entity<'_>> {
        let b: [u8; 2] = iso2.as_bytes().try_into().ok()?;
        let i = self.by_country.binary_search_by(|(c, _)| c.cmp(&b)).ok()?;
        Some(self.entity(self.by_country[i].1))
    }

    /// The postings of an exact name key (already normalized with `name_key`).
    pub fn lookup_key(&self, key: &str) -> Postings<'_> {
        match self.fst.get(key) {
            Some(off) => self.postings_at(off),
            None => Postings { data: &[] },
        }
    }

    /// Normalizes `name` and looks it up.
    pub fn lookup(&self, name: &str) -> Postings<'_> {
        self.lookup_key(&crate::text::name_key(name))
    }

    fn postings_at(&self, off: u64) -> Postings<'_> {
        let p = &self.data[self.postings.clone()];
        let off = off as usize;
        if off + 4 > p.len() {
            return Postings { data: &[] };
        }
        let n = format::u32_at(p, off) as usize;
        let end = (off + 4 + n * 4).min(p.len());
        Postings {
            data: &p[off + 4..end],
        }
    }

    /// The start of the name automaton.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            addr: self.fst.as_fst().root().addr(),
            out: 0,
        }
    }

    /// Moves the cursor over `bytes`; `None` when no name continues that way.
    pub fn advance(&self, cur: Cursor, bytes: &[u8]) -> Option<Cursor> {
        let fst = self.fst.as_fst();
        let mut node = fst.node(cur.addr);
        let mut out = cur.out;
        for &b in bytes {
            let i = node.find_input(b)?;
            let t = node.transition(i);
            out += t.out.value();
            node = fst.node(t.addr);
        }
        Some(Cursor {
            addr: node.addr(),
            out,
        })
    }

    /// The postings of the name the cursor stands on, if it is a complete name.
    pub fn at(&self, cur: Cursor) -> Option<Postings<'_>> {
        let node = self.fst.as_fst().node(cur.addr);
        if node.is_final() {
            Some(self.postings_at(cur.out + node.final_output().value()))
        } else {
            None
        }
    }

    /// Name keys starting with `prefix` (normalized), at most `limit`, with their postings:
    /// the place search of the user interface.
    pub fn search_prefix(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Vec<(String, Vec<(EntityId, NameFlags)>)> {
        use fst::{IntoStreamer, Streamer};
        let key = crate::text::name_key(prefix);
        let mut out = Vec::new();
        if key.is_empty() {
            return out;
        }
        let aut = fst::automaton::Str::new(&key);
        let mut stream = self
            .fst
            .search(fst::Automaton::starts_with(aut))
            .into_stream();
        while let Some((k, v)) = stream.next() {
            out.push((
                String::from_utf8_lossy(k).into_owned(),
                self.postings_at(v).collect(),
            ));
            if out.len() >= limit {
                break;
            }
        }
        out
    }

    fn names_block(&self, off: u32) -> format::NamesIter<'_> {
        format::NamesIter::new(&self.data[self.strings.clone()], off as usize)
    }
}

/// The entities a name key points to.
#[derive(Clone, Copy)]
pub struct Postings<'g> {
    data: &'g [u8],
}

impl Postings<'_> {
    pub fn len(&self) -> usize {
        self.data.len() / 4
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

impl Iterator for Postings<'_> {
    type Item = (EntityId, NameFlags);
    fn next(&mut self) -> Option<Self::Item> {
        if self.data.len() < 4 {
            return None;
        }
        let v = format::u32_at(self.data, 0);
        self.data = &self.data[4..];
        Some((v >> 8, NameFlags((v & 0xff) as u8)))
    }
}

/// The assets folder: `$DATELINE_ASSETS`, else `assets/` beside the executable or in one of
/// its parent folders (a cargo `target/` tree), else the crate's own `assets/` folder.
pub fn assets_dir() -> Result<PathBuf, GazetteerError> {
    let mut looked = Vec::new();
    if let Some(p) = std::env::var_os("DATELINE_ASSETS") {
        let p = PathBuf::from(p);
        if p.join("gazetteer.bin").is_file() {
            return Ok(p);
        }
        looked.push(p.display().to_string());
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1).take(4) {
            let p = dir.join("assets");
            if p.join("gazetteer.bin").is_file() {
                return Ok(p);
            }
            looked.push(p.display().to_string());
        }
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    if p.join("gazetteer.bin").is_file() {
        return Ok(p);
    }
    looked.push(p.display().to_string());
    Err(GazetteerError::NoAssets {
        looked: looked.join(", "),
    })
}
