//! Basemap layers (Natural Earth at 1:110m, 1:50m and 1:10m) read from `maps/`.
//!
//! # What is in `maps/`
//!
//! `build-assets` turns the Natural Earth GeoJSON of `../shared/data` into four files:
//!
//! | file | holds |
//! |---|---|
//! | `110m.bin`, `50m.bin`, `10m.bin` | one [`LevelData`] each: countries (map units), disputed areas, land borders with their [`BorderKind`], coastlines, lakes, rivers, first-level admin lines (50m, 10m) |
//! | `labels.bin` | one [`Labels`], shared by all levels: populated places, and marine and physical features (oceans, seas, gulfs, straits, deserts, ranges, ...) with ranks so the scene picks by zoom |
//!
//! Countries are Natural Earth's admin-0 countries at every level, except that Palestine is
//! always split into two units, Gaza (`GAZ`) and the West Bank (`WEB`); at 1:110m, where
//! Natural Earth has no Gaza polygon, the 1:50m one is used (it is listed after Israel, so
//! it is painted over it).
//!
//! # Coordinates
//!
//! Geometry is stored **pre-projected** in the Web Mercator unit square:
//! `x = (lon + 180) / 360`, `y = (1 - ln(tan φ + sec φ) / π) / 2`, latitude clamped to
//! ±[`MAX_LAT`] (see [`mercator`]), so `(0, 0)` is the north-west corner and `y` grows
//! southwards, like screen pixels; the renderer only scales and translates. Label points
//! ([`GeoPoint`]) keep their longitude and latitude as well as their Mercator position.
//!
//! Natural Earth cuts everything at ±180°, so no ring or line jumps across the antimeridian;
//! the builder unwraps longitudes if one ever does, so a feature's `x` may then leave
//! `[0, 1]`. The one kind of jump that stays is an edge that runs along the top or bottom of
//! the square (Antarctica's closing edge at `y = 1`), which draws nothing visible. Every
//! feature has a [`Bbox`]; [`visible`] lists the features that meet a view, with the
//! whole-world shift (`-1`, `0`, `+1`, ...) at which to draw each copy, so a map panned
//! across the date line still shows Chukotka and Fiji.
//!
//! Polygons ([`Polygon`]) keep their rings (first the outer ring, then its holes; rings are
//! open, the closing edge is implied) and an earcut triangulation computed at build time in
//! Mercator space: `triangles` holds `u32` indices into `rings.points`, three per triangle.
//! egui fills only convex paths, and triangulating 10m countries at run time would cost
//! far more than reading the indices.
//!
//! # Binary form (little-endian, version [`FORMAT_VERSION`])
//!
//! ```text
//! header, 32 bytes
//!   0  magic        b"DLBASEMP"
//!   8  u16 version  (FORMAT_VERSION)
//!  10  u8  kind     0 = 110m, 1 = 50m, 2 = 10m, 3 = labels
//!  11  u8  bits     coordinate grid: a coordinate c is stored as round(c * 2^bits)
//!  12  u32 sections number of entries in the section table
//!  16  u64 length   length of the whole file in bytes
//!  24  u64 checksum of bytes 8..24 and 32.. (a 64-bit multiply-xor hash, to catch damage)
//! section table, 12 bytes per entry: [u8; 4] tag, u32 offset (from file start), u32 length
//! sections: CTRY DISP BORD COST LAKE RIVR ADM1 (levels), PLAC FEAT (labels); each is a
//!   varint item count followed by the items; an unknown tag is skipped, a missing one is empty
//! ```
//!
//! Inside a section: integers are LEB128 varints (signed ones zigzag-encoded), strings are a
//! varint byte length and UTF-8, floats are `f32`. A point is the zigzag delta of its grid
//! coordinates from the previous point of the same section (the first from `(0, 0)`), so a
//! typical 1:10m vertex takes 3 to 4 bytes. The grid is 2^20 per unit at 110m, 2^22 at
//! 50m and 2^24 at 10m (2.4 m at the equator): every grid value is exactly an `f32`, so the
//! triangulation made on snapped points ([`Level::snap`]) is valid for the decoded ones.
//! A path is a varint point count and its points; a polygon is a varint ring count, the
//! rings, a varint index count and the indices, each the zigzag delta from the previous
//! one. Label points are longitude and latitude as two `f32`. The
//! exact item layouts are in `codec.rs`.
//!
//! The decoder checks lengths, counts, UTF-8, enum codes and triangle indices as it goes,
//! and the checksum first, so a damaged file gives a [`BasemapError`] naming the file and
//! the problem, never a panic or a wild allocation.
//!
//! # Choosing a level
//!
//! [`Level::for_zoom`] takes a Web Mercator zoom (the world is `256 · 2^zoom` px wide). At
//! 96 dpi zoom `z` is about 1:(559M / 2^z) at the equator: 1:110m data is drawn for that
//! scale up to zoom 2.5 (≈1:100M); 1:50m up to zoom 4.5 (≈1:25M, twice its nominal
//! scale, where its straight segments start to show); 1:10m beyond. The app loads 110m
//! and 50m at start ([`Basemap::load`], a few milliseconds) and 10m lazily on a background
//! thread ([`Basemap::load_level`]); until it arrives [`Basemap::for_zoom`] falls back to
//! 50m.

mod codec;

pub use codec::{FORMAT_VERSION, FormatProblem, MAGIC};

use std::path::{Path, PathBuf};

use thiserror::Error;

/// A point in the Web Mercator unit square: `[x, y]`, `y` southwards.
pub type Pt = [f32; 2];

/// The latitude limit of Web Mercator (where the map is square), in degrees.
pub const MAX_LAT: f64 = 85.051_128_78;

/// Projects longitude and latitude (degrees) into the Web Mercator unit square.
pub fn mercator(lon: f64, lat: f64) -> [f64; 2] {
    let phi = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (phi.tan() + 1.0 / phi.cos()).ln() / std::f64::consts::PI) / 2.0;
    [x, y]
}

/// The inverse of [`mercator`]: `(lon, lat)` in degrees of a unit-square point.
pub fn inverse_mercator(x: f64, y: f64) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * y))
        .sinh()
        .atan()
        .to_degrees();
    (lon, lat)
}

/// The errors of loading the basemap.
#[derive(Debug, Error)]
pub enum BasemapError {
    #[error("{path}: cannot read the basemap: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: {problem}; rebuild maps/ with `cargo run --release --bin build-assets -- --only maps`"
    )]
    Format {
        path: PathBuf,
        #[source]
        problem: FormatProblem,
    },
    #[error(
        "no basemap found: none of {looked} holds 110m.bin; rebuild it with `cargo run --release --bin build-assets -- --only maps` or set DATELINE_MAPS to the folder holding it"
    )]
    NoMaps { looked: String },
}

/// A level of detail: which Natural Earth scale the geometry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// 1:110 million: world maps.
    L110m,
    /// 1:50 million: continents and large countries.
    L50m,
    /// 1:10 million: countries, regions, cities.
    L10m,
}

impl Level {
    /// All levels, coarsest first.
    pub const ALL: [Level; 3] = [Level::L110m, Level::L50m, Level::L10m];

    /// The level to draw at a Web Mercator zoom (world = `256 · 2^zoom` px): 110m below
    /// 2.5, 50m below 4.5, 10m from there on (see the module documentation).
    pub fn for_zoom(zoom: f64) -> Level {
        if zoom >= 4.5 {
            Level::L10m
        } else if zoom >= 2.5 {
            Level::L50m
        } else {
            Level::L110m
        }
    }

    /// `"110m"`, `"50m"` or `"10m"`.
    pub fn name(self) -> &'static str {
        match self {
            Level::L110m => "110m",
            Level::L50m => "50m",
            Level::L10m => "10m",
        }
    }

    /// The file of this level in `maps/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Level::L110m => "110m.bin",
            Level::L50m => "50m.bin",
            Level::L10m => "10m.bin",
        }
    }

    /// Bits of the coordinate grid: a unit is split into `2^bits` steps.
    pub fn grid_bits(self) -> u32 {
        match self {
            Level::L110m => 20,
            Level::L50m => 22,
            Level::L10m => 24,
        }
    }

    /// Snaps a unit-square coordinate to this level's grid, exactly as the file stores it.
    pub fn snap(self, c: f64) -> f32 {
        let scale = f64::from(1u32 << self.grid_bits());
        ((c * scale).round() / scale) as f32
    }

    fn code(self) -> u8 {
        match self {
            Level::L110m => 0,
            Level::L50m => 1,
            Level::L10m => 2,
        }
    }
}

/// An axis-aligned box in the unit square (or beyond it for unwrapped features).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bbox {
    pub min_x: f32,
    pub min_y: f32,
    pub max_x: f32,
    pub max_y: f32,
}

impl Default for Bbox {
    fn default() -> Self {
        Bbox::EMPTY
    }
}

impl Bbox {
    /// The box that contains nothing; adding a point makes it that point.
    pub const EMPTY: Bbox = Bbox {
        min_x: f32::INFINITY,
        min_y: f32::INFINITY,
        max_x: f32::NEG_INFINITY,
        max_y: f32::NEG_INFINITY,
    };

    pub fn new(min_x: f32, min_y: f32, max_x: f32, max_y: f32) -> Bbox {
        Bbox {
            min_x,
            min_y,
            max_x,
            max_y,
        }
    }

    /// The smallest box holding all the points.
    pub fn of_points<'a>(points: impl IntoIterator<Item = &'a Pt>) -> Bbox {
        let mut b = Bbox::EMPTY;
        for p in points {
            b.add(*p);
        }
        b
    }

    pub fn is_empty(&self) -> bool {
        !(self.min_x <= self.max_x && self.min_y <= self.max_y)
    }

    /// Grows the box to hold `p`.
    pub fn add(&mut self, p: Pt) {
        self.min_x = self.min_x.min(p[0]);
        self.min_y = self.min_y.min(p[1]);
        self.max_x = self.max_x.max(p[0]);
        self.max_y = self.max_y.max(p[1]);
    }

    pub fn union(self, o: Bbox) -> Bbox {
        Bbox {
            min_x: self.min_x.min(o.min_x),
            min_y: self.min_y.min(o.min_y),
            max_x: self.max_x.max(o.max_x),
            max_y: self.max_y.max(o.max_y),
        }
    }

    /// True when the boxes share at least a point (touching counts).
    pub fn intersects(&self, o: &Bbox) -> bool {
        self.min_x <= o.max_x
            && o.min_x <= self.max_x
            && self.min_y <= o.max_y
            && o.min_y <= self.max_y
    }

    pub fn contains(&self, p: Pt) -> bool {
        self.min_x <= p[0] && p[0] <= self.max_x && self.min_y <= p[1] && p[1] <= self.max_y
    }

    /// The box moved by `dx` along x (a whole-world shift is `±1`).
    pub fn shifted(self, dx: f32) -> Bbox {
        Bbox {
            min_x: self.min_x + dx,
            max_x: self.max_x + dx,
            ..self
        }
    }
}

/// Anything with a bounding box in the unit square.
pub trait HasBbox {
    fn bbox(&self) -> Bbox;
}

/// The items whose box meets `view`, each with the x shift (a whole number of worlds:
/// `0.0`, `-1.0`, `1.0`, ...) at which that copy of it is seen. A view wider than the world
/// yields an item once per visible copy (at most 8 copies).
pub fn visible<'a, T: HasBbox>(
    items: &'a [T],
    view: Bbox,
) -> impl Iterator<Item = (&'a T, f32)> + 'a {
    items.iter().flat_map(move |item| {
        let b = item.bbox();
        let (lo, hi) =
            if b.is_empty() || view.is_empty() || b.max_y < view.min_y || b.min_y > view.max_y {
                (1, 0)
            } else {
                // Shifts k with b.min_x + k <= view.max_x and b.max_x + k >= view.min_x.
                let lo = (view.min_x - b.max_x).ceil();
                let hi = (view.max_x - b.min_x).floor();
                if lo.is_finite() && hi.is_finite() {
                    let lo = lo.clamp(-4.0, 4.0) as i32;
                    let hi = hi.clamp(-4.0, 4.0) as i32;
                    (lo, hi.min(lo + 7))
                } else {
                    (1, 0)
                }
            };
        (lo..=hi).map(move |k| (item, k as f32))
    })
}

/// Point sequences stored end to end: the rings of a polygon or the parts of a line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paths {
    /// All points, path after path.
    pub points: Vec<Pt>,
    /// The end (exclusive index into `points`) of each path, increasing.
    pub ends: Vec<u32>,
}

impl Paths {
    /// Paths from separate point lists.
    pub fn from_paths<I, P>(paths: I) -> Paths
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[Pt]>,
    {
        let mut out = Paths::default();
        for p in paths {
            out.push(p.as_ref());
        }
        out
    }

    /// Appends one path.
    pub fn push(&mut self, path: &[Pt]) {
        self.points.extend_from_slice(path);
        self.ends.push(self.points.len() as u32);
    }

    /// The number of paths.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`-th path.
    pub fn get(&self, i: usize) -> Option<&[Pt]> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 {
            0
        } else {
            *self.ends.get(i - 1)? as usize
        };
        self.points.get(start..end)
    }

    /// The paths in order.
    pub fn iter(&self) -> impl Iterator<Item = &[Pt]> + '_ {
        (0..self.ends.len()).filter_map(move |i| self.get(i))
    }

    pub fn bbox(&self) -> Bbox {
        Bbox::of_points(&self.points)
    }
}

/// One polygon: an outer ring, its holes, and their triangulation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Polygon {
    /// Ring 0 is the outer ring, the others are holes; rings are open.
    pub rings: Paths,
    /// Indices into `rings.points`, three per triangle (earcut, in Mercator space).
    pub triangles: Vec<u32>,
    pub bbox: Bbox,
}

impl Polygon {
    /// A polygon from its rings and triangle indices; computes the box.
    pub fn new(rings: Paths, triangles: Vec<u32>) -> Polygon {
        let bbox = rings.bbox();
        Polygon {
            rings,
            triangles,
            bbox,
        }
    }

    /// Signed-free area of the rings (outer minus holes), in unit-square units.
    pub fn area(&self) -> f64 {
        let mut a = 0.0;
        for (i, r) in self.rings.iter().enumerate() {
            let ra = ring_area(r).abs();
            if i == 0 { a += ra } else { a -= ra }
        }
        a
    }

    /// Total area of the triangles, in unit-square units.
    pub fn triangle_area(&self) -> f64 {
        let pts = &self.rings.points;
        let get = |i: u32| {
            pts.get(i as usize)
                .map(|p| [f64::from(p[0]), f64::from(p[1])])
        };
        self.triangles
            .chunks_exact(3)
            .filter_map(|t| {
                let (a, b, c) = (get(t[0])?, get(t[1])?, get(t[2])?);
                Some(((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0)
            })
            .sum()
    }
}

/// Shoelace area of an open ring (positive when counter-clockwise in x-right, y-up axes).
pub fn ring_area(r: &[Pt]) -> f64 {
    let n = r.len();
    let mut a = 0.0;
    for i in 0..n {
        let p = r[i];
        let q = r[(i + 1) % n];
        a += f64::from(p[0]) * f64::from(q[1]) - f64::from(q[0]) * f64::from(p[1]);
    }
    a / 2.0
}

/// A point known by its coordinates and by its Mercator position.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GeoPoint {
    pub lon: f32,
    pub lat: f32,
    /// [`mercator`] of `(lon, lat)`.
    pub pos: Pt,
}

impl GeoPoint {
    /// The point at `(lon, lat)`, rounded to `f32`; `pos` is computed from the rounded
    /// values, so a point read back from a file equals the one written.
    pub fn new(lon: f64, lat: f64) -> GeoPoint {
        let (lon, lat) = (lon as f32, lat as f32);
        let [x, y] = mercator(f64::from(lon), f64::from(lat));
        GeoPoint {
            lon,
            lat,
            pos: [x as f32, y as f32],
        }
    }
}

/// A country or map unit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Country {
    /// Unique code of the unit: Natural Earth's ADM0_A3 (`IRQ`, `FRA`, `CYN`), or `GAZ` and
    /// `WEB` for Gaza and the West Bank.
    pub code: String,
    /// ISO 3166-1 alpha-2 code (`IQ`; `PS` for both Palestinian units; `XK` Kosovo), or
    /// [`Country::code`] when there is none (`CYN`, `SOL`).
    pub iso_a2: String,
    pub name_en: String,
    /// French name (falls back to the English one when Natural Earth has none).
    pub name_fr: String,
    /// Where to put the label (Natural Earth LABEL_X/LABEL_Y).
    pub label: GeoPoint,
    /// Natural Earth LABELRANK: 1 for the largest countries .. 10.
    pub label_rank: u8,
    /// Natural Earth MIN_LABEL: the zoom from which the label is meant to show.
    pub min_label: f32,
    /// Natural Earth MAPCOLOR7, `1..=7`: neighbours differ.
    pub color: u8,
    /// Empty for a unit too small for this level (label only).
    pub polygons: Vec<Polygon>,
    pub bbox: Bbox,
}

impl Country {
    /// True when `code` is this unit's [`Country::code`] or [`Country::iso_a2`] (ASCII case
    /// ignored): `"IQ"` and `"IRQ"` both name Iraq, `"PS"` names Gaza and the West Bank.
    pub fn is(&self, code: &str) -> bool {
        self.iso_a2.eq_ignore_ascii_case(code) || self.code.eq_ignore_ascii_case(code)
    }

    /// Area of the polygons, in unit-square units.
    pub fn area(&self) -> f64 {
        self.polygons.iter().map(Polygon::area).sum()
    }

    /// The box of the unit's home part: its largest polygon and the polygons near it
    /// (within the largest one's own width and height), so France is metropolitan France
    /// with Corsica, not a box from French Guiana to Réunion. The label point's box for a
    /// label-only unit.
    pub fn home_bbox(&self) -> Bbox {
        let largest = self
            .polygons
            .iter()
            .map(|p| (p.area(), p.bbox))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((_, main)) = largest else {
            return Bbox::of_points(&[self.label.pos]);
        };
        let (w, h) = (main.max_x - main.min_x, main.max_y - main.min_y);
        let near = Bbox::new(
            main.min_x - w,
            main.min_y - h,
            main.max_x + w,
            main.max_y + h,
        );
        self.polygons
            .iter()
            .filter(|p| p.bbox.intersects(&near))
            .fold(main, |b, p| b.union(p.bbox))
    }
}

/// What a disputed area is, after Natural Earth's `featurecla`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum DisputeKind {
    /// Claimed by another country.
    #[default]
    Claim = 0,
    /// Breakaway or disputed region (Abkhazia, Transnistria, ...).
    Breakaway = 1,
    /// Undetermined sovereignty.
    Indeterminate = 2,
    /// Leased territory (Guantanamo, Baikonur).
    Lease = 3,
    /// An overlay (an area drawn over another country).
    Overlay = 4,
}

/// A disputed area (Natural Earth 4.0 10m, simplified at 50m and 110m).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DisputedArea {
    /// Natural Earth BRK_A3.
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    pub kind: DisputeKind,
    pub polygons: Vec<Polygon>,
    pub bbox: Bbox,
}

/// What a land border is, after Natural Earth's `featurecla`; draw all but
/// `International` dashed or dotted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum BorderKind {
    /// An agreed international boundary.
    #[default]
    International = 0,
    /// A disputed boundary.
    Disputed = 1,
    /// An indefinite boundary, or an "elusive frontier".
    Indefinite = 2,
    /// A line of control (Kashmir).
    LineOfControl = 3,
    /// The edge of a breakaway region.
    Breakaway = 4,
    /// The edge of a claim.
    Claim = 5,
    /// A reference line.
    Reference = 6,
    /// Anything else (lease limits, ...).
    Other = 7,
}

/// A land border.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Border {
    pub kind: BorderKind,
    /// Natural Earth scalerank (0 most important; 0 when unknown).
    pub rank: u8,
    pub parts: Paths,
    pub bbox: Bbox,
}

/// A coastline, a river or an admin-1 boundary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// The river's name; empty for other lines.
    pub name: String,
    /// Natural Earth scalerank (0 most important; 0 when unknown).
    pub rank: u8,
    pub parts: Paths,
    pub bbox: Bbox,
}

/// What kind of water a lake is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum LakeKind {
    #[default]
    Lake = 0,
    Alkaline = 1,
    Reservoir = 2,
}

/// A lake or reservoir.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lake {
    pub name: String,
    pub kind: LakeKind,
    /// Natural Earth scalerank (0 for the Caspian .. 12 for ponds).
    pub rank: u8,
    pub polygons: Vec<Polygon>,
    pub bbox: Bbox,
}

/// Everything drawn at one level of detail, in drawing order from the bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelData {
    pub level: Level,
    pub countries: Vec<Country>,
    pub disputed: Vec<DisputedArea>,
    pub lakes: Vec<Lake>,
    pub rivers: Vec<Line>,
    pub coastlines: Vec<Line>,
    pub admin1: Vec<Line>,
    pub borders: Vec<Border>,
}

impl LevelData {
    /// An empty level.
    pub fn new(level: Level) -> LevelData {
        LevelData {
            level,
            countries: Vec::new(),
            disputed: Vec::new(),
            lakes: Vec::new(),
            rivers: Vec::new(),
            coastlines: Vec::new(),
            admin1: Vec::new(),
            borders: Vec::new(),
        }
    }

    /// The country with this unit code (`IRQ`, `GAZ`).
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// The units a code names, ISO alpha-2 or unit code (see [`Country::is`]).
    pub fn units<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Country> + 'a {
        self.countries.iter().filter(move |c| c.is(code))
    }

    /// The binary form described in the module documentation.
    pub fn to_bytes(&self) -> Vec<u8> {
        codec::encode_level(self)
    }

    /// Reads the binary form; `level` is the level the caller expects.
    pub fn from_bytes(bytes: &[u8], level: Level) -> Result<LevelData, FormatProblem> {
        codec::decode_level(bytes, level)
    }

    /// Reads one level's file.
    pub fn load(path: &Path, level: Level) -> Result<LevelData, BasemapError> {
        let bytes = read(path)?;
        LevelData::from_bytes(&bytes, level).map_err(|problem| BasemapError::Format {
            path: path.to_path_buf(),
            problem,
        })
    }
}

/// Whether a place is a capital.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum Capital {
    #[default]
    No = 0,
    /// A national capital (Natural Earth "Admin-0 capital" and "capital alt").
    National = 1,
    /// The capital of a territory within a country (Natural Earth "Admin-0 region
    /// capital": Ramallah, Hong Kong, Nuuk).
    Territory = 2,
    /// A first-level division's capital.
    Admin1 = 3,
}

/// A populated place (Natural Earth 10m populated places).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlaceLabel {
    pub name_en: String,
    /// French name (falls back to the English one).
    pub name_fr: String,
    pub point: GeoPoint,
    /// Natural Earth SCALERANK: 0 (world cities) .. 10.
    pub scalerank: u8,
    /// Natural Earth LABELRANK.
    pub labelrank: u8,
    /// Natural Earth min_zoom: the zoom from which the place is meant to show.
    pub min_zoom: f32,
    /// Natural Earth POP_MAX.
    pub population: u32,
    pub capital: Capital,
    /// Natural Earth ADM0_A3 of the country.
    pub country: String,
    pub geonameid: Option<u32>,
}

/// What a named feature is, after Natural Earth's `featurecla`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum FeatureKind {
    Ocean = 0,
    Sea = 1,
    Gulf = 2,
    Bay = 3,
    Strait = 4,
    Channel = 5,
    Sound = 6,
    Fjord = 7,
    Lagoon = 8,
    Reef = 9,
    /// Other marine names (inlets, river mouths, generic).
    MarineOther = 10,
    Continent = 20,
    /// A named region ("geoarea": Sahel, Kurdistan, ...).
    Region = 21,
    Desert = 22,
    Range = 23,
    Plateau = 24,
    Plain = 25,
    Basin = 26,
    Valley = 27,
    Depression = 28,
    Delta = 29,
    Peninsula = 30,
    Cape = 31,
    Isthmus = 32,
    Coast = 33,
    Island = 34,
    IslandGroup = 35,
    Lowland = 36,
    Wetlands = 37,
    Tundra = 38,
    Foothills = 39,
    Gorge = 40,
    Waterfall = 41,
    Pole = 42,
    #[default]
    Other = 63,
}

impl FeatureKind {
    /// Seas, gulfs, straits and other water names.
    pub fn is_marine(self) -> bool {
        (self as u8) < 20
    }
}

/// A named marine or physical feature: one label point.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeatureLabel {
    pub name_en: String,
    /// French name (falls back to the English one).
    pub name_fr: String,
    pub kind: FeatureKind,
    pub point: GeoPoint,
    /// Natural Earth scalerank: 0 for the oceans .. 6 or more.
    pub scalerank: u8,
    /// Natural Earth min_label / max_label: the zoom range the label is meant for.
    pub min_label: f32,
    pub max_label: f32,
}

/// The labels shared by all levels (`maps/labels.bin`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Labels {
    pub places: Vec<PlaceLabel>,
    /// Marine features first (oceans, seas, ...), then physical regions.
    pub features: Vec<FeatureLabel>,
}

impl Labels {
    pub fn to_bytes(&self) -> Vec<u8> {
        codec::encode_labels(self)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Labels, FormatProblem> {
        codec::decode_labels(bytes)
    }

    /// Reads `labels.bin`.
    pub fn load(path: &Path) -> Result<Labels, BasemapError> {
        let bytes = read(path)?;
        Labels::from_bytes(&bytes).map_err(|problem| BasemapError::Format {
            path: path.to_path_buf(),
            problem,
        })
    }
}

macro_rules! impl_bbox {
    ($($t:ty),*) => {$(
        impl HasBbox for $t {
            fn bbox(&self) -> Bbox {
                self.bbox
            }
        }
    )*};
}
impl_bbox!(Polygon, Country, DisputedArea, Border, Line, Lake);

impl HasBbox for PlaceLabel {
    fn bbox(&self) -> Bbox {
        Bbox::of_points(&[self.point.pos])
    }
}

impl HasBbox for FeatureLabel {
    fn bbox(&self) -> Bbox {
        Bbox::of_points(&[self.point.pos])
    }
}

/// The basemap: 110m and 50m always, 10m once loaded, and the labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Basemap {
    pub l110m: LevelData,
    pub l50m: LevelData,
    /// `None` until [`Basemap::load_level`]`(dir, Level::L10m)` is handed in.
    pub l10m: Option<LevelData>,
    pub labels: Labels,
}

/// The name of the shared label file in `maps/`.
pub const LABELS_FILE: &str = "labels.bin";

impl Basemap {
    /// Loads 110m, 50m and the labels from `dir` (usually [`Basemap::maps_dir`]).
    pub fn load(dir: &Path) -> Result<Basemap, BasemapError> {
        Ok(Basemap {
            l110m: Basemap::load_level(dir, Level::L110m)?,
            l50m: Basemap::load_level(dir, Level::L50m)?,
            l10m: None,
            labels: Labels::load(&dir.join(LABELS_FILE))?,
        })
    }

    /// Loads one level from `dir`; meant for 10m on a background thread, whose result
    /// goes to [`Basemap::insert`].
    pub fn load_level(dir: &Path, level: Level) -> Result<LevelData, BasemapError> {
        LevelData::load(&dir.join(level.file_name()), level)
    }

    /// Puts a loaded level in place (replacing the one there).
    pub fn insert(&mut self, data: LevelData) {
        match data.level {
            Level::L110m => self.l110m = data,
            Level::L50m => self.l50m = data,
            Level::L10m => self.l10m = Some(data),
        }
    }

    /// The level's data if it is loaded.
    pub fn level(&self, level: Level) -> Option<&LevelData> {
        match level {
            Level::L110m => Some(&self.l110m),
            Level::L50m => Some(&self.l50m),
            Level::L10m => self.l10m.as_ref(),
        }
    }

    /// Loads `level` from `dir` unless it is already there (blocking: for the command
    /// line and tests; the app loads 10m on a thread with [`Basemap::load_level`]).
    pub fn ensure_level(&mut self, dir: &Path, level: Level) -> Result<&LevelData, BasemapError> {
        if self.level(level).is_none() {
            self.insert(Basemap::load_level(dir, level)?);
        }
        Ok(self.level(level).unwrap_or(&self.l50m))
    }

    /// The box (unit square) of the home part of the country or countries a code names
    /// (ISO alpha-2 like `"IQ"`, or a unit code like `"IRQ"`), from the 50m level; see
    /// [`Country::home_bbox`]. `None` for an unknown code.
    pub fn country_box(&self, code: &str) -> Option<Bbox> {
        self.l50m
            .units(code)
            .map(Country::home_bbox)
            .reduce(Bbox::union)
    }

    /// Where to label the country a code names, as unit-square `(x, y)`: the exact unit
    /// code first, else the matching unit with the best label rank and then the largest
    /// area (the West Bank for `"PS"`).
    pub fn country_label_point(&self, code: &str) -> Option<(f64, f64)> {
        let d = &self.l50m;
        let c = d
            .countries
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
            .or_else(|| {
                d.units(code).min_by(|a, b| {
                    a.label_rank
                        .cmp(&b.label_rank)
                        .then(b.area().total_cmp(&a.area()))
                })
            })?;
        Some((f64::from(c.label.pos[0]), f64::from(c.label.pos[1])))
    }

    /// The data to draw at `zoom`: [`Level::for_zoom`], or 50m while 10m is not loaded.
    pub fn for_zoom(&self, zoom: f64) -> &LevelData {
        self.level(Level::for_zoom(zoom)).unwrap_or(&self.l50m)
    }

    /// Finds `maps/`: `$DATELINE_MAPS`, then `maps/` next to the executable or one of its
    /// four parent folders, then the source tree's `maps/`.
    pub fn maps_dir() -> Result<PathBuf, BasemapError> {
        let probe = Level::L110m.file_name();
        let mut looked = Vec::new();
        if let Some(p) = std::env::var_os("DATELINE_MAPS") {
            let p = PathBuf::from(p);
            if p.join(probe).is_file() {
                return Ok(p);
            }
            looked.push(p.display().to_string());
        }
        if let Ok(exe) = std::env::current_exe() {
            for dir in exe.ancestors().skip(1).take(4) {
                let p = dir.join("maps");
                if p.join(probe).is_file() {
                    return Ok(p);
                }
                looked.push(p.display().to_string());
            }
        }
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
        if p.join(probe).is_file() {
            return Ok(p);
        }
        looked.push(p.display().to_string());
        Err(BasemapError::NoMaps {
            looked: looked.join(", "),
        })
    }
}

fn read(path: &Path) -> Result<Vec<u8>, BasemapError> {
    std::fs::read(path).map_err(|source| BasemapError::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests;
