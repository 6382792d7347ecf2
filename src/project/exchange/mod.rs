//! Data exchange with GIS tools and spreadsheets: GeoJSON, CSV and KML out; GeoJSON and
//! CSV in.
//!
//! # Columns
//!
//! Events are written as ACLED writes them, one record per event and place (an event at
//! two places is two points), with the columns `event_id`, `event_date`, `time_precision`,
//! `event_type`, `actor1`, `actor2`, `location`, `latitude`, `longitude`, `geo_precision`,
//! `country`, `source`, `notes`, and Dateline's own: `date_precision` (day, month, year,
//! range, unknown), `end_date`, `title`, `summary`, `feature` (`event`, `place` or
//! `drawing`), `place_id`, `place_kind`, `gazetteer_ref`, `category` and `sources_count`
//! (independent sources, see [`super::merge`]). Dates
//! are ISO 8601 of what is known (`2020-01-08`, `2020-01`, `--01-08` when the year is
//! unknown). ACLED's codes: `time_precision` 1 a day, 2 a range of up to a week, 3 anything
//! vaguer; `geo_precision` 1 a town or a site, 2 a region, area or sea, 3 a country.
//! `event_type` is Dateline's type code (`missile_strike`), which is finer than ACLED's six
//! types. GeoJSON properties also keep the full actors and sources (with their claims) as
//! arrays, so GeoJSON round-trips what CSV flattens. Places carry `marker-color` (the
//! simplestyle convention geojson.io, uMap and GitHub read) from their style or category,
//! and the collection lists the categories (a `categories` foreign member) for a legend.
//!
//! # Import
//!
//! Reading produces an [`Imported`] (places, events and sources with ids of its own) that
//! [`super::edit::Edit::Import`] merges into a project as one undoable edit: a place with
//! the same gazetteer reference, or the same name at the same point, is reused; sources
//! are matched by name; an event identical to one already there (type, date, places,
//! title) is skipped, so importing a file twice adds nothing the second time. A record is
//! an event when it says so (`feature` = `event`) or has an `event_type` or `event_date`;
//! other points are places, named by `name` (or `title`, `label`, `location`), of the kind
//! `place_kind` (or `kind`, as other tools write it) when it is one Dateline knows, in
//! `country` if given. Geometries other than points, and rows without coordinates, are
//! counted in [`Imported::skipped`].
//!
//! Neither evidence spans nor the documents' text travel: exports are for maps and tables,
//! the `.dateline` file is the lossless form.

pub mod csv;
pub mod geojson;
pub mod kml;

use std::path::Path;

use thiserror::Error;

use super::edit::{EditError, Tx};
use super::{Actor, Category, Claim, Event, Place, PlaceKind, Project, Source, SourceRef, When};
use crate::document::{PartialDate, Precision};
use crate::text::name_key;

/// A data export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// Places and events (and drawings) as a FeatureCollection.
    GeoJson,
    /// One row per event and place, ACLED's columns first.
    EventsCsv,
    /// One row per place.
    PlacesCsv,
    /// Places and events as KML placemarks.
    Kml,
}

impl DataFormat {
    /// Every format, in menu order.
    pub const ALL: [DataFormat; 4] = [
        DataFormat::GeoJson,
        DataFormat::EventsCsv,
        DataFormat::PlacesCsv,
        DataFormat::Kml,
    ];

    /// The format of an output file by its extension; `places` picks the places table for
    /// `.csv`. `None` for an extension no format has.
    pub fn for_path(path: &Path, places: bool) -> Option<DataFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "geojson" | "json" => DataFormat::GeoJson,
            "csv" if places => DataFormat::PlacesCsv,
            "csv" => DataFormat::EventsCsv,
            "kml" => DataFormat::Kml,
            _ => return None,
        })
    }

    /// The file extension, without the dot.
    pub fn ext(self) -> &'static str {
        match self {
            DataFormat::GeoJson => "geojson",
            DataFormat::EventsCsv | DataFormat::PlacesCsv => "csv",
            DataFormat::Kml => "kml",
        }
    }

    /// What the format holds, for menus.
    pub fn label(self) -> &'static str {
        match self {
            DataFormat::GeoJson => "GeoJSON (places and events)",
            DataFormat::EventsCsv => "CSV of events (ACLED columns)",
            DataFormat::PlacesCsv => "CSV of places",
            DataFormat::Kml => "KML (Google Earth)",
        }
    }

    /// A file name to suggest, from the project's name.
    pub fn file_name(self, stem: &str) -> String {
        match self {
            DataFormat::EventsCsv => format!("{stem}-events.csv"),
            DataFormat::PlacesCsv => format!("{stem}-places.csv"),
            _ => format!("{stem}.{}", self.ext()),
        }
    }

    /// The project in this format; `title` names a KML document.
    pub fn export(self, project: &Project, title: &str) -> String {
        match self {
            DataFormat::GeoJson => geojson::export(project),
            DataFormat::EventsCsv => csv::export_events(project),
            DataFormat::PlacesCsv => csv::export_places(project),
            DataFormat::Kml => kml::export(project, title),
        }
    }

    /// Writes the project in this format to `path`, atomically.
    pub fn write(
        self,
        project: &Project,
        title: &str,
        path: &Path,
    ) -> Result<(), super::file::FileError> {
        let text = self.export(project, title);
        super::file::write_atomically(path, |w| w.write_all(text.as_bytes()))
    }
}

/// Why a file could not be imported or exported; the message names the file.
#[derive(Debug, Error)]
pub enum ExchangeError {
    #[error("{name}: cannot read: {source}")]
    Read {
        name: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{name}: not GeoJSON: {message}")]
    GeoJson { name: String, message: String },
    #[error("{name}: line {line}: {message}")]
    Csv {
        name: String,
        line: u64,
        message: String,
    },
    #[error("{name}: {message}")]
    Invalid { name: String, message: String },
    #[error("{name}: unknown format (expected .geojson, .json or .csv)")]
    UnknownFormat { name: String },
}

/// Places, events and sources read from a file, with ids of their own (events refer to
/// these places and sources). Merge them with [`super::edit::Edit::Import`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub places: Vec<Place>,
    pub events: Vec<Event>,
    pub sources: Vec<Source>,
    pub categories: Vec<Category>,
    /// Records that were not points or had no usable coordinates.
    pub skipped: usize,
}

impl Imported {
    /// The id of the imported place named `name` at (lat, lon), added when new.
    pub(crate) fn place_at(
        &mut self,
        name: &str,
        kind: PlaceKind,
        lat: f64,
        lon: f64,
        country: Option<String>,
        gazetteer_ref: Option<String>,
    ) -> u32 {
        let found = self
            .places
            .iter()
            .find(|p| match (&gazetteer_ref, &p.gazetteer_ref) {
                (Some(a), Some(b)) => a == b,
                _ => p.name == name && same_point(&p.point, &super::LatLon { lat, lon }),
            });
        if let Some(p) = found {
            return p.id;
        }
        let id = self.places.len() as u32;
        self.places.push(Place {
            id,
            name: name.to_string(),
            names: Vec::new(),
            kind,
            point: super::LatLon { lat, lon },
            country,
            gazetteer_ref,
            rank: 128,
            resolution: super::Resolution::Manual,
            category: None,
            style: None,
        });
        id
    }

    /// The id of the imported source named `name`, added when new.
    pub(crate) fn source(&mut self, name: &str, kind: &str) -> u32 {
        let key = name_key(name);
        if let Some(s) = self.sources.iter().find(|s| name_key(&s.name) == key) {
            return s.id;
        }
        let id = self.sources.len() as u32;
        self.sources.push(Source {
            id,
            name: name.to_string(),
            kind: if kind.is_empty() { "unknown" } else { kind }.to_string(),
            doc: None,
        });
        id
    }

    /// The id of the imported category named `name`, added when new.
    pub(crate) fn category(&mut self, name: &str, color: Option<&str>) -> u32 {
        if let Some(c) = self.categories.iter().find(|c| c.name == name) {
            return c.id;
        }
        let id = self.categories.len() as u32;
        let color = color
            .filter(|c| super::edit::is_color(c))
            .unwrap_or("#7f8c8d");
        self.categories.push(Category {
            id,
            name: name.to_string(),
            color: color.to_string(),
        });
        id
    }
}

/// Reads a GeoJSON (`.geojson`, `.json`) or CSV (`.csv`, `.tsv`) file.
pub fn import_file(path: &Path) -> Result<Imported, ExchangeError> {
    let name = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let text = std::fs::read_to_string(path).map_err(|source| ExchangeError::Read {
        name: name.clone(),
        source,
    })?;
    match ext.as_deref() {
        Some("geojson" | "json") => geojson::import(&text, &name),
        Some("csv") => csv::import(&text, &name, b','),
        Some("tsv") => csv::import(&text, &name, b'\t'),
        _ => Err(ExchangeError::UnknownFormat { name }),
    }
}

/// What every export derives from an event, whatever its place (computed once per event,
/// in [`event_facts`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Facts {
    /// ACLED's actor1 and actor2 ([`actor_pair`]).
    pub actor1: String,
    pub actor2: String,
    /// [`time_precision`] of the event's date.
    pub time_precision: u8,
    /// The event's source names ([`source_names`]).
    pub source: String,
    /// The event's independent sources ([`Project::independent_sources`]).
    pub sources_count: usize,
}

/// The [`Facts`] of an event.
pub(crate) fn event_facts(p: &Project, e: &Event) -> Facts {
    let (actor1, actor2) = actor_pair(e);
    Facts {
        actor1,
        actor2,
        time_precision: time_precision(e.when),
        source: source_names(p, e),
        sources_count: p.independent_sources(e),
    }
}

/// One ACLED-style record: an event at one of its places, with the values every export
/// derives from them (computed once, in [`event_rows`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row<'p> {
    pub event: &'p Event,
    pub place: &'p Place,
    pub facts: Facts,
    /// The place's point as exports write it ([`coord`]).
    pub latitude: f64,
    pub longitude: f64,
    /// [`geo_precision`] of the place's kind.
    pub geo_precision: u8,
}

/// The events none of whose places is in the project (an announcement with no place):
/// GeoJSON keeps them as features without a geometry; tables and KML, which need a point,
/// leave them out.
pub(crate) fn unlocated_events(p: &Project) -> impl Iterator<Item = &Event> {
    p.events
        .iter()
        .filter(|e| !e.places.iter().any(|&id| p.place(id).is_some()))
}

/// ACLED's `time_precision`: 1 a day, 2 up to a week, 3 vaguer.
pub(crate) fn time_precision(when: Option<When>) -> u8 {
    let Some(w) = when else { return 3 };
    match crate::events::precision_name(Some(w)) {
        "day" => 1,
        "range" => {
            let day =
                |d: &PartialDate| Some(crate::events::dates::day_number(d.year?, d.month?, d.day?));
            match (day(&w.start), w.end.as_ref().and_then(day)) {
                (Some(a), Some(b)) if (b - a).abs() <= 7 => 2,
                _ => 3,
            }
        }
        _ => 3,
    }
}

/// ACLED's `geo_precision`: 1 a town or site, 2 a region or area, 3 a country.
pub(crate) fn geo_precision(kind: PlaceKind) -> u8 {
    match kind {
        PlaceKind::Country => 3,
        PlaceKind::Region | PlaceKind::Area | PlaceKind::Sea | PlaceKind::Strait => 2,
        _ => 1,
    }
}

/// ACLED's actor1 and actor2: the first agent and the first target (or the first two
/// actors when roles say nothing).
pub(crate) fn actor_pair(e: &Event) -> (String, String) {
    let by = |role: &str| e.actors.iter().find(|a| a.role == role);
    let a1 = by("agent").or_else(|| e.actors.first());
    let a2 = by("target").or_else(|| {
        e.actors
            .iter()
            .find(|a| Some(a.name.as_str()) != a1.map(|x| x.name.as_str()))
    });
    let name = |a: Option<&Actor>| a.map(|a| a.name.clone()).unwrap_or_default();
    (name(a1), name(a2))
}

/// The names of an event's sources, `; `-separated as ACLED writes them, each once.
pub(crate) fn source_names(p: &Project, e: &Event) -> String {
    let mut names: Vec<&str> = Vec::new();
    for r in &e.sources {
        if let Some(s) = p.sources.iter().find(|s| s.id == r.source)
            && !names.contains(&s.name.as_str())
        {
            names.push(&s.name);
        }
    }
    names.join("; ")
}

/// The category of a place: its name and colour.
pub(crate) fn category_of<'p>(p: &'p Project, place: &Place) -> Option<&'p Category> {
    let c = place.category?;
    p.categories.iter().find(|x| x.id == c)
}

/// The colour of a pin: its own, else its category's.
pub(crate) fn pin_color<'p>(p: &'p Project, place: &'p Place) -> Option<&'p str> {
    place
        .style
        .as_ref()
        .and_then(|s| s.color.as_deref())
        .or_else(|| category_of(p, place).map(|c| c.color.as_str()))
}

/// The places a map of the project shows (those live mentions or the user keep), with
/// their live mention counts.
pub(crate) fn exported_places(p: &Project) -> Vec<(&Place, usize)> {
    p.visible_places().map(|(_, pl, n)| (pl, n)).collect()
}

/// Every event at each of its places.
pub(crate) fn event_rows(p: &Project) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for e in &p.events {
        let places: Vec<&Place> = e.places.iter().filter_map(|&id| p.place(id)).collect();
        if places.is_empty() {
            continue;
        }
        let facts = event_facts(p, e);
        for place in places {
            rows.push(Row {
                event: e,
                place,
                facts: facts.clone(),
                latitude: coord(place.point.lat),
                longitude: coord(place.point.lon),
                geo_precision: geo_precision(place.kind),
            });
        }
    }
    rows
}

/// The name of a date's precision, as in the `date_precision` column.
pub(crate) fn date_precision(when: Option<When>) -> &'static str {
    crate::events::precision_name(when)
}

/// Parses an event date as exports write it (ISO 8601 of what is known) or as ACLED
/// writes it ("08 January 2020").
pub(crate) fn parse_event_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(d) = PartialDate::parse(s) {
        return Some(d);
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [d, m, y] = parts[..] else { return None };
    let m = m.to_ascii_lowercase();
    let month = MONTHS
        .iter()
        .position(|x| *x == m || (m.len() >= 3 && x.starts_with(&m)))?;
    PartialDate::ymd(y.parse().ok()?, month as u8 + 1, d.parse().ok()?)
}

/// The `When` of an imported record: its start and optional end.
pub(crate) fn when_of(start: Option<&str>, end: Option<&str>) -> Option<When> {
    let start = parse_event_date(start?)?;
    let end = end.and_then(parse_event_date).filter(|e| *e != start);
    Some(When { start, end })
}

/// The place kind named `s`, or `None`.
pub(crate) fn place_kind(s: &str) -> Option<PlaceKind> {
    PlaceKind::ALL
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
}

/// A claim named `s` (reported when unknown).
pub(crate) fn claim(s: &str) -> Claim {
    match s.trim() {
        "claimed" => Claim::Claimed,
        "denied" => Claim::Denied,
        "confirmed" => Claim::Confirmed,
        _ => Claim::Reported,
    }
}

pub(crate) fn claim_name(c: Claim) -> &'static str {
    match c {
        Claim::Reported => "reported",
        Claim::Claimed => "claimed",
        Claim::Denied => "denied",
        Claim::Confirmed => "confirmed",
    }
}

/// A coordinate as exports write it: rounded to 1e-7 degree (about a centimetre), so that
/// the gazetteer's single-precision points read as written (25.1173, not
/// 25.117300033569336). Imports match points within [`SAME_POINT`].
pub(crate) fn coord(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

/// Two points closer than this (degrees, on both axes) are the same point on import.
pub const SAME_POINT: f64 = 1e-6;

pub(crate) fn same_point(a: &super::LatLon, b: &super::LatLon) -> bool {
    (a.lat - b.lat).abs() < SAME_POINT && (a.lon - b.lon).abs() < SAME_POINT
}

/// Whether a coordinate pair is a point on Earth.
pub(crate) fn on_earth(lat: f64, lon: f64) -> bool {
    lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
}

/// Merges an import into the project inside an edit (see the module doc).
pub(crate) fn merge_imported(tx: &mut Tx, i: Imported) -> Result<(), EditError> {
    // Categories by name.
    let mut cat_ids = std::collections::HashMap::new();
    for c in &i.categories {
        let id = match tx.project().categories.iter().find(|x| x.name == c.name) {
            Some(x) => x.id,
            None => {
                let id = tx.next_id::<Category>();
                tx.put(Category { id, ..c.clone() });
                id
            }
        };
        cat_ids.insert(c.id, id);
    }
    let mut place_ids = std::collections::HashMap::new();
    for pl in &i.places {
        if !on_earth(pl.point.lat, pl.point.lon) {
            return Err(EditError::Invalid(format!(
                "place {:?} is not on Earth ({}, {})",
                pl.name, pl.point.lat, pl.point.lon
            )));
        }
        let existing =
            tx.project()
                .places
                .iter()
                .find(|x| match (&pl.gazetteer_ref, &x.gazetteer_ref) {
                    (Some(a), Some(b)) => a == b,
                    _ => name_key(&x.name) == name_key(&pl.name) && same_point(&x.point, &pl.point),
                });
        let id = match existing {
            Some(x) => x.id,
            None => {
                let id = tx.next_id::<Place>();
                tx.put(Place {
                    id,
                    category: pl.category.and_then(|c| cat_ids.get(&c).copied()),
                    ..pl.clone()
                });
                id
            }
        };
        place_ids.insert(pl.id, id);
    }
    let mut source_ids = std::collections::HashMap::new();
    for s in &i.sources {
        let key = name_key(&s.name);
        let id = match tx
            .project()
            .sources
            .iter()
            .find(|x| name_key(&x.name) == key)
        {
            Some(x) => x.id,
            None => {
                let id = tx.next_id::<Source>();
                tx.put(Source {
                    id,
                    doc: None,
                    ..s.clone()
                });
                id
            }
        };
        source_ids.insert(s.id, id);
    }
    for e in &i.events {
        let places: Vec<u32> = e
            .places
            .iter()
            .filter_map(|p| place_ids.get(p).copied())
            .collect();
        let sources: Vec<SourceRef> = e
            .sources
            .iter()
            .filter_map(|r| {
                Some(SourceRef {
                    source: *source_ids.get(&r.source)?,
                    claim: r.claim,
                    via: None,
                })
            })
            .collect();
        let same_places = |x: &Event| {
            x.places.len() == places.len() && places.iter().all(|p| x.places.contains(p))
        };
        if tx
            .project()
            .events
            .iter()
            .any(|x| x.kind == e.kind && x.when == e.when && x.title == e.title && same_places(x))
        {
            continue;
        }
        let id = tx.next_id::<Event>();
        tx.put(Event {
            id,
            places,
            sources,
            evidence: Vec::new(),
            ..e.clone()
        });
    }
    Ok(())
}

/// Whether a date is known to the day (for KML's `TimeStamp`, which needs a year).
pub(crate) fn xml_date(d: &PartialDate) -> Option<String> {
    d.year?;
    match d.precision() {
        Precision::Unknown => None,
        _ => Some(d.to_iso()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acled_dates() {
        assert_eq!(
            parse_event_date("08 January 2020"),
            PartialDate::ymd(2020, 1, 8)
        );
        assert_eq!(parse_event_date("2020-01-08"), PartialDate::ymd(2020, 1, 8));
        assert_eq!(
            parse_event_date("--01-08"),
            PartialDate::new(None, Some(1), Some(8))
        );
        assert_eq!(parse_event_date("8 Smarch 2020"), None);
        assert_eq!(parse_event_date(""), None);
    }

    #[test]
    fn precision_codes() {
        let w = |s: &str, e: Option<&str>| when_of(Some(s), e);
        assert_eq!(time_precision(w("2020-01-08", None)), 1);
        assert_eq!(time_precision(w("2020-01-06", Some("2020-01-10"))), 2);
        assert_eq!(time_precision(w("2020-01-01", Some("2020-01-31"))), 3);
        assert_eq!(time_precision(w("2020-01", None)), 3);
        assert_eq!(time_precision(None), 3);
        assert_eq!(geo_precision(PlaceKind::MilitaryBase), 1);
        assert_eq!(geo_precision(PlaceKind::Country), 3);
    }
}
