//! The binary form of the basemap files: writer and checked reader.
//!
//! The layout is described in the parent module's documentation; this module holds the
//! exact item layouts:
//!
//! ```text
//! CTRY country  str code, str iso_a2, str name_en, str name_fr, geo label, u8 label_rank,
//!               f32 min_label, u8 color, polygons
//! DISP disputed str code, str name_en, str name_fr, u8 kind, polygons
//! BORD border   u8 kind, u8 rank, paths
//! COST RIVR ADM1 line  str name, u8 rank, paths
//! LAKE lake     str name, u8 kind, u8 rank, polygons
//! PLAC place    str name_en, str name_fr, geo point, u8 scalerank, u8 labelrank,
//!               f32 min_zoom, varint population, u8 capital, str country, varint geonameid (0: none)
//! FEAT feature  str name_en, str name_fr, u8 kind, geo point, u8 scalerank, f32 min_label,
//!               f32 max_label
//! polygons      varint count, then per polygon: paths (its rings), varint index count,
//!               zigzag index deltas
//! paths         varint count, then per path: varint point count, zigzag grid deltas dx dy
//! geo           f32 lon, f32 lat (degrees)
//! ```
//!
//! Every read is bounds-checked; a count is refused when the bytes left cannot hold that
//! many items, so a damaged count never makes a huge allocation.

use thiserror::Error;

use super::{
    Bbox, Border, BorderKind, Capital, Country, DisputeKind, DisputedArea, FeatureKind,
    FeatureLabel, GeoPoint, Labels, Lake, LakeKind, Level, LevelData, Line, Paths, PlaceLabel,
    Polygon,
};

/// The first 8 bytes of every basemap file.
pub const MAGIC: [u8; 8] = *b"DLBASEMP";

/// The version of the binary form this build reads and writes.
pub const FORMAT_VERSION: u16 = 1;

const HEADER_LEN: usize = 32;
const TABLE_ENTRY_LEN: usize = 12;
const KIND_LABELS: u8 = 3;

/// What is wrong with a basemap file.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum FormatProblem {
    #[error("not a Dateline basemap file (wrong magic bytes)")]
    BadMagic,
    #[error("format version {found}, but this build reads version {expected}")]
    Version { found: u16, expected: u16 },
    #[error("holds {found} data where {expected} was expected")]
    WrongKind { found: String, expected: String },
    #[error("truncated: {what}")]
    Truncated { what: String },
    #[error("checksum mismatch: the file is damaged")]
    Checksum,
    #[error("corrupt {section} section: {what}")]
    Corrupt { section: String, what: String },
}

fn kind_name(kind: u8) -> String {
    match kind {
        0 => "110m".into(),
        1 => "50m".into(),
        2 => "10m".into(),
        KIND_LABELS => "labels".into(),
        k => format!("unknown (kind {k})"),
    }
}

/// A 64-bit multiply-xor hash over 8-byte words: fast, and enough to catch damage.
fn checksum(data: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = K ^ (data.len() as u64);
    let mut words = data.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(31);
    }
    let mut last = [0u8; 8];
    let rest = words.remainder();
    last[..rest.len()].copy_from_slice(rest);
    h = (h ^ u64::from_le_bytes(last)).wrapping_mul(K);
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 32)
}

/// The checksum stored at byte 24: covers the header fields after the magic (version,
/// kind, grid, section count, length) and everything after the header.
fn file_checksum(bytes: &[u8]) -> u64 {
    let head = bytes.get(8..24).unwrap_or(&[]);
    let body = bytes.get(HEADER_LEN..).unwrap_or(&[]);
    checksum(head).rotate_left(17) ^ checksum(body)
}

// ---------------------------------------------------------------------------------------
// Writing

struct Writer {
    buf: Vec<u8>,
    cursor: [i64; 2],
    scale: f64,
}

impl Writer {
    fn new(bits: u32) -> Writer {
        Writer {
            buf: Vec::new(),
            cursor: [0, 0],
            scale: f64::from(1u32 << bits),
        }
    }

    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    fn zigzag(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }

    fn count(&mut self, n: usize) {
        self.varint(n as u64);
    }

    fn str(&mut self, s: &str) {
        self.count(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }

    fn geo(&mut self, p: &GeoPoint) {
        self.f32(p.lon);
        self.f32(p.lat);
    }

    fn paths(&mut self, paths: &Paths) {
        self.count(paths.len());
        for path in paths.iter() {
            self.count(path.len());
            for p in path {
                for (axis, c) in p.iter().enumerate() {
                    let q = (f64::from(*c) * self.scale).round() as i64;
                    self.zigzag(q - self.cursor[axis]);
                    self.cursor[axis] = q;
                }
            }
        }
    }

    fn polygons(&mut self, polygons: &[Polygon]) {
        self.count(polygons.len());
        for poly in polygons {
            self.paths(&poly.rings);
            self.count(poly.triangles.len());
            let mut prev = 0i64;
            for &i in &poly.triangles {
                self.zigzag(i64::from(i) - prev);
                prev = i64::from(i);
            }
        }
    }

    /// Writes a section: item count then items.
    fn section<T>(bits: u32, items: &[T], mut item: impl FnMut(&mut Writer, &T)) -> Vec<u8> {
        let mut w = Writer::new(bits);
        w.count(items.len());
        for it in items {
            item(&mut w, it);
        }
        w.buf
    }
}

fn assemble(kind: u8, bits: u32, sections: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    let table_len = sections.len() * TABLE_ENTRY_LEN;
    let total: usize =
        HEADER_LEN + table_len + sections.iter().map(|(_, s)| s.len()).sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(kind);
    out.push(bits as u8);
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    out.extend_from_slice(&(total as u64).to_le_bytes());
    out.extend_from_slice(&[0u8; 8]); // checksum, filled below
    let mut offset = HEADER_LEN + table_len;
    for (tag, body) in &sections {
        out.extend_from_slice(tag);
        out.extend_from_slice(&(offset as u32).to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        offset += body.len();
    }
    for (_, body) in &sections {
        out.extend_from_slice(body);
    }
    let sum = file_checksum(&out);
    out[24..32].copy_from_slice(&sum.to_le_bytes());
    out
}

fn write_line(w: &mut Writer, l: &Line) {
    w.str(&l.name);
    w.u8(l.rank);
    w.paths(&l.parts);
}

pub(super) fn encode_level(d: &LevelData) -> Vec<u8> {
    let bits = d.level.grid_bits();
    let sections = vec![
        (
            *b"CTRY",
            Writer::section(bits, &d.countries, |w, c| {
                w.str(&c.code);
                w.str(&c.iso_a2);
                w.str(&c.name_en);
                w.str(&c.name_fr);
                w.geo(&c.label);
                w.u8(c.label_rank);
                w.f32(c.min_label);
                w.u8(c.color);
                w.polygons(&c.polygons);
            }),
        ),
        (
            *b"DISP",
            Writer::section(bits, &d.disputed, |w, a| {
                w.str(&a.code);
                w.str(&a.name_en);
                w.str(&a.name_fr);
                w.u8(a.kind as u8);
                w.polygons(&a.polygons);
            }),
        ),
        (
            *b"BORD",
            Writer::section(bits, &d.borders, |w, b| {
                w.u8(b.kind as u8);
                w.u8(b.rank);
                w.paths(&b.parts);
            }),
        ),
        (*b"COST", Writer::section(bits, &d.coastlines, write_line)),
        (
            *b"LAKE",
            Writer::section(bits, &d.lakes, |w, l| {
                w.str(&l.name);
                w.u8(l.kind as u8);
                w.u8(l.rank);
                w.polygons(&l.polygons);
            }),
        ),
        (*b"RIVR", Writer::section(bits, &d.rivers, write_line)),
        (*b"ADM1", Writer::section(bits, &d.admin1, write_line)),
    ];
    assemble(d.level.code(), bits, sections)
}

pub(super) fn encode_labels(l: &Labels) -> Vec<u8> {
    let sections = vec![
        (
            *b"PLAC",
            Writer::section(0, &l.places, |w, p| {
                w.str(&p.name_en);
                w.str(&p.name_fr);
                w.geo(&p.point);
                w.u8(p.scalerank);
                w.u8(p.labelrank);
                w.f32(p.min_zoom);
                w.varint(u64::from(p.population));
                w.u8(p.capital as u8);
                w.str(&p.country);
                w.varint(u64::from(p.geonameid.unwrap_or(0)));
            }),
        ),
        (
            *b"FEAT",
            Writer::section(0, &l.features, |w, f| {
                w.str(&f.name_en);
                w.str(&f.name_fr);
                w.u8(f.kind as u8);
                w.geo(&f.point);
                w.u8(f.scalerank);
                w.f32(f.min_label);
                w.f32(f.max_label);
            }),
        ),
    ];
    assemble(KIND_LABELS, 0, sections)
}

// ---------------------------------------------------------------------------------------
// Reading

/// The checked file header and its section table.
struct Container<'a> {
    bits: u32,
    sections: Vec<([u8; 4], &'a [u8])>,
}

fn le_u16(b: &[u8], at: usize) -> u16 {
    let mut a = [0u8; 2];
    if let Some(s) = b.get(at..at + 2) {
        a.copy_from_slice(s);
    }
    u16::from_le_bytes(a)
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    let mut a = [0u8; 4];
    if let Some(s) = b.get(at..at + 4) {
        a.copy_from_slice(s);
    }
    u32::from_le_bytes(a)
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    if let Some(s) = b.get(at..at + 8) {
        a.copy_from_slice(s);
    }
    u64::from_le_bytes(a)
}

fn open(bytes: &[u8], expected_kind: u8) -> Result<Container<'_>, FormatProblem> {
    if bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
        return Err(FormatProblem::BadMagic);
    }
    if bytes.len() < HEADER_LEN {
        return Err(FormatProblem::Truncated {
            what: format!(
                "{} bytes, shorter than the {HEADER_LEN}-byte header",
                bytes.len()
            ),
        });
    }
    let version = le_u16(bytes, 8);
    if version != FORMAT_VERSION {
        return Err(FormatProblem::Version {
            found: version,
            expected: FORMAT_VERSION,
        });
    }
    let kind = bytes[10];
    if kind != expected_kind {
        return Err(FormatProblem::WrongKind {
            found: kind_name(kind),
            expected: kind_name(expected_kind),
        });
    }
    let bits = u32::from(bytes[11]);
    if expected_kind == KIND_LABELS && bits != 0 {
        return Err(FormatProblem::Corrupt {
            section: "header".into(),
            what: format!("label file with a {bits}-bit grid"),
        });
    }
    let count = le_u32(bytes, 12) as usize;
    let total = le_u64(bytes, 16);
    if total != bytes.len() as u64 {
        return Err(FormatProblem::Truncated {
            what: format!("{} bytes where the header announces {total}", bytes.len()),
        });
    }
    if file_checksum(bytes) != le_u64(bytes, 24) {
        return Err(FormatProblem::Checksum);
    }
    let corrupt = |what: String| FormatProblem::Corrupt {
        section: "table".into(),
        what,
    };
    if bits > 28 {
        return Err(corrupt(format!("coordinate grid of {bits} bits")));
    }
    let table_end = count
        .checked_mul(TABLE_ENTRY_LEN)
        .and_then(|n| n.checked_add(HEADER_LEN))
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| corrupt(format!("{count} sections do not fit in the file")))?;
    let mut sections = Vec::with_capacity(count);
    for i in 0..count {
        let at = HEADER_LEN + i * TABLE_ENTRY_LEN;
        let mut tag = [0u8; 4];
        tag.copy_from_slice(&bytes[at..at + 4]);
        let off = le_u32(bytes, at + 4) as usize;
        let len = le_u32(bytes, at + 8) as usize;
        let body = off
            .checked_add(len)
            .filter(|_| off >= table_end)
            .and_then(|end| bytes.get(off..end))
            .ok_or_else(|| {
                corrupt(format!(
                    "section {} lies outside the file",
                    String::from_utf8_lossy(&tag)
                ))
            })?;
        sections.push((tag, body));
    }
    Ok(Container { bits, sections })
}

impl<'a> Container<'a> {
    fn section(&self, tag: &[u8; 4]) -> Reader<'a> {
        let data = self
            .sections
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, b)| *b)
            .unwrap_or(&[]);
        Reader {
            data,
            pos: 0,
            cursor: [0, 0],
            inv: 1.0 / f64::from(1u32 << self.bits),
            limit: 4i64 << self.bits,
            tag: *tag,
        }
    }
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    cursor: [i64; 2],
    inv: f64,
    /// Largest grid coordinate accepted (four worlds), to reject nonsense early.
    limit: i64,
    tag: [u8; 4],
}

type R<T> = Result<T, FormatProblem>;

impl<'a> Reader<'a> {
    fn err(&self, what: impl Into<String>) -> FormatProblem {
        FormatProblem::Corrupt {
            section: String::from_utf8_lossy(&self.tag).into_owned(),
            what: format!("{} at byte {}", what.into(), self.pos),
        }
    }

    fn left(&self) -> usize {
        self.data.len() - self.pos
    }

    fn u8(&mut self) -> R<u8> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or_else(|| self.err("unexpected end"))?;
        self.pos += 1;
        Ok(b)
    }

    fn f32(&mut self) -> R<f32> {
        let s = self
            .data
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.err("unexpected end"))?;
        let mut a = [0u8; 4];
        a.copy_from_slice(s);
        self.pos += 4;
        let v = f32::from_le_bytes(a);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(self.err("non-finite number"))
        }
    }

    #[inline]
    fn varint(&mut self) -> R<u64> {
        // Fast path: one byte.
        if let Some(&b) = self.data.get(self.pos)
            && b < 0x80
        {
            self.pos += 1;
            return Ok(u64::from(b));
        }
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self
                .data
                .get(self.pos)
                .ok_or_else(|| self.err("unexpected end"))?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(self.err("varint too long"))
    }

    #[inline]
    fn zigzag(&mut self) -> R<i64> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    /// A count of items that take at least `min_bytes` each.
    fn count(&mut self, min_bytes: usize) -> R<usize> {
        let n = self.varint()?;
        let n = usize::try_from(n).map_err(|_| self.err("count too large"))?;
        if n.saturating_mul(min_bytes.max(1)) > self.left() {
            return Err(self.err(format!("count {n} larger than the bytes left")));
        }
        Ok(n)
    }

    fn str(&mut self) -> R<String> {
        let n = self.count(1)?;
        let s = &self.data[self.pos..self.pos + n];
        let s = std::str::from_utf8(s).map_err(|_| self.err("string not UTF-8"))?;
        self.pos += n;
        Ok(s.to_owned())
    }

    fn geo(&mut self) -> R<GeoPoint> {
        let lon = f64::from(self.f32()?);
        let lat = f64::from(self.f32()?);
        if !(-540.0..=540.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            return Err(self.err(format!("point ({lon}, {lat}) out of range")));
        }
        Ok(GeoPoint::new(lon, lat))
    }

    fn paths(&mut self) -> R<Paths> {
        let n = self.count(1)?;
        let mut out = Paths {
            points: Vec::new(),
            ends: Vec::with_capacity(n),
        };
        for _ in 0..n {
            let m = self.count(2)?;
            out.points.reserve(m);
            for _ in 0..m {
                let dx = self.zigzag()?;
                let dy = self.zigzag()?;
                let x = self.cursor[0].wrapping_add(dx);
                let y = self.cursor[1].wrapping_add(dy);
                if x.abs() > self.limit || y.abs() > self.limit {
                    return Err(self.err("coordinate out of range"));
                }
                self.cursor = [x, y];
                out.points
                    .push([(x as f64 * self.inv) as f32, (y as f64 * self.inv) as f32]);
            }
            let end = u32::try_from(out.points.len()).map_err(|_| self.err("too many points"))?;
            out.ends.push(end);
        }
        Ok(out)
    }

    fn polygons(&mut self) -> R<Vec<Polygon>> {
        let n = self.count(2)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let rings = self.paths()?;
            let k = self.count(1)?;
            if k % 3 != 0 {
                return Err(self.err(format!("{k} triangle indices, not a multiple of 3")));
            }
            let npts = rings.points.len() as i64;
            let mut triangles = Vec::with_capacity(k);
            let mut prev = 0i64;
            for _ in 0..k {
                let i = prev.wrapping_add(self.zigzag()?);
                if !(0..npts).contains(&i) {
                    return Err(self.err(format!("triangle index {i} outside 0..{npts}")));
                }
                triangles.push(i as u32);
                prev = i;
            }
            out.push(Polygon::new(rings, triangles));
        }
        Ok(out)
    }

    fn items<T>(&mut self, min_bytes: usize, mut item: impl FnMut(&mut Self) -> R<T>) -> R<Vec<T>> {
        let n = self.count(min_bytes)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(item(self)?);
        }
        if self.pos != self.data.len() {
            return Err(self.err("trailing bytes"));
        }
        Ok(out)
    }

    fn line(&mut self) -> R<Line> {
        let name = self.str()?;
        let rank = self.u8()?;
        let parts = self.paths()?;
        let bbox = parts.bbox();
        Ok(Line {
            name,
            rank,
            parts,
            bbox,
        })
    }
}

fn union(polygons: &[Polygon]) -> Bbox {
    polygons.iter().fold(Bbox::EMPTY, |b, p| b.union(p.bbox))
}

pub(super) fn decode_level(bytes: &[u8], level: Level) -> Result<LevelData, FormatProblem> {
    let c = open(bytes, level.code())?;
    if c.bits != level.grid_bits() {
        return Err(FormatProblem::Corrupt {
            section: "header".into(),
            what: format!(
                "grid of {} bits, {} uses {}",
                c.bits,
                level.name(),
                level.grid_bits()
            ),
        });
    }
    let countries = c.section(b"CTRY").items(12, |r| {
        let code = r.str()?;
        let iso_a2 = r.str()?;
        let name_en = r.str()?;
        let name_fr = r.str()?;
        let label = r.geo()?;
        let label_rank = r.u8()?;
        let min_label = r.f32()?;
        let color = r.u8()?;
        let polygons = r.polygons()?;
        let bbox = if polygons.is_empty() {
            Bbox::of_points(&[label.pos])
        } else {
            union(&polygons)
        };
        Ok(Country {
            code,
            iso_a2,
            name_en,
            name_fr,
            label,
            label_rank,
            min_label,
            color,
            polygons,
            bbox,
        })
    })?;
    let disputed = c.section(b"DISP").items(5, |r| {
        let code = r.str()?;
        let name_en = r.str()?;
        let name_fr = r.str()?;
        let kind = match r.u8()? {
            0 => DisputeKind::Claim,
            1 => DisputeKind::Breakaway,
            2 => DisputeKind::Indeterminate,
            3 => DisputeKind::Lease,
            4 => DisputeKind::Overlay,
            k => return Err(r.err(format!("unknown dispute kind {k}"))),
        };
        let polygons = r.polygons()?;
        let bbox = union(&polygons);
        Ok(DisputedArea {
            code,
            name_en,
            name_fr,
            kind,
            polygons,
            bbox,
        })
    })?;
    let borders = c.section(b"BORD").items(3, |r| {
        let kind = match r.u8()? {
            0 => BorderKind::International,
            1 => BorderKind::Disputed,
            2 => BorderKind::Indefinite,
            3 => BorderKind::LineOfControl,
            4 => BorderKind::Breakaway,
            5 => BorderKind::Claim,
            6 => BorderKind::Reference,
            7 => BorderKind::Other,
            k => return Err(r.err(format!("unknown border kind {k}"))),
        };
        let rank = r.u8()?;
        let parts = r.paths()?;
        let bbox = parts.bbox();
        Ok(Border {
            kind,
            rank,
            parts,
            bbox,
        })
    })?;
    let coastlines = c.section(b"COST").items(3, Reader::line)?;
    let lakes = c.section(b"LAKE").items(4, |r| {
        let name = r.str()?;
        let kind = match r.u8()? {
            0 => LakeKind::Lake,
            1 => LakeKind::Alkaline,
            2 => LakeKind::Reservoir,
            k => return Err(r.err(format!("unknown lake kind {k}"))),
        };
        let rank = r.u8()?;
        let polygons = r.polygons()?;
        let bbox = union(&polygons);
        Ok(Lake {
            name,
            kind,
            rank,
            polygons,
            bbox,
        })
    })?;
    let rivers = c.section(b"RIVR").items(3, Reader::line)?;
    let admin1 = c.section(b"ADM1").items(3, Reader::line)?;
    Ok(LevelData {
        level,
        countries,
        disputed,
        lakes,
        rivers,
        coastlines,
        admin1,
        borders,
    })
}

fn feature_kind(k: u8) -> Option<FeatureKind> {
    use FeatureKind::*;
    Some(match k {
        0 => Ocean,
        1 => Sea,
        2 => Gulf,
        3 => Bay,
        4 => Strait,
        5 => Channel,
        6 => Sound,
        7 => Fjord,
        8 => Lagoon,
        9 => Reef,
        10 => MarineOther,
        20 => Continent,
        21 => Region,
        22 => Desert,
        23 => Range,
        24 => Plateau,
        25 => Plain,
        26 => Basin,
        27 => Valley,
        28 => Depression,
        29 => Delta,
        30 => Peninsula,
        31 => Cape,
        32 => Isthmus,
        33 => Coast,
        34 => Island,
        35 => IslandGroup,
        36 => Lowland,
        37 => Wetlands,
        38 => Tundra,
        39 => Foothills,
        40 => Gorge,
        41 => Waterfall,
        42 => Pole,
        63 => Other,
        _ => return None,
    })
}

pub(super) fn decode_labels(bytes: &[u8]) -> Result<Labels, FormatProblem> {
    let c = open(bytes, KIND_LABELS)?;
    let places = c.section(b"PLAC").items(12, |r| {
        let name_en = r.str()?;
        let name_fr = r.str()?;
        let point = r.geo()?;
        let scalerank = r.u8()?;
        let labelrank = r.u8()?;
        let min_zoom = r.f32()?;
        let population = u32::try_from(r.varint()?).map_err(|_| r.err("population too large"))?;
        let capital = match r.u8()? {
            0 => Capital::No,
            1 => Capital::National,
            2 => Capital::Territory,
            3 => Capital::Admin1,
            k => return Err(r.err(format!("unknown capital kind {k}"))),
        };
        let country = r.str()?;
        let id = u32::try_from(r.varint()?).map_err(|_| r.err("geonameid too large"))?;
        Ok(PlaceLabel {
            name_en,
            name_fr,
            point,
            scalerank,
            labelrank,
            min_zoom,
            population,
            capital,
            country,
            geonameid: (id != 0).then_some(id),
        })
    })?;
    let features = c.section(b"FEAT").items(14, |r| {
        let name_en = r.str()?;
        let name_fr = r.str()?;
        let k = r.u8()?;
        let kind = feature_kind(k).ok_or_else(|| r.err(format!("unknown feature kind {k}")))?;
        let point = r.geo()?;
        let scalerank = r.u8()?;
        let min_label = r.f32()?;
        let max_label = r.f32()?;
        Ok(FeatureLabel {
            name_en,
            name_fr,
            kind,
            point,
            scalerank,
            min_label,
            max_label,
        })
    })?;
    Ok(Labels { places, features })
}

#[cfg(test)]
pub(super) fn file_checksum_for_tests(bytes: &[u8]) -> u64 {
    file_checksum(bytes)
}
