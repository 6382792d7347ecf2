//! Builds the gazetteer (`assets/gazetteer.bin`) from the raw sources in `../shared/data`
//! and the project's curated layer (`assets/curated/`).
//!
//! Order of the layers, and what each contributes:
//! 1. countries: GeoNames country info, names from i18n-iso-countries (78 languages, we
//!    index the Latin-script ones we read: en fr es de it pt nl), Natural Earth (short, long
//!    and formal names, per-language names) and the language-tagged GeoNames names; the
//!    point from `assets/curated/country_points.tsv` (GeoNames / CIA World Factbook
//!    reference points) or else Natural Earth's label point;
//! 2. first-level regions: Natural Earth admin-1 (label point, names, postal codes) joined
//!    to GeoNames admin-1 codes, so cities can point to their region;
//! 3. cities: GeoNames populated places with population >= `--min-population`, their
//!    Latin-script alternate names (untagged, the least trusted) and the language-tagged
//!    exonyms (Bagdad, Mossoul, Téhéran); Natural Earth populated places add names and ranks;
//! 4. airports and military airfields: airportsdata (ICAO/IATA) joined with OurAirports
//!    types; only large/medium airports and military fields are indexed by name, the
//!    others stay available for "the airport of X";
//! 5. physical and marine features from Natural Earth (seas, gulfs, straits, deserts,
//!    ranges, islands, lakes, rivers) and the continents of GeoNames;
//! 6. the curated layer, which wins over the bulk sources: where a curated place has the
//!    same name as a bulk one, both stay, and the curated flag lets the geoparser prefer it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};
use dateline::gazetteer::{Builder, EntityData, EntityId, Kind, NameFlags};
use dateline::text::is_latin_text;
use serde::Deserialize;
use serde_json::Value;

use crate::geom::representative_point;

/// Languages whose country names we index (Latin script, read in news we handle).
const INDEX_LANGS: [&str; 7] = ["en", "fr", "es", "de", "it", "pt", "nl"];
const DISPLAY: [&str; 6] = ["en", "fr", "es", "de", "ar", "ru"];

pub struct Options {
    pub min_population: u32,
}

struct Ctx {
    b: Builder,
    countries: BTreeMap<String, EntityId>,
    /// GeoNames admin-1 code "US.TX" → region entity.
    admin1: BTreeMap<String, EntityId>,
    /// Per country, the best (lowest) Natural Earth label rank of its admin-1 rows.
    admin1_rank: BTreeMap<String, u8>,
    cities: HashMap<u32, EntityId>,
    /// Counts per layer, for the report.
    counts: BTreeMap<&'static str, usize>,
}

fn lang_flag(lang: &str) -> u8 {
    match lang {
        "en" => NameFlags::EN,
        "fr" => NameFlags::FR,
        _ => NameFlags::OTHER_LANG,
    }
}

/// True for an all-capitals abbreviation such as UK, USA, DRC or U.S.
fn is_abbrev(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && letters.len() <= 5
        && letters.iter().all(|c| c.is_uppercase())
        && !name.contains(' ')
}

impl Ctx {
    fn name(&mut self, id: EntityId, name: &str, mut flags: u8) {
        let name = name.trim();
        if name.is_empty() || !is_latin_text(name) || !name.chars().any(char::is_alphabetic) {
            return;
        }
        if is_abbrev(name) {
            flags |= NameFlags::ABBREV;
        }
        self.b.add_name(id, name, flags);
    }

    fn display(&mut self, id: EntityId, lang: &str, name: &str) {
        let name = name.trim();
        if name.is_empty() || !DISPLAY.contains(&lang) {
            return;
        }
        let e = self.b.entity_mut(id);
        if !e.display.iter().any(|(l, _)| l == lang) {
            e.display.push((lang.to_string(), name.to_string()));
        }
    }

    fn count(&mut self, layer: &'static str) {
        *self.counts.entry(layer).or_default() += 1;
    }
}

fn read_json(path: &Path) -> Result<Value> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", path.display()))
}

fn read_csv(path: &Path) -> Result<Vec<HashMap<String, String>>> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("reading {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("parsing {}", path.display()))?;
        let mut m = HashMap::new();
        for (h, v) in headers.iter().zip(rec.iter()) {
            m.insert(h.to_string(), v.to_string());
        }
        rows.push(m);
    }
    Ok(rows)
}

/// Reads a tab-separated file with a header; `#` lines are comments.
fn read_tsv(path: &Path) -> Result<Vec<HashMap<String, String>>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let Some(header) = lines.next() else {
        return Ok(Vec::new());
    };
    let cols: Vec<&str> = header.split('\t').map(str::trim).collect();
    Ok(lines
        .map(|l| {
            cols.iter()
                .zip(l.split('\t').chain(std::iter::repeat("")))
                .map(|(c, v)| (c.to_string(), v.trim().to_string()))
                .collect()
        })
        .collect())
}

fn get<'a>(row: &'a HashMap<String, String>, key: &str) -> &'a str {
    row.get(key).map_or("", |s| s.as_str())
}

fn num(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Language-tagged GeoNames names: key (geonameid, "CC.NN" or "CC") → [(lang, name)].
fn read_l10n(dir: &Path) -> Result<BTreeMap<String, Vec<(String, String)>>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    for p in files {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let Some(lang) = stem.strip_prefix("names_") else {
            continue;
        };
        let text = std::fs::read_to_string(&p)?;
        for line in text.lines().skip(1) {
            if let Some((k, v)) = line.split_once('\t')
                && !v.trim().is_empty()
            {
                out.entry(k.to_string())
                    .or_default()
                    .push((lang.to_string(), v.trim().to_string()));
            }
        }
    }
    Ok(out)
}

pub fn build(
    data: &Path,
    curated: &Path,
    opt: &Options,
) -> Result<(Builder, BTreeMap<&'static str, usize>)> {
    let mut cx = Ctx {
        b: Builder::new(),
        countries: BTreeMap::new(),
        admin1: BTreeMap::new(),
        admin1_rank: BTreeMap::new(),
        cities: HashMap::new(),
        counts: BTreeMap::new(),
    };
    let l10n = read_l10n(&data.join("geonames-l10n"))?;
    countries(&mut cx, data, curated, &l10n)?;
    continents(&mut cx, data)?;
    regions(&mut cx, data, &l10n)?;
    cities(&mut cx, data, &l10n, opt)?;
    airports(&mut cx, data)?;
    physical(&mut cx, data)?;
    curated_layer(&mut cx, curated)?;
    Ok((cx.b, cx.counts))
}

fn countries(
    cx: &mut Ctx,
    data: &Path,
    curated: &Path,
    l10n: &BTreeMap<String, Vec<(String, String)>>,
) -> Result<()> {
    let info = read_json(&data.join("geonames/countries.json"))?;
    let Some(info) = info.as_object() else {
        bail!("geonames/countries.json: expected an object keyed by ISO code");
    };
    // Reference points.
    let mut points: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let cp = curated.join("country_points.tsv");
    if cp.is_file() {
        for row in read_tsv(&cp)? {
            if let (Some(lat), Some(lon)) = (num(get(&row, "lat")), num(get(&row, "lon"))) {
                points.insert(get(&row, "iso2").to_string(), (lat, lon));
            }
        }
    }
    // Natural Earth attributes and label points, keyed by ISO2.
    let mut ne: BTreeMap<String, HashMap<String, String>> = BTreeMap::new();
    for row in read_csv(&data.join("natural-earth/attributes-csv/ne_10m_admin_0_countries.csv"))? {
        let mut iso = get(&row, "ISO_A2").to_string();
        if iso == "-99" || iso.len() != 2 {
            iso = get(&row, "ISO_A2_EH").to_string();
        }
        if iso.len() == 2 && !ne.contains_key(&iso) {
            ne.insert(iso, row);
        }
    }
    let mut labels: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let g = read_json(&data.join("natural-earth/geojson-10m/ne5_countries10.geojson"))?;
    for f in g["features"].as_array().into_iter().flatten() {
        let p = &f["properties"];
        let mut iso = p["ISO_A2"].as_str().unwrap_or("").to_string();
        if iso == "-99" || iso.len() != 2 {
            iso = p["ISO_A2_EH"].as_str().unwrap_or("").to_string();
        }
        if let (Some(x), Some(y)) = (p["LABEL_X"].as_f64(), p["LABEL_Y"].as_f64())
            && iso.len() == 2
        {
            labels.entry(iso).or_insert((y, x));
        }
    }
    // i18n-iso-countries, every language file.
    let mut i18n: BTreeMap<String, Vec<(String, Vec<String>)>> = BTreeMap::new();
    let dir = data.join("countries-i18n/i18n-iso-countries");
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    for p in files {
        let lang = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if lang == "codes" || p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let v = read_json(&p)?;
        for (iso, names) in v["countries"].as_object().into_iter().flatten() {
            let list: Vec<String> = match names {
                Value::String(s) => vec![s.clone()],
                Value::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect(),
                _ => continue,
            };
            i18n.entry(iso.clone())
                .or_default()
                .push((lang.clone(), list));
        }
    }
    for (iso, c) in info {
        let name = c["name"].as_str().unwrap_or(iso);
        let Some(&(lat, lon)) = points.get(iso).or_else(|| labels.get(iso)) else {
            eprintln!("build-assets: no point for country {iso} ({name}), skipped");
            continue;
        };
        let mut e = EntityData::new(Kind::Country, name, lat, lon, &format!("country:{iso}"));
        e.country = iso.clone();
        e.population = c["population"].as_u64().unwrap_or(0).min(u32::MAX as u64) as u32;
        e.geonameid = c["geonameid"].as_u64().map(|v| v as u32);
        e.rank = ne
            .get(iso)
            .and_then(|r| get(r, "LABELRANK").parse::<u8>().ok())
            .unwrap_or(6);
        let id = cx.b.add(e);
        cx.countries.insert(iso.clone(), id);
        cx.count("countries");
        cx.name(id, name, NameFlags::EN | NameFlags::PREFERRED);
        if let Some(row) = ne.get(iso) {
            for l in DISPLAY {
                let v = get(row, &format!("NAME_{}", l.to_uppercase())).to_string();
                cx.display(id, l, &v);
                if INDEX_LANGS.contains(&l) {
                    cx.name(id, &v, lang_flag(l) | NameFlags::PREFERRED);
                }
            }
            for k in [
                "NAME",
                "NAME_LONG",
                "FORMAL_EN",
                "NAME_SORT",
                "BRK_NAME",
                "GEOUNIT",
            ] {
                let v = get(row, k).to_string();
                cx.name(id, &v, NameFlags::EN);
            }
            // Press abbreviations ("Afg.", "Les.") collide with words; keep the capitals
            // ones ("U.S.A.", "U.K.").
            let abbrev = get(row, "ABBREV").to_string();
            if dateline::text::is_all_caps(&abbrev) {
                cx.name(id, &abbrev, NameFlags::EN | NameFlags::ABBREV);
            }
            let fr = get(row, "FORMAL_FR").to_string();
            cx.name(id, &fr, NameFlags::FR);
            for v in get(row, "NAME_ALT").split('|') {
                cx.name(id, v, NameFlags::EN);
            }
        }
        for (lang, list) in i18n.get(iso).into_iter().flatten() {
            if !INDEX_LANGS.contains(&lang.as_str()) && !DISPLAY.contains(&lang.as_str()) {
                continue;
            }
            for (k, n) in list.iter().enumerate() {
                if k == 0 {
                    cx.display(id, lang, n);
                }
                if INDEX_LANGS.contains(&lang.as_str()) {
                    let pref = if k == 0 { NameFlags::PREFERRED } else { 0 };
                    cx.name(id, n, lang_flag(lang) | pref);
                }
            }
        }
        for (lang, n) in l10n.get(iso).into_iter().flatten() {
            cx.display(id, lang, n);
            if INDEX_LANGS.contains(&lang.as_str()) {
                cx.name(id, n, lang_flag(lang));
            }
        }
    }
    Ok(())
}

fn continents(cx: &mut Ctx, data: &Path) -> Result<()> {
    let v = read_json(&data.join("geonames/continents.json"))?;
    for (code, c) in v.as_object().into_iter().flatten() {
        let (Some(lat), Some(lon)) = (
            c["lat"].as_str().and_then(num),
            c["lng"].as_str().and_then(num),
        ) else {
            continue;
        };
        let name = c["toponymName"].as_str().unwrap_or(code);
        let mut e = EntityData::new(
            Kind::Continent,
            name,
            lat,
            lon,
            &format!("continent:{code}"),
        );
        e.geonameid = c["geonameId"].as_u64().map(|v| v as u32);
        e.population = c["population"].as_u64().unwrap_or(0).min(u32::MAX as u64) as u32;
        e.rank = 0;
        let id = cx.b.add(e);
        cx.count("continents");
        cx.name(id, name, NameFlags::EN | NameFlags::PREFERRED);
        for n in c["alternateNames"].as_array().into_iter().flatten() {
            let (Some(lang), Some(s)) = (n["lang"].as_str(), n["name"].as_str()) else {
                continue;
            };
            if n["isPreferredName"].as_bool().unwrap_or(false)
                || n["isShortName"].as_bool().unwrap_or(false)
            {
                cx.display(id, lang, s);
            }
            if INDEX_LANGS.contains(&lang) {
                cx.name(id, s, lang_flag(lang));
            }
        }
    }
    Ok(())
}

fn regions(
    cx: &mut Ctx,
    data: &Path,
    l10n: &BTreeMap<String, Vec<(String, String)>>,
) -> Result<()> {
    let gn: Value = read_json(&data.join("geonames/admin1.json"))?;
    let mut gn_names: BTreeMap<String, String> = BTreeMap::new();
    for r in gn.as_array().into_iter().flatten() {
        if let (Some(c), Some(n)) = (r["code"].as_str(), r["name"].as_str()) {
            gn_names.insert(c.to_string(), n.to_string());
        }
    }
    let country_names: BTreeSet<String> = cx
        .countries
        .values()
        .map(|&id| dateline::text::name_key(&cx.b.entity(id).main_name))
        .collect();
    for row in
        read_csv(&data.join("natural-earth/attributes-csv/ne_10m_admin_1_states_provinces.csv"))?
    {
        let iso = get(&row, "iso_a2").to_string();
        let (Some(lat), Some(lon)) = (num(get(&row, "latitude")), num(get(&row, "longitude")))
        else {
            continue;
        };
        let name = get(&row, "name").to_string();
        if name.is_empty() || iso.len() != 2 {
            continue;
        }
        // Natural Earth gives some countries' second level (French departments, Philippine
        // provinces) with the code of a GeoNames *first*-level region that is another
        // place (department 53, Mayenne, carries FR.53, which is Brittany). Such a row
        // takes the region's code, names and parent role only when it is that region.
        let gn_code = get(&row, "gn_a1_code").to_string();
        let code = if get(&row, "gn_level") == "1"
            || gn_names
                .get(&gn_code)
                .is_some_and(|gn| same_region_name(gn, &[&name, get(&row, "gn_name")]))
        {
            gn_code
        } else {
            String::new()
        };
        let src = match get(&row, "iso_3166_2") {
            "" | "-99" => format!("ne-admin1:{}", get(&row, "adm1_code")),
            s => format!("admin1:{s}"),
        };
        let mut e = EntityData::new(Kind::Region, &name, lat, lon, &src);
        e.country = iso.clone();
        e.rank = get(&row, "labelrank").parse::<u8>().unwrap_or(8);
        let best = cx.admin1_rank.entry(iso.clone()).or_insert(e.rank);
        *best = (*best).min(e.rank);
        e.geonameid = get(&row, "gn_id").parse::<u32>().ok().filter(|&v| v > 0);
        let id = cx.b.add(e);
        cx.count("regions");
        if code.len() > 3 && !cx.admin1.contains_key(&code) {
            cx.admin1.insert(code.clone(), id);
        }
        cx.name(id, &name, NameFlags::PREFERRED);
        for l in DISPLAY {
            let v = get(&row, &format!("name_{l}")).to_string();
            cx.display(id, l, &v);
            if INDEX_LANGS.contains(&l) {
                cx.name(id, &v, lang_flag(l));
            }
        }
        for l in ["it", "pt", "nl"] {
            let v = get(&row, &format!("name_{l}")).to_string();
            cx.name(id, &v, NameFlags::OTHER_LANG);
        }
        // Natural Earth's aliases repeat parent names at times: drop country names.
        for v in get(&row, "name_alt").split('|') {
            if !country_names.contains(&dateline::text::name_key(v)) {
                let flags = if v.len() <= 3 { NameFlags::CODE } else { 0 };
                cx.name(id, v, flags);
            }
        }
        if let Some(n) = gn_names.get(&code) {
            let n = n.clone();
            cx.name(id, &n, 0);
        }
        for (lang, n) in l10n.get(&code).into_iter().flatten() {
            cx.display(id, lang, n);
            if INDEX_LANGS.contains(&lang.as_str()) {
                cx.name(id, n, lang_flag(lang));
            }
        }
        // Postal codes (TX, ON, NSW) and press abbreviations (Tex., Calif.) only count
        // in "City, ST" position.
        let postal = get(&row, "postal");
        if !postal.is_empty() && matches!(iso.as_str(), "US" | "CA" | "AU" | "BR" | "MX" | "IN") {
            let p = postal.to_string();
            cx.b.add_name(id, &p, NameFlags::CODE | NameFlags::ABBREV);
        }
        let abbrev = get(&row, "abbrev");
        if abbrev.ends_with('.') {
            let a = abbrev.to_string();
            cx.b.add_name(id, &a, NameFlags::CODE);
        }
    }
    Ok(())
}

/// Whether a GeoNames region name and one of a Natural Earth row's names name the same
/// region: equal once normalized, or one within the other ("Brussels" and "Brussels
/// Capital").
fn same_region_name(gn: &str, names: &[&str]) -> bool {
    let g = dateline::text::name_key(gn);
    !g.is_empty()
        && names.iter().any(|n| {
            let n = dateline::text::name_key(n);
            !n.is_empty() && (n == g || n.contains(&g) || g.contains(&n))
        })
}

#[derive(Deserialize)]
struct GnCity {
    geonameid: u32,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u64,
    #[serde(default)]
    admin1code: Option<String>,
    #[serde(default)]
    alternatenames: Vec<String>,
}

fn cities(
    cx: &mut Ctx,
    data: &Path,
    l10n: &BTreeMap<String, Vec<(String, String)>>,
    opt: &Options,
) -> Result<()> {
    let path = data.join("geonames/cities1000.json.gz");
    let mut s = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?,
    )
    .read_to_string(&mut s)
    .with_context(|| format!("decompressing {}", path.display()))?;
    let all: BTreeMap<String, GnCity> =
        serde_json::from_str(&s).with_context(|| format!("parsing {}", path.display()))?;
    drop(s);
    let mut list: Vec<GnCity> = all.into_values().collect();
    list.sort_by_key(|c| c.geonameid);
    // Natural Earth populated places: names per language, ranks and capitals.
    let ne = read_json(&data.join("natural-earth/geojson-10m/ne4_10m_populated_places.geojson"))?;
    let mut ne_by_gid: HashMap<u32, &Value> = HashMap::new();
    for f in ne["features"].as_array().into_iter().flatten() {
        if let Some(g) = f["properties"]["GEONAMEID"].as_f64()
            && g > 0.0
        {
            ne_by_gid.insert(g as u32, &f["properties"]);
        }
    }
    let info = read_json(&data.join("geonames/countries.json"))?;
    missing_regions(cx, data, &list, l10n)?;
    for c in list {
        let ne_props = ne_by_gid.get(&c.geonameid).copied();
        let tagged = l10n.get(&c.geonameid.to_string());
        // Keep small places only when some source thought them worth a name of their own.
        if (c.population as u32) < opt.min_population && ne_props.is_none() && tagged.is_none() {
            continue;
        }
        let mut e = EntityData::new(
            Kind::City,
            &c.name,
            c.latitude,
            c.longitude,
            &format!("geonames:{}", c.geonameid),
        );
        e.country = c.countrycode.clone();
        e.population = c.population.min(u32::MAX as u64) as u32;
        e.geonameid = Some(c.geonameid);
        if let Some(a1) = c.admin1code.as_deref().filter(|a| !a.is_empty()) {
            e.parent = cx.admin1.get(&format!("{}.{}", c.countrycode, a1)).copied();
        }
        if let Some(p) = ne_props {
            e.rank = p["SCALERANK"].as_f64().map_or(200, |v| v as u8);
            if p["ADM0CAP"].as_f64().unwrap_or(0.0) >= 1.0 {
                e.capital = true;
            }
        }
        let id = cx.b.add(e);
        cx.cities.insert(c.geonameid, id);
        cx.count("cities");
        cx.name(id, &c.name, NameFlags::PREFERRED);
        for a in &c.alternatenames {
            // Codes (IATA, postal) and junk: short all-caps strings, digits.
            let letters = a.chars().filter(|ch| ch.is_alphabetic()).count();
            if letters < 2 || a.chars().any(|ch| ch.is_ascii_digit()) || a.len() > 60 {
                continue;
            }
            if letters <= 3 && dateline::text::is_all_caps(a) {
                continue;
            }
            cx.name(id, a, NameFlags::ALT);
        }
        for (lang, n) in tagged.into_iter().flatten() {
            cx.display(id, lang, n);
            if INDEX_LANGS.contains(&lang.as_str()) {
                cx.name(id, n, lang_flag(lang));
            }
        }
        if let Some(p) = ne_props {
            for l in ["en", "fr", "es", "de", "ru"] {
                let v = p[format!("NAME_{}", l.to_uppercase())]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                cx.display(id, l, &v);
                if INDEX_LANGS.contains(&l) {
                    cx.name(id, &v, lang_flag(l));
                }
            }
            for k in ["NAME", "NAMEASCII", "NAMEPAR"] {
                let v = p[k].as_str().unwrap_or("").to_string();
                cx.name(id, &v, 0);
            }
        }
    }
    // Capitals named by GeoNames country info, where Natural Earth did not mark one.
    for (iso, c) in info.as_object().into_iter().flatten() {
        let Some(cap) = c["capital"].as_str().filter(|s| !s.is_empty()) else {
            continue;
        };
        let key = dateline::text::name_key(cap);
        let best =
            cx.b.entities_iter()
                .filter(|(_, e)| {
                    e.kind == Kind::City
                        && e.country == *iso
                        && dateline::text::name_key(&e.main_name) == key
                })
                .max_by_key(|(_, e)| e.population)
                .map(|(id, _)| id);
        if let Some(id) = best {
            cx.b.entity_mut(id).capital = true;
        }
    }
    Ok(())
}

/// GeoNames first-level regions that Natural Earth has no row for (England, Wallonia,
/// Flanders, Srpska, the French regions...): placed at the population-weighted centre of
/// their cities.
fn missing_regions(
    cx: &mut Ctx,
    data: &Path,
    cities: &[GnCity],
    l10n: &BTreeMap<String, Vec<(String, String)>>,
) -> Result<()> {
    let gn: Value = read_json(&data.join("geonames/admin1.json"))?;
    let mut sums: BTreeMap<String, (f64, f64, f64)> = BTreeMap::new();
    for c in cities {
        if let Some(a1) = c.admin1code.as_deref().filter(|a| !a.is_empty()) {
            let w = (c.population as f64).max(1.0);
            let e = sums.entry(format!("{}.{}", c.countrycode, a1)).or_default();
            e.0 += c.latitude * w;
            e.1 += c.longitude * w;
            e.2 += w;
        }
    }
    let mut rows: Vec<(String, String)> = gn
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            Some((
                r["code"].as_str()?.to_string(),
                r["name"].as_str()?.to_string(),
            ))
        })
        .collect();
    rows.sort();
    for (code, name) in rows {
        if cx.admin1.contains_key(&code) {
            continue;
        }
        let Some(&(la, lo, w)) = sums.get(&code) else {
            continue;
        };
        let iso = code.split('.').next().unwrap_or("").to_string();
        let mut e = EntityData::new(
            Kind::Region,
            &name,
            la / w,
            lo / w,
            &format!("geonames-admin1:{code}"),
        );
        // A first-level region Natural Earth splits into smaller rows (the French
        // regions into departments) ranks above them.
        e.rank = cx
            .admin1_rank
            .get(&iso)
            .map_or(8, |r| r.saturating_sub(1).max(1));
        e.country = iso;
        let id = cx.b.add(e);
        cx.admin1.insert(code.clone(), id);
        cx.count("regions");
        cx.name(id, &name, NameFlags::PREFERRED);
        for (lang, n) in l10n.get(&code).into_iter().flatten() {
            cx.display(id, lang, n);
            if INDEX_LANGS.contains(&lang.as_str()) {
                cx.name(id, n, lang_flag(lang));
            }
        }
    }
    Ok(())
}

fn is_military(name: &str) -> bool {
    let n = name.to_lowercase();
    [
        "air base",
        "airbase",
        "air force",
        " afb",
        "air station",
        "naval air",
        "army air",
        "army airfield",
        "military",
        "naval station",
        "air field (mil",
        "marine corps",
        "joint base",
        "raf ",
        "royal air force",
        "navy ",
    ]
    .iter()
    .any(|p| n.contains(p) || n.starts_with(p.trim_start()))
}

fn airports(cx: &mut Ctx, data: &Path) -> Result<()> {
    let mut oa: HashMap<String, HashMap<String, String>> = HashMap::new();
    for row in read_csv(&data.join("airports/ourairports-iata/airports_iata.csv"))? {
        let iata = get(&row, "iata_code").to_string();
        if !iata.is_empty() {
            oa.insert(iata, row);
        }
    }
    let mut rows = read_csv(&data.join("airports/airportsdata/airports.csv"))?;
    rows.sort_by(|a, b| get(a, "icao").cmp(get(b, "icao")));
    for row in rows {
        let name = get(&row, "name").to_string();
        let iata = get(&row, "iata").to_string();
        let icao = get(&row, "icao").to_string();
        let extra = oa.get(&iata);
        let typ = extra.map_or("", |r| get(r, "type"));
        let military = is_military(&name);
        if iata.is_empty() && !military {
            continue;
        }
        if matches!(typ, "heliport" | "seaplane_base") {
            continue;
        }
        let (Some(lat), Some(lon)) = (num(get(&row, "lat")), num(get(&row, "lon"))) else {
            continue;
        };
        let kind = if military {
            Kind::MilitaryBase
        } else {
            Kind::Airport
        };
        let mut e = EntityData::new(kind, &name, lat, lon, &format!("airport:{icao}"));
        e.country = get(&row, "country").to_string();
        e.rank = match typ {
            "large_airport" => 30,
            "medium_airport" => 60,
            "small_airport" => 120,
            _ if military => 90,
            _ => 150,
        };
        if extra.is_some_and(|r| get(r, "scheduled_service") == "yes") {
            e.rank = e.rank.saturating_sub(10);
        }
        let id = cx.b.add(e);
        cx.count(if military {
            "military airfields"
        } else {
            "airports"
        });
        if matches!(typ, "large_airport" | "medium_airport") || military {
            cx.name(id, &name, NameFlags::EN | NameFlags::PREFERRED);
            if let Some(r) = extra {
                for k in get(r, "keywords").split(',') {
                    let k = k.trim();
                    if k.len() > 4 && !k.chars().all(|c| c.is_uppercase()) {
                        cx.name(id, k, NameFlags::ALT);
                    }
                }
            }
        }
    }
    Ok(())
}

fn physical(cx: &mut Ctx, data: &Path) -> Result<()> {
    // Names per language from the 5.x attribute tables, geometry from the 4.0 GeoJSON;
    // joined on (lower-case name, feature class).
    struct Layer {
        geojson: &'static str,
        csv: &'static str,
        src: &'static str,
    }
    let layers = [
        Layer {
            geojson: "natural-earth/geojson-10m/ne4_10m_geography_marine_polys.geojson",
            csv: "natural-earth/attributes-csv/ne_10m_geography_marine_polys.csv",
            src: "ne-marine",
        },
        Layer {
            geojson: "natural-earth/geojson-10m/ne4_10m_geography_regions_polys.geojson",
            csv: "natural-earth/attributes-csv/ne_10m_geography_regions_polys.csv",
            src: "ne-region",
        },
        Layer {
            geojson: "natural-earth/geojson-10m/ne4_10m_lakes.geojson",
            csv: "natural-earth/attributes-csv/ne_10m_lakes.csv",
            src: "ne-lake",
        },
        Layer {
            geojson: "natural-earth/geojson-10m/ne4_10m_rivers_lake_centerlines.geojson",
            csv: "natural-earth/attributes-csv/ne_10m_rivers_lake_centerlines.csv",
            src: "ne-river",
        },
    ];
    for layer in layers {
        let mut attrs: HashMap<String, HashMap<String, String>> = HashMap::new();
        for row in read_csv(&data.join(layer.csv))? {
            let lower: HashMap<String, String> = row
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v))
                .collect();
            let key = get(&lower, "name").to_lowercase();
            attrs.entry(key).or_insert(lower);
        }
        let g = read_json(&data.join(layer.geojson))?;
        // One entity per (name, class): rivers come in many pieces.
        let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
        for f in g["features"].as_array().into_iter().flatten() {
            let p = &f["properties"];
            let raw = p["name"].as_str().unwrap_or("").trim();
            let class = p["featurecla"].as_str().unwrap_or("").to_lowercase();
            if raw.is_empty() || !seen.insert((raw.to_lowercase(), class.clone())) {
                continue;
            }
            let Some((lat, lon)) = representative_point(&f["geometry"]) else {
                continue;
            };
            let kind = match class.as_str() {
                "strait" | "channel" | "sound" | "inlet" => Kind::Strait,
                "ocean" | "sea" | "gulf" | "bay" | "fjord" | "lagoon" | "generic" | "reef" => {
                    Kind::Sea
                }
                "river"
                | "lake"
                | "lake centerline"
                | "reservoir"
                | "alkaline lake"
                | "lake centerline (intermittent)"
                | "river (intermittent)"
                | "canal" => Kind::Water,
                "continent" => continue,
                _ => Kind::Landform,
            };
            let row = attrs.get(&raw.to_lowercase());
            // Marine names are in capitals in the 4.0 file; the 5.x table has them cased.
            let name = row
                .map(|r| get(r, "name_en"))
                .filter(|s| !s.is_empty())
                .map(String::from)
                .unwrap_or_else(|| title_case(raw));
            let mut e = EntityData::new(kind, &name, lat, lon, &format!("{}:{}", layer.src, name));
            e.rank = p["scalerank"]
                .as_f64()
                .map_or(10, |v| v.clamp(0.0, 20.0) as u8);
            let id = cx.b.add(e);
            cx.count(match kind {
                Kind::Sea | Kind::Strait => "seas and straits",
                Kind::Water => "lakes and rivers",
                _ => "physical regions",
            });
            cx.name(id, &name, NameFlags::EN | NameFlags::PREFERRED);
            if let Some(r) = row {
                for l in DISPLAY {
                    let v = get(r, &format!("name_{l}")).to_string();
                    cx.display(id, l, &v);
                    if INDEX_LANGS.contains(&l) {
                        cx.name(id, &v, lang_flag(l));
                    }
                }
                for alt in [get(r, "namealt"), get(r, "name_alt")] {
                    for v in alt.split('|') {
                        let v = v.to_string();
                        cx.name(id, &v, 0);
                    }
                }
            } else {
                cx.name(id, &title_case(raw), 0);
            }
        }
    }
    Ok(())
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            if matches!(lower.as_str(), "of" | "the" | "and" | "de" | "du" | "la") {
                return lower;
            }
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn curated_layer(cx: &mut Ctx, curated: &Path) -> Result<()> {
    let path = curated.join("places.tsv");
    if !path.is_file() {
        eprintln!(
            "build-assets: {} not found, no curated layer",
            path.display()
        );
        return Ok(());
    }
    for (line, row) in read_tsv(&path)?.into_iter().enumerate() {
        let id_s = get(&row, "id");
        let (Some(kind), Some(lat), Some(lon)) = (
            Kind::parse(get(&row, "kind")),
            num(get(&row, "lat")),
            num(get(&row, "lon")),
        ) else {
            bail!(
                "{}: row {} ({id_s}): bad kind or coordinates",
                path.display(),
                line + 1
            );
        };
        let en = get(&row, "en")
            .split('|')
            .next()
            .unwrap_or(id_s)
            .to_string();
        let mut e = EntityData::new(kind, &en, lat, lon, &format!("curated:{id_s}"));
        e.country = get(&row, "country").to_string();
        e.rank = 20;
        let id = cx.b.add(e);
        cx.count("curated");
        for l in ["en", "fr", "es", "de", "ar", "ru"] {
            for (k, n) in get(&row, l).split('|').enumerate() {
                if k == 0 {
                    cx.display(id, l, n);
                }
                let pref = if k == 0 { NameFlags::PREFERRED } else { 0 };
                cx.name(id, n, lang_flag(l) | pref | NameFlags::CURATED);
            }
        }
        for n in get(&row, "aliases").split('|') {
            cx.name(id, n, NameFlags::CURATED);
        }
    }
    Ok(())
}
